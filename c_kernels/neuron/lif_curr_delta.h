/* LIF with delta synapses (NEST iaf_psc_delta): an input of weight w [mV]
 * arriving at time T moves V(T) by w, after the step's exact propagation:
 *   V' = v_rest + p22 (V - v_rest) + p20 (i_offset + i_ext) + sum of weights
 * Inputs arriving while refractory are discarded.  The host stores delays one
 * step shorter for this model, so an input lands in the step that ends at its
 * arrival time (see spynn/models/neurons.py, delay_offset_ticks). */
#ifndef LIF_CURR_DELTA_H
#define LIF_CURR_DELTA_H
#include "fixed_point.h"
#include "lif_common.h"
#include "spynn_layout.h"

typedef lif_curr_delta_params_t neuron_params_t;
typedef lif_curr_delta_state_t neuron_state_t;
#include "delta_inputs.h"

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    /* inputs while refractory are lost; the next tick's neuron_add_input replaces them */
    return LIF_STEP(p, s, s1615_add(p->i_offset, i_ext), s1615_sub(s->jump_exc, s->jump_inh));
}

#endif

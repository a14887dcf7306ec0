/* Izhikevich (2003) neuron, integrated as NEST's izhikevich does it (forward
 * Euler from the values at the start of the step), in n_substeps sub-steps:
 *   v += h (0.04 v^2 + 5 v + 140 - u + I) (+ this step's input jumps, in the last sub-step)
 *   u += h a (b v - u)
 *   v >= 30 mV: v = c, u += d, spike
 * I = 1000 (i_offset + injected current) [nA -> pA], PyNN's NEST/Brian2 scaling.
 * As for delta synapses, the host stores delays one step shorter, so an input
 * moves V in the step that ends at its arrival (see lif_curr_delta.h). */
#ifndef IZHIKEVICH_H
#define IZHIKEVICH_H
#include "izhikevich_common.h"
#include "spynn_layout.h"

typedef izhikevich_params_t neuron_params_t;
typedef izhikevich_state_t neuron_state_t;

static inline void neuron_add_input(neuron_state_t *s, s1615 exc, s1615 inh) {
    s->jump = s1615_sub(exc, inh);
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    int spiked = 0;
    /* 1000 * I: I [nA] times 1000 fits s16.15 for |I| < 65 nA */
    s1615 i_eq = (s1615)((int64_t)s1615_add(p->i_offset, i_ext) * 1000);
    for (uint32_t k = 0; k < p->n_substeps; k++) /* inputs arrive at the step's end */
        spiked |= IZK_SUBSTEP(p, &s->v, &s->u, i_eq, k + 1 == p->n_substeps ? s->jump : 0);
    s->jump = 0;
    return spiked;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s->u; }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->jump; }
#endif

/* IF_curr_delta with sPyNNaker's Ca2+-activated adaptation current (IFCurrDeltaCa2Adaptive):
 * the membrane and delta inputs of lif_curr_delta.h, and I_Ca2 as in lif_curr_exp_ca2.h
 * (decays with tau_ca2, every spike adds i_alpha, subtracted from the input, integrated
 * exactly):
 *   V' = v_rest + p22 (V - v_rest) + p20 (i_offset + i_ext) - p21_ca2 I_Ca2 + sum of weights */
#ifndef LIF_CURR_DELTA_CA2_H
#define LIF_CURR_DELTA_CA2_H
#include "fixed_point.h"
#include "lif_common.h"
#include "spynn_layout.h"

typedef lif_curr_delta_ca2_params_t neuron_params_t;
typedef lif_curr_delta_ca2_state_t neuron_state_t;
#include "delta_inputs.h"

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    s1615 syn = s1615_sub(s1615_sub(s->jump_exc, s->jump_inh), s1615_mul(s->i_ca2, p->p21_ca2));
    int spiked = LIF_STEP(p, s, s1615_add(p->i_offset, i_ext), syn);
    s->i_ca2 = s1615_decay_carried(s->i_ca2, &s->i_ca2_frac, p->ca2_decay);
    if (spiked) s->i_ca2 = s1615_add(s->i_ca2, p->i_alpha);
    return spiked;
}
#endif

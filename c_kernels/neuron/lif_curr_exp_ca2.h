/* IF_curr_exp with sPyNNaker's Ca2+-activated adaptation current (IFCurrExpCa2Adaptive):
 * I_Ca2 decays with tau_ca2, every spike adds i_alpha, and it is subtracted from
 * the neuron's input.  Like the synaptic currents it is integrated exactly:
 *   V' = v_rest + p22 (V - v_rest) + p20 (i_offset + i_ext)
 *        + p21_exc I_exc - p21_inh I_inh - p21_ca2 I_Ca2 */
#ifndef LIF_CURR_EXP_CA2_H
#define LIF_CURR_EXP_CA2_H
#include "fixed_point.h"
#include "lif_common.h"
#include "spynn_layout.h"

typedef lif_curr_exp_ca2_params_t neuron_params_t;
typedef lif_curr_exp_ca2_state_t neuron_state_t;

static inline void neuron_add_input(neuron_state_t *s, s1615 exc, s1615 inh) {
    s->isyn_exc = s1615_add(s->isyn_exc, exc);
    s->isyn_inh = s1615_add(s->isyn_inh, inh);
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    const int64_t syn30 = (int64_t)s->isyn_exc * p->p21_exc - (int64_t)s->isyn_inh * p->p21_inh -
                          (int64_t)s->i_ca2 * p->p21_ca2; /* 2^-30 mV */
    int spiked = LIF_STEP30(p, s, s1615_add(p->i_offset, i_ext), syn30);
    s->isyn_exc = s1615_decay_carried(s->isyn_exc, &s->exc_frac, p->exc_decay);
    s->isyn_inh = s1615_decay_carried(s->isyn_inh, &s->inh_frac, p->inh_decay);
    s->i_ca2 = s1615_decay_carried(s->i_ca2, &s->i_ca2_frac, p->ca2_decay);
    if (spiked) s->i_ca2 = s1615_add(s->i_ca2, p->i_alpha);
    return spiked;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s->isyn_exc; }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->isyn_inh; }
#endif

/* IF_curr_exp with two excitatory synapse types (sPyNNaker's IF_curr_dual_exp):
 * receptors 0 'excitatory', 1 'inhibitory', 2 'excitatory2' (tau_syn_E2), each an
 * exponentially decaying current integrated exactly (see lif_curr_exp.h). */
#ifndef LIF_CURR_DUAL_EXP_H
#define LIF_CURR_DUAL_EXP_H
#include "fixed_point.h"
#include "lif_common.h"
#include "spynn_layout.h"

typedef lif_curr_dual_exp_params_t neuron_params_t;
typedef lif_curr_dual_exp_state_t neuron_state_t;

#define NEURON_N_SYNAPSE_TYPES 3

static inline void neuron_add_inputs(neuron_state_t *s, const s1615 *input) {
    s->isyn_exc = s1615_add(s->isyn_exc, input[0]);
    s->isyn_inh = s1615_add(s->isyn_inh, input[1]);
    s->isyn_exc2 = s1615_add(s->isyn_exc2, input[2]);
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    const int64_t syn30 = (int64_t)s->isyn_exc * p->p21_exc + (int64_t)s->isyn_exc2 * p->p21_exc2 -
                          (int64_t)s->isyn_inh * p->p21_inh; /* 2^-30 mV */
    int spiked = LIF_STEP30(p, s, s1615_add(p->i_offset, i_ext), syn30);
    s->isyn_exc = s1615_decay_carried(s->isyn_exc, &s->exc_frac, p->exc_decay);
    s->isyn_exc2 = s1615_decay_carried(s->isyn_exc2, &s->exc2_frac, p->exc2_decay);
    s->isyn_inh = s1615_decay_carried(s->isyn_inh, &s->inh_frac, p->inh_decay);
    return spiked;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s1615_add(s->isyn_exc, s->isyn_exc2); }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->isyn_inh; }
#endif

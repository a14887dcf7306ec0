/* sPyNNaker's Izhikevich (IZK_curr_exp): the Izhikevich neuron (integrated as
 * izhikevich.h: NEST's forward Euler in sub-steps) with exponentially decaying current
 * synapses, in sPyNNaker's units: the current enters the equation as it is, in nA,
 *   I = i_offset + injected + isyn_exc - isyn_inh
 * (not x 1000 as in PyNN's standard Izhikevich).  An input adds its weight [nA] to its
 * isyn, which decays by exp(-h_sub / tau_syn) per sub-step. */
#ifndef IZHIKEVICH_CURR_EXP_H
#define IZHIKEVICH_CURR_EXP_H
#include "izhikevich_common.h"
#include "spynn_layout.h"

typedef izhikevich_curr_exp_params_t neuron_params_t;
typedef izhikevich_curr_exp_state_t neuron_state_t;

static inline void neuron_add_input(neuron_state_t *s, s1615 exc, s1615 inh) {
    s->isyn_exc = s1615_add(s->isyn_exc, exc);
    s->isyn_inh = s1615_add(s->isyn_inh, inh);
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    int spiked = 0;
    s1615 i_bias = s1615_add(p->i_offset, i_ext);
    for (uint32_t k = 0; k < p->n_substeps; k++) {
        s1615 i = s1615_add(i_bias, s1615_sub(s->isyn_exc, s->isyn_inh));
        spiked |= IZK_SUBSTEP(p, &s->v, &s->u, i, 0);
        s->isyn_exc = s1615_decay_carried(s->isyn_exc, &s->exc_frac, p->exc_decay);
        s->isyn_inh = s1615_decay_carried(s->isyn_inh, &s->inh_frac, p->inh_decay);
    }
    return spiked;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s->isyn_exc; }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->isyn_inh; }
#endif

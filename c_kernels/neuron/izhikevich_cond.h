/* sPyNNaker's Izhikevich_cond: the Izhikevich neuron (integrated as izhikevich.h: NEST's
 * forward Euler in sub-steps) with exponentially decaying conductance synapses, in
 * sPyNNaker's units: the current enters the equation as it is, in nA,
 *   I = i_offset + injected + g_exc (e_rev_exc - v) + g_inh (e_rev_inh - v)
 * (not x 1000 as in PyNN's standard Izhikevich).  g is held in nS for resolution, so the
 * synaptic term is scaled by 1/1000 (conductance_current_na). */
#ifndef IZHIKEVICH_COND_H
#define IZHIKEVICH_COND_H
#include "conductance.h"
#include "izhikevich_common.h"
#include "spynn_layout.h"

typedef izhikevich_cond_params_t neuron_params_t;
typedef izhikevich_cond_state_t neuron_state_t;

static inline void neuron_add_input(neuron_state_t *s, s1615 exc, s1615 inh) {
    s->g_exc = s1615_add(s->g_exc, exc);
    s->g_inh = s1615_add(s->g_inh, inh);
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    int spiked = 0;
    s1615 i_bias = s1615_add(p->i_offset, i_ext);
    for (uint32_t k = 0; k < p->n_substeps; k++) {
        s1615 v = s->v;
        s1615 i_syn = conductance_current_na(s->g_exc, s->g_inh, p->e_rev_exc, p->e_rev_inh, v);
        spiked |= IZK_SUBSTEP(p, &s->v, &s->u, s1615_add(i_bias, i_syn), 0);
        s->g_exc = s1615_decay_carried(s->g_exc, &s->g_exc_frac, p->exc_decay);
        s->g_inh = s1615_decay_carried(s->g_inh, &s->g_inh_frac, p->inh_decay);
    }
    return spiked;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s->g_exc; }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->g_inh; }
#endif

/* sPyNNaker's Izhikevich_cond_dual: Izhikevich_cond (izhikevich_cond.h, sPyNNaker's units)
 * with a second excitatory conductance, receptor 'excitatory2' (tau_syn_E2), of the same
 * reversal potential.  Receptors 0 'excitatory', 1 'inhibitory', 2 'excitatory2':
 *   I = i_offset + injected + (g_exc + g_exc2) (e_rev_exc - v) + g_inh (e_rev_inh - v) */
#ifndef IZHIKEVICH_COND_DUAL_H
#define IZHIKEVICH_COND_DUAL_H
#include "conductance.h"
#include "izhikevich_common.h"
#include "spynn_layout.h"

typedef izhikevich_cond_dual_params_t neuron_params_t;
typedef izhikevich_cond_dual_state_t neuron_state_t;

#define NEURON_N_SYNAPSE_TYPES 3

static inline void neuron_add_inputs(neuron_state_t *s, const s1615 *input) {
    s->g_exc = s1615_add(s->g_exc, input[0]);
    s->g_inh = s1615_add(s->g_inh, input[1]);
    s->g_exc2 = s1615_add(s->g_exc2, input[2]);
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    int spiked = 0;
    s1615 i_bias = s1615_add(p->i_offset, i_ext);
    for (uint32_t k = 0; k < p->n_substeps; k++) {
        s1615 g_exc = s1615_add(s->g_exc, s->g_exc2);
        s1615 i_syn = conductance_current_na(g_exc, s->g_inh, p->e_rev_exc, p->e_rev_inh, s->v);
        spiked |= IZK_SUBSTEP(p, &s->v, &s->u, s1615_add(i_bias, i_syn), 0);
        s->g_exc = s1615_decay_carried(s->g_exc, &s->g_exc_frac, p->exc_decay);
        s->g_exc2 = s1615_decay_carried(s->g_exc2, &s->g_exc2_frac, p->exc2_decay);
        s->g_inh = s1615_decay_carried(s->g_inh, &s->g_inh_frac, p->inh_decay);
    }
    return spiked;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s1615_add(s->g_exc, s->g_exc2); }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->g_inh; }
#endif

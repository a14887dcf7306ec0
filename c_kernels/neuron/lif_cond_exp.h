/* Leaky integrate-and-fire neuron with exponentially decaying conductances
 * (sPyNNaker's IF_cond_exp).  Within a step the synaptic current
 *   I_syn = g_exc (e_rev_exc - V) + g_inh (e_rev_inh - V)   [nS mV = pA]
 * is evaluated at the start of the step and held, and the membrane is
 * integrated exactly for that constant current:
 *   V(t+h) = v_rest + p22 (V - v_rest) + p20 (i_offset + I_syn / 1000)
 * Conductances are kept in nS (weights arrive in nS) for precision. */
#ifndef LIF_COND_EXP_H
#define LIF_COND_EXP_H
#include "conductance.h"
#include "fixed_point.h"
#include "spynn_layout.h"

typedef lif_cond_exp_params_t neuron_params_t;
typedef lif_cond_exp_state_t neuron_state_t;

static inline void neuron_add_input(neuron_state_t *s, s1615 exc, s1615 inh) {
    s->g_exc = s1615_add(s->g_exc, exc);
    s->g_inh = s1615_add(s->g_inh, inh);
}

/* i_ext: current injected by current sources this step [nA]. */
static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    int spiked = 0;
    int integrate = s->refract_timer <= 0;
    if (!integrate) s->refract_timer--;
    for (uint32_t k = 0; k < p->n_substeps; k++) {
        if (integrate && !spiked) {
            s1615 g_exc = s1615_decay(s->g_exc, p->exc_mean), g_inh = s1615_decay(s->g_inh, p->inh_mean);
            s->v = CONDUCTANCE_SUBSTEP_V(p, s, i_ext, g_exc, g_inh);
            if (s->v >= p->v_thresh) {
                s->v = p->v_reset;
                s->refract_timer = p->t_refract;
                spiked = 1;
            }
        }
        s->g_exc = s1615_decay_carried(s->g_exc, &s->g_exc_frac, p->exc_decay);
        s->g_inh = s1615_decay_carried(s->g_inh, &s->g_inh_frac, p->inh_decay);
    }
    return spiked;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s->g_exc; }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->g_inh; }
#endif

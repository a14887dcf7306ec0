/* IF_cond_exp with Maass's stochastic threshold (sPyNNaker's IFCondExpStoc).  The
 * membrane is integrated as in lif_cond_exp.h; at the end of each step the neuron
 * spikes with probability
 *   p = 1 - exp(-(h / tau_th) exp((V - v_thresh) / du_th)),  or surely if (V - v_thresh)/du_th > 5,
 * drawn from its own generator (so results do not depend on the partitioning). */
#ifndef LIF_COND_EXP_STOC_H
#define LIF_COND_EXP_STOC_H
#include "conductance.h"
#include "fixed_point.h"
#include "rng.h"
#include "spynn_layout.h"

typedef lif_cond_exp_stoc_params_t neuron_params_t;
typedef lif_cond_exp_stoc_state_t neuron_state_t;

static inline void neuron_add_input(neuron_state_t *s, s1615 exc, s1615 inh) {
    s->g_exc = s1615_add(s->g_exc, exc);
    s->g_inh = s1615_add(s->g_inh, inh);
}

static inline int stochastic_threshold(const neuron_params_t *p, neuron_state_t *s) {
    s1615 exponent = s1615_mul(s1615_sub(s->v, p->v_thresh), p->du_th_inv);
    uint32_t draw = rng_next((rng_state_t *)s->rng) >> 17; /* u0.15: uniform in [0, 1) */
    if (exponent > 5 * S1615_ONE) return 1;
    s1615 hazard_h = s1615_mul(s1615_exp(exponent), p->h_over_tau_th);
    s1615 prob = s1615_sub(S1615_ONE, s1615_exp(-hazard_h));
    return (s1615)draw < prob;
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    int spiked = 0;
    int integrate = s->refract_timer <= 0;
    if (!integrate) s->refract_timer--;
    for (uint32_t k = 0; k < p->n_substeps; k++) {
        if (integrate) {
            s1615 g_exc = s1615_decay(s->g_exc, p->exc_mean), g_inh = s1615_decay(s->g_inh, p->inh_mean);
            s->v = CONDUCTANCE_SUBSTEP_V(p, s, i_ext, g_exc, g_inh);
        }
        s->g_exc = s1615_decay_carried(s->g_exc, &s->g_exc_frac, p->exc_decay);
        s->g_inh = s1615_decay_carried(s->g_inh, &s->g_inh_frac, p->inh_decay);
    }
    if (integrate && stochastic_threshold(p, s)) {
        s->v = p->v_reset;
        s->refract_timer = p->t_refract;
        spiked = 1;
    }
    return spiked;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s->g_exc; }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->g_inh; }
#endif

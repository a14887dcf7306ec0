/* Leaky integrate-and-fire neuron with alpha-function conductances (NEST iaf_cond_alpha,
 * PyNN's IF_cond_alpha).  Per synapse type a rise z [nS/ms] and the conductance g [nS]:
 * an input of weight w adds w e / tau to z, so g peaks at w, tau after it.  Over each
 * sub-step of length h (d = exp(-h/tau)):
 *   g' = d (g + h z),  z' = d z,  mean conductance = mean g + rise_mean z
 * and the membrane is integrated as in lif_cond_exp.h, the synaptic current of the mean
 * conductances held over the sub-step. */
#ifndef LIF_COND_ALPHA_H
#define LIF_COND_ALPHA_H
#include "conductance.h"
#include "fixed_point.h"
#include "spynn_layout.h"

typedef lif_cond_alpha_params_t neuron_params_t;
typedef lif_cond_alpha_state_t neuron_state_t;

#define NEURON_INPUT_NEEDS_PARAMS 1
static inline void neuron_add_input_p(const neuron_params_t *p, neuron_state_t *s, s1615 exc, s1615 inh) {
    s->exc_rise = s1615_add(s->exc_rise, s1615_mul(exc, p->exc_kick));
    s->inh_rise = s1615_add(s->inh_rise, s1615_mul(inh, p->inh_kick));
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    int spiked = 0;
    int integrate = s->refract_timer <= 0;
    if (!integrate) s->refract_timer--;
    for (uint32_t k = 0; k < p->n_substeps; k++) {
        if (integrate && !spiked) {
            s1615 g_exc = s1615_add(s1615_decay(s->g_exc, p->exc_mean), s1615_mul(s->exc_rise, p->exc_rise_mean));
            s1615 g_inh = s1615_add(s1615_decay(s->g_inh, p->inh_mean), s1615_mul(s->inh_rise, p->inh_rise_mean));
            s->v = CONDUCTANCE_SUBSTEP_V(p, s, i_ext, g_exc, g_inh);
            if (s->v >= p->v_thresh) {
                s->v = p->v_reset;
                s->refract_timer = p->t_refract;
                spiked = 1;
            }
        }
        s->g_exc = s1615_add(s1615_decay_carried(s->g_exc, &s->g_exc_frac, p->exc_decay),
                             s1615_mul(s->exc_rise, p->exc_rise_to_g));
        s->g_inh = s1615_add(s1615_decay_carried(s->g_inh, &s->g_inh_frac, p->inh_decay),
                             s1615_mul(s->inh_rise, p->inh_rise_to_g));
        s->exc_rise = s1615_decay(s->exc_rise, p->exc_decay);
        s->inh_rise = s1615_decay(s->inh_rise, p->inh_decay);
    }
    return spiked;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s->g_exc; }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->g_inh; }
#endif

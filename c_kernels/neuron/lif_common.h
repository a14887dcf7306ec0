/* The step every current-based LIF variant shares (exact integration over h):
 *   refractory: count down, V stays at v_reset;
 *   otherwise:  V' = v_rest + p22 (V - v_rest) + p20 I_bias + syn   (syn: the model's
 *               synaptic contribution over the step [mV]), then threshold and reset. */
#ifndef LIF_COMMON_H
#define LIF_COMMON_H
#include "fixed_point.h"

static inline int lif_step(s1615 *v, int32_t *refract_timer, s1615 v_rest, u032 p22, s1615 p20, s1615 i_bias,
                           s1615 syn, s1615 v_thresh, s1615 v_reset, int32_t t_refract) {
    if (*refract_timer > 0) {
        (*refract_timer)--;
        return 0;
    }
    s1615 next = s1615_add(v_rest, s1615_decay(s1615_sub(*v, v_rest), p22));
    next = s1615_add(s1615_add(next, s1615_mul(i_bias, p20)), syn);
    *v = next;
    if (next >= v_thresh) {
        *v = v_reset;
        *refract_timer = t_refract;
        return 1;
    }
    return 0;
}

/* lif_step without branches, for the loops over all neurons of a core that compilers
 * vectorise (neuron_update_all): the same arithmetic, the same results.  Returns 1 on a spike. */
static inline int32_t lif_step_lanes(s1615 *v, int32_t *refract_timer, s1615 v_rest, u032 p22, s1615 p20,
                                     s1615 i_bias, s1615 syn, s1615 v_thresh, s1615 v_reset, int32_t t_refract) {
    const s1615 v0 = *v;
    const int32_t r0 = *refract_timer;
    s1615 next = s1615_add(v_rest, s1615_decay(s1615_sub(v0, v_rest), p22));
    next = s1615_add(s1615_add(next, s1615_mul(i_bias, p20)), syn);
    const int32_t refractory = r0 > 0;
    const int32_t fire = !refractory & (next >= v_thresh);
    *v = refractory ? v0 : (fire ? v_reset : next);
    *refract_timer = refractory ? r0 - 1 : (fire ? t_refract : r0);
    return fire;
}

/* Shorthand for a model whose params have the LIF_MEMBRANE fields. */
#define LIF_STEP(p, s, i_bias, syn) \
    lif_step(&(s)->v, &(s)->refract_timer, (p)->v_rest, (p)->p22, (p)->p20, (i_bias), (syn), (p)->v_thresh, \
             (p)->v_reset, (p)->t_refract)
#endif

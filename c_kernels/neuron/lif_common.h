/* The step every current-based LIF variant shares (exact integration over h):
 *   refractory: count down, V stays at v_reset;
 *   otherwise:  V' = v_rest + p22 (V - v_rest) + p20 I_bias + syn   (syn: the model's
 *               synaptic contribution over the step [mV]), then threshold and reset. */
#ifndef LIF_COMMON_H
#define LIF_COMMON_H
#include "fixed_point.h"

/* V' = v_rest + p22 (V - v_rest) + p20 i + syn + syn30 / 2^30, carried with 15 bits below V's
 * s16.15 in *frac (the rest of V in 2^-30 mV, -2^14 <= *frac < 2^14; V rounded to nearest),
 * with p20 to 16 bits below its s16.15 (p20_fine) and syn30 a synaptic term given finer
 * (2^-30 mV: the products of currents and their propagators, unrounded).  At a fine step the
 * leak and a small drive are each a few s16.15 steps per timestep, and rounding both every
 * step settled V at another equilibrium: at h = 0.01 ms a 1 mV excursion under i_offset was
 * 4.7 % short, and p20 (0.01 mV/nA) alone was 0.12 % off. */
static inline s1615 lif_membrane(s1615 v, int32_t *frac, s1615 v_rest, u032 p22, s1615 p20, int32_t p20_fine, s1615 i,
                                 s1615 syn, int64_t syn30) {
    const int64_t d = (int64_t)(uint64_t)p22;
    const int64_t leak = (int64_t)s1615_sub(v, v_rest) * d; /* p22 (V - v_rest) in 2^-47 mV */
    const int64_t drive = (int64_t)i * (int64_t)p20;        /* p20 i in 2^-30 mV */
    /* what falls below V's last bit, in 2^-30 mV: each term within 31 bits, so the sum is
     * 32-bit arithmetic, as are the whole parts (the loops over neurons stay vectorised) */
    const int32_t rest = s1615_carried_rest(leak, *frac, p22) + (int32_t)((uint32_t)drive & 0x7FFFu) +
                         (int32_t)(((int64_t)i * (int64_t)p20_fine) >> 16) + (int32_t)((uint32_t)syn30 & 0x7FFFu);
    const int32_t carry = (rest + (1 << 14)) >> 15;
    *frac = rest - carry * (1 << 15);
    const s1615 whole = s1615_add(s1615_add((s1615)(leak >> 32), (s1615)(drive >> 15)), (s1615)(syn30 >> 15));
    return s1615_add(s1615_add(v_rest, whole), s1615_add(syn, carry));
}

static inline int lif_step(s1615 *v, int32_t *v_frac, int32_t *refract_timer, s1615 v_rest, u032 p22, s1615 p20,
                           int32_t p20_fine, s1615 i_bias, s1615 syn, int64_t syn30, s1615 v_thresh,
                           s1615 v_reset, int32_t t_refract) {
    if (*refract_timer > 0) {
        (*refract_timer)--;
        return 0;
    }
    s1615 next = lif_membrane(*v, v_frac, v_rest, p22, p20, p20_fine, i_bias, syn, syn30);
    *v = next;
    if (next >= v_thresh) {
        *v = v_reset;
        *v_frac = 0;
        *refract_timer = t_refract;
        return 1;
    }
    return 0;
}

/* lif_step without branches, for the loops over all neurons of a core that compilers
 * vectorise (neuron_update_all): the same arithmetic, the same results.  Returns 1 on a spike. */
static inline int32_t lif_step_lanes(s1615 *v, int32_t *v_frac, int32_t *refract_timer, s1615 v_rest, u032 p22,
                                     s1615 p20, int32_t p20_fine, s1615 i_bias, s1615 syn, int64_t syn30,
                                     s1615 v_thresh, s1615 v_reset, int32_t t_refract) {
    const s1615 v0 = *v;
    const int32_t r0 = *refract_timer, f0 = *v_frac;
    int32_t f = f0;
    s1615 next = lif_membrane(v0, &f, v_rest, p22, p20, p20_fine, i_bias, syn, syn30);
    const int32_t refractory = r0 > 0;
    const int32_t fire = !refractory & (next >= v_thresh);
    *v = refractory ? v0 : (fire ? v_reset : next);
    *v_frac = refractory ? f0 : (fire ? 0 : f);
    *refract_timer = refractory ? r0 - 1 : (fire ? t_refract : r0);
    return fire;
}

/* Shorthand for a model whose params have the LIF_MEMBRANE fields (LIF_STEP30: with its synaptic
 * term given unrounded, in 2^-30 mV). */
#define LIF_STEP30(p, s, i_bias, syn30)                                                                           \
    lif_step(&(s)->v, &(s)->v_frac, &(s)->refract_timer, (p)->v_rest, (p)->p22, (p)->p20, (p)->p20_fine, (i_bias), 0, \
             (syn30), (p)->v_thresh, (p)->v_reset, (p)->t_refract)
#define LIF_STEP(p, s, i_bias, syn) \
    lif_step(&(s)->v, &(s)->v_frac, &(s)->refract_timer, (p)->v_rest, (p)->p22, (p)->p20, (p)->p20_fine, (i_bias), \
             (syn), 0, (p)->v_thresh, (p)->v_reset, (p)->t_refract)
#endif

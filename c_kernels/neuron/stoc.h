/* sPyNNaker's stochastic neurons (extra_models StocExp, StocExpStable, StocSigma), one
 * kernel, stoc_params_t.kind choosing the rule.  Inputs are instantaneous: each step
 * outside a burst
 *   StocExp:        v = bias + exc - inh,              p = 2^v / tau
 *   StocExpStable:  v = max(v_reset, v + bias + exc - inh), p = tau 2^v
 *   StocSigma:      v = bias + exc - inh,              p = 2^(-2^(-alpha v))
 * and the neuron fires with probability min(1, p), drawn from its own generator (so results
 * do not depend on the partitioning).  A firing starts a burst: the neuron fires again in each
 * of the next t_refract - 1 steps, whatever its input (StocExpStable: v = v_reset first). */
#ifndef STOC_H
#define STOC_H
#include "fixed_point.h"
#include "rng.h"
#include "spynn_layout.h"

typedef stoc_params_t neuron_params_t;
typedef stoc_state_t neuron_state_t;

static inline void neuron_add_input(neuron_state_t *s, s1615 exc, s1615 inh) {
    s->input_exc = exc;
    s->input_inh = inh;
}

/* min(1, scale 2^v) as u0.32 (0xFFFFFFFF: surely), scale u16.16 */
static inline uint32_t scaled_pow2(uint32_t scale, s1615 v) {
    uint64_t p = pow2_u1632(v); /* u16.32 */
    uint64_t prob = p < ((uint64_t)1 << 32) ? ((uint64_t)scale * p) >> 16 : (uint64_t)scale * (p >> 16);
    return prob >= ((uint64_t)1 << 32) ? 0xFFFFFFFFu : (uint32_t)prob;
}

static inline uint32_t firing_probability(const neuron_params_t *p, s1615 v) {
    if (p->kind != STOC_SIGMA) return scaled_pow2(p->prob_scale, v);
    uint64_t z = pow2_u1632(s1615_mul(-p->alpha, v));         /* 2^(-alpha v), u16.32 */
    s1615 minus_z = z >= ((uint64_t)1 << 47) ? INT32_MIN : -(s1615)(z >> 17);
    uint64_t prob = pow2_u1632(minus_z);                        /* 2^(-z) <= 1 */
    return prob >= ((uint64_t)1 << 32) ? 0xFFFFFFFFu : (uint32_t)prob;
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    if (s->refract_timer > 0) { /* a burst: fire, the input is lost */
        s->refract_timer--;
        if (p->kind != STOC_EXP_STABLE) s->v = 0;
        return 1;
    }
    s1615 drive = s1615_sub(s1615_add(s1615_add(p->bias, i_ext), s->input_exc), s->input_inh);
    s1615 v = p->kind == STOC_EXP_STABLE ? s1615_add(s->v, drive) : drive;
    s->v = v;
    int fire = 0;
    uint32_t prob = firing_probability(p, v);
    if (rng_next((rng_state_t *)s->rng) < prob || prob == 0xFFFFFFFFu) {
        fire = 1;
        s->refract_timer = p->t_refract > 1 ? p->t_refract - 1 : 0;
        if (p->kind == STOC_EXP_STABLE) s->v = p->v_reset;
    }
    if (p->kind == STOC_EXP_STABLE && s->v < p->v_reset) s->v = p->v_reset;
    return fire;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s->input_exc; }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->input_inh; }
#endif

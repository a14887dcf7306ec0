/* PyNN's HH_cond_exp: the Hodgkin-Huxley neuron of Traub & Miles (1991) with exponential
 * conductances, as NEST's hh_cond_exp_traub.  Each timestep is n_substeps sub-steps of
 * h_sub; in each, (V, m, h, n) take one midpoint (second-order Runge-Kutta) step, the
 * conductances (the step's times d^k; h_sub 0.005 ms at most) taken at the sub-step's start
 * for the first slope and as the mean of its start and end for the midpoint one.  With u = V - v_offset
 * the rates [1/ms] are Traub's:
 *   alpha_n = 0.032 (15 - u) / (e^((15 - u)/5) - 1)    beta_n = 0.5 e^((10 - u)/40)
 *   alpha_m = 0.32 (13 - u) / (e^((13 - u)/4) - 1)     beta_m = 0.28 (u - 40) / (e^((u - 40)/5) - 1)
 *   alpha_h = 0.128 e^((17 - u)/18)                    beta_h = 4 / (1 + e^((40 - u)/5))
 * A spike is a peak: V >= v_offset + 30 mV and V lower at the step's end than at its start
 * (NEST's test); or, for a peak NEST's test misses because V falls back below
 * v_offset + 30 mV within a step (long steps: NEST's own integration fails there), V ending
 * a step below it after a sub-step end above it and higher than the step's start, or after a
 * step that peaked above it (refract_timer -1 meanwhile); then t_refract steps without
 * spikes (V is not reset).  V and the currents keep 20
 * fractional bits, the gating variables 30, the rates 30. */
#ifndef HH_COND_EXP_H
#define HH_COND_EXP_H
#include "conductance.h"
#include "fixed_point.h"
#include "spynn_layout.h"

typedef hh_cond_exp_params_t neuron_params_t;
typedef hh_cond_exp_state_t neuron_state_t;

#define HH_V_BITS S1120_BITS /* V and the currents (s11.20) */
#define HH_G_BITS 18u /* conductances: a sub-step's decay of a small one is below one s16.15 step */
#define HH_STEP_BITS 24u
#define HH_Q 30u
#define HH_ONE (INT64_C(1) << HH_Q)

static inline void neuron_add_input(neuron_state_t *s, s1615 exc, s1615 inh) {
    s->g_exc += exc * (1 << (HH_G_BITS - 15u));
    s->g_inh += inh * (1 << (HH_G_BITS - 15u));
}

/* a conductance s13.18 -> s16.15, rounded */
static inline s1615 hh_g(int32_t g) { return (s1615)(((int64_t)g + (1 << (HH_G_BITS - 16u))) >> (HH_G_BITS - 15u)); }

/* c x / (e^(x/scale) - 1) [1/ms], 30 fractional bits; c and 1/scale s16.15, x [mV] s16.15.
 * Near x = 0 (removable singularity) the series c scale (1 - y/2 + y^2/12), y = x/scale. */
static inline int64_t hh_ratio(s1615 c, s1615 x, s1615 inv_scale) {
    s1615 y = s1615_mul(x, inv_scale);
    if (y > -S1615_ONE / 4 && y < S1615_ONE / 4) {
        int64_t yq = (int64_t)y << (HH_Q - 15u);
        int64_t series = HH_ONE - yq / 2 + ((yq * yq) >> HH_Q) / 12;
        int64_t scale_q = (HH_ONE << 15) / inv_scale; /* scale, 30 fractional bits */
        return (((scale_q * series) >> HH_Q) * c) >> 15;
    }
    int64_t den = (int64_t)s1615_exp(y) - S1615_ONE; /* s16.15, nonzero here */
    return ((((int64_t)x * c) >> 15) << HH_Q) / den;
}

/* c e^(x/scale), 30 fractional bits */
static inline int64_t hh_exp_rate(s1615 c, s1615 x, s1615 inv_scale) {
    return (int64_t)c * s1615_exp(s1615_mul(x, inv_scale)); /* s16.15 x s16.15: 30 fractional bits */
}

#define HH_K(x) ((s1615)((x) * 32768.0 + ((x) >= 0 ? 0.5 : -0.5))) /* a constant in s16.15, rounded */

/* dx/dt = alpha (1 - x) - beta x, 30 fractional bits per ms */
static inline int64_t hh_gate_rate(int64_t alpha, int64_t beta, int32_t x) {
    return ((alpha * (HH_ONE - x)) >> HH_Q) - ((beta * x) >> HH_Q);
}

typedef struct {
    int32_t v;    /* C dV/dt [nA] s11.20 */
    int64_t m, h, n; /* per ms, 30 fractional bits */
} hh_slope_t;

static inline hh_slope_t hh_slope(const neuron_params_t *p, s1615 g_exc, s1615 g_inh, int32_t v1120, int32_t m,
                                  int32_t h, int32_t n, int32_t i_bias) {
    hh_slope_t d;
    const s1615 v = s1120_to_s1615(v1120), u = s1615_sub(v, p->v_offset);
    const uint32_t to_1120 = HH_STEP_BITS + 15u - HH_V_BITS;
    int64_t m2 = ((int64_t)m * m) >> HH_Q, m3h = ((((m2 * m) >> HH_Q)) * h) >> HH_Q;
    int64_t n2 = ((int64_t)n * n) >> HH_Q, n4 = (n2 * n2) >> HH_Q;
    int64_t g_na = ((int64_t)p->g_na * m3h) >> HH_Q, g_k = ((int64_t)p->g_k * n4) >> HH_Q; /* [uS] s7.24 */
    int64_t i_na = (g_na * s1615_sub(v, p->e_na)) >> to_1120, i_k = (g_k * s1615_sub(v, p->e_k)) >> to_1120;
    int64_t i_l = ((int64_t)p->g_leak * s1615_sub(v, p->e_leak)) >> to_1120;
    int64_t i_syn = (int64_t)conductance_current_na(g_exc, g_inh, p->e_rev_exc, p->e_rev_inh, v)
                    * (1 << (HH_V_BITS - 15u)); /* nA s16.15 -> s11.20 */
    d.v = (int32_t)(i_syn + i_bias - i_na - i_k - i_l);
    const s1615 one_fifth = HH_K(0.2), one_quarter = HH_K(0.25);
    int64_t a_n = hh_ratio(HH_K(0.032), s1615_sub(HH_K(15.0), u), one_fifth);
    int64_t b_n = hh_exp_rate(HH_K(0.5), s1615_sub(HH_K(10.0), u), HH_K(1.0 / 40.0));
    int64_t a_m = hh_ratio(HH_K(0.32), s1615_sub(HH_K(13.0), u), one_quarter);
    int64_t b_m = hh_ratio(HH_K(0.28), s1615_sub(u, HH_K(40.0)), one_fifth);
    int64_t a_h = hh_exp_rate(HH_K(0.128), s1615_sub(HH_K(17.0), u), HH_K(1.0 / 18.0));
    int64_t b_h = (INT64_C(4) << (HH_Q + 15u)) /
                  ((int64_t)S1615_ONE + s1615_exp(s1615_mul(s1615_sub(HH_K(40.0), u), one_fifth)));
    d.m = hh_gate_rate(a_m, b_m, m);
    d.h = hh_gate_rate(a_h, b_h, h);
    d.n = hh_gate_rate(a_n, b_n, n);
    return d;
}

/* x + h_sub (half: h_sub / 2) x rate */
static inline int32_t hh_gate_step(const neuron_params_t *p, int32_t x, int64_t rate, uint32_t half) {
    return (int32_t)(x + ((rate * p->h_sub) >> (HH_STEP_BITS + half)));
}
static inline int32_t hh_v_step(const neuron_params_t *p, int32_t v, int32_t dv, uint32_t half) {
    const uint32_t shift = HH_STEP_BITS + half;
    return (int32_t)(v + (((int64_t)dv * p->h_over_c + ((int64_t)1 << (shift - 1u))) >> shift));
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    const int32_t i_bias = p->i_offset + s1615_to_s1120(i_ext);
    const int32_t v_start = s->v;
    int32_t v_max = s->v; /* the highest V at a sub-step's end: a peak the step's end misses */
    /* the conductances at each sub-step's start and end: the step's start value times d^k
     * (d^k kept in u0.32), not decayed a sub-step at a time (1000 roundings per ms lose a
     * small one); the midpoint slope takes their mean (second order, as V's) */
    u032 dk_exc = 0xFFFFFFFFu, dk_inh = 0xFFFFFFFFu;
    int32_t g_exc = s->g_exc, g_inh = s->g_inh;
    for (uint32_t k = 0; k < p->n_substeps; k++) {
        dk_exc = k ? u032_mul(dk_exc, p->exc_decay) : p->exc_decay;
        dk_inh = k ? u032_mul(dk_inh, p->inh_decay) : p->inh_decay;
        const int32_t g_exc_end = s1615_decay(s->g_exc, dk_exc), g_inh_end = s1615_decay(s->g_inh, dk_inh);
        hh_slope_t d1 = hh_slope(p, hh_g(g_exc), hh_g(g_inh), s->v, s->m, s->h, s->n, i_bias);
        int32_t v2 = hh_v_step(p, s->v, d1.v, 1u);
        int32_t m2 = hh_gate_step(p, s->m, d1.m, 1u), h2 = hh_gate_step(p, s->h, d1.h, 1u),
                n2 = hh_gate_step(p, s->n, d1.n, 1u);
        hh_slope_t d2 = hh_slope(p, hh_g(g_exc + ((g_exc_end - g_exc) >> 1)), hh_g(g_inh + ((g_inh_end - g_inh) >> 1)),
                                 v2, m2, h2, n2, i_bias);
        s->v = hh_v_step(p, s->v, d2.v, 0u);
        s->m = hh_gate_step(p, s->m, d2.m, 0u);
        s->h = hh_gate_step(p, s->h, d2.h, 0u);
        s->n = hh_gate_step(p, s->n, d2.n, 0u);
        if (s->v > v_max) v_max = s->v;
        g_exc = g_exc_end;
        g_inh = g_inh_end;
    }
    s->g_exc = g_exc;
    s->g_inh = g_inh;
    if (s->refract_timer > 0) {
        s->refract_timer--;
        return 0;
    }
    const s1615 v_spike = s1615_add(p->v_offset, HH_K(30.0));
    const int above = s1120_to_s1615(s->v) >= v_spike;
    const int pending = s->refract_timer < 0; /* a peak in the last step, V still above then */
    if ((above && v_start > s->v) || (!above && (pending || (v_max > v_start && s1120_to_s1615(v_max) >= v_spike)))) {
        s->refract_timer = p->t_refract;
        return 1;
    }
    s->refract_timer = above && v_max > s->v ? -1 : 0;
    return 0;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s1120_to_s1615(s->v); }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return hh_g(s->g_exc); }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return hh_g(s->g_inh); }
#endif

/* Adaptive exponential integrate-and-fire neuron with conductances (Brette & Gerstner
 * 2005; PyNN's EIF_cond_exp_isfa_ista and EIF_cond_alpha_isfa_ista, NEST aeif_cond_exp and
 * aeif_cond_alpha).  The synapse shape is fixed at compile time: AEIF_ALPHA 1 for alpha
 * conductances (a rise z per type, an input of weight w adding w e / tau to it), else
 * exponential ones.  Each timestep is n_substeps sub-steps of h_sub; in each, (V, w) take
 * one midpoint (second-order Runge-Kutta) step of
 *   C dV/dt = -g_L (V - v_rest) + g_L delta_T exp((V - v_thresh) / delta_T) + I_syn - w + I
 *   tau_w dw/dt = a (V - v_rest) - w
 * with the conductances of the sub-step's start (the exponent capped at exp_cap), then
 * the conductances decay (alpha: g' = d (g + h z), z' = d z).  V >= v_spike is a spike:
 * V = v_reset and w += b; V is then held at v_reset for t_refract steps while w integrates. */
#ifndef AEIF_COND_H
#define AEIF_COND_H
#include "conductance.h"
#include "fixed_point.h"
#include "spynn_layout.h"

typedef aeif_cond_params_t neuron_params_t;
typedef aeif_cond_state_t neuron_state_t;

#define AEIF_STEP_BITS 24u /* fractional bits of h_over_c, h_over_tau_w, a and g_leak */
#define AEIF_V_BITS S1120_BITS /* v and the currents (s11.20): a sub-step moves v by a few s16.15 steps */
#define AEIF_W_BITS 26u    /* fractional bits of w: a sub-step moves it by ~1e-6 nA */

#define NEURON_INPUT_NEEDS_PARAMS 1
static inline void neuron_add_input_p(const neuron_params_t *p, neuron_state_t *s, s1615 exc, s1615 inh) {
#if AEIF_ALPHA
    s->exc_rise = s1615_add(s->exc_rise, s1615_mul(exc, p->exc_kick));
    s->inh_rise = s1615_add(s->inh_rise, s1615_mul(inh, p->inh_kick));
#else
    (void)p;
    s->g_exc = s1615_add(s->g_exc, exc);
    s->g_inh = s1615_add(s->g_inh, inh);
#endif
}

/* w s5.26 -> s11.20 and s16.15, rounded */
static inline int32_t aeif_w_1120(int32_t w) { return (int32_t)(((int64_t)w + (1 << (AEIF_W_BITS - AEIF_V_BITS - 1u))) >> (AEIF_W_BITS - AEIF_V_BITS)); }
static inline s1615 aeif_w_1615(int32_t w) { return (s1615)(((int64_t)w + (1 << (AEIF_W_BITS - 16u))) >> (AEIF_W_BITS - 15u)); }

/* C dV/dt [nA] s11.20, from v [mV] s16.15, w s5.26 and the bias current [nA] s11.20 */
static inline int32_t aeif_dv(const neuron_params_t *p, const neuron_state_t *s, s1615 v, int32_t w, int32_t i_bias) {
    const uint32_t to_1120 = AEIF_STEP_BITS + 15u - AEIF_V_BITS; /* s7.24 x s16.15 -> s11.20 */
    s1615 x = s1615_mul(s1615_sub(v, p->v_thresh), p->inv_delta_t);
    if (x > p->exp_cap) x = p->exp_cap;
    int64_t gl_dt = ((int64_t)p->g_leak * p->delta_t + (1 << 14)) >> 15; /* g_L delta_T [nA] s7.24 */
    int64_t spike_current = (gl_dt * s1615_exp(x) + ((int64_t)1 << (to_1120 - 1u))) >> to_1120;
    int64_t leak = ((int64_t)p->g_leak * s1615_sub(v, p->v_rest) + ((int64_t)1 << (to_1120 - 1u))) >> to_1120;
    int64_t i_syn = (int64_t)conductance_current_na(s->g_exc, s->g_inh, p->e_rev_exc, p->e_rev_inh, v)
                    * (1 << (AEIF_V_BITS - 15u));
    return (int32_t)(spike_current + i_syn + i_bias - leak - aeif_w_1120(w));
}

/* tau_w dw/dt [nA] s5.26: a [uS] s7.24 times (V - v_rest) [mV] s16.15, less w */
static inline int32_t aeif_dw(const neuron_params_t *p, s1615 v, int32_t w) {
    const uint32_t shift = AEIF_STEP_BITS + 15u - AEIF_W_BITS;
    int64_t aw = ((int64_t)p->a * s1615_sub(v, p->v_rest) + ((int64_t)1 << (shift - 1u))) >> shift;
    return (int32_t)(aw - w);
}

/* w + h_over_tau_w x dw (h halved when half), s5.26 */
static inline int32_t aeif_w_step(const neuron_params_t *p, int32_t w, int32_t dw, uint32_t half) {
    const uint32_t shift = AEIF_STEP_BITS + half;
    return (int32_t)(w + (((int64_t)dw * p->h_over_tau_w + ((int64_t)1 << (shift - 1u))) >> shift));
}

/* v + h_over_c x C dV/dt (h halved when half): s11.20 plus [nA] s11.20 x s7.24 */
static inline int32_t aeif_v_step(const neuron_params_t *p, int32_t v, int32_t dv, uint32_t half) {
    const uint32_t shift = AEIF_STEP_BITS + half;
    return (int32_t)(v + (((int64_t)dv * p->h_over_c + ((int64_t)1 << (shift - 1u))) >> shift));
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    const int32_t i_bias = p->i_offset + s1615_to_s1120(i_ext); /* s11.20 */
    int spiked = 0;
    int clamped = s->refract_timer > 0;
    if (clamped) s->v = s1615_to_s1120(p->v_reset);
    if (clamped) s->refract_timer--;
    for (uint32_t k = 0; k < p->n_substeps; k++) {
        int32_t v = s->v, w = s->w; /* s11.20 */
        s1615 v15 = s1120_to_s1615(v);
        if (clamped || spiked) { /* V held at v_reset, w integrates */
            int32_t w_half = aeif_w_step(p, w, aeif_dw(p, v15, w), 1u);
            s->w = aeif_w_step(p, w, aeif_dw(p, v15, w_half), 0u);
        } else {
            int32_t v_half = aeif_v_step(p, v, aeif_dv(p, s, v15, w, i_bias), 1u);
            int32_t w_half = aeif_w_step(p, w, aeif_dw(p, v15, w), 1u);
            s1615 v_half15 = s1120_to_s1615(v_half);
            s->v = aeif_v_step(p, v, aeif_dv(p, s, v_half15, w_half, i_bias), 0u);
            s->w = aeif_w_step(p, w, aeif_dw(p, v_half15, w_half), 0u);
            if (s1120_to_s1615(s->v) >= p->v_spike) {
                s->v = s1615_to_s1120(p->v_reset);
                s->w += p->b;
                s->refract_timer = p->t_refract;
                spiked = 1;
            }
        }
#if AEIF_ALPHA
        s->g_exc = s1615_add(s1615_decay(s->g_exc, p->exc_decay), s1615_mul(s->exc_rise, p->exc_rise_to_g));
        s->g_inh = s1615_add(s1615_decay(s->g_inh, p->inh_decay), s1615_mul(s->inh_rise, p->inh_rise_to_g));
        s->exc_rise = s1615_decay(s->exc_rise, p->exc_decay);
        s->inh_rise = s1615_decay(s->inh_rise, p->inh_decay);
#else
        s->g_exc = s1615_decay(s->g_exc, p->exc_decay);
        s->g_inh = s1615_decay(s->g_inh, p->inh_decay);
#endif
    }
    return spiked;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s1120_to_s1615(s->v); }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s->g_exc; }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->g_inh; }
#define NEURON_EXTRA_VALUE 1 /* w, recorded into REGION_REC_EXTRA */
static inline int32_t neuron_get_extra(const neuron_state_t *s) { return aeif_w_1615(s->w); }
#endif

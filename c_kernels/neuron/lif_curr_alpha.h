/* LIF with alpha-function current synapses, integrated exactly over each step
 * (NEST iaf_psc_alpha).  Per synapse type: a rise variable r [nA/ms] and the
 * current I [nA]; an input of weight w adds w e / tau to r, so I peaks at w
 * tau after the spike.  Over one step (d = exp(-h/tau)):
 *   V' = v_rest + p22 (V - v_rest) + p20 (i_offset + i_ext) + p_v_rise r + p_v I
 *   I' = d I + h d r
 *   r' = d r
 * The propagators come from the host (exact matrix exponential).  r and I are
 * kept with RISE_FRAC_BITS fractional bits, not 15: their tails decay to values
 * below the resolution of s16.15 while they still move V (measured: 0.11 mV on
 * a 10 mV IPSP at h = 0.1 ms with 15 bits). */
#ifndef LIF_CURR_ALPHA_H
#define LIF_CURR_ALPHA_H
#include "fixed_point.h"
#include "lif_common.h"
#include "spynn_layout.h"

typedef lif_curr_alpha_params_t neuron_params_t;
typedef lif_curr_alpha_state_t neuron_state_t;

#define RISE_FRAC_BITS 20u
#define RISE_EXTRA_BITS (RISE_FRAC_BITS - 15u)

/* The kick scales the weight into the rise variable: needs the params, so the
 * core calls neuron_add_input_p (see neuron_core.c). */
#define NEURON_INPUT_NEEDS_PARAMS 1
static inline void neuron_add_input_p(const neuron_params_t *p, neuron_state_t *s, s1615 exc, s1615 inh) {
    s->exc_rise = s1615_add(s->exc_rise, s1615_mul_shifted(exc, p->exc_kick, 15u - RISE_EXTRA_BITS));
    s->inh_rise = s1615_add(s->inh_rise, s1615_mul_shifted(inh, p->inh_kick, 15u - RISE_EXTRA_BITS));
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    /* the synapses' share of V', unrounded: each product in 2^-(prop_shift + RISE_FRAC_BITS)
     * mV taken to 2^-30 mV (rounding it to V's last bit each step lost 1.9 % of a PSP at
     * h = 0.01 ms, where that share is a few of V's last bits a step) */
    const uint32_t k30 = p->prop_shift + RISE_FRAC_BITS - 30u;
    const int64_t syn30 =
        mul_shifted64(s->exc_rise, p->p_v_exc_rise, k30) + mul_shifted64(s->isyn_exc, p->p_v_exc, k30) -
        mul_shifted64(s->inh_rise, p->p_v_inh_rise, k30) - mul_shifted64(s->isyn_inh, p->p_v_inh, k30);
    int spiked = LIF_STEP30(p, s, s1615_add(p->i_offset, i_ext), syn30);
    /* decays carried beyond the last bit: rounded, a value under 1 / (2 (1 - d)) of its last
     * bit never decays (at h = 0.01 ms, 250 bits of s11.20: a current left that moved V 3 uV) */
    s->isyn_exc = s1615_add(s1615_decay_carried(s->isyn_exc, &s->isyn_exc_frac, p->exc_decay),
                            s1615_mul_shifted(s->exc_rise, p->exc_rise_to_i, p->prop_shift));
    s->isyn_inh = s1615_add(s1615_decay_carried(s->isyn_inh, &s->isyn_inh_frac, p->inh_decay),
                            s1615_mul_shifted(s->inh_rise, p->inh_rise_to_i, p->prop_shift));
    s->exc_rise = s1615_decay_carried(s->exc_rise, &s->exc_rise_frac, p->exc_decay);
    s->inh_rise = s1615_decay_carried(s->inh_rise, &s->inh_rise_frac, p->inh_decay);
    return spiked;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
/* Recorded currents in s16.15, rounded. */
static inline int32_t neuron_get_exc(const neuron_state_t *s) {
    return (int32_t)(((int64_t)s->isyn_exc + (1 << (RISE_EXTRA_BITS - 1))) >> RISE_EXTRA_BITS);
}
static inline int32_t neuron_get_inh(const neuron_state_t *s) {
    return (int32_t)(((int64_t)s->isyn_inh + (1 << (RISE_EXTRA_BITS - 1))) >> RISE_EXTRA_BITS);
}
#endif

/* Leaky integrate-and-fire neuron with exponentially decaying current synapses,
 * integrated exactly over each timestep h (NEST iaf_psc_exp propagators):
 *
 *   V(t+h) = v_rest + p22 (V - v_rest) + p20 i_offset + p21_exc I_exc - p21_inh I_inh
 *   I_x(t+h) = I_x(t) exp(-h/tau_syn_x) + (input arriving at t+h)
 *
 * While refractory V stays at v_reset and the currents still decay.  All
 * propagators are computed on the host (spynn/models/neurons.py). */
#ifndef LIF_CURR_EXP_H
#define LIF_CURR_EXP_H
#include "fixed_point.h"
#include "lif_common.h"
#include "spynn_layout.h"
#include "platform.h"

typedef lif_curr_exp_params_t neuron_params_t;
typedef lif_curr_exp_state_t neuron_state_t;

/* Add this tick's synaptic input [nA] (from the ring buffers). */
static inline void neuron_add_input(neuron_state_t *s, s1615 exc, s1615 inh) {
    s->isyn_exc = s1615_add(s->isyn_exc, exc);
    s->isyn_inh = s1615_add(s->isyn_inh, inh);
}

/* i_ext: current injected by current sources this step [nA]. */
static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    const int64_t syn30 = (int64_t)s->isyn_exc * p->p21_exc - (int64_t)s->isyn_inh * p->p21_inh; /* 2^-30 mV */
    int spiked = LIF_STEP30(p, s, s1615_add(p->i_offset, i_ext), syn30);
    s->isyn_exc = s1615_decay_carried(s->isyn_exc, &s->exc_frac, p->exc_decay);
    s->isyn_inh = s1615_decay_carried(s->isyn_inh, &s->inh_frac, p->inh_decay);
    return spiked;
}

/* Every neuron of the core in one pass (see neuron_model.h): takes this tick's input from
 * the ring-buffer slots (zeroing them), then neuron_update with i_bias[i] = i_offset + the
 * current sources' input; spiked[i] = 1 if neuron i spiked.  Returns nonzero if any did.
 * The params and state regions are in columns (LIF_CURR_EXP_PARAMS_IN_COLUMNS and
 * LIF_CURR_EXP_STATE_IN_COLUMNS in spynn_layout.h): each field is a vector, with no
 * shuffles between records and lanes (a third faster than records where it vectorises).
 * each: ~0u reads every neuron's own parameters; 0u reads the first neuron's for all, for a
 * core whose neurons share them (but i_bias): then a tick moves 25 bytes per neuron
 * through the caches instead of 65, and the update is bound by memory at large scales.
 * each_bias: 0u also reads i_bias[0] for all (a core whose neurons share every parameter and
 * have no current source): one product fewer per neuron, and 4 bytes less to move. */
#if LIF_CURR_EXP_PARAMS_IN_COLUMNS && LIF_CURR_EXP_STATE_IN_COLUMNS
#define NEURON_UPDATE_ALL 1
#define NEURON_STATE_IN_COLUMNS 1
static PLATFORM_ALWAYS_INLINE uint32_t lif_curr_exp_update_all(const uint32_t *restrict cols, uint32_t n,
                                                               uint32_t *restrict state,
                                                               uint16_t *restrict exc_slot, uint32_t exc_shift,
                                                               uint16_t *restrict inh_slot, uint32_t inh_shift,
                                                               const s1615 *restrict i_bias,
                                                               uint8_t *restrict spiked, const uint32_t each,
                                                               const uint32_t each_bias) {
    const s1615 *v_rest = NEURON_PARAM_COLUMN(s1615, cols, n, v_rest);
    const s1615 *v_reset = NEURON_PARAM_COLUMN(s1615, cols, n, v_reset);
    const s1615 *v_thresh = NEURON_PARAM_COLUMN(s1615, cols, n, v_thresh);
    const u032 *p22 = NEURON_PARAM_COLUMN(u032, cols, n, p22);
    const s1615 *p20 = NEURON_PARAM_COLUMN(s1615, cols, n, p20);
    const int32_t *p20_fine = NEURON_PARAM_COLUMN(int32_t, cols, n, p20_fine);
    const s1615 *p21_exc = NEURON_PARAM_COLUMN(s1615, cols, n, p21_exc);
    const s1615 *p21_inh = NEURON_PARAM_COLUMN(s1615, cols, n, p21_inh);
    const u032 *exc_decay = NEURON_PARAM_COLUMN(u032, cols, n, exc_decay);
    const u032 *inh_decay = NEURON_PARAM_COLUMN(u032, cols, n, inh_decay);
    const int32_t *t_refract = NEURON_PARAM_COLUMN(int32_t, cols, n, t_refract);
    s1615 *restrict s_v = NEURON_STATE_COLUMN(s1615, state, n, v);
    int32_t *restrict s_v_frac = NEURON_STATE_COLUMN(int32_t, state, n, v_frac);
    int32_t *restrict s_exc_frac = NEURON_STATE_COLUMN(int32_t, state, n, exc_frac);
    int32_t *restrict s_inh_frac = NEURON_STATE_COLUMN(int32_t, state, n, inh_frac);
    s1615 *restrict s_exc = NEURON_STATE_COLUMN(s1615, state, n, isyn_exc);
    s1615 *restrict s_inh = NEURON_STATE_COLUMN(s1615, state, n, isyn_inh);
    int32_t *restrict s_refract = NEURON_STATE_COLUMN(int32_t, state, n, refract_timer);
    uint32_t any = 0;
    /* the columns are distinct (restrict): no checks between them, which with v_frac's column
     * outnumbered what GCC's cheap cost model versions a loop for, leaving it scalar (4x slower) */
#pragma GCC ivdep
    for (uint32_t i = 0; i < n; i++) {
        const uint32_t j = i & each;
        s1615 exc = s1615_add(s_exc[i], (s1615)((uint32_t)exc_slot[i] << exc_shift));
        s1615 inh = s1615_add(s_inh[i], (s1615)((uint32_t)inh_slot[i] << inh_shift));
        exc_slot[i] = 0;
        inh_slot[i] = 0;
        const int64_t syn30 = (int64_t)exc * p21_exc[j] - (int64_t)inh * p21_inh[j]; /* 2^-30 mV */
        s1615 v = s_v[i];
        int32_t v_frac = s_v_frac[i], refract_timer = s_refract[i];
        int32_t fire = lif_step_lanes(&v, &v_frac, &refract_timer, v_rest[j], p22[j], p20[j], p20_fine[j],
                                      i_bias[i & each_bias], 0, syn30, v_thresh[j], v_reset[j], t_refract[j]);
        s_v[i] = v; /* stored whether or not it changed: no masked stores, so it vectorises */
        s_v_frac[i] = v_frac;
        s_refract[i] = refract_timer;
        int32_t exc_frac = s_exc_frac[i], inh_frac = s_inh_frac[i];
        s_exc[i] = s1615_decay_carried(exc, &exc_frac, exc_decay[j]);
        s_inh[i] = s1615_decay_carried(inh, &inh_frac, inh_decay[j]);
        s_exc_frac[i] = exc_frac;
        s_inh_frac[i] = inh_frac;
        spiked[i] = (uint8_t)fire;
        any |= (uint32_t)fire;
    }
    return any;
}
#define LIF_CURR_EXP_UPDATE_ALL_VARIANT(name, each, each_bias)                                                \
    static PLATFORM_ALWAYS_INLINE uint32_t name##_body(                                                        \
        const uint32_t *restrict cols, uint32_t n, uint32_t *restrict s, uint16_t *restrict exc_slot,         \
        uint32_t exc_shift, uint16_t *restrict inh_slot, uint32_t inh_shift, const s1615 *restrict i_bias,    \
        uint8_t *restrict spiked) {                                                                           \
        return lif_curr_exp_update_all(cols, n, s, exc_slot, exc_shift, inh_slot, inh_shift, i_bias, spiked, \
                                       each, each_bias);                                                      \
    }                                                                                                         \
    PLATFORM_VECTOR_VARIANTS(name, uint32_t,                                                                  \
                             (const uint32_t *restrict cols, uint32_t n, uint32_t *restrict s,                \
                              uint16_t *restrict exc_slot, uint32_t exc_shift, uint16_t *restrict inh_slot,   \
                              uint32_t inh_shift, const s1615 *restrict i_bias, uint8_t *restrict spiked),    \
                             (cols, n, s, exc_slot, exc_shift, inh_slot, inh_shift, i_bias, spiked))
LIF_CURR_EXP_UPDATE_ALL_VARIANT(neuron_update_all, ~0u, ~0u)
LIF_CURR_EXP_UPDATE_ALL_VARIANT(neuron_update_all_shared, 0u, ~0u)
LIF_CURR_EXP_UPDATE_ALL_VARIANT(neuron_update_all_uniform, 0u, 0u)
#endif

/* Recordables: v, then the synaptic inputs (gsyn_exc / gsyn_inh). */
static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s->isyn_exc; }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->isyn_inh; }
#endif

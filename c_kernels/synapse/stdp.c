#include "stdp.h"

#include "rng.h"
#include "synapses.h"

int stdp_init(stdp_t *s, core_t *core, uint32_t n_neurons) {
    uint32_t n;
    uint32_t *r = platform_region(core, REGION_STDP, &n);
    s->header = (stdp_region_header_t *)r;
    s->region = r;
    s->n_neurons = n_neurons;
    s->history = 0;
    if (!r) return 0;
    if (s->header->n_rules > STDP_MAX_RULES) return -10;
    s->rules = (const stdp_rule_t *)(r + sizeof(stdp_region_header_t) / 4);
    s->history = (post_history_t *)platform_dtcm_alloc(core, n_neurons * (uint32_t)sizeof(post_history_t));
    if (!s->history) return -11;
    s->dopamine = 0;
    if (s->header->dopamine_rule) {
        s->dopamine = (dopamine_history_t *)platform_dtcm_alloc(core, n_neurons * (uint32_t)sizeof(dopamine_history_t));
        if (!s->dopamine) return -12;
    }
    return 0;
}

/* exp(-dt h / tau) as u0.16 from a rule's table (0 beyond it). */
static inline uint32_t lut(const uint32_t *region, uint32_t offset, uint32_t length, uint32_t dt) {
    if (dt >= length) return 0;
    uint32_t word = region[offset + (dt >> 1)];
    return (dt & 1u) ? word >> 16 : word & 0xFFFFu;
}

static inline uint64_t round_shift(uint64_t x, uint32_t shift) {
    return (x + ((uint64_t)1 << (shift - 1))) >> shift;
}

static inline uint32_t saturate(uint64_t x) { return x > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)x; }

/* A recurrent rule's window length [ticks], drawn from its exponential table. */
static inline uint32_t draw_window(stdp_t *s, uint32_t table_offset) {
    uint32_t i = rng_next((rng_state_t *)s->header->rng) & (STDP_WINDOW_LUT_SIZE - 1u);
    uint32_t word = s->region[table_offset + (i >> 1)];
    return (i & 1u) ? word >> 16 : word & 0xFFFFu;
}

/* trace (u16.16) decayed by the table value for dt */
static inline uint32_t decay(uint32_t trace, const uint32_t *region, uint32_t offset, uint32_t length, uint32_t dt) {
    return (uint32_t)round_shift((uint64_t)trace * lut(region, offset, length, dt), 16);
}

void stdp_post_spike(stdp_t *s, core_t *core, uint32_t neuron, uint32_t stamp) {
    if (!s->history) return;
    const stdp_rule_t *r = &s->rules[s->header->tau_minus_rule];
    post_history_t *h = &s->history[neuron];
    uint32_t o1 = STDP_TRACE_ONE, o2 = 0;
    if (r->timing_rule == STDP_TIMING_RECURRENT) { /* dual FSM: the post window this spike opens [ticks] */
        o1 = r->dual_fsm ? draw_window(s, r->lut_post_window_offset) : 0;
    } else if (h->count) {
        uint32_t last = h->count - 1, dt = stamp - h->times[last];
        o1 = saturate((uint64_t)decay(h->o1_after[last], s->region, r->lut_minus_offset, r->lut_minus_length, dt) +
                      STDP_TRACE_ONE);
        o2 = decay(saturate((uint64_t)h->o2_before[last] + STDP_TRACE_ONE), s->region, r->lut_y_offset,
                   r->lut_y_length, dt);
    }
    if (h->count == STDP_HISTORY) {
        for (uint32_t i = 1; i < STDP_HISTORY; i++) {
            h->times[i - 1] = h->times[i];
            h->o1_after[i - 1] = h->o1_after[i];
            h->o2_before[i - 1] = h->o2_before[i];
        }
        h->count--;
        platform_provenance(core)->stdp_history_overflows++;
    }
    h->times[h->count] = stamp;
    h->o1_after[h->count] = o1;
    h->o2_before[h->count] = o2;
    h->count++;
}

/* fraction (a_frac_bits fractional bits) of a u16.16 amount, times a u16.16 trace: a u16.16 change */
static inline uint32_t change(const stdp_rule_t *r, uint32_t amount, uint32_t fraction, uint32_t trace) {
    uint64_t part = round_shift((uint64_t)amount * fraction, r->a_frac_bits);
    uint64_t dw = round_shift(part * trace, 16);
    return dw > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)dw;
}

/* What A_plus and A_minus are fractions of: w_max (additive), w_max - w or w - w_min
 * (multiplicative); STDP_WEIGHT_ADD_POT_MULT_DEP potentiates additively and depresses
 * multiplicatively (NEST's stdp_synapse with mu_plus 0, mu_minus 1). */
static inline uint32_t up_amount(const stdp_rule_t *r, uint32_t w) {
    uint32_t w_max = (uint32_t)r->w_max;
    return r->weight_rule != STDP_WEIGHT_MULTIPLICATIVE ? w_max : (w < w_max ? w_max - w : 0);
}
static inline uint32_t down_amount(const stdp_rule_t *r, uint32_t w) {
    uint32_t w_min = (uint32_t)r->w_min;
    return r->weight_rule == STDP_WEIGHT_ADDITIVE ? (uint32_t)r->w_max : (w > w_min ? w - w_min : 0);
}
static inline uint32_t add_clamped(uint32_t w, uint32_t dw, uint32_t w_max) {
    return (dw > w_max - w || w > w_max) ? w_max : w + dw;
}
static inline uint32_t sub_clamped(uint32_t w, uint32_t dw, uint32_t w_min) {
    return (dw >= w - w_min || w < w_min) ? w_min : w - dw;
}
/* A potentiation (A_plus) or depression (A_minus) step of a pair rule: a negative
 * amplitude (bit of a_negative) turns it the other way. */
static inline uint32_t potentiate(const stdp_rule_t *r, uint32_t w, uint32_t dw) {
    return (r->a_negative & 1u) ? sub_clamped(w, dw, (uint32_t)r->w_min) : add_clamped(w, dw, (uint32_t)r->w_max);
}
static inline uint32_t depress(const stdp_rule_t *r, uint32_t w, uint32_t dw) {
    return (r->a_negative & 2u) ? add_clamped(w, dw, (uint32_t)r->w_max) : sub_clamped(w, dw, (uint32_t)r->w_min);
}

/* Trace rules (pair, nearest, Vogels, triplet), one synapse: the post spikes that reached
 * it in (last, tick], then this pre spike.  k_plus, r2_now: the row's pre traces. */
static uint32_t trace_synapse(const stdp_t *s, const stdp_rule_t *r, const post_history_t *h, uint32_t d,
                              uint32_t last, uint32_t tick, uint32_t k_plus, uint32_t r2_now, uint32_t w) {
    const uint32_t *g = s->region;
    const uint32_t w_min = (uint32_t)r->w_min, w_max = (uint32_t)r->w_max;
    int latest = -1; /* the latest post spike that reached the synapse before this pre spike */
    /* nearest neighbour (sPyNNaker's timing_nearest_pair_impl.h): only the first post spike
     * after the last pre spike potentiates; the later ones pair with no pre spike */
    int first_only = r->timing_rule == STDP_TIMING_NEAREST, paired = 0;
    for (uint32_t j = 0; j < h->count; j++) {
        uint32_t t_post = h->times[j] + d; /* when the post spike reaches the synapse */
        if (t_post > last && t_post <= tick && !(first_only && paired)) {
            paired = 1;
            uint32_t r1 = decay(k_plus, g, r->lut_plus_offset, r->lut_plus_length, t_post - last);
            uint32_t amount = up_amount(r, w);
            uint32_t dw = change(r, amount, r->a_plus, r1);
            if (r->lut_y_length) /* triplet: r1 (A2+ + A3+ o2) */
                dw += change(r, amount, r->a3_plus, saturate(round_shift((uint64_t)r1 * h->o2_before[j], 16)));
            w = potentiate(r, w, dw);
        }
        if (t_post < tick) latest = (int)j;
    }
    if (r->timing_rule == STDP_TIMING_VOGELS) {
        /* the pre spike: + eta K_post (a_plus = eta / w_max), then - eta alpha (a_minus = eta alpha / w_max) */
        uint32_t k_post = latest < 0 ? 0
            : decay(h->o1_after[latest], g, r->lut_minus_offset, r->lut_minus_length, tick - h->times[latest] - d);
        w = add_clamped(w, change(r, w_max, r->a_plus, k_post), w_max);
        w = sub_clamped(w, change(r, w_max, r->a_minus, STDP_TRACE_ONE), w_min);
    } else if (latest >= 0) {
        /* K- at t - d: all post spikes before it (nearest neighbour: the latest only) */
        uint32_t dt = tick - h->times[latest] - d;
        uint32_t o1 = r->timing_rule == STDP_TIMING_NEAREST ? STDP_TRACE_ONE : h->o1_after[latest];
        uint32_t k_minus = decay(o1, g, r->lut_minus_offset, r->lut_minus_length, dt);
        uint32_t amount = down_amount(r, w);
        uint32_t dw = change(r, amount, r->a_minus, k_minus);
        if (r->lut_x_length) /* triplet: o1 (A2- + A3- r2) */
            dw += change(r, amount, r->a3_minus, saturate(round_shift((uint64_t)k_minus * r2_now, 16)));
        w = depress(r, w, dw);
    }
    return w;
}

/* Recurrent rule state word: window [ticks] in bits 0-15, FSM state in 16-17, accumulator
 * (signed) in 24-31. */
enum { FSM_IDLE = 0, FSM_PRE_OPEN = 1, FSM_POST_OPEN = 2 };

/* One step towards potentiation (+1) or depression (-1): the weight changes by a full
 * A_plus or A_minus step when the accumulator reaches its threshold, then restarts. */
static inline uint32_t accumulate(const stdp_rule_t *r, int32_t *acc, int up, uint32_t w) {
    if (up) {
        if (*acc < r->acc_potentiation_minus_one) {
            (*acc)++;
            return w;
        }
        *acc = 0;
        return add_clamped(w, change(r, up_amount(r, w), r->a_plus, STDP_TRACE_ONE), (uint32_t)r->w_max);
    }
    if (*acc > r->acc_depression_plus_one) {
        (*acc)--;
        return w;
    }
    *acc = 0;
    return sub_clamped(w, change(r, down_amount(r, w), r->a_minus, STDP_TRACE_ONE), (uint32_t)r->w_min);
}

/* sPyNNaker's RecurrentRule, one synapse: the post spikes that reached it in (last, tick],
 * then this pre spike.  Dual FSM: a post spike inside the window opened by the previous
 * pre spike counts towards potentiation; a pre spike inside the window opened by the latest
 * post spike counts towards depression.  Single FSM: one state machine per synapse,
 * IDLE / PRE_OPEN / POST_OPEN, each event opening, closing or re-drawing a window. */
static uint32_t recurrent_synapse(stdp_t *s, const stdp_rule_t *r, const post_history_t *h, uint32_t d,
                                  uint32_t last, uint32_t pre_window, uint32_t tick, uint32_t w, uint32_t *word) {
    uint32_t st = *word;
    int32_t acc = (int32_t)(int8_t)(uint8_t)(st >> 24);
    uint32_t fsm = (st >> 16) & 3u, window = st & 0xFFFFu;
    uint32_t prev_post = 0; /* when the latest post spike so far reached the synapse */
    int have_post = 0, latest = -1;
    for (uint32_t j = 0; j < h->count; j++) {
        uint32_t t_post = h->times[j] + d;
        if (t_post > tick) break;
        if (t_post > last) {
            if (r->dual_fsm) {
                if (t_post - last < pre_window) w = accumulate(r, &acc, 1, w);
            } else if (fsm == FSM_IDLE) {
                fsm = FSM_POST_OPEN;
                window = draw_window(s, r->lut_post_window_offset);
            } else if (fsm == FSM_POST_OPEN) {
                if (have_post && t_post - prev_post < window) fsm = FSM_IDLE;
                else window = draw_window(s, r->lut_post_window_offset);
            } else if (t_post - last < window) { /* PRE_OPEN, post inside the pre window */
                w = accumulate(r, &acc, 1, w);
                fsm = FSM_IDLE;
            } else {
                fsm = FSM_POST_OPEN;
                window = draw_window(s, r->lut_post_window_offset);
            }
        }
        prev_post = t_post;
        have_post = 1;
        latest = (int)j;
    }
    if (r->dual_fsm) {
        if (latest >= 0 && tick - prev_post < h->o1_after[latest]) w = accumulate(r, &acc, 0, w);
    } else if (fsm == FSM_IDLE) {
        fsm = FSM_PRE_OPEN;
        window = draw_window(s, r->lut_pre_window_offset);
    } else if (fsm == FSM_PRE_OPEN) {
        if (tick - last < window) fsm = FSM_IDLE;
        else window = draw_window(s, r->lut_pre_window_offset);
    } else if (have_post && tick - prev_post < window) { /* POST_OPEN, pre inside the post window */
        w = accumulate(r, &acc, 0, w);
        fsm = FSM_IDLE;
    } else {
        fsm = FSM_PRE_OPEN;
        window = draw_window(s, r->lut_pre_window_offset);
    }
    *word = ((uint32_t)(uint8_t)(int8_t)acc << 24) | (fsm << 16) | (window & 0xFFFFu);
    return w;
}

/* f^n for a u0.32 factor f (< 1): u0.32, with 1.0 as 2^32 (n = 0).  Not inlined: a dozen
 * callers, none in the pair rules' per-synapse path, and the STDP images fill the ITCM. */
static __attribute__((noinline)) uint64_t pow_decay(uint32_t f, uint32_t n) {
    uint64_t r = (uint64_t)1 << 32, b = f;
    while (n) {
        if (n & 1u) r = (r * b + ((uint64_t)1 << 31)) >> 32;
        b = (b * b + ((uint64_t)1 << 31)) >> 32;
        n >>= 1;
    }
    return r;
}

/* x (signed) times a u0.32 decay, rounded */
static inline int64_t scale_decay(int64_t x, uint64_t f) { return (x * (int64_t)f + ((int64_t)1 << 31)) >> 32; }

/* Dopamine (s15.16) at neuron `n` at time t, from the events at or before t. */
static int64_t dopamine_at(const stdp_t *s, uint32_t d_decay, uint32_t n, uint32_t t) {
    const dopamine_history_t *h = &s->dopamine[n];
    int64_t D = t >= h->base_time ? scale_decay(h->base, pow_decay(d_decay, t - h->base_time)) : 0;
    for (uint32_t k = 0; k < h->count && h->times[k] <= t; k++)
        D += scale_decay(h->inc[k], pow_decay(d_decay, t - h->times[k]));
    return D;
}

/* A dopamine event reaches neuron n at time t (kept in time order). */
static void dopamine_add(stdp_t *s, provenance_t *prov, uint32_t d_decay, uint32_t n, uint32_t t, int32_t inc) {
    dopamine_history_t *h = &s->dopamine[n];
    if (h->count == STDP_DA_HISTORY) { /* the oldest folds into the base level */
        int64_t base = h->base_time <= h->times[0]
            ? scale_decay(h->base, pow_decay(d_decay, h->times[0] - h->base_time)) : 0;
        h->base = (int32_t)(base + h->inc[0]);
        h->base_time = h->times[0];
        for (uint32_t k = 1; k < STDP_DA_HISTORY; k++) {
            h->times[k - 1] = h->times[k];
            h->inc[k - 1] = h->inc[k];
        }
        h->count--;
        prov->stdp_history_overflows++;
    }
    uint32_t k = h->count;
    while (k > 0 && h->times[k - 1] > t) {
        h->times[k] = h->times[k - 1];
        h->inc[k] = h->inc[k - 1];
        k--;
    }
    h->times[k] = t;
    h->inc[k] = inc;
    h->count++;
}

/* Between two events dt steps apart: w += integral of c D, c and D decay (closed form). */
static void integrate(const stdp_rule_t *r, int64_t *w, int64_t *c, int64_t *D, uint32_t dt) {
    if (!dt) return;
    uint64_t e = pow_decay(r->e_decay, dt);
    int64_t cd = (*c * *D + (1 << 15)) >> 16;                                      /* s.16 */
    int64_t k = (int64_t)((r->tau_e * (((uint64_t)1 << 32) - e) + ((uint64_t)1 << 31)) >> 32); /* ms, u16.16 */
    *w += (cd * k + (1 << 15)) >> 16;
    if (*w > r->w_max) *w = r->w_max;
    if (*w < r->w_min) *w = r->w_min;
    *c = scale_decay(*c, pow_decay(r->c_decay, dt));
    *D = scale_decay(*D, pow_decay(r->d_decay, dt));
}

/* Neuromodulated pair STDP, one synapse (sPyNNaker's Izhikevich 2007 rule): pairings
 * change the eligibility trace c (state word); the weight follows dw/dt = c D between
 * events, integrated exactly over the post spikes and dopamine events in (last, tick]. */
static uint32_t neuromodulated_synapse(const stdp_t *s, const stdp_rule_t *r, uint32_t neuron, uint32_t d,
                                       uint32_t last, uint32_t tick, uint32_t k_plus, uint32_t w_in,
                                       uint32_t *state) {
    const post_history_t *h = &s->history[neuron];
    const dopamine_history_t *da = &s->dopamine[neuron];
    int64_t w = w_in, c = (int32_t)*state, D = dopamine_at(s, r->d_decay, neuron, last);
    uint32_t cur = last, j = 0, k = 0;
    int latest = -1;
    int first_only = r->timing_rule == STDP_TIMING_NEAREST, paired = 0; /* as trace_synapse */
    for (;;) {
        uint32_t tp = j < h->count ? h->times[j] + d : 0xFFFFFFFFu;
        uint32_t ta = k < da->count ? da->times[k] : 0xFFFFFFFFu;
        if (j < h->count && tp <= last) {
            if (tp < tick) latest = (int)j;
            j++;
            continue;
        }
        if (k < da->count && ta <= last) {
            k++;
            continue;
        }
        uint32_t next = tp <= ta ? tp : ta;
        if (next > tick) break;
        integrate(r, &w, &c, &D, next - cur);
        cur = next;
        if (tp <= ta) { /* a post spike reaches the synapse: potentiation of c */
            if (!(first_only && paired)) {
                uint32_t r1 = decay(k_plus, s->region, r->lut_plus_offset, r->lut_plus_length, tp - last);
                int64_t dc = change(r, up_amount(r, (uint32_t)w), r->a_plus, r1);
                c += (r->a_negative & 1u) ? -dc : dc;
                paired = 1;
            }
            if (tp < tick) latest = (int)j;
            j++;
        } else {
            D += da->inc[k++];
        }
    }
    integrate(r, &w, &c, &D, tick - cur);
    if (latest >= 0) { /* this pre spike: depression of c by K- at t - d */
        uint32_t dt = tick - h->times[latest] - d;
        uint32_t o1 = first_only ? STDP_TRACE_ONE : h->o1_after[latest]; /* nearest: the latest only */
        uint32_t k_minus = decay(o1, s->region, r->lut_minus_offset, r->lut_minus_length, dt);
        int64_t dc = change(r, down_amount(r, (uint32_t)w), r->a_minus, k_minus);
        c -= (r->a_negative & 2u) ? -dc : dc;
    }
    if (c > 0x7FFFFFFF) c = 0x7FFFFFFF;
    if (c < -0x7FFFFFFF) c = -0x7FFFFFFF;
    *state = (uint32_t)(int32_t)c;
    return (uint32_t)w;
}

/* Rows of a Neuromodulation projection: each synapse adds (or, punishment, removes) its
 * weight of dopamine at its neuron when it arrives; nothing reaches the ring buffers. */
static void dopamine_row(stdp_t *s, struct synapses *syn, provenance_t *prov, uint32_t *row, uint32_t tick,
                         const stdp_rule_t *r) {
    const uint32_t n_plastic = row[0];
    const uint32_t *weights = row + 1 + STDP_HEADER_WORDS;
    const uint32_t n = row[1 + n_plastic + 1];
    const uint16_t *control = (const uint16_t *)(row + 1 + n_plastic + 2 + row[1 + n_plastic]);
    const uint32_t index_mask = (1u << syn->log_n_neurons) - 1u;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t ctrl = control[k], d = (ctrl >> syn->type_index_bits) & syn->delay_mask;
        int32_t inc = (int32_t)weights[k];
        dopamine_add(s, prov, r->d_decay, ctrl & index_mask, tick + d, r->dopamine_sign ? -inc : inc);
    }
    prov->synaptic_events += n;
    row[1] = tick;
}

/* Add a u16.16 weight (its integer part) to the ring-buffer entry of the synapse with control
 * half-word ctrl, for a presynaptic spike stamped tick. */
static inline void deliver(struct synapses *syn, provenance_t *prov, uint32_t tick, uint32_t ctrl, uint32_t w) {
    const uint32_t ti_bits = syn->type_index_bits, d = (ctrl >> ti_bits) & syn->delay_mask;
    uint32_t idx = ((((tick + d) & syn->delay_mask) << ti_bits) | (ctrl & ((1u << ti_bits) - 1u))) & syn->ring_mask;
    synapses_ring_add(syn, &prov->plastic_saturations, idx, w >> 16);
}

static inline uint64_t clamp_one(int64_t v, int64_t one) { return v < 0 ? 0 : (uint64_t)(v > one ? one : v); }

/* Tsodyks-Markram short-term plasticity (NEST's tsodyks_synapse), one row.  Every synapse of
 * the row sees the same presynaptic spikes, h = tick - last steps apart; its state words are
 * U, u, x, y (u1.31).  Over h the recovered resources x grow from the inactive ones
 * z = 1 - x - y (tau_rec), the active ones y decay (tau_psc, the postsynaptic current's time
 * constant) and u decays (tau_facil); the spike then facilitates u += U (1 - u), releases
 * u x of the recovered resources into y and delivers w u x.  The weight does not change. */
static void tsodyks_markram_row(const stdp_rule_t *r, struct synapses *syn, provenance_t *prov, uint32_t *row,
                                uint32_t tick) {
    const uint32_t n_plastic = row[0];
    uint32_t *header = row + 1;
    const uint32_t h = tick - header[0];
    const uint32_t *weights = header + STDP_HEADER_WORDS;
    const uint32_t capacity = (n_plastic - STDP_HEADER_WORDS) / (1u + r->synapse_words);
    const uint32_t n = row[1 + n_plastic + 1];
    uint32_t *state = header + STDP_HEADER_WORDS + capacity;
    const uint16_t *control = (const uint16_t *)(row + 1 + n_plastic + 2 + row[1 + n_plastic]);
    const int64_t one = STP_ONE, one32 = (int64_t)1 << 32;
    /* propagators over h steps, u0.32; P_xy = (1 - P_zz) + c (P_yy - P_zz), c = tau_psc / (tau_rec - tau_psc) */
    const uint64_t p_uu = r->fac_decay ? pow_decay(r->fac_decay, h) : 0;
    const int64_t p_yy = (int64_t)pow_decay(r->psc_decay, h), p_zz = (int64_t)pow_decay(r->rec_decay, h);
    const uint64_t p_xz = (uint64_t)(one32 - p_zz);
    const uint64_t p_xy = clamp_one((int64_t)p_xz + (((int64_t)r->psc_coupling * ((p_yy - p_zz) / 2)) >> 19), one32);
    for (uint32_t k = 0; k < n; k++, state += STP_SYNAPSE_WORDS) {
        const uint64_t use = state[0];
        uint64_t u = state[1], x = state[2], y = state[3];
        const uint64_t z = clamp_one(one - (int64_t)x - (int64_t)y, one);
        u = (u * p_uu + ((uint64_t)1 << 31)) >> 32;
        x += (p_xy * y + p_xz * z + ((uint64_t)1 << 31)) >> 32;
        y = (y * p_yy + ((uint64_t)1 << 31)) >> 32;
        u += (use * (uint64_t)(one - (int64_t)u) + ((uint64_t)1 << 30)) >> 31;
        x = clamp_one((int64_t)x, one);
        const uint64_t released = (u * x + ((uint64_t)1 << 30)) >> 31;
        state[1] = (uint32_t)u;
        state[2] = (uint32_t)(x - released);
        state[3] = (uint32_t)clamp_one((int64_t)(y + released), one);
        const uint64_t units = ((uint64_t)weights[k] * released + ((uint64_t)1 << 46)) >> 47; /* w u x, rounded */
        deliver(syn, prov, tick, control[k], (uint32_t)units << 16);
    }
    prov->synaptic_events += n;
    header[0] = tick;
}

/* SimpleStochasticSynapse (NEST's bernoulli_synapse), one row: each synapse sends its weight
 * with probability p (its state word, u1.31), drawn from the core's generator. */
static void stochastic_row(stdp_t *s, const stdp_rule_t *r, struct synapses *syn, provenance_t *prov, uint32_t *row,
                           uint32_t tick) {
    const uint32_t n_plastic = row[0];
    const uint32_t *weights = row + 1 + STDP_HEADER_WORDS;
    const uint32_t capacity = (n_plastic - STDP_HEADER_WORDS) / (1u + r->synapse_words);
    const uint32_t n = row[1 + n_plastic + 1];
    const uint32_t *p = weights + capacity;
    const uint16_t *control = (const uint16_t *)(row + 1 + n_plastic + 2 + row[1 + n_plastic]);
    rng_state_t *rng = (rng_state_t *)s->header->rng;
    for (uint32_t k = 0; k < n; k++)
        if ((rng_next(rng) >> 1) < p[k]) {
            deliver(syn, prov, tick, control[k], weights[k] < 0xFFFF8000u ? weights[k] + 0x8000u : weights[k]); /* rounded */
            prov->synaptic_events++;
        }
    row[1] = tick;
}

/* Quantal release (NEST's quantal_stp_synapse; PyNN's StochasticTsodyksMarkramSynapse is its
 * one-site case), one row.  A synapse has n release sites, a of them available, and a release
 * probability u; its state words are U, u (u1.31) and a | n << 16.  At a spike h steps after
 * the row's last one, u = U + u (1 - U) exp(-h / tau_facil), each depleted site recovers with
 * probability 1 - exp(-h / tau_rec), each available site releases with probability u, and the
 * synapse sends its weight times the sites released, which are depleted.  The row's first
 * spike releases with u and a as they were set (NEST's order); header[1] marks that it passed. */
static void quantal_row(stdp_t *s, const stdp_rule_t *r, struct synapses *syn, provenance_t *prov, uint32_t *row,
                        uint32_t tick) {
    const uint32_t n_plastic = row[0];
    uint32_t *header = row + 1;
    const uint32_t h = tick - header[0];
    const uint32_t *weights = header + STDP_HEADER_WORDS;
    const uint32_t capacity = (n_plastic - STDP_HEADER_WORDS) / (1u + r->synapse_words);
    const uint32_t n = row[1 + n_plastic + 1];
    uint32_t *state = header + STDP_HEADER_WORDS + capacity;
    const uint16_t *control = (const uint16_t *)(row + 1 + n_plastic + 2 + row[1 + n_plastic]);
    rng_state_t *rng = (rng_state_t *)s->header->rng;
    const uint64_t p_uu = r->fac_decay ? pow_decay(r->fac_decay, h) : 0;
    const uint64_t p_recover = ((uint64_t)1 << 32) - pow_decay(r->rec_decay, h); /* u0.32, up to 1.0 */
    const uint32_t first = header[1] == 0;
    for (uint32_t k = 0; k < n; k++, state += STP_QUANTAL_WORDS) {
        const uint64_t use = state[0];
        const uint64_t decayed = (state[1] * p_uu + ((uint64_t)1 << 31)) >> 32;
        const uint32_t u = first ? state[1] : (uint32_t)(use + ((decayed * (STP_ONE - use) + ((uint64_t)1 << 30)) >> 31));
        uint32_t available = state[2] & 0xFFFFu, released = 0;
        const uint32_t sites = state[2] >> 16;
        for (uint32_t depleted = first ? 0 : sites - available; depleted > 0; depleted--)
            if ((uint64_t)rng_next(rng) < p_recover) available++;
        for (uint32_t i = available; i > 0; i--)
            if ((rng_next(rng) >> 1) < u) released++;
        if (released) {
            uint64_t w = (uint64_t)weights[k] * released + 0x8000u; /* rounded to whole ring-buffer units */
            if (w > 0xFFFFFFFFu) {
                w = 0xFFFFFFFFu;
                prov->plastic_saturations++;
            }
            deliver(syn, prov, tick, control[k], (uint32_t)w);
            prov->synaptic_events++;
        }
        state[1] = u;
        state[2] = (available - released) | sites << 16;
    }
    header[0] = tick;
    header[1] = 1;
}

void stdp_process_row(stdp_t *s, struct synapses *syn, provenance_t *prov, uint32_t *row, uint32_t tick) {
    const uint32_t n_plastic = row[0];
    uint32_t *header = row + 1;
    uint32_t last = header[0], k_plus = header[1], rule_index = header[2], r2 = header[3];
    if (!s->header || rule_index >= s->header->n_rules) {
        prov->invalid_keys++;
        return;
    }
    const stdp_rule_t *r = &s->rules[rule_index];
    if (r->timing_rule == STDP_TIMING_QUANTAL) {
        quantal_row(s, r, syn, prov, row, tick);
        return;
    }
    if (r->timing_rule == STDP_TIMING_STOCHASTIC) {
        stochastic_row(s, r, syn, prov, row, tick);
        return;
    }
    if (r->timing_rule == STDP_TIMING_TSODYKS_MARKRAM) {
        tsodyks_markram_row(r, syn, prov, row, tick);
        return;
    }
    if (r->timing_rule == STDP_TIMING_DOPAMINE) {
        if (s->dopamine) dopamine_row(s, syn, prov, row, tick, r);
        return;
    }
    const uint32_t *g = s->region;
    uint32_t *weights = header + STDP_HEADER_WORDS;
    const uint32_t capacity = (n_plastic - STDP_HEADER_WORDS) / (1u + r->synapse_words); /* slots */
    const uint32_t n = row[1 + n_plastic + 1];                                          /* P: in use */
    uint32_t *states = weights + capacity; /* synapse_words = 1 */
    const uint16_t *control = (const uint16_t *)(row + 1 + n_plastic + 2 + row[1 + n_plastic]);
    const uint32_t n_index_bits = syn->log_n_neurons, ti_bits = syn->type_index_bits;
    const uint32_t index_mask = (1u << n_index_bits) - 1u;
    const int recurrent = r->timing_rule == STDP_TIMING_RECURRENT;
    const uint32_t r2_now = decay(r2, g, r->lut_x_offset, r->lut_x_length, tick - last); /* just before this spike */

    for (uint32_t k = 0; k < n; k++) {
        uint32_t ctrl = control[k];
        uint32_t d = (ctrl >> ti_bits) & syn->delay_mask;
        const post_history_t *h = &s->history[ctrl & index_mask];
        uint32_t w = recurrent            ? recurrent_synapse(s, r, h, d, last, k_plus, tick, weights[k], &states[k])
                     : r->neuromodulated && s->dopamine ? neuromodulated_synapse(s, r, ctrl & index_mask, d, last, tick, k_plus,
                                                                  weights[k], &states[k])
                                         : trace_synapse(s, r, h, d, last, tick, k_plus, r2_now, weights[k]);
        weights[k] = w;
        deliver(syn, prov, tick, ctrl, w); /* the updated weight, as NEST sends the event with it */
    }
    prov->synaptic_events += n;
    header[0] = tick;
    if (recurrent) { /* dual FSM: this spike opens a pre window [ticks] */
        header[1] = r->dual_fsm ? draw_window(s, r->lut_pre_window_offset) : 0;
        return;
    }
    /* all-to-all: the traces accumulate; nearest neighbour: r1 restarts at one */
    uint32_t decayed = decay(k_plus, g, r->lut_plus_offset, r->lut_plus_length, tick - last);
    header[1] = r->timing_rule == STDP_TIMING_NEAREST ? STDP_TRACE_ONE : saturate((uint64_t)decayed + STDP_TRACE_ONE);
    if (r->lut_x_length) header[3] = saturate((uint64_t)r2_now + STDP_TRACE_ONE);
}

/* Procedural rows: a static projection whose rows are made from seeds when a spike comes,
 * instead of read from the synaptic matrix (GeNN's procedural connectivity; sPyNNaker's
 * synapse expander makes the same kind of description into rows at load time).  Integer
 * only, so a row is the same words on the host and on ARM.
 *
 * Presynaptic neuron i and each block b of PROCEDURAL_BLOCK_NEURONS post neurons (b = post
 * index / 64 in the whole population) have a stream of their own, SplitMix64 seeded from
 * (seed, i, b).  A block's draws, in order:
 *
 *     k ~ Binomial(64, p)            the first draw's high 32 bits, searched in the block's CDF
 *                                    (cdf[c] = P(k <= c) 2^32)
 *     k distinct positions           6 bits at a time, low bits first: 5 from the first draw's
 *                                    low half, then 10 from each further draw (the 64 - k left
 *                                    out, when k > 32)
 *     per position, ascending:       one draw: high 32 bits -> weight, low 32 bits -> delay,
 *                                    each through its quantile table (when not a constant)
 *
 * Every pair (i, j) is therefore kept independently with probability p, and what a block
 * draws does not depend on the core that asks: a row on a core is its blocks' synapses that
 * fall on the core's neurons (and not on i itself, with no_self), so rows are the same
 * however the population is split over cores.
 *
 * Quantile table: a value x = F(u) of u in (0, 1), drawn as u = r / 2^32 for a 32-bit r, in
 * int64 (48 bits used), kept as (low word, high word) pairs.  Each half of (0, 1) is split in
 * octaves toward its end (u in [2^-(2+o), 2^-(1+o)) for the lower half, 1 - u likewise for the
 * upper), o = 0 .. PROCEDURAL_OCTAVES - 1, each in 2^PROCEDURAL_CELL_BITS cells whose end
 * points are tabled: x is interpolated linearly (16 bits of fraction) in its cell.  Entry of
 * (half h, octave o, point c): (2 o + h) (CELLS + 1) + c, so the octaves most draws fall in
 * (u near 1/2) are the first few cache lines.  A block names its tables by their offsets from
 * it: the mapping lays each table out once per chip, after the chip's cores' blocks
 * (spynn/image/regions.py), and every core of the chip that uses it points there. */
#ifndef PROCEDURAL_H
#define PROCEDURAL_H
#include <stdint.h>
#include "platform.h"
#include "spynn_layout.h"

#define PROCEDURAL_GAMMA 0x9E3779B97F4A7C15ull
#define PROCEDURAL_CELLS (1u << PROCEDURAL_CELL_BITS)
/* Words a row's buffer needs beyond one per neuron: the host makes a row's words in whole
 * vectors of PROCEDURAL_ROW_PAD synapses (procedural_words), the ARM968 one at a time. */
#if defined(__arm__)
#define PROCEDURAL_ROW_PAD 0u
#else
#define PROCEDURAL_ROW_PAD PROCEDURAL_HOST_ROW_PAD
#endif

static inline uint64_t procedural_mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline uint64_t procedural_next(uint64_t *state) {
    *state += PROCEDURAL_GAMMA;
    return procedural_mix(*state);
}

/* The stream of (presynaptic neuron pre, post block) under seed. */
static inline uint64_t procedural_stream(uint64_t seed, uint32_t pre, uint32_t block) {
    return seed ^ procedural_mix((((uint64_t)pre << 32) | block) + PROCEDURAL_GAMMA);
}

/* The value of quantile table t at u = r / 2^32. */
static inline int64_t procedural_quantile(const uint32_t *t, uint32_t r) {
    uint32_t upper = r >> 31, x = upper ? ~r : r;
    if (!x) x = 1u;
    uint32_t s = (uint32_t)__builtin_clz(x); /* 1 .. 31: x / 2^32 in [2^-(1+s), 2^-s) */
    uint32_t y = x << s;                     /* its leading one at bit 31 */
    uint32_t c = (y >> (31u - PROCEDURAL_CELL_BITS)) & (PROCEDURAL_CELLS - 1u);
    int64_t f = (int64_t)((y << (1u + PROCEDURAL_CELL_BITS)) >> 16); /* the next 16 bits */
    const uint32_t *e = t + 2u * ((2u * (s - 1u) + upper) * (PROCEDURAL_CELLS + 1u) + c);
    int64_t a = (int64_t)((uint64_t)e[0] | ((uint64_t)e[1] << 32));
    int64_t b = (int64_t)((uint64_t)e[2] | ((uint64_t)e[3] << 32));
    return a + (((b - a) * f) >> 16);
}

#if !defined(__arm__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* procedural_quantile, its entries read as 64-bit words (a little-endian host's view of the
 * (low word, high word) pairs), which vectorising compilers gather. */
typedef uint64_t __attribute__((may_alias, aligned(4))) procedural_entry_t;
static inline int64_t procedural_quantile_host(const procedural_entry_t *t, uint32_t r) {
    uint32_t upper = r >> 31, x = upper ? ~r : r;
    if (!x) x = 1u;
    uint32_t s = (uint32_t)__builtin_clz(x);
    uint32_t y = x << s;
    uint32_t c = (y >> (31u - PROCEDURAL_CELL_BITS)) & (PROCEDURAL_CELLS - 1u);
    int64_t f = (int64_t)((y << (1u + PROCEDURAL_CELL_BITS)) >> 16);
    const uint32_t i = (2u * (s - 1u) + upper) * (PROCEDURAL_CELLS + 1u) + c;
    const int64_t a = (int64_t)t[i], b = (int64_t)t[i + 1u];
    return a + (((b - a) * f) >> 16);
}
#define PROCEDURAL_TABLE(t) ((const procedural_entry_t *)(t))
#define PROCEDURAL_QUANTILE procedural_quantile_host
#else
#define PROCEDURAL_TABLE(t) (t)
#define PROCEDURAL_QUANTILE procedural_quantile
#endif

/* One block's count k and positions (a bitmap of k bits); *state is left where the synapses'
 * own draws start (procedural_block).  Returns k. */
static inline uint32_t procedural_positions(const procedural_block_t *d, uint32_t pre, uint32_t block, uint64_t *bitmap,
                                            uint64_t *state) {
    const uint32_t *cdf = (const uint32_t *)d + d->cdf;
    *state = procedural_stream(((uint64_t)d->seed_hi << 32) | d->seed_lo, pre, block);
    uint64_t z = procedural_next(state);
    uint32_t u = (uint32_t)(z >> 32), k = 0, left = 5u; /* then 5 positions of 6 bits in the low half */
    while (k < PROCEDURAL_BLOCK_NEURONS && u >= cdf[k]) k++;
    const uint32_t want = k <= PROCEDURAL_BLOCK_NEURONS / 2u ? k : PROCEDURAL_BLOCK_NEURONS - k;
    uint64_t bits = 0;
    for (uint32_t n = 0; n < want;) {
        if (!left) {
            z = procedural_next(state);
            left = 10u; /* 10 positions of 6 bits a draw */
        }
        uint64_t b = (uint64_t)1 << (uint32_t)(z & 63u);
        z >>= 6;
        left--;
        if (!(bits & b)) {
            bits |= b;
            n++;
        }
    }
    *bitmap = want != k ? ~bits : bits;
    return k;
}

/* One block's draws: its k synapses' positions (ascending, 0..63) and, unless draws is 0 (the
 * connections only), the draw each takes its weight and delay from (procedural_weight,
 * procedural_delay); none is taken when both are constants.  Returns k. */
static inline uint32_t procedural_block(const procedural_block_t *d, uint32_t pre, uint32_t block, uint8_t *pos,
                                        uint64_t *draws) {
    uint64_t bits, state;
    const uint32_t k = procedural_positions(d, pre, block, &bits, &state);
    const int draw = draws && (d->weight_table || d->delay_table);
    for (uint32_t n = 0; bits; bits &= bits - 1u, n++) {
        pos[n] = (uint8_t)__builtin_ctzll(bits);
        if (draw) draws[n] = procedural_next(&state);
    }
    return k;
}

/* A synapse's weight [ring-buffer units] from its draw, through quantile table t, whose values
 * are the weights << shift. */
static inline uint32_t procedural_weight_drawn(uint32_t shift, const uint32_t *t, uint64_t draw) {
    const int64_t x = PROCEDURAL_QUANTILE(PROCEDURAL_TABLE(t), (uint32_t)(draw >> 32));
    const int64_t half = (int64_t)1 << (shift - 1u), rest = x & (2 * half - 1);
    int64_t v = x >> shift;
    v += rest > half || (rest == half && (v & 1)); /* to nearest, ties to even, as the mapping rounds */
    return v > 0xFFFF ? 0xFFFFu : (uint32_t)v;
}

/* A synapse's weight [ring-buffer units] from its draw. */
static inline uint32_t procedural_weight(const procedural_block_t *d, uint64_t draw) {
    if (!d->weight_table) return d->weight_value;
    return procedural_weight_drawn(d->weight_shift, (const uint32_t *)d + d->weight_table, draw);
}

/* A synapse's delay [timesteps, 1 .. max_delay] from its draw, through quantile table t. */
static inline uint32_t procedural_delay_drawn(uint32_t max_delay, const uint32_t *t, uint64_t draw) {
    int64_t v = (PROCEDURAL_QUANTILE(PROCEDURAL_TABLE(t), (uint32_t)draw) + 0x8000) >> 16;
    return v < 1 ? 1u : v > (int64_t)max_delay ? max_delay : (uint32_t)v;
}

/* A synapse's delay [timesteps, 1 .. max_delay] from its draw. */
static inline uint32_t procedural_delay(const procedural_block_t *d, uint64_t draw) {
    if (!d->delay_table) return d->delay_value;
    return procedural_delay_drawn(d->max_delay, (const uint32_t *)d + d->delay_table, draw);
}

#if !defined(__arm__)
/* The host's second pass of procedural_row: every synapse's draw (from state[i]), weight and
 * delay, into the words out[i] that hold its type and index, in a loop that compilers
 * vectorise (no branches; several synapses at once, where the ARM968 takes one at a time). */
static PLATFORM_ALWAYS_INLINE void procedural_words_body(const procedural_block_t *restrict d,
                                                         const uint64_t *restrict state, uint32_t *restrict out,
                                                         uint32_t n, uint32_t type_index_bits) {
    const uint32_t offset = d->delay_offset, shift = d->weight_shift, max_delay = d->max_delay;
    const uint32_t *restrict wt = (const uint32_t *)d + d->weight_table, *restrict dt = (const uint32_t *)d + d->delay_table;
    if (d->weight_table && d->delay_table) {
        for (uint32_t i = 0; i < n; i++) {
            const uint64_t z = procedural_mix(state[i]);
            out[i] |= (procedural_weight_drawn(shift, wt, z) << WEIGHT_SHIFT) |
                      ((procedural_delay_drawn(max_delay, dt, z) - offset) << type_index_bits);
        }
    } else if (d->weight_table) {
        const uint32_t delay = (d->delay_value - offset) << type_index_bits;
        for (uint32_t i = 0; i < n; i++)
            out[i] |= (procedural_weight_drawn(shift, wt, procedural_mix(state[i])) << WEIGHT_SHIFT) | delay;
    } else if (d->delay_table) {
        const uint32_t weight = d->weight_value << WEIGHT_SHIFT;
        for (uint32_t i = 0; i < n; i++)
            out[i] |= weight | ((procedural_delay_drawn(max_delay, dt, procedural_mix(state[i])) - offset) << type_index_bits);
    } else {
        const uint32_t both = (d->weight_value << WEIGHT_SHIFT) | ((d->delay_value - offset) << type_index_bits);
        for (uint32_t i = 0; i < n; i++) out[i] |= both;
    }
}
PLATFORM_VECTOR_VARIANTS(procedural_words, void,
                         (const procedural_block_t *restrict d, const uint64_t *restrict state, uint32_t *restrict out,
                          uint32_t n, uint32_t type_index_bits),
                         (d, state, out, n, type_index_bits))

#endif

/* The static words of presynaptic atom `atom`'s row in the procedural item at
 * matrix + item_offset (a procedural_source_t), into out (room for the core's neurons and
 * PROCEDURAL_ROW_PAD);
 * index_bits N and type_index_bits N + T of the core's word format.  Returns their number.
 * The n-th synapse of a block draws from the block's state after its positions, n + 1 steps
 * on: the ARM968 makes each word at once, the host (procedural_words) all of them after. */
static inline uint32_t procedural_row(const uint32_t *matrix, uint32_t item_offset, uint32_t atom,
                                      uint32_t index_bits, uint32_t type_index_bits, uint32_t *out) {
    const procedural_source_t *src = (const procedural_source_t *)(matrix + item_offset);
    const procedural_block_t *d = (const procedural_block_t *)(matrix + src->block_offset);
    const uint32_t pre = src->first_atom + atom, lo = d->post_lo, hi = lo + d->n_post;
    const uint32_t type_bits = d->synapse_type << index_bits;
#if defined(__arm__)
    const int draw = d->weight_table || d->delay_table;
#else
    uint64_t state[d->n_post + PROCEDURAL_ROW_PAD]; /* one per synapse of the row (at most one per neuron), and the pad */
#endif
    uint32_t n = 0;
    for (uint32_t b = lo / PROCEDURAL_BLOCK_NEURONS; b * PROCEDURAL_BLOCK_NEURONS < hi; b++) {
        uint64_t bits, s;
        procedural_positions(d, pre, b, &bits, &s);
        for (; bits; bits &= bits - 1u) {
            s += PROCEDURAL_GAMMA;
            const uint32_t j = b * PROCEDURAL_BLOCK_NEURONS + (uint32_t)__builtin_ctzll(bits);
            if (j < lo || j >= hi || (d->no_self && j == pre)) continue;
#if defined(__arm__)
            const uint64_t z = draw ? procedural_mix(s) : 0u;
            out[n++] = (procedural_weight(d, z) << WEIGHT_SHIFT) |
                       ((procedural_delay(d, z) - d->delay_offset) << type_index_bits) | type_bits | (j - lo);
#else
            state[n] = s;
            out[n++] = type_bits | (j - lo);
#endif
        }
    }
#if !defined(__arm__)
    const uint32_t whole = (n + PROCEDURAL_ROW_PAD - 1u) & ~(PROCEDURAL_ROW_PAD - 1u); /* no scalar tail */
    for (uint32_t i = n; i < whole; i++) state[i] = out[i] = 0u;
    procedural_words(d, state, out, whole, type_index_bits);
#endif
    return n;
}
#endif

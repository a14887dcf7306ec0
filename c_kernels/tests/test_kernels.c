/* C unit tests of the kernels, on the host (make test-c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fixed_point.h"
#include "platform_stub.h"
#include "synapses.h"
#include "poisson.h"
#include "neuron_model.h" /* lif_curr_exp */

static int failures = 0;
#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                   \
            failures++;                                                              \
        }                                                                            \
    } while (0)

static void test_fixed_point(void) {
    CHECK(s1615_mul(S1615_ONE, S1615_ONE) == S1615_ONE);
    CHECK(s1615_mul(-3 * S1615_ONE, S1615_ONE / 2) == -3 * S1615_ONE / 2);
    CHECK(s1615_mul(1, 1) == 0);                    /* 2^-30 rounds to 0 */
    CHECK(s1615_mul(1 << 7, 1 << 7) == 1);          /* 2^-16 rounds half up to 2^-15 */
    CHECK(s1615_decay(S1615_ONE, 0x80000000u) == S1615_ONE / 2);
    CHECK(s1615_decay(-S1615_ONE, 0x80000000u) == -S1615_ONE / 2);
    CHECK(s1615_decay(3, 0xF0000000u) == 2);   /* stuck under rounding: steps to zero */
    CHECK(s1615_decay(-3, 0xF0000000u) == -2);
    CHECK(s1615_decay(0, 0xF0000000u) == 0);
    CHECK(s1615_add(INT32_MAX, 1) == INT32_MIN);    /* wraps, defined */
    CHECK(u032_mul(0x80000000u, 0x80000000u) == 0x40000000u);
}

/* The post core both row tests use: 4 neurons (N = 2), T = 1, D = 4, and a master table t of
 * one entry (a source core with key 0x100 | atom) and one item. */
static void one_block_core(struct core *c, uint32_t *sp, uint32_t *table, const uint32_t *t) {
    memset(c, 0, sizeof *c);
    synapse_params_t *p = (synapse_params_t *)sp;
    p->n_neurons = 4; p->n_synapse_types = 2; p->log_n_neurons = 2; p->log_n_synapse_types = 1;
    p->log_max_delay = 4; p->ring_buffer_shift[0] = 3; p->ring_buffer_shift[1] = 0;
    c->regions[REGION_SYNAPSE_PARAMS] = sp; c->region_words[REGION_SYNAPSE_PARAMS] = 10;
    memcpy(table, t, 9 * sizeof *t);
    c->regions[REGION_MASTER_POP_TABLE] = table; c->region_words[REGION_MASTER_POP_TABLE] = 9;
}

/* A fixed-stride block of two atoms; atom 1 has three synapses. */
static void test_row_processing_into_ring_buffer(void) {
    static uint32_t sp[16], table[32], matrix[64];
    struct core c;
    const uint32_t t[] = {1, 1, 0x100, 0xFFFFFFFEu, 0, 1, 0, 6, 2};
    one_block_core(&c, sp, table, t);
    /* rows of stride 6: atom 0 empty, atom 1: 3 static words */
    uint32_t row1[] = {0, 3, 0,
                       (100u << 16) | (2u << 3) | (0u << 2) | 1u,  /* w 100, delay 2, exc, neuron 1 */
                       (0xFFF0u << 16) | (2u << 3) | (0u << 2) | 1u, /* saturates with the first */
                       (7u << 16) | (5u << 3) | (1u << 2) | 3u};   /* inh, neuron 3, delay 5 */
    memset(matrix, 0, sizeof matrix);
    matrix[1] = 0;
    memcpy(matrix + 6, row1, sizeof row1);
    c.regions[REGION_SYNAPTIC_MATRIX] = matrix; c.region_words[REGION_SYNAPTIC_MATRIX] = 12;

    synapses_t s;
    CHECK(synapses_init(&s, &c) == 0);
    c.in[0] = 0x101; c.in[1] = 0x100; c.in[2] = 0x555; c.n_in = 3;
    synapses_receive(&s, &c, 10);
    CHECK(c.prov.invalid_keys == 1);
    CHECK(c.prov.spikes_received == 3);
    CHECK(c.prov.synaptic_events == 3);
    CHECK(c.prov.saturations == 1);
    CHECK(synapses_take(synapses_slot(&s, 11, 0), s.shift[0], 1) == 0);                    /* nothing before delay */
    CHECK(synapses_take(synapses_slot(&s, 12, 0), s.shift[0], 1) == (int32_t)(0xFFFFu << 3)); /* saturated, shifted */
    CHECK(synapses_take(synapses_slot(&s, 12, 0), s.shift[0], 1) == 0);                    /* taking empties the slot */
    CHECK(synapses_take(synapses_slot(&s, 15, 1), s.shift[1], 3) == 7);
    CHECK(synapses_take(synapses_slot(&s, 15 + 16, 1), s.shift[1], 3) == 0);               /* ring wraps after 2^D */
}

/* A packed block (PACKED_BLOCK_STRIDE) of three rows, atom 0 without synapses, behind the
 * same post core as above, receiving the same keys: found through the block's index (as on
 * SpiNNaker) or through the hints synapses_wanted_keys gives (as in the host emulator). */
static void run_packed_block(int with_hints, uint16_t *ring, provenance_t *prov) {
    static uint32_t sp[16], table[32], matrix[64];
    struct core c;
    const uint32_t t[] = {1, 1, 0x100, 0xFFFFFFFCu, 0, 1, 5, PACKED_BLOCK_STRIDE, 3};
    one_block_core(&c, sp, table, t);
    /* at word 5: presence bits (atoms 1 and 2), rank, the rows' starts, then each row: n, words */
    uint32_t block[] = {0x6u, 0, 4, 8,
                        3, (100u << 16) | (2u << 3) | 1u, (0xFFF0u << 16) | (2u << 3) | 1u, (7u << 16) | (5u << 3) | (1u << 2) | 3u,
                        1, (9u << 16) | (1u << 3) | 2u};
    memset(matrix, 0xEE, sizeof matrix); /* nothing outside the block may be read */
    memcpy(matrix + 5, block, sizeof block);
    c.regions[REGION_SYNAPTIC_MATRIX] = matrix; c.region_words[REGION_SYNAPTIC_MATRIX] = 5 + 10;
    synapses_t s;
    CHECK(synapses_init(&s, &c) == 0);
    synapses_init_filter(&s, &c);
    uint32_t keys[] = {0x101, 0x100, 0x102, 0x555, 0x101, 0x103};
    for (uint32_t k = 0; k < 6; k++) c.in[k] = keys[k];
    c.n_in = 6;
    if (with_hints) {
        uint32_t bits[1] = {0xFFFFFFFFu}, hints[4] = {0};
        synapses_wanted_keys(&s, 0x100, 4, bits, hints);
        CHECK(bits[0] == 0xFFFFFFFEu); /* atom 0 changes nothing (atom 3 is kept, to be counted invalid) */
        CHECK(hints[0] == 0 && hints[1] == 1 + 5 + 4 && hints[2] == 1 + 5 + 8 && hints[3] == 0);
        for (uint32_t a = 0; a < 4; a++) { /* one key at a time (a route per atom): the same answers */
            uint32_t bit = 0xFFFFFFFFu, hint = 0;
            synapses_wanted_keys(&s, 0x100 | a, 1, &bit, &hint);
            CHECK(hint == hints[a] && (bit & 1u) == ((bits[0] >> a) & 1u));
        }
        for (uint32_t k = 0; k < 6; k++) c.hints[k] = (keys[k] & ~3u) == 0x100 ? hints[keys[k] & 3u] : 0;
    }
    synapses_receive(&s, &c, 10);
    memcpy(ring, s.ring, 2u * (1u << 7));
    *prov = c.prov;
}

static void test_packed_block_with_and_without_hints(void) {
    static uint16_t ring[2][128];
    provenance_t prov[2];
    for (int h = 0; h < 2; h++) run_packed_block(h, ring[h], &prov[h]);
    CHECK(memcmp(ring[0], ring[1], sizeof ring[0]) == 0);
    CHECK(memcmp(&prov[0], &prov[1], sizeof prov[0]) == 0);
    CHECK(prov[0].synaptic_events == 7 && prov[0].saturations == 3 && prov[0].invalid_keys == 2);
    /* packets processed in tick 10 land in slot 10 + delay: | slot (4) | type (1) | neuron (2) | */
    CHECK(ring[0][((12u & 15u) << 3) | 1u] == 0xFFFFu); /* neuron 1, excitatory, delay 2: saturated */
    CHECK(ring[0][((11u & 15u) << 3) | 2u] == 9u);       /* atom 2's row: neuron 2, delay 1 */
    CHECK(ring[0][((15u & 15u) << 3) | 4u | 3u] == 14u); /* inhibitory, neuron 3, delay 5: twice 7 */
}

/* One row with delays 1, 3, 5, 9 and 15 (word delay field D = 4) on a core whose ring holds
 * 2^R slots: with R = 2 the delays past 3 wait in the delay pool.  Every slot each tick takes
 * must match the core whose ring holds them all (R = D), packets arriving in ticks 10 and 12. */
static uint32_t run_delay_pool(uint32_t log_ring_delay, uint32_t capacity, int32_t *taken, provenance_t *prov) {
    static uint32_t sp[16], table[32], matrix[64], pool[4 + 16 + 2 * 16];
    struct core c;
    const uint32_t t[] = {1, 1, 0x100, 0xFFFFFFFEu, 0, 1, 0, 8, 2};
    one_block_core(&c, sp, table, t);
    ((synapse_params_t *)sp)->log_ring_delay = log_ring_delay;
    uint32_t row1[] = {0, 5, 0,
                       (10u << 16) | (1u << 3) | 1u, (20u << 16) | (3u << 3) | 2u,
                       (30u << 16) | (5u << 3) | (1u << 2) | 1u, (40u << 16) | (9u << 3) | 3u,
                       (50u << 16) | (15u << 3) | 3u};
    memset(matrix, 0, sizeof matrix);
    memcpy(matrix + 8, row1, sizeof row1);
    c.regions[REGION_SYNAPTIC_MATRIX] = matrix; c.region_words[REGION_SYNAPTIC_MATRIX] = 16;
    memset(pool, 0, sizeof pool);
    delay_pool_header_t *h = (delay_pool_header_t *)pool;
    h->capacity = capacity; h->n_buckets = 16;
    c.regions[REGION_DELAY_POOL] = pool; c.region_words[REGION_DELAY_POOL] = 4 + 16 + 2 * capacity;
    synapses_t s;
    uint32_t err = (uint32_t)synapses_init(&s, &c);
    if (err) return err;
    uint32_t n = 0;
    for (uint32_t tick = 10; tick < 40; tick++) {
        c.n_in = c.in_pos = 0;
        if (tick == 10 || tick == 12) { c.in[0] = 0x101; c.n_in = 1; }
        synapses_receive(&s, &c, tick);
        for (uint32_t type = 0; type < 2; type++)
            for (uint32_t i = 0; i < 4; i++) taken[n++] = synapses_take(synapses_slot(&s, tick, type), 0, i);
    }
    *prov = c.prov;
    return 0;
}

static void test_delay_pool(void) {
    static int32_t direct[30 * 8], pooled[30 * 8];
    provenance_t p_direct, p_pooled;
    CHECK(run_delay_pool(0, 0, direct, &p_direct) == 0);     /* R = D: no pool */
    CHECK(run_delay_pool(2, 2 + 6 + 12, pooled, &p_pooled) == 0); /* 5, 9, 15 wait 2, 6, 12 ticks */
    CHECK(memcmp(direct, pooled, sizeof direct) == 0);
    CHECK(p_pooled.delay_pool_overflows == 0 && p_pooled.synaptic_events == 10 && p_direct.synaptic_events == 10);
    CHECK(direct[(10 + 9 - 10) * 8 + 3] == 40 && direct[(12 + 15 - 10) * 8 + 3] == 50); /* they arrive */
    CHECK(direct[(12 + 5 - 10) * 8 + 4 + 1] == 30);
    CHECK(run_delay_pool(2, 2, pooled, &p_pooled) == 0);      /* too small: the rest is lost, and counted */
    CHECK(p_pooled.delay_pool_overflows == 3); /* 15 at tick 10; at 12, 9 and 15 (5 of tick 10 left) */
    CHECK(run_delay_pool(2, 0, pooled, &p_pooled) == 0);
    CHECK(run_delay_pool(5, 4, pooled, &p_pooled) != 0);      /* R > D */
}

static void test_exp(void) {
    int bad = 0;
    for (int32_t x = -10 * S1615_ONE; x <= 11 * S1615_ONE; x += 997) {
        double want = exp((double)x / 32768.0), got = (double)s1615_exp(x) / 32768.0;
        /* within 1e-4 relative, or one s16.15 step where that is coarser */
        if (fabs(got - want) > fmax(1e-4 * want, 1.0 / 32768.0)) bad++;
    }
    CHECK(bad == 0);
    CHECK(s1615_exp(0) == S1615_ONE);
    CHECK(s1615_exp(12 * S1615_ONE) == INT32_MAX);
}

static void test_pow2(void) {
    int bad = 0;
    for (int32_t x = -30 * S1615_ONE; x <= 15 * S1615_ONE; x += 331) {
        double want = exp2((double)x / 32768.0), got = (double)pow2_u1632(x) / 4294967296.0;
        /* within 1e-6 relative (15 table factors), or one u16.32 step */
        if (fabs(got - want) > fmax(1e-6 * want, 1.0 / 4294967296.0)) bad++;
    }
    CHECK(bad == 0);
    CHECK(pow2_u1632(0) == (uint64_t)1 << 32);
    CHECK(pow2_u1632(3 * S1615_ONE) == (uint64_t)8 << 32);
    CHECK(pow2_u1632(-S1615_ONE) == (uint64_t)1 << 31);
    CHECK(pow2_u1632(16 * S1615_ONE) == ((uint64_t)1 << 48) - 1);
    CHECK(pow2_u1632(-33 * S1615_ONE) == 0);
}

static uint32_t lcg(uint32_t *x) {
    *x = *x * 1664525u + 1013904223u;
    return *x >> 8;
}

#if !defined(__arm__) /* the guide tables are the host's */
/* The guide table gives the count poisson_count gives, for every u: at each threshold and
 * each guide bucket's edge (and one either side), and at random; lists with equal
 * neighbours, thresholds on bucket edges, and the extremes included. */
static void test_poisson_guide(void) {
    uint32_t lists[8][POISSON_MAX_SPIKES_PER_TICK], sizes[8] = {0}, n_lists = 0;
    const double lambdas[] = {0.001, 0.5, 1.68, 5.0, 16.0};
    for (uint32_t l = 0; l < 5; l++, n_lists++) {
        double p = exp(-lambdas[l]), cdf = p;
        for (uint32_t j = 0; j < POISSON_MAX_SPIKES_PER_TICK; j++) {
            double t = nearbyint(cdf * 4294967296.0);
            if (t >= 4294967296.0) break;
            lists[l][sizes[l]++] = (uint32_t)t;
            p *= lambdas[l] / (j + 1);
            cdf += p;
        }
    }
    const uint32_t edges[] = {0u, 0u, 1u << 24, 1u << 24, 3u << 24, 0xFF000000u, 0xFFFFFFFFu};
    memcpy(lists[n_lists], edges, sizeof edges);
    sizes[n_lists++] = 7;
    sizes[n_lists++] = 0; /* a silent list */
    int mismatches = 0;
    uint32_t x = 12345u;
    for (uint32_t l = 0; l < n_lists; l++) {
        poisson_guide_t g;
        poisson_guide_build(&g, lists[l], sizes[l]);
        uint32_t probes[3 * POISSON_MAX_SPIKES_PER_TICK + 3 * 256];
        uint32_t n = 0;
        for (uint32_t j = 0; j < sizes[l]; j++)
            for (int d = -1; d <= 1; d++) probes[n++] = lists[l][j] + (uint32_t)d;
        for (uint32_t b = 0; b < 256u; b++)
            for (int d = -1; d <= 1; d++) probes[n++] = (b << 24) + (uint32_t)d;
        for (uint32_t i = 0; i < n; i++)
            mismatches += poisson_count(probes[i], lists[l], sizes[l]) !=
                          poisson_count_guided(probes[i], lists[l], sizes[l], &g);
        for (uint32_t i = 0; i < 200000u; i++) {
            uint32_t u = (lcg(&x) << 8) ^ lcg(&x);
            mismatches += poisson_count(u, lists[l], sizes[l]) != poisson_count_guided(u, lists[l], sizes[l], &g);
        }
    }
    CHECK(mismatches == 0);
    CHECK(sizes[2] > 10); /* lambda 1.68 covered the body and the tail */
}
#endif

typedef uint32_t (*update_all_t)(const uint32_t *restrict, uint32_t, uint32_t *restrict, uint16_t *restrict,
                                 uint32_t, uint16_t *restrict, uint32_t, const s1615 *restrict, uint8_t *restrict);

/* Each compiled variant of neuron_update_all (vectorised on the host) must give exactly what
 * neuron_add_input + neuron_update give neuron by neuron: random parameters, refractoriness,
 * spikes, input; the state in columns (b), as the core keeps it. */
/* shared: every neuron gets neuron 0's parameters but i_offset (what the _shared variants,
 * which read only neuron 0's, are for); 2: and neuron 0's bias too (the _uniform variants) */
static void test_update_all_equals_per_neuron(update_all_t update_all, int shared) {
    enum { N = 77, TICKS = 3000, WORDS = sizeof(neuron_params_t) / 4u, STATE_WORDS = sizeof(neuron_state_t) / 4u };
    static neuron_params_t p[N];
    static uint32_t cols[WORDS * N], b[STATE_WORDS * N];
    static neuron_state_t a[N];
    static uint16_t exc[N], inh[N];
    static s1615 bias[N];
    static uint8_t spiked[N], fired[N];
    uint32_t x = 12345u, spikes = 0, mismatches = 0;
    for (uint32_t i = 0; i < N; i++) {
        p[i].v_rest = (s1615)(-65 * S1615_ONE + (int32_t)(lcg(&x) % (10u * S1615_ONE)));
        p[i].v_reset = (s1615)(-70 * S1615_ONE + (int32_t)(lcg(&x) % (5u * S1615_ONE)));
        p[i].v_thresh = (s1615)(-55 * S1615_ONE + (int32_t)(lcg(&x) % (5u * S1615_ONE)));
        p[i].i_offset = (s1615)(lcg(&x) % S1615_ONE) - S1615_ONE / 4;
        p[i].p22 = 0xF0000000u + (lcg(&x) << 4) % 0x0FFFFFFFu;
        p[i].p20 = (s1615)(lcg(&x) % (4u * S1615_ONE));
        p[i].p21_exc = (s1615)(lcg(&x) % (2u * S1615_ONE));
        p[i].p21_inh = (s1615)(lcg(&x) % (2u * S1615_ONE));
        p[i].exc_decay = i % 5 ? 0xE0000000u + (lcg(&x) << 4) % 0x1FFFFFFFu : 0xFFFFFFFFu;
        p[i].inh_decay = 0xC0000000u + (lcg(&x) << 4) % 0x3FFFFFFFu;
        p[i].t_refract = (int32_t)(lcg(&x) % 30u);
        if (shared && i > 0) {
            s1615 i_offset = p[i].i_offset;
            p[i] = p[0];
            p[i].i_offset = shared == 2 ? p[0].i_offset : i_offset;
        }
        a[i].v = p[i].v_rest;
        a[i].refract_timer = (int32_t)(lcg(&x) % 4u);
        a[i].isyn_exc = (s1615)(lcg(&x) % 64u) - 32;
        a[i].isyn_inh = 0;
        for (uint32_t w = 0; w < WORDS; w++) cols[w * N + i] = ((const uint32_t *)&p[i])[w];
        for (uint32_t w = 0; w < STATE_WORDS; w++) b[w * N + i] = ((const uint32_t *)&a[i])[w];
    }
    for (uint32_t t = 0; t < TICKS; t++) {
        const s1615 noise = (s1615)(lcg(&x) % 256u) - 128; /* the uniform variants: one bias for all */
        for (uint32_t i = 0; i < N; i++) {
            exc[i] = (uint16_t)(lcg(&x) % 7u == 0 ? lcg(&x) : 0);
            inh[i] = (uint16_t)(lcg(&x) % 11u == 0 ? lcg(&x) : 0);
            bias[i] = s1615_add(p[i].i_offset, shared == 2 ? noise : (s1615)(lcg(&x) % 256u) - 128);
            s1615 e = (s1615)((uint32_t)exc[i] << 3), h = (s1615)((uint32_t)inh[i] << 2);
            neuron_add_input(&a[i], e, h);
            fired[i] = (uint8_t)neuron_update(&p[i], &a[i], s1615_sub(bias[i], p[i].i_offset));
            spikes += fired[i];
        }
        uint32_t any = update_all(cols, N, b, exc, 3, inh, 2, bias, spiked);
        uint32_t any_a = 0;
        for (uint32_t i = 0; i < N; i++) {
            for (uint32_t w = 0; w < STATE_WORDS; w++) mismatches += ((const uint32_t *)&a[i])[w] != b[w * N + i];
            mismatches += exc[i] != 0 || inh[i] != 0; /* the slots were taken */
            mismatches += spiked[i] != fired[i];
            any_a |= fired[i];
        }
        mismatches += (any != 0) != (any_a != 0);
    }
    CHECK(mismatches == 0);
    CHECK(spikes > 500); /* the comparison covered spikes and refractoriness */
}


/* Procedural rows (procedural.h): a synthetic block (any increasing CDF and tables do): every
 * row's words are in the core's range, each neuron at most once; and their hash is one fixed
 * number, on the host and under qemu-arm alike (integer only: the same words everywhere). */
enum {
    PROC_SRC = sizeof(procedural_source_t) / 4u,
    PROC_HEAD = sizeof(procedural_block_t) / 4u,
    PROC_TABLE = 2u * 2u * PROCEDURAL_OCTAVES * (PROCEDURAL_CELLS + 1u),
    PROC_WORDS = PROC_SRC + PROC_HEAD + PROCEDURAL_BLOCK_NEURONS + 2u * PROC_TABLE
};

/* A procedural_source_t at m[0] and its block, CDF and tables after it: 64 source atoms onto
 * 50 neurons (post 40 .. 89). */
static void procedural_fixture(uint32_t *m) {
    enum { SRC = PROC_SRC, HEAD = PROC_HEAD, TABLE = PROC_TABLE };
    procedural_source_t *src = (procedural_source_t *)m;
    procedural_block_t *d = (procedural_block_t *)(m + SRC);
    src->first_atom = 100u;
    src->block_offset = SRC;
    src->atom_mask = 0xFFu;
    d->seed_lo = 0x1234567u;
    d->seed_hi = 0x89ABCDEFu;
    d->post_lo = 40u; /* cuts blocks of 64 */
    d->n_post = 50u; /* 40 .. 89: two blocks */
    d->no_self = 1u;
    d->synapse_type = 1u;
    d->weight_shift = 18u;
    d->delay_offset = 1u;
    d->max_delay = 15u;
    d->cdf = HEAD;
    d->weight_table = HEAD + PROCEDURAL_BLOCK_NEURONS;
    d->delay_table = d->weight_table + TABLE;
    uint32_t *cdf = (uint32_t *)d + d->cdf;
    for (uint32_t c = 0; c < PROCEDURAL_BLOCK_NEURONS; c++) cdf[c] = c < 20u ? (c + 1u) * (c + 1u) * 0x00A00000u : 0xFFFFFFFFu;
    for (uint32_t t = 0; t < 2u; t++) {
        uint32_t *table = (uint32_t *)d + (t ? d->delay_table : d->weight_table);
        for (uint32_t i = 0; i < TABLE / 2u; i++) {
            uint64_t v = t ? (uint64_t)(i % 40u + 1u) << 16 : (uint64_t)i * 987654321u + ((uint64_t)i << 33);
            table[2u * i] = (uint32_t)v;
            table[2u * i + 1u] = (uint32_t)(v >> 32);
        }
    }
}

static void test_procedural_rows(void) {
    static uint32_t m[PROC_WORDS];
    procedural_fixture(m);
    uint32_t words[64 + PROCEDURAL_ROW_PAD], hash = 2166136261u, total = 0;
    for (uint32_t atom = 0; atom < 64u; atom++) {
        uint32_t n = procedural_row(m, 0u, atom, 6u, 7u, words), seen = 0, seen_hi = 0;
        total += n;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t j = words[i] & 63u, delay = ((words[i] >> 7) & 15u) + 1u;
            CHECK(j < 50u && ((words[i] >> 6) & 1u) == 1u && delay >= 1u && delay <= 15u);
            CHECK(!(j < 32u ? (seen >> j) & 1u : (seen_hi >> (j - 32u)) & 1u));
            CHECK(!(40u + j == 100u + atom)); /* no_self */
            if (j < 32u) seen |= 1u << j; else seen_hi |= 1u << (j - 32u);
            for (uint32_t b = 0; b < 4u; b++) hash = (hash ^ ((words[i] >> (8u * b)) & 0xFFu)) * 16777619u;
        }
    }
    CHECK(total > 200u && total < 2000u);
    CHECK(total == 652u && hash == 829955917u); /* recorded on x86-64; ARM must agree */
}

#if !defined(__arm__)
/* The emulator's held rows (synapses_make_held): a packed block whose every row is the row
 * procedural_row makes, rows without synapses absent; the estimate near the words taken; and
 * the item read from the block once synapses_use_held switches it. */
static void test_held_procedural_rows(void) {
    static uint32_t m[PROC_WORDS], out[4096];
    procedural_fixture(m);
    master_table_header_t header = {1u, 1u};
    master_table_item_t item = {0u, PROCEDURAL_BLOCK_STRIDE, 64u};
    synapses_t s;
    memset(&s, 0, sizeof s);
    s.table.header = &header;
    s.table.items = &item;
    s.matrix = m;
    s.log_n_neurons = 6u;
    s.type_index_bits = 7u;
    const uint32_t hint = HINT_PROCEDURAL | 1u;
    uint32_t bound = 0;
    const uint32_t estimate = synapses_held_estimate(&s, hint, &bound);
    CHECK(bound <= 4096u && estimate > 0u && estimate < bound);
    uint32_t none = 1u;
    CHECK(synapses_held_estimate(&s, HINT_PROCEDURAL | 2u, &none) == 0u && none == 0u); /* no such item */
    uint32_t n = synapses_make_held(&s, hint, out);
    CHECK(n > 0u && n <= bound && n > estimate * 9u / 10u && n < estimate * 11u / 10u);
    uint32_t *cdf = m + PROC_SRC + ((procedural_block_t *)(m + PROC_SRC))->cdf;
    cdf[0] = 0xA0000000u; /* a block is empty 5 times in 8: some rows are */
    n = synapses_make_held(&s, hint, out);
    uint32_t words[64 + PROCEDURAL_ROW_PAD], absent = 0;
    for (uint32_t atom = 0; atom < 64u; atom++) {
        const uint32_t k = procedural_row(m, 0u, atom, 6u, 7u, words);
        const uint32_t *row = packed_row(out, 64u, atom);
        if (!k) {
            CHECK(row == 0);
            absent++;
            continue;
        }
        CHECK(row && row[0] == k && row + 1u + k <= out + n);
        for (uint32_t i = 0; row && i < k; i++) CHECK(row[1u + i] == words[i]);
    }
    CHECK(absent > 0u && absent < 64u);
    synapses_use_held(&s, hint, 1000u);
    CHECK(item.offset_words == 1000u && item.row_stride_words == PACKED_BLOCK_STRIDE);
    CHECK(synapses_held_estimate(&s, hint, &bound) == 0u); /* held: no longer made at each spike */
}
#endif

int main(void) {
    test_fixed_point();
    test_exp();
    test_pow2();
    test_row_processing_into_ring_buffer();
    test_packed_block_with_and_without_hints();
    test_delay_pool();
    test_procedural_rows();
#if !defined(__arm__)
    test_held_procedural_rows();
#endif
#if !defined(__arm__)
    test_poisson_guide();
#endif
    for (int shared = 0; shared < 2; shared++) {
        test_update_all_equals_per_neuron(neuron_update_all_body, shared); /* out of line: the baseline build */
        test_update_all_equals_per_neuron(neuron_update_all, shared); /* the variant this CPU runs */
    }
    test_update_all_equals_per_neuron(neuron_update_all_shared_body, 1);
    test_update_all_equals_per_neuron(neuron_update_all_shared, 1);
    test_update_all_equals_per_neuron(neuron_update_all_uniform_body, 2);
    test_update_all_equals_per_neuron(neuron_update_all_uniform, 2);
#ifdef PLATFORM_HAS_VECTOR_VARIANTS
    if (__builtin_cpu_supports("x86-64-v3")) test_update_all_equals_per_neuron(neuron_update_all_v3, 0);
    if (__builtin_cpu_supports("x86-64-v4")) test_update_all_equals_per_neuron(neuron_update_all_v4, 0);
    if (__builtin_cpu_supports("x86-64-v3")) test_update_all_equals_per_neuron(neuron_update_all_shared_v3, 1);
    if (__builtin_cpu_supports("x86-64-v4")) test_update_all_equals_per_neuron(neuron_update_all_shared_v4, 1);
    if (__builtin_cpu_supports("x86-64-v3")) test_update_all_equals_per_neuron(neuron_update_all_uniform_v3, 2);
    if (__builtin_cpu_supports("x86-64-v4")) test_update_all_equals_per_neuron(neuron_update_all_uniform_v4, 2);
#endif
    if (failures) {
        printf("%d C test(s) failed\n", failures);
        return 1;
    }
    printf("C kernel tests passed\n");
    return 0;
}

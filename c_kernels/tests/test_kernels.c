/* C unit tests of the kernels, on the host (make test-c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fixed_point.h"
#include "platform_stub.h"
#include "synapses.h"

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

/* One post core of 4 neurons (N = 2), T = 1, D = 4; one source core with key
 * 0x100 | atom, two atoms; atom 1 has three synapses. */
static void test_row_processing_into_ring_buffer(void) {
    static uint32_t sp[16], table[32], matrix[64];
    struct core c;
    memset(&c, 0, sizeof c);
    synapse_params_t *p = (synapse_params_t *)sp;
    p->n_neurons = 4; p->n_synapse_types = 2; p->log_n_neurons = 2; p->log_n_synapse_types = 1;
    p->log_max_delay = 4; p->ring_buffer_shift[0] = 3; p->ring_buffer_shift[1] = 0;
    c.regions[REGION_SYNAPSE_PARAMS] = sp; c.region_words[REGION_SYNAPSE_PARAMS] = 9;
    /* master table: 1 entry, 1 item */
    uint32_t t[] = {1, 1, 0x100, 0xFFFFFFFEu, 0, 1, 0, 6, 2};
    memcpy(table, t, sizeof t);
    c.regions[REGION_MASTER_POP_TABLE] = table; c.region_words[REGION_MASTER_POP_TABLE] = 9;
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

int main(void) {
    test_fixed_point();
    test_exp();
    test_row_processing_into_ring_buffer();
    if (failures) {
        printf("%d C test(s) failed\n", failures);
        return 1;
    }
    printf("C kernel tests passed\n");
    return 0;
}

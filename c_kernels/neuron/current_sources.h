/* Current sources on a neuron core (DC, AC, step, noisy): each tick every
 * source computes its value once, and each neuron adds the values of the
 * sources linked to it to its input current.  The AC sine comes from a table
 * the host computes; noise is a sum of 12 uniforms (Irwin-Hall) minus 6. */
#ifndef CURRENT_SOURCES_H
#define CURRENT_SOURCES_H
#include "fixed_point.h"
#include "platform.h"
#include "rng.h"

typedef struct {
    const current_sources_header_t *header; /* NULL: no sources */
    current_source_t *sources;
    const uint32_t *link_start;             /* n_neurons + 1 */
    const uint32_t *links;                  /* source index per link */
    const current_step_t *steps;
    const int32_t *sine;                    /* 2^SINE_TABLE_BITS + 1 samples */
    current_link_t *link_state;             /* n_links: per-link noise */
    uint32_t any_noise;
} current_sources_t;

static inline void current_sources_open(current_sources_t *cs, core_t *core) {
    uint32_t n;
    uint32_t *r = platform_region(core, REGION_CURRENT_SOURCES, &n);
    cs->header = (const current_sources_header_t *)r;
    if (!r) return;
    const current_sources_header_t *h = cs->header;
    uint32_t *p = r + 4;
    cs->sources = (current_source_t *)p;
    p += 15u * h->n_sources;
    cs->link_start = p;
    p += h->n_neurons + 1u;
    cs->links = p;
    p += h->n_links;
    cs->steps = (const current_step_t *)p;
    p += 2u * h->n_steps;
    cs->sine = (const int32_t *)p;
    p += (1u << SINE_TABLE_BITS) + 1u;
    cs->link_state = (current_link_t *)p;
    cs->any_noise = 0;
    for (uint32_t k = 0; k < h->n_sources; k++) cs->any_noise |= cs->sources[k].kind == CURRENT_SOURCE_NOISY;
}

static inline s1615 sine_of(const int32_t *table, uint32_t phase) {
    uint32_t i = phase >> (32u - SINE_TABLE_BITS);
    s1615 frac = (s1615)((phase >> (32u - SINE_TABLE_BITS - 15u)) & 0x7FFFu);
    return s1615_add(table[i], s1615_mul(s1615_sub(table[i + 1u], table[i]), frac));
}

static inline s1615 normal_draw(rng_state_t *rng) {
    s1615 sum = 0;
    for (int k = 0; k < 12; k++) sum = s1615_add(sum, (s1615)(rng_next(rng) >> 17)); /* u0.15 */
    return s1615_sub(sum, 6 * S1615_ONE);
}

static inline void current_sources_tick(current_sources_t *cs, uint32_t tick) {
    if (!cs->header) return;
    for (uint32_t k = 0; k < cs->header->n_sources; k++) {
        current_source_t *s = &cs->sources[k];
        if (tick < s->start_tick || tick >= s->stop_tick) {
            s->value = 0;
            continue;
        }
        switch (s->kind) {
        case CURRENT_SOURCE_DC:
            s->value = s->amplitude;
            break;
        case CURRENT_SOURCE_AC:
            s->value = s1615_add(s->offset, s1615_mul(s->amplitude, sine_of(cs->sine, s->phase + tick * s->phase_step)));
            break;
        case CURRENT_SOURCE_STEP: {
            s1615 v = 0;
            for (uint32_t j = 0; j < s->n_steps && cs->steps[s->first_step + j].tick <= tick; j++)
                v = cs->steps[s->first_step + j].amplitude;
            s->value = v;
            break;
        }
        case CURRENT_SOURCE_NOISY:
            s->value = 1; /* active; each link draws its own value below */
            break;
        default:
            s->value = 0;
        }
    }
}

/* Noisy sources: every (source, neuron) link draws independently, as in NEST. */
static inline void current_sources_noise(current_sources_t *cs, uint32_t tick) {
    if (!cs->header || !cs->any_noise) return;
    for (uint32_t l = 0; l < cs->header->n_links; l++) {
        const current_source_t *s = &cs->sources[cs->links[l]];
        if (s->kind != CURRENT_SOURCE_NOISY) continue;
        current_link_t *link = &cs->link_state[l];
        if (!s->value) {
            link->value = 0;
        } else if ((tick - s->start_tick) % s->noise_ticks == 0u) {
            link->value = s1615_add(s->offset, s1615_mul(s->amplitude, normal_draw((rng_state_t *)link->rng)));
        }
    }
}

/* The summed current of the sources injected into one neuron [nA]. */
static inline s1615 current_sources_input(const current_sources_t *cs, uint32_t neuron) {
    if (!cs->header) return 0;
    s1615 total = 0;
    for (uint32_t l = cs->link_start[neuron]; l < cs->link_start[neuron + 1u]; l++) {
        const current_source_t *s = &cs->sources[cs->links[l]];
        total = s1615_add(total, s->kind == CURRENT_SOURCE_NOISY ? cs->link_state[l].value : s->value);
    }
    return total;
}
#endif

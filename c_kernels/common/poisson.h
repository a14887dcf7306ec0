/* Poisson spike counts, shared by the Poisson source core and the direct (one-to-one)
 * Poisson input of a neuron core: a source's rate schedule is a list of segments
 * (poisson_params_t), and a tick's count k ~ Poisson(lambda) is drawn with Knuth's
 * product-of-uniforms method in u0.32 fixed point (k = number of uniforms multiplied
 * before the product drops to exp(-lambda)). */
#ifndef POISSON_H
#define POISSON_H
#include "platform.h"
#include "fixed_point.h"
#include "rng.h"

/* A Poisson core's REGION_SOURCE_PARAMS, opened in place. */
typedef struct {
    const poisson_header_t *header;
    const uint32_t *seg_start; /* n_atoms + 1: source i's segments are seg_start[i] .. seg_start[i+1] */
    const poisson_params_t *segments;
} poisson_sources_t;

static inline poisson_sources_t poisson_sources_open(const uint32_t *p) {
    poisson_sources_t s;
    s.header = (const poisson_header_t *)p;
    s.seg_start = p + 2;
    s.segments = (const poisson_params_t *)(p + 2 + s.header->n_atoms + 1);
    return s;
}

/* exp(-lambda) of source i in this tick; 0xFFFFFFFF when it is silent. */
static inline uint32_t poisson_exp_minus_lambda(const poisson_sources_t *s, uint32_t i, uint32_t tick) {
    for (uint32_t k = s->seg_start[i]; k < s->seg_start[i + 1]; k++) {
        const poisson_params_t *p = &s->segments[k];
        if (tick >= p->start_tick && tick < p->end_tick) return p->exp_minus_lambda;
    }
    return 0xFFFFFFFFu;
}

static inline uint32_t poisson_draw(rng_state_t *rng, uint32_t exp_minus_lambda, provenance_t *prov) {
    uint32_t k = 0;
    uint32_t p = 0xFFFFFFFFu;
    for (;;) {
        p = u032_mul(p, rng_next(rng));
        if (p <= exp_minus_lambda) return k;
        if (++k == POISSON_MAX_SPIKES_PER_TICK) {
            prov->poisson_capped++;
            return k;
        }
    }
}
#endif

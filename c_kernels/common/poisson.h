/* Poisson spike counts, shared by the Poisson source core and the direct (one-to-one)
 * Poisson input of a neuron core.  A source's rate schedule is a list of segments
 * (poisson_params_t); a tick's count k ~ Poisson(lambda) is drawn by inversion from one
 * uniform u0.32 draw u: k = #{j : u >= threshold_j}, threshold_j = round(2^32 P(K <= j)).
 * One random number per draw, whatever the rate (Knuth's method needs lambda + 1). */
#ifndef POISSON_H
#define POISSON_H
#include "platform.h"
#include "rng.h"

/* A Poisson core's REGION_SOURCE_PARAMS, opened in place. */
typedef struct {
    const poisson_header_t *header;
    const uint32_t *seg_start; /* n_atoms + 1: source i's segments are seg_start[i] .. seg_start[i+1] */
    const poisson_params_t *segments;
    const uint32_t *thresholds; /* after the segments */
} poisson_sources_t;

static inline poisson_sources_t poisson_sources_open(const uint32_t *p) {
    poisson_sources_t s;
    s.header = (const poisson_header_t *)p;
    s.seg_start = p + 2;
    s.segments = (const poisson_params_t *)(p + 2 + s.header->n_atoms + 1);
    s.thresholds = (const uint32_t *)(s.segments + s.header->n_segments);
    return s;
}

/* Source i's segment in this tick, or NULL when it is silent. */
static inline const poisson_params_t *poisson_segment(const poisson_sources_t *s, uint32_t i, uint32_t tick) {
    for (uint32_t k = s->seg_start[i]; k < s->seg_start[i + 1]; k++) {
        const poisson_params_t *p = &s->segments[k];
        if (tick >= p->start_tick && tick < p->end_tick && p->n_thresholds) return p;
    }
    return 0;
}

/* The count for one uniform draw u: the thresholds increase, so counting those at or below
 * u and stopping at the first above it give the same k (the host counts them all, without
 * a branch to mispredict; ARM968 has no branch predictor and stops early). */
static inline uint32_t poisson_count(uint32_t u, const uint32_t *threshold, uint32_t n) {
    uint32_t k = 0;
#if defined(__arm__)
    while (k < n && u >= threshold[k]) k++;
#else
    for (uint32_t j = 0; j < n; j++) k += u >= threshold[j];
#endif
    return k;
}

#if !defined(__arm__)
/* A host's shortcut into one list of thresholds (Chen and Asau's guide table): start[b] =
 * the thresholds at or below b 2^24, so every u in [b 2^24, (b + 1) 2^24) has at least
 * that many, and the count goes on from there; it rarely takes another step.  The same k
 * as poisson_count: the thresholds never decrease, so those at or below u are a prefix. */
typedef struct {
    uint8_t start[256];
} poisson_guide_t;

static inline void poisson_guide_build(poisson_guide_t *g, const uint32_t *threshold, uint32_t n) {
    uint32_t k = 0;
    for (uint32_t b = 0; b < 256u; b++) {
        while (k < n && threshold[k] <= (b << 24)) k++;
        g->start[b] = (uint8_t)k;
    }
}

static inline uint32_t poisson_count_guided(uint32_t u, const uint32_t *threshold, uint32_t n,
                                            const poisson_guide_t *g) {
    uint32_t k = g->start[u >> 24];
    while (k < n && u >= threshold[k]) k++;
    return k;
}
#endif

/* k, counted in the provenance when it is the cap (its thresholds end there). */
static inline uint32_t poisson_capped(uint32_t k, provenance_t *prov) {
    if (k == POISSON_MAX_SPIKES_PER_TICK) prov->poisson_capped++;
    return k;
}

static inline uint32_t poisson_draw(const poisson_sources_t *s, const poisson_params_t *p, rng_state_t *rng,
                                    provenance_t *prov) {
    return poisson_capped(poisson_count(rng_next(rng), s->thresholds + p->thresholds, p->n_thresholds), prov);
}
#endif

/* Direct Poisson input of a neuron core (sPyNNaker's SplitterPoissonDelegate): a
 * SpikeSourcePoisson joined one-to-one to this population by static synapses, with no
 * other listener and no recording, is drawn here instead of on a core of its own, so
 * its spikes never become packets.
 *
 * The timing is that of the packets it replaces: a Poisson core draws source i's count
 * k in tick t, and its packets are processed in tick t + 1, adding k x w to ring slot
 * t + 1 + d.  Here k is drawn at the end of tick t (after the neuron update, so slot t
 * is consumed already), with tick t's rate, and k x w goes to the same slot t + 1 + d. */
#ifndef DIRECT_POISSON_H
#define DIRECT_POISSON_H
#include "poisson.h"
#include "synapses.h"

#if !defined(__arm__)
/* A host's view of one block whose sources all have the same single segment (one rate for
 * the whole projection, as a population's background usually has): the segment is looked
 * up once per tick instead of per source, and the count goes through a guide table. */
typedef struct {
    poisson_params_t segment; /* n_thresholds 0: the block is not uniform */
    poisson_guide_t guide;
} direct_poisson_uniform_t;
#endif

typedef struct {
    const direct_poisson_header_t *header; /* NULL: this core has no direct sources */
    rng_state_t *rng;                      /* SDRAM: continues across runs */
#if !defined(__arm__)
    direct_poisson_uniform_t *uniform; /* one per block; NULL: none */
#endif
} direct_poisson_t;

static inline void direct_poisson_open(direct_poisson_t *dp, core_t *core) {
    uint32_t n;
    dp->header = (const direct_poisson_header_t *)platform_region(core, REGION_DIRECT_POISSON, &n);
    dp->rng = (rng_state_t *)platform_region(core, REGION_DIRECT_POISSON_STATE, &n);
    if (!dp->rng) dp->header = 0;
#if !defined(__arm__)
    dp->uniform = dp->header && dp->header->n_blocks
                      ? (direct_poisson_uniform_t *)platform_host_alloc(
                            core, dp->header->n_blocks * (uint32_t)sizeof(direct_poisson_uniform_t))
                      : 0;
#endif
}

/* Before every run (the host may have rewritten the rates): which blocks are uniform. */
static inline void direct_poisson_resume(direct_poisson_t *dp) {
#if !defined(__arm__)
    if (!dp->header || !dp->uniform) return;
    const uint32_t *block = (const uint32_t *)(dp->header + 1);
    for (uint32_t b = 0; b < dp->header->n_blocks; b++) {
        const direct_poisson_block_t *h = (const direct_poisson_block_t *)block;
        const poisson_sources_t sources = poisson_sources_open(block + sizeof(direct_poisson_block_t) / 4u + h->n_neurons);
        direct_poisson_uniform_t *u = &dp->uniform[b];
        u->segment.n_thresholds = 0;
        const poisson_params_t *p0 = &sources.segments[0];
        uint32_t same = sources.header->n_atoms >= h->n_neurons && h->n_neurons > 0 && sources.seg_start[0] == 0u;
        for (uint32_t i = 0; same && i < h->n_neurons; i++) { /* source i's one segment is source 0's */
            const poisson_params_t *p = &sources.segments[sources.seg_start[i]];
            same = sources.seg_start[i + 1] == sources.seg_start[i] + 1u && p->start_tick == p0->start_tick &&
                   p->end_tick == p0->end_tick && p->thresholds == p0->thresholds &&
                   p->n_thresholds == p0->n_thresholds;
        }
        if (same && sources.segments[0].n_thresholds) {
            u->segment = sources.segments[0];
            poisson_guide_build(&u->guide, sources.thresholds + u->segment.thresholds, u->segment.n_thresholds);
        }
        block += h->n_words;
    }
#else
    (void)dp;
#endif
}

/* Draw this tick's counts and add them into the ring buffers (saturating at 0xFFFF). */
static inline void direct_poisson_tick(const direct_poisson_t *dp, synapses_t *s, provenance_t *prov, uint32_t tick) {
    if (!dp->header) return;
    rng_state_t rng = *dp->rng;
    const uint32_t time_bits = (tick + 1u) << s->type_index_bits;
    const uint32_t *block = (const uint32_t *)(dp->header + 1);
    uint32_t events = 0;
    for (uint32_t b = 0; b < dp->header->n_blocks; b++) {
        const direct_poisson_block_t *h = (const direct_poisson_block_t *)block;
        const uint32_t *words = block + sizeof(direct_poisson_block_t) / 4u;
        const poisson_sources_t sources = poisson_sources_open(words + h->n_neurons);
#if !defined(__arm__)
        const direct_poisson_uniform_t *u = dp->uniform ? &dp->uniform[b] : 0;
        if (u && u->segment.n_thresholds) { /* the same draws, in the same order, as below */
            const poisson_params_t *p = &u->segment;
            if (tick >= p->start_tick && tick < p->end_tick) {
                const uint32_t *threshold = sources.thresholds + p->thresholds;
                for (uint32_t i = 0; i < h->n_neurons; i++) {
                    const uint32_t w = words[i];
                    if (!(w >> WEIGHT_SHIFT)) continue;
                    const uint32_t k =
                        poisson_capped(poisson_count_guided(rng_next(&rng), threshold, p->n_thresholds, &u->guide), prov);
                    events += k;
                    synapses_ring_add(s, &prov->saturations, (w + time_bits) & s->ring_mask, k * (w >> WEIGHT_SHIFT));
                }
            }
            block += h->n_words;
            continue;
        }
#endif
        for (uint32_t i = 0; i < h->n_neurons; i++) {
            const uint32_t w = words[i];
            if (!(w >> WEIGHT_SHIFT)) continue; /* not connected, or a weight of 0 */
            const poisson_params_t *p = poisson_segment(&sources, i, tick);
            if (!p) continue;
            const uint32_t k = poisson_draw(&sources, p, &rng, prov);
#if defined(__arm__)
            if (!k) continue; /* ARM968 saves the ring access; a host would mispredict (P(0) ~ 0.1-0.3) */
#endif
            events += k;
            synapses_ring_add(s, &prov->saturations, (w + time_bits) & s->ring_mask, k * (w >> WEIGHT_SHIFT));
        }
        block += h->n_words;
    }
    *dp->rng = rng;
    prov->synaptic_events += events;
}
#endif

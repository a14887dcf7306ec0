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

typedef struct {
    const direct_poisson_header_t *header; /* NULL: this core has no direct sources */
    rng_state_t *rng;                      /* SDRAM: continues across runs */
} direct_poisson_t;

static inline void direct_poisson_open(direct_poisson_t *dp, core_t *core) {
    uint32_t n;
    dp->header = (const direct_poisson_header_t *)platform_region(core, REGION_DIRECT_POISSON, &n);
    dp->rng = (rng_state_t *)platform_region(core, REGION_DIRECT_POISSON_STATE, &n);
    if (!dp->rng) dp->header = 0;
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
            const uint32_t idx = (w + time_bits) & s->ring_mask;
            uint32_t acc = (uint32_t)s->ring[idx] + k * (w >> WEIGHT_SHIFT);
            if (acc > 0xFFFFu) {
                acc = 0xFFFFu;
                prov->saturations++;
            }
            s->ring[idx] = (uint16_t)acc;
        }
        block += h->n_words;
    }
    *dp->rng = rng;
    prov->synaptic_events += events;
}
#endif

/* Poisson spike source core: each tick, source i sends k ~ Poisson(rate_i h) packets
 * (common/poisson.h).  A gamma source (segment order > 1) sends one spike per order
 * events of that process (its count since the last spike kept per source: PyNN's
 * SpikeSourceGamma of integer alpha); a refractory source (dead_ticks > 0) sends at most one
 * per tick and none for dead_ticks ticks after it (PyNN's SpikeSourcePoissonRefractory).  Recorded spikes are one record [tick, bits of k >= 1] per tick with
 * any, then one more [tick, bits of k >= m] for each m >= 2 that some source reached, so a
 * source that sent k packets in a tick has k spikes at that time (as NEST's generator). */
#include "platform.h"
#include "recording.h"
#include "poisson.h"

typedef struct {
    const system_params_t *system;
    poisson_sources_t sources;
    rng_state_t *rng; /* SDRAM: continues across runs, restored on reset */
    uint32_t *held;   /* SDRAM, per source after the rng: gamma events since the last spike, or dead ticks left */
    rec_channel_t rec_spikes;
    uint32_t *bits;
    uint16_t *counts; /* this tick's packets per source (saturating), for the recording */
} poisson_core_t;

static int init(core_t *core) {
    uint32_t n;
    poisson_core_t *c = (poisson_core_t *)platform_dtcm_alloc(core, sizeof(poisson_core_t));
    if (!c) return -1;
    *platform_kernel_state(core) = c;
    c->system = (const system_params_t *)platform_region(core, REGION_SYSTEM, &n);
    const uint32_t *p = platform_region(core, REGION_SOURCE_PARAMS, &n);
    c->rng = (rng_state_t *)platform_region(core, REGION_SOURCE_STATE, &n);
    if (!c->system || !p || !c->rng) return -2;
    c->held = (uint32_t *)(c->rng + 1);
    c->sources = poisson_sources_open(p);
    rec_open(&c->rec_spikes, core, REGION_REC_SPIKES);
    c->bits = (uint32_t *)platform_dtcm_alloc(core, 4u * ((c->system->n_atoms + 31u) / 32u));
    c->counts = (uint16_t *)platform_dtcm_alloc(core, 2u * c->system->n_atoms);
    return c->bits && c->counts ? 0 : -3;
}

static void resume(core_t *core, uint32_t tick) {
    (void)core;
    (void)tick;
}

static void update(core_t *core, uint32_t tick) {
    poisson_core_t *c = (poisson_core_t *)*platform_kernel_state(core);
    provenance_t *prov = platform_provenance(core);
    const uint32_t n = c->system->n_atoms, n_words = (n + 31u) / 32u;
    uint32_t most = 0;
    for (uint32_t w = 0; w < n_words; w++) c->bits[w] = 0;
    for (uint32_t i = 0; i < n; i++) {
        const poisson_params_t *p = poisson_segment(&c->sources, i, tick);
        uint32_t k = p ? poisson_draw(&c->sources, p, c->rng, prov) : 0;
        if (p && p->dead_ticks) { /* refractory: one spike at most, then dead_ticks without */
            if (c->held[i]) {
                c->held[i]--;
                k = 0;
            } else if (k) {
                k = 1;
                c->held[i] = p->dead_ticks;
            }
        } else if (p && p->order > 1u) { /* gamma: every order-th event */
            uint32_t events = c->held[i] + k;
            k = events / p->order;
            c->held[i] = events % p->order;
        }
        c->counts[i] = (uint16_t)(k < 0xFFFFu ? k : 0xFFFFu);
        if (!k) continue;
        for (uint32_t j = 0; j < k && c->system->has_key; j++) platform_send_spike(core, c->system->key_base | i);
        c->bits[i >> 5] |= 1u << (i & 31u);
        if (k > most) most = k;
    }
    if (!most || !rec_due(&c->rec_spikes, tick)) return;
    rec_write(&c->rec_spikes, core, tick, c->bits, n_words);
    for (uint32_t m = 2; m <= most && m <= 0xFFFFu; m++) { /* the sources that sent m or more */
        for (uint32_t w = 0; w < n_words; w++) c->bits[w] = 0;
        for (uint32_t i = 0; i < n; i++)
            if (c->counts[i] >= m) c->bits[i >> 5] |= 1u << (i & 31u);
        rec_write(&c->rec_spikes, core, tick, c->bits, n_words);
    }
}

const kernel_t spike_source_poisson_kernel = {.init = init, .resume = resume, .update = update};

/* Poisson spike source core: each tick, source i sends k ~ Poisson(rate_i h) packets
 * (common/poisson.h). */
#include "platform.h"
#include "recording.h"
#include "poisson.h"

typedef struct {
    const system_params_t *system;
    poisson_sources_t sources;
    rng_state_t *rng; /* SDRAM: continues across runs, restored on reset */
    rec_channel_t rec_spikes;
    uint32_t *bits;
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
    c->sources = poisson_sources_open(p);
    rec_open(&c->rec_spikes, core, REGION_REC_SPIKES);
    c->bits = (uint32_t *)platform_dtcm_alloc(core, 4u * ((c->system->n_atoms + 31u) / 32u));
    return c->bits ? 0 : -3;
}

static void resume(core_t *core, uint32_t tick) {
    (void)core;
    (void)tick;
}

static void update(core_t *core, uint32_t tick) {
    poisson_core_t *c = (poisson_core_t *)*platform_kernel_state(core);
    provenance_t *prov = platform_provenance(core);
    const uint32_t n = c->system->n_atoms, n_words = (n + 31u) / 32u;
    uint32_t any = 0;
    for (uint32_t w = 0; w < n_words; w++) c->bits[w] = 0;
    for (uint32_t i = 0; i < n; i++) {
        const poisson_params_t *p = poisson_segment(&c->sources, i, tick);
        if (!p) continue;
        uint32_t k = poisson_draw(&c->sources, p, c->rng, prov);
        if (!k) continue;
        for (uint32_t j = 0; j < k && c->system->has_key; j++) platform_send_spike(core, c->system->key_base | i);
        c->bits[i >> 5] |= 1u << (i & 31u);
        any = 1;
    }
    if (any && rec_due(&c->rec_spikes, tick)) rec_write(&c->rec_spikes, core, tick, c->bits, n_words);
}

const kernel_t spike_source_poisson_kernel = {init, resume, 0, update, 0};

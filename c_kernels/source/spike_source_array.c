/* Spike source array core: sends the listed spikes at their ticks. */
#include "platform.h"
#include "recording.h"

typedef struct {
    const system_params_t *system;
    const spike_source_array_header_t *header;
    const spike_source_array_spike_t *spikes; /* sorted by tick */
    spike_source_array_state_t *state;
    rec_channel_t rec_spikes;
    uint32_t *bits;
} ssa_core_t;

static int init(core_t *core) {
    uint32_t n;
    ssa_core_t *c = (ssa_core_t *)platform_dtcm_alloc(core, sizeof(ssa_core_t));
    if (!c) return -1;
    *platform_kernel_state(core) = c;
    c->system = (const system_params_t *)platform_region(core, REGION_SYSTEM, &n);
    const uint32_t *p = platform_region(core, REGION_SOURCE_PARAMS, &n);
    c->state = (spike_source_array_state_t *)platform_region(core, REGION_SOURCE_STATE, &n);
    if (!c->system || !p || !c->state) return -2;
    c->header = (const spike_source_array_header_t *)p;
    c->spikes = (const spike_source_array_spike_t *)(p + 1);
    rec_open(&c->rec_spikes, core, REGION_REC_SPIKES);
    c->bits = (uint32_t *)platform_dtcm_alloc(core, 4u * ((c->system->n_atoms + 31u) / 32u));
    return c->bits ? 0 : -3;
}

/* The host may have rewritten the spike list: skip what lies in the past. */
static void resume(core_t *core, uint32_t tick) {
    ssa_core_t *c = (ssa_core_t *)*platform_kernel_state(core);
    uint32_t i = 0;
    while (i < c->header->n_spikes && c->spikes[i].tick < tick) i++;
    c->state->next_index = i;
}

static void update(core_t *core, uint32_t tick) {
    ssa_core_t *c = (ssa_core_t *)*platform_kernel_state(core);
    const uint32_t n_words = (c->system->n_atoms + 31u) / 32u;
    uint32_t i = c->state->next_index, any = 0;
    for (uint32_t w = 0; w < n_words; w++) c->bits[w] = 0;
    while (i < c->header->n_spikes && c->spikes[i].tick == tick) {
        uint32_t atom = c->spikes[i].atom;
        if (c->system->has_key) platform_send_spike(core, c->system->key_base | atom);
        c->bits[atom >> 5] |= 1u << (atom & 31u);
        any = 1;
        i++;
    }
    c->state->next_index = i;
    if (any && rec_due(&c->rec_spikes, tick)) rec_write(&c->rec_spikes, core, tick, c->bits, n_words);
}

const kernel_t spike_source_array_kernel = {.init = init, .resume = resume, .update = update};

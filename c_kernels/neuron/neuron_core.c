/* A neuron core: synaptic rows -> ring buffers -> neuron model -> spikes.
 * The neuron model is chosen at compile time (NEURON_MODEL_HEADER); the host
 * library builds one instance per model, an ARM image one per builds.txt line. */
#include "platform.h"
#include "recording.h"
#include "synapses.h"
#include "current_sources.h"
#include "neuron_model.h"

#define MAX_WORDS_PER_RECORD (256u)

typedef struct {
    const system_params_t *system;
    const neuron_params_t *params; /* SDRAM: the host may rewrite them between runs */
    neuron_state_t *state;         /* SDRAM here; DTCM copy on SpiNNaker */
    synapses_t syn;
    current_sources_t cs;
    rec_channel_t rec_spikes, rec_v, rec_exc, rec_inh;
    uint32_t *scratch;             /* one record's worth of words */
} neuron_core_t;

static int init(core_t *core) {
    uint32_t n;
    neuron_core_t *nc = (neuron_core_t *)platform_dtcm_alloc(core, sizeof(neuron_core_t));
    if (!nc) return -1;
    *platform_kernel_state(core) = nc;
    nc->system = (const system_params_t *)platform_region(core, REGION_SYSTEM, &n);
    nc->params = (const neuron_params_t *)platform_region(core, REGION_NEURON_PARAMS, &n);
    nc->state = (neuron_state_t *)platform_region(core, REGION_NEURON_STATE, &n);
    if (!nc->system || !nc->params || !nc->state) return -2;
    if (nc->system->n_atoms > MAX_WORDS_PER_RECORD) return -3;
    int r = synapses_init(&nc->syn, core);
    if (r) return r;
    current_sources_open(&nc->cs, core);
    rec_open(&nc->rec_spikes, core, REGION_REC_SPIKES);
    rec_open(&nc->rec_v, core, REGION_REC_V);
    rec_open(&nc->rec_exc, core, REGION_REC_GSYN_EXC);
    rec_open(&nc->rec_inh, core, REGION_REC_GSYN_INH);
    nc->scratch = (uint32_t *)platform_dtcm_alloc(core, 4u * MAX_WORDS_PER_RECORD);
    if (!nc->scratch) return -4;
    synapses_init_filter(&nc->syn, core);
    return 0;
}

static void resume(core_t *core, uint32_t tick) {
    (void)core;
    (void)tick;
}

static void receive(core_t *core, uint32_t tick) {
    neuron_core_t *nc = (neuron_core_t *)*platform_kernel_state(core);
    synapses_receive(&nc->syn, core, tick);
}

static void record_values(neuron_core_t *nc, core_t *core, rec_channel_t *ch, uint32_t tick,
                          int32_t (*get)(const neuron_state_t *)) {
    if (!rec_due(ch, tick)) return;
    uint32_t n = nc->system->n_atoms;
    for (uint32_t i = 0; i < n; i++) nc->scratch[i] = (uint32_t)get(&nc->state[i]);
    rec_write(ch, core, tick, nc->scratch, n);
}

static void update(core_t *core, uint32_t tick) {
    neuron_core_t *nc = (neuron_core_t *)*platform_kernel_state(core);
    const uint32_t n = nc->system->n_atoms;
    const neuron_params_t *params = nc->params;
    neuron_state_t *state = nc->state;
    uint16_t *slot[NEURON_N_SYNAPSE_TYPES];
    uint32_t shift[NEURON_N_SYNAPSE_TYPES];
    for (uint32_t t = 0; t < NEURON_N_SYNAPSE_TYPES; t++) {
        slot[t] = synapses_slot(&nc->syn, tick, t);
        shift[t] = nc->syn.shift[t];
    }
    for (uint32_t i = 0; i < n; i++) {
#if NEURON_N_SYNAPSE_TYPES > 2
        s1615 input[NEURON_N_SYNAPSE_TYPES];
        for (uint32_t t = 0; t < NEURON_N_SYNAPSE_TYPES; t++) input[t] = synapses_take(slot[t], shift[t], i);
        neuron_add_inputs(&state[i], input);
#else
        s1615 exc = synapses_take(slot[SYNAPSE_TYPE_EXCITATORY], shift[SYNAPSE_TYPE_EXCITATORY], i);
        s1615 inh = synapses_take(slot[SYNAPSE_TYPE_INHIBITORY], shift[SYNAPSE_TYPE_INHIBITORY], i);
#ifdef NEURON_INPUT_NEEDS_PARAMS
        neuron_add_input_p(&params[i], &state[i], exc, inh);
#else
        neuron_add_input(&state[i], exc, inh);
#endif
#endif
    }
    record_values(nc, core, &nc->rec_v, tick, neuron_get_v);
    record_values(nc, core, &nc->rec_exc, tick, neuron_get_exc);
    record_values(nc, core, &nc->rec_inh, tick, neuron_get_inh);

    const uint32_t n_words = (n + 31u) / 32u;
    const uint32_t has_key = nc->system->has_key, key_base = nc->system->key_base;
    uint32_t *bits = nc->scratch;
    for (uint32_t w = 0; w < n_words; w++) bits[w] = 0;
    uint32_t any = 0;
    current_sources_tick(&nc->cs, tick);
    current_sources_noise(&nc->cs, tick);
    for (uint32_t i = 0; i < n; i++) {
        if (neuron_update(&params[i], &state[i], current_sources_input(&nc->cs, i))) {
            if (has_key) platform_send_spike(core, key_base | i);
            stdp_post_spike(&nc->syn.stdp, core, i, tick + 1u); /* stamped at the end of the step */
            bits[i >> 5] |= 1u << (i & 31u);
            any = 1;
        }
    }
    if (any && rec_due(&nc->rec_spikes, tick)) rec_write(&nc->rec_spikes, core, tick, bits, n_words);
}

#ifndef NEURON_KERNEL
#define NEURON_KERNEL neuron_kernel_lif_curr_exp
#endif
const kernel_t NEURON_KERNEL = {init, resume, receive, update};

/* A neuron core: synaptic rows -> ring buffers -> neuron model -> spikes.
 * The neuron model is chosen at compile time (NEURON_MODEL_HEADER); the host
 * library builds one instance per model, an ARM image one per builds.txt line. */
#include "platform.h"
#include "recording.h"
#include "synapses.h"
#include "direct_poisson.h"
#include "current_sources.h"
#include "neuron_model.h"

#define MAX_WORDS_PER_RECORD (256u)
#if NEURON_STATE_IN_COLUMNS && !defined(NEURON_UPDATE_ALL)
#error "a state region in columns needs the model's neuron_update_all (the per-neuron loop indexes records)"
#endif

typedef struct {
    const system_params_t *system;
    const neuron_params_t *params; /* SDRAM: the host may rewrite them between runs */
    neuron_state_t *state;         /* SDRAM here; DTCM copy on SpiNNaker; in columns if NEURON_STATE_IN_COLUMNS */
    synapses_t syn;
    direct_poisson_t direct; /* one-to-one Poisson sources drawn on this core */
    current_sources_t cs;
    rec_channel_t rec_spikes, rec_v, rec_exc, rec_inh;
#ifdef NEURON_EXTRA_VALUE
    rec_channel_t rec_extra; /* a fourth recorded value (neuron_get_extra) */
#endif
    uint32_t *scratch;             /* one record's worth of words */
#ifdef NEURON_UPDATE_ALL
    s1615 *i_bias;                 /* with current sources: i_offset + their input, per neuron */
    uint8_t *spiked;               /* 1 for each neuron that spiked this tick */
    uint32_t params_shared;        /* every neuron has the same parameters but i_offset */
    uint32_t bias_shared;          /* ... and the same i_offset, with no current source */
#endif
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
    direct_poisson_open(&nc->direct, core);
    rec_open(&nc->rec_spikes, core, REGION_REC_SPIKES);
    rec_open(&nc->rec_v, core, REGION_REC_V);
    rec_open(&nc->rec_exc, core, REGION_REC_GSYN_EXC);
    rec_open(&nc->rec_inh, core, REGION_REC_GSYN_INH);
#ifdef NEURON_EXTRA_VALUE
    rec_open(&nc->rec_extra, core, REGION_REC_EXTRA);
#endif
    nc->scratch = (uint32_t *)platform_dtcm_alloc(core, 4u * MAX_WORDS_PER_RECORD);
    if (!nc->scratch) return -4;
#ifdef NEURON_UPDATE_ALL
    nc->spiked = (uint8_t *)platform_dtcm_alloc(core, nc->system->n_atoms);
    nc->i_bias = nc->cs.header ? (s1615 *)platform_dtcm_alloc(core, 4u * nc->system->n_atoms) : 0;
    if (!nc->spiked || (nc->cs.header && !nc->i_bias)) return -4;
#endif
    synapses_init_filter(&nc->syn, core);
    return 0;
}

#ifdef NEURON_UPDATE_ALL
/* Whether every neuron's parameters (the columns of the params region) but i_offset are
 * those of the first neuron. */
static uint32_t params_shared(const uint32_t *cols, uint32_t n) {
    const uint32_t i_offset = offsetof(neuron_params_t, i_offset) / 4u;
    for (uint32_t w = 0; w < sizeof(neuron_params_t) / 4u; w++)
        for (uint32_t i = 1; w != i_offset && i < n; i++)
            if (cols[w * n + i] != cols[w * n]) return 0;
    return 1;
}
#endif

/* Before every run: the host may have rewritten the parameters. */
static void resume(core_t *core, uint32_t tick) {
    (void)tick;
    neuron_core_t *nc = (neuron_core_t *)*platform_kernel_state(core);
#ifdef NEURON_UPDATE_ALL
    const uint32_t n = nc->system->n_atoms, *cols = (const uint32_t *)nc->params;
    const s1615 *i_offset = NEURON_PARAM_COLUMN(s1615, cols, n, i_offset);
    nc->params_shared = params_shared(cols, n);
    nc->bias_shared = nc->params_shared && !nc->cs.header;
    for (uint32_t i = 1; nc->bias_shared && i < n; i++) nc->bias_shared = i_offset[i] == i_offset[0];
#endif
    direct_poisson_resume(&nc->direct);
}

static void receive(core_t *core, uint32_t tick) {
    neuron_core_t *nc = (neuron_core_t *)*platform_kernel_state(core);
    synapses_receive(&nc->syn, core, tick);
}

/* Neuron i's state as a record, wherever the region keeps it (NEURON_STATE_IN_COLUMNS), and
 * back: the models' per-neuron functions take records. */
static inline neuron_state_t state_load(const neuron_core_t *nc, uint32_t i) {
#if NEURON_STATE_IN_COLUMNS
    neuron_state_t s;
    const uint32_t n = nc->system->n_atoms, *cols = (const uint32_t *)nc->state;
    for (uint32_t w = 0; w < sizeof(neuron_state_t) / 4u; w++) ((uint32_t *)&s)[w] = cols[w * n + i];
    return s;
#else
    return nc->state[i];
#endif
}

static inline void state_store(neuron_core_t *nc, uint32_t i, const neuron_state_t *s) {
#if NEURON_STATE_IN_COLUMNS
    const uint32_t n = nc->system->n_atoms;
    uint32_t *cols = (uint32_t *)nc->state;
    for (uint32_t w = 0; w < sizeof(neuron_state_t) / 4u; w++) cols[w * n + i] = ((const uint32_t *)s)[w];
#else
    nc->state[i] = *s;
#endif
}

static void record_values(neuron_core_t *nc, core_t *core, rec_channel_t *ch, uint32_t tick,
                          int32_t (*get)(const neuron_state_t *)) {
    if (!rec_due(ch, tick)) return;
    uint32_t n = nc->system->n_atoms;
    for (uint32_t i = 0; i < n; i++) {
        const neuron_state_t s = state_load(nc, i);
        nc->scratch[i] = (uint32_t)get(&s);
    }
    rec_write(ch, core, tick, nc->scratch, n);
}

/* This tick's synaptic input into the state, neuron by neuron. */
static void add_inputs(neuron_core_t *nc, uint16_t *const slot[], const uint32_t shift[]) {
    const uint32_t n = nc->system->n_atoms;
    const neuron_params_t *params = nc->params;
    (void)params;
    for (uint32_t i = 0; i < n; i++) {
        neuron_state_t s = state_load(nc, i);
#if NEURON_N_SYNAPSE_TYPES > 2
        s1615 input[NEURON_N_SYNAPSE_TYPES];
        for (uint32_t t = 0; t < NEURON_N_SYNAPSE_TYPES; t++) input[t] = synapses_take(slot[t], shift[t], i);
        neuron_add_inputs(&s, input);
#else
        s1615 exc = synapses_take(slot[SYNAPSE_TYPE_EXCITATORY], shift[SYNAPSE_TYPE_EXCITATORY], i);
        s1615 inh = synapses_take(slot[SYNAPSE_TYPE_INHIBITORY], shift[SYNAPSE_TYPE_INHIBITORY], i);
#ifdef NEURON_INPUT_NEEDS_PARAMS
        neuron_add_input_p(&params[i], &s, exc, inh);
#else
        neuron_add_input(&s, exc, inh);
#endif
#endif
        state_store(nc, i, &s);
    }
}

/* A spike of neuron i at the end of this tick. */
static void spike(neuron_core_t *nc, core_t *core, uint32_t i, uint32_t tick, uint32_t *bits) {
    if (nc->system->has_key) platform_send_spike(core, nc->system->key_base | i);
    stdp_post_spike(&nc->syn.stdp, core, i, tick + 1u); /* stamped at the end of the step */
    bits[i >> 5] |= 1u << (i & 31u);
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
#ifdef NEURON_UPDATE_ALL
    /* The input is added inside neuron_update_all, unless recorded first (the slots are
     * then zero when neuron_update_all adds them). */
    if (rec_due(&nc->rec_exc, tick) || rec_due(&nc->rec_inh, tick)) add_inputs(nc, slot, shift);
#else
    add_inputs(nc, slot, shift);
#endif
    record_values(nc, core, &nc->rec_v, tick, neuron_get_v);
    record_values(nc, core, &nc->rec_exc, tick, neuron_get_exc);
    record_values(nc, core, &nc->rec_inh, tick, neuron_get_inh);
#ifdef NEURON_EXTRA_VALUE
    record_values(nc, core, &nc->rec_extra, tick, neuron_get_extra);
#endif

    const uint32_t n_words = (n + 31u) / 32u;
    uint32_t *bits = nc->scratch;
    for (uint32_t w = 0; w < n_words; w++) bits[w] = 0;
    uint32_t any = 0;
    current_sources_tick(&nc->cs, tick);
    current_sources_noise(&nc->cs, tick);
#ifdef NEURON_UPDATE_ALL
    /* params: the region in columns (NEURON_PARAM_COLUMN) */
    const uint32_t *cols = (const uint32_t *)params;
    const s1615 *i_bias = NEURON_PARAM_COLUMN(s1615, cols, n, i_offset);
    if (nc->cs.header) {
        for (uint32_t i = 0; i < n; i++) nc->i_bias[i] = s1615_add(i_bias[i], current_sources_input(&nc->cs, i));
        i_bias = nc->i_bias;
    }
    any = (nc->bias_shared     ? neuron_update_all_uniform
           : nc->params_shared ? neuron_update_all_shared
                               : neuron_update_all)(cols, n, (uint32_t *)state, slot[SYNAPSE_TYPE_EXCITATORY],
                                                    shift[SYNAPSE_TYPE_EXCITATORY], slot[SYNAPSE_TYPE_INHIBITORY],
                                                    shift[SYNAPSE_TYPE_INHIBITORY], i_bias, nc->spiked);
    if (any)
        for (uint32_t i = 0; i < n; i++)
            if (nc->spiked[i]) spike(nc, core, i, tick, bits);
#else
    for (uint32_t i = 0; i < n; i++) {
        if (neuron_update(&params[i], &state[i], current_sources_input(&nc->cs, i))) {
            spike(nc, core, i, tick, bits);
            any = 1;
        }
    }
#endif
    if (any && rec_due(&nc->rec_spikes, tick)) rec_write(&nc->rec_spikes, core, tick, bits, n_words);
    direct_poisson_tick(&nc->direct, &nc->syn, platform_provenance(core), tick);
}

static void wanted_keys(core_t *core, uint32_t key_base, uint32_t n_keys, uint32_t *bits, uint32_t *hints) {
    neuron_core_t *nc = (neuron_core_t *)*platform_kernel_state(core);
    synapses_wanted_keys(&nc->syn, key_base, n_keys, bits, hints);
}

#ifndef NEURON_KERNEL
#define NEURON_KERNEL neuron_kernel_lif_curr_exp
#endif
#if defined(__arm__)
const kernel_t NEURON_KERNEL = {init, resume, receive, update, wanted_keys};
#else
static uint32_t held_estimate(core_t *core, uint32_t hint, uint32_t *bound) {
    return synapses_held_estimate(&((neuron_core_t *)*platform_kernel_state(core))->syn, hint, bound);
}
static uint32_t make_held(core_t *core, uint32_t hint, uint32_t *out) {
    return synapses_make_held(&((neuron_core_t *)*platform_kernel_state(core))->syn, hint, out);
}
static void use_held(core_t *core, uint32_t hint, uint32_t offset_words) {
    synapses_use_held(&((neuron_core_t *)*platform_kernel_state(core))->syn, hint, offset_words);
}
static const row_holding_t HOLDING = {held_estimate, make_held, use_held};
const kernel_t NEURON_KERNEL = {init, resume, receive, update, wanted_keys, &HOLDING};
#endif

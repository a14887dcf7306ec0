/* Replay harness: runs a recorded network (the SDRAM image spynn maps for it,
 * written by replay_networks.py) through the kernels and the test platform
 * (platform_stub.c), and prints what they did: per tick the keys sent, at the
 * end a hash of every region of every core and its provenance counters.  Built
 * for the host and for the ARM968 (run under qemu-arm); the two outputs must
 * be identical byte for byte (make test-arm).
 *
 *   replay FILE.rply     run the network for the ticks the file asks for
 *   replay --dtcm        the DTCM each kernel allocates at init for 256 atoms,
 *                        apart from its ring buffer (spynn/mapping/budget.py)
 *
 * Packets go from a core to every core whose master population table knows
 * the key (what the routing tables spynn builds do), in core order; a key
 * sent in tick t is received in tick t + 1, as in the emulator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "master_table.h"
#include "platform_stub.h"
#include "stdp.h"

/* uint32_t is unsigned long on arm-none-eabi, unsigned int on x86-64: print through this */
#define U(x) ((unsigned)(x))

#define MAX_CORES 64u
#define RPLY_MAGIC 0x59504C52u

typedef struct {
    const char *name;
    uint32_t kind, model;
    const kernel_t *kernel;
} kernel_entry_t;

static const kernel_entry_t KERNELS[] = {
    {"lif_curr_exp", CORE_KIND_NEURON, NEURON_MODEL_LIF_CURR_EXP, &neuron_kernel_lif_curr_exp},
    {"lif_cond_exp", CORE_KIND_NEURON, NEURON_MODEL_LIF_COND_EXP, &neuron_kernel_lif_cond_exp},
    {"lif_curr_alpha", CORE_KIND_NEURON, NEURON_MODEL_LIF_CURR_ALPHA, &neuron_kernel_lif_curr_alpha},
    {"lif_curr_delta", CORE_KIND_NEURON, NEURON_MODEL_LIF_CURR_DELTA, &neuron_kernel_lif_curr_delta},
    {"izhikevich", CORE_KIND_NEURON, NEURON_MODEL_IZHIKEVICH, &neuron_kernel_izhikevich},
    {"lif_curr_exp_ca2", CORE_KIND_NEURON, NEURON_MODEL_LIF_CURR_EXP_CA2, &neuron_kernel_lif_curr_exp_ca2},
    {"lif_curr_dual_exp", CORE_KIND_NEURON, NEURON_MODEL_LIF_CURR_DUAL_EXP, &neuron_kernel_lif_curr_dual_exp},
    {"lif_cond_exp_stoc", CORE_KIND_NEURON, NEURON_MODEL_LIF_COND_EXP_STOC, &neuron_kernel_lif_cond_exp_stoc},
    {"izhikevich_cond", CORE_KIND_NEURON, NEURON_MODEL_IZHIKEVICH_COND, &neuron_kernel_izhikevich_cond},
    {"izhikevich_curr_exp", CORE_KIND_NEURON, NEURON_MODEL_IZHIKEVICH_CURR_EXP, &neuron_kernel_izhikevich_curr_exp},
    {"izhikevich_cond_dual", CORE_KIND_NEURON, NEURON_MODEL_IZHIKEVICH_COND_DUAL, &neuron_kernel_izhikevich_cond_dual},
    {"lif_curr_delta_fixed_prob", CORE_KIND_NEURON, NEURON_MODEL_LIF_CURR_DELTA_FIXED_PROB,
     &neuron_kernel_lif_curr_delta_fixed_prob},
    {"if_trunc_delta", CORE_KIND_NEURON, NEURON_MODEL_IF_TRUNC_DELTA, &neuron_kernel_if_trunc_delta},
    {"stoc", CORE_KIND_NEURON, NEURON_MODEL_STOCHASTIC, &neuron_kernel_stoc},
    {"lif_curr_semd", CORE_KIND_NEURON, NEURON_MODEL_LIF_CURR_SEMD, &neuron_kernel_lif_curr_semd},
    {"lif_cond_alpha", CORE_KIND_NEURON, NEURON_MODEL_LIF_COND_ALPHA, &neuron_kernel_lif_cond_alpha},
    {"aeif_cond_exp", CORE_KIND_NEURON, NEURON_MODEL_AEIF_COND_EXP, &neuron_kernel_aeif_cond_exp},
    {"aeif_cond_alpha", CORE_KIND_NEURON, NEURON_MODEL_AEIF_COND_ALPHA, &neuron_kernel_aeif_cond_alpha},
    {"hh_cond_exp", CORE_KIND_NEURON, NEURON_MODEL_HH_COND_EXP, &neuron_kernel_hh_cond_exp},
    {"lif_curr_delta_ca2", CORE_KIND_NEURON, NEURON_MODEL_LIF_CURR_DELTA_CA2, &neuron_kernel_lif_curr_delta_ca2},
    {"spike_source_array", CORE_KIND_SPIKE_SOURCE_ARRAY, 0, &spike_source_array_kernel},
    {"spike_source_poisson", CORE_KIND_SPIKE_SOURCE_POISSON, 0, &spike_source_poisson_kernel},
};
#define N_KERNELS (sizeof KERNELS / sizeof KERNELS[0])

static const kernel_entry_t *kernel_for(uint32_t kind, uint32_t model) {
    for (uint32_t k = 0; k < N_KERNELS; k++)
        if (KERNELS[k].kind == kind && (kind != CORE_KIND_NEURON || KERNELS[k].model == model)) return &KERNELS[k];
    return 0;
}

/* FNV-1a over 32-bit words, byte by byte in little-endian order */
static uint32_t fnv(uint32_t h, const uint32_t *w, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t b = 0; b < 32; b += 8) h = (h ^ ((w[i] >> b) & 0xFFu)) * 16777619u;
    return h;
}

static struct core cores[MAX_CORES];
static const kernel_entry_t *kinds[MAX_CORES];
static master_table_t tables[MAX_CORES];
static uint32_t next_in[MAX_CORES][STUB_MAX_KEYS], n_next[MAX_CORES];

static int replay(const char *path) {
    FILE *f = fopen(path, "rb");
    uint32_t head[4];
    if (!f || fread(head, 4, 4, f) != 4 || head[0] != RPLY_MAGIC || head[2] > MAX_CORES) {
        printf("%s: not a replay file\n", path);
        return 2;
    }
    const uint32_t n_ticks = head[1], n_cores = head[2], n_words = head[3];
    uint32_t offsets[MAX_CORES];
    uint32_t *sdram = (uint32_t *)malloc(4u * n_words);
    if (!sdram || fread(offsets, 4, n_cores, f) != n_cores || fread(sdram, 4, n_words, f) != n_words) {
        printf("%s: truncated\n", path);
        return 2;
    }
    fclose(f);
    uint32_t *initial = (uint32_t *)malloc(4u * n_words);
    if (!initial) return 2;
    memcpy(initial, sdram, 4u * n_words);
    printf("replay %u cores, %u ticks\n", U(n_cores), U(n_ticks));
    for (uint32_t i = 0; i < n_cores; i++) {
        struct core *c = &cores[i];
        const uint32_t *block = sdram + offsets[i];
        for (uint32_t r = 0; r < MAX_REGIONS; r++) {
            c->regions[r] = sdram + block[2 + 2 * r];
            c->region_words[r] = block[3 + 2 * r];
        }
        uint32_t n;
        const system_params_t *sys = (const system_params_t *)platform_region(c, REGION_SYSTEM, &n);
        kinds[i] = sys ? kernel_for(sys->core_kind, sys->neuron_model) : 0;
        if (!kinds[i]) {
            printf("core %u: no kernel for this core\n", U(i));
            return 2;
        }
        const uint32_t *mt = platform_region(c, REGION_MASTER_POP_TABLE, &n);
        if (mt) master_table_open(&tables[i], mt); /* sources have none */
        int r = kinds[i]->kernel->init(c);
        printf("core %u: %s, %u atoms, init %d\n", U(i), kinds[i]->name, U(sys->n_atoms), r);
        if (r) return 1;
        if (kinds[i]->kernel->resume) kinds[i]->kernel->resume(c, 0);
    }
    uint32_t total = 0, dropped = 0;
    for (uint32_t t = 0; t < n_ticks; t++) {
        for (uint32_t i = 0; i < n_cores; i++) {
            struct core *c = &cores[i];
            memcpy(c->in, next_in[i], 4u * n_next[i]);
            c->n_in = n_next[i];
            c->in_pos = 0;
            n_next[i] = 0;
            c->n_sent = 0;
            if (kinds[i]->kernel->receive) kinds[i]->kernel->receive(c, t);
            kinds[i]->kernel->update(c, t);
        }
        uint32_t h = 2166136261u, sent = 0;
        for (uint32_t i = 0; i < n_cores; i++) {
            const struct core *c = &cores[i];
            h = fnv(h, c->sent, c->n_sent);
            sent += c->n_sent;
            for (uint32_t k = 0; k < c->n_sent; k++)
                for (uint32_t j = 0; j < n_cores; j++) {
                    if (!tables[j].header || !master_table_find(&tables[j], c->sent[k])) continue;
                    if (n_next[j] < STUB_MAX_KEYS) next_in[j][n_next[j]++] = c->sent[k];
                    else dropped++;
                }
        }
        total += sent;
        printf("tick %u sent %u hash %08x\n", U(t), U(sent), U(h));
    }
    for (uint32_t i = 0; i < n_cores; i++) {
        const struct core *c = &cores[i];
        printf("core %u %s:", U(i), kinds[i]->name);
        for (uint32_t r = 0; r < MAX_REGIONS; r++) {
            if (!c->region_words[r]) continue;
            uint32_t changed = 0; /* words the run wrote: state, recordings, plastic weights, generators */
            for (uint32_t w = 0; w < c->region_words[r]; w++)
                changed += c->regions[r][w] != initial[(uint32_t)(c->regions[r] - sdram) + w];
            printf(" r%u=%08x/%u", U(r), U(fnv(2166136261u, c->regions[r], c->region_words[r])), U(changed));
        }
        const uint32_t *prov = (const uint32_t *)&c->prov;
        printf("\n  provenance");
        for (uint32_t k = 0; k < sizeof(provenance_t) / 4u; k++) printf(" %u", U(prov[k]));
        printf("\n");
        fprintf(stderr, "core %u: DTCM allocated %u bytes\n", U(i), U(c->dtcm_used));
    }
    printf("total sent %u, dropped %u, sdram %08x\n", U(total), U(dropped), U(fnv(2166136261u, sdram, n_words)));
    free(sdram);
    free(initial);
    return 0;
}

/* ------------------------------------------------------------- --dtcm */

#define PROBE_ATOMS 256u
static uint32_t probe_words[8][PROBE_ATOMS * 32u];

/* DTCM a kernel's init allocates for PROBE_ATOMS atoms, with or without an STDP region. */
static uint32_t probe(const kernel_entry_t *k, int with_stdp) {
    struct core c;
    memset(&c, 0, sizeof c);
    memset(probe_words, 0, sizeof probe_words);
    system_params_t *sys = (system_params_t *)probe_words[0];
    sys->core_kind = k->kind;
    sys->neuron_model = k->model;
    sys->n_atoms = PROBE_ATOMS;
    synapse_params_t *sp = (synapse_params_t *)probe_words[1];
    sp->n_neurons = PROBE_ATOMS;
    sp->n_synapse_types = 2;
    sp->log_n_neurons = 8;
    sp->log_n_synapse_types = 1;
    sp->log_max_delay = 1;
    uint32_t *p = probe_words[2];
    p[0] = PROBE_ATOMS; /* Poisson header n_atoms */
    for (uint32_t i = 0; i <= PROBE_ATOMS; i++) p[2 + i] = 0;
    const uint32_t regions[][2] = {
        {REGION_SYSTEM, 0}, {REGION_SYNAPSE_PARAMS, 1}, {REGION_SOURCE_PARAMS, 2}, {REGION_NEURON_PARAMS, 3},
        {REGION_NEURON_STATE, 4}, {REGION_SOURCE_STATE, 5}, {REGION_MASTER_POP_TABLE, 6}, {REGION_SYNAPTIC_MATRIX, 7},
    };
    for (uint32_t r = 0; r < sizeof regions / sizeof regions[0]; r++) {
        c.regions[regions[r][0]] = probe_words[regions[r][1]];
        c.region_words[regions[r][0]] = PROBE_ATOMS * 32u;
    }
    static uint32_t stdp_region[2 + 16];
    if (with_stdp) {
        c.regions[REGION_STDP] = stdp_region;
        c.region_words[REGION_STDP] = 2 + 16;
    }
    int r = k->kernel->init(&c);
    if (r) printf("%s: init %d\n", k->name, r);
    return c.dtcm_used;
}

static int dtcm_report(void) {
    const uint32_t ring = 2u << (8 + 1 + 1);
    printf("# kernel  fixed_bytes  history_bytes_per_neuron  (DTCM allocated by init for %u atoms besides the "
           "ring buffer; the STDP post-spike history per neuron)\n", U(PROBE_ATOMS));
    for (uint32_t k = 0; k < N_KERNELS; k++) {
        const kernel_entry_t *e = &KERNELS[k];
        if (e->kind == CORE_KIND_NEURON) {
            uint32_t plain = probe(e, 0), plastic = probe(e, 1);
            printf("%s %u %u\n", e->name, U(plain - ring), U((plastic - plain) / PROBE_ATOMS));
        } else {
            printf("%s %u 0\n", e->name, U(probe(e, 0)));
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--dtcm") == 0) return dtcm_report();
    if (argc != 2) {
        printf("usage: replay FILE.rply | --dtcm\n");
        return 2;
    }
    return replay(argv[1]);
}

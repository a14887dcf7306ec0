#define _DEFAULT_SOURCE /* MAP_ANONYMOUS and madvise under -std=c11 */
#include "emulator.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "platform.h"

#define DTCM_BYTES (64u * 1024u)
#define DTCM_MAX_BLOCKS 16u
/* A core's DTCM in the emulator's arena: its 64 kB and room to align each block to a cache line */
#define DTCM_SLOT_BYTES (DTCM_BYTES + 64u * DTCM_MAX_BLOCKS)
#define HUGE_PAGE_BYTES ((size_t)2u << 20)
/* Ticks a batch may update (emu_run's batch), and the key lists kept: those waiting to be
 * received and those being sent, by the tick that receives them (mod KEY_LISTS). */
#define MAX_BATCH 8u
#define KEY_LISTS (2u * MAX_BATCH)
#define MAX_HOPS (4096u)

struct core {
    uint32_t index, chip, core_id;
    uint32_t *sdram; /* chip SDRAM base */
    uint32_t *block; /* this core's block (region table) */
    const kernel_t *kernel;
    void *kstate;
    provenance_t *prov;
    uint32_t dtcm_used;   /* bytes allocated, against DTCM_BYTES as on SpiNNaker */
    uint8_t *dtcm;        /* this core's slot of the emulator's DTCM arena */
    uint32_t dtcm_next;   /* next free byte of the slot */
    uint32_t n_dtcm_blocks;
    void *host_blocks[4]; /* platform_host_alloc */
    uint32_t n_host_blocks;
    /* the keys this core sent, by the tick that receives them (mod KEY_LISTS): every
     * delivery task reads the lists waiting to be received in place; update appends to
     * keys[out] */
    uint32_t *keys[KEY_LISTS], n_keys[KEY_LISTS], cap_keys[KEY_LISTS];
    /* routing, per route r (one per atom; one for all atoms if shared_route): the cores
     * reached are dest[dest_start[r] .. dest_start[r+1]), sorted, each once, and as runs of
     * consecutive core indices runs[2 * (run_start[r] .. run_start[r+1])] = {first, end} */
    uint32_t key_base, n_atoms, has_key;
    uint32_t *dest_start, *dest;
    uint32_t *run_start, *runs;
    uint32_t shared_route; /* all atoms' keys take the same route */
    uint32_t dest_lo, dest_hi; /* every destination lies in [dest_lo, dest_hi) */
    /* of those, the cores a key matters to (kernel_t.wanted_keys), by atom a:
     * want_dest[want_start[a] .. want_start[a+1]), sorted, and the hint each gave */
    uint32_t *want_start, *want_hint;
    uint16_t *want_dest; /* core indices: the emulator runs at most 65,536 cores (emulator.py) */
    /* the destinations that want every atom's key, each with one hint for all of them (sorted;
     * not in want_dest): procedural rows, or cores whose kernel does not filter keys */
    uint16_t *all_dest;
    uint32_t *all_hint, n_all_dest;
    /* Written while the tick runs by the one task that serves this core, and read by no
     * other: on a cache line of its own, apart from the fields above that every task reads
     * (no false sharing).  The keys delivered to it this tick, how far receive has taken
     * them, and the keys routed here but withheld because they were of no effect. */
    _Alignas(64) uint32_t *in_keys, n_in, cap_in, in_pos, withheld;
    uint32_t *in_hints, cap_hints; /* the hint of each key delivered (in_keys) */
    const uint32_t *matrix;        /* REGION_SYNAPTIC_MATRIX: a hint h is row matrix + h - 1 (prefetched) */
    uint32_t out; /* the list platform_send_spike appends to */
    uint64_t sent, sent_at_mark; /* keys sent since creation, and by emu_mark_sent's call */
};

/* Where the emulator may put held rows (emu_row_store): [next, end) of words, taken a block at
 * a time by emu_hold_rows' threads. */
struct row_store {
    uint32_t *words;
    _Atomic uint64_t next;
    uint64_t end;
};

struct emulator {
    uint32_t n_chips, n_cores, tick, n_threads;
    struct core *cores;
    void *dtcm_arena; /* every core's DTCM, DTCM_SLOT_BYTES each, on huge pages where there are */
    size_t dtcm_arena_bytes;
    /* the cores that sent keys received in tick t, in core order: active[t % KEY_LISTS] */
    uint32_t *active[KEY_LISTS], n_active[KEY_LISTS];
    uint32_t n_pending; /* ticks whose keys wait to be received: tick - n_pending + 1 .. tick */
    atomic_int broken;
    struct row_store store;
};

/* ---------------------------------------------------------------- platform */

uint32_t *platform_region(core_t *c, uint32_t region, uint32_t *n_words) {
    uint32_t off = c->block[2 + 2 * region], size = c->block[3 + 2 * region];
    *n_words = size;
    return (region < MAX_REGIONS && size) ? c->sdram + off : NULL;
}

uint32_t *platform_dma_read(core_t *c, const uint32_t *sdram_src, uint32_t n_words) {
    (void)c;
    (void)n_words;
    return (uint32_t *)sdram_src; /* the host reads SDRAM in place */
}

void platform_dma_write(core_t *c, uint32_t *sdram_dst, const uint32_t *src, uint32_t n_words) {
    (void)c;
    if (sdram_dst != src) memcpy(sdram_dst, src, 4u * n_words);
}

static int grow(uint32_t **buf, uint32_t *cap, uint32_t need) {
    if (need <= *cap) return 0;
    uint32_t n = *cap ? *cap : 64u;
    while (n < need) n *= 2u;
    uint32_t *b = (uint32_t *)realloc(*buf, 4u * (size_t)n);
    if (!b) return -1;
    *buf = b;
    *cap = n;
    return 0;
}

void platform_send_spike(core_t *c, uint32_t key) {
    const uint32_t q = c->out;
    if (grow(&c->keys[q], &c->cap_keys[q], c->n_keys[q] + 1)) return;
    c->keys[q][c->n_keys[q]++] = key;
}

/* The keys delivered to the core this tick (deliver, below), in order. */
uint32_t platform_next_spikes(core_t *c, uint32_t *keys, uint32_t *hints, uint32_t max) {
    uint32_t n = c->n_in - c->in_pos;
    if (n > max) n = max;
    memcpy(keys, c->in_keys + c->in_pos, 4u * n);
    memcpy(hints, c->in_hints + c->in_pos, 4u * n);
    c->in_pos += n;
    return n;
}

uint32_t platform_spikes_withheld(core_t *c) { return c->withheld; }

/* From the core's slot of the arena (zeroed when mapped; blocks are never freed but with the
 * emulator): the rings and tables a core reads at random every tick lie together, on huge
 * pages, instead of one malloc each on pages of their own. */
void *platform_dtcm_alloc(core_t *c, uint32_t n_bytes) {
    if (c->dtcm_used + n_bytes > DTCM_BYTES || c->n_dtcm_blocks == DTCM_MAX_BLOCKS) return NULL;
    void *p = c->dtcm + c->dtcm_next;
    c->dtcm_next += (n_bytes + 63u) & ~63u;
    c->n_dtcm_blocks++;
    c->dtcm_used += n_bytes;
    if (c->prov) c->prov->dtcm_bytes = c->dtcm_used;
    return p;
}

void *platform_host_alloc(core_t *c, uint32_t n_bytes) {
    if (c->n_host_blocks == 4) return NULL;
    void *p = calloc(1, n_bytes ? n_bytes : 1);
    if (p) c->host_blocks[c->n_host_blocks++] = p;
    return p;
}

provenance_t *platform_provenance(core_t *c) { return c->prov; }

void **platform_kernel_state(core_t *c) { return &c->kstate; }

/* ----------------------------------------------------------------- routing */

static int32_t lookup(const uint32_t *table_start, const uint32_t *table, uint32_t chip, uint32_t key) {
    for (uint32_t e = table_start[chip]; e < table_start[chip + 1]; e++) {
        if ((key & table[3 * e + 1]) == table[3 * e]) return (int32_t)e;
    }
    return -1;
}

/* Follow one key from its source chip through the routing tables, appending
 * the index of every destination core.  Returns the number of destinations,
 * or -1 if the key was dropped somewhere (no entry on the source chip, or a
 * link to nowhere). */
static int32_t route_key(uint32_t key, uint32_t src_chip, uint32_t n_chips, const int32_t *links,
                         const uint32_t *table_start, const uint32_t *table, const int32_t *core_at,
                         uint32_t **out, uint32_t *n_out, uint32_t *cap_out) {
    uint32_t stack_chip[MAX_HOPS], stack_in[MAX_HOPS], sp = 0, hops = 0;
    int32_t found = 0, dropped = 0;
    stack_chip[sp] = src_chip;
    stack_in[sp++] = 6u; /* 6 = from a local core */
    while (sp) {
        uint32_t chip = stack_chip[--sp], in = stack_in[sp];
        if (++hops > MAX_HOPS) return -1;
        int32_t e = lookup(table_start, table, chip, key);
        uint32_t route;
        if (e >= 0) {
            route = table[3 * e + 2];
        } else if (in < 6u) {
            route = 1u << ((in + 3u) % 6u); /* default route: straight through */
        } else {
            dropped = 1;
            continue;
        }
        for (uint32_t core = 0; core < CORES_PER_CHIP; core++) {
            if (!(route & (1u << (ROUTE_CORE_SHIFT + core)))) continue;
            int32_t idx = core_at[chip * CORES_PER_CHIP + core];
            if (idx < 0) { dropped = 1; continue; }
            if (grow(out, cap_out, *n_out + 1)) return -1;
            (*out)[(*n_out)++] = (uint32_t)idx;
            found++;
        }
        for (uint32_t l = 0; l < 6u; l++) {
            if (!(route & (1u << l))) continue;
            int32_t next = links[6 * chip + l];
            if (next < 0 || (uint32_t)next >= n_chips || sp >= MAX_HOPS) { dropped = 1; continue; }
            stack_chip[sp] = (uint32_t)next;
            stack_in[sp++] = (l + 3u) % 6u; /* arrives on the opposite link */
        }
    }
    return dropped ? -1 : found;
}

/* ------------------------------------------------------------------ create */

static int compare_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Each route's destinations as runs of consecutive core indices, and the range they span. */
static int find_runs(struct core *c, uint32_t n_routes) {
    uint32_t n_dest = c->dest_start[n_routes] & 0x7FFFFFFFu, n_runs = 0;
    c->run_start = (uint32_t *)calloc(n_routes + 1, sizeof(uint32_t));
    c->runs = (uint32_t *)malloc(2u * sizeof(uint32_t) * (n_dest ? n_dest : 1));
    if (!c->run_start || !c->runs) return -1;
    c->dest_lo = UINT32_MAX;
    c->dest_hi = 0;
    for (uint32_t r = 0; r < n_routes; r++) {
        uint32_t lo = c->dest_start[r] & 0x7FFFFFFFu, hi = c->dest_start[r + 1] & 0x7FFFFFFFu;
        c->run_start[r] = n_runs;
        for (uint32_t p = lo; p < hi; p++) {
            if (p == lo || c->dest[p] != c->dest[p - 1] + 1u) c->runs[2u * n_runs++] = c->dest[p];
            c->runs[2u * n_runs - 1u] = c->dest[p] + 1u;
        }
        if (lo < hi && c->dest[lo] < c->dest_lo) c->dest_lo = c->dest[lo];
        if (lo < hi && c->dest[hi - 1] + 1u > c->dest_hi) c->dest_hi = c->dest[hi - 1] + 1u;
    }
    c->run_start[n_routes] = n_runs;
    return 0;
}

/* Scratch for source_lists, grown as needed and kept between source cores. */
typedef struct {
    uint32_t *bits, cap_bits, *pos_bits, cap_pos, *hints, cap_hints, *pos_hints, cap_pos_hints;
} want_scratch_t;

static void free_want_scratch(want_scratch_t *w) {
    free(w->bits);
    free(w->pos_bits);
    free(w->hints);
    free(w->pos_hints);
}

/* A source core's wanting destinations, by atom, from its destinations' kernel_t.wanted_keys
 * (every destination wants every key if its kernel does not say). */
static int source_lists(emulator_t *emu, struct core *src, want_scratch_t *sc) {
    uint32_t n_atoms = src->has_key ? src->n_atoms : 0u;
    uint32_t n_routes = src->shared_route ? 1u : n_atoms;
    uint32_t n_dest = src->dest_start[n_routes] & 0x7FFFFFFFu;
    /* bit a * n_dest + p (shared route) or p: does the p-th destination want atom a's key */
    uint32_t n_bits = src->shared_route ? n_atoms * n_dest : n_dest;
    src->want_start = (uint32_t *)calloc(n_atoms + 1u, sizeof(uint32_t));
    if (!src->want_start || grow(&sc->bits, &sc->cap_bits, (n_atoms + 31u) / 32u + 1u) ||
        grow(&sc->pos_bits, &sc->cap_pos, (n_bits + 31u) / 32u + 1u) || grow(&sc->hints, &sc->cap_hints, n_atoms + 1u) ||
        grow(&sc->pos_hints, &sc->cap_pos_hints, n_bits + 1u))
        return -1;
    uint32_t *bits = sc->bits, *pos_bits = sc->pos_bits, *hints = sc->hints, *pos_hints = sc->pos_hints;
    memset(pos_bits, 0, 4u * ((n_bits + 31u) / 32u + 1u));
    uint32_t n_wanted = 0;
    for (uint32_t r = 0; r < n_routes; r++) {
        uint32_t lo = src->dest_start[r] & 0x7FFFFFFFu, hi = src->dest_start[r + 1] & 0x7FFFFFFFu;
        uint32_t key = src->key_base | (src->shared_route ? 0u : r), n_keys = src->shared_route ? n_atoms : 1u;
        for (uint32_t p = lo; p < hi; p++) {
            struct core *dst = &emu->cores[src->dest[p]];
            memset(bits, 0xFF, 4u * ((n_keys + 31u) / 32u));
            memset(hints, 0, 4u * n_keys);
            if (dst->kernel->wanted_keys) dst->kernel->wanted_keys(dst, key, n_keys, bits, hints);
            for (uint32_t a = 0; a < n_keys; a++) {
                uint32_t bit = src->shared_route ? a * n_dest + p : p;
                if (bits[a >> 5] & (1u << (a & 31u))) {
                    pos_bits[bit >> 5] |= 1u << (bit & 31u);
                    pos_hints[bit] = hints[a];
                    n_wanted++;
                }
            }
        }
    }
    /* a shared route's destinations that want every key with the same hint: listed once */
    src->all_dest = (uint16_t *)malloc(sizeof(uint16_t) * (n_dest ? n_dest : 1u));
    src->all_hint = (uint32_t *)malloc(sizeof(uint32_t) * (n_dest ? n_dest : 1u));
    if (!src->all_dest || !src->all_hint) return -1;
    src->n_all_dest = 0;
    for (uint32_t p = 0; src->shared_route && n_atoms && p < n_dest; p++) {
        uint32_t a = 0;
        for (; a < n_atoms; a++) {
            uint32_t bit = a * n_dest + p;
            if (!(pos_bits[bit >> 5] & (1u << (bit & 31u))) || pos_hints[bit] != pos_hints[p]) break;
        }
        if (a < n_atoms) continue;
        src->all_hint[src->n_all_dest] = pos_hints[p]; /* atom 0's */
        src->all_dest[src->n_all_dest++] = (uint16_t)src->dest[p];
        for (a = 0; a < n_atoms; a++) { /* not in the atoms' lists */
            uint32_t bit = a * n_dest + p;
            pos_bits[bit >> 5] &= ~(1u << (bit & 31u));
        }
        n_wanted -= n_atoms;
    }
    src->want_dest = (uint16_t *)malloc(sizeof(uint16_t) * (n_wanted ? n_wanted : 1u));
    src->want_hint = (uint32_t *)malloc(sizeof(uint32_t) * (n_wanted ? n_wanted : 1u));
    if (!src->want_dest || !src->want_hint) return -1;
    uint32_t w = 0;
    for (uint32_t a = 0; a < n_atoms; a++) {
        uint32_t r = src->shared_route ? 0u : a;
        uint32_t lo = src->dest_start[r] & 0x7FFFFFFFu, hi = src->dest_start[r + 1] & 0x7FFFFFFFu;
        src->want_start[a] = w;
        for (uint32_t p = lo; p < hi; p++) {
            uint32_t bit = src->shared_route ? a * n_dest + p : p;
            if (pos_bits[bit >> 5] & (1u << (bit & 31u))) {
                src->want_hint[w] = pos_hints[bit];
                src->want_dest[w++] = (uint16_t)src->dest[p];
            }
        }
    }
    src->want_start[n_atoms] = w;
    return 0;
}

static void free_source_lists(struct core *c) {
    free(c->want_start);
    free(c->want_dest);
    free(c->want_hint);
    free(c->all_dest);
    free(c->all_hint);
    c->want_start = c->all_hint = c->want_hint = NULL;
    c->want_dest = c->all_dest = NULL;
    c->n_all_dest = 0;
}

/* Every source core's runs of destinations and wanting destinations (source_lists). */
static int find_wanted_keys(emulator_t *emu) {
    want_scratch_t sc = {0};
    int err = 0;
    for (uint32_t i = 0; i < emu->n_cores && !err; i++) {
        struct core *src = &emu->cores[i];
        err = find_runs(src, src->shared_route ? 1u : (src->has_key ? src->n_atoms : 0u)) || source_lists(emu, src, &sc);
    }
    free_want_scratch(&sc);
    return err ? -1 : 0;
}

static const kernel_t *kernel_for(uint32_t kind, uint32_t model) {
    if (kind == CORE_KIND_NEURON) {
        switch (model) {
        case NEURON_MODEL_LIF_CURR_EXP: return &neuron_kernel_lif_curr_exp;
        case NEURON_MODEL_LIF_COND_EXP: return &neuron_kernel_lif_cond_exp;
        case NEURON_MODEL_LIF_CURR_ALPHA: return &neuron_kernel_lif_curr_alpha;
        case NEURON_MODEL_LIF_CURR_DELTA: return &neuron_kernel_lif_curr_delta;
        case NEURON_MODEL_IZHIKEVICH: return &neuron_kernel_izhikevich;
        case NEURON_MODEL_LIF_CURR_EXP_CA2: return &neuron_kernel_lif_curr_exp_ca2;
        case NEURON_MODEL_LIF_CURR_DUAL_EXP: return &neuron_kernel_lif_curr_dual_exp;
        case NEURON_MODEL_LIF_COND_EXP_STOC: return &neuron_kernel_lif_cond_exp_stoc;
        case NEURON_MODEL_IZHIKEVICH_COND: return &neuron_kernel_izhikevich_cond;
        case NEURON_MODEL_IZHIKEVICH_CURR_EXP: return &neuron_kernel_izhikevich_curr_exp;
        case NEURON_MODEL_IZHIKEVICH_COND_DUAL: return &neuron_kernel_izhikevich_cond_dual;
        case NEURON_MODEL_LIF_CURR_DELTA_FIXED_PROB: return &neuron_kernel_lif_curr_delta_fixed_prob;
        case NEURON_MODEL_IF_TRUNC_DELTA: return &neuron_kernel_if_trunc_delta;
        case NEURON_MODEL_STOCHASTIC: return &neuron_kernel_stoc;
        case NEURON_MODEL_LIF_CURR_SEMD: return &neuron_kernel_lif_curr_semd;
        case NEURON_MODEL_LIF_COND_ALPHA: return &neuron_kernel_lif_cond_alpha;
        case NEURON_MODEL_AEIF_COND_EXP: return &neuron_kernel_aeif_cond_exp;
        case NEURON_MODEL_AEIF_COND_ALPHA: return &neuron_kernel_aeif_cond_alpha;
        case NEURON_MODEL_HH_COND_EXP: return &neuron_kernel_hh_cond_exp;
        case NEURON_MODEL_LIF_CURR_DELTA_CA2: return &neuron_kernel_lif_curr_delta_ca2;
        default: return NULL;
        }
    }
    switch (kind) {
    case CORE_KIND_SPIKE_SOURCE_ARRAY: return &spike_source_array_kernel;
    case CORE_KIND_SPIKE_SOURCE_POISSON: return &spike_source_poisson_kernel;
    default: return NULL;
    }
}

emulator_t *emu_create(uint32_t n_chips, uint32_t **sdram, const int32_t *links,
                       const uint32_t *table_start, const uint32_t *table, uint32_t n_cores,
                       const uint32_t *core_desc, uint32_t n_threads, char *err, uint32_t err_len) {
    emulator_t *emu = (emulator_t *)calloc(1, sizeof(emulator_t));
    int32_t *core_at = (int32_t *)malloc(sizeof(int32_t) * n_chips * CORES_PER_CHIP);
    if (!emu || !core_at) goto fail_alloc;
    emu->n_chips = n_chips;
    emu->n_cores = n_cores;
    emu->n_threads = n_threads ? n_threads : 1;
    /* cache-line aligned, so each core's written fields share no line with another's */
    emu->cores = (struct core *)aligned_alloc(64, sizeof(struct core) * (n_cores ? n_cores : 1));
    if (!emu->cores) goto fail_alloc;
    memset(emu->cores, 0, sizeof(struct core) * (n_cores ? n_cores : 1));
    emu->dtcm_arena_bytes = (size_t)DTCM_SLOT_BYTES * (n_cores ? n_cores : 1) + HUGE_PAGE_BYTES;
    emu->dtcm_arena = mmap(NULL, emu->dtcm_arena_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (emu->dtcm_arena == MAP_FAILED) {
        emu->dtcm_arena = NULL;
        goto fail_alloc;
    }
    uint8_t *dtcm = (uint8_t *)emu->dtcm_arena + (HUGE_PAGE_BYTES - (uintptr_t)emu->dtcm_arena % HUGE_PAGE_BYTES) % HUGE_PAGE_BYTES;
#ifdef MADV_HUGEPAGE
    madvise(dtcm, emu->dtcm_arena_bytes - HUGE_PAGE_BYTES, MADV_HUGEPAGE); /* advice: no harm if refused */
#endif
    for (uint32_t i = 0; i < n_chips * CORES_PER_CHIP; i++) core_at[i] = -1;
    for (uint32_t i = 0; i < n_cores; i++) {
        struct core *c = &emu->cores[i];
        c->index = i;
        c->dtcm = dtcm + (size_t)DTCM_SLOT_BYTES * i;
        c->chip = core_desc[3 * i];
        c->core_id = core_desc[3 * i + 1];
        c->sdram = sdram[c->chip];
        c->block = c->sdram + core_desc[3 * i + 2];
        core_at[c->chip * CORES_PER_CHIP + c->core_id] = (int32_t)i;
        if (c->block[0] != BLOCK_MAGIC || c->block[1] != BLOCK_VERSION) {
            snprintf(err, err_len, "core %u (chip %u, core %u): bad block header", i, c->chip, c->core_id);
            goto fail;
        }
        uint32_t n;
        const system_params_t *sys = (const system_params_t *)platform_region(c, REGION_SYSTEM, &n);
        c->prov = (provenance_t *)platform_region(c, REGION_PROVENANCE, &n);
        c->matrix = platform_region(c, REGION_SYNAPTIC_MATRIX, &n);
        c->kernel = sys ? kernel_for(sys->core_kind, sys->neuron_model) : NULL;
        if (!c->kernel || !c->prov) {
            snprintf(err, err_len, "core %u: no system/provenance region or unknown core kind", i);
            goto fail;
        }
        c->key_base = sys->key_base;
        c->n_atoms = sys->n_atoms;
        c->has_key = sys->has_key;
        int r = c->kernel->init(c);
        if (r) {
            snprintf(err, err_len, "core %u (chip %u, core %u): kernel init failed (%d), DTCM used %u bytes",
                     i, c->chip, c->core_id, r, c->dtcm_used);
            goto fail;
        }
    }
    /* Destinations of every key, found by walking the routing tables.  Where no
     * entry's mask looks at the bits that number a core's atoms, every key of the
     * core takes the same route, and one walk serves them all. */
    uint32_t masks_or = 0;
    for (uint32_t e = 0; e < table_start[n_chips]; e++) masks_or |= table[3 * e + 1];
    for (uint32_t i = 0; i < n_cores; i++) {
        struct core *c = &emu->cores[i];
        uint32_t n_atoms = c->has_key ? c->n_atoms : 0, cap = 0, n_dest = 0;
        uint32_t atom_bits = 0;
        while (n_atoms > 1 && (1u << atom_bits) < n_atoms) atom_bits++;
        c->shared_route = n_atoms > 0 && (masks_or & ((1u << atom_bits) - 1u)) == 0 &&
                          (c->key_base & ((1u << atom_bits) - 1u)) == 0;
        if (c->shared_route) n_atoms = 1;
        c->dest_start = (uint32_t *)calloc(n_atoms + 1, sizeof(uint32_t));
        if (!c->dest_start) goto fail_alloc;
        for (uint32_t a = 0; a < n_atoms; a++) {
            uint32_t lo = n_dest;
            int32_t r = route_key(c->key_base | a, c->chip, n_chips, links, table_start, table, core_at,
                                  &c->dest, &n_dest, &cap);
            /* sorted, and a core reached by two paths counted once */
            qsort(c->dest + lo, n_dest - lo, sizeof(uint32_t), compare_u32);
            uint32_t end = lo;
            for (uint32_t p = lo; p < n_dest; p++)
                if (p == lo || c->dest[p] != c->dest[end - 1]) c->dest[end++] = c->dest[p];
            n_dest = end;
            c->dest_start[a] = lo | (r < 0 ? 0x80000000u : 0u); /* mark: some copies dropped */
        }
        c->dest_start[n_atoms] = n_dest;
    }
    for (uint32_t q = 0; q < KEY_LISTS; q++)
        if (!(emu->active[q] = (uint32_t *)calloc(n_cores ? n_cores : 1, sizeof(uint32_t)))) goto fail_alloc;
    emu->n_pending = 1; /* tick 0 receives (nothing) before its update */
    if (find_wanted_keys(emu)) goto fail_alloc;
    free(core_at);
    return emu;
fail_alloc:
    snprintf(err, err_len, "out of host memory");
fail:
    free(core_at);
    emu_destroy(emu);
    return NULL;
}

void emu_destroy(emulator_t *emu) {
    if (!emu) return;
    for (uint32_t i = 0; emu->cores && i < emu->n_cores; i++) {
        struct core *c = &emu->cores[i];
        for (uint32_t b = 0; b < c->n_host_blocks; b++) free(c->host_blocks[b]);
        for (uint32_t q = 0; q < KEY_LISTS; q++) free(c->keys[q]);
        free(c->in_keys);
        free(c->run_start);
        free(c->runs);
        free_source_lists(c);
        free(c->in_hints);
        free(c->dest_start);
        free(c->dest);
    }
    free(emu->cores);
    for (uint32_t q = 0; q < KEY_LISTS; q++) free(emu->active[q]);
    if (emu->dtcm_arena) munmap(emu->dtcm_arena, emu->dtcm_arena_bytes);
    free(emu);
}

uint32_t emu_tick(const emulator_t *emu) { return emu->tick; }

/* --------------------------------------------------------------------- run */

/* The first of the sorted values [w, end) that is >= x (end if none). */
static const uint16_t *lower_bound(const uint16_t *w, const uint16_t *end, uint32_t x) {
    uint32_t n = (uint32_t)(end - w);
    while (n > 0) {
        uint32_t half = n / 2u;
        if (w[half] < x) {
            w += half + 1u;
            n -= half + 1u;
        } else {
            n = half;
        }
    }
    return w;
}

/* Append a key (and its hint) to what dst receives this tick; nonzero when out of memory
 * (the emulator is then broken). */
static int receive_key(emulator_t *emu, struct core *dst, uint32_t key, uint32_t hint) {
    if (dst->n_in == dst->cap_in &&
        (grow(&dst->in_keys, &dst->cap_in, dst->n_in + 1u) || grow(&dst->in_hints, &dst->cap_hints, dst->cap_in))) {
        atomic_store(&emu->broken, 1);
        return -1;
    }
    if (hint && dst->matrix) { /* read in receive: a row's first two lines */
        __builtin_prefetch(dst->matrix + (hint & ~HINT_PROCEDURAL) - 1u);
        __builtin_prefetch(dst->matrix + (hint & ~HINT_PROCEDURAL) + 15u);
    }
    dst->in_hints[dst->n_in] = hint;
    dst->in_keys[dst->n_in++] = key;
    return 0;
}

/* Count n keys routed to every core of route r's runs that lies in [lo, hi), into the
 * difference array routed (routed[d - lo] += n at a run's start, -= n at its end). */
static void count_routed(const struct core *src, uint32_t r, uint32_t n, uint32_t lo, uint32_t hi, int32_t *routed) {
    for (uint32_t i = src->run_start[r]; i < src->run_start[r + 1]; i++) {
        uint32_t first = src->runs[2u * i], end = src->runs[2u * i + 1u];
        if (end <= lo || first >= hi) continue;
        routed[(first > lo ? first : lo) - lo] += (int32_t)n;
        routed[(end < hi ? end : hi) - lo] -= (int32_t)n;
    }
}

/* The packets cores [lo, hi) receive this tick: the keys their source cores sent in the
 * tick before, in core order, each core's in the order sent, as the routing tables
 * deliver them.  Each key goes straight to the cores that want it (want_dest); the rest
 * it is routed to count it as withheld.  routed: hi - lo + 1 words of scratch. */
static void deliver(emulator_t *emu, uint32_t lo, uint32_t hi, int32_t *routed, uint32_t q) {
    memset(routed, 0, sizeof(int32_t) * (hi - lo + 1u));
    for (uint32_t d = lo; d < hi; d++) {
        emu->cores[d].n_in = 0;
        emu->cores[d].in_pos = 0;
    }
    for (uint32_t i = 0; i < emu->n_active[q]; i++) {
        const struct core *src = &emu->cores[emu->active[q][i]];
        if (src->dest_hi <= lo || src->dest_lo >= hi) continue;
        const uint32_t n_sent = src->n_keys[q], *sent = src->keys[q];
        if (src->shared_route) count_routed(src, 0, n_sent, lo, hi, routed);
        for (uint32_t k = 0; k < n_sent; k++) {
            uint32_t key = sent[k], atom = key - src->key_base;
            if (atom >= src->n_atoms) continue;
            if (!src->shared_route) count_routed(src, atom, 1u, lo, hi, routed);
            const uint16_t *all_end = src->all_dest + src->n_all_dest;
            for (const uint16_t *d = lower_bound(src->all_dest, all_end, lo); d < all_end && *d < hi; d++)
                if (receive_key(emu, &emu->cores[*d], key, src->all_hint[d - src->all_dest])) return;
            const uint16_t *end = src->want_dest + src->want_start[atom + 1u];
            for (const uint16_t *w = lower_bound(src->want_dest + src->want_start[atom], end, lo); w < end && *w < hi; w++) {
                if (receive_key(emu, &emu->cores[*w], key, src->want_hint[w - src->want_dest])) return;
            }
        }
    }
    int32_t n_routed = 0;
    for (uint32_t d = lo; d < hi; d++) {
        n_routed += routed[d - lo];
        emu->cores[d].withheld = (uint32_t)n_routed - emu->cores[d].n_in;
    }
}

/* The work of a batch of ticks is split into tasks, each a range of consecutive cores: for
 * each tick whose keys wait, deliver them to the range and let its cores receive them; then
 * run each core's updates of the batch.  Threads take tasks one at a time from a shared
 * counter; a task touches only its own cores' memory (and reads the keys every core sent
 * before the batch), so the results do not depend on who ran it, nor on the thread count
 * or the task size.  Batches are separated by a generation counter (spin, then yield).
 *
 * A batch of one tick is SpiNNaker's order: receive(t), then update(t).  A batch of B ticks
 * receives ticks t - B' + 1 .. t (B', the batch before) and then updates t .. t + B - 1, so
 * a receive comes after updates it once preceded.  That changes nothing when every synapse
 * has a delay of at least B - 1 ticks, no core learns (plastic rows read the neurons' spike
 * history) and no core draws direct Poisson input (its additions would meet the packets' in
 * another order, which only the count of saturated additions could tell): emu_run's caller
 * chooses B so (Emulator.run).  The cores then take several ticks while their memory is in
 * cache, and threads meet once per batch. */
typedef struct {
    emulator_t *emu;
    uint32_t tick, n_updates, n_pending; /* updates tick .. tick + n_updates - 1, after receiving the waiting keys */
    uint32_t task_size, n_tasks;
    int32_t *scratch; /* task_size + 1 words per task */
    /* Tasks are handed out longest first (by their time in the batch before), so that the last
     * to finish is a short one and no thread waits long at the end of a batch.  order: the
     * tasks in that order; cost[t]: task t's time, written by the thread that ran it. */
    uint32_t *order;
    uint64_t *cost;
    atomic_uint generation;
    atomic_uint next_task;
    atomic_uint done;
    atomic_int stop;
} pool_t;

static void run_task(pool_t *pool, uint32_t t) {
    emulator_t *emu = pool->emu;
    uint32_t lo = t * pool->task_size, hi = lo + pool->task_size < emu->n_cores ? lo + pool->task_size : emu->n_cores;
    for (uint32_t r = pool->tick - pool->n_pending + 1u; r != pool->tick + 1u; r++) {
        deliver(emu, lo, hi, pool->scratch + (size_t)t * (pool->task_size + 1u), r % KEY_LISTS);
        for (uint32_t i = lo; i < hi; i++) {
            struct core *c = &emu->cores[i];
            if (c->kernel->receive) c->kernel->receive(c, r);
        }
    }
    for (uint32_t i = lo; i < hi; i++) {
        struct core *c = &emu->cores[i];
        for (uint32_t u = pool->tick; u != pool->tick + pool->n_updates; u++) {
            c->out = (u + 1u) % KEY_LISTS; /* received in the tick after */
            c->kernel->update(c, u);
        }
    }
}

static uint64_t now_ticks(void) {
#if defined(__x86_64__) && defined(__GNUC__)
    return __builtin_ia32_rdtsc();
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
}

static void run_share(pool_t *pool) {
    uint32_t k;
    while ((k = atomic_fetch_add(&pool->next_task, 1u)) < pool->n_tasks) {
        const uint32_t t = pool->order[k];
        const uint64_t start = now_ticks();
        run_task(pool, t);
        pool->cost[t] = now_ticks() - start;
    }
}

/* Between batches (no task running): the tasks by their last time, longest first (insertion
 * sort: a few dozen, nearly in order from one batch to the next). */
static void order_tasks(pool_t *pool) {
    for (uint32_t i = 1; i < pool->n_tasks; i++) {
        const uint32_t t = pool->order[i];
        uint32_t j = i;
        for (; j > 0 && pool->cost[pool->order[j - 1]] < pool->cost[t]; j--) pool->order[j] = pool->order[j - 1];
        pool->order[j] = t;
    }
}

static void wait_while_equal(atomic_uint *value, uint32_t old, atomic_int *stop) {
    for (uint32_t spins = 0; atomic_load(value) == old; spins++) {
        if (stop && atomic_load(stop)) return;
        if (spins > 1000u) sched_yield();
    }
}

static void *worker(void *arg) {
    pool_t *pool = (pool_t *)arg;
    uint32_t seen = 0; /* the generation the pool starts at, before any tick */
    for (;;) {
        wait_while_equal(&pool->generation, seen, &pool->stop);
        if (atomic_load(&pool->stop)) return NULL;
        seen++;
        run_share(pool);
        atomic_fetch_add(&pool->done, 1u);
    }
}

/* End of a batch (no task running): the keys received are dropped; of those just sent,
 * keys with no route (or dropped on the way) are counted, and the cores that sent any
 * listed for delivery. */
static void end_batch(emulator_t *emu, uint32_t tick, uint32_t n_updates, uint32_t n_pending) {
    for (uint32_t r = tick - n_pending + 1u; r != tick + 1u; r++)
        for (uint32_t i = 0; i < emu->n_cores; i++) emu->cores[i].n_keys[r % KEY_LISTS] = 0;
    for (uint32_t r = tick + 1u; r != tick + 1u + n_updates; r++) {
        const uint32_t q = r % KEY_LISTS;
        emu->n_active[q] = 0;
        for (uint32_t i = 0; i < emu->n_cores; i++) {
            struct core *c = &emu->cores[i];
            for (uint32_t p = 0; p < c->n_keys[q]; p++) {
                uint32_t atom = c->keys[q][p] - c->key_base;
                if (atom >= c->n_atoms) c->prov->no_route_packets++;
                else if (c->dest_start[c->shared_route ? 0 : atom] & 0x80000000u) c->prov->no_route_packets++;
            }
            c->sent += c->n_keys[q];
            if (c->n_keys[q]) emu->active[q][emu->n_active[q]++] = i;
        }
    }
}

int emu_run(emulator_t *emu, uint32_t n_ticks, uint32_t batch) {
    if (emu->broken) return -1;
    for (uint32_t i = 0; i < emu->n_cores; i++) {
        struct core *c = &emu->cores[i];
        if (c->kernel->resume) c->kernel->resume(c, emu->tick);
    }
    uint32_t n_workers = emu->n_threads > 1 ? emu->n_threads - 1 : 0;
    if (n_workers > 63) n_workers = 63;
    if (n_workers >= emu->n_cores) n_workers = emu->n_cores ? emu->n_cores - 1 : 0;
    /* one task per core would read every key sent once per core; one per thread would
     * leave a thread idle at the end of every tick: 8 per thread (one if single-threaded) */
    uint32_t n_tasks = n_workers ? 8u * (n_workers + 1u) : 1u;
    if (n_tasks > emu->n_cores) n_tasks = emu->n_cores ? emu->n_cores : 1u;
    pool_t pool;
    pool.emu = emu;
    pool.tick = emu->tick;
    pool.task_size = emu->n_cores ? (emu->n_cores + n_tasks - 1u) / n_tasks : 1u;
    pool.n_tasks = (emu->n_cores + pool.task_size - 1u) / pool.task_size;
    pool.scratch = (int32_t *)malloc(sizeof(int32_t) * (size_t)(pool.n_tasks ? pool.n_tasks : 1u) * (pool.task_size + 1u));
    pool.order = (uint32_t *)malloc(sizeof(uint32_t) * (pool.n_tasks ? pool.n_tasks : 1u));
    pool.cost = (uint64_t *)calloc(pool.n_tasks ? pool.n_tasks : 1u, sizeof(uint64_t));
    if (!pool.scratch || !pool.order || !pool.cost) {
        free(pool.scratch);
        free(pool.order);
        free(pool.cost);
        return -1;
    }
    for (uint32_t t = 0; t < pool.n_tasks; t++) pool.order[t] = t;
    atomic_init(&pool.generation, 0u);
    atomic_init(&pool.next_task, 0u);
    atomic_init(&pool.done, 0u);
    atomic_init(&pool.stop, 0);
    pthread_t threads[63];
    uint32_t started = 0;
    for (; started < n_workers; started++)
        if (pthread_create(&threads[started], NULL, worker, &pool)) break;
    if (batch < 1u) batch = 1u;
    if (batch > MAX_BATCH) batch = MAX_BATCH;
    for (uint32_t left = n_ticks; left && !emu->broken;) {
        /* the run's last tick alone: a run ends with one tick's keys waiting, as SpiNNaker's */
        const uint32_t n_updates = left == 1u ? 1u : (batch < left - 1u ? batch : left - 1u);
        pool.tick = emu->tick;
        pool.n_updates = n_updates;
        pool.n_pending = emu->n_pending;
        atomic_store(&pool.next_task, 0u);
        atomic_store(&pool.done, 0u);
        if (started) atomic_fetch_add(&pool.generation, 1u);
        run_share(&pool);
        for (uint32_t spins = 0; atomic_load(&pool.done) < started; spins++)
            if (spins > 1000u) sched_yield();
        end_batch(emu, emu->tick, n_updates, emu->n_pending);
        if (started) order_tasks(&pool);
        emu->n_pending = n_updates;
        emu->tick += n_updates;
        left -= n_updates;
    }
    atomic_store(&pool.stop, 1);
    atomic_fetch_add(&pool.generation, 1u);
    for (uint32_t k = 0; k < started; k++) pthread_join(threads[k], NULL);
    free(pool.scratch);
    free(pool.order);
    free(pool.cost);
    return emu->broken ? -1 : 0;
}

/* ---------------------------------------------------------------- held rows */

void emu_row_store(emulator_t *emu, uint32_t *words, uint64_t n_words) {
    emu->store.words = words;
    atomic_store(&emu->store.next, 0u);
    emu->store.end = words ? n_words : 0u;
}

void emu_mark_sent(emulator_t *emu) {
    for (uint32_t i = 0; i < emu->n_cores; i++) emu->cores[i].sent_at_mark = emu->cores[i].sent;
}

/* A procedural item that may be held: the rows destination core dst makes for source core src
 * (the hint src's keys carry there), the keys src sent since the mark per atom, and the words
 * its rows would take (estimate; bound at most). */
typedef struct {
    uint32_t src, dst, hint, estimate, bound, held;
    double score;
} hold_candidate_t;

static int by_score(const void *a, const void *b) {
    const double x = ((const hold_candidate_t *)a)->score, y = ((const hold_candidate_t *)b)->score;
    return (x < y) - (x > y); /* highest first */
}

typedef struct {
    emulator_t *emu;
    hold_candidate_t *chosen;
    uint32_t n;
    atomic_uint next;
    _Atomic uint64_t held;
    atomic_int failed;
} hold_job_t;

/* Take chosen items one at a time: make the rows into scratch, then copy them to a block
 * of the row store, and switch the item to it. */
static void *hold_worker(void *arg) {
    hold_job_t *job = (hold_job_t *)arg;
    uint32_t *scratch = NULL, cap = 0;
    for (uint32_t k; (k = atomic_fetch_add(&job->next, 1u)) < job->n;) {
        hold_candidate_t *h = &job->chosen[k];
        struct core *dst = &job->emu->cores[h->dst];
        if (grow(&scratch, &cap, h->bound)) {
            atomic_store(&job->failed, 1);
            break;
        }
        const uint32_t n = dst->kernel->holding->make(dst, h->hint, scratch);
        struct row_store *st = &job->emu->store;
        const uint64_t take = (n + 15u) & ~(uint64_t)15u; /* blocks on cache lines of their own */
        const uint64_t at = n ? atomic_fetch_add(&st->next, take) : 0u;
        if (!n || at + take > st->end) continue; /* no room left: made at each spike still */
        if (st->words + at < dst->matrix || (uint64_t)(st->words + at - dst->matrix) >= HINT_PROCEDURAL - 1u)
            continue; /* out of a hint's reach */
        const uint32_t offset = (uint32_t)(st->words + at - dst->matrix);
        memcpy(st->words + at, scratch, 4u * (size_t)n);
        dst->kernel->holding->use(dst, h->hint, offset);
        h->held = 1;
        atomic_fetch_add(&job->held, n);
    }
    free(scratch);
    return NULL;
}

int64_t emu_hold_rows(emulator_t *emu, uint64_t budget_words) {
    uint32_t n = 0, cap = 0;
    hold_candidate_t *all = NULL;
    for (uint32_t i = 0; i < emu->n_cores; i++) {
        const struct core *src = &emu->cores[i];
        const uint64_t sent = src->sent - src->sent_at_mark;
        for (uint32_t p = 0; sent && src->n_atoms && p < src->n_all_dest; p++) {
            struct core *dst = &emu->cores[src->all_dest[p]];
            const uint32_t hint = src->all_hint[p];
            if (!(hint & HINT_PROCEDURAL) || !dst->kernel->holding) continue;
            uint32_t bound;
            const uint32_t estimate = dst->kernel->holding->estimate(dst, hint, &bound);
            if (!estimate) continue;
            if (n == cap) {
                cap = cap ? 2u * cap : 1024u;
                hold_candidate_t *more = (hold_candidate_t *)realloc(all, sizeof(hold_candidate_t) * cap);
                if (!more) {
                    free(all);
                    return -1;
                }
                all = more;
            }
            all[n++] = (hold_candidate_t){i, src->all_dest[p], hint, estimate, bound, 0, (double)sent / src->n_atoms};
        }
    }
    qsort(all, n, sizeof(hold_candidate_t), by_score);
    uint32_t n_chosen = 0;
    uint64_t planned = 0;
    for (uint32_t k = 0; k < n; k++) /* most keys an atom first, while the budget lasts */
        if (planned + all[k].estimate <= budget_words) {
            planned += all[k].estimate;
            all[n_chosen++] = all[k];
        }
    hold_job_t job = {.emu = emu, .chosen = all, .n = n_chosen};
    atomic_init(&job.next, 0u);
    atomic_init(&job.held, 0u);
    atomic_init(&job.failed, 0);
    pthread_t threads[63];
    uint32_t started = 0, want = emu->n_threads > 64 ? 63 : emu->n_threads - 1;
    for (; started < want && started + 1u < n_chosen; started++)
        if (pthread_create(&threads[started], NULL, hold_worker, &job)) break;
    hold_worker(&job);
    for (uint32_t k = 0; k < started; k++) pthread_join(threads[k], NULL);
    /* the sources whose keys now find held rows somewhere: their lists again, with the rows'
     * places as hints (in source order: all[] is by score) */
    int err = atomic_load(&job.failed);
    want_scratch_t sc = {0};
    uint8_t *redo = (uint8_t *)calloc(emu->n_cores ? emu->n_cores : 1, 1);
    if (!redo) err = 1;
    for (uint32_t k = 0; !err && k < n_chosen; k++)
        if (all[k].held) redo[all[k].src] = 1;
    for (uint32_t i = 0; !err && i < emu->n_cores; i++) {
        if (!redo[i]) continue;
        free_source_lists(&emu->cores[i]);
        err = source_lists(emu, &emu->cores[i], &sc);
    }
    free_want_scratch(&sc);
    free(redo);
    free(all);
    if (err) atomic_store(&emu->broken, 1);
    return err ? -1 : (int64_t)atomic_load(&job.held);
}

/* The platform seam: the only thing a kernel includes besides the layout and
 * fixed-point headers.  Two implementations: platform/host (the emulator,
 * built into the spynn shared library) and platform/spinnaker (ARM images).
 *
 * A kernel sees its core's SDRAM regions, reads synaptic rows by "DMA",
 * writes plastic rows back, sends multicast keys, takes the keys it received
 * (sent by other cores in the previous tick), and allocates DTCM. */
#ifndef PLATFORM_H
#define PLATFORM_H

#include <stdint.h>
#include "spynn_layout.h"

typedef struct core core_t; /* defined by each platform */

/* Start of a region of this core's SDRAM block; NULL (and *n_words = 0) if absent. */
uint32_t *platform_region(core_t *core, uint32_t region, uint32_t *n_words);

/* Read n_words of a synaptic row from SDRAM into a DTCM buffer and return it.
 * The returned buffer stays valid until the next call on this core. */
uint32_t *platform_dma_read(core_t *core, const uint32_t *sdram_src, uint32_t n_words);

/* A hint that the data at p (a row in SDRAM, a word of a DTCM table) is wanted soon:
 * the host emulator asks the CPU cache for it; on SpiNNaker (DTCM needs no cache, and
 * row reads are DMAs) it is nothing. It never changes a result. */
#if defined(__arm__) || !defined(__GNUC__)
#define platform_prefetch(p) ((void)(p))
#else
#define platform_prefetch(p) __builtin_prefetch(p)
#endif

/* PLATFORM_VECTOR_VARIANTS(name, ret, (params), (args)) defines `static ret name params`,
 * which runs name##_body (a PLATFORM_ALWAYS_INLINE function written so that compilers
 * vectorise it: restrict pointers, no branches in the loop).  On x86-64 hosts the body is
 * compiled three times (x86-64-v4 = AVX-512, v3 = AVX2, baseline) and the best one the CPU
 * supports runs; integer arithmetic, so every variant gives the same bits.  (GCC's
 * target_clones and `omp simd` both fix the vector width at the baseline's 16 bytes,
 * hence the explicit variants.)  Elsewhere it is the body itself. */
#define PLATFORM_ALWAYS_INLINE inline __attribute__((always_inline))
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11 /* arch=x86-64-v3/v4 */
#define PLATFORM_HAS_VECTOR_VARIANTS 1
#define PLATFORM_VECTOR_VARIANTS(name, ret, params, args)                                  \
    __attribute__((target("arch=x86-64-v4"))) static ret name##_v4 params {               \
        return name##_body args;                                                           \
    }                                                                                      \
    __attribute__((target("arch=x86-64-v3"))) static ret name##_v3 params {               \
        return name##_body args;                                                           \
    }                                                                                      \
    __attribute__((unused)) static ret name params {                                       \
        if (__builtin_cpu_supports("x86-64-v4")) return name##_v4 args;                    \
        if (__builtin_cpu_supports("x86-64-v3")) return name##_v3 args;                    \
        return name##_body args;                                                           \
    }
#else
#define PLATFORM_VECTOR_VARIANTS(name, ret, params, args) \
    __attribute__((unused)) static ret name params {      \
        return name##_body args;                          \
    }
#endif

/* Write n_words of a DTCM buffer (as returned by platform_dma_read) back to SDRAM. */
void platform_dma_write(core_t *core, uint32_t *sdram_dst, const uint32_t *dtcm_src, uint32_t n_words);

/* Send one multicast packet. */
void platform_send_spike(core_t *core, uint32_t key);

/* Take up to max of the keys received by this core, in order; returns how many
 * (0 when there are none left).  hints[i] is what the kernel's wanted_keys gave for keys[i]
 * when the platform keeps it (the host emulator), else 0 (SpiNNaker). */
uint32_t platform_next_spikes(core_t *core, uint32_t *keys, uint32_t *hints, uint32_t max);

/* How many keys received this tick the platform withheld from platform_next_spikes because
 * the kernel declared them of no effect (kernel_t.wanted_keys); the kernel counts them as
 * received.  The host emulator withholds such keys (every spike of a large network reaches
 * hundreds of cores that mostly have no row for it); SpiNNaker hands over every key: 0. */
uint32_t platform_spikes_withheld(core_t *core);

/* Allocate zeroed DTCM; NULL if the 64 KB data memory would overflow. */
void *platform_dtcm_alloc(core_t *core, uint32_t n_bytes);

/* Zeroed memory for a structure only the host emulator keeps, to go faster where SpiNNaker has
 * no room (not counted as DTCM); NULL on SpiNNaker (and in the C unit tests' stub).  A kernel
 * must give the same results with or without it. */
void *platform_host_alloc(core_t *core, uint32_t n_bytes);

/* The core's provenance counters (in SDRAM, read by the host after each run). */
provenance_t *platform_provenance(core_t *core);

/* Slot for the kernel's own DTCM state. */
void **platform_kernel_state(core_t *core);

/* A kernel: the callbacks the platform drives.  On SpiNNaker `receive` runs
 * from the packet/DMA callbacks and `update` from the timer; in the emulator
 * the tick loop calls them in order: receive(t) then update(t). */
typedef struct {
    int (*init)(core_t *core);                   /* 0 on success */
    void (*resume)(core_t *core, uint32_t tick); /* before every run chunk */
    void (*receive)(core_t *core, uint32_t tick);
    void (*update)(core_t *core, uint32_t tick);
    /* Optional, called after init: clear bit i of bits (n_keys bits, set on entry) if the key
     * (key_base | i) would change nothing on this core but its packet counts, so a platform
     * may withhold it (platform_spikes_withheld); and set hints[i] (0 on entry) to a nonzero
     * word the platform may hand back with the key (platform_next_spikes) to save the kernel
     * finding what the key needs.  A kernel must give the same results without the hints. */
    void (*wanted_keys)(core_t *core, uint32_t key_base, uint32_t n_keys, uint32_t *bits, uint32_t *hints);
#if !defined(__arm__)
    /* Optional, host emulator only: rows the kernel makes at each spike (those of a
     * wanted_keys hint) held instead (synapses.h synapses_held_estimate, _make_held, _use_held). */
    const struct row_holding *holding;
#endif
} kernel_t;

#if !defined(__arm__)
typedef struct row_holding {
    uint32_t (*estimate)(core_t *core, uint32_t hint, uint32_t *bound);
    uint32_t (*make)(core_t *core, uint32_t hint, uint32_t *out);
    void (*use)(core_t *core, uint32_t hint, uint32_t offset_words);
} row_holding_t;
#endif

extern const kernel_t neuron_kernel_lif_curr_exp;
extern const kernel_t neuron_kernel_lif_cond_exp;
extern const kernel_t neuron_kernel_lif_curr_alpha;
extern const kernel_t neuron_kernel_lif_curr_delta;
extern const kernel_t neuron_kernel_izhikevich;
extern const kernel_t neuron_kernel_lif_curr_exp_ca2;
extern const kernel_t neuron_kernel_lif_curr_dual_exp;
extern const kernel_t neuron_kernel_lif_cond_exp_stoc;
extern const kernel_t neuron_kernel_izhikevich_cond;
extern const kernel_t neuron_kernel_izhikevich_curr_exp;
extern const kernel_t neuron_kernel_izhikevich_cond_dual;
extern const kernel_t neuron_kernel_lif_curr_delta_fixed_prob;
extern const kernel_t neuron_kernel_if_trunc_delta;
extern const kernel_t neuron_kernel_stoc;
extern const kernel_t neuron_kernel_lif_curr_semd;
extern const kernel_t neuron_kernel_lif_cond_alpha;
extern const kernel_t neuron_kernel_aeif_cond_exp;
extern const kernel_t neuron_kernel_aeif_cond_alpha;
extern const kernel_t neuron_kernel_hh_cond_exp;
extern const kernel_t neuron_kernel_lif_curr_delta_ca2;
extern const kernel_t spike_source_array_kernel;
extern const kernel_t spike_source_poisson_kernel;

#endif

/* Synapse processing on a neuron core: static rows into u16 ring buffers.
 *
 * Ring buffer index (N + T + R <= MAX_RING_BUFFER_BITS):
 *
 *     | slot (R bits) | synapse type (T bits) | neuron (N bits) |
 *
 * The synaptic word's delay field has D >= R bits.  A synapse whose delay d does not fit
 * the ring (d > 2^R - 1) waits in the delay pool (REGION_DELAY_POOL) for d - (2^R - 1)
 * ticks and then enters the ring with delay 2^R - 1, in the slot it would have reached
 * directly: a core keeps 2^R slots a neuron however long its delays (sPyNNaker's delay
 * extensions, on the core itself).
 *
 * A packet sent in tick t is processed in tick t + 1; a synapse of delay d
 * (in timesteps, d >= 1) then lands in slot (t + 1 + d), which is transferred
 * to the neuron at the start of tick t + 1 + d.  This is NEST's convention:
 * a spike time-stamped (t + 1) h arrives at (t + 1) h + d. */
#ifndef SYNAPSES_H
#define SYNAPSES_H
#include "platform.h"
#include "master_table.h"
#include "procedural.h"
#include "stdp.h"
#include "structural.h"

typedef struct synapses {
    uint16_t *ring;           /* 2^(D+T+N) entries, DTCM */
    uint32_t ring_mask;
    uint32_t log_n_neurons;   /* N */
    uint32_t log_n_types;     /* T */
    uint32_t delay_mask;      /* 2^R - 1: the ring's slots, and the longest delay it holds */
    uint32_t type_index_bits; /* T + N */
    uint32_t n_neurons;
    uint32_t n_types;
    uint32_t shift[MAX_SYNAPSE_TYPES];
    master_table_t table;
    const master_table_entry_t *last_entry; /* the entry the last key matched */
    const uint32_t *matrix;   /* SDRAM */
    /* Row filter (DTCM, when it fits): bit r of item i, at bit filter_start[i] + r, is
     * clear when row r is static, empty, and cannot gain synapses, so no DMA is spent
     * on it (sPyNNaker's bit-field filter). NULL: every row is read. */
    uint32_t *filter_start;
    uint32_t *filter;
    /* Set when the platform asked synapses_wanted_keys and withholds the keys it filtered
     * out (the host emulator): a key of an entry with one block then has a row here, and the
     * filter need not be read again.  SpiNNaker hands over every key: 0. */
    uint32_t keys_prefiltered;
    /* Host only (platform_host_alloc): entry_index[(key >> entry_shift) - entry_lo] is 1 + the
     * master-table entry of key, 0 if none, for the entry_n key slots the entries span, where
     * every entry has the same mask of entry_shift low zeros: a lookup instead of a binary
     * search per key.  NULL: master_table_find. */
    uint16_t *entry_index;
    uint32_t entry_shift, entry_lo, entry_n;
    /* The delay pool (SDRAM), when D > R: late_bits are the word's delay bits above R (a word
     * with any of them set waits), word_delay_field its whole delay field; pool_drained is
     * 1 + the last tick whose due synapses entered the ring. */
    delay_pool_header_t *pool;
    uint32_t *pool_heads, *pool_nodes;
    uint32_t late_bits, word_delay_field, pool_drained;
    uint32_t *procedural_words; /* DTCM, a row's words (one per neuron), when some block is procedural */
    stdp_t stdp;              /* plastic rows' rules and post-spike history */
    structural_t structural;  /* rewiring of structural projections' rows */
} synapses_t;

int synapses_init(synapses_t *s, core_t *core);

/* Build the row filter from the synaptic matrix, if DTCM is left for it; call after every
 * other DTCM allocation of the core (the filter only saves time, so it is optional). */
void synapses_init_filter(synapses_t *s, core_t *core);

/* kernel_t.wanted_keys for a neuron core: a key is of no effect when its source has a
 * master-table entry here and every block of that entry has the atom's row filtered out
 * (not when keys are buffered for structural formation, which may pick any of them).  Its
 * hint, when its entry has one block, a packed one: 1 + where its row lies in the matrix. */
void synapses_wanted_keys(synapses_t *s, uint32_t key_base, uint32_t n_keys, uint32_t *bits, uint32_t *hints);

#if !defined(__arm__)
/* Host emulator only (SpiNNaker makes procedural rows at each spike, in 32 kB of ITCM): the
 * rows of a procedural item held instead, as a packed block (the same words, read as held
 * rows are), when the emulator finds its source fires often enough to pay for the memory.
 * hint: the item's wanted_keys hint (HINT_PROCEDURAL | 1 + the offset of its
 * procedural_source_t).  synapses_held_estimate: about how many words the block takes (from
 * the block's CDF), and *bound the most it can take (0 if hint names no procedural item);
 * synapses_make_held: the block into out (room for *bound words), its words returned;
 * synapses_use_held: the item's rows are from now on the block at matrix + offset_words. */
uint32_t synapses_held_estimate(const synapses_t *s, uint32_t hint, uint32_t *bound);
uint32_t synapses_make_held(const synapses_t *s, uint32_t hint, uint32_t *out);
void synapses_use_held(synapses_t *s, uint32_t hint, uint32_t offset_words);
#endif

/* Process every packet received this tick (sent in tick - 1). */
void synapses_receive(synapses_t *s, core_t *core, uint32_t tick);

/* Add v into ring-buffer entry idx, saturating at 0xFFFF (each saturation counted in
 * *saturations, the caller's provenance counter). */
static inline void synapses_ring_add(synapses_t *s, uint32_t *saturations, uint32_t idx, uint32_t v) {
    uint32_t acc = (uint32_t)s->ring[idx] + v;
    if (acc > 0xFFFFu) {
        acc = 0xFFFFu;
        (*saturations)++;
    }
    s->ring[idx] = (uint16_t)acc;
}

/* The ring-buffer entries of slot `tick` for one synapse type: entry i is neuron i's. */
static inline uint16_t *synapses_slot(synapses_t *s, uint32_t tick, uint32_t type) {
    return s->ring + (((tick & s->delay_mask) << s->type_index_bits) | (type << s->log_n_neurons));
}

/* Take one entry of a slot out of the ring buffer: the input in s16.15. */
static inline int32_t synapses_take(uint16_t *slot, uint32_t shift, uint32_t neuron) {
    uint32_t v = slot[neuron];
    slot[neuron] = 0;
    return (int32_t)(v << shift);
}
#endif

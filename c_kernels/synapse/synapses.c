#include "synapses.h"
#if !defined(__arm__)
#include <string.h>
#endif

/* The stdp ARM images leave the delay pool out, for room in ITCM: the mapping gives a core
 * with plastic rows a ring that holds all its delays (partition.delay_pool_allowed). */
#ifdef SPYNN_NO_DELAY_POOL
#define DELAY_POOL 0
#else
#define DELAY_POOL 1
#endif

int synapses_init(synapses_t *s, core_t *core) {
    uint32_t n;
    const synapse_params_t *p = (const synapse_params_t *)platform_region(core, REGION_SYNAPSE_PARAMS, &n);
    if (!p) return -1;
    const uint32_t ring_delay = p->log_ring_delay ? p->log_ring_delay : p->log_max_delay;
    uint32_t bits = p->log_n_neurons + p->log_n_synapse_types + ring_delay;
    if (bits > MAX_RING_BUFFER_BITS || p->n_synapse_types > MAX_SYNAPSE_TYPES || ring_delay > p->log_max_delay)
        return -2;
    s->log_n_neurons = p->log_n_neurons;
    s->log_n_types = p->log_n_synapse_types;
    s->type_index_bits = p->log_n_neurons + p->log_n_synapse_types;
    s->delay_mask = (1u << ring_delay) - 1u;
    s->word_delay_field = ((1u << p->log_max_delay) - 1u) << s->type_index_bits;
    s->late_bits = s->word_delay_field & ~(s->delay_mask << s->type_index_bits);
    s->pool = 0;
    s->pool_heads = s->pool_nodes = 0;
    s->pool_drained = 0;
    if (s->late_bits) {
        if (!DELAY_POOL) return -5;
        s->pool = (delay_pool_header_t *)platform_region(core, REGION_DELAY_POOL, &n);
        const uint32_t header = (uint32_t)(sizeof(delay_pool_header_t) / 4u);
        if (!s->pool || s->pool->n_buckets != 1u << p->log_max_delay ||
            n < header + s->pool->n_buckets + 2u * s->pool->capacity)
            return -5;
        s->pool_heads = (uint32_t *)s->pool + header;
        s->pool_nodes = s->pool_heads + s->pool->n_buckets;
    }
    s->ring_mask = (1u << bits) - 1u;
    s->n_neurons = p->n_neurons;
    s->n_types = p->n_synapse_types;
    for (uint32_t t = 0; t < MAX_SYNAPSE_TYPES; t++) s->shift[t] = p->ring_buffer_shift[t];
    s->ring = (uint16_t *)platform_dtcm_alloc(core, (1u << bits) * (uint32_t)sizeof(uint16_t));
    if (!s->ring) return -3;
    const uint32_t *mt = platform_region(core, REGION_MASTER_POP_TABLE, &n);
    master_table_open(&s->table, mt);
    s->matrix = platform_region(core, REGION_SYNAPTIC_MATRIX, &n);
    s->last_entry = 0;
    s->filter = s->filter_start = 0;
    s->keys_prefiltered = 0;
    s->entry_index = 0;
    s->procedural_words = 0;
    for (uint32_t i = 0; s->table.header && i < s->table.header->n_items; i++) {
        if (s->table.items[i].row_stride_words != PROCEDURAL_BLOCK_STRIDE) continue;
        s->procedural_words = (uint32_t *)platform_dtcm_alloc(core, 4u * (p->n_neurons + PROCEDURAL_ROW_PAD));
        if (!s->procedural_words) return -4;
        break;
    }
    int err = stdp_init(&s->stdp, core, p->n_neurons);
    return err ? err : structural_init(&s->structural, core);
}

/* The host's direct index of the master table (synapses_t.entry_index), where every entry has
 * the same mask of low zeros and the keys span at most 65536 slots. */
static void init_entry_index(synapses_t *s, core_t *core) {
    const master_table_header_t *h = s->table.header;
    if (!h || !h->n_entries || h->n_entries >= 0xFFFFu) return;
    uint32_t mask = s->table.entries[0].mask, shift = 0, lo = UINT32_MAX, hi = 0;
    while (shift < 32u && !(mask & (1u << shift))) shift++;
    if (shift == 32u || mask != (0xFFFFFFFFu << shift)) return;
    for (uint32_t i = 0; i < h->n_entries; i++) {
        const master_table_entry_t *e = &s->table.entries[i];
        if (e->mask != mask || (e->key & ~mask)) return;
        if (e->key >> shift < lo) lo = e->key >> shift;
        if (e->key >> shift > hi) hi = e->key >> shift;
    }
    uint32_t n = hi - lo + 1u;
    if (n > 65536u) return;
    uint16_t *index = (uint16_t *)platform_host_alloc(core, 2u * n);
    if (!index) return;
    for (uint32_t i = 0; i < h->n_entries; i++) index[(s->table.entries[i].key >> shift) - lo] = (uint16_t)(i + 1u);
    s->entry_index = index;
    s->entry_shift = shift;
    s->entry_lo = lo;
    s->entry_n = n;
}

static int structural_block(const structural_t *sp, uint32_t offset_words) {
    for (uint32_t i = 0; sp->header && i < sp->header->n_sources; i++)
        if (sp->sources[i].block_offset == offset_words) return 1;
    return 0;
}

void synapses_init_filter(synapses_t *s, core_t *core) {
    init_entry_index(s, core);
    const master_table_header_t *h = s->table.header;
    if (!h || !s->matrix || !h->n_items) return;
    uint32_t n_bits = 0;
    for (uint32_t i = 0; i < h->n_items; i++) n_bits += s->table.items[i].n_rows;
    uint32_t *words = (uint32_t *)platform_dtcm_alloc(core, 4u * (h->n_items + (n_bits + 31u) / 32u));
    if (!words) return;
    s->filter_start = words;
    s->filter = words + h->n_items;
    uint32_t bit = 0;
    for (uint32_t i = 0; i < h->n_items; i++) {
        const master_table_item_t *item = &s->table.items[i];
        const int keep_all = structural_block(&s->structural, item->offset_words);
        s->filter_start[i] = bit;
        const uint32_t *block = s->matrix + item->offset_words;
        const int packed = item->row_stride_words == PACKED_BLOCK_STRIDE;
        const int procedural = item->row_stride_words == PROCEDURAL_BLOCK_STRIDE; /* any row may have synapses */
        for (uint32_t r = 0; r < item->n_rows; r++, bit++) {
            const uint32_t *row = block + r * item->row_stride_words;
            const uint32_t present =
                procedural || (packed ? packed_row_present(block, r) : (row[0] != 0u || row[1] != 0u));
            if (keep_all || present) s->filter[bit >> 5] |= 1u << (bit & 31u);
        }
    }
}

/* A static word's weight into its ring-buffer slot, saturating at 0xFFFF. */
static inline void ring_add(synapses_t *s, provenance_t *prov, uint32_t w, uint32_t time_bits) {
    synapses_ring_add(s, &prov->saturations, (w + time_bits) & s->ring_mask, w >> WEIGHT_SHIFT);
}

/* A word whose delay d the ring cannot hold, processed in tick `tick`: into the pool, due in
 * tick + d - (2^R - 1), with its delay set to 2^R - 1. */
static void delay_pool_put(synapses_t *s, provenance_t *prov, uint32_t w, uint32_t tick) {
    delay_pool_header_t *h = s->pool;
    uint32_t node;
    if (h->free) {
        node = h->free - 1u;
        h->free = s->pool_nodes[2u * node + 1u];
    } else if (h->n_used < h->capacity) {
        node = h->n_used++;
    } else {
        prov->delay_pool_overflows++;
        return;
    }
    const uint32_t d = (w & s->word_delay_field) >> s->type_index_bits;
    uint32_t *head = &s->pool_heads[(tick + d - s->delay_mask) & (h->n_buckets - 1u)];
    s->pool_nodes[2u * node] = (w & ~s->word_delay_field) | (s->delay_mask << s->type_index_bits);
    s->pool_nodes[2u * node + 1u] = *head;
    *head = node + 1u;
}

/* The pool's words due in tick `tick` into the ring (once a tick, before its packets). */
static void delay_pool_drain(synapses_t *s, provenance_t *prov, uint32_t tick) {
    if (!DELAY_POOL || !s->pool || s->pool_drained == tick + 1u) return;
    s->pool_drained = tick + 1u;
    delay_pool_header_t *h = s->pool;
    uint32_t *head = &s->pool_heads[tick & (h->n_buckets - 1u)];
    const uint32_t time_bits = tick << s->type_index_bits;
    for (uint32_t i = *head; i;) {
        const uint32_t node = i - 1u;
        ring_add(s, prov, s->pool_nodes[2u * node], time_bits);
        i = s->pool_nodes[2u * node + 1u];
        s->pool_nodes[2u * node + 1u] = h->free;
        h->free = node + 1u;
    }
    *head = 0;
}

/* Static words: add each weight into its ring-buffer slot (or the delay pool), saturating at 0xFFFF. */
static void process_fixed(synapses_t *s, provenance_t *prov, const uint32_t *words, uint32_t n, uint32_t tick) {
    const uint32_t time_bits = tick << s->type_index_bits, late = DELAY_POOL ? s->late_bits : 0u;
    for (uint32_t i = 0; i < n; i++) {
        const uint32_t w = words[i];
        if (DELAY_POOL && (w & late))
            delay_pool_put(s, prov, w, tick);
        else
            ring_add(s, prov, w, time_bits);
    }
    prov->synaptic_events += n;
}

static int row_wanted(const synapses_t *s, uint32_t item, uint32_t atom) {
    if (!s->filter) return 1;
    uint32_t bit = s->filter_start[item] + atom;
    return (s->filter[bit >> 5] >> (bit & 31u)) & 1u;
}

static const master_table_entry_t *entry_for(synapses_t *s, uint32_t key) {
    const master_table_entry_t *e = s->last_entry;
    if (e && (key & e->mask) == e->key) return e;
    if (s->entry_index) {
        uint32_t slot = (key >> s->entry_shift) - s->entry_lo, i = slot < s->entry_n ? s->entry_index[slot] : 0u;
        e = i ? &s->table.entries[i - 1u] : 0;
    } else {
        e = master_table_find(&s->table, key);
    }
    return s->last_entry = e;
}


/* synapses_wanted_keys for a whole source core whose keys find one packed block here: a word
 * of presence bits at a time, the hints by walking the rows there in order. */
static void packed_wanted_keys(synapses_t *s, const master_table_item_t *item, uint32_t n_keys, uint32_t *bits,
                               uint32_t *hints, int filtering) {
    const uint32_t *block = s->matrix + item->offset_words;
    const uint32_t w = (item->n_rows + 31u) >> 5, *start = block + 2u * w;
    for (uint32_t j = 0, k = 0; j < w && 32u * j < n_keys; j++) {
        for (uint32_t word = block[j]; word; word &= word - 1u, k++) {
            uint32_t atom = 32u * j + (uint32_t)__builtin_ctz(word);
            if (atom < n_keys) hints[atom] = 1u + (uint32_t)(block + start[k] - s->matrix);
        }
        uint32_t rows_here = item->n_rows - 32u * j; /* atoms past the rows stay: counted invalid */
        if (filtering) bits[j] &= block[j] | (rows_here >= 32u ? 0u : ~((1u << rows_here) - 1u));
    }
}

void synapses_wanted_keys(synapses_t *s, uint32_t key_base, uint32_t n_keys, uint32_t *bits, uint32_t *hints) {
    const int filtering = s->filter && !(s->structural.header && !s->structural.header->random_partner);
    const master_table_entry_t *e = master_table_find(&s->table, key_base);
    if (e && n_keys > 1 && !(key_base & ~e->mask) && n_keys - 1u <= ~e->mask && e->n_items == 1 &&
        s->table.items[e->first_item].row_stride_words == PACKED_BLOCK_STRIDE) {
        if (filtering) s->keys_prefiltered = 1;
        packed_wanted_keys(s, &s->table.items[e->first_item], n_keys, bits, hints, filtering);
        return;
    }
    if (e && e->n_items == 1 && s->table.items[e->first_item].row_stride_words == PROCEDURAL_BLOCK_STRIDE &&
        (key_base & ~e->mask) + (n_keys - 1u) <= ~e->mask) { /* rows made here: where their source is */
        const master_table_item_t *item = &s->table.items[e->first_item];
        for (uint32_t i = 0, atom = key_base & ~e->mask; i < n_keys && atom + i < item->n_rows; i++)
            hints[i] = HINT_PROCEDURAL | (1u + item->offset_words);
        return;
    }
    e = 0;
    for (uint32_t i = 0; i < n_keys; i++) { /* a packed row that is the key's only one: its place */
        uint32_t key = key_base | i;
        if (!e || (key & e->mask) != e->key) e = master_table_find(&s->table, key);
        if (!e || e->n_items != 1) continue;
        const master_table_item_t *item = &s->table.items[e->first_item];
        if (item->row_stride_words != PACKED_BLOCK_STRIDE || (key & ~e->mask) >= item->n_rows) continue;
        const uint32_t *row = packed_row(s->matrix + item->offset_words, item->n_rows, key & ~e->mask);
        if (row) hints[i] = 1u + (uint32_t)(row - s->matrix);
    }
    if (!filtering) return;
    s->keys_prefiltered = 1;
    e = 0;
    for (uint32_t i = 0; i < n_keys; i++) {
        uint32_t key = key_base | i;
        if (!e || (key & e->mask) != e->key) e = master_table_find(&s->table, key);
        if (!e) continue; /* counted as invalid by the core */
        uint32_t atom = key & ~e->mask, wanted = 0;
        for (uint32_t j = 0; j < e->n_items && !wanted; j++)
            wanted = atom >= s->table.items[e->first_item + j].n_rows || row_wanted(s, e->first_item + j, atom);
        if (!wanted) bits[i >> 5] &= ~(1u << (i & 31u));
    }
}

/* One packet: every block of rows its source core has here. */
static void process_key(synapses_t *s, core_t *core, provenance_t *prov, const master_table_entry_t *e, uint32_t key,
                        uint32_t tick) {
    uint32_t atom = key & ~e->mask;
    for (uint32_t i = 0; i < e->n_items; i++) {
        const master_table_item_t *item = &s->table.items[e->first_item + i];
        if (atom >= item->n_rows) {
            prov->invalid_keys++;
            continue;
        }
        if (!(s->keys_prefiltered && e->n_items == 1) && !row_wanted(s, e->first_item + i, atom)) continue;
        if (item->row_stride_words == PACKED_BLOCK_STRIDE) {
            const uint32_t *packed = packed_row(s->matrix + item->offset_words, item->n_rows, atom);
            if (packed) process_fixed(s, prov, platform_dma_read(core, packed + 1, packed[0]), packed[0], tick);
            continue;
        }
        if (item->row_stride_words == PROCEDURAL_BLOCK_STRIDE) {
            uint32_t n = procedural_row(s->matrix, item->offset_words, atom, s->log_n_neurons, s->type_index_bits,
                                        s->procedural_words);
            process_fixed(s, prov, s->procedural_words, n, tick);
            continue;
        }
        const uint32_t *sdram_row = s->matrix + item->offset_words + atom * item->row_stride_words;
        uint32_t *row = platform_dma_read(core, sdram_row, item->row_stride_words);
        uint32_t n_plastic = row[0];
        uint32_t n_fixed = row[1 + n_plastic];
        if (n_plastic) {
            stdp_process_row(&s->stdp, s, prov, row, tick);
            platform_dma_write(core, (uint32_t *)sdram_row, row, 1 + n_plastic); /* plastic part back */
        }
        process_fixed(s, prov, row + n_plastic + ROW_HEADER_WORDS, n_fixed, tick);
    }
}

/* The procedural_source_t a HINT_PROCEDURAL hint names. */
static inline const procedural_source_t *hinted_source(const synapses_t *s, uint32_t hint) {
    return (const procedural_source_t *)(s->matrix + (hint & ~HINT_PROCEDURAL) - 1u);
}

/* Ask for a procedural_block_t and the start of its CDF (which follows it: counts up to 17,
 * what a row's draws read but for p near 1/4 and above), ahead of making a row from it. */
static inline void procedural_prefetch(const uint32_t *block) {
    const uint32_t end = (uint32_t)(sizeof(procedural_block_t) / 4u) + 17u;
    for (uint32_t w = 0; w < end; w += 16u) platform_prefetch(block + w);
    platform_prefetch(block + end);
}

/* The ring-buffer entries the packed row of key k of a batch adds to, asked for while the
 * keys before it are processed (the host only: where a core's 32 kB ring is, among a few
 * hundred cores', is mostly not in cache; SpiNNaker's ring is in DTCM).  The row itself was
 * asked for at delivery (its hint). */
#define RING_PREFETCH_AHEAD 2u
static inline void ring_prefetch(const synapses_t *s, const uint32_t *hints, uint32_t k, uint32_t n, uint32_t tick) {
#if defined(__arm__)
    (void)s, (void)hints, (void)k, (void)n, (void)tick;
#else
    if (k >= n || !hints[k] || (hints[k] & HINT_PROCEDURAL)) return;
    const uint32_t *row = s->matrix + hints[k] - 1u, time_bits = tick << s->type_index_bits;
    for (uint32_t i = 1; i <= row[0] && i <= 32u; i++) platform_prefetch(&s->ring[(row[i] + time_bits) & s->ring_mask]);
#endif
}

/* Keys are taken a batch at a time so that the filter words, then the rows, of the
 * batch can be asked for before any is used (platform_prefetch); they are processed
 * in the order received. */
#define RECEIVE_BATCH 16u

void synapses_receive(synapses_t *s, core_t *core, uint32_t tick) {
    provenance_t *prov = platform_provenance(core);
    uint32_t keys[RECEIVE_BATCH], hints[RECEIVE_BATCH], count = 0, n;
    const master_table_entry_t *entries[RECEIVE_BATCH];
    structural_rewire(&s->structural, s, core, tick);
    delay_pool_drain(s, prov, tick);
    do {
        n = platform_next_spikes(core, keys, hints, RECEIVE_BATCH);
        for (uint32_t k = 0; k < n; k++) {
            if (hints[k] & HINT_PROCEDURAL) { /* the procedural_block_t and CDF its row is made from */
                procedural_prefetch(s->matrix + hinted_source(s, hints[k])->block_offset);
                continue;
            }
            if (hints[k]) { /* its packed row, found when the platform asked (synapses_wanted_keys) */
                platform_prefetch(s->matrix + hints[k] - 1u);
                platform_prefetch(s->matrix + hints[k] + 15u); /* a row of 16 words or more spans two lines */
                continue;
            }
            const master_table_entry_t *e = entries[k] = entry_for(s, keys[k]);
            if (e && s->filter && !(s->keys_prefiltered && e->n_items == 1))
                platform_prefetch(&s->filter[(s->filter_start[e->first_item] + (keys[k] & ~e->mask)) >> 5]);
        }
        for (uint32_t k = 0; k < n; k++) {
            const master_table_entry_t *e = entries[k];
            if (hints[k] || !e) continue;
            const master_table_item_t *item = &s->table.items[e->first_item];
            uint32_t atom = keys[k] & ~e->mask;
            if (!(atom < item->n_rows && ((s->keys_prefiltered && e->n_items == 1) || row_wanted(s, e->first_item, atom))))
                continue;
            const uint32_t stride = item->row_stride_words, whole = stride > PROCEDURAL_BLOCK_STRIDE; /* a fixed-stride row */
            const uint32_t *row = s->matrix + item->offset_words + (whole ? atom * stride : 0u);
            for (uint32_t w = 0; w < (whole ? stride : 1u) && w < 128u; w += 16u) platform_prefetch(row + w); /* its lines */
        }
        for (uint32_t k = 0; k < n; k++) {
            count++;
            structural_spike(&s->structural, keys[k], tick);
            if (hints[k] & HINT_PROCEDURAL) {
                const uint32_t offset = (hints[k] & ~HINT_PROCEDURAL) - 1u;
                const uint32_t n_words = procedural_row(s->matrix, offset, keys[k] & hinted_source(s, hints[k])->atom_mask,
                                                        s->log_n_neurons, s->type_index_bits, s->procedural_words);
                process_fixed(s, prov, s->procedural_words, n_words, tick);
                continue;
            }
            if (hints[k]) {
                const uint32_t *row = s->matrix + hints[k] - 1u;
                ring_prefetch(s, hints, k + RING_PREFETCH_AHEAD, n, tick);
                process_fixed(s, prov, platform_dma_read(core, row + 1, row[0]), row[0], tick);
                continue;
            }
            if (!entries[k]) {
                prov->invalid_keys++;
                continue;
            }
            process_key(s, core, prov, entries[k], keys[k], tick);
        }
    } while (n == RECEIVE_BATCH);
    count += platform_spikes_withheld(core);
    prov->spikes_received += count;
    if (count > prov->max_spikes_in_tick) prov->max_spikes_in_tick = count;
    if (count > 256u) prov->input_buffer_overflows++;
}

#if !defined(__arm__)
/* The master-table item of the procedural item `hint` names, or NULL. */
static master_table_item_t *procedural_item(const synapses_t *s, uint32_t hint) {
    if (!(hint & HINT_PROCEDURAL) || !s->table.header) return 0;
    const uint32_t offset = (hint & ~HINT_PROCEDURAL) - 1u;
    for (uint32_t i = 0; i < s->table.header->n_items; i++) {
        const master_table_item_t *item = &s->table.items[i];
        if (item->row_stride_words == PROCEDURAL_BLOCK_STRIDE && item->offset_words == offset)
            return (master_table_item_t *)item; /* the table is in writable SDRAM */
    }
    return 0;
}

uint32_t synapses_held_estimate(const synapses_t *s, uint32_t hint, uint32_t *bound) {
    const master_table_item_t *item = procedural_item(s, hint);
    *bound = 0;
    if (!item) return 0;
    const procedural_block_t *d = (const procedural_block_t *)(s->matrix + hinted_source(s, hint)->block_offset);
    const uint32_t *cdf = (const uint32_t *)d + d->cdf, w = (item->n_rows + 31u) >> 5;
    double k = 0.0; /* E[k] of a block: the sum over c of P(k > c) */
    for (uint32_t c = 0; c < PROCEDURAL_BLOCK_NEURONS; c++) k += 1.0 - cdf[c] / 4294967296.0;
    const double per_row = d->n_post * k / PROCEDURAL_BLOCK_NEURONS; /* synapses a row, on average */
    *bound = 2u * w + item->n_rows * (2u + d->n_post) + PROCEDURAL_ROW_PAD;
    const double estimate = 2.0 * w + item->n_rows * (2.0 + per_row);
    return estimate < *bound ? (uint32_t)estimate : *bound;
}

uint32_t synapses_make_held(const synapses_t *s, uint32_t hint, uint32_t *out) {
    const master_table_item_t *item = procedural_item(s, hint);
    if (!item) return 0;
    const uint32_t n_rows = item->n_rows, w = (n_rows + 31u) >> 5, offset = item->offset_words;
    uint32_t *present = out, *rank = out + w, *start = out + 2u * w;
    memset(out, 0, 8u * w);
    /* rows first after room for a start per row, then moved down over the starts of absent rows */
    uint32_t at = 2u * w + n_rows, n_present = 0;
    for (uint32_t atom = 0; atom < n_rows; atom++) {
        const uint32_t n = procedural_row(s->matrix, offset, atom, s->log_n_neurons, s->type_index_bits, out + at + 1u);
        if (!n) continue;
        present[atom >> 5] |= 1u << (atom & 31u);
        start[n_present++] = at;
        out[at] = n;
        at += 1u + n;
    }
    const uint32_t gap = n_rows - n_present;
    memmove(start + n_present, start + n_rows, 4u * (at - 2u * w - n_rows));
    for (uint32_t r = 0; r < n_present; r++) start[r] -= gap;
    for (uint32_t j = 0, before = 0; j < w; j++) {
        rank[j] = before;
        before += popcount32(present[j]);
    }
    return at - gap;
}

void synapses_use_held(synapses_t *s, uint32_t hint, uint32_t offset_words) {
    master_table_item_t *item = procedural_item(s, hint);
    if (!item) return;
    item->offset_words = offset_words;
    item->row_stride_words = PACKED_BLOCK_STRIDE;
}
#endif

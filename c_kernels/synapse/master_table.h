/* Master population table: binary search of the source-core entries by key. */
#ifndef MASTER_TABLE_H
#define MASTER_TABLE_H
#include "spynn_layout.h"

typedef struct {
    const master_table_header_t *header;
    const master_table_entry_t *entries; /* sorted by key */
    const master_table_item_t *items;
} master_table_t;

static inline void master_table_open(master_table_t *mt, const uint32_t *region) {
    mt->header = (const master_table_header_t *)region;
    mt->entries = (const master_table_entry_t *)(region + 2);
    mt->items = (const master_table_item_t *)(region + 2 + 4 * mt->header->n_entries);
}

/* The entry whose (key & mask) == entry.key, or NULL. */
static inline const master_table_entry_t *master_table_find(const master_table_t *mt, uint32_t key) {
    uint32_t lo = 0, hi = mt->header ? mt->header->n_entries : 0;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const master_table_entry_t *e = &mt->entries[mid];
        uint32_t k = key & e->mask;
        if (k == e->key) return e;
        if (e->key < k) lo = mid + 1; else hi = mid;
    }
    return 0;
}

/* Set bits of a word (portable: ARMv5 has no population-count instruction). */
static inline uint32_t popcount32(uint32_t x) {
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0Fu;
    return (x * 0x01010101u) >> 24;
}

/* Does row `atom` of a packed block (row_stride_words == PACKED_BLOCK_STRIDE) have synapses? */
static inline uint32_t packed_row_present(const uint32_t *block, uint32_t atom) {
    return (block[atom >> 5] >> (atom & 31u)) & 1u;
}

/* Row `atom` of a packed block at `block` with n_rows rows: its length word, followed by its
 * static words; NULL when the atom has no synapses there. */
static inline const uint32_t *packed_row(const uint32_t *block, uint32_t n_rows, uint32_t atom) {
    uint32_t w = (n_rows + 31u) >> 5, word = block[atom >> 5], bit = 1u << (atom & 31u);
    if (!(word & bit)) return 0;
    return block + block[2u * w + block[w + (atom >> 5)] + popcount32(word & (bit - 1u))];
}
#endif

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
#endif

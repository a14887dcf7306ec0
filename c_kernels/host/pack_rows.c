/* Host-side helper of the mapping, not a kernel: the inner loop of
 * spynn/synapses/static.py pack_rows_by_source, which numpy can only do with a sort.
 *
 * Writes synapse words into their rows, each row's words in the order given (a stable
 * counting-sort scatter, O(synapses)): synapse i goes to row row[i] (rows with row[i] < 0
 * are skipped), whose payload starts at word first[row[i]] of out.  cursor holds one zeroed
 * word per row (the words written so far). */
#include <stdint.h>

void pack_static_rows(uint64_t n, const int64_t *row, const uint32_t *words, const int64_t *first, uint32_t *cursor,
                      uint32_t *out) {
    for (uint64_t i = 0; i < n; i++) {
        int64_t r = row[i];
        if (r < 0) continue;
        out[first[r] + cursor[r]++] = words[i];
    }
}

/* Host-side helper of spynn/recording/decode.py: the spikes of a spike-recording channel,
 * found by scanning its words for set bits (the numpy way unpacks every bit of every record). */
#include <stdint.h>

/* Records of 1 + n_words words (a tick, then the bits of n_atoms atoms): the atom and tick of
 * every set bit, record by record, atoms ascending (np.nonzero's order), written to atoms and
 * ticks when they are not NULL (room for every spike); returns how many spikes there are. */
uint64_t decode_spike_records(const uint32_t *records, uint64_t n_records, uint32_t n_words, uint32_t n_atoms,
                              int64_t *atoms, int64_t *ticks) {
    uint64_t n = 0;
    for (uint64_t r = 0; r < n_records; r++) {
        const uint32_t *rec = records + r * (1u + n_words);
        for (uint32_t j = 0; j < n_words; j++) {
            uint32_t word = rec[1 + j];
            if (32u * j + 32u > n_atoms) word &= (1u << (n_atoms - 32u * j)) - 1u; /* past the last atom */
            for (; word; word &= word - 1u, n++) {
                if (!atoms) continue;
                atoms[n] = 32 * (int64_t)j + __builtin_ctz(word);
                ticks[n] = rec[0];
            }
        }
    }
    return n;
}

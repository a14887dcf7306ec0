/* Host-side helpers of the mapping, not kernels: the per-synapse passes of
 * spynn/synapses/matrix.py build_core_synapses for static projections, one pass each
 * instead of a dozen numpy temporaries (they run once per projection x post core, over
 * every synapse of the network).  Each gives exactly what the numpy expressions named in
 * its comment give. */
#include <math.h>
#include <stdint.h>

#include "spynn_layout.h"

/* Element i of an array of unsigned integers of `size` bytes (1, 2 or 4). */
static inline uint32_t element(const void *a, uint32_t size, uint64_t i) {
    if (size == 1) return ((const uint8_t *)a)[i];
    if (size == 2) return ((const uint16_t *)a)[i];
    return ((const uint32_t *)a)[i];
}

/* Element i of an array of floats of `size` bytes (4: float, 8: double), as a double. */
static inline double real(const void *a, uint32_t size, uint64_t i) {
    return size == 4 ? (double)((const float *)a)[i] : ((const double *)a)[i];
}

/* counts[a] += 1 for every a in atoms (unsigned integers of atom_size bytes): np.bincount,
 * without numpy's int64 copy of the atoms. */
void count_atoms(uint64_t n, const void *atoms, uint32_t atom_size, uint64_t *counts) {
    if (atom_size == 2) /* the usual size: a loop without a test of it */
        for (uint64_t i = 0; i < n; i++) counts[((const uint16_t *)atoms)[i]]++;
    else
        for (uint64_t i = 0; i < n; i++) counts[element(atoms, atom_size, i)]++;
}

/* add_input_sums' loop, inlined with the item sizes as constants where they are the usual ones. */
static inline __attribute__((always_inline)) double input_sums_loop(uint64_t n, const void *post, uint32_t post_size,
                                                                    uint32_t post_lo, const void *weight,
                                                                    uint32_t weight_size, double scale, double *sum_w,
                                                                    double *sum_w2) {
    double biggest = 0.0;
    /* a run of synapses onto one neuron (they usually come sorted by post) is summed in
     * registers, from the stored sums and in the same order: the same additions, without a
     * store and a reload of the sum between two of them */
    uint64_t i = 0;
    while (i < n) {
        uint32_t j = element(post, post_size, i) - post_lo;
        double s = sum_w[j], s2 = sum_w2[j];
        do {
            double w = fabs(real(weight, weight_size, i)) * scale;
            s += w;
            s2 += w * w;
            if (w > biggest) biggest = w;
        } while (++i < n && element(post, post_size, i) - post_lo == j);
        sum_w[j] = s;
        sum_w2[j] = s2;
    }
    return biggest;
}

/* sum_w[j] += |weight[i]| * scale and sum_w2[j] += w * w for every synapse, j = post[i] - post_lo
 * (post: unsigned integers of post_size bytes; weight: floats of weight_size bytes), in synapse
 * order (as np.bincount(j, w) sums); returns max(w). */
double add_input_sums(uint64_t n, const void *post, uint32_t post_size, uint32_t post_lo, const void *weight,
                      uint32_t weight_size, double scale, double *sum_w, double *sum_w2) {
    if (post_size == 2 && weight_size == 4)
        return input_sums_loop(n, post, 2, post_lo, weight, 4, scale, sum_w, sum_w2);
    return input_sums_loop(n, post, post_size, post_lo, weight, weight_size, scale, sum_w, sum_w2);
}

/* nearbyint(x) for x >= 0 in the default rounding mode (to nearest, ties to even), inline
 * rather than a call into libm: adding and subtracting 2^52 rounds x to an integer (doubles
 * from 2^52 up are integers already). */
static inline double round_even(double x) {
    return x < 0x1p52 ? (x + 0x1p52) - 0x1p52 : x;
}

/* One synapse's static word (WordFormat.pack of weights_to_u16(w, shift), ...); counts
 * weights that quantise to 0 (counts[0]) or lose over loss_limit of their value (counts[1]). */

static inline uint32_t synapse_word(double weight, uint32_t d, uint32_t post_index, double scale, uint32_t delay_shift,
                                    uint32_t type_word, double loss_limit, uint64_t *counts) {
    double w = fabs(weight);
    double scaled = w * scale;
    double q = round_even(scaled);
    if (q > 65535.0) q = 65535.0;
    if (w > 0) {
        if (q == 0) {
            counts[0]++;
        } else if (fabs(q - scaled) / scaled > loss_limit) {
            counts[1]++;
        }
    }
    return ((uint32_t)q << WEIGHT_SHIFT) | (d << delay_shift) | type_word | post_index;
}

/* s * max_rows + a - pre_starts[s], s the presynaptic core holding atom a (pre_starts: the
 * first atom of each of the n_cores cores, ascending). */
static inline int64_t row_of(int64_t a, const int64_t *pre_starts, uint32_t n_cores, int64_t max_rows) {
    uint32_t lo = 0, hi = n_cores; /* the last start <= a */
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (pre_starts[mid] <= a) lo = mid; else hi = mid;
    }
    return (int64_t)lo * max_rows + a - pre_starts[lo];
}

/* The static synaptic words of n synapses onto one post core (WordFormat.pack of
 * weights_to_u16(weight, shift), delay - delay_offset, syn_type, post - post_lo) and the
 * row of each: row[i] = row_of(pre[i]).  scale = 2^(15 - shift); counts[0] += weights that
 * quantise to 0, counts[1] += others losing over loss_limit of their value.  Returns 0, or
 * 1 + i for the first synapse whose delay does not fit the word's delay field (nothing
 * else is then guaranteed). */
uint64_t static_words(uint64_t n, const uint32_t *pre, const uint32_t *post, const double *weight,
                      const uint32_t *delay, uint32_t post_lo, double scale, uint32_t delay_offset,
                      uint32_t log_n_neurons, uint32_t log_n_types, uint32_t syn_type, uint32_t max_delay,
                      double loss_limit,
                      const int64_t *pre_starts, uint32_t n_cores, int64_t max_rows, uint32_t *words, int64_t *row,
                      uint64_t *counts) {
    uint32_t delay_shift = log_n_neurons + log_n_types, type_word = syn_type << log_n_neurons;
    for (uint64_t i = 0; i < n; i++) {
        uint32_t d = delay[i] - delay_offset;
        if (d >= max_delay) return 1 + i;
        words[i] = synapse_word(weight[i], d, post[i] - post_lo, scale, delay_shift, type_word, loss_limit, counts);
        row[i] = row_of(pre[i], pre_starts, n_cores, max_rows);
    }
    return 0;
}

/* static_words and pack_static_rows in one pass, written in place: synapse i's word goes to
 * out[first[a] + cursor[a]++], a = pre[i] (first[a]: where the payload of presynaptic atom
 * a's row starts), then each row with synapses gets its length in its header's word 1
 * (first[a] - ROW_HEADER_WORDS + 1).  pre, post and delay are arrays of unsigned integers
 * of the sizes given; first and cursor have one entry per presynaptic atom.  Returns as
 * static_words. */
/* fill_static_rows' loop, inlined with the arrays' item sizes as constants where they are
 * the usual ones (the loop then reads each array without a test of its size). */
static inline __attribute__((always_inline)) uint64_t fill_loop(
    uint64_t n, const void *pre, uint32_t pre_size, const void *post, uint32_t post_size, const void *weight,
    uint32_t weight_size, const void *delay, uint32_t delay_size, uint32_t post_lo, double scale, uint32_t delay_offset,
    uint32_t delay_shift, uint32_t type_word, uint32_t max_delay, double loss_limit, const uint32_t *first,
    uint32_t *cursor, uint32_t *out, uint64_t *counts) {
    for (uint64_t i = 0; i < n; i++) {
        uint32_t d = element(delay, delay_size, i) - delay_offset;
        if (d >= max_delay) return 1 + i;
        uint32_t a = element(pre, pre_size, i);
        uint32_t word = synapse_word(real(weight, weight_size, i), d, element(post, post_size, i) - post_lo, scale,
                                     delay_shift, type_word, loss_limit, counts);
        out[first[a] + cursor[a]++] = word;
    }
    return 0;
}

uint64_t fill_static_rows(uint64_t n, const void *pre, uint32_t pre_size, const void *post, uint32_t post_size,
                          const void *weight, uint32_t weight_size, const void *delay, uint32_t delay_size,
                          uint32_t post_lo, double scale,
                          uint32_t delay_offset, uint32_t log_n_neurons, uint32_t log_n_types, uint32_t syn_type,
                          uint32_t max_delay, double loss_limit, uint64_t n_atoms, const uint32_t *first,
                          uint32_t *cursor, uint32_t *out, uint64_t *counts) {
    uint32_t delay_shift = log_n_neurons + log_n_types, type_word = syn_type << log_n_neurons;
    uint64_t bad;
    if (pre_size == 2 && post_size == 2 && weight_size == 4 && delay_size == 1) /* up to 65536 neurons */
        bad = fill_loop(n, pre, 2, post, 2, weight, 4, delay, 1, post_lo, scale, delay_offset, delay_shift, type_word,
                        max_delay, loss_limit, first, cursor, out, counts);
    else
        bad = fill_loop(n, pre, pre_size, post, post_size, weight, weight_size, delay, delay_size, post_lo, scale,
                        delay_offset, delay_shift, type_word, max_delay, loss_limit, first, cursor, out, counts);
    if (bad) return bad;
    for (uint64_t a = 0; a < n_atoms; a++)
        if (cursor[a]) out[first[a] - 1] = cursor[a]; /* a packed row's length word */
    return 0;
}

/* The packed blocks' indexes of one projection on one core, back to back in index (block b's
 * index_words[b] words: presence bits and rank, ceil(n_rows[b] / 32) words each, then its row
 * starts), get moved[b] added to each of their row starts: the starts packed_index made for
 * rows right after their index, once the rows are laid out elsewhere. */
void shift_row_starts(uint64_t n_blocks, uint32_t *index, const int64_t *index_words, const int64_t *n_rows,
                      const int64_t *moved) {
    for (uint64_t b = 0; b < n_blocks; b++) {
        const uint64_t head = 2u * (((uint64_t)n_rows[b] + 31u) / 32u);
        for (uint64_t k = head; k < (uint64_t)index_words[b]; k++) index[k] += (uint32_t)moved[b];
        index += index_words[b];
    }
}

/* The packed blocks (master_table_item_t, PACKED_BLOCK_STRIDE) of a projection's rows on one
 * post core: counts[a] synapses in the row of presynaptic vertex atom a; source core c has
 * atoms starts[c] .. starts[c] + n_rows[c] - 1.  For each core with synapses, in core order,
 * writes its index [presence bits: W][rank: W][start of each row there] (W = ceil(n_rows /
 * 32)) into index, back to back, and sets index_words[c] and row_words[c] (the words its rows
 * take after the index; 0, 0: no block); first[a] is where atom a's synapse words start,
 * relative to its block (after the row's length word).  Returns the words written. */
uint64_t packed_index(uint64_t n_cores, const int64_t *starts, const int64_t *n_rows, const uint64_t *counts,
                      uint32_t *index, int64_t *index_words, int64_t *row_words, uint32_t *first) {
    uint64_t at = 0;
    for (uint64_t c = 0; c < n_cores; c++) {
        const uint64_t *count = counts + starts[c];
        uint64_t n = (uint64_t)n_rows[c], w = (n + 31u) / 32u, present = 0, total = 0;
        for (uint64_t r = 0; r < n; r++) {
            present += count[r] != 0;
            total += count[r];
        }
        index_words[c] = row_words[c] = 0;
        if (!present) continue;
        uint32_t *bits = index + at, *rank = bits + w, *start = rank + w;
        uint64_t k = 0, offset = 2u * w + present;
        for (uint64_t j = 0; j < w; j++) bits[j] = 0;
        for (uint64_t r = 0; r < n; r++) {
            if (!(r & 31u)) rank[r >> 5] = (uint32_t)k;
            first[starts[c] + r] = (uint32_t)offset + 1u;
            if (!count[r]) continue;
            bits[r >> 5] |= 1u << (r & 31u);
            start[k++] = (uint32_t)offset;
            offset += 1u + count[r];
        }
        index_words[c] = (int64_t)(2u * w + present);
        row_words[c] = (int64_t)(present + total);
        at += (uint64_t)index_words[c];
    }
    return at;
}

/* Writes synapse words into their rows, each row's words in the order given (a stable
 * counting-sort scatter, O(synapses), which numpy can only do with a sort): synapse i goes
 * to row row[i] (rows with row[i] < 0 are skipped), whose payload starts at word
 * first[row[i]] of out.  cursor holds one zeroed word per row (the words written so far). */
void pack_static_rows(uint64_t n, const int64_t *row, const uint32_t *words, const int64_t *first, uint32_t *cursor,
                      uint32_t *out) {
    for (uint64_t i = 0; i < n; i++) {
        int64_t r = row[i];
        if (r < 0) continue;
        out[first[r] + cursor[r]++] = words[i];
    }
}

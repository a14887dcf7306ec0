/* Host-side helpers of the mapping, not kernels: the per-synapse passes of
 * spynn/synapses/matrix.py build_core_synapses for static projections, one pass each
 * instead of a dozen numpy temporaries (they run once per projection x post core, over
 * every synapse of the network).  Each gives exactly what the numpy expressions named in
 * its comment give. */
#include <math.h>
#include <stdint.h>

#include "spynn_layout.h"

/* InputStats.add's per-neuron sums: sum_w[j] += w, sum_w2[j] += w * w for every synapse,
 * j = post[i] - post_lo, in synapse order (as np.bincount(j, w) sums); returns max(w). */
double add_input_sums(uint64_t n, const uint32_t *post, uint32_t post_lo, const double *weight, double *sum_w,
                      double *sum_w2) {
    double biggest = 0.0;
    for (uint64_t i = 0; i < n; i++) {
        double w = weight[i];
        uint32_t j = post[i] - post_lo;
        sum_w[j] += w;
        sum_w2[j] += w * w;
        if (w > biggest) biggest = w;
    }
    return biggest;
}

/* The static synaptic words of n synapses onto one post core (WordFormat.pack of
 * weights_to_u16(weight, shift), delay - delay_offset, syn_type, post - post_lo) and the
 * row of each: row[i] = s * max_rows + pre[i] - pre_starts[s], s the presynaptic core
 * holding pre[i] (pre_starts: the first atom of each of the n_cores cores, ascending).
 * scale = 2^(15 - shift); counts[0] += weights that quantise to 0, counts[1] += others
 * losing over loss_limit of their value.  Returns 0, or 1 + i for the first synapse whose
 * delay does not fit the word's delay field (nothing else is then guaranteed). */
uint64_t static_words(uint64_t n, const uint32_t *pre, const uint32_t *post, const double *weight,
                      const uint32_t *delay, uint32_t post_lo, double scale, uint32_t delay_offset,
                      uint32_t log_n_neurons, uint32_t log_n_types, uint32_t syn_type, uint32_t max_delay,
                      double loss_limit,
                      const int64_t *pre_starts, uint32_t n_cores, int64_t max_rows, uint32_t *words, int64_t *row,
                      uint64_t *counts) {
    uint32_t delay_shift = log_n_neurons + log_n_types;
    uint32_t type_word = syn_type << log_n_neurons;
    uint64_t zeroed = 0, lossy = 0;
    for (uint64_t i = 0; i < n; i++) {
        double w = fabs(weight[i]);
        double scaled = w * scale;
        double q = nearbyint(scaled);
        if (q > 65535.0) q = 65535.0;
        if (w > 0) {
            if (q == 0) {
                zeroed++;
            } else if (fabs(q - scaled) / scaled > loss_limit) {
                lossy++;
            }
        }
        uint32_t d = delay[i] - delay_offset;
        if (d >= max_delay) return 1 + i;
        words[i] = ((uint32_t)q << WEIGHT_SHIFT) | (d << delay_shift) | type_word | (post[i] - post_lo);
        int64_t a = pre[i];
        uint32_t lo = 0, hi = n_cores; /* the last start <= a */
        while (hi - lo > 1) {
            uint32_t mid = (lo + hi) / 2;
            if (pre_starts[mid] <= a) lo = mid; else hi = mid;
        }
        row[i] = (int64_t)lo * max_rows + a - pre_starts[lo];
    }
    counts[0] += zeroed;
    counts[1] += lossy;
    return 0;
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

/* Host-side use of procedural rows (c_kernels/synapse/procedural.h): the rows a procedural
 * item stands for, made by the same code the cores run, so a projection can be read back,
 * counted, or written out as ordinary rows that are the same words. */
#include <stdint.h>
#include <string.h>

#include "procedural.h"

/* The synapses of presynaptic neurons [pre_lo, pre_hi) under the procedural block at
 * `block` (its post_lo and n_post taken as the neurons counted): the connections' draws
 * only.  counts[i - pre_lo] gets neuron i's; returns their sum. */
uint64_t procedural_count(const uint32_t *block, uint32_t pre_lo, uint32_t pre_hi, uint64_t *counts) {
    const procedural_block_t *d = (const procedural_block_t *)block;
    const uint32_t lo = d->post_lo, hi = lo + d->n_post;
    uint8_t pos[PROCEDURAL_BLOCK_NEURONS];
    uint64_t total = 0;
    for (uint32_t pre = pre_lo; pre < pre_hi; pre++) {
        uint64_t n = 0;
        for (uint32_t b = lo / PROCEDURAL_BLOCK_NEURONS; b * PROCEDURAL_BLOCK_NEURONS < hi; b++) {
            const uint32_t k = procedural_block(d, pre, b, pos, 0);
            const uint32_t first = b * PROCEDURAL_BLOCK_NEURONS;
            if (first >= lo && first + PROCEDURAL_BLOCK_NEURONS <= hi && !(d->no_self && pre / PROCEDURAL_BLOCK_NEURONS == b)) {
                n += k; /* the whole block counts */
                continue;
            }
            for (uint32_t i = 0; i < k; i++) {
                const uint32_t j = first + pos[i];
                n += j >= lo && j < hi && !(d->no_self && j == pre);
            }
        }
        counts[pre - pre_lo] = n;
        total += n;
    }
    return total;
}

/* The connections of presynaptic neurons [pre_lo, pre_hi) under the procedural block at
 * `block` (onto its post_lo .. post_lo + n_post), pre by pre, post ascending: their indices,
 * weights as the weight table's values (before the word's rounding: the fixed-point value
 * the table holds) and delays [timesteps]; at most `capacity`.  Returns their number. */
uint64_t procedural_connections(const uint32_t *block, uint32_t pre_lo, uint32_t pre_hi, uint64_t capacity,
                                uint32_t *pre_out, uint32_t *post_out, int64_t *weight_out, uint32_t *delay_out) {
    const procedural_block_t *d = (const procedural_block_t *)block;
    const uint32_t lo = d->post_lo, hi = lo + d->n_post;
    uint8_t pos[PROCEDURAL_BLOCK_NEURONS];
    uint64_t draws[PROCEDURAL_BLOCK_NEURONS], n = 0;
    for (uint32_t pre = pre_lo; pre < pre_hi; pre++) {
        for (uint32_t b = lo / PROCEDURAL_BLOCK_NEURONS; b * PROCEDURAL_BLOCK_NEURONS < hi; b++) {
            const uint32_t k = procedural_block(d, pre, b, pos, draws);
            for (uint32_t i = 0; i < k; i++) {
                const uint32_t j = b * PROCEDURAL_BLOCK_NEURONS + pos[i];
                if (j < lo || j >= hi || (d->no_self && j == pre)) continue;
                if (n < capacity) {
                    pre_out[n] = pre;
                    post_out[n] = j;
                    weight_out[n] = d->weight_table
                                        ? procedural_quantile(block + d->weight_table, (uint32_t)(draws[i] >> 32))
                                        : (int64_t)d->weight_value;
                    delay_out[n] = procedural_delay(d, draws[i]);
                }
                n++;
            }
        }
    }
    return n;
}

/* Every row of the procedural item at matrix + item_offset (a procedural_source_t), atoms
 * 0 .. n_atoms - 1 of its source core, in the word format (index_bits N, type_index_bits
 * N + T): each one's length, and their words back to back, at most `capacity`.  Returns the
 * number of words (more than capacity: call again with room). */
uint64_t procedural_rows(const uint32_t *matrix, uint32_t item_offset, uint32_t n_atoms, uint32_t index_bits,
                         uint32_t type_index_bits, uint64_t capacity, uint32_t *lengths, uint32_t *words) {
    uint32_t scratch[(1u << index_bits) + PROCEDURAL_ROW_PAD]; /* a row, as a core's buffer holds it */
    uint64_t n = 0;
    for (uint32_t a = 0; a < n_atoms; a++) {
        uint32_t k = procedural_row(matrix, item_offset, a, index_bits, type_index_bits, scratch);
        lengths[a] = k;
        if (n + k <= capacity) memcpy(words + n, scratch, 4u * k);
        n += k;
    }
    return n;
}

/* How many of the rows' synapses wait at once, at most, in the delay pool of a core whose ring
 * holds delays up to ring_max (synapses.h): the sum over the rows of atoms 0 .. n_atoms - 1 of
 * the procedural item at matrix + item_offset (made as procedural_rows makes them) of
 * d - ring_max for each word whose delay field d (delay_bits wide) is longer. */
uint64_t procedural_delay_waits(const uint32_t *matrix, uint32_t item_offset, uint32_t n_atoms, uint32_t index_bits,
                                uint32_t type_index_bits, uint32_t delay_bits, uint32_t ring_max) {
    uint32_t scratch[(1u << index_bits) + PROCEDURAL_ROW_PAD];
    const uint32_t mask = (1u << delay_bits) - 1u;
    uint64_t waits = 0;
    for (uint32_t a = 0; a < n_atoms; a++) {
        const uint32_t k = procedural_row(matrix, item_offset, a, index_bits, type_index_bits, scratch);
        for (uint32_t i = 0; i < k; i++) {
            const uint32_t d = (scratch[i] >> type_index_bits) & mask;
            waits += d > ring_max ? d - ring_max : 0u;
        }
    }
    return waits;
}

/* The rows procedural_rows made, as packed rows of a matrix: atom a's words from out[first[a]]
 * and, when it has any, their number in out[first[a] - 1]. */
void procedural_place(const uint32_t *words, const uint32_t *lengths, const uint32_t *first, uint32_t n_atoms,
                      uint32_t *out) {
    for (uint32_t a = 0; a < n_atoms; a++) {
        if (!lengths[a]) continue;
        out[first[a] - 1u] = lengths[a];
        memcpy(out + first[a], words, 4u * lengths[a]);
        words += lengths[a];
    }
}

/* Structural plasticity (synaptogenesis, as sPyNNaker's topographic map rule): at rate
 * f_rew the cores of a post population pick one of its neurons (a generator shared by
 * all of them, so exactly one core acts) and one of that neuron's s_max synapse slots.
 * An occupied slot may be eliminated (probability by weight against a threshold); a free
 * slot may form a synapse from a partner (a neuron that spiked in the previous tick, or
 * a random one) with a distance-dependent probability.  Rows are reserved with s_max
 * slots at mapping time, so a formed synapse is appended in place:
 *
 *   static row:  [PP = 0][F = n][P = 0][n words][free words up to s_max]
 *   plastic row: [PP][header][s_max weights][s_max state words][F = 0][P = n][control]
 *
 * and an eliminated one is replaced by the row's last synapse. */
#ifndef STRUCTURAL_H
#define STRUCTURAL_H
#include "platform.h"

typedef struct {
    structural_header_t *header; /* NULL: no structural projections onto this core */
    const structural_edge_t *edges;
    const structural_source_t *sources;
    uint32_t *post_to_pre;
    const uint32_t *region;
    uint32_t *events; /* REGION_REC_REWIRING, or NULL when not recorded */
    uint32_t event_capacity;
    /* LastNeuronSelection, as sPyNNaker keeps them: spikes[b] holds the keys received in the
     * latest tick of parity b that received any (kept however long ago that was) */
    uint32_t *spikes[2];
    uint32_t n_spikes[2];
    uint32_t spikes_tick; /* the tick of the latest key received */
} structural_t;

struct synapses;
int structural_init(structural_t *sp, core_t *core);

/* A key arrived in tick `tick` (kept for partner selection). */
static inline void structural_spike(structural_t *sp, uint32_t key, uint32_t tick) {
    if (!sp->header || sp->header->random_partner) return;
    uint32_t b = tick & 1u;
    if (tick != sp->spikes_tick) { /* the first key of a tick replaces its parity's old ones */
        sp->spikes_tick = tick;
        sp->n_spikes[b] = 0;
    }
    if (sp->n_spikes[b] < sp->header->spike_buffer_size) sp->spikes[b][sp->n_spikes[b]++] = key;
}

/* This tick's rewiring attempts (before the tick's spikes are processed). */
void structural_rewire(structural_t *sp, struct synapses *syn, core_t *core, uint32_t tick);
#endif

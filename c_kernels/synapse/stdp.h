/* Pair-based STDP on plastic rows, with NEST's stdp_synapse semantics (all-to-all
 * pairing, all of the synaptic delay dendritic), updated when a presynaptic spike's
 * row is processed, as sPyNNaker does:
 *
 *   for each post spike t_j with t_last - d < t_j <= t - d:   w += dw_plus(K+(t_j + d))
 *   w -= dw_minus(K-(t - d));   deliver w;   K+ = K+ exp(-(t - t_last)/tau_plus) + 1
 *
 * The pre traces live in the row header (u16.16); each neuron's history keeps its last
 * STDP_HISTORY post spikes with the post traces o1 (tau_minus) just after and o2
 * (tau_y, triplet rule) just before each, accumulated over all its spikes, so traces
 * stay exact when the history overflows (only potentiation windows with more spikes
 * than it holds lose pairs, which is counted).  Weights are u16.16 in ring-buffer
 * units; the ring buffer gets their integer part.
 *
 * Plastic row:  [PP][last stamp][r1][rule][r2][w_0 .. w_cap-1][s_0 .. s_cap-1][F = 0][P = n][control]
 * cap = (PP - 4) / (1 + synapse_words) slots, n <= cap in use (structural plasticity reserves
 * slack); state words s_k only for rules with synapse_words = 1 (RecurrentRule's accumulator,
 * a neuromodulated rule's eligibility trace c). */
#ifndef STDP_H
#define STDP_H
#include "platform.h"

typedef struct {
    uint32_t times[STDP_HISTORY]; /* post-spike stamps [ticks], oldest first */
    uint32_t o1_after[STDP_HISTORY];  /* tau_minus trace just after each spike, u16.16 */
    uint32_t o2_before[STDP_HISTORY]; /* tau_y trace just before each spike, u16.16 */
    uint32_t count;
} post_history_t;

/* Dopamine reaching one neuron (neuromodulation): the latest STDP_DA_HISTORY events, by
 * time, and a base level that older events fold into.  D(t) = base d^(t - base_time)
 * + sum over events at t_k <= t of inc_k d^(t - t_k), d = exp(-h / tau_d). */
typedef struct {
    uint32_t times[STDP_DA_HISTORY]; /* [ticks], increasing */
    int32_t inc[STDP_DA_HISTORY];    /* concentration added, s15.16 (punishment < 0) */
    uint32_t count;
    int32_t base; /* s15.16 at base_time */
    uint32_t base_time;
} dopamine_history_t;

typedef struct {
    stdp_region_header_t *header; /* NULL: no plastic projections on this core */
    const stdp_rule_t *rules;
    const uint32_t *region;
    post_history_t *history;
    dopamine_history_t *dopamine; /* per neuron, only on cores with neuromodulation */
    uint32_t n_neurons;
} stdp_t;

int stdp_init(stdp_t *s, core_t *core, uint32_t n_neurons);

/* A neuron of this core spiked; its spike is stamped `stamp`. */
void stdp_post_spike(stdp_t *s, core_t *core, uint32_t neuron, uint32_t stamp);

struct synapses;
/* Update the row's weights for a presynaptic spike stamped `tick`, add them to the
 * ring buffers, and update the row header; the caller writes the row back. */
void stdp_process_row(stdp_t *s, struct synapses *syn, provenance_t *prov, uint32_t *row, uint32_t tick);
#endif

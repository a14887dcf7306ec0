/* Static-synapse images: stdp.c is left out, and these stand in for it.  A
 * core with plastic projections must be given an image built with stdp
 * (builds.txt); handed one of these, it fails at init instead of silently
 * treating plastic rows as static. */
#include "stdp.h"

#include "synapses.h"

int stdp_init(stdp_t *s, core_t *core, uint32_t n_neurons) {
    uint32_t n;
    s->header = 0;
    s->rules = 0;
    s->region = 0;
    s->history = 0;
    s->n_neurons = n_neurons;
    return platform_region(core, REGION_STDP, &n) ? -12 : 0;
}

void stdp_post_spike(stdp_t *s, core_t *core, uint32_t neuron, uint32_t stamp) {
    (void)s;
    (void)core;
    (void)neuron;
    (void)stamp;
}

void stdp_process_row(stdp_t *s, struct synapses *syn, provenance_t *prov, uint32_t *row, uint32_t tick) {
    (void)s;
    (void)syn;
    (void)row;
    (void)tick;
    prov->invalid_keys++;
}

#include "structural.h"

#include "rng.h"
#include "synapses.h"

int structural_init(structural_t *sp, core_t *core) {
    uint32_t n;
    uint32_t *r = platform_region(core, REGION_STRUCTURAL, &n);
    sp->header = (structural_header_t *)r;
    sp->events = 0;
    if (!r) return 0;
    const structural_header_t *h = sp->header;
    sp->region = r;
    sp->edges = (const structural_edge_t *)(r + sizeof(structural_header_t) / 4);
    sp->sources = (const structural_source_t *)(sp->edges + h->n_edges);
    sp->post_to_pre = r + h->post_to_pre_offset;
    uint32_t *ev = platform_region(core, REGION_REC_REWIRING, &n);
    if (ev) {
        sp->events = ev;
        sp->event_capacity = ((const rewiring_header_t *)ev)->capacity;
    }
    sp->n_spikes[0] = sp->n_spikes[1] = 0;
    sp->spikes_tick = 0;
    if (!h->random_partner && h->spike_buffer_size) {
        for (uint32_t b = 0; b < 2; b++) {
            sp->spikes[b] = (uint32_t *)platform_dtcm_alloc(core, h->spike_buffer_size * 4u);
            if (!sp->spikes[b]) return -20;
        }
    }
    return 0;
}

static inline uint32_t local_rand(structural_t *sp, uint32_t n) {
    return rng_next((rng_state_t *)sp->header->local_rng) % n;
}

static void record(structural_t *sp, core_t *core, uint32_t tick, uint32_t formed, uint32_t edge,
                   uint32_t pre_atom, uint32_t post_atom) {
    if (!sp->events) return;
    rewiring_header_t *rh = (rewiring_header_t *)sp->events;
    if (rh->n_events >= sp->event_capacity) {
        platform_provenance(core)->rewiring_events_lost++;
        return;
    }
    uint32_t *e = sp->events + sizeof(rewiring_header_t) / 4 + 4u * rh->n_events++;
    e[0] = tick;
    e[1] = (formed ? SP_FORMATION : 0u) | (edge << 8);
    e[2] = pre_atom;
    e[3] = post_atom;
}

/* The presynaptic core a key came from (NULL: not a structural projection's source). */
static const structural_source_t *source_of_key(const structural_t *sp, uint32_t key, uint32_t *atom) {
    for (uint32_t i = 0; i < sp->header->n_sources; i++) {
        const structural_source_t *s = &sp->sources[i];
        if (key >= s->key && key - s->key < s->n_atoms) {
            *atom = key - s->key;
            return s;
        }
    }
    return 0;
}

/* Position of the synapse onto `post` in a row (-1: none); n: synapses in the row. */
static int find_post(const struct synapses *syn, const uint32_t *row, uint32_t post, uint32_t *n) {
    uint32_t pp = row[0], index_mask = (1u << syn->log_n_neurons) - 1u;
    if (pp) {
        *n = row[1 + pp + 1];
        const uint16_t *ctrl = (const uint16_t *)(row + 1 + pp + 2 + row[1 + pp]);
        for (uint32_t k = 0; k < *n; k++)
            if ((ctrl[k] & index_mask) == post) return (int)k;
    } else {
        *n = row[1];
        for (uint32_t k = 0; k < *n; k++)
            if ((row[ROW_HEADER_WORDS + k] & index_mask) == post) return (int)k;
    }
    return -1;
}

/* Weight of synapse k, ring-buffer units u16.16. */
static uint32_t weight_of(const uint32_t *row, uint32_t k) {
    uint32_t pp = row[0];
    return pp ? row[1 + STDP_HEADER_WORDS + k] : (row[ROW_HEADER_WORDS + k] >> WEIGHT_SHIFT) << 16;
}

/* Replace synapse k by the row's last one.  words_per_synapse: 1 + state words (plastic rows). */
static void remove_synapse(uint32_t *row, uint32_t k, uint32_t n, uint32_t words_per_synapse) {
    uint32_t pp = row[0], last = n - 1u;
    if (!pp) {
        row[ROW_HEADER_WORDS + k] = row[ROW_HEADER_WORDS + last];
        row[1] = last;
        return;
    }
    uint32_t *w = row + 1 + STDP_HEADER_WORDS, cap = (pp - STDP_HEADER_WORDS) / words_per_synapse;
    uint16_t *ctrl = (uint16_t *)(row + 1 + pp + 2 + row[1 + pp]);
    for (uint32_t j = 0; j < words_per_synapse; j++) w[j * cap + k] = w[j * cap + last];
    ctrl[k] = ctrl[last];
    row[1 + pp + 1] = last;
}

static uint32_t formation_probability(const structural_t *sp, const structural_edge_t *e, uint32_t pre,
                                      uint32_t post) {
    uint32_t px = e->grid_x > 1 ? pre / e->grid_x : 0, qx = e->grid_x > 1 ? post / e->grid_x : 0;
    uint32_t py = e->grid_y > 1 ? pre % e->grid_y : 0, qy = e->grid_y > 1 ? post % e->grid_y : 0;
    uint32_t dx = px > qx ? px - qx : qx - px, dy = py > qy ? py - qy : qy - py;
    if (e->grid_x > 1 && dx > e->grid_x / 2u) dx = e->grid_x - dx; /* periodic boundaries */
    if (e->grid_y > 1 && dy > e->grid_y / 2u) dy = e->grid_y - dy;
    uint32_t d2 = dx * dx + dy * dy;
    uint32_t offset = e->lateral ? e->lat_offset : e->ff_offset, size = e->lateral ? e->lat_size : e->ff_size;
    if (d2 >= size) return 0;
    uint32_t word = sp->region[offset + (d2 >> 1)];
    return (d2 & 1u) ? word >> 16 : word & 0xFFFFu;
}

static void rewire_once(structural_t *sp, struct synapses *syn, core_t *core, uint32_t tick) {
    structural_header_t *h = sp->header;
    uint32_t post = rng_next((rng_state_t *)h->shared_rng) % h->app_n_atoms;
    if (post < h->lo_atom || post - h->lo_atom >= h->n_neurons) return; /* another core's neuron */
    post -= h->lo_atom;
    uint32_t *slot = &sp->post_to_pre[post * h->s_max + local_rand(sp, h->s_max)];
    const structural_source_t *src;
    uint32_t atom;
    if (*slot != SP_EMPTY_SLOT) {
        src = &sp->sources[*slot >> 16];
        atom = *slot & 0xFFFFu;
    } else if (h->random_partner) {
        const structural_edge_t *e = &sp->edges[local_rand(sp, h->n_edges)];
        uint32_t pre = local_rand(sp, e->pre_app_atoms);
        src = 0;
        for (uint32_t i = 0; i < e->n_sources; i++) {
            const structural_source_t *s = &sp->sources[e->first_source + i];
            if (pre >= s->lo_atom && pre - s->lo_atom < s->n_atoms) src = s;
        }
        if (!src) return;
        atom = pre - src->lo_atom;
    } else {
        uint32_t b = (tick - 1u) & 1u; /* the last spikes of the other parity, however old */
        if (!sp->n_spikes[b]) return;
        src = source_of_key(sp, sp->spikes[b][local_rand(sp, sp->n_spikes[b])], &atom);
        if (!src) return;
    }
    const structural_edge_t *e = &sp->edges[src->edge];
    uint32_t *sdram_row = (uint32_t *)syn->matrix + src->block_offset + atom * src->stride;
    uint32_t *row = platform_dma_read(core, sdram_row, src->stride);
    uint32_t n;
    int k = find_post(syn, row, post, &n);
    if (*slot != SP_EMPTY_SLOT) { /* elimination */
        if (k < 0) return;
        uint32_t p = weight_of(row, (uint32_t)k) < e->threshold ? e->prob_elim_depressed : e->prob_elim_potentiated;
        if (rng_next((rng_state_t *)h->local_rng) > p) return;
        remove_synapse(row, (uint32_t)k, n, e->plastic);
        *slot = SP_EMPTY_SLOT;
        record(sp, core, tick, 0, src->edge, src->lo_atom + atom, h->lo_atom + post);
    } else { /* formation */
        if (n >= h->s_max || (!h->with_replacement && k >= 0)) return;
        uint32_t p = formation_probability(sp, e, src->lo_atom + atom, h->lo_atom + post);
        if (local_rand(sp, 65535u) > p || !p) return;
        uint32_t delay = e->delay_min + (e->delay_max > e->delay_min ? local_rand(sp, e->delay_max - e->delay_min + 1u) : 0);
        uint32_t ctrl = (delay << syn->type_index_bits) | (e->synapse_type << syn->log_n_neurons) | post;
        uint32_t pp = row[0];
        if (pp) {
            uint32_t cap = (pp - STDP_HEADER_WORDS) / e->plastic;
            uint32_t *w = row + 1 + STDP_HEADER_WORDS;
            uint16_t *c = (uint16_t *)(row + 1 + pp + 2 + row[1 + pp]);
            w[n] = e->weight;
            for (uint32_t j = 1; j < e->plastic; j++) w[j * cap + n] = 0; /* state words start at zero */
            c[n] = (uint16_t)ctrl;
            row[1 + pp + 1] = n + 1u;
        } else {
            row[ROW_HEADER_WORDS + n] = ((e->weight >> 16) << WEIGHT_SHIFT) | ctrl;
            row[1] = n + 1u;
        }
        *slot = ((uint32_t)(src - sp->sources) << 16) | atom;
        record(sp, core, tick, 1, src->edge, src->lo_atom + atom, h->lo_atom + post);
    }
    platform_dma_write(core, sdram_row, row, src->stride);
}

void structural_rewire(structural_t *sp, struct synapses *syn, core_t *core, uint32_t tick) {
    structural_header_t *h = sp->header;
    if (!h) return;
    uint32_t n = h->attempts_per_tick;
    if (!n && ++h->ticks_since >= h->period_ticks) {
        h->ticks_since = 0;
        n = 1;
    }
    for (uint32_t i = 0; i < n; i++) rewire_once(sp, syn, core, tick);
}

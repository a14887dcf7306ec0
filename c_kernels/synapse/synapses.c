#include "synapses.h"

int synapses_init(synapses_t *s, core_t *core) {
    uint32_t n;
    const synapse_params_t *p = (const synapse_params_t *)platform_region(core, REGION_SYNAPSE_PARAMS, &n);
    if (!p) return -1;
    uint32_t bits = p->log_n_neurons + p->log_n_synapse_types + p->log_max_delay;
    if (bits > MAX_RING_BUFFER_BITS || p->n_synapse_types > MAX_SYNAPSE_TYPES) return -2;
    s->log_n_neurons = p->log_n_neurons;
    s->log_n_types = p->log_n_synapse_types;
    s->type_index_bits = p->log_n_neurons + p->log_n_synapse_types;
    s->delay_mask = (1u << p->log_max_delay) - 1u;
    s->ring_mask = (1u << bits) - 1u;
    s->n_neurons = p->n_neurons;
    s->n_types = p->n_synapse_types;
    for (uint32_t t = 0; t < MAX_SYNAPSE_TYPES; t++) s->shift[t] = p->ring_buffer_shift[t];
    s->ring = (uint16_t *)platform_dtcm_alloc(core, (1u << bits) * (uint32_t)sizeof(uint16_t));
    if (!s->ring) return -3;
    const uint32_t *mt = platform_region(core, REGION_MASTER_POP_TABLE, &n);
    master_table_open(&s->table, mt);
    s->matrix = platform_region(core, REGION_SYNAPTIC_MATRIX, &n);
    int err = stdp_init(&s->stdp, core, p->n_neurons);
    return err ? err : structural_init(&s->structural, core);
}

/* Static words: add each weight into its ring-buffer slot, saturating at 0xFFFF. */
static void process_fixed(synapses_t *s, provenance_t *prov, const uint32_t *words, uint32_t n, uint32_t tick) {
    uint32_t time_bits = tick << s->type_index_bits;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t w = words[i];
        uint32_t idx = (w + time_bits) & s->ring_mask;
        uint32_t acc = (uint32_t)s->ring[idx] + (w >> WEIGHT_SHIFT);
        if (acc > 0xFFFFu) {
            acc = 0xFFFFu;
            prov->saturations++;
        }
        s->ring[idx] = (uint16_t)acc;
    }
    prov->synaptic_events += n;
}

void synapses_receive(synapses_t *s, core_t *core, uint32_t tick) {
    provenance_t *prov = platform_provenance(core);
    uint32_t key, count = 0;
    structural_rewire(&s->structural, s, core, tick);
    while (platform_next_spike(core, &key)) {
        count++;
        structural_spike(&s->structural, key, tick);
        const master_table_entry_t *e = master_table_find(&s->table, key);
        if (!e) {
            prov->invalid_keys++;
            continue;
        }
        uint32_t atom = key & ~e->mask;
        for (uint32_t i = 0; i < e->n_items; i++) {
            const master_table_item_t *item = &s->table.items[e->first_item + i];
            if (atom >= item->n_rows) {
                prov->invalid_keys++;
                continue;
            }
            const uint32_t *sdram_row = s->matrix + item->offset_words + atom * item->row_stride_words;
            uint32_t *row = platform_dma_read(core, sdram_row, item->row_stride_words);
            uint32_t n_plastic = row[0];
            uint32_t n_fixed = row[1 + n_plastic];
            if (n_plastic) {
                stdp_process_row(&s->stdp, s, prov, row, tick);
                platform_dma_write(core, (uint32_t *)sdram_row, row, 1 + n_plastic); /* plastic part back */
            }
            process_fixed(s, prov, row + n_plastic + ROW_HEADER_WORDS, n_fixed, tick);
        }
    }
    prov->spikes_received += count;
    if (count > prov->max_spikes_in_tick) prov->max_spikes_in_tick = count;
    if (count > 256u) prov->input_buffer_overflows++;
}

/* A minimal platform for C unit tests: one core whose regions are arrays the
 * test fills in, a queue of received keys, and a log of sent keys. */
#include <stdlib.h>
#include <string.h>

#include "platform_stub.h"

uint32_t *platform_region(core_t *c, uint32_t region, uint32_t *n_words) {
    *n_words = c->region_words[region];
    return c->region_words[region] ? c->regions[region] : NULL;
}
uint32_t *platform_dma_read(core_t *c, const uint32_t *src, uint32_t n) {
    if (n > STUB_DMA_WORDS) return NULL;
    memcpy(c->dma, src, 4u * n);
    c->n_dma_reads++;
    return c->dma;
}
void platform_dma_write(core_t *c, uint32_t *dst, const uint32_t *src, uint32_t n) {
    (void)c;
    memcpy(dst, src, 4u * n);
}
void platform_send_spike(core_t *c, uint32_t key) {
    if (c->n_sent < STUB_MAX_KEYS) c->sent[c->n_sent++] = key;
}
uint32_t platform_next_spikes(core_t *c, uint32_t *keys, uint32_t *hints, uint32_t max) {
    uint32_t n = 0;
    while (n < max && c->in_pos < c->n_in) {
        hints[n] = c->hints[c->in_pos]; /* 0 unless a test gives them: the paths SpiNNaker runs */
        keys[n++] = c->in[c->in_pos++];
    }
    return n;
}
void *platform_host_alloc(core_t *c, uint32_t n) {
    (void)c;
    (void)n;
    return NULL; /* the tests run the paths SpiNNaker runs */
}
uint32_t platform_spikes_withheld(core_t *c) {
    (void)c;
    return 0;
}
void *platform_dtcm_alloc(core_t *c, uint32_t n) {
    if (c->dtcm_used + n > 65536u) return NULL;
    c->dtcm_used += n;
    return calloc(1, n);
}
provenance_t *platform_provenance(core_t *c) { return &c->prov; }
void **platform_kernel_state(core_t *c) { return &c->kstate; }

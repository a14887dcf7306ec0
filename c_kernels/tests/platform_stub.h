#ifndef PLATFORM_STUB_H
#define PLATFORM_STUB_H
#include "platform.h"

#define STUB_MAX_KEYS 1024u
#define STUB_DMA_WORDS (MAX_ROW_PAYLOAD_WORDS + ROW_HEADER_WORDS)

struct core {
    uint32_t *regions[MAX_REGIONS];
    uint32_t region_words[MAX_REGIONS];
    uint32_t in[STUB_MAX_KEYS], n_in, in_pos;
    uint32_t hints[STUB_MAX_KEYS]; /* handed back with in[] (0: none, as on SpiNNaker) */
    uint32_t sent[STUB_MAX_KEYS], n_sent;
    uint32_t dma[STUB_DMA_WORDS], n_dma_reads;
    uint32_t dtcm_used;
    provenance_t prov;
    void *kstate;
};
#endif

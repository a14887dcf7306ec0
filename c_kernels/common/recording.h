/* Recording channels: records are appended to an SDRAM region that starts with
 * a recording_header_t.  A record that does not fit is counted, never written
 * past the end; the host drains the region after every run chunk. */
#ifndef RECORDING_H
#define RECORDING_H
#include "platform.h"

typedef struct {
    recording_header_t *header; /* NULL: channel absent */
    uint32_t *data;
} rec_channel_t;

static inline void rec_open(rec_channel_t *ch, core_t *core, uint32_t region) {
    uint32_t n;
    uint32_t *r = platform_region(core, region, &n);
    ch->header = (r && n >= RECORDING_HEADER_WORDS) ? (recording_header_t *)r : 0;
    ch->data = r ? r + RECORDING_HEADER_WORDS : 0;
}

/* Is a sample due in this tick? */
static inline int rec_due(const rec_channel_t *ch, uint32_t tick) {
    return ch->header && ch->header->sample_ticks && (tick % ch->header->sample_ticks) == 0;
}

/* Append [tick, words[0..n)]; counts an overflow instead if it does not fit. */
static inline void rec_write(rec_channel_t *ch, core_t *core, uint32_t tick,
                             const uint32_t *words, uint32_t n) {
    recording_header_t *h = ch->header;
    if (h->write_words + 1 + n > h->capacity_words) {
        h->overflow++;
        platform_provenance(core)->recording_overflows++;
        return;
    }
    uint32_t *dst = ch->data + h->write_words;
    dst[0] = tick;
    for (uint32_t i = 0; i < n; i++) dst[1 + i] = words[i];
    h->write_words += 1 + n;
}
#endif

/* KISS (Marsaglia) 32-bit generator: integer only, identical on every target. */
#ifndef RNG_H
#define RNG_H
#include <stdint.h>
#include "spynn_layout.h"

static inline uint32_t rng_next(rng_state_t *s) {
    s->x = 69069u * s->x + 12345u;
    s->y ^= s->y << 13;
    s->y ^= s->y >> 17;
    s->y ^= s->y << 5;
    uint64_t t = 698769069ull * (uint64_t)s->z + (uint64_t)s->c;
    s->c = (uint32_t)(t >> 32);
    s->z = (uint32_t)t;
    return s->x + s->y + s->z;
}
#endif

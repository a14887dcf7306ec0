/* Portable fixed point, bit-identical on x86-64 and ARM968 (see DESIGN.md 2.2).
 * s16.15 values live in int32_t; u0.32 fractions in uint32_t.  Never use GCC's
 * native accum: it is absent on x86-64 and inconsistent between -marm/-mthumb. */
#ifndef FIXED_POINT_H
#define FIXED_POINT_H

#include <stdint.h>

typedef int32_t s1615;  /* signed 16.15 */
typedef uint32_t u032;  /* unsigned 0.32 */

#define S1615_ONE ((s1615)0x8000)

/* a * b, both s16.15, rounded to nearest (ties up).  Rounding, not the
 * truncation of GCC's accum multiply: truncation biases every product down by
 * half an LSB on average, and in a decaying state variable that bias
 * accumulates (measured: 530 LSB = 0.016 mV on a single PSP at h = 0.1 ms,
 * against 200 LSB with rounding).  Integer-only, so still bit-identical on
 * x86-64 and ARM. */
static inline s1615 s1615_mul(s1615 a, s1615 b) {
    return (s1615)(((int64_t)a * (int64_t)b + (1 << 14)) >> 15);
}

/* x * d with d a u0.32 fraction (a decay), rounded to nearest; where rounding
 * would leave a small nonzero x unchanged (|x| (1 - d) < 1/2 LSB) it moves one
 * LSB towards zero instead, so every decaying quantity reaches exactly 0. */
static inline s1615 s1615_decay(s1615 x, u032 d) {
    s1615 r = (s1615)(((int64_t)x * (int64_t)(uint64_t)d + (INT64_C(1) << 31)) >> 32);
    int32_t nudge = (r == x) & (x != 0) & (d != 0xFFFFFFFFu); /* branch-free: vectorises */
    return r - nudge * ((x > 0) - (x < 0));
}

/* x * f where f has `shift` fractional bits (for coefficients far smaller than one
 * s16.15 step), rounded to nearest. */
static inline s1615 s1615_mul_shifted(s1615 x, int32_t f, uint32_t shift) {
    return (s1615)(((int64_t)x * (int64_t)f + (INT64_C(1) << (shift - 1))) >> shift);
}

/* exp(x) for s16.15 x, integer only: x = n ln2 + r with 0 <= r < ln2, exp(r) by
 * its Taylor series to r^6 (relative error < 2e-5), then shifted by n.  Saturates
 * at the largest s16.15 value above x = 11.09; rounds to 0 below x = -10.4. */
static inline s1615 s1615_exp(s1615 x) {
    const int32_t ln2 = 22713; /* ln 2 in s16.15 */
    if (x > 363408) return INT32_MAX; /* 11.09 */
    int32_t n = x >= 0 ? x / ln2 : -((-x + ln2 - 1) / ln2);
    int32_t r = x - n * ln2; /* [0, ln2) in s16.15 */
    int64_t t = (int64_t)1 << 30, sum = t, r30 = (int64_t)r << 15; /* s1.30 */
    for (int k = 1; k <= 6; k++) {
        t = ((t * r30) >> 30) / k;
        sum += t;
    }
    int32_t shift = 15 - n; /* s1.30 -> s16.15 is >> 15, times 2^n */
    if (shift >= 63) return 0;
    if (shift <= 0) return (s1615)(sum << -shift);
    return (s1615)((sum + ((int64_t)1 << (shift - 1))) >> shift);
}

/* Wrap-around add and subtract (defined behaviour on every target). */
static inline s1615 s1615_add(s1615 a, s1615 b) {
    return (s1615)((uint32_t)a + (uint32_t)b);
}
static inline s1615 s1615_sub(s1615 a, s1615 b) {
    return (s1615)((uint32_t)a - (uint32_t)b);
}

/* u0.32 * u0.32, truncating. */
static inline u032 u032_mul(u032 a, u032 b) {
    return (u032)(((uint64_t)a * (uint64_t)b) >> 32);
}

#endif

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

/* What a value carried with 15 bits below its s16.15 loses there when it is multiplied by d
 * (u0.32): the part of p = x d below x's last bit, plus frac (the carried bits, in 2^-15 of
 * that bit) times d, in the same 2^-15 units; within 16 bits, so sums of a few stay 32-bit. */
static inline int32_t s1615_carried_rest(int64_t p, int32_t frac, u032 d) {
    return (int32_t)((uint32_t)p >> 17) + ((frac * (int32_t)(d >> 16)) >> 16);
}

/* x * d (d u0.32) carried with 15 bits below x's s16.15 in *frac (the rest of x in units of
 * 2^-15 of its last bit, -2^14 <= *frac < 2^14; x rounded to nearest): a quantity decaying by
 * a few s16.15 steps per timestep follows exp(-t / tau) instead of a rate its rounding sets
 * (a 0.05 nA synaptic current at h = 0.01 ms decays 3 steps per timestep; rounded, the PSP
 * was 13 % off).  32-bit arithmetic but for x d, so loops over neurons stay vectorised. */
static inline s1615 s1615_decay_carried(s1615 x, int32_t *frac, u032 d) {
    const int64_t p = (int64_t)x * (int64_t)(uint64_t)d;
    const int32_t rest = s1615_carried_rest(p, *frac, d);
    const int32_t carry = (rest + (1 << 14)) >> 15;
    *frac = rest - carry * (1 << 15);
    return (s1615)((uint32_t)(p >> 32) + (uint32_t)carry);
}

/* x * f where f has `shift` fractional bits (for coefficients far smaller than one
 * s16.15 step), rounded to nearest: in full (mul_shifted64), or as s16.15. */
static inline int64_t mul_shifted64(int32_t x, int32_t f, uint32_t shift) {
    return ((int64_t)x * (int64_t)f + (INT64_C(1) << (shift - 1u))) >> shift;
}
static inline s1615 s1615_mul_shifted(s1615 x, int32_t f, uint32_t shift) { return (s1615)mul_shifted64(x, f, shift); }

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

/* 2^x for s16.15 x, integer only, as u16.32 (saturating at 2^16 - 2^-32, 0 below
 * 2^-32): the whole part shifts, each set fraction bit 2^-k multiplies by 2^(+-2^-k)
 * (tables rounded to 30 / 32 bits), as sPyNNaker's stochastic neurons compute it. */
static inline uint64_t pow2_u1632(s1615 x) {
    static const uint32_t up[15] = {1518500250u, 1276901417u, 1170923762u, 1121280436u, 1097253708u,
                                    1085434106u, 1079572136u, 1076653033u, 1075196443u, 1074468888u,
                                    1074105294u, 1073923544u, 1073832680u, 1073787251u, 1073764537u};
    static const uint32_t down[15] = {3037000500u, 3611622603u, 3938502376u, 4112874773u, 4202935003u,
                                      4248701965u, 4271771996u, 4283353945u, 4289156690u, 4292061010u,
                                      4293513907u, 4294240540u, 4294603903u, 4294785595u, 4294876445u};
    uint64_t acc = (uint64_t)1 << 32;
    if (x >= 0) {
        uint32_t whole = (uint32_t)x >> 15, frac = (uint32_t)x & 0x7FFFu;
        if (whole >= 16) return ((uint64_t)1 << 48) - 1;
        for (uint32_t k = 0; k < 15; k++)
            if ((frac >> (14 - k)) & 1u) acc = (acc * up[k]) >> 30; /* < 2^33 x 2^31 */
        acc <<= whole;
        return acc >= ((uint64_t)1 << 48) ? ((uint64_t)1 << 48) - 1 : acc;
    }
    uint32_t mag = (uint32_t)(-(int64_t)x), whole = mag >> 15, frac = mag & 0x7FFFu;
    if (whole >= 33) return 0;
    for (uint32_t k = 0; k < 15; k++)
        if ((frac >> (14 - k)) & 1u) acc = (acc * down[k]) >> 32;
    return acc >> whole;
}

/* s11.20 (20 fractional bits: the quantities that AdEx and HH move by less than an s16.15
 * step per sub-step) to s16.15, rounded to nearest, and back. */
#define S1120_BITS 20u
static inline s1615 s1120_to_s1615(int32_t x) {
    return (s1615)(((int64_t)x + (1 << (S1120_BITS - 16u))) >> (S1120_BITS - 15u));
}
static inline int32_t s1615_to_s1120(s1615 x) { return x * (1 << (S1120_BITS - 15u)); }

/* u0.32 * u0.32, truncating. */
static inline u032 u032_mul(u032 a, u032 b) {
    return (u032)(((uint64_t)a * (uint64_t)b) >> 32);
}

#endif

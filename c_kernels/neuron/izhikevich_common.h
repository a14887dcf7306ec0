/* What every Izhikevich variant shares: one forward-Euler sub-step of
 *   dv/dt = 0.04 v^2 + 5 v + 140 - u + i,   du/dt = a (b v - u)
 * from the values at the start of the sub-step (NEST's izhikevich scheme), then `jump`
 * added to v (inputs of delta synapses, 0 otherwise), then the reset: v >= 30 mV gives
 * v = c, u += d and a spike.  The parameter struct p is any of the variants' (they all
 * start with the IZHIKEVICH_FIELDS of layout.py). */
#ifndef IZHIKEVICH_COMMON_H
#define IZHIKEVICH_COMMON_H
#include "fixed_point.h"

#define IZK_THRESHOLD (30 * S1615_ONE)
#define IZK_004_U032 (171798692u) /* 0.04 in u0.32 */

#define IZK_SUBSTEP(p, v_ptr, u_ptr, i, jump) \
    izk_substep((v_ptr), (u_ptr), (i), (jump), (p)->h_sub, (p)->h_a, (p)->b, (p)->coef_shift, (p)->c, (p)->d)

static inline int izk_substep(s1615 *v_ptr, s1615 *u_ptr, s1615 i, s1615 jump, int32_t h_sub, int32_t h_a,
                              int32_t b, uint32_t k_c, s1615 c, s1615 d) {
    s1615 v = *v_ptr, u = *u_ptr;
    s1615 dv = s1615_add(s1615_decay(s1615_mul(v, v), IZK_004_U032), (s1615)((int64_t)v * 5));
    dv = s1615_add(dv, s1615_sub(s1615_add(140 * S1615_ONE, i), u));
    s1615 du_step = s1615_mul_shifted(s1615_sub(s1615_mul_shifted(v, b, k_c), u), h_a, k_c);
    v = s1615_add(s1615_add(v, s1615_mul_shifted(dv, h_sub, k_c)), jump);
    u = s1615_add(u, du_step);
    int spiked = v >= IZK_THRESHOLD;
    if (spiked) {
        v = c;
        u = s1615_add(u, d);
    }
    *v_ptr = v;
    *u_ptr = u;
    return spiked;
}
#endif

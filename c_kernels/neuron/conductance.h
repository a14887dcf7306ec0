/* The current of two conductances, for every conductance-based model. */
#ifndef CONDUCTANCE_H
#define CONDUCTANCE_H
#include "fixed_point.h"
#include "lif_common.h"

#define ONE_THOUSANDTH_U032 (4294967u) /* 0.001 in u0.32 (4294967.296) */

/* g_exc (e_exc - v) + g_inh (e_inh - v) [nS x mV = pA] in nA (x 1/1000, rounded to nearest),
 * without narrowing the products to s16.15 on the way: a few uS times tens of mV pass
 * s16.15's 65536 pA.  Wherever they do not, this is exactly
 * s1615_decay(s1615_mul(g_exc, e_exc - v) + s1615_mul(g_inh, e_inh - v), 1/1000). */
static inline s1615 conductance_current_na(s1615 g_exc, s1615 g_inh, s1615 e_exc, s1615 e_inh, s1615 v) {
    int64_t pa = (((int64_t)g_exc * s1615_sub(e_exc, v) + (1 << 14)) >> 15) +
                 (((int64_t)g_inh * s1615_sub(e_inh, v) + (1 << 14)) >> 15);
    return (s1615)((pa * (int64_t)ONE_THOUSANDTH_U032 + (INT64_C(1) << 31)) >> 32);
}
/* V after one sub-step: the leak integrated exactly, the current i_bias [nA] and that of the
 * conductances g_exc, g_inh [nS] held over it (lif_cond_exp.h). */
static inline s1615 conductance_substep_v(s1615 v, int32_t *v_frac, s1615 v_rest, u032 p22, s1615 p20,
                                          int32_t p20_fine, s1615 i_bias, s1615 g_exc, s1615 g_inh, s1615 e_exc,
                                          s1615 e_inh) {
    s1615 i_na = s1615_add(i_bias, conductance_current_na(g_exc, g_inh, e_exc, e_inh, v));
    return lif_membrane(v, v_frac, v_rest, p22, p20, p20_fine, i_na, 0, 0);
}

/* Shorthand for a model whose params have the LIF_MEMBRANE and reversal-potential fields. */
#define CONDUCTANCE_SUBSTEP_V(p, s, i_ext, g_exc, g_inh)                                                           \
    conductance_substep_v((s)->v, &(s)->v_frac, (p)->v_rest, (p)->p22, (p)->p20, (p)->p20_fine,                     \
                          s1615_add((p)->i_offset, (i_ext)), (g_exc), (g_inh), (p)->e_rev_exc, (p)->e_rev_inh)
#endif

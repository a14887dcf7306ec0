/* Izhikevich (2003) neuron, integrated as NEST's izhikevich does it (forward
 * Euler from the values at the start of the step), in n_substeps sub-steps:
 *   v += h (0.04 v^2 + 5 v + 140 - u + I) (+ this step's input jumps, in the last sub-step)
 *   u += h a (b v - u)
 *   v >= 30 mV: v = c, u += d, spike
 * I = 1000 (i_offset + injected current) [nA -> pA], PyNN's NEST/Brian2 scaling.
 * As for delta synapses, the host stores delays one step shorter, so an input
 * moves V in the step that ends at its arrival (see lif_curr_delta.h). */
#ifndef IZHIKEVICH_H
#define IZHIKEVICH_H
#include "fixed_point.h"
#include "spynn_layout.h"

typedef izhikevich_params_t neuron_params_t;
typedef izhikevich_state_t neuron_state_t;

#define IZK_THRESHOLD (30 * S1615_ONE)
#define IZK_004_U032 (171798692u) /* 0.04 in u0.32 */

static inline void neuron_add_input(neuron_state_t *s, s1615 exc, s1615 inh) {
    s->jump = s1615_sub(exc, inh);
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    int spiked = 0;
    /* 1000 * I: I [nA] times 1000 fits s16.15 for |I| < 65 nA */
    s1615 i_eq = (s1615)((int64_t)s1615_add(p->i_offset, i_ext) * 1000);
    for (uint32_t k = 0; k < p->n_substeps; k++) {
        s1615 v = s->v, u = s->u;
        s1615 dv = s1615_add(s1615_decay(s1615_mul(v, v), IZK_004_U032), (s1615)((int64_t)v * 5));
        dv = s1615_add(dv, s1615_sub(s1615_add(140 * S1615_ONE, i_eq), u));
        const uint32_t k_c = p->coef_shift;
        s1615 du_step = s1615_mul_shifted(s1615_sub(s1615_mul_shifted(v, p->b, k_c), u), p->h_a, k_c);
        s->v = s1615_add(v, s1615_mul_shifted(dv, p->h_sub, k_c));
        if (k + 1 == p->n_substeps) s->v = s1615_add(s->v, s->jump); /* inputs arrive at the step's end */
        s->u = s1615_add(u, du_step);
        if (s->v >= IZK_THRESHOLD) {
            s->v = p->c;
            s->u = s1615_add(s->u, p->d);
            spiked = 1;
        }
    }
    s->jump = 0;
    return spiked;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s->u; }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->jump; }
#endif

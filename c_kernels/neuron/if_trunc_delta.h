/* sPyNNaker's IFTruncDelta: a non-leaky integrate-and-fire neuron with delta synapses
 * whose V never goes below v_reset.  Each step outside refractoriness
 *   V' = max(v_reset, V + r_step (i_offset + i_ext) + delta_scale (exc - inh))
 * with r_step = tau_m / cm and delta_scale = r_step / h (a delta input of weight w [nA]
 * is a current w / h over one step, as sPyNNaker's delta input type makes it); then
 * threshold and reset.  Inputs arriving while refractory are lost. */
#ifndef IF_TRUNC_DELTA_H
#define IF_TRUNC_DELTA_H
#include "fixed_point.h"
#include "spynn_layout.h"

typedef if_trunc_delta_params_t neuron_params_t;
typedef if_trunc_delta_state_t neuron_state_t;
#include "delta_inputs.h"

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    if (s->refract_timer > 0) {
        s->refract_timer--;
        return 0;
    }
    s1615 bias = s1615_mul(s1615_add(p->i_offset, i_ext), p->r_step);
    s1615 v = s1615_add(s1615_add(s->v, bias), s1615_mul(s1615_sub(s->jump_exc, s->jump_inh), p->delta_scale));
    if (v < p->v_reset) v = p->v_reset;
    s->v = v;
    if (v >= p->v_thresh) {
        s->v = p->v_reset;
        s->refract_timer = p->t_refract;
        return 1;
    }
    return 0;
}

#endif

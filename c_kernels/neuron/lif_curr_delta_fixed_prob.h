/* IF_curr_delta whose threshold fires with a fixed probability (sPyNNaker's
 * IFCurrDeltaFixedProb): the membrane and the delta inputs are lif_curr_delta.h's; each
 * step that ends with V >= v_thresh the neuron spikes with probability p_thresh, drawn from
 * its own generator (so results do not depend on the partitioning); otherwise V carries on. */
#ifndef LIF_CURR_DELTA_FIXED_PROB_H
#define LIF_CURR_DELTA_FIXED_PROB_H
#include "fixed_point.h"
#include "rng.h"
#include "spynn_layout.h"

typedef lif_curr_delta_fixed_prob_params_t neuron_params_t;
typedef lif_curr_delta_fixed_prob_state_t neuron_state_t;
#include "delta_inputs.h"

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    if (s->refract_timer > 0) {
        s->refract_timer--;
        return 0;
    }
    s1615 v = s1615_add(p->v_rest, s1615_decay(s1615_sub(s->v, p->v_rest), p->p22));
    v = s1615_add(s1615_add(v, s1615_mul(s1615_add(p->i_offset, i_ext), p->p20)), s1615_sub(s->jump_exc, s->jump_inh));
    s->v = v;
    if (v >= p->v_thresh && (p->p_thresh == 0xFFFFFFFFu || rng_next((rng_state_t *)s->rng) < p->p_thresh)) {
        s->v = p->v_reset;
        s->refract_timer = p->t_refract;
        return 1;
    }
    return 0;
}

#endif

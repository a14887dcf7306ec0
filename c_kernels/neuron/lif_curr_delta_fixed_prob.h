/* IF_curr_delta whose threshold fires with a fixed probability (sPyNNaker's
 * IFCurrDeltaFixedProb): the membrane and the delta inputs are lif_curr_delta.h's; each
 * step that ends with V >= v_thresh the neuron spikes with probability p_thresh, drawn from
 * its own generator (so results do not depend on the partitioning); otherwise V carries on. */
#ifndef LIF_CURR_DELTA_FIXED_PROB_H
#define LIF_CURR_DELTA_FIXED_PROB_H
#include "fixed_point.h"
#include "lif_common.h"
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
    s1615 v = lif_membrane(s->v, &s->v_frac, p->v_rest, p->p22, p->p20, p->p20_fine, s1615_add(p->i_offset, i_ext),
                           s1615_sub(s->jump_exc, s->jump_inh), 0);
    s->v = v;
    if (v >= p->v_thresh && (p->p_thresh == 0xFFFFFFFFu || rng_next((rng_state_t *)s->rng) < p->p_thresh)) {
        s->v = p->v_reset;
        s->v_frac = 0;
        s->refract_timer = p->t_refract;
        return 1;
    }
    return 0;
}

#endif

/* sPyNNaker's IF_curr_exp_sEMD (spiking elementary motion detector): three exponential
 * current synapses as lif_curr_dual_exp.h (receptors 0 'excitatory', 1 'inhibitory',
 * 2 'excitatory2'), but the excitatory current reaching the membrane is
 *   isyn_exc2 x multiplicator x scaling_factor,
 * where the multiplicator takes the value of isyn_exc when isyn_exc2 first reaches
 * 0.001 nA (from a step where it was 0) and returns to 0 once isyn_exc2 falls below it:
 * the 'trigger' input (excitatory2) fires the neuron in proportion to how recently the
 * 'facilitation' input (excitatory) arrived.  The gated current is integrated with the
 * exc2 propagator, the multiplicator held over the step. */
#ifndef LIF_CURR_SEMD_H
#define LIF_CURR_SEMD_H
#include "fixed_point.h"
#include "lif_common.h"
#include "spynn_layout.h"

typedef lif_curr_semd_params_t neuron_params_t;
typedef lif_curr_semd_state_t neuron_state_t;

#define NEURON_N_SYNAPSE_TYPES 3

/* 0.001 nA, as sPyNNaker's 0.001k (truncated to s16.15) */
#define SEMD_ON 32

static inline void neuron_add_inputs(neuron_state_t *s, const s1615 *input) {
    s->isyn_exc = s1615_add(s->isyn_exc, input[0]);
    s->isyn_inh = s1615_add(s->isyn_inh, input[1]);
    s->isyn_exc2 = s1615_add(s->isyn_exc2, input[2]);
}

/* The excitatory current this step [nA]: latch or release the multiplicator, then gate. */
static inline s1615 semd_current(const neuron_params_t *p, neuron_state_t *s) {
    if (s->isyn_exc2 >= SEMD_ON && s->multiplicator == 0 && s->exc2_old == 0)
        s->multiplicator = s->isyn_exc;
    else if (s->isyn_exc2 < SEMD_ON)
        s->multiplicator = 0;
    s->exc2_old = s->isyn_exc2;
    return s1615_mul(s1615_mul(s->isyn_exc2, s->multiplicator), p->scaling_factor);
}

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    s1615 syn = s1615_sub(s1615_mul(semd_current(p, s), p->p21_exc2), s1615_mul(s->isyn_inh, p->p21_inh));
    int spiked = LIF_STEP(p, s, s1615_add(p->i_offset, i_ext), syn);
    s->isyn_exc = s1615_decay_carried(s->isyn_exc, &s->exc_frac, p->exc_decay);
    s->isyn_exc2 = s1615_decay_carried(s->isyn_exc2, &s->exc2_frac, p->exc2_decay);
    s->isyn_inh = s1615_decay_carried(s->isyn_inh, &s->inh_frac, p->inh_decay);
    return spiked;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
/* gsyn_exc: the gated current of the last step (the first input shows only through it) */
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s1615_mul(s->isyn_exc2, s->multiplicator); }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->isyn_inh; }
#endif

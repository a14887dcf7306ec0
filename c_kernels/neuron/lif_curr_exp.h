/* Leaky integrate-and-fire neuron with exponentially decaying current synapses,
 * integrated exactly over each timestep h (NEST iaf_psc_exp propagators):
 *
 *   V(t+h) = v_rest + p22 (V - v_rest) + p20 i_offset + p21_exc I_exc - p21_inh I_inh
 *   I_x(t+h) = I_x(t) exp(-h/tau_syn_x) + (input arriving at t+h)
 *
 * While refractory V stays at v_reset and the currents still decay.  All
 * propagators are computed on the host (spynn/models/neurons.py). */
#ifndef LIF_CURR_EXP_H
#define LIF_CURR_EXP_H
#include "fixed_point.h"
#include "lif_common.h"
#include "spynn_layout.h"

typedef lif_curr_exp_params_t neuron_params_t;
typedef lif_curr_exp_state_t neuron_state_t;

/* Add this tick's synaptic input [nA] (from the ring buffers). */
static inline void neuron_add_input(neuron_state_t *s, s1615 exc, s1615 inh) {
    s->isyn_exc = s1615_add(s->isyn_exc, exc);
    s->isyn_inh = s1615_add(s->isyn_inh, inh);
}

/* i_ext: current injected by current sources this step [nA]. */
static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_ext) {
    s1615 syn = s1615_sub(s1615_mul(s->isyn_exc, p->p21_exc), s1615_mul(s->isyn_inh, p->p21_inh));
    int spiked = LIF_STEP(p, s, s1615_add(p->i_offset, i_ext), syn);
    s->isyn_exc = s1615_decay(s->isyn_exc, p->exc_decay);
    s->isyn_inh = s1615_decay(s->isyn_inh, p->inh_decay);
    return spiked;
}

/* Recordables: v, then the synaptic inputs (gsyn_exc / gsyn_inh). */
static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s->isyn_exc; }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->isyn_inh; }
#endif

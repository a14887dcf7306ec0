/* The delta-synapse input and the recorded values every delta model shares: included by a
 * model header after its neuron_state_t, whose fields v, jump_exc, jump_inh, arrived_exc,
 * arrived_inh come from layout.DELTA_STATE.  jump_*: this step's summed inputs (they act
 * in the step that ends at their arrival time); arrived_*: the last step's, recorded as
 * gsyn (they moved V at this sample's time). */
#ifndef DELTA_INPUTS_H
#define DELTA_INPUTS_H

static inline void neuron_add_input(neuron_state_t *s, s1615 exc, s1615 inh) {
    s->arrived_exc = s->jump_exc;
    s->arrived_inh = s->jump_inh;
    s->jump_exc = exc;
    s->jump_inh = inh;
}

static inline int32_t neuron_get_v(const neuron_state_t *s) { return s->v; }
static inline int32_t neuron_get_exc(const neuron_state_t *s) { return s->arrived_exc; }
static inline int32_t neuron_get_inh(const neuron_state_t *s) { return s->arrived_inh; }
#endif

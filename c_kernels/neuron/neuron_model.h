/* Selects the neuron model compiled into this neuron core. */
#ifndef NEURON_MODEL_H
#define NEURON_MODEL_H
#ifndef NEURON_MODEL_HEADER
#define NEURON_MODEL_HEADER "lif_curr_exp.h"
#endif
#include NEURON_MODEL_HEADER
#ifndef NEURON_N_SYNAPSE_TYPES
#define NEURON_N_SYNAPSE_TYPES 2 /* excitatory, inhibitory */
#endif
#endif

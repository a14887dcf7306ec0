/* Selects the neuron model compiled into this neuron core. */
#ifndef NEURON_MODEL_H
#define NEURON_MODEL_H
#include <stddef.h>
/* A model may also define NEURON_UPDATE_ALL and neuron_update_all_body(): one pass over
 * every neuron of the core, with its parameters transposed into columns (field f of neuron
 * i at cols[f * n + i], built by neuron_core.c), which compilers vectorise.  It must give
 * exactly the results of neuron_add_input + neuron_update neuron by neuron. */
#define NEURON_PARAM_COLUMN(type, cols, n, field) \
    ((const type *)(cols) + (offsetof(neuron_params_t, field) / 4u) * (n))
/* The same for a model whose state region is in columns (NEURON_STATE_IN_COLUMNS). */
#define NEURON_STATE_COLUMN(type, cols, n, field) ((type *)(cols) + (offsetof(neuron_state_t, field) / 4u) * (n))
#ifndef NEURON_MODEL_HEADER
#define NEURON_MODEL_HEADER "lif_curr_exp.h"
#endif
#include NEURON_MODEL_HEADER
#ifndef NEURON_STATE_IN_COLUMNS
#define NEURON_STATE_IN_COLUMNS 0 /* 1: the state region is in columns, as the params may be */
#endif
#ifndef NEURON_N_SYNAPSE_TYPES
#define NEURON_N_SYNAPSE_TYPES 2 /* excitatory, inhibitory */
#endif
#endif

/* The neuron core with the lif_curr_delta_fixed_prob model (one such file per model; ARM images are built per line of builds.txt). */
#define NEURON_MODEL_HEADER "lif_curr_delta_fixed_prob.h"
#define NEURON_KERNEL neuron_kernel_lif_curr_delta_fixed_prob
#include "../neuron_core.c"

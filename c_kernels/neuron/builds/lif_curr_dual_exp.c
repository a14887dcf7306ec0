/* The neuron core with the lif_curr_dual_exp model (one such file per model; ARM images are built per line of builds.txt). */
#define NEURON_MODEL_HEADER "lif_curr_dual_exp.h"
#define NEURON_KERNEL neuron_kernel_lif_curr_dual_exp
#include "../neuron_core.c"

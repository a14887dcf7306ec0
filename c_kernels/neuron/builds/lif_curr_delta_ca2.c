/* The neuron core with the lif_curr_delta_ca2 model (one such file per model; ARM images are built per line of builds.txt). */
#define NEURON_MODEL_HEADER "lif_curr_delta_ca2.h"
#define NEURON_KERNEL neuron_kernel_lif_curr_delta_ca2
#include "../neuron_core.c"

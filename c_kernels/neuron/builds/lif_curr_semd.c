/* The neuron core with the lif_curr_semd model (one such file per model; ARM images are built per line of builds.txt). */
#define NEURON_MODEL_HEADER "lif_curr_semd.h"
#define NEURON_KERNEL neuron_kernel_lif_curr_semd
#include "../neuron_core.c"

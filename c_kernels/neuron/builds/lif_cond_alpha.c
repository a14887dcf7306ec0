/* The neuron core with the lif_cond_alpha model (one such file per model; ARM images are built per line of builds.txt). */
#define NEURON_MODEL_HEADER "lif_cond_alpha.h"
#define NEURON_KERNEL neuron_kernel_lif_cond_alpha
#include "../neuron_core.c"

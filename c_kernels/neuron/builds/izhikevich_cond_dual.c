/* The neuron core with the izhikevich_cond_dual model (one such file per model; ARM images are built per line of builds.txt). */
#define NEURON_MODEL_HEADER "izhikevich_cond_dual.h"
#define NEURON_KERNEL neuron_kernel_izhikevich_cond_dual
#include "../neuron_core.c"

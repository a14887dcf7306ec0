/* The neuron core with the izhikevich_curr_exp model (one such file per model; ARM images are built per line of builds.txt). */
#define NEURON_MODEL_HEADER "izhikevich_curr_exp.h"
#define NEURON_KERNEL neuron_kernel_izhikevich_curr_exp
#include "../neuron_core.c"

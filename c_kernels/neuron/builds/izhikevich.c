/* The neuron core with the izhikevich model (one such file per model; ARM images are built per line of builds.txt). */
#define NEURON_MODEL_HEADER "izhikevich.h"
#define NEURON_KERNEL neuron_kernel_izhikevich
#include "../neuron_core.c"

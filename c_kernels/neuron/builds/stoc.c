/* The neuron core with the stoc model (one such file per model; ARM images are built per line of builds.txt). */
#define NEURON_MODEL_HEADER "stoc.h"
#define NEURON_KERNEL neuron_kernel_stoc
#include "../neuron_core.c"

/* The neuron core with the if_trunc_delta model (one such file per model; ARM images are built per line of builds.txt). */
#define NEURON_MODEL_HEADER "if_trunc_delta.h"
#define NEURON_KERNEL neuron_kernel_if_trunc_delta
#include "../neuron_core.c"

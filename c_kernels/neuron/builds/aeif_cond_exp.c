/* The neuron core with the aeif_cond model, exp conductances (one such file per model; ARM images are built per line of builds.txt). */
#define AEIF_ALPHA 0
#define NEURON_MODEL_HEADER "aeif_cond.h"
#define NEURON_KERNEL neuron_kernel_aeif_cond_exp
#include "../neuron_core.c"

/* The neuron core with the hh_cond_exp model (one such file per model; ARM images are built per line of builds.txt). */
#define NEURON_MODEL_HEADER "hh_cond_exp.h"
#define NEURON_KERNEL neuron_kernel_hh_cond_exp
#include "../neuron_core.c"

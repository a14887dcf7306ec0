# spynn developer targets.  `make help` lists them.
PYTHON ?= python
CC ?= gcc
CFLAGS_HOST = -O2 -fvect-cost-model=cheap -std=c11 -Wall -Wextra -Werror -fwrapv -funsigned-char
SYNAPSE_C = $(wildcard c_kernels/synapse/*.c)  # synapses.c, stdp.c and their helpers
INCLUDES = -Ic_kernels/include -Ic_kernels/common -Ic_kernels/synapse -Ic_kernels/neuron -Ic_kernels/tests

.PHONY: help layout build test-c test test-unit example bench docs lint

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

layout:  ## regenerate c_kernels/include/spynn_layout.h from spynn/synapses/layout.py
	$(PYTHON) -m spynn.synapses.layout > c_kernels/include/spynn_layout.h

build:  ## build the host kernel library into the checkout
	$(PYTHON) -m pip install -e ".[test]"

test-c:  ## build and run the C kernel unit tests on the host
	mkdir -p c_kernels/build
	$(CC) $(CFLAGS_HOST) $(INCLUDES) c_kernels/tests/test_kernels.c c_kernels/tests/platform_stub.c \
		c_kernels/synapse/synapses.c c_kernels/synapse/structural.c c_kernels/synapse/stdp.c -lm -o c_kernels/build/test_kernels
	./c_kernels/build/test_kernels

test: test-c  ## C tests, then every Python test (unit, integration, NEST comparisons, PyNN scenarios)
	$(PYTHON) -m pytest

test-unit:  ## the fast Python tests only
	$(PYTHON) -m pytest tests

example:  ## run the README example (a synfire chain on the emulator)
	$(PYTHON) examples/synfire.py

bench:  ## benchmarks: spynn and NEST (and Brian2 if installed) side by side, one table
	$(PYTHON) bench/run.py

docs:  ## regenerate docs/unsupported.rst from spynn.errors.UNSUPPORTED
	mkdir -p docs && $(PYTHON) -c "import spynn, spynn.errors as e; print(e.unsupported_rst(), end=\"\")" > docs/unsupported.rst

lint:  ## ruff over the Python
	$(PYTHON) -m ruff check spynn tests integration_tests bench examples

# ------------------------------------------------------------------ ARM (SpiNNaker ARM968)
ARM_CC = arm-none-eabi-gcc
ARM_SIZE = arm-none-eabi-size
ARM_DIR = c_kernels/build/arm
ARM_FLAGS = -mcpu=arm968e-s -marm -std=c11 -Wall -Wextra -Werror -fwrapv -funsigned-char
ARM_IMAGE_CFLAGS = $(ARM_FLAGS) -O2 -ffreestanding -fno-tree-loop-distribute-patterns \
	-ffunction-sections -fdata-sections
ARM_IMAGE_LDFLAGS = -nostdlib -T c_kernels/platform/spinnaker/spinnaker.ld -Wl,--gc-sections
ARM_PLATFORM = c_kernels/platform/spinnaker
ARM_RUNTIME = $(ARM_PLATFORM)/start.S $(ARM_PLATFORM)/runtime.c
KERNEL_HEADERS = $(wildcard c_kernels/include/*.h c_kernels/common/*.h c_kernels/neuron/*.h c_kernels/synapse/*.h)
KERNEL_C = c_kernels/neuron/neuron_core.c c_kernels/synapse/synapses.c c_kernels/synapse/structural.c c_kernels/synapse/stdp.c
ARM_IMAGES := $(shell awk '!/^\#/ && NF {print $$1}' c_kernels/builds.txt)
ARM_ELFS = $(ARM_IMAGES:%=$(ARM_DIR)/%.elf)
builds_field = $(shell awk '$$1 == "$(1)" {print $$$(2)}' c_kernels/builds.txt)
synapse_sources = $(if $(filter static,$(1)),c_kernels/synapse/synapses.c c_kernels/synapse/structural.c $(ARM_PLATFORM)/stdp_none.c,$(if \
	$(filter stdp,$(1)),c_kernels/synapse/synapses.c c_kernels/synapse/structural.c c_kernels/synapse/stdp.c))

# one image: its kernel source, the runtime and its synapse variant (builds.txt)
define arm_image
$(ARM_DIR)/$(1).elf: $(call builds_field,$(1),2) $(ARM_RUNTIME) $(ARM_PLATFORM)/stdp_none.c \
		$(ARM_PLATFORM)/spinnaker.ld $(ARM_PLATFORM)/spinnaker_hw.h $(KERNEL_HEADERS) $(KERNEL_C) c_kernels/builds.txt Makefile
	@mkdir -p $(ARM_DIR)
	@echo "  ARM  $$@"
	@$(ARM_CC) $(ARM_IMAGE_CFLAGS) $(INCLUDES) -I$(ARM_PLATFORM) -DSPYNN_KERNEL=$(call builds_field,$(1),3) \
		$(if $(filter stdp,$(call builds_field,$(1),4)),-DSPYNN_NO_DELAY_POOL) \
		$(ARM_RUNTIME) $(call builds_field,$(1),2) $(call synapse_sources,$(call builds_field,$(1),4)) \
		$(ARM_IMAGE_LDFLAGS) -lgcc -o $$@
endef
$(foreach image,$(ARM_IMAGES),$(eval $(call arm_image,$(image))))

.PHONY: kernels-arm test-arm budget
kernels-arm: $(ARM_ELFS)  ## build every ARM image of c_kernels/builds.txt (fails if one overflows ITCM/DTCM) and print their sizes
	@c_kernels/arm/sizes.sh $(ARM_SIZE) $(ARM_ELFS) | tee $(ARM_DIR)/sizes.txt

# the C unit tests and the replay harness, for the host and for the ARM968 (run under qemu-arm)
QEMU_ARM = qemu-arm -cpu arm946
ARM_TEST_FLAGS = $(ARM_FLAGS) -O2 --specs=rdimon.specs
REPLAY_DIR = c_kernels/build/replay
REPLAY_SOURCES = c_kernels/tests/replay.c c_kernels/tests/platform_stub.c c_kernels/synapse/synapses.c c_kernels/synapse/structural.c \
	c_kernels/synapse/stdp.c $(wildcard c_kernels/neuron/builds/*.c) c_kernels/source/spike_source_array.c \
	c_kernels/source/spike_source_poisson.c
TEST_KERNELS_SOURCES = c_kernels/tests/test_kernels.c c_kernels/tests/platform_stub.c \
	c_kernels/synapse/synapses.c c_kernels/synapse/structural.c c_kernels/synapse/stdp.c
TEST_DEPS = $(KERNEL_HEADERS) $(KERNEL_C) $(wildcard c_kernels/tests/*.[ch]) Makefile

$(ARM_DIR)/test_kernels.elf: $(TEST_KERNELS_SOURCES) $(TEST_DEPS)
	@mkdir -p $(ARM_DIR)
	@echo "  ARM  $@"
	@$(ARM_CC) $(ARM_TEST_FLAGS) $(INCLUDES) $(TEST_KERNELS_SOURCES) -lm -o $@
$(ARM_DIR)/replay.elf: $(REPLAY_SOURCES) $(TEST_DEPS)
	@mkdir -p $(ARM_DIR)
	@echo "  ARM  $@"
	@$(ARM_CC) $(ARM_TEST_FLAGS) $(INCLUDES) $(REPLAY_SOURCES) -o $@
$(REPLAY_DIR)/replay: $(REPLAY_SOURCES) $(TEST_DEPS)
	@mkdir -p $(REPLAY_DIR)
	@echo "  CC   $@"
	@$(CC) $(CFLAGS_HOST) $(INCLUDES) $(REPLAY_SOURCES) -o $@

BUDGET = $(PYTHON) -c "import sys; from spynn.mapping import budget; sys.exit(budget.main(sys.argv))"

test-arm: kernels-arm $(ARM_DIR)/test_kernels.elf $(ARM_DIR)/replay.elf $(REPLAY_DIR)/replay  ## C tests under qemu-arm; recorded networks replayed on host and ARM, byte-identical; the budget report
	$(QEMU_ARM) $(ARM_DIR)/test_kernels.elf
	@rm -f $(REPLAY_DIR)/*.rply
	$(PYTHON) c_kernels/tests/replay_networks.py $(REPLAY_DIR)
	@c_kernels/tests/run_replays.sh $(REPLAY_DIR)/replay "$(QEMU_ARM) $(ARM_DIR)/replay.elf" $(REPLAY_DIR)
	@$(QEMU_ARM) $(ARM_DIR)/replay.elf --dtcm > $(ARM_DIR)/dtcm.txt
	@$(BUDGET) $(ARM_DIR) c_kernels/builds.txt

budget: kernels-arm test-arm  ## rewrite spynn/mapping/budget.py's table from the ARM build (commit it with kernel changes)
	@$(BUDGET) --write $(ARM_DIR) c_kernels/builds.txt > /dev/null
	@echo "spynn/mapping/budget.py rewritten from the ARM build"

# spynn developer targets.  `make help` lists them.
PYTHON ?= python
CC ?= gcc
CFLAGS_HOST = -O2 -std=c11 -Wall -Wextra -Werror -fwrapv -funsigned-char
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
		c_kernels/synapse/synapses.c c_kernels/synapse/stdp.c -lm -o c_kernels/build/test_kernels
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

"""sPyNNaker's ``spynnaker.pyNN.extra_algorithms`` namespace, for scripts that import from it."""

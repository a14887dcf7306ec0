"""sPyNNaker's utilities namespace (``spynnaker.pyNN.utilities``, ``spynnaker8.utilities``)."""

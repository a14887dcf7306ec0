"""sPyNNaker's partitioner splitters, which scripts import from
``spynnaker.pyNN.extra_algorithms.splitter_components`` and pass to a Population as
``additional_parameters={"splitter": ...}``.  They choose how sPyNNaker's own mapping cuts a
population into cores (neuron cores with separate synapse cores, fixed slices, Poisson
sources delegated to the neuron cores).  spynn's partitioner keeps a slice's neurons and
synapses on one core and sizes the slices itself, so a splitter is accepted, keeps what it
was given (for scripts that read it back) and changes nothing."""

from __future__ import annotations


class _Splitter:
    """A splitter's arguments, as given."""

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs

    def __repr__(self) -> str:
        given = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{type(self).__name__}({', '.join(given)})"


class SplitterAbstractPopulationVertexFixed(_Splitter):
    """Neurons and their synapses on one core per slice (what spynn always does)."""


class SplitterAbstractPopulationVertexNeuronsSynapses(_Splitter):
    """sPyNNaker: n_synapse_vertices synapse cores per neuron core (spynn: one core)."""


class SplitterPoissonDelegate(_Splitter):
    """sPyNNaker: a Poisson source's spikes made on the cores it feeds (spynn does so for
    one-to-one Poisson inputs by itself)."""


class SplitterDelayVertexSlice(_Splitter):
    """sPyNNaker's delay-extension slices (spynn has no delay-extension cores)."""


class SplitterExternalDevice(_Splitter):
    """sPyNNaker's splitter of external-device populations."""

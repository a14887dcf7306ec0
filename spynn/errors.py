"""spynn's errors.  Every message names the object, the value and the fix."""

from __future__ import annotations


# sPyNNaker's exception names (spynnaker.pyNN.exceptions, and spinn_front_end_common's
# ConfigurationException), so that scripts importing or catching them run; spynn.exceptions
# re-exports them for the alias.  spynn's own errors below derive from the one that means
# the same.
class ConfigurationException(Exception):
    """sPyNNaker's: the network or its parameters cannot be set up as given."""


class SpynnakerException(Exception):
    """sPyNNaker's base of its PyNN front end's exceptions."""


class MemReadException(SpynnakerException):
    """sPyNNaker's: a memory region could not be read back."""


class FilterableException(SpynnakerException):
    """sPyNNaker's: whether an edge can be filtered could not be decided."""


class InvalidParameterType(SpynnakerException):
    """sPyNNaker's: a parameter of the wrong type."""


class SynapticConfigurationException(ConfigurationException):
    """sPyNNaker's: the synapses cannot be configured as given."""


class SynapticBlockGenerationException(ConfigurationException):
    """sPyNNaker's: a block of synaptic rows could not be generated."""


class SynapticBlockReadException(ConfigurationException):
    """sPyNNaker's: a block of synaptic rows could not be read."""


class SynapticMaxIncomingAtomsSupportException(ConfigurationException):
    """sPyNNaker's: more source neurons than the synaptic word can address."""


class DelayExtensionException(ConfigurationException):
    """sPyNNaker's: a delay cannot be reached."""


class SpynnakerSplitterConfigurationException(ConfigurationException):
    """sPyNNaker's: a population's splitter cannot be set up as given."""


class SpynnError(SpynnakerException):
    """Base class of spynn's own errors (a SpynnakerException, as sPyNNaker's are)."""


class MappingError(SpynnError, ConfigurationException):
    """The network does not fit the machine; raised at mapping time, never on a core."""


class ProvenanceError(SpynnError):
    """A run lost or distorted data (strict mode turns provenance warnings into this)."""


class EmulatorError(SpynnError):
    """The host emulator could not load or run the images."""


class NotSupportedError(NotImplementedError, SpynnError):
    """A PyNN feature spynn does not (yet) provide; see UNSUPPORTED."""

    def __init__(self, feature: str):
        reason = UNSUPPORTED.get(feature, "")
        super().__init__(f"spynn does not support {feature}" + (f": {reason}" if reason else ""))


#: Every feature spynn knowingly refuses, with the reason (documentation is generated from it).
UNSUPPORTED: dict[str, str] = {
    "multicompartment models": "SpiNNaker kernels are point neurons",
    "location_selector": "SpiNNaker kernels are point neurons (no compartments)",
    "Projection.set after the first run": "call sim.reset() first; weights then reload",
    "Projection.initialize after the first run": (
        "the synapses' state is given for the start; call sim.reset() first, then initialize()"
    ),
    "a new recording channel after the first run": (
        "recording regions are sized when the network is loaded; call sim.reset() before the next run()"
    ),
    "changing the network after the first run": (
        "new Populations, Projections, current sources or neurons-per-core limits need a fresh "
        "mapping; call sim.reset() before the next run()"
    ),
    "injecting a current source after the first run": (
        "current sources are loaded with the network; call sim.reset() before the next run()"
    ),
    "this cell type": "only the cell types listed by spynn.list_standard_models() run on the cores",
    "this synapse type": "only StaticSynapse is implemented so far",
    "this receptor type": "use receptor_type 'excitatory' or 'inhibitory'",
}


def unsupported_rst() -> str:
    """The unsupported-feature list as a reStructuredText table (for the docs)."""
    rows = [("feature", "why")] + sorted(UNSUPPORTED.items())
    w = max(len(r[0]) for r in rows)
    line = "=" * w + " " + "=" * max(len(r[1]) for r in rows)
    body = [f"{a.ljust(w)} {b}" for a, b in rows]
    return "\n".join([line, body[0], line, *body[1:], line]) + "\n"


if __name__ == "__main__":
    import spynn  # noqa: F401  (registers the placeholders)

    print(unsupported_rst(), end="")

"""sPyNNaker's spynnaker.pyNN.exceptions, for scripts that import it through the module alias
(spynnaker.pyNN -> spynn).  The classes live in spynn.errors and are imported from there by
its absolute name, so that a copy of this module made under the alias's name holds the very
same classes spynn raises."""

from spynn.errors import (  # noqa: F401
    ConfigurationException,
    DelayExtensionException,
    FilterableException,
    InvalidParameterType,
    MemReadException,
    SpynnakerException,
    SpynnakerSplitterConfigurationException,
    SynapticBlockGenerationException,
    SynapticBlockReadException,
    SynapticConfigurationException,
    SynapticMaxIncomingAtomsSupportException,
)

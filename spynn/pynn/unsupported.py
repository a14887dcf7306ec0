"""PyNN standard types spynn does not run (yet).  They exist, so scripts import
and `hasattr` work, but creating one raises NotSupportedError naming it; the
same names are registered in spynn.errors.UNSUPPORTED, which the docs list."""

from __future__ import annotations

from pyNN.standardmodels import cells, electrodes, receptors, synapses

from ..errors import UNSUPPORTED, NotSupportedError

REASONS = {
    # cell types
    "GIF_cond_exp": "not a SpiNNaker model",
    "IF_cond_exp_gsfa_grr": "not a SpiNNaker model",
    "IF_facets_hardware1": "not a SpiNNaker model",
    "SpikeSourceInhGamma": "not a SpiNNaker spike source",
    "PointNeuron": "composed models are not SpiNNaker kernels",
    "LIF": "a component of PyNN's composed PointNeuron models, which are not SpiNNaker kernels",
    "AdExp": "a component of PyNN's composed PointNeuron models, which are not SpiNNaker kernels",
    # post-synaptic responses of composed models (and pyNN.nest's short names for them)
    "CurrExpPostSynapticResponse": "a component of PyNN's composed PointNeuron models",
    "CondExpPostSynapticResponse": "a component of PyNN's composed PointNeuron models",
    "CondAlphaPostSynapticResponse": "a component of PyNN's composed PointNeuron models",
    "CondBetaPostSynapticResponse": "a component of PyNN's composed PointNeuron models",
    # synapse types
    "GutigWeightDependence": "not a sPyNNaker weight dependence",
    "ElectricalSynapse": "gap junctions are not SpiNNaker synapses",
    # current sources
}


def placeholder(name: str, reason: str, base: type = object) -> type:
    """A class named name that scripts can import but not create (NotSupportedError naming it),
    registered with its reason in spynn.errors.UNSUPPORTED."""
    UNSUPPORTED[name] = reason

    def __init__(self, *args, **kwargs):
        raise NotSupportedError(name)

    return type(name, (base,), {"__init__": __init__, "__doc__": f"Not supported by spynn: {reason}."})


PLACEHOLDERS: dict[str, type] = {}
for _name in REASONS:
    for _module in (cells, synapses, electrodes, receptors):
        if hasattr(_module, _name):
            PLACEHOLDERS[_name] = placeholder(_name, REASONS[_name], getattr(_module, _name))
            break
PLACEHOLDERS["ExpPSR"] = PLACEHOLDERS["CondExpPostSynapticResponse"]
PLACEHOLDERS["AlphaPSR"] = PLACEHOLDERS["CondAlphaPostSynapticResponse"]
PLACEHOLDERS["BetaPSR"] = PLACEHOLDERS["CondBetaPostSynapticResponse"]

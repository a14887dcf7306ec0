"""sPyNNaker's extra_models namespace: models beyond PyNN's standard set.

Those spynn runs are the same classes as the standard ones they alias; the
others exist so scripts import, and raise NotSupportedError naming them when
used (registered in spynn.errors.UNSUPPORTED)."""

from __future__ import annotations

from .errors import UNSUPPORTED, NotSupportedError
from .pynn.plasticity import (  # noqa: F401
    PfisterSpikeTriplet,
    RecurrentRule,
    SpikeNearestPairRule,
    Vogels2011Rule,
    WeightDependenceAdditiveTriplet,
)
from .pynn.standardmodels import (  # noqa: F401
    IF_curr_delta,
    IF_curr_dual_exp,
    IFCondExpStoc,
    IFCurrExpCa2Adaptive,
    Izhikevich_cond,
    SpikeSourcePoissonVariable,
)

#: sPyNNaker's name for the delta-synapse LIF.
IFCurDelta = IF_curr_delta

_PLANNED = {
    "Neuromodulation": "planned (issue: structural plasticity and neuromodulation)",
}


def _planned(name: str) -> type:
    feature = f"extra_models.{name}"

    def __init__(self, *args, **kwargs):
        raise NotSupportedError(feature)

    return type(name, (), {"__init__": __init__, "__doc__": f"Not yet supported by spynn: {_PLANNED[name]}."})


for _name, _why in _PLANNED.items():
    UNSUPPORTED[f"extra_models.{_name}"] = _why
    globals()[_name] = _planned(_name)

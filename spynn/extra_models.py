"""sPyNNaker's extra_models namespace: models beyond PyNN's standard set.

Those spynn runs are the same classes as the standard ones they alias; the
others exist so scripts import, and raise NotSupportedError naming them when
used (registered in spynn.errors.UNSUPPORTED)."""

from __future__ import annotations

from .pynn.plasticity import (  # noqa: F401
    Neuromodulation,
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

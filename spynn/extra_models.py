"""sPyNNaker's extra_models namespace: models beyond PyNN's standard set.

Those spynn runs are the same classes as the standard ones they alias; the
others exist so scripts import, and raise NotSupportedError naming them when
used (registered in spynn.errors.UNSUPPORTED)."""

from __future__ import annotations

from .errors import UNSUPPORTED, NotSupportedError
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


def _not_supported(name: str, reason: str) -> type:
    """A sPyNNaker extra model spynn does not run: importable, creating one raises
    NotSupportedError naming it (and listed in spynn.errors.UNSUPPORTED)."""
    UNSUPPORTED[name] = reason

    def __init__(self, *args, **kwargs):
        raise NotSupportedError(name)

    return type(name, (), {"__init__": __init__, "__doc__": f"Not supported by spynn: {reason}."})


IF_curr_exp_sEMD = _not_supported("IF_curr_exp_sEMD", "sPyNNaker's spiking elementary motion detector is not ported")
IFCondExpCerebellum = _not_supported("IFCondExpCerebellum", "sPyNNaker's iCub VOR cerebellum model is not ported")
TimingDependencePFPC = _not_supported("TimingDependencePFPC", "sPyNNaker's cerebellar PF-PC rule is not ported")
WeightDependencePFPC = _not_supported("WeightDependencePFPC", "sPyNNaker's cerebellar PF-PC rule is not ported")
TimingDependenceMFVN = _not_supported("TimingDependenceMFVN", "sPyNNaker's cerebellar MF-VN rule is not ported")
WeightDependenceMFVN = _not_supported("WeightDependenceMFVN", "sPyNNaker's cerebellar MF-VN rule is not ported")

# in some sPyNNaker versions' extra_models
for _name, _what in (
    ("Izhikevich_cond_dual", "sPyNNaker's dual-excitatory Izhikevich_cond"),
    ("IFCurrDeltaCa2Adaptive", "sPyNNaker's delta-synapse LIF with Ca2+ adaptation"),
    ("IFCurrDeltaFixedProb", "sPyNNaker's fixed-probability delta-synapse LIF"),
    ("IFTruncDelta", "sPyNNaker's truncated delta-synapse LIF"),
    ("StocExp", "sPyNNaker's stochastic exponential neuron"),
    ("StocExpStable", "sPyNNaker's stochastic exponential neuron"),
    ("StocSigma", "sPyNNaker's stochastic sigmoid neuron"),
    ("WeightChangeable", "sPyNNaker's weight-changer synapse dynamics"),
    ("WeightChanger", "sPyNNaker's weight-changer synapse dynamics"),
    ("AllButMeConnector", "sPyNNaker's AllButMeConnector"),
    ("OneToOneOffsetConnector", "sPyNNaker's OneToOneOffsetConnector"),
    ("WTAConnector", "sPyNNaker's winner-take-all connector"),
):
    globals()[_name] = _not_supported(_name, f"{_what} is not ported")

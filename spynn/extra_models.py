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
from .pynn.unsupported import placeholder
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


# sPyNNaker extra models (of some version) spynn does not run: they import, and creating one
# raises NotSupportedError naming it
for _name, _what in (
    ("IF_curr_exp_sEMD", "sPyNNaker's spiking elementary motion detector"),
    ("IFCondExpCerebellum", "sPyNNaker's iCub VOR cerebellum model"),
    ("TimingDependencePFPC", "sPyNNaker's cerebellar PF-PC rule"),
    ("WeightDependencePFPC", "sPyNNaker's cerebellar PF-PC rule"),
    ("TimingDependenceMFVN", "sPyNNaker's cerebellar MF-VN rule"),
    ("WeightDependenceMFVN", "sPyNNaker's cerebellar MF-VN rule"),
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
    globals()[_name] = placeholder(_name, f"{_what} is not ported")

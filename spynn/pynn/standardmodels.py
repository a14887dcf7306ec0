"""PyNN standard types, as spynn runs them: each cell type names its kind of
core and (for neurons) its model spec; PyNN names are the native names."""

from __future__ import annotations

import warnings

import lazyarray
import numpy as np
from pyNN import errors
from pyNN.standardmodels import build_translations, cells, synapses

from ..graph.graph import NEURON, SPIKE_SOURCE_ARRAY, SPIKE_SOURCE_POISSON
from ..models.neurons import (
    AEIF_COND_ALPHA,
    AEIF_COND_EXP,
    HH_COND_EXP,
    IF_TRUNC_DELTA,
    LIF_COND_ALPHA,
    IZHIKEVICH,
    IZHIKEVICH_COND,
    IZHIKEVICH_COND_DUAL,
    IZHIKEVICH_CURR_EXP,
    LIF_COND_EXP,
    LIF_COND_EXP_STOC,
    LIF_CURR_ALPHA,
    LIF_CURR_DELTA,
    LIF_CURR_DELTA_CA2,
    LIF_CURR_DELTA_FIXED_PROB,
    LIF_CURR_EXP,
    LIF_CURR_DUAL_EXP,
    LIF_CURR_EXP_CA2,
    LIF_CURR_SEMD,
    STOC_EXP,
    STOC_EXP_STABLE,
    STOC_SIGMA,
)


def _identity(names):
    return build_translations(*[(n, n) for n in names])


class StateAsArguments:
    """sPyNNaker's cell types also take the initial values of their state variables as
    arguments (``IF_curr_exp(tau_m=10.0, v=-70.0)``, ``Izhikevich(a=0.02, v=-75.0, u=0.0)``):
    they become this instance's default_initial_values, which a Population starts from
    (``initial_values=`` and ``Population.initialize`` still override them)."""

    #: sPyNNaker calls every synaptic state isyn_*; conductance-based cells here (as PyNN) gsyn_*
    SPYNNAKER_STATE_NAMES = {"isyn_exc": "gsyn_exc", "isyn_inh": "gsyn_inh", "isyn_exc2": "gsyn_exc2"}

    def __init__(self, **parameters):
        for theirs, ours in self.SPYNNAKER_STATE_NAMES.items():
            if (
                theirs in parameters
                and theirs not in self.default_initial_values
                and ours in self.default_initial_values
            ):
                parameters[ours] = parameters.pop(theirs)
        state = {n: parameters.pop(n) for n in list(parameters) if n in self.default_initial_values}
        super().__init__(**parameters)
        if state:
            self.default_initial_values = dict(self.default_initial_values, **state)


class IF_curr_exp(StateAsArguments, cells.IF_curr_exp):
    __doc__ = cells.IF_curr_exp.__doc__
    translations = _identity(cells.IF_curr_exp.default_parameters)
    # sPyNNaker scripts record the synaptic input of current-based cells too
    recordable = ["spikes", "v", "gsyn_exc", "gsyn_inh"]
    units = dict(cells.IF_curr_exp.units, gsyn_exc="nA", gsyn_inh="nA")
    spynn_kind = NEURON
    spynn_model = LIF_CURR_EXP
    spynn_default_per_core = 256


class IF_curr_alpha(StateAsArguments, cells.IF_curr_alpha):
    __doc__ = cells.IF_curr_alpha.__doc__
    translations = _identity(cells.IF_curr_alpha.default_parameters)
    recordable = ["spikes", "v", "gsyn_exc", "gsyn_inh"]
    units = dict(cells.IF_curr_alpha.units, gsyn_exc="nA", gsyn_inh="nA")
    spynn_kind = NEURON
    spynn_model = LIF_CURR_ALPHA
    spynn_default_per_core = 256


class IF_curr_delta(StateAsArguments, cells.IF_curr_delta):
    __doc__ = cells.IF_curr_delta.__doc__
    translations = _identity(cells.IF_curr_delta.default_parameters)
    # as on sPyNNaker, gsyn_exc / gsyn_inh record each step's summed input [mV]
    recordable = ["spikes", "v", "gsyn_exc", "gsyn_inh"]
    units = dict(cells.IF_curr_delta.units, gsyn_exc="mV", gsyn_inh="mV")
    spynn_kind = NEURON
    spynn_model = LIF_CURR_DELTA
    spynn_default_per_core = 256


class Izhikevich(StateAsArguments, cells.Izhikevich):
    """Izhikevich (2003) neuron with PyNN's standard semantics, as its NEST and Brian2
    backends run it: the equation's current is 1000 x (i_offset + injected) [nA -> pA]
    and each input makes v jump by its weight [mV].

    Given any of sPyNNaker's own arguments (tau_syn_E, tau_syn_I, isyn_exc, isyn_inh),
    it is sPyNNaker's Izhikevich instead (IzhikevichCurrExp): exponential current synapses
    and the current in nA entering the equation unscaled, so sPyNNaker scripts behave as
    they do there."""

    translations = _identity(cells.Izhikevich.default_parameters)
    spynn_kind = NEURON
    spynn_model = IZHIKEVICH
    spynn_default_per_core = 256

    def __new__(cls, **parameters):
        if cls is Izhikevich and not SPYNNAKER_IZHIKEVICH_ARGUMENTS.isdisjoint(parameters):
            cls = IzhikevichCurrExp
        return super().__new__(cls)

    def __init__(self, **parameters):
        super().__init__(**parameters)
        i_offset = self.parameter_space["i_offset"]
        if type(self) is Izhikevich and i_offset.is_homogeneous and abs(float(i_offset.base_value)) >= 0.1:
            warnings.warn(
                f"Izhikevich(i_offset={i_offset.base_value}): PyNN's standard Izhikevich takes i_offset in nA and "
                f"puts 1000 x i_offset = {1000 * float(i_offset.base_value):g} into the equation (as NEST does), which "
                f"drives the neuron to hundreds of spikes per second; sPyNNaker's Izhikevich uses it unscaled: give "
                f"tau_syn_E/tau_syn_I to get that model",
                stacklevel=2,
            )


#: Arguments only sPyNNaker's Izhikevich has: given any, Izhikevich(...) is IzhikevichCurrExp.
SPYNNAKER_IZHIKEVICH_ARGUMENTS = frozenset({"tau_syn_E", "tau_syn_I", "isyn_exc", "isyn_inh"})


class IzhikevichCurrExp(Izhikevich):
    """sPyNNaker's Izhikevich (IZK_curr_exp): exponentially decaying current synapses, and
    I = i_offset + injected + isyn_exc - isyn_inh [nA] entering dv/dt = 0.04 v^2 + 5 v + 140
    - u + I unscaled.  Izhikevich(...) given tau_syn_E, tau_syn_I, isyn_exc or isyn_inh is one."""

    default_parameters = dict(cells.Izhikevich.default_parameters, tau_syn_E=5.0, tau_syn_I=5.0)
    default_initial_values = dict(cells.Izhikevich.default_initial_values, isyn_exc=0.0, isyn_inh=0.0)
    units = dict(cells.Izhikevich.units, tau_syn_E="ms", tau_syn_I="ms", isyn_exc="nA", isyn_inh="nA")
    units.update(gsyn_exc="nA", gsyn_inh="nA")
    recordable = ["spikes", "v", "gsyn_exc", "gsyn_inh"]
    translations = _identity(default_parameters)
    spynn_model = IZHIKEVICH_CURR_EXP


class IF_cond_exp(StateAsArguments, cells.IF_cond_exp):
    __doc__ = cells.IF_cond_exp.__doc__
    translations = _identity(cells.IF_cond_exp.default_parameters)
    spynn_kind = NEURON
    spynn_model = LIF_COND_EXP
    spynn_default_per_core = 256


class IF_cond_alpha(StateAsArguments, cells.IF_cond_alpha):
    __doc__ = cells.IF_cond_alpha.__doc__
    translations = _identity(cells.IF_cond_alpha.default_parameters)
    spynn_kind = NEURON
    spynn_model = LIF_COND_ALPHA
    spynn_default_per_core = 256


class EIF_cond_exp_isfa_ista(StateAsArguments, cells.EIF_cond_exp_isfa_ista):
    __doc__ = cells.EIF_cond_exp_isfa_ista.__doc__
    translations = _identity(cells.EIF_cond_exp_isfa_ista.default_parameters)
    spynn_kind = NEURON
    spynn_model = AEIF_COND_EXP
    spynn_default_per_core = 256


class EIF_cond_alpha_isfa_ista(StateAsArguments, cells.EIF_cond_alpha_isfa_ista):
    __doc__ = cells.EIF_cond_alpha_isfa_ista.__doc__
    translations = _identity(cells.EIF_cond_alpha_isfa_ista.default_parameters)
    spynn_kind = NEURON
    spynn_model = AEIF_COND_ALPHA
    spynn_default_per_core = 256


class HH_cond_exp(StateAsArguments, cells.HH_cond_exp):
    __doc__ = cells.HH_cond_exp.__doc__
    translations = _identity(cells.HH_cond_exp.default_parameters)
    receptor_types = ("excitatory", "inhibitory")
    spynn_kind = NEURON
    spynn_model = HH_COND_EXP
    spynn_default_per_core = 64  # 200 sub-steps per ms


class SpikeSourcePoisson(cells.SpikeSourcePoisson):
    __doc__ = cells.SpikeSourcePoisson.__doc__
    translations = _identity(cells.SpikeSourcePoisson.default_parameters)
    spynn_kind = SPIKE_SOURCE_POISSON
    spynn_model = None
    spynn_default_per_core = 256

    def __init__(self, rate=None, start=None, duration=None, **parameters):
        """rate, start and duration may also be given by position, as sPyNNaker's signature allows."""
        given = {"rate": rate, "start": start, "duration": duration}
        super().__init__(**{k: v for k, v in given.items() if v is not None}, **parameters)


class IFCurrExpCa2Adaptive(StateAsArguments, cells.IF_curr_exp):
    """sPyNNaker's IF_curr_exp with a Ca2+-activated adaptation current (extra_models):
    each spike adds i_alpha [nA] to I_Ca2, which decays with tau_ca2 [ms] and is
    subtracted from the input current."""

    default_parameters = dict(cells.IF_curr_exp.default_parameters, tau_ca2=50.0, i_alpha=0.1)
    default_initial_values = dict(cells.IF_curr_exp.default_initial_values, i_ca2=0.0)
    units = dict(cells.IF_curr_exp.units, tau_ca2="ms", i_alpha="nA", i_ca2="nA", gsyn_exc="nA", gsyn_inh="nA")
    recordable = ["spikes", "v", "gsyn_exc", "gsyn_inh"]
    translations = _identity(default_parameters)
    spynn_kind = NEURON
    spynn_model = LIF_CURR_EXP_CA2
    spynn_default_per_core = 256


class IF_curr_dual_exp(StateAsArguments, cells.IF_curr_exp):
    """sPyNNaker's IF_curr_exp with a second excitatory synapse type (extra_models):
    receptor_type "excitatory2" has time constant tau_syn_E2 [ms]."""

    default_parameters = dict(cells.IF_curr_exp.default_parameters, tau_syn_E2=5.0)
    default_initial_values = dict(cells.IF_curr_exp.default_initial_values, isyn_exc2=0.0)
    units = dict(cells.IF_curr_exp.units, tau_syn_E2="ms", isyn_exc2="nA", gsyn_exc="nA", gsyn_inh="nA")
    recordable = ["spikes", "v", "gsyn_exc", "gsyn_inh"]
    receptor_types = ("excitatory", "inhibitory", "excitatory2")
    translations = _identity(default_parameters)
    spynn_kind = NEURON
    spynn_model = LIF_CURR_DUAL_EXP
    spynn_default_per_core = 256


class IFCondExpStoc(StateAsArguments, cells.IF_cond_exp):
    """sPyNNaker's IF_cond_exp with Maass's stochastic threshold (extra_models): each
    step the neuron fires with probability 1 - exp(-(h/tau_th) exp((v - v_thresh)/du_th))."""

    default_parameters = dict(cells.IF_cond_exp.default_parameters, du_th=0.5, tau_th=20.0)
    units = dict(cells.IF_cond_exp.units, du_th="mV", tau_th="ms")
    translations = _identity(default_parameters)
    spynn_kind = NEURON
    spynn_model = LIF_COND_EXP_STOC
    spynn_default_per_core = 256


class Izhikevich_cond(StateAsArguments, cells.Izhikevich):
    """sPyNNaker's Izhikevich with exponentially decaying conductance synapses (extra_models),
    in sPyNNaker's units: I = i_offset + injected + g_exc (e_rev_E - v) + g_inh (e_rev_I - v)
    [nA, uS, mV] enters the equation dv/dt = 0.04 v^2 + 5 v + 140 - u + I as it is (PyNN's
    standard Izhikevich, which this model has no NEST or Brian2 counterpart of, takes
    1000 x i_offset)."""

    default_parameters = dict(
        cells.Izhikevich.default_parameters, tau_syn_E=5.0, tau_syn_I=5.0, e_rev_E=0.0, e_rev_I=-70.0
    )
    default_initial_values = dict(cells.Izhikevich.default_initial_values, gsyn_exc=0.0, gsyn_inh=0.0)
    units = dict(
        cells.Izhikevich.units, tau_syn_E="ms", tau_syn_I="ms", e_rev_E="mV", e_rev_I="mV", gsyn_exc="uS", gsyn_inh="uS"
    )
    recordable = ["spikes", "v", "gsyn_exc", "gsyn_inh"]
    conductance_based = True
    translations = _identity(default_parameters)
    spynn_kind = NEURON
    spynn_model = IZHIKEVICH_COND
    spynn_default_per_core = 256


class Izhikevich_cond_dual(Izhikevich_cond):
    """sPyNNaker's Izhikevich_cond with a second excitatory conductance (extra_models):
    receptor_type "excitatory2" has time constant tau_syn_E2 [ms] and the same reversal
    potential e_rev_E; gsyn_exc records the sum of both excitatory conductances."""

    default_parameters = dict(Izhikevich_cond.default_parameters, tau_syn_E2=5.0)
    default_initial_values = dict(Izhikevich_cond.default_initial_values, gsyn_exc2=0.0)
    units = dict(Izhikevich_cond.units, tau_syn_E2="ms", gsyn_exc2="uS")
    receptor_types = ("excitatory", "inhibitory", "excitatory2")
    translations = _identity(default_parameters)
    spynn_model = IZHIKEVICH_COND_DUAL


class IF_curr_exp_sEMD(IF_curr_dual_exp):
    """sPyNNaker's spiking elementary motion detector (extra_models.IF_curr_exp_sEMD): the
    synapses of IF_curr_dual_exp, but the excitatory current is isyn_exc2 x multiplicator x
    scaling_factor, the multiplicator taking isyn_exc's value when the 'excitatory2'
    (trigger) current first rises above 0.001 nA, and 0 once it falls back: the neuron fires
    in proportion to how recently its 'excitatory' (facilitation) input came."""

    default_parameters = dict(IF_curr_dual_exp.default_parameters, scaling_factor=1.0)
    default_initial_values = dict(IF_curr_dual_exp.default_initial_values, multiplicator=0.0, exc2_old=0.0)
    units = dict(IF_curr_dual_exp.units, scaling_factor="", multiplicator="nA", exc2_old="nA")
    translations = _identity(default_parameters)
    spynn_model = LIF_CURR_SEMD


class IFCurrDeltaFixedProb(StateAsArguments, cells.IF_curr_delta):
    """sPyNNaker's IF_curr_delta with a fixed-probability threshold (extra_models): each
    step that ends with v >= v_thresh the neuron fires with probability p_thresh, else v
    carries on.  sPyNNaker's defaults (tau_m = cm = 0.0001: v follows its input at once)."""

    default_parameters = dict(
        tau_m=0.0001, cm=0.0001, v_rest=0.0, v_reset=0.0, v_thresh=1.0, p_thresh=1.0, tau_refrac=0.0, i_offset=0.0
    )
    default_initial_values = {"v": 0.0, "isyn_exc": 0.0, "isyn_inh": 0.0}
    units = dict(cells.IF_curr_delta.units, p_thresh="", isyn_exc="mV", isyn_inh="mV", gsyn_exc="mV", gsyn_inh="mV")
    translations = _identity(default_parameters)
    recordable = ["spikes", "v", "gsyn_exc", "gsyn_inh"]
    spynn_kind = NEURON
    spynn_model = LIF_CURR_DELTA_FIXED_PROB
    spynn_default_per_core = 256


class IFCurrDeltaCa2Adaptive(StateAsArguments, cells.IF_curr_delta):
    """sPyNNaker's IF_curr_delta with a Ca2+-activated adaptation current (extra_models): every
    spike adds i_alpha [nA] to I_Ca2, which decays with tau_ca2 and is subtracted from the input."""

    default_parameters = dict(
        tau_m=20.0, cm=1.0, v_rest=-65.0, v_reset=-65.0, v_thresh=-50.0, tau_refrac=0.1, tau_ca2=50.0,
        i_alpha=0.1, i_offset=0.0,
    )  # fmt: skip
    default_initial_values = {"v": -65.0, "i_ca2": 0.0, "isyn_exc": 0.0, "isyn_inh": 0.0}
    units = dict(cells.IF_curr_delta.units, tau_ca2="ms", i_alpha="nA", i_ca2="nA", gsyn_exc="mV", gsyn_inh="mV")
    units.update(isyn_exc="mV", isyn_inh="mV")
    translations = _identity(default_parameters)
    recordable = ["spikes", "v", "gsyn_exc", "gsyn_inh"]
    spynn_kind = NEURON
    spynn_model = LIF_CURR_DELTA_CA2
    spynn_default_per_core = 256


class IFTruncDelta(StateAsArguments, cells.IF_curr_delta):
    """sPyNNaker's IFTruncDelta (extra_models): a non-leaky integrate-and-fire neuron with
    delta synapses whose v never goes below v_reset.  Each step v grows by
    (tau_m / cm) (i_offset + injected current) and by (tau_m / cm) w / dt for an input of
    weight w [nA], as sPyNNaker adds them."""

    default_parameters = dict(tau_m=1.0, cm=1.0, v_reset=0.0, v_thresh=1.0, tau_refrac=1.0, i_offset=0.0)
    default_initial_values = {"v": 0.0, "isyn_exc": 0.0, "isyn_inh": 0.0}
    units = dict(
        tau_m="ms", cm="nF", v_reset="mV", v_thresh="mV", tau_refrac="ms", i_offset="nA", v="mV",
        isyn_exc="nA", isyn_inh="nA", gsyn_exc="nA", gsyn_inh="nA",
    )  # fmt: skip
    translations = _identity(default_parameters)
    recordable = ["spikes", "v", "gsyn_exc", "gsyn_inh"]
    spynn_kind = NEURON
    spynn_model = IF_TRUNC_DELTA
    spynn_default_per_core = 256


class _Stochastic(StateAsArguments, cells.IF_curr_delta):
    """sPyNNaker's stochastic neurons (extra_models): instantaneous inputs, each step a
    firing with a probability of v, a firing starting a burst of spikes.  They take
    sPyNNaker's refract_init (the burst steps left at the start) and seed (the population's
    seed, unless the Population is given one) as arguments."""

    default_initial_values = {"v": 0.0, "refract_init": 0}
    recordable = ["spikes", "v", "gsyn_exc", "gsyn_inh"]
    spynn_kind = NEURON
    spynn_default_per_core = 256

    def __init__(self, seed=None, **parameters):
        self.spynn_seed = seed
        super().__init__(**parameters)


class StocExp(_Stochastic):
    """sPyNNaker's StocExp: v = bias + input each step; fires with probability 2^v / tau,
    then in each of the next tau / dt - 1 steps too (a spike lasting tau)."""

    default_parameters = dict(tau=10.0, bias=0.0)
    units = dict(tau="ms", bias="mV", v="mV", refract_init="", gsyn_exc="mV", gsyn_inh="mV")
    translations = _identity(default_parameters)
    spynn_model = STOC_EXP


class StocExpStable(_Stochastic):
    """sPyNNaker's StocExpStable: v += bias + input each step, never below v_reset; fires
    with probability tau 2^v, then v = v_reset, and fires in each of the next
    tau_refrac / dt - 1 steps too."""

    default_parameters = dict(v_reset=0.0, tau=0.1, tau_refrac=1.0, bias=0.0)
    units = dict(v_reset="mV", tau="", tau_refrac="ms", bias="mV", v="mV", refract_init="", gsyn_exc="mV")
    units.update(gsyn_inh="mV")
    translations = _identity(default_parameters)
    spynn_model = STOC_EXP_STABLE

    def __init__(self, v_init=None, **parameters):
        if v_init is not None:
            parameters["v"] = v_init
        super().__init__(**parameters)


class StocSigma(_Stochastic):
    """sPyNNaker's StocSigma: v = bias + input each step; fires with probability
    2^(-2^(-alpha v)) (a half at v = 0), then in each of the next tau_refrac / dt - 1 steps too."""

    default_parameters = dict(tau_refrac=1.0, alpha=1.0, bias=0.0)
    units = dict(tau_refrac="ms", alpha="1/mV", bias="mV", v="mV", refract_init="", gsyn_exc="mV", gsyn_inh="mV")
    translations = _identity(default_parameters)
    spynn_model = STOC_SIGMA


class SpikeSourceGamma(cells.SpikeSourceGamma):
    """PyNN's gamma-process source (integer alpha, as NEST's gamma_sup_generator): every
    alpha-th event of a Poisson process of rate beta is a spike, so the intervals are
    gamma(alpha, beta) distributed on the timestep grid and the mean rate is beta / alpha."""

    translations = _identity(cells.SpikeSourceGamma.default_parameters)
    spynn_kind = SPIKE_SOURCE_POISSON
    spynn_model = None
    spynn_default_per_core = 256


class SpikeSourcePoissonRefractory(cells.SpikeSourcePoissonRefractory):
    """PyNN's Poisson source with dead time (NEST's ppd_sup_generator): no spike for tau_refrac
    after one, then a Poisson process of rate rate / (1 - rate tau_refrac), so the mean rate is
    rate."""

    translations = _identity(cells.SpikeSourcePoissonRefractory.default_parameters)
    spynn_kind = SPIKE_SOURCE_POISSON
    spynn_model = None
    spynn_default_per_core = 256


class SpikeSourcePoissonVariable(cells.SpikeSourcePoisson):
    """sPyNNaker's Poisson source whose rate follows a schedule (extra_models).

    rates, starts (and optionally durations) [Hz, ms, ms] are either one list shared
    by every source or one list per source.  Without durations, each rate lasts until
    the next start (the last one until the end of the run)."""

    default_parameters = {"rates": [0.0], "starts": [0.0], "durations": None}
    units = {"rates": "Hz", "starts": "ms", "durations": "ms"}
    translations = build_translations()
    spynn_kind = SPIKE_SOURCE_POISSON
    spynn_model = None
    spynn_default_per_core = 256
    spynn_lists = ("rates", "starts", "durations")

    def __init__(self, rates, starts, durations=None, seeds=None, **kwargs):
        object.__setattr__(self, "parameter_space", None)
        self.spynn_values = {"rates": rates, "starts": starts, "durations": durations}

    def spynn_per_source(self, size: int) -> dict[str, np.ndarray]:
        out = {}
        for name, value in self.spynn_values.items():
            per = np.empty(size, dtype=object)
            nested = value is not None and len(value) and np.ndim(value[0]) > 0
            if nested and len(value) != size:
                raise ValueError(f"SpikeSourcePoissonVariable: {name} has {len(value)} lists for {size} sources")
            for i in range(size):
                per[i] = None if value is None else np.asarray(value[i] if nested else value, dtype=float)
            out[name] = per
        return out

    def describe(self, template="modeltype_default.txt", engine="default"):
        return "SpikeSourcePoissonVariable"


class SpikeSourceArray(cells.SpikeSourceArray):
    __doc__ = cells.SpikeSourceArray.__doc__
    translations = _identity(cells.SpikeSourceArray.default_parameters)
    spynn_kind = SPIKE_SOURCE_ARRAY
    spynn_model = None
    spynn_default_per_core = 256

    def __init__(self, spike_times=None, **parameters):
        """spike_times may also be given by position, as sPyNNaker scripts do."""
        if spike_times is not None:
            parameters["spike_times"] = spike_times
        super().__init__(**parameters)


def check_weights(weights, projection):
    """All weights of a projection must share one sign.  Unlike PyNN's own check, positive
    weights on a current-based inhibitory receptor are accepted (sPyNNaker scripts use them;
    the receptor gives the sign), and so are negative ones (PyNN's convention); negative
    ones onto conductance-based neurons are taken as magnitudes, with a warning (sPyNNaker)."""
    w = np.asarray(weights, dtype=float)
    if not ((w >= 0).all() or (w <= 0).all()):
        raise errors.ConnectionError(
            f"Projection {projection.label!r}: weights must be all positive or all negative "
            f"(got {w.min()} .. {w.max()}); use separate excitatory and inhibitory projections"
        )
    if getattr(projection.post, "conductance_based", False) and (w < 0).any():
        warnings.warn(
            f"Projection {projection.label!r}: negative weights (down to {w.min()}) onto conductance-based "
            f"neurons are taken as their magnitudes, as sPyNNaker does: conductances are positive and the "
            f"receptor's reversal potential sets the sign (PyNN's other backends refuse them)",
            stacklevel=2,
        )
    if projection.receptor_type == "excitatory" and (w < 0).any():
        raise errors.ConnectionError(
            f"Projection {projection.label!r}: negative weight {w.min()} on an excitatory receptor; "
            f"use receptor_type='inhibitory'"
        )


#: Names a weight or delay expression of the distance d may use (lazyarray's, so that they
#: also apply to the lazy distance map PyNN's connectors pass).
_DISTANCE_NAMESPACE = {
    n: getattr(lazyarray, n)
    for n in ("exp", "sqrt", "sin", "cos", "tan", "arctan", "log", "fabs", "absolute", "minimum", "maximum", "power")
}
_DISTANCE_NAMESPACE.update(abs=lazyarray.absolute, pi=np.pi, e=np.e)


def distance_expression(expression: str):
    """A weight or delay given as a string of the distance d ("1.0 + 2.0 * exp(-d)"), as sPyNNaker
    takes them: a function of d (PyNN 0.13 evaluates such strings without exp & co)."""
    try:
        function = eval(f"lambda d: {expression}", {"__builtins__": {}, **_DISTANCE_NAMESPACE})
        function(1.0)
    except Exception as err:  # noqa: BLE001 (any error in the user's expression)
        raise errors.InvalidParameterValueError(
            f"{expression!r} is not an expression of the distance d this can evaluate ({err}); it may use "
            f"d, numbers, + - * / ** and {', '.join(sorted(_DISTANCE_NAMESPACE))}"
        ) from None
    return function


class DefaultDelay:
    """A synapse type given no delay has the min_delay given to setup() (as pyNN.nest), else
    one timestep (as sPyNNaker): simulator.State.default_delay."""

    def _get_minimum_delay(self):
        from .simulator import state

        return state.default_delay


class StaticSynapse(DefaultDelay, synapses.StaticSynapse):
    __doc__ = synapses.StaticSynapse.__doc__
    translations = build_translations(("weight", "weight"), ("delay", "delay"))
    parameter_checks = {"weight": check_weights}

    def __init__(self, **parameters):
        for name in ("weight", "delay"):
            if isinstance(parameters.get(name), str):
                parameters[name] = distance_expression(parameters[name])
        super().__init__(**parameters)


CELL_TYPES = (
    IF_curr_exp,
    IF_curr_alpha,
    IF_curr_delta,
    IF_cond_exp,
    IF_cond_alpha,
    EIF_cond_exp_isfa_ista,
    EIF_cond_alpha_isfa_ista,
    HH_cond_exp,
    Izhikevich,
    IzhikevichCurrExp,
    IFCurrExpCa2Adaptive,
    IF_curr_dual_exp,
    IFCondExpStoc,
    IFCurrDeltaFixedProb,
    IFCurrDeltaCa2Adaptive,
    IFTruncDelta,
    IF_curr_exp_sEMD,
    StocExp,
    StocExpStable,
    StocSigma,
    Izhikevich_cond,
    SpikeSourcePoisson,
    SpikeSourcePoissonVariable,
    SpikeSourceGamma,
    SpikeSourcePoissonRefractory,
    SpikeSourceArray,
)

# sPyNNaker's neuromodulation: dopamine projections onto any neuron model
for _cls in CELL_TYPES:
    if _cls.spynn_kind == NEURON and "reward" not in _cls.receptor_types:
        _cls.receptor_types = tuple(_cls.receptor_types) + ("reward", "punishment")

"""PyNN's plastic synapse types as spynn runs them: STDPMechanism, the timing and
weight dependences (PyNN's and sPyNNaker's extra_models ones), each turned into one
spynn.synapses.stdp.StdpRule per projection (parameters are per projection)."""

from __future__ import annotations

import numpy as np
from pyNN.standardmodels import build_translations, synapses

from ..errors import NotSupportedError
from ..synapses.stdp import StdpRule
from .standardmodels import DefaultDelay, StaticSynapse, check_weights


class STDPMechanism(DefaultDelay, synapses.STDPMechanism):
    __doc__ = synapses.STDPMechanism.__doc__
    parameter_checks = {"weight": check_weights}
    base_translations = build_translations(
        ("weight", "weight"), ("delay", "delay"), ("dendritic_delay_fraction", "dendritic_delay_fraction")
    )

    def __init__(
        self,
        timing_dependence=None,
        weight_dependence=None,
        voltage_dependence=None,
        dendritic_delay_fraction=1.0,
        weight=0.0,
        delay=None,
    ):
        if voltage_dependence is not None:
            raise NotSupportedError("voltage-dependent STDP")
        if dendritic_delay_fraction != 1:
            raise NotSupportedError("dendritic_delay_fraction != 1 (all of a plastic synapse's delay is dendritic)")
        super().__init__(timing_dependence, weight_dependence, None, dendritic_delay_fraction, weight, delay)

    def spynn_parameter(self, name: str) -> float:
        """The value of one of the mechanism's parameters (weight and delay excepted), the
        same for every synapse of a projection."""
        for component in (self.timing_dependence, self.weight_dependence):
            if name in component.get_parameter_names():
                return homogeneous(component, name)
        raise NotSupportedError(f"the synaptic attribute {name!r}")

    def spynn_rule(self, label: str):
        """The StdpRule of this mechanism (homogeneous parameters)."""
        t, w = self.timing_dependence, self.weight_dependence
        kind = _WEIGHT_RULE_OF.get(type(w), "additive")
        w_min, w_max = homogeneous(w, "w_min"), homogeneous(w, "w_max")
        tv = {name: homogeneous(t, name) for name in t.get_parameter_names()}
        if isinstance(t, PfisterSpikeTriplet):
            if not isinstance(w, WeightDependenceAdditiveTriplet):
                raise NotSupportedError("PfisterSpikeTriplet without WeightDependenceAdditiveTriplet")
            pair = (tv["tau_plus"], tv["tau_minus"], tv["A_plus"], tv["A_minus"], w_min, w_max, "additive")
            extra = (tv["tau_x"], tv["tau_y"], homogeneous(w, "A3_plus"), homogeneous(w, "A3_minus"))
            rule = StdpRule(*pair, "triplet", *extra)
        elif isinstance(t, Vogels2011Rule):
            tau = tv["tau"]
            eta = tv["eta"] if t.spynn_a_plus is None else t.spynn_a_plus * w_max
            alpha = 2.0 * tv["rho"] * tau / 1000.0
            if kind != "additive":
                raise NotSupportedError(f"Vogels2011Rule with {type(w).__name__} (give it AdditiveWeightDependence)")
            rule = StdpRule(tau, tau, eta / w_max, eta * alpha / w_max, w_min, w_max, kind, "vogels")
        elif isinstance(t, RecurrentRule):
            rule = StdpRule(
                1.0,
                1.0,
                tv["A_plus"],
                tv["A_minus"],
                w_min,
                w_max,
                kind,
                "recurrent",
                accumulator_depression=int(tv["accumulator_depression"]),
                accumulator_potentiation=int(tv["accumulator_potentiation"]),
                mean_pre_window=tv["mean_pre_window"],
                mean_post_window=tv["mean_post_window"],
                dual_fsm=t.dual_fsm,
            )
        elif isinstance(t, SpikePairRule):
            timing = "nearest" if isinstance(t, SpikeNearestPairRule) else "pair"
            rule = StdpRule(tv["tau_plus"], tv["tau_minus"], tv["A_plus"], tv["A_minus"], w_min, w_max, kind, timing)
        else:
            raise NotSupportedError(f"the timing dependence {type(t).__name__}")
        rule.check(label)
        return rule


def homogeneous(component, name: str, what: str = "STDP parameters") -> float:
    """The one value of a parameter of a synapse type (or STDP component): spynn holds such
    parameters per projection, so one that differs between synapses is refused."""
    v = component.parameter_space[name]
    if hasattr(v, "evaluate"):
        base = v.base_value
        v = base if v.is_homogeneous or not isinstance(base, (np.ndarray, list, tuple)) else np.unique(base)
    if np.size(v) != 1 or not isinstance(np.ravel(v)[0], (int, float, np.number)) or callable(v):
        raise NotSupportedError(f"{what} that differ between synapses ({name})")
    return float(np.ravel(v)[0])


class SpikePairRule(synapses.SpikePairRule):
    __doc__ = synapses.SpikePairRule.__doc__
    translations = build_translations(
        ("tau_plus", "tau_plus"), ("tau_minus", "tau_minus"), ("A_plus", "A_plus"), ("A_minus", "A_minus")
    )


class SpikeNearestPairRule(SpikePairRule):
    """sPyNNaker's nearest-neighbour pair rule (extra_models): each presynaptic spike pairs
    (depression) with the latest postsynaptic spike before it; only the first postsynaptic
    spike after a presynaptic spike pairs (potentiation) with it: later ones, with no new
    presynaptic spike between, change nothing (sPyNNaker's timing_nearest_pair_impl.h)."""


class Vogels2011Rule(synapses.Vogels2011Rule):
    """Vogels et al. (2011) inhibitory plasticity, with PyNN's parameters (tau [ms], eta: the
    weight change per unit of trace, rho: the target rate [Hz]; alpha = 2 rho tau) or
    sPyNNaker's (alpha, tau, A_plus: the change per unit of trace as a fraction of w_max,
    A_minus: unused by the rule, as on sPyNNaker)."""

    translations = build_translations(("tau", "tau"), ("eta", "eta"), ("rho", "rho"))

    def __init__(self, alpha=None, tau=20.0, A_plus=None, A_minus=None, **parameters):
        self.spynn_a_plus = None
        if alpha is not None:  # sPyNNaker's form: rho from alpha; eta needs w_max, taken at mapping
            parameters["rho"] = float(alpha) * 1000.0 / (2.0 * float(tau))
            self.spynn_a_plus = 0.01 if A_plus is None else float(A_plus)
        elif A_plus is not None or A_minus is not None:
            raise ValueError("Vogels2011Rule: A_plus and A_minus go with sPyNNaker's alpha; with rho, give eta")
        super().__init__(tau=tau, **parameters)


class PfisterSpikeTriplet(synapses.STDPTimingDependence):
    """sPyNNaker's triplet rule (Pfister & Gerstner 2006; extra_models): pair terms A_plus,
    A_minus with traces tau_plus, tau_minus, and triplet terms (amplitudes in
    WeightDependenceAdditiveTriplet) with the second traces tau_x (pre) and tau_y (post)."""

    default_parameters = {
        "tau_plus": 16.8,
        "tau_minus": 33.7,
        "tau_x": 101.0,
        "tau_y": 125.0,
        "A_plus": 0.005,
        "A_minus": 0.005,
    }
    translations = build_translations(*[(n, n) for n in default_parameters])

    def __init__(self, tau_plus=16.8, tau_minus=33.7, tau_x=101.0, tau_y=125.0, A_plus=0.005, A_minus=0.005):
        super().__init__(
            tau_plus=tau_plus, tau_minus=tau_minus, tau_x=tau_x, tau_y=tau_y, A_plus=A_plus, A_minus=A_minus
        )


class WeightDependenceAdditiveTriplet(synapses.STDPWeightDependence):
    """Additive weight dependence of the triplet rule (extra_models): w_min, w_max and the
    triplet amplitudes A3_plus, A3_minus (fractions of w_max)."""

    default_parameters = {"w_min": 0.0, "w_max": 1.0, "A3_plus": 0.01, "A3_minus": 0.01}
    translations = build_translations(*[(n, n) for n in default_parameters])

    def __init__(self, w_min=0.0, w_max=1.0, A3_plus=0.01, A3_minus=0.01):
        super().__init__(w_min=w_min, w_max=w_max, A3_plus=A3_plus, A3_minus=A3_minus)


class AdditiveWeightDependence(synapses.AdditiveWeightDependence):
    __doc__ = synapses.AdditiveWeightDependence.__doc__
    translations = build_translations(("w_max", "w_max"), ("w_min", "w_min"))


class MultiplicativeWeightDependence(synapses.MultiplicativeWeightDependence):
    __doc__ = synapses.MultiplicativeWeightDependence.__doc__
    translations = build_translations(("w_max", "w_max"), ("w_min", "w_min"))


class AdditivePotentiationMultiplicativeDepression(synapses.AdditivePotentiationMultiplicativeDepression):
    __doc__ = synapses.AdditivePotentiationMultiplicativeDepression.__doc__
    translations = build_translations(("w_max", "w_max"), ("w_min", "w_min"))


#: The cores' weight rule of each weight dependence (the triplet one is additive)
_WEIGHT_RULE_OF = {
    MultiplicativeWeightDependence: "multiplicative",
    AdditivePotentiationMultiplicativeDepression: "additive_potentiation_multiplicative_depression",
}


class RecurrentRule(synapses.STDPTimingDependence):
    """sPyNNaker's recurrent rule (extra_models; Bogacz-style stochastic windows): each
    presynaptic spike opens a window of random length (exponential, mean mean_pre_window
    [ms]); a postsynaptic spike inside it is one step towards potentiation.  Each
    postsynaptic spike likewise opens a window (mean mean_post_window) in which a
    presynaptic spike is one step towards depression.  When a synapse's accumulator
    reaches accumulator_potentiation (or accumulator_depression) steps, its weight changes
    by A_plus (A_minus) under the weight dependence and the accumulator restarts at zero.
    dual_fsm=False runs one state machine per synapse instead of two windows."""

    default_parameters = {
        "accumulator_depression": -6,
        "accumulator_potentiation": 6,
        "mean_pre_window": 35.0,
        "mean_post_window": 35.0,
        "A_plus": 0.01,
        "A_minus": 0.01,
    }
    translations = build_translations(*[(n, n) for n in default_parameters])

    def __init__(
        self,
        accumulator_depression=-6,
        accumulator_potentiation=6,
        mean_pre_window=35.0,
        mean_post_window=35.0,
        dual_fsm=True,
        A_plus=0.01,
        A_minus=0.01,
    ):
        super().__init__(
            accumulator_depression=accumulator_depression,
            accumulator_potentiation=accumulator_potentiation,
            mean_pre_window=mean_pre_window,
            mean_post_window=mean_post_window,
            A_plus=A_plus,
            A_minus=A_minus,
        )
        self.dual_fsm = bool(dual_fsm)


class Neuromodulation(StaticSynapse):
    """sPyNNaker's dopamine synapse (extra_models): a projection with receptor_type
    'reward' or 'punishment' from a dopamine source onto a population whose STDP
    projections then learn through an eligibility trace c (time constant tau_c [ms]):
    pairings change c, and the weight follows dw/dt = c D, D the neuron's dopamine
    (each spike adds `weight`, punishment subtracts it; time constant tau_d [ms]),
    kept in [w_min, w_max]."""

    def __init__(self, weight=0.0, tau_c=1000.0, tau_d=200.0, w_min=0.0, w_max=1.0, delay=None):
        from .simulator import state

        super().__init__(weight=weight, delay=delay if delay is not None else state.dt)
        self.tau_c, self.tau_d, self.w_min, self.w_max = float(tau_c), float(tau_d), float(w_min), float(w_max)

    def spynn_dopamine_rule(self, label: str, receptor_type: str):
        if self.tau_c <= 0 or self.tau_d <= 0 or self.w_min > self.w_max:
            raise ValueError(
                f"Projection {label!r}: Neuromodulation needs tau_c, tau_d > 0 and w_min <= w_max (got "
                f"{self.tau_c}, {self.tau_d}, {self.w_min}, {self.w_max})"
            )
        if receptor_type not in ("reward", "punishment"):
            raise ValueError(
                f"Projection {label!r}: a Neuromodulation projection needs receptor_type='reward' or "
                f"'punishment' (got {receptor_type!r})"
            )
        return StdpRule(
            1.0,
            1.0,
            0.0,
            0.0,
            self.w_min,
            self.w_max,
            "additive",
            "dopamine",
            tau_c=self.tau_c,
            tau_d=self.tau_d,
            punishment=receptor_type == "punishment",
        )

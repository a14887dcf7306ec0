"""Synapse types that change how each spike is transmitted, not the weight: the cores run
them as rules of plastic rows (c_kernels/synapse/stdp.c), one parameter per synapse in
the first state word.

TsodyksMarkramSynapse: short-term depression and facilitation, as NEST's
tsodyks_synapse runs it (what pyNN.nest maps it to).  Each synapse has resources split
into recovered (x), active (y) and inactive (z = 1 - x - y), and a utilisation u.
Between two presynaptic spikes h apart the active resources decay with the
postsynaptic current's time constant (tau_psc: the post neuron's tau_syn_E or
tau_syn_I, by receptor, as pyNN.nest sets it; the synapses onto neurons of different
tau_syn are rows of their own), the inactive ones recover with tau_rec
and u decays with tau_facil (no facilitation when 0).  A spike sets u += U (1 - u),
moves u x of the recovered resources to the active ones and sends w u x.  U may differ
between synapses; tau_rec and tau_facil are one value per projection
(tsodyks_markram_row).

SimpleStochasticSynapse: each spike is transmitted with probability p (per synapse), as
NEST's bernoulli_synapse (pyNN.nest's; stochastic_row).  MultiQuantalSynapse and
StochasticTsodyksMarkramSynapse: quantal release from n sites (one for the latter) that
deplete and recover, as NEST's quantal_stp_synapse (quantal_row).  The draws come from
the core's generator, so a run is the same whatever the threads."""

from __future__ import annotations

import dataclasses

import numpy as np
from pyNN import errors
from pyNN.standardmodels import build_translations, synapses

from ..errors import NotSupportedError
from ..graph.build import members
from ..synapses.stdp import STATE_VARIABLES, StdpRule
from .plasticity import homogeneous
from .standardmodels import DefaultDelay, check_weights, distance_expression

#: the post neuron's parameter that is tau_psc, by receptor (pyNN.nest's choice)
_TAU_PSC = {"excitatory": "tau_syn_E", "inhibitory": "tau_syn_I"}


#: the translations of the state a script may initialize and read per synapse, by rule
_STATE = {rule: tuple((name, name) for name in names) for rule, names in STATE_VARIABLES.items()}


class _RowRule(DefaultDelay):
    """What the synapse types of this module share: weight and delay (and the per-synapse
    parameter) may be expressions of the distance, the shortest delay is one step, and the
    projection's rule is made by spynn_rule; the rest of the parameters are one value per
    projection."""

    parameter_checks = {"weight": check_weights}
    #: the parameter held per synapse besides weight and delay (the connectors hand it over)
    spynn_per_synapse: tuple[str, ...] = ()
    #: StdpRule.timing_rule of the cores
    spynn_timing = ""

    def __init__(self, **parameters):
        for name in ("weight", "delay", *self.spynn_per_synapse):
            if isinstance(parameters.get(name), str):
                parameters[name] = distance_expression(parameters[name])
        super().__init__(**parameters)

    def spynn_rule(self, label: str, post, receptor_type: str) -> StdpRule:
        """The rule the cores run for a projection onto post through receptor_type."""
        rule = StdpRule(
            1.0, 1.0, 0.0, 0.0, 0.0, 0.0, "additive", self.spynn_timing, **self._rule_fields(label, post, receptor_type)
        )
        rule.check(label)
        return rule

    def _rule_fields(self, label: str, post, receptor_type: str) -> dict:
        return {}

    def spynn_parameter(self, name: str) -> float:
        """A parameter held per projection."""
        per_projection = set(self.get_parameter_names()) - {"weight", "delay", *self.spynn_per_synapse}
        if name in per_projection:
            return homogeneous(self, name)
        raise NotSupportedError(f"the synaptic attribute {name!r}")

    def _time_constants(self) -> dict:
        what = f"{type(self).__name__} time constants"
        return {"tau_rec": homogeneous(self, "tau_rec", what), "tau_facil": homogeneous(self, "tau_facil", what)}


class TsodyksMarkramSynapse(_RowRule, synapses.TsodyksMarkramSynapse):
    __doc__ = synapses.TsodyksMarkramSynapse.__doc__
    translations = build_translations(
        ("weight", "weight"),
        ("delay", "delay"),
        ("U", "U"),
        ("tau_rec", "tau_rec"),
        ("tau_facil", "tau_facil"),
        *_STATE["tsodyks_markram"],
    )
    spynn_per_synapse = ("U",)
    spynn_timing = "tsodyks_markram"

    def _rule_fields(self, label: str, post, receptor_type: str) -> dict:
        return self._time_constants()

    def spynn_rule(self, label: str, post, receptor_type: str) -> StdpRule:
        """The rule with the first of the post neurons' tau_psc values, every value checked."""
        base = super().spynn_rule(label, post, receptor_type)
        rules = [dataclasses.replace(base, tau_psc=tau) for tau in _tau_psc(label, post, receptor_type)]
        for rule in rules:
            rule.check(label)
        return rules[0]


class SimpleStochasticSynapse(_RowRule, synapses.SimpleStochasticSynapse):
    __doc__ = synapses.SimpleStochasticSynapse.__doc__
    translations = build_translations(("weight", "weight"), ("delay", "delay"), ("p", "p"))
    spynn_per_synapse = ("p",)
    spynn_timing = "stochastic"


class MultiQuantalSynapse(_RowRule, synapses.MultiQuantalSynapse):
    """Quantal release with short-term depression and facilitation (NEST's quantal_stp_synapse,
    pyNN.nest's): n release sites (one value per projection), each available one releasing with
    probability u at a spike; the weight sent is the weight times the sites released."""

    translations = build_translations(
        ("weight", "weight"),
        ("delay", "delay"),
        ("U", "U"),
        ("n", "n"),
        ("tau_rec", "tau_rec"),
        ("tau_facil", "tau_facil"),
        *_STATE["quantal"],
    )
    spynn_per_synapse = ("U",)
    spynn_timing = "quantal"

    def _rule_fields(self, label: str, post, receptor_type: str) -> dict:
        n = homogeneous(self, "n", "release site counts")
        if n != int(n):
            raise errors.InvalidParameterValueError(f"Projection {label!r}: n (release sites) must be whole, got {n}")
        return {**self._time_constants(), "n_sites": int(n)}


class StochasticTsodyksMarkramSynapse(_RowRule, synapses.StochasticTsodyksMarkramSynapse):
    """Stochastic Tsodyks-Markram synapse (Fuhrmann et al. 2002; pyNN.nest's
    stochastic_stp_synapse): one release site, recovered or not; a recovered one releases the
    whole weight with probability u and recovers with rate 1/tau_rec (MultiQuantalSynapse with
    n = 1)."""

    translations = build_translations(
        ("weight", "weight"),
        ("delay", "delay"),
        ("U", "U"),
        ("tau_rec", "tau_rec"),
        ("tau_facil", "tau_facil"),
        *_STATE["quantal"],
    )
    spynn_per_synapse = ("U",)
    spynn_timing = "quantal"

    def _rule_fields(self, label: str, post, receptor_type: str) -> dict:
        return {**self._time_constants(), "n_sites": 1}


#: the synapse types of this module: their projections' rule is spynn_rule(label, post, receptor)
TRANSMISSION_TYPES = (
    TsodyksMarkramSynapse,
    SimpleStochasticSynapse,
    MultiQuantalSynapse,
    StochasticTsodyksMarkramSynapse,
)


def tau_psc(label: str, pop, receptor_type: str) -> np.ndarray:
    """The time constant of the postsynaptic current the synapses onto each neuron of the
    Population pop feed (its tau_syn_E or tau_syn_I, as pyNN.nest); 0 for neurons without one
    (delta synapses)."""
    if receptor_type not in _TAU_PSC:
        raise NotSupportedError(
            f"TsodyksMarkramSynapse on receptor {receptor_type!r} (Projection {label!r}): the excitatory "
            f"and inhibitory receptors, whose tau_syn_E and tau_syn_I are the synapses' tau_psc, as in pyNN.nest"
        )
    name = _TAU_PSC[receptor_type]
    if name not in pop.celltype.get_parameter_names():
        return np.zeros(pop.size)
    return np.broadcast_to(np.asarray(pop.get(name, gather=True, simplify=True), dtype=np.float64), (pop.size,))


def _tau_psc(label: str, post, receptor_type: str) -> list[float]:
    """The distinct tau_psc values of the post neurons (spynn_rule checks each against
    tau_rec; the mapping gives the synapses onto each neuron its own: synapse_state.post_rules)."""
    values = np.unique(np.concatenate([tau_psc(label, pop, receptor_type)[idx] for pop, idx in members(post)]))
    return [float(v) for v in values] if values.size else [0.0]

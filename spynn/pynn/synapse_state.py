"""The state a synapse type keeps per synapse beside its weight, as scripts see it: the
parameter held per synapse (U, p), the state given before the first spike
(Projection.initialize: u, x, y, a) and read back from the cores' state words
(StdpRule.initial_states' layout), and the rule each post neuron's synapses follow."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
from pyNN import errors
from pyNN.parameters import LazyArray
from pyNN.random import RandomDistribution

from ..errors import NotSupportedError
from ..synapses.stdp import STP_ONE, StdpRule, fraction_words
from .transmission import tau_psc


def post_rules(rule: StdpRule | None, label: str, post_pop, receptor_type: str) -> tuple[tuple, np.ndarray | None]:
    """The rules of a projection's synapses onto the neurons of post_pop (a Population of its
    post side) and which of them each neuron's synapses follow: a TsodyksMarkramSynapse's
    tau_psc is its post neuron's tau_syn (as pyNN.nest), so a rule per value found there; any
    other projection has one rule (which: None)."""
    if rule is None or rule.timing_rule != "tsodyks_markram":
        return (rule,), None
    values, which = np.unique(tau_psc(label, post_pop, receptor_type), return_inverse=True)
    rules = tuple(dataclasses.replace(rule, tau_psc=float(v)) for v in values)
    for r in rules:  # tau_syn may have been set since the projection was made
        r.check(label)
    return rules, which


def per_connection(proj, name: str, value) -> np.ndarray:
    """One float per connection of proj (in the order it holds them) from what
    initialize(name=value) was given: one value, a RandomDistribution, one value per
    connection or an (n_pre, n_post) array."""
    n = len(proj)
    # a copy: a LazyArray given may be the synapse type's own (initialize(a=syn.parameter_space["n"]))
    lazy = copy.copy(value) if isinstance(value, LazyArray) else LazyArray(value, dtype=float)
    base = lazy.base_value
    if isinstance(base, np.ndarray) and base.ndim == 2:
        if base.shape != (proj.pre.size, proj.post.size):
            raise errors.InvalidDimensionsError(
                f"Projection {proj.label!r}: initialize({name}=...) was given a {base.shape} array; "
                f"an (n_pre, n_post) = {(proj.pre.size, proj.post.size)} array is expected"
            )
        return np.asarray(base, dtype=np.float64)[proj.spynn_pre, proj.spynn_post]
    if callable(base) and not isinstance(base, (RandomDistribution, LazyArray)):
        raise NotSupportedError(f"initialize({name}=<a function of distance>) on Projection {proj.label!r}")
    if isinstance(base, np.ndarray) and base.shape != (n,):
        raise errors.InvalidDimensionsError(
            f"Projection {proj.label!r}: initialize({name}=...) was given {base.size} values for {n} connections"
        )
    lazy.shape = (n,)
    return np.broadcast_to(np.asarray(lazy.evaluate(simplify=True), dtype=np.float64), (n,)).copy()


def as_given(given: np.ndarray, words: np.ndarray) -> np.ndarray:
    """A per-synapse parameter (U, p) as given, from the words the cores hold (u1.31): each
    word is the value given that rounds to it (the cores never change it), or the word's
    value if none does."""
    given = np.unique(given)
    if not given.size:
        return words / float(STP_ONE)
    codes = fraction_words(given)
    at = np.minimum(np.searchsorted(codes, words), given.size - 1)
    return np.where(codes[at] == words, given[at], words / float(STP_ONE))


def state_values(rule: StdpRule, name: str, words: np.ndarray) -> np.ndarray:
    """The values of one of rule.state_variables from the state words (n, synapse_words):
    a fraction (u, x, y; u1.31) or the available release sites (a)."""
    if name == "a":
        return (words[:, 2] & 0xFFFF).astype(np.float64)
    return words[:, 1 + rule.state_variables.index(name)] / float(STP_ONE)

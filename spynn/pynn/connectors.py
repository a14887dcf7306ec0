"""Vectorised connection generation: OneToOne and AllToAll (no random numbers),
and FixedProbability with homogeneous weights and delays, whose uniform draws are
taken in the order PyNN's own column-by-column code takes them (n_pre per
post-synaptic neuron), in large chunks, so the connections are exactly those
pyNN.nest makes from the same seed.  Everything else goes through PyNN's
connector code."""

from __future__ import annotations

import copy

import numpy as np
from pyNN.connectors import AllToAllConnector, FixedProbabilityConnector, OneToOneConnector
from pyNN.random import NumpyRNG

#: Uniform draws per chunk of post-synaptic columns (memory: 8 bytes each).
DRAW_CHUNK = 1 << 22


def _without_self(projection, pre, post):
    keep = np.asarray(projection.pre.all_cells)[pre] != np.asarray(projection.post.all_cells)[post]
    return pre[keep], post[keep]


def _fixed_probability_pairs(projection, connector):
    n_pre, n_post = projection.pre.size, projection.post.size
    # PyNN draws from a deep copy of the connector's rng (lazyarray copies its base
    # when `random_map < p` is built), leaving the caller's rng where it was: so do we.
    rng = copy.deepcopy(connector.rng)
    pres, posts = [], []
    per_chunk = max(1, DRAW_CHUNK // max(n_pre, 1))
    for first in range(0, n_post, per_chunk):
        k = min(per_chunk, n_post - first)
        u = rng.next(n_pre * k, "uniform", {"low": 0.0, "high": 1.0}).reshape(k, n_pre)
        col, pre = np.nonzero(u < connector.p_connect)  # by post, then pre: PyNN's order
        pres.append(pre)
        posts.append(col + first)
    pre = np.concatenate(pres) if pres else np.zeros(0, np.int64)
    post = np.concatenate(posts) if posts else np.zeros(0, np.int64)
    if connector.allow_self_connections is False:
        pre, post = _without_self(projection, pre, post)
    return pre, post


def _homogeneous_synapse(projection) -> bool:
    ps = projection.synapse_type.native_parameters
    return all(ps[name].is_homogeneous and not callable(ps[name].base_value) for name in ("weight", "delay"))


def _pairs(projection, connector):
    n_pre, n_post = projection.pre.size, projection.post.size
    if type(connector) is OneToOneConnector:
        if n_pre != n_post:
            return None  # let PyNN raise its own error
        idx = np.arange(n_pre)
        return idx, idx
    if type(connector) is AllToAllConnector:
        post, pre = np.divmod(np.arange(n_pre * n_post), n_pre)  # by post, then pre
        allow = connector.allow_self_connections
        if allow is False:
            pre, post = _without_self(projection, pre, post)
        elif allow is not True:
            return None
        return pre, post
    if (
        type(connector) is FixedProbabilityConnector
        and isinstance(connector.rng, NumpyRNG)
        and connector.allow_self_connections in (True, False)
        and _homogeneous_synapse(projection)
    ):
        return _fixed_probability_pairs(projection, connector)
    return None


def fast_connect(projection, connector) -> tuple[np.ndarray, ...] | None:
    """(pre, post, weight, delay) arrays ordered by post then pre, or None to use PyNN's path."""
    pairs = _pairs(projection, connector)
    if pairs is None:
        return None
    pre, post = pairs
    ps = connector._parameters_from_synapse_type(projection, distance_map=None)
    values = {}
    for name in ("weight", "delay"):
        larr = ps[name]
        if larr.is_homogeneous:
            values[name] = np.full(pre.size, float(larr.evaluate(simplify=True)))
        else:
            full = np.asarray(larr.evaluate(simplify=False), dtype=float)
            values[name] = np.broadcast_to(full, (projection.pre.size, projection.post.size))[pre, post]
    syn = projection.synapse_type
    if connector.safe and hasattr(syn, "parameter_checks") and pre.size:
        for pname, check in syn.parameter_checks.items():
            native = syn.translations[pname]["translated_name"]
            if native in values:
                check(values[native], projection)
    return pre, post, values["weight"], values["delay"]

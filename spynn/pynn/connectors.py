"""Vectorised connection generation for the connectors whose connectivity
needs no random numbers (OneToOne, AllToAll).  Everything else goes through
PyNN's own connector code (column by column), so random connectivity is drawn
exactly as pyNN.nest draws it from the same seed."""

from __future__ import annotations

import numpy as np
from pyNN.connectors import AllToAllConnector, OneToOneConnector


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
            keep = np.asarray(projection.pre.all_cells)[pre] != np.asarray(projection.post.all_cells)[post]
            pre, post = pre[keep], post[keep]
        elif allow is not True:
            return None
        return pre, post
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

"""Connectors that make their own pairs (spynn.pynn.connectors' PairsConnector protocol) have
two paths: fast_connect, and their own connect when fast_connect cannot evaluate the synapse
type's values.  Both must make the same connections, values included."""

import numpy as np

from spynn.pynn.connectors import fast_connect


def both_paths(net, monkeypatch, build):
    """build() (its projections' (pre, post, weight, delay) stacks) made through fast_connect,
    which must take every projection, then, after a fresh setup, through each connector's
    own connect; asserts the two agree and returns the fast path's."""
    taken = []

    def fast_only(proj, conn):
        out = fast_connect(proj, conn)
        taken.append(out is not None)
        return out

    monkeypatch.setattr("spynn.pynn.projections.fast_connect", fast_only)
    fast = build()
    assert taken and all(taken)
    net.end()
    net.setup(timestep=1.0)
    monkeypatch.setattr("spynn.pynn.projections.fast_connect", lambda proj, conn: None)
    slow = build()
    for f, s in zip(fast, slow):
        assert f.shape == s.shape and np.array_equal(f, s)
    return fast

"""Connectors with a vectorised path (spynn.pynn.connectors.fast_connect) and another (their
own connect, or PyNN's column-by-column code) must make the same connections, values
included."""

import numpy as np

from spynn.pynn.connectors import fast_connect


def watch_fast_connect(monkeypatch) -> list[bool]:
    """From now on, each Projection appends to the list returned whether fast_connect took it."""
    taken = []

    def watch(proj, conn):
        out = fast_connect(proj, conn)
        taken.append(out is not None)
        return out

    monkeypatch.setattr("spynn.pynn.projections.fast_connect", watch)
    return taken


def both_paths(net, monkeypatch, build, timestep=1.0, fast_expected=True):
    """build() (its projections' (pre, post, weight, delay) stacks) made through fast_connect,
    which must take every projection (or none: fast_expected False), then, after a fresh setup,
    through the other path; asserts the two agree and returns the first's."""
    taken = watch_fast_connect(monkeypatch)
    fast = build()
    assert taken and all(t == fast_expected for t in taken)
    net.end()
    net.setup(timestep=timestep)
    monkeypatch.setattr("spynn.pynn.projections.fast_connect", lambda proj, conn: None)
    slow = build()
    for f, s in zip(fast, slow):
        assert f.shape == s.shape and np.array_equal(f, s)
    return fast

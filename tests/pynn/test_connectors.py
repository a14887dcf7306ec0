"""spynn's vectorised connectors make exactly the connections PyNN's own code makes."""

import numpy as np
import pytest
from pyNN.connectors import FixedProbabilityConnector


@pytest.mark.parametrize("allow_self", [True, False])
def test_fixed_probability_matches_pynn_column_loop(sim, monkeypatch, allow_self):
    def connections(vectorised):
        sim.setup(timestep=1.0)
        if not vectorised:
            monkeypatch.setattr("spynn.pynn.projections.fast_connect", lambda proj, conn: None)
        pop = sim.Population(300, sim.IF_curr_exp())
        conn = FixedProbabilityConnector(0.05, allow_self_connections=allow_self, rng=sim.NumpyRNG(seed=7))
        prj = sim.Projection(pop, pop, conn, sim.StaticSynapse(weight=0.1, delay=1.0))
        out = np.stack([prj.spynn_pre, prj.spynn_post])
        monkeypatch.undo()
        sim.end()
        return out

    fast, slow = connections(True), connections(False)
    assert fast.shape[1] > 3000
    assert np.array_equal(fast, slow)
    if not allow_self:
        assert not np.any(fast[0] == fast[1])


def test_several_projections_sharing_an_rng_match_pynn(sim, monkeypatch):
    """PyNN draws each FixedProbability projection from a copy of the rng, so projections
    sharing one rng start from the same stream; spynn's fast path must do the same."""

    def lengths(vectorised):
        sim.setup(timestep=1.0)
        if not vectorised:
            monkeypatch.setattr("spynn.pynn.projections.fast_connect", lambda proj, conn: None)
        a = sim.Population(400, sim.IF_curr_exp())
        b = sim.Population(100, sim.IF_curr_exp())
        conn = FixedProbabilityConnector(0.1, allow_self_connections=False, rng=sim.NumpyRNG(seed=5))
        out = [
            np.stack([p.spynn_pre, p.spynn_post])
            for p in (
                sim.Projection(x, y, conn, sim.StaticSynapse(weight=0.1, delay=1.5))
                for x, y in ((a, a), (a, b), (b, a))
            )
        ]
        monkeypatch.undo()
        sim.end()
        return out

    for fast, slow in zip(lengths(True), lengths(False)):
        assert np.array_equal(fast, slow)

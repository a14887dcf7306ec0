"""FromListConnector, FromFileConnector, Distance- and DisplacementDependentProbabilityConnector
and CloneConnector through spynn's vectorised path (spynn.pynn.connectors): the very
connections and values PyNN's own column-by-column code makes, and PyNN's code still for what
the fast path leaves to it."""

import numpy as np
import pytest
from pyNN import connectors as pynn_connectors
from pyNN import errors
from pyNN.random import NumpyRNG, RandomDistribution
from pyNN.space import Grid2D, Space

from .connector_paths import both_paths, watch_fast_connect


@pytest.fixture
def net(sim):
    sim.setup(timestep=0.1)
    return sim


def both_ways(net, monkeypatch, build, fast_expected=True):
    return both_paths(net, monkeypatch, build, timestep=0.1, fast_expected=fast_expected)


def stack(prj):
    return np.stack([prj.spynn_pre, prj.spynn_post, prj.spynn_weight, prj.spynn_delay]).astype(float)


def grids(net, n_pre=400, n_post=196):
    a = net.Population(n_pre, net.IF_curr_exp(), structure=Grid2D(dx=1.0, dy=1.0))
    b = net.Population(n_post, net.IF_curr_exp(), structure=Grid2D(dx=1.5, dy=1.0, x0=2.0))
    return a, b


def a_list(n_pre=400, n_post=196, n=5000, seed=0):
    rng = np.random.default_rng(seed)
    return [
        (int(i), int(j), float(w), float(d))
        for i, j, w, d in zip(
            rng.integers(0, n_pre, n),
            rng.integers(0, n_post, n),
            rng.uniform(0.1, 1.0, n),
            rng.choice([0.1, 0.5, 1.3], n),
        )
    ]


# ------------------------------------------------------------------ FromList
def test_from_list_values_from_the_list(net, monkeypatch):
    rows = a_list()

    def build():
        a, b = grids(net)
        syn = net.StaticSynapse(weight=0.5, delay=1.0)
        return [
            stack(net.Projection(a, b, net.FromListConnector(rows), syn)),
            stack(net.Projection(a, b, net.FromListConnector([r[:3] for r in rows], column_names=["weight"]), syn)),
            stack(
                net.Projection(
                    a,
                    b,
                    net.FromListConnector([(i, j, d, w) for i, j, w, d in rows], column_names=["delay", "weight"]),
                    syn,
                )
            ),
        ]

    full, weight_only, swapped = both_ways(net, monkeypatch, build)
    assert full.shape[1] == len(rows)  # duplicates kept, as PyNN keeps them
    assert np.all(np.diff(full[1]) >= 0)  # ordered by post
    assert np.array_equal(weight_only[3], np.full(len(rows), 1.0))
    assert np.array_equal(swapped, full)


def test_from_list_random_values_as_pynn_draws_them(net, monkeypatch):
    """PyNN deep-copies the synapse type's parameters for each column: its connections take
    the first values of the same stream, and the script's rng does not move."""
    rows = [r[:2] for r in a_list()]
    rng = NumpyRNG(seed=4)

    def build():
        a, b = grids(net)
        syn = net.StaticSynapse(weight=RandomDistribution("normal", (0.5, 0.1), rng=rng), delay=1.0)
        return [stack(net.Projection(a, b, net.FromListConnector(rows), syn))]

    before = NumpyRNG(seed=4).next(3)
    (s,) = both_ways(net, monkeypatch, build)
    assert np.array_equal(rng.next(3), before)
    first = np.float32(NumpyRNG(seed=4).next(1, "normal", {"mu": 0.5, "sigma": 0.1})[0])
    starts = np.flatnonzero(np.diff(s[1], prepend=-1))  # each column's first connection
    assert np.all(s[2][starts] == first)


def test_from_file(net, monkeypatch, tmp_path):
    path = tmp_path / "conns.txt"
    np.savetxt(path, np.array(a_list(n=500)), header='columns = ["i", "j", "weight", "delay"]')

    def build():
        a, b = grids(net)
        return [stack(net.Projection(a, b, net.FromFileConnector(str(path)), net.StaticSynapse()))]

    (s,) = both_ways(net, monkeypatch, build)
    assert s.shape[1] == 500


def test_from_list_leaves_what_it_does_not_take_to_pynn(net, monkeypatch):
    """Indices out of range or not whole: PyNN's own code, with PyNN's error (or its silent drop
    of targets outside the population)."""
    taken = watch_fast_connect(monkeypatch)
    a, b = grids(net)
    with pytest.raises(errors.ConnectionError):
        net.Projection(a, b, net.FromListConnector([(0, 1, 0.1, 1.0), (500, 1, 0.1, 1.0)]), net.StaticSynapse())
    dropped = net.Projection(a, b, net.FromListConnector([(0, 300, 0.1, 1.0), (1, 1, 0.1, 1.0)]), net.StaticSynapse())
    assert len(dropped) == 1
    assert taken == [False, False]


def test_from_list_large_is_not_column_by_column(net, monkeypatch):
    def refuse(self, projection):
        raise AssertionError("PyNN's FromListConnector.connect ran")

    monkeypatch.setattr(pynn_connectors.FromListConnector, "connect", refuse)
    n = 20000
    rng = np.random.default_rng(1)
    rows = np.column_stack([rng.integers(0, n, 10 * n), rng.integers(0, n, 10 * n)])
    a = net.Population(n, net.IF_curr_exp())
    prj = net.Projection(a, a, net.FromListConnector(rows), net.StaticSynapse(weight=0.1, delay=1.0))
    assert len(prj) == 10 * n
    net.run(1.0)


# ---------------------------------------------------------- DistanceDependent
@pytest.mark.parametrize(
    "expression, allow_self, space",
    [
        ("exp(-d/4.0)", True, None),
        ("d<3", False, None),
        ("0.5*exp(-d*d/20)", True, Space(periodic_boundaries=((0, 20), (0, 15), None))),
        ("0.3*exp(-d/2)", True, Space(axes="x", scale_factor=2.0, offset=1.0)),
    ],
)
def test_distance_dependent_as_pynn(net, monkeypatch, expression, allow_self, space):
    def build():
        a, b = grids(net)
        kw = {} if space is None else {"space": space}
        conn = net.DistanceDependentProbabilityConnector(expression, allow_self, rng=NumpyRNG(7))
        syn = net.StaticSynapse(weight=RandomDistribution("uniform", (0.1, 0.5), rng=NumpyRNG(9)), delay="0.1+0.2*d")
        return [
            stack(net.Projection(a, b, conn, syn, **kw)),
            stack(net.Projection(a, a, conn, net.StaticSynapse(weight=0.2, delay=1.0), **kw)),
        ]

    ab, aa = both_ways(net, monkeypatch, build)
    assert ab.shape[1] > 100 and aa.shape[1] > 100
    if not allow_self:
        assert not np.any(aa[0] == aa[1])


def gaussian_displacement(d):
    return 0.6 * np.exp(-(d[0] ** 2 + 4 * d[1] ** 2) / 20.0) * (d[0] >= 0)  # anisotropic, one-sided


@pytest.mark.parametrize("allow_self", [True, False])
def test_displacement_dependent_as_pynn(net, monkeypatch, allow_self):
    def build():
        a, b = grids(net)
        conn = net.DisplacementDependentProbabilityConnector(gaussian_displacement, allow_self, rng=NumpyRNG(8))
        syn = net.StaticSynapse(weight=RandomDistribution("uniform", (0.1, 0.5), rng=NumpyRNG(9)), delay=1.0)
        return [stack(net.Projection(a, b, conn, syn)), stack(net.Projection(a, a, conn, syn))]

    ab, aa = both_ways(net, monkeypatch, build)
    assert ab.shape[1] > 100 and aa.shape[1] > 100
    assert allow_self or not np.any(aa[0] == aa[1])


def test_distance_dependent_sharing_the_values_rng(net, monkeypatch):
    """The connections come from a copy of the connector's rng (as in PyNN): weights drawn from
    the same rng are PyNN's values too, and the script's rng does not move."""
    rng = NumpyRNG(3)

    def build():
        a, b = grids(net)
        syn = net.StaticSynapse(weight=RandomDistribution("uniform", (0.1, 0.5), rng=rng), delay=1.0)
        return [stack(net.Projection(a, b, net.DistanceDependentProbabilityConnector("exp(-d)", rng=rng), syn))]

    both_ways(net, monkeypatch, build)


def test_distance_dependent_probability_law(net):
    """Kept with probability p(d) at each distance (a 1-D line: d = |i - j|)."""
    n = 2000
    line = net.Population(n, net.IF_curr_exp(), structure=net.space.Line(dx=1.0))
    prj = net.Projection(
        line, line, net.DistanceDependentProbabilityConnector("0.8*exp(-d/10)", rng=NumpyRNG(11)), net.StaticSynapse()
    )
    d = np.abs(prj.spynn_pre.astype(int) - prj.spynn_post.astype(int))
    for dist in (0, 5, 20):
        pairs = 2 * (n - dist) if dist else n
        expected = pairs * 0.8 * np.exp(-dist / 10)
        assert abs(np.count_nonzero(d == dist) - expected) < 5 * np.sqrt(expected)


# ---------------------------------------------------------------------- Clone
def test_clone_as_pynn(net, monkeypatch):
    rows = [r[:2] for r in a_list(n=3000)]  # with pairs given twice: cloned once

    def build():
        a, b = grids(net)
        ref = net.Projection(a, b, net.FromListConnector(rows), net.StaticSynapse(weight=0.3, delay=1.0))
        rng = NumpyRNG(5)
        syn = net.StaticSynapse(weight=RandomDistribution("uniform", (0.1, 0.5), rng=rng), delay=2.0)
        return [stack(ref), stack(net.Projection(a, b, net.CloneConnector(ref), syn))]

    ref, clone = both_ways(net, monkeypatch, build)
    pairs = {(int(i), int(j)) for i, j in rows}
    assert clone.shape[1] == len(pairs) < ref.shape[1]
    assert set(zip(clone[0].astype(int), clone[1].astype(int))) == pairs


def test_clone_of_other_populations_is_refused(net):
    a, b = grids(net)
    ref = net.Projection(a, b, net.OneToOneConnector(), net.StaticSynapse())
    with pytest.raises(errors.ConnectionError):
        net.Projection(b, a, net.CloneConnector(ref), net.StaticSynapse())

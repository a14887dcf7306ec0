"""spynn's vectorised connectors (spynn.pynn.connectors) make connections with the
distributions PyNN's connectors define, and the weights and delays PyNN would give
them.  Fixed seeds: every test is deterministic; statistical bounds are 4-5 sd."""

import math

import numpy as np
import pytest
from pyNN import connectors as pynn_connectors
from pyNN import errors
from pyNN.core import IndexBasedExpression
from pyNN.random import NumpyRNG, RandomDistribution

from spynn.pynn.connectors import fast_connect

CONNECTORS = (
    "AllToAllConnector",
    "OneToOneConnector",
    "FixedProbabilityConnector",
    "FixedNumberPreConnector",
    "FixedNumberPostConnector",
    "FixedTotalNumberConnector",
)


@pytest.fixture
def net(sim):
    sim.setup(timestep=0.1)
    return sim


@pytest.fixture
def fast_only(monkeypatch):
    """PyNN's own connector code must not run: spynn's fast path does it all."""

    def refuse(self, projection):
        raise AssertionError(f"PyNN's {type(self).__name__}.connect ran")

    for name in CONNECTORS:
        monkeypatch.setattr(getattr(pynn_connectors, name), "connect", refuse)


def project(sim, connector, n_pre=300, n_post=None, same=False, synapse=None, **kwargs):
    pre = sim.Population(n_pre, sim.IF_curr_exp())
    post = pre if same else sim.Population(n_post or n_pre, sim.IF_curr_exp())
    return sim.Projection(pre, post, connector, synapse or sim.StaticSynapse(weight=0.1, delay=1.0), **kwargs)


def pairs(prj):
    return prj.spynn_pre.astype(np.int64), prj.spynn_post.astype(np.int64)


def assert_post_major(prj, unique=True):
    pre, post = pairs(prj)
    keys = post * prj.pre.size + pre
    assert np.all(np.diff(keys) > 0) if unique else np.all(np.diff(keys) >= 0)


# ------------------------------------------------------------ FixedProbability
@pytest.mark.parametrize("p", [1e-3, 0.01, 0.1, 0.5, 0.9])
def test_fixed_probability_count_and_degrees_are_binomial(net, fast_only, p):
    n_pre, n_post = 400, 600
    prj = project(net, net.FixedProbabilityConnector(p, rng=NumpyRNG(seed=11)), n_pre, n_post)
    assert prj.spynn_pre.dtype == np.uint16  # 2 bytes per index up to 65536 neurons
    assert_post_major(prj)
    n = n_pre * n_post
    assert abs(len(prj) - n * p) < 4 * np.sqrt(n * p * (1 - p))
    # in-degree of each post cell: Binomial(n_pre, p); mean and variance of n_post samples
    deg = np.bincount(pairs(prj)[1], minlength=n_post)
    mean, var = n_pre * p, n_pre * p * (1 - p)
    mu4 = var * (1 + 3 * (n_pre - 2) * p * (1 - p))  # central fourth moment of the binomial
    assert abs(deg.mean() - mean) < 4 * np.sqrt(var / n_post)
    assert abs(deg.var(ddof=1) - var) < 5 * np.sqrt((mu4 - var**2) / n_post) + 1e-9
    # out-degree of each pre cell: Binomial(n_post, p), so chi-square / dof is about 1 - p
    out = np.bincount(pairs(prj)[0], minlength=n_pre)
    chi2 = np.sum((out - n_post * p) ** 2 / (n_post * p)) / (n_pre - 1)
    assert abs(chi2 / (1 - p) - 1) < 0.3


def test_fixed_probability_self_connections(net, fast_only):
    n, p = 2000, 0.5
    rng = NumpyRNG(seed=12)
    allowed = project(net, net.FixedProbabilityConnector(p, rng=rng), n, same=True)
    pre, post = pairs(allowed)
    assert abs(np.count_nonzero(pre == post) - n * p) < 4 * np.sqrt(n * p * (1 - p))
    refused = project(net, net.FixedProbabilityConnector(p, allow_self_connections=False, rng=rng), n, same=True)
    pre, post = pairs(refused)
    assert not np.any(pre == post)
    assert abs(len(refused) - n * (n - 1) * p) < 4 * np.sqrt(n * (n - 1) * p * (1 - p))


def test_fixed_probability_leaves_out_shared_cells_of_views(net, fast_only):
    pop = net.Population(400, net.IF_curr_exp())
    conn = net.FixedProbabilityConnector(0.5, allow_self_connections=False, rng=NumpyRNG(seed=13))
    prj = net.Projection(pop[0:300], pop[100:400], conn, net.StaticSynapse(weight=0.1, delay=1.0))
    pre, post = pairs(prj)
    assert not np.any(pre == post + 100)  # the same cell of pop
    possible = 300 * 300 - 200
    assert abs(len(prj) - possible * 0.5) < 4 * np.sqrt(possible * 0.25)


def test_fixed_probability_seeds_and_the_callers_rng(net, fast_only):
    def connections(seed, conn=None):
        conn = conn or net.FixedProbabilityConnector(0.05, rng=NumpyRNG(seed=seed))
        return np.stack(pairs(project(net, conn, 500)))

    assert np.array_equal(connections(1), connections(1))
    other = connections(2)
    assert other.shape != connections(1).shape or not np.array_equal(other, connections(1))
    # PyNN draws from a copy of connector.rng: the caller's rng is not advanced, and
    # projections of equal size sharing one connector get the same connections
    rng = NumpyRNG(seed=3)
    conn = net.FixedProbabilityConnector(0.05, rng=rng)
    first, second = connections(None, conn), connections(None, conn)
    assert np.array_equal(first, second)
    assert rng.next(5).tolist() == NumpyRNG(seed=3).next(5).tolist()


def test_fixed_probability_zero_and_one(net, fast_only):
    assert len(project(net, net.FixedProbabilityConnector(0.0), 200)) == 0
    everything = project(net, net.FixedProbabilityConnector(1.0), 200, 150)
    assert len(everything) == 200 * 150
    assert_post_major(everything)
    no_self = project(net, net.FixedProbabilityConnector(1.0, allow_self_connections=False), 200, same=True)
    assert len(no_self) == 200 * 199


def test_fixed_probability_matches_pynn_statistically(net, monkeypatch):
    """The same script through PyNN's own code: the counts differ by no more than two
    independent binomials do."""
    fast = project(net, net.FixedProbabilityConnector(0.1, rng=NumpyRNG(seed=14)), 600)
    monkeypatch.setattr("spynn.pynn.projections.fast_connect", lambda proj, conn: None)
    slow = project(net, net.FixedProbabilityConnector(0.1, rng=NumpyRNG(seed=14)), 600)
    n = 600 * 600
    assert abs(len(fast) - len(slow)) < 4 * np.sqrt(2 * n * 0.1 * 0.9)
    deg_fast, deg_slow = (np.bincount(pairs(p)[1], minlength=600) for p in (fast, slow))
    assert abs(deg_fast.std() - deg_slow.std()) < 0.1 * deg_slow.std()


# ----------------------------------------------------------- FixedNumber family
def assert_spread_evenly(counts, ratio=1.0):
    """counts (one per cell) of independent choices have chi-square / dof about 1; choices
    without replacement of a fraction f of the candidates, about 1 - f."""
    expected = counts.mean()
    dof = counts.size - 1
    chi2 = np.sum((counts - expected) ** 2 / expected) / dof
    assert abs(chi2 - ratio) < 5 * ratio * np.sqrt(2 / dof)


@pytest.mark.parametrize("with_replacement", [True, False])
@pytest.mark.parametrize("allow_self", [True, False])
def test_fixed_number_pre(net, fast_only, with_replacement, allow_self):
    n_pre, k = 400, 40
    conn = net.FixedNumberPreConnector(
        k, allow_self_connections=allow_self, with_replacement=with_replacement, rng=NumpyRNG(seed=21)
    )
    prj = project(net, conn, n_pre, same=True)
    pre, post = pairs(prj)
    assert np.all(np.bincount(post, minlength=n_pre) == k)
    assert_post_major(prj, unique=not with_replacement)
    assert allow_self or not np.any(pre == post)
    ratio = 1 if with_replacement else 1 - k / (n_pre - (not allow_self))
    assert_spread_evenly(np.bincount(pre, minlength=n_pre), ratio)  # every pre cell equally likely


def test_fixed_number_pre_more_than_there_are(net, fast_only):
    conn = net.FixedNumberPreConnector(25, with_replacement=False, rng=NumpyRNG(seed=22))
    pre, post = pairs(project(net, conn, 10, 30))
    counts = np.bincount(post * 10 + pre, minlength=300).reshape(30, 10)
    assert np.all(counts.sum(axis=1) == 25)
    assert np.all((counts == 2) | (counts == 3)) and np.all((counts == 3).sum(axis=1) == 5)


def test_fixed_number_pre_with_a_distribution_of_n(net, fast_only):
    n = RandomDistribution("binomial", (20, 0.5), rng=NumpyRNG(seed=23))
    prj = project(net, net.FixedNumberPreConnector(n, rng=NumpyRNG(seed=24)), 100, 300)
    # PyNN's FixedNumberConnector checks n on 100 draws when it is made; then one per row
    expected = NumpyRNG(seed=23).next(400, "binomial", {"n": 20, "p": 0.5})[100:]
    assert np.array_equal(np.bincount(pairs(prj)[1], minlength=300), expected)


def test_fixed_number_connectors_advance_the_callers_rng_as_pynn_does(net, fast_only):
    conn = net.FixedNumberPreConnector(10, rng=NumpyRNG(seed=25))
    first, second = (np.stack(pairs(project(net, conn, 200))) for _ in range(2))
    assert not np.array_equal(first, second)


@pytest.mark.parametrize("with_replacement", [True, False])
@pytest.mark.parametrize("allow_self", [True, False])
def test_fixed_number_post(net, fast_only, with_replacement, allow_self):
    n, k = 400, 30
    conn = net.FixedNumberPostConnector(
        k, allow_self_connections=allow_self, with_replacement=with_replacement, rng=NumpyRNG(seed=26)
    )
    prj = project(net, conn, n, same=True)
    pre, post = pairs(prj)
    assert np.all(np.bincount(pre, minlength=n) == k)
    assert_post_major(prj, unique=not with_replacement)
    assert allow_self or not np.any(pre == post)
    assert_spread_evenly(np.bincount(post, minlength=n), 1 if with_replacement else 1 - k / (n - (not allow_self)))


@pytest.mark.parametrize("with_replacement", [True, False])
@pytest.mark.parametrize("allow_self", [True, False])
def test_fixed_total_number(net, fast_only, with_replacement, allow_self):
    n, total = 60, 36_000  # 10 per possible pair
    conn = net.FixedTotalNumberConnector(
        total if with_replacement else 1500,
        allow_self_connections=allow_self,
        with_replacement=with_replacement,
        rng=NumpyRNG(seed=27),
    )
    prj = project(net, conn, n, same=True)
    pre, post = pairs(prj)
    assert len(prj) == (total if with_replacement else 1500)
    assert_post_major(prj, unique=not with_replacement)
    assert allow_self or not np.any(pre == post)
    per_pair = np.bincount(post * n + pre, minlength=n * n)
    if not allow_self:
        per_pair = per_pair[np.arange(n * n) % (n + 1) != 0]
    if with_replacement:
        assert_spread_evenly(per_pair)
    else:  # 1500 of the possible pairs: pre cells' counts are hypergeometric
        possible, group = per_pair.size, n - (not allow_self)
        assert np.all(per_pair <= 1)
        ratio = (1 - group / possible) * (possible - 1500) / (possible - 1)
        assert_spread_evenly(np.bincount(pre, minlength=n), ratio)


def test_fixed_total_number_more_than_there_are(net, fast_only):
    conn = net.FixedTotalNumberConnector(50, with_replacement=False, rng=NumpyRNG(seed=28))
    pre, post = pairs(project(net, conn, 6, 7))
    counts = np.bincount(post * 6 + pre, minlength=42)
    assert np.all((counts == 1) | (counts == 2)) and np.count_nonzero(counts == 2) == 8


# ------------------------------------------------------------ weights, delays
def truncated_normal_mean(mu, sigma, low, high):
    pdf = lambda x: math.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)  # noqa: E731
    cdf = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))  # noqa: E731
    a, b = (low - mu) / sigma, (high - mu) / sigma
    return mu + sigma * (pdf(a) - pdf(b)) / (cdf(b) - cdf(a))


@pytest.mark.parametrize("connector", ["FixedProbabilityConnector", "FixedNumberPreConnector", "AllToAllConnector"])
def test_random_weights_and_delays_are_one_draw_in_connection_order(net, fast_only, connector):
    make = {
        "FixedProbabilityConnector": lambda: net.FixedProbabilityConnector(0.2, rng=NumpyRNG(seed=31)),
        "FixedNumberPreConnector": lambda: net.FixedNumberPreConnector(60, rng=NumpyRNG(seed=31)),
        "AllToAllConnector": lambda: net.AllToAllConnector(),
    }[connector]
    rng = NumpyRNG(seed=32)
    syn = net.StaticSynapse(
        weight=RandomDistribution("normal", mu=0.5, sigma=0.1, rng=rng),
        delay=RandomDistribution("uniform", low=1.0, high=3.0, rng=rng),
    )
    prj = project(net, make(), 300, synapse=syn)
    m = len(prj)
    # PyNN's StaticSynapse keeps its own copy of each distribution (and of its rng)
    drawn = NumpyRNG(seed=32).next(m, "normal", {"mu": 0.5, "sigma": 0.1})
    assert np.array_equal(prj.spynn_weight, drawn.astype(np.float32))  # kept in single precision
    delays = NumpyRNG(seed=32).next(m, "uniform", {"low": 1.0, "high": 3.0})  # kept in whole timesteps
    assert np.array_equal(prj.spynn_delay_ticks, np.floor(delays / net.get_time_step() + 0.5 + 1e-9))
    assert abs(prj.spynn_weight.mean() - 0.5) < 4 * 0.1 / np.sqrt(m)
    assert abs(prj.spynn_weight.std() - 0.1) < 0.005


def test_clipped_and_other_distributions(net, fast_only):
    rng = NumpyRNG(seed=33)
    syn = net.StaticSynapse(
        weight=RandomDistribution("normal_clipped", mu=0.1, sigma=0.1, low=0.05, high=0.2, rng=rng),
        delay=RandomDistribution("normal_clipped_to_boundary", mu=1.5, sigma=0.75, low=0.1, high=2.0, rng=rng),
    )
    prj = project(net, net.FixedProbabilityConnector(0.3, rng=NumpyRNG(seed=34)), 300, synapse=syn)
    w, d, m = prj.spynn_weight, prj.spynn_delay, len(prj)
    assert w.min() >= 0.05 and w.max() <= 0.2
    assert abs(w.mean() - truncated_normal_mean(0.1, 0.1, 0.05, 0.2)) < 4 * 0.05 / np.sqrt(m)
    assert d.min() >= 0.1 and d.max() <= 2.0
    # clipped to 2.0, or rounded up to it: delays are kept in whole timesteps
    at_top = 1 - 0.5 * (1 + math.erf((2.0 - net.get_time_step() / 2 - 1.5) / 0.75 / math.sqrt(2)))
    assert abs(np.mean(d == 2.0) - at_top) < 4 * np.sqrt(at_top * (1 - at_top) / m)
    syn = net.StaticSynapse(weight=RandomDistribution("exponential", beta=0.2, rng=rng), delay=1.0)
    w = project(net, net.FixedProbabilityConnector(0.3, rng=NumpyRNG(seed=35)), 300, synapse=syn).spynn_weight
    assert abs(w.mean() - 0.2) < 4 * 0.2 / np.sqrt(w.size)


def test_random_weight_sign_checks(net, fast_only):
    rng = NumpyRNG(seed=36)
    inhibitory = net.StaticSynapse(weight=RandomDistribution("uniform", low=-0.2, high=-0.1, rng=rng), delay=1.0)
    prj = project(net, net.FixedProbabilityConnector(0.1), 100, synapse=inhibitory, receptor_type="inhibitory")
    assert np.all(prj.spynn_weight < 0)
    mixed = net.StaticSynapse(weight=RandomDistribution("normal", mu=0.0, sigma=1.0, rng=rng), delay=1.0)
    with pytest.raises(errors.ConnectionError):
        project(net, net.FixedProbabilityConnector(0.1), 100, synapse=mixed)


class IndexDifference(IndexBasedExpression):
    def __call__(self, i, j):
        return 0.01 * (1 + np.abs(i - j))


def test_weights_from_arrays_and_functions_match_pynn(net, monkeypatch):
    """AllToAll makes the same connections either way, so the values must be equal (random
    ones too: PyNN draws them column by column, in the same order)."""
    space = net.Space(axes="xy", periodic_boundaries=((0, 10), (0, 10), None))
    w = np.arange(12 * 15, dtype=float).reshape(12, 15) / 1000

    def build():
        grid = net.Population(12, net.IF_curr_exp(), structure=net.space.Grid2D(aspect_ratio=3 / 4, dx=2.0))
        other = net.Population(15, net.IF_curr_exp(), structure=net.space.Line(dx=1.5))
        by_distance = net.StaticSynapse(weight=lambda d: 0.1 * np.exp(-d / 3), delay=lambda d: 1 + d / 10)
        a = net.Projection(grid, other, net.AllToAllConnector(), by_distance, space=space)
        b = net.Projection(grid, other, net.AllToAllConnector(), net.StaticSynapse(weight=w, delay=1.0))
        rng = NumpyRNG(seed=37)
        random = net.StaticSynapse(
            weight=RandomDistribution("normal", mu=0.5, sigma=0.1, rng=rng),
            delay=RandomDistribution("uniform", low=1.0, high=3.0, rng=rng),
        )
        c = net.Projection(grid, other, net.AllToAllConnector(), random)
        by_index = net.StaticSynapse(weight=IndexDifference(), delay=1.0)
        d = net.Projection(grid, other, net.FixedProbabilityConnector(0.5), by_index)
        return [np.stack([*pairs(p), p.spynn_weight, p.spynn_delay]) for p in (a, b, c, d)]

    def taken(proj, conn):
        out = fast_connect(proj, conn)
        assert out is not None
        return out

    monkeypatch.setattr("spynn.pynn.projections.fast_connect", taken)
    fast = build()
    net.end()
    net.setup(timestep=0.1)
    monkeypatch.setattr("spynn.pynn.projections.fast_connect", lambda proj, conn: None)
    slow = build()
    single = 2.0**-23  # weights are kept in single precision
    for f, s in zip(fast[:3], slow[:3]):
        assert np.allclose(f, s, rtol=single, atol=0)
    pre, post, w, _ = fast[3]  # other connections than PyNN's, the same function of them
    assert len(w) > 40 and np.allclose(w, 0.01 * (1 + np.abs(pre - post)), rtol=single, atol=0)


# ------------------------------------------------------------ what a projection keeps
def test_projection_keeps_what_the_cores_need_and_no_more(net):
    """Per synapse: 2-byte indices up to 65536 neurons (4 above), single-precision static
    weights (a static word holds 16 bits of one), double-precision plastic ones (32 bits), and
    a byte of delay; the weights read back from the cores are as exact as before."""
    rng = NumpyRNG(seed=41)
    syn = net.StaticSynapse(weight=RandomDistribution("uniform", low=0.1, high=0.9, rng=rng), delay=1.0)
    small = project(net, net.FixedProbabilityConnector(0.05, rng=rng), 300, 400, synapse=syn)
    assert (small.spynn_pre.dtype, small.spynn_post.dtype) == (np.uint16, np.uint16)
    assert small.spynn_weight.dtype == np.float32 and small.spynn_delay_ticks.dtype == np.uint8
    big = net.Population(70_000, net.SpikeSourceArray(spike_times=[]))
    wide = net.Projection(big, small.post, net.FixedNumberPostConnector(1, rng=rng), syn)
    assert (wide.spynn_pre.dtype, wide.spynn_post.dtype) == (np.uint32, np.uint16)
    assert wide.spynn_pre.max() > 65535
    stdp = net.STDPMechanism(
        timing_dependence=net.SpikePairRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.012),
        weight_dependence=net.AdditiveWeightDependence(w_min=0.0, w_max=1.0),
        weight=RandomDistribution("uniform", low=0.1, high=0.9, rng=NumpyRNG(seed=43)),
        delay=1.0,
    )
    plastic = project(net, net.FixedProbabilityConnector(0.05, rng=NumpyRNG(seed=44)), 200, 200, synapse=stdp)
    given = NumpyRNG(seed=43).next(len(plastic), "uniform", {"low": 0.1, "high": 0.9})
    assert plastic.spynn_weight.dtype == np.float64 and np.array_equal(plastic.spynn_weight, given)
    small.set(weight=0.25)
    assert small.spynn_weight.dtype == np.float32
    w = np.asarray(small.get("weight", format="list", with_address=False), dtype=float)
    assert np.allclose(w, 0.25, rtol=2e-4, atol=0)  # 16-bit words: the same resolution as ever
    w = np.asarray(plastic.get("weight", format="list"))[:, 2]
    by_pair = np.lexsort((plastic.spynn_post, plastic.spynn_pre))
    assert np.allclose(w, given[by_pair], rtol=1e-7, atol=0)  # 32-bit plastic weights

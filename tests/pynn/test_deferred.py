"""Large FixedProbabilityConnector projections are described (spynn.pynn.deferred) and made
core by core at mapping (graph/plan.py, c_kernels/host/generate.c).  DEFER_MIN is lowered
here so small networks take that path.  Fixed seeds: deterministic; statistical bounds
are 4-5 sd or a KS p-value above 1e-3."""

import math

import numpy as np
import pytest
from scipy import stats

import spynn.pynn.deferred as deferred


@pytest.fixture
def described(sim, monkeypatch):
    monkeypatch.setattr(deferred, "DEFER_MIN", 1)
    sim.setup(timestep=0.1)
    return sim


def _clipped_weight(sim, rng, mu=0.5, sigma=0.2):
    return sim.RandomDistribution("normal_clipped", mu=mu, sigma=sigma, low=0.0, high=np.inf, rng=rng)


def _network(sim, n_pre=400, n_post=300, p=0.1, seed=7, self_loop=False):
    rng = sim.NumpyRNG(seed=seed)
    a = sim.Population(n_pre, sim.IF_curr_exp(i_offset=1.2), label="a")
    b = a if self_loop else sim.Population(n_post, sim.IF_curr_exp(), label="b")
    delay = sim.RandomDistribution("uniform", low=0.5, high=3.0, rng=rng)
    conn = sim.FixedProbabilityConnector(p, allow_self_connections=not self_loop, rng=rng)
    proj = sim.Projection(a, b, conn, sim.StaticSynapse(weight=_clipped_weight(sim, rng), delay=delay))
    return a, b, proj


def test_described_projection_has_the_laws_of_its_connector_and_distributions(described):
    sim = described
    a, b, proj = _network(sim)
    assert proj.spynn_plan is not None
    n = len(proj)
    mean, sd = 400 * 300 * 0.1, math.sqrt(400 * 300 * 0.1 * 0.9)
    assert abs(n - mean) < 5 * sd
    sim.run(1.0)
    pre, post, w, d = (np.array(c) for c in zip(*proj.get(["weight", "delay"], format="list")))
    assert pre.size == n == len(proj)
    # each pair at most once, every pre equally likely
    assert np.unique(pre * 300 + post).size == n
    assert stats.chisquare(np.bincount(pre.astype(int), minlength=400)).pvalue > 1e-3
    # weights: the truncated normal (to the cores' 16-bit resolution), delays: uniform in whole steps
    law = stats.truncnorm(-0.5 / 0.2, np.inf, loc=0.5, scale=0.2)
    assert stats.kstest(w, law.cdf).pvalue > 1e-3
    assert d.min() >= 0.5 and d.max() <= 3.0
    ticks = np.rint(d / 0.1).astype(int)
    counts = np.bincount(ticks, minlength=31)[5:31]
    # the ends (5 and 30 steps) get half a step's share each: rounding to the nearest step
    expected = np.full(26, 1.0) / 25 * n
    expected[[0, -1]] /= 2
    assert stats.chisquare(counts, expected).pvalue > 1e-3


def test_no_self_connections_in_a_population_onto_itself(described):
    _, _, proj = _network(described, self_loop=True)
    described.run(0.1)
    pre, post = (np.array(c) for c in zip(*proj.get([], format="list")))
    assert pre.size and not (pre == post).any()


def test_connections_do_not_depend_on_the_cores_or_threads(sim, monkeypatch):
    """The same seeds give the same connections whatever the split over cores and the threads:
    the same pairs and delays, and the same weights to the cores' 16-bit resolution (each
    core scales its weights for its own inputs, so the last bit may differ)."""
    monkeypatch.setattr(deferred, "DEFER_MIN", 1)
    got = []
    for per_core, threads in ((256, 1), (37, 2), (100, 2)):
        sim.setup(timestep=0.1, n_threads=threads)
        sim.set_number_of_neurons_per_core(sim.IF_curr_exp, per_core)
        _, b, proj = _network(sim)
        sim.run(0.1)
        got.append(np.array(proj.get(["weight", "delay"], format="array")))
        sim.end()
    for other in got[1:]:
        np.testing.assert_array_equal(np.isnan(got[0]), np.isnan(other))
        np.testing.assert_array_equal(np.nan_to_num(got[0][1]), np.nan_to_num(other[1]))  # delays
        np.testing.assert_allclose(np.nan_to_num(got[0][0]), np.nan_to_num(other[0]), atol=2 * 2.0**-14)


def test_plan_columns_are_independent_of_how_they_are_grouped(described):
    _, _, proj = _network(described, n_pre=500, n_post=200)
    plan = proj.spynn_plan
    whole = plan.connections(0, 200)
    parts = [plan.connections(lo, min(lo + 13, 200)) for lo in range(0, 200, 13)]
    for k in range(4):
        np.testing.assert_array_equal(whole[k], np.concatenate([p[k] for p in parts]))
    assert plan.count() == whole[0].size


def test_described_network_spikes_as_the_same_connections_given_as_a_list(sim, monkeypatch):
    """The rows a described projection writes at mapping are those of its connections made
    by the script: the same spikes as a FromListConnector of what get() reads back."""
    monkeypatch.setattr(deferred, "DEFER_MIN", 1)
    spikes = []
    for described in (True, False):
        sim.setup(timestep=0.1)
        if described:
            a, b, proj = _network(sim, p=0.05)
            sim.run(0.0)  # mapped: the connections as the cores hold them
            conns = proj.get(["weight", "delay"], format="list")
            sim.reset()
        else:
            a = sim.Population(400, sim.IF_curr_exp(i_offset=1.2), label="a")
            b = sim.Population(300, sim.IF_curr_exp(), label="b")
            proj = sim.Projection(a, b, sim.FromListConnector([tuple(c) for c in conns]), sim.StaticSynapse())
            assert proj.spynn_plan is None
        b.record("spikes")
        sim.run(200.0)
        spikes.append([np.asarray(s) for s in b.get_data("spikes").segments[-1].spiketrains])
        sim.end()
    assert sum(s.size for s in spikes[0]) > 100
    for x, y in zip(*spikes):
        np.testing.assert_array_equal(x, y)


def test_set_before_run_makes_the_connections(described):
    _, _, proj = _network(described)
    n = len(proj)
    proj.set(weight=0.25)
    assert proj.spynn_plan is None and len(proj) == n
    described.run(0.1)
    w = np.array(proj.get("weight", format="list"))[:, 2]
    np.testing.assert_allclose(w, 0.25, rtol=1e-3)


def test_the_synapse_types_checks_see_the_weights_when_the_projection_is_made(described):
    """As for made projections: negative weights onto conductance-based neurons are taken as
    magnitudes, with a warning, when the script makes the projection (not at run)."""
    sim = described
    rng = sim.NumpyRNG(seed=1)
    a = sim.Population(100, sim.IF_cond_exp())
    w = sim.RandomDistribution("normal_clipped", mu=-0.5, sigma=0.1, low=-1.0, high=0.0, rng=rng)
    with pytest.warns(UserWarning, match="negative weights"):
        proj = sim.Projection(a, a, sim.FixedProbabilityConnector(0.2, rng=rng), sim.StaticSynapse(weight=w))
    assert proj.spynn_plan is not None


def test_only_what_the_mapping_can_make_is_described(described):
    sim = described
    rng = sim.NumpyRNG(seed=2)
    a = sim.Population(200, sim.IF_curr_exp())
    conn = sim.FixedProbabilityConnector(0.1, rng=rng)
    unbounded = sim.RandomDistribution("normal", mu=2.0, sigma=0.1, rng=rng)
    cases = {
        "bounded": (a, a, sim.StaticSynapse(weight=0.1, delay=1.0), True),
        "unbounded delays": (a, a, sim.StaticSynapse(weight=0.1, delay=unbounded), True),
        "exponential weights": (
            a,
            a,
            sim.StaticSynapse(weight=sim.RandomDistribution("exponential", beta=0.1, rng=rng)),
            True,
        ),
        "lognormal weights": (
            a,
            a,
            sim.StaticSynapse(weight=sim.RandomDistribution("lognormal", mu=0.0, sigma=1.0, rng=rng)),
            True,
        ),
        "gamma weights": (
            a,
            a,
            sim.StaticSynapse(weight=sim.RandomDistribution("gamma", k=2.0, theta=0.1, rng=rng)),
            False,
        ),
        "a view": (a[:50], a, sim.StaticSynapse(weight=0.1), False),
        "plastic": (
            a,
            a,
            sim.STDPMechanism(
                weight=0.01, timing_dependence=sim.SpikePairRule(), weight_dependence=sim.AdditiveWeightDependence()
            ),
            False,
        ),
    }
    for name, (pre, post, syn, want) in cases.items():
        proj = sim.Projection(pre, post, conn, syn)
        assert (proj.spynn_plan is not None) == want, name
        assert len(proj) > 0, name


def test_arithmetic_on_a_distribution_applies_to_the_drawn_values_and_their_bounds(described):
    """A parameter that is arithmetic on a RandomDistribution (as lazyarray holds it): drawn,
    then the arithmetic, and the bounds follow."""
    from lazyarray import larray

    rng = described.NumpyRNG(seed=3)
    arr = larray(described.RandomDistribution("uniform", low=1.0, high=2.0, rng=rng)) * -0.1
    values = deferred._seeded(deferred._values(arr, "random"), arr, deferred.WEIGHTS)
    assert values.bounds == pytest.approx((-0.2, -0.1))
    counts = np.full(50, 40, dtype=np.uint64)
    drawn = values.at(counts, 0, 50, 2000)
    assert drawn.min() >= -0.2 and drawn.max() <= -0.1
    assert abs(drawn.mean() + 0.15) < 5 * 0.1 / math.sqrt(12 * drawn.size)


def test_all_to_all_is_described_with_every_pair_once(described):
    sim = described
    rng = sim.NumpyRNG(seed=4)
    a = sim.Population(60, sim.IF_curr_exp())
    w = sim.RandomDistribution("uniform", low=0.1, high=0.2, rng=rng)
    proj = sim.Projection(a, a, sim.AllToAllConnector(allow_self_connections=False), sim.StaticSynapse(weight=w))
    assert proj.spynn_plan is not None and len(proj) == 60 * 59
    sim.run(0.1)
    weights = np.array(proj.get("weight", format="array"))
    assert np.isnan(np.diag(weights)).all()
    off = weights[~np.eye(60, dtype=bool)]
    assert not np.isnan(off).any() and off.min() >= 0.1 - 1e-3 and off.max() <= 0.2 + 1e-3


def test_unbounded_delays_are_drawn_for_their_bounds_and_checked_when_made(described):
    sim = described
    rng = sim.NumpyRNG(seed=9)
    a = sim.Population(600, sim.IF_curr_exp())  # sparse: rows written out, drawn per column
    d = sim.RandomDistribution("normal", mu=2.0, sigma=0.5, rng=rng)
    proj = sim.Projection(a, a, sim.FixedProbabilityConnector(0.01, rng=rng), sim.StaticSynapse(weight=0.1, delay=d))
    lo, hi = proj.spynn_plan.delay_tick_bounds()
    sim.run(0.1)
    delays = np.array(proj.get("delay", format="list"))[:, 2]
    assert (lo, hi) == (round(delays.min() / 0.1), round(delays.max() / 0.1))
    assert hi > 30  # the longest of ~4000 draws, beyond the mean plus 2 sd
    too_short = sim.RandomDistribution("normal", mu=0.05, sigma=0.01, rng=rng)
    with pytest.raises(ValueError, match="shorter than one timestep"):
        sim.Projection(
            a, a, sim.FixedProbabilityConnector(0.1, rng=rng), sim.StaticSynapse(weight=0.1, delay=too_short)
        )


@pytest.mark.parametrize(
    "name, params, law",
    [
        ("normal", {"mu": 1.0, "sigma": 0.2}, stats.norm(1.0, 0.2)),
        ("normal_clipped_to_boundary", {"mu": 1.0, "sigma": 0.5, "low": 0.5, "high": 1.5}, None),
        ("exponential", {"beta": 0.3}, stats.expon(scale=0.3)),
        ("lognormal", {"mu": -1.0, "sigma": 0.5}, stats.lognorm(0.5, scale=math.exp(-1.0))),
        ("uniform", {"low": 0.2, "high": 0.7}, stats.uniform(0.2, 0.5)),
    ],
)
def test_every_drawn_distribution_has_its_law(described, name, params, law):
    dist = described.RandomDistribution(name, rng=described.NumpyRNG(seed=9), **params)
    from lazyarray import larray

    arr = larray(dist)
    values = deferred._seeded(deferred._values(arr, "random"), arr, deferred.WEIGHTS)
    x = values.at(np.full(100, 50, dtype=np.uint64), 0, 100, 5000)
    if law is not None:
        assert stats.kstest(x, law.cdf).pvalue > 1e-3
    else:  # clipped to the boundary: the ends take the tails' mass
        assert x.min() == 0.5 and x.max() == 1.5
        assert abs(np.mean(x == 0.5) - stats.norm.cdf(-1.0)) < 5 * math.sqrt(0.16 * 0.84 / 5000)


@pytest.mark.parametrize("with_replacement", [False, True])
def test_fixed_number_pre_gives_every_neuron_n_inputs(described, with_replacement):
    sim = described
    rng = sim.NumpyRNG(seed=6)
    a = sim.Population(150, sim.IF_curr_exp())
    conn = sim.FixedNumberPreConnector(40, allow_self_connections=False, with_replacement=with_replacement, rng=rng)
    proj = sim.Projection(a, a, conn, sim.StaticSynapse(weight=0.1, delay=1.0))
    assert proj.spynn_plan is not None and len(proj) == 150 * 40
    sim.run(0.1)
    pre, post = (np.array(c) for c in zip(*proj.get([], format="list")))
    assert (np.bincount(post, minlength=150) == 40).all()
    assert not (pre == post).any()
    pairs = np.unique(pre * 150 + post).size
    if with_replacement:  # repeats: the birthday law of 40 draws from 149 per column
        expected = 150 * 149 * (1 - (1 - 1 / 149) ** 40)
        assert abs(pairs - expected) < 5 * math.sqrt(expected * 0.1)
    else:
        assert pairs == 150 * 40
    assert stats.chisquare(np.bincount(pre, minlength=150)).pvalue > 1e-3


def test_normal_numbers_have_the_normal_law_in_the_body_and_the_tail(described):
    """The ziggurat (generate.c): 400k numbers against the normal distribution, by KS, by a
    chi-square over 100 bins in [-4, 4], and the mass beyond the base layer's edge (3.44)."""
    from lazyarray import larray

    arr = larray(described.RandomDistribution("normal", mu=0.0, sigma=1.0, rng=described.NumpyRNG(seed=11)))
    values = deferred._seeded(deferred._values(arr, "random"), arr, deferred.WEIGHTS)
    x = values.at(np.full(400, 1000, dtype=np.uint64), 0, 400, 400_000)
    assert stats.kstest(x, "norm").pvalue > 1e-3
    edges = np.linspace(-4.0, 4.0, 101)
    seen, _ = np.histogram(x, edges)
    expected = np.diff(stats.norm.cdf(edges))
    assert stats.chisquare(seen, expected / expected.sum() * seen.sum()).pvalue > 1e-3
    tail = 2 * stats.norm.sf(3.442619855899)
    assert abs(np.mean(np.abs(x) > 3.442619855899) - tail) < 5 * math.sqrt(tail / x.size)


@pytest.mark.parametrize("with_replacement", [False, True])
def test_fixed_total_number_makes_n_connections_spread_as_uniform_pairs(described, with_replacement):
    sim = described
    rng = sim.NumpyRNG(seed=12)
    a = sim.Population(120, sim.IF_curr_exp())
    b = sim.Population(90, sim.IF_curr_exp())
    conn = sim.FixedTotalNumberConnector(3000, with_replacement=with_replacement, rng=rng)
    proj = sim.Projection(a, b, conn, sim.StaticSynapse(weight=0.1, delay=1.0))
    assert proj.spynn_plan is not None and len(proj) == 3000
    sim.run(0.1)
    pre, post = (np.array(c) for c in zip(*proj.get([], format="list")))
    assert pre.size == 3000
    if not with_replacement:
        assert np.unique(pre * 90 + post).size == 3000
    # the columns' counts and the rows' counts: both as uniform pairs give them
    assert stats.chisquare(np.bincount(post, minlength=90)).pvalue > 1e-3
    assert stats.chisquare(np.bincount(pre, minlength=120)).pvalue > 1e-3


def test_fixed_total_number_onto_itself_leaves_out_self_connections(described):
    sim = described
    a = sim.Population(50, sim.IF_curr_exp())
    conn = sim.FixedTotalNumberConnector(
        2000, allow_self_connections=False, with_replacement=False, rng=sim.NumpyRNG(seed=2)
    )
    proj = sim.Projection(a, a, conn, sim.StaticSynapse(weight=0.1))
    assert proj.spynn_plan is not None
    sim.run(0.1)
    pre, post = (np.array(c) for c in zip(*proj.get([], format="list")))
    assert pre.size == 2000 and not (pre == post).any() and np.unique(pre * 50 + post).size == 2000


def test_fixed_number_pre_with_a_distribution_of_n_draws_the_ns_the_script_path_draws(sim, monkeypatch):
    """Each neuron's n comes from the distribution as the script's path (not described) draws
    it, so a described projection has the same in-degrees."""
    in_degrees = []
    for limit in (1, 1 << 40):
        monkeypatch.setattr(deferred, "DEFER_MIN", limit)
        sim.setup(timestep=0.1)
        a = sim.Population(200, sim.IF_curr_exp())
        b = sim.Population(80, sim.IF_curr_exp())
        n = sim.RandomDistribution("uniform_int", low=5, high=40, rng=sim.NumpyRNG(seed=14))
        proj = sim.Projection(
            a, b, sim.FixedNumberPreConnector(n, rng=sim.NumpyRNG(seed=13)), sim.StaticSynapse(weight=0.1)
        )
        assert (proj.spynn_plan is not None) == (limit == 1)
        sim.run(0.1)
        post = np.array([c[1] for c in proj.get([], format="list")])
        in_degrees.append(np.bincount(post, minlength=80))
        sim.end()
    np.testing.assert_array_equal(in_degrees[0], in_degrees[1])
    assert in_degrees[0].min() >= 5 and in_degrees[0].max() < 40 and np.unique(in_degrees[0]).size > 10


def test_a_delay_bound_far_beyond_the_draws_does_not_set_the_word_format(described):
    """normal_clipped(mu=10, sigma=0.75, high=1000): the bound is never reached, so the range
    values are ever drawn in (mu +- 10 sigma), not 1000 ms (more delay bits than a core has),
    sets the format; a low bound of 0 far below the draws is no error either (a sparse
    projection, drawn per column: procedural ones take their range from their tables)."""
    sim = described
    rng = sim.NumpyRNG(seed=15)
    a = sim.Population(300, sim.IF_curr_exp(i_offset=1.0))
    b = sim.Population(200, sim.IF_curr_exp())
    d = sim.RandomDistribution("normal_clipped", mu=10.0, sigma=0.75, low=0.0, high=1000.0, rng=rng)
    proj = sim.Projection(a, b, sim.FixedProbabilityConnector(0.01, rng=rng), sim.StaticSynapse(weight=0.1, delay=d))
    assert proj.spynn_plan.delay_tick_bounds() == (25, 175)
    sim.run(10.0)
    delays = np.array(proj.get("delay", format="list"))[:, 2]
    assert 2.5 < delays.min() and delays.max() < 17.5


def test_one_connector_gives_equal_shapes_the_same_connections_and_other_shapes_others(described):
    """As PyNN: projections of one shape from one connector (one rng) get the same
    connections.  Projections of other shapes must not share their neurons' streams: E -> E
    and I -> E from one rng would otherwise give neuron j the same rows from both."""
    sim = described
    rng = sim.NumpyRNG(seed=21)
    e, e2 = sim.Population(400, sim.IF_curr_exp()), sim.Population(400, sim.IF_curr_exp())
    i = sim.Population(100, sim.IF_curr_exp())
    conn = sim.FixedProbabilityConnector(0.2, rng=rng)
    ee, ee2, ie = (sim.Projection(a, b, conn, sim.StaticSynapse(weight=0.1)) for a, b in ((e, e), (e2, e2), (i, e)))
    same = [p.spynn_plan.connections(0, 400)[:2] for p in (ee, ee2)]
    np.testing.assert_array_equal(same[0][0], same[1][0])
    np.testing.assert_array_equal(same[0][1], same[1][1])
    pre_ee, post_ee = same[0]
    pre_ie, post_ie = ie.spynn_plan.connections(0, 400)[:2]
    shared = sum(
        len(set(pre_ee[(post_ee == j) & (pre_ee < 100)].tolist()) & set(pre_ie[post_ie == j].tolist()))
        for j in range(400)
    )
    assert abs(shared - 400 * 100 * 0.2 * 0.2) < 5 * math.sqrt(400 * 100 * 0.04)  # as independent draws


def test_all_to_all_with_constants_spikes_exactly_as_when_the_script_makes_it(sim, monkeypatch):
    """AllToAll with constant weights and delays draws nothing: described or made by the
    script, the cores get the same rows, so the spikes are the same to the bit (rows longer
    than one packed block's, an inhibitory projection, one without self-connections)."""
    spikes = []
    for limit in (0, 1 << 60):
        monkeypatch.setattr(deferred, "DEFER_MIN", limit)
        sim.setup(timestep=0.1)
        a = sim.Population(300, sim.SpikeSourcePoisson(rate=20.0), label="src")
        b = sim.Population(400, sim.IF_curr_exp(i_offset=0.3), label="b")
        c = sim.Population(150, sim.IF_curr_exp(i_offset=1.2), label="c")
        projections = [
            sim.Projection(a, b, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.1, delay=1.5)),
            sim.Projection(
                b, c, sim.AllToAllConnector(), sim.StaticSynapse(weight=-0.0002, delay=2.0), receptor_type="inhibitory"
            ),
            sim.Projection(c, c, sim.AllToAllConnector(allow_self_connections=False), sim.StaticSynapse(weight=0.02)),
        ]
        assert all((p.spynn_plan is not None) == (limit == 0) for p in projections)
        b.record("spikes")
        c.record("spikes")
        sim.run(200.0)
        spikes.append([[np.asarray(s) for s in pop.get_data("spikes").segments[0].spiketrains] for pop in (b, c)])
        sim.end()
    for described, made in zip(*spikes):
        assert sum(s.size for s in described) > 100
        for x, y in zip(described, made):
            np.testing.assert_array_equal(x, y)

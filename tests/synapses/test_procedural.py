"""Procedural rows (spynn/synapses/procedural.py, c_kernels/synapse/procedural.h): dense
described FixedProbability and AllToAll projections drawn per (presynaptic neuron, block of
64 post neurons), their rows made by the cores at each spike or written out at mapping.
DEFER_MIN is lowered so small networks are described.  Fixed seeds: deterministic;
statistical bounds are 4-5 sd or a KS p-value above 1e-3."""

import math

import numpy as np
import pytest
from scipy import stats

import spynn.pynn.deferred as deferred
from spynn.graph.plan import ConnectionPlan, Values
from spynn.pynn import simulator
from spynn.synapses import procedural


def _network(sim, made_at_spikes, n_pre=300, n_post=200, p=0.15, seed=3, per_core=None, weight=None, delay=None):
    sim.setup(timestep=0.1, procedural_connectivity=made_at_spikes)
    rng = sim.NumpyRNG(seed=seed)
    a = sim.Population(n_pre, sim.IF_curr_exp(i_offset=1.1, tau_refrac=2.0), label="a")
    b = sim.Population(n_post, sim.IF_curr_exp(), label="b")
    if per_core:
        sim.set_number_of_neurons_per_core(sim.IF_curr_exp, per_core)
    a.initialize(v=sim.RandomDistribution("uniform", low=-65.0, high=-55.0, rng=rng))
    if weight is None:
        weight = sim.RandomDistribution("normal_clipped", mu=0.4, sigma=0.1, low=0.0, high=np.inf, rng=rng)
    if delay is None:
        delay = sim.RandomDistribution("normal_clipped", mu=1.5, sigma=0.75, low=0.1, high=6.0, rng=rng)
    conn = sim.FixedProbabilityConnector(p, rng=rng)
    proj = sim.Projection(a, b, conn, sim.StaticSynapse(weight=weight, delay=delay))
    b.record("spikes")
    return a, b, proj


def _run(sim, made_at_spikes, **kw):
    _, b, proj = _network(sim, made_at_spikes, **kw)
    sim.run(100.0)
    spikes = [np.asarray(t) for t in b.get_data("spikes").segments[0].spiketrains]
    conns = np.array(proj.get(["weight", "delay"], format="list"))
    return spikes, conns


@pytest.fixture
def described(monkeypatch):
    monkeypatch.setattr(deferred, "DEFER_MIN", 1)


def test_rows_made_at_each_spike_are_the_rows_written_out(sim, described):
    made, conns_made = _run(sim, True)
    written, conns_written = _run(sim, False)
    assert conns_made.shape == conns_written.shape and conns_made.shape[0] > 0
    order_m, order_w = np.lexsort(conns_made[:, :2].T[::-1]), np.lexsort(conns_written[:, :2].T[::-1])
    np.testing.assert_array_equal(conns_made[order_m], conns_written[order_w])
    assert sum(t.size for t in made) > 100
    for m, w in zip(made, written):
        np.testing.assert_array_equal(m, w)


def test_the_network_spikes_as_the_same_connections_given_as_a_list(sim, described):
    made, conns = _run(sim, True)
    sim.setup(timestep=0.1)
    rng = sim.NumpyRNG(seed=3)
    a = sim.Population(300, sim.IF_curr_exp(i_offset=1.1, tau_refrac=2.0), label="a")
    b = sim.Population(200, sim.IF_curr_exp(), label="b")
    a.initialize(v=sim.RandomDistribution("uniform", low=-65.0, high=-55.0, rng=rng))
    sim.Projection(a, b, sim.FromListConnector(conns, column_names=["weight", "delay"]), sim.StaticSynapse())
    b.record("spikes")
    sim.run(100.0)
    listed = [np.asarray(t) for t in b.get_data("spikes").segments[0].spiketrains]
    for m, w in zip(made, listed):
        np.testing.assert_array_equal(m, w)


def test_connections_do_not_depend_on_how_the_population_is_split(sim, described):
    _, whole = _run(sim, True, n_post=150)
    _, split = _run(sim, True, n_post=150, per_core=37)  # cores that cut blocks of 64
    key = lambda c: np.lexsort(c[:, :2].T[::-1])  # noqa: E731
    np.testing.assert_array_equal(whole[key(whole)], split[key(split)])


def test_connections_weights_and_delays_have_their_laws(sim, described):
    n_pre, n_post, p = 400, 320, 0.2
    _, b, proj = _network(sim, True, n_pre=n_pre, n_post=n_post, p=p)
    sim.run(0.1)
    c = np.array(proj.get(["weight", "delay"], format="list"))
    n = c.shape[0]
    expected = n_pre * n_post * p
    assert abs(n - expected) < 5 * math.sqrt(expected * (1 - p))
    assert len(proj) == n
    per_pre = np.bincount(c[:, 0].astype(int), minlength=n_pre)  # ~ Binomial(n_post, p) each
    var = n_post * p * (1 - p)
    assert abs(per_pre.mean() - n_post * p) < 5 * math.sqrt(var / n_pre)
    chi2 = (n_pre - 1) * per_pre.var(ddof=1) / var
    assert 1e-3 < stats.chi2.cdf(chi2, n_pre - 1) < 1 - 1e-3
    per_post = np.bincount(c[:, 1].astype(int), minlength=n_post)
    assert stats.chisquare(per_post).pvalue > 1e-3  # every post neuron equally likely
    weights = c[:, 2]
    resolution = np.diff(np.unique(weights)).min()  # the core's weight resolution: jittered away
    jittered = weights + np.random.default_rng(1).uniform(-0.5, 0.5, n) * resolution
    law = stats.truncnorm((0.0 - 0.4) / 0.1, np.inf, loc=0.4, scale=0.1)
    assert stats.kstest(jittered, law.cdf).pvalue > 1e-3
    delays = np.round(c[:, 3] / 0.1).astype(int)
    dlaw = stats.truncnorm((0.1 - 1.5) / 0.75, (6.0 - 1.5) / 0.75, loc=1.5, scale=0.75)
    ticks = np.arange(1, 61)
    p_tick = dlaw.cdf((ticks + 0.5) * 0.1) - dlaw.cdf((ticks - 0.5) * 0.1)
    counts = np.bincount(delays, minlength=61)[1:61]
    keep = p_tick * n > 5
    assert stats.chisquare(counts[keep], p_tick[keep] / p_tick[keep].sum() * counts[keep].sum()).pvalue > 1e-3


def test_quantile_tables_follow_the_quantile_function():
    values = Values(None, kind=5, params=(-1.0, 0.5))  # lognormal
    table = procedural.quantile_table(values, 1.0, 31).view(np.int64)
    u, upper = procedural.table_points()
    want = stats.lognorm(0.5, scale=math.exp(-1.0))
    x = np.where(upper, want.isf(u), want.ppf(u))
    np.testing.assert_allclose(table * 2.0**-31, x, rtol=1e-9, atol=2**-31)


def test_a_delay_law_that_reaches_below_the_timestep_is_refused(sim, described):
    with pytest.raises(ValueError, match="shorter than one timestep"):
        _network(sim, True, delay=sim.RandomDistribution("normal", mu=0.3, sigma=0.2, rng=sim.NumpyRNG(seed=1)))


def test_memory_decides_when_not_told(monkeypatch):
    w = Values(0.1, bounds=(0.1, 0.1))
    plans = [ConnectionPlan("x", 1000, 1000, 0.1, False, 1, w, w, 0.1) for _ in range(2)]
    sparse = ConnectionPlan("y", 1000, 1000, 0.001, False, 1, w, w, 0.1)
    monkeypatch.setattr(procedural, "_available_bytes", lambda: 1e12)
    procedural.choose_storage([*plans, sparse], None)
    assert not any(procedural.made_at_spikes(p) for p in (*plans, sparse))
    monkeypatch.setattr(procedural, "_available_bytes", lambda: 1e6)
    procedural.choose_storage([*plans, sparse], None)
    assert all(procedural.made_at_spikes(p) for p in plans) and not procedural.made_at_spikes(sparse)
    procedural.choose_storage(plans, False)
    assert not any(procedural.made_at_spikes(p) for p in plans)


def test_a_chip_holds_one_copy_of_each_table_its_cores_share():
    from spynn.image.regions import CoreImage, build_chip_sdram
    from spynn.synapses import layout

    matrix_region = layout.const("REGION_SYNAPTIC_MATRIX")
    table, other = np.arange(10, dtype=np.uint32), np.arange(6, dtype=np.uint32)
    images = {
        core: CoreImage({matrix_region: np.zeros(40, np.uint32)}, ((5 + core, 2, table), (9, 3, other)))
        for core in range(3)
    }
    alone = build_chip_sdram({0: CoreImage({matrix_region: np.zeros(40, np.uint32)})})
    chip = build_chip_sdram(images)
    block_words = alone.words.size
    assert chip.words.size == 3 * block_words + 12 + 8  # each table once, 4-word aligned
    for core in range(3):
        m = chip.region_offset[core][matrix_region]
        for field, block, t in ((5 + core, 2, table), (9, 3, other)):
            at = m + block + int(chip.words[m + field])
            np.testing.assert_array_equal(chip.words[at : at + t.size], t)


def test_weights_the_cores_round_away_are_reported(sim, described):
    rng = sim.NumpyRNG(seed=2)
    tiny = sim.RandomDistribution("uniform", low=1e-7, high=2e-5, rng=rng)  # below the resolution (3e-5)
    _, b, proj = _network(sim, True, weight=tiny)
    with pytest.warns(UserWarning, match=r"weights quantise to 0"):
        sim.run(1.0)


def test_a_reset_runs_the_rows_made_at_each_spike_again(sim, described):
    _, b, _ = _network(sim, True)
    sim.run(60.0)
    first = [np.asarray(t) for t in b.get_data("spikes").segments[0].spiketrains]
    sim.reset()
    sim.run(60.0)
    again = [np.asarray(t) for t in b.get_data("spikes").segments[1].spiketrains]
    assert sum(t.size for t in first) > 50
    for x, y in zip(first, again):
        np.testing.assert_array_equal(x, y)


def test_rows_made_at_each_spike_give_the_same_spikes_on_one_thread_or_two(sim, described):
    out = []
    for threads in (1, 2):
        _, b, _ = _network(sim, True)
        simulator.state.sim.n_threads = threads
        sim.run(80.0)
        out.append([np.asarray(t) for t in b.get_data("spikes").segments[0].spiketrains])
    assert sum(t.size for t in out[0]) > 50
    for x, y in zip(*out):
        np.testing.assert_array_equal(x, y)

"""One-to-one Poisson sources drawn on their targets' cores (sPyNNaker's
SplitterPoissonDelegate): no cores or packets of their own, the same input, at the
same times, as the packets they replace."""

import numpy as np
import pytest

from spynn.pynn import simulator


def _mapped():
    return simulator.state.sim.mapped


def _input_ticks(sim, direct: bool, dt: float, delay: float, cell="IF_curr_exp"):
    """First and last tick with synaptic input from a dense Poisson burst (20-30 ms)."""
    sim.setup(timestep=dt)
    src = sim.Population(20, sim.SpikeSourcePoisson(rate=1000.0 / dt, start=20.0, duration=10.0), label="bg")
    pop = sim.Population(20, getattr(sim, cell)(v_thresh=1000.0), label="cells")
    if not direct:
        src.record("spikes")  # a recorded source keeps its core: packets
    variable = "v" if cell == "IF_curr_delta" else "gsyn_exc"
    pop.record(variable)
    sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.1, delay=delay))
    sim.run(60.0)
    assert bool(_mapped().direct_poisson) == direct
    x = np.asarray(pop.get_data().segments[0].filter(name=variable)[0])
    changed = np.nonzero(np.abs(np.diff(x, axis=0)).sum(axis=1) > 0)[0] + 1 if variable == "v" else None
    ticks = changed if changed is not None else np.nonzero(x.sum(axis=1))[0]
    sim.end()
    return int(ticks[0]), int(ticks[-1])


@pytest.mark.parametrize(
    "dt, delay, cell",
    [(0.1, 1.5, "IF_curr_exp"), (1.0, 1.0, "IF_curr_exp"), (0.1, 0.1, "IF_cond_exp"), (1.0, 3.0, "IF_curr_delta")],
)
def test_direct_input_arrives_when_the_packets_would(sim, dt, delay, cell):
    assert _input_ticks(sim, True, dt, delay, cell) == _input_ticks(sim, False, dt, delay, cell)


def test_direct_poisson_has_no_cores_and_gives_the_closed_form_mean_input(sim):
    sim.setup(timestep=0.1)
    n, rate, w, tau = 300, 2000.0, 0.1, 5.0
    src = sim.Population(n, sim.SpikeSourcePoisson(rate=rate), label="bg")
    pop = sim.Population(n, sim.IF_curr_exp(tau_syn_E=tau, v_thresh=1000.0), label="cells")
    pop.record("gsyn_exc")
    proj = sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=w, delay=1.5))
    sim.run(1000.0)
    m = _mapped()
    assert m.direct_poisson == {0: 0}
    assert [mv.vertex for mv in m.cores] == [1, 1]  # 2 neuron cores, none for the source
    current = np.asarray(pop.get_data().segments[0].filter(name="gsyn_exc")[0])[2000:]
    # each spike adds w, decaying by exp(-h/tau) per step: mean = rate h w / (1 - exp(-h/tau))
    expected = rate * 1e-4 * w / (1.0 - np.exp(-0.1 / tau))
    assert current.mean() == pytest.approx(expected, rel=0.02)
    prov = simulator.state.sim.provenance["cells"]
    assert prov["spikes_received"] == 0 and prov["input_buffer_overflows"] == 0
    assert prov["synaptic_events"] == pytest.approx(n * rate, rel=0.01)
    weights, delays = proj.get(["weight", "delay"], format="array")
    assert np.allclose(np.diag(weights), w, rtol=1e-3) and np.isnan(weights[0, 1])
    assert np.all(np.diag(delays) == 1.5)


def test_direct_poisson_rates_change_between_runs(sim):
    sim.setup(timestep=1.0)
    src = sim.Population(100, sim.SpikeSourcePoisson(rate=0.0), label="bg")
    pop = sim.Population(100, sim.IF_curr_exp(v_thresh=1000.0), label="cells")
    pop.record("gsyn_exc")
    sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.1, delay=2.0))
    sim.run(100.0)
    src.set(rate=np.linspace(0.0, 400.0, 100))
    sim.run(400.0)
    events = simulator.state.sim.provenance["cells"]["synaptic_events"]  # of this run
    assert events == pytest.approx(np.linspace(0.0, 400.0, 100).sum() * 0.4, rel=0.05)
    src.set(rate=0.0)
    sim.run(100.0)
    assert _mapped().direct_poisson
    x = np.asarray(pop.get_data().segments[0].filter(name="gsyn_exc")[0])
    assert not x[:102].any()  # silent; the first new spikes (drawn in tick 100) arrive at tick 102
    assert x[102:500].any()
    assert x[:, 0].max() == 0.0  # rate 0 Hz
    per_neuron = x[150:500].mean(axis=0)
    assert np.corrcoef(per_neuron, np.linspace(0.0, 400.0, 100))[0, 1] > 0.95
    assert x[-1].max() < 1e-3 * x[400].max()  # decayed after the rate went back to 0


def test_direct_poisson_is_deterministic_across_threads(sim):
    def spikes(n_threads):
        sim.setup(timestep=0.1, n_threads=n_threads)
        src = sim.Population(600, sim.SpikeSourcePoisson(rate=3000.0), seed=11)
        pop = sim.Population(600, sim.IF_curr_exp())
        pop.record("spikes")
        sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.2, delay=0.5))
        sim.run(200.0)
        trains = pop.get_data().segments[0].spiketrains
        sim.end()
        return [s.magnitude.tolist() for s in trains]

    one = spikes(1)
    assert sum(map(len, one)) > 1000
    assert one == spikes(2)


def test_which_poisson_sources_are_drawn_directly(sim):
    sim.setup(timestep=1.0)
    pop = sim.Population(10, sim.IF_curr_exp(), label="cells")
    other = sim.Population(10, sim.IF_curr_exp(), label="other")
    small = sim.Population(5, sim.IF_curr_exp(), label="small")
    one_to_one = sim.OneToOneConnector()
    static = sim.StaticSynapse(weight=0.1, delay=1.0)
    plastic = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(),
        weight_dependence=sim.AdditiveWeightDependence(w_max=1.0),
        weight=0.1,
    )

    def source(label):
        return sim.Population(10, sim.SpikeSourcePoisson(rate=10.0), label=label)

    cases = {
        "direct": (source("direct"), [(pop, one_to_one, static)]),
        "diagonal_list": (source("diagonal_list"), [(pop, sim.FromListConnector([(i, i) for i in range(10)]), static)]),
        "recorded": (source("recorded"), [(pop, one_to_one, static)]),
        "two_targets": (source("two_targets"), [(pop, one_to_one, static), (other, one_to_one, static)]),
        "random": (source("random"), [(pop, sim.FixedProbabilityConnector(0.5), static)]),
        "shifted": (source("shifted"), [(pop, sim.FromListConnector([(i, (i + 1) % 10) for i in range(10)]), static)]),
        "plastic": (source("plastic"), [(pop, one_to_one, plastic)]),
        "other_size": (source("other_size"), [(small, sim.FromListConnector([(i, i) for i in range(5)]), static)]),
        "no_projection": (source("no_projection"), []),
    }
    cases["recorded"][0].record("spikes")
    for src, targets in cases.values():
        for post, connector, synapse in targets:
            sim.Projection(src, post, connector, synapse)
    sim.run(10.0)
    m = _mapped()
    direct = {m.graph.vertices[v].label for v in m.direct_poisson}
    assert direct == {"direct", "diagonal_list"}
    with_cores = {m.graph.vertices[mv.vertex].label for mv in m.cores}
    assert not direct & with_cores and set(cases) - direct <= with_cores


@pytest.mark.filterwarnings("ignore:.*input queue holds")  # the packet path at high rates, as on a board
@pytest.mark.parametrize("lam", [0.05, 1.6, 12.0])
@pytest.mark.parametrize("direct", [True, False])
def test_poisson_counts_per_tick_follow_the_poisson_distribution(sim, lam, direct):
    """Delta synapses onto leak-free neurons: each tick's voltage step is the count times the weight."""
    from scipy import stats

    sim.setup(timestep=0.1)
    n, w = 200, 0.01
    src = sim.Population(n, sim.SpikeSourcePoisson(rate=lam / 1e-4), label="bg", seed=17)
    if not direct:
        src.record("spikes")
    cell = sim.IF_curr_delta(tau_m=1e9, v_rest=0.0, v_thresh=1e4, v_reset=0.0)
    pop = sim.Population(n, cell, label="cells", initial_values={"v": 0.0})
    pop.record("v")
    sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=w, delay=0.1))
    sim.run(100.0)
    assert bool(_mapped().direct_poisson) == direct
    v = np.asarray(pop.get_data().segments[0].filter(name="v")[0])
    k = np.rint(np.diff(v[1:], axis=0) / w).astype(int).ravel()  # from tick 2, when the first input lands
    assert k.mean() == pytest.approx(lam, rel=0.02) and k.var() == pytest.approx(lam, rel=0.05)
    counts = np.bincount(k)
    expected = stats.poisson.pmf(np.arange(counts.size), lam) * k.size
    keep = expected >= 5
    observed = np.append(counts[keep], k.size - counts[keep].sum())
    expected = np.append(expected[keep], k.size - expected[keep].sum())
    assert stats.chisquare(observed, expected).pvalue > 1e-3


def test_poisson_thresholds_are_the_cdf_in_u032():
    from scipy import stats

    from spynn.models.sources import MAX_POISSON_LAMBDA, poisson_thresholds
    from spynn.synapses import layout

    for lam in (1e-4, 0.3, 1.6, 7.0, MAX_POISSON_LAMBDA):
        t = poisson_thresholds(lam).astype(np.float64)
        assert np.all(np.diff(t) >= 0) and t.size <= layout.const("POISSON_MAX_SPIKES_PER_TICK")
        assert np.allclose(t, stats.poisson.cdf(np.arange(t.size), lam) * 2.0**32, rtol=0, atol=1.0)
        assert stats.poisson.sf(t.size, lam) < 2.0**-32  # more than t.size (which a draw cannot give): < 2^-32

"""A static projection's synapse arrays are dropped once the chips' SDRAM holds all its rows
(runtime Simulation._releaser): get() reads the rows, and mapping again (after reset(), a
change, or end()) brings the arrays back from them."""

import numpy as np
import pytest

from spynn.pynn import simulator


def _network(sim):
    sim.setup(timestep=0.1, n_threads=2)
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, 30)
    rng = sim.NumpyRNG(seed=5)
    src = sim.Population(60, sim.SpikeSourcePoisson(rate=40.0), label="src", seed=1)
    a = sim.Population(100, sim.IF_curr_exp(tau_refrac=2.0), label="a")
    b = sim.Population(50, sim.IF_curr_exp(), label="b")
    w = sim.RandomDistribution("normal_clipped", mu=0.4, sigma=0.1, low=0.0, high=1.0, rng=rng)
    d = sim.RandomDistribution("uniform", (1.0, 4.0), rng=rng)
    stdp = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.012),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.5),
        weight=0.2,
        delay=1.0,
    )
    projections = {
        "in": sim.Projection(src, a, sim.FixedProbabilityConnector(0.3, rng=rng), sim.StaticSynapse(weight=w, delay=d)),
        "rec": sim.Projection(
            a, a, sim.FixedProbabilityConnector(0.1, rng=rng), sim.StaticSynapse(weight=0.05, delay=1.5)
        ),
        # a view onto an assembly: two edges (a[20:80] -> a, a[20:80] -> b), released together
        "inh": sim.Projection(
            a[20:80],
            a + b,
            sim.FixedProbabilityConnector(0.1, rng=rng),
            sim.StaticSynapse(weight=-0.2, delay=1.0),
            receptor_type="inhibitory",
        ),
        "plastic": sim.Projection(src, b, sim.FixedProbabilityConnector(0.2, rng=rng), stdp),
        # a Poisson source drawn on its targets' cores: no rows, its words in their regions
        "direct": sim.Projection(
            sim.Population(100, sim.SpikeSourcePoisson(rate=20.0), label="bg", seed=2),
            a,
            sim.OneToOneConnector(),
            sim.StaticSynapse(weight=w, delay=1.0),
        ),
    }
    a.record("spikes")
    b.record("spikes")
    return (a, b), projections


def _spikes(pops):
    return [[s.magnitude.tolist() for s in p.get_data().segments[-1].spiketrains] for p in pops]


def _arrays(proj):
    """The projection's synapses as arrays, in one order: (pre, post, weight, delay ticks)."""
    pre, post = proj.spynn_pre.astype(np.int64), proj.spynn_post.astype(np.int64)
    order = np.lexsort((proj.spynn_delay_ticks, pre, post))
    return pre[order], post[order], proj.spynn_weight[order].astype(np.float64), proj.spynn_delay_ticks[order]


def _lsb(proj) -> float:
    """The largest weight step (16 bits) any core of the projection's posts has."""
    sim = simulator.state.sim
    shifts = [max(syn.shifts) for syn in sim.mapped.synapses.values()]
    return 2.0 ** (max(shifts) - 15)


def test_static_projections_drop_their_arrays_once_loaded_and_get_reads_the_rows(sim):
    pops, projs = _network(sim)
    given = {k: _arrays(p) for k, p in projs.items()}
    sizes = {k: len(p) for k, p in projs.items()}
    sim.run(50.0)
    runtime = simulator.state.sim
    for name, proj in projs.items():
        assert proj.spynn_released == (name != "plastic"), name
        assert len(proj) == sizes[name] > 0
        for e in runtime.edges_of[id(proj)]:
            assert runtime.mapped.graph.edges[e].released == (name != "plastic")
    assert len(runtime.edges_of[id(projs["inh"])]) == 2
    assert simulator.state.min_delay == pytest.approx(1.0)  # from the kept bounds, no read-back
    assert projs["rec"].spynn_released
    assert runtime.mapped.direct_poisson  # "direct" is drawn on a's cores
    for name in ("in", "rec", "inh", "direct"):
        pre, post, w, d = given[name]
        got = np.array(projs[name].get(["weight", "delay"], format="list"), dtype=float)
        order = np.lexsort((got[:, 3], got[:, 0], got[:, 1]))
        got = got[order]
        assert np.array_equal(got[:, 0], pre) and np.array_equal(got[:, 1], post)
        assert np.allclose(got[:, 3], d * 0.1)
        assert np.abs(got[:, 2] - w).max() <= _lsb(projs[name])
        assert projs[name].spynn_released  # get() read the rows; nothing came back


def test_reset_maps_again_from_the_rows_and_runs_the_same(sim):
    pops, projs = _network(sim)
    sim.run(200.0)
    first = _spikes(pops)
    assert sum(len(s) for p in first for s in p) > 100
    rows = {k: projs[k].get(["weight", "delay"], format="list") for k in ("in", "rec", "inh", "direct")}
    sim.reset()
    sim.run(200.0)
    assert _spikes(pops) == first
    for k, before in rows.items():
        assert projs[k].get(["weight", "delay"], format="list") == before
        assert projs[k].spynn_released


def test_arrays_brought_back_from_the_rows_are_the_projections(sim):
    pops, projs = _network(sim)
    given = {k: _arrays(p) for k, p in projs.items()}
    sim.run(10.0)
    lsb = {k: _lsb(projs[k]) for k in given}
    sim.reset()
    for name, (pre, post, w, d) in given.items():
        pre2, post2, w2, d2 = _arrays(projs[name])  # read back from the unloaded network's rows
        assert not projs[name].spynn_released
        assert np.array_equal(pre2, pre) and np.array_equal(post2, post) and np.array_equal(d2, d), name
        assert np.abs(w2 - w).max() <= (lsb[name] if name != "plastic" else 0.0), name
        assert (w2 <= 0).all() == (name == "inh")


def test_set_after_reset_changes_the_named_synapses_and_keeps_the_others(sim):
    pops, projs = _network(sim)
    sim.run(20.0)
    before = projs["in"].get(["weight", "delay"], format="list")
    sim.reset()
    projs["rec"].set(weight=0.07)
    projs["inh"].set(delay=2.0)
    sim.run(20.0)
    rec = np.array(projs["rec"].get("weight", format="list"))
    assert np.allclose(rec[:, 2], 0.07, atol=_lsb(projs["rec"]))
    assert np.allclose(np.array(projs["inh"].get("delay", format="list"))[:, 2], 2.0)
    assert projs["in"].get(["weight", "delay"], format="list") == before


def test_a_projection_made_after_reset_and_get_after_end_still_find_the_released_ones(sim):
    pops, projs = _network(sim)
    sim.run(20.0)
    before = projs["rec"].get(["weight", "delay"], format="list")
    sim.reset()
    extra = sim.Projection(pops[1], pops[0], sim.OneToOneConnector(), sim.StaticSynapse(weight=0.1, delay=1.0))
    sim.run(20.0)
    assert projs["rec"].get(["weight", "delay"], format="list") == before
    assert len(extra.get("weight", format="list")) == 50
    sim.end()
    assert projs["rec"].get(["weight", "delay"], format="list") == before  # maps again from the rows


def test_a_released_projection_of_an_earlier_setup_says_its_network_is_gone(sim):
    from spynn.errors import SpynnError

    pops, projs = _network(sim)
    sim.run(5.0)
    sim.setup(timestep=0.1)  # a new simulation: the old network and its rows are dropped
    with pytest.raises(SpynnError, match="Projection 'a.a': .*network that held them is gone"):
        len(projs["rec"].spynn_pre)

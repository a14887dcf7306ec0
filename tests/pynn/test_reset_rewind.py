"""reset() keeps the loaded network and rewinds it at the next run (image.rewind): every
region but the synaptic matrix written afresh. A run after reset is the first run again,
as after a new mapping; networks that no longer fit what was mapped are mapped again."""

import numpy as np
import pytest

from spynn.pynn import simulator


def _network(sim, rate=30.0, per_core=40, stdp=False):
    sim.setup(timestep=0.1, n_threads=2)
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, per_core)
    rng = sim.NumpyRNG(seed=11)
    src = sim.Population(80, sim.SpikeSourcePoisson(rate=rate), label="src", seed=4)
    arr = sim.Population(5, sim.SpikeSourceArray(spike_times=[[5.0, 40.0], [12.0], [], [30.0, 31.0], [60.0]]))
    bg = sim.Population(100, sim.SpikeSourcePoisson(rate=50.0), label="bg", seed=6)  # drawn on a's cores
    a = sim.Population(100, sim.IF_curr_exp(tau_refrac=2.0), label="a")
    a.initialize(v=sim.RandomDistribution("uniform", (-65.0, -55.0), rng=rng))
    noise = sim.NoisyCurrentSource(mean=0.2, stdev=0.3, start=0.0, stop=150.0, dt=1.0)
    a.inject(noise)
    syn = sim.StaticSynapse(weight=0.3, delay=1.0)
    if stdp:
        syn = sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.02, A_minus=0.02),
            weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.6),
            weight=0.3,
            delay=1.0,
        )
    proj = sim.Projection(src, a, sim.FixedProbabilityConnector(0.2, rng=rng), syn)
    sim.Projection(arr, a, sim.AllToAllConnector(), sim.StaticSynapse(weight=1.5, delay=2.0))
    sim.Projection(bg, a, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.2, delay=1.0))
    sim.Projection(a, a, sim.FixedProbabilityConnector(0.05, rng=rng), sim.StaticSynapse(weight=-0.5, delay=1.5),
                   receptor_type="inhibitory")  # fmt: skip
    a.record(["spikes", "v"])
    return a, proj


def _results(pop):
    seg = pop.get_data().segments[-1]
    return [s.magnitude.tolist() for s in seg.spiketrains], seg.filter(name="v")[0].magnitude.copy()


def _sdram():
    return simulator.state.sim.mapped.chips[0].words


def _same(x, y):
    return x[0] == y[0] and np.array_equal(x[1], y[1])


def test_a_run_after_reset_is_the_first_run_again_without_mapping(sim):
    a, _ = _network(sim)
    sim.run(150.0)
    first = _results(a)
    assert sum(map(len, first[0])) > 50
    words = _sdram()
    sim.reset()
    sim.run(150.0)
    assert _sdram() is words  # the same SDRAM, rewound
    assert "rewind" in sim.get_timings() and "partition" not in sim.get_timings()
    assert _same(_results(a), first)
    sim.reset()
    sim.reset()  # twice: still rewound
    sim.run(150.0)
    assert _sdram() is words
    assert _same(_results(a), first)


def test_parameters_and_initial_values_set_after_reset_are_those_of_a_fresh_network(sim):
    def changed(pop):
        pop.set(tau_m=15.0, i_offset=0.1)
        pop.initialize(v=-52.0)

    a, _ = _network(sim)
    sim.run(100.0)
    words = _sdram()
    sim.reset()
    changed(a)
    sim.run(100.0)
    assert _sdram() is words
    rewound = _results(a)
    sim.end()
    a, _ = _network(sim)
    changed(a)
    sim.run(100.0)
    assert _same(_results(a), rewound)


@pytest.mark.parametrize("change", ["per_core", "rate", "stdp", "projection", "recording"])
def test_networks_that_no_longer_fit_what_was_mapped_are_mapped_again(sim, change):
    a, proj = _network(sim, stdp=change == "stdp")
    sim.run(100.0)
    first = _results(a)
    w0 = np.array(proj.get("weight", format="list"))[:, 2] if change == "stdp" else None
    words = _sdram()
    sim.reset()
    if change == "per_core":
        sim.set_number_of_neurons_per_core(sim.IF_curr_exp, 30)
    elif change == "rate":
        simulator.state.sim.populations[0].set(rate=60.0)
    elif change == "projection":
        sim.Projection(simulator.state.sim.populations[0], a, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.1))
    elif change == "recording":
        a.record("gsyn_exc")
    sim.run(100.0)
    assert _sdram() is not words  # mapped again
    again = _results(a)
    if change in ("stdp", "recording"):  # the same network on the same cores, so the same run
        assert _same(again, first)
    if change == "stdp":  # learning restarted from the initial weights, and learnt the same again
        assert not np.allclose(w0, 0.3, atol=1e-3)
        assert np.array_equal(np.array(proj.get("weight", format="list"))[:, 2], w0)
        sim.reset()
        assert np.array_equal(np.array(proj.spynn_weight, dtype=float), np.full(len(proj), 0.3))
    if change in ("rate", "per_core"):  # as a fresh network made that way
        sim.end()
        b, _ = _network(sim, rate=60.0 if change == "rate" else 30.0, per_core=30 if change == "per_core" else 40)
        sim.run(100.0)
        assert _same(_results(b), again)

"""The delay pool (c_kernels/synapse/synapses.c): synapses whose delay the ring cannot hold
wait on their core and enter the ring later, in the slot they would have reached directly."""

import numpy as np
import pytest

import spynn as sim
from spynn.pynn import deferred, simulator
from spynn.synapses import layout, matrix
from spynn.synapses.matrix import delay_pool_capacity


def test_capacity_counts_each_synapse_s_wait():
    counts = np.bincount(np.array([1, 3, 7, 8, 9, 9, 15, 31]))
    # W = 7: delays 8, 9, 9, 15, 31 wait 1, 2, 2, 8, 24 ticks
    assert delay_pool_capacity([counts], 3) == 1 + 2 + 2 + 8 + 24
    assert delay_pool_capacity([counts, np.bincount([2, 12])], 3) == 37 + 5
    assert delay_pool_capacity([np.bincount([1, 2, 3])], 3) == 0


def network(n_per_core=None, every_tick=False, t_stop=200.0, procedural=None):
    """600 neurons, recurrent delays of 0.1-8 ms at dt 0.1 (up to 80 timesteps), driven by a
    spike array (a Poisson source's draws would depend on the cores); the weight scaling is
    given, so it does not depend on the cores either.  every_tick: a DC that makes every neuron
    fire every timestep, instead of the array."""
    sim.setup(timestep=0.1, min_delay=0.1, max_delay=10.0, procedural_connectivity=procedural)
    if n_per_core:
        sim.set_number_of_neurons_per_core(sim.IF_curr_exp, n_per_core)
    rng = sim.NumpyRNG(seed=42)
    cells = sim.IF_curr_exp(tau_refrac=0.0, v_reset=-51.0) if every_tick else sim.IF_curr_exp(tau_refrac=0.5)
    pop = sim.Population(600, cells, label="pop", additional_parameters={"max_expected_summed_weight": [40.0, 20.0]})
    pop.initialize(v=sim.RandomDistribution("uniform", (-65.0, -50.0), rng=rng))
    if not every_tick:
        r = np.random.default_rng(1)
        times = [np.unique(np.round(r.uniform(0.0, t_stop, 30), 1)) for _ in range(600)]
        drive = sim.Population(600, sim.SpikeSourceArray(spike_times=times), label="drive")
        sim.Projection(drive, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=2.0, delay=1.0))
    else:
        sim.DCSource(amplitude=500.0).inject_into(pop)
    d = sim.RandomDistribution("normal_clipped", mu=4.0, sigma=2.5, low=0.1, high=8.0, rng=rng)
    sim.Projection(pop, pop, sim.FixedProbabilityConnector(0.05, rng=rng), sim.StaticSynapse(weight=0.12, delay=d))
    sim.Projection(
        pop,
        pop,
        sim.FixedProbabilityConnector(0.025, rng=rng),
        sim.StaticSynapse(weight=0.4, delay=d),
        receptor_type="inhibitory",
    )
    pop.record(["spikes", "v"])
    sim.run(t_stop)
    state = simulator.state.sim
    rings = [(s.log_ring_delay, s.fmt.log_max_delay) for s in state.mapped.synapses.values()]
    if procedural:  # the recurrent rows are made at each spike
        assert all(len(s.procedural) == 2 for s in state.mapped.synapses.values())
    block = pop.get_data().segments[0]
    spikes = sorted((int(i), float(t)) for i, st in enumerate(block.spiketrains) for t in st.magnitude)
    v = np.asarray(block.filter(name="v")[0])
    provenance = dict(state.provenance.get("pop", {}))
    sim.end()
    return spikes, v, rings, provenance


def test_full_cores_with_a_pool_spike_as_small_cores_whose_ring_holds_every_delay():
    spikes, v, rings, prov = network()
    assert set(rings) == {(5, 7), (6, 7)}  # 256, 256 and 88 neurons a core: R < D = 7
    small_spikes, small_v, small_rings, _ = network(n_per_core=32)
    assert set(small_rings) == {(0, 7)}  # 32 neurons: the ring holds all 7 bits, no pool
    assert len(spikes) > 1000
    assert spikes == small_spikes
    np.testing.assert_array_equal(v, small_v)
    assert not prov.get("delay_pool_overflows")


def test_a_pool_filled_to_its_capacity_loses_nothing(monkeypatch):
    """Every neuron fires every timestep, so every waiting synapse's source sends a key each
    tick: the pool holds exactly its capacity, and a ring of 2^3 slots (forced) gives the
    same membrane traces as the ring that holds all delays."""
    direct = network(n_per_core=32, every_tick=True, t_stop=30.0)
    monkeypatch.setattr(matrix, "ring_delay_bits", lambda graph, vertex, n: 3)
    pooled = network(n_per_core=32, every_tick=True, t_stop=30.0)
    assert set(pooled[2]) == {(3, 7)}
    assert len(direct[0]) > 600 * 290  # a spike every 0.1 ms
    assert pooled[0] == direct[0]
    np.testing.assert_array_equal(pooled[1], direct[1])
    assert not pooled[3].get("delay_pool_overflows")


def test_an_overflowing_pool_is_reported(monkeypatch):
    monkeypatch.setattr(matrix, "ring_delay_bits", lambda graph, vertex, n: 3)
    monkeypatch.setattr(matrix, "delay_pool_capacity", lambda counts, r: 10)
    with pytest.warns(UserWarning, match="delay pool"):
        *_, prov = network(n_per_core=32, every_tick=True, t_stop=10.0)
    assert prov["delay_pool_overflows"] > 0
    assert layout.const("REGION_DELAY_POOL") == 20


def test_rows_made_at_each_spike_wait_in_a_pool_sized_from_them(monkeypatch):
    """The mapping makes every procedural row once to size the pool: every neuron firing every
    timestep fills it without loss, and the rows made at each spike give the spikes and traces
    of the same rows held."""
    monkeypatch.setattr(deferred, "DEFER_MIN", 1)
    made = network(every_tick=True, t_stop=30.0, procedural=True)
    held = network(every_tick=True, t_stop=30.0, procedural=False)
    assert set(made[2]) == set(held[2]) == {(5, 7), (6, 7)}
    assert made[0] == held[0] and len(made[0]) > 600 * 290
    np.testing.assert_array_equal(made[1], held[1])
    assert not made[3].get("delay_pool_overflows")

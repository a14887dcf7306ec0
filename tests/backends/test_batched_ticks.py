"""The emulator may run several ticks between two synchronisations of its cores
(runtime.batch_ticks): the results must be exactly those of tick by tick."""

import numpy as np
import pytest

from spynn import runtime
from spynn.pynn.simulator import state


def _network(sim, dt, delay, model="IF_curr_exp", stdp=False, background=False, change_delay=None):
    """A small recurrent network with Poisson and array input; spikes, v and provenance."""
    sim.setup(timestep=dt)
    cell = getattr(sim, model)(i_offset=0.1) if model != "IF_curr_exp" else sim.IF_curr_exp(i_offset=0.3, tau_syn_E=2.0)
    pop = sim.Population(300, cell, label="pop")
    pop.set_max_atoms_per_core(40)  # several cores, several tasks
    src = sim.Population(60, sim.SpikeSourcePoisson(rate=60.0), label="src")
    arr = sim.Population(5, sim.SpikeSourceArray(spike_times=[[float(t) for t in range(2, 200, 7)]] * 5), label="arr")
    rng = sim.NumpyRNG(seed=7)
    syn = sim.StaticSynapse(weight=1.5, delay=delay)
    if stdp:
        syn = sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.012),
            weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=3.0),
            weight=1.5,
            delay=delay,
        )
    sim.Projection(src, pop, sim.FixedProbabilityConnector(0.2, rng=rng), syn)
    sim.Projection(arr, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=2.0, delay=delay))
    rec = sim.Projection(
        pop, pop, sim.FixedProbabilityConnector(0.05, rng=rng), sim.StaticSynapse(weight=0.8, delay=delay + dt),
        receptor_type="inhibitory",
    )  # fmt: skip
    if background:
        bg = sim.Population(300, sim.SpikeSourcePoisson(rate=500.0), label="bg")
        sim.Projection(bg, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.5, delay=delay))
    pop.record(["spikes", "v"])
    sim.run(100.0)
    if change_delay is not None:  # after a reset, the delays of the next run
        sim.reset()
        rec.set(delay=change_delay)
    sim.run(100.0)
    batch = runtime.batch_ticks(state.sim.mapped)
    seg = pop.get_data().segments[-1]
    spikes = [st.magnitude.tolist() for st in seg.spiketrains]
    v = seg.filter(name="v")[0].magnitude.copy()
    prov = sim.get_provenance() if hasattr(sim, "get_provenance") else None
    sim.end()
    return batch, spikes, v, prov


def _tick_by_tick(monkeypatch, sim, **kw):
    with monkeypatch.context() as m:
        m.setattr(runtime, "batch_ticks", lambda *a: 1)
        return _network(sim, **kw)


@pytest.mark.parametrize(
    "kw, batch",
    [
        (dict(dt=0.1, delay=0.2), 3),  # VA-CUBA's delay: three ticks per synchronisation
        (dict(dt=1.0, delay=1.0), 2),
        (dict(dt=0.1, delay=1.5), 8),  # the most the emulator takes
        (dict(dt=1.0, delay=3.0, change_delay=1.0), 2),  # a delay set (after a reset) shorter
    ],
)
def test_batched_runs_are_exactly_tick_by_tick(sim, monkeypatch, kw, batch):
    got_batch, spikes, v, prov = _network(sim, **kw)
    assert got_batch == batch
    _, spikes_1, v_1, prov_1 = _tick_by_tick(monkeypatch, sim, **kw)
    assert sum(map(len, spikes)) > 100
    assert spikes == spikes_1
    assert np.array_equal(v, v_1)
    assert prov == prov_1


def test_a_batch_longer_than_the_delays_allow_would_differ(sim, monkeypatch):
    """The comparison above can fail: with one-tick delays, eight ticks per synchronisation
    deliver keys after the updates that needed them."""
    _, spikes_1, v_1, _ = _tick_by_tick(monkeypatch, sim, dt=1.0, delay=1.0)
    with monkeypatch.context() as m:
        m.setattr(runtime, "batch_ticks", lambda *a: 8)
        _, spikes, v, _ = _network(sim, dt=1.0, delay=1.0)
    assert spikes != spikes_1 or not np.array_equal(v, v_1)


@pytest.mark.parametrize(
    "kw",
    [
        dict(dt=1.0, delay=2.0, stdp=True),  # plastic rows read the spike history
        dict(dt=1.0, delay=2.0, background=True),  # direct Poisson adds in update
        dict(dt=1.0, delay=1.0, model="IF_curr_delta"),  # delta synapses: ring delay 0
    ],
)
def test_learning_direct_poisson_and_zero_ring_delays_run_tick_by_tick(sim, kw):
    batch, spikes, _, _ = _network(sim, **kw)
    assert batch == 1 and sum(map(len, spikes)) > 0

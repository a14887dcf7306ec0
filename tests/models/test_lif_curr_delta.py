"""IF_curr_delta: V jumps by the weight at the arrival time (as NEST's iaf_psc_delta)
and decays with tau_m; inputs during refractoriness are discarded."""

import numpy as np
import pytest

from .lif_params import LIF

P = dict(LIF)


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_jump_at_arrival_and_exponential_decay(sim, dt):
    sim.setup(timestep=dt)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0, 20.0]))
    pop = sim.Population(1, sim.IF_curr_delta(**P))
    sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=2.0, delay=1.0))
    sim.Projection(
        src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=-0.5, delay=3.0), receptor_type="inhibitory"
    )
    pop.record("v")
    sim.run(50.0)
    v = pop.get_data().segments[0].filter(name="v")[0].magnitude[:, 0]
    t = np.arange(v.size) * dt
    exact = np.full_like(t, P["v_rest"])
    for ta, w in ((6.0, 2.0), (8.0, -0.5), (21.0, 2.0), (23.0, -0.5)):
        exact += np.where(t >= ta - 1e-9, w * np.exp(-np.clip(t - ta, 0, None) / P["tau_m"]), 0.0)
    assert np.max(np.abs(v - exact)) < 0.002
    assert v[int(round(6.0 / dt))] == pytest.approx(P["v_rest"] + 2.0, abs=1e-3)  # V(T_arrival) has the jump
    assert v[int(round(6.0 / dt)) - 1] == P["v_rest"]


def test_spike_in_the_arrival_step_and_refractory_discards_input(sim):
    sim.setup(timestep=0.1)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0, 6.0]))
    pop = sim.Population(1, sim.IF_curr_delta(**P))
    sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=20.0, delay=1.0))
    pop.record(["spikes", "v"])
    sim.run(20.0)
    seg = pop.get_data().segments[0]
    assert seg.spiketrains[0].magnitude.tolist() == pytest.approx([6.0])  # the second input (t=7) is refractory
    v = seg.filter(name="v")[0].magnitude[:, 0]
    assert v[80] == P["v_reset"]  # clamped for tau_refrac after the spike at 6.0
    assert v[81] == pytest.approx(P["v_reset"] + (P["v_rest"] - P["v_reset"]) * (1 - np.exp(-0.1 / 20)), abs=1e-3)

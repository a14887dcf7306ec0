"""Current sources on the neuron cores against the exact discrete-time response:
a current held over each step [t, t+h) moves V by p20 * I, with
p20 = (tau_m / c_m)(1 - exp(-h / tau_m)) (NEST's convention for step currents)."""

import numpy as np
import pytest

P = dict(
    cm=0.5,
    tau_m=10.0,
    v_rest=-65.0,
    v_reset=-70.0,
    v_thresh=0.0,
    tau_refrac=2.0,
    tau_syn_E=5.0,
    tau_syn_I=5.0,
    i_offset=0.0,
)


def expected_v(current, dt):
    """V at every tick for the injected current of every tick (no spikes: threshold 0 mV)."""
    p22 = np.exp(-dt / P["tau_m"])
    p20 = P["tau_m"] / P["cm"] * (1 - p22)
    v = np.empty(current.size + 1)
    v[0] = P["v_rest"]
    for k, i in enumerate(current):
        v[k + 1] = P["v_rest"] + p22 * (v[k] - P["v_rest"]) + p20 * i
    return v


def run_with(sim, dt, make_source, t_stop=100.0, n=1):
    sim.setup(timestep=dt)
    pop = sim.Population(n, sim.IF_curr_exp(**P))
    make_source().inject_into(pop)
    pop.record("v")
    sim.run(t_stop)
    return pop.get_data().segments[0].filter(name="v")[0].magnitude


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_dc_source_window(sim, dt):
    v = run_with(sim, dt, lambda: sim.DCSource(amplitude=0.4, start=20.0, stop=60.0))[:, 0]
    t = np.arange(v.size - 1) * dt
    current = np.where((t >= 20.0 - 1e-9) & (t < 60.0 - 1e-9), 0.4, 0.0)
    assert np.max(np.abs(v - expected_v(current, dt))) < 0.002
    assert v[int(round(20 / dt))] == P["v_rest"] and v[int(round(21 / dt))] > P["v_rest"]


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_ac_source_waveform(sim, dt):
    v = run_with(
        sim, dt, lambda: sim.ACSource(amplitude=0.3, offset=0.1, frequency=25.0, phase=30.0, start=10.0, stop=90.0)
    )[:, 0]
    t = np.arange(v.size - 1) * dt
    on = (t >= 10.0 - 1e-9) & (t < 90.0 - 1e-9)
    # PyNN's phase is the phase at start
    current = np.where(on, 0.1 + 0.3 * np.sin(2 * np.pi * 25.0 * (t - 10.0) / 1000.0 + np.deg2rad(30.0)), 0.0)
    assert np.max(np.abs(v - expected_v(current, dt))) < 0.002


def test_step_source_and_changes_between_runs(sim):
    dt = 0.1
    sim.setup(timestep=dt)
    src = sim.StepCurrentSource(times=[10.0, 30.0, 50.0], amplitudes=[0.2, -0.1, 0.5])
    pop = sim.Population(2, sim.IF_curr_exp(**P))
    src.inject_into(pop[1:2])
    pop.record("v")
    sim.run(70.0)
    src.amplitudes = [0.2, -0.1, 0.0]  # from now on the last step injects nothing
    sim.run(30.0)
    v = pop.get_data().segments[0].filter(name="v")[0].magnitude
    t = np.arange(v.shape[0] - 1) * dt
    current = np.select([t >= 50 - 1e-9, t >= 30 - 1e-9, t >= 10 - 1e-9], [0.5, -0.1, 0.2], 0.0)
    current[t >= 70 - 1e-9] = 0.0
    assert np.all(v[:, 0] == P["v_rest"])  # not injected
    assert np.max(np.abs(v[:, 1] - expected_v(current, dt))) < 0.002


def test_noisy_source_statistics_and_seeding(sim):
    def trace(n_pop):
        sim.setup(timestep=0.1)
        src = sim.NoisyCurrentSource(mean=0.2, stdev=0.5, dt=1.0, start=0.0, stop=1e9)
        pop = sim.Population(n_pop, sim.IF_curr_exp(**P))
        src.inject_into(pop)
        pop.record("v")
        sim.run(2000.0)
        out = pop.get_data().segments[0].filter(name="v")[0].magnitude[:, 0]
        sim.end()
        return out

    a, b = trace(1), trace(1)
    assert np.array_equal(a, b)  # same network, same noise
    # stationary mean: v_rest + R * mean
    assert np.mean(a[5000:]) == pytest.approx(P["v_rest"] + P["tau_m"] / P["cm"] * 0.2, abs=0.5)
    # a current redrawn every ms with sd 0.5 nA: V fluctuates by several mV
    assert 1.0 < np.std(a[5000:]) < 5.0


def test_current_source_record(sim):
    sim.setup(timestep=1.0)
    src = sim.DCSource(amplitude=0.5, start=5.0, stop=8.0)
    pop = sim.Population(1, sim.IF_curr_exp(**P))
    src.inject_into(pop)
    src.record()
    sim.run(10.0)
    t, i = src._get_data()
    assert i.tolist() == [0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0, 0]


def test_noise_is_independent_per_neuron_and_partition(sim):
    def traces(per_core):
        sim.setup(timestep=0.1)
        sim.set_number_of_neurons_per_core(sim.IF_curr_exp, per_core)
        src = sim.NoisyCurrentSource(mean=0.0, stdev=0.5, dt=1.0, start=0.0, stop=1e9)
        pop = sim.Population(4, sim.IF_curr_exp(**P))
        src.inject_into(pop)
        pop.record("v")
        sim.run(1000.0)
        out = pop.get_data().segments[0].filter(name="v")[0].magnitude
        sim.end()
        return out

    a = traces(4)
    assert np.array_equal(a, traces(1))  # the same noise however the neurons are spread over cores
    c = np.corrcoef(a[1000:].T)
    assert np.max(np.abs(c[np.triu_indices(4, 1)])) < 0.3  # as NEST: each target its own noise


def test_noisy_source_recording_is_what_the_core_injected(sim):
    """With cm and tau_m chosen so that v integrates the current, v's increments recover
    the injected noise, which must equal the recorded waveform."""
    dt = 0.1
    sim.setup(timestep=dt)
    src = sim.NoisyCurrentSource(mean=0.2, stdev=0.3, dt=0.5, start=5.0, stop=40.0)
    pop = sim.Population(1, sim.IF_curr_exp(**P))
    src.inject_into(pop)
    src.record()
    pop.record("v")
    sim.run(50.0)
    t, i = src._get_data()
    assert i.size == 501 and np.all(i[:50] == 0) and np.all(i[400:] == 0) and np.std(i[50:400]) > 0.1
    v = pop.get_data().segments[0].filter(name="v")[0].magnitude[:, 0]
    assert np.max(np.abs(v - expected_v(i[:-1], dt))) < 0.002


def test_a_source_goes_into_one_cell_a_list_of_cells_or_a_view(sim):
    """inject_into takes what PyNN and sPyNNaker scripts give it: pop[i] (an ID), a list of
    IDs, a view; each cell gets the sum of its sources."""
    sim.setup(timestep=1.0)
    pop = sim.Population(4, sim.IF_curr_exp(**P))
    sim.DCSource(amplitude=0.4).inject_into(pop[1])
    sim.DCSource(amplitude=0.2).inject_into([pop[2], pop[3]])
    sim.DCSource(amplitude=0.1).inject_into(pop[2:])
    pop.record("v")
    sim.run(50.0)
    v = pop.get_data().segments[0].filter(name="v")[0].magnitude
    for cell, amplitude in enumerate([0.0, 0.4, 0.3, 0.3]):
        np.testing.assert_allclose(v[:, cell], expected_v(np.full(50, amplitude), 1.0), atol=0.002)

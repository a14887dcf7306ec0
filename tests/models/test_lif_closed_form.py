"""IF_curr_exp on the emulator against its exact solutions.

Tolerances: voltages within 0.01 mV (about 330 s16.15 steps: the truncating
u0.32 decay multiply biases V downwards by < 1 LSB per step, which accumulates
to at most 1/(1 - exp(-h/tau_m)) LSB, i.e. 200 LSB at h = 0.1 ms, tau_m = 20 ms);
spike times within one timestep (spikes are stamped at the end of the step in
which V crossed threshold, as NEST does)."""

import numpy as np
import pytest

P = dict(cm=1.0, tau_m=20.0, v_rest=-65.0, v_reset=-70.0, v_thresh=-50.0, tau_refrac=2.0, tau_syn_E=5.0, tau_syn_I=2.0)
V_TOL = 0.01


def analytic_spikes(i_offset, t_stop, dt=None):
    """Threshold-crossing times of the exact solution.  With dt, on a time grid as
    NEST and spynn compute it: the crossing is detected (and the neuron reset) at
    the end of the step in which it happens."""
    r_i = P["tau_m"] / P["cm"] * i_offset
    t, v0, out = 0.0, P["v_rest"], []
    while True:
        v_inf = P["v_rest"] + r_i
        t += -P["tau_m"] * np.log((v_inf - P["v_thresh"]) / (v_inf - v0))
        if dt is not None:
            t = np.ceil(t / dt - 1e-9) * dt
        if t > t_stop:
            return np.array(out)
        out.append(t)
        t += P["tau_refrac"]
        v0 = P["v_reset"]


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_constant_current_trace_and_spike_times(sim, dt):
    sim.setup(timestep=dt)
    i_offset = 1.0
    pop = sim.Population(1, sim.IF_curr_exp(i_offset=i_offset, **P))
    pop.initialize(v=P["v_rest"])
    pop.record(["v", "spikes"])
    sim.run(200.0)
    seg = pop.get_data().segments[0]
    spikes = seg.spiketrains[0].magnitude
    expected = analytic_spikes(i_offset, 200.0, dt)
    assert len(spikes) == len(expected) > 4
    assert np.all(np.abs(spikes - expected) <= dt + 1e-9)
    first = analytic_spikes(i_offset, 200.0)[0]
    assert 0 <= spikes[0] - first <= dt
    # the trace before the first spike is the exact charging curve
    v = seg.filter(name="v")[0].magnitude[:, 0]
    t = np.arange(v.size) * dt
    before = t < first - dt
    exact = P["v_rest"] + P["tau_m"] / P["cm"] * i_offset * (1 - np.exp(-t[before] / P["tau_m"]))
    assert np.max(np.abs(v[before] - exact)) < V_TOL


@pytest.mark.parametrize("dt", [1.0, 0.1])
@pytest.mark.parametrize("receptor,tau_s,sign", [("excitatory", 5.0, 1), ("inhibitory", 2.0, -1)])
def test_single_psp_is_the_analytic_kernel(sim, dt, receptor, tau_s, sign):
    sim.setup(timestep=dt)
    w, t_spike, delay = 0.5, 5.0, 2.0
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[t_spike]))
    pop = sim.Population(1, sim.IF_curr_exp(**P))
    pop.initialize(v=P["v_rest"])
    sim.Projection(
        src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=sign * w, delay=delay), receptor_type=receptor
    )
    pop.record("v")
    sim.run(60.0)
    v = pop.get_data().segments[0].filter(name="v")[0].magnitude[:, 0]
    t = np.arange(v.size) * dt
    s = np.clip(t - (t_spike + delay), 0, None)
    tm = P["tau_m"]
    kernel = w * tm * tau_s / (P["cm"] * (tm - tau_s)) * (np.exp(-s / tm) - np.exp(-s / tau_s))
    exact = P["v_rest"] + sign * kernel
    assert np.max(np.abs(v - exact)) < V_TOL
    assert abs(np.max(np.abs(v - P["v_rest"])) - np.max(kernel)) < V_TOL


@pytest.mark.parametrize(
    "dt, tau_refrac, interval",
    [(1.0, 0.1, 2.0), (1.0, 0.5, 2.0), (1.0, 1.5, 3.0), (1.0, 0.0, 1.0), (0.1, 0.34, 0.5), (0.1, 2.0, 2.1)],
)
def test_refractory_steps_round_up_like_nest_on_grid(sim, dt, tau_refrac, interval):
    """NEST's on-grid iaf_psc_exp (and sPyNNaker) hold a neuron for ceil(tau_refrac / h) steps:
    a strongly driven neuron fires every ceil(tau_refrac / h) + 1 steps (measured with NEST 3)."""
    sim.setup(timestep=dt)
    pop = sim.Population(1, sim.IF_curr_exp(i_offset=500.0, tau_refrac=tau_refrac))
    pop.record("spikes")
    sim.run(6 * interval)
    spikes = pop.get_data().segments[0].spiketrains[0].magnitude
    assert len(spikes) > 3
    np.testing.assert_allclose(np.diff(spikes), interval, atol=1e-9)


@pytest.mark.parametrize("cell", ["IF_curr_exp", "IF_cond_exp", "IF_curr_alpha"])
def test_a_reset_above_threshold_is_refused_naming_the_neuron(sim, cell):
    """v_reset > v_thresh would fire at every step out of refractoriness (NEST refuses it)."""
    sim.setup(timestep=0.1)
    sim.Population(3, getattr(sim, cell)(v_reset=[-65.0, -40.0, -65.0], v_thresh=-50.0))
    with pytest.raises(ValueError, match=rf"{cell}: v_reset \(-40.0 mV\) is above v_thresh \(-50.0 mV\) \(neuron 1\)"):
        sim.run(1.0)

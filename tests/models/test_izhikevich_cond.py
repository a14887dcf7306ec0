"""sPyNNaker's Izhikevich variants (extra_models.Izhikevich_cond, and Izhikevich given
tau_syn_E/tau_syn_I) against a float64 run of the same scheme: Euler in 0.1 ms sub-steps,
synapses decaying per sub-step, in sPyNNaker's units: I in nA enters the equation
unscaled (g in uS times mV, or the synaptic current, plus i_offset)."""

import numpy as np
import pytest

IZK = dict(a=0.02, b=0.2, c=-65.0, d=8.0, i_offset=2.0, tau_syn_E=5.0, tau_syn_I=10.0)
COND = dict(IZK, e_rev_E=0.0, e_rev_I=-80.0)


def reference(p, times_exc, w_exc, times_inh, w_inh, t_stop, h=0.1, times_exc2=(), w_exc2=0.0):
    """Trace of v and spike times; conductance synapses when p has reversal potentials (and
    a second excitatory conductance, tau_syn_E2, for Izhikevich_cond_dual)."""
    v, u, ge, ge2, gi, trace, spikes = -70.0, -14.0, 0.0, 0.0, 0.0, [], []
    arr_e = {int(round(t / h)) for t in times_exc}
    arr_e2 = {int(round(t / h)) for t in times_exc2}
    arr_i = {int(round(t / h)) for t in times_inh}
    for k in range(int(round(t_stop / h))):
        ge += w_exc if k in arr_e else 0.0
        ge2 += w_exc2 if k in arr_e2 else 0.0
        gi += w_inh if k in arr_i else 0.0
        trace.append(v)
        if "e_rev_E" in p:
            i = p["i_offset"] + (ge + ge2) * (p["e_rev_E"] - v) + gi * (p["e_rev_I"] - v)
        else:
            i = p["i_offset"] + ge - gi
        v, u = v + h * (0.04 * v * v + 5 * v + 140 - u + i), u + h * p["a"] * (p["b"] * v - u)
        if v >= 30:
            v, u = p["c"], u + p["d"]
            spikes.append((k + 1) * h)
        ge *= np.exp(-h / p["tau_syn_E"])
        ge2 *= np.exp(-h / p.get("tau_syn_E2", 1.0))
        gi *= np.exp(-h / p["tau_syn_I"])
    trace.append(v)
    return np.array(trace), np.array(spikes)


@pytest.mark.parametrize("kind, weight", [("cond", 0.1), ("curr_exp", 7.0)])
def test_synaptic_inputs(sim, kind, weight):
    sim.setup(timestep=0.1)
    exc_t, inh_t = [10.0, 12.0, 14.0, 16.0, 60.0], [40.0]
    params = COND if kind == "cond" else IZK
    cell = sim.extra_models.Izhikevich_cond(**params) if kind == "cond" else sim.Izhikevich(**params)
    assert type(cell).__name__ == ("Izhikevich_cond" if kind == "cond" else "IzhikevichCurrExp")
    pop = sim.Population(1, cell)
    e = sim.Population(1, sim.SpikeSourceArray(spike_times=exc_t))
    i = sim.Population(1, sim.SpikeSourceArray(spike_times=inh_t))
    sim.Projection(e, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=weight, delay=1.0))
    sim.Projection(
        i, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=weight, delay=1.0), receptor_type="inhibitory"
    )
    pop.record(["v", "spikes", "gsyn_exc"])
    sim.run(100.0)
    seg = pop.get_data().segments[0]
    v = seg.filter(name="v")[0].magnitude[:, 0]
    want_v, want_spikes = reference(params, [t + 1 for t in exc_t], weight, [t + 1 for t in inh_t], weight, 100.0)
    got_spikes = seg.spiketrains[0].magnitude
    assert len(got_spikes) == len(want_spikes) >= 2
    assert np.max(np.abs(got_spikes - want_spikes)) <= 0.1 + 1e-9
    quiet = np.all([np.abs(np.arange(v.size) * 0.1 - t) > 3.0 for t in want_spikes], axis=0)  # away from spikes
    assert np.max(np.abs(v - want_v)[quiet]) < 0.05
    assert seg.filter(name="gsyn_exc")[0].magnitude.max() >= 0.99 * weight


def test_plain_izhikevich_stays_pynn_standard(sim):
    """Without sPyNNaker's arguments, Izhikevich is PyNN's (and NEST's): 1000 x i_offset."""
    with pytest.warns(UserWarning, match="1000 x i_offset"):
        cell = sim.Izhikevich(i_offset=0.5)
    assert type(cell).__name__ == "Izhikevich" and "tau_syn_E" not in cell.get_parameter_names()


def _dual_run(sim, params, receptor_of, t_stop=100.0):
    """One Izhikevich_cond_dual neuron; for each (receptor, times, weight) of receptor_of a
    SpikeSourceArray projecting onto it with delay 1 ms.  -> (v, spike times, gsyn_exc)."""
    sim.setup(timestep=0.1)
    pop = sim.Population(1, sim.extra_models.Izhikevich_cond_dual(**params))
    for receptor, times, weight in receptor_of:
        src = sim.Population(1, sim.SpikeSourceArray(spike_times=times))
        syn = sim.StaticSynapse(weight=weight, delay=1.0)
        sim.Projection(src, pop, sim.AllToAllConnector(), syn, receptor_type=receptor)
    pop.record(["v", "spikes", "gsyn_exc"])
    sim.run(t_stop)
    seg = pop.get_data().segments[0]
    v = seg.filter(name="v")[0].magnitude[:, 0]
    g = seg.filter(name="gsyn_exc")[0].magnitude[:, 0]
    sim.end()
    return v, seg.spiketrains[0].magnitude, g


def test_dual_second_excitatory_conductance(sim):
    """Izhikevich_cond_dual: 'excitatory2' is a conductance of its own time constant and
    the same reversal potential; gsyn_exc records the sum of both."""
    params = dict(COND, tau_syn_E2=2.0)
    exc_t, exc2_t, inh_t = [10.0, 12.0], [30.0, 31.0, 32.0, 33.0, 34.0, 35.0], [60.0]
    v, spikes, g = _dual_run(
        sim, params, [("excitatory", exc_t, 0.05), ("excitatory2", exc2_t, 0.1), ("inhibitory", inh_t, 0.1)]
    )
    want_v, want_spikes = reference(
        params, [t + 1 for t in exc_t], 0.05, [t + 1 for t in inh_t], 0.1, 100.0,
        times_exc2=[t + 1 for t in exc2_t], w_exc2=0.1,
    )  # fmt: skip
    assert len(spikes) == len(want_spikes) >= 1
    assert np.max(np.abs(spikes - want_spikes)) <= 0.1 + 1e-9
    quiet = np.all([np.abs(np.arange(v.size) * 0.1 - t) > 3.0 for t in want_spikes], axis=0)
    assert np.max(np.abs(v - want_v)[quiet]) < 0.05
    # the second conductance decays with tau_syn_E2 (2 ms), not tau_syn_E (5 ms)
    peak = int(round(36.0 / 0.1)) + 1  # just after the last excitatory2 input lands (35 + 1 ms)
    ratio = g[peak + 20] / g[peak]
    assert abs(ratio - np.exp(-2.0 / 2.0)) < 0.01
    assert g[100:120].max() == pytest.approx(0.05, rel=0.01)  # the first input alone, 11 ms


def test_dual_receptors_are_the_same_conductance_when_their_taus_are(sim):
    """With tau_syn_E2 == tau_syn_E, input on 'excitatory2' gives exactly the trace the same
    input on 'excitatory' gives (both enter (g_exc + g_exc2) (e_rev_E - v))."""
    params = dict(COND, tau_syn_E2=COND["tau_syn_E"])
    times = [10.0, 12.0, 14.0, 16.0]
    v1, s1, _ = _dual_run(sim, params, [("excitatory", times, 0.1)])
    v2, s2, _ = _dual_run(sim, params, [("excitatory2", times, 0.1)])
    assert len(s1) >= 1 and np.array_equal(s1, s2) and np.array_equal(v1, v2)

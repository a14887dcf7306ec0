"""sPyNNaker's Izhikevich variants (extra_models.Izhikevich_cond, and Izhikevich given
tau_syn_E/tau_syn_I) against a float64 run of the same scheme: Euler in 0.1 ms sub-steps,
synapses decaying per sub-step, in sPyNNaker's units: I in nA enters the equation
unscaled (g in uS times mV, or the synaptic current, plus i_offset)."""

import numpy as np
import pytest

IZK = dict(a=0.02, b=0.2, c=-65.0, d=8.0, i_offset=2.0, tau_syn_E=5.0, tau_syn_I=10.0)
COND = dict(IZK, e_rev_E=0.0, e_rev_I=-80.0)


def reference(p, times_exc, w_exc, times_inh, w_inh, t_stop, h=0.1):
    """Trace of v and spike times; conductance synapses when p has reversal potentials."""
    v, u, ge, gi, trace, spikes = -70.0, -14.0, 0.0, 0.0, [], []
    arr_e = {int(round(t / h)) for t in times_exc}
    arr_i = {int(round(t / h)) for t in times_inh}
    for k in range(int(round(t_stop / h))):
        ge += w_exc if k in arr_e else 0.0
        gi += w_inh if k in arr_i else 0.0
        trace.append(v)
        if "e_rev_E" in p:
            i = p["i_offset"] + ge * (p["e_rev_E"] - v) + gi * (p["e_rev_I"] - v)
        else:
            i = p["i_offset"] + ge - gi
        v, u = v + h * (0.04 * v * v + 5 * v + 140 - u + i), u + h * p["a"] * (p["b"] * v - u)
        if v >= 30:
            v, u = p["c"], u + p["d"]
            spikes.append((k + 1) * h)
        ge *= np.exp(-h / p["tau_syn_E"])
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

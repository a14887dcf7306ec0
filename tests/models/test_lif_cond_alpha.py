"""IF_cond_alpha (NEST iaf_cond_alpha): the conductance after one input of weight w is the
alpha function w (t/tau) e^(1 - t/tau), peaking at w tau after the input, whatever V does
(checked to 1e-3 w at every sample); the membrane against NEST is in
integration_tests/test_models_against_nest.py (max |dv| 0.06-0.09 mV, spikes within a step)."""

import numpy as np
import pytest


@pytest.mark.parametrize("dt", [0.1, 1.0])
@pytest.mark.parametrize("receptor,tau_name", [("excitatory", "tau_syn_E"), ("inhibitory", "tau_syn_I")])
def test_conductance_is_the_alpha_function(sim, dt, receptor, tau_name):
    tau, w, arrival = 3.0, 0.02, 11.0
    sim.setup(timestep=dt)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[arrival - 1.0]))
    pop = sim.Population(1, sim.IF_cond_alpha(**{tau_name: tau}))
    sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=w, delay=1.0), receptor_type=receptor)
    name = "gsyn_exc" if receptor == "excitatory" else "gsyn_inh"
    pop.record(["v", name])
    sim.run(40.0)
    seg = pop.get_data().segments[0]
    g = seg.filter(name=name)[0]
    t = g.times.magnitude - arrival
    want = np.where(t > 0, w * (t / tau) * np.exp(1 - t / tau), 0.0)
    assert np.abs(g.magnitude[:, 0] - want).max() < 1e-3 * w
    assert g.magnitude[:, 0].max() == pytest.approx(w, rel=2e-3)
    v = seg.filter(name="v")[0].magnitude[:, 0]
    assert (v.max() > -65.0) if receptor == "excitatory" else (v.min() < -65.0)


def test_it_charges_e_times_an_exponential_conductance_of_the_same_peak(sim):
    """The integral of w (t/tau) e^(1-t/tau) is e w tau: a small input's depolarisation is
    about e times IF_cond_exp's of the same weight (the same charge at the same V)."""

    def peak(cell_type):
        sim.setup(timestep=0.1)
        src = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0]))
        pop = sim.Population(1, cell_type(tau_syn_E=2.0, tau_m=40.0))
        sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.0005, delay=1.0))
        pop.record("v")
        sim.run(100.0)
        v = pop.get_data().segments[0].filter(name="v")[0].magnitude[:, 0]
        sim.end()
        return v.max() + 65.0

    assert peak(sim.IF_cond_alpha) / peak(sim.IF_cond_exp) == pytest.approx(np.e, rel=0.05)

"""IFCondExpStoc: with V held at a constant value (v_rest = v_reset, no input, no
refractoriness) the escape-rate threshold makes the neuron a Bernoulli process
whose rate has a closed form; checked statistically (4 standard errors)."""

import numpy as np
import pytest


@pytest.mark.parametrize("v0", [-52.0, -50.5, -50.0])
def test_escape_rate_closed_form(sim, v0):
    dt, du_th, tau_th, v_thresh = 0.1, 0.5, 20.0, -50.0
    sim.setup(timestep=dt)
    n, t_stop = 200, 2000.0
    pop = sim.Population(
        n,
        sim.extra_models.IFCondExpStoc(
            v_rest=v0, v_reset=v0, v_thresh=v_thresh, du_th=du_th, tau_th=tau_th, tau_refrac=0.0
        ),
        seed=4,
    )
    pop.initialize(v=v0)
    pop.record("spikes")
    sim.run(t_stop)
    count = sum(len(s) for s in pop.get_data().segments[0].spiketrains)
    p = 1 - np.exp(-dt / tau_th * np.exp((v0 - v_thresh) / du_th))
    expected = n * int(round(t_stop / dt)) * p
    assert abs(count - expected) < 4 * np.sqrt(expected * (1 - p)) + 5, (count, expected)


def test_results_do_not_depend_on_the_partition(sim):
    def spikes(per_core):
        sim.setup(timestep=0.1)
        sim.set_number_of_neurons_per_core(sim.extra_models.IFCondExpStoc, per_core)
        pop = sim.Population(50, sim.extra_models.IFCondExpStoc(v_rest=-50.5, v_reset=-50.5, tau_refrac=0.0), seed=9)
        pop.initialize(v=-50.5)
        pop.record("spikes")
        sim.run(200.0)
        out = [s.magnitude.tolist() for s in pop.get_data().segments[0].spiketrains]
        sim.end()
        return out

    assert spikes(50) == spikes(7)

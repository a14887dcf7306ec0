"""sPyNNaker's stochastic neurons (StocExp, StocExpStable, StocSigma): each step outside
a burst the neuron fires with probability p(v), and a firing starts a burst of B spikes
(B = tau / dt, or tau_refrac / dt).  With v held constant that is a renewal process whose
fraction of spiking steps has a closed form: B / ((1 - p) / p + B); checked within 3%
(over 10 standard errors here).  The probability functions are checked in C (test_pow2)."""

import numpy as np
import pytest

N, STEPS = 200, 2000


def spiking_fraction(sim, cell, seed=5):
    sim.setup(timestep=1.0)
    pop = sim.Population(N, cell, seed=seed)
    pop.record("spikes")
    sim.run(float(STEPS + 1))  # the last step's spike is reported after it: STEPS steps
    count = sum(len(s) for s in pop.get_data().segments[0].spiketrains)
    sim.end()
    return count / (N * STEPS)


def renewal(p, burst):
    return burst / ((1 - p) / p + burst)


@pytest.mark.parametrize("bias,tau", [(0.0, 10.0), (1.0, 10.0), (-2.0, 3.0)])
def test_stoc_exp(sim, bias, tau):
    p, burst = 2.0**bias / tau, int(np.ceil(tau))
    got = spiking_fraction(sim, sim.extra_models.StocExp(tau=tau, bias=bias))
    assert got == pytest.approx(renewal(p, burst), rel=0.03)


@pytest.mark.parametrize("alpha,bias,tau_refrac", [(1.0, 0.0, 1.0), (2.0, 0.5, 1.0), (0.5, -3.0, 4.0)])
def test_stoc_sigma(sim, alpha, bias, tau_refrac):
    p = 2.0 ** (-(2.0 ** (-alpha * bias)))
    got = spiking_fraction(sim, sim.extra_models.StocSigma(alpha=alpha, bias=bias, tau_refrac=tau_refrac))
    assert got == pytest.approx(renewal(p, int(tau_refrac)), rel=0.03)


def test_stoc_exp_stable_at_rest_and_its_floor(sim):
    """bias 0: v stays at 0, p = tau; a negative bias drives v down to v_reset and holds it
    there (p = tau 2^v_reset)."""
    got = spiking_fraction(sim, sim.extra_models.StocExpStable(tau=0.25, tau_refrac=3.0))
    assert got == pytest.approx(renewal(0.25, 3), rel=0.03)
    sim.setup(timestep=1.0)
    pop = sim.Population(3, sim.extra_models.StocExpStable(v_reset=-4.0, tau=0.5, bias=-1.0, v_init=0.0))
    pop.record("v")
    sim.run(20.0)
    v = pop.get_data().segments[0].filter(name="v")[0].magnitude
    assert v[0].tolist() == [0.0] * 3 and (v[4:] == -4.0).all() and v.min() == -4.0


def test_an_input_moves_v_for_one_step_and_results_do_not_depend_on_the_partition(sim):
    def run(per_core):
        sim.setup(timestep=1.0)
        sim.set_number_of_neurons_per_core(sim.extra_models.StocExp, per_core)
        src = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]))
        pop = sim.Population(30, sim.extra_models.StocExp(tau=1000.0, bias=-10.0), seed=2)
        sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=40.0, delay=2.0))
        pop.record(["spikes", "v"])
        sim.run(30.0)
        seg = pop.get_data().segments[0]
        out = [s.magnitude.tolist() for s in seg.spiketrains], seg.filter(name="v")[0].magnitude[:, 0]
        sim.end()
        return out

    (trains, v), (trains7, _) = run(30), run(7)
    assert trains == trains7
    # v = bias, p = 2^-10 / 1000; the input at 12 ms: v = 30, p = 2^30 / 1000 >= 1, so every
    # neuron fires then, a burst of 1000 steps (v reads 0 in a burst)
    assert v[0] == 0.0 and (v[1:12] == -10.0).all() and v[12] == 30.0 and (v[13:] == 0.0).all()
    assert all(t == [float(k) for k in range(12, 30)] for t in trains)

"""SpikeSourceGamma and SpikeSourcePoissonRefractory, checked against their closed forms:
gamma(alpha, beta) intervals (mean alpha / beta, CV 1 / sqrt(alpha), a Kolmogorov-Smirnov
distance below 0.05) and a dead time with exponential intervals after it (mean rate as set)."""

import numpy as np
import pytest
from scipy import stats


def intervals(sim, cell, n=20, t_stop=20000.0, dt=0.1, **pop_kw):
    sim.setup(timestep=dt)
    src = sim.Population(n, cell, seed=7, **pop_kw)
    src.record("spikes")
    sim.run(t_stop)
    trains = [s.magnitude for s in src.get_data().segments[0].spiketrains]
    sim.end()
    return trains


@pytest.mark.parametrize("alpha,beta", [(2, 400.0), (4, 200.0), (6, 300.0)])
def test_gamma_intervals(sim, alpha, beta):
    trains = intervals(sim, sim.SpikeSourceGamma(alpha=alpha, beta=beta))
    isi = np.concatenate([np.diff(t) for t in trains])
    assert isi.mean() == pytest.approx(1000.0 * alpha / beta, rel=0.02)
    assert isi.std() / isi.mean() == pytest.approx(1 / np.sqrt(alpha), rel=0.05)
    assert stats.kstest(isi, "gamma", args=(alpha, 0, 1000.0 / beta)).statistic < 0.05


@pytest.mark.parametrize("rate,tau_refrac", [(100.0, 5.0), (50.0, 5.0), (40.0, 0.0)])
def test_poisson_refractory_intervals(sim, rate, tau_refrac):
    trains = intervals(sim, sim.SpikeSourcePoissonRefractory(rate=rate, tau_refrac=tau_refrac))
    isi = np.concatenate([np.diff(t) for t in trains])
    if tau_refrac:
        assert isi.min() > tau_refrac  # never within the dead time
    assert sum(len(t) for t in trains) / 20 / 20.0 == pytest.approx(rate, rel=0.03)
    tail = isi - tau_refrac
    assert stats.kstest(tail, "expon", args=(0, 1000.0 / rate - tau_refrac)).statistic < 0.05


def test_gamma_source_onto_neurons_is_not_drawn_on_their_cores(sim):
    """A one-to-one Poisson source unrecorded is drawn on its targets' cores; a gamma or
    refractory one keeps its state on a core of its own."""
    from spynn.pynn import simulator

    sim.setup(timestep=0.1)
    post = sim.Population(10, sim.IF_curr_exp())
    for cell in (sim.SpikeSourcePoisson(rate=50.0), sim.SpikeSourceGamma(alpha=3, beta=150.0)):
        sim.Projection(sim.Population(10, cell), post, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.1))
    sim.run(1.0)
    cores_of = simulator.state.sim.mapped.cores_of
    assert len(cores_of[1]) == 0 and len(cores_of[2]) == 1  # the plain Poisson population has no core


def test_bad_parameters_are_refused_naming_the_population(sim):
    sim.setup(timestep=0.1)
    sim.Population(2, sim.SpikeSourceGamma(alpha=0, beta=10.0), label="g")
    with pytest.raises(ValueError, match="SpikeSourceGamma 'g': alpha must be a whole number"):
        sim.run(1.0)
    sim.setup(timestep=0.1)
    sim.Population(2, sim.SpikeSourcePoissonRefractory(rate=300.0, tau_refrac=5.0), label="r")
    with pytest.raises(ValueError, match="SpikeSourcePoissonRefractory 'r': rate x tau_refrac must stay below 1"):
        sim.run(1.0)

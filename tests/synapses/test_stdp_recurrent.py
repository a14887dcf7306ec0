"""RecurrentRule (sPyNNaker's accumulator rule with random windows) on the emulator: exact
against its closed form when the windows are fixed, statistically against a Monte Carlo
of the same rule when they are random."""

import numpy as np
import pytest

from spynn.synapses.stdp import window_lut_words
from spynn.synapses.stdp_closed_form import calculate_recurrent_weight

from .test_stdp import one_synapse, random_trains

HUGE = 1e9  # [ms] mean window: every drawn window saturates at 65535 steps


def recurrent(sim, mean_window, dual_fsm=True, acc=(-2, 2), a=(0.05, 0.04), w0=0.5):
    def stdp():
        return sim.STDPMechanism(
            timing_dependence=sim.extra_models.RecurrentRule(
                accumulator_depression=acc[0],
                accumulator_potentiation=acc[1],
                mean_pre_window=mean_window,
                mean_post_window=mean_window,
                dual_fsm=dual_fsm,
                A_plus=a[0],
                A_minus=a[1],
            ),
            weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=1.0),
            weight=w0,
            delay=1.0,
        )

    return stdp


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_fixed_windows_match_the_closed_form(sim, dt):
    pre_t, post_t = random_trains(11, dt, 30, 25)
    (w,), post_spikes = one_synapse(sim, recurrent(sim, HUGE), pre_t, post_t, runs=(500.0,), dt=dt)
    window = 65535 * dt
    want = calculate_recurrent_weight(pre_t, post_spikes, 0.5, 1.0, -2, 2, 0.05, 0.04, window, window, dt=dt)
    assert abs(want - 0.5) > 0.04  # the protocol changes the weight
    assert abs(w - want) <= 2.0 ** (1 - 15)


def test_no_window_no_learning(sim):
    pre_t, post_t = random_trains(12, 1.0, 30, 25)
    (w,), _ = one_synapse(sim, recurrent(sim, 1e-6), pre_t, post_t, runs=(500.0,))
    assert abs(w - 0.5) <= 2.0**-14


def test_single_state_machine_with_open_windows(sim):
    """pre, then post 5 ms later, ten times: each pair is one step towards potentiation
    (pre opens its window, the post closes it), so with accumulator_potentiation = 2 the
    weight goes up by A_plus every second pair."""
    pre_t = [20.0 + 50.0 * k for k in range(10)]
    post_t = [t + 5.0 for t in pre_t]
    (w,), spikes = one_synapse(sim, recurrent(sim, HUGE, dual_fsm=False), pre_t + [520.0], post_t, runs=(600.0,))
    assert len(spikes) == 10
    assert abs(w - (0.5 + 5 * 0.05)) <= 2.0 ** (1 - 15)


def monte_carlo(pre_t, post_t, mean, dt, acc, a, n=4000, seed=0):
    """Mean final weight of the dual-FSM rule with windows drawn as the cores draw them."""
    table = window_lut_words(mean, dt)
    ticks = np.stack([table & 0xFFFF, table >> 16], axis=1).ravel().astype(float)
    rng = np.random.default_rng(seed)
    out = [
        calculate_recurrent_weight(
            pre_t,
            post_t,
            0.5,
            1.0,
            acc[0],
            acc[1],
            a[0],
            a[1],
            rng.choice(ticks, len(pre_t)) * dt,
            rng.choice(ticks, len(post_t)) * dt,
            dt=dt,
        )
        for _ in range(n)
    ]
    return float(np.mean(out)), float(np.std(out))


def test_random_windows_learn_at_the_expected_rate(sim):
    """300 independent synapses (one pre, one post neuron each), post 10 ms after pre,
    40 pairings, windows of mean 15 ms: mean weight within 4 standard errors of the
    Monte Carlo of the same rule, and the synapses differ (the windows are random)."""
    n, dt, acc, a = 300, 1.0, (-3, 3), (0.05, 0.05)
    pre_t = [20.0 + 40.0 * k for k in range(40)]
    post_t = [t + 10.0 for t in pre_t]
    sim.setup(timestep=dt)
    pre = sim.Population(n, sim.SpikeSourceArray(spike_times=pre_t))
    drive = sim.Population(n, sim.SpikeSourceArray(spike_times=[t - 3.0 for t in post_t]))
    post = sim.Population(n, sim.IF_curr_exp(tau_refrac=10.0, tau_syn_E=1.0))
    sim.Projection(drive, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=40.0, delay=1.0))
    prj = sim.Projection(pre, post, sim.OneToOneConnector(), recurrent(sim, 15.0, acc=acc, a=a)())
    post.record("spikes")
    sim.run(1700.0)
    w = np.array([c[2] for c in prj.get("weight", format="list")])
    spikes = post.get_data().segments[0].spiketrains
    assert all(np.allclose(s.magnitude, spikes[0].magnitude) for s in spikes)
    want, sd = monte_carlo(pre_t, spikes[0].magnitude, 15.0, dt, acc, a)
    assert w.std() > 0.01
    assert abs(w.mean() - want) < 4 * sd / np.sqrt(n) + 2.0**-14
    sim.end()

"""Neuromodulation (sPyNNaker's dopamine-modulated STDP) on the emulator against its
closed form: pairings set an eligibility trace, dopamine turns it into weight."""

import pytest

from spynn.synapses.stdp_closed_form import calculate_neuromodulated_weight

PRE = [20.0, 60.0, 100.0, 140.0, 400.0, 700.0]
POST = [25.0, 65.0, 105.0, 145.0]
DOPAMINE = [200.0, 250.0, 300.0]
A_PLUS, A_MINUS, TAU, TAU_C, TAU_D, AMOUNT = 0.01, 0.005, 20.0, 1000.0, 200.0, 0.002


def protocol(
    sim, receptor="reward", dopamine=DOPAMINE, dt=1.0, w_max=1.0, weight=0.5, dependence=None, timing=None, post_t=POST
):
    sim.setup(timestep=dt)
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=PRE))
    post = sim.Population(1, sim.IF_curr_exp(tau_refrac=10.0, tau_syn_E=1.0))
    drive = sim.Population(1, sim.SpikeSourceArray(spike_times=[t - 3.0 for t in post_t]))
    dop = sim.Population(1, sim.SpikeSourceArray(spike_times=dopamine))
    sim.Projection(drive, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=40.0, delay=1.0))
    stdp = sim.STDPMechanism(
        timing_dependence=(timing or sim.SpikePairRule)(tau_plus=TAU, tau_minus=TAU, A_plus=A_PLUS, A_minus=A_MINUS),
        weight_dependence=(dependence or sim.AdditiveWeightDependence)(w_min=0.0, w_max=w_max),
        weight=weight,
        delay=1.0,
    )
    prj = sim.Projection(pre, post, sim.OneToOneConnector(), stdp)
    da = sim.extra_models.Neuromodulation(weight=AMOUNT, tau_c=TAU_C, tau_d=TAU_D, w_min=0.0, w_max=w_max)
    sim.Projection(dop, post, sim.OneToOneConnector(), da, receptor_type=receptor)
    post.record("spikes")
    sim.run(800.0)
    w = prj.get("weight", format="list")[0][2]
    spikes = post.get_data().segments[0].spiketrains[0].magnitude
    sim.end()
    return w, spikes


def closed_form(spikes, sign=1.0, dopamine=DOPAMINE, w_max=1.0, weight=0.5, nearest=False):
    # 0.002 is stored as 131 / 65536 of dopamine per spike (u16.16)
    amount = sign * round(AMOUNT * 65536) / 65536
    events = [(t + 1.0, amount) for t in dopamine]
    return calculate_neuromodulated_weight(
        PRE, spikes, events, weight, 1.0, A_PLUS, A_MINUS, TAU, TAU, TAU_C, TAU_D, w_max=w_max, nearest=nearest
    )


@pytest.mark.parametrize("dt", [1.0, 0.1])
@pytest.mark.parametrize("receptor,sign", [("reward", 1.0), ("punishment", -1.0)])
def test_weight_change_matches_the_closed_form(sim, dt, receptor, sign):
    w, spikes = protocol(sim, receptor, dt=dt)
    want = closed_form(spikes, sign)
    assert len(spikes) == 4
    assert sign * (want - 0.5) > 0.02  # dopamine after the pairings moved the weight
    assert abs(w - want) <= 2.0 ** (1 - 15), (w, want)


def test_no_dopamine_no_weight_change(sim):
    w, spikes = protocol(sim, dopamine=[])
    assert abs(w - 0.5) <= 2.0**-15
    assert abs(closed_form(spikes, dopamine=[]) - 0.5) < 1e-12


def test_timing_of_dopamine(sim):
    """One dopamine spike before the pairings or just after them: different weights, each
    as the closed form has it."""
    early, spikes = protocol(sim, dopamine=[1.0])
    assert abs(early - closed_form(spikes, dopamine=[1.0])) <= 2.0 ** (1 - 15)
    late, _ = protocol(sim, dopamine=[150.0])
    assert abs(late - closed_form(spikes, dopamine=[150.0])) <= 2.0 ** (1 - 15)
    assert abs(late - early) > 10 * 2.0**-14  # when the dopamine comes matters


def test_receptor_and_synapse_type_must_match(sim):
    sim.setup(timestep=1.0)
    a = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0]))
    b = sim.Population(1, sim.IF_curr_exp())
    with pytest.raises(ValueError, match="reward"):
        sim.Projection(a, b, sim.OneToOneConnector(), sim.extra_models.Neuromodulation(weight=0.1))
    sim.Projection(a, b, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.1), receptor_type="reward")
    with pytest.raises(ValueError, match="Neuromodulation"):
        sim.run(1.0)
    sim.end()


def test_the_weight_moves_as_much_whatever_w_max(sim):
    """Pairings move the eligibility trace by A_plus K+ (A_minus K-) in weight units, not in
    units of w_max as additive STDP's steps (sPyNNaker's rule; NEST's stdp_dopamine_synapse)."""
    w1, spikes = protocol(sim)
    w20, spikes20 = protocol(sim, w_max=20.0, weight=10.0)
    assert list(spikes20) == list(spikes)
    want = closed_form(spikes, w_max=20.0, weight=10.0)
    assert abs((want - 10.0) - (closed_form(spikes) - 0.5)) < 1e-9  # the same change
    assert abs(w20 - want) <= 2.0 ** (1 - 10), (w20, want)  # 20 nA in 16 bits: steps of 2^-11
    assert abs((w20 - 10.0) - (w1 - 0.5)) < 2.0**-8


def test_a_weight_dependence_sPyNNaker_does_not_modulate_is_refused(sim):
    with pytest.raises(ValueError, match="not 'additive_potentiation_multiplicative_depression'"):
        protocol(sim, dependence=sim.AdditivePotentiationMultiplicativeDepression)


def test_nearest_pair_neuromodulated_pairs_as_the_nearest_rule(sim):
    """With SpikeNearestPairRule the eligibility trace moves as the nearest rule pairs: the
    first post spike after a pre spike only, each pre spike with the latest post spike."""
    post = [25.0, 40.0, 65.0, 80.0, 105.0, 145.0]  # two post spikes after some pre spikes
    w, spikes = protocol(sim, timing=sim.extra_models.SpikeNearestPairRule, post_t=post)
    assert len(spikes) == 6
    want, all_pairs = closed_form(spikes, nearest=True), closed_form(spikes)
    assert abs(w - want) <= 2.0 ** (1 - 15), (w, want)
    assert abs(want - all_pairs) > 10 * 2.0 ** (1 - 15)

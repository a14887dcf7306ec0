"""STDP on the emulator against the closed form (NEST stdp_synapse semantics), within
one step of the 16-bit weight, plus the classic window and run continuation."""

import warnings

import numpy as np
import pytest

TAU, A_PLUS, A_MINUS = 20.0, 0.05, 0.06


def one_synapse(sim, stdp, pre_t, post_t, runs=(250.0,), dt=1.0, receptor="excitatory"):
    """One plastic synapse between a spike source and a post neuron driven to fire once,
    about 2 ms after each drive spike: (weight after each run, post spike times)."""
    sim.setup(timestep=dt)
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=pre_t))
    post = sim.Population(1, sim.IF_curr_exp(tau_refrac=10.0, tau_syn_E=1.0))
    drive = sim.Population(1, sim.SpikeSourceArray(spike_times=[t - 3.0 for t in post_t]))
    sim.Projection(drive, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=40.0, delay=1.0))
    prj = sim.Projection(pre, post, sim.OneToOneConnector(), stdp(), receptor_type=receptor)
    post.record("spikes")
    weights = []
    for r in runs:
        sim.run(r)
        weights.append(prj.get("weight", format="list")[0][2])
    return weights, post.get_data().segments[0].spiketrains[0].magnitude


def nearest_pair_stdp(sim):
    """SpikeNearestPairRule, additive, w 0.5 in [0, 1], delay 1 ms."""
    return sim.STDPMechanism(
        timing_dependence=sim.extra_models.SpikeNearestPairRule(
            tau_plus=TAU, tau_minus=TAU, A_plus=A_PLUS, A_minus=A_MINUS
        ),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=1.0),
        weight=0.5,
        delay=1.0,
    )


def random_trains(seed, dt, n_pre, n_post):
    """Pre and post spike times on the time grid, in (5, 480) ms."""
    rng = np.random.default_rng(seed)
    pre_t = (np.unique(np.round(rng.uniform(5, 480, n_pre) / dt)) * dt).tolist()
    post_t = (np.unique(np.round(rng.uniform(5, 480, n_post) / dt)) * dt).tolist()
    return pre_t, post_t


def pairing(sim, weight_dependence, pre_t, post_t, runs=(250.0,), dt=1.0, w0=0.5, delay=1.0):
    def stdp():
        return sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(tau_plus=TAU, tau_minus=TAU, A_plus=A_PLUS, A_minus=A_MINUS),
            weight_dependence=weight_dependence(w_min=0.0, w_max=1.0),
            weight=w0,
            delay=delay,
        )

    return one_synapse(sim, stdp, pre_t, post_t, runs, dt)


@pytest.mark.parametrize(
    "dependence,helper",
    [
        ("AdditiveWeightDependence", "calculate_spike_pair_additive_stdp_weight"),
        ("MultiplicativeWeightDependence", "calculate_spike_pair_multiplicative_stdp_weight"),
        (
            "AdditivePotentiationMultiplicativeDepression",
            "calculate_spike_pair_additive_potentiation_multiplicative_depression_weight",
        ),
    ],
)
@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_weight_matches_the_helper(sim, dependence, helper, dt):
    pre_t, post_t = random_trains(1, dt, 25, 20)
    (w,), post_spikes = pairing(sim, getattr(sim, dependence), pre_t, post_t, runs=(500.0,), dt=dt)
    want = getattr(sim, helper)(pre_t, post_spikes, 0.5, 1.0, A_PLUS, A_MINUS, TAU, TAU)
    resolution = 2.0 ** (1 - 15)  # w_max = 1 sets the core's weight shift to 1
    assert abs(w - 0.5) > 10 * resolution  # it learned
    assert abs(w - want) <= resolution


def test_amplitudes_of_one_or_more(sim):
    """sPyNNaker scripts use A_plus, A_minus >= 1 (a change of A x w_max per pairing)."""
    a_plus, a_minus, w_max = 1.5, 1.0, 20.0
    pre_t = [10.0, 100.0, 190.0, 300.0]
    post_t = [20.0, 95.0, 205.0]

    def stdp():
        return sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(tau_plus=TAU, tau_minus=TAU, A_plus=a_plus, A_minus=a_minus),
            weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=w_max),
            weight=2.0,
            delay=1.0,
        )

    (w,), post_spikes = one_synapse(sim, stdp, pre_t, post_t, runs=(350.0,))
    want = sim.calculate_spike_pair_additive_stdp_weight(
        pre_t, post_spikes, 2.0, 1.0, a_plus, a_minus, TAU, TAU, w_min=0.0, w_max=w_max
    )
    assert abs(w - 2.0) > 1.0  # it learned, by more than w_max x 0.05
    assert abs(w - want) <= 2.0 ** (5 - 15)  # w_max = 20 sets the core's weight shift to 5


@pytest.mark.parametrize(
    "dependence,helper",
    [
        ("AdditiveWeightDependence", "calculate_spike_pair_additive_stdp_weight"),
        ("MultiplicativeWeightDependence", "calculate_spike_pair_multiplicative_stdp_weight"),
    ],
)
@pytest.mark.parametrize("a_plus,a_minus", [(0.05, -0.06), (-0.05, 0.06), (-0.05, -0.06)])
def test_negative_amplitudes_turn_the_change_around(sim, dependence, helper, a_plus, a_minus):
    """sPyNNaker accepts A_plus or A_minus < 0: that half of the window changes the weight
    the other way (anti-Hebbian learning), bounded by w_min and w_max as ever."""
    pre_t, post_t = random_trains(1, 1.0, 25, 20)

    def stdp():
        return sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(tau_plus=TAU, tau_minus=TAU, A_plus=a_plus, A_minus=a_minus),
            weight_dependence=getattr(sim, dependence)(w_min=0.0, w_max=1.0),
            weight=0.5,
            delay=1.0,
        )

    (w,), post_spikes = one_synapse(sim, stdp, pre_t, post_t, runs=(500.0,))
    bounds = dict(w_min=0.0, w_max=1.0)
    want = getattr(sim, helper)(pre_t, post_spikes, 0.5, 1.0, a_plus, a_minus, TAU, TAU, **bounds)
    usual = getattr(sim, helper)(pre_t, post_spikes, 0.5, 1.0, abs(a_plus), abs(a_minus), TAU, TAU, **bounds)
    assert abs(want - usual) > 0.05  # the sign matters for these trains
    assert abs(w - want) <= 2.0 ** (1 - 15)


def test_negative_amplitudes_of_other_rules_are_refused(sim):
    sim.setup(timestep=1.0)
    a = sim.Population(2, sim.SpikeSourcePoisson(rate=1.0))
    b = sim.Population(2, sim.IF_curr_exp())
    stdp = sim.STDPMechanism(
        timing_dependence=sim.extra_models.PfisterSpikeTriplet(A_minus=-0.01),
        weight_dependence=sim.extra_models.WeightDependenceAdditiveTriplet(),
        weight=0.1,
    )
    with pytest.raises(ValueError, match="'triplet'.*negative A_plus or A_minus.*SpikePairRule"):
        sim.Projection(a, b, sim.OneToOneConnector(), stdp, label="triplet")


def test_learning_continues_across_runs(sim):
    pre_t = [10.0, 50.0, 90.0, 130.0, 170.0, 210.0]
    post_t = [15.0, 55.0, 95.0, 135.0, 175.0, 215.0]
    (w_one,), _ = pairing(sim, sim.AdditiveWeightDependence, pre_t, post_t, runs=(250.0,))
    sim.end()
    ws, _ = pairing(sim, sim.AdditiveWeightDependence, pre_t, post_t, runs=(60.0, 100.0, 90.0))
    assert ws[0] < ws[1] < ws[2]  # potentiating pairs, weight read back after every run
    assert ws[2] == w_one


def test_classic_window(sim):
    """One pre/post pairing at t_post - t_pre = delta (plus the 1 ms dendritic delay), applied
    by a second, distant pre spike: potentiation A_plus exp(-delta/tau) for delta > 0,
    depression -A_minus exp(delta/tau) for delta < 0."""
    changes, expected = {}, {}
    for delta in (-50, -30, -10, -5, 5, 10, 30, 50):
        t_pre = 200.0
        (w,), spikes = pairing(sim, sim.AdditiveWeightDependence, [t_pre, 600.0], [t_pre + delta + 1.0], runs=(650.0,))
        sim.end()
        assert len(spikes) == 1
        changes[delta] = w - 0.5
        expected[delta] = (
            sim.calculate_spike_pair_additive_stdp_weight([t_pre, 600.0], spikes, 0.5, 1.0, A_PLUS, A_MINUS, TAU, TAU)
            - 0.5
        )
    for delta, dw in changes.items():
        assert dw == pytest.approx(expected[delta], abs=2.0**-14)
    assert all(changes[d] > 0 for d in (5, 10, 30, 50)) and all(changes[d] < 0 for d in (-5, -10, -30, -50))
    assert changes[5] > changes[10] > changes[30] > changes[50] > 0
    assert changes[-5] < changes[-10] < changes[-30] < changes[-50] < 0
    assert changes[10] == pytest.approx(A_PLUS * np.exp(-10.5 / TAU), rel=0.1)  # post fires ~0.5 ms late


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(w_min=1.0, w_max=0.5), "w_min"),
        (dict(tau_plus=-1.0), "tau_plus"),
        (dict(A_plus=70000.0), "A_plus"),
    ],
)
def test_bad_parameters_fail_at_creation_naming_the_projection(sim, kwargs, match):
    sim.setup(timestep=1.0)
    a = sim.Population(2, sim.SpikeSourcePoisson(rate=1.0))
    b = sim.Population(2, sim.IF_curr_exp())
    timing = {k: kwargs.pop(k) for k in list(kwargs) if k in ("tau_plus", "A_plus")}
    stdp = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(**timing),
        weight_dependence=sim.AdditiveWeightDependence(**kwargs),
        weight=0.1,
        delay=1.0,
    )
    with pytest.raises(ValueError, match=f"'learning'.*{match}"):
        sim.Projection(a, b, sim.OneToOneConnector(), stdp, label="learning")


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_nearest_pair_rule_matches_its_closed_form(sim, dt):
    pre_t, post_t = random_trains(4, dt, 25, 30)

    def stdp():
        return nearest_pair_stdp(sim)

    (w,), spikes = one_synapse(sim, stdp, pre_t, post_t, runs=(500.0,), dt=dt)
    nearest = sim.calculate_spike_nearest_pair_stdp_weight(pre_t, spikes, 0.5, 1.0, A_PLUS, A_MINUS, TAU, TAU)
    all_pairs = sim.calculate_spike_pair_additive_stdp_weight(pre_t, spikes, 0.5, 1.0, A_PLUS, A_MINUS, TAU, TAU)
    assert abs(w - nearest) <= 2.0 ** (1 - 15)
    assert abs(nearest - all_pairs) > 10 * 2.0 ** (1 - 15)  # the rules differ on these trains


def test_nearest_pair_potentiates_with_the_first_post_spike_after_a_pre_spike_only(sim):
    """sPyNNaker's nearest pair (timing_nearest_pair_impl.h): of two post spikes after one pre
    spike only the first potentiates; the next pre spike depresses with the latest post."""

    def stdp():
        return nearest_pair_stdp(sim)

    (w,), spikes = one_synapse(sim, stdp, [10.0, 60.0], [15.0, 35.0], runs=(100.0,))
    assert len(spikes) == 2
    first, second = spikes + 1.0  # when they reach the synapse (its delay is dendritic)
    want = 0.5 + A_PLUS * np.exp(-(first - 10.0) / TAU) - A_MINUS * np.exp(-(60.0 - second) / TAU)
    every_post = want + A_PLUS * np.exp(-(second - 10.0) / TAU)  # what spynn did before
    assert abs(w - want) <= 2.0 ** (1 - 15)
    assert abs(every_post - want) > 100 * 2.0 ** (1 - 15)


@pytest.mark.parametrize("dt", [1.0, 0.1])
@pytest.mark.parametrize("form", ["pynn", "spynnaker"])
def test_vogels_2011_rule_matches_its_closed_form(sim, dt, form):
    """PyNN's parameters (eta, rho) or sPyNNaker's (alpha = 2 rho tau, A_plus = eta / w_max)."""
    pre_t, post_t = random_trains(5, dt, 30, 20)
    w_max = 1.0 if form == "pynn" else 2.0

    def stdp():
        if form == "pynn":
            rule = sim.Vogels2011Rule(tau=20.0, eta=0.01, rho=10.0)
        else:
            rule = sim.extra_models.Vogels2011Rule(alpha=0.4, tau=20.0, A_plus=0.005, A_minus=0.3)
        return sim.STDPMechanism(
            timing_dependence=rule,
            weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=w_max),
            weight=0.3,
            delay=1.0,
        )

    (w,), spikes = one_synapse(sim, stdp, pre_t, post_t, runs=(500.0,), dt=dt, receptor="inhibitory")
    want = sim.calculate_vogels_2011_weight(pre_t, spikes, 0.3, 1.0, 0.01, 10.0, 20.0, w_max=w_max)
    resolution = 2.0 ** (int(np.log2(w_max)) + 1 - 15)
    assert abs(w - 0.3) > 10 * resolution  # it changed
    assert abs(w - want) <= resolution


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_triplet_rule_matches_its_closed_form(sim, dt):
    pre_t, post_t = random_trains(6, dt, 30, 25)
    em = sim.extra_models

    def stdp():
        return sim.STDPMechanism(
            timing_dependence=em.PfisterSpikeTriplet(
                tau_plus=16.8, tau_minus=33.7, tau_x=101.0, tau_y=125.0, A_plus=0.02, A_minus=0.02
            ),
            weight_dependence=em.WeightDependenceAdditiveTriplet(w_min=0.0, w_max=1.0, A3_plus=0.03, A3_minus=0.01),
            weight=0.5,
            delay=1.0,
        )

    (w,), spikes = one_synapse(sim, stdp, pre_t, post_t, runs=(500.0,), dt=dt)
    args = (pre_t, spikes, 0.5, 1.0, 0.02, 0.02)
    want = sim.calculate_triplet_stdp_weight(*args, 0.03, 0.01, 16.8, 33.7, 101.0, 125.0)
    pair_only = sim.calculate_triplet_stdp_weight(*args, 0.0, 0.0, 16.8, 33.7, 101.0, 125.0)
    assert abs(want - pair_only) > 10 * 2.0**-14  # the triplet terms matter here
    assert abs(w - want) <= 2.0 ** (1 - 15)


def test_plastic_projections_onto_one_population_share_tau_minus(sim):
    sim.setup(timestep=1.0)
    a = sim.Population(2, sim.SpikeSourcePoisson(rate=5.0))
    b = sim.Population(2, sim.IF_curr_exp())
    for label, tau_minus in (("one", 20.0), ("two", 30.0)):
        stdp = sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(tau_minus=tau_minus),
            weight_dependence=sim.AdditiveWeightDependence(),
            weight=0.1,
            delay=1.0,
        )
        sim.Projection(a, b, sim.AllToAllConnector(), stdp, label=label)
    with pytest.raises(ValueError, match="tau_minus"):
        sim.run(10.0)


def test_closed_form_helpers_take_sPyNNakers_arguments(sim):
    """sPyNNaker's helpers: additive with amplitudes in weight units and no bounds (8 arguments);
    multiplicative with (min_weight, max_weight) before the amplitudes (10 arguments)."""
    pre, post, a_plus, a_minus = [10.0, 100.0], [15.0], 0.5, 0.25
    pot, dep = np.exp(-(16.0 - 10.0) / TAU), np.exp(-(100.0 - 16.0) / TAU)
    got = sim.calculate_spike_pair_additive_stdp_weight(pre, post, 4.0, 1.0, a_plus, a_minus, TAU, TAU)
    assert got == pytest.approx(4.0 + a_plus * pot - a_minus * dep)
    spynnaker_order = sim.calculate_spike_pair_multiplicative_stdp_weight(
        pre, post, 4.0, 1.0, 0.0, 10.0, a_plus, a_minus, TAU, TAU
    )
    keywords = sim.calculate_spike_pair_multiplicative_stdp_weight(
        pre, post, 4.0, 1.0, a_plus, a_minus, TAU, TAU, w_min=0.0, w_max=10.0
    )
    after_pot = 4.0 + a_plus * (10.0 - 4.0) * pot
    assert spynnaker_order == keywords == pytest.approx(after_pot - a_minus * after_pot * dep)


@pytest.mark.parametrize(
    "w_max, driver, warned", [(1e-7, 10.0, "learning is rounded"), (1e-6, 200.0, "send nothing"), (0.01, 0.05, None)]
)
def test_plastic_weights_too_fine_for_the_cores_resolution_warn(sim, w_max, driver, warned):
    """PyNN's simple_STDP example: w_max 1e-7 uS beside a 10 uS static input on the same
    receptor, whose ring-buffer resolution then rounds every weight change away; the mapping
    says so, naming the projection (and is silent when the weights are fine)."""
    sim.setup(timestep=0.1)
    pre = sim.Population(2, sim.SpikeSourceArray(spike_times=[[10.0, 110.0], [20.0]]))
    post = sim.Population(1, sim.IF_cond_exp())
    drv = sim.Population(1, sim.SpikeSourceArray(spike_times=[12.0]))
    stdp = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.012),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0, w_max=w_max),
        weight=w_max / 2,
        delay=1.0,
    )
    sim.Projection(pre, post, sim.AllToAllConnector(), stdp, label="learner")
    sim.Projection(drv, post, sim.AllToAllConnector(), sim.StaticSynapse(weight=driver, delay=1.0))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sim.run(50.0)
    said = [str(w.message) for w in caught if "'learner'" in str(w.message)]
    if warned is None:
        assert not said
    else:
        assert any(warned in m and "another receptor" in m for m in said), said

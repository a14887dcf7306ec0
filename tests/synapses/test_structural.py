"""Structural plasticity on the emulator: formation and elimination at the rates the
rules give (against a Monte Carlo of the same process), s_max respected, seeds, the
recorded events consistent with the rows, and mapping-time errors."""

import numpy as np
import pytest

from spynn.synapses.structural import probability_table

N, GRID = 256, (16, 16)


def distance2(pre, post, grid=GRID):
    """Squared periodic distance of neurons on the grid (neuron i at (i // gx, i % gy))."""
    dx = np.abs(pre // grid[0] - post // grid[0])
    dy = np.abs(pre % grid[1] - post % grid[1])
    dx = np.where(dx > grid[0] // 2, grid[0] - dx, dx)
    dy = np.where(dy > grid[1] // 2, grid[1] - dy, dy)
    return dx * dx + dy * dy


def network(sim, *, p_form=0.5, sigma=2.5, elim=(0.0, 0.0), threshold=0.5, f_rew=5000, s_max=16, seed=7, conn=None):
    sim.setup(timestep=1.0)
    pre = sim.Population(N, sim.SpikeSourcePoisson(rate=5.0), label="pre")
    post = sim.Population(N, sim.IF_curr_exp(), label="post")
    post.record("rewiring")
    syn = sim.StructuralMechanismStatic(
        partner_selection=sim.RandomSelection(),
        formation=sim.DistanceDependentFormation(grid=GRID, p_form_forward=p_form, sigma_form_forward=sigma),
        elimination=sim.RandomByWeightElimination(
            threshold=threshold, prob_elim_depressed=elim[0], prob_elim_potentiated=elim[1]
        ),
        f_rew=f_rew,
        initial_weight=0.25,
        initial_delay=(1.0, 4.0),
        s_max=s_max,
        seed=seed,
        weight=0.1,
        delay=1.0,
    )
    proj = sim.Projection(pre, post, conn or sim.FromListConnector([]), syn)
    return proj, post


def events(post):
    form, elim = post.get_data("rewiring").segments[0].events
    return form, elim


def formation_monte_carlo(attempts, p_form, sigma, s_max, reps=40, seed=0):
    """Formations of the rule's process with RandomSelection, starting empty."""
    words, size = probability_table(p_form, sigma, GRID)
    table = np.stack([words & 0xFFFF, words >> 16], axis=1).ravel()[:size].astype(float)
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(reps):
        filled = np.zeros(N, int)  # synapses per post neuron (slots in use)
        row = np.zeros(N, int)  # synapses per pre row
        posts, slots, pres, r = (rng.integers(0, k, attempts) for k in (N, s_max, N, 65535))
        formed = 0
        for p, sl, q, x in zip(posts, slots, pres, r):
            if sl < filled[p]:  # an occupied slot: elimination (probability 0 here)
                continue
            d2 = distance2(q, p)
            if d2 >= size or row[q] >= s_max or x > table[d2] or table[d2] == 0:
                continue
            filled[p] += 1
            row[q] += 1
            formed += 1
        out.append(formed)
    return float(np.mean(out)), float(np.std(out))


def test_formation_rate_matches_the_rule(sim):
    f_rew, t, p_form, sigma, s_max = 5000, 2000.0, 0.5, 2.5, 16
    proj, post = network(sim, p_form=p_form, sigma=sigma, f_rew=f_rew, s_max=s_max)
    sim.run(t)
    form, elim = events(post)
    conns = np.array(proj.get(["weight", "delay"], "list"))
    want, sd = formation_monte_carlo(int(f_rew * t / 1000), p_form, sigma, s_max)
    assert len(elim) == 0
    assert len(conns) == len(form)
    assert abs(len(form) - want) < 4 * sd + 1, (len(form), want, sd)
    # formed synapses carry the initial weight and a delay from the range
    assert np.allclose(conns[:, 2], 0.25, atol=2e-3)
    assert set(np.unique(conns[:, 3])) <= {1.0, 2.0, 3.0, 4.0} and len(np.unique(conns[:, 3])) == 4
    # distance dependence: formed pairs are much closer than random pairs
    d2 = distance2(conns[:, 0].astype(int), conns[:, 1].astype(int))
    every = distance2(np.arange(N)[:, None], np.arange(N)[None, :]).ravel()
    p = p_form * np.exp(-every / (2 * sigma**2))
    want_mean = (p * every).sum() / p.sum()  # 2 sigma^2 on an infinite grid
    want_sd = np.sqrt((p * (every - want_mean) ** 2).sum() / p.sum())
    assert want_mean < 0.5 * every.mean()
    assert abs(d2.mean() - want_mean) < 4 * want_sd / np.sqrt(d2.size)
    sim.end()


def test_never_more_than_s_max_synapses(sim):
    proj, _ = network(sim, p_form=1.0, sigma=50.0, f_rew=20000, s_max=5)
    sim.run(1000.0)
    conns = np.array(proj.get("weight", "list"))
    assert np.bincount(conns[:, 1].astype(int)).max() == 5  # filled up, never beyond
    assert np.bincount(conns[:, 0].astype(int)).max() <= 5
    sim.end()


def test_elimination_by_weight(sim):
    """Every post neuron starts with 8 synapses, 4 weak (0.1) and 4 strong (0.9); weak
    ones go with probability 0.5 per selection, strong ones never."""
    pairs = [
        (int(q), p, 0.1 if k < 4 else 0.9, 1.0) for p in range(N) for k, q in enumerate((p + 1 + np.arange(8) * 31) % N)
    ]
    s_max, f_rew, t = 8, 2000, 1000.0
    proj, post = network(
        sim, p_form=0.0, elim=(0.5, 0.0), threshold=0.5, f_rew=f_rew, s_max=s_max, conn=sim.FromListConnector(pairs)
    )
    sim.run(t)
    form, elim = events(post)
    conns = np.array(proj.get("weight", "list"))
    assert len(form) == 0
    assert np.isclose(conns[:, 2], 0.9, atol=2e-3).sum() == 4 * N  # every strong synapse stays
    assert len(conns) == len(pairs) - len(elim)
    # each attempt hits a given weak synapse with probability 1 / (N s_max), removes it with 0.5
    attempts = f_rew * t / 1000
    p_gone = 1 - (1 - 0.5 / (N * s_max)) ** attempts
    want, sd = 4 * N * p_gone, np.sqrt(4 * N * p_gone * (1 - p_gone))
    assert abs(len(elim) - want) < 4 * sd, (len(elim), want)
    sim.end()


def test_events_match_the_rows_and_seeds_decide(sim):
    def run(seed):
        proj, post = network(sim, elim=(0.2, 0.2), threshold=0.5, seed=seed, conn=sim.FixedProbabilityConnector(0.02))
        before = [(int(a), int(b)) for a, b, _ in proj.get("weight", "list")]
        sim.run(1000.0)
        after = sorted((int(a), int(b)) for a, b, _ in proj.get("weight", "list"))
        form, elim = events(post)
        timeline = sorted(
            [(float(t), str(x)) for t, x in zip(form.times.magnitude, form.labels)]
            + [(float(t), str(x)) for t, x in zip(elim.times.magnitude, elim.labels)]
        )
        sim.end()
        return before, after, timeline

    before, after, timeline = run(3)
    kinds = {label.rsplit("_", 1)[1] for _, label in timeline}
    assert kinds == {"formation", "elimination"}
    # replaying the recorded events on the initial connections gives the final rows
    pairs = list(before)
    for _, label in timeline:
        a, b, kind = label.split("_")
        (pairs.append if kind == "formation" else pairs.remove)((int(a), int(b)))
    assert sorted(pairs) == after
    assert run(3)[1] == after
    assert run(4)[1] != after


def test_one_structural_projection_per_pair(sim):
    sim.setup(timestep=1.0)
    a = sim.Population(4, sim.SpikeSourcePoisson(rate=5.0), label="a")
    b = sim.Population(4, sim.IF_curr_exp(), label="b")

    def syn():
        return sim.StructuralMechanismStatic(
            partner_selection=sim.LastNeuronSelection(),
            formation=sim.DistanceDependentFormation(grid=(2, 2)),
            elimination=sim.RandomByWeightElimination(threshold=0.5),
            seed=1,
        )

    sim.Projection(a, b, sim.FromListConnector([]), syn(), label="one")
    sim.Projection(a, b, sim.FromListConnector([]), syn(), label="two")
    with pytest.raises(ValueError, match="only one projection between each pair"):
        sim.run(10.0)
    sim.end()


def test_initial_connections_beyond_s_max_fail_at_mapping(sim):
    sim.setup(timestep=1.0)
    a = sim.Population(8, sim.SpikeSourcePoisson(rate=5.0))
    b = sim.Population(8, sim.IF_curr_exp())
    syn = sim.StructuralMechanismStatic(
        partner_selection=sim.RandomSelection(),
        formation=sim.DistanceDependentFormation(grid=(2, 4)),
        elimination=sim.RandomByWeightElimination(threshold=0.5),
        s_max=4,
    )
    sim.Projection(a, b, sim.AllToAllConnector(), syn, label="dense")
    with pytest.raises(ValueError, match="'dense'.*s_max is 4"):
        sim.run(10.0)
    sim.end()


def test_structural_stdp_forms_and_learns(sim):
    """StructuralMechanismSTDP with LastNeuronSelection: synapses form from neurons that
    just spiked, and STDP then changes their weights in the same rows."""
    sim.setup(timestep=1.0)
    pre = sim.Population(64, sim.SpikeSourcePoisson(rate=20.0), label="pre")
    post = sim.Population(64, sim.IF_curr_exp(tau_m=10.0), label="post")
    drive = sim.Population(64, sim.SpikeSourcePoisson(rate=30.0))
    sim.Projection(drive, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=3.0, delay=1.0))
    post.record("rewiring")
    syn = sim.StructuralMechanismSTDP(
        partner_selection=sim.LastNeuronSelection(),
        formation=sim.DistanceDependentFormation(grid=(8, 8), p_form_forward=1.0, sigma_form_forward=4.0),
        elimination=sim.RandomByWeightElimination(threshold=0.1, prob_elim_depressed=0.0, prob_elim_potentiated=0.0),
        timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.05, A_minus=0.05),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=1.0),
        f_rew=2000,
        initial_weight=0.5,
        initial_delay=1.0,
        s_max=8,
        seed=5,
    )
    proj = sim.Projection(pre, post, sim.FromListConnector([]), syn)
    sim.run(2000.0)
    w = np.array(proj.get("weight", "list"))
    form, _ = events(post)
    assert len(w) == len(form) > 50
    assert np.bincount(w[:, 1].astype(int)).max() <= 8
    assert np.abs(w[:, 2] - 0.5).max() > 0.05  # learning changed the formed synapses
    sim.end()


def test_formed_synapses_carry_spikes_in_rows_that_started_empty(sim):
    """Rows of a structural projection start empty but must not be skipped by the cores'
    row filter: once a synapse forms, the presynaptic spikes reach the post neuron."""
    sim.setup(timestep=1.0)
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=list(range(50, 400, 5))), label="pre")
    post = sim.Population(1, sim.IF_curr_exp(tau_refrac=1.0), label="post")
    post.record(["spikes", "rewiring"])
    syn = sim.StructuralMechanismStatic(
        partner_selection=sim.RandomSelection(),
        formation=sim.DistanceDependentFormation(grid=(1, 1), p_form_forward=1.0, sigma_form_forward=1.0),
        elimination=sim.RandomByWeightElimination(threshold=0.5, prob_elim_depressed=0.0, prob_elim_potentiated=0.0),
        f_rew=1000,
        initial_weight=20.0,
        initial_delay=1.0,
        s_max=1,
        seed=3,
        weight=20.0,
        delay=1.0,
    )
    sim.Projection(pre, post, sim.FromListConnector([]), syn)
    sim.run(400.0)
    block = post.get_data()
    formed = block.segments[0].events[0]
    assert len(formed) >= 1 and float(formed.times[0]) < 50.0
    assert len(block.segments[0].spiketrains[0]) >= 50  # nearly every one of the 70 input spikes


def test_last_neuron_selection_keeps_the_last_spikes(sim):
    """LastNeuronSelection picks among the last spikes received, however long ago (as
    sPyNNaker keeps them): sources silent after 10 ms still get partnered until the
    4 x 4 projection is full (sPyNNaker's formation-to-full scenario)."""
    sim.setup(timestep=1.0)
    stim = sim.Population(4, sim.SpikeSourceArray(spike_times=list(range(10))), label="stim")
    pop = sim.Population(4, sim.IF_curr_exp(), label="pop")
    syn = sim.StructuralMechanismStatic(
        partner_selection=sim.LastNeuronSelection(),
        formation=sim.DistanceDependentFormation([2, 2], 1.0),
        elimination=sim.RandomByWeightElimination(4.0, 0, 0),
        f_rew=1000,
        initial_weight=4.0,
        initial_delay=3.0,
        s_max=4,
        seed=0,
        weight=0.0,
        delay=1.0,
        with_replacement=False,
    )
    proj = sim.Projection(stim, pop, sim.FromListConnector([]), syn)
    pop.record("rewiring")
    sim.run(1000.0)
    conns = proj.get(["weight", "delay"], "list")
    assert conns.tolist() == [(i, j, 4.0, 3.0) for i in range(4) for j in range(4)]  # pre-major, as sPyNNaker
    form, elim = events(pop)
    assert len(form) == 16 and len(elim) == 0
    assert form.times.max() > 20.0  # formed long after the sources fell silent

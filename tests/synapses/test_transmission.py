"""TsodyksMarkramSynapse and SimpleStochasticSynapse on the emulator: the weight each
Tsodyks-Markram spike sends against NEST's tsodyks_synapse equations
(calculate_tsodyks_markram_amplitudes), per-synapse U, get/set, reset and the refusals;
stochastic transmission's counts, independence and repeatability."""

import numpy as np
import pytest
from pyNN import errors

from spynn.errors import NotSupportedError
from spynn.synapses.stdp_closed_form import calculate_tsodyks_markram_amplitudes as amplitudes

TIMES = [10.0, 12.0, 15.0, 20.0, 30.0, 31.0, 32.0, 33.0, 100.0, 300.0, 302.0, 303.0]


def sent(sim, synapse, times=TIMES, dt=0.1, n_post=1, receptor="excitatory", tau_syn=3.0, runs=(350.0,)):
    """The input each post neuron receives at each arrival (jumps of its synaptic current),
    one row per post neuron, for one source firing at `times` through `synapse`."""
    sim.setup(timestep=dt)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=times))
    post = sim.Population(n_post, sim.IF_curr_exp(tau_syn_E=tau_syn, tau_syn_I=tau_syn, v_thresh=1000.0))
    prj = sim.Projection(src, post, sim.AllToAllConnector(), synapse, receptor_type=receptor)
    which = "gsyn_exc" if receptor == "excitatory" else "gsyn_inh"
    post.record(which)
    for r in runs:
        sim.run(r)
    g = np.abs(np.asarray(post.get_data().segments[-1].filter(name=which)[0])).T
    jumps = g[:, 1:] - g[:, :-1] * np.exp(-dt / tau_syn)
    arrival = np.round((np.asarray(times) + 1.0) / dt).astype(int)  # delay 1 ms
    return jumps[:, arrival - 1], prj


@pytest.mark.parametrize(
    "U, tau_rec, tau_facil, dt",
    [
        (0.5, 100.0, 0.0, 0.1),  # depressing (PyNN's defaults but U)
        (0.04, 100.0, 1000.0, 0.1),  # facilitating
        (0.3, 50.0, 200.0, 0.1),
        (0.3, 50.0, 200.0, 1.0),
        (1.0, 800.0, 0.0, 1.0),  # all recovered resources at once
    ],
)
def test_each_spike_sends_what_nests_equations_give(sim, U, tau_rec, tau_facil, dt):
    w = 2.0
    syn = sim.TsodyksMarkramSynapse(weight=w, delay=1.0, U=U, tau_rec=tau_rec, tau_facil=tau_facil)
    got, _ = sent(sim, syn, dt=dt)
    want = amplitudes(TIMES, w, U, tau_rec, tau_facil, 3.0)
    np.testing.assert_allclose(got[0], want, rtol=2e-3, atol=2e-4)
    assert np.ptp(want) > 0.2 * want.max()  # the dynamics show


def test_inhibitory_receptor_takes_tau_syn_I(sim):
    syn = sim.TsodyksMarkramSynapse(weight=-1.5, delay=1.0, U=0.4, tau_rec=60.0, tau_facil=30.0)
    got, _ = sent(sim, syn, receptor="inhibitory", tau_syn=8.0)
    np.testing.assert_allclose(got[0], amplitudes(TIMES, 1.5, 0.4, 60.0, 30.0, 8.0), rtol=2e-3, atol=2e-4)
    # the recovery depends on tau_psc: another tau_syn gives other amplitudes
    assert np.abs(amplitudes(TIMES, 1.5, 0.4, 60.0, 30.0, 3.0) - got[0]).max() > 0.01


def test_delta_synapses_release_at_once(sim):
    """Neurons without a synaptic time constant: tau_psc 0, the active resources are inactive
    by the next spike."""
    sim.setup(timestep=0.1)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=TIMES))
    post = sim.Population(1, sim.IF_curr_delta(tau_m=1.0e4, v_thresh=1000.0, v_rest=0.0, v_reset=0.0))
    post.initialize(v=0.0)
    syn = sim.TsodyksMarkramSynapse(weight=1.0, delay=1.0, U=0.5, tau_rec=40.0, tau_facil=0.0)
    sim.Projection(src, post, sim.AllToAllConnector(), syn)
    post.record("v")
    sim.run(350.0)
    v = np.asarray(post.get_data().segments[0].filter(name="v")[0])[:, 0]
    jumps = v[1:] - v[:-1] * np.exp(-0.1 / 1.0e4)
    arrival = np.round((np.asarray(TIMES) + 1.0) / 0.1).astype(int)
    np.testing.assert_allclose(jumps[arrival - 1], amplitudes(TIMES, 1.0, 0.5, 40.0, 0.0, 0.0), rtol=2e-3, atol=2e-4)


def test_each_synapse_has_its_own_U(sim):
    """U per synapse, from a list's column (PyNN's path) and from a random distribution (spynn's
    connectors): each post neuron's input follows its synapse's U; get returns U as given."""
    uses = [0.1, 0.45, 0.9]
    syn = sim.TsodyksMarkramSynapse(weight=1.0, delay=1.0, tau_rec=100.0, tau_facil=50.0)
    sim.setup(timestep=0.1)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=TIMES))
    post = sim.Population(3, sim.IF_curr_exp(tau_syn_E=3.0, v_thresh=1000.0))
    conns = [(0, i, 1.0, 1.0, u) for i, u in enumerate(uses)]
    prj = sim.Projection(src, post, sim.FromListConnector(conns, column_names=["weight", "delay", "U"]), syn)
    post.record("gsyn_exc")
    sim.run(350.0)
    g = np.asarray(post.get_data().segments[0].filter(name="gsyn_exc")[0]).T
    jumps = g[:, 1:] - g[:, :-1] * np.exp(-0.1 / 3.0)
    arrival = np.round((np.asarray(TIMES) + 1.0) / 0.1).astype(int)
    for i, u in enumerate(uses):
        np.testing.assert_allclose(
            jumps[i, arrival - 1], amplitudes(TIMES, 1.0, u, 100.0, 50.0, 3.0), rtol=2e-3, atol=2e-4
        )
    assert [c[2] for c in prj.get("U", format="list")] == uses

    sim.end()
    rng = sim.NumpyRNG(seed=7)
    syn = sim.TsodyksMarkramSynapse(weight=1.0, delay=1.0, U=sim.RandomDistribution("uniform", (0.05, 0.95), rng=rng))
    got, prj = sent(sim, syn, n_post=50)
    use = np.array(prj.get("U", format="array"))[0]
    assert np.unique(use).size == 50 and (0.05 <= use).all() and (use <= 0.95).all()
    for i in range(0, 50, 7):
        np.testing.assert_allclose(got[i], amplitudes(TIMES, 1.0, use[i], 100.0, 0.0, 3.0), rtol=3e-3, atol=2e-4)


def test_get_set_and_reset(sim):
    syn = sim.TsodyksMarkramSynapse(weight=0.5, delay=1.0, U=lambda d: 0.1 + 0.02 * d)
    sim.setup(timestep=0.1)
    a = sim.Population(3, sim.SpikeSourceArray(spike_times=TIMES))
    b = sim.Population(4, sim.IF_cond_exp())
    prj = sim.Projection(a, b, sim.AllToAllConnector(), syn)
    i, j, w, use, tau_rec = np.array(prj.get(["weight", "U", "tau_rec"], format="list")).T
    np.testing.assert_array_equal(use, 0.1 + 0.02 * np.abs(i - j))
    assert (tau_rec == 100.0).all()
    prj.set(U=0.543)
    b.record("gsyn_exc")
    sim.run(200.0)
    assert prj.get("U", format="list", with_address=False) == [0.543] * 12
    first = np.asarray(b.get_data().segments[0].filter(name="gsyn_exc")[0])
    sim.reset()  # the state of every synapse starts again
    sim.run(200.0)
    again = np.asarray(b.get_data().segments[1].filter(name="gsyn_exc")[0])
    np.testing.assert_array_equal(first, again)


def test_runs_continue_the_state(sim):
    syn = sim.TsodyksMarkramSynapse(weight=2.0, delay=1.0, U=0.3, tau_rec=50.0, tau_facil=200.0)
    whole, _ = sent(sim, syn, runs=(350.0,))
    sim.end()
    syn = sim.TsodyksMarkramSynapse(weight=2.0, delay=1.0, U=0.3, tau_rec=50.0, tau_facil=200.0)
    sim.setup(timestep=0.1)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=TIMES))
    post = sim.Population(1, sim.IF_curr_exp(tau_syn_E=3.0, v_thresh=1000.0))
    sim.Projection(src, post, sim.AllToAllConnector(), syn)
    post.record("gsyn_exc")
    for _ in range(7):
        sim.run(50.0)
    g = np.asarray(post.get_data().segments[0].filter(name="gsyn_exc")[0])[:, 0]
    jumps = g[1:] - g[:-1] * np.exp(-0.1 / 3.0)
    arrival = np.round((np.asarray(TIMES) + 1.0) / 0.1).astype(int)
    np.testing.assert_array_equal(jumps[arrival - 1], whole[0])


def test_refusals_name_the_problem(sim):
    sim.setup(timestep=0.1)
    a = sim.Population(2, sim.SpikeSourcePoisson(rate=10.0))
    b = sim.Population(2, sim.IF_curr_exp(tau_syn_E=5.0))
    with pytest.raises(ValueError, match=r"tau_rec \(5.0 ms\).*tau_syn \(5.0 ms\)"):
        sim.Projection(a, b, sim.AllToAllConnector(), sim.TsodyksMarkramSynapse(tau_rec=5.0), label="same")
    with pytest.raises(NotSupportedError, match="tau_rec"):
        sim.Projection(
            a,
            b,
            sim.AllToAllConnector(),
            sim.TsodyksMarkramSynapse(tau_rec=sim.RandomDistribution("uniform", (50, 90))),
        )
    with pytest.raises(errors.InvalidParameterValueError, match=r"'big U'.*U must lie in \[0, 1\]"):
        sim.Projection(a, b, sim.AllToAllConnector(), sim.TsodyksMarkramSynapse(U=1.5), label="big U")
    mixed = sim.Population(2, sim.IF_curr_exp(tau_syn_E=[2.0, 70.0]))
    with pytest.raises(ValueError, match=r"tau_rec \(70.0 ms\).*tau_syn \(70.0 ms\)"):
        sim.Projection(a, mixed, sim.AllToAllConnector(), sim.TsodyksMarkramSynapse(tau_rec=70.0))
    later = sim.Projection(a, b, sim.AllToAllConnector(), sim.TsodyksMarkramSynapse(tau_rec=80.0), label="later")
    b[1:2].set(tau_syn_E=80.0)  # after the projection was made: refused when mapped
    with pytest.raises(ValueError, match=r"'later'.*tau_rec \(80.0 ms\).*tau_syn \(80.0 ms\)"):
        sim.run(1.0)
    assert later.synapse_type.parameter_space["tau_rec"].base_value == 80.0


def test_each_post_neuron_gives_its_own_tau_psc(sim):
    """tau_psc is the post neuron's tau_syn (pyNN.nest): neurons of different tau_syn in one
    population each get what NEST's equations give for theirs, also when set after the
    projection was made."""
    taus = [1.2, 6.7, 4.3, 6.7]
    sim.setup(timestep=0.1)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=TIMES))
    post = sim.Population(4, sim.IF_curr_exp(tau_syn_I=5.0, v_thresh=1000.0))
    syn = sim.TsodyksMarkramSynapse(weight=-2.0, delay=1.0, U=0.3, tau_rec=50.0, tau_facil=200.0)
    sim.Projection(src, post, sim.AllToAllConnector(), syn, receptor_type="inhibitory")
    post.set(tau_syn_I=taus)
    post.record("gsyn_inh")
    sim.run(350.0)
    g = np.abs(np.asarray(post.get_data().segments[0].filter(name="gsyn_inh")[0])).T
    arrival = np.round((np.asarray(TIMES) + 1.0) / 0.1).astype(int)
    for i, tau in enumerate(taus):
        jumps = g[i, 1:] - g[i, :-1] * np.exp(-0.1 / tau)
        want = amplitudes(TIMES, 2.0, 0.3, 50.0, 200.0, tau)
        np.testing.assert_allclose(jumps[arrival - 1], want, rtol=2e-3, atol=2e-4)
    assert not np.allclose(
        amplitudes(TIMES, 2.0, 0.3, 50.0, 200.0, 1.2), amplitudes(TIMES, 2.0, 0.3, 50.0, 200.0, 6.7), rtol=0.02
    )


def stochastic_run(sim, p, n_spikes=400, seed=None):
    """Per post neuron, whether each of n_spikes spikes (5 ms apart) arrived, through a
    SimpleStochasticSynapse of weight 1 with probability p[i] onto neuron i."""
    sim.setup(timestep=0.1, **({} if seed is None else {"rng_seed": seed}))
    times = 2.5 + 5.0 * np.arange(n_spikes)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=times))
    post = sim.Population(len(p), sim.IF_curr_exp(tau_syn_E=1.0, v_thresh=1000.0))
    syn = sim.SimpleStochasticSynapse(weight=1.0, delay=1.0, p=np.array([p]))
    prj = sim.Projection(src, post, sim.AllToAllConnector(), syn)
    post.record("gsyn_exc")
    sim.run(float(times[-1]) + 5.0)
    g = np.asarray(post.get_data().segments[0].filter(name="gsyn_exc")[0]).T
    jumps = g[:, 1:] - g[:, :-1] * np.exp(-0.1)
    arrival = np.round((times + 1.0) / 0.1).astype(int)
    got = jumps[:, arrival - 1]
    sent = got > 0.5
    np.testing.assert_allclose(got[sent], 1.0, atol=1e-3)  # a spike sends the whole weight, or nothing
    np.testing.assert_allclose(got[~sent], 0.0, atol=1e-3)
    return sent, prj


def test_stochastic_synapses_transmit_with_probability_p(sim):
    p = [0.0, 0.3, 0.3, 0.7, 1.0]
    sent, prj = stochastic_run(sim, p)
    n = sent.shape[1]
    assert not sent[0].any() and sent[4].all()
    for i in (1, 2, 3):  # within 4 standard deviations of the binomial count
        assert abs(sent[i].sum() - p[i] * n) < 4 * np.sqrt(n * p[i] * (1 - p[i]))
    assert not np.array_equal(sent[1], sent[2])  # each synapse draws for itself
    # independent draws: a transmission says nothing of the next one
    both = (sent[3][1:] & sent[3][:-1]).mean()
    assert abs(both - 0.49) < 0.08
    assert [c[2] for c in prj.get("p", format="list")] == p


def test_stochastic_draws_repeat_with_the_seed(sim):
    first, _ = stochastic_run(sim, [0.5, 0.5], n_spikes=100, seed=11)
    sim.end()
    again, _ = stochastic_run(sim, [0.5, 0.5], n_spikes=100, seed=11)
    np.testing.assert_array_equal(first, again)


@pytest.mark.parametrize("n_sites", [1, 3])
def test_quantal_release_averages_to_the_deterministic_model(sim, n_sites):
    """MultiQuantalSynapse (NEST's quantal_stp_synapse) and, n = 1, StochasticTsodyksMarkramSynapse:
    each spike releases a whole number of sites; over many synapses the mean release follows
    the deterministic model whose active resources are spent at once (tau_psc 0): n U x."""
    params = dict(weight=1.0, delay=1.0, U=0.4, tau_rec=50.0, tau_facil=20.0)
    syn = sim.MultiQuantalSynapse(n=n_sites, **params) if n_sites > 1 else sim.StochasticTsodyksMarkramSynapse(**params)
    got, prj = sent(sim, syn, n_post=2000)
    np.testing.assert_allclose(got, np.round(got), atol=2e-3)  # whole sites
    assert got.min() > -0.5 and got.max() < n_sites + 0.5
    want = n_sites * amplitudes(TIMES, 1.0, 0.4, 50.0, 20.0, 0.0)
    sd = np.sqrt(n_sites * 0.25 / got.shape[0])
    np.testing.assert_allclose(got.mean(axis=0), want, atol=5 * sd)
    assert np.ptp(want) > 10 * sd  # depression and facilitation show beyond the noise
    assert prj.get("tau_rec", format="list")[0][2] == 50.0


@pytest.mark.parametrize("model", ["IF_curr_exp", "IF_cond_exp"])
@pytest.mark.parametrize("n_sites", [5, 40])
def test_quantal_release_of_every_site_is_not_clipped(sim, model, n_sites):
    """U = 1 releases all n sites at the first spike: n times the weight reaches the neuron
    (the ring buffers are scaled for n weights, not one)."""
    sim.setup(timestep=0.1)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]))
    post = sim.Population(3, getattr(sim, model)(tau_syn_I=4.3))
    syn = sim.MultiQuantalSynapse(n=n_sites, weight=0.01, delay=0.5, U=1.0, tau_rec=100.0)
    sim.Projection(src, post, sim.AllToAllConnector(), syn, receptor_type="inhibitory")
    post.record("gsyn_inh")
    sim.run(30.0)
    g = np.abs(np.asarray(post.get_data().segments[0].filter(name="gsyn_inh")[0]))
    np.testing.assert_allclose(g.max(axis=0), 0.01 * n_sites, rtol=2e-3)
    assert not any(p["plastic_saturations"] for p in sim.get_provenance().values())


def test_initialize_sets_the_tsodyks_markram_state_before_the_first_spike(sim):
    """Projection.initialize(u, x, y) (NEST's tsodyks_synapse state): the spikes send what the
    equations give from that state, per synapse; get() reads the state the cores hold."""
    syn = sim.TsodyksMarkramSynapse(weight=2.0, delay=1.0, U=0.3, tau_rec=50.0, tau_facil=200.0)
    sim.setup(timestep=0.1)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=TIMES))
    post = sim.Population(3, sim.IF_curr_exp(tau_syn_E=3.0, v_thresh=1000.0))
    prj = sim.Projection(src, post, sim.AllToAllConnector(), syn)
    initial = {"u": [0.0, 0.6, 0.2], "x": [1.0, 0.5, 0.3], "y": [0.0, 0.25, 0.7]}
    prj.initialize(**initial)
    assert [c[2] for c in prj.get("x", format="list")] == pytest.approx(initial["x"], abs=1e-9)  # before the run
    post.record("gsyn_exc")
    sim.run(350.0)
    g = np.asarray(post.get_data().segments[0].filter(name="gsyn_exc")[0]).T
    jumps = g[:, 1:] - g[:, :-1] * np.exp(-0.1 / 3.0)
    got = jumps[:, np.round((np.asarray(TIMES) + 1.0) / 0.1).astype(int) - 1]
    for i in range(3):
        state = {k: v[i] for k, v in initial.items()}
        want = amplitudes(TIMES, 2.0, 0.3, 50.0, 200.0, 3.0, **state)
        np.testing.assert_allclose(got[i], want, rtol=2e-3, atol=2e-4)
    assert not np.allclose(got[0], got[1], rtol=0.05)  # the state given made a difference
    u, x, y = (np.array([c[2] for c in prj.get(n, format="list")]) for n in "uxy")
    assert ((u > 0.3) & (u <= 1.0)).all() and ((x >= 0) & (x + y <= 1.0 + 1e-9)).all()
    np.testing.assert_allclose(prj.get("U", format="array")[0], 0.3)


def test_initialize_sets_the_quantal_state(sim):
    """MultiQuantalSynapse.initialize(a=..., u=...) (NEST's quantal_stp_synapse): the first spike
    releases each of the a available sites with probability u, before any recovery or
    facilitation; get("a") reads the sites left."""
    sim.setup(timestep=0.1)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]))
    post = sim.Population(4, sim.IF_curr_exp(tau_syn_E=3.0, v_thresh=1000.0))
    syn = sim.MultiQuantalSynapse(n=5, weight=0.5, delay=1.0, U=0.1, tau_rec=1000.0, tau_facil=100.0)
    prj = sim.Projection(src, post, sim.AllToAllConnector(), syn)
    prj.initialize(a=np.array([[0, 2, 5, 3]]), u=1.0)  # an (n_pre, n_post) array and one value
    post.record("gsyn_exc")
    sim.run(30.0)
    g = np.asarray(post.get_data().segments[0].filter(name="gsyn_exc")[0])
    np.testing.assert_allclose(g.max(axis=0), 0.5 * np.array([0, 2, 5, 3]), atol=1e-3)
    np.testing.assert_array_equal(prj.get("a", format="array")[0], 0)  # all released, none recovered yet
    assert prj.get(["U", "u"], format="list")[0][2:] == pytest.approx((0.1, 1.0))


def test_initialize_refuses_what_the_synapse_does_not_hold(sim):
    sim.setup(timestep=0.1)
    a = sim.Population(2, sim.SpikeSourceArray(spike_times=[1.0]))
    b = sim.Population(2, sim.IF_curr_exp())
    static = sim.Projection(a, b, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.1))
    with pytest.raises(errors.NonExistentParameterError, match="u"):
        static.initialize(u=0.5)
    quantal = sim.Projection(a, b, sim.AllToAllConnector(), sim.MultiQuantalSynapse(n=3))
    with pytest.raises(errors.NonExistentParameterError, match="x"):
        quantal.initialize(x=0.5)
    with pytest.raises(errors.InvalidParameterValueError, match="available release sites"):
        quantal.initialize(a=4)
    tm = sim.Projection(a, b, sim.AllToAllConnector(), sim.TsodyksMarkramSynapse())
    with pytest.raises(errors.InvalidParameterValueError, match="x \\+ y"):
        tm.initialize(y=0.5)  # x stays 1
    with pytest.raises(errors.InvalidDimensionsError, match="4 connections"):
        tm.initialize(u=[0.1, 0.2])
    tm.initialize(u=sim.RandomDistribution("uniform", (0.2, 0.4)))
    u = np.array([c[2] for c in tm.get("u", format="list")])
    assert u.size == 4 and ((u >= 0.2) & (u <= 0.4)).all() and np.ptp(u) > 0

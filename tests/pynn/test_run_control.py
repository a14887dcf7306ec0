"""Changing parameters and initial values between runs, as sPyNNaker and NEST users expect."""

import warnings

import numpy as np
import pytest

from spynn.errors import NotSupportedError


def test_poisson_rate_start_duration_change_between_runs(sim):
    sim.setup(timestep=1.0)
    src = sim.Population(200, sim.SpikeSourcePoisson(rate=10.0), seed=5)
    src.record("spikes")
    sim.run(1000.0)
    src.set(rate=np.linspace(0.0, 80.0, 200))
    sim.run(1000.0)
    src.set(start=2500.0, duration=200.0, rate=50.0)
    sim.run(1000.0)
    trains = src.get_data().segments[0].spiketrains
    t = np.concatenate([s.magnitude for s in trains])
    ids = np.concatenate([np.full(len(s), i) for i, s in enumerate(trains)])
    first = (t <= 1000).sum() / 200
    assert first == pytest.approx(10.0, rel=0.1)
    second = np.bincount(ids[(t > 1000) & (t <= 2000)], minlength=200)
    assert np.corrcoef(second, np.linspace(0, 80, 200))[0, 1] > 0.9
    assert second[0] == 0
    third = t[t > 2000]
    assert third.min() > 2500 and third.max() <= 2700
    assert third.size / 200 == pytest.approx(50.0 * 0.2, rel=0.15)


def test_set_after_a_run_applies_from_now_and_reset_keeps_it(sim):
    sim.setup(timestep=1.0)
    pop = sim.Population(1, sim.IF_curr_exp(i_offset=1.0, tau_refrac=2.0))
    pop.record("spikes")
    sim.run(100.0)
    pop.set(i_offset=0.0)
    sim.run(100.0)
    spikes = pop.get_data().segments[0].spiketrains[0].magnitude
    assert spikes.size > 2 and spikes.max() <= 101.0  # silent once the current is off
    sim.reset()  # parameters stay as set; state returns to its initial values
    sim.run(100.0)
    assert len(pop.get_data().segments[1].spiketrains[0]) == 0


def test_initialize_after_reset_applies_to_the_next_run(sim):
    sim.setup(timestep=0.1)
    pop = sim.Population(2, sim.IF_curr_exp())
    pop.record("v")
    sim.run(10.0)
    sim.reset()
    pop.initialize(v=[-55.0, -60.0])
    sim.run(10.0)
    v = pop.get_data().segments[1].filter(name="v")[0].magnitude
    assert v[0].tolist() == [-55.0, -60.0]
    assert np.all(np.diff(v[:, 0]) < 0)  # relaxing back to rest


def test_long_runs_are_recorded_completely(sim, monkeypatch):
    from spynn import runtime

    monkeypatch.setattr(runtime, "MAX_CHUNK_TICKS", 700)  # force several drains
    sim.setup(timestep=1.0)
    pop = sim.Population(3, sim.IF_curr_exp(i_offset=[0.0, 1.0, 2.0]))
    pop.record(["v", "spikes"])
    sim.run(5000.0)
    seg = pop.get_data().segments[0]
    assert seg.filter(name="v")[0].shape == (5001, 3)
    counts = [len(s) for s in seg.spiketrains]
    assert counts[0] == 0 and 100 < counts[1] < counts[2]
    isi = np.diff(seg.spiketrains[2].magnitude)
    assert np.ptp(isi) <= 1.0  # regular firing all the way through the chunks


def test_spike_source_poisson_variable_follows_its_schedule(sim):
    sim.setup(timestep=1.0)
    shared = sim.extra_models.SpikeSourcePoissonVariable(
        rates=[20.0, 0.0, 60.0], starts=[0.0, 500.0, 1000.0], durations=[500.0, 500.0, 500.0]
    )
    src = sim.Population(200, shared, seed=11)
    per_source = sim.extra_models.SpikeSourcePoissonVariable(
        rates=[[0.0, 40.0], [40.0, 0.0]],
        starts=[[0.0, 1000.0], [0.0, 1000.0]],  # no durations: until next start
    )
    two = sim.Population(2, per_source, seed=12)
    src.record("spikes")
    two.record("spikes")
    sim.run(2000.0)
    t = np.concatenate([s.magnitude for s in src.get_data().segments[0].spiketrains])
    rate = [((t > a) & (t <= a + 500)).sum() / 200 / 0.5 for a in (0, 500, 1000, 1500)]
    assert rate[0] == pytest.approx(20.0, rel=0.1) and rate[1] == 0
    assert rate[2] == pytest.approx(60.0, rel=0.1) and rate[3] == 0
    a, b = (s.magnitude for s in two.get_data().segments[0].spiketrains)
    assert a.min() > 1000 and len(a) > 15
    assert b.max() <= 1000 and len(b) > 15


def test_results_do_not_depend_on_the_thread_count(sim):
    def spikes(n_threads):
        sim.setup(timestep=0.1, n_threads=n_threads)
        sim.set_number_of_neurons_per_core(sim.IF_curr_exp, 20)
        rng = sim.NumpyRNG(seed=2)
        src = sim.Population(100, sim.SpikeSourcePoisson(rate=30.0), seed=3)
        pop = sim.Population(200, sim.IF_curr_exp(tau_refrac=2.0))
        sim.Projection(src, pop, sim.FixedProbabilityConnector(0.2, rng=rng), sim.StaticSynapse(weight=0.3, delay=1.0))
        sim.Projection(pop, pop, sim.FixedProbabilityConnector(0.05, rng=rng), sim.StaticSynapse(weight=0.1, delay=2.0))
        pop.record(["spikes", "v"])
        sim.run(300.0)
        seg = pop.get_data().segments[0]
        out = [s.magnitude.tolist() for s in seg.spiketrains], seg.filter(name="v")[0].magnitude.copy()
        sim.end()
        return out

    one, v1 = spikes(1)
    three, v3 = spikes(3)
    assert sum(len(s) for s in one) > 100
    assert one == three and np.array_equal(v1, v3)


@pytest.mark.parametrize("n_threads", [1, 2])
def test_keys_withheld_by_the_emulator_are_still_counted(sim, n_threads):
    """Every spike of `src` reaches all 4 cores of `pop`, which have rows for few of them: the
    emulator hands over only keys with a row (kernel_t.wanted_keys), yet the cores' packet
    counts must be those of a core that received every key, as on SpiNNaker (whether one
    delivery task serves all the cores, 1 thread, or each its own)."""
    sim.setup(timestep=1.0, n_threads=n_threads)
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, 50)
    times = [[float(t) for t in range(1 + i % 7, 200, 9 + i % 5)] for i in range(120)]
    src = sim.Population(120, sim.SpikeSourceArray(spike_times=times))
    pop = sim.Population(200, sim.IF_curr_exp())
    after = sim.Population(60, sim.IF_curr_exp(), label="after")  # cores beside pop's that src does not reach
    proj = sim.Projection(
        src, pop, sim.FixedProbabilityConnector(0.01, rng=sim.NumpyRNG(seed=4)), sim.StaticSynapse(weight=0.01)
    )
    sim.run(200.0)
    assert sim.get_provenance()[after.label]["spikes_received"] == 0
    prov = sim.get_provenance()[pop.label]
    pre = np.asarray(proj.get("weight", format="list", with_address=True))[:, 0].astype(int)
    n_sent = np.array([len(ts) for ts in times])  # all sent and received within the run
    assert 0 < len(pre) < 120 * 4  # most rows of most cores are empty
    assert prov["spikes_received"] == 4 * n_sent.sum()
    assert prov["synaptic_events"] == n_sent[pre].sum()
    sim.end()


def test_setting_one_neurons_state_between_runs_leaves_the_others(sim):
    """The state region is in columns (v, isyn_exc, ... each a vector): writing neuron 1's v
    between runs must not disturb any other word of any neuron."""

    def trace(set_between: bool) -> np.ndarray:
        sim.setup(timestep=0.1)
        pop = sim.Population(5, sim.IF_curr_exp(i_offset=[0.5, 0.6, 0.7, 0.8, 0.9], tau_syn_E=3.0))
        src = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0, 2.0]))
        sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=2.0, delay=0.1))
        pop.record(["v", "gsyn_exc"])
        sim.run(2.5)
        if set_between:
            pop[1:2].set(v=-50.0)
        sim.run(2.5)
        seg = pop.get_data().segments[0]
        out = np.hstack([seg.filter(name=n)[0].magnitude for n in ("v", "gsyn_exc")])
        sim.end()
        return out

    plain, changed = trace(False), trace(True)
    others = [0, 2, 3, 4, 5, 6, 7, 8, 9]  # v of neurons 0, 2-4 and every gsyn_exc
    assert np.array_equal(plain[:, others], changed[:, others])
    assert changed[25, 1] == -50.0 and plain[25, 1] != -50.0  # t = 2.5 ms: the value set
    assert (plain[:, 5:] > 0).any()  # the synaptic currents were live across the write


def test_a_short_first_run_does_not_chop_the_long_runs_after_it(sim):
    """The recording regions are sized at the first run; a run(0) or run(1) first must not
    leave every later run in chunks of a few ticks (one drain of every core each)."""
    from spynn.pynn.simulator import state

    sim.setup(timestep=1.0)
    pop = sim.Population(4, sim.IF_curr_exp(i_offset=1.0))
    pop.record(["spikes", "v"])
    sim.run(1.0)  # maps and loads: one tick
    calls = []
    backend = state.sim.backend
    run = backend.run
    backend.run = lambda n, batch=1: (calls.append(n), run(n, batch))
    sim.run(2500.0)
    assert sum(calls) == 2500 and len(calls) <= 3
    seg = pop.get_data().segments[0]
    assert seg.filter(name="v")[0].shape == (2502, 4)  # nothing lost between chunks
    assert all(len(st) > 50 for st in seg.spiketrains)


def test_record_takes_views_accumulates_and_refuses_what_the_model_cannot_record(sim):
    from pyNN.errors import RecordingError

    sim.setup(timestep=1.0)
    pop = sim.Population(6, sim.IF_curr_exp(i_offset=[0.0, 2.0, 0.0, 2.0, 0.0, 2.0]))
    pop[0:2].record("spikes")
    pop[[3]].record("spikes")  # adds to the cells recorded
    pop[4:6].record("v")
    with pytest.raises(RecordingError):
        pop.record("u")  # IF_curr_exp has no u
    sim.run(50.0)
    seg = pop.get_data().segments[0]
    assert [int(st.annotations["source_index"]) for st in seg.spiketrains] == [0, 1, 3]
    assert [len(st) > 0 for st in seg.spiketrains] == [False, True, True]
    assert seg.filter(name="v")[0].shape == (51, 2)


def test_network_changed_after_a_run_waits_for_reset(sim):
    """sPyNNaker's rule: Populations and Projections may be added after a run; the next run
    needs reset() first, and until then the loaded network still answers reads."""
    from spynn.errors import NotSupportedError

    sim.setup(timestep=1.0)
    pop = sim.Population(1, sim.IF_curr_exp(), label="pop")
    inp = sim.Population(1, sim.SpikeSourceArray(spike_times=[0.0]), label="input")
    sim.Projection(pop, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=5.0, delay=1.0))
    pop.record("spikes")
    sim.run(20.0)
    assert len(pop.get_data("spikes").segments[0].spiketrains[0]) == 0

    late = sim.Projection(inp, pop, sim.FromListConnector([(0, 0, 5.0, 5.0)]), sim.StaticSynapse())
    extra = sim.Population(2, sim.IF_curr_exp(), label="extra")
    extra.record("v")  # a new population's recording: no error before the run either
    assert late.get(["weight", "delay"], "list") == [(0, 0, 5.0, 5.0)]
    assert len(pop.get_data("spikes").segments[0].spiketrains[0]) == 0
    with pytest.raises(NotSupportedError, match=r"call sim.reset\(\) before the next run\(\)"):
        sim.run(10.0)
    with pytest.raises(NotSupportedError, match="reset"):
        sim.run(0.0)
    assert sim.get_current_time() == 20.0

    sim.reset()
    sim.run(20.0)
    spikes = pop.get_data("spikes").segments[-1].spiketrains[0].magnitude
    assert len(spikes) == 2 and spikes[0] > 6.0  # the late input arrives at 5 ms, then the loop
    assert extra.get_data("v").segments[-1].analogsignals[0].shape == (21, 2)


def test_projection_set_after_a_run_is_refused_at_once(sim):
    """Projection.set after a run would leave get() reading the loaded weights: refused at once."""
    from spynn.errors import NotSupportedError

    sim.setup(timestep=1.0)
    a = sim.Population(2, sim.IF_curr_exp())
    prj = sim.Projection(a, a, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.5))
    sim.run(5.0)
    with pytest.raises(NotSupportedError, match="Projection.set after the first run"):
        prj.set(weight=1.0)
    sim.reset()
    prj.set(weight=1.0)
    sim.run(5.0)
    assert [w for _, _, w in prj.get("weight", "list")] == [1.0] * 4


def test_a_run_between_two_steps_is_rounded_up_with_a_warning(sim):
    """sPyNNaker rounds a run time that is not a whole number of steps up (NEST refuses it);
    spynn did int(round()) on the accumulated time, so 4 x run(0.15) reached 0.4 ms, and
    10 x run(0.05) never left 0."""
    sim.setup(timestep=0.1)
    sim.Population(1, sim.IF_curr_exp())
    with pytest.warns(UserWarning, match=r"0\.15 ms is not a whole number of 0\.1 ms timesteps; running to 0\.2 ms"):
        sim.run(0.15)
    assert sim.get_current_time() == 0.2
    for _ in range(3):
        with pytest.warns(UserWarning, match="rounded up"):
            sim.run(0.15)
    assert sim.get_current_time() == 0.8
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sim.run(0.3)  # whole steps: no warning, and 0.8 + 0.3 is 1.1 ms
    assert sim.get_current_time() == 1.1


def test_times_are_counted_in_steps_as_nest_counts_them(sim):
    """6 steps of 0.1 ms are 0.6 ms exactly (not 0.6000000000000001), for spike times and
    the current time: scripts compare them with ==."""
    sim.setup(timestep=0.1)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[0.3, 0.6, 0.7, 1.2]))
    src.record("spikes")
    sim.run(0.3)
    assert sim.get_current_time() == 0.3
    sim.run(2.0)
    assert src.get_data().segments[0].spiketrains[0].magnitude.tolist() == [0.3, 0.6, 0.7, 1.2]


@pytest.mark.parametrize("record_v", [False, True])
def test_spike_times_set_between_runs_may_outgrow_the_loaded_list(sim, record_v):
    """A spike source array given many more spikes between runs than its loaded list holds
    sends them all (the runtime writes them in windows and stops the run to refill, as
    sPyNNaker streams them), at their times, to the neurons too; with or without recording
    chunks of its own."""
    sim.setup(timestep=1.0)
    src = sim.Population(3, sim.SpikeSourceArray(spike_times=[[5.0], [], []]))
    post = sim.Population(3, sim.IF_curr_exp(tau_syn_E=1.0))
    sim.Projection(src, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.05))
    src.record("spikes")
    if record_v:
        post.record("v")
    sim.run(10.0)
    times = [np.arange(20.0, 900.0, 1.0), np.arange(15.0, 990.0, 3.0), [995.0]]
    src.set(spike_times=times)
    sim.run(1000.0)
    trains = src.get_data().segments[0].spiketrains
    assert [list(np.asarray(t)) for t in trains] == [[5.0] + list(times[0]), list(times[1]), [995.0]]
    prov = sim.get_provenance()[post.label]  # over the last run
    assert prov["synaptic_events"] == len(times[0]) + len(times[1]) + 1
    sim.reset()  # and again from the start, the new list mapped at its length
    sim.run(1000.0)
    again = src.get_data().segments[-1].spiketrains
    assert [list(np.asarray(t)) for t in again] == [list(times[0]), list(times[1]), [995.0]]


def test_too_many_spikes_in_one_step_set_between_runs_are_refused_by_name(sim):
    sim.setup(timestep=1.0)
    src = sim.Population(30, sim.SpikeSourceArray(spike_times=[]), label="burst")
    sim.run(10.0)
    src.set(spike_times=[list(np.arange(50.05, 51.0, 0.1))] * 30)  # 300 spikes sent in one step
    with pytest.raises(NotSupportedError, match="'burst'.*sim.reset"):
        sim.run(100.0)

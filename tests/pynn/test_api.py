"""The PyNN API as scripts use it, on the emulator."""

import numpy as np
import pytest
import quantities as pq

from spynn.errors import ProvenanceError


def small_net(sim, dt=1.0, n=20):
    sim.setup(timestep=dt)
    src = sim.Population(n, sim.SpikeSourcePoisson(rate=50.0), label="in")
    pop = sim.Population(n, sim.IF_curr_exp(tau_refrac=2.0), label="out")
    prj = sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=3.0, delay=1.0))
    return src, pop, prj


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_control_functions(sim, dt):
    small_net(sim, dt)
    assert sim.get_time_step() == dt
    assert sim.num_processes() == 1 and sim.rank() == 0
    assert sim.get_max_delay() == pytest.approx(144 * dt)  # a number, as sPyNNaker's (not "auto")
    sim.run(10.0)
    assert sim.get_current_time() == pytest.approx(10.0)
    sim.run_until(25.0)
    assert sim.get_current_time() == pytest.approx(25.0)
    sim.reset()
    assert sim.get_current_time() == 0.0
    sim.run(5.0)
    assert sim.get_current_time() == pytest.approx(5.0)


def test_several_runs_continue_like_one(sim):
    def spikes(chunks):
        sim.setup(timestep=1.0)
        src = sim.Population(30, sim.SpikeSourcePoisson(rate=80.0), label="in", seed=7)
        pop = sim.Population(30, sim.IF_curr_exp(), label="out")
        sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.4, delay=2.0))
        pop.record(["spikes", "v"])
        for c in chunks:
            sim.run(c)
        seg = pop.get_data().segments[0]
        out = [s.magnitude.copy() for s in seg.spiketrains], seg.filter(name="v")[0].magnitude.copy()
        sim.end()
        return out

    one, v_one = spikes([300.0])
    three, v_three = spikes([100.0, 50.0, 150.0])
    assert sum(len(s) for s in one) > 50
    assert all(np.array_equal(a, b) for a, b in zip(one, three))
    assert v_one.shape == v_three.shape == (301, 30)
    assert np.array_equal(v_one, v_three)


def test_reset_repeats_the_run_exactly(sim):
    src, pop, _ = small_net(sim)
    pop.record("spikes")
    sim.run(200.0)
    sim.reset()
    sim.run(200.0)
    segs = pop.get_data().segments
    assert len(segs) == 2
    first = [s.magnitude for s in segs[0].spiketrains]
    second = [s.magnitude for s in segs[1].spiketrains]
    assert sum(len(s) for s in first) > 0
    assert all(np.array_equal(a, b) for a, b in zip(first, second))


def test_parameters_scalar_array_random(sim):
    sim.setup(timestep=1.0)
    rng = sim.NumpyRNG(seed=1)
    pop = sim.Population(
        10,
        sim.IF_curr_exp(tau_m=np.linspace(10, 20, 10), i_offset=sim.RandomDistribution("uniform", (0.5, 1.5), rng=rng)),
    )
    pop.set(v_thresh=-55.0)
    assert np.allclose(pop.get("tau_m"), np.linspace(10, 20, 10))
    assert pop.get("v_thresh") == -55.0
    i = pop.get("i_offset")
    assert i.min() >= 0.5 and i.max() <= 1.5 and np.unique(i).size == 10
    pop.initialize(v=sim.RandomDistribution("uniform", (-70.0, -60.0), rng=rng))
    pop.record("v")
    sim.run(1.0)
    v0 = pop.get_data().segments[0].filter(name="v")[0].magnitude[0]
    assert v0.min() >= -70.0 and v0.max() <= -60.0 and np.unique(v0).size == 10


def test_projection_get_reads_back_the_quantised_weights(sim):
    sim.setup(timestep=1.0)
    a = sim.Population(5, sim.SpikeSourceArray(spike_times=[]))
    b = sim.Population(4, sim.IF_curr_exp())
    w = np.array([[0.1, 0.2, 0.3, 0.4]] * 5) + np.arange(5)[:, None] * 1e-3 + 1.23456789e-6
    prj = sim.Projection(a, b, sim.AllToAllConnector(), sim.StaticSynapse(weight=w, delay=3.0))
    got = prj.get(["weight", "delay"], format="list")
    assert len(got) == 20
    ws = np.array([g[2] for g in got])
    # weights come back on the 16-bit grid of the core's weight scale, not as given
    res = 2.0 ** (np.ceil(np.log2(2.0)) - 15)  # shift chosen from the largest expected input
    assert not np.array_equal(np.sort(ws), np.sort(w.ravel()))
    assert np.allclose(np.sort(ws), np.sort(w.ravel()), atol=res)
    assert all(g[3] == 3.0 for g in got)
    arr = prj.get("weight", format="array")
    assert arr.shape == (5, 4) and np.allclose(arr, w, atol=res)


def test_connectors_and_receptors(sim):
    sim.setup(timestep=1.0)
    rng = sim.NumpyRNG(seed=3)
    a = sim.Population(50, sim.SpikeSourcePoisson(rate=10.0))
    b = sim.Population(40, sim.IF_curr_exp())
    cases = {
        "all": (sim.AllToAllConnector(), 2000),
        "one": (sim.OneToOneConnector(), None),
        "prob": (sim.FixedProbabilityConnector(0.2, rng=rng), None),
        "pre": (sim.FixedNumberPreConnector(5, rng=rng), 200),
        "post": (sim.FixedNumberPostConnector(4, rng=rng), 200),
        "list": (sim.FromListConnector([(0, 1, 0.5, 2.0), (3, 1, 0.25, 4.0)]), 2),
    }
    prjs = {}
    for name, (conn, n) in cases.items():
        if name == "one":
            prjs[name] = sim.Projection(b, b, conn, sim.StaticSynapse(weight=0.1, delay=1.0))
            continue
        prjs[name] = sim.Projection(
            a,
            b,
            conn,
            sim.StaticSynapse(weight=-0.5, delay=2.0) if name == "prob" else sim.StaticSynapse(weight=0.5, delay=2.0),
            receptor_type="inhibitory" if name == "prob" else "excitatory",
        )
        if n is not None:
            assert len(prjs[name]) == n
    assert len(prjs["one"]) == 40
    assert 200 < len(prjs["prob"]) < 600
    sim.run(50.0)
    for name, prj in prjs.items():
        got = prj.get(["weight", "delay"], format="list")
        assert len(got) == len(prj), name
    assert all(g[2] == -0.5 for g in prjs["prob"].get(["weight"], format="list"))
    assert sorted(prjs["list"].get(["weight", "delay"], format="list")) == [(0, 1, 0.5, 2.0), (3, 1, 0.25, 4.0)]


def test_recording_to_neo_with_units(sim, tmp_path):
    src, pop, _ = small_net(sim)
    pop.record(["spikes", "v", "gsyn_exc", "gsyn_inh"])
    sim.run(100.0)
    block = pop.get_data()
    seg = block.segments[0]
    assert len(seg.spiketrains) == 20
    assert seg.spiketrains[0].units == pq.ms
    v = seg.filter(name="v")[0]
    assert v.units == pq.mV and v.shape == (101, 20)
    assert seg.filter(name="gsyn_exc")[0].units == pq.nA
    assert float(np.nanmax(seg.filter(name="gsyn_exc")[0].magnitude)) > 0
    out = tmp_path / "data.pkl"
    pop.write_data(str(out))
    assert out.stat().st_size > 0


def test_population_view_and_assembly(sim):
    sim.setup(timestep=1.0)
    src = sim.Population(10, sim.SpikeSourcePoisson(rate=100.0))
    p1 = sim.Population(10, sim.IF_curr_exp(), label="p1")
    p2 = sim.Population(5, sim.IF_curr_exp(), label="p2")
    view = p1[2:6]
    view.set(i_offset=2.0)
    assert np.allclose(p1.get("i_offset"), [0, 0, 2, 2, 2, 2, 0, 0, 0, 0])
    both = p1 + p2
    prj = sim.Projection(
        src, both, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.2, delay=1.0), receptor_type="excitatory"
    )
    assert len(prj) == 150
    both.record("spikes")
    view.record("v")
    sim.run(100.0)
    counts = both.get_spike_counts()
    assert len(counts) == 15 and sum(counts.values()) > 0
    assert view.get_data().segments[0].filter(name="v")[0].shape == (101, 4)
    got = prj.get("weight", format="list")
    assert len(got) == 150 and {g[1] for g in got} == set(range(15))


def test_neurons_per_core_sets_the_partition(sim):
    sim.setup(timestep=1.0)
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, 10)
    pop = sim.Population(95, sim.IF_curr_exp(i_offset=2.0))
    pop.record("spikes")
    sim.run(50.0)
    from spynn.pynn.simulator import state

    assert len(state.sim.mapped.cores_of[0]) == 10
    assert sum(len(s) for s in pop.get_data().segments[0].spiketrains) > 95


def _volley(sim, delay, strict=False):
    """200 identical neurons fire in the same steps onto one neuron."""
    sim.setup(timestep=1.0, strict=strict)
    src = sim.Population(200, sim.IF_curr_exp(i_offset=2.0))
    pop = sim.Population(1, sim.IF_curr_exp(tau_refrac=5.0))
    pop.record(["spikes", "v"])
    sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.5, delay=delay))
    return pop


def test_saturation_is_reported_and_strict_raises(sim):
    # delays of 1-3 ms: the weight scaling takes a statistical bound (independent firing at
    # 30 Hz), far below what a volley of 200 neurons brings in one step
    delay = sim.RandomDistribution("uniform", (1.0, 3.0), rng=sim.NumpyRNG(seed=1))
    _volley(sim, delay)
    with pytest.warns(UserWarning, match="saturated"):
        sim.run(40.0)
    _volley(sim, delay, strict=True)
    with pytest.raises(ProvenanceError, match="saturated"):
        sim.run(40.0)


def test_a_volley_through_projections_of_one_delay_is_not_saturated(sim):
    """As sPyNNaker scales them: inputs of one delay may all arrive together, so the bound is
    their fully synchronous sum (a synfire chain's volley reaches the next layer whole)."""
    pop = _volley(sim, 1.0, strict=True)
    sim.run(40.0)  # strict: a saturation would raise
    assert pop.get_data().segments[0].spiketrains[0].size >= 2  # 100 nA volleys: a spike each time


def test_bad_delay_is_refused_with_a_clear_message(sim):
    sim.setup(timestep=1.0)
    a = sim.Population(2, sim.SpikeSourcePoisson(rate=1.0))
    b = sim.Population(2, sim.IF_curr_exp())
    with pytest.raises(ValueError, match="'fast'.*shorter than one timestep"):
        sim.Projection(a, b, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.1, delay=0.2), label="fast")
    ok = sim.Projection(a, b, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.1, delay=1.0), label="slow")
    with pytest.raises(ValueError, match="'slow'.*shorter than one timestep"):
        ok.set(delay=0.4)
    sim.run(10.0)
    assert ok.get("delay", format="list", with_address=False) == [1.0, 1.0]


def test_unsupported_types_fail_clearly_and_are_listed(sim):
    from spynn.errors import UNSUPPORTED, NotSupportedError

    sim.setup(timestep=1.0)
    for cls in (
        sim.SpikeSourceInhGamma,
        sim.GIF_cond_exp,
        sim.ElectricalSynapse,
        sim.GutigWeightDependence,
        sim.LIF,
        sim.CurrExpPostSynapticResponse,
        sim.AlphaPSR,
    ):
        with pytest.raises(NotSupportedError, match=cls.__name__.replace("AlphaPSR", "CondAlpha")):
            cls()
        assert cls.__name__ in UNSUPPORTED
    with pytest.raises(NotImplementedError, match="IF_facets_hardware1"):
        sim.Population(3, sim.IF_facets_hardware1, {})
    models = sim.list_standard_models()
    assert {"IF_curr_exp", "IF_cond_exp", "IF_cond_alpha", "EIF_cond_exp_isfa_ista", "SpikeSourceArray"} <= set(models)
    assert not {"GIF_cond_exp", "SpikeSourceInhGamma"} & set(models)


def test_native_rng_draws_repeatably_with_its_seed(sim):
    """pyNN.nest scripts pass sim.NativeRNG to connectors and distributions: spynn draws
    from it as from a NumpyRNG, the same connections and weights for the same seed."""

    def build(seed):
        sim.setup(timestep=1.0)
        a, b = sim.Population(20, sim.SpikeSourcePoisson(rate=5.0)), sim.Population(20, sim.IF_curr_exp())
        w = sim.RandomDistribution("normal", mu=0.5, sigma=0.05, rng=sim.NativeRNG(seed=seed))
        conn = sim.FixedProbabilityConnector(0.5, rng=sim.NativeRNG(seed=seed + 1))
        prj = sim.Projection(a, b, conn, sim.StaticSynapse(weight=w, delay=1.0))
        return np.asarray(prj.get("weight", format="list"))

    first, again, other = build(4), build(4), build(9)
    np.testing.assert_array_equal(first, again)
    assert 100 < len(first) < 300 and abs(first[:, 2].mean() - 0.5) < 0.03 and first[:, 2].std() > 0.02
    assert len(first) != len(other) or not np.array_equal(first, other)
    assert isinstance(sim.NativeRNG(seed=1), sim.NumpyRNG)


@pytest.mark.parametrize("min_delay, expected", [(1.0, 1.0), ("auto", 0.025)])
def test_a_synapse_type_given_no_delay_has_the_min_delay_given_to_setup(sim, min_delay, expected):
    """PyNN (pyNN.nest): the default delay is setup's min_delay; without one, a timestep (sPyNNaker)."""
    sim.setup(timestep=0.025, min_delay=min_delay)
    a, b = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0])), sim.Population(1, sim.IF_curr_exp())
    for synapse in (
        sim.StaticSynapse(weight=1.0),
        sim.TsodyksMarkramSynapse(weight=1.0),
        sim.STDPMechanism(timing_dependence=sim.SpikePairRule(), weight_dependence=sim.AdditiveWeightDependence()),
    ):
        prj = sim.Projection(a, b, sim.AllToAllConnector(), synapse)
        assert prj.get("delay", format="list")[0][2] == pytest.approx(expected)


def test_delays_round_half_up_like_nest(sim):
    sim.setup(timestep=0.1)
    a = sim.Population(4, sim.SpikeSourceArray(spike_times=[1.0]))
    b = sim.Population(4, sim.IF_curr_exp())
    conns = [(i, i, 0.1, d) for i, d in enumerate([0.15, 0.25, 0.35, 1.05])]
    prj = sim.Projection(a, b, sim.FromListConnector(conns), sim.StaticSynapse())
    got = [round(d, 9) for d in prj.get("delay", format="array").diagonal()]
    assert got == [0.2, 0.3, 0.4, 1.1]


def test_extra_models_namespace(sim):

    assert sim.extra_models.IFCurDelta is sim.IF_curr_delta
    assert sim.extra_models.Neuromodulation(weight=0.1).tau_c == 1000.0


def test_pynn_names_every_backend_has(sim):
    """The procedural set() and pyNN.parameters' Sequence / ArrayParameter / ParameterSpace,
    as pyNN.nest exposes them (scripts use sim.Sequence for spike_times)."""
    sim.setup(timestep=1.0)
    pop = sim.Population(3, sim.IF_curr_exp())
    sim.set(pop[0:2], tau_m=12.0)
    assert list(pop.get("tau_m")) == [12.0, 12.0, 20.0]
    src = sim.Population(2, sim.SpikeSourceArray(spike_times=[sim.Sequence([1.0, 2.0]), sim.Sequence([3.0])]))
    src.record("spikes")
    sim.run(5.0)
    assert [list(t.magnitude) for t in src.get_data().segments[0].spiketrains] == [[1.0, 2.0], [3.0]]
    assert sim.ArrayParameter([1, 2]).value.tolist() == [1, 2] and sim.ParameterSpace({}).is_homogeneous


def test_sPyNNaker_namespaces_and_machine(sim):
    from spynn.errors import NotSupportedError

    sim.setup(timestep=1.0)
    assert sim.get_machine().n_chips == 48
    with pytest.raises(NotSupportedError, match="activate_live_output_for"):
        sim.external_devices.activate_live_output_for(None)


def test_write_data_to_nix(sim, tmp_path):
    pytest.importorskip("nixio")
    import neo

    sim.setup(timestep=1.0)
    pop = sim.Population(3, sim.IF_curr_exp(i_offset=[0.0, 1.0, 2.0]))
    pop.record(["spikes", "v"])
    sim.run(100.0)
    pop.write_data(str(tmp_path / "out.nix"))
    block = neo.NixIO(str(tmp_path / "out.nix"), mode="ro").read_block()
    seg = block.segments[0]
    assert [len(s) for s in seg.spiketrains][0] == 0 and len(seg.spiketrains[2]) > 0
    assert seg.analogsignals[0].shape == (101, 3)


def test_neurons_added_to_a_recording_later_record_from_then_on(sim):
    """The cores record every neuron of a recorded channel; a neuron added to the spike
    recording after a run has its spikes from then on only (PyNN: recording starts at
    record()), and after reset() every recorded neuron's from the new segment's start."""
    sim.setup(timestep=1.0)
    pop = sim.Population(4, sim.IF_curr_exp(i_offset=2.0))  # regular firing, first spike at 10 ms
    pop[0:2].record("spikes")
    sim.run(100.0)
    pop.record("spikes")
    sim.run(100.0)
    trains = pop.get_data().segments[0].spiketrains
    early, late = [np.asarray(t) for t in trains[:2]], [np.asarray(t) for t in trains[2:]]
    assert all(t.min() < 20.0 and t.size == 2 * late[0].size for t in early)
    assert all(t.min() > 100.0 and np.array_equal(t, early[0][early[0] > 100.0]) for t in late)
    sim.reset()
    sim.run(50.0)
    trains = pop.get_data().segments[1].spiketrains
    assert all(np.array_equal(np.asarray(t), np.asarray(trains[0])) and np.asarray(t).min() < 20.0 for t in trains)
    sim.end()


def test_populations_are_freed_after_end(sim):
    """A population's cells refer to it weakly: with a strong reference the numpy array of
    cells made a cycle the collector cannot see, and every setup/end cycle of a parameter
    sweep kept its whole network in memory."""
    import gc
    import weakref

    def one_run():
        sim.setup(timestep=1.0)
        pop = sim.Population(5, sim.IF_curr_exp(i_offset=1.0))
        pop.record("spikes")
        sim.run(10.0)
        pop.get_data()
        cell = pop[0]
        assert cell.parent is pop and cell.tau_m == 20.0
        sim.end()
        return weakref.ref(pop)

    gone = one_run()
    sim.setup(timestep=1.0)
    gc.collect()
    assert gone() is None


def test_projection_get_list_also_answers_as_spynnakers_record_array(sim):
    """PyNN's list of tuples, which sPyNNaker scripts also use as its record array: a row
    equals the list of its values, columns by name, tolist()."""
    sim.setup(timestep=1.0)
    pop = sim.Population(3, sim.IF_curr_exp())
    prj = sim.Projection(pop, pop, sim.AllToAllConnector(allow_self_connections=False), sim.StaticSynapse(weight=2.0))
    got = prj.get(["weight", "delay"], format="list")
    assert got[0] == (0, 1, 2.0, 1.0) and got[0] == [0, 1, 2.0, 1.0] and got[0] != [0, 2, 2.0, 1.0]
    assert got[-1] == [2, 1, 2.0, 1.0]
    assert list(got) == [
        [0, 1, 2.0, 1.0],
        [0, 2, 2.0, 1.0],
        [1, 0, 2.0, 1.0],
        [1, 2, 2.0, 1.0],
        [2, 0, 2.0, 1.0],
        [2, 1, 2.0, 1.0],
    ]
    assert all(isinstance(row, tuple) for row in got) and sorted(got)[0] == (0, 1, 2.0, 1.0)
    assert np.array_equal(np.array(got), np.array([list(row) for row in got])) and np.array(got).shape == (6, 4)
    assert np.array(prj.get(["weight", "weight"], format="list")).shape == (6, 4)
    assert got["source"].tolist() == [0, 0, 1, 1, 2, 2] and got["target"].tolist() == [1, 2, 0, 2, 0, 1]
    assert got["weight"].tolist() == [2.0] * 6
    with pytest.raises(KeyError, match="no column 'tau_plus'.*'source', 'target', 'weight', 'delay'"):
        got["tau_plus"]
    assert got.tolist() == list(got) and isinstance(got.tolist(), list)
    assert prj.get([], format="list")[1] == [0, 2]


@pytest.mark.parametrize("how,want", [("sum", 3.0), ("min", 1.0), ("max", 2.0)])
def test_projection_get_array_aggregates_repeated_connections(sim, how, want):
    sim.setup(timestep=1.0)
    a, b = sim.Population(3, sim.IF_curr_exp()), sim.Population(2, sim.IF_curr_exp())
    conns = [(0, 1, 1.0, 1.0), (0, 1, 2.0, 1.0), (2, 0, 0.5, 3.0)]
    prj = sim.Projection(a, b, sim.FromListConnector(conns))
    (w,) = prj.get(["weight"], format="array", multiple_synapses=how)
    assert w[0, 1] == want and w[2, 0] == 0.5
    assert np.isnan(w[[0, 1, 1, 2], [0, 0, 1, 1]]).all()
    single = sim.Projection(a, b, sim.FromListConnector(conns[1:]))
    w, d = single.get(["weight", "delay"], format="array")
    assert w[0, 1] == 2.0 and d[2, 0] == 3.0 and np.isnan(w).sum() == 4


def test_spike_times_before_zero_are_dropped_with_a_warning(sim):
    """As NEST does: a spike cannot come before the simulation starts (one at 0 is sent in
    the first step)."""
    sim.setup(timestep=1.0)
    with pytest.warns(UserWarning, match="SpikeSourceArray: 2 spike time\\(s\\) before 0 ms will not be sent"):
        src = sim.Population(2, sim.SpikeSourceArray(spike_times=[[-3.0, 2.5], [-1.0, 0.0, 4.0]]))
    src.record("spikes")
    sim.run(10.0)
    assert [s.magnitude.tolist() for s in src.get_data().segments[0].spiketrains] == [[3.0], [1.0, 4.0]]


def test_spike_times_read_back_whether_the_same_for_all_or_not(sim):
    """Population.get("spike_times"): one Sequence when every source has the same times (as
    PyNN simplifies any parameter), one per source otherwise or with simplify=False."""
    sim.setup(timestep=1.0)
    same = sim.Population(3, sim.SpikeSourceArray(spike_times=[1.0, 2.0]))
    assert same.get("spike_times").value.tolist() == [1.0, 2.0]
    assert [s.value.tolist() for s in same.get("spike_times", simplify=False)] == [[1.0, 2.0]] * 3
    assert same[1:].get("spike_times").value.tolist() == [1.0, 2.0]
    assert sim.Population(2, sim.SpikeSourceArray()).get("spike_times").value.size == 0
    each = sim.Population(3, sim.SpikeSourceArray(spike_times=[[1.0], [2.0, 3.0], [4.0]]))
    assert [s.value.tolist() for s in each.get("spike_times")] == [[1.0], [2.0, 3.0], [4.0]]


def test_a_projection_onto_an_assembly_takes_the_first_receptor_by_default(sim):
    """Assembly.receptor_types keeps the cells' order (PyNN's set would make the default
    receptor depend on PYTHONHASHSEED)."""
    sim.setup(timestep=1.0)
    a = sim.Population(2, sim.IF_curr_exp())
    b = sim.Population(2, sim.IF_cond_exp())
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0]))
    assert (a + b).receptor_types == ["excitatory", "inhibitory", "reward", "punishment"]
    c = sim.Population(2, sim.IF_curr_exp())
    assert sim.Projection(src, a + c, sim.AllToAllConnector()).receptor_type == "excitatory"
    negative = sim.StaticSynapse(weight=-0.5)
    assert sim.Projection(src, a + c, sim.AllToAllConnector(), negative).receptor_type == "inhibitory"


@pytest.mark.parametrize(
    "kwargs, want",
    [
        ({}, 2458 / 8192),  # mean + 5 sd at 30 Hz: 3.46 nA, shift 2
        ({"spikes_per_second": 1000.0}, 307 / 1024),  # every source each step: 30 nA, shift 5
        ({"ring_buffer_sigma": 0.5}, 4915 / 16384),  # 1.16 nA, shift 1
        ({"max_expected_summed_weight": [64.0, 0.0]}, 77 / 256),  # shift 7
    ],
)
def test_spynnakers_weight_scaling_arguments(sim, kwargs, want):
    """sPyNNaker's Population(spikes_per_second=, ring_buffer_sigma=,
    max_expected_summed_weight=) set the scale of its input weights: 100 neurons onto one,
    0.3 nA, delays 1-5 ms (a statistical bound), read back quantised."""
    sim.setup(timestep=1.0)
    src = sim.Population(100, sim.IF_curr_exp())
    post = sim.Population(1, sim.IF_curr_exp(), **kwargs)
    delay = sim.RandomDistribution("uniform", (1.0, 5.0), rng=sim.NumpyRNG(seed=2))
    proj = sim.Projection(src, post, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.3, delay=delay))
    sim.run(1.0)
    assert np.unique(proj.get("weight", format="list", with_address=False)).tolist() == [want]


def test_spynnakers_other_population_and_projection_arguments_are_accepted(sim):
    sim.setup(timestep=1.0)
    a = sim.Population(
        4,
        sim.IF_curr_exp(),
        n_synapse_cores=1,
        allow_delay_extensions=True,
        drop_late_spikes=True,
        incoming_spike_buffer_size=512,
        neurons_per_core=2,
    )
    assert a.spynn_max_atoms_per_core == 2
    sim.Projection(a, a, sim.OneToOneConnector(), download_synapses=True, partition_id="SPIKE")
    with pytest.raises(ValueError, match="max_expected_summed_weight must be weights >= 0"):
        sim.Population(1, sim.IF_curr_exp(), max_expected_summed_weight=[-1.0])
    with pytest.raises(ValueError, match="spikes_per_second must be a positive number"):
        sim.Population(1, sim.IF_curr_exp(), spikes_per_second="fast")


def test_spike_trains_carry_spynnakers_source_id(sim):
    """neo annotations as PyNN gives them, plus sPyNNaker's source_id (the cell's ID)."""
    sim.setup(timestep=1.0)
    sim.Population(2, sim.IF_curr_exp())  # IDs before the recorded population's
    src = sim.Population(3, sim.SpikeSourceArray(spike_times=[[1.0], [2.0], [3.0]]), label="src")
    src.record("spikes")
    sim.run(5.0)
    trains = src.get_data().segments[0].spiketrains
    assert [t.annotations["source_id"] for t in trains] == [int(i) for i in src.all_cells]
    assert [t.annotations["source_index"] for t in trains] == [0, 1, 2]

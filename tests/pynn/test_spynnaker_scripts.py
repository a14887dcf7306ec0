"""What sPyNNaker users' scripts do that PyNN's other backends do not accept."""

import warnings

import numpy as np
import pytest
from pyNN.errors import ConnectionError, InvalidParameterValueError


def test_initial_values_given_to_the_cell_type(sim):
    sim.setup(timestep=1.0)
    lif = sim.Population(2, sim.IF_curr_exp, {"tau_m": 10.0, "v": -70.0, "isyn_exc": 0.0})
    izk = sim.Population(2, sim.Izhikevich(a=0.02, b=0.2, c=-65.0, d=8.0, v=-75.0, u=0.0))
    given = sim.Population(2, sim.IF_curr_exp(v=-60.0), initial_values={"v": -55.0})
    later = sim.Population(2, sim.IF_cond_exp(v=-60.0))
    later.initialize(v=-52.0)
    for p in (lif, izk, given, later):
        p.record("v")
    sim.run(3.0)
    first = [p.get_data().segments[0].filter(name="v")[0].magnitude[0] for p in (lif, izk, given, later)]
    np.testing.assert_allclose(first, [[-70.0, -70.0], [-75.0, -75.0], [-55.0, -55.0], [-52.0, -52.0]], atol=1e-3)
    # the class's defaults are untouched
    assert sim.IF_curr_exp().default_initial_values["v"] == -65.0


def test_conductance_cells_take_spynnakers_isyn_names(sim):
    """sPyNNaker names every synaptic state isyn_*: IF_cond_exp(isyn_exc=...) and
    Izhikevich_cond(isyn_inh=...) set the conductances PyNN calls gsyn_* [uS]."""
    sim.setup(timestep=0.1)
    lif = sim.Population(1, sim.IF_cond_exp(isyn_exc=0.02, isyn_inh=0.0))
    izk = sim.Population(1, sim.extra_models.Izhikevich_cond(isyn_inh=0.01, v=-65.0))
    dual = sim.Population(1, sim.extra_models.Izhikevich_cond_dual(isyn_exc2=0.03))
    for p in (lif, izk, dual):
        p.record(["gsyn_exc", "gsyn_inh"])
    sim.run(1.0)
    first = [
        [p.get_data().segments[0].filter(name=n)[0].magnitude[0, 0] for n in ("gsyn_exc", "gsyn_inh")]
        for p in (lif, izk, dual)
    ]
    np.testing.assert_allclose(first, [[0.02, 0.0], [0.0, 0.01], [0.03, 0.0]], atol=1e-4)


def test_record_all_records_every_recordable(sim):
    sim.setup(timestep=1.0)
    pop = sim.Population(3, sim.IF_curr_exp(i_offset=2.0))
    pop.record("all")
    sim.run(20.0)
    seg = pop.get_data().segments[0]
    assert sorted(a.name for a in seg.analogsignals) == ["gsyn_exc", "gsyn_inh", "v"]
    assert sum(len(st) for st in seg.spiketrains) > 0


def test_delta_synapses_record_their_input_when_it_moves_v(sim):
    """sPyNNaker's IF_curr_delta records gsyn_exc / gsyn_inh: the summed input [mV] that
    moved v at that sample, across run() chunks too."""
    sim.setup(timestep=1.0)
    src = sim.Population(1, sim.SpikeSourceArray([[5.0, 5.0, 9.0]]))
    pop = sim.Population(2, sim.extra_models.IFCurDelta())
    sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=2.0, delay=1.0))
    sim.Projection(
        src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=-1.0, delay=2.0), receptor_type="inhibitory"
    )
    pop[0:1].record("all")
    sim.run(10.0)
    sim.run(5.0)
    seg = pop.get_data().segments[0]
    exc, inh, v = (seg.filter(name=n)[0].magnitude[:, 0] for n in ("gsyn_exc", "gsyn_inh", "v"))
    assert list(np.nonzero(exc)[0]) == [6, 10] and list(exc[[6, 10]]) == [4.0, 2.0]
    assert list(np.nonzero(inh)[0]) == [7, 11] and list(inh[[7, 11]]) == [2.0, 1.0]
    assert v[6] - v[5] == pytest.approx(4.0, abs=1e-3) and v[7] < v[6] - 2.0


def test_negative_weights_onto_conductances_are_magnitudes(sim):
    def run(weight):
        sim.setup(timestep=0.1)
        src = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0, 6.0]))
        pop = sim.Population(1, sim.IF_cond_exp())
        sim.Projection(
            src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=weight, delay=1.0), receptor_type="inhibitory"
        )
        pop.record("v")
        sim.run(20.0)
        v = pop.get_data().segments[0].filter(name="v")[0].magnitude[:, 0]
        sim.end()
        return v

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        negative = run(-0.02)
    assert any("taken as their magnitudes" in str(w.message) for w in caught)
    positive = run(0.02)
    np.testing.assert_array_equal(negative, positive)
    assert positive.min() < -65.5  # the inhibition acted


def test_neo_convertor_tables(sim):
    from spynn.utilities import neo_convertor

    sim.setup(timestep=1.0)
    pop = sim.Population(4, sim.IF_curr_exp(i_offset=np.array([0.0, 2.0, 3.0, 0.0])))
    pop[1:3].record(["spikes", "v", "gsyn_exc", "gsyn_inh"])
    sim.run(30.0)
    data = pop.get_data()
    trains = data.segments[0].spiketrains
    spikes = neo_convertor.convert_spikes(data)
    assert spikes.shape == (neo_convertor.count_spikes(data), 2) and spikes.shape[0] > 0
    for st in trains:
        mine = spikes[spikes[:, 0] == st.annotations["source_index"], 1]
        np.testing.assert_array_equal(mine, st.magnitude)
    v = neo_convertor.convert_data(data, "v")
    signal = data.segments[0].filter(name="v")[0]
    assert v.shape == (signal.size, 3)
    assert set(v[:, 0]) == {1, 2}
    np.testing.assert_array_equal(v[v[:, 0] == 2, 2], signal.magnitude[:, 1])
    np.testing.assert_array_equal(v[v[:, 0] == 2, 1], signal.times.magnitude)
    gsyn = neo_convertor.convert_gsyn(data, data)
    assert gsyn.shape == (signal.size, 4)
    assert len(neo_convertor.convert_v_list(data)) == 1
    with pytest.raises(ValueError, match="no run 3"):
        neo_convertor.convert_spikes(data, run=3)


def test_spike_source_array_positional(sim):
    sim.setup(timestep=1.0)
    src = sim.Population(2, sim.SpikeSourceArray([[3.0, 5.0, 9.0], [2.0]]))
    src.record("spikes")
    sim.run(20.0)
    trains = src.get_data().segments[0].spiketrains
    assert [list(t.magnitude) for t in trains] == [[3.0, 5.0, 9.0], [2.0]]
    with pytest.raises(InvalidParameterValueError, match="sorted"):  # PyNN's rule (sPyNNaker sorts)
        sim.Population(1, sim.SpikeSourceArray([[9.0, 3.0]]))


def test_poisson_variable_lists_read_back(sim):
    sim.setup(timestep=1.0)
    shared = sim.Population(2, sim.extra_models.SpikeSourcePoissonVariable(rates=[10, 20], starts=[0, 500]))
    own = sim.Population(2, sim.extra_models.SpikeSourcePoissonVariable(rates=[[1, 2], [3]], starts=[[0, 5], [0]]))
    assert [list(r) for r in shared.get("rates")] == [[10, 20], [10, 20]]
    assert [list(d) for d in shared.get("durations")] == [[None, None], [None, None]]
    assert [list(r) for r in own.get("starts")] == [[0, 5], [0]]
    assert list(own[1:2].get("rates")) == [3.0]  # one source: its list, as PyNN simplifies


def test_extra_models_spynn_does_not_run_say_so(sim):
    from spynn.errors import UNSUPPORTED, NotSupportedError

    with pytest.raises(NotSupportedError, match="IFCondExpCerebellum: sPyNNaker's iCub VOR cerebellum model"):
        sim.extra_models.IFCondExpCerebellum()
    assert "WeightChanger" in UNSUPPORTED and "IF_curr_exp_sEMD" not in UNSUPPORTED


def test_runs_before_a_reset_keep_their_data_whatever_get_data_names(sim):
    """PyNN 0.13's own filter drops earlier segments' signals, and empties their spikes for good."""
    sim.setup(timestep=1.0)
    pop = sim.Population(5, sim.IF_curr_exp(i_offset=1.0))
    pop.record(["spikes", "v"])
    sim.run(100.0)
    sim.reset()
    sim.run(50.0)
    only_v = pop.get_data("v")
    assert [[a.shape for a in s.analogsignals] for s in only_v.segments] == [[(101, 5)], [(51, 5)]]
    assert all(len(s.spiketrains) == 0 for s in only_v.segments)
    spikes = [sum(len(t) for t in s.spiketrains) for s in pop.get_data().segments]
    assert spikes[0] > spikes[1] > 0  # the first run was longer
    assert [len(s.analogsignals) for s in pop.get_data("spikes").segments] == [0, 0]


def test_a_populations_own_atoms_per_core_limit(sim):
    from spynn.pynn.simulator import state

    sim.setup(timestep=1.0)
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, 50)
    own = sim.Population(100, sim.IF_curr_exp(i_offset=2.0), max_atoms_per_core=30)
    sim.Population(100, sim.IF_curr_exp(i_offset=2.0))  # the cell type's limit
    later = sim.Population(100, sim.IF_curr_exp(i_offset=2.0))
    later.set_max_atoms_per_core(10)
    sim.run(10.0)
    assert [len(state.sim.mapped.cores_of[i]) for i in range(3)] == [4, 2, 10]
    sim.reset()
    own.set_max_atoms_per_core(100)
    sim.run(10.0)
    assert len(state.sim.mapped.cores_of[0]) == 1
    with pytest.raises(ValueError, match="max_atoms_per_core"):
        sim.Population(10, sim.IF_curr_exp(), max_atoms_per_core=0)


def test_array_connector_with_a_float_array(sim):
    """sPyNNaker's ArrayConnector test gives 0/1 floats: PyNN took them for indices (and the
    out-of-range ones reached the C packer)."""
    sim.setup(timestep=1.0)
    src = sim.Population(3, sim.SpikeSourceArray(spike_times=[[1.0], [], []]))
    pop = sim.Population(200, sim.IF_curr_exp())
    m = np.zeros((3, 200))
    m[0, 0] = m[0, 5] = m[2, 199] = 1.0
    prj = sim.Projection(src, pop, sim.ArrayConnector(m), sim.StaticSynapse(weight=2.0))
    pop.record("v")
    sim.run(10.0)
    assert sorted((i, j) for i, j, _ in prj.get("weight", format="list")) == [(0, 0), (0, 5), (2, 199)]
    v = pop.get_data().segments[0].filter(name="v")[0].magnitude
    assert v[:, 0].max() > -64.0 and v[:, 1].max() == -65.0
    with pytest.raises(ConnectionError, match="index 7"):  # what a connector hands over is checked
        prj._check_indices(np.array([0, 7]), np.array([0]))


def test_one_to_one_between_different_sizes_connects_the_first_ones(sim):
    sim.setup(timestep=1.0)
    a, b = sim.Population(1, sim.IF_curr_exp()), sim.Population(2, sim.IF_curr_exp())
    with pytest.warns(UserWarning, match="first 1"):
        prj = sim.Projection(a, b, sim.OneToOneConnector(), sim.StaticSynapse(weight=1.0))
    assert [(i, j) for i, j, _ in prj.get("weight", format="list")] == [(0, 0)]


def test_state_through_set_and_views_and_sPyNNaker_shorthands(sim):
    from spynn.pynn.simulator import state

    sim.setup(timestep=1.0)
    pop = sim.Population(16, sim.IF_curr_exp(), structure=sim.Grid2D())
    pop.set_max_atoms_per_core((4, 2))  # sPyNNaker's sub-grid per core: 8 neurons
    src = sim.Population(3, sim.SpikeSourcePoisson(10.0))  # rate by position
    assert src.get("rate") == 10.0
    pop[1, 3].initialize(v=-60.0)  # PyNN 0.13 raises NotImplementedError for a view
    pop[4:6].set(v=-55.0, tau_m=12.0)  # a state variable through set(), as sPyNNaker allows
    pop.record("v")
    sim.run(2.0)
    v = pop.get_data().segments[0].filter(name="v")[0].magnitude
    assert list(v[0, :7]) == [-65.0, -60.0, -65.0, -60.0, -55.0, -55.0, -65.0]
    assert list(pop.get("tau_m")[3:7]) == [20.0, 12.0, 12.0, 20.0]
    assert len(state.sim.mapped.cores_of[0]) == 2
    pop.set(v=-50.0)  # between runs: the current state
    sim.run(2.0)
    assert (pop.get_data().segments[0].filter(name="v")[0].magnitude[2] == -50.0).all()


def test_spinnaker_get_data_tables(sim):
    sim.setup(timestep=1.0)
    pop = sim.Population(4, sim.IF_curr_exp(i_offset=np.array([0.0, 2.0, 3.0, 0.0])))
    pop.record(["spikes", "v"])
    sim.run(30.0)
    spikes = pop.spinnaker_get_data("spikes")
    trains = pop.get_data().segments[0].spiketrains
    assert spikes.shape == (sum(len(t) for t in trains), 2) and set(spikes[:, 0]) == {1, 2}
    np.testing.assert_array_equal(spikes[spikes[:, 0] == 2, 1], trains[2].magnitude)
    rows = pop.spinnaker_get_data("v")
    matrix = pop.spinnaker_get_data("v", as_matrix=True)
    assert matrix.shape == (31, 4) and rows.shape == (31 * 4, 3)
    np.testing.assert_array_equal(rows[rows[:, 0] == 3, 2], matrix[:, 3])
    assert pop.spinnaker_get_data("v", view_indexes=[1, 2]).shape == (31 * 2, 3)


def test_poisson_sources_record_every_spike_of_a_tick(sim):
    """At 1 kHz and 1 ms steps a source often sends two or more packets in a step; each one is
    a recorded spike (at the same time, as NEST's generator records multiplicity), so the
    recorded rate is the rate (it was 1 - exp(-1) of it: 632 Hz)."""
    sim.setup(timestep=1.0)
    src = sim.Population(100, sim.SpikeSourcePoisson(rate=1000.0), seed=7)
    src.record("spikes")
    sim.run(1000.0)
    trains = src.get_data().segments[0].spiketrains
    n = sum(len(t) for t in trains)
    assert 98_500 < n < 101_500  # 100k expected, sd 316
    assert any((np.diff(t.magnitude) == 0).any() for t in trains)  # several in one step
    assert all((np.diff(t.magnitude) >= 0).all() for t in trains)


def test_time_scale_factor_lifts_the_real_time_input_queue_warning(sim):
    """300 packets a step overflow a real-time core's 256-packet queue; a script that slows the
    board down (time_scale_factor) gives it time for them, so only the default run warns."""
    import warnings

    def run(**setup):
        sim.setup(timestep=1.0, **setup)
        src = sim.Population(300, sim.SpikeSourceArray(spike_times=[5.0]))
        pop = sim.Population(1, sim.IF_curr_exp())
        sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.01))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            sim.run(10.0)
        sim.end()
        return [str(w.message) for w in caught if "input queue" in str(w.message)]

    assert run() and not run(time_scale_factor=200)


def test_weights_and_delays_as_expressions_of_distance(sim):
    """sPyNNaker takes StaticSynapse(weight="1.0 + 2.0 * exp(-d)"); PyNN 0.13 cannot evaluate exp there."""
    sim.setup(timestep=1.0)
    a = sim.Population(9, sim.IF_curr_exp(), structure=sim.Grid2D(dx=1.0, dy=1.0))
    b = sim.Population(9, sim.IF_curr_exp(), structure=sim.Grid2D(dx=1.0, dy=1.0))
    exc = sim.Projection(a, b, sim.AllToAllConnector(), sim.StaticSynapse(weight="1.0 + 2.0*exp(-d)", delay=5))
    inh = sim.Projection(
        a, b, sim.AllToAllConnector(), sim.StaticSynapse(weight=1.5, delay="2 + 2.0*d"), receptor_type="inhibitory"
    )
    d = np.hypot(*np.divmod(np.arange(9), 3)[::-1])  # distance of each neuron from neuron 0
    w = np.array([x for i, _, x in exc.get(["weight"], "list") if i == 0])
    np.testing.assert_allclose(w, 1.0 + 2.0 * np.exp(-d), atol=2e-3)
    delays = np.array([x for i, _, x in inh.get(["delay"], "list") if i == 0])
    np.testing.assert_array_equal(delays, np.floor(2 + 2.0 * d + 0.5))
    assert exc.get([], "list")[:2] == [(0, 0), (0, 1)]  # sPyNNaker: the pairs only
    with pytest.raises(InvalidParameterValueError, match="expression of the distance"):
        sim.StaticSynapse(weight="exp(-d")


def test_recorded_spikes_are_those_before_now(sim):
    """A spike of the last step is stamped with the current time (NEST's convention); it is
    reported once the simulation moves past it, so run(T) gives spikes in [0, T) and scripts
    that bin them into T / bin bins (sPyNNaker's) stay in range."""
    sim.setup(timestep=1.0)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[3.0, 9.0, 10.0]))
    src.record("spikes")
    sim.run(10.0)
    assert list(src.get_data().segments[0].spiketrains[0].magnitude) == [3.0, 9.0]
    assert src.get_spike_counts() == {int(src[0]): 2}
    sim.run(5.0)
    assert list(src.get_data().segments[0].spiketrains[0].magnitude) == [3.0, 9.0, 10.0]


def test_spynnaker_mapping_hints_are_accepted(sim):
    """Scripts that tune sPyNNaker's own mapping (synapse cores, delay extensions, splitters
    from spynnaker.pyNN.extra_algorithms.splitter_components) run unchanged: the network is
    the same without them."""
    from spynn.errors import NotSupportedError
    from spynn.extra_algorithms.splitter_components import SplitterAbstractPopulationVertexNeuronsSynapses

    def network(hints: bool):
        sim.setup(timestep=1.0)
        if hints:
            sim.set_number_of_synapse_cores(sim.IF_curr_exp, 2)
            sim.set_allow_delay_extensions(sim.IF_curr_exp, False)
        extra = {"additional_parameters": {"splitter": SplitterAbstractPopulationVertexNeuronsSynapses(2)}}
        src = sim.Population(1, sim.SpikeSourceArray(spike_times=[[2.0, 20.0]]))
        pop = sim.Population(5, sim.IF_curr_exp(), **(extra if hints else {}))
        sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=5.0, delay=17.0))
        pop.record("spikes")
        sim.run(60.0)
        spikes = [list(t.magnitude) for t in pop.get_data().segments[0].spiketrains]
        sim.end()
        return spikes

    with_hints = network(True)
    assert with_hints == network(False) and len(with_hints[0]) == 2
    with pytest.raises(TypeError, match="give the cell type's class"):
        sim.set_number_of_synapse_cores("IF_curr_exp", 1)
    with pytest.raises(NotSupportedError, match="ConvolutionConnector"):
        sim.ConvolutionConnector([[1.0]])


def test_get_of_a_value_the_same_for_all_reads_as_a_number_and_as_a_list(sim):
    """PyNN gives one number for a parameter every neuron shares; sPyNNaker scripts index it
    (pop.get("rate")[i]) and compare it with a list: both work, and it is still the number."""
    import pickle

    sim.setup(timestep=1.0)
    src = sim.Population(2, sim.SpikeSourcePoisson(rate=1.0))
    lif = sim.Population(3, sim.IF_curr_exp(cm=0.25, tau_m=[10.0, 20.0, 30.0]))
    rate = src.get("rate")
    assert rate[1] == 1.0 and len(rate) == 2 and list(rate) == [1.0, 1.0]
    cm = lif.get("cm")
    assert cm == [0.25, 0.25, 0.25] and cm != [0.25, 0.25] and cm == 0.25 and cm * 4 == 1.0
    assert np.asarray(cm).shape == () and isinstance(cm, float) and pickle.loads(pickle.dumps(cm)) == 0.25
    assert lif[1:].get("cm")[1] == 0.25 and (lif + sim.Population(1, sim.IF_curr_exp(cm=0.25))).get("cm")[3] == 0.25
    cm, tau_m = lif.get(["cm", "tau_m"])
    assert cm[2] == 0.25 and list(tau_m) == [10.0, 20.0, 30.0]
    with pytest.raises(IndexError):
        lif.get("cm")[3]

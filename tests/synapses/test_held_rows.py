"""Rows made at each spike, the most used held once the emulator has seen which they are
(setup(procedural_connectivity=x); backends/emulator.py, emulator.c emu_hold_rows): the same
spikes as rows made or written out, never more held than the budget, the fastest sources
first.  DEFER_MIN is lowered so small networks are described."""

import numpy as np
import pytest

import spynn.pynn.deferred as deferred
from spynn.pynn import simulator
from spynn.pynn.control import procedural_setting
from spynn.runtime import HOLD_AT_MS
from spynn.synapses import layout

C = layout.const


@pytest.fixture
def described(monkeypatch):
    monkeypatch.setattr(deferred, "DEFER_MIN", 1)


def _network(sim, setting, n=200, p=0.15):
    """Two source populations onto one: "fast" fires about four times as often as "slow"."""
    sim.setup(timestep=0.1, procedural_connectivity=setting)
    rng = sim.NumpyRNG(seed=5)
    fast = sim.Population(n, sim.IF_curr_exp(i_offset=2.0, tau_refrac=2.0), label="fast")
    slow = sim.Population(n, sim.IF_curr_exp(i_offset=0.9, tau_refrac=2.0), label="slow")
    post = sim.Population(n, sim.IF_curr_exp(), label="post")
    for pop in (fast, slow):
        pop.initialize(v=sim.RandomDistribution("uniform", low=-65.0, high=-55.0, rng=rng))
        weight = sim.RandomDistribution("normal_clipped", mu=0.3, sigma=0.1, low=0.0, high=np.inf, rng=rng)
        delay = sim.RandomDistribution("normal_clipped", mu=1.5, sigma=0.5, low=0.1, high=4.0, rng=rng)
        sim.Projection(
            pop, post, sim.FixedProbabilityConnector(p, rng=rng), sim.StaticSynapse(weight=weight, delay=delay)
        )
    for pop in (fast, slow, post):
        pop.record("spikes")
    return fast, slow, post


def _spikes(pops) -> list[np.ndarray]:
    return [np.asarray(t) for pop in pops for t in pop.get_data("spikes").segments[-1].spiketrains]


def _held_items_by_source() -> dict[str, int]:
    """Per source population, the master-table items of the post cores now held in the row
    store (packed, and past the core's matrix region)."""
    s = simulator.state.sim
    mapped = s.mapped
    label_of_key = {mapped.keys.base(mv): mapped.graph.vertices[mv.vertex].label for mv in mapped.cores}
    out: dict[str, int] = {}
    for core in mapped.synapses:
        table = mapped.region(core, C("REGION_MASTER_POP_TABLE"))
        matrix_words = mapped.region(core, C("REGION_SYNAPTIC_MATRIX")).size
        n_entries = int(table[0])
        entries = table[2 : 2 + 4 * n_entries].reshape(-1, 4)
        items = table[2 + 4 * n_entries :].reshape(-1, 3)
        for key, _, first, n_items in entries:
            for offset, stride, _ in items[first : first + n_items]:
                if stride == C("PACKED_BLOCK_STRIDE") and offset >= matrix_words:
                    out[label_of_key[int(key)]] = out.get(label_of_key[int(key)], 0) + 1
    return out


def test_rows_held_on_the_way_give_the_spikes_of_rows_made_or_written_out(sim, described):
    runs = {}
    for setting in (True, False, 50.0):
        pops = _network(sim, setting)
        sim.run(150.0)
        runs[setting] = _spikes(pops)
        if setting == 50.0:
            emulator = simulator.state.sim.backend
            assert emulator.held_words > 0  # a budget far above the rows: all held
            assert _held_items_by_source().keys() == {"fast", "slow"}
    assert sum(t.size for t in runs[True]) > 300
    for made, written, held in zip(runs[True], runs[False], runs[50.0]):
        np.testing.assert_array_equal(made, written)
        np.testing.assert_array_equal(made, held)


def test_nothing_is_held_before_the_emulator_has_counted_the_keys(sim, described):
    _network(sim, 50.0)
    sim.run(HOLD_AT_MS - 1.0)
    assert simulator.state.sim.backend.held_words == 0 and not _held_items_by_source()
    sim.run(2.0)
    assert simulator.state.sim.backend.held_words > 0


def test_the_fastest_sources_are_held_first_within_the_budget(sim, described):
    # the rows of one projection take about 0.15 * 200 + 2 words an atom held: a budget of
    # 1.1 words (4.4 bytes) a synapse of both holds one projection's and not the other's
    _network(sim, 4.4 * 0.6)
    sim.run(100.0)
    s = simulator.state.sim
    assert 0 < s.backend.held_words <= s.hold_words
    assert set(_held_items_by_source()) == {"fast"}


def test_a_reset_holds_the_rows_again(sim, described):
    pops = _network(sim, 50.0)
    sim.run(100.0)
    first = _spikes(pops)
    sim.reset()
    sim.run(100.0)
    assert simulator.state.sim.backend.held_words > 0
    for x, y in zip(first, _spikes(pops)):
        np.testing.assert_array_equal(x, y)


def test_no_budget_holds_nothing(sim, described):
    _network(sim, True)
    sim.run(100.0)
    assert simulator.state.sim.backend.held_words == 0 and not _held_items_by_source()


@pytest.mark.parametrize("value", ["fast", -1.0, float("nan"), float("inf")])
def test_a_procedural_setting_that_is_not_a_choice_is_refused(value):
    with pytest.raises(ValueError, match=r"procedural_connectivity=.*bytes a synapse"):
        procedural_setting(value)


def test_procedural_settings():
    assert procedural_setting(None) is None and procedural_setting(True) is True
    assert procedural_setting(np.bool_(False)) is False and procedural_setting(3) == 3.0


def test_the_budget_in_words_follows_the_setting(monkeypatch):
    from spynn.graph.plan import ConnectionPlan, Values
    from spynn.synapses import procedural

    w = Values(0.1, bounds=(0.1, 0.1))
    plans = [ConnectionPlan("x", 1000, 1000, 0.1, False, 1, w, w, 0.1) for _ in range(2)]  # 200,000 synapses
    assert procedural.choose_storage(plans, 2.0) == 200_000 * 2 // 4
    assert all(procedural.made_at_spikes(p) for p in plans)
    assert procedural.choose_storage(plans, True) == 0 and procedural.choose_storage(plans, False) == 0
    monkeypatch.setattr(procedural, "_available_bytes", lambda: 1e6)  # all held would not fit a quarter
    assert procedural.choose_storage(plans, None) == int(procedural.MEMORY_SHARE * 1e6) // 4
    monkeypatch.setattr(procedural, "_available_bytes", lambda: 1e12)  # they fit: all held, none to hold later
    assert procedural.choose_storage(plans, None) == 0
    assert not any(procedural.made_at_spikes(p) for p in plans)


def test_two_projections_from_one_source_onto_one_population_keep_their_spikes(sim, described):
    # a source core with two procedural items on one post core has no hint (process_key finds
    # both): its rows stay made at each spike, and the other source's are held
    runs = []
    for setting in (False, 50.0):
        fast, slow, post = _network(sim, setting)
        rng = sim.NumpyRNG(seed=9)
        sim.Projection(
            fast, post, sim.FixedProbabilityConnector(0.1, rng=rng), sim.StaticSynapse(weight=0.2, delay=2.0)
        )
        sim.run(100.0)
        runs.append(_spikes((fast, slow, post)))
        if setting == 50.0:
            assert set(_held_items_by_source()) == {"slow"}
    assert sum(t.size for t in runs[0]) > 300
    for x, y in zip(*runs):
        np.testing.assert_array_equal(x, y)

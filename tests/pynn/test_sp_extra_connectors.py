"""sPyNNaker's extra connectors (extra_models.AllButMeConnector / WTAConnector,
OneToOneOffsetConnector), its per-dimension neurons-per-core tuples and its top-level
space names: exact connection lists against hand-computed ones and a pair-by-pair
reading of sPyNNaker's definition, the errors sPyNNaker raises, and spikes delivered
through each connector."""

from itertools import permutations

import numpy as np
import pyNN.space
import pytest
from pyNN.connectors import Connector
from pyNN.errors import ConnectionError
from pyNN.random import NumpyRNG, RandomDistribution

from .connector_paths import both_paths


STRONG = 10.0  # nA: one spike through it fires an IF_curr_exp (about 3 mV per nA)
WEAK = 0.5  # nA: one spike through it does not


@pytest.fixture
def net(sim):
    sim.setup(timestep=1.0)
    return sim


def cells(sim, n):
    return sim.Population(n, sim.IF_curr_exp())


def pairs(prj):
    return [(i, j) for i, j in prj.get([], format="list")]


def weights(prj):
    return np.asarray(prj.get("weight", format="list"))


def all_but_me_by_definition(size, n, w=None):
    """sPyNNaker's definition, pair by pair: (pre, post, weight) ordered by pre then post."""
    out = []
    for pre in range(size):
        for post in range(size):
            u, v = pre % n, post % n
            if pre // n == post // n and u != v:
                out.append((pre, post, None if w is None else w[u * (n - 1) + (v - (v > u))]))
    return out


def offset_by_definition(size, n, offset, wrap):
    """sPyNNaker's synapse expander, post by post: pre = post - offset, moved by one group
    size if it left the group and wrap is set, else dropped; ordered by pre."""
    out = []
    for post in range(size):
        start = post // n * n
        pre = post - offset
        if pre < start or pre >= start + n:
            if not wrap:
                continue
            pre += n if pre < start else -n
        out.append((pre, post))
    return sorted(out)


# ------------------------------------------------------------- AllButMeConnector
def test_all_but_me_connects_all_but_the_same_index(net):
    pop = cells(net, 5)
    prj = net.Projection(pop, pop, net.extra_models.AllButMeConnector(), net.StaticSynapse(weight=0.5, delay=2.0))
    assert prj.get(["weight", "delay"], format="list") == [(i, j, 0.5, 2.0) for i, j in permutations(range(5), 2)]
    # kept ordered by post, then pre, as every spynn connector hands them over
    assert list(zip(prj.spynn_pre.tolist(), prj.spynn_post.tolist())) == sorted(
        permutations(range(5), 2), key=lambda p: (p[1], p[0])
    )


def test_all_but_me_groups(net):
    pre, post = cells(net, 12), cells(net, 12)
    prj = net.Projection(pre, post, net.extra_models.AllButMeConnector(n_neurons_per_group=3), net.StaticSynapse())
    want = [(i, j) for g in range(0, 12, 3) for i, j in permutations(range(g, g + 3), 2)]
    assert pairs(prj) == want and len(prj) == 4 * 3 * 2
    assert [(i, j) for i, j, *_ in all_but_me_by_definition(12, 3)] == want
    one = net.Projection(pre, post, net.extra_models.AllButMeConnector(n_neurons_per_group=1), net.StaticSynapse())
    assert len(one) == 0  # a group of one has nobody else


@pytest.mark.parametrize("size, n", [(1, None), (2, None), (7, None), (30, 5), (30, 2), (30, 30), (64, 16)])
def test_all_but_me_matches_the_definition(net, size, n):
    w = np.round(np.linspace(0.1, 2.0, (n or size) * ((n or size) - 1)), 3)
    pop = cells(net, size)
    conn = net.extra_models.AllButMeConnector(n_neurons_per_group=n, weights=w)
    prj = net.Projection(pop, pop, conn, net.StaticSynapse(weight=0.3))
    want = all_but_me_by_definition(size, n or size, w)
    assert pairs(prj) == [(i, j) for i, j, _ in want]
    # 16-bit weights: within half a step of the largest weight's scale, much less than the steps of w
    assert np.allclose(weights(prj)[:, 2], [x for *_, x in want], rtol=0, atol=5e-4) if want else len(prj) == 0


def test_all_but_me_weights_are_one_groups_used_in_every_group(net):
    # pre 0 -> 1, 2; pre 1 -> 0, 2; pre 2 -> 0, 1 (pre-major, the diagonal left out)
    w = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    pop = cells(net, 6)
    conn = net.extra_models.AllButMeConnector(n_neurons_per_group=3, weights=w)
    prj = net.Projection(pop, pop, conn, net.StaticSynapse(weight=0.25, delay=3.0))  # its weight is not used
    assert prj.get(["weight", "delay"], format="list") == [
        (0, 1, 1.0, 3.0), (0, 2, 2.0, 3.0), (1, 0, 3.0, 3.0), (1, 2, 4.0, 3.0), (2, 0, 5.0, 3.0), (2, 1, 6.0, 3.0),
        (3, 4, 1.0, 3.0), (3, 5, 2.0, 3.0), (4, 3, 3.0, 3.0), (4, 5, 4.0, 3.0), (5, 3, 5.0, 3.0), (5, 4, 6.0, 3.0),
    ]  # fmt: skip
    # sPyNNaker's own test: one weight per permutation of the whole population, in its order
    w = np.arange(0.25, 11 * 10 * 0.25 + 0.25, 0.25)
    a, b = cells(net, 11), cells(net, 11)
    whole = net.Projection(a, b, net.extra_models.AllButMeConnector(weights=w), net.StaticSynapse(weight=0.3))
    assert [(i, j, x) for i, j, x in whole.get("weight", format="list")] == [
        (i, j, x) for (i, j), x in zip(permutations(range(11), 2), w)
    ]


def test_wta_connector_is_the_older_name(net):
    pop = cells(net, 8)
    conn = net.extra_models.WTAConnector(n_neurons_per_group=4, weights=np.arange(1, 13) / 4)
    prj = net.Projection(pop, pop, conn, receptor_type="inhibitory")
    other = net.Projection(
        pop, pop, net.extra_models.AllButMeConnector(4, np.arange(1, 13) / 4), receptor_type="inhibitory"
    )
    assert prj.get("weight", format="list") == other.get("weight", format="list")
    assert len(prj) == 2 * 4 * 3 and isinstance(conn, net.extra_models.AllButMeConnector)
    assert repr(conn) == "WTAConnector(n_neurons_per_group=4)"


def test_all_but_me_between_views_uses_their_indices(net):
    pop = cells(net, 10)
    prj = net.Projection(pop[0:4], pop[6:10], net.extra_models.AllButMeConnector(2), net.StaticSynapse(weight=1.0))
    assert pairs(prj) == [(0, 1), (1, 0), (2, 3), (3, 2)]


@pytest.mark.parametrize("name, refusal", [("AllButMeConnector", NotImplementedError), ("WTAConnector", ValueError)])
def test_group_connector_errors(net, name, refusal):
    cls = getattr(net.extra_models, name)
    a, b, c = cells(net, 12), cells(net, 9), cells(net, 11)
    with pytest.raises(refusal, match="one size.*12 pre- and 9 post"):
        net.Projection(a, b, cls(n_neurons_per_group=3))
    with pytest.raises(refusal, match="11 neurons are not a multiple of n_neurons_per_group=3"):
        net.Projection(c, c, cls(n_neurons_per_group=3))
    with pytest.raises(ValueError, match="n_neurons_per_group=13 is larger than the populations"):
        net.Projection(a, a, cls(n_neurons_per_group=13))
    with pytest.raises(ValueError, match=r"1 weights given.*3 x \(3 - 1\) = 6"):
        cls(n_neurons_per_group=3, weights=[10])  # as sPyNNaker: when the group size is known
    with pytest.raises(ValueError, match=r"6 weights given.*12 x \(12 - 1\) = 132"):
        net.Projection(a, a, cls(weights=np.ones(6)))  # the whole population: known with the projection
    for bad in (0, -2, 2.5, True, "3"):
        with pytest.raises(ValueError, match="n_neurons_per_group must be a whole number >= 1"):
            cls(n_neurons_per_group=bad)
    for bad in (0.5, RandomDistribution("uniform", (0, 1)), "0.5"):
        with pytest.raises(ValueError, match="weights must be an array of numbers"):
            cls(n_neurons_per_group=3, weights=bad)
    assert len(b) == 9


def test_connector_weights_are_checked_like_the_synapse_types(net):
    pop = cells(net, 3)
    mixed = net.extra_models.AllButMeConnector(weights=[1.0, -1.0, 1.0, 1.0, 1.0, 1.0])
    with pytest.raises(ConnectionError, match="all positive or all negative"):
        net.Projection(pop, pop, mixed)
    negative = net.extra_models.AllButMeConnector(weights=-np.ones(6))
    with pytest.raises(ConnectionError, match="excitatory"):
        net.Projection(pop, pop, negative)
    assert len(net.Projection(pop, pop, negative, receptor_type="inhibitory")) == 6


# ------------------------------------------------------- OneToOneOffsetConnector
@pytest.mark.parametrize(
    "offset, wrap, n, want",
    [
        (1, True, 3, [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)]),
        (1, False, 3, [(0, 1), (1, 2), (3, 4), (4, 5)]),
        (-1, True, None, [(0, 5), (1, 0), (2, 1), (3, 2), (4, 3), (5, 4)]),
        (-2, False, None, [(2, 0), (3, 1), (4, 2), (5, 3)]),
        (2, True, 2, [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]),  # a whole group round
        (2, False, 2, []),
        (0, False, 6, [(i, i) for i in range(6)]),
    ],
)
def test_one_to_one_offset(net, offset, wrap, n, want):
    pre, post = cells(net, 6), cells(net, 6)
    conn = net.extra_models.OneToOneOffsetConnector(offset, wrap, n_neurons_per_group=n)
    prj = net.Projection(pre, post, conn, net.StaticSynapse(weight=0.75, delay=2.0))
    assert pairs(prj) == want == offset_by_definition(6, n or 6, offset, wrap)
    assert prj.get(["weight", "delay"], format="list") == [(i, j, 0.75, 2.0) for i, j in want]


@pytest.mark.parametrize("size, n", [(1, None), (40, 8), (40, 5), (40, 1), (64, None)])
@pytest.mark.parametrize("wrap", [True, False])
def test_one_to_one_offset_matches_the_definition(net, size, n, wrap):
    pop = cells(net, size)
    for offset in sorted({0, 1, -1, 3, -4, n or size, -(n or size)}):
        if abs(offset) > (n or size):
            continue
        conn = net.extra_models.OneToOneOffsetConnector(offset, wrap, n)
        prj = net.Projection(pop, pop, conn, net.StaticSynapse(weight=0.5))
        assert pairs(prj) == offset_by_definition(size, n or size, offset, wrap), offset


def test_one_to_one_offset_errors(net):
    cls = net.extra_models.OneToOneOffsetConnector
    a, b, c = cells(net, 12), cells(net, 9), cells(net, 10)
    with pytest.raises(NotImplementedError, match="one size.*12 pre- and 9 post"):
        net.Projection(a, b, cls(1, True))
    with pytest.raises(NotImplementedError, match="10 neurons are not a multiple of n_neurons_per_group=4"):
        net.Projection(c, c, cls(1, True, 4))
    with pytest.raises(ValueError, match="n_neurons_per_group=13 is larger"):
        net.Projection(a, a, cls(1, True, 13))
    with pytest.raises(ValueError, match=r"offset=5 reaches beyond a group of 4 neurons; give \|offset\| <= 4"):
        net.Projection(a, a, cls(5, False, 4))
    with pytest.raises(ValueError, match=r"offset=-13 reaches beyond a group of 12"):
        net.Projection(a, a, cls(-13, True))
    with pytest.raises(ValueError, match="offset must be a whole number"):
        cls(1.5, True)
    assert repr(cls(-2, 1, 4)) == "OneToOneOffsetConnector(offset=-2, wrap=True, n_neurons_per_group=4)"


# ----------------------------------------------------- the projection API around them
def test_fast_path_and_pynn_path_give_the_same_connections(net, monkeypatch):
    """fast_connect makes them; connector.connect (used when fast_connect cannot evaluate the
    synapse type's values) makes the same, values included."""

    def build():
        pop = net.Population(12, net.IF_curr_exp(), structure=pyNN.space.Line(dx=1.0))
        by_distance = net.StaticSynapse(weight=lambda d: 0.1 * (1 + d), delay=lambda d: 1.0 + d)
        w = np.arange(1, 13) / 8
        connectors = (
            net.extra_models.AllButMeConnector(4),
            net.extra_models.WTAConnector(4, weights=w),
            net.extra_models.OneToOneOffsetConnector(-1, True, 6),
        )
        made = []
        for conn in connectors:
            prj = net.Projection(pop, pop, conn, by_distance)
            made.append(np.stack([prj.spynn_pre, prj.spynn_post, prj.spynn_weight, prj.spynn_delay]))
        return made

    fast = both_paths(net, monkeypatch, build)
    assert len(fast) == 3
    pre, post, w, d = fast[0]
    assert np.allclose(w, 0.1 * (1 + np.abs(pre - post)), rtol=2**-23) and np.array_equal(d, 1 + np.abs(pre - post))


def test_get_array_save_set_and_describe(net, tmp_path):
    pop = cells(net, 4)
    conn = net.extra_models.AllButMeConnector(2, weights=[1.5, 2.5])
    prj = net.Projection(pop, pop, conn, net.StaticSynapse(delay=2.0), label="wta")
    net.run(1.0)
    w = prj.get("weight", format="array")
    want = np.full((4, 4), np.nan)
    want[0, 1], want[1, 0], want[2, 3], want[3, 2] = 1.5, 2.5, 1.5, 2.5
    assert np.array_equal(np.isnan(w), np.isnan(want)) and np.allclose(w[~np.isnan(w)], want[~np.isnan(want)])
    path = tmp_path / "wta.txt"
    prj.save("all", str(path), format="list")
    saved = np.loadtxt(path)
    assert saved[:, :2].tolist() == [[0, 1], [1, 0], [2, 3], [3, 2]] and np.allclose(saved[:, 2], [1.5, 2.5] * 2)
    assert [(c.presynaptic_index, c.postsynaptic_index, c.weight) for c in prj.connections][:2] == [
        (0, 1, 1.5),
        (1, 0, 2.5),
    ]
    net.reset()
    prj.set(weight=0.75)
    assert prj.get("weight", format="list", with_address=False) == [0.75] * 4
    assert conn.get_parameters() == {"n_neurons_per_group": 2, "weights": conn.weights}
    assert isinstance(prj.describe(), str)
    offset = net.extra_models.OneToOneOffsetConnector(1, False, 2)
    assert offset.get_parameters() == {"offset": 1, "wrap": False, "n_neurons_per_group": 2}


def test_unsafe_connectors_skip_the_weight_check(net):
    pop = cells(net, 3)
    negative = net.extra_models.AllButMeConnector(weights=-np.ones(6), safe=False)
    assert len(net.Projection(pop, pop, negative)) == 6  # safe=True: "negative weight on an excitatory receptor"


def test_names_are_no_longer_placeholders(sim):
    from spynn.errors import UNSUPPORTED

    for name in ("AllButMeConnector", "WTAConnector", "OneToOneOffsetConnector"):
        assert name not in UNSUPPORTED
        assert issubclass(getattr(sim.extra_models, name), Connector)


# ------------------------------------------------------------------ spikes through them
def responders(sim, connector, spikes, weight=STRONG, n=6):
    """Indices of the post neurons that fire when the sources spike at spikes {index: time}."""
    src = sim.Population(n, sim.SpikeSourceArray(spike_times=[[spikes[i]] if i in spikes else [] for i in range(n)]))
    post = sim.Population(n, sim.IF_curr_exp())
    post.record("spikes")
    sim.Projection(src, post, connector, sim.StaticSynapse(weight=weight, delay=1.0))
    sim.run(30.0)
    trains = post.get_data("spikes").segments[0].spiketrains
    return {i for i, st in enumerate(trains) if len(st)}


def test_spikes_through_all_but_me(net):
    conn = net.extra_models.AllButMeConnector(n_neurons_per_group=3)
    assert responders(net, conn, {0: 2.0, 4: 5.0}) == {1, 2, 3, 5}


def test_spikes_through_wta_weights(net):
    # pre 0 -> post 1 strong, post 2 weak; pre 2 -> post 1 strong; the rest weak
    w = [[STRONG, WEAK], [WEAK, WEAK], [WEAK, STRONG]]
    conn = net.extra_models.WTAConnector(n_neurons_per_group=3, weights=w)
    assert responders(net, conn, {0: 2.0, 5: 2.0}, weight=WEAK) == {1, 4}


@pytest.mark.parametrize("wrap, want", [(False, {1, 4}), (True, {1, 2, 4})])
def test_spikes_through_one_to_one_offset(net, wrap, want):
    conn = net.extra_models.OneToOneOffsetConnector(-1, wrap, n_neurons_per_group=3)  # pre i -> post i - 1
    assert responders(net, conn, {0: 2.0, 2: 2.0, 5: 2.0}) == want


def test_inhibitory_winner_take_all_silences_the_others(net):
    """The use sPyNNaker made it for: driven neurons inhibit the rest of their group."""
    pop = net.Population(6, net.IF_curr_exp(i_offset=np.array([2.0, 0.0, 0.0, 0.0, 0.0, 2.0])))  # 0, 5 fire
    pop.record("v")
    net.Projection(
        pop, pop, net.extra_models.WTAConnector(3), net.StaticSynapse(weight=5.0), receptor_type="inhibitory"
    )
    net.run(60.0)
    v = pop.get_data("v").segments[0].filter(name="v")[0].magnitude
    below_rest = v.min(axis=0) < -65.5
    assert below_rest.tolist() == [False, True, True, True, True, False]


# ----------------------------------------------------------------- neurons per core
def n_cores(pop_index):
    from spynn.pynn.simulator import state

    return len(state.sim.mapped.cores_of[pop_index])


def test_neurons_per_core_tuples_allow_their_product(net):
    net.set_number_of_neurons_per_core(net.IF_curr_exp, (4, 4))  # 16 per core
    a = net.Population(40, net.IF_curr_exp(), structure=net.Grid2D())
    b = net.Population(40, net.IF_curr_exp(), max_atoms_per_core=(5, 2))
    c = net.Population(40, net.IF_curr_exp())
    c.set_max_atoms_per_core((2, 2, 2))
    d = net.Population(40, net.IF_curr_exp())
    d.set_max_atoms_per_core(np.int64(20))
    net.run(1.0)
    assert [n_cores(i) for i in range(4)] == [3, 4, 5, 2]
    net.reset()
    net.set_number_of_neurons_per_core(net.IF_curr_exp, None)  # the model's default again
    c.set_max_atoms_per_core(None)  # and the population's own limit dropped
    net.run(1.0)
    assert [n_cores(i) for i in range(4)] == [1, 4, 1, 2]
    assert a.size == b.size


@pytest.mark.parametrize("bad", [0, -3, 0.5, (4, 0), (4, 0.5), (), (4, -1), "16", True])
def test_bad_neurons_per_core_values_are_named(net, bad):
    with pytest.raises(ValueError, match=r"set_number_of_neurons_per_core\(IF_curr_exp, .*whole number >= 1"):
        net.set_number_of_neurons_per_core(net.IF_curr_exp, bad)
    pop = net.Population(10, net.IF_curr_exp(), label="grid")
    with pytest.raises(ValueError, match=r"Population 'grid': set_max_atoms_per_core.*\(16, 16\).*got"):
        pop.set_max_atoms_per_core(bad)
    with pytest.raises(ValueError, match="Population 'p': max_atoms_per_core"):
        net.Population(10, net.IF_curr_exp(), label="p", max_atoms_per_core=bad)


def test_a_fraction_of_neurons_per_core_is_rounded_down_with_a_warning(net):
    """sPyNNaker's scripts pass e.g. 40 / 3: at most 13 neurons per core."""
    with pytest.warns(UserWarning, match=r"13.33.* neurons per core taken as \(13,\)"):
        net.set_number_of_neurons_per_core(net.IF_curr_exp, 40 / 3)
    net.Population(40, net.IF_curr_exp())
    net.run(1.0)
    assert n_cores(0) == 4


def test_neurons_per_core_wants_the_class_not_its_name(net):
    with pytest.raises(TypeError, match=r"sim.IF_curr_exp, not its name"):
        net.set_number_of_neurons_per_core("IF_curr_exp", 10)
    net.set_number_of_neurons_per_core(net.IF_curr_exp(), 2.0)  # an instance, a whole float: as before
    net.Population(5, net.IF_curr_exp())
    net.run(1.0)
    assert n_cores(0) == 3


# ------------------------------------------------------------------------ space names
def test_space_names_at_the_top_level_as_spynnaker_exports_them(net):
    for name in ("Space", "Line", "Grid2D", "Grid3D", "Cuboid", "Sphere", "RandomStructure", "distance"):
        assert getattr(net, name) is getattr(pyNN.space, name)
    pop = net.Population(6, net.IF_curr_exp(), structure=net.Grid2D(aspect_ratio=1.5, dx=2.0, dy=3.0))
    assert net.distance(pop[0], pop[1]) == pytest.approx(3.0)  # Grid2D fills columns first
    blob = net.Population(20, net.IF_curr_exp(), structure=net.RandomStructure(net.Sphere(5.0), rng=NumpyRNG(seed=1)))
    assert (np.linalg.norm(blob.positions, axis=0) <= 5.0).all()


def test_pairs_a_connector_hands_over_are_checked(net):
    """Any connector with spynn_pairs takes the fast path; an index out of range is refused
    there, naming it, instead of reaching the packer."""

    class Shifted(Connector):
        def spynn_pairs(self, projection):
            post = np.arange(projection.post.size)
            return post + 1, post

    pop = cells(net, 4)
    with pytest.raises(ConnectionError, match="pre-synaptic index 4, but the pre-synaptic side has neurons 0..3"):
        net.Projection(pop, pop, Shifted(), net.StaticSynapse(weight=1.0))

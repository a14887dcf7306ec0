"""sPyNNaker's IndexBasedProbabilityConnector (a string in i and j, besides PyNN's callable)
and SmallWorldConnector (PyNN 0.13's raises NotImplementedError): exact pair lists for
deterministic expressions and for rewiring=0, PyNN's own connections for the callable
form, statistics with fixed seeds (bounds of 5 sd), the refusals, and spikes through each."""

from itertools import product

import numpy as np
import pytest
from pyNN import connectors as pynn_connectors
from pyNN.core import IndexBasedExpression
from pyNN.random import NativeRNG, NumpyRNG

from spynn.errors import NotSupportedError
from spynn.pynn.index_connectors import IndexBasedProbabilityConnector, SmallWorldConnector

from .connector_paths import both_paths

STRONG = 10.0  # nA: one spike through it fires an IF_curr_exp


@pytest.fixture
def net(sim):
    sim.setup(timestep=1.0)
    return sim


def cells(sim, n, structure=None):
    return sim.Population(n, sim.IF_curr_exp(), structure=structure)


def pairs(prj):
    """(pre, post) of every connection, ordered by pre then post, as Projection.get lists them."""
    return [(i, j) for i, j in prj.get([], format="list")]


def stored(prj):
    """(pre, post) int64 arrays in spynn's order (post, then pre), without a run."""
    return prj.spynn_pre.astype(np.int64), prj.spynn_post.astype(np.int64)


def connect(sim, pre, post, connector, **kwargs):
    return sim.Projection(pre, post, connector, sim.StaticSynapse(weight=0.5, delay=1.0), **kwargs)


class Closeness(IndexBasedExpression):
    """PyNN's form of the string "exp(-abs(i - j) / 3)"."""

    def __call__(self, i, j):
        return np.exp(-np.abs(i - j) / 3)


# ------------------------------------------------ IndexBasedProbabilityConnector
def test_the_names_are_spynnakers_and_still_pynns(sim):
    assert sim.IndexBasedProbabilityConnector is IndexBasedProbabilityConnector
    assert sim.SmallWorldConnector is SmallWorldConnector
    assert issubclass(IndexBasedProbabilityConnector, pynn_connectors.IndexBasedProbabilityConnector)
    assert issubclass(SmallWorldConnector, pynn_connectors.SmallWorldConnector)


@pytest.mark.parametrize(
    "expression, rule",
    [
        ("i != j", lambda i, j: i != j),
        ("i == j", lambda i, j: i == j),
        ("i < j", lambda i, j: i < j),
        ("  (i + j) % 3 == 0 ", lambda i, j: (i + j) % 3 == 0),
        ("j == (i + 1) % 7", lambda i, j: j == (i + 1) % 7),
        ("1 if 2 <= j - i < 4 else 0", lambda i, j: 2 <= j - i < 4),  # chained, elementwise
        ("(i > 3) & (j // 2 == 1)", lambda i, j: i > 3 and j // 2 == 1),
        ("i > 3 and j < 2 or i == 0", lambda i, j: (i > 3 and j < 2) or i == 0),
        ("not i - j", lambda i, j: i == j),
        ("maximum(i, j) - minimum(i, j) == 1", lambda i, j: abs(i - j) == 1),
        ("numpy.floor(sqrt(i)) == j", lambda i, j: int(i**0.5) == j),
        ("sin(pi * i / 2) ** 2 > 0.5", lambda i, j: i % 2 == 1),
        ("0.0", lambda i, j: False),
    ],
)
@pytest.mark.parametrize("chunk", [None, 20])  # one block, or blocks of 2 columns
def test_deterministic_strings_give_exactly_their_pairs(net, monkeypatch, expression, rule, chunk):
    if chunk:
        monkeypatch.setattr("spynn.pynn.connectors.CHUNK", chunk)
    pre, post = cells(net, 7), cells(net, 9)
    prj = connect(net, pre, post, net.IndexBasedProbabilityConnector(expression))
    assert pairs(prj) == [(i, j) for i, j in product(range(7), range(9)) if rule(i, j)]


@pytest.mark.parametrize("shape", [(4, 5), (2, 3, 4)])
def test_structured_populations_use_flat_indices(net, shape):
    """sPyNNaker's examples write "i != j" between 2-D and 3-D grids: i and j are the flat indices."""

    def grid():
        if len(shape) == 2:
            return net.Grid2D(aspect_ratio=shape[0] / shape[1])
        return net.Grid3D(shape[0] / shape[1], shape[0] / shape[2])

    n = int(np.prod(shape))
    pop, other = cells(net, n, grid()), cells(net, n, grid())
    assert np.ptp(pop.positions, axis=1).tolist()[: len(shape)] == [s - 1 for s in shape]
    within = connect(net, pop, pop, net.IndexBasedProbabilityConnector("i != j"))
    across = connect(net, pop, other, net.IndexBasedProbabilityConnector("i == j"))
    view = connect(net, pop[2:8], other, net.IndexBasedProbabilityConnector("i == j"))
    assert pairs(within) == [(i, j) for i, j in product(range(n), repeat=2) if i != j]
    assert pairs(across) == [(i, i) for i in range(n)] and pairs(view) == [(i, i) for i in range(6)]


def test_a_probability_expression_gives_its_probabilities(net):
    """exp(-|i - j|): at each distance d the connected fraction is exp(-d) (5 sd); d = 0 always."""
    n = 1000
    prj = connect(
        net, cells(net, n), cells(net, n), net.IndexBasedProbabilityConnector("exp(-abs(i - j))", rng=NumpyRNG(seed=7))
    )
    pre, post = stored(prj)
    d = np.abs(pre - post)
    for k in range(6):
        possible, p = 2 * (n - k) - (k == 0) * n, np.exp(-k)
        got = np.count_nonzero(d == k) / possible
        assert abs(got - p) <= 5 * np.sqrt(p * (1 - p) / possible) + 1e-12, (k, got, p)
    expected = n + sum(2 * (n - k) * np.exp(-k) for k in range(1, n))
    assert abs(len(prj) - expected) < 5 * np.sqrt(expected)


def test_a_one_sided_expression_keeps_its_orientation(net):
    """pre i, post j: p = (j - i) / 10 for 0 < j - i <= 10, else none; j - i = 10 always."""
    n = 400
    conn = net.IndexBasedProbabilityConnector("(j - i) / 10 if 0 < j - i <= 10 else 0", rng=NumpyRNG(seed=8))
    pre, post = stored(connect(net, cells(net, n), cells(net, n), conn))
    k = post - pre
    assert k.min() >= 1 and k.max() <= 10 and np.count_nonzero(k == 10) == n - 10
    for step in (2, 5, 8):
        p, possible = step / 10, n - step
        assert abs(np.count_nonzero(k == step) / possible - p) < 5 * np.sqrt(p * (1 - p) / possible)


@pytest.mark.parametrize("chunk", [None, 1000])  # one block, or blocks of 6 columns
def test_callable_form_gives_exactly_pynns_connections(net, monkeypatch, chunk):
    """PyNN's own connect (column by column, through lazyarray) and spynn's blocks draw the
    same numbers for the same pairs; the string form with the same seed gives the same."""
    if chunk:
        monkeypatch.setattr("spynn.pynn.connectors.CHUNK", chunk)

    def build(expression, via_pynn):
        with monkeypatch.context() as patch:
            if via_pynn:
                patch.setattr("spynn.pynn.projections.fast_connect", lambda proj, conn: None)
                patch.setattr(
                    IndexBasedProbabilityConnector, "connect", pynn_connectors.IndexBasedProbabilityConnector.connect
                )
            a, b = cells(net, 150), cells(net, 130)
            rng = NumpyRNG(seed=11)
            conn = IndexBasedProbabilityConnector(expression, rng=rng)
            out = [stored(connect(net, a, b, conn)), stored(connect(net, a, b, conn))]
        assert rng.next() == NumpyRNG(seed=11).next()  # as PyNN: the caller's rng is not advanced
        return out

    mine, twice = build(Closeness(), via_pynn=False)
    pynn, _ = build(Closeness(), via_pynn=True)
    string, _ = build("exp(-abs(i - j) / 3)", via_pynn=False)
    assert 500 < mine[0].size < 1100  # about 130 x 6
    for got in (twice, pynn, string):
        assert all(np.array_equal(x, y) for x, y in zip(mine, got))


def test_a_plain_function_and_the_projection_of_an_index_based_expression(net):
    class ByPosition(IndexBasedExpression):
        def __call__(self, i, j):  # pre x < post x, through the projection PyNN sets on a copy
            return self.projection.pre.positions[0][i] < self.projection.post.positions[0][j]

    line = cells(net, 6, net.Line(dx=1.0))
    expr = ByPosition()
    by_position = connect(net, line, line, net.IndexBasedProbabilityConnector(expr))
    assert pairs(by_position) == [(i, j) for i, j in product(range(6), repeat=2) if i < j]
    assert expr.projection is None  # the connector's own expression is left alone
    plain = connect(net, line, line, net.IndexBasedProbabilityConnector(lambda i, j: j == 5 - i))
    assert pairs(plain) == [(i, 5 - i) for i in range(6)]


def test_allow_self_connections(net):
    """A string (sPyNNaker's): False leaves out i == j, whatever the populations, as sPyNNaker
    does and its own test (pre a spike source, post another population) checks.  A callable
    (PyNN's): the pairs of one cell only."""
    pop = cells(net, 6)
    src = net.Population(6, net.SpikeSourceArray(spike_times=[0.0]))
    no_diagonal = [(i, j) for i, j in product(range(6), repeat=2) if i != j]
    for pre in (pop, src):
        string = connect(net, pre, pop, net.IndexBasedProbabilityConnector("1", allow_self_connections=False))
        assert pairs(string) == no_diagonal
    sp_test = connect(net, src, pop, net.IndexBasedProbabilityConnector("(i+j)%3*0.5", False, NumpyRNG(seed=2)))
    certain = [(i, j) for i, j in no_diagonal if (i + j) % 3 == 2]  # p = 1; (1, 1) has p = 1 too
    assert set(certain) <= set(pairs(sp_test)) and (1, 1) not in pairs(sp_test)
    assert not any((i + j) % 3 == 0 for i, j in pairs(sp_test))

    def everything(i, j):
        return np.ones(np.broadcast(i, j).shape)

    same = connect(net, pop, pop, net.IndexBasedProbabilityConnector(everything, allow_self_connections=False))
    assert pairs(same) == no_diagonal
    other = connect(net, pop, cells(net, 6), net.IndexBasedProbabilityConnector(everything, False))
    assert len(other) == 36  # other cells: nothing is a self connection (PyNN's meaning)
    views = connect(net, pop[0:4], pop[2:6], net.IndexBasedProbabilityConnector(everything, False))
    assert (2, 0) not in pairs(views) and (3, 1) not in pairs(views) and len(views) == 14  # cells 2, 3 in both
    mutual = connect(net, pop, pop, net.IndexBasedProbabilityConnector(Closeness(), "NoMutual"))
    assert all(i > j for i, j in pairs(mutual)) and len(mutual) > 0
    with pytest.raises(NotImplementedError, match="'NoMutual'.*a Population to itself only"):
        connect(net, pop, cells(net, 6), net.IndexBasedProbabilityConnector(Closeness(), "NoMutual"))
    with pytest.raises(ValueError, match="allow_self_connections must be True, False or 'NoMutual', got 'yes'"):
        net.IndexBasedProbabilityConnector("1", allow_self_connections="yes")


@pytest.mark.parametrize(
    "expression, part",
    [
        ("__import__('os').system('echo unsafe')", "__import__('os').system"),
        ("i.__class__", "i.__class__"),
        ("open('/etc/passwd') and 1", "open"),
        ("(lambda: 1)()", "lambda: 1"),
        ("[x for x in (i, j)]", "[x for x in (i, j)]"),
        ("k < 3", "k"),
        ("exp(i, out=j)", "exp(i, out=j)"),
        ("numpy.random.random() < 0.5", "numpy.random.random"),
        ("modf(i)", "modf"),
        ("i[0] < 1", "i[0]"),
        ("'i' == 'j'", "'i'"),
        ("1j * i", "1j"),
    ],
)
def test_unsafe_strings_are_refused_naming_the_connector_expression_and_fix(net, expression, part):
    pop = cells(net, 4)
    conn = net.IndexBasedProbabilityConnector(expression)  # as sPyNNaker: read when connecting
    with pytest.raises(ValueError) as err:
        connect(net, pop, pop, conn)
    message = str(err.value)
    assert message.startswith("IndexBasedProbabilityConnector: ") and repr(part) in message
    assert f"in the index expression {expression!r} is not allowed" in message
    assert "i (pre index), j (post index)" in message and "pyNN IndexBasedExpression (a callable)" in message


@pytest.mark.parametrize(
    "expression, why",
    [("i +* j", "is not a Python expression"), ("exp(i, j, 3)", "cannot be evaluated"), ("~i", "cannot be evaluated")],
)
def test_broken_strings_are_refused_before_any_pair(net, expression, why):
    pop = cells(net, 3)
    with pytest.raises(ValueError, match=f"IndexBasedProbabilityConnector: .*{why}.*IndexBasedExpression"):
        connect(net, pop, pop, net.IndexBasedProbabilityConnector(expression))


def test_arguments_in_spynnakers_order_for_strings_and_pynns_for_callables(net):
    rng = NumpyRNG(seed=3)
    string = net.IndexBasedProbabilityConnector("0.5", False, rng, False, None, True)  # sPyNNaker's order
    assert (string.rng, string.allow_self_connections, string.safe, string.verbose) == (rng, False, False, True)
    function = net.IndexBasedProbabilityConnector(Closeness(), True, None, rng, False)  # PyNN's order
    assert (function.rng, function.location_selector, function.safe) == (rng, None, False)
    assert net.IndexBasedProbabilityConnector("0.5").rng.seed == 151985012  # PyNN's default rng
    again = net.IndexBasedProbabilityConnector(**string.get_parameters())
    assert again.get_parameters() == {"allow_self_connections": False, "index_expression": "0.5"}
    assert (
        repr(string) == "IndexBasedProbabilityConnector('0.5')"
        and string.describe(template=None)["parameters"]["index_expression"] == "0.5"
    )
    with pytest.raises(TypeError, match="IndexBasedProbabilityConnector: got an unexpected keyword argument 'bad'"):
        net.IndexBasedProbabilityConnector("0.5", True, rng, bad=1)
    with pytest.raises(TypeError, match="IndexBasedProbabilityConnector: too many positional arguments"):
        net.IndexBasedProbabilityConnector("0.5", True, rng, True, None, False, "soma")
    with pytest.raises(NotSupportedError, match="location_selector"):
        net.IndexBasedProbabilityConnector(Closeness(), True, "soma")
    with pytest.raises(TypeError, match="a string in i and j .* or a callable"):
        net.IndexBasedProbabilityConnector(0.5)
    pop = cells(net, 3)
    with pytest.raises(ValueError, match="IndexBasedProbabilityConnector: rng=.*cannot draw here.*NumpyRNG"):
        connect(net, pop, pop, net.IndexBasedProbabilityConnector("0.5", rng=NativeRNG(seed=1)))
    with pytest.raises(ValueError, match="SmallWorldConnector: rng=.*cannot draw here.*NumpyRNG"):
        connect(net, pop, pop, net.SmallWorldConnector(1.0, 0.5, rng=NativeRNG(seed=1)))


# ------------------------------------------------------------ SmallWorldConnector
def within(positions_pre, positions_post, degree, periodic=None):
    """Pairs closer than degree, pair by pair, ordered by pre then post."""
    out = []
    for i, a in enumerate(positions_pre.T):
        for j, b in enumerate(positions_post.T):
            diff = np.abs(a - b)
            if periodic is not None:
                diff = np.minimum(diff, periodic - diff)
            if np.sqrt(np.sum(diff**2)) < degree:
                out.append((i, j))
    return out


@pytest.mark.parametrize("chunk", [None, 60])  # one block, or blocks of 2 columns
@pytest.mark.parametrize("degree", [0.5, 1.0, 1.0001, 2.0, 2.5])
def test_without_rewiring_exactly_the_pairs_closer_than_degree(net, monkeypatch, degree, chunk):
    if chunk:
        monkeypatch.setattr("spynn.pynn.connectors.CHUNK", chunk)
    grid = cells(net, 25, net.Grid2D(dx=1.0, dy=1.0))  # sPyNNaker's own small-world example
    prj = connect(net, grid, grid, net.SmallWorldConnector(degree, 0.0))
    assert pairs(prj) == within(grid.positions, grid.positions, degree)
    if degree == 1.0:  # strictly closer, as PyNN's "d < degree": only the cells themselves
        assert pairs(prj) == [(i, i) for i in range(25)]


def test_distances_are_the_projections_space(net):
    a = cells(net, 12, net.Line(dx=1.0))
    b = cells(net, 10, net.Line(dx=1.0, x0=0.5))
    torus = net.Space(periodic_boundaries=((0, 12), None, None))
    prj = connect(net, a, b, net.SmallWorldConnector(2.0, 0.0), space=torus)
    assert pairs(prj) == within(a.positions, b.positions, 2.0, periodic=np.array([12.0, np.inf, np.inf]))
    assert (11, 0) in pairs(prj)  # across the boundary
    flat = connect(net, a, b, net.SmallWorldConnector(2.0, 0.0), space=net.Space(axes="y"))
    assert len(flat) == 120  # every y is 0


def test_rewiring_everything_keeps_the_count_and_moves_the_targets(net):
    n, degree = 400, 3.0
    line = cells(net, n, net.Line(dx=1.0))
    local = connect(net, line, line, net.SmallWorldConnector(degree, 0.0))
    rewired = connect(net, line, line, net.SmallWorldConnector(degree, 1.0, rng=NumpyRNG(seed=5)))
    (lpre, _), (rpre, rpost) = stored(local), stored(rewired)
    assert len(rewired) == len(local) == 5 * n - 6
    assert np.array_equal(np.bincount(rpre, minlength=n), np.bincount(lpre, minlength=n))  # each keeps its pre
    far = np.abs(rpre - rpost) >= degree
    assert abs(far.mean() - (n - 5) / n) < 0.02  # new targets: uniform over the population
    assert np.all(np.diff(rpost * n + rpre) >= 0)  # handed over ordered by post, then pre
    counts = np.bincount(rpost, minlength=n)
    expected = len(rewired) / n
    assert abs(np.sum((counts - expected) ** 2 / expected) - (n - 1)) < 5 * np.sqrt(2 * (n - 1))  # chi-square


def test_partial_rewiring_rewires_its_fraction(net):
    n, degree, rewiring = 500, 2.0, 0.3
    line = cells(net, n, net.Line(dx=1.0))
    pre, post = stored(connect(net, line, line, net.SmallWorldConnector(degree, rewiring, rng=NumpyRNG(seed=9))))
    m = pre.size
    p_far = rewiring * (n - 3) / n  # a rewired target lands outside the neighbourhood
    assert abs(np.mean(np.abs(pre - post) >= degree) - p_far) < 5 * np.sqrt(p_far * (1 - p_far) / m)


def test_seeded_rng_gives_the_same_network_and_advances(net):
    line = cells(net, 60, net.Line(dx=1.0))

    def build(seed):
        return stored(connect(net, line, line, net.SmallWorldConnector(2.0, 0.5, rng=NumpyRNG(seed=seed))))

    first, again, other = build(21), build(21), build(22)
    assert all(np.array_equal(x, y) for x, y in zip(first, again))
    assert not np.array_equal(first[1], other[1])
    shared = net.SmallWorldConnector(2.0, 0.5, rng=NumpyRNG(seed=21))
    one, two = (stored(connect(net, line, line, shared)) for _ in range(2))
    assert np.array_equal(one[1], first[1]) and not np.array_equal(one[1], two[1])  # as sPyNNaker's rng


def test_small_world_without_self_connections(net):
    line = cells(net, 50, net.Line(dx=1.0))
    for rewiring in (0.0, 1.0):
        pre, post = stored(
            connect(net, line, line, net.SmallWorldConnector(2.0, rewiring, False, rng=NumpyRNG(seed=4)))
        )
        assert pre.size == 50 * 2 - 2 and not np.any(pre == post)
    views = connect(net, line[0:30], line[20:50], net.SmallWorldConnector(100.0, 1.0, False, rng=NumpyRNG(seed=4)))
    pre, post = stored(views)
    assert not np.any(pre - post == 20)  # cells 20..29 are on both sides: never onto themselves


def test_small_world_refusals_and_parameters(net):
    with pytest.raises(NotSupportedError, match=r"SmallWorldConnector\(n_connections=...\): sPyNNaker refuses it too"):
        net.SmallWorldConnector(2.0, 0.1, True, 5)
    for bad in (-1.0, "2", None):
        with pytest.raises(ValueError, match="SmallWorldConnector: degree must be a distance >= 0"):
            net.SmallWorldConnector(bad, 0.1)
    for bad in (1.5, -0.1, "0.1"):
        with pytest.raises(ValueError, match=r"SmallWorldConnector: rewiring must be a probability in \[0, 1\]"):
            net.SmallWorldConnector(2.0, bad)
    with pytest.raises(ValueError, match="allow_self_connections must be True or False"):
        net.SmallWorldConnector(2.0, 0.1, "NoMutual")
    rng = NumpyRNG(seed=13)
    conn = net.SmallWorldConnector(1.2, 0.4, True, None, rng)  # sPyNNaker's positional order
    assert conn.rng is rng and conn.d_expression == "d < 1.2"
    again = net.SmallWorldConnector(**conn.get_parameters())
    assert again.get_parameters() == {
        "allow_self_connections": True,
        "degree": 1.2,
        "rewiring": 0.4,
        "n_connections": None,
    }
    assert (
        repr(conn) == "SmallWorldConnector(degree=1.2, rewiring=0.4)"
        and conn.describe(template=None)["parameters"]["degree"] == 1.2
    )


# ----------------------------------------------------- the projection API around them
def test_fast_path_and_column_path_give_the_same_connections(net, monkeypatch):
    """fast_connect makes them; connector.connect (used when fast_connect cannot evaluate the
    synapse type's values) makes the same, values included."""

    def build():
        line = cells(net, 30, net.Line(dx=1.0))
        by_distance = net.StaticSynapse(weight=lambda d: 0.1 * (1 + d), delay=lambda d: 1.0 + d)
        made = []
        for conn in (
            net.IndexBasedProbabilityConnector("exp(-abs(i - j) / 4)", rng=NumpyRNG(seed=1)),
            net.IndexBasedProbabilityConnector(Closeness(), rng=NumpyRNG(seed=1)),
            net.SmallWorldConnector(3.0, 0.3, rng=NumpyRNG(seed=1)),
        ):
            prj = net.Projection(line, line, conn, by_distance)
            made.append(np.stack([prj.spynn_pre, prj.spynn_post, prj.spynn_weight, prj.spynn_delay]))
        return made

    fast = both_paths(net, monkeypatch, build)
    assert len(fast) == 3
    pre, post, w, d = fast[2]  # rewired connections take the weight and delay of their own distance
    assert np.allclose(w, 0.1 * (1 + np.abs(pre - post)), rtol=2**-23) and np.array_equal(d, 1 + np.abs(pre - post))


def test_get_save_and_connections(net, tmp_path):
    pop = cells(net, 5, net.Line(dx=1.0))
    index = connect(net, pop, pop, net.IndexBasedProbabilityConnector("j == i + 1"), label="index")
    small = net.Projection(pop, pop, net.SmallWorldConnector(1.5, 0.0), net.StaticSynapse(weight=0.25, delay=2.0))
    net.run(1.0)
    assert index.get(["weight", "delay"], format="list") == [(i, i + 1, 0.5, 1.0) for i in range(4)]
    w = small.get("weight", format="array")
    assert np.array_equal(~np.isnan(w), np.abs(np.subtract.outer(range(5), range(5))) <= 1)
    path = tmp_path / "index.txt"
    index.save("all", str(path), format="list")
    assert np.loadtxt(path)[:, :2].tolist() == [[i, i + 1] for i in range(4)]
    assert [(c.presynaptic_index, c.postsynaptic_index, c.delay) for c in small.connections][:3] == [
        (0, 0, 2.0),
        (0, 1, 2.0),
        (1, 0, 2.0),
    ]


# ------------------------------------------------------------------ spikes through them
def responders(sim, connector, spikes, n=6):
    """Indices of the post neurons that fire when the sources spike at spikes {index: time}."""
    times = [[spikes[i]] if i in spikes else [] for i in range(n)]
    src = sim.Population(n, sim.SpikeSourceArray(spike_times=times), structure=sim.Line(dx=1.0))
    post = sim.Population(n, sim.IF_curr_exp(), structure=sim.Line(dx=1.0))
    post.record("spikes")
    sim.Projection(src, post, connector, sim.StaticSynapse(weight=STRONG, delay=1.0))
    sim.run(30.0)
    return {i for i, st in enumerate(post.get_data("spikes").segments[0].spiketrains) if len(st)}


def test_spikes_through_an_index_expression(net):
    assert responders(net, net.IndexBasedProbabilityConnector("j == (i + 1) % 6"), {0: 2.0, 5: 4.0}) == {0, 1}


def test_spikes_through_a_small_world(net):
    assert responders(net, net.SmallWorldConnector(1.5, 0.0), {2: 2.0}) == {1, 2, 3}

"""Vectorised connection generation, in time and memory proportional to the number
of connections, for the connectors real scripts use; anything else goes through
PyNN's own (column by column) connector code.

- OneToOne, AllToAll: no random numbers.
- FixedProbability: the kept pairs of the flattened post-major pair index are found
  by geometric gaps (sampling.bernoulli_positions), one uniform number per
  connection, not per possible pair: the same Bernoulli(p) process per pair as
  PyNN's, though not PyNN's stream of numbers.  As in PyNN, the numbers come from
  a deep copy of connector.rng: the caller's rng is not advanced, and projections
  of equal size sharing one connector get the same connections.
- FixedNumberPre / FixedNumberPost / FixedTotalNumber: per-row sampling with or
  without replacement (sampling.sample_rows), drawn from connector.rng itself,
  which advances, as in PyNN.  FixedTotalNumber honours with_replacement and
  allow_self_connections (PyNN 0.13's own code ignores both).
- FromList / FromFile: the list's pairs in PyNN's order (its argsort by post, which it
  also leaves in connector.conn_list) and its weight and delay columns; a list with other
  columns, or indices that are not whole numbers in range, goes through PyNN's code.  A
  weight or delay the list lacks is the synapse type's: one value, or a RandomDistribution
  drawn as PyNN draws it here (each column from a new copy of its rng: _restarted_draws).
- DistanceDependentProbability: PyNN's draws (n_pre uniform numbers per post column, from a
  deep copy of connector.rng, which stays where it was) against the probability at each
  pair's distance, a block of columns at a time: the same connections as PyNN's
  column-by-column code.
  DisplacementDependentProbability likewise, with its function of the displacements.
- Clone: the reference projection's pairs, each once.
- Connectors that make their own pairs (the PairsConnector protocol: sPyNNaker's
  AllButMeConnector, WTAConnector and OneToOneOffsetConnector in spynn.extra_models):
  their pairs, and their own weights if they give any.
- Weights and delays: homogeneous values, RandomDistributions (one draw of all
  values from the distribution's own rng, in connection order), (n_pre, n_post)
  arrays, functions of distance (evaluated at the connected pairs only) and
  index-based expressions (evaluated on the columns that have connections).

Connections are ordered by post, then pre; indices are int32 when they fit."""

from __future__ import annotations

import copy
import warnings
from typing import Protocol

import numpy as np
from lazyarray import larray
from pyNN import errors
from pyNN.connectors import (
    AllToAllConnector,
    ArrayConnector,
    CloneConnector,
    DisplacementDependentProbabilityConnector,
    DistanceDependentProbabilityConnector,
    FixedNumberPostConnector,
    FixedNumberPreConnector,
    FixedProbabilityConnector,
    FixedTotalNumberConnector,
    FromFileConnector,
    FromListConnector,
    OneToOneConnector,
)
from pyNN.parameters import LazyArray
from pyNN.random import AbstractRNG, NativeRNG, NumpyRNG, RandomDistribution
from pyNN.space import Space

from ..graph.plan import ConnectionPlan
from .deferred import describe
from .sampling import CHUNK, bernoulli_positions, sample_rows


def _index_dtype(n: int) -> type:
    return np.int32 if n <= np.iinfo(np.int32).max else np.int64


def _usable_rng(rng) -> bool:
    """Whether rng draws numbers here (another simulator's NativeRNG does not; spynn's is a NumpyRNG)."""
    return isinstance(rng, NumpyRNG) or (isinstance(rng, AbstractRNG) and not isinstance(rng, NativeRNG))


def _self_pairs(projection):
    """(pre, post) -> mask of the pairs that are one cell; None if pre and post share no cell."""
    if projection.pre is projection.post:
        return np.equal
    pre_ids = np.asarray(projection.pre.all_cells, dtype=np.int64)
    post_ids = np.asarray(projection.post.all_cells, dtype=np.int64)
    if np.intersect1d(pre_ids, post_ids).size == 0:
        return None
    return lambda pre, post: pre_ids[pre] == post_ids[post]


def _without(self_pairs, pre: np.ndarray, post: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pairs that are not one cell (self_pairs from _self_pairs; None: keep all)."""
    if self_pairs is None:
        return pre, post
    keep = ~self_pairs(pre, post)
    return pre[keep], post[keep]


def _split(keys: np.ndarray, n_pre: int, n_post: int) -> tuple[np.ndarray, np.ndarray]:
    """Post-major pair indices -> (pre, post), chunk by chunk (no int64 copies of all of them)."""
    pre = np.empty(keys.size, _index_dtype(n_pre))
    post = np.empty(keys.size, _index_dtype(n_post))
    for s in range(0, keys.size, CHUNK):
        post[s : s + CHUNK], pre[s : s + CHUNK] = np.divmod(keys[s : s + CHUNK], n_pre)
    return pre, post


def _post_major(keys: np.ndarray, n_pre: int, n_post: int) -> np.ndarray:
    """Pre-major pair indices (pre * n_post + post) -> sorted post-major ones, in place."""
    for s in range(0, keys.size, CHUNK):
        pre, post = np.divmod(keys[s : s + CHUNK], n_post)
        keys[s : s + CHUNK] = post * n_pre + pre
    keys.sort()
    return keys


def _concatenate(chunks: list, dtype) -> np.ndarray:
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype)


# ------------------------------------------------------------------ connections
def _one_to_one(projection, connector):
    n = min(projection.pre.size, projection.post.size)
    if projection.pre.size != projection.post.size:  # PyNN refuses; sPyNNaker connects the first n
        warnings.warn(
            f"Projection {projection.label!r}: OneToOneConnector between {projection.pre.size} and "
            f"{projection.post.size} neurons connects the first {n} of each (as sPyNNaker does)",
            stacklevel=4,
        )
    idx = np.arange(n, dtype=_index_dtype(n))
    return idx, idx.copy()


def _array(projection, connector):
    """ArrayConnector: a connection wherever the (n_pre, n_post) array is nonzero (PyNN asks
    for booleans; sPyNNaker scripts also give 0/1 floats, which PyNN would take for indices)."""
    arr = np.asarray(connector.array)
    shape = (projection.pre.size, projection.post.size)
    if arr.shape != shape:
        raise errors.ConnectionError(
            f"Projection {projection.label!r}: ArrayConnector's array has shape {arr.shape}, "
            f"the projection needs {shape} (pre x post)"
        )
    post, pre = np.nonzero(arr.T)  # ordered by post, then pre
    return pre.astype(_index_dtype(shape[0])), post.astype(_index_dtype(shape[1]))


def _all_to_all(projection, connector):
    n_pre, n_post = projection.pre.size, projection.post.size
    if connector.allow_self_connections not in (True, False):
        return None
    pre = np.tile(np.arange(n_pre, dtype=_index_dtype(n_pre)), n_post)
    post = np.repeat(np.arange(n_post, dtype=_index_dtype(n_post)), n_pre)
    self_pairs = None if connector.allow_self_connections else _self_pairs(projection)
    return _without(self_pairs, pre, post)


def _fixed_probability(projection, connector):
    if connector.allow_self_connections not in (True, False) or not _usable_rng(connector.rng):
        return None
    n_pre, n_post = projection.pre.size, projection.post.size
    self_pairs = None if connector.allow_self_connections else _self_pairs(projection)
    rng = copy.deepcopy(connector.rng)  # as PyNN: the caller's rng stays where it was
    pres, posts = [], []
    for keys in bernoulli_positions(rng, n_pre * n_post, connector.p_connect):
        pre, post = _without(self_pairs, *_split(keys, n_pre, n_post))
        pres.append(pre)
        posts.append(post)
    return _concatenate(pres, _index_dtype(n_pre)), _concatenate(posts, _index_dtype(n_post))


def _counts(connector, n_rows: int) -> np.ndarray:
    """Connections per row: connector.n, or one draw of it per row if it is a RandomDistribution."""
    if isinstance(connector.n, (int, np.integer)):
        return np.full(n_rows, int(connector.n), dtype=np.int64)
    counts = np.asarray(connector.n.next(n_rows))
    bad = counts[(counts < 0) | (counts != np.round(counts))]
    if bad.size:
        raise ValueError(f"{type(connector).__name__}: n must give non-negative integers, got {bad[0]}")
    return counts.astype(np.int64)


def _fixed_number_usable(connector) -> bool:
    n = connector.n
    counts_ok = isinstance(n, (int, np.integer)) or (isinstance(n, RandomDistribution) and _usable_rng(n.rng))
    return (
        counts_ok
        and connector.allow_self_connections in (True, False)
        and connector.with_replacement in (True, False)
        and _usable_rng(connector.rng)
    )


def _skip_self(projection, connector) -> bool:
    """PyNN's FixedNumber connectors leave out i -> i only when pre and post are one population."""
    return not connector.allow_self_connections and projection.pre == projection.post


def _fixed_number_pre(projection, connector):
    if not _fixed_number_usable(connector):
        return None
    n_pre, n_post = projection.pre.size, projection.post.size
    counts = _counts(connector, n_post)  # rows are post-synaptic cells
    keys = sample_rows(connector.rng, counts, n_pre, _skip_self(projection, connector), connector.with_replacement)
    return _split(keys, n_pre, n_post)


def _fixed_number_post(projection, connector):
    if not _fixed_number_usable(connector):
        return None
    n_pre, n_post = projection.pre.size, projection.post.size
    counts = _counts(connector, n_pre)  # rows are pre-synaptic cells
    keys = sample_rows(connector.rng, counts, n_post, _skip_self(projection, connector), connector.with_replacement)
    return _split(_post_major(keys, n_pre, n_post), n_pre, n_post)


def _fixed_total_number(projection, connector):
    if not (_fixed_number_usable(connector) and isinstance(connector.n, (int, np.integer))):
        return None
    n_pre, n_post = projection.pre.size, projection.post.size
    skip = _skip_self(projection, connector)
    # one row over the allowed pairs, post-major; without i -> i, column j has n - 1 of them
    span = n_pre * n_post - (n_pre if skip else 0)
    keys = sample_rows(connector.rng, [connector.n], span, False, connector.with_replacement)
    if not skip:
        return _split(keys, n_pre, n_post)
    pre, post = _split(keys, max(n_pre - 1, 1), n_post)
    pre += pre >= post
    return pre, post


def _plain(synapse_type, name: str) -> bool:
    """The synapse type takes parameter `name` as given (no translation to apply)."""
    t = getattr(synapse_type, "translations", {}).get(name)
    return t is not None and t["translated_name"] == name and t["forward_transform"] == name


def _from_list(projection, connector):
    names = tuple(connector.column_names)
    n_pre, n_post = projection.pre.size, projection.post.size
    conn = np.asarray(connector.conn_list)
    if not set(names) <= {"weight", "delay"} or not all(_plain(projection.synapse_type, n) for n in names):
        return None
    values = projection.synapse_type.parameter_space
    drawn = [n for n in ("weight", "delay") if n not in names and not values[n].is_homogeneous]
    if not all(_value_kind(values[n], projection) == "random" and _plain(projection.synapse_type, n) for n in drawn):
        return None
    if conn.size == 0:
        return np.zeros(0, _index_dtype(n_pre)), np.zeros(0, _index_dtype(n_post)), {}
    if conn.ndim != 2 or conn.dtype.kind not in "iuf":
        return None
    pre, post = conn[:, 0], conn[:, 1]
    whole = (pre == np.floor(pre)).all() and (post == np.floor(post)).all()
    if not whole or pre.min() < 0 or pre.max() >= n_pre or post.min() < 0 or post.max() >= n_post:
        return None  # PyNN's errors (or its silent drop of targets out of range)
    order = np.argsort(post)  # PyNN's sort, not a stable one: the same order within a column
    connector.conn_list = conn = conn[order]
    own = {name: conn[:, col].astype(float) for col, name in enumerate(names, 2)}
    post = conn[:, 1].astype(_index_dtype(n_post))
    for name in drawn:
        own[name] = _restarted_draws(values[name], post)
    return conn[:, 0].astype(_index_dtype(n_pre)), post, own


def _from_file(projection, connector):
    """FromFileConnector: the file read as PyNN's connect reads it, then _from_list."""
    if connector.distributed:
        return None
    names = connector.file.get_metadata().get("columns", ("weight", "delay"))
    connector.column_names = [n for n in names if n not in ("i", "j")]
    connector.conn_list = connector.file.read()
    return _from_list(projection, connector)


def _restarted_draws(arr, post: np.ndarray) -> np.ndarray:
    """A RandomDistribution's values as PyNN's FromListConnector gives them: each column's
    connections take the first values of a new copy of the distribution (it deep-copies the
    synapse type's parameters, rng included, column by column), so connection k of a column
    gets value k of one stream, and the caller's rng does not advance."""
    rank = np.arange(post.size) - np.searchsorted(post, post, side="left")
    first = copy.deepcopy(arr.base_value).next(int(rank.max()) + 1 if rank.size else 0)
    return np.asarray(arr._apply_operations(np.asarray(first, dtype=float)[rank]), dtype=float)


def _block_pairs(projection, connected, drop) -> tuple[np.ndarray, np.ndarray]:
    """(pre, post) where connected(first, last), a (last - first, n_pre) boolean array, holds,
    block by block of about CHUNK pairs: ordered by post, then pre, less the pairs drop marks
    ((pre, post) -> mask, or None)."""
    n_pre, n_post = projection.pre.size, projection.post.size
    width = max(1, CHUNK // max(n_pre, 1))
    pres, posts = [], []
    for first in range(0, n_post, width):
        post, pre = np.nonzero(connected(first, min(first + width, n_post)))
        post += first
        if drop is not None:
            keep = ~drop(pre, post)
            pre, post = pre[keep], post[keep]
        pres.append(pre.astype(_index_dtype(n_pre)))
        posts.append(post.astype(_index_dtype(n_post)))
    return _concatenate(pres, _index_dtype(n_pre)), _concatenate(posts, _index_dtype(n_post))


def _probability_map(projection, connector, probability):
    """PyNN's MapConnector draws for `random < p`: n_pre uniform numbers per post column from a
    deep copy of connector.rng (lazyarray copies the map before comparing: the caller's rng
    stays), against probability(first, last), the (last - first, n_pre) probabilities of
    columns first .. last - 1.  None for what PyNN's code must do (no-mutual connections, an
    rng other than NumpyRNG, whose chunked draws are its stream)."""
    if connector.allow_self_connections not in (True, False) or not isinstance(connector.rng, NumpyRNG):
        return None
    n_pre = projection.pre.size
    uniform = RandomDistribution("uniform", (0.0, 1.0), rng=copy.deepcopy(connector.rng))

    def connected(first: int, last: int) -> np.ndarray:
        drawn = np.asarray(uniform.next((last - first) * n_pre), dtype=float)
        return drawn.reshape(last - first, n_pre) < probability(first, last)

    return _block_pairs(projection, connected, None if connector.allow_self_connections else _self_pairs(projection))


def _distance_dependent(projection, connector):
    if type(projection.space) is not Space:
        return None
    a, b = np.asarray(projection.pre.positions), _post_positions(projection)

    def probability(first: int, last: int) -> np.ndarray:
        return connector.distance_function(_space_distances(projection.space, a[:, None, :], b[:, first:last, None]))

    return _probability_map(projection, connector, probability)


def _displacement_dependent(projection, connector):
    """PyNN's DisplacementExpression: its function of the (3, n) displacements post - pre."""
    expression = connector.index_expression
    if not isinstance(expression, DisplacementDependentProbabilityConnector.DisplacementExpression):
        return None
    a, b = np.asarray(projection.pre.positions), np.asarray(projection.post.positions)
    n_pre = a.shape[1]

    def probability(first: int, last: int) -> np.ndarray:
        disp = (b[:, first:last, None] - a[:, None, :]).reshape(3, -1)
        p = np.asarray(expression._disp_function(disp), dtype=float)
        return np.broadcast_to(p, (disp.shape[1],)).reshape(last - first, n_pre)

    return _probability_map(projection, connector, probability)


def _clone(projection, connector):
    """CloneConnector: each pair the reference projection connects, once (PyNN takes them
    from its weight array), ordered by post then pre."""
    ref = connector.reference_projection
    if projection.pre != ref.pre or projection.post != ref.post or not hasattr(ref, "spynn_pre"):
        return None  # PyNN's error, or another backend's projection
    n_pre, n_post = projection.pre.size, projection.post.size
    keys = ref.spynn_post.astype(np.int64) * n_pre + ref.spynn_pre
    keys.sort()
    return _split(keys[np.diff(keys, prepend=-1) != 0], n_pre, n_post)


class PairsConnector(Protocol):
    """A connector that makes its own connections, all at once (spynn.extra_models' group
    connectors); the synapse type gives the values the connector does not."""

    safe: bool
    location_selector: None

    def spynn_pairs(self, projection) -> tuple[np.ndarray, np.ndarray]:
        """(pre, post) indices of every connection, in the projection's pre and post,
        ordered by post then pre."""

    def spynn_weights(self, projection, pre: np.ndarray, post: np.ndarray) -> np.ndarray | None:
        """The connector's own weight of each connection (pre[k], post[k]), or None."""


def _own_pairs(projection, connector: PairsConnector):
    """A PairsConnector's pairs, checked: an index out of range must not reach the packer."""
    pre, post = connector.spynn_pairs(projection)
    sides = ((pre, projection.pre.size), (post, projection.post.size))
    if any(i.dtype.kind not in "iu" or (i.size and (i.min() < 0 or i.max() >= n)) for i, n in sides):
        projection._check_indices(pre, post)  # names the first bad index
    return pre, post


_CONNECT = {
    OneToOneConnector: _one_to_one,
    ArrayConnector: _array,
    AllToAllConnector: _all_to_all,
    FixedProbabilityConnector: _fixed_probability,
    FixedNumberPreConnector: _fixed_number_pre,
    FixedNumberPostConnector: _fixed_number_post,
    FixedTotalNumberConnector: _fixed_total_number,
    FromListConnector: _from_list,
    FromFileConnector: _from_file,
    DistanceDependentProbabilityConnector: _distance_dependent,
    DisplacementDependentProbabilityConnector: _displacement_dependent,
    CloneConnector: _clone,
}


# ---------------------------------------------------------------------- values
def _distance_marker(i, j):
    raise AssertionError("spynn evaluates functions of distance at the connected pairs only")


def _scalar_operations(arr) -> bool:
    return not any(isinstance(arg, larray) for _, arg in arr.operations)


def _value_kind(arr, projection) -> str | None:
    """How the values of one parameter are evaluated, or None if PyNN's path must do it."""
    base = arr.base_value
    if arr.is_homogeneous and not callable(base):
        return "homogeneous"
    if not _scalar_operations(arr):
        return None
    if isinstance(base, RandomDistribution):
        return "random" if _usable_rng(base.rng) else None
    if base is _distance_marker:
        return "distance" if type(projection.space) is Space else None
    if isinstance(base, np.ndarray) and base.shape == (projection.pre.size, projection.post.size):
        return "matrix"
    return "columns" if callable(base) else None


def _distances(projection, pre: np.ndarray, post: np.ndarray) -> np.ndarray:
    """pyNN.space.Space.distances, for the pairs (pre[k], post[k]) only."""
    a, b = np.asarray(projection.pre.positions), _post_positions(projection)
    return _space_distances(projection.space, a[:, pre], b[:, post])


def _post_positions(projection) -> np.ndarray:
    space = projection.space
    return space.scale_factor * (np.asarray(projection.post.positions).T + space.offset).T


def _space_distances(space, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Space.distances' arithmetic on coordinates a[axis] and b[axis] (b after the space's
    scale and offset: _post_positions), of one shape or shapes that broadcast."""
    d2 = 0.0
    for axis in space.axes:
        diff = a[axis] - b[axis]
        bounds = None if space.periodic_boundaries is None else space.periodic_boundaries[axis]
        if bounds is not None:
            diff = np.abs(diff)
            diff = np.minimum(diff, (bounds[1] - bounds[0]) - diff)
        d2 = d2 + diff**2
    return np.sqrt(d2)


def _by_columns(arr, pre: np.ndarray, post: np.ndarray, n_pre: int, n_post: int) -> np.ndarray:
    """Evaluate arr on blocks of whole columns, keeping the connected entries (post is sorted)."""
    out = np.empty(pre.size)
    width = max(1, CHUNK // max(n_pre, 1))
    starts = np.arange(0, n_post, width)
    bounds = np.searchsorted(post, np.append(starts, n_post))
    for first, lo, hi in zip(starts, bounds[:-1], bounds[1:]):
        if hi > lo:
            last = min(first + width, n_post)
            block = np.broadcast_to(np.asarray(arr[:, first:last], dtype=float), (n_pre, last - first))
            out[lo:hi] = block[pre[lo:hi], post[lo:hi] - first]
    return out


def _values(kind: str, arr, projection, pre: np.ndarray, post: np.ndarray) -> np.ndarray:
    """One parameter's values at the connections (pre[k], post[k]), as a new float array."""
    m = pre.size
    if kind == "homogeneous":
        return np.full(m, float(arr.evaluate(simplify=True)))
    if kind == "random":  # as lazyarray evaluates it: base_value.next(n), then the operations
        return np.asarray(arr._apply_operations(np.asarray(arr.base_value.next(m), dtype=float)), dtype=float)
    if kind == "matrix":
        return np.asarray(arr._apply_operations(arr.base_value[pre, post]), dtype=float)
    if kind == "distance":  # the operations start with the user's function of distance
        out = np.empty(m)
        for s in range(0, m, CHUNK):
            d = _distances(projection, pre[s : s + CHUNK], post[s : s + CHUNK])
            out[s : s + CHUNK] = arr._apply_operations(d)
        return out
    return _by_columns(arr, pre, post, projection.pre.size, projection.post.size)


def fast_connect(projection, connector) -> tuple[np.ndarray, ...] | ConnectionPlan | None:
    """(pre, post, weight, delay) arrays ordered by post then pre, a ConnectionPlan for the
    mapping to make them (deferred.py), or None to use PyNN's path."""
    connect = _CONNECT.get(type(connector), _own_pairs if hasattr(connector, "spynn_pairs") else None)
    if connect is None or connector.location_selector is not None:
        return None
    distance_marker = LazyArray(_distance_marker, shape=(projection.pre.size, projection.post.size))
    ps = connector._parameters_from_synapse_type(projection, distance_map=distance_marker)
    extra = per_synapse_names(projection)
    if any(name not in ps.keys() for name in ("weight", "delay", *extra)):
        return None
    kinds = {name: _value_kind(ps[name], projection) for name in ("weight", "delay", *extra)}
    if None in kinds.values():
        return None
    plan = describe(projection, connector, ps, kinds)
    if plan is not None:
        return plan
    pairs = connect(projection, connector)
    if pairs is None:
        return None
    pre, post, *given = pairs
    own = dict(given[0]) if given else {}  # values a connector's list gives
    weights = _own_weights(connector, projection, pre, post)
    if weights is not None:
        own["weight"] = weights
    values = {
        name: own[name] if name in own else _values(kind, ps[name], projection, pre, post)
        for name, kind in kinds.items()
    }
    check_values(projection, connector, pre, values)
    return pre, post, values["weight"], values["delay"], *(values[name] for name in extra)


def per_synapse_names(projection) -> tuple[str, ...]:
    """The synapse type's parameters held per synapse besides weight and delay (the U of
    TsodyksMarkramSynapse): connectors hand them over after the delays."""
    return tuple(getattr(projection.synapse_type, "spynn_per_synapse", ()))


def connect_by_columns(projection, connector: PairsConnector) -> None:
    """connector.connect for a PairsConnector, when fast_connect cannot evaluate the synapse
    type's values (a RandomDistribution of a NativeRNG, a distance expression in another
    Space...): the same pairs, the values evaluated from PyNN's lazy arrays a block of
    columns at a time."""
    pre, post = connector.spynn_pairs(projection)
    ps = connector._parameters_from_synapse_type(projection)
    n_pre, n_post = projection.pre.size, projection.post.size
    extra = per_synapse_names(projection)
    values = {name: _by_columns(ps[name], pre, post, n_pre, n_post) for name in ("weight", "delay", *extra)}
    own = _own_weights(connector, projection, pre, post)
    if own is not None:
        values["weight"] = own
    check_values(projection, connector, pre, values)
    projection.spynn_add_connections(pre, post, values["weight"], values["delay"], *(values[n] for n in extra))


def _own_weights(connector, projection, pre: np.ndarray, post: np.ndarray) -> np.ndarray | None:
    """Weights the connector itself gives (AllButMeConnector(weights=...)), else None."""
    given = getattr(connector, "spynn_weights", None)
    return None if given is None else given(projection, pre, post)


def check_values(projection, connector, pre: np.ndarray, values: dict) -> None:
    """The synapse type's checks of its values (the sign of the weights), unless connector.safe is False."""
    syn = projection.synapse_type
    if connector.safe and hasattr(syn, "parameter_checks") and pre.size:
        for pname, check in syn.parameter_checks.items():
            native = syn.translations[pname]["translated_name"]
            if native in values:
                check(values[native], projection)

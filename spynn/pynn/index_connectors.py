"""sPyNNaker's IndexBasedProbabilityConnector and SmallWorldConnector, made by numpy over
blocks of whole columns (the PairsConnector protocol of spynn.pynn.connectors).

IndexBasedProbabilityConnector(index_expression, ...): pre i connects to post j with
probability index_expression(i, j).
- A callable (PyNN's IndexBasedExpression) is PyNN's connector: called with (n_pre, w)
  integer index grids, as lazyarray calls it, with its projection set on a copy.
- A string is sPyNNaker's: i and j are float arrays (sPyNNaker builds them with
  numpy.fromfunction) and the names in scope are sPyNNaker's: its numpy functions, e, pi
  and the builtin abs (its eval leaves Python's builtins in).  spynn does not eval the
  string: it parses it and evaluates the tree itself, so anything but arithmetic,
  comparisons and those functions of i, j and numbers is refused.
- allow_self_connections=False leaves out, for a callable, the pairs of one cell (PyNN's
  meaning); for a string, every pair with i == j, whatever the populations (sPyNNaker's).
- Either way one uniform number per pair, post by post, from a deep copy of the
  connector's rng: PyNN's own stream, so a callable gives exactly PyNN's connections
  (and, as in PyNN, the caller's rng is not advanced).

SmallWorldConnector(degree, rewiring, ...), as sPyNNaker makes it (PyNN 0.13's raises
NotImplementedError): every pair closer than degree in the projection's Space
(Space.distances, strictly less, as PyNN's "d < degree") is connected; then each
connection, with probability rewiring, gets a new post neuron drawn uniformly, from the
connector's rng itself (which advances, as sPyNNaker's does).  n_connections is refused,
as by sPyNNaker.  Unlike sPyNNaker, allow_self_connections=False works (the pairs and the
new targets leave the cell itself out, as PyNN 0.7's connector did), the new post neuron is
any of the population (sPyNNaker draws one of the first n - 1 of its own core), and the
weights and delays are those of the final pair."""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from numbers import Real

import numpy as np
from pyNN import connectors as pynn_connectors
from pyNN.common import Population
from pyNN.core import IndexBasedExpression
from pyNN.random import AbstractRNG, NativeRNG

from ..errors import UNSUPPORTED, NotSupportedError
from .connectors import _block_pairs, _index_dtype, _self_pairs, connect_by_columns
from .index_expression import compile_index_expression


# ------------------------------------------------------------------- shared
def _drawing_rng(rng, owner: str):
    """rng, if spynn can draw from it; else a clear error."""
    if not isinstance(rng, AbstractRNG) or isinstance(rng, NativeRNG):
        raise ValueError(
            f"{owner}: rng={rng!r} cannot draw here (spynn makes connections on the host); "
            f"give a pyNN.random.NumpyRNG (or GSLRNG), or None for PyNN's default"
        )
    return rng


def _uniform(rng, n: int) -> np.ndarray:
    """n numbers, uniform in [0, 1), from a pyNN rng (as PyNN's RandomDistribution("uniform", (0, 1)))."""
    return np.asarray(rng.next(n, "uniform", {"low": 0.0, "high": 1.0}), dtype=float)


def _excluded(projection, allow, owner: str, by_index: bool = False):
    """(pre, post) -> mask of the pairs allow_self_connections leaves out, or None.  As PyNN:
    False drops the pairs of one cell, "NoMutual" keeps pre > post of a Population onto itself;
    by_index (sPyNNaker's string form): False drops pre index == post index, whatever the
    populations (what sPyNNaker does and its own tests check)."""
    if allow is True:
        return None
    if allow is False:
        return np.equal if by_index else _self_pairs(projection)
    if isinstance(projection.pre, Population) and projection.pre == projection.post:
        return np.less_equal
    raise NotImplementedError(
        f"Projection {projection.label!r}: {owner}(allow_self_connections='NoMutual') connects a Population "
        f"to itself only (as in PyNN); give True or False"
    )


def _real_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _self_connections(value, owner: str, no_mutual: bool) -> bool | str:
    """allow_self_connections, checked: True, False or (if no_mutual) PyNN's "NoMutual"."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if no_mutual and isinstance(value, str) and value == "NoMutual":
        return value
    allowed = "True, False or 'NoMutual'" if no_mutual else "True or False"
    raise ValueError(f"{owner}: allow_self_connections must be {allowed}, got {value!r}")


# ------------------------------------------------ IndexBasedProbabilityConnector
def _pynn_order(
    index_expression, allow_self_connections=True, location_selector=None, rng=None, safe=True, callback=None,
    verbose=False,
): ...  # fmt: skip


def _spynnaker_order(
    index_expression, allow_self_connections=True, rng=None, safe=True, callback=None, verbose=False, *,
    location_selector=None,
): ...  # fmt: skip


class IndexBasedProbabilityConnector(pynn_connectors.IndexBasedProbabilityConnector):
    """Connect pre i to post j with probability index_expression(i, j): PyNN's callable
    (IndexBasedExpression), or sPyNNaker's string in i and j (see the module doc for both).
    The arguments follow PyNN's order for a callable and sPyNNaker's for a string
    (index_expression, allow_self_connections, rng, safe, callback, verbose)."""

    def __init__(self, index_expression, *args, **kwargs):
        name = type(self).__name__
        if not (isinstance(index_expression, str) or callable(index_expression)):
            raise TypeError(
                f"{name}: index_expression must be a string in i and j (sPyNNaker's) or a callable "
                f"IndexBasedExpression (PyNN's), got {index_expression!r}"
            )
        order = _spynnaker_order if isinstance(index_expression, str) else _pynn_order
        try:
            given = inspect.signature(order).bind(index_expression, *args, **kwargs)
        except TypeError as err:
            raise TypeError(f"{name}: {err}") from None
        given.apply_defaults()
        a = given.arguments
        if a["location_selector"] is not None:
            raise NotSupportedError("location_selector")
        pynn_connectors.Connector.__init__(self, None, a["safe"], a["callback"])
        self.index_expression = index_expression
        self.allow_self_connections = _self_connections(a["allow_self_connections"], name, no_mutual=True)
        self.rng = pynn_connectors._get_rng(a["rng"])
        self.verbose = a["verbose"]  # sPyNNaker writes the connections to a CSV file: no effect here

    def _probability(self, projection) -> Callable[[int, int], np.ndarray]:
        """(first, last) -> the (n_pre, last - first) probabilities of those columns."""
        n_pre = projection.pre.size
        if isinstance(self.index_expression, str):
            evaluate = compile_index_expression(self.index_expression, type(self).__name__)
            i = np.arange(n_pre, dtype=float)[:, None]  # floats, as sPyNNaker's numpy.fromfunction
            return lambda first, last: evaluate({"i": i, "j": np.arange(first, last, dtype=float)[None, :]})
        expression = copy.copy(self.index_expression)  # as PyNN: the connector's own is not altered
        if isinstance(expression, IndexBasedExpression):
            expression.projection = projection
        return lambda first, last: expression(*np.meshgrid(np.arange(n_pre), np.arange(first, last), indexing="ij"))

    def spynn_pairs(self, projection) -> tuple[np.ndarray, np.ndarray]:
        """Each column block: its probabilities, one uniform number per pair (post by post,
        PyNN's order), a connection where the number is below the probability."""
        name, n_pre = type(self).__name__, projection.pre.size
        rng = copy.deepcopy(_drawing_rng(self.rng, name))  # as PyNN: the caller's rng stays where it was
        probability = self._probability(projection)

        def connected(first: int, last: int) -> np.ndarray:
            p = np.broadcast_to(np.asarray(probability(first, last), dtype=float), (n_pre, last - first))
            return np.reshape(_uniform(rng, n_pre * (last - first)), (last - first, n_pre)) < p.T

        by_index = isinstance(self.index_expression, str)
        return _block_pairs(projection, connected, _excluded(projection, self.allow_self_connections, name, by_index))

    def spynn_weights(self, projection, pre: np.ndarray, post: np.ndarray) -> None:
        """None: the synapse type's weights."""
        return None

    def connect(self, projection):
        """PyNN's entry point, used when fast_connect cannot evaluate the synapse type's values."""
        connect_by_columns(projection, self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.index_expression!r})"


# ------------------------------------------------------------ SmallWorldConnector
_N_CONNECTIONS = "SmallWorldConnector(n_connections=...)"
UNSUPPORTED[_N_CONNECTIONS] = "sPyNNaker refuses it too (PyNN never implemented it); leave it None"


class SmallWorldConnector(pynn_connectors.SmallWorldConnector):
    """sPyNNaker's small-world connector: every pair closer than degree (in the projection's
    Space) connected, then each connection rewired with probability rewiring to a uniformly
    drawn post neuron (see the module doc).  Arguments in sPyNNaker's order."""

    def __init__(
        self,
        degree,
        rewiring,
        allow_self_connections=True,
        n_connections=None,
        rng=None,
        safe=True,
        callback=None,
        verbose=False,
        *,
        location_selector=None,
    ):
        name = type(self).__name__
        if n_connections is not None:
            raise NotSupportedError(_N_CONNECTIONS)
        if location_selector is not None:
            raise NotSupportedError("location_selector")
        if not (_real_number(degree) and degree >= 0):
            raise ValueError(f"{name}: degree must be a distance >= 0 (the projection's Space units), got {degree!r}")
        if not (_real_number(rewiring) and 0 <= rewiring <= 1):
            raise ValueError(f"{name}: rewiring must be a probability in [0, 1], got {rewiring!r}")
        pynn_connectors.Connector.__init__(self, None, safe, callback)
        self.degree, self.rewiring = float(degree), float(rewiring)
        self.d_expression = f"d < {self.degree:g}"  # PyNN's attribute
        self.allow_self_connections = _self_connections(allow_self_connections, name, no_mutual=False)
        self.n_connections = None
        self.rng = pynn_connectors._get_rng(rng)
        self.verbose = verbose  # sPyNNaker writes the connections to a CSV file: no effect here

    def _local(self, projection) -> tuple[np.ndarray, np.ndarray]:
        """The pairs closer than degree (PyNN's Space.distances), post by post."""
        a = np.asarray(projection.pre.positions, dtype=float).T  # (n, 3), as Space.distances wants
        b = np.asarray(projection.post.positions, dtype=float).T

        def connected(first: int, last: int) -> np.ndarray:
            d = projection.space.distances(a, b[first:last])  # pre-major, flattened
            return np.reshape(d, (a.shape[0], last - first)).T < self.degree

        drop = _excluded(projection, self.allow_self_connections, type(self).__name__)
        pre, post = _block_pairs(projection, connected, drop)
        return pre.astype(np.int64), post.astype(np.int64)

    def spynn_pairs(self, projection) -> tuple[np.ndarray, np.ndarray]:
        """The local pairs, then for each (in post-major order) one uniform number: below
        rewiring, a new post neuron (one more uniform number each), then ordered again."""
        rng = _drawing_rng(self.rng, type(self).__name__)
        pre, post = self._local(projection)
        n_pre, n_post = projection.pre.size, projection.post.size
        if pre.size:
            rewired = np.flatnonzero(_uniform(rng, pre.size) < self.rewiring)
            own = None if self.allow_self_connections else _own_post(projection, pre[rewired])
            post[rewired] = _new_targets(rng, rewired.size, n_post, own)
        order = np.argsort(post * max(n_pre, 1) + pre, kind="stable")
        return pre[order].astype(_index_dtype(n_pre)), post[order].astype(_index_dtype(n_post))

    def spynn_weights(self, projection, pre: np.ndarray, post: np.ndarray) -> None:
        """None: the synapse type's weights."""
        return None

    def connect(self, projection):
        """PyNN's entry point (PyNN's own raises NotImplementedError), used when fast_connect
        cannot evaluate the synapse type's values."""
        connect_by_columns(projection, self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(degree={self.degree:g}, rewiring={self.rewiring:g})"


def _own_post(projection, pre: np.ndarray) -> np.ndarray:
    """The post index of each pre neuron's own cell, -1 where the post side does not hold it."""
    if projection.pre is projection.post:
        return pre.copy()
    post_ids = np.asarray(projection.post.all_cells, dtype=np.int64)
    ids = np.asarray(projection.pre.all_cells, dtype=np.int64)[pre]
    order = np.argsort(post_ids)
    at = order[np.minimum(np.searchsorted(post_ids, ids, sorter=order), max(post_ids.size - 1, 0))]
    return np.where(post_ids[at] == ids, at, -1)


def _new_targets(rng, n: int, n_post: int, own: np.ndarray | None) -> np.ndarray:
    """n post indices, each uniform over the post neurons (less its pre's own cell, own >= 0)."""
    u = _uniform(rng, n)
    span = np.full(n, n_post, dtype=np.int64) if own is None else n_post - (own >= 0)
    new = np.minimum((u * span).astype(np.int64), span - 1)
    if own is not None:
        new += (own >= 0) & (new >= own)
    return new

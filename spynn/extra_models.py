"""sPyNNaker's extra_models namespace: models beyond PyNN's standard set.

Those spynn runs are the same classes as the standard ones they alias; the
others exist so scripts import, and raise NotSupportedError naming them when
used (registered in spynn.errors.UNSUPPORTED).

It also holds sPyNNaker's group connectors (AllButMeConnector, its older name
WTAConnector, OneToOneOffsetConnector): one pattern of connections repeated over
groups of n_neurons_per_group neurons, made at once by index arithmetic (the
PairsConnector protocol of spynn.pynn.connectors)."""

from __future__ import annotations

from numbers import Real

import numpy as np
from pyNN.connectors import Connector

from .pynn.connectors import connect_by_columns
from .pynn.plasticity import (  # noqa: F401
    Neuromodulation,
    PfisterSpikeTriplet,
    RecurrentRule,
    SpikeNearestPairRule,
    Vogels2011Rule,
    WeightDependenceAdditiveTriplet,
)
from .pynn.unsupported import placeholder
from .pynn.standardmodels import (  # noqa: F401
    IF_curr_delta,
    IF_curr_dual_exp,
    IF_curr_exp_sEMD,
    IFCondExpStoc,
    IFCurrDeltaCa2Adaptive,
    IFCurrDeltaFixedProb,
    IFCurrExpCa2Adaptive,
    IFTruncDelta,
    Izhikevich_cond,
    Izhikevich_cond_dual,
    SpikeSourcePoissonVariable,
    StocExp,
    StocExpStable,
    StocSigma,
)

#: sPyNNaker's name for the delta-synapse LIF.
IFCurDelta = IF_curr_delta


# sPyNNaker extra models (of some version) spynn does not run: they import, and creating one
# raises NotSupportedError naming it
for _name, _what in (
    ("IFCondExpCerebellum", "sPyNNaker's iCub VOR cerebellum model"),
    ("TimingDependencePFPC", "sPyNNaker's cerebellar PF-PC rule"),
    ("WeightDependencePFPC", "sPyNNaker's cerebellar PF-PC rule"),
    ("TimingDependenceMFVN", "sPyNNaker's cerebellar MF-VN rule"),
    ("WeightDependenceMFVN", "sPyNNaker's cerebellar MF-VN rule"),
    ("WeightChangeable", "sPyNNaker's weight-changer synapse dynamics"),
    ("WeightChanger", "sPyNNaker's weight-changer synapse dynamics"),
):
    globals()[_name] = placeholder(_name, f"{_what} is not ported")


# ------------------------------------------------------------ group connectors
def _whole(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and float(value).is_integer()


def _arange(size: int) -> np.ndarray:
    """0 .. size - 1 as indices: 4 bytes each while they fit."""
    return np.arange(size, dtype=np.int32 if size <= np.iinfo(np.int32).max else np.int64)


def _group_size(value, owner: str) -> int | None:
    if value is None:
        return None
    if not (_whole(value) and value >= 1):
        raise ValueError(
            f"{owner}: n_neurons_per_group must be a whole number >= 1 (or None: one group of the whole "
            f"population), got {value!r}"
        )
    return int(value)


class _GroupConnector(Connector):
    """A connector that repeats one pattern over groups of n_neurons_per_group neurons
    (default: one group of the whole population), as sPyNNaker's do: pre and post must have
    the same size, a multiple of the group size.  Indices are the projection's (a view's
    neuron 0 is its first), and connections are ordered by post then pre."""

    #: raised for sizes sPyNNaker leaves undefined (unequal, or not whole groups): its choice
    refusal: type[Exception] = NotImplementedError

    def __init__(self, n_neurons_per_group=None, safe=True, verbose=False, callback=None):
        super().__init__(safe=safe, callback=callback)
        self.n_neurons_per_group = _group_size(n_neurons_per_group, type(self).__name__)
        self.verbose = verbose  # sPyNNaker writes the connections to a CSV file: no effect here

    def group_of(self, projection) -> tuple[int, int]:
        """(group size, population size) on this projection, checked as sPyNNaker checks them."""
        name, label = type(self).__name__, projection.label
        n_pre, n_post = projection.pre.size, projection.post.size
        if n_pre != n_post:
            raise self.refusal(
                f"Projection {label!r}: {name} connects populations of one size (as in sPyNNaker), "
                f"got {n_pre} pre- and {n_post} post-synaptic neurons"
            )
        n = n_pre if self.n_neurons_per_group is None else self.n_neurons_per_group
        if n > n_pre:
            raise ValueError(
                f"Projection {label!r}: {name}'s n_neurons_per_group={n} is larger than the populations "
                f"({n_pre} neurons); give at most {n_pre}"
            )
        if n and n_pre % n:
            raise self.refusal(
                f"Projection {label!r}: {name} needs whole groups, but {n_pre} neurons are not a multiple "
                f"of n_neurons_per_group={n}; give a divisor of {n_pre}"
            )
        return n, n_pre

    def spynn_weights(self, projection, pre: np.ndarray, post: np.ndarray) -> np.ndarray | None:
        """None: the synapse type's weights."""
        return None

    def connect(self, projection):
        """PyNN's entry point, used when fast_connect cannot evaluate the synapse type's values."""
        connect_by_columns(projection, self)


class AllButMeConnector(_GroupConnector):
    """sPyNNaker's winner-take-all connector: within each group of n_neurons_per_group
    neurons, every pre neuron connects to every post neuron of the group except the one at
    its own index.

    weights, if given, are one group's, used in every group: n x (n - 1) values, pre-major
    with the diagonal left out (pre 0 -> posts 1..n-1, pre 1 -> posts 0, 2..n-1, ...), in any
    shape holding that many ((n, n - 1) reads naturally); without them the synapse type's
    weights apply.  Delays are the synapse type's."""

    parameter_names = ("n_neurons_per_group", "weights")

    def __init__(self, n_neurons_per_group=None, weights=None, safe=True, verbose=False, callback=None):
        super().__init__(n_neurons_per_group, safe, verbose, callback)
        self.weights = None if weights is None else _weight_array(weights, type(self).__name__)
        if self.n_neurons_per_group is not None:
            self.check_weights(self.n_neurons_per_group)

    def check_weights(self, n: int) -> None:
        """One weight per connection of a group of n neurons, or none."""
        if self.weights is not None and self.weights.size != n * (n - 1):
            raise ValueError(
                f"{type(self).__name__}: {self.weights.size} weights given, but a group of {n} neurons has "
                f"{n} x ({n} - 1) = {n * (n - 1)} connections, one weight each (pre-major, the diagonal left out)"
            )

    def spynn_pairs(self, projection) -> tuple[np.ndarray, np.ndarray]:
        """Each post neuron's n - 1 partners of its group, post by post, by index arithmetic."""
        n, size = self.group_of(projection)
        self.check_weights(n)
        if n < 2:
            return _arange(0), _arange(0)
        post = np.repeat(_arange(size), n - 1)
        k = np.tile(_arange(n - 1), size)  # the pre's place in the group, the post's own left out
        v = post % n
        return post - v + k + (k >= v), post

    def spynn_weights(self, projection, pre: np.ndarray, post: np.ndarray) -> np.ndarray | None:
        """The group's weight of each connection: row pre, column post of the n x n table
        without its diagonal."""
        if self.weights is None:
            return None
        n = self.group_of(projection)[0]
        u, v = pre % n, post % n  # indices within the group
        return self.weights[u * (n - 1) + v - (v > u)]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n_neurons_per_group={self.n_neurons_per_group})"


class WTAConnector(AllButMeConnector):
    """sPyNNaker's older name of AllButMeConnector; it refuses unequal sizes with ValueError."""

    refusal = ValueError


class OneToOneOffsetConnector(_GroupConnector):
    """sPyNNaker's: within each group of n_neurons_per_group neurons, pre i connects to post
    i + offset (offset may be negative).  A target beyond the group wraps around to its other
    end when wrap is true, and is left out otherwise.  |offset| is at most the group size.
    Weights and delays are the synapse type's."""

    parameter_names = ("offset", "wrap", "n_neurons_per_group")

    def __init__(self, offset, wrap, n_neurons_per_group=None, safe=True, verbose=False, callback=None):
        super().__init__(n_neurons_per_group, safe, verbose, callback)
        if not _whole(offset):
            raise ValueError(f"OneToOneOffsetConnector: offset must be a whole number of neurons, got {offset!r}")
        self.offset, self.wrap = int(offset), bool(wrap)

    def spynn_pairs(self, projection) -> tuple[np.ndarray, np.ndarray]:
        """Each post neuron's pre (post - offset, within its group), post by post."""
        n, size = self.group_of(projection)
        if size == 0:
            return _arange(0), _arange(0)
        if abs(self.offset) > n:
            raise ValueError(
                f"Projection {projection.label!r}: OneToOneOffsetConnector's offset={self.offset} reaches "
                f"beyond a group of {n} neurons; give |offset| <= {n}"
            )
        post = _arange(size)
        v = post % n
        u = v - self.offset  # the pre neuron's index within the group
        if self.wrap:
            u %= n
        else:
            keep = (u >= 0) & (u < n)
            post, v, u = post[keep], v[keep], u[keep]
        return post - v + u, post

    def __repr__(self) -> str:
        return (
            f"OneToOneOffsetConnector(offset={self.offset}, wrap={self.wrap}, "
            f"n_neurons_per_group={self.n_neurons_per_group})"
        )


def _weight_array(weights, owner: str) -> np.ndarray:
    """AllButMeConnector's weights as a flat float array, or a clear error."""
    try:
        arr = np.asarray(weights, dtype=float).ravel()
    except (TypeError, ValueError):
        arr = None
    if arr is None or np.ndim(weights) == 0:
        raise ValueError(
            f"{owner}: weights must be an array of numbers, one group's n x (n - 1) (sPyNNaker takes no single "
            f"value, distribution or string here), got {weights!r}; give one weight for all to the synapse "
            f"type instead (StaticSynapse(weight=...))"
        )
    return arr

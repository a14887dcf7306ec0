"""Large projections are described, not made (graph/plan.py): the mapping makes their
connections core by core.  A described projection behaves as a made one: len() counts its
connections, get() reads them from the cores, set() makes them first.

Described: a FixedProbabilityConnector, FixedNumberPreConnector (n a number or a
RandomDistribution), FixedTotalNumberConnector (n a number) or AllToAllConnector between two
Populations, with a usable rng, static synapses, at least DEFER_MIN expected connections,
and weights and delays that are constants or RandomDistributions of graph.plan.DRAWN, with
any arithmetic on them.  Their random numbers are spynn's, per postsynaptic neuron
(generate.c), seeded from draws of each rng: connector.rng through a deep copy for
FixedProbability (as PyNN leaves it where it was) and itself for the others (as PyNN advances
it), the weight's and the delay's distributions' own rngs advanced by one draw.  The rows of
each column are drawn first where the connector fixes them (FixedNumberPre's n per neuron as
PyNN's path draws them; FixedTotalNumber's total spread as uniform pairs spread it).  Delays
from an unbounded distribution are checked on the first columns when the projection is made,
and all of them are drawn once more when the mapping needs the longest.  Everything else is
made when the script makes it (connectors.fast_connect)."""

from __future__ import annotations

import copy
import dataclasses
import math

import numpy as np
from pyNN import common
from pyNN.connectors import (
    AllToAllConnector,
    FixedNumberPreConnector,
    FixedProbabilityConnector,
    FixedTotalNumberConnector,
)
from pyNN.random import AbstractRNG, NativeRNG, RandomDistribution

from ..graph.build import delay_ticks
from ..graph.plan import DRAWN, ConnectionPlan, Values, value_bounds

#: Expected connections from which a projection is described rather than made.
DEFER_MIN = 1 << 20
#: Columns whose weights are drawn when the projection is made, for the synapse type's checks.
CHECKED_COLUMNS = 4


#: Told apart in the seeds of a projection's streams: one rng may give all three.
CONNECTIONS, WEIGHTS, DELAYS, COUNTS = 0, 0x5EED_3E16_47A5_0000, 0x5EED_DE1A_7500_0000, 0x5EED_C0C0_0000_0000


def _seed(rng, role: int) -> int:
    """A 62-bit seed from two draws of rng, for the streams of one role."""
    hi, lo = (int(x) for x in np.asarray(rng.next(2, "uniform_int", {"low": 0, "high": 1 << 31})))
    return (hi << 31 | lo) ^ role


def _values(arr, kind: str) -> Values | None:
    """A parameter's Values (seed 0 until _seeded), or None if generate.c cannot draw it."""
    if kind == "homogeneous":
        value = float(arr.evaluate(simplify=True))
        return Values(value, bounds=(value, value))
    dist = arr.base_value
    if not isinstance(dist, RandomDistribution) or dist.name not in DRAWN:
        return None
    code, names = DRAWN[dist.name]
    params = tuple(float(dist.parameters[n]) for n in names)
    lo, hi = value_bounds(dist.name, dist.parameters)
    if dist.name == "normal_clipped":  # redrawn until inside: refuse a hopeless interval, as PyNN does
        mu, sigma = params[0], params[1]
        if not sigma > 0:
            return None
        a, b = ((float(dist.parameters[k]) - mu) / (sigma * math.sqrt(2)) for k in ("low", "high"))
        if 0.5 * (math.erf(b) - math.erf(a)) < 1e-6:
            return None
    ops = arr._apply_operations if arr.operations else None
    if ops is not None:
        with np.errstate(invalid="ignore"):
            ends = np.asarray(ops(np.array([lo, hi])), dtype=float)
        lo, hi = float(np.nanmin(ends)), float(np.nanmax(ends))
    return Values(None, code, params, 0, ops, (lo, hi))


def _expected(connector, found: dict, n_pre: int, n_post: int) -> float:
    """The connections a described connector is expected to make."""
    if found.get("count_draw") == "total":
        return float(connector.n)
    if found.get("count_draw") == "per column":  # n's draws from a copy: its rng moves only if described
        if not _usable(connector.n.rng):
            return 0.0
        return float(np.sum(copy.deepcopy(connector.n).next(n_post))) if n_post else 0.0
    return n_post * (found.get("n_per_post") or n_pre * found["p"])


def _connections(connector, n_pre: int, no_self: bool) -> dict | None:
    """The ConnectionPlan fields of a connector the mapping can make (p, n_per_post,
    with_replacement) with the rng its seed comes from ("rng": None for AllToAll;
    "copy_rng": through a deep copy), or None."""
    if getattr(connector, "allow_self_connections", None) not in (True, False):
        return None
    if type(connector) is AllToAllConnector:
        return {"p": 1.0, "rng": None}
    rng = getattr(connector, "rng", None)
    if not _usable(rng):
        return None
    if type(connector) is FixedProbabilityConnector and 0.0 < connector.p_connect:
        return {"p": min(float(connector.p_connect), 1.0), "rng": rng, "copy_rng": True}
    replace = getattr(connector, "with_replacement", None)
    if replace not in (True, False):
        return None
    span = n_pre - no_self  # the rows a column may take
    if type(connector) is FixedNumberPreConnector and isinstance(connector.n, (int, np.integer)):
        n = int(connector.n)
        if n <= 0 or (not replace and n > span):
            return None  # PyNN's path gives its error for too many distinct connections
        return {"p": 0.0, "n_per_post": n, "with_replacement": replace, "rng": rng, "copy_rng": False}
    if type(connector) is FixedNumberPreConnector and isinstance(connector.n, RandomDistribution):
        return {"p": 0.0, "count_draw": "per column", "with_replacement": replace, "rng": rng, "copy_rng": False}
    if type(connector) is FixedTotalNumberConnector and isinstance(connector.n, (int, np.integer)):
        if int(connector.n) <= 0:
            return None
        return {"p": 0.0, "count_draw": "total", "with_replacement": replace, "rng": rng, "copy_rng": False}
    return None


def _column_counts(connector, how: str, n_pre: int, n_post: int, no_self: bool, seed: int) -> np.ndarray | None:
    """Rows of each column (uint32) for FixedNumberPre with a RandomDistribution n (one draw per
    column from it, as PyNN's path makes) or FixedTotalNumber (n spread over the columns as
    uniform draws over all allowed pairs spread them: multinomial with replacement, multivariate
    hypergeometric without, from a generator seeded from the connector's rng); None if they
    cannot be made (PyNN's path then gives its error)."""
    span = n_pre - no_self
    replace = connector.with_replacement
    if how == "per column":
        if not _usable(connector.n.rng):
            return None
        counts = np.asarray(connector.n.next(n_post))
        if (counts < 0).any() or (counts != np.round(counts)).any() or (not replace and (counts > span).any()):
            return None
        return counts.astype(np.uint32)
    n = int(connector.n)
    if not replace and n > span * n_post:
        return None
    gen = np.random.Generator(np.random.PCG64(seed))
    if replace:
        return gen.multinomial(n, np.full(n_post, 1.0 / n_post)).astype(np.uint32)
    return gen.multivariate_hypergeometric(np.full(n_post, span, dtype=np.int64), n).astype(np.uint32)


def _usable(rng) -> bool:
    return isinstance(rng, AbstractRNG) and not isinstance(rng, NativeRNG)


def describe(projection, connector, ps, kinds: dict) -> ConnectionPlan | None:
    """The ConnectionPlan of a projection that qualifies (the module's docstring), or None."""
    pre, post = projection.pre, projection.post
    no_self = pre is post and getattr(connector, "allow_self_connections", True) is False
    found = _connections(connector, pre.size, no_self)
    if (
        found is None
        or not all(isinstance(x, common.Population) for x in (pre, post))
        or projection.spynn_stdp is not None
        or projection.spynn_structural is not None
        or _expected(connector, found, pre.size, post.size) < DEFER_MIN
        or any(k not in ("homogeneous", "random") for k in kinds.values())
    ):
        return None
    delay, weight = (_values(ps[name], kinds[name]) for name in ("delay", "weight"))
    if delay is None or weight is None:
        return None
    rng, how = found.pop("rng"), found.pop("count_draw", None)
    if how is not None:  # the rows of each column first (PyNN's path draws them first too)
        counts = _column_counts(connector, how, pre.size, post.size, no_self, _seed(rng, COUNTS))
        if counts is None:
            return None
        found["column_counts"] = counts
    if rng is None:
        seed = 0  # AllToAll draws nothing
    else:  # FixedProbability leaves the connector's rng where it was, as PyNN does; the others advance it
        seed = _seed(copy.deepcopy(rng) if found.pop("copy_rng") else rng, CONNECTIONS) ^ _shape_salt(
            pre.size, post.size
        )
    plan = ConnectionPlan(
        projection.label,
        pre.size,
        post.size,
        no_self=no_self,
        seed=seed,
        weight=_seeded(weight, ps["weight"], WEIGHTS),
        delay=_seeded(delay, ps["delay"], DELAYS),
        dt=projection._simulator.state.dt,
        **found,
    )
    if not plan.delays_need_a_pass:
        plan.delay_tick_bounds()  # the delays' range, checked now
    else:  # the first columns' delays now, all of them when the mapping needs their range
        delay_ticks(sample(plan, plan.delay), plan.dt, plan.label)
    return plan


def _shape_salt(n_pre: int, n_post: int) -> int:
    """Told apart in a connection seed: the projection's shape.  Connectors given one rng (or
    one connector used twice) start from the same seed; projections of one shape then get the
    same connections, as PyNN gives them, but projections of other shapes must not share the
    streams of their postsynaptic neurons: column j of E -> E and of I -> E (or of E -> I)
    would draw the same rows, and neuron j of E and of I would get the same inputs."""
    return (n_pre * 0x9E3779B97F4A7C15 + n_post * 0xC2B2AE3D27D4EB4F + 0x165667B19E3779F9) % (1 << 64)


def _seeded(values: Values, arr, role: int) -> Values:
    """values with its seed, from one draw of its distribution's rng (advancing it, as
    drawing the values would), once the projection is known to be described."""
    if values.constant is not None:
        return values
    return dataclasses.replace(values, seed=_seed(arr.base_value.rng, role))


def sample(plan: ConnectionPlan, values: Values) -> np.ndarray:
    """The values of the connections of the first CHECKED_COLUMNS columns (the synapse type's
    checks and the weights' sign, the delays' timestep check)."""
    return plan.values_of_columns(values, 0, min(CHECKED_COLUMNS, plan.n_post))

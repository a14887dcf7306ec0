"""A projection's connections described rather than listed: the mapping makes them core by
core (c_kernels/host/generate.c) and writes each core's rows at once, so a large network
never holds all its connections, only the chips' synaptic matrices (sPyNNaker's synapse
expander does the same on the board).

Every random number belongs to one postsynaptic neuron: column j of the connection matrix
draws its connections, then its weights and its delays, from streams of its own seeded
from (seed, j). What a neuron receives is therefore the same however the population is
split over cores and however many threads make it, and a described projection gives the
same connections every time it is made (spynn/pynn/deferred.py makes the descriptions)."""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..native import library, ptr

#: pyNN RandomDistribution names drawn in C, with their parameters in generate.c's order.
DRAWN = {
    "uniform": (0, ("low", "high")),
    "normal": (1, ("mu", "sigma")),
    "normal_clipped": (2, ("mu", "sigma", "low", "high")),
    "normal_clipped_to_boundary": (3, ("mu", "sigma", "low", "high")),
    "exponential": (4, ("beta",)),
    "lognormal": (5, ("mu", "sigma")),
}


@dataclass(frozen=True, eq=False)
class Values:
    """One synaptic parameter of a described projection: a constant, or a distribution
    (DRAWN) drawn per connection, then `operations` (the arithmetic the script applied to
    the distribution, as lazyarray applies it) on the drawn values."""

    constant: float | None
    kind: int = -1
    params: tuple[float, ...] = ()
    seed: int = 0
    operations: Callable[[np.ndarray], np.ndarray] | None = None
    bounds: tuple[float, float] = (-math.inf, math.inf)  # of the values, after the operations (value_bounds)

    def at(self, counts: np.ndarray, lo: int, hi: int, n: int) -> np.ndarray:
        """The values of the n connections of columns [lo, hi) (counts per column), float64."""
        if self.constant is not None:
            return np.full(n, self.constant)
        out = np.empty(n)
        params = np.array(self.params, dtype=np.float64)
        library().column_values(
            self.seed,
            self.kind,
            ptr(params, ctypes.c_double),
            lo,
            hi,
            ptr(counts, ctypes.c_uint64),
            ptr(out, ctypes.c_double),
        )
        return out if self.operations is None else np.asarray(self.operations(out), dtype=np.float64)


#: Sigmas from the mean beyond which no value of a normal-based distribution is expected: a
#: value beyond 10 sigma has a chance of 1.5e-23, so of 1e-11 among 1e12 connections (a delay
#: drawn beyond the range the mapping took from this is refused there, never wrapped).
LIKELY_SIGMAS = 10.0
#: Likewise for exponential values, in units of their mean (exp(-55) = 1.3e-24).
LIKELY_MEANS = 55.0


def value_bounds(dist_name: str, params: dict) -> tuple[float, float]:
    """The range the values of a DRAWN distribution fall in: its bounds, narrowed to where
    values are ever drawn (LIKELY_SIGMAS, LIKELY_MEANS). A delay's range sets a core's word
    format, so an unreachable bound (normal_clipped(..., high=inf)) must not stand for it."""
    if dist_name == "uniform":
        return float(params["low"]), float(params["high"])
    if dist_name == "exponential":
        return 0.0, LIKELY_MEANS * float(params["beta"])
    mu, sigma = float(params["mu"]), float(params["sigma"])
    lo, hi = mu - LIKELY_SIGMAS * sigma, mu + LIKELY_SIGMAS * sigma
    if dist_name == "lognormal":
        return math.exp(lo), math.exp(hi)
    if dist_name.startswith("normal_clipped"):
        return max(lo, float(params["low"])), min(hi, float(params["high"]))
    return lo, hi


@dataclass(frozen=True, eq=False)
class ConnectionPlan:
    """The connections of an n_pre x n_post projection, weights and delays [ms]: each pair
    independently with probability p (FixedProbabilityConnector; AllToAllConnector is p = 1),
    or, when n_per_post or column_counts is set, that many rows per column (FixedNumberPre-
    and FixedTotalNumberConnector, distinct rows unless with_replacement); no i -> i if
    no_self."""

    label: str
    n_pre: int
    n_post: int
    p: float
    no_self: bool
    seed: int
    weight: Values
    delay: Values
    dt: float
    n_per_post: int = 0
    with_replacement: bool = False
    column_counts: np.ndarray | None = None  # uint32, rows of each column (instead of n_per_post)
    made: dict = field(default_factory=dict)  # (lo, hi) -> connections, for every column range made
    found: dict = field(default_factory=dict)  # what a pass over every column found (delay bounds)

    @property
    def procedural(self) -> bool:
        """Whether this plan's connections are drawn per (presynaptic neuron, block of 64 post
        neurons), as procedural rows (synapses/procedural.py), not per column: the methods below
        then give those, whether the cores make the rows at each spike or have them written."""
        from ..synapses.procedural import is_procedural

        return is_procedural(self)

    def connections(self, lo: int, hi: int) -> tuple[np.ndarray, ...]:
        """(pre, post, weight, delay in timesteps) of the connections onto columns [lo, hi),
        ordered by post then pre; indices in the smallest type (build.compact_index)."""
        from .build import compact_index, delay_ticks

        if self.procedural:
            from ..synapses import procedural

            return procedural.connections(self, lo, hi)

        counts = np.zeros(max(hi - lo, 0), dtype=np.uint64)
        if self.column_counts is not None:
            expected = float(self.column_counts[lo:hi].sum())
        else:
            expected = (hi - lo) * (self.n_per_post or self.n_pre * self.p)
        room = int(expected + 8.0 * math.sqrt(expected) + 64)
        while True:
            pre, post = np.empty(room, np.uint32), np.empty(room, np.uint32)
            n = self._columns(lo, hi, room, pre, post, counts)
            if n <= room:
                break
            room = n
        self.made[(lo, hi)] = n
        weight = self.weight.at(counts, lo, hi, n)
        delay = delay_ticks(self.delay.at(counts, lo, hi, n), self.dt, self.label)
        return compact_index(pre[:n], self.n_pre), compact_index(post[:n], self.n_post), weight, delay

    def _columns(self, lo, hi, room, pre, post, counts) -> int:
        lib = library()
        out = (ptr(pre), ptr(post), ptr(counts, ctypes.c_uint64))
        if self.n_per_post or self.column_counts is not None:
            seen = np.zeros((self.n_pre + 31) // 32, dtype=np.uint32)
            per_column = None if self.column_counts is None else ptr(self.column_counts)
            args = (
                self.n_pre,
                self.n_per_post,
                per_column,
                int(self.with_replacement),
                int(self.no_self),
                lo,
                hi,
                room,
            )
            return int(lib.fixed_number_columns(self.seed, *args, *out, ptr(seen)))
        return int(lib.fixed_probability_columns(self.seed, self.n_pre, self.p, int(self.no_self), lo, hi, room, *out))

    def counts(self, lo: int, hi: int) -> tuple[np.ndarray, int]:
        """(connections of each of columns [lo, hi), their sum): the connections' draws only,
        nothing written."""
        counts = np.zeros(max(hi - lo, 0), dtype=np.uint64)
        empty = np.zeros(0, np.uint32)
        n = self._columns(lo, hi, 0, empty, empty, counts)
        self.made[(lo, hi)] = n
        return counts, n

    def values_of_columns(self, values: Values, lo: int, hi: int) -> np.ndarray:
        """values (the weight's or the delay's) of the connections of columns [lo, hi)."""
        counts, n = self.counts(lo, hi)
        return values.at(counts, lo, hi, n)

    def _blocks(self):
        """(lo, hi, counts, n) of every column, a block of columns at a time (counts)."""
        block = max(1, (1 << 22) // max(self.n_pre, 1))
        for lo in range(0, self.n_post, block):
            hi = min(lo + block, self.n_post)
            yield (lo, hi, *self.counts(lo, hi))

    def count(self) -> int:
        """The number of connections: from the column ranges made so far if they cover every
        column, else counted (the connections' draws only, a block of columns at a time)."""
        if self.column_counts is not None:  # fixed by the connector
            return int(np.sum(self.column_counts, dtype=np.int64))
        if self.n_per_post:
            return self.n_per_post * self.n_post
        if self.procedural:
            if "count" not in self.found:
                from ..synapses import procedural

                self.found["count"] = procedural.count(self)[1]
            return self.found["count"]
        covered, total = 0, 0
        for (lo, hi), n in sorted(self.made.items()):
            if lo == covered:
                covered, total = hi, total + n
        if covered >= self.n_post:
            return total
        return sum(n for _, _, _, n in self._blocks())

    def _procedural_delays(self) -> tuple[float, float]:
        """The delays' range [ms] as the cores draw them (their quantile table, to u = 2^-32):
        a delay the table gives below half a timestep is made one timestep, or refused when
        some connection is as likely as not to get one (NEST would refuse the one drawn)."""
        from ..synapses import procedural

        lo, hi = procedural.delay_range(self.delay, self.dt)
        chance = procedural.below_one_tick(self.delay, self.dt)
        expected = chance * self.n_pre * self.n_post * self.p
        if expected >= 0.5:
            raise ValueError(
                f"Projection {self.label!r}: about {expected:.3g} of its delays would be shorter than one "
                f"timestep ({self.dt} ms); clip the delay distribution at the timestep "
                f"(RandomDistribution('normal_clipped', mu=..., sigma=..., low={self.dt}, high=...))"
            )
        return max(lo, self.dt), hi

    @property
    def delays_need_a_pass(self) -> bool:
        """Whether the delays' range (value_bounds) reaches below one timestep, where delays are
        refused though none may be drawn there: their own range is then found by drawing them."""
        return not self.procedural and not self.delay.bounds[0] / self.dt + 0.5 + 1e-9 >= 1.0

    def delay_tick_bounds(self) -> tuple[int, int]:
        """The shortest and longest delay any connection can have [timesteps]: from the
        values' range (value_bounds), or, if that reaches below one timestep (where delays
        are refused, though none may be drawn there), the delays' own, from one pass over them."""
        from .build import delay_ticks

        bounds = self.delay.bounds
        if self.procedural:
            bounds = self._procedural_delays()
        elif self.delays_need_a_pass:
            if "delays" not in self.found:
                lo_d, hi_d = math.inf, -math.inf
                for lo, hi, counts, n in self._blocks():
                    if n:
                        d = self.delay.at(counts, lo, hi, n)
                        lo_d, hi_d = min(lo_d, float(d.min())), max(hi_d, float(d.max()))
                self.found["delays"] = (lo_d, hi_d) if lo_d <= hi_d else (self.dt, self.dt)
            bounds = self.found["delays"]
        ticks = delay_ticks(np.array(bounds), self.dt, self.label)
        return int(ticks[0]), int(ticks[1])

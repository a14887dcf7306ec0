"""Spike sources: how their parameters become the source cores' regions."""

from __future__ import annotations

import numpy as np

from ..synapses import layout

#: Largest mean number of spikes per tick a Poisson source may have (its thresholds must stay
#: within POISSON_MAX_SPIKES_PER_TICK: 16 needs 46).
MAX_POISSON_LAMBDA = 16.0


def poisson_thresholds(lam: float) -> np.ndarray:
    """uint32 thresholds round(2^32 P(K <= j)) for K ~ Poisson(lam), j = 0, 1, ... while they stay
    below 2^32 (at most POISSON_MAX_SPIKES_PER_TICK): a uniform u0.32 draw u gives the count
    #{j: u >= threshold j}, exact to 2^-32 in every probability. Empty for lam = 0 (silent)."""
    cap = layout.const("POISSON_MAX_SPIKES_PER_TICK")
    out = []
    p = cdf = float(np.exp(-lam))
    for j in range(cap):
        t = np.rint(cdf * 2.0**32)
        if t >= 2.0**32:
            break
        out.append(t)
        p *= lam / (j + 1)
        cdf += p
    return np.array(out, dtype=np.uint32)


#: Thresholds of the highest allowed rate: the most one segment can need.
MAX_POISSON_THRESHOLDS = poisson_thresholds(MAX_POISSON_LAMBDA).size


def poisson_segments(
    rate_hz, start_ms, end_ms, h_ms: float, label: str, order=None, dead_ticks=None
) -> tuple[np.ndarray, np.ndarray]:
    """poisson_params_t per (rate, start, end) [Hz, ms, ms], and the thresholds they point to
    (one list per distinct rate); order and dead_ticks per segment for gamma and refractory
    sources (default 1 and 0: Poisson)."""
    rate = np.asarray(rate_hz, dtype=np.float64)
    lam = rate * h_ms / 1000.0
    if (rate < 0).any():
        raise ValueError(f"Poisson source {label!r}: rate must be >= 0 Hz, got {rate.min()}")
    if (lam > MAX_POISSON_LAMBDA).any():
        raise ValueError(
            f"Poisson source {label!r}: rate {rate.max()} Hz gives {lam.max():.1f} spikes per "
            f"timestep (limit {MAX_POISSON_LAMBDA}); use a smaller timestep or several sources"
        )
    out = layout.POISSON_PARAMS.zeros(rate.size)
    out["start_tick"] = _ticks(start_ms, h_ms)
    out["end_tick"] = _ticks(end_ms, h_ms)
    distinct, which = np.unique(lam, return_inverse=True)
    tables = [poisson_thresholds(x) for x in distinct]
    lengths = np.array([t.size for t in tables], dtype=np.uint32)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.uint32)
    out["thresholds"], out["n_thresholds"] = starts[which], lengths[which]
    out["order"] = 1 if order is None else np.asarray(order, dtype=np.uint32)
    out["dead_ticks"] = 0 if dead_ticks is None else np.asarray(dead_ticks, dtype=np.uint32)
    return out, np.concatenate(tables) if tables else np.zeros(0, np.uint32)


def _ticks(t_ms, h_ms: float) -> np.ndarray:
    t = np.minimum(np.asarray(t_ms, dtype=np.float64), 1e15)
    return np.clip(np.rint(t / h_ms), 0, 0xFFFFFFFF).astype(np.uint32)


def poisson_region(rates, starts, ends, h_ms: float, label: str, orders=None, dead_ticks=None) -> np.ndarray:
    """A Poisson core's REGION_SOURCE_PARAMS: per source, lists of segment rates, starts and
    ends (and of gamma orders and dead ticks, for those sources)."""
    n = len(rates)
    counts = np.array([len(r) for r in rates], dtype=np.int64)
    seg_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.uint32)
    lists = (rates, starts, ends, orders or [np.ones(c) for c in counts], dead_ticks or [np.zeros(c) for c in counts])
    flat = [np.concatenate(x) if n and counts.sum() else np.zeros(0) for x in lists]
    segs, thresholds = poisson_segments(flat[0], flat[1], flat[2], h_ms, label, flat[3], flat[4])
    header = layout.POISSON_HEADER.zeros()
    header["n_atoms"], header["n_segments"] = n, segs.size
    return np.concatenate([header.view(np.uint32), seg_start, segs.view(np.uint32), thresholds])


def spike_array_words(spike_times_ms: list[np.ndarray], lo: int, hi: int, h_ms: float) -> np.ndarray:
    """Spike list of atoms lo..hi-1 as {n, (tick, atom)...}, sorted by tick.

    A spike at time s is sent in tick ceil(s / h) - 1, so that its time stamp
    ((tick + 1) h) is s, or the next grid point after an off-grid s (as NEST
    rounds); a spike at 0 is sent in tick 0 (the earliest possible).  Spikes before 0 are
    dropped, as NEST drops them (the Population warned when they were given)."""
    ticks, atoms = [], []
    for a in range(lo, hi):
        t = np.asarray(spike_times_ms[a], dtype=np.float64)
        t = t[t >= 0.0]
        if t.size:
            ticks.append(np.maximum(np.ceil(t / h_ms - 1e-6) - 1, 0).astype(np.int64))
            atoms.append(np.full(t.size, a - lo, dtype=np.int64))
    if ticks:
        tk = np.concatenate(ticks)
        at = np.concatenate(atoms)
        order = np.lexsort((at, tk))
        pairs = np.stack([tk[order], at[order]], axis=1).astype(np.uint32).ravel()
    else:
        pairs = np.zeros(0, dtype=np.uint32)
    return np.concatenate([np.array([pairs.size // 2], dtype=np.uint32), pairs])


def seed_words(seed: int, core_index: int) -> np.ndarray:
    """Four nonzero KISS state words from a population seed and the core's index."""
    rng = np.random.default_rng([seed & 0xFFFFFFFF, core_index])
    w = rng.integers(1, 2**32 - 1, size=4, dtype=np.uint64).astype(np.uint32)
    w[3] %= 698769069  # KISS carry must stay below the multiplier
    return w


def neuron_seed_words(seed: int, neurons: np.ndarray) -> np.ndarray:
    """(n, 4) nonzero KISS states, one per neuron, from the population seed and neuron indices."""
    out = np.empty((len(neurons), 4), dtype=np.uint32)
    for k, i in enumerate(np.asarray(neurons)):
        out[k] = seed_words(seed, 1_000_000 + int(i))
    return out

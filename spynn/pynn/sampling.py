"""Random sampling for the connectors, in time and memory proportional to the
number of connections drawn, never to the number of possible pairs.

- `bernoulli_positions`: each of n positions kept independently with probability
  p, found by geometric gaps between kept positions (one uniform draw per kept
  position), in bounded chunks.
- `sample_rows`: for each row, a given number of values from range(span), with
  replacement (independent uniform integers) or without (distinct values, each
  subset equally likely: independent uniform draws, clashes redrawn in vectorised
  rounds; rows wanting more than half their range draw the complement instead).

Random numbers come from a pyNN RNG's `next`, so any pyNN RNG with `next` works."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

#: Random numbers drawn per round (memory: a few times 8 bytes each).
CHUNK = 1 << 20


def uniform_ints(rng, n: int, high: int) -> np.ndarray:
    """n independent integers, uniform in [0, high), as int64."""
    if n == 0:
        return np.zeros(0, np.int64)
    return np.asarray(rng.next(int(n), "uniform_int", {"low": 0, "high": int(high)}), dtype=np.int64)


def bernoulli_positions(rng, n: int, p: float) -> Iterator[np.ndarray]:
    """Sorted int64 chunks of the positions in [0, n) kept, each independently with
    probability p.  The gap before the next kept position is geometric:
    floor(log(1 - u) / log(1 - p)) for u uniform in [0, 1)."""
    if n == 0 or p <= 0.0:
        return
    if p >= 1.0:
        for start in range(0, n, CHUNK):
            yield np.arange(start, min(start + CHUNK, n), dtype=np.int64)
        return
    log_q = np.log1p(-p)
    last = -1  # the last kept position so far
    while True:
        mean = (n - 1 - last) * p
        want = int(min(CHUNK, mean + 6.0 * np.sqrt(mean * (1.0 - p)) + 16))
        u = rng.next(want, "uniform", {"low": 0.0, "high": 1.0})
        skips = np.floor(np.log1p(-u) / log_q)  # positions skipped before the next kept one
        np.minimum(skips, n, out=skips)  # anything past the end is the end (and fits int64)
        pos = skips.astype(np.int64)
        pos += 1
        np.cumsum(pos, out=pos)
        pos += last
        end = int(np.searchsorted(pos, n))
        if end:
            yield pos[:end]
        if end < want:
            return
        last = int(pos[-1])


def _distinct_keys(rng, counts: np.ndarray, span: int) -> np.ndarray:
    """Sorted keys row * span + value: counts[row] distinct values from range(span) per row.
    Clashing draws are redrawn; every decision compares values only for equality, so the
    result is unchanged in law by any relabelling of values: each subset equally likely.
    Fast while counts <= span / 2 (a redraw clashes with probability at most 1/2)."""
    rows = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
    keys = rows * span + uniform_ints(rng, rows.size, span)
    del rows
    keys.sort()
    clash = np.zeros(keys.size, bool)
    np.equal(keys[1:], keys[:-1], out=clash[1:])
    pending = keys[clash] // span
    keys = keys[~clash]
    while pending.size:
        new = pending * span + uniform_ints(rng, pending.size, span)
        new.sort()
        at = np.searchsorted(keys, new)
        clash = keys[np.minimum(at, keys.size - 1)] == new
        clash[1:] |= new[1:] == new[:-1]
        keys = np.insert(keys, at[~clash], new[~clash])
        pending = new[clash] // span
    return keys


def _distinct_rows(rng, counts: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, value) int64: counts[row] <= span distinct values from range(span) per row,
    each subset equally likely.  Rows wanting more than half the range draw the values
    they leave out (their output is at least span / 2, so the span-wide mask is O(output))."""
    big = counts > span // 2
    keys = _distinct_keys(rng, np.where(big, span - counts, counts), span)
    row, value = np.divmod(keys, span)
    if not big.any():
        return row, value
    big_rows = np.flatnonzero(big)
    slot = np.cumsum(big) - 1  # row -> its line in the mask of big rows
    in_big = big[row]
    mask = np.ones((big_rows.size, span), bool)
    mask[slot[row[in_big]], value[in_big]] = False
    line, kept = np.nonzero(mask)
    return np.concatenate([row[~in_big], big_rows[line]]), np.concatenate([value[~in_big], kept])


def sample_rows(rng, counts: np.ndarray, span: int, skip_diagonal: bool, with_replacement: bool) -> np.ndarray:
    """Sorted int64 keys row * span + value: counts[row] values from range(span) for each
    row (value == row left out if skip_diagonal).  With replacement: independent uniform
    values.  Without (PyNN's FixedNumber rule): when a row wants more values than there
    are, every value comes n // available times, then the remainder as a uniform subset."""
    counts = np.asarray(counts, dtype=np.int64)
    if not counts.any():
        return np.zeros(0, np.int64)
    available = span - int(skip_diagonal)
    if available <= 0:
        raise ValueError(f"cannot choose {counts.max()} connections from {max(available, 0)} possible ones")
    if with_replacement:
        row = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
        value = uniform_ints(rng, row.size, available)
    else:
        full, rest = np.divmod(counts, available)
        row, value = _distinct_rows(rng, rest, available)
        if full.any():
            full_row = np.repeat(np.arange(counts.size, dtype=np.int64), full * available)
            full_value = np.arange(full_row.size, dtype=np.int64) % available
            row, value = np.concatenate([row, full_row]), np.concatenate([value, full_value])
    if skip_diagonal:
        value += value >= row
    row *= span
    row += value
    row.sort()
    return row

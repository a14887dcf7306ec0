"""spynn.pynn.sampling: the random-connection primitives, against their distributions
(fixed seeds, so every test is deterministic; bounds are 4-5 standard deviations)."""

import itertools
from collections import Counter

import numpy as np
import pytest
from pyNN.random import NumpyRNG

from spynn.pynn import sampling


def positions(seed, n, p):
    return np.concatenate([np.zeros(0, np.int64), *sampling.bernoulli_positions(NumpyRNG(seed=seed), n, p)])


@pytest.mark.parametrize("p", [1e-3, 0.05, 0.5, 0.9])
def test_bernoulli_positions_count_order_and_pairs(p):
    n = 400_000
    pos = positions(1, n, p)
    assert pos.dtype == np.int64
    assert np.all(np.diff(pos) > 0) and pos[0] >= 0 and pos[-1] < n
    assert abs(pos.size - n * p) < 4 * np.sqrt(n * p * (1 - p))
    # independence: neighbouring positions are both kept with probability p^2
    both = np.count_nonzero(np.diff(pos) == 1)
    assert abs(both - n * p * p) < 5 * np.sqrt(n * p * p) + 5


def test_bernoulli_gaps_are_geometric():
    p, n = 0.2, 500_000
    gaps = np.diff(positions(2, n, p))
    observed = np.bincount(gaps, minlength=12)[1:11]
    expected = gaps.size * p * (1 - p) ** np.arange(10)
    chi2 = np.sum((observed - expected) ** 2 / expected)
    assert chi2 < 40  # 10 bins: mean about 10


def test_bernoulli_positions_over_chunks(monkeypatch):
    monkeypatch.setattr(sampling, "CHUNK", 1000)
    chunks = list(sampling.bernoulli_positions(NumpyRNG(seed=3), 200_000, 0.1))
    assert len(chunks) > 15
    pos = np.concatenate(chunks)
    assert np.all(np.diff(pos) > 0) and pos[-1] < 200_000
    assert abs(pos.size - 20_000) < 4 * np.sqrt(18_000)
    again = np.concatenate(list(sampling.bernoulli_positions(NumpyRNG(seed=3), 200_000, 0.1)))
    assert np.array_equal(pos, again)


def test_bernoulli_positions_beyond_int32_and_extremes():
    n, p = 10**10, 1e-7
    pos = positions(4, n, p)
    assert abs(pos.size - 1000) < 4 * np.sqrt(1000) and pos[-1] < n
    assert abs(pos.mean() / n - 0.5) < 0.05  # spread over the whole range
    assert positions(5, 1000, 0.0).size == 0
    assert np.array_equal(positions(5, 1000, 1.0), np.arange(1000))


def subsets(keys, span, rows):
    row, value = np.divmod(keys, span)
    return Counter(tuple(value[row == r]) for r in range(rows))


@pytest.mark.parametrize("span, k", [(5, 2), (6, 3), (5, 4), (5, 7)])
def test_sample_rows_without_replacement_gives_every_subset_equally_often(span, k):
    rows = 4000
    keys = sampling.sample_rows(NumpyRNG(seed=6), np.full(rows, k), span, False, False)
    assert np.all(np.diff(keys) >= 0)
    full, rest = divmod(k, span)
    seen = subsets(keys, span, rows)
    possible = {tuple(sorted(list(range(span)) * full + list(c))) for c in itertools.combinations(range(span), rest)}
    assert set(seen) == possible
    expected = rows / len(possible)
    chi2 = sum((c - expected) ** 2 / expected for c in seen.values())
    assert chi2 < len(possible) + 6 * np.sqrt(2 * len(possible))


def test_sample_rows_with_replacement():
    rows, span, k = 3000, 10, 4
    keys = sampling.sample_rows(NumpyRNG(seed=7), np.full(rows, k), span, False, True)
    row, value = np.divmod(keys, span)
    assert np.all(np.bincount(row) == k)
    # rows of 4 independent values from 10: all distinct with probability 10*9*8*7 / 10^4
    distinct = sum(len(set(value[row == r])) == k for r in range(rows))
    p = 0.504
    assert abs(distinct - rows * p) < 4 * np.sqrt(rows * p * (1 - p))
    chi2 = np.sum((np.bincount(value) - rows * k / span) ** 2 / (rows * k / span))
    assert chi2 < 9 + 6 * np.sqrt(18)


@pytest.mark.parametrize("with_replacement", [True, False])
@pytest.mark.parametrize("k", [3, 30, 49])
def test_sample_rows_skips_the_diagonal(with_replacement, k):
    span = 50
    keys = sampling.sample_rows(NumpyRNG(seed=8), np.full(span, k), span, True, with_replacement)
    row, value = np.divmod(keys, span)
    assert not np.any(row == value)
    assert np.all(np.bincount(row, minlength=span) == k)
    if not with_replacement:
        assert np.unique(keys).size == keys.size


def test_sample_rows_refuses_an_empty_range():
    with pytest.raises(ValueError):
        sampling.sample_rows(NumpyRNG(seed=9), [1], 1, True, False)
    assert sampling.sample_rows(NumpyRNG(seed=9), [0], 1, True, False).size == 0

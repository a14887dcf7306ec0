"""Bit-exact pack/unpack round trips of static rows."""

import numpy as np
import pytest

from spynn.synapses import layout
from spynn.synapses.static import HEADER, MAX_PAYLOAD, WordFormat, pack_rows, unpack_rows


def roundtrip(pre, w16, delay, syn_type, post, n_rows, fmt):
    words = fmt.pack(w16, delay, syn_type, post)
    blocks = pack_rows(pre, words, n_rows)
    got_pre, got_words = [], []
    for b in blocks:
        assert b.words.size == b.stride * n_rows
        assert b.stride - HEADER <= MAX_PAYLOAD
        p, w = unpack_rows(b.words, b.stride, n_rows)
        got_pre.append(p)
        got_words.append(w)
    got_pre = np.concatenate(got_pre)
    got = fmt.unpack(np.concatenate(got_words))
    want = sorted(
        zip(
            pre.tolist(),
            np.asarray(w16).tolist(),
            np.asarray(delay).tolist(),
            np.asarray(syn_type).tolist(),
            np.asarray(post).tolist(),
        )
    )
    have = sorted(zip(got_pre.tolist(), *(g.tolist() for g in got)))
    assert have == want
    return blocks


@pytest.mark.parametrize("seed", range(20))
def test_random_connection_sets(seed):
    rng = np.random.default_rng(seed)
    n_post = int(rng.integers(1, 257))
    n_rows = int(rng.integers(1, 300))
    fmt = WordFormat(max(1, (n_post - 1).bit_length()), 1, int(rng.integers(1, 6)))
    n = int(rng.integers(0, 5000))
    pre = rng.integers(0, n_rows, n)
    roundtrip(
        pre,
        rng.integers(0, 0x10000, n),
        rng.integers(1, 2**fmt.log_max_delay, n),
        rng.integers(0, 2, n),
        rng.integers(0, n_post, n),
        n_rows,
        fmt,
    )


def test_empty_rows_and_empty_block():
    fmt = WordFormat(8, 1, 4)
    blocks = roundtrip(np.array([], dtype=int), [], [], [], [], 10, fmt)
    assert len(blocks) == 1 and blocks[0].stride == HEADER
    assert (blocks[0].words.reshape(10, HEADER) == 0).all()


def test_longest_rows_are_split_not_refused():
    fmt = WordFormat(10, 1, 3)  # 1024 neurons on the post core, one presynaptic row of 1000
    pre = np.zeros(1000, dtype=int)
    post = np.arange(1000)
    blocks = roundtrip(pre, np.full(1000, 7), np.full(1000, 3), np.zeros(1000), post, 2, fmt)
    assert len(blocks) == 4 and [b.stride - HEADER for b in blocks] == [256, 256, 256, 232]


def test_exactly_one_full_dma():
    fmt = WordFormat(8, 1, 5)
    blocks = roundtrip(np.zeros(256, int), np.arange(256), np.ones(256), np.ones(256), np.arange(256), 1, fmt)
    assert len(blocks) == 1 and blocks[0].stride == 256 + HEADER


def test_single_neuron_core_and_delays_at_limit():
    d = layout.const("MAX_RING_BUFFER_BITS") - 1 - 1  # N = 1, T = 1
    fmt = WordFormat(1, 1, d)
    delays = np.array([1, 2**d - 1])
    roundtrip(np.array([0, 0]), np.array([0xFFFF, 1]), delays, np.array([1, 0]), np.array([0, 0]), 1, fmt)


def test_fields_that_do_not_fit_are_refused():
    fmt = WordFormat(8, 1, 4)
    with pytest.raises(ValueError):
        fmt.pack([1], [16], [0], [0])
    with pytest.raises(ValueError):
        fmt.pack([0x10000], [1], [0], [0])


def test_word_layout_matches_spynnaker():
    fmt = WordFormat(8, 1, 5)
    w = fmt.pack([0x1234], [17], [1], [200])[0]
    assert w == (0x1234 << 16) | (17 << 9) | (1 << 8) | 200

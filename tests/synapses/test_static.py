"""Bit-exact pack/unpack round trips of static rows."""

import numpy as np
import pytest

from spynn.synapses import layout
from spynn.synapses.static import (
    HEADER,
    MAX_PAYLOAD,
    WordFormat,
    fill_static_rows,
    pack_rows,
    pack_rows_by_source,
    packed_blocks,
    shift_row_starts,
    static_words,
    unpack_packed_blocks,
    unpack_packed_rows,
    unpack_rows,
)


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


@pytest.mark.parametrize("seed", range(6))
def test_packing_many_source_cores_at_once_equals_one_at_a_time(seed):
    """pack_rows_by_source gives every presynaptic core exactly the blocks pack_rows
    gives it alone: same strides, same words, same order within rows (including a
    core whose longest row is split over several blocks, and cores with no synapses)."""
    rng = np.random.default_rng(seed)
    n_rows = rng.integers(1, 257, size=int(rng.integers(1, 12)))
    n = int(rng.integers(0, 4000))
    source = rng.integers(0, n_rows.size, size=n)
    source[source == n_rows.size - 1] = 0  # the last core gets nothing
    pre = (rng.random(n) * n_rows[source]).astype(np.int64)
    if seed % 2 and n_rows[0] > 1:  # a row longer than one DMA on core 0
        source = np.concatenate([source, np.zeros(MAX_PAYLOAD + 40, np.int64)])
        pre = np.concatenate([pre, np.ones(MAX_PAYLOAD + 40, np.int64)])
    words = rng.integers(0, 2**32, size=source.size, dtype=np.uint32)
    many = pack_rows_by_source(source * int(n_rows.max()) + pre, words, n_rows)
    assert sorted(many) == sorted(set(np.unique(source).tolist()))
    for s, blocks in many.items():
        sel = source == s
        alone = pack_rows(pre[sel], words[sel], int(n_rows[s]))
        assert [b.stride for b in blocks] == [b.stride for b in alone]
        for b, a in zip(blocks, alone):
            assert np.array_equal(b.words, a.words)


@pytest.mark.parametrize("seed", range(4))
def test_static_words_in_c_equal_the_numpy_definition(seed):
    """static_words (one C pass) gives the words WordFormat.pack makes from
    weights_to_u16, the presynaptic core and row numpy's searchsorted finds, and the
    quantisation counts the weight-loss warning reports (ties, zeros, clipping included)."""
    from spynn.synapses.fixedpoint import weights_to_u16

    rng = np.random.default_rng(seed)
    fmt = WordFormat(8, 1, 4)
    n, shift, offset, lo = 5000, int(rng.integers(0, 16)), int(seed % 2), 256
    starts = np.cumsum(np.concatenate([[0], rng.integers(1, 300, size=int(rng.integers(1, 9)))]))[:-1]
    pre = rng.integers(0, starts[-1] + 40, size=n).astype(np.uint32)
    post = rng.integers(lo, lo + 256, size=n).astype(np.uint32)
    weight = rng.exponential(2.0**shift / 200, size=n)
    weight[:50] = np.rint(weight[:50] * 2.0 ** (15 - shift)) * 2.0 ** (shift - 15) + 2.0 ** (shift - 16)  # ties
    weight[50:60] = 0.0
    weight[60:70] = 2.0 ** (shift + 2)  # clipped at 0xFFFF
    delay = rng.integers(offset, 16 + offset, size=n).astype(np.uint32)
    words, rows, zeroed, lossy = static_words(fmt, pre, post, lo, weight, delay, offset, 1, shift, starts, 300, 0.05)

    w16, loss = weights_to_u16(weight, shift)
    assert np.array_equal(words, fmt.pack(w16, delay - offset, 1, post - lo))
    core = np.searchsorted(starts, pre, side="right") - 1
    assert np.array_equal(rows, core * 300 + pre - starts[core])
    assert zeroed == int(((w16 == 0) & (weight > 0)).sum())
    assert lossy == int((loss > 0.05).sum()) - zeroed
    with pytest.raises(ValueError, match="does not fit the 4-bit delay field"):
        static_words(fmt, pre, post, lo, weight, delay + 16, offset, 1, shift, starts, 300, 0.05)


@pytest.mark.parametrize("seed", range(6))
def test_packed_blocks_filled_in_place_hold_the_rows_static_words_make(seed):
    """fill_static_rows (words made and written into packed rows laid out in place, one C
    pass) writes, row by row, exactly the words static_words + pack_rows_by_source make, from
    1-, 2- or 4-byte index and delay arrays, with the same quantisation counts and the same
    refusal of a delay that does not fit; a packed block takes its index, plus a length word
    and the synapses of each row there, and nothing for the atoms with no synapses."""
    rng = np.random.default_rng(seed)
    index_type = (np.uint8, np.uint16, np.uint32)[seed % 3]
    n_rows = rng.integers(1, 60 if index_type is np.uint8 else 200, size=int(rng.integers(1, 5)))  # < 256 atoms
    n = (4000, 30)[seed % 2]  # dense rows, and sparse ones (most atoms without a row)
    pre = rng.integers(0, int(n_rows.sum()), size=n).astype(index_type)
    _check_fill_in_place(rng, pre, n_rows)


@pytest.mark.parametrize("seed", range(3))
def test_filling_many_atoms_sorted_as_a_core_s_synapses_writes_the_rows_static_words_make(seed):
    """Thousands of presynaptic atoms over one to three source cores, the synapses sorted by
    post then pre as a core's are (with repeats): fill_static_rows's rows, counts and delay
    refusal are those of static_words."""
    rng = np.random.default_rng(100 + seed)
    n_rows = np.array([3000, 5000, 4500])[: seed + 1]  # one to three source cores, 3000..12500 atoms
    n = 60000
    pre = rng.integers(0, int(n_rows.sum()), size=n).astype((np.uint16, np.uint32)[seed % 2])
    post = rng.integers(512, 512 + 256, size=n).astype(np.uint16)
    order = np.lexsort((pre, post))
    # seed 2: 2-byte indices, single-precision weights and 1-byte delays, the types of a
    # projection onto up to 65536 neurons, which fill_static_rows has its own loop for
    _check_fill_in_place(rng, pre[order], n_rows, post[order], np.float32 if seed == 2 else np.float64)


def _check_fill_in_place(rng, pre, n_rows, post=None, weight_type=np.float64):
    fmt = WordFormat(8, 1, 4)
    n = pre.size
    starts = np.concatenate([[0], np.cumsum(n_rows)[:-1]])
    shift, lo = int(rng.integers(0, 16)), 512
    if post is None:
        post = rng.integers(lo, lo + 256, size=n).astype(np.uint16)
    weight = rng.exponential(2.0**shift / 200, size=n).astype(weight_type)
    delay = rng.integers(1, 17, size=n).astype(np.uint8)

    packed = packed_blocks(pre, starts, n_rows)
    sizes = (packed.index_words + packed.row_words).tolist()
    offsets = np.zeros(n_rows.size, dtype=np.int64)
    offsets[packed.positions] = 7 + np.concatenate([[0], np.cumsum(sizes)[:-1]])
    out = np.zeros(7 + sum(sizes) + 5, dtype=np.uint32)
    parts = np.split(packed.index, np.cumsum(packed.index_words)[:-1])
    for pos, part in zip(packed.positions, parts):
        out[offsets[pos] : offsets[pos] + part.size] = part
    core_of_atom = np.repeat(np.arange(n_rows.size), n_rows)
    counts = fill_static_rows(
        out, offsets[core_of_atom] + packed.first, fmt, pre, post, lo, weight, delay, 1, 1, shift, 0.05
    )

    max_rows = int(n_rows.max())
    words, rows, *expected = static_words(fmt, pre, post, lo, weight, delay, 1, 1, shift, starts, max_rows, 0.05)
    blocks = pack_rows_by_source(rows, words, n_rows)
    assert sorted(blocks) == packed.positions.tolist() and list(counts) == expected
    for pos, size in zip(packed.positions, sizes):
        (block,) = blocks[pos]
        want = unpack_rows(block.words, block.stride, int(n_rows[pos]))
        got = unpack_packed_rows(out[offsets[pos] :], int(n_rows[pos]))
        assert all(np.array_equal(g, w) for g, w in zip(got, want))
        in_block = (pre >= starts[pos]) & (pre < starts[pos] + n_rows[pos])
        n_present = np.unique(pre[in_block]).size
        assert size == 2 * -(-int(n_rows[pos]) // 32) + 2 * n_present + int(in_block.sum())
    assert not out[:7].any() and not out[7 + sum(sizes) :].any()
    block, row, word = unpack_packed_blocks(out, offsets[packed.positions], n_rows[packed.positions])
    for b, pos in enumerate(packed.positions.tolist()):  # all blocks at once == one at a time
        want = unpack_packed_rows(out[offsets[pos] :], int(n_rows[pos]))
        assert np.array_equal(row[block == b], want[0]) and np.array_equal(word[block == b], want[1])
    assert np.array_equal(block, np.sort(block))
    late = delay.copy()
    late[n // 2 :] += 16  # the first delay that does not fit is the one reported
    with pytest.raises(ValueError, match=f"delay {late[n // 2] - 1} ticks does not fit the 4-bit delay field"):
        fill_static_rows(out, offsets[core_of_atom] + packed.first, fmt, pre, post, lo, weight, late, 1, 1, shift, 0.05)


def test_shift_row_starts_moves_the_starts_and_leaves_presence_bits_and_rank():
    rng = np.random.default_rng(3)
    n_rows = rng.integers(1, 100, size=7)
    head = 2 * ((n_rows + 31) // 32)
    words = head + rng.integers(0, 40, size=7)
    index = rng.integers(0, 1 << 20, size=int(words.sum())).astype(np.uint32)
    moved = rng.integers(0, 1 << 20, size=7)
    block = np.repeat(np.arange(7), words)
    within = np.arange(index.size) - np.repeat(np.cumsum(words) - words, words)
    want = index + np.where(within >= head[block], moved[block], 0).astype(np.uint32)
    shift_row_starts(index, words, n_rows, moved)
    assert np.array_equal(index, want)
    with pytest.raises(ValueError, match="back to back"):
        shift_row_starts(index[:-1], words, n_rows, moved)


def test_packed_blocks_leave_rows_over_one_dma_to_pack_rows():
    pre = np.zeros(MAX_PAYLOAD + 1, dtype=np.uint16)
    assert packed_blocks(pre, np.array([0]), np.array([4])) is None
    assert packed_blocks(pre[:-1], np.array([0]), np.array([4])).row_words.tolist() == [1 + MAX_PAYLOAD]

"""Static synaptic rows: pack connections into 32-bit words and unpack them.

See spynn/synapses/layout.py for the word and row diagrams.  A projection's static
rows on a post core are packed blocks (one per source core): a row only for the atoms
with synapses, each as long as it is, found through the block's index, and written in
place (fill_static_rows).  Rows longer than MAX_ROW_PAYLOAD_WORDS (one DMA) are split
over several blocks of fixed stride: block j holds synapses j*256 .. j*256+255 of
every row."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .. import native
from . import layout

HEADER = layout.const("ROW_HEADER_WORDS")
MAX_PAYLOAD = layout.const("MAX_ROW_PAYLOAD_WORDS")
WEIGHT_SHIFT = layout.const("WEIGHT_SHIFT")


@dataclass(frozen=True)
class WordFormat:
    """Field widths of the static word on one post core."""

    log_n_neurons: int  # N
    log_n_types: int  # T
    log_max_delay: int  # D

    def pack(self, weight16, delay, syn_type, index) -> np.ndarray:
        n, t = self.log_n_neurons, self.log_n_types
        w = np.asarray(weight16, dtype=np.uint32)
        d = np.asarray(delay, dtype=np.uint32)
        if (w > 0xFFFF).any() or (d >= 1 << self.log_max_delay).any():
            raise ValueError("weight or delay does not fit its field of the synaptic word")
        return (
            (w << WEIGHT_SHIFT)
            | (d << (n + t))
            | (np.asarray(syn_type, dtype=np.uint32) << n)
            | np.asarray(index, dtype=np.uint32)
        ).astype(np.uint32)

    def unpack(self, words) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        w = np.asarray(words, dtype=np.uint32)
        n, t, d = self.log_n_neurons, self.log_n_types, self.log_max_delay
        return (
            w >> WEIGHT_SHIFT,
            (w >> (n + t)) & ((1 << d) - 1),
            (w >> n) & ((1 << t) - 1),
            w & ((1 << n) - 1),
        )


@dataclass(frozen=True, eq=False)
class RowBlock:
    stride: int  # words per row, header included
    words: np.ndarray  # uint32, n_rows * stride


def pack_rows(pre: np.ndarray, words: np.ndarray, n_rows: int, capacity: int | None = None) -> list[RowBlock]:
    """Rows of static words; pre[i] (0..n_rows-1) is the row of words[i].

    Synapses keep their given order within a row.  Returns one block per
    MAX_PAYLOAD-long piece of the longest row (at least one block); with a capacity
    (structural plasticity) one block whose rows all reserve that many words."""
    pre = np.asarray(pre, dtype=np.int64)
    order = np.argsort(pre, kind="stable")
    pre_sorted, words_sorted = pre[order], np.asarray(words, dtype=np.uint32)[order]
    counts = np.bincount(pre_sorted, minlength=n_rows) if pre.size else np.zeros(n_rows, np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.arange(pre_sorted.size) - starts[pre_sorted]
    n_blocks = max(1, -(-int(counts.max(initial=0)) // MAX_PAYLOAD)) if capacity is None else 1
    blocks = []
    for b in range(n_blocks):
        in_block = np.clip(counts - b * MAX_PAYLOAD, 0, MAX_PAYLOAD)
        stride = HEADER + (int(in_block.max(initial=0)) if capacity is None else capacity)
        rows = np.zeros((n_rows, stride), dtype=np.uint32)
        rows[:, 1] = in_block  # word 0: no plastic words; word 2: no control half-words
        sel = (rank // MAX_PAYLOAD) == b
        rows[pre_sorted[sel], HEADER + rank[sel] % MAX_PAYLOAD] = words_sorted[sel]
        blocks.append(RowBlock(stride, rows.ravel()))
    return blocks


def _word_args(fmt: WordFormat, post_lo, shift, delay_offset, syn_type, loss_limit, weight_scale=1.0) -> tuple:
    """The arguments static_words and fill_static_rows share after the synapses' arrays
    (2^(15 - shift) * weight_scale scales |weight| exactly as it scales |weight| * weight_scale:
    a power of two)."""
    fields = (fmt.log_n_neurons, fmt.log_n_types, syn_type, 1 << fmt.log_max_delay)
    return (post_lo, 2.0 ** (15 - shift) * weight_scale, delay_offset, *fields, loss_limit)


def _delay_error(fmt: WordFormat, delay: np.ndarray, bad: int, delay_offset: int) -> ValueError:
    return ValueError(
        f"delay {int(delay[bad - 1]) - delay_offset} ticks does not fit the "
        f"{fmt.log_max_delay}-bit delay field of the synaptic word"
    )


def static_words(
    fmt: WordFormat,
    pre: np.ndarray,
    post: np.ndarray,
    post_lo: int,
    weight: np.ndarray,
    delay: np.ndarray,
    delay_offset: int,
    syn_type: int,
    shift: int,
    pre_starts: np.ndarray,
    max_rows: int,
    loss_limit: float,
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """fmt.pack(weights_to_u16(weight, shift), delay - delay_offset, syn_type, post - post_lo)
    for synapses from presynaptic vertex atoms pre, in one pass of C, with the row of each
    synapse in the layout pack_rows_by_source takes: core * max_rows + row, the core found
    in pre_starts (its first atoms, ascending).  Returns (words, rows, weights quantised to
    0, others losing over loss_limit of their value)."""
    n = int(pre.size)
    args = [np.ascontiguousarray(a, dtype=np.uint32) for a in (pre, post, delay)]
    w = np.ascontiguousarray(weight, dtype=np.float64)
    starts = np.ascontiguousarray(pre_starts, dtype=np.int64)
    words = np.empty(n, dtype=np.uint32)
    rows = np.empty(n, dtype=np.int64)
    counts = np.zeros(2, dtype=np.uint64)
    bad = native.library().static_words(
        n,
        native.ptr(args[0]),
        native.ptr(args[1]),
        native.ptr(w, ctypes.c_double),
        native.ptr(args[2]),
        *_word_args(fmt, post_lo, shift, delay_offset, syn_type, loss_limit),
        native.ptr(starts, ctypes.c_int64),
        starts.size,
        max_rows,
        native.ptr(words),
        native.ptr(rows, ctypes.c_int64),
        native.ptr(counts, ctypes.c_uint64),
    )
    if bad:
        raise _delay_error(fmt, args[2], bad, delay_offset)
    return words, rows, int(counts[0]), int(counts[1])


PACKED = layout.const("PACKED_BLOCK_STRIDE")


class PackedBlocks(NamedTuple):
    """The packed blocks (layout.MASTER_TABLE_ITEM) of one projection's rows on one post core:
    rows only for the atoms with synapses, each as long as it is."""

    positions: np.ndarray  # int64: the source cores with synapses, one block each
    index: np.ndarray  # uint32: the blocks' indexes back to back (presence bits, rank, row starts)
    index_words: np.ndarray  # int64: the words of each block's index
    row_words: np.ndarray  # int64: and the words its rows take, right after it
    first: np.ndarray  # uint32 per presynaptic atom: where its row's words start, relative to its block


def packed_blocks(
    pre: np.ndarray | None, pre_starts: np.ndarray, n_rows: np.ndarray, counts: np.ndarray | None = None
) -> PackedBlocks | None:
    """The packed blocks for synapses from vertex atoms pre (or `counts` of synapses per atom),
    the source cores starting at atoms pre_starts with n_rows rows each, their rows to be
    written later (fill_static_rows); None if some row is longer than one DMA (MAX_PAYLOAD):
    pack_rows splits those."""
    starts = np.ascontiguousarray(pre_starts, dtype=np.int64)
    rows = np.ascontiguousarray(n_rows, dtype=np.int64)
    if counts is None:
        counts = np.zeros(int(starts[-1] + rows[-1]), dtype=np.uint64)
        if pre.size:
            atoms, size = native.unsigned_for_c(pre)
            native.library().count_atoms(atoms.size, atoms.ctypes.data, size, native.ptr(counts, ctypes.c_uint64))
    counts = np.ascontiguousarray(counts, dtype=np.uint64)
    if counts.size and int(counts.max()) > MAX_PAYLOAD:
        return None
    scratch = np.empty(int(2 * ((rows + 31) // 32).sum() + rows.sum()), dtype=np.uint32)
    index_words, row_words = np.empty(rows.size, np.int64), np.empty(rows.size, np.int64)
    first = np.empty(counts.size, dtype=np.uint32)
    used = native.library().packed_index(
        rows.size,
        native.ptr(starts, ctypes.c_int64),
        native.ptr(rows, ctypes.c_int64),
        native.ptr(counts, ctypes.c_uint64),
        native.ptr(scratch),
        native.ptr(index_words, ctypes.c_int64),
        native.ptr(row_words, ctypes.c_int64),
        native.ptr(first),
    )
    positions = np.flatnonzero(index_words)
    index = scratch[:used].copy()  # a sparse projection's index is far below the bound
    return PackedBlocks(positions, index, index_words[positions], row_words[positions], first)


def shift_row_starts(index: np.ndarray, index_words: np.ndarray, n_rows: np.ndarray, moved: np.ndarray) -> None:
    """Add moved[b] to the row starts (not the presence bits and rank) of each packed block b
    whose indexes lie back to back in index (packed_blocks' index, index_words), in place."""
    i64 = [np.ascontiguousarray(a, dtype=np.int64) for a in (index_words, n_rows, moved)]
    if int(i64[0].sum()) != index.size or index.dtype != np.uint32 or not index.flags.c_contiguous:
        raise ValueError("shift_row_starts: index must be the blocks' uint32 indexes, back to back")
    native.library().shift_row_starts(i64[0].size, native.ptr(index), *(native.ptr(a, ctypes.c_int64) for a in i64))


def unpack_packed_blocks(matrix: np.ndarray, offsets: np.ndarray, n_rows: np.ndarray) -> tuple[np.ndarray, ...]:
    """(block, row, static word) of every synapse of the packed blocks at these offsets of the
    matrix with these rows, in block then row order: one pass of array operations for all."""
    offsets, n_rows = np.asarray(offsets, dtype=np.int64), np.asarray(n_rows, dtype=np.int64)
    w = (n_rows + 31) // 32
    ramp = np.arange(int(w.sum())) - np.repeat(np.cumsum(w) - w, w)
    bits = np.unpackbits(matrix[np.repeat(offsets, w) + ramp].view(np.uint8), bitorder="little")
    bits = bits.reshape(-1, 32)  # one presence word per line, its block's lines in order
    line_block = np.repeat(np.arange(offsets.size), w)
    line, bit = np.nonzero(bits)
    block, row = line_block[line], 32 * ramp[line] + bit
    if (row >= n_rows[block]).any():
        raise ValueError("a packed block has presence bits past its rows: corrupt synaptic matrix")
    counts = np.bincount(block, minlength=offsets.size)
    k = np.arange(block.size) - np.repeat(np.cumsum(counts) - counts, counts)  # rank within the block
    starts = matrix[offsets[block] + 2 * w[block] + k].astype(np.int64)
    at = offsets[block] + starts  # each row's length word
    lengths = matrix[at].astype(np.int64)
    if (lengths == 0).any() or (lengths > MAX_PAYLOAD).any():
        raise ValueError("a packed row's length is 0 or over one DMA: corrupt synaptic matrix")
    before = np.cumsum(lengths) - lengths
    take = np.repeat(at + 1 - before, lengths) + np.arange(int(lengths.sum()))
    return np.repeat(block, lengths), np.repeat(row, lengths), matrix[take]


def unpack_packed_rows(block: np.ndarray, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """(row of each synapse, static word) of a packed block starting at block[0], in row order."""
    _, rows, words = unpack_packed_blocks(block, np.zeros(1, np.int64), np.array([n_rows]))
    return rows, words


def fill_static_rows(
    out: np.ndarray,
    first: np.ndarray,
    fmt: WordFormat,
    pre: np.ndarray,
    post: np.ndarray,
    post_lo: int,
    weight: np.ndarray,
    delay: np.ndarray,
    delay_offset: int,
    syn_type: int,
    shift: int,
    loss_limit: float,
    weight_scale: float = 1.0,
) -> tuple[int, int]:
    """static_words (of weights |weight| * weight_scale) and pack_rows_by_source in one pass
    of C, written in place: the words go into rows laid out in out (zeroed), the payload of
    presynaptic atom a's row starting at word first[a] (one per atom, < 2**32), and each row
    with synapses gets its length in the word before (packed_blocks).  No temporaries per
    synapse.  Returns (weights quantised to 0, others losing over loss_limit)."""
    (a_pre, s_pre), (a_post, s_post), (a_delay, s_delay) = (native.unsigned_for_c(a) for a in (pre, post, delay))
    w, s_w = native.floats_for_c(weight)
    first = np.ascontiguousarray(first, dtype=np.uint32)
    cursor = np.zeros(first.size, dtype=np.uint32)
    counts = np.zeros(2, dtype=np.uint64)
    bad = native.library().fill_static_rows(
        int(a_pre.size),
        a_pre.ctypes.data,
        s_pre,
        a_post.ctypes.data,
        s_post,
        w.ctypes.data,
        s_w,
        a_delay.ctypes.data,
        s_delay,
        *_word_args(fmt, post_lo, shift, delay_offset, syn_type, loss_limit, weight_scale),
        first.size,
        native.ptr(first),
        native.ptr(cursor),
        native.ptr(out),
        native.ptr(counts, ctypes.c_uint64),
    )
    if bad:
        raise _delay_error(fmt, a_delay, bad, delay_offset)
    return int(counts[0]), int(counts[1])


def pack_rows_by_source(rows: np.ndarray, words: np.ndarray, n_rows: np.ndarray) -> dict[int, list[RowBlock]]:
    """pack_rows for many presynaptic cores at once: synapse i is in row rows[i] % m of core
    rows[i] // m (m = n_rows.max()), which has n_rows[core] rows.  Returns the blocks of every
    core with synapses, exactly as pack_rows would make them one core at a time, built with a
    handful of array operations and one pass of C (no sort) rather than one call per core."""
    row_id = np.asarray(rows, dtype=np.int64)
    if not row_id.size:
        return {}
    max_rows = int(n_rows.max())
    counts = np.bincount(row_id, minlength=n_rows.size * max_rows).reshape(n_rows.size, max_rows)
    longest = counts.max(axis=1)
    present = np.flatnonzero(longest)
    out: dict[int, list[RowBlock]] = {}
    long_rows = present[longest[present] > MAX_PAYLOAD]  # split rows: one core at a time
    for s in long_rows:
        sel = (row_id >= s * max_rows) & (row_id < (s + 1) * max_rows)
        out[int(s)] = pack_rows(row_id[sel] - s * max_rows, words[sel], int(n_rows[s]))
    short = present[longest[present] <= MAX_PAYLOAD]
    if not short.size:
        return out
    stride = HEADER + longest[short]
    sizes = n_rows[short] * stride
    start = np.zeros(n_rows.size, dtype=np.int64)
    start[short] = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    stride_of = np.zeros(n_rows.size, dtype=np.int64)
    stride_of[short] = stride
    buf = np.zeros(int(sizes.sum()), dtype=np.uint32)
    # row headers: word 1 of every row of every short core holds its length
    core_of_row = np.repeat(short, n_rows[short])
    row_in_core = np.arange(core_of_row.size) - np.repeat(np.cumsum(n_rows[short]) - n_rows[short], n_rows[short])
    buf[start[core_of_row] + row_in_core * stride_of[core_of_row] + 1] = counts[core_of_row, row_in_core]
    # synapse words, in their given order within each row (a counting-sort scatter in C)
    first = (start[:, None] + np.arange(max_rows)[None, :] * stride_of[:, None] + HEADER).ravel()
    if long_rows.size:  # packed above
        row_id = np.where(stride_of[row_id // max_rows] > 0, row_id, -1)
    words = np.ascontiguousarray(words, dtype=np.uint32)
    cursor = np.zeros(first.size, dtype=np.uint32)
    native.library().pack_static_rows(
        row_id.size,
        native.ptr(row_id, ctypes.c_int64),
        native.ptr(words),
        native.ptr(first, ctypes.c_int64),
        native.ptr(cursor),
        native.ptr(buf),
    )
    for s, st, size in zip(short.tolist(), stride.tolist(), sizes.tolist()):
        out[s] = [RowBlock(st, buf[start[s] : start[s] + size])]
    return out


def unpack_rows(words: np.ndarray, stride: int, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """(row of each synapse, static word) for a block, in row order."""
    rows = np.asarray(words, dtype=np.uint32).reshape(n_rows, stride)
    n_plastic = rows[:, 0]
    if n_plastic.any():
        raise ValueError("plastic rows are not static rows")
    n_fixed = rows[:, 1].astype(np.int64)
    if (n_fixed > stride - HEADER).any():
        raise ValueError("row length field exceeds the row stride: corrupt synaptic matrix")
    col = np.arange(stride - HEADER)
    valid = col[None, :] < n_fixed[:, None]
    pre = np.broadcast_to(np.arange(n_rows)[:, None], valid.shape)[valid]
    return pre, rows[:, HEADER:][valid]

"""Procedural blocks (layout.PROCEDURAL_BLOCK, c_kernels/synapse/procedural.h): a described
FixedProbability or AllToAll projection (graph/plan.py) dense enough (PROCEDURAL_MIN_PER_BLOCK)
draws its connections per (presynaptic neuron, block of 64 post neurons), integer only, so a
core can make any of its rows again from seeds when a spike comes and its synaptic words, the
network's largest part, need never be held (GeNN's procedural connectivity).

This module writes what a core needs for that: the binomial CDF of a block's count, the
quantile tables of the weights and delays (one copy per chip: image.regions), and the
procedural_block_t that names them; it decides, network by network, whether the cores make
the rows at each spike or hold them (choose_storage: the same words either way, written by
the same C at mapping, fill); and it reads a projection back through that C
(procedural_expand.c) for get() and len()."""

from __future__ import annotations

import ctypes
import functools
import math

import numpy as np

from .. import native
from . import layout

BLOCK = layout.const("PROCEDURAL_BLOCK_NEURONS")
CELLS = 1 << layout.const("PROCEDURAL_CELL_BITS")
OCTAVES = layout.const("PROCEDURAL_OCTAVES")
#: Largest value a quantile table holds: a weight in units of 2^-31 ring-buffer LSBs at shift 0
#: (0xFFFF << 31 is the most a word can take at shift 15), so (b - a) * f stays in int64.
TABLE_MAX = (1 << 47) - 1
#: Fixed-point bits of a table's weights (ring-buffer units at shift 0) and delays (timesteps).
WEIGHT_BITS, DELAY_BITS = 31, 16
#: Connections are drawn as procedural blocks when a block of 64 post neurons expects at least
#: this many synapses (p >= 1/64); sparser projections are drawn per column (made at each
#: spike, their rows would mostly be empty, and an empty row costs nothing once written: its
#: spikes are never delivered).
PROCEDURAL_MIN_PER_BLOCK = 1.0
HEADER_WORDS = layout.PROCEDURAL_BLOCK.n_words
CDF_WORDS = BLOCK


def _word(name: str) -> int:
    """The word of a procedural_block_t field."""
    fields = layout.PROCEDURAL_BLOCK.fields
    return sum(f.count for f in fields[: [f.name for f in fields].index(name)])


def binomial_cdf(p: float) -> np.ndarray:
    """cdf[c] = P(k <= c) * 2^32 (rounded down, at most 2^32 - 1) for k ~ Binomial(BLOCK, p),
    c = 0 .. BLOCK - 1: a block's count is the first c whose entry exceeds a 32-bit draw."""
    import scipy.stats  # here: importing it takes most of a second, and most scripts need none of it

    cdf = scipy.stats.binom.cdf(np.arange(BLOCK), BLOCK, min(max(p, 0.0), 1.0))
    return np.minimum(np.floor(cdf * 2.0**32), 2.0**32 - 1).astype(np.uint32)


def table_points() -> tuple[np.ndarray, np.ndarray]:
    """Where a quantile table's entries are, as (u, upper): octave o, point c of the lower half
    at u = 2^-(2 + o) (1 + c / CELLS), of the upper half at 1 - u (upper true), entry
    (2 o + half) (CELLS + 1) + c."""
    o, h, c = np.meshgrid(np.arange(OCTAVES), np.arange(2), np.arange(CELLS + 1), indexing="ij")
    return np.ldexp(1.0 + c / CELLS, -(2 + o)).ravel(), (h == 1).ravel()


def _distribution(kind: int, params: tuple[float, ...]):
    """The scipy distribution of a plan.DRAWN kind, and a clip to apply after it (or None)."""
    import scipy.stats

    if kind == 0:
        low, high = params
        return scipy.stats.uniform(loc=low, scale=high - low), None
    if kind == 1:
        mu, sigma = params
        return scipy.stats.norm(mu, sigma), None
    if kind == 2:
        mu, sigma, low, high = params
        return scipy.stats.truncnorm((low - mu) / sigma, (high - mu) / sigma, loc=mu, scale=sigma), None
    if kind == 3:
        mu, sigma, low, high = params
        return scipy.stats.norm(mu, sigma), (low, high)
    if kind == 4:
        (beta,) = params
        return scipy.stats.expon(scale=beta), None
    if kind == 5:
        mu, sigma = params
        return scipy.stats.lognorm(s=sigma, scale=math.exp(mu)), None
    raise ValueError(f"no quantile function for distribution kind {kind}")


def quantiles(values, u: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """The values (a plan.Values, a distribution) at u, or at 1 - u where upper is true, after
    the script's arithmetic on them (operations)."""
    dist, clip = _distribution(values.kind, values.params)
    x = np.where(upper, dist.isf(u), dist.ppf(u))
    if clip is not None:
        x = np.clip(x, *clip)
    if values.operations is not None:
        x = np.asarray(values.operations(x), dtype=np.float64)
    return x


def quantile_table(values, scale: float, bits: int) -> np.ndarray:
    """The quantile table (layout: procedural.h) of values * scale in fixed point with `bits`
    fraction bits, each entry (low word, high word)."""
    x = np.abs(quantiles(values, *table_points())) * scale * 2.0**bits
    v = np.clip(np.rint(np.nan_to_num(x, nan=0.0, posinf=TABLE_MAX)), 0, TABLE_MAX).astype(np.int64)
    return v.view(np.uint32).copy()  # little-endian: (low, high) per entry


@functools.lru_cache(maxsize=1)
def _moments_grid() -> np.ndarray:
    return (np.arange(1 << 16) + 0.5) / (1 << 16)


@functools.lru_cache(maxsize=1024)
def magnitude_moments(values) -> tuple[float, float, float]:
    """(E|x|, E[x^2], the largest |x| a table gives) of a distribution's values after the
    script's arithmetic: for the weight scaling's bound (weight_scale.InputStats)."""
    if values.constant is not None:
        w = abs(values.constant)
        return w, w * w, w
    u = _moments_grid()
    x = np.abs(quantiles(values, u, np.zeros(u.size, bool)))
    ends = np.abs(quantiles(values, *table_points()))
    return float(x.mean()), float((x * x).mean()), float(np.nanmax(ends))


@functools.lru_cache(maxsize=256)
def _loss_grid(values) -> np.ndarray:
    """|values| at 4096 evenly spread u (a constant: itself), for weight_loss: each core of a
    projection asks, with its own shift."""
    if values.constant is not None:
        return np.array([abs(values.constant)])
    u = (np.arange(4096) + 0.5) / 4096
    return np.abs(quantiles(values, u, np.zeros(u.size, bool)))


def weight_loss(plan, weight_scale: float, shift: int, n_post: int, loss_limit: float) -> tuple[int, int]:
    """About how many of a procedural projection's synapses onto n_post neurons get a weight
    that quantises to 0, and how many more lose over loss_limit of their value, at a core's
    shift (the mapping's weight-loss report, from the law rather than the synapses)."""
    scale = weight_scale * 2.0 ** (15 - shift)
    x = _loss_grid(plan.weight) * scale
    q = np.minimum(np.rint(x), 65535.0)
    zeroed = (x > 0) & (q == 0)
    lossy = (x > 0) & (q > 0) & (np.abs(q - x) > loss_limit * x)
    n = plan.n_pre * plan.p * n_post
    return int(round(float(zeroed.mean()) * n)), int(round(float(lossy.mean()) * n))


def delay_range(values, dt: float) -> tuple[float, float]:
    """The shortest and longest delay [ms] a delay table gives (the tables reach u = 2^-32)."""
    if values.constant is not None:
        return values.constant, values.constant
    x = quantiles(values, *table_points())
    return float(np.nanmin(x)), float(np.nanmax(x))


def below_one_tick(values, dt: float) -> float:
    """The chance that a delay rounds to less than one timestep (then made one)."""
    if values.constant is not None:
        return 0.0 if values.constant / dt + 0.5 + 1e-9 >= 1.0 else 1.0
    u, upper = table_points()
    x = quantiles(values, u, upper)
    short = x / dt + 0.5 + 1e-9 < 1.0
    return float(np.where(upper, 1.0 - u, u)[short].max(initial=0.0))


def is_procedural(plan) -> bool:
    """Whether a plan's connections are drawn as procedural blocks: FixedProbability and
    AllToAll plans (graph/plan.py) dense enough (PROCEDURAL_MIN_PER_BLOCK); FixedNumberPre,
    FixedTotalNumber and sparse plans draw per column."""
    return (
        plan is not None
        and not plan.n_per_post
        and plan.column_counts is None
        and plan.p * BLOCK >= PROCEDURAL_MIN_PER_BLOCK
    )


def made_at_spikes(plan) -> bool:
    """Whether the cores make a procedural plan's rows at each spike, rather than have the
    same rows written out at mapping (choose_storage decides, network by network)."""
    return is_procedural(plan) and not plan.found.get("written_out", False)


#: Share of the host's available memory the written-out rows of procedural projections may
#: take before the cores make them at each spike instead (setup(procedural_connectivity=None)).
MEMORY_SHARE = 0.25
#: Bytes a written-out synapse takes (its word and its share of the row's start and length:
#: rows of about 4 synapses), for that estimate.
BYTES_PER_WRITTEN_SYNAPSE = 6.0


def choose_storage(plans: list, setting: bool | float | None) -> int:
    """Decide, for every procedural plan of a network, whether its rows are made at each spike
    or written out at mapping, and how many words of the rows made at each spike the host
    emulator may hold once it sees which are used most (returned).  setting: True, made at each
    spike, none held; False, written out; a number x, made at each spike, and up to x bytes a
    synapse of them held; None, written out if they take at most MEMORY_SHARE of the memory
    available now, else made at each spike and held within that share.  Made at each spike, a
    row costs its drawing at every spike (about twice the loop time of a read row); written
    out, its words (about 6 bytes a synapse)."""
    plans = [p for p in plans if is_procedural(p)]
    synapses = sum(p.n_pre * p.n_post * p.p for p in plans)
    hold_bytes = 0.0
    if setting is None:
        share = MEMORY_SHARE * _available_bytes()
        setting = synapses * BYTES_PER_WRITTEN_SYNAPSE > share
        hold_bytes = share if setting else 0.0
    elif setting is not True and setting is not False:
        hold_bytes, setting = float(setting) * synapses, True
    for p in plans:
        p.found["written_out"] = not setting
    return int(hold_bytes // 4) if plans else 0


def held_words(plan, n_rows: np.ndarray, n_post: int) -> float:
    """About the words the rows of a procedural projection onto n_post neurons take if the
    emulator holds them (packed blocks, one per source core of n_rows rows; synapses.c
    synapses_held_estimate)."""
    n_rows = np.asarray(n_rows, dtype=np.float64)
    return float(np.sum(2.0 * np.ceil(n_rows / 32.0) + n_rows * (2.0 + n_post * plan.p)))


def _available_bytes() -> float:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024.0
    except OSError:
        pass
    return 8.0 * 2**30


#: Word of each table field in a procedural_block_t.
TABLE_FIELDS = (_word("weight_table"), _word("delay_table"))


def block_words(
    plan,
    post_lo: int,
    n_post: int,
    synapse_type: int,
    shift: int,
    delay_offset: int,
    max_delay: int,
    weight_scale,
    inline: bool = True,
) -> tuple[np.ndarray, tuple]:
    """The procedural_block_t of plan on a core (its neurons [post_lo, post_lo + n_post)) and
    the binomial CDF after it, as uint32 words; with its quantile tables after them (inline),
    or not: then (word of the field, table) for each table, to be laid out where the chip's
    cores share them (image.regions.build_chip_sdram writes the field)."""
    head = _header(plan, post_lo, n_post)
    head["synapse_type"], head["weight_shift"] = synapse_type, 16 + shift
    head["delay_offset"], head["max_delay"] = delay_offset, max_delay
    parts = [binomial_cdf(plan.p)]
    tables = []
    if plan.weight.constant is not None:
        w = abs(plan.weight.constant) * weight_scale * 2.0 ** (15 - shift)
        head["weight_value"] = min(int(math.floor(w + 0.5)), 0xFFFF)
    else:
        tables.append((TABLE_FIELDS[0], _cached_table(plan.weight, float(weight_scale), WEIGHT_BITS)))
    if plan.delay.constant is not None:
        head["delay_value"] = min(max(int(math.floor(plan.delay.constant / plan.dt + 0.5 + 1e-9)), 1), max_delay)
    else:
        tables.append((TABLE_FIELDS[1], _cached_table(plan.delay, 1.0 / plan.dt, DELAY_BITS)))
    words = np.concatenate([head.view(np.uint32), *parts])
    if not inline:
        return words, tuple(tables)
    at = words.size
    for field, table in tables:
        words[field] = at
        at += table.size
    return np.concatenate([words, *(t for _, t in tables)]), ()


@functools.lru_cache(maxsize=1024)
def _cached_table(values, scale: float, bits: int) -> np.ndarray:
    """quantile_table, made once per (values, scale): every post core of a projection has one,
    and a chip holds one copy of each (the same array: image.regions.build_chip_sdram)."""
    return quantile_table(values, scale, bits)


def _rows(matrix: np.ndarray, item_offset: int, n_atoms: int, fmt, room: int) -> tuple[np.ndarray, np.ndarray]:
    """(words of each atom's row, the rows' words back to back) of the procedural item at
    matrix[item_offset], as its core makes them; room: the words expected."""
    matrix = np.ascontiguousarray(matrix, dtype=np.uint32)
    lengths = np.zeros(n_atoms, np.uint32)
    lib = native.library()
    while True:
        words = np.empty(room, np.uint32)
        n = int(
            lib.procedural_rows(
                native.ptr(matrix),
                item_offset,
                n_atoms,
                fmt.log_n_neurons,
                fmt.log_n_neurons + fmt.log_n_types,
                room,
                native.ptr(lengths),
                native.ptr(words),
            )
        )
        if n <= room:
            return lengths, words[:n]
        room = n


def expand(matrix: np.ndarray, item_offset: int, n_atoms: int, fmt) -> tuple[np.ndarray, np.ndarray]:
    """(atoms, words) of every row of the procedural item at matrix[item_offset], as its core
    makes them (matrix: the core's region, to the end of its chip's SDRAM, where the tables are)."""
    room = n_atoms << fmt.log_n_neurons  # at most one synapse per (atom, neuron): one call
    lengths, words = _rows(matrix, item_offset, n_atoms, fmt, room)
    return np.repeat(np.arange(n_atoms, dtype=np.uint32), lengths), words


def count(plan) -> tuple[np.ndarray, int]:
    """(connections of each presynaptic neuron, their sum) of a procedural plan, from the
    connections' draws only."""
    words = np.concatenate([_header(plan, 0, plan.n_post).view(np.uint32), binomial_cdf(plan.p)])
    counts = np.zeros(plan.n_pre, np.uint64)
    n = native.library().procedural_count(native.ptr(words), 0, plan.n_pre, native.ptr(counts, ctypes.c_uint64))
    return counts, int(n)


def _header(plan, post_lo: int, n_post: int) -> np.ndarray:
    """A procedural_block_t's seed, neurons and CDF fields for plan (the rest zero)."""
    head = layout.PROCEDURAL_BLOCK.zeros()
    seed = plan.seed % (1 << 64)
    head["seed_lo"], head["seed_hi"] = seed & 0xFFFFFFFF, seed >> 32
    head["post_lo"], head["n_post"], head["no_self"] = post_lo, n_post, int(plan.no_self)
    head["cdf"] = HEADER_WORDS
    return head


def connections(plan, lo: int, hi: int) -> tuple[np.ndarray, ...]:
    """(pre, post, weight [PyNN units, signed], delay [timesteps]) of a procedural plan's
    connections onto post neurons [lo, hi), ordered by post then pre: the rows its cores
    would make, before their weights are rounded to a core's resolution (the arrays a
    described projection becomes when the script needs them, ConnectionPlan.connections)."""
    from ..graph.build import compact_index

    words, _ = block_words(plan, lo, hi - lo, 0, 15, 0, (1 << 32) - 1, 1.0)
    room = int((hi - lo) * plan.n_pre * plan.p + 8 * math.sqrt((hi - lo) * plan.n_pre + 1) + 64)
    lib = native.library()
    while True:
        pre, post, delay = (np.empty(room, np.uint32) for _ in range(3))
        value = np.empty(room, np.int64)
        n = int(
            lib.procedural_connections(
                native.ptr(words),
                0,
                plan.n_pre,
                room,
                native.ptr(pre),
                native.ptr(post),
                native.ptr(value, ctypes.c_int64),
                native.ptr(delay),
            )
        )
        if n <= room:
            break
        room = n
    pre, post, value, delay = pre[:n], post[:n], value[:n], delay[:n]
    if plan.weight.constant is not None:
        weight = np.full(n, float(plan.weight.constant))
    else:
        sign = np.sign(quantiles(plan.weight, np.array([0.5]), np.array([False]))[0]) or 1.0
        weight = sign * np.ldexp(value.astype(np.float64), -WEIGHT_BITS)
    post = compact_index(post, plan.n_post)
    order = np.argsort(post, kind="stable")  # made pre by pre: post-major, pre ascending within (a radix sort)
    return (
        compact_index(pre[order], plan.n_pre),
        post[order],
        weight[order],
        compact_index(delay[order], int(delay.max(initial=1)) + 1),
    )


#: a procedural_source_t for atom 0 onwards whose block follows it (rows, delay_waits)
_SOURCE_BEFORE_BLOCK = np.array([0, layout.PROCEDURAL_SOURCE.n_words, 0xFFFFFFFF], np.uint32)


def rows(plan, block: np.ndarray, fmt) -> tuple[np.ndarray, np.ndarray]:
    """(words of each presynaptic neuron's row, the rows' words back to back) of a procedural
    plan on a core, from its block (block_words, tables inline), as the cores would make them:
    the rows a core holds instead (matrix.StaticFill.rows, place)."""
    made = np.concatenate([_SOURCE_BEFORE_BLOCK, block])
    expected = plan.n_pre * int(block[_word("n_post")]) * plan.p
    return _rows(made, 0, plan.n_pre, fmt, int(expected + 8.0 * math.sqrt(expected) + 64))


def delay_waits(plan, block: np.ndarray, fmt, ring_delay: int) -> int:
    """The synapses of a procedural plan's rows on a core (its block, block_words with the
    tables inline) that wait at once, at most, in the delay pool of a ring of ring_delay bits:
    for each synapse of delay field d > W = 2^R - 1, d - W (matrix.delay_pool_capacity), from
    every row made as the core makes it, none of them kept."""
    made = np.concatenate([_SOURCE_BEFORE_BLOCK, block])
    return int(
        native.library().procedural_delay_waits(
            native.ptr(made),
            0,
            plan.n_pre,
            fmt.log_n_neurons,
            fmt.log_n_neurons + fmt.log_n_types,
            fmt.log_max_delay,
            (1 << ring_delay) - 1,
        )
    )


def place(lengths: np.ndarray, words: np.ndarray, first: np.ndarray, matrix: np.ndarray) -> None:
    """Copy rows (rows) into a core's matrix as packed rows: atom a's words from
    matrix[first[a]], their number in the word before (when it has any)."""
    first = np.ascontiguousarray(first, dtype=np.uint32)
    native.library().procedural_place(
        native.ptr(words), native.ptr(lengths), native.ptr(first), first.size, native.ptr(matrix)
    )

"""The synaptic data of one post core: the synaptic matrix (blocks of rows, one
block per incoming projection x source core x row split) and the master
population table that finds a block from a spike's key."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np

from ..image.regions import n_words
from ..graph.graph import NEURON, SPIKE_SOURCE_ARRAY, SPIKE_SOURCE_POISSON, AppGraph
from ..mapping.partition import KeySpace, MachineVertex, bits_for, delay_bits, max_incoming_delay, ring_delay_bits
from . import layout
from .static import (
    PACKED,
    WordFormat,
    fill_static_rows,
    pack_rows,
    packed_blocks,
    pack_rows_by_source,
    shift_row_starts,
    static_words,
)
from . import procedural
from .stdp import check_post_traces, pack_plastic_rows
from .structural import StructuralEdge, post_to_pre_table
from .weight_scale import (
    RING_BUFFER_SIGMA,
    WEIGHT_LOSS_WARNING,
    InputStats,
    SourceRate,
    poisson_max_per_tick,
    shift_for,
)


class BlockRef(NamedTuple):
    """Where one block of rows lies, so connections can be read back (a NamedTuple: a
    large network makes one per projection x source core x post core)."""

    edge: int
    pre_core: int
    offset_words: int
    stride: int
    n_rows: int
    plastic: bool = False
    synapse_words: int = 0  # plastic rows: state words per synapse after the weights
    dopamine: bool = False  # rows of a Neuromodulation projection (weights: dopamine concentration)


class PackedRefs(NamedTuple):
    """Where the packed blocks of one projection on one post core lie (one per source core with
    synapses), so their connections can be read back (unpack_packed_rows)."""

    edge: int
    pre_cores: np.ndarray  # int32 (a million blocks in a large network): each block's source core
    first_atoms: np.ndarray  # int32: each source core's first atom in its vertex
    offsets: np.ndarray  # int32: each block's offset in the matrix [words]
    n_rows: np.ndarray  # int32: each block's rows (its source core's atoms)


@dataclass(frozen=True, eq=False)
class DirectPoisson:
    """A one-to-one Poisson projection drawn on this core (mapping/direct_poisson.py)."""

    edge: int
    source: int  # the Poisson vertex
    neurons: np.ndarray  # local indices of the connected neurons
    words: np.ndarray  # uint32, a static synaptic word per neuron of the core (weight 0 where none)


@dataclass(frozen=True, eq=False)
class CoreSynapses:
    fmt: WordFormat
    shifts: tuple[int, ...]
    matrix: tuple  # uint32 parts of one region: fixed-stride blocks, packed blocks' indexes, room for their rows
    master_table: np.ndarray  # uint32 words
    blocks: tuple[BlockRef, ...]  # the fixed-stride blocks
    sources: np.ndarray  # int32, sorted: the source cores with synapses here
    warnings: tuple[str, ...]
    stdp_rules: tuple = ()  # StdpRule of each rule index used by this core's plastic rows
    stdp_scales: tuple = ()  # PyNN weight -> ring-buffer units, per rule
    structural: tuple = ()  # StructuralEdge of each structural projection onto this core
    post_to_pre: np.ndarray | None = None  # the structural slots of this core's neurons
    direct: tuple[DirectPoisson, ...] = ()  # Poisson sources drawn here, in region order
    fills: tuple[StaticFill, ...] = ()  # static rows the matrix leaves room for, to write in place
    packed: tuple[PackedRefs, ...] = ()  # the packed blocks
    procedural: tuple[PackedRefs, ...] = ()  # the procedural items (offsets: their procedural_source_t)
    tables: tuple = ()  # (matrix word of a table field, of its procedural block, table): shared on the chip
    log_ring_delay: int = 0  # R, the ring's delay bits (partition.ring_delay_bits); 0: all of fmt's
    delay_pool_capacity: int = 0  # synapses that may wait at once in the delay pool (delay_pool_capacity)


@dataclass(frozen=True, eq=False)
class StaticFill:
    """A static projection's rows on one post core, laid out in the matrix but not written:
    fill_rows writes them straight into the matrix once it has its place in a chip's SDRAM,
    so no synaptic word is written twice (nor held twice)."""

    piece: EdgePiece
    shift: int
    first: np.ndarray  # uint32, per presynaptic atom: where its row's payload starts in the matrix [words]
    #: (row length per presynaptic atom, the rows' words back to back) of a held procedural
    #: projection (procedural.rows: the words the cores would make); the piece has no synapses
    rows: tuple | None = None


class EdgePiece(NamedTuple):
    """The synapses of one projection onto one post core, ordered by post then pre:
    views of the edge's arrays where the edge is in that order already."""

    edge: object  # ProjectionEdge
    pre: np.ndarray  # presynaptic vertex indices
    post: np.ndarray  # postsynaptic vertex indices
    weight: np.ndarray  # the projection's (signed) weights: |weight| * weight_scale in the post model's units
    weight_scale: float
    delay_ticks: np.ndarray
    states: np.ndarray | None = None  # the first state words of a rule with a per-synapse parameter, see ProjectionEdge

    @property
    def size(self) -> int:
        return int(self.pre.size)

    def magnitude(self) -> np.ndarray:
        """|weight| * weight_scale in double precision (a copy only where the weights need one)."""
        w = self.weight
        if self.weight_scale == 1.0 and w.dtype == np.float64 and not (w < 0).any():
            return w
        return np.abs(w, dtype=np.float64) * self.weight_scale


class EdgeIndex:
    """One projection's synapses sorted by post then pre, for slicing per core."""

    def __init__(self, edge, pre_cores: list[MachineVertex], keys: KeySpace):
        self.edge = edge
        self.core_index = np.array([c.index for c in pre_cores], dtype=np.int64)  # of each source core
        self.key_base = np.array([keys.base(c) for c in pre_cores], dtype=np.int64)
        if edge.plan is None:
            self.order = _post_then_pre(edge.pre_index, edge.post_index)  # None: already in order
            self.post_sorted = edge.post_index if self.order is None else edge.post_index[self.order]
        self.pre_starts = np.array([c.lo for c in pre_cores], dtype=np.int64)  # first atom of each core
        self.n_rows = np.array([c.n_atoms for c in pre_cores], dtype=np.int64)  # atoms (rows) of each core
        self.core_of_atom = np.repeat(np.arange(len(pre_cores)), self.n_rows)  # position of its core, per atom

    def for_post(self, lo: int, hi: int) -> EdgePiece:
        e = self.edge
        if e.plan is not None:  # made now, for this core (graph/plan.py)
            pre, post, weight, delay = e.plan.connections(lo, hi)
            return EdgePiece(e, pre, post, weight, e.weight_scale, delay)
        a, b = np.searchsorted(self.post_sorted, np.array([lo, hi], dtype=self.post_sorted.dtype))
        sel = slice(a, b) if self.order is None else self.order[a:b]
        states = None if e.states is None else e.states[sel]
        return EdgePiece(
            e, e.pre_index[sel], e.post_index[sel], e.weight[sel], e.weight_scale, e.delay_ticks[sel], states
        )


def _post_then_pre(pre: np.ndarray, post: np.ndarray) -> np.ndarray | None:
    """The order that sorts synapses by post, then pre (stable), or None if they are in
    that order already (as connectors usually make them: one pass to see)."""
    if post.size < 2:
        return None
    later = post[1:] > post[:-1]
    if ((post[1:] == post[:-1]) & (pre[1:] >= pre[:-1]) | later).all():
        return None
    return np.lexsort((pre, post))


def source_rate(graph: AppGraph, vertex: int) -> SourceRate:
    """How the presynaptic vertex fires, for the weight-scaling bound."""
    v = graph.vertices[vertex]
    dt = graph.dt_ms
    if v.kind == SPIKE_SOURCE_POISSON:
        lam = v.max_rate_hz * dt / 1000.0
        return SourceRate(lam, poisson_max_per_tick(lam, layout.const("POISSON_MAX_SPIKES_PER_TICK")), True)
    if v.kind == SPIKE_SOURCE_ARRAY:
        return _spike_array_rate(v.spike_times, dt)
    return SourceRate(v.max_rate_hz * dt / 1000.0, 1, False)


def _spike_array_rate(spike_times, dt: float) -> SourceRate:
    """The mean spikes per source per tick over the span of the busiest-spanning source, and
    the most spikes one source sends in one tick (arrays of all sources at once)."""
    lengths = np.array([t.size for t in spike_times], dtype=np.int64)
    if not lengths.sum():
        return SourceRate(0.0, 1, True)
    ticks = np.maximum(np.ceil(np.concatenate(spike_times) / dt - 1e-6), 0).astype(np.int64)
    source = np.repeat(np.arange(lengths.size), lengths)
    _, counts = np.unique(source * (int(ticks.max()) + 1) + ticks, return_counts=True)
    firsts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[lengths > 0]
    span = np.maximum.reduceat(ticks, firsts) - np.minimum.reduceat(ticks, firsts) + 1
    return SourceRate(float(ticks.size) / lengths.size / float(span.max()), int(counts.max()), True)


def _assumed_rate(graph: AppGraph, pre: int, scaling, rates: dict[int, SourceRate] | None) -> SourceRate:
    """How the weight scaling of a post population takes its source pre to fire: as the source
    does, or at the post population's spikes_per_second when the source is a neuron (sPyNNaker)."""
    if scaling.spikes_per_second is not None and graph.vertices[pre].kind == NEURON:
        return SourceRate(scaling.spikes_per_second * graph.dt_ms / 1000.0, 1, False)
    return rates[pre] if rates is not None else source_rate(graph, pre)


def source_rates(graph: AppGraph) -> dict[int, SourceRate]:
    """source_rate of every presynaptic vertex, computed once for all post cores."""
    return {pre: source_rate(graph, pre) for pre in sorted({e.pre for e in graph.edges})}


def build_core_synapses(
    graph: AppGraph,
    post: MachineVertex,
    cores_of: list[list[MachineVertex]],
    edge_index: dict[int, EdgeIndex],
    keys: KeySpace,
    direct_edges: frozenset[int] = frozenset(),
    rates: dict[int, SourceRate] | None = None,
    zeros=lambda n: np.zeros(n, np.uint32),
) -> CoreSynapses:
    """direct_edges: the edges of Poisson sources drawn on their targets' cores; rates: the
    source_rates of the graph (computed here if not given); zeros(n): a zeroed uint32 array,
    for a matrix written here (native.HugeArena.zeros in the mapping)."""
    n_post = post.n_atoms
    model = graph.vertices[post.vertex].model
    n_types = len(model.receptors)
    fmt = WordFormat(bits_for(n_post), bits_for(n_types), delay_bits(max_incoming_delay(graph, post.vertex)))
    pieces: list[EdgePiece] = []
    scaling = graph.vertices[post.vertex].input_scaling
    stats = [InputStats(n_post, scaling.ring_buffer_sigma or RING_BUFFER_SIGMA) for _ in range(n_types)]
    rates = {pre: _assumed_rate(graph, pre, scaling, rates) for pre in {e.pre for e in graph.incoming(post.vertex)}}
    made_later: list[tuple[int, object]] = []  # (piece number, edge) of procedural projections
    held: dict[int, object] = {}  # piece number -> (lengths, words) of procedural rows held
    for e in graph.incoming(post.vertex):
        if e.plan is not None and e.plan.procedural:  # the scaling from the law, whether made here or not
            rate = rates[e.pre]
            moments = tuple(x * e.weight_scale for x in procedural.magnitude_moments(e.plan.weight))
            one_delay = e.plan.delay.constant is not None
            stats[e.synapse_type].add_expected(e.plan.n_pre, e.plan.p, moments, rate, one_delay)
            pieces.append(_no_synapses(e))
            if procedural.made_at_spikes(e.plan):  # rows made at each spike: none here
                made_later.append((len(pieces) - 1, e))
            else:  # the same rows, held: made below, once the core's shifts are known
                held[len(pieces) - 1] = None
            continue
        p = edge_index[e.index].for_post(post.lo, post.hi)
        pieces.append(p)
        if e.stdp is not None and e.stdp.timing_rule == "dopamine":
            continue  # dopamine does not reach the ring buffers
        if e.stdp is None or not e.stdp.weights_change:
            w_bound, w_scale = p.weight * (1 if e.stdp is None else e.stdp.weight_multiple), p.weight_scale
        else:  # plastic weights may grow to w_max: scale for that
            w_bound, w_scale = np.full(p.size, e.stdp.w_max), model.weight_scale
        rate = rates[e.pre]
        delays = [p.delay_ticks.min(), p.delay_ticks.max()] if p.size else []
        if e.structural is not None:  # every slot may hold a synapse, of a delay in the range
            sp = e.structural
            formed = np.floor(np.asarray(sp.delay_range) / graph.dt_ms + 0.5 + 1e-9)
            biggest = max(float(np.abs(w_bound).max(initial=0.0)) * w_scale, sp.initial_weight * model.weight_scale)
            slots = np.repeat(np.arange(n_post), sp.s_max)
            one_delay = np.ptp(np.concatenate([delays, formed])) == 0
            stats[e.synapse_type].add(slots, np.full(n_post * sp.s_max, biggest), rate, one_delay=one_delay)
        else:
            stats[e.synapse_type].add(p.post, w_bound, rate, post.lo, w_scale, one_delay=np.ptp(delays or [0]) == 0)
    given = scaling.max_expected_summed_weight or ()
    bounds = [
        w * model.weight_scale if t < len(given) else s.upper_bound()
        for t, (s, w) in enumerate(zip(stats, given + (0,) * n_types))
    ]
    shifts = tuple(shift_for(b) for b in bounds)

    warnings: list[str] = []
    for e in [e for _, e in made_later] + [pieces[pi].edge for pi in held]:  # weights the cores round
        shift = shifts[e.synapse_type]
        loss = procedural.weight_loss(e.plan, e.weight_scale, shift, n_post, WEIGHT_LOSS_WARNING)
        warnings.extend(_loss_warning(e, *loss, shift))
    # source core -> [(edge, blocks, synapse words if plastic, dopamine rows, (index in pending,
    # source position) of rows written later)]
    by_source: dict[MachineVertex, list[tuple]] = {}
    # (piece, its EdgeIndex, PackedBlocks, block offset per source core) of rows written later
    pending: list[tuple] = []
    rules: list = []
    scales: list[float] = []
    direct: list[DirectPoisson] = []
    delay_offset = graph.vertices[post.vertex].model.delay_offset_ticks
    packed_pieces: list[tuple] = []  # (piece number, EdgeIndex, PackedBlocks, index in pending)
    for pi, p in enumerate(pieces):
        e = p.edge
        if pi in held:  # procedural rows held: made now, laid out as packed blocks, copied in by fill_rows
            index = edge_index[e.index]
            block, _ = _block_words(e, post, fmt, shifts[e.synapse_type], delay_offset, inline=True)
            held[pi] = procedural.rows(e.plan, block, fmt)
            packed = packed_blocks(None, index.pre_starts, index.n_rows, counts=held[pi][0])
            if packed is None:  # a row holds at most one synapse per neuron of the core
                raise AssertionError(f"Projection {e.label!r}: a procedural row longer than one DMA")
            pending.append((p, index, packed, np.zeros(len(index.n_rows), np.int64)))
            packed_pieces.append((pi, index, packed, len(pending) - 1))
            continue
        if not p.size and e.structural is None:
            continue
        if e.index in direct_edges:  # a word per neuron, no rows (the source has no cores: [0], 1 stand in)
            local = (p.post - post.lo).astype(np.int64)
            words = np.zeros(n_post, dtype=np.uint32)
            words[local], _ = _static_words(p, post.lo, fmt, shifts[e.synapse_type], delay_offset, [0], 1, warnings)
            direct.append(DirectPoisson(e.index, e.pre, local, words))
            continue
        if e.stdp is not None:
            dopamine = e.stdp.timing_rule == "dopamine"  # weights: concentration, not ring-buffer units
            scale = 1.0 if dopamine else 2.0 ** (15 - shifts[e.synapse_type]) * model.weight_scale
            if (e.stdp, scale) not in zip(rules, scales):
                rules.append(e.stdp)
                scales.append(scale)
            rule_index = list(zip(rules, scales)).index((e.stdp, scale))
            if not dopamine and e.stdp.weights_change:
                warnings.extend(_plastic_loss_warning(e, scale, shifts[e.synapse_type]))
            w_fixed = np.minimum(np.rint(p.magnitude() / model.weight_scale * scale * 65536), 2**32 - 1)
            control = fmt.pack(
                np.zeros(p.size, np.uint32),
                p.delay_ticks - model.delay_offset_ticks,
                e.synapse_type,
                p.post - post.lo,
            )
            pre = p.pre
            pre_core_pos = np.searchsorted(edge_index[e.index].pre_starts, pre, side="right") - 1
            for pos in _source_positions(e, pre_core_pos, cores_of):
                src = cores_of[e.pre][pos]
                sel = pre_core_pos == pos
                blocks = pack_plastic_rows(
                    pre[sel] - src.lo,
                    control[sel],
                    w_fixed[sel].astype(np.uint32),
                    src.n_atoms,
                    rule_index,
                    e.stdp.synapse_words,
                    _capacity(e, pre[sel] - src.lo, src.n_atoms),
                    None if p.states is None else p.states[sel],
                )
                by_source.setdefault(src, []).append((pi, e.index, blocks, e.stdp.synapse_words, dopamine))
            continue
        index = edge_index[e.index]
        n_rows, starts = index.n_rows, index.pre_starts
        max_rows = int(n_rows.max())
        packed = packed_blocks(p.pre, starts, n_rows) if e.structural is None else None
        if packed is not None:  # packed blocks: their index now, their rows later (fill_rows)
            pending.append((p, index, packed, np.zeros(n_rows.size, dtype=np.int64)))
            packed_pieces.append((pi, index, packed, len(pending) - 1))
            continue
        words, rows = _static_words(p, post.lo, fmt, shifts[e.synapse_type], delay_offset, starts, max_rows, warnings)
        if e.structural is None:
            packed = pack_rows_by_source(rows, words, n_rows)
            for pos in sorted(packed):
                by_source.setdefault(cores_of[e.pre][pos], []).append((pi, e.index, packed[pos], None, False))
            continue
        pre_core_pos, pre = np.divmod(rows, max_rows)
        for pos in _source_positions(e, pre_core_pos, cores_of):
            src = cores_of[e.pre][pos]
            sel = pre_core_pos == pos
            blocks = pack_rows(pre[sel], words[sel], src.n_atoms, _capacity(e, pre[sel], src.n_atoms))
            by_source.setdefault(src, []).append((pi, e.index, blocks, None, False))

    if rules:
        check_post_traces(
            rules, [p.edge.label for p in pieces if p.edge.stdp is not None], graph.vertices[post.vertex].label
        )
    # the matrix: fixed-stride blocks, then the packed blocks' indexes, then their rows; the master
    # table lists every block by source core (keys ascending), then in the order made
    dense = sorted(
        (keys.base(src), pi, j, src, b, edge, words, dopamine)
        for src, made in by_source.items()
        for pi, edge, blocks, words, dopamine in made
        for j, b in enumerate(blocks)
    )
    refs, dense_parts, order = [], [], []  # order: (key, piece, block, offset, stride, rows) of every block
    offset = 0
    for key, pi, j, src, b, edge, words, dopamine in dense:
        refs.append(BlockRef(edge, src.index, offset, b.stride, src.n_atoms, words is not None, words or 0, dopamine))
        order.append((key, pi, j, offset, b.stride, src.n_atoms))
        dense_parts.append(b.words)
        offset += b.words.size
    made_parts, made_refs, made_columns, tables = [], [], [], []
    for pi, e in made_later:
        part, ref, column, refs_to_tables = _procedural_part(
            e, pi, post, edge_index[e.index], fmt, shifts[e.synapse_type], delay_offset, offset, keys.core_mask
        )
        made_parts.append(part)
        made_refs.append(ref)
        made_columns.append(column)
        tables.extend(refs_to_tables)
        offset += part.size
    dense_parts.extend(made_parts)
    index_parts, packed_refs, rows_at = _lay_out_packed(packed_pieces, pending, offset)
    columns = [np.array(order, dtype=np.int64).reshape(-1, 6), *made_columns]
    for (pi, index, packed, _), ref in zip(packed_pieces, packed_refs):
        pos = packed.positions
        columns.append(
            np.stack(
                [index.key_base[pos], np.full(pos.size, pi), pos, ref.offsets, np.full(pos.size, PACKED), ref.n_rows],
                axis=1,
            )
        )
    blocks = np.concatenate(columns)
    blocks = blocks[np.lexsort((blocks[:, 2], blocks[:, 1], blocks[:, 0]))]
    source_keys, first, count = np.unique(blocks[:, 0], return_index=True, return_counts=True)
    entries = np.stack([source_keys, np.full(source_keys.size, keys.core_mask), first, count], axis=1)
    items = blocks[:, 3:]
    table = np.concatenate(
        [
            np.array([len(entries), len(items)], dtype=np.uint32),
            entries.astype(np.uint32).ravel(),
            items.astype(np.uint32).ravel(),
        ]
    )
    structural, post_to_pre = _structural(graph, post, pieces, refs, cores_of, keys, shifts, fmt)
    fills = []
    made_rows = {pieces[pi].edge.index: rows for pi, rows in held.items()}
    for p, index, packed, base in pending:  # each atom's row: its block's base + its place in the block
        e = p.edge
        first = base.astype(np.uint32)[index.core_of_atom] + packed.first
        fills.append(StaticFill(p, shifts[e.synapse_type], first, made_rows.get(e.index)))
    packed_rows = rows_at - offset - sum(x.size for x in index_parts)
    syn = CoreSynapses(
        fmt,
        shifts,
        (*dense_parts, *index_parts, packed_rows) if index_parts else tuple(dense_parts),
        table,
        tuple(refs),
        np.union1d(
            np.fromiter((mv.index for mv in by_source), np.int32, len(by_source)),
            np.concatenate([r.pre_cores for r in (*packed_refs, *made_refs)])
            if packed_refs or made_refs
            else np.zeros(0, np.int32),
        ).astype(np.int32),
        tuple(warnings),
        tuple(rules),
        tuple(scales),
        structural,
        post_to_pre,
        tuple(direct),
        tuple(fills),
        tuple(packed_refs),
        tuple(made_refs),
        tuple(tables),
    )
    ring_delay = ring_delay_bits(graph, post.vertex, fmt.log_n_neurons)
    if ring_delay < fmt.log_max_delay:  # counts of each delay field value, per piece
        counts = [np.bincount(p.delay_ticks)[max(delay_offset, 0) :] for p in pieces if p.size]
        field = ((1 << fmt.log_max_delay) - 1) << (fmt.log_n_neurons + fmt.log_n_types)
        counts += [np.bincount((words & field) >> (fmt.log_n_neurons + fmt.log_n_types)) for _, words in held.values()]
        waits = delay_pool_capacity(counts, ring_delay)
        for _, e in made_later:  # rows made at each spike: made once now, to count their waits
            block, _ = _block_words(e, post, fmt, shifts[e.synapse_type], delay_offset, inline=True)
            waits += procedural.delay_waits(e.plan, block, fmt, ring_delay)
        syn = replace(syn, log_ring_delay=ring_delay, delay_pool_capacity=waits)
    if any(f.piece.edge.plan is not None for f in fills):
        return _filled(syn, post.lo, delay_offset, zeros)
    return syn


def delay_pool_capacity(delay_counts: list[np.ndarray], ring_delay: int) -> int:
    """The most synapses that can wait at once in the delay pool of a core whose ring holds
    delays up to W = 2^R - 1, from delay_counts[k][d]: the synapses of delay field d in piece
    k.  A synapse of delay d > W waits d - W ticks after each key of its source, which sends
    at most one key a tick (partition.source_delay_bits), so at most d - W of its synapse's
    events wait at once."""
    w = (1 << ring_delay) - 1
    return sum(int(c[w + 1 :] @ np.arange(1, c.size - w)) for c in delay_counts if c.size > w + 1)


def _filled(syn: CoreSynapses, post_lo: int, delay_offset: int, zeros) -> CoreSynapses:
    """The core's matrix as one array (from zeros(n_words)) with every row written now: for a
    core whose rows come from ConnectionPlans, whose connections are made for this core alone
    (EdgeIndex.for_post), so the core holds its rows and not its connections until the chips
    are built."""
    matrix = zeros(n_words(syn.matrix))
    at = 0
    for part in syn.matrix:
        if not isinstance(part, int):
            matrix[at : at + part.size] = part
        at += part if isinstance(part, int) else part.size
    warnings = fill_rows(syn, post_lo, delay_offset, matrix)
    return replace(syn, matrix=(matrix,), fills=(), warnings=(*syn.warnings, *warnings))


def _no_synapses(e) -> EdgePiece:
    """The piece of a projection that has no synapses on a core (its rows are made there)."""
    none = np.zeros(0, np.uint32)
    return EdgePiece(e, none, none, np.zeros(0), e.weight_scale, none)


def _block_words(e, post, fmt, shift, delay_offset, inline):
    """procedural.block_words of projection e on core post."""
    max_delay = min(e.max_delay_ticks, (1 << fmt.log_max_delay) - 1 + delay_offset)
    return procedural.block_words(
        e.plan, post.lo, post.n_atoms, e.synapse_type, shift, delay_offset, max_delay, e.weight_scale, inline
    )


def _procedural_part(e, pi, post, index, fmt, shift, delay_offset, at, core_mask):
    """A procedural projection on a core, laid out from matrix word `at`: a procedural_source_t
    per source core (core_mask: the routing mask of every source core's keys), then the
    projection's procedural_block_t and CDF.  Returns (the words, its
    PackedRefs, its master-table rows (key, piece, 0, offset, stride, rows), (matrix word of a
    table field, of the block, table) for each of its tables, which the chip's cores share)."""
    n = len(index.pre_starts)  # every source core: any of its rows may have synapses
    block, tables = _block_words(e, post, fmt, shift, delay_offset, inline=False)
    width = layout.PROCEDURAL_SOURCE.n_words
    heads = np.empty((n, width), np.uint32)
    heads[:, 0] = index.pre_starts
    heads[:, 1] = at + width * n
    heads[:, 2] = ~core_mask & 0xFFFFFFFF
    offsets = at + width * np.arange(n, dtype=np.int64)
    ref = PackedRefs(
        e.index, *(a.astype(np.int32) for a in (index.core_index, index.pre_starts, offsets, index.n_rows))
    )
    column = np.stack(
        [
            index.key_base,
            np.full(n, pi),
            np.zeros(n, np.int64),
            offsets,
            np.full(n, layout.const("PROCEDURAL_BLOCK_STRIDE")),
            index.n_rows,
        ],
        axis=1,
    )
    block_at = at + width * n
    return np.concatenate([heads.ravel(), block]), ref, column, [(block_at + f, block_at, t) for f, t in tables]


def _lay_out_packed(packed_pieces: list[tuple], pending: list[tuple], at: int):
    """Place the packed blocks of a core's projections (packed_pieces) from word `at`: each
    projection's indexes together, then all the rows. The starts in each index are made relative
    to its block, and the blocks' row offsets go to pending (fill_rows). Returns (index parts,
    PackedRefs per projection, the word after the rows)."""
    rows_at = at + sum(packed.index.size for _, _, packed, _ in packed_pieces)
    parts, refs = [], []
    for _, index, packed, later in packed_pieces:
        pos, words, room, flat = packed.positions, packed.index_words, packed.row_words, packed.index
        offsets = at + np.cumsum(words) - words
        rows = rows_at + np.cumsum(room) - room
        moved = rows - (offsets + words)  # the rows are not right after their index
        shift_row_starts(flat, words, index.n_rows[pos], moved)
        parts.append(flat)
        pending[later][3][pos] = rows - words  # + packed.first (made for rows right after the index)
        refs.append(
            PackedRefs(
                index.edge.index,
                *(
                    a.astype(np.int32)
                    for a in (index.core_index[pos], index.pre_starts[pos], offsets, index.n_rows[pos])
                ),
            )
        )
        at += int(words.sum())
        rows_at += int(room.sum())
    return parts, refs, rows_at


def _static_words(p: EdgePiece, post_lo, fmt, shift, delay_offset, pre_starts, max_rows, warnings: list[str]):
    """(static words, row of each in pack_rows_by_source's layout) of a static projection's
    synapses p on a core whose ring buffer has this shift; a warning when some weights
    lose much of their value."""
    e = p.edge
    words, rows, zeroed, lossy = static_words(
        fmt,
        p.pre,
        p.post,
        post_lo,
        p.magnitude(),
        p.delay_ticks,
        delay_offset,
        e.synapse_type,
        shift,
        pre_starts,
        max_rows,
        WEIGHT_LOSS_WARNING,
    )
    warnings.extend(_loss_warning(e, zeroed, lossy, shift))
    return words, rows


def _loss_warning(e, zeroed: int, lossy: int, shift: int) -> list[str]:
    if not (zeroed or lossy):
        return []
    return [
        f"Projection {e.label!r}: {zeroed} weights quantise to 0 and {lossy} more lose over "
        f"{WEIGHT_LOSS_WARNING:.0%} of their value (weight resolution {2.0 ** (shift - 15):.3g} on this core, "
        f"set by the largest expected input {2.0**shift:.3g})"
    ]


#: Fewest steps of a plastic weight (u16.16) in its smallest change before spynn warns.
PLASTIC_STEP_WARNING = 16


def _plastic_loss_warning(e, scale: float, shift: int) -> list[str]:
    """A plastic projection whose weights the core's ring-buffer resolution (2^(shift-15),
    set by the largest input expected on the receptor) leaves too coarse: w_max below one
    unit sends nothing; the smallest change (A_plus or A_minus of w_max) below
    PLASTIC_STEP_WARNING steps of the weight's 16 fraction bits is rounded away or off."""
    r = e.stdp
    resolution = 2.0 ** (shift - 15)
    why = (
        f"(weight resolution {resolution / e.weight_scale:.3g} on this core, set by the largest expected input "
        f"{2.0**shift / e.weight_scale:.3g} on receptor {e.synapse_type}; a projection of much larger weights "
        f"onto the same receptor of the same neurons sets it: give the plastic projection larger weights or "
        f"another receptor)"
    )
    out = []
    if 0 < r.w_max * scale < 1:
        out.append(
            f"Projection {e.label!r}: plastic weights up to w_max={r.w_max:g} are below one ring-buffer unit "
            f"and send nothing {why}"
        )
    steps = [a * r.w_max * scale * 65536 for a in (abs(r.a_plus), abs(r.a_minus)) if a > 0]
    if r.timing_rule in ("pair", "nearest", "vogels", "triplet") and steps and min(steps) < PLASTIC_STEP_WARNING:
        out.append(
            f"Projection {e.label!r}: a weight change of A_plus or A_minus times w_max is {min(steps):.3g} "
            f"steps of the weights' fixed point, so learning is rounded {why}"
        )
    return out


def fill_rows(syn: CoreSynapses, post_lo: int, delay_offset: int, matrix: np.ndarray) -> list[str]:
    """Write the rows syn.matrix left room for (syn.fills) into the core's matrix, as laid
    out in its chip's SDRAM (zeroed); returns the weight-loss warnings."""
    warnings: list[str] = []
    for f in syn.fills:
        p = f.piece
        if f.rows is not None:
            procedural.place(*f.rows, f.first, matrix)
            continue
        zeroed, lossy = fill_static_rows(
            matrix,
            f.first,
            syn.fmt,
            p.pre,
            p.post,
            post_lo,
            p.weight,
            p.delay_ticks,
            delay_offset,
            p.edge.synapse_type,
            f.shift,
            WEIGHT_LOSS_WARNING,
            p.weight_scale,
        )
        warnings.extend(_loss_warning(p.edge, zeroed, lossy, f.shift))
    return warnings


def _source_positions(e, pre_core_pos: np.ndarray, cores_of) -> np.ndarray:
    """The presynaptic cores that get a block: those with synapses, or all of them for a
    structural projection (a synapse may form from any presynaptic neuron)."""
    return np.arange(len(cores_of[e.pre])) if e.structural is not None else np.unique(pre_core_pos)


def _capacity(e, rows: np.ndarray, n_rows: int) -> int | None:
    """Slots every row of a structural projection reserves (s_max), checked against its
    initial connections."""
    if e.structural is None:
        return None
    s_max = e.structural.s_max
    most = int(np.bincount(rows, minlength=n_rows).max(initial=0)) if rows.size else 0
    if most > s_max:
        raise ValueError(
            f"Projection {e.label!r}: a presynaptic neuron starts with {most} structural synapses onto one "
            f"core but s_max is {s_max}; raise s_max or connect fewer synapses initially"
        )
    return s_max


def _structural(graph, post, pieces, refs, cores_of, keys, shifts, fmt):
    """The StructuralEdges of this core and its post-to-pre table (or (), None)."""
    mine = [p for p in pieces if p.edge.structural is not None]
    if not mine:
        return (), None
    model = graph.vertices[post.vertex].model
    first = mine[0].edge
    pairs = set()
    for e in (p.edge for p in mine):
        if not e.structural.shared_with(first.structural):
            raise ValueError(
                f"Population {graph.vertices[post.vertex].label!r}: its structural projections {first.label!r} and "
                f"{e.label!r} differ in f_rew, s_max, with_replacement, partner selection or seed; the rewiring "
                f"of a population is one process, so give them the same values"
            )
        if e.pre in pairs:
            raise ValueError(
                f"Projection {e.label!r}: only one projection between each pair of populations can use "
                f"structural plasticity (another one joins {graph.vertices[e.pre].label!r} to "
                f"{graph.vertices[post.vertex].label!r}); merge them into one projection"
            )
        pairs.add(e.pre)
    edges, posts, srcs, atoms, n_sources = [], [], [], [], 0
    max_delay = (1 << fmt.log_max_delay) - 1
    for p in mine:
        e = p.edge
        sp = e.structural
        blocks = {r.pre_core: r for r in refs if r.edge == e.index}
        sources = []
        for mv in cores_of[e.pre]:
            r = blocks[mv.index]
            sources.append((keys.base(mv), mv.lo, mv.n_atoms, r.offset_words, r.stride))
        scale = 2.0 ** (15 - shifts[e.synapse_type]) * model.weight_scale * 65536
        w = min(int(round(sp.initial_weight * scale)), 0xFFFFFFFF)
        if e.stdp is None:
            w = min(int(round(sp.initial_weight * scale / 65536)), 0xFFFF) << 16  # a static word's 16 bits
        d_lo, d_hi = (int(np.floor(d / graph.dt_ms + 0.5 + 1e-9)) - model.delay_offset_ticks for d in sp.delay_range)
        if d_lo < 1 - model.delay_offset_ticks or d_hi > max_delay:
            raise ValueError(
                f"Projection {e.label!r}: initial_delay {sp.delay_range} ms is outside the delays this core can "
                f"hold (1 to {(max_delay + model.delay_offset_ticks) * graph.dt_ms} ms, set by the projections' "
                f"initial delays); give the initial connections a delay at least as long"
            )
        edges.append(
            StructuralEdge(
                sp,
                graph.vertices[e.pre].size,
                e.synapse_type,
                0 if e.stdp is None else 1 + e.stdp.synapse_words,
                w,
                (d_lo, d_hi),
                e.pre == post.vertex,
                tuple(sources),
                min(int(round(sp.threshold * scale)), 0xFFFFFFFF),
            )
        )
        pre = p.pre
        pos = np.searchsorted([mv.lo for mv in cores_of[e.pre]], pre, side="right") - 1
        posts.append(p.post - post.lo)
        srcs.append(n_sources + pos)
        atoms.append(pre - np.array([mv.lo for mv in cores_of[e.pre]])[pos])
        n_sources += len(sources)
    table = post_to_pre_table(
        np.concatenate(posts).astype(np.int64),
        np.concatenate(srcs),
        np.concatenate(atoms),
        post.n_atoms,
        first.structural.s_max,
        first.label,
    )
    return tuple(edges), table

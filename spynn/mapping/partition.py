"""Partition: application vertices -> machine vertices (one core each), and
routing keys for every core."""

from __future__ import annotations

import logging
import math

import numpy as np
from dataclasses import dataclass

from ..errors import MappingError
from ..graph.graph import NEURON, AppGraph, PopulationVertex
from ..synapses import layout
from ..synapses.procedural import made_at_spikes, quantiles
from . import budget

log = logging.getLogger("spynn")

#: A neuron core records at most this many neurons in one record (scratch buffer in DTCM).
MAX_NEURONS_PER_CORE = 256


def bits_for(n_values: int) -> int:
    """Bits needed to index n_values distinct values (at least 1)."""
    return max(1, (int(n_values) - 1).bit_length())


def delay_bits(max_delay_ticks: int) -> int:
    """Bits D of the delay field, so that delays up to max_delay_ticks fit (2^D slots)."""
    return max(1, int(max_delay_ticks).bit_length())


@dataclass(frozen=True)
class MachineVertex:
    index: int  # core number in the machine graph
    vertex: int  # application vertex
    slice_index: int  # position among the vertex's cores
    lo: int  # first atom
    hi: int  # one past the last atom

    @property
    def n_atoms(self) -> int:
        return self.hi - self.lo


def max_incoming_delay(graph: AppGraph, vertex: int) -> int:
    """Longest delay [ticks] of the projections onto a vertex, the delays synapses formed
    by structural plasticity may get included."""
    return max(
        [e.max_delay_ticks for e in graph.incoming(vertex) if e.has_synapses]
        + [
            int(np.floor(e.structural.delay_range[1] / graph.dt_ms + 0.5 + 1e-9))
            for e in graph.incoming(vertex)
            if e.structural is not None
        ],
        default=1,
    )


#: bits of a synaptic word's index, type and delay fields (below its 16-bit weight)
WORD_FIELD_BITS = 16


def delay_pool_allowed(graph: AppGraph, vertex: int) -> bool:
    """Whether synapses onto the vertex may wait in a delay pool (synapses.h) rather than the
    ring holding their whole delay: every row onto it is static (no STDP, whose rules read the
    time a row is processed, no structural plasticity, whose rows change), held or made at each
    spike (the same rows every time: the mapping makes them once to count what may wait)."""
    return all(e.stdp is None and e.structural is None for e in graph.incoming(vertex))


def source_delay_bits(graph: AppGraph, vertex: int) -> int:
    """Delay bits the ring must hold whatever waits in the pool: the delays from sources that
    are not neurons (a Poisson source or a spike array sends a key several times in a tick, and
    a Poisson source drawn on its target's cores adds straight into the ring), so that a
    synapse waits for at most one key a tick: the pool's capacity (delay_pool_capacity)."""
    return delay_bits(
        max([e.max_delay_ticks for e in graph.incoming(vertex) if graph.vertices[e.pre].kind != NEURON], default=1)
    )


def ring_delay_bits(graph: AppGraph, vertex: int, log_n_neurons: int) -> int:
    """R: the ring buffer's delay bits on a core of log_n_neurons index bits: all of the delay
    field's bits D where they fit MAX_RING_BUFFER_BITS, or where the delay pool is not allowed;
    else as many as fit (at least source_delay_bits: partition keeps cores that small)."""
    d = delay_bits(max_incoming_delay(graph, vertex))
    if not delay_pool_allowed(graph, vertex):
        return d
    t = bits_for(len(graph.vertices[vertex].model.receptors))
    fit = layout.const("MAX_RING_BUFFER_BITS") - t - log_n_neurons
    return min(d, max(fit, source_delay_bits(graph, vertex)))


#: The delay pool's expected size on a core (8 bytes a waiting synapse) above which a population
#: keeps cores small enough for their rings to hold every delay instead: a quarter of a core's
#: share of a chip's SDRAM (128 MB over 16 cores).
POOL_BYTES_PER_CORE = 2 * 2**20


def _expected_synapses(plan) -> float:
    if plan.column_counts is not None:
        return float(np.sum(plan.column_counts, dtype=np.float64))
    if plan.n_per_post:
        return float(plan.n_per_post * plan.n_post)
    return float(plan.n_pre) * plan.n_post * plan.p


def _mean_wait(delay, dt: float, offset: int, w: int) -> float:
    """E[max(0, d - offset - w)] of a ConnectionPlan's delay law, d in timesteps."""
    if delay.constant is not None:
        return max(0.0, math.floor(delay.constant / dt + 0.5 + 1e-9) - offset - w)
    u = (np.arange(4096) + 0.5) / 4096
    try:
        ticks = np.floor(quantiles(delay, u, np.zeros(u.size, bool)) / dt + 0.5 + 1e-9)
    except ValueError:  # no quantile function: as if every delay were the longest
        return max(0.0, float(np.floor(delay.bounds[1] / dt + 0.5)) - offset - w)
    return float(np.maximum(ticks - offset - w, 0.0).mean())


def expected_pool_waits(graph: AppGraph, vertex: int, w: int) -> float:
    """About how many synapses onto the vertex its cores' delay pools hold at once, at most, when
    their rings hold delays up to w: the sum over its synapses of max(0, d - w), d the delay
    the word holds (matrix.delay_pool_capacity counts it exactly, core by core)."""
    offset = graph.vertices[vertex].model.delay_offset_ticks
    total = 0.0
    for e in graph.incoming(vertex):
        if e.plan is not None:
            total += _expected_synapses(e.plan) * _mean_wait(e.plan.delay, graph.dt_ms, offset, w)
        elif e.n_synapses:
            counts = np.bincount(e.delay_ticks)
            late = np.arange(counts.size) - offset - w
            total += float(counts[late > 0] @ late[late > 0])
    return total


#: Words a procedural row's buffer has beyond one per neuron on the host (procedural.h; the
#: emulator checks the same DTCM budget as SpiNNaker).
PROCEDURAL_ROW_PAD = layout.const("PROCEDURAL_HOST_ROW_PAD")


def atoms_per_core(graph: AppGraph, v: PopulationVertex) -> int:
    limit = v.max_atoms_per_core
    if v.kind != NEURON:
        return limit
    limit = min(limit, MAX_NEURONS_PER_CORE)
    d = delay_bits(max_incoming_delay(graph, v.index))
    t = bits_for(len(v.model.receptors))
    plastic = any(e.stdp is not None for e in graph.incoming(v.index))
    n_max = layout.const("MAX_RING_BUFFER_BITS") - t - d
    word = WORD_FIELD_BITS - t - d  # index bits the synaptic word leaves
    if delay_pool_allowed(graph, v.index) and n_max < bits_for(limit) and word >= 1:  # long delays wait in the pool
        ring = layout.const("MAX_RING_BUFFER_BITS") - t - min(d, source_delay_bits(graph, v.index))
        n = min(bits_for(limit), max(n_max, min(word, ring)))
        waits = expected_pool_waits(graph, v.index, 2 ** ring_delay_bits(graph, v.index, n) - 1)
        pool_bytes = 8.0 * waits * min(2**n, v.size) / max(v.size, 1)
        if pool_bytes <= POOL_BYTES_PER_CORE:
            n_max = max(n_max, min(word, ring))
        else:
            log.info(
                "Population %r: cores small enough for their rings to hold every delay, as the delay pool "
                "would take about %.1f MB a core",
                v.label,
                pool_bytes / 2**20,
            )
    if n_max < 0:
        raise MappingError(
            f"Population {v.label!r}: an incoming delay of {max_incoming_delay(graph, v.index)} "
            f"timesteps needs {d} delay bits, more than the {layout.const('MAX_RING_BUFFER_BITS')}-bit "
            f"ring buffer allows; use shorter delays or a larger timestep"
        )
    if 2**n_max < limit:
        log.info(
            "Population %r: %d neurons per core (not %d) so that delays of up to %d timesteps fit the ring buffer",
            v.label,
            2**n_max,
            limit,
            max_incoming_delay(graph, v.index),
        )
        limit = 2**n_max
    # LastNeuronSelection keeps two buffers of last-tick keys (structural.c)
    extra = max(
        (
            8 * e.structural.spike_buffer_size
            for e in graph.incoming(v.index)
            if e.structural is not None and not e.structural.random_partner
        ),
        default=0,
    )
    # neuromodulation: each neuron keeps its dopamine events (stdp.h dopamine_history_t)
    dopamine = any(getattr(e.stdp, "timing_rule", None) == "dopamine" for e in graph.incoming(v.index))
    per_neuron = 4 * (2 * layout.const("STDP_DA_HISTORY") + 3) if dopamine else 0
    if any(made_at_spikes(e.plan) for e in graph.incoming(v.index)):
        per_neuron += 4  # a procedural row's words (synapses.h procedural_words)
        extra += 4 * PROCEDURAL_ROW_PAD  # and the host's whole vectors (procedural.h)
    return dtcm_limit(v, limit, t, d, plastic, extra, per_neuron, lambda n: ring_delay_bits(graph, v.index, n))


def dtcm_limit(
    v: PopulationVertex,
    limit: int,
    t: int,
    d: int,
    plastic: bool,
    extra_bytes: int = 0,
    per_neuron: int = 0,
    ring_delay=None,
) -> int:
    """The most neurons (up to limit) whose ring buffer (2^(N+T+R) entries) and STDP
    post-spike history fit the DTCM the model's ARM image leaves (spynn/mapping/budget.py);
    ring_delay(N): R for a core of N index bits (default: d)."""
    image = budget.neuron_image(v.model.name, plastic)
    n = limit
    while n >= 1 and not image.fits(
        n, bits_for(n) + t + (ring_delay(bits_for(n)) if ring_delay else d), extra_bytes + per_neuron * n
    ):
        n -= 1
    name = budget.image_name(v.model.name, plastic)
    needed = image.dtcm_needed(1, 1 + t + d, extra_bytes + per_neuron)
    if n < 1:
        raise MappingError(
            f"Population {v.label!r}: even one neuron does not fit a core's DTCM: its ring buffer "
            f"(2^{1 + t + d} entries for {2**t} synapse types and delays of up to {2**d - 1} timesteps) "
            f"{'and STDP history need' if plastic else 'needs'} {needed} bytes, "
            f"more than the {image.heap_bytes} bytes of the 64 KB DTCM the {name!r} image leaves; "
            f"use shorter delays or a larger timestep"
        )
    if n < limit:
        log.info(
            "Population %r: %d neurons per core (not %d) so that its ring buffer%s fit%s the %d bytes of DTCM "
            "the %r image leaves",
            v.label,
            n,
            limit,
            " and STDP history" if plastic else "",
            "" if plastic else "s",
            image.heap_bytes,
            name,
        )
    return n


def partition(graph: AppGraph, drawn_elsewhere=frozenset()) -> tuple[MachineVertex, ...]:
    """Split every vertex into slices of at most its atoms-per-core limit; the vertices in
    drawn_elsewhere (direct Poisson sources, mapping/direct_poisson.py) get no cores."""
    out: list[MachineVertex] = []
    for v in graph.vertices:
        if v.index in drawn_elsewhere:
            continue
        per_core = atoms_per_core(graph, v)
        if per_core < 1:
            raise MappingError(f"Population {v.label!r}: neurons per core must be >= 1, got {per_core}")
        for s, lo in enumerate(range(0, v.size, per_core)):
            out.append(MachineVertex(len(out), v.index, s, lo, min(lo + per_core, v.size)))
    return tuple(out)


@dataclass(frozen=True)
class KeySpace:
    """Zoned keys: | vertex | slice | atom |, the same field widths for every core."""

    vertex_bits: int
    slice_bits: int
    atom_bits: int

    def base(self, mv: MachineVertex) -> int:
        return (mv.vertex << (self.slice_bits + self.atom_bits)) | (mv.slice_index << self.atom_bits)

    @property
    def core_mask(self) -> int:
        return (0xFFFFFFFF << self.atom_bits) & 0xFFFFFFFF

    @property
    def vertex_mask(self) -> int:
        return (0xFFFFFFFF << (self.slice_bits + self.atom_bits)) & 0xFFFFFFFF

    def vertex_key(self, vertex: int) -> int:
        return vertex << (self.slice_bits + self.atom_bits)


def allocate_keys(graph: AppGraph, cores: tuple[MachineVertex, ...]) -> KeySpace:
    atom_bits = bits_for(max((c.n_atoms for c in cores), default=1))
    slice_bits = bits_for(max((c.slice_index + 1 for c in cores), default=1))
    vertex_bits = bits_for(max(len(graph.vertices), 1))
    if atom_bits + slice_bits + vertex_bits > 32:
        raise MappingError(
            f"routing keys need {atom_bits + slice_bits + vertex_bits} bits (> 32) for "
            f"{len(graph.vertices)} populations on {len(cores)} cores; use fewer populations "
            f"or more neurons per core"
        )
    return KeySpace(vertex_bits, slice_bits, atom_bits)

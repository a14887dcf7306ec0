"""Partition: application vertices -> machine vertices (one core each), and
routing keys for every core."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..errors import MappingError
from ..graph.graph import NEURON, AppGraph, PopulationVertex
from ..synapses import layout

log = logging.getLogger("spynn")

#: A neuron core records at most this many neurons in one record (scratch buffer in DTCM).
MAX_NEURONS_PER_CORE = 256
#: ... and at most this many when it has plastic synapses (their post-spike histories).
MAX_PLASTIC_NEURONS_PER_CORE = 128


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
    return max((int(e.delay_ticks.max()) for e in graph.incoming(vertex) if e.n_synapses), default=1)


def atoms_per_core(graph: AppGraph, v: PopulationVertex) -> int:
    limit = v.max_atoms_per_core
    if v.kind != NEURON:
        return limit
    limit = min(limit, MAX_NEURONS_PER_CORE)
    d = delay_bits(max_incoming_delay(graph, v.index))
    t = bits_for(len(v.model.receptors))
    # plastic projections keep a post-spike history per neuron in DTCM (196 bytes each):
    # at most 128 neurons per core, and a ring buffer of at most 2^13 entries
    plastic = any(e.stdp is not None for e in graph.incoming(v.index))
    if plastic and limit > MAX_PLASTIC_NEURONS_PER_CORE:
        limit = MAX_PLASTIC_NEURONS_PER_CORE
    n_max = layout.const("MAX_RING_BUFFER_BITS") - (1 if plastic else 0) - t - d
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
    return limit


def partition(graph: AppGraph) -> tuple[MachineVertex, ...]:
    """Split every vertex into slices of at most its atoms-per-core limit."""
    out: list[MachineVertex] = []
    for v in graph.vertices:
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

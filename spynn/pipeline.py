"""The whole mapping pipeline, graph -> per-chip SDRAM images, as one function
of explicit inputs: partition, keys, synaptic matrices, core images,
placement, routing."""

from __future__ import annotations

import dataclasses
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from .graph.graph import NEURON, AppGraph
from .image.cores import core_image
from .image.regions import ChipSdram, CoreImage, build_chip_sdram
from .mapping.direct_poisson import direct_poisson_edges
from .native import release_free_memory
from .mapping.machine import Machine, machine_for
from .mapping.partition import KeySpace, MachineVertex, allocate_keys, partition
from .mapping.place import place
from .mapping.routing import RoutingTables, route
from .synapses.matrix import CoreSynapses, EdgeIndex, build_core_synapses, source_rates


@dataclass(frozen=True, eq=False)
class MappedNetwork:
    graph: AppGraph
    machine: Machine
    cores: tuple[MachineVertex, ...]
    cores_of: list[list[MachineVertex]]  # per vertex, its cores in order
    keys: KeySpace
    synapses: dict[int, CoreSynapses]  # neuron cores
    placements: np.ndarray  # (n_cores, 2): chip, core id
    tables: RoutingTables
    chips: list[ChipSdram]
    rec_ticks: int
    warnings: tuple[str, ...]
    direct_poisson: dict[int, int]  # Poisson vertex -> its edge, drawn on the target's cores
    timings: dict[str, float] = field(default_factory=dict)

    def chip_of(self, core: int) -> int:
        return int(self.placements[core, 0])


def map_network(graph: AppGraph, rec_ticks: int, machine: Machine | None = None, n_threads: int = 1) -> MappedNetwork:
    """n_threads: threads packing the cores' synaptic matrices (the work is C and numpy,
    which release the GIL); the result does not depend on it."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    direct = direct_poisson_edges(graph)
    cores = partition(graph, frozenset(direct))
    cores_of: list[list[MachineVertex]] = [[] for _ in graph.vertices]
    for mv in cores:
        cores_of[mv.vertex].append(mv)
    keys = allocate_keys(graph, cores)
    timings["partition"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    edge_index = {e.index: EdgeIndex(e, np.array([c.lo for c in cores_of[e.pre]], dtype=np.int64)) for e in graph.edges}
    direct_edges = frozenset(direct.values())
    rates = source_rates(graph)
    neuron_cores = [mv for mv in cores if graph.vertices[mv.vertex].kind == NEURON]

    def pack(mv: MachineVertex) -> CoreSynapses:
        return build_core_synapses(graph, mv, cores_of, edge_index, keys, direct_edges, rates)

    with ThreadPoolExecutor(max_workers=max(1, n_threads)) as pool:
        synapses = dict(zip((mv.index for mv in neuron_cores), pool.map(pack, neuron_cores)))
    timings["synapses"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    targets: list[set[int]] = [set() for _ in cores]
    for post, syn in synapses.items():
        for src in syn.sources:
            targets[src].add(post)
    images = {
        mv.index: core_image(graph, mv, keys.base(mv), bool(targets[mv.index]), synapses.get(mv.index), rec_ticks)
        for mv in cores
    }
    timings["images"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    labels = [v.label for v in graph.vertices]
    machine = machine or machine_for(len(cores))
    sizes = np.array([images[mv.index].size_bytes for mv in cores], dtype=np.int64)
    placements = place(cores, sizes, machine, labels)
    tables = route(cores, placements, targets, keys, machine, labels)
    timings["place_route"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    per_chip: list[dict[int, CoreImage]] = [{} for _ in range(machine.n_chips)]
    for mv in cores:
        per_chip[int(placements[mv.index, 0])][mv.index] = images.pop(mv.index)
    # the chips' SDRAM becomes the only copy of the synaptic matrices: drop the others
    # chip by chip, so at most one chip's worth is held twice
    synapses = {k: dataclasses.replace(s, matrix=()) for k, s in synapses.items()}
    chips = []
    for c in range(machine.n_chips):
        chips.append(build_chip_sdram(per_chip[c]))
        per_chip[c] = {}
        release_free_memory()
    timings["sdram"] = time.perf_counter() - t0
    warnings = tuple(w for s in synapses.values() for w in s.warnings)
    return MappedNetwork(
        graph, machine, cores, cores_of, keys, synapses, placements, tables, chips, rec_ticks, warnings, direct, timings
    )

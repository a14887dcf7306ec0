"""The whole mapping pipeline, graph -> per-chip SDRAM images, as one function
of explicit inputs: partition, keys, synaptic matrices, core images,
placement, routing."""

from __future__ import annotations

import dataclasses
import functools
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .graph.graph import NEURON, AppGraph
from .image.cores import core_image
from .image.regions import ChipSdram, CoreImage, build_chip_sdram, chip_words, n_words
from .mapping.direct_poisson import direct_poisson_edges
from .native import HugeArena, release_free_memory, touch_pages, zeros_huge
from .mapping.machine import Machine, machine_for
from .mapping.partition import KeySpace, MachineVertex, allocate_keys, partition
from .mapping.place import place
from .mapping.routing import RoutingTables, route
from .synapses import layout
from .synapses.procedural import held_words
from .synapses.matrix import CoreSynapses, EdgeIndex, build_core_synapses, fill_rows, source_rates


MATRIX_REGION = layout.const("REGION_SYNAPTIC_MATRIX")
#: A held row's place is handed to the cores as 1 + its offset from their matrix, below the
#: HINT_PROCEDURAL bit: the chips' SDRAM and the row store lie within that many words.
MAX_HINT_OFFSET = layout.const("HINT_PROCEDURAL") - 2
#: Chips built between two hand-backs of freed memory to the system (release_free_memory,
#: ~3 ms each): the rows' temporaries of a few chips, at most, are held meanwhile.
TRIM_EVERY_CHIPS = 4


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
    #: uint32, after the chips' SDRAM in the same area of memory: where the host emulator holds
    #: the most used of the rows its cores make at each spike (emu_row_store), empty if none
    row_store: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32))

    def chip_of(self, core: int) -> int:
        return int(self.placements[core, 0])

    @functools.cached_property
    def cores_by_edge(self) -> dict[int, list[int]]:
        """Edge -> the post cores that hold some of its synapses (rows, or a Poisson source's
        words), in core order: found once, for reading projections back."""
        out: dict[int, list[int]] = {}
        for core in sorted(self.synapses):
            syn = self.synapses[core]
            for e in (
                {b.edge for b in syn.blocks}
                | {r.edge for r in (*syn.packed, *syn.procedural)}
                | {d.edge for d in syn.direct}
            ):
                out.setdefault(e, []).append(core)
        return out

    def region_to_chip_end(self, core: int, region: int) -> np.ndarray:
        """A core's region and every word after it in its chip's SDRAM (where the chip's shared
        tables lie: image.regions.build_chip_sdram)."""
        sdram = self.chips[self.chip_of(core)]
        return sdram.words[sdram.region_offset[core][region] :]

    def region(self, core: int, region: int) -> np.ndarray:
        """A core's region in its chip's SDRAM (empty if the core has none)."""
        sdram = self.chips[self.chip_of(core)]
        off = sdram.region_offset[core].get(region)
        if off is None:
            return np.zeros(0, dtype=np.uint32)
        size = int(sdram.words[sdram.block_offset[core] + 3 + 2 * region])
        return sdram.words[off : off + size]


def map_network(
    graph: AppGraph,
    rec_ticks: int,
    machine: Machine | None = None,
    n_threads: int = 1,
    on_written: Callable[[list[int]], None] | None = None,
    row_store_words: int = 0,
) -> MappedNetwork:
    """n_threads: threads packing the cores' synaptic matrices (the work is C and numpy,
    which release the GIL); the result does not depend on it.  on_written: called with the
    indices of the edges whose rows are all in the chips' SDRAM, as each chip is built, so
    the caller may drop its copies (ProjectionEdge.release_synapses) while the rest is built.
    row_store_words: words the host emulator may hold of the rows its cores make at each spike
    (MappedNetwork.row_store, after the chips' SDRAM; at most what those rows would take)."""
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
    edge_index = {e.index: EdgeIndex(e, cores_of[e.pre], keys) for e in graph.edges}
    direct_edges = frozenset(direct.values())
    rates = source_rates(graph)
    neuron_cores = [mv for mv in cores if graph.vertices[mv.vertex].kind == NEURON]

    arena = HugeArena()

    def pack(mv: MachineVertex) -> CoreSynapses:
        return build_core_synapses(graph, mv, cores_of, edge_index, keys, direct_edges, rates, arena.zeros)

    with ThreadPoolExecutor(max_workers=max(1, n_threads)) as pool:
        synapses = dict(zip((mv.index for mv in neuron_cores), pool.map(pack, neuron_cores)))
    edge_index.clear()  # its views of the edges' arrays: the fills hold what is still to write
    arena = None  # its last area goes once its matrices are in the chips
    timings["synapses"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    targets = _targets(synapses, len(cores))
    images = {
        mv.index: core_image(graph, mv, keys.base(mv), targets[mv.index].size > 0, synapses.get(mv.index), rec_ticks)
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
    # the chips' SDRAM becomes the only copy of the synaptic matrices (most rows are written
    # straight into it: fill_rows): drop the others chip by chip, so at most one chip's worth
    # is held twice
    fills = {k: s for k, s in synapses.items() if s.fills}
    synapses = {k: dataclasses.replace(s, matrix=(), fills=()) for k, s in synapses.items()}
    written = _edges_written_by_chip(graph, cores_of, placements, machine.n_chips)

    def chip_done(c: int) -> None:
        if on_written is not None and written[c]:
            on_written(written[c])

    store = _row_store_words(synapses, cores, graph, row_store_words)
    chips, row_store, fill_warnings, fill_time = _build_chips(
        per_chip, fills, cores, graph, n_threads, chip_done, store
    )
    timings["synapses"] += fill_time
    timings["sdram"] = time.perf_counter() - t0 - fill_time
    warnings = tuple(w for k, s in synapses.items() for w in (*s.warnings, *fill_warnings.get(k, ())))
    return MappedNetwork(
        graph,
        machine,
        cores,
        cores_of,
        keys,
        synapses,
        placements,
        tables,
        chips,
        rec_ticks,
        warnings,
        direct,
        timings,
        row_store,
    )


def _row_store_words(synapses, cores, graph: AppGraph, budget: int) -> int:
    """Words to leave for held rows: what all procedural rows would take held
    (procedural.held_words) and a tenth more, at most the budget."""
    if budget <= 0:
        return 0
    need = sum(
        held_words(graph.edges[ref.edge].plan, ref.n_rows, cores[k].n_atoms)
        for k, syn in synapses.items()
        for ref in syn.procedural
    )
    return int(min(1.1 * need, budget)) if need else 0


def _targets(synapses: dict[int, CoreSynapses], n_cores: int) -> list[np.ndarray]:
    """Per core, the sorted post cores that have synapses from it (arrays: a full-scale
    microcircuit has a million (source, post) core pairs)."""
    posts = sorted(synapses)
    src = np.concatenate([synapses[p].sources for p in posts] or [np.zeros(0, np.int32)])
    post = np.repeat(np.array(posts, dtype=np.int32), [synapses[p].sources.size for p in posts])
    order = np.argsort(src, kind="stable")  # stable: each source's posts stay ascending
    bounds = np.searchsorted(src[order], np.arange(n_cores + 1))
    post = post[order]
    return [post[bounds[c] : bounds[c + 1]] for c in range(n_cores)]


def _edges_written_by_chip(graph: AppGraph, cores_of, placements: np.ndarray, n_chips: int) -> list[list[int]]:
    """Per chip, the edges whose post cores are all on it or on chips before it (chips are
    built in order): those whose rows are all written once that chip is."""
    out: list[list[int]] = [[] for _ in range(n_chips)]
    for e in graph.edges:
        out[max(int(placements[mv.index, 0]) for mv in cores_of[e.post])].append(e.index)
    return out


def _build_chips(
    per_chip: list[dict[int, CoreImage]],
    fills: dict[int, CoreSynapses],
    cores,
    graph: AppGraph,
    n_threads: int,
    chip_done: Callable[[int], None],
    store_words: int,
) -> tuple[list[ChipSdram], np.ndarray, dict[int, list[str]], float]:
    """Every chip's SDRAM, with the rows of `fills` written in place (threads over cores),
    calling chip_done(chip) after each, and after the chips the host emulator's row store of
    store_words (MappedNetwork.row_store), all in one area of memory touched as it is built;
    returns (chips, row store, weight-loss warnings by core, seconds spent writing rows)."""
    fill_warnings: dict[int, list[str]] = {}
    fill_time = 0.0
    chips = []
    sizes = [chip_words(images) for images in per_chip]
    starts = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])
    store_words = max(0, min(store_words, MAX_HINT_OFFSET - int(starts[-1])))
    area = zeros_huge(int(starts[-1]) + store_words)  # touched chip by chip (build_chip_sdram)
    with ThreadPoolExecutor(max_workers=max(1, n_threads)) as pool:
        for c in range(len(per_chip)):
            chip = build_chip_sdram(per_chip[c], n_threads, area[starts[c] : starts[c + 1]])
            t0 = time.perf_counter()
            todo = [k for k in chip.block_offset if k in fills]
            jobs = [(fills.pop(k), cores[k], graph, chip) for k in todo]
            fill_warnings.update(zip(todo, pool.map(lambda job: _fill(*job), jobs)))
            fill_time += time.perf_counter() - t0
            chips.append(chip)
            per_chip[c] = {}
            del jobs
            chip_done(c)
            if c % TRIM_EVERY_CHIPS == TRIM_EVERY_CHIPS - 1 or c == len(per_chip) - 1:
                release_free_memory()
    row_store = area[int(starts[-1]) :]
    touch_pages(row_store, max(1, n_threads))  # now, as the chips' SDRAM: not in the run
    return chips, row_store, fill_warnings, fill_time


def _fill(syn: CoreSynapses, mv: MachineVertex, graph: AppGraph, chip: ChipSdram) -> list[str]:
    """Write a core's static rows into its matrix in the chip's SDRAM (fill_rows)."""
    start = chip.region_offset[mv.index][MATRIX_REGION]
    matrix = chip.words[start : start + n_words(syn.matrix)]
    return fill_rows(syn, mv.lo, graph.vertices[mv.vertex].model.delay_offset_ticks, matrix)

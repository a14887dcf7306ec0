"""Multicast routing: a tree per source core over the chips' links, one entry
per chip on the tree, then compression to fit 1023 entries per chip.

Route word (SpiNNaker's): bits 0..5 = links E, NE, N, W, SW, S; bits 6..23 = cores.
A chip with no matching entry sends a packet that arrived on link L straight
on, out of link (L + 3) % 6 ("default routing"); a packet from a local core
with no entry is dropped (and counted)."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

import numpy as np

from ..errors import MappingError
from ..synapses import layout
from .machine import Machine
from .partition import KeySpace, MachineVertex

CORE_SHIFT = layout.const("ROUTE_CORE_SHIFT")


@dataclass(frozen=True, eq=False)
class RoutingTables:
    table_start: np.ndarray  # uint32 (n_chips + 1)
    table: np.ndarray  # uint32 (n_entries, 3): key, mask, route; first match wins

    def entries(self, chip: int) -> np.ndarray:
        return self.table[self.table_start[chip] : self.table_start[chip + 1]]


def bfs_tree(machine: Machine, source: int) -> tuple[np.ndarray, np.ndarray]:
    """Shortest-path tree from source: (parent chip, link from parent) per chip, -1 if unreachable."""
    parent = np.full(machine.n_chips, -1, dtype=np.int64)
    via = np.full(machine.n_chips, -1, dtype=np.int64)
    parent[source] = source
    queue = deque([source])
    while queue:
        c = queue.popleft()
        for link in range(6):
            n = int(machine.links[c, link])
            if n >= 0 and parent[n] < 0:
                parent[n], via[n] = c, link
                queue.append(n)
    return parent, via


def route(
    cores: tuple[MachineVertex, ...],
    placements: np.ndarray,
    targets: list[np.ndarray],
    keys: KeySpace,
    machine: Machine,
    labels: list[str],
) -> RoutingTables:
    """targets[s] = the cores that must receive every key of core s (sorted)."""
    trees: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    paths: dict[tuple[int, int], list[tuple[int, int, int]]] = {}  # (source chip, chip) -> its hops
    # per chip: vertex -> list of (key, mask, route, default_ok)
    per_chip: list[dict[int, list[tuple[int, int, int, bool]]]] = [defaultdict(list) for _ in range(machine.n_chips)]
    for src in cores:
        dsts = targets[src.index]
        if not len(dsts):
            continue
        src_chip = int(placements[src.index, 0])
        if src_chip not in trees:
            trees[src_chip] = bfs_tree(machine, src_chip)
        routes: dict[int, int] = defaultdict(int)
        in_link: dict[int, int] = {}
        dst = np.asarray(dsts, dtype=np.int64)
        for chip, core_id in zip(placements[dst, 0].tolist(), placements[dst, 1].tolist()):
            routes[chip] |= 1 << (CORE_SHIFT + core_id)
        for chip in dict.fromkeys(placements[dst, 0].tolist()):  # each chip's path once, in first-seen order
            if (src_chip, chip) not in paths:
                paths[src_chip, chip] = _path(machine, trees[src_chip], src_chip, chip)
            for c, p, link in paths[src_chip, chip]:
                routes[p] |= 1 << link
                in_link[c] = (link + 3) % 6
        base = keys.base(src)
        for chip, r in routes.items():
            straight = chip in in_link and r == 1 << ((in_link[chip] + 3) % 6)
            per_chip[chip][src.vertex].append((base, keys.core_mask, r, straight))
    return _compress(per_chip, keys, machine, labels)


def _path(
    machine: Machine, tree: tuple[np.ndarray, np.ndarray], src_chip: int, chip: int
) -> list[tuple[int, int, int]]:
    """The hops (chip, its parent, the parent's link to it) from chip back to src_chip."""
    parent, via = tree
    hops, c = [], chip
    while c != src_chip:
        p = int(parent[c])
        if p < 0:
            raise MappingError(f"chip {machine.chips[chip]} cannot be reached from {machine.chips[src_chip]}")
        hops.append((c, p, int(via[c])))
        c = p
    return hops


def _compress(per_chip, keys: KeySpace, machine: Machine, labels: list[str]) -> RoutingTables:
    """Per chip and source population: one population-wide entry for the most common
    route (exceptions listed before it); entries that only go straight on are left to
    default routing when the whole population goes straight on."""
    start = [0]
    rows: list[tuple[int, int, int]] = []
    for chip, groups in enumerate(per_chip):
        n_before = len(rows)
        for vertex in sorted(groups):
            entries = groups[vertex]
            route_counts: dict[int, int] = defaultdict(int)
            for _, _, r, _ in entries:
                route_counts[r] += 1
            if len(route_counts) == 1 and all(e[3] for e in entries):
                continue  # default routing carries all of them
            common = max(route_counts, key=lambda r: (route_counts[r], -r))
            rows.extend((k, m, r) for k, m, r, _ in entries if r != common)
            rows.append((keys.vertex_key(vertex), keys.vertex_mask, common))
        n = len(rows) - n_before
        if n > machine.router_entries:
            biggest = sorted(groups, key=lambda v: -len(groups[v]))[:3]
            raise MappingError(
                f"chip {machine.chips[chip]} needs {n} multicast routing entries after compression, "
                f"more than the {machine.router_entries} available (most from populations "
                f"{[labels[v] for v in biggest]}); use more neurons per core or fewer populations"
            )
        start.append(len(rows))
    table = np.array(rows, dtype=np.uint32).reshape(-1, 3)
    return RoutingTables(np.array(start, dtype=np.uint32), table)

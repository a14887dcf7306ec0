"""A SpiNNaker-1 machine description: chips on a triangular mesh, 6 links each.

Defaults are the real limits: 18 cores per chip (core 0 runs the monitor, cores
1..16 run applications, 17 is spare), 64 KB DTCM and 32 KB ITCM per core,
123,469,792 usable bytes of SDRAM and 1023 multicast router entries per chip."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Link directions, in SpiNNaker's order: E, NE, N, W, SW, S.
LINK_DELTAS = ((1, 0), (1, 1), (0, 1), (-1, 0), (-1, -1), (0, -1))

#: Chips of one 48-chip SpiNN-5 board: for each y, the range of x.
SPINN5_ROWS = ((0, 4), (0, 5), (0, 6), (0, 7), (1, 7), (2, 7), (3, 7), (4, 7))


@dataclass(frozen=True, eq=False)
class Machine:
    name: str
    chips: tuple[tuple[int, int], ...]  # (x, y) of chip i
    links: np.ndarray  # (n_chips, 6) int32: neighbour chip or -1
    cores_per_chip: int = 18
    app_cores: tuple[int, ...] = tuple(range(1, 17))
    sdram_bytes: int = 123_469_792
    dtcm_bytes: int = 65_536
    itcm_bytes: int = 32_768
    router_entries: int = 1023

    @property
    def n_chips(self) -> int:
        return len(self.chips)

    @property
    def n_app_cores(self) -> int:
        return self.n_chips * len(self.app_cores)


def _machine(name: str, chips: list[tuple[int, int]], width: int, height: int, wrap: bool) -> Machine:
    index = {c: i for i, c in enumerate(chips)}
    links = np.full((len(chips), 6), -1, dtype=np.int32)
    for i, (x, y) in enumerate(chips):
        for link, (dx, dy) in enumerate(LINK_DELTAS):
            nx, ny = x + dx, y + dy
            if wrap:
                nx, ny = nx % width, ny % height
            links[i, link] = index.get((nx, ny), -1)
    return Machine(name=name, chips=tuple(chips), links=links)


def spinn5_board() -> Machine:
    """One 48-chip SpiNN-5 board (no wrap-around links)."""
    chips = [(x, y) for y, (x0, x1) in enumerate(SPINN5_ROWS) for x in range(x0, x1 + 1)]
    return _machine("SpiNN-5 (48 chips)", chips, 8, 8, wrap=False)


def torus(width: int, height: int) -> Machine:
    """A multi-board machine: a width x height torus of chips (triads of boards are 12 x 12)."""
    chips = [(x, y) for y in range(height) for x in range(width)]
    return _machine(f"{width}x{height} torus ({width * height} chips)", chips, width, height, wrap=True)


def machine_for(n_cores: int) -> Machine:
    """The default machine: one SpiNN-5 board, grown in 12 x 12 triads for bigger networks."""
    board = spinn5_board()
    if n_cores <= board.n_app_cores:
        return board
    side = 12
    while side * side * 16 < n_cores:
        side += 12
    return torus(side, side)

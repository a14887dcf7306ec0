"""Placement: machine vertices -> (chip, core), filling chips in order and
checking each chip's cores and SDRAM."""

from __future__ import annotations

import numpy as np

from ..errors import MappingError
from .machine import Machine
from .partition import MachineVertex


def place(cores: tuple[MachineVertex, ...], sdram_bytes: np.ndarray, machine: Machine, labels: list[str]) -> np.ndarray:
    """Return (n_cores, 2) int32 [chip, core id]; sdram_bytes[i] is core i's SDRAM block."""
    out = np.zeros((len(cores), 2), dtype=np.int32)
    chip, slot, used = 0, 0, 0
    for mv in cores:
        need = int(sdram_bytes[mv.index])
        if need > machine.sdram_bytes:
            raise MappingError(
                f"Population {labels[mv.vertex]!r}: one core (atoms {mv.lo}..{mv.hi - 1}) needs "
                f"{need:,} bytes of SDRAM, more than a chip's {machine.sdram_bytes:,}; set fewer "
                f"neurons per core with sim.set_number_of_neurons_per_core()"
            )
        if slot == len(machine.app_cores) or used + need > machine.sdram_bytes:
            chip, slot, used = chip + 1, 0, 0
        if chip >= machine.n_chips:
            raise MappingError(
                f"the network needs more than the {machine.n_app_cores} application cores of {machine.name}"
            )
        out[mv.index] = (chip, machine.app_cores[slot])
        slot += 1
        used += need
    return out

"""Where a mapped network runs: one small Protocol."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Backend(Protocol):
    def run(self, n_ticks: int, batch: int = 1) -> None:
        """Run n_ticks more timesteps; `batch`: how many the emulator may take between two
        synchronisations of its cores, when the caller knows that exact (a board ignores it)."""

    def region(self, core: int, region: int) -> np.ndarray:
        """A core's region, as uint32 words (a live view where the backend allows)."""

    @property
    def tick(self) -> int:
        """Timesteps run so far."""

    def close(self) -> None:
        """Release the machine."""

"""The host emulator backend: the mapped network's SDRAM images, run by the C
kernels compiled for the host (spynn/_emulator, loaded with ctypes)."""

from __future__ import annotations

import ctypes
import os
import time

import numpy as np

from ..errors import EmulatorError
from ..native import P32, ptr, library
from ..pipeline import MappedNetwork


def default_threads(n_cores: int) -> int:
    """The host's CPUs (at most 8) for networks of 4 cores or more, else one: threads
    synchronise twice a tick, which costs more than it gains on tiny networks.  Results
    are identical whatever the count (measured: 4k neurons at 0.1 ms, 0.28 s on one
    thread, 0.14 s on two, the same 52,433 spikes)."""
    return max(1, min(os.cpu_count() or 1, 8)) if n_cores >= 4 else 1


class Emulator:
    """Runs a MappedNetwork; its SDRAM arrays are the ones the mapping built."""

    #: Cores the emulator runs at most (its routing lists hold core indices in 16 bits).
    MAX_CORES = 1 << 16

    def __init__(
        self,
        mapped: MappedNetwork,
        n_threads: int | None = None,
        hold_words: int = 0,
        hold_ticks: tuple[int, int] = (0, 0),
    ):
        """hold_words: words of the rows the cores make at each spike that the emulator may hold
        instead, those of the sources that send the most keys an atom between ticks
        hold_ticks[0] and hold_ticks[1] (held at hold_ticks[1], in the mapping's row store)."""
        if len(mapped.cores) > self.MAX_CORES:
            raise EmulatorError(
                f"the network needs {len(mapped.cores)} cores, and the emulator runs at most {self.MAX_CORES}; "
                f"raise the neurons per core (sim.set_number_of_neurons_per_core) or run it on a SpiNNaker machine"
            )
        self.mapped = mapped
        lib = library()
        self._sdram = [c.words for c in mapped.chips]
        sdram_ptrs = (P32 * len(self._sdram))(*[ptr(a) for a in self._sdram])
        self._links = np.ascontiguousarray(mapped.machine.links, dtype=np.int32)
        self._tstart = np.ascontiguousarray(mapped.tables.table_start, dtype=np.uint32)
        self._table = np.ascontiguousarray(mapped.tables.table, dtype=np.uint32).reshape(-1)
        if self._table.size == 0:
            self._table = np.zeros(3, dtype=np.uint32)
        desc = np.zeros((len(mapped.cores), 3), dtype=np.uint32)
        for mv in mapped.cores:
            chip, core_id = mapped.placements[mv.index]
            desc[mv.index] = (chip, core_id, mapped.chips[chip].block_offset[mv.index])
        self._desc = desc.reshape(-1)
        err = ctypes.create_string_buffer(512)
        self._handle = lib.emu_create(
            len(self._sdram),
            sdram_ptrs,
            ptr(self._links, ctypes.c_int32),
            ptr(self._tstart),
            ptr(self._table),
            len(mapped.cores),
            ptr(self._desc),
            n_threads or default_threads(len(mapped.cores)),
            err,
            len(err),
        )
        if not self._handle:
            raise EmulatorError(f"the emulator could not load the network: {err.value.decode()}")
        if mapped.row_store.size:
            lib.emu_row_store(self._handle, ptr(mapped.row_store), mapped.row_store.size)
        #: (tick, what) still to do: mark the sent-key counts, then hold rows
        self._hold_steps = (
            [(hold_ticks[0], "mark"), (hold_ticks[1], "hold")] if hold_words > 0 and mapped.row_store.size else []
        )
        self._hold_words = hold_words
        #: words of rows held (emu_hold_rows), and the seconds it took
        self.held_words, self.hold_seconds = 0, 0.0

    @property
    def tick(self) -> int:
        return int(library().emu_tick(self._handle))

    def run(self, n_ticks: int, batch: int = 1) -> None:
        """n_ticks more ticks; up to `batch` between two meetings of the threads, which the
        caller must know to be exact (runtime.batch_ticks).  Stops on the way where rows are
        to be held (which changes no spike: the words are the same)."""
        lib = library()
        end = self.tick + int(n_ticks)
        while self.tick < end:
            stop = min([end] + [t for t, _ in self._hold_steps if t > self.tick])
            if lib.emu_run(self._handle, stop - self.tick, int(batch)) != 0:
                raise EmulatorError("the emulator failed during the run (out of host memory)")
            while self._hold_steps and self._hold_steps[0][0] <= self.tick:
                self._hold_step(self._hold_steps.pop(0)[1])

    def _hold_step(self, what: str) -> None:
        lib = library()
        if what == "mark":
            lib.emu_mark_sent(self._handle)
            return
        t0 = time.perf_counter()
        held = lib.emu_hold_rows(self._handle, self._hold_words)
        if held < 0:
            raise EmulatorError("the emulator ran out of host memory holding rows")
        self.held_words = int(held)
        self.hold_seconds = time.perf_counter() - t0

    def region(self, core: int, region: int) -> np.ndarray:
        return self.mapped.region(core, region)

    def close(self) -> None:
        if self._handle:
            library().emu_destroy(self._handle)
            self._handle = None

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

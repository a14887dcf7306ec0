"""The host library spynn/_emulator (built from c_kernels by setup.py), loaded with ctypes:
the emulator (spynn/backends/emulator.py) and the mapping's C helpers (c_kernels/host/pack_rows.c)."""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.util
import mmap
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .errors import EmulatorError

P32 = ctypes.POINTER(ctypes.c_uint32)
_lib = None


def library() -> ctypes.CDLL:
    global _lib
    if _lib is None:
        spec = importlib.util.find_spec("spynn._emulator")
        if spec is None or spec.origin is None:
            raise EmulatorError(
                "the host kernel library spynn/_emulator is not built; run `pip install -e .` "
                "(or `python setup.py build_ext --inplace`) in the spynn checkout"
            )
        lib = ctypes.CDLL(spec.origin)
        lib.emu_create.restype = ctypes.c_void_p
        lib.emu_create.argtypes = [
            ctypes.c_uint32,
            ctypes.POINTER(P32),
            ctypes.POINTER(ctypes.c_int32),
            P32,
            P32,
            ctypes.c_uint32,
            P32,
            ctypes.c_uint32,
            ctypes.c_char_p,
            ctypes.c_uint32,
        ]
        lib.emu_run.restype = ctypes.c_int
        lib.emu_run.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32]
        lib.emu_tick.restype = ctypes.c_uint32
        lib.emu_tick.argtypes = [ctypes.c_void_p]
        lib.emu_row_store.restype = None
        lib.emu_row_store.argtypes = [ctypes.c_void_p, P32, ctypes.c_uint64]
        lib.emu_mark_sent.restype = None
        lib.emu_mark_sent.argtypes = [ctypes.c_void_p]
        lib.emu_hold_rows.restype = ctypes.c_int64
        lib.emu_hold_rows.argtypes = [ctypes.c_void_p, ctypes.c_uint64]
        lib.emu_destroy.restype = None
        lib.emu_destroy.argtypes = [ctypes.c_void_p]
        _i64 = ctypes.POINTER(ctypes.c_int64)
        _f64 = ctypes.POINTER(ctypes.c_double)
        u32, u64, f64 = ctypes.c_uint32, ctypes.c_uint64, ctypes.c_double
        lib.pack_static_rows.restype = None
        lib.pack_static_rows.argtypes = [u64, _i64, P32, _i64, P32, P32]
        lib.count_atoms.restype = None
        lib.count_atoms.argtypes = [u64, ctypes.c_void_p, u32, ctypes.POINTER(u64)]
        lib.add_input_sums.restype = f64
        lib.add_input_sums.argtypes = [u64, ctypes.c_void_p, u32, u32, ctypes.c_void_p, u32, f64, _f64, _f64]
        lib.procedural_rows.restype = u64
        lib.procedural_rows.argtypes = [P32, u32, u32, u32, u32, u64, P32, P32]
        lib.procedural_delay_waits.restype = u64
        lib.procedural_delay_waits.argtypes = [P32, u32, u32, u32, u32, u32, u32]
        lib.procedural_place.restype = None
        lib.procedural_place.argtypes = [P32, P32, P32, u32, P32]
        lib.procedural_count.restype = u64
        lib.procedural_count.argtypes = [P32, u32, u32, ctypes.POINTER(u64)]
        lib.procedural_connections.restype = u64
        lib.procedural_connections.argtypes = [P32, u32, u32, u64, P32, P32, _i64, P32]
        lib.static_words.restype = u64
        lib.static_words.argtypes = [
            *(u64, P32, P32, _f64, P32),  # n, pre, post, weight, delay
            *(u32, f64, u32, u32, u32, u32, u32, f64),  # post_lo, scale, delay_offset, the word's fields, loss_limit
            *(_i64, u32, ctypes.c_int64),  # pre_starts, n_cores, max_rows
            *(P32, _i64, ctypes.POINTER(u64)),  # words, row, counts
        ]
        lib.decode_spike_records.restype = u64
        lib.decode_spike_records.argtypes = [P32, u64, u32, u32, _i64, _i64]
        lib.shift_row_starts.restype = None
        lib.shift_row_starts.argtypes = [u64, P32, _i64, _i64, _i64]
        lib.packed_index.restype = u64
        lib.packed_index.argtypes = [u64, _i64, _i64, ctypes.POINTER(u64), P32, _i64, _i64, P32]
        lib.fill_static_rows.restype = u64
        vp = ctypes.c_void_p
        lib.fill_static_rows.argtypes = [
            *(u64, vp, u32, vp, u32, vp, u32, vp, u32),  # n, pre, post, weight, delay, each + its item size
            *(u32, f64, u32, u32, u32, u32, u32, f64),  # post_lo, scale, delay_offset, the word's fields, loss_limit
            *(u64, P32, P32, P32, ctypes.POINTER(u64)),  # n_atoms, first, cursor, out, counts
        ]
        lib.fixed_probability_columns.restype = u64
        lib.fixed_probability_columns.argtypes = [u64, u32, f64, u32, u32, u32, u64, P32, P32, ctypes.POINTER(u64)]
        lib.fixed_number_columns.restype = u64
        lib.fixed_number_columns.argtypes = [
            *(
                u64,
                u32,
                u32,
                P32,
                u32,
                u32,
                u32,
                u32,
                u64,
            ),  # seed, n_pre, n, n per column, replace, no_self, cols, room
            *(P32, P32, ctypes.POINTER(u64), P32),  # pre, post, counts, scratch
        ]
        lib.column_values.restype = None
        lib.column_values.argtypes = [u64, u32, _f64, u32, u32, ctypes.POINTER(u64), _f64]
        _lib = lib
    return _lib


def ptr(a: np.ndarray, ctype=ctypes.c_uint32):
    """A pointer to a's data, for a C call while the caller holds a.  (numpy's data_as makes a
    reference cycle per call, which piles up while the mapping pauses the collector.)"""
    return ctypes.cast(a.ctypes.data, ctypes.POINTER(ctype))


def release_free_memory() -> None:
    """Hand memory freed by this process back to the system (glibc's malloc_trim; nothing
    elsewhere).  The mapping frees each chip's synaptic matrices as it copies them into the
    chip's SDRAM; those were allocated on worker threads, whose malloc arenas glibc does not
    shrink by itself, so without this the process would hold both copies."""
    global _trim
    if _trim is None:
        try:
            _trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _trim = False
    if _trim:
        _trim(0)


_trim = None


def floats_for_c(a: np.ndarray) -> tuple[np.ndarray, int]:
    """(a as a contiguous array of float32 or float64, its item size), for the C helpers that
    read weights in either width (no double-precision copy of single-precision weights)."""
    if a.dtype not in (np.float32, np.float64):
        a = a.astype(np.float64)
    return np.ascontiguousarray(a), a.dtype.itemsize


def unsigned_for_c(a: np.ndarray) -> tuple[np.ndarray, int]:
    """(a as a contiguous array of 1-, 2- or 4-byte unsigned integers, its item size), for the
    C helpers that read indices and delays in whatever width they are stored."""
    if a.dtype not in (np.uint8, np.uint16, np.uint32):
        a = a.astype(np.uint32)
    return np.ascontiguousarray(a), a.dtype.itemsize


HUGE_PAGE_BYTES = 2 * 1024 * 1024


def zeros_huge(n: int, dtype=np.uint32, n_threads: int = 1) -> np.ndarray:
    """np.zeros(n, dtype) on transparent huge pages where the system gives them (Linux, THP
    "madvise" or "always"): memory the emulator walks at random every tick (the chips'
    SDRAM, rows of the synaptic matrices above all), whose 4 kB pages would each cost a TLB
    miss.  Small arrays, and other systems, get np.zeros.  n_threads > 1: the pages are
    touched now by that many threads (for an array that will be written all over anyway:
    the system's first touch of fresh memory, zeroing its pages, then goes in parallel)."""
    dtype = np.dtype(dtype)
    nbytes = n * dtype.itemsize
    if nbytes < HUGE_PAGE_BYTES or not hasattr(mmap, "MADV_HUGEPAGE"):
        return np.zeros(n, dtype)
    size = -(-nbytes // HUGE_PAGE_BYTES) * HUGE_PAGE_BYTES
    area = mmap.mmap(-1, size + HUGE_PAGE_BYTES, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    start = -ctypes.addressof(ctypes.c_char.from_buffer(area)) % HUGE_PAGE_BYTES  # a huge page's edge
    try:
        area.madvise(mmap.MADV_HUGEPAGE, start, size)
    except OSError:
        pass
    out = np.frombuffer(area, dtype=dtype, count=n, offset=start)
    if n_threads > 1:
        touch_pages(out, n_threads)
    return out


class HugeArena:
    """Zeroed uint32 arrays carved one after another from areas of AREA_BYTES on huge pages
    (zeros_huge), for many arrays of a few MB made by several threads and dropped in about the
    order they were made: the cores' synaptic matrices, copied into their chips' SDRAM chip
    by chip.  An area goes back to the system, whole huge pages, once none of its arrays is
    held, so the chips' SDRAM finds huge pages free instead of waiting for the system to
    compact memory that arrays of every size left fragmented."""

    AREA_BYTES = 64 << 20

    def __init__(self):
        self._lock = threading.Lock()
        self._area: np.ndarray | None = None
        self._used = 0  # words

    def zeros(self, n: int) -> np.ndarray:
        take = -(-max(n, 1) // 16) * 16  # whole 64-byte lines
        with self._lock:
            if self._area is None or self._used + take > self._area.size:
                self._area = zeros_huge(max(self.AREA_BYTES // 4, take))
                self._used = 0
            out = self._area[self._used : self._used + n]
            self._used += take
        return out


def touch_pages(a: np.ndarray, n_threads: int) -> None:
    """Write a zero into every 4 kB page of a (zeroed, contiguous), n_threads ranges at once
    (numpy releases the GIL for the strided stores)."""
    step = max(1, 4096 // a.itemsize)
    bounds = [(len(a) * k // n_threads) // step * step for k in range(n_threads)] + [len(a)]

    def touch(k: int) -> None:
        a[bounds[k] : bounds[k + 1] : step] = 0

    with ThreadPoolExecutor(max_workers=n_threads) as pool:
        list(pool.map(touch, range(n_threads)))

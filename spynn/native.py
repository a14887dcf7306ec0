"""The host library spynn/_emulator (built from c_kernels by setup.py), loaded with ctypes:
the emulator (spynn/backends/emulator.py) and the mapping's C helpers (pack_static_rows)."""

from __future__ import annotations

import ctypes
import importlib.util

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
        lib.emu_run.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
        lib.emu_tick.restype = ctypes.c_uint32
        lib.emu_tick.argtypes = [ctypes.c_void_p]
        lib.emu_destroy.restype = None
        lib.emu_destroy.argtypes = [ctypes.c_void_p]
        _i64 = ctypes.POINTER(ctypes.c_int64)
        lib.pack_static_rows.restype = None
        lib.pack_static_rows.argtypes = [ctypes.c_uint64, _i64, P32, _i64, P32, P32]
        _lib = lib
    return _lib


def ptr(a: np.ndarray, ctype=ctypes.c_uint32):
    return a.ctypes.data_as(ctypes.POINTER(ctype))

"""Recorded regions -> numpy.  Each drain reads what the core wrote since the
last drain and empties the region (the host's side of the protocol)."""

from __future__ import annotations

import ctypes

import numpy as np

from .. import native
from ..synapses import layout

HEADER = layout.const("RECORDING_HEADER_WORDS")
_WRITE = 1  # index of write_words in recording_header_t
_OVERFLOW = 4  # index of overflow


def _records(region: np.ndarray, record_words: int) -> np.ndarray:
    n = int(region[_WRITE])
    data = region[HEADER : HEADER + n]
    if n % record_words:
        raise ValueError("recording region holds a partial record: corrupt recording")
    return data.reshape(-1, record_words)


def _reset(region: np.ndarray) -> None:
    region[_WRITE] = 0


def drain_spikes(region: np.ndarray, n_atoms: int) -> tuple[np.ndarray, np.ndarray]:
    """(atom, tick) of every spike recorded; a tick may have several records (a Poisson source
    that sent k packets in a tick is in k of them, and so has k spikes at that time)."""
    if region.size < HEADER:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    n_words = (n_atoms + 31) // 32
    rec = np.ascontiguousarray(_records(region, 1 + n_words))
    decode = native.library().decode_spike_records
    n = decode(native.ptr(rec), rec.shape[0], n_words, n_atoms, None, None)  # count, then fill
    atoms, ticks = np.empty(n, np.int64), np.empty(n, np.int64)
    decode(
        native.ptr(rec),
        rec.shape[0],
        n_words,
        n_atoms,
        native.ptr(atoms, ctypes.c_int64),
        native.ptr(ticks, ctypes.c_int64),
    )
    _reset(region)
    return atoms, ticks


def drain_values(region: np.ndarray, n_atoms: int) -> tuple[np.ndarray, np.ndarray]:
    """(ticks, int32 values (records x atoms)) recorded since the last drain."""
    if region.size < HEADER:
        return np.zeros(0, np.int64), np.zeros((0, n_atoms), np.int32)
    rec = _records(region, 1 + n_atoms)
    out = rec[:, 0].astype(np.int64), rec[:, 1:].view(np.int32).copy()
    _reset(region)
    return out


def overflow(region: np.ndarray) -> int:
    return int(region[_OVERFLOW]) if region.size >= HEADER else 0


def provenance(words: np.ndarray) -> dict[str, int]:
    names = [f.name for f in layout.PROVENANCE.fields]
    return {n: int(words[i]) for i, n in enumerate(names) if i < words.size}


def drain_rewiring(region: np.ndarray) -> np.ndarray:
    """(n, 4) rewiring events {tick, flags | edge << 8, pre atom, post atom}; empties the region."""
    head = layout.REWIRING_HEADER.n_words
    n = int(region[0])
    events = np.array(region[head : head + 4 * n], dtype=np.int64).reshape(n, 4)
    region[0] = 0
    return events

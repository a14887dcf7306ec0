"""Recorded regions decoded as the numpy definition of each record says."""

import numpy as np
import pytest

from spynn.recording import decode
from spynn.synapses import layout

HEADER = layout.const("RECORDING_HEADER_WORDS")


def spike_region(rng, n_atoms: int, n_records: int) -> tuple[np.ndarray, np.ndarray]:
    """A spike channel holding n_records random records (sparse bits, stray bits past the last
    atom, ticks repeated as a Poisson core's extra records are), and the records."""
    n_words = (n_atoms + 31) // 32
    records = np.zeros((n_records, 1 + n_words), dtype=np.uint32)
    records[:, 0] = np.sort(rng.integers(0, 1000, n_records))
    bits = rng.random((n_records, 32 * n_words)) < 0.05
    records[:, 1:] = np.packbits(bits, axis=1, bitorder="little").view(np.uint32)
    region = np.zeros(HEADER + records.size + 7, dtype=np.uint32)
    region[1] = records.size  # write_words
    region[HEADER : HEADER + records.size] = records.ravel()
    return region, records


@pytest.mark.parametrize("n_atoms", [1, 31, 32, 33, 200, 256])
def test_drain_spikes_gives_every_set_bit_of_the_atoms_in_record_then_atom_order(n_atoms):
    rng = np.random.default_rng(n_atoms)
    region, records = spike_region(rng, n_atoms, 300)
    bits = np.unpackbits(records[:, 1:].view(np.uint8), axis=1, bitorder="little")[:, :n_atoms]
    r, atom = np.nonzero(bits)  # bits past the last atom are not spikes
    got_atoms, got_ticks = decode.drain_spikes(region, n_atoms)
    assert got_atoms.dtype == got_ticks.dtype == np.int64
    assert np.array_equal(got_atoms, atom) and np.array_equal(got_ticks, records[r, 0].astype(np.int64))
    assert region[1] == 0  # drained
    assert [a.size for a in decode.drain_spikes(region, n_atoms)] == [0, 0]

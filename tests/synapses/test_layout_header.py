from pathlib import Path

from spynn.synapses import layout

HEADER = Path(__file__).resolve().parents[2] / "c_kernels" / "include" / "spynn_layout.h"


def test_committed_header_matches_layout():
    assert HEADER.read_text() == layout.c_header(), "spynn_layout.h is stale: run `make layout`"


def test_struct_dtypes_are_packed_words():
    for s in layout.STRUCTS:
        assert s.dtype.itemsize == 4 * s.n_words, s.name

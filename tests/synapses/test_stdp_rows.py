"""Bit-exact pack/unpack of plastic rows."""

import numpy as np
import pytest

from spynn.synapses.static import WordFormat
from spynn.synapses.stdp import MAX_PLASTIC_SYNAPSES, pack_plastic_rows, unpack_plastic_rows


@pytest.mark.parametrize("synapse_words", [0, 1, 4])
@pytest.mark.parametrize("seed", range(10))
def test_plastic_round_trip(seed, synapse_words):
    rng = np.random.default_rng(seed)
    fmt = WordFormat(8, 1, 4)
    n_rows = int(rng.integers(1, 50))
    n = int(rng.integers(0, 3000))
    pre = rng.integers(0, n_rows, n)
    w = rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32)
    delay, typ, idx = rng.integers(1, 16, n), rng.integers(0, 2, n), rng.integers(0, 256, n)
    ctrl = fmt.pack(np.zeros(n, np.uint32), delay, typ, idx)
    states = rng.integers(0, 2**32, (n, synapse_words), dtype=np.uint64).astype(np.uint32)
    blocks = pack_plastic_rows(pre, ctrl, w, n_rows, rule_index=3, synapse_words=synapse_words, states=states)
    got = []
    for b in blocks:
        rows = b.words.reshape(n_rows, b.stride)
        assert (rows[:, 3] == 3).all()  # rule index in the header
        assert b.stride - 3 <= 256  # one DMA
        p, ww, d, t, i, s = unpack_plastic_rows(b.words, b.stride, n_rows, fmt, synapse_words, with_states=True)
        got += list(zip(p.tolist(), ww.tolist(), d.tolist(), t.tolist(), i.tolist(), map(tuple, s.tolist())))
    want = list(zip(pre.tolist(), w.tolist(), delay.tolist(), typ.tolist(), idx.tolist(), map(tuple, states.tolist())))
    assert sorted(got) == sorted(want)


def test_long_plastic_rows_are_split():
    fmt = WordFormat(10, 1, 3)
    n = 3 * MAX_PLASTIC_SYNAPSES + 5
    blocks = pack_plastic_rows(
        np.zeros(n, int),
        fmt.pack(np.zeros(n, np.uint32), 1, 0, np.arange(n) % 1024),
        np.arange(n, dtype=np.uint32),
        1,
        0,
    )
    assert len(blocks) == 4

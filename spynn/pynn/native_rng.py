"""NativeRNG: PyNN's name for "the simulator's own generator".  spynn's own draws are
numpy's, seeded (the connectors that make their connections on the cores seed the cores'
generators from it too), so a NativeRNG is a NumpyRNG: scripts written for pyNN.nest's
NativeRNG run, and repeat with the seed."""

from __future__ import annotations

from pyNN import random


class NativeRNG(random.NumpyRNG, random.NativeRNG):
    """A generator spynn draws from (a NumpyRNG: repeatable with its seed)."""

    def __init__(self, seed=None, parallel_safe=True):
        random.NumpyRNG.__init__(self, seed=seed, parallel_safe=parallel_safe)

    def __repr__(self):
        return f"NativeRNG(seed={self.seed})"

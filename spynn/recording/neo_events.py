"""Rewiring events as neo, the way sPyNNaker returns them: one Event of formations and
one of eliminations, labelled "<pre>_<post>_formation" / "<pre>_<post>_elimination"
(neuron indices in their populations), at the time step the rewiring happened."""

from __future__ import annotations

import neo
import numpy as np
import quantities as pq

from ..synapses import layout


def rewiring_events(chunks: list[np.ndarray], dt_ms: float) -> list[neo.Event]:
    ev = np.concatenate(chunks) if chunks else np.zeros((0, 4), dtype=np.int64)
    ev = ev[np.lexsort((ev[:, 3], ev[:, 2], ev[:, 0]))]
    out = []
    for name, formed in (("formation", True), ("elimination", False)):
        sel = ((ev[:, 1] & layout.const("SP_FORMATION")) != 0) == formed
        labels = np.array([f"{pre}_{post}_{name}" for pre, post in ev[sel][:, 2:4]], dtype="U")
        out.append(neo.Event(ev[sel][:, 0] * dt_ms * pq.ms, labels=labels, name=name))
    return out

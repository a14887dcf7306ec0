"""Poisson sources drawn on their targets' cores (sPyNNaker's SplitterPoissonDelegate).

A SpikeSourcePoisson whose only projection joins source i to neuron i (one-to-one, each
neuron at most once) with static synapses, and whose spikes are not recorded, needs no
core of its own: each neuron core draws its sources' spike counts and adds count x
weight to its ring buffers at the synapse's delay (c_kernels/synapse/direct_poisson.h),
with the timing the packets would have had. This saves one packet per Poisson spike:
the background input of the cortical microcircuit is most of its packets (about 16 kHz
per neuron), more than a real core's input queue holds each timestep."""

from __future__ import annotations

import numpy as np

from ..graph.graph import SPIKE_SOURCE_POISSON, AppGraph


def direct_poisson_edges(graph: AppGraph) -> dict[int, int]:
    """{Poisson vertex: its one edge} for every source that is drawn on its target's cores."""
    outgoing: dict[int, list] = {}
    for e in graph.edges:
        outgoing.setdefault(e.pre, []).append(e)
    out = {}
    for v in graph.vertices:
        edges = outgoing.get(v.index, [])
        if v.kind != SPIKE_SOURCE_POISSON or v.renewal or "spikes" in v.recorded or len(edges) != 1:
            continue  # gamma and refractory sources keep state per source: drawn on their own core
        e = edges[0]
        if (
            e.stdp is not None
            or e.structural is not None
            or e.plan is not None
            or graph.vertices[e.post].size != v.size
        ):
            continue
        if np.array_equal(e.pre_index, e.post_index) and np.unique(e.pre_index).size == e.pre_index.size:
            out[v.index] = e.index
    return out

"""reset() without mapping again: every core's regions, but its synaptic matrix, written
afresh into the SDRAM the mapping built, when the network is the one mapped.

Static rows never change as a network runs, so a reset network needs only its other
regions back as at the start: the neurons' parameters and initial state as the
populations now give them, empty recording regions, the sources' and the noise's seeds
(the same seeds, so a run after reset is the first run again, as after a new mapping).
A network whose rows change (STDP, structural plasticity), or whose populations no longer
fit the regions laid out (another neurons-per-core limit, new recordings, higher Poisson
rates), is mapped again instead."""

from __future__ import annotations

import dataclasses

import numpy as np

from ..graph.graph import PopulationVertex
from ..synapses import layout
from .cores import core_image
from .regions import n_words

MATRIX_REGION = layout.const("REGION_SYNAPTIC_MATRIX")

#: What a vertex must keep for its cores' regions to stay where they are, and for the ring
#: buffers' weight scaling (set at mapping from the sources' peak rates) to be what a new
#: mapping would choose.
_SHAPE = ("label", "size", "kind", "max_atoms_per_core", "recorded", "sample_ticks", "max_rate_hz", "input_scaling")


def _same_shape(a: PopulationVertex, b: PopulationVertex) -> bool:
    if any(getattr(a, k) != getattr(b, k) for k in _SHAPE) or (a.model is None) != (b.model is None):
        return False
    if a.model is not None and a.model.model_id != b.model.model_id:
        return False
    return len(a.spike_times) == len(b.spike_times) and all(map(np.array_equal, a.spike_times, b.spike_times))


def rewind(mapped, vertices: tuple[PopulationVertex, ...]):
    """The mapped network, its SDRAM rewritten for a run from the start with the populations
    now described by `vertices` (build_graph's, in the same order); None, and nothing
    written, if the network must be mapped again."""
    graph = mapped.graph
    if any(e.stdp is not None or e.structural is not None for e in graph.edges):
        return None
    if len(vertices) != len(graph.vertices) or not all(map(_same_shape, vertices, graph.vertices)):
        return None
    graph = dataclasses.replace(graph, vertices=vertices)
    sending = set(np.concatenate([s.sources for s in mapped.synapses.values()] or [np.zeros(0, np.int32)]).tolist())
    fresh = {}
    for mv in mapped.cores:
        image = core_image(
            graph, mv, mapped.keys.base(mv), mv.index in sending, mapped.synapses.get(mv.index), mapped.rec_ticks
        )
        chip = mapped.chips[mapped.chip_of(mv.index)]
        if set(image.regions) != set(chip.region_offset[mv.index]):
            return None
        for rid, data in image.regions.items():
            if rid != MATRIX_REGION and n_words(data) != mapped.region(mv.index, rid).size:
                return None
        fresh[mv.index] = image
    for core, image in fresh.items():
        for rid, data in image.regions.items():
            if rid != MATRIX_REGION:
                mapped.region(core, rid)[:] = np.asarray(data, dtype=np.uint32)
    return dataclasses.replace(mapped, graph=graph)

import numpy as np
import pytest

from spynn.errors import MappingError
from spynn.graph.graph import AppGraph, ProjectionEdge
from spynn.mapping.partition import allocate_keys, atoms_per_core, partition

from .test_routing import lif_vertex


def edge(pre, post, delay, n=10):
    return ProjectionEdge(
        0,
        "e",
        pre,
        post,
        0,
        np.zeros(n, np.uint32),
        np.arange(n, dtype=np.uint32),
        np.ones(n),
        np.full(n, delay, np.uint32),
    )


def test_slices_respect_the_per_core_limit():
    g = AppGraph((lif_vertex(0, 1000, 256), lif_vertex(1, 10, 3)), (), 1.0)
    cores = partition(g)
    assert [c.n_atoms for c in cores if c.vertex == 0] == [256, 256, 256, 232]
    assert [c.n_atoms for c in cores if c.vertex == 1] == [3, 3, 3, 1]
    keys = allocate_keys(g, cores)
    bases = {keys.base(c) for c in cores}
    assert len(bases) == len(cores)


def test_long_delays_shrink_cores_to_fit_the_ring_buffer():
    g = AppGraph((lif_vertex(0, 1000),), (edge(0, 0, 100),), 0.1)
    # a delay of 100 timesteps needs D = 7 bits; with T = 1 that leaves N = 14 - 1 - 7 = 6
    assert atoms_per_core(g, g.vertices[0]) == 64


def test_delay_too_long_for_any_core_is_a_mapping_error():
    g = AppGraph((lif_vertex(0, 10),), (edge(0, 0, 2**14),), 0.1)
    with pytest.raises(MappingError, match="delay"):
        partition(g)

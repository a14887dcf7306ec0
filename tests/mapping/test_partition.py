from dataclasses import replace

import numpy as np
import pytest

from spynn.errors import MappingError
from spynn.graph.graph import SPIKE_SOURCE_ARRAY, AppGraph, ProjectionEdge
from spynn.mapping.partition import (
    allocate_keys,
    atoms_per_core,
    delay_pool_allowed,
    expected_pool_waits,
    partition,
    ring_delay_bits,
    source_delay_bits,
)

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


def test_long_static_delays_wait_in_the_delay_pool_of_full_cores():
    g = AppGraph((lif_vertex(0, 1000),), (edge(0, 0, 100),), 0.1)
    # a delay of 100 timesteps needs D = 7 bits of the word, which leaves N = 16 - 1 - 7 = 8;
    # the ring keeps R = 14 - 1 - 8 = 5 bits (delays up to 31), the rest wait in the pool
    assert atoms_per_core(g, g.vertices[0]) == 256
    assert ring_delay_bits(g, 0, 8) == 5
    assert ring_delay_bits(g, 0, 5) == 7  # a small core's ring holds them all


def test_a_spike_source_s_delays_stay_in_the_ring():
    # a source that is not a neuron may send a key twice in a tick: its synapses never wait
    source = replace(lif_vertex(1, 10), kind=SPIKE_SOURCE_ARRAY, model=None)
    g = AppGraph((lif_vertex(0, 1000), source), (edge(0, 0, 100), edge(1, 0, 60)), 0.1)
    assert source_delay_bits(g, 0) == 6
    assert atoms_per_core(g, g.vertices[0]) == 128  # the ring keeps 6 delay bits: N = 14 - 1 - 6
    assert ring_delay_bits(g, 0, 7) == 6


def test_long_delays_onto_plastic_rows_shrink_cores_to_fit_the_ring_buffer():
    g = AppGraph((lif_vertex(0, 1000),), (replace(edge(0, 0, 100), stdp=object()),), 0.1)
    assert not delay_pool_allowed(g, 0)
    # D = 7 bits in the ring; with T = 1 that leaves N = 14 - 1 - 7 = 6
    with pytest.MonkeyPatch.context() as m:  # the DTCM budget reads the rule's image only
        m.setattr("spynn.mapping.partition.dtcm_limit", lambda v, limit, *a, **k: limit)
        assert atoms_per_core(g, g.vertices[0]) == 64


def test_delay_too_long_for_any_core_is_a_mapping_error():
    g = AppGraph((lif_vertex(0, 10),), (edge(0, 0, 2**14),), 0.1)
    with pytest.raises(MappingError, match="delay"):
        partition(g)


def test_a_pool_that_would_fill_a_core_s_sdram_keeps_cores_small():
    # 100,000 synapses of delay 100 onto 1000 neurons: on 256-neuron cores each would wait
    # 100 - 31 timesteps, about 14 MB of pool a core; the ring of a 64-neuron core holds them
    g = AppGraph((lif_vertex(0, 1000),), (edge(0, 0, 100, n=100_000),), 0.1)
    assert expected_pool_waits(g, 0, 31) == 100_000 * 69
    assert atoms_per_core(g, g.vertices[0]) == 64

"""Routing: every key of every source core reaches exactly the cores that hold its targets."""

import numpy as np
import pytest

from spynn.graph.graph import NEURON, SPIKE_SOURCE_POISSON, AppGraph, PopulationVertex, ProjectionEdge
from spynn.mapping.machine import spinn5_board, torus
from spynn.models.neurons import LIF_CURR_EXP
from spynn.pipeline import map_network
from spynn.synapses import layout


def lif_vertex(index, size, per_core=256):
    params = {
        "tau_m": np.full(size, 20.0),
        "cm": np.ones(size),
        "v_rest": np.full(size, -65.0),
        "v_reset": np.full(size, -65.0),
        "v_thresh": np.full(size, -50.0),
        "tau_refrac": np.full(size, 0.1),
        "i_offset": np.zeros(size),
        "tau_syn_E": np.full(size, 5.0),
        "tau_syn_I": np.full(size, 5.0),
    }
    return PopulationVertex(
        index, f"pop{index}", size, NEURON, per_core, LIF_CURR_EXP, params, {"v": np.full(size, -65.0)}
    )


def random_graph(seed, n_pops=6):
    rng = np.random.default_rng(seed)
    vertices = [
        PopulationVertex(
            0,
            "poisson",
            300,
            SPIKE_SOURCE_POISSON,
            100,
            schedule=((np.array([10.0]), np.array([0.0]), np.array([1e9]), np.ones(1), np.zeros(1)),) * 300,
            max_rate_hz=10.0,
        )
    ]
    for i in range(1, n_pops):
        vertices.append(lif_vertex(i, int(rng.integers(1, 700)), int(rng.choice([16, 64, 256]))))
    edges = []
    for _ in range(12):
        pre, post = int(rng.integers(0, n_pops)), int(rng.integers(1, n_pops))
        n = int(rng.integers(0, 2000))
        edges.append(
            ProjectionEdge(
                len(edges),
                f"e{len(edges)}",
                pre,
                post,
                int(rng.integers(0, 2)),
                rng.integers(0, vertices[pre].size, n).astype(np.uint32),
                rng.integers(0, vertices[post].size, n).astype(np.uint32),
                rng.uniform(0.1, 1.0, n),
                rng.integers(1, 16, n).astype(np.uint32),
            )
        )
    return AppGraph(tuple(vertices), tuple(edges), 1.0)


def walk(mapped, key, src_chip):
    """Independent model of the multicast router: the cores a key reaches (or None if dropped)."""
    links, tables = mapped.machine.links, mapped.tables
    reached, stack = [], [(src_chip, None)]
    while stack:
        chip, arrived = stack.pop()
        entries = tables.entries(chip)
        hit = np.nonzero((key & entries[:, 1]) == entries[:, 0])[0] if entries.size else []
        if len(hit):
            route = int(entries[hit[0], 2])
        elif arrived is not None:
            route = 1 << ((arrived + 3) % 6)
        else:
            return None
        reached += [(chip, c) for c in range(18) if route >> (6 + c) & 1]
        stack += [(int(links[chip, link]), (link + 3) % 6) for link in range(6) if route >> link & 1]
    return reached


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("machine", [None, "torus"])
def test_every_key_reaches_exactly_its_targets(seed, machine):
    graph = random_graph(seed)
    mapped = map_network(graph, 10, torus(12, 12) if machine else None)
    where = {tuple(mapped.placements[c.index]): c.index for c in mapped.cores}
    targets = {c.index: set() for c in mapped.cores}
    for post, syn in mapped.synapses.items():
        for src in syn.sources:
            targets[src].add(post)
    for core in mapped.cores:
        chip = mapped.chip_of(core.index)
        for atom in range(core.n_atoms):
            key = mapped.keys.base(core) | atom
            reached = walk(mapped, key, chip) if targets[core.index] else []
            assert reached is not None or not targets[core.index]
            got = sorted(where[tuple(r)] for r in (reached or []))
            assert got == sorted(targets[core.index]), (core, atom)
    for chip in range(mapped.machine.n_chips):
        assert len(mapped.tables.entries(chip)) <= layout.const("MAX_ROUTER_ENTRIES")


def test_spinn5_board_shape():
    board = spinn5_board()
    assert board.n_chips == 48
    degree = (board.links >= 0).sum(axis=1)
    assert degree.max() == 6 and degree.min() == 3
    # links are symmetric: going out on l and back on (l + 3) % 6 returns
    for c in range(48):
        for link in range(6):
            n = board.links[c, link]
            if n >= 0:
                assert board.links[n, (link + 3) % 6] == c


def test_router_overflow_fails_at_mapping_time():
    from spynn.errors import MappingError
    from spynn.mapping.machine import Machine

    graph = random_graph(1)
    board = spinn5_board()
    tiny = Machine(board.name, board.chips, board.links, router_entries=1)
    with pytest.raises(MappingError, match="routing entries"):
        map_network(graph, 10, tiny)

"""What each kind of core gets in its regions."""

from __future__ import annotations

import numpy as np

from ..graph.graph import NEURON, SPIKE_SOURCE_ARRAY, SPIKE_SOURCE_POISSON, AppGraph, PopulationVertex
from ..mapping.partition import MachineVertex
from ..models import sources
from ..models.current_sources import current_source_region
from ..synapses import layout
from ..synapses.matrix import CoreSynapses
from ..synapses.stdp import stdp_region
from ..synapses.structural import structural_region
from .regions import CoreImage, poisson_spike_records, provenance_region, recording_region, system_region, words_of

C = layout.const

#: Spare room in a spike source array's list, so spike times can grow between runs.
SSA_SLACK_SPIKES = 256
#: Spare segments after a Poisson schedule, so it can grow between runs (see poisson_words).
POISSON_SPARE_SEGMENTS = 64
#: Seed stream of a neuron core's direct Poisson generator (apart from the Poisson cores' streams).
DIRECT_POISSON_SEED_STREAM = 3_000_000_000
#: Seed stream of a core's STDP generator (the recurrent rule's windows), apart from the neurons' streams.
STDP_SEED_STREAM = 2_000_000_000


def _slice(params: dict[str, np.ndarray], mv: MachineVertex) -> dict[str, np.ndarray]:
    return {k: np.asarray(v)[mv.lo : mv.hi] for k, v in params.items()}


def neuron_params(v: PopulationVertex, mv: MachineVertex, dt: float) -> np.ndarray:
    return words_of(v.model.make_params(_slice(v.params, mv), dt), columns=v.model.params_struct.columns)


def neuron_state(v: PopulationVertex, mv: MachineVertex, dt: float) -> np.ndarray:
    state = v.model.make_state(_slice(v.params, mv), _slice(v.initial, mv), dt)
    if "rng" in state.dtype.names:  # each neuron its own generator: results independent of the partition
        state["rng"] = sources.neuron_seed_words(v.seed, np.arange(mv.lo, mv.hi))
    return words_of(state, columns=v.model.state_struct.columns)


def source_params(graph: AppGraph, v: PopulationVertex, mv: MachineVertex, capacity: int = 0) -> np.ndarray:
    dt = graph.dt_ms
    if v.kind == SPIKE_SOURCE_ARRAY:
        words = sources.spike_array_words(list(v.spike_times), mv.lo, mv.hi, dt)
        if capacity:  # rewriting a loaded region: fill it exactly, or report what is needed
            return (
                words if words.size > capacity else np.concatenate([words, np.zeros(capacity - words.size, np.uint32)])
            )
        return np.concatenate([words, np.zeros(2 * SSA_SLACK_SPIKES, dtype=np.uint32)])
    return poisson_words(v, mv.lo, mv.hi, dt, capacity)


def poisson_words(v: PopulationVertex, lo: int, hi: int, dt: float, capacity: int = 0) -> np.ndarray:
    """The rate schedules of Poisson sources lo..hi-1 (poisson_region), with spare words after, or
    as many as fill `capacity` words when rewriting a loaded region (none if it is too long: the
    caller reports that). The spare words hold POISSON_SPARE_SEGMENTS more segments, and
    thresholds for a different rate in every source and new segment, however high: a rate can be
    set per source between runs."""
    rates, starts, ends, orders, deads = zip(*v.schedule[lo:hi]) if hi > lo else ((), (), (), (), ())
    region = sources.poisson_region(list(rates), list(starts), list(ends), dt, v.label, list(orders), list(deads))
    most = sources.MAX_POISSON_THRESHOLDS
    spare = max(0, capacity - region.size) if capacity else POISSON_SPARE_SEGMENTS * (4 + most) + (hi - lo) * most
    return np.concatenate([region, np.zeros(spare, np.uint32)])


def direct_poisson_region(graph: AppGraph, syn: CoreSynapses, mv: MachineVertex) -> np.ndarray:
    """REGION_DIRECT_POISSON: a block per Poisson source drawn on this core."""
    header = layout.DIRECT_POISSON_HEADER.zeros()
    header["n_blocks"] = len(syn.direct)
    parts = [header.view(np.uint32)]
    for d in syn.direct:
        params = poisson_words(graph.vertices[d.source], mv.lo, mv.hi, graph.dt_ms)
        block = layout.DIRECT_POISSON_BLOCK.zeros()
        block["n_neurons"] = mv.n_atoms
        block["n_words"] = layout.DIRECT_POISSON_BLOCK.n_words + mv.n_atoms + params.size
        parts += [block.view(np.uint32), d.words, params]
    return np.concatenate(parts)


def direct_poisson_blocks(region: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(synaptic words, Poisson params) of each block of a loaded REGION_DIRECT_POISSON, as
    views into it (so the params can be rewritten in place)."""
    out, at = [], layout.DIRECT_POISSON_HEADER.n_words
    for _ in range(int(region.view(layout.DIRECT_POISSON_HEADER.dtype)[0]["n_blocks"])):
        block = region[at : at + layout.DIRECT_POISSON_BLOCK.n_words].view(layout.DIRECT_POISSON_BLOCK.dtype)[0]
        words = at + layout.DIRECT_POISSON_BLOCK.n_words
        n, n_words = int(block["n_neurons"]), int(block["n_words"])
        out.append((region[words : words + n], region[words + n : at + n_words]))
        at += n_words
    return out


def source_state(v: PopulationVertex, mv: MachineVertex) -> np.ndarray:
    if v.kind == SPIKE_SOURCE_ARRAY:
        return np.zeros(1, dtype=np.uint32)
    per_source = np.zeros(mv.n_atoms, dtype=np.uint32)  # gamma phases, dead ticks left
    return np.concatenate([sources.seed_words(v.seed, mv.slice_index), per_source])


def delay_pool_region(log_max_delay: int, capacity: int) -> np.ndarray:
    """REGION_DELAY_POOL: empty, with a bucket per slot of a 2^D-slot ring and `capacity` nodes."""
    header = layout.DELAY_POOL_HEADER.zeros()
    header["capacity"], header["n_buckets"] = capacity, 1 << log_max_delay
    out = np.zeros(layout.DELAY_POOL_HEADER.n_words + (1 << log_max_delay) + 2 * capacity, dtype=np.uint32)
    out[: layout.DELAY_POOL_HEADER.n_words] = words_of(header)
    return out


def rewiring_region(capacity: int) -> np.ndarray:
    """REGION_REC_REWIRING for `capacity` events."""
    header = layout.REWIRING_HEADER.zeros()
    header["capacity"] = capacity
    return np.concatenate([header.view(np.uint32), np.zeros(4 * capacity, dtype=np.uint32)])


def _recording(v: PopulationVertex, mv: MachineVertex, rec_ticks: int, dt_ms: float) -> dict[int, np.ndarray]:
    out = {}
    n = mv.n_atoms
    if "spikes" in v.recorded:
        per_tick = poisson_spike_records(v.max_rate_hz, dt_ms, n) if v.kind == SPIKE_SOURCE_POISSON else 1.0
        out[C("REGION_REC_SPIKES")] = recording_region(n, (n + 31) // 32, 1, rec_ticks, per_tick)
    for name, rid in v.model.channels.items() if v.model else ():
        if name in v.recorded:
            out[rid] = recording_region(n, n, v.sample_ticks, rec_ticks)
    return out


def core_image(
    graph: AppGraph, mv: MachineVertex, key_base: int, has_key: bool, syn: CoreSynapses | None, rec_ticks: int
) -> CoreImage:
    v = graph.vertices[mv.vertex]
    dt = graph.dt_ms
    regions = {C("REGION_PROVENANCE"): provenance_region()}
    regions.update(_recording(v, mv, rec_ticks, dt))
    if v.kind == NEURON:
        kind, model = C("CORE_KIND_NEURON"), v.model.model_id
        sp = layout.SYNAPSE_PARAMS.zeros()
        sp["n_neurons"], sp["n_synapse_types"] = mv.n_atoms, len(v.model.receptors)
        sp["log_n_neurons"], sp["log_n_synapse_types"] = syn.fmt.log_n_neurons, syn.fmt.log_n_types
        sp["log_max_delay"], sp["log_ring_delay"] = syn.fmt.log_max_delay, syn.log_ring_delay
        sp["ring_buffer_shift"][0, : len(syn.shifts)] = syn.shifts
        regions[C("REGION_NEURON_PARAMS")] = neuron_params(v, mv, dt)
        regions[C("REGION_NEURON_STATE")] = neuron_state(v, mv, dt)
        regions[C("REGION_SYNAPSE_PARAMS")] = words_of(sp)
        regions[C("REGION_MASTER_POP_TABLE")] = syn.master_table
        regions[C("REGION_SYNAPTIC_MATRIX")] = syn.matrix
        if syn.log_ring_delay:
            regions[C("REGION_DELAY_POOL")] = delay_pool_region(syn.fmt.log_max_delay, syn.delay_pool_capacity)
        if syn.stdp_rules:
            rng = sources.seed_words(v.seed, STDP_SEED_STREAM + mv.slice_index)
            regions[C("REGION_STDP")] = stdp_region(list(syn.stdp_rules), list(syn.stdp_scales), dt, rng)
        if syn.structural:
            rule = syn.structural[0].rule
            shared = sources.seed_words(rule.seed, 0)  # the same on every core of the population
            local = sources.seed_words(rule.seed, 1 + mv.slice_index)
            regions[C("REGION_STRUCTURAL")] = structural_region(
                list(syn.structural), syn.post_to_pre, v.size, mv.lo, mv.n_atoms, dt, shared, local
            )
            if "rewiring" in v.recorded:
                attempts = rule.f_rew * dt / 1000.0 * rec_ticks * mv.n_atoms / max(v.size, 1)
                regions[C("REGION_REC_REWIRING")] = rewiring_region(int(min(2 * attempts + 256, 1 << 20)))
        if syn.direct:
            regions[C("REGION_DIRECT_POISSON")] = direct_poisson_region(graph, syn, mv)
            seed = graph.vertices[syn.direct[0].source].seed
            regions[C("REGION_DIRECT_POISSON_STATE")] = sources.seed_words(
                seed, DIRECT_POISSON_SEED_STREAM + mv.slice_index
            )
        cs = current_source_region(list(v.current_sources), mv.lo, mv.hi, dt, mv.index)
        if cs is not None:
            regions[C("REGION_CURRENT_SOURCES")] = cs
    else:
        kind = (
            C("CORE_KIND_SPIKE_SOURCE_ARRAY") if v.kind == SPIKE_SOURCE_ARRAY else C("CORE_KIND_SPIKE_SOURCE_POISSON")
        )
        model = 0
        regions[C("REGION_SOURCE_PARAMS")] = source_params(graph, v, mv)
        regions[C("REGION_SOURCE_STATE")] = source_state(v, mv)
    regions[C("REGION_SYSTEM")] = system_region(kind, model, mv.n_atoms, dt, key_base, has_key)
    return CoreImage(regions, syn.tables if syn is not None else ())

"""The Simulation: owns the PyNN objects' network, maps it, loads it into a
backend, runs it in chunks, drains recordings and reports provenance.
Created and held only by spynn/pynn/simulator.py's State."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import time
import warnings

import numpy as np

from .backends.emulator import Emulator
from .errors import NotSupportedError, ProvenanceError, SpynnError
from .graph.build import build_graph, max_poisson_rate
from .graph.graph import NEURON, SPIKE_SOURCE_ARRAY, SPIKE_SOURCE_POISSON
from .image.regions import poisson_spike_records, records_of, write_records
from .image.rewind import rewind
from .synapses.procedural import choose_storage
from .pipeline import MappedNetwork, map_network
from .recording import decode
from .synapses import layout
from .synapses.fixedpoint import from_s1615, u16_to_weights
from .synapses.static import WordFormat, unpack_packed_blocks, unpack_rows
from .synapses.stdp import unpack_plastic_rows

log = logging.getLogger("spynn")
C = layout.const


def ms_of_ticks(ticks, dt_ms: float):
    """The time [ms] of tick counts: ticks / (steps per ms) when a millisecond is a whole
    number of steps (as NEST counts time: 6 steps of 0.1 ms are 0.6 ms, not
    0.6000000000000001), else ticks x dt."""
    steps_per_ms = round(1.0 / dt_ms)
    if steps_per_ms >= 1 and abs(steps_per_ms * dt_ms - 1.0) < 1e-12:
        return ticks / steps_per_ms
    return ticks * dt_ms


#: Host memory the recording regions of one run chunk may take [words]: 32 MB.  The regions
#: have room for the worst case (every core records every tick), and the chips' SDRAM is
#: touched at loading, so this is what they take whatever is recorded (the full microcircuit's
#: spikes, 10,000 ticks: 120 MB in one chunk, 32 MB in four).
RECORDING_BUDGET_WORDS = 8 * 1024 * 1024
MAX_CHUNK_TICKS = 100_000
#: Ticks the recording regions hold at least (within the budget), however short the first run:
#: a run(0) or run(1) before a long run must not leave it in chunks of a few ticks, each a
#: drain of every core (at most ~1 MB per core recording v; 40 kB recording spikes).
MIN_CHUNK_TICKS = 1000

#: Provenance counters reported to the user, with what they mean.
PROVENANCE_WARNINGS = {
    "saturations": "ring-buffer additions saturated (input per timestep too large for the weight scaling)",
    "no_route_packets": "packets had no routing entry and were dropped",
    "invalid_keys": "packets arrived with no master population table entry",
    "late_spikes": "synapses arrived after their delay slot",
    "delay_pool_overflows": "synapses were lost from a full delay pool (a mapping error: please report it)",
    "input_buffer_overflows": "timesteps received more packets than a SpiNNaker core's 256-packet input queue holds",
    "recording_overflows": "records did not fit their recording region",
    "poisson_capped": "Poisson draws were capped at 64 spikes per timestep",
    "rewiring_events_lost": "formation/elimination events did not fit the rewiring recording region",
}


class RecordingStore:
    """What has been drained for one population in the current segment; its rows of
    signals begin at tick first_tick (0, or the tick of the last clear)."""

    def __init__(self, size: int, first_tick: int = 0):
        self.size = size
        self.first_tick = first_tick
        self.spike_atoms: list[np.ndarray] = []
        self.spike_ticks: list[np.ndarray] = []
        self.values: dict[str, list[np.ndarray]] = {}
        self.rewiring: list[np.ndarray] = []  # rows (tick, formed, pre atom, post atom, projection number)

    def spikes(self) -> tuple[np.ndarray, np.ndarray]:
        if not self.spike_atoms:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(self.spike_atoms), np.concatenate(self.spike_ticks)

    def signal(self, name: str) -> np.ndarray:
        parts = self.values.get(name, [])
        return np.concatenate(parts) if parts else np.zeros((0, self.size))


#: The most ticks the emulator takes between two synchronisations of its cores (emulator.c).
MAX_BATCH_TICKS = 8


def batch_ticks(mapped: MappedNetwork) -> int:
    """How many ticks the emulator may run between two synchronisations of its cores with
    results exactly as tick by tick: one more than the shortest delay in the ring buffers
    (the delay less the post model's delay_offset_ticks: a key received late still lands
    after every update already run), when no projection learns or rewires (their rows read
    the neurons' spike history) and no Poisson source is drawn on its targets' cores (whose
    additions would meet the packets' in another order).  Found once per mapping: a change
    of delays remaps (network_changed)."""
    graph = mapped.graph
    if mapped.direct_poisson or any(e.stdp is not None or e.structural is not None for e in graph.edges):
        return 1
    shortest = min(
        (e.min_delay_ticks - graph.vertices[e.post].model.delay_offset_ticks for e in graph.edges if e.has_synapses),
        default=MAX_BATCH_TICKS,
    )
    return max(1, min(shortest + 1, MAX_BATCH_TICKS))


@contextlib.contextmanager
def gc_paused():
    """Python's cyclic garbage collector off for a while: mapping a large network allocates
    hundreds of thousands of small containers (block references, master-table rows), and
    Projection.get a tuple per connection; each allocation burst triggers a collection that
    walks every object the script holds (~6% of mapping VA-CUBA x16, a third of get() of
    4 M connections); they hold no cycles, and it runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: The emulator counts the keys each source core sends from HOLD_COUNT_FROM_MS to HOLD_AT_MS
#: [ms] of a network's first run, then holds the rows its cores made at each spike for the
#: sources that sent the most (procedural.choose_storage's budget; Emulator.run).
HOLD_COUNT_FROM_MS, HOLD_AT_MS = 20.0, 60.0


class Simulation:
    def __init__(self, dt_ms: float):
        self.dt_ms = dt_ms
        self.populations: list = []
        self.projections: list = []
        self.neurons_per_core: dict[type, int] = {}
        self.strict = False
        self.time_scale_factor = 1.0  # setup(time_scale_factor=...): real time slowed down on a board
        self.n_threads: int | None = None
        #: setup(procedural_connectivity=...): procedural projections' rows made at each spike (True),
        #: written out (False), or as memory demands (None; synapses/procedural.choose_storage)
        self.procedural: bool | float | None = None
        self.hold_words = 0  # words of procedural rows the emulator may hold (choose_storage)
        self.mapped: MappedNetwork | None = None
        self.backend: Emulator | None = None
        self.edges_of: dict[int, list[int]] = {}
        self.ticks = 0
        self.store: dict[int, RecordingStore] = {}
        self.timings: dict[str, float] = {}
        self.provenance: dict[str, dict[str, int]] = {}
        self.current_sources: list = []
        self._dirty_sources = False
        self._dirty_params: set[int] = set()
        #: spike source array cores whose spike list outgrew their region when set between
        #: runs: core -> (tick, atom) pairs still to send, written in windows (_fill_spike_windows)
        self._spike_windows: dict[int, np.ndarray] = {}
        #: per population, the state variables set since the last run, each with a mask of the
        #: neurons set (None: all of them)
        self._dirty_state: dict[int, dict[str, np.ndarray | None]] = {}
        self.batch = 1  # ticks per synchronisation of the emulator's cores (batch_ticks, at each load)
        #: the network unloaded last, while some projection's arrays live only in its rows
        self._rows_source: MappedNetwork | None = None
        #: the network loaded before reset(): the next run rewinds it (image.rewind) rather than
        #: mapping again, unless the network changes first
        self._kept: MappedNetwork | None = None
        #: a change made after a run (a new Population, ...) that the loaded network does not
        #: have: the next run refuses until reset() (sPyNNaker's rule); reads still see the
        #: loaded network until then
        self.pending_change: str | None = None

    # ------------------------------------------------------------ building
    def add_population(self, pop) -> None:
        self.network_changed("changing the network after the first run")
        self.populations.append(pop)
        self.store[id(pop)] = RecordingStore(pop.size)

    def add_projection(self, proj) -> None:
        self.network_changed("changing the network after the first run")
        self.projections.append(proj)

    def network_changed(self, feature: str) -> None:
        """The loaded images no longer describe the network: remap, if nothing has run yet;
        after a run, the loaded network stays readable and the next run() asks for reset()."""
        self._drop_kept()
        if self.backend is None:
            return
        if self.ticks > 0:
            self.pending_change = self.pending_change or feature
            return
        self.unload()

    def synapses_changed(self, feature: str) -> None:
        """Stored synapses changed (Projection.set): refused at once after a run, since get()
        would otherwise read the loaded weights, not the ones just set."""
        if self.backend is not None and self.ticks > 0:
            raise NotSupportedError(feature)
        self.network_changed(feature)

    def current_source_changed(self, source) -> None:
        self._dirty_sources = True

    def params_changed(self, pop) -> None:
        self._dirty_params.add(id(pop))

    def state_changed(self, pop, variable: str, indices: np.ndarray | None = None) -> None:
        """pop's variable was set, for the neurons `indices` (None: all): the next run starts
        those neurons from their new value, and every other neuron from where it is."""
        dirty = self._dirty_state.setdefault(id(pop), {})
        if indices is None or (variable in dirty and dirty[variable] is None):
            dirty[variable] = None
            return
        mask = dirty.get(variable)
        if mask is None:
            mask = dirty[variable] = np.zeros(pop.size, dtype=bool)
        mask[indices] = True

    def recording_changed(self, pop) -> None:
        if self.backend is None or self.pending_change is not None:
            return
        v = self._vertex(pop)
        wanted = {var.name for var, ids in pop.recorder.recorded.items() if ids}
        if getattr(pop, "spynn_record_rewiring", False):
            wanted.add("rewiring")
        if not wanted <= set(self.mapped.graph.vertices[v].recorded):
            self.network_changed("a new recording channel after the first run")

    def per_core(self, pop) -> int:
        """Neurons per core: the population's own limit (max_atoms_per_core), else its cell
        type's (set_number_of_neurons_per_core), else the model's default."""
        if getattr(pop, "spynn_max_atoms_per_core", None) is not None:
            return int(pop.spynn_max_atoms_per_core)
        for cls, n in self.neurons_per_core.items():
            if isinstance(pop.celltype, cls) or type(pop.celltype).__name__ == getattr(cls, "__name__", None):
                return int(n)
        return pop.celltype.spynn_default_per_core

    # ------------------------------------------------------------- loading
    def _rec_ticks(self, first_run: int) -> int:
        per_tick = 0.0
        for p in self.populations:
            names = {var.name for var, ids in p.recorder.recorded.items() if ids}
            cores = -(-p.size // 256)
            if "spikes" in names:
                rate = max_poisson_rate(p) if p.celltype.spynn_kind == SPIKE_SOURCE_POISSON else 0.0
                per_tick += (p.size / 32 + 2 * cores) * poisson_spike_records(rate, self.dt_ms, min(p.size, 256))
            sample = max(1, int(round(p.recorder.sampling_interval / self.dt_ms)))
            per_tick += sum(p.size + cores for n in names if n != "spikes") / sample
        cap = MAX_CHUNK_TICKS if per_tick == 0 else max(1, int(RECORDING_BUDGET_WORDS / per_tick))
        return max(1, min(max(first_run, MIN_CHUNK_TICKS), cap, MAX_CHUNK_TICKS))

    def ensure_loaded(self, first_run: int) -> None:
        if self.backend is not None or self._rewind_kept():
            return
        with gc_paused():  # the mapping makes ~one object per block: no cyclic garbage to find
            t0 = time.perf_counter()
            graph, self.edges_of = build_graph(
                self.populations, self.projections, self.dt_ms, self.per_core, self.current_sources
            )
            self._rows_source = None  # build_graph brought every released projection back
            self.hold_words = choose_storage([e.plan for e in graph.edges if e.plan is not None], self.procedural)
            self.timings = {"graph": time.perf_counter() - t0}
            self.mapped = map_network(
                graph,
                self._rec_ticks(max(first_run, 1)),
                n_threads=self.n_threads or os.cpu_count() or 1,
                on_written=self._releaser(graph),
                row_store_words=self.hold_words,
            )
            self.timings.update(self.mapped.timings)
            self.batch = batch_ticks(self.mapped)
            t0 = time.perf_counter()
            self.backend = self._emulator(self.mapped)
            self.timings["load"] = time.perf_counter() - t0
        for w in self.mapped.warnings:
            warnings.warn(w, stacklevel=3)
        self._dirty_params.clear()
        self._dirty_state.clear()
        self._dirty_sources = False

    def _emulator(self, mapped: MappedNetwork) -> Emulator:
        """The emulator of a mapped network; where rows are made at each spike, it holds the
        most used of them (hold_words) from HOLD_AT_MS on, by the keys sent from HOLD_COUNT_FROM_MS
        (after the start, when many networks fire in step)."""
        ticks = (round(HOLD_COUNT_FROM_MS / self.dt_ms), round(HOLD_AT_MS / self.dt_ms))
        return Emulator(mapped, self.n_threads, hold_words=self.hold_words, hold_ticks=ticks)

    def _releaser(self, graph):
        """map_network's on_written: a static projection's arrays, and its edges', are dropped
        once all its edges' rows are in the chips' SDRAM (a large network then never holds its
        synapses twice over, and the chips' fresh memory reuses theirs).  Learning and rewiring
        projections keep theirs: their rows change as the network runs."""
        owner: dict[int, object] = {}
        waiting: dict[int, int] = {}
        for proj in self.projections:
            if proj.spynn_stdp is None and proj.spynn_structural is None:
                owner.update((e, proj) for e in self.edges_of[id(proj)])
                waiting[id(proj)] = len(self.edges_of[id(proj)])

        def written(edges: list[int]) -> None:
            for e in edges:
                proj = owner.get(e)
                if proj is None:
                    continue
                graph.edges[e].release_synapses()
                waiting[id(proj)] -= 1
                if not waiting[id(proj)]:
                    proj.spynn_release()

        return written

    def released_rows(self, proj) -> MappedNetwork:
        """The mapped network whose rows hold a released projection's synapses."""
        mapped = self.mapped or self._kept or self._rows_source
        if mapped is None:
            raise SpynnError(
                f"Projection {proj.label!r}: its synapses were dropped once the cores held them, and the "
                f"network that held them is gone (a new setup() started another simulation, or the mapping "
                f"failed); make the projection again"
            )
        return mapped

    def unload(self) -> None:
        self._drop_kept()
        if self.backend is not None:
            self.backend.close()
        if self.mapped is not None and any(p.spynn_released for p in self.projections):
            self._rows_source = self.mapped  # read back when the network is mapped again
        self.backend = None
        self.mapped = None
        self._spike_windows = {}

    def _drop_kept(self) -> None:
        """The network kept at reset() will not run again (its rows may still be read back)."""
        if self._kept is not None and any(p.spynn_released for p in self.projections):
            self._rows_source = self._kept
        self._kept = None

    def _rewind_kept(self) -> bool:
        """Load the network kept at reset(), rewound to its start, if it still describes the
        populations (image.rewind); else leave it to be read back and mapped again."""
        if self._kept is None:
            return False
        t0 = time.perf_counter()
        vertices = build_graph(self.populations, [], self.dt_ms, self.per_core, self.current_sources)[0].vertices
        mapped = rewind(self._kept, vertices)
        if mapped is None:
            self._drop_kept()
            return False
        self._kept = self._rows_source = None  # the rows are loaded again
        self.mapped = mapped
        self.timings = {"rewind": time.perf_counter() - t0}
        t0 = time.perf_counter()
        self.backend = self._emulator(mapped)
        self.timings["load"] = time.perf_counter() - t0
        self._dirty_params.clear()
        self._dirty_state.clear()
        self._dirty_sources = False
        return True

    def holds(self, pop) -> bool:
        """Whether the loaded network has pop (not one made after the last run)."""
        return self.backend is not None and self._vertex(pop) < len(self.mapped.graph.vertices)

    def _vertex(self, pop) -> int:
        return next(i for i, p in enumerate(self.populations) if p is pop)

    # ------------------------------------------------------------- running
    def check_runnable(self) -> None:
        """A change after the last run needs reset() before the next (NotSupportedError naming it)."""
        if self.pending_change is not None:
            raise NotSupportedError(self.pending_change)

    def run(self, n_ticks: int) -> None:
        self.check_runnable()
        self.ensure_loaded(n_ticks)
        self._apply_changes()
        any_rec = any(v.recorded for v in self.mapped.graph.vertices)
        chunk_ticks = self._chunk_ticks()
        remaining = n_ticks
        t_run = 0.0
        with gc_paused():  # the drains make arrays and views, no cycles; a full collection walks every object
            while remaining > 0:
                chunk = min(remaining, chunk_ticks) if any_rec else remaining
                refill = self._fill_spike_windows()
                if refill is not None:
                    chunk = min(chunk, refill - self.ticks)
                t0 = time.perf_counter()
                self.backend.run(chunk, self.batch)
                t_run += time.perf_counter() - t0
                self.ticks += chunk
                remaining -= chunk
                t0 = time.perf_counter()
                self._drain()
                self.timings["read_back"] = self.timings.get("read_back", 0.0) + time.perf_counter() - t0
        self.timings["run"] = self.timings.get("run", 0.0) + t_run
        if self.backend.hold_seconds:  # part of the run: the rows held on the way
            self.timings["hold_rows"] = self.backend.hold_seconds
        self._check_provenance()

    def _fill_spike_windows(self) -> int | None:
        """Write into each spike source array core whose list was set between runs the spikes
        it sends from now on, as many as its region holds (sPyNNaker streams them from the host
        likewise); the tick at which the run must stop for the next window, None if every list
        fits.  The cores skip what lies before the tick they resume at."""
        stop = None
        for core, pairs in list(self._spike_windows.items()):
            pairs = pairs[pairs[:, 0] >= self.ticks]
            region = self.backend.region(core, C("REGION_SOURCE_PARAMS"))
            room = (region.size - 1) // 2
            region[:] = 0
            region[0] = min(room, len(pairs))
            region[1 : 1 + 2 * int(region[0])] = pairs[:room].ravel()
            if len(pairs) <= room:
                del self._spike_windows[core]
                continue
            self._spike_windows[core] = pairs
            next_tick = int(pairs[room, 0])
            if next_tick <= self.ticks:
                pop = next(
                    p for p, cores in zip(self.populations, self.mapped.cores_of) if core in {c.index for c in cores}
                )
                raise NotSupportedError(
                    f"more spikes in one timestep ({int(np.count_nonzero(pairs[:, 0] == next_tick))} at "
                    f"{next_tick * self.dt_ms} ms) than the spike list of SpikeSourceArray {pop.label!r} set "
                    f"between runs holds ({room}); call sim.reset() before setting spike_times, or set them before "
                    f"the first run"
                )
            stop = next_tick if stop is None else min(stop, next_tick)
        return stop

    def _chunk_ticks(self) -> int:
        """Ticks per run chunk: the recording regions' capacity, fewer when a recorded Poisson
        population's rate was raised after loading (its spike records per tick grow with it)."""
        ticks = self.mapped.rec_ticks
        for pop, v in zip(self.populations, self.mapped.graph.vertices):
            if v.kind == SPIKE_SOURCE_POISSON and "spikes" in v.recorded:
                n = min(v.size, v.max_atoms_per_core)
                loaded = poisson_spike_records(v.max_rate_hz, self.dt_ms, n)
                now = poisson_spike_records(max_poisson_rate(pop), self.dt_ms, n)
                ticks = min(ticks, max(1, int(self.mapped.rec_ticks * loaded / now)))
        return ticks

    def reset(self) -> None:
        """Back to time 0. The loaded network is kept, to be rewound at the next run rather
        than mapped again (_rewind_kept)."""
        kept = self.mapped if self.backend is not None else self._kept  # reset() twice: still kept
        self.unload()
        self._kept = kept if self.pending_change is None else None
        self.pending_change = None
        self.ticks = 0
        for pop in self.populations:
            self.store[id(pop)] = RecordingStore(pop.size)
        self.timings = {}

    def _apply_current_sources(self) -> None:
        """New current-source parameters go into the cores' regions; each source's
        state (its value and noise generator) carries on."""
        from .graph.build import population_vertex
        from .models.current_sources import current_source_region

        rid = C("REGION_CURRENT_SOURCES")
        for vi, pop in enumerate(self.populations):
            v = population_vertex(vi, pop, 1, self.current_sources)
            for mv in self.mapped.cores_of[vi]:
                region = self.backend.region(mv.index, rid)
                new = current_source_region(list(v.current_sources), mv.lo, mv.hi, self.dt_ms, mv.index)
                if new is None and region.size == 0:
                    continue
                if new is None or new.size != region.size:
                    raise NotSupportedError("changing the network after the first run")
                n, n_links = int(new[0]), int(new[1])
                old = region[4 : 4 + 15 * n].reshape(n, 15).copy()
                old_links = region[region.size - 5 * n_links :].copy()
                region[:] = new
                region[4 : 4 + 15 * n].reshape(n, 15)[:, 10:] = old[:, 10:]  # value, rng
                region[region.size - 5 * n_links :] = old_links  # per-link noise carries on

    def _apply_changes(self) -> None:
        """Parameters set and values initialised since the last run go into the images."""
        from .image.cores import neuron_params, source_params

        if self._dirty_sources:
            self._apply_current_sources()
            self._dirty_sources = False
        for vi, pop in enumerate(self.populations):
            if id(pop) not in self._dirty_params and id(pop) not in self._dirty_state:
                continue
            graph, _ = build_graph([pop], [], self.dt_ms, self.per_core)
            v = graph.vertices[0]
            if id(pop) in self._dirty_params and vi in self.mapped.direct_poisson:
                self._rewrite_direct_poisson(vi, v)
            for mv in self.mapped.cores_of[vi]:
                if id(pop) in self._dirty_params:
                    rid = C("REGION_NEURON_PARAMS") if v.kind == NEURON else C("REGION_SOURCE_PARAMS")
                    region = self.backend.region(mv.index, rid)
                    new = (
                        neuron_params(v, mv, self.dt_ms)
                        if v.kind == NEURON
                        else source_params(self.mapped.graph, v, mv, capacity=region.size)
                    )
                    if v.kind == SPIKE_SOURCE_ARRAY:  # the spikes from now on, in windows if need be
                        pairs = new[1 : 1 + 2 * int(new[0])].reshape(-1, 2)
                        self._spike_windows[mv.index] = pairs[pairs[:, 0] >= self.ticks]
                        continue
                    if new.size > region.size:
                        raise NotSupportedError("changing the network after the first run")
                    region[:] = 0
                    region[: new.size] = new
                if id(pop) in self._dirty_state and v.kind == NEURON:
                    region = self.backend.region(mv.index, C("REGION_NEURON_STATE"))
                    state = records_of(region, v.model.state_struct)
                    fresh = v.model.make_state(
                        {k: a[mv.lo : mv.hi] for k, a in v.params.items()},
                        {k: a[mv.lo : mv.hi] for k, a in v.initial.items()},
                        self.dt_ms,
                    )
                    for name, mask in self._dirty_state[id(pop)].items():
                        if name in fresh.dtype.names:
                            which = slice(None) if mask is None else mask[mv.lo : mv.hi]
                            state[name][which] = fresh[name][which]
                    write_records(region, v.model.state_struct, state)
        self._dirty_params.clear()
        self._dirty_state.clear()

    def _rewrite_direct_poisson(self, vi: int, v) -> None:
        """A Poisson source drawn on its target's cores: its new rates go into their blocks."""
        from .image.cores import direct_poisson_blocks, poisson_words

        for core, syn in self.mapped.synapses.items():
            region = self.backend.region(core, C("REGION_DIRECT_POISSON"))
            mv = self.mapped.cores[core]
            for d, (_, params) in zip(syn.direct, direct_poisson_blocks(region) if syn.direct else []):
                if d.source != vi:
                    continue
                new = poisson_words(v, mv.lo, mv.hi, self.dt_ms, capacity=params.size)
                if new.size > params.size:
                    raise NotSupportedError("changing the network after the first run")
                params[:] = 0
                params[: new.size] = new

    def _drain(self) -> None:
        for vi, v in enumerate(self.mapped.graph.vertices):
            if not v.recorded:
                continue
            store = self.store[id(self.populations[vi])]
            chunks: dict[str, list] = {}
            for mv in self.mapped.cores_of[vi]:
                if "spikes" in v.recorded:
                    atoms, ticks = decode.drain_spikes(
                        self.backend.region(mv.index, C("REGION_REC_SPIKES")), mv.n_atoms
                    )
                    store.spike_atoms.append(atoms + mv.lo)
                    store.spike_ticks.append(ticks)
                for name, rid in v.model.channels.items() if v.model else ():
                    if name in v.recorded:
                        _, vals = decode.drain_values(self.backend.region(mv.index, rid), mv.n_atoms)
                        chunks.setdefault(name, []).append((mv, vals))
            if "rewiring" in v.recorded:
                for mv in self.mapped.cores_of[vi]:
                    syn = self.mapped.synapses.get(mv.index)
                    if syn is not None and syn.structural:
                        store.rewiring.append(
                            decode.drain_rewiring(self.backend.region(mv.index, C("REGION_REC_REWIRING")))
                        )
            for name, parts in chunks.items():
                n = max(p[1].shape[0] for p in parts)
                full = np.full((n, v.size), np.nan)
                for mv, vals in parts:
                    full[: vals.shape[0], mv.lo : mv.hi] = from_s1615(vals) * v.model.record_scale.get(name, 1.0)
                store.values.setdefault(name, []).append(full)

    def _check_provenance(self) -> None:
        problems = []
        self.provenance = {}
        for vi, v in enumerate(self.mapped.graph.vertices):
            totals: dict[str, int] = {}
            for mv in self.mapped.cores_of[vi]:
                region = self.backend.region(mv.index, C("REGION_PROVENANCE"))
                for k, n in decode.provenance(region).items():
                    totals[k] = (
                        max(totals.get(k, 0), n) if k.startswith("max_") or k == "dtcm_bytes" else totals.get(k, 0) + n
                    )
                keep = region[-1]
                region[:] = 0
                region[-1] = keep  # dtcm_bytes stays
            self.provenance[v.label] = totals
            for k, what in PROVENANCE_WARNINGS.items():
                if k == "input_buffer_overflows" and self.time_scale_factor > 1.0:
                    continue  # a real-time limit: a board slowed down this much has time for them
                if totals.get(k):
                    problems.append(f"Population {v.label!r}: {totals[k]} {what}")
        for p in problems:
            if self.strict:
                raise ProvenanceError("; ".join(problems))
            warnings.warn(p, stacklevel=4)

    # ----------------------------------------------------------- read back
    def current_values(self, pop) -> dict[str, np.ndarray]:
        """The recordable values of every neuron now, from the cores' state regions."""
        vi = self._vertex(pop)
        v = self.mapped.graph.vertices[vi]
        out: dict[str, np.ndarray] = {}
        for mv in self.mapped.cores_of[vi]:
            state = records_of(self.backend.region(mv.index, C("REGION_NEURON_STATE")), v.model.state_struct)
            for k, a in v.model.read_state(state).items():
                out.setdefault(k, np.full(v.size, np.nan))[mv.lo : mv.hi] = a
        return out

    def read_connections(
        self, proj, mapped: MappedNetwork | None = None, with_states: bool = False
    ) -> tuple[np.ndarray, ...]:
        """(pre, post) in parent-population indices, |weight| [PyNN units], delay [ms] and
        graph edge of every synapse of a projection, decoded from the cores' synaptic matrices
        (and the blocks of Poisson sources drawn on their targets' cores): those of `mapped`,
        else of the network loaded now.  with_states: then each synapse's state words, one row
        each (StdpRule.synapse_words of them, at least one; 0 for synapses without them)."""
        from .image.cores import direct_poisson_blocks
        from .synapses import procedural

        if mapped is None:
            self.ensure_loaded(1000)
        m = mapped or self.mapped
        edges = set(self.edges_of[id(proj)])
        pres, posts, ws, ds, edge_ids, states = [], [], [], [], [], []
        width = max(1, getattr(proj.spynn_stdp, "synapse_words", 0))
        for core in sorted(set().union(*(m.cores_by_edge.get(e, ()) for e in edges))):
            syn = m.synapses[core]
            post_mv = m.cores[core]
            model = m.graph.vertices[post_mv.vertex].model
            fmt: WordFormat = syn.fmt
            found = []  # (pre atom, w16 [ring-buffer units], delay field, synapse type, post index, edge, state)
            if any(b.edge in edges for b in syn.blocks) or any(r.edge in edges for r in (*syn.packed, *syn.procedural)):
                matrix = m.region(core, C("REGION_SYNAPTIC_MATRIX"))
            for r in (r for r in syn.procedural if r.edge in edges):  # the rows the core makes
                to_chip_end = m.region_to_chip_end(core, C("REGION_SYNAPTIC_MATRIX"))  # with the chip's tables
                for first_atom, offset, n_rows in zip(r.first_atoms, r.offsets, r.n_rows):
                    atoms, words = procedural.expand(to_chip_end, int(offset), int(n_rows), fmt)
                    w16, delay, syn_type, index = fmt.unpack(words)
                    found.append((atoms.astype(np.int64) + int(first_atom), w16, delay, syn_type, index, r.edge, None))
            for r in (r for r in syn.packed if r.edge in edges):
                block, row, words = unpack_packed_blocks(matrix, r.offsets, r.n_rows)
                w16, delay, syn_type, index = fmt.unpack(words)
                found.append((r.first_atoms[block] + row, w16, delay, syn_type, index, r.edge, None))
            for b in (b for b in syn.blocks if b.edge in edges):
                block = matrix[b.offset_words : b.offset_words + b.stride * b.n_rows]
                state = None
                if b.plastic:
                    pre_local, w_fixed, delay, syn_type, index, state = unpack_plastic_rows(
                        block, b.stride, b.n_rows, fmt, b.synapse_words, with_states=True
                    )
                    state = state if b.synapse_words else None
                    w16 = w_fixed.astype(np.float64) / 65536.0  # u16.16 -> ring-buffer units
                    if b.dopamine:  # PyNN weight (concentration): undo the conversion below
                        w16 = w16 * model.weight_scale * 2.0 ** (15 - np.array(syn.shifts)[syn_type])
                else:
                    pre_local, words = unpack_rows(block, b.stride, b.n_rows)
                    w16, delay, syn_type, index = fmt.unpack(words)
                found.append((pre_local + m.cores[b.pre_core].lo, w16, delay, syn_type, index, b.edge, state))
            if any(d.edge in edges for d in syn.direct):
                region = m.region(core, C("REGION_DIRECT_POISSON"))
                for d, (words, _) in zip(syn.direct, direct_poisson_blocks(region)):
                    if d.edge in edges:  # one-to-one: source atom = neuron
                        w16, delay, syn_type, index = fmt.unpack(words[d.neurons])
                        found.append((d.neurons + post_mv.lo, w16, delay, syn_type, index, d.edge, None))
            for pre, w16, delay, syn_type, index, edge, state in found:
                pres.append(pre)
                posts.append(index.astype(np.int64) + post_mv.lo)
                ws.append(u16_to_weights(w16, 0) * 2.0 ** np.array(syn.shifts)[syn_type] / model.weight_scale)
                ds.append((delay + model.delay_offset_ticks) * self.dt_ms)
                edge_ids.append(np.full(w16.size, edge))
                states.append(np.zeros((w16.size, width), np.uint32) if state is None else state)
        if not pres:
            z = np.zeros(0)
            out = z.astype(np.int64), z.astype(np.int64), z, z, z.astype(np.int64)
            return (*out, np.zeros((0, width), np.uint32)) if with_states else out
        out = (
            np.concatenate(pres),
            np.concatenate(posts),
            np.concatenate(ws),
            np.concatenate(ds),
            np.concatenate(edge_ids),
        )
        return (*out, np.concatenate(states)) if with_states else out

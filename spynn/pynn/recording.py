"""The Recorder: hands PyNN's common recording code the arrays drained from
the cores' recording regions; PyNN builds the neo objects.

PyNN gives the spikes to neo as one multiplexed SpikeTrainList, which neo splits into
SpikeTrains on first use at O(neurons x spikes) cost (seconds for 50k neurons); the segment
this Recorder returns makes them on first use too, identically and in linear time, and a
caller that reads only the arrays (``.multiplexed``) never pays for them
(spynn/recording/neo_trains.py).  Id handling is vectorised: a population's ids are the
consecutive range first_id .. first_id + size - 1."""

from __future__ import annotations

import neo
import numpy as np
from pyNN import errors as pynn_errors
from pyNN import recording

from ..runtime import ms_of_ticks
from ..recording.neo_trains import defer_spiketrains, fill_spiketrains
from . import simulator


def _source_ids(trains) -> None:
    """sPyNNaker's name for the cell's ID (PyNN's channel_id), on each train."""
    for train in trains:
        if "channel_id" in train.annotations:
            train.annotations["source_id"] = train.annotations["channel_id"]


def _filtered(segment, names):
    """A new Segment with the spikes (if "spikes" is in names) and the signals named in names
    of segment (None: all of it, the segment itself); segment is left as it is."""
    if names is None:
        return segment
    out = neo.Segment(
        name=segment.name, description=segment.description, rec_datetime=segment.rec_datetime, **segment.annotations
    )
    if "spikes" in names:
        out.spiketrains = list(segment.spiketrains)
    out.analogsignals = [s for s in segment.analogsignals if s.name in names]
    return out


def _id_array(ids) -> np.ndarray:
    return np.fromiter(ids, dtype=np.int64, count=len(ids))


class Recorder(recording.Recorder):
    _simulator = simulator

    def record(self, variables, ids, sampling_interval=None, locations=None):
        """PyNN's, plus sPyNNaker's ``record("all")``: every variable the cell type records
        (PyNN 0.13 would take the string's letters for variable names).  spynn runs in one
        process, so every cell is local: PyNN asks each ID (0.22 s for 51,200 cells)."""
        if isinstance(variables, str) and variables == "all":
            variables = list(self.population.celltype.recordable)
        self._check_sampling_interval(sampling_interval)
        ids = set(ids)
        for variable in self._localize_variables(variables, locations):
            if not self.population.can_record(variable.name, variable.location):
                raise pynn_errors.RecordingError(variable, self.population.celltype)
            new_ids = ids.difference(self.recorded[variable])
            self.recorded[variable] = self.recorded[variable].union(ids)
            self._record(variable, new_ids, sampling_interval)

    def get(self, variables, gather=False, filter_ids=None, clear=False, annotations=None, locations=None):
        """PyNN's get (spynn runs in one process: nothing to gather), except that the segments of
        earlier runs (before a reset) are filtered into new Segments: PyNN 0.13 filters shallow
        copies, which empties the cached segments' lists (a get_data("v") lost the earlier
        segments' spikes for good) and compares names with Variable objects (it lost their v)."""
        names = None if variables == "all" else {v.name for v in self._localize_variables(variables, locations)}
        data = neo.Block()
        data.segments = [_filtered(segment, names) for segment in self.cache]
        if self._simulator.state.running:  # the current segment is not in the cache yet
            current = "all" if names is None else self._localize_variables(variables, locations)
            data.segments.append(self._get_current_segment(filter_ids=filter_ids, variables=current, clear=clear))
        for segment in data.segments:
            segment.block = data
        data.name = self.population.label
        data.description = self.population.describe()
        data.rec_datetime = data.segments[0].rec_datetime if data.segments else None
        data.annotate(**self.metadata)
        if annotations:
            data.annotate(**annotations)
        if clear:
            self.clear()
        return data

    def _record(self, variable, new_ids, sampling_interval=None):
        if sampling_interval is not None:
            dt = simulator.state.dt
            if abs(sampling_interval / dt - round(sampling_interval / dt)) > 1e-9 or sampling_interval < dt:
                raise ValueError(
                    f"sampling_interval {sampling_interval} ms must be a whole multiple of the timestep {dt} ms"
                )
            self.sampling_interval = sampling_interval
        sim = simulator.state.sim
        if sim.ticks and new_ids and variable.name == "spikes":
            # the cores record every neuron of a recorded channel: these ones' spikes count
            # from now on (PyNN: recording starts when record() is called)
            if self._spikes_since is None:
                self._spikes_since = np.zeros(self.population.size, dtype=np.int64)
            self._spikes_since[self._indices(sorted(new_ids))] = sim.ticks
        sim.recording_changed(self.population)

    #: Per neuron, the first tick whose spikes are its recorded ones (None: every neuron's
    #: from the segment's start); set on the instance by _record, cleared at reset.
    _spikes_since: np.ndarray | None = None

    def store_to_cache(self, annotations=None):
        super().store_to_cache(annotations)
        self._spikes_since = None  # a new segment: every recorded neuron from its start

    def _sim_store(self):
        return simulator.state.sim.store[id(self.population)]

    def _get_current_segment(self, filter_ids=None, variables="all", clear=False):
        segment = super()._get_current_segment(filter_ids=filter_ids, variables=variables, clear=clear)
        # len first: iterating an empty list breaks its .multiplexed (neo 0.13)
        if len(segment.spiketrains) and not defer_spiketrains(segment.spiketrains, then=_source_ids):
            fill_spiketrains(segment.spiketrains)
            _source_ids(segment.spiketrains)
        return segment

    def _indices(self, ids) -> np.ndarray:
        """Population indices of ``ids`` (IDs of this population)."""
        idx = _id_array(ids) - int(self.population.first_id)
        if idx.size and (idx.min() < 0 or idx.max() >= self.population.size):
            raise ValueError(f"ids outside population {self.population.label!r}")
        return idx

    def _get_spiketimes(self, ids, clear=False):
        """(ids, times [ms]) of the spikes of ``ids`` since recording started and before now,
        sorted by id then time.  A spike of the last step is stamped with the current time
        (NEST's convention: the step's end), so it is reported once the simulation has moved
        past it: the recorded window is [start, now), as on sPyNNaker, whose users bin spikes
        into now / bin bins (a spike at t == now would fall outside them)."""
        sim = simulator.state.sim
        atoms, ticks = self._sim_store().spikes()
        before_now = ticks + 1 < sim.ticks
        atoms, ticks = atoms[before_now], ticks[before_now]
        idx = self._indices(ids)
        if idx.size != self.population.size:  # a subset (distinct ids, so fewer than size)
            wanted = np.zeros(self.population.size, dtype=bool)
            wanted[idx] = True
            keep = wanted[atoms]
            atoms, ticks = atoms[keep], ticks[keep]
        if self._spikes_since is not None:  # neurons added to the recording after the first run
            keep = ticks >= self._spikes_since[atoms]
            atoms, ticks = atoms[keep], ticks[keep]
        start = float(self._recording_start_time.rescale("ms").magnitude)
        times = ms_of_ticks(ticks + 1, sim.dt_ms)  # a spike sent in tick t is stamped (t + 1) h
        late = times >= start
        atoms, times = atoms[late], times[late]
        order = np.lexsort((times, atoms))
        return atoms[order] + int(self.population.first_id), times[order]

    def _get_all_signals(self, variable, ids, clear=False):
        """Samples (rows) x ids (columns) since recording started, plus the sample at the end
        of the run when the cores have not recorded it yet: the rows of [recorded; now] from
        the recording start on, copied once from the store's chunks."""
        sim = simulator.state.sim
        name = variable.name
        store = self._sim_store()
        parts = store.values.get(name) or [np.zeros((0, store.size))]
        idx = self._indices(ids)
        step = max(1, int(round(self.sampling_interval / sim.dt_ms)))
        n_expected = sim.ticks // step + 1
        # the store's first row: sample 0, or after a clear the first sample from then on
        first_sample = -(-store.first_tick // step)
        n_data = sum(p.shape[0] for p in parts)
        now = None
        if sim.holds(self.population) and sim.ticks % step == 0 and first_sample + n_data < n_expected:
            now = sim.current_values(self.population)[name]
        start_sample = int(round(float(self._recording_start_time.rescale("ms").magnitude) / (step * sim.dt_ms)))
        s0 = min(max(start_sample - first_sample, 0), n_data + (now is not None))
        with_now = now is not None and s0 <= n_data
        whole = idx.size == store.size and np.array_equal(idx, np.arange(idx.size))
        dtype = np.result_type(*parts, *([now] if now is not None else []))
        out = np.empty((max(n_data - s0, 0) + with_now, idx.size), dtype=dtype)
        row, skip = 0, s0
        for p in parts:
            if skip >= p.shape[0]:
                skip -= p.shape[0]
                continue
            block = p[skip:]
            skip = 0
            dest = out[row : row + block.shape[0]]
            if whole:
                dest[...] = block
            elif block.dtype == dtype:
                np.take(block, idx, axis=1, out=dest)
            else:
                dest[...] = block[:, idx]
            row += block.shape[0]
        if with_now:
            out[row] = now[idx]
        return out, None

    def _local_count(self, variable, filter_ids=None):
        recorded = self.filter_recorded(variable, filter_ids)
        atoms, _ = self._get_spiketimes(sorted(recorded))
        first = int(self.population.first_id)
        counts = np.bincount(atoms - first, minlength=self.population.size)
        return {int(i): int(counts[int(i) - first]) for i in recorded}

    def _clear_simulator(self):
        from ..runtime import RecordingStore

        sim = simulator.state.sim
        sim.store[id(self.population)] = RecordingStore(self.population.size, first_tick=sim.ticks)

    def _reset(self):
        pass

"""The Recorder: hands PyNN's common recording code the arrays drained from
the cores' recording regions; PyNN builds the neo objects."""

from __future__ import annotations

import numpy as np
from pyNN import recording

from . import simulator


class Recorder(recording.Recorder):
    _simulator = simulator

    def _record(self, variable, new_ids, sampling_interval=None):
        if sampling_interval is not None:
            dt = simulator.state.dt
            if abs(sampling_interval / dt - round(sampling_interval / dt)) > 1e-9 or sampling_interval < dt:
                raise ValueError(
                    f"sampling_interval {sampling_interval} ms must be a whole multiple of the timestep {dt} ms"
                )
            self.sampling_interval = sampling_interval
        simulator.state.sim.recording_changed(self.population)

    def _sim_store(self):
        return simulator.state.sim.store[id(self.population)]

    def _get_spiketimes(self, ids, clear=False):
        sim = simulator.state.sim
        atoms, ticks = self._sim_store().spikes()
        first = int(self.population.first_id)
        ids = np.asarray([int(i) for i in ids], dtype=np.int64)
        keep = np.isin(atoms + first, ids)
        times = (ticks[keep] + 1) * sim.dt_ms  # a spike sent in tick t is stamped (t + 1) h
        start = float(self._recording_start_time.rescale("ms").magnitude)
        late = times >= start
        id_array = (atoms[keep] + first)[late]
        t = times[late]
        order = np.lexsort((t, id_array))
        return id_array[order], t[order]

    def _get_all_signals(self, variable, ids, clear=False):
        sim = simulator.state.sim
        name = variable.name
        data = self._sim_store().signal(name)
        idx = np.asarray([self.population.id_to_index(int(i)) for i in ids], dtype=np.int64)
        step = max(1, int(round(self.sampling_interval / sim.dt_ms)))
        n_expected = sim.ticks // step + 1
        if sim.backend is not None and sim.ticks % step == 0 and data.shape[0] < n_expected:
            now = sim.current_values(self.population)[name]
            data = np.vstack([data, now[None, :]])
        start_sample = int(round(float(self._recording_start_time.rescale("ms").magnitude) / (step * sim.dt_ms)))
        return data[start_sample:, idx], None

    def _local_count(self, variable, filter_ids=None):
        atoms, _ = self._get_spiketimes(sorted(self.filter_recorded(variable, filter_ids)))
        counts = {int(i): 0 for i in self.filter_recorded(variable, filter_ids)}
        for i in atoms:
            counts[int(i)] += 1
        return counts

    def _clear_simulator(self):
        from ..runtime import RecordingStore

        simulator.state.sim.store[id(self.population)] = RecordingStore(self.population.size)

    def _reset(self):
        pass

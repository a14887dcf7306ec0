"""sPyNNaker's neo_convertor: recorded neo data as the plain numpy tables of
sPyNNaker 7 scripts, one row per sample:

- spikes: columns (neuron index, time [ms]);
- v, gsyn_exc, gsyn_inh: columns (neuron index, time [ms], value), neuron-major;
- convert_gsyn: (neuron index, time, gsyn_exc, gsyn_inh).

``run`` is the zero-based segment (one per run between resets)."""

from __future__ import annotations

import numpy as np
import quantities as pq


def _segment(block, run: int):
    if not 0 <= run < len(block.segments):
        raise ValueError(
            f"the data has {len(block.segments)} segments (runs), so there is no run {run}; run is zero-based"
        )
    return block.segments[run]


def _channels(signal) -> np.ndarray:
    """The neuron index of each column of an AnalogSignal."""
    ids = signal.array_annotations.get("channel_index")
    if ids is None:
        ids = signal.annotations.get("channel_ids", signal.annotations.get("channel_names"))
    return np.asarray(ids if ids is not None else np.arange(signal.shape[1]))


def convert_analog_signal(signal_array, time_unit=pq.ms) -> np.ndarray:
    """An AnalogSignal as rows (neuron index, time, value), all of one neuron's samples together."""
    ids = _channels(signal_array)
    times = signal_array.times.rescale(time_unit).magnitude
    values = np.asarray(signal_array.magnitude)
    return np.column_stack((np.repeat(ids, times.size), np.tile(times, ids.size), values.T.reshape(-1)))


def convert_spiketrains(spiketrains) -> np.ndarray:
    """SpikeTrains as rows (neuron index, spike time [ms])."""
    if len(spiketrains) == 0:
        return np.empty((0, 2))
    neurons = np.concatenate([np.full(len(st), st.annotations["source_index"]) for st in spiketrains])
    times = np.concatenate([st.rescale(pq.ms).magnitude for st in spiketrains])
    return np.column_stack((neurons, times))


def convert_spikes(neo, run: int = 0) -> np.ndarray:
    """The spikes of one run (segment) as rows (neuron index, spike time [ms])."""
    return convert_spiketrains(_segment(neo, run).spiketrains)


def convert_data(data, name: str, run: int = 0) -> np.ndarray:
    """One recorded variable of one run: spikes as convert_spikes, others as convert_analog_signal."""
    if name == "all":
        raise ValueError("convert_data takes one variable name ('spikes', 'v', ...), not 'all'")
    if name == "spikes":
        return convert_spikes(data, run)
    signals = _segment(data, run).filter(name=name)
    if not signals:
        raise ValueError(f"run {run} has no recorded {name!r}; record it before the run")
    return convert_analog_signal(signals[0])


def convert_data_list(data, name: str, runs=None) -> list[np.ndarray]:
    """convert_data for each run in runs (None: every run)."""
    return [convert_data(data, name, run) for run in (range(len(data.segments)) if runs is None else runs)]


def convert_v_list(data, runs=None) -> list[np.ndarray]:
    return convert_data_list(data, "v", runs)


def convert_gsyn_exc_list(data, runs=None) -> list[np.ndarray]:
    return convert_data_list(data, "gsyn_exc", runs)


def convert_gsyn_inh_list(data, runs=None) -> list[np.ndarray]:
    return convert_data_list(data, "gsyn_inh", runs)


def convert_gsyn(gsyn_exc, gsyn_inh) -> np.ndarray:
    """Rows (neuron index, time, gsyn_exc, gsyn_inh) from the first run of two blocks (or one
    block holding both)."""
    exc = convert_data(gsyn_exc, "gsyn_exc")
    inh = convert_data(gsyn_inh, "gsyn_inh")
    if exc.shape != inh.shape or not np.array_equal(exc[:, :2], inh[:, :2]):
        raise ValueError("gsyn_exc and gsyn_inh were not recorded from the same neurons at the same times")
    return np.column_stack((exc, inh[:, 2]))


def count_spiketrains(spiketrains) -> int:
    return int(sum(len(st) for st in spiketrains))


def count_spikes(neo) -> int:
    """The number of spikes in the first run."""
    return count_spiketrains(neo.segments[0].spiketrains)

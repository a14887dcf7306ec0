"""PyNN current sources for spynn: they run on the neuron cores
(spynn/models/current_sources.py, c_kernels/neuron/current_sources.h)."""

from __future__ import annotations

import numpy as np
from pyNN.common import Assembly, BasePopulation, IDMixin
from pyNN.parameters import ParameterSpace, Sequence
from pyNN.standardmodels import build_translations, electrodes

from ..graph.build import members
from ..models.current_sources import CurrentSourceSpec, waveform
from . import simulator


class _CurrentSource:
    """What every spynn current source does; combined with one PyNN electrode class."""

    def __init__(self, **parameters):
        object.__setattr__(self, "_native", {})
        object.__setattr__(self, "_targets", [])  # (population, parent indices)
        object.__setattr__(self, "_seed", 0xC0DE0000 + len(simulator.state.sim.current_sources))
        ps = ParameterSpace(self.default_parameters, self.get_schema(), shape=(1,))
        ps.update(**parameters)
        self.set_native_parameters(self.translate(ps))
        simulator.state.sim.current_sources.append(self)

    def set_native_parameters(self, parameters):
        parameters.evaluate(simplify=True)
        for name, value in parameters.items():
            if isinstance(value, Sequence):
                value = value.value
            self._native[name] = np.asarray(value, dtype=float)
        simulator.state.sim.current_source_changed(self)

    def get_native_parameters(self):
        return ParameterSpace({k: (v.copy() if v.ndim else float(v)) for k, v in self._native.items()})

    def inject_into(self, cells):
        if isinstance(cells, IDMixin):  # one cell, pop[i] (its attributes are its parameters)
            cells = [cells]
        if isinstance(cells, (BasePopulation, Assembly)):
            groups = members(cells)
        else:  # a list of IDs
            groups = [(c.parent, np.array([c.parent.id_to_index(c)])) for c in cells]
        for pop, _ in groups:
            if not pop.celltype.injectable:
                raise TypeError(f"Can't inject current into a spike source ({pop.label!r})")
        simulator.state.sim.network_changed("injecting a current source after the first run")
        self._targets.extend(groups)

    def spec_for(self, pop) -> CurrentSourceSpec | None:
        idx = [i for p, i in self._targets if p is pop]
        if not idx:
            return None
        return CurrentSourceSpec(type(self).__name__, dict(self._native), np.unique(np.concatenate(idx)), self._seed)

    def record(self):
        object.__setattr__(self, "_recorded", True)

    def _get_data(self):
        sim = simulator.state.sim
        spec = CurrentSourceSpec(type(self).__name__, dict(self._native), np.zeros(0, int), self._seed)
        n = sim.ticks + 1
        i = waveform(spec, sim.dt_ms, n)  # the value at t is the current acting over [t, t + h)
        return np.arange(n) * sim.dt_ms, i


def _translations(cls):
    return build_translations(*[(n, n) for n in cls.default_parameters])


class DCSource(_CurrentSource, electrodes.DCSource):
    __doc__ = electrodes.DCSource.__doc__
    translations = _translations(electrodes.DCSource)


class ACSource(_CurrentSource, electrodes.ACSource):
    __doc__ = electrodes.ACSource.__doc__
    translations = _translations(electrodes.ACSource)


class StepCurrentSource(_CurrentSource, electrodes.StepCurrentSource):
    __doc__ = electrodes.StepCurrentSource.__doc__
    translations = _translations(electrodes.StepCurrentSource)

    def set_native_parameters(self, parameters):
        """Times must be >= 0 and increasing; they are moved to the timestep grid, and where
        several land on one step the last amplitude given for it wins."""
        super().set_native_parameters(parameters)
        times, amps = self._native.get("times"), self._native.get("amplitudes")
        if times is None or amps is None or times.size != amps.size:
            return
        if (times < 0).any():
            raise ValueError(f"StepCurrentSource: times must be >= 0, got {times.min()}")
        if (np.diff(times) <= 0).any():
            raise ValueError(f"StepCurrentSource: times must increase, got {times.tolist()}")
        dt = simulator.state.dt
        grid = np.floor(times / dt + 0.5 + 1e-9) * dt
        last = np.append(np.diff(grid) > dt / 2, True)  # keep the last of each run of equal grid times
        self._native["times"], self._native["amplitudes"] = grid[last], amps[last]


class NoisyCurrentSource(_CurrentSource, electrodes.NoisyCurrentSource):
    __doc__ = electrodes.NoisyCurrentSource.__doc__
    translations = _translations(electrodes.NoisyCurrentSource)

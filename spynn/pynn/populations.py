"""Population, PopulationView and Assembly for spynn (PyNN backend hooks)."""

from __future__ import annotations

import warnings
from numbers import Real

import neo
import numpy as np
from pyNN import common, errors
from pyNN.parameters import LazyArray, ParameterSpace, Sequence, simplify
from pyNN.standardmodels import StandardCellType

from ..errors import NotSupportedError
from ..graph.graph import InputScaling
from ..utilities import neo_convertor
from . import simulator
from .recording import Recorder

#: Keyword arguments sPyNNaker's Population accepts beyond PyNN's.  spikes_per_second,
#: ring_buffer_sigma and max_expected_summed_weight set the weight scaling of the population's
#: inputs as on sPyNNaker; neurons_per_core is max_atoms_per_core; the rest only tune
#: sPyNNaker's own mapping (max_rate, n_colour_bits, splitter, n_synapse_cores,
#: allow_delay_extensions, incoming_spike_buffer_size, drop_late_spikes: late spikes cannot
#: happen in the emulator): accepted, of no effect here.
SPYNNAKER_KWARGS = {
    "seed",
    "additional_parameters",
    "constraints",
    "max_atoms_per_core",
    "neurons_per_core",
    "model_label",
    "max_rate",
    "n_colour_bits",
    "splitter",
    "n_synapse_cores",
    "allow_delay_extensions",
    "incoming_spike_buffer_size",
    "drop_late_spikes",
    "spikes_per_second",
    "ring_buffer_sigma",
    "max_expected_summed_weight",
}


class StateInSet:
    """sPyNNaker's set() also takes state variables (pop.set(v=-60.0)): they are initialize()d."""

    def set(self, **parameters):
        names = self.celltype.get_parameter_names()
        state_names = [n for n in parameters if n in self.celltype.default_initial_values and n not in names]
        state = {n: parameters.pop(n) for n in state_names}
        if state:
            self.initialize(**state)
        if parameters:
            super().set(**parameters)


class SameForAll(float):
    """A parameter's value that is the same for every neuron, as Population.get gives it:
    PyNN's one number (simplify=True; arithmetic, comparisons and numpy see a float), which
    also reads as sPyNNaker's per-neuron list: pop.get("cm")[i], len(), iteration, and
    == a list of the values."""

    def __new__(cls, value: float, size: int):  # size is kept private: np.size() reads .size
        obj = super().__new__(cls, value)
        obj._n = size
        return obj

    def __reduce__(self):  # pickles (and copies) as the plain number it is
        return float, (float(self),)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, index):
        values = [float(self)] * self._n
        return values[index]

    def __iter__(self):
        return iter([float(self)] * self._n)

    def __eq__(self, other):
        if isinstance(other, (list, tuple)):
            return len(other) == self._n and all(float(self) == o for o in other)
        return float(self) == other

    def __ne__(self, other):
        return not self == other

    __hash__ = float.__hash__


class ListLikeGet:
    """get() of a parameter the same for every neuron gives a SameForAll."""

    def get(self, parameter_names, gather=False, simplify=True):
        values = super().get(parameter_names, gather=gather, simplify=simplify)
        if isinstance(parameter_names, str):
            return _same_for_all(values, self.size)
        return [_same_for_all(v, self.size) for v in values]


def _same_for_all(value, size: int):
    if isinstance(value, (float, np.floating)) and not isinstance(value, SameForAll):
        return SameForAll(value, size)
    return value


class Assembly(ListLikeGet, common.Assembly):
    _simulator = simulator

    @property
    def receptor_types(self):
        """The receptor types every population has, in the first one's order (PyNN's set
        loses it, and a Projection takes receptor_types[0], or [1] for negative weights)."""
        common_types = set.intersection(*(set(p.celltype.receptor_types) for p in self.populations))
        return [r for r in self.populations[0].celltype.receptor_types if r in common_types]


class PopulationView(ListLikeGet, StateInSet, common.PopulationView):
    _assembly_class = Assembly
    _simulator = simulator

    def _get_parameters(self, *names):
        return _get(self, names)

    def _set_parameters(self, parameter_space):
        parameter_space.evaluate(simplify=False)
        for name, value in parameter_space.items():
            arr = self.grandparent.spynn_params[name]
            arr[self.index_in_grandparent(np.arange(self.size))] = _column(name, value, self.size)
        self.grandparent._params_changed()

    def initialize(self, **initial_values):
        """PyNN's, for a view (PyNN 0.13's raises NotImplementedError on its initial_values)."""
        for variable, value in initial_values.items():
            self._set_initial_value_array(variable, LazyArray(value, shape=(self.size,), dtype=float))

    def _set_initial_value_array(self, variable, initial_values):
        gp = self.grandparent
        if variable not in gp.spynn_initial:
            raise errors.NonExistentParameterError(variable, gp.celltype.__class__.__name__, list(gp.spynn_initial))
        values = np.asarray(initial_values.evaluate(simplify=False), dtype=float)
        indices = self.index_in_grandparent(np.arange(self.size))
        gp.spynn_initial[variable][indices] = values
        simulator.state.sim.state_changed(gp, variable, indices)

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)


def atoms_per_core(value, owner: str) -> int | None:
    """A limit of neurons per core: one number, or sPyNNaker's tuple of one per dimension
    ((16, 16): a 16 x 16 sub-grid of a 2-D population per core).  spynn splits populations
    in one dimension, so a tuple allows the product of its entries per core.  None: no limit
    of owner's own.  owner names the caller in the error a bad value raises."""
    if value is None:
        return None
    if isinstance(value, np.ndarray):
        value = value.tolist()
    entries = tuple(value) if isinstance(value, (tuple, list)) else (value,)
    if not entries or not all(_at_least_one(e) for e in entries):
        raise ValueError(
            f"{owner}: the number of neurons per core must be a whole number >= 1, or a tuple of them "
            f"(one per dimension, e.g. (16, 16) for a 2-D population), got {value!r}"
        )
    if not all(float(e).is_integer() for e in entries):  # sPyNNaker takes e.g. 40 / 3 as at most 13
        warnings.warn(f"{owner}: {value!r} neurons per core taken as {tuple(int(e) for e in entries)}", stacklevel=3)
    return int(np.prod([int(e) for e in entries]))


def _at_least_one(x) -> bool:
    return isinstance(x, Real) and not isinstance(x, bool) and x >= 1


def _column(name, value, size):
    """One parameter as an array over the population; spike times must be in order (PyNN's
    rule, which its system tests check; sPyNNaker would sort them)."""
    if name == "spike_times":
        seqs = list(value) if np.ndim(value) else [value] * size
        early = 0
        for seq in seqs:
            t = np.asarray(getattr(seq, "value", seq), dtype=float)
            if t.size and (np.diff(t) < 0).any():
                raise errors.InvalidParameterValueError(
                    f"spike_times must be sorted in time, got {t}; give sorted(...) of them"
                )
            early += int(np.count_nonzero(t < 0.0))
        if early:
            warnings.warn(
                f"SpikeSourceArray: {early} spike time(s) before 0 ms will not be sent (a spike cannot "
                f"come before the simulation starts; NEST drops them too)",
                stacklevel=6,  # the script's Population(...) line
            )
        out = np.empty(size, dtype=object)
        out[:] = seqs
        return out
    return np.broadcast_to(np.asarray(value, dtype=float), (size,)).copy()


def _get(obj, names):
    """Parameters of a population or view, in PyNN units (native names are PyNN names)."""
    gp = getattr(obj, "grandparent", obj)
    idx = obj.index_in_grandparent(np.arange(obj.size)) if obj is not gp else slice(None)
    values, schema = {}, {}
    for n in names:
        if n not in gp.spynn_params:
            raise errors.NonExistentParameterError(n, gp.celltype.__class__.__name__, list(gp.spynn_params))
        if n == "spike_times":
            values[n] = simplify(np.asarray(gp.spynn_params[n], dtype=object)[idx])
            schema[n] = Sequence  # so that one Sequence for all (simplified) is a valid lazy array
        elif n in getattr(gp.celltype, "spynn_lists", ()):  # a list per source, as sPyNNaker gives them
            rates = gp.spynn_params["rates"]
            per = np.empty(gp.size, dtype=object)
            # no durations: each rate lasts until the next start (None per rate, as sPyNNaker)
            per[:] = [np.full(len(r), None) if v is None else np.asarray(v) for v, r in zip(gp.spynn_params[n], rates)]
            values[n] = per[idx]
        else:
            values[n] = simplify(np.asarray(gp.spynn_params[n], dtype=float)[idx])
    return ParameterSpace(values, schema=schema or None, shape=(obj.size,))


def input_scaling(kwargs: dict, owner: str) -> InputScaling:
    """sPyNNaker's spikes_per_second, ring_buffer_sigma and max_expected_summed_weight, checked."""
    rate, sigma = kwargs.get("spikes_per_second"), kwargs.get("ring_buffer_sigma")
    summed = kwargs.get("max_expected_summed_weight")
    for name, value in (("spikes_per_second", rate), ("ring_buffer_sigma", sigma)):
        if value is not None and not (isinstance(value, Real) and value > 0):
            raise ValueError(f"{owner}: {name} must be a positive number, got {value!r}")
    if summed is not None:
        summed = tuple(np.atleast_1d(np.asarray(summed, dtype=float)).tolist())
        if not summed or any(not (w >= 0) for w in summed):
            raise ValueError(
                f"{owner}: max_expected_summed_weight must be weights >= 0, one per synapse type "
                f"(e.g. [excitatory, inhibitory]), got {kwargs['max_expected_summed_weight']!r}"
            )
    return InputScaling(None if rate is None else float(rate), None if sigma is None else float(sigma), summed)


class Population(ListLikeGet, StateInSet, common.Population):
    __doc__ = common.Population.__doc__
    _simulator = simulator
    _recorder_class = Recorder
    _assembly_class = Assembly

    def __init__(self, size, cellclass, cellparams=None, structure=None, initial_values={}, label=None, **kwargs):
        unknown = set(kwargs) - SPYNNAKER_KWARGS
        if unknown:
            raise TypeError(f"Population() got unexpected keyword arguments {sorted(unknown)}")
        if isinstance(cellclass, type) and cellparams is None:
            cellparams = {}
        if isinstance(cellclass, type) and kwargs.get("additional_parameters"):
            cellparams = dict(cellparams)
        celltype = cellclass if not isinstance(cellclass, type) else cellclass(**cellparams)
        seed = kwargs.get("seed", (kwargs.get("additional_parameters") or {}).get("seed"))
        if seed is None:  # sPyNNaker's stochastic cell types take it as an argument
            seed = getattr(celltype, "spynn_seed", None)
        # without a seed, runs are still reproducible: the seed follows the creation order
        self.spynn_seed = int(seed) if seed is not None else 0x5EED0000 + simulator.state.id_counter
        owner = f"Population {label!r}" if label is not None else f"a Population of {size} neurons"
        per_core = kwargs.get("max_atoms_per_core", kwargs.get("neurons_per_core"))
        self.spynn_max_atoms_per_core = atoms_per_core(per_core, f"{owner}: max_atoms_per_core")
        self.spynn_input_scaling = input_scaling(kwargs, owner)
        if not isinstance(celltype, StandardCellType) or not hasattr(celltype, "spynn_kind"):
            raise NotSupportedError("this cell type")
        common.Population.__init__(self, size, celltype, None, structure, initial_values, label)
        simulator.state.sim.add_population(self)

    def set_max_atoms_per_core(self, max_atoms_per_core: int | tuple[int, ...] | None) -> None:
        """sPyNNaker's: at most this many neurons of this population per core (overrides
        set_number_of_neurons_per_core for it); a tuple, one per dimension as sPyNNaker takes
        it, allows their product; None drops the population's own limit.  Before the first
        run, or after reset()."""
        limit = atoms_per_core(max_atoms_per_core, f"Population {self.label!r}: set_max_atoms_per_core")
        simulator.state.sim.network_changed("changing the network after the first run")
        self.spynn_max_atoms_per_core = limit

    def record(self, variables, to_file=None, sampling_interval=None, locations=None):
        """PyNN's record, plus sPyNNaker's "rewiring" (formation and elimination events of
        the structural projections onto this population)."""
        names = [variables] if isinstance(variables, str) else variables
        if names is not None and "rewiring" in names:
            self.spynn_record_rewiring = True
            simulator.state.sim.recording_changed(self)
            names = [n for n in names if n != "rewiring"]
            if not names:
                return
            variables = names
        super().record(variables, to_file, sampling_interval, locations=locations)

    def get_data(self, variables="all", gather=True, clear=False, annotations=None):
        names = [variables] if isinstance(variables, str) and variables != "all" else variables
        rewiring = getattr(self, "spynn_record_rewiring", False) and (names == "all" or "rewiring" in names)
        if names != "all":
            names = [n for n in names if n != "rewiring"]
        block = super().get_data(names, gather, clear, annotations)
        if rewiring:
            from ..recording.neo_events import rewiring_events

            if not block.segments:
                block.segments.append(neo.Segment(name="segment000"))
            store = simulator.state.sim.store[id(self)]
            block.segments[-1].events.extend(rewiring_events(store.rewiring, simulator.state.dt))
        return block

    def _create_cells(self):
        state = simulator.state
        ids = np.arange(state.id_counter, state.id_counter + self.size)
        self.all_cells = np.array([simulator.ID(i) for i in ids.tolist()], dtype=simulator.ID)
        self._mask_local = np.ones(self.size, dtype=bool)
        simulator.ID.adopt(self.all_cells, self)
        state.id_counter += self.size
        if hasattr(self.celltype, "spynn_per_source"):  # per-source lists (SpikeSourcePoissonVariable)
            self.spynn_params = self.celltype.spynn_per_source(self.size)
        else:
            ps = self.celltype.native_parameters
            ps.shape = (self.size,)
            ps.evaluate(simplify=False)
            self.spynn_params = {k: _column(k, v, self.size) for k, v in ps.items()}
        self.spynn_initial = {k: np.zeros(self.size) for k in self.celltype.default_initial_values}

    def _params_changed(self):
        simulator.state.sim.params_changed(self)

    def _get_parameters(self, *names):
        return _get(self, names)

    def _set_parameters(self, parameter_space):
        parameter_space.evaluate(simplify=False)
        for name, value in parameter_space.items():
            self.spynn_params[name] = _column(name, value, self.size)
        self._params_changed()

    def _set_initial_value_array(self, variable, initial_values):
        if variable not in self.spynn_initial:
            raise errors.NonExistentParameterError(variable, self.celltype.__class__.__name__, list(self.spynn_initial))
        self.spynn_initial[variable] = np.asarray(initial_values.evaluate(simplify=False), dtype=float)
        simulator.state.sim.state_changed(self, variable)

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)


def spinnaker_get_data(self, variable, as_matrix=False, view_indexes=None):
    """sPyNNaker's numpy form of recorded data: spikes as rows [id, time], values as rows
    [id, time, value] (ids are indices in the population), or with as_matrix=True a value
    per (time, neuron); view_indexes keeps those neurons only."""
    seg = self.get_data(variable).segments[-1]
    if variable == "spikes":
        trains = seg.spiketrains
        ids = np.repeat(np.arange(len(trains)), [len(st) for st in trains])
        times = np.concatenate([st.magnitude for st in trains]) if trains else np.zeros(0)
        rows = np.column_stack((ids, times)).astype(float).reshape(-1, 2)
        return rows if view_indexes is None else rows[np.isin(rows[:, 0], view_indexes)]
    sig = seg.filter(name=variable)[0]
    if as_matrix:
        ids = np.asarray(sig.array_annotations["channel_index"])
        keep = slice(None) if view_indexes is None else np.isin(ids, view_indexes)
        return np.asarray(sig.magnitude)[:, keep].copy()
    rows = neo_convertor.convert_analog_signal(sig)
    return rows if view_indexes is None else rows[np.isin(rows[:, 0], view_indexes)]


Population.spinnaker_get_data = PopulationView.spinnaker_get_data = spinnaker_get_data

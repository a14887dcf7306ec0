"""setup / run / reset / end and sPyNNaker's extra controls."""

from __future__ import annotations

import numpy as np
from pyNN import common
from pyNN.common.control import DEFAULT_MAX_DELAY, DEFAULT_MIN_DELAY, DEFAULT_TIMESTEP
from pyNN.recording import get_io

from . import simulator
from .populations import atoms_per_core

#: sPyNNaker scripts call setup() with these; accepted (and ignored where they do not apply).
SPYNNAKER_SETUP_ARGS = {"time_scale_factor", "n_boards_required", "n_chips_required", "database_socket_addresses"}


def setup(
    timestep=DEFAULT_TIMESTEP, min_delay=DEFAULT_MIN_DELAY, max_delay=None, strict=False, n_threads=None, **extra_params
):
    """Start a new simulation.  timestep [ms] defaults to PyNN's 0.1 (as sPyNNaker does);
    None or "auto" mean 1.0, sPyNNaker's "auto".

    strict=True turns provenance warnings (saturation, dropped packets...) into errors;
    n_threads sets the emulator's threads (default: the host's CPUs).  procedural_connectivity:
    whether the rows of large FixedProbability and AllToAll projections are made again at each
    spike, from their seeds, instead of held (True; GeNN's procedural connectivity: about 6 bytes
    less a synapse, about twice the loop time), held (False), made again but the most used of
    them held, within x bytes a synapse (a number x: the emulator sees which sources fire most
    in the run's first 60 ms and holds their rows from then on), or held if they take at most a
    quarter of the memory available and else made again with the most used held within that
    quarter (None, the default).  The spikes are the same whichever is chosen."""
    if timestep in (None, "auto"):
        timestep = 1.0
    if extra_params.get("spike_precision", "on_grid") != "on_grid":
        from ..errors import NotSupportedError

        raise NotSupportedError("spike_precision='off_grid' (SpiNNaker cores work on the timestep grid)")
    extra_params.pop("spike_precision", None)
    time_scale_factor = extra_params.get("time_scale_factor")
    procedural = extra_params.pop("procedural_connectivity", None)
    for k in list(extra_params):
        if k in SPYNNAKER_SETUP_ARGS:
            extra_params.pop(k)
    common.setup(timestep, min_delay, **extra_params)
    state = simulator.state
    if state.sim is not None:
        state.sim.unload()
    state.dt = timestep
    state.clear()
    state.dt = timestep
    state.min_delay = min_delay  # "auto": the shortest delay in the network (see State)
    # "auto": a number scripts can compute with, sPyNNaker's 144 timesteps (the longest delays
    # the mapping takes are far longer: the ring buffer trades neurons per core for delay bits)
    state.max_delay = 144 * timestep if max_delay in (None, DEFAULT_MAX_DELAY) else max_delay
    state.sim.strict = bool(strict)
    state.sim.time_scale_factor = float(time_scale_factor or 1.0)
    state.sim.n_threads = n_threads
    state.sim.procedural = procedural_setting(procedural)
    return rank()


def procedural_setting(value) -> bool | float | None:
    """setup's procedural_connectivity, checked: None, True, False or bytes a synapse (>= 0)."""
    if value is None or isinstance(value, (bool, np.bool_)):
        return None if value is None else bool(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        x = -1.0
    if not x >= 0.0 or x == float("inf"):
        raise ValueError(
            f"setup(procedural_connectivity={value!r}): give True (rows made at each spike), False (held), "
            f"None (as memory allows) or the bytes a synapse the most used rows may be held in (a number >= 0)"
        )
    return x


def end(compatible_output=True):
    """Write any files requested with record(to_file=...) and release the emulator."""
    state = simulator.state
    for population, variables, filename in state.write_on_end:
        io = get_io(filename)
        population.write_data(io, variables)
    state.write_on_end = []
    state.sim.unload()


run, run_until = common.build_run(simulator)
run_for = run
reset = common.build_reset(simulator)
initialize = common.initialize

get_current_time, get_time_step, get_min_delay, get_max_delay, num_processes, rank = common.build_state_queries(
    simulator
)


def set_number_of_neurons_per_core(neuron_type, max_permitted):
    """sPyNNaker's control of the partitioner: at most max_permitted neurons of this cell type
    (a class, or an instance of it) per core.  max_permitted is a number, or sPyNNaker's tuple
    of one per dimension ((16, 16) for 2-D populations), which allows their product (spynn
    splits in one dimension); None restores the model's default."""
    if isinstance(neuron_type, str):  # as sPyNNaker: a name would silently match nothing
        raise TypeError(
            f"set_number_of_neurons_per_core({neuron_type!r}, ...): give the cell type's class, "
            f"e.g. sim.{neuron_type}, not its name"
        )
    cls = neuron_type if isinstance(neuron_type, type) else type(neuron_type)
    name = f"set_number_of_neurons_per_core({cls.__name__}, {max_permitted!r})"
    limit = atoms_per_core(max_permitted, name)
    per_core = simulator.state.sim.neurons_per_core
    if limit is None:
        per_core.pop(cls, None)
    else:
        per_core[cls] = limit


def _mapping_hint(function: str, neuron_type) -> None:
    """A sPyNNaker setting of how its own mapping splits a cell type's populations: checked as
    sPyNNaker checks it, of no effect here (a spynn core holds a population slice's neurons
    and synapses together, and delays up to max_delay without delay-extension cores)."""
    if isinstance(neuron_type, str) or not (
        isinstance(neuron_type, type) or isinstance(getattr(neuron_type, "default_parameters", None), dict)
    ):
        raise TypeError(f"{function}({neuron_type!r}, ...): give the cell type's class, e.g. sim.IF_curr_exp")


def set_number_of_synapse_cores(neuron_type, n_synapse_cores) -> None:
    """sPyNNaker's number of synapse cores per neuron core of a cell type: accepted, no effect
    (spynn's cores process their own synapses)."""
    _mapping_hint("set_number_of_synapse_cores", neuron_type)


def set_allow_delay_extensions(neuron_type, allow: bool) -> None:
    """sPyNNaker's switch for delay-extension cores of a cell type: accepted, no effect
    (spynn's cores hold every delay up to max_delay)."""
    _mapping_hint("set_allow_delay_extensions", neuron_type)


def get_timings() -> dict[str, float]:
    """Seconds spent in each phase of the last mapping and the runs since (graph, partition,
    synapses, images, place_route, sdram, load, run, read_back)."""
    return dict(simulator.state.sim.timings)


def get_provenance() -> dict[str, dict[str, int]]:
    """Per population, the cores' provenance counters summed over the last run."""
    return dict(simulator.state.sim.provenance)


def get_machine():
    """The (virtual) SpiNNaker machine the network is mapped onto: a spynn.mapping.machine.Machine
    with its chips, links and limits (a 48-chip SpiNN-5 board until the network needs more)."""
    from ..mapping.machine import spinn5_board

    sim = simulator.state.sim
    return sim.mapped.machine if sim.mapped is not None else spinn5_board()


def name() -> str:
    return simulator.name

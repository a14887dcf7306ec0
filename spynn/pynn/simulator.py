"""The backend state PyNN's common code reads (simulator.state), holding the
one Simulation object that drives the pipeline."""

from __future__ import annotations

import weakref

from pyNN import common

import math
import warnings

from ..runtime import Simulation, ms_of_ticks

name = "spynn"


class ID(int, common.IDMixin):
    """A cell of a population.  It refers to its population weakly: the population holds its
    IDs in a numpy object array, which the cycle collector cannot see into, so a strong
    reference back kept every population (and its connections' owners) alive after end()."""

    def __init__(self, n):
        int.__init__(n)
        common.IDMixin.__init__(self)

    @property
    def parent(self):
        ref = self.__dict__.get("_parent_ref")
        return ref() if ref is not None else None

    @parent.setter
    def parent(self, population) -> None:
        self.__dict__["_parent_ref"] = None if population is None else weakref.ref(population)

    @staticmethod
    def adopt(cells, population) -> None:
        """cell.parent = population for every cell, sharing one weak reference (a population's
        tens of thousands of cells otherwise cost a reference and PyNN's __setattr__ each)."""
        ref = weakref.ref(population)
        for cell in cells:
            cell.__dict__["_parent_ref"] = ref


class State(common.control.BaseState):
    def __init__(self):
        common.control.BaseState.__init__(self)
        self.mpi_rank = 0
        self.num_processes = 1
        self._min_delay = "auto"
        self.max_delay = 144.0
        self.sim = Simulation(dt_ms=1.0)
        self.clear()

    @property
    def min_delay(self) -> float:
        """The min_delay given to setup(), or with "auto" the shortest delay of any projection."""
        if self._min_delay != "auto":
            return self._min_delay
        delays = [p.spynn_min_delay_ticks() * self.dt for p in self.sim.projections if len(p)]
        return float(min(delays)) if delays else self.dt

    @min_delay.setter
    def min_delay(self, value) -> None:
        self._min_delay = value

    @property
    def default_delay(self) -> float:
        """The delay of a synapse type given none (PyNN's _get_minimum_delay): the min_delay
        given to setup() (as pyNN.nest), else one timestep (as sPyNNaker)."""
        return self.dt if self._min_delay == "auto" else float(self._min_delay)

    # time, in ms, as PyNN expects
    @property
    def dt(self) -> float:
        return self.sim.dt_ms

    @dt.setter
    def dt(self, value: float) -> None:
        self.sim.dt_ms = float(value)

    @property
    def t(self) -> float:
        return ms_of_ticks(self.sim.ticks, self.sim.dt_ms)

    @t.setter
    def t(self, value: float) -> None:
        if value != 0:
            raise ValueError("spynn: time can only be set back to 0, with reset()")

    def run(self, simtime: float) -> None:
        self.run_until(self.t + simtime)

    def run_until(self, tstop: float) -> None:
        """Run to tstop [ms]; a time between two steps is rounded up to the next step, with a
        warning, as sPyNNaker does (NEST refuses it)."""
        steps = tstop / self.dt
        end = round(steps)
        if abs(steps - end) > 1e-6 * max(1.0, abs(steps)):
            end = math.ceil(steps)
            warnings.warn(
                f"spynn: run until {tstop:g} ms is not a whole number of {self.dt:g} ms timesteps; "
                f"running to {ms_of_ticks(end, self.dt):g} ms (rounded up to the next step, as sPyNNaker "
                "does; give run() whole timesteps to avoid this)",
                stacklevel=4,
            )
        ticks = int(end) - self.sim.ticks
        self.sim.check_runnable()
        self.running = True
        if ticks > 0:
            self.sim.run(ticks)

    def clear(self) -> None:
        self.recorders = set()
        self.id_counter = 0
        self.segment_counter = -1
        self.sim = Simulation(dt_ms=self.sim.dt_ms)
        self.reset()

    def reset(self) -> None:
        self.running = False
        self.t_start = 0
        self.segment_counter += 1
        self.sim.reset()


state = State()

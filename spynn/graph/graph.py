"""The application graph: populations are vertices, projections are edges.

Pure data (numpy arrays in frozen dataclasses), no hardware knowledge; built
from the PyNN objects by spynn/graph/build.py and consumed by spynn/mapping."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from ..models.neurons import NeuronModel

NEURON = "neuron"
SPIKE_SOURCE_ARRAY = "spike_source_array"
SPIKE_SOURCE_POISSON = "spike_source_poisson"


@dataclass(frozen=True)
class InputScaling:
    """How a neuron population's input weights are scaled (sPyNNaker's Population arguments):
    the rate assumed for its sources that are neurons [Hz] (None: their own, 30 Hz), the sd
    above the mean of the statistical bound (None: weight_scale.RING_BUFFER_SIGMA), and the
    bound itself per synapse type [PyNN weight units] (None: computed)."""

    spikes_per_second: float | None = None
    ring_buffer_sigma: float | None = None
    max_expected_summed_weight: tuple[float, ...] | None = None


@dataclass(frozen=True, eq=False)
class PopulationVertex:
    index: int
    label: str
    size: int
    kind: str  # NEURON | SPIKE_SOURCE_*
    max_atoms_per_core: int
    model: NeuronModel | None = None  # neuron vertices
    params: dict[str, np.ndarray] = field(default_factory=dict)  # per neuron, PyNN units
    initial: dict[str, np.ndarray] = field(default_factory=dict)  # initial values
    spike_times: tuple[np.ndarray, ...] = ()  # spike source arrays [ms]
    # Poisson sources: per source (rates [Hz], starts [ms], ends [ms], orders, dead ticks), a sequence
    schedule: tuple | object = ()  # (graph.build.OneSegmentEach when every source has one segment)
    renewal: bool = False  # SpikeSourceGamma / SpikeSourcePoissonRefractory: state per source
    recorded: frozenset[str] = frozenset()  # variables with at least one recorded atom
    sample_ticks: int = 1  # value recording interval [timesteps]
    seed: int = 0
    max_rate_hz: float = 30.0  # expected peak rate, for weight scaling
    current_sources: tuple = ()  # CurrentSourceSpec injected into it
    input_scaling: InputScaling = InputScaling()  # neuron vertices


@dataclass(frozen=True, eq=False)
class ProjectionEdge:
    index: int
    label: str
    pre: int  # vertex index
    post: int  # vertex index
    synapse_type: int  # SYNAPSE_TYPE_* (receptor)
    pre_index: np.ndarray  # uint16 or uint32 (graph.build.compact_index), one per synapse
    post_index: np.ndarray  # as pre_index
    weight: np.ndarray  # float64, the projection's (signed, PyNN units): |weight| * weight_scale is used
    delay_ticks: np.ndarray  # unsigned (the smallest type that holds them), >= 1
    stdp: object = None  # spynn.synapses.stdp.StdpRule for plastic projections (weights in PyNN units)
    structural: object = None  # spynn.synapses.structural.StructuralRule for rewired projections
    weight_scale: float = 1.0  # PyNN weight -> the post model's ring-buffer units (1000 for uS -> nS)
    plan: object = None  # graph.plan.ConnectionPlan: synapses made core by core (the arrays are None)
    #: uint32 (n, stdp.synapse_words), the first state words of each synapse of a rule that
    #: holds a parameter per synapse (stdp.per_synapse: U, p) and the state given before the
    #: first spike (Projection.initialize: u, x, y, a), else None
    states: np.ndarray | None = None

    @functools.cached_property
    def n_synapses(self) -> int:
        return self.plan.count() if self.plan is not None else int(self.pre_index.size)

    @functools.cached_property
    def has_synapses(self) -> bool:
        """Whether it may have synapses (a plan's are not counted for this)."""
        return self.plan is not None or bool(self.n_synapses)

    @functools.cached_property
    def max_delay_ticks(self) -> int:
        """The longest delay (0 without synapses; a plan's bound): found once, though every
        post core asks."""
        if self.plan is not None:
            return self.plan.delay_tick_bounds()[1]
        return int(self.delay_ticks.max()) if self.n_synapses else 0

    @functools.cached_property
    def min_delay_ticks(self) -> int:
        """The shortest delay (0 without synapses; a plan's bound)."""
        if self.plan is not None:
            return self.plan.delay_tick_bounds()[0]
        return int(self.delay_ticks.min()) if self.n_synapses else 0

    def release_synapses(self) -> None:
        """Drop the synapse arrays once the edge's rows are in the chips' SDRAM, which is then
        the copy that is read back; the counts and delay bounds stay.  The one change an
        edge undergoes after it is made."""
        if self.plan is not None:
            return  # nothing held
        _ = self.n_synapses, self.max_delay_ticks, self.min_delay_ticks  # kept (cached) from here on
        for name in ("pre_index", "post_index", "weight", "delay_ticks", "states"):
            object.__setattr__(self, name, None)

    @property
    def released(self) -> bool:
        return self.pre_index is None and self.plan is None


@dataclass(frozen=True, eq=False)
class AppGraph:
    vertices: tuple[PopulationVertex, ...]
    edges: tuple[ProjectionEdge, ...]
    dt_ms: float

    def incoming(self, vertex: int) -> list[ProjectionEdge]:
        return [e for e in self.edges if e.post == vertex]

    def outgoing(self, vertex: int) -> list[ProjectionEdge]:
        return [e for e in self.edges if e.pre == vertex]

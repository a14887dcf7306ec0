"""Projection for spynn.  PyNN's connectors hand connections over column by
column (_convergent_connect); they are kept as arrays and packed into rows at
mapping time.  get() reads back what the cores' synaptic matrices hold."""

from __future__ import annotations

import numpy as np
from pyNN import common, errors
from pyNN.space import Space

from ..errors import NotSupportedError
from ..graph.build import compact_index, delay_ticks, members
from ..runtime import gc_paused
from . import simulator, synapse_state
from ..graph.plan import ConnectionPlan
from .connectors import check_values, fast_connect, per_synapse_names
from .deferred import sample as deferred_sample
from .plasticity import STDPMechanism
from .transmission import TRANSMISSION_TYPES
from .standardmodels import StaticSynapse


class Connection(common.Connection):
    """One stored connection: indices into the projection's pre and post, weight, delay.
    Setting weight or delay changes the projection (before the first run, or after reset)."""

    def __init__(self, projection, pre, post, weight, delay):
        self._projection = projection
        self.presynaptic_index = pre
        self.postsynaptic_index = post
        self._weight = weight
        self._delay = delay

    def _set(self, attr: str, value: float) -> None:
        proj = self._projection
        simulator.state.sim.synapses_changed("Projection.set after the first run")
        hit = np.nonzero((proj.spynn_pre == self.presynaptic_index) & (proj.spynn_post == self.postsynaptic_index))[0]
        values = getattr(proj, attr)
        values[hit[:1]] = value
        setattr(proj, attr, values)  # delays: back to whole timesteps

    @property
    def weight(self):
        return self._weight

    @weight.setter
    def weight(self, value):
        self._set("spynn_weight", value)
        self._weight = value

    @property
    def delay(self):
        return self._delay

    @delay.setter
    def delay(self, value):
        self._set("spynn_delay", value)
        self._delay = value

    def as_tuple(self, *attribute_names):
        return tuple(getattr(self, name) for name in attribute_names)


class ConnectionRow(tuple):
    """One connection of a ConnectionList: a tuple that also equals the list of its values,
    as a row of sPyNNaker's record array does (conns[k] == [i, j, w, d])."""

    __slots__ = ()

    def __eq__(self, other):
        return tuple.__eq__(self, tuple(other) if isinstance(other, list) else other)

    def __ne__(self, other):
        return not self == other

    __hash__ = tuple.__hash__


class ConnectionList(list):
    """Projection.get(..., format="list"): PyNN's list of tuples.  It also answers as the
    record array sPyNNaker returns does: tolist(), rows equal to the lists of their values,
    and a column by name (conns["weight"]; "source"/"target" are the indices)."""

    def __init__(self, names: tuple[str, ...] = (), columns: tuple[np.ndarray, ...] = ()):
        with gc_paused():  # a tuple per connection, no cycles
            super().__init__(zip(*(c.tolist() for c in columns)))
        self._arrays = columns
        self._columns = {_SPYNNAKER_FIELD.get(n, n): c for n, c in zip(names, columns)}

    def tolist(self) -> list:
        return list(self)

    def __getitem__(self, key):
        if isinstance(key, str):
            if key not in self._columns:
                raise KeyError(f"no column {key!r} in these connections; they have {list(self._columns)}")
            return self._columns[key].copy()
        item = list.__getitem__(self, key)
        return ConnectionRow(item) if isinstance(key, (int, np.integer)) else item

    def __iter__(self):  # rows made as they are read
        return map(ConnectionRow, list.__iter__(self))

    def __array__(self, dtype=None, copy=None):
        """numpy.array(conns): the (connections x columns) array, from the columns at once."""
        if self._arrays and self._arrays[0].size == len(self):
            out = np.column_stack(self._arrays)
        else:  # changed since it was made (or empty)
            out = np.array(list(list.__iter__(self)))
        return out if dtype is None else out.astype(dtype, copy=False)


#: sPyNNaker's field names for the index columns
_SPYNNAKER_FIELD = {"presynaptic_index": "source", "postsynaptic_index": "target"}


def _projection_index(obj, parent: np.ndarray) -> np.ndarray | None:
    """Parent-population indices -> projection-level ones where obj is a whole Population
    (the same numbers), else None."""
    if hasattr(obj, "populations") or hasattr(obj, "grandparent"):
        return None
    return parent.astype(np.int64, copy=False)


def _proj_index_lookup(obj) -> dict[int, np.ndarray]:
    """id(population) -> array: parent index -> projection-level index (-1 if absent)."""
    out, offset = {}, 0
    for pop, idx in members(obj):
        lut = out.setdefault(id(pop), np.full(pop.size, -1, dtype=np.int64))
        lut[idx] = offset + np.arange(idx.size)
        offset += idx.size
    return out


class Projection(common.Projection):
    __doc__ = common.Projection.__doc__
    _simulator = simulator
    _static_synapse_class = StaticSynapse

    def __init__(
        self,
        presynaptic_population,
        postsynaptic_population,
        connector,
        synapse_type=None,
        source=None,
        receptor_type=None,
        space=Space(),
        label=None,
        download_synapses=False,
        partition_id=None,
    ):
        # download_synapses, partition_id: sPyNNaker's (how a board's synapses are read back, the
        # outgoing partition); get() reads the rows here whatever they say
        common.Projection.__init__(
            self,
            presynaptic_population,
            postsynaptic_population,
            connector,
            synapse_type,
            source,
            receptor_type,
            space,
            label,
        )
        if not isinstance(self.synapse_type, (StaticSynapse, STDPMechanism, *TRANSMISSION_TYPES)):
            raise NotSupportedError("this synapse type")
        name = label or f"{presynaptic_population.label}->{postsynaptic_population.label}"
        self.spynn_stdp = self.synapse_type.spynn_rule(name) if isinstance(self.synapse_type, STDPMechanism) else None
        if isinstance(self.synapse_type, TRANSMISSION_TYPES):
            self.spynn_stdp = self.synapse_type.spynn_rule(name, self.post, self.receptor_type)
        self._per_synapse_names = per_synapse_names(self)
        self._per_synapse: dict[str, np.ndarray] = {}
        self._initial: dict[str, np.ndarray] = {}  # state given before the first spike (initialize)
        if hasattr(self.synapse_type, "spynn_dopamine_rule"):
            self.spynn_stdp = self.synapse_type.spynn_dopamine_rule(name, self.receptor_type)
        self.spynn_structural = None
        if hasattr(self.synapse_type, "spynn_structural"):
            if not (
                isinstance(presynaptic_population, common.Population)
                and isinstance(postsynaptic_population, common.Population)
            ):
                raise NotSupportedError("structural plasticity between population views or assemblies")
            seed = 0x57C0000 + simulator.state.id_counter
            self.spynn_structural = self.synapse_type.spynn_structural(name, seed)
        self._parts: list[tuple] = []
        self._plan = None
        fast = fast_connect(self, connector)
        if isinstance(fast, ConnectionPlan):
            self._describe(fast, connector)
        else:
            if fast is not None:
                self._parts.append(fast)
            else:
                connector.connect(self)
            self._finish()
        simulator.state.sim.add_projection(self)

    def _describe(self, plan: ConnectionPlan, connector) -> None:
        """Hold the plan instead of the arrays (deferred.py): the mapping makes the connections;
        the synapse type's checks see the first columns' weights now."""
        sample = deferred_sample(plan, plan.weight)
        check_values(self, connector, sample, {"weight": sample})
        self._plan = plan
        self._n = None
        self._pre = self._post = self._spynn_weight = self._delay_ticks = None
        self._min_delay_ticks = plan.delay_tick_bounds()[0]
        self._weight_sign = -1.0 if sample.size and (sample <= 0).all() and (sample < 0).any() else 1.0

    def _finish(self):
        parts = [self._with_per_synapse(part) for part in self._parts]
        if len(parts) == 1:  # fast_connect's arrays (or one column): kept as they are
            pre, post, w, d, *extra = parts[0]
        elif parts:
            pre, post, w, d, *extra = (np.concatenate(x) for x in zip(*parts))
        else:
            pre = post = np.zeros(0, dtype=np.int64)
            w = d = np.zeros(0)
            extra = [np.zeros(0) for _ in self._per_synapse_names]
        self._parts = []
        # what the cores need, and no more: indices of 2 bytes up to 65536 neurons, 4-byte
        # weights (the cores hold 16 bits), delays in whole timesteps
        self._set_arrays(pre, post, w, d, dict(zip(self._per_synapse_names, extra)))

    def _with_per_synapse(self, part: tuple) -> tuple:
        """(pre, post, weight, delay, *per-synapse values): a part a connector made without the
        synapse type's per-synapse values (U) gets them when they are one value."""
        missing = self._per_synapse_names[len(part) - 4 :]
        if not missing:
            return part
        filled = []
        for name in missing:
            value = self.synapse_type.parameter_space[name]
            if not value.is_homogeneous or callable(value.base_value):
                raise NotSupportedError(
                    f"{type(self._connector).__name__} with a {name} that differs between synapses "
                    f"(give {type(self.synapse_type).__name__} one {name} value for this connector)"
                )
            filled.append(np.full(np.size(part[0]), float(value.evaluate(simplify=True))))
        return (*part, *filled)

    def _set_arrays(self, pre, post, weight, delay_ms, per_synapse: dict | None = None) -> None:
        self._n = int(np.size(pre))
        self._pre = compact_index(np.asarray(pre), self.pre.size)
        self._post = compact_index(np.asarray(post), self.post.size)
        self.spynn_weight = weight
        self.spynn_delay = delay_ms
        w = self._spynn_weight
        self._weight_sign = -1.0 if w.size and (w <= 0).all() and (w < 0).any() else 1.0
        if per_synapse is not None:
            for name, values in per_synapse.items():
                self._set_per_synapse(name, values)

    def _set_per_synapse(self, name: str, values) -> None:
        values = np.array(values, dtype=np.float64)
        if values.size and not (values.min() >= 0.0 and values.max() <= 1.0):
            raise errors.InvalidParameterValueError(
                f"Projection {self.label!r}: {name} must lie in [0, 1] (it is a fraction), "
                f"got {values.min()} .. {values.max()}"
            )
        self._per_synapse[name] = values

    # ------------------------------------------------------------ storage
    # The arrays below are the projection until the cores hold it.  Once a static projection's
    # rows are all in the chips' SDRAM the runtime drops them (spynn_release): the rows are the
    # copy that get() reads, and if the network is mapped again the arrays come back from them,
    # with the weights as the cores hold them (16 bits).
    def spynn_release(self) -> None:
        self._pre = self._post = self._spynn_weight = self._delay_ticks = None

    @property
    def spynn_released(self) -> bool:
        return self._pre is None and self._plan is None

    @property
    def spynn_plan(self) -> ConnectionPlan | None:
        """The description the mapping makes the connections from, while no arrays are held."""
        return self._plan if self._pre is None else None

    def _make(self) -> None:
        """The arrays of a described projection, made from its plan once and for all (the
        plan's connections are the same whenever they are made)."""
        plan = self._plan
        pre, post, w, d = plan.connections(0, plan.n_post)
        sign = self._weight_sign
        self._plan = None
        self._n = int(pre.size)
        self._pre, self._post, self.spynn_weight, self._delay_ticks = pre, post, w, d
        self._min_delay_ticks = int(d.min()) if d.size else None
        self._weight_sign = sign

    def _restore(self) -> None:
        """The arrays again, from the rows of the network the runtime mapped last, ordered by
        post then pre (the order the mapping packs in)."""
        pre, post, w, d = self._connections(simulator.state.sim.released_rows(self))
        pre, post = compact_index(pre, self.pre.size), compact_index(post, self.post.size)
        if pre.dtype == post.dtype == np.uint16:  # two stable radix sorts: by pre, then by post
            order = np.argsort(pre, kind="stable")
            order = order[np.argsort(post[order], kind="stable")]
        else:
            order = np.lexsort((pre, post))
        sign = self._weight_sign
        self._set_arrays(pre[order], post[order], w[order], d[order])
        self._weight_sign = sign

    def _held(self, name: str) -> np.ndarray:
        """One of the arrays, brought back from the cores' rows first if they were dropped."""
        if self._plan is not None and self._pre is None:
            self._make()
        elif self.spynn_released:
            self._restore()
        return getattr(self, name)

    @property
    def spynn_pre(self) -> np.ndarray:
        """Presynaptic index of each synapse (projection level; graph.build.compact_index)."""
        return self._held("_pre")

    @property
    def spynn_post(self) -> np.ndarray:
        return self._held("_post")

    @property
    def spynn_weight(self) -> np.ndarray:
        """The weights as given [PyNN units]: static ones in single precision (a static word
        holds 16 bits of a weight, float32 keeps 24) at half the memory of float64; plastic
        ones in double (a plastic weight has 32 bits)."""
        return self._held("_spynn_weight")

    @spynn_weight.setter
    def spynn_weight(self, weights) -> None:
        self._spynn_weight = np.asarray(weights, dtype=np.float32 if self.spynn_stdp is None else np.float64)

    def spynn_per_synapse(self, name: str) -> np.ndarray:
        """The values of the synapse type's parameter `name` held per synapse (U of a
        TsodyksMarkramSynapse, p of a SimpleStochasticSynapse) as given, float64."""
        self._held("_pre")
        return self._per_synapse[name]

    def spynn_post_rules(self, post_pop) -> tuple[tuple, np.ndarray | None]:
        """The rules of the synapses onto the neurons of post_pop and which of them each
        neuron's synapses follow (synapse_state.post_rules)."""
        return synapse_state.post_rules(self.spynn_stdp, self.label, post_pop, self.receptor_type)

    def spynn_initial_states(self, sel) -> np.ndarray:
        """The first state words (StdpRule.initial_states) of the synapses `sel` of a rule with
        a parameter per synapse: it, and the state given by initialize()."""
        rule = self.spynn_stdp
        values = self.spynn_per_synapse(rule.per_synapse)[sel]
        try:
            return rule.initial_states(values, {k: v[sel] for k, v in self._initial.items()})
        except ValueError as e:
            raise errors.InvalidParameterValueError(f"Projection {self.label!r}: initialize: {e}") from None

    def initialize(self, **initial_values):
        """PyNN's Projection.initialize: the state of each synapse before its first spike (u, x, y
        of a TsodyksMarkramSynapse; u and a, the available release sites, of a MultiQuantalSynapse
        or StochasticTsodyksMarkramSynapse), as one value, a RandomDistribution, one value per
        connection (in the order the projection holds them, as Projection.set takes them) or an
        (n_pre, n_post) array."""
        rule = self.spynn_stdp
        names = rule.state_variables if rule is not None else ()
        for name, value in initial_values.items():
            if name not in names:
                raise errors.NonExistentParameterError(
                    name,
                    type(self.synapse_type).__name__,
                    list(names) or "(this synapse type has no state to initialize)",
                )
            values = synapse_state.per_connection(self, name, value)
            simulator.state.sim.synapses_changed("Projection.initialize after the first run")
            before = dict(self._initial)
            self._initial[name] = values
            try:
                self.spynn_initial_states(slice(None))  # the values are checked now, not at the run
            except errors.InvalidParameterValueError:
                self._initial = before  # the state stays as it was
                raise
            self.initial_values[name] = value

    @property
    def spynn_delay_ticks(self) -> np.ndarray:
        """The delays in whole timesteps, in the smallest unsigned type (graph.build.delay_ticks)."""
        return self._held("_delay_ticks")

    @property
    def spynn_delay(self) -> np.ndarray:
        """The delays [ms] as the cores hold them: whole timesteps (spynn_delay_ticks, one
        byte per synapse for the usual delays, rather than the 8 of the values given)."""
        return self.spynn_delay_ticks * simulator.state.dt

    @spynn_delay.setter
    def spynn_delay(self, delays_ms) -> None:
        self._delay_ticks = delay_ticks(delays_ms, simulator.state.dt, self.label)
        self._min_delay_ticks = int(self._delay_ticks.min()) if self._delay_ticks.size else None

    def spynn_min_delay_ticks(self) -> int | None:
        """The shortest delay [timesteps], None without synapses (kept when released)."""
        return self._min_delay_ticks

    def __len__(self):
        if self._n is None:
            return self._plan.count()
        return self._n

    def _convergent_connect(
        self, presynaptic_indices, postsynaptic_index, location_selector=None, **connection_parameters
    ):
        if location_selector is not None:
            raise NotSupportedError("location_selector")
        mask = np.asarray(presynaptic_indices).ravel()
        pre = np.nonzero(mask)[0] if mask.dtype == bool else mask.astype(np.int64)
        self._check_indices(pre, np.asarray([postsynaptic_index]))
        n = pre.size
        w = np.broadcast_to(np.asarray(connection_parameters.get("weight", 0.0), dtype=float), (n,))
        d = np.broadcast_to(np.asarray(connection_parameters.get("delay", simulator.state.dt), dtype=float), (n,))
        extra = [
            np.broadcast_to(np.asarray(connection_parameters[name], dtype=float), (n,)).copy()
            for name in self._per_synapse_names
        ]
        self._parts.append((pre, np.full(n, int(postsynaptic_index), dtype=np.int64), w.copy(), d.copy(), *extra))

    def _check_indices(self, pre: np.ndarray, post: np.ndarray) -> None:
        """Connections a connector hands over must name neurons of this projection's pre and post."""
        for side, idx, size in (("pre", pre, self.pre.size), ("post", post, self.post.size)):
            if idx.size and (idx.min() < 0 or idx.max() >= size or not np.array_equal(idx, np.round(idx))):
                bad = idx[(idx < 0) | (idx >= size) | (idx != np.round(idx))][0].item()
                raise errors.ConnectionError(
                    f"Projection {self.label!r}: the connector gave {side}-synaptic index {bad!r}, but the "
                    f"{side}-synaptic side has neurons 0..{size - 1}"
                )

    def spynn_add_connections(self, pre, post, weight, delay, *per_synapse) -> None:
        """Connections given as arrays (projection-level pre and post indices, weights, delays
        [ms], then the synapse type's per-synapse values, if given) by connectors that make them
        all at once (KernelConnector)."""
        self._check_indices(np.asarray(pre), np.asarray(post))
        self._parts.append(
            (
                np.asarray(pre, dtype=np.int64),
                np.asarray(post, dtype=np.int64),
                np.asarray(weight, dtype=float),
                np.asarray(delay, dtype=float),
                *(np.asarray(v, dtype=float) for v in per_synapse),
            )
        )

    # --------------------------------------------------------------- read
    def _connections(self, mapped=None, states: bool = False):
        """(pre, post, weight, delay) as stored on the cores (of `mapped`, else of the network
        loaded now), in projection-level indices, in the order read; states: then each
        synapse's state words (a row each, StdpRule.initial_states' layout)."""
        sim = simulator.state.sim
        if mapped is None and sim.pending_change is not None and id(self) not in sim.edges_of:
            # made after the last run: not loaded until reset(), so the arrays as given
            pre, post = self.spynn_pre.astype(np.int64), self.spynn_post.astype(np.int64)
            out = pre, post, self.spynn_weight.astype(np.float64), self.spynn_delay.astype(np.float64)
            return (*out, self.spynn_initial_states(slice(None))) if states else out
        pre_p, post_p, w, d, edge, *words = sim.read_connections(self, mapped, with_states=states)
        graph = (mapped or sim.mapped).graph
        pre, post = _projection_index(self.pre, pre_p), _projection_index(self.post, post_p)
        if pre is None or post is None:  # a view or an assembly: per edge, through a lookup
            pops = sim.populations
            pre_lut, post_lut = _proj_index_lookup(self.pre), _proj_index_lookup(self.post)
            pre, post = np.empty(pre_p.size, dtype=np.int64), np.empty(post_p.size, dtype=np.int64)
            for e in np.unique(edge):
                sel = edge == e
                ge = graph.edges[int(e)]
                pre[sel] = pre_lut[id(pops[ge.pre])][pre_p[sel]]
                post[sel] = post_lut[id(pops[ge.post])][post_p[sel]]
        np.multiply(w, self._weight_sign, out=w)
        return (pre, post, w, d, *words)

    def _state_names(self, attribute_names) -> list[str]:
        """Those of the names that the state words hold (U, p; u, x, y, a)."""
        rule = self.spynn_stdp
        held = (*self._per_synapse_names, *(rule.state_variables if rule is not None else ()))
        return [n for n in attribute_names if n in held]

    def _state_column(self, name: str, words: np.ndarray) -> np.ndarray:
        """The values of one of _state_names from the state words (n, synapse_words)."""
        if name in self._per_synapse_names:  # as given, where the cores hold what was given
            return synapse_state.as_given(self.spynn_per_synapse(name), words[:, 0])
        return synapse_state.state_values(self.spynn_stdp, name, words)

    def _stored(self, states: bool = False):
        """_connections ordered by pre then post (as NEST and sPyNNaker list them)."""
        columns = self._connections(states=states)
        pre, post = columns[:2]
        key = pre * (int(post.max(initial=0)) + 1) + post  # one stable sort of one key, not lexsort's two
        order = np.argsort(key, kind="stable")
        return tuple(c[order] for c in columns)

    def get(self, attribute_names, format, gather=True, with_address=True, multiple_synapses="sum"):
        """PyNN's get; an empty list of names with format "list" gives the (pre, post) pairs, as
        sPyNNaker does (PyNN would list every attribute)."""
        if not isinstance(attribute_names, str) and len(attribute_names) == 0 and format == "list":
            pre, post, _, _ = self._stored()
            return ConnectionList(("source", "target"), (pre, post))
        return super().get(attribute_names, format, gather, with_address, multiple_synapses)

    @property
    def connections(self):
        pre, post, w, d = self._stored()
        with gc_paused():  # an object per connection, no cycles
            return [
                Connection(self, i, j, a, b) for i, j, a, b in zip(pre.tolist(), post.tolist(), w.tolist(), d.tolist())
            ]

    def __getitem__(self, i):
        return self.connections[i]

    def __iter__(self):
        return iter(self.connections)

    def _get_attributes_as_list(self, attribute_names):
        held = self._state_names(attribute_names)
        pre, post, w, d, *words = self._stored(states=bool(held))
        columns = {
            "presynaptic_index": pre,
            "postsynaptic_index": post,
            "weight": w,
            "delay": d,
            "source": pre,
            "target": post,
        }
        for name in held:
            columns[name] = self._state_column(name, words[0])
        for name in attribute_names:
            if name not in columns:
                columns[name] = np.full(pre.size, self._mechanism_parameter(name))
        return ConnectionList(tuple(attribute_names), tuple(columns[n] for n in attribute_names))

    def _mechanism_parameter(self, name: str) -> float:
        """A plastic synapse type's parameter (A_plus, tau_minus, w_max, tau_rec, ...): one value
        per projection in spynn, so every connection reports it."""
        if isinstance(self.synapse_type, (STDPMechanism, *TRANSMISSION_TYPES)):
            return self.synapse_type.spynn_parameter(name)
        raise NotSupportedError(f"the synaptic attribute {name!r}")

    def _get_attributes_as_arrays(self, attribute_names, multiple_synapses="sum"):
        """(n_pre, n_post) arrays, NaN where there is no connection; several connections
        between one pair are summed (bincount over the flat pair index), or their min or max."""
        if multiple_synapses not in ("sum", "min", "max"):
            raise NotSupportedError(f"multiple_synapses={multiple_synapses!r}")
        held = self._state_names(attribute_names)
        pre, post, w, d, *words = self._connections(states=bool(held))
        shape = (self.pre.size, self.post.size)
        flat = pre * shape[1] + post
        size = shape[0] * shape[1]
        present = np.zeros(size, dtype=bool)
        present[flat] = True
        single = int(np.count_nonzero(present)) == flat.size  # at most one connection per pair
        out = []
        for name in attribute_names:
            if name in held:
                values = self._state_column(name, words[0])
            else:
                values = {"weight": w, "delay": d}.get(name)
            if values is None:
                values = np.full(pre.size, self._mechanism_parameter(name))
            if single:
                a = np.full(size, np.nan)
                a[flat] = values
            else:
                if multiple_synapses == "sum":
                    a = np.bincount(flat, weights=values, minlength=size)
                else:
                    a = np.full(size, np.inf if multiple_synapses == "min" else -np.inf)
                    (np.minimum if multiple_synapses == "min" else np.maximum).at(a, flat, values)
                a[~present] = np.nan
            out.append(a.reshape(shape))
        return out

    def _set_attributes(self, parameter_space):
        sim = simulator.state.sim
        sim.synapses_changed("Projection.set after the first run")
        parameter_space.evaluate(simplify=False)
        for name, value in parameter_space.items():
            value = np.asarray(value)
            new = (
                value[self.spynn_pre, self.spynn_post]
                if value.ndim == 2
                else np.broadcast_to(value, self.spynn_pre.shape)
            )
            if name == "weight":
                self.spynn_weight = np.array(new, dtype=float)  # a copy; the setter picks the width
            elif name == "delay":
                self.spynn_delay = new
            elif name in self._per_synapse_names:
                self._set_per_synapse(name, new)
            else:
                raise NotSupportedError(f"the synaptic attribute {name!r}")
        w = self.spynn_weight
        self._weight_sign = -1.0 if w.size and (w <= 0).all() and (w < 0).any() else 1.0

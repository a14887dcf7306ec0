"""PyNN objects -> application graph.

A Projection between Populations, PopulationViews or Assemblies becomes one
edge per (pre population, post population) pair, in parent-population indices."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from ..errors import NotSupportedError
from .graph import NEURON, SPIKE_SOURCE_ARRAY, SPIKE_SOURCE_POISSON, AppGraph, PopulationVertex, ProjectionEdge


def members(obj) -> list[tuple[object, np.ndarray]]:
    """(population, parent index of each of its cells in obj) for a Population, view or Assembly."""
    if hasattr(obj, "populations"):  # Assembly
        return [m for p in obj.populations for m in members(p)]
    if hasattr(obj, "grandparent"):  # PopulationView
        return [(obj.grandparent, np.asarray(obj.index_in_grandparent(np.arange(obj.size)), dtype=np.int64))]
    return [(obj, np.arange(obj.size, dtype=np.int64))]


def resolve(obj, index: np.ndarray) -> tuple[list, np.ndarray | None, np.ndarray]:
    """Projection-level indices -> (member populations, member of each index or None if
    there is one member, parent index). A whole Population resolves to itself: no copy."""
    if not hasattr(obj, "populations") and not hasattr(obj, "grandparent"):
        return [obj], None, index
    ms = members(obj)
    sizes = np.array([m[1].size for m in ms])
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    which = np.searchsorted(bounds, index, side="right") - 1
    parent = np.empty(index.size, dtype=np.int64)
    for k, (_, idx) in enumerate(ms):
        sel = which == k
        parent[sel] = idx[index[sel] - bounds[k]]
    return [m[0] for m in ms], which, parent


def compact_index(index: np.ndarray, size: int) -> np.ndarray:
    """Indices 0..size-1 in the smallest unsigned type of 2 or 4 bytes that holds them (two
    bytes per synapse for populations up to 65536): no copy where they are that type already,
    a view where they are int32 that must stay 32-bit."""
    dtype = np.uint16 if size <= 1 << 16 else np.uint32
    if index.dtype == dtype:
        return index
    if index.dtype == np.int32 and dtype == np.uint32:
        return index.view(np.uint32)
    return index.astype(dtype)


def max_poisson_rate(pop) -> float:
    """The highest rate [Hz] any source of a Poisson population has (one array operation for
    SpikeSourcePoisson; SpikeSourcePoissonVariable's lists are one per source)."""
    p = pop.spynn_params
    if "rates" not in p:
        return float(np.max(_poisson_processes(pop)[0], initial=0.0))
    return max((float(np.max(np.asarray(_values(r), float), initial=0.0)) for r in p["rates"]), default=0.0)


def _poisson_processes(pop) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per source of a one-segment Poisson population: the rate of the Poisson process it
    draws from [Hz], its gamma order and its dead ticks.  SpikeSourceGamma draws at beta and
    sends every alpha-th event; SpikeSourcePoissonRefractory draws at the hazard
    rate / (1 - rate tau_refrac) after tau_refrac without spikes, so its mean rate is rate."""
    p = pop.spynn_params
    order, dead = np.ones(pop.size), np.zeros(pop.size)
    if "alpha" in p:  # SpikeSourceGamma
        rate, order = np.asarray(p["beta"], float), np.asarray(p["alpha"], float)
        if (order < 1).any() or (order != np.round(order)).any():
            raise ValueError(f"SpikeSourceGamma {pop.label!r}: alpha must be a whole number >= 1 (as NEST's)")
    elif "tau_refrac" in p:  # SpikeSourcePoissonRefractory
        mean, tau = np.asarray(p["rate"], float), np.asarray(p["tau_refrac"], float)
        if (mean * tau >= 1000.0).any():
            raise ValueError(
                f"SpikeSourcePoissonRefractory {pop.label!r}: rate x tau_refrac must stay below 1 "
                f"(a source cannot fire more often than its dead time allows)"
            )
        rate = mean / (1.0 - mean * tau / 1000.0)
        dead = np.rint(tau / pop._simulator.state.dt)
    else:
        rate = np.asarray(p["rate"], float)
    shape = (pop.size,)
    return np.broadcast_to(rate, shape), np.broadcast_to(order, shape), np.broadcast_to(dead, shape)


class OneSegmentEach(Sequence):
    """A Poisson population's schedule when every source has one segment: the five columns
    (rate, start, end, order, dead ticks), each source's tuple of one-element arrays made
    when asked for (a tuple per source would be 48 MB for the microcircuit's 77k sources)."""

    def __init__(self, *columns: np.ndarray):
        self.columns = tuple(np.asarray(c) for c in columns)

    def __len__(self) -> int:
        return int(self.columns[0].size)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        k = range(len(self))[i]  # an IndexError past the end, as a tuple gives
        return tuple(c[k : k + 1] for c in self.columns)


def poisson_schedule(pop) -> Sequence:
    """Per source (rates [Hz], starts [ms], ends [ms], gamma orders, dead ticks): one segment
    for SpikeSourcePoisson, SpikeSourceGamma and SpikeSourcePoissonRefractory
    (_poisson_processes), a segment per rate for sPyNNaker's SpikeSourcePoissonVariable
    (without durations a rate lasts until the next start)."""
    p = pop.spynn_params
    if "rates" not in p:
        start = np.broadcast_to(np.asarray(p["start"], float), (pop.size,))
        end = start + np.minimum(np.asarray(p["duration"], float), 1e15)
        rate, order, dead = _poisson_processes(pop)
        return OneSegmentEach(rate, start, end, order, dead)
    out = []
    for i in range(pop.size):
        rates = np.asarray(_values(p["rates"][i]), float)
        starts = np.asarray(_values(p["starts"][i]), float)
        if rates.shape != starts.shape:
            raise ValueError(
                f"SpikeSourcePoissonVariable {pop.label!r}: neuron {i} has {rates.size} rates but {starts.size} starts"
            )
        if "durations" in p and p["durations"][i] is not None:
            ends = starts + np.asarray(_values(p["durations"][i]), float)
        else:
            ends = np.append(starts[1:], 1e15)
        out.append((rates, starts, ends, np.ones(rates.size), np.zeros(rates.size)))
    return tuple(out)


def _values(seq):
    return getattr(seq, "value", seq)


def population_vertex(index: int, pop, per_core: int, current_sources=()) -> PopulationVertex:
    kind = pop.celltype.spynn_kind
    common = dict(
        index=index,
        label=pop.label,
        size=pop.size,
        kind=kind,
        max_atoms_per_core=per_core,
        recorded=frozenset(v.name for v, ids in pop.recorder.recorded.items() if ids)
        | ({"rewiring"} if getattr(pop, "spynn_record_rewiring", False) else set()),
        sample_ticks=max(1, int(round(pop.recorder.sampling_interval / pop._simulator.state.dt))),
        seed=pop.spynn_seed,
    )
    if kind == SPIKE_SOURCE_ARRAY:
        times = tuple(
            np.asarray(s.value if hasattr(s, "value") else s, dtype=np.float64) for s in pop.spynn_params["spike_times"]
        )
        return PopulationVertex(spike_times=times, **common)
    if kind == SPIKE_SOURCE_POISSON:
        schedule = poisson_schedule(pop)
        renewal = "alpha" in pop.spynn_params or "tau_refrac" in pop.spynn_params
        return PopulationVertex(schedule=schedule, max_rate_hz=max_poisson_rate(pop), renewal=renewal, **common)
    params = {k: np.asarray(v, dtype=np.float64) for k, v in pop.spynn_params.items()}
    initial = {k: np.asarray(v, dtype=np.float64) for k, v in pop.spynn_initial.items()}
    specs = tuple(s for s in (src.spec_for(pop) for src in current_sources) if s is not None)
    return PopulationVertex(
        model=pop.celltype.spynn_model,
        params=params,
        initial=initial,
        current_sources=specs,
        input_scaling=pop.spynn_input_scaling,
        **common,
    )


#: Elements per chunk of an elementwise pass over a projection's synapses (fits in L2).
PASS_CHUNK = 1 << 16


def delay_ticks(delays_ms: np.ndarray, dt: float, label: str) -> np.ndarray:
    """Delays [ms] -> whole timesteps, rounded half up as NEST does (with a tolerance for
    binary fractions: 0.15 / 0.1 = 1.4999...), in the smallest unsigned type that holds them
    (a byte per synapse for the usual delays)."""
    d = np.asarray(delays_ms, dtype=np.float64)
    if not d.size:
        return np.zeros(0, np.uint8)
    shortest, longest = float(d.min()), float(d.max())
    if not np.floor(shortest / dt + 0.5 + 1e-9) >= 1:
        raise ValueError(
            f"Projection {label!r}: delay {shortest} ms is shorter than one timestep ({dt} ms); "
            f"use delays of at least the timestep"
        )
    most = np.floor(longest / dt + 0.5 + 1e-9)
    if most >= 2**32:
        raise ValueError(f"Projection {label!r}: delay {longest} ms is far too long")
    dtype = np.uint8 if most < 2**8 else np.uint16 if most < 2**16 else np.uint32
    out = np.empty(d.size, dtype)
    # in chunks through one small buffer: no float temporaries as long as all delays (their
    # fresh pages cost more than the arithmetic), and the chunk stays in cache
    buf = np.empty(min(d.size, PASS_CHUNK))
    for s in range(0, d.size, PASS_CHUNK):
        part = d[s : s + PASS_CHUNK]
        b = buf[: part.size]
        np.divide(part, dt, out=b)
        np.add(b, 0.5, out=b)
        np.add(b, 1e-9, out=b)
        out[s : s + part.size] = np.floor(b, out=b)
    return out


def weight_scale(pop) -> float:
    """PyNN weight -> the post model's ring-buffer units (1000 for uS -> nS)."""
    model = getattr(pop.celltype, "spynn_model", None)
    return model.weight_scale if model is not None else 1.0


#: Receptor types of the dopamine projections of neuromodulation (no ring-buffer input).
DOPAMINE_RECEPTORS = ("reward", "punishment")


def projection_edges(proj, vertex_of: dict[int, int], first_index: int, dt: float) -> list[ProjectionEdge]:
    post_model = members(proj.post)[0][0].celltype.spynn_model
    dopamine = proj.spynn_stdp is not None and proj.spynn_stdp.timing_rule == "dopamine"
    if (proj.receptor_type in DOPAMINE_RECEPTORS) != dopamine:
        raise ValueError(
            f"Projection {proj.label!r}: receptor_type {proj.receptor_type!r} "
            + (
                "needs the synapse type extra_models.Neuromodulation"
                if not dopamine
                else "cannot take a Neuromodulation synapse; use receptor_type='reward' or 'punishment'"
            )
        )
    if not dopamine and proj.receptor_type not in post_model.receptors:
        raise NotSupportedError("this receptor type")
    receptor = 0 if proj.receptor_type in DOPAMINE_RECEPTORS else post_model.receptors.index(proj.receptor_type)
    if proj.spynn_plan is not None:  # made core by core (plan.py): between two Populations
        pre_pop, post_pop = members(proj.pre)[0][0], members(proj.post)[0][0]
        ids = (vertex_of[id(pre_pop)], vertex_of[id(post_pop)])
        scale = weight_scale(post_pop)
        return [
            ProjectionEdge(
                first_index,
                proj.label,
                *ids,
                receptor,
                None,
                None,
                None,
                None,
                weight_scale=scale,
                plan=proj.spynn_plan,
            )
        ]
    pre_pops, pre_which, pre_parent = resolve(proj.pre, proj.spynn_pre)
    post_pops, post_which, post_parent = resolve(proj.post, proj.spynn_post)
    delay_ticks = proj.spynn_delay_ticks
    edges = []
    if pre_which is None and post_which is None:  # Population to Population: one edge, views
        pairs = [(slice(None), 0, 0)]
    else:
        pair = (0 if pre_which is None else pre_which) * len(post_pops) + (0 if post_which is None else post_which)
        pairs = [(pair == key, *divmod(int(key), len(post_pops))) for key in np.unique(pair)]
    for sel, i, j, rule in _by_rule(proj, pairs, post_pops, post_parent):
        edges.append(
            ProjectionEdge(
                index=first_index + len(edges),
                label=proj.label,
                pre=vertex_of[id(pre_pops[i])],
                post=vertex_of[id(post_pops[j])],
                synapse_type=receptor,
                pre_index=compact_index(pre_parent[sel], pre_pops[i].size),
                post_index=compact_index(post_parent[sel], post_pops[j].size),
                weight=proj.spynn_weight[sel],
                delay_ticks=delay_ticks[sel],
                weight_scale=weight_scale(post_pops[j]),
                stdp=rule,
                structural=proj.spynn_structural,
                states=_states(proj, sel),
            )
        )
    if not edges:  # keep an empty edge so the projection still has a place in the graph
        edges.append(
            ProjectionEdge(
                first_index,
                proj.label,
                vertex_of[id(members(proj.pre)[0][0])],
                vertex_of[id(members(proj.post)[0][0])],
                receptor,
                np.zeros(0, np.uint32),
                np.zeros(0, np.uint32),
                np.zeros(0),
                np.zeros(0, np.uint8),
                stdp=proj.spynn_stdp,
                structural=proj.spynn_structural,
                states=_states(proj, slice(0, 0)),
            )
        )
    return edges


def _by_rule(proj, pairs, post_pops, post_parent):
    """(selection, pre population, post population, rule) of each edge: the pairs of
    populations, split where the synapses onto different post neurons follow different rules
    (Projection.spynn_post_rules: short-term plasticity's tau_psc)."""
    for sel, i, j in pairs:
        rules, which = proj.spynn_post_rules(post_pops[j])
        if which is None:
            yield sel, i, j, rules[0]
            continue
        idx = np.arange(post_parent.size)[sel]
        by = which[post_parent[idx]]
        for k in np.unique(by):
            yield idx[by == k], i, j, rules[k]


def _states(proj, sel) -> np.ndarray | None:
    """The first state words of the synapses of a plastic rule with a per-synapse parameter (U, p)."""
    if getattr(proj.spynn_stdp, "per_synapse", None) is None:
        return None
    return proj.spynn_initial_states(sel)


def build_graph(
    populations, projections, dt: float, per_core_of, current_sources=()
) -> tuple[AppGraph, dict[int, list[int]]]:
    """The graph, and for each projection (by id) the indices of its edges."""
    vertex_of = {id(p): i for i, p in enumerate(populations)}
    vertices = tuple(population_vertex(i, p, per_core_of(p), current_sources) for i, p in enumerate(populations))
    edges: list[ProjectionEdge] = []
    edges_of: dict[int, list[int]] = {}
    for proj in projections:
        if vertices[vertex_of[id(members(proj.post)[0][0])]].kind != NEURON:
            raise ValueError(
                f"Projection {proj.label!r}: the post-synaptic population must be neurons, not a spike source"
            )
        new = projection_edges(proj, vertex_of, len(edges), dt)
        edges_of[id(proj)] = [e.index for e in new]
        edges.extend(new)
    return AppGraph(vertices, tuple(neuromodulate(edges)), dt), edges_of


def neuromodulate(edges: list[ProjectionEdge]) -> list[ProjectionEdge]:
    """STDP projections onto a population that receives a Neuromodulation projection
    (reward or punishment dopamine) learn through an eligibility trace: their rules take
    that projection's tau_c and tau_d (all its dopamine projections must agree)."""
    dopamine: dict[int, object] = {}
    for e in edges:
        if e.stdp is not None and e.stdp.timing_rule == "dopamine":
            other = dopamine.setdefault(e.post, e.stdp)
            if (other.tau_c, other.tau_d) != (e.stdp.tau_c, e.stdp.tau_d):
                raise ValueError(
                    f"Projection {e.label!r}: its Neuromodulation has tau_c, tau_d = {e.stdp.tau_c}, {e.stdp.tau_d} "
                    f"but another one onto the same population has {other.tau_c}, {other.tau_d}; a neuron keeps "
                    f"one dopamine trace, so give them the same values"
                )
    out = []
    for e in edges:
        da = dopamine.get(e.post)
        if da is not None and e.stdp is not None and e.stdp.weights_change and e.stdp.timing_rule != "dopamine":
            if e.stdp.timing_rule not in ("pair", "nearest"):
                raise ValueError(
                    f"Projection {e.label!r}: neuromodulated learning works with SpikePairRule (and "
                    f"SpikeNearestPairRule), not {e.stdp.timing_rule!r}"
                )
            if e.stdp.weight_rule not in ("additive", "multiplicative"):
                raise ValueError(
                    f"Projection {e.label!r}: neuromodulated learning works with AdditiveWeightDependence or "
                    f"MultiplicativeWeightDependence (as sPyNNaker's), not {e.stdp.weight_rule!r}"
                )
            # the eligibility trace moves by A_plus K+ and A_minus K- in weight units, not scaled by
            # w_max as additive STDP's weight steps are (sPyNNaker's rule, NEST's stdp_dopamine_synapse):
            # the cores multiply the amplitudes by w_max, so they get them divided by it
            per_w_max = 1.0 / da.w_max if e.stdp.weight_rule == "additive" and da.w_max > 0 else 1.0
            rule = dataclasses.replace(
                e.stdp,
                neuromodulated=True,
                tau_c=da.tau_c,
                tau_d=da.tau_d,
                w_min=da.w_min,
                w_max=da.w_max,
                a_plus=e.stdp.a_plus * per_w_max,
                a_minus=e.stdp.a_minus * per_w_max,
            )
            e = dataclasses.replace(e, stdp=rule)
        out.append(e)
    return out

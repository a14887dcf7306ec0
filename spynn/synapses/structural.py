"""Structural plasticity as data: the rewiring rules of a projection, and the core's
REGION_STRUCTURAL (see c_kernels/synapse/structural.h for the rewiring itself).

Rows of a structural projection reserve s_max synapse slots each, and every presynaptic
core gets a block of rows on every post core, so a synapse can form anywhere without
moving data.  Bytes per structural slot: 4 (static word) or 6 + 4 per state word
(plastic: weight and control half-word), plus the post-to-pre table's 4 bytes per slot
of each post neuron."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import layout

C = layout.const
EMPTY = C("SP_EMPTY_SLOT")


@dataclass(frozen=True)
class StructuralRule:
    """A projection's rewiring rule (weights in PyNN units, delays in ms, rates in Hz)."""

    f_rew: float  # rewiring attempts per second, over the whole post population
    s_max: int  # synapse slots per post neuron
    with_replacement: bool
    random_partner: bool  # RandomSelection (else LastNeuronSelection)
    spike_buffer_size: int
    seed: int
    initial_weight: float
    delay_range: tuple[float, float]  # [ms] a formed synapse's delay is drawn from it
    grid: tuple[int, int]
    p_form_forward: float
    sigma_form_forward: float
    p_form_lateral: float
    sigma_form_lateral: float
    threshold: float  # PyNN weight units
    prob_elim_depressed: float
    prob_elim_potentiated: float

    def shared_with(self, other: StructuralRule) -> bool:
        """Rules of several projections onto one population must agree on these."""
        keys = ("f_rew", "s_max", "with_replacement", "random_partner", "spike_buffer_size", "seed")
        return all(getattr(self, k) == getattr(other, k) for k in keys)

    def check(self, label: str) -> None:
        problems = []
        if self.f_rew <= 0:
            problems.append(f"f_rew must be > 0 (got {self.f_rew})")
        if not 1 <= self.s_max <= 250:
            problems.append(f"s_max must lie in [1, 250] (got {self.s_max})")
        for name in ("p_form_forward", "p_form_lateral", "prob_elim_depressed", "prob_elim_potentiated"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                problems.append(f"{name} must lie in [0, 1] (got {getattr(self, name)})")
        if min(self.grid) < 1:
            problems.append(f"grid must be positive (got {self.grid})")
        if self.delay_range[0] > self.delay_range[1]:
            problems.append(f"initial_delay range {self.delay_range} is reversed")
        if problems:
            raise ValueError(f"Projection {label!r}: structural plasticity: " + "; ".join(problems))


def probability_table(p: float, sigma: float, grid: tuple[int, int]) -> np.ndarray:
    """u0.16 formation probability by squared distance on the (periodic) grid, up to the
    largest squared distance or where it rounds to zero; two entries per word."""
    far = (grid[0] // 2) ** 2 + (grid[1] // 2) ** 2
    d2 = np.arange(far + 1, dtype=float)
    values = np.rint(p * np.exp(-d2 / (2.0 * sigma**2)) * 65535).astype(np.uint32) if sigma > 0 else np.zeros(1)
    nonzero = np.nonzero(values)[0]
    values = values[: nonzero[-1] + 1] if nonzero.size else values[:0]
    size = values.size
    if size % 2:
        values = np.append(values, 0)
    return (values[0::2] | (values[1::2] << 16)).astype(np.uint32), size


@dataclass(frozen=True)
class StructuralEdge:
    """One structural projection onto a core, as the region needs it."""

    rule: StructuralRule
    pre_app_atoms: int
    synapse_type: int
    words_per_synapse: int  # 0 static; plastic: 1 + state words
    weight_u16_16: int  # initial weight in ring-buffer units
    delay_ticks: tuple[int, int]  # as stored in the word
    lateral: bool
    sources: tuple  # (key, lo_atom, n_atoms, block_offset, stride) per pre core
    threshold_u16_16: int


def structural_region(
    edges: list[StructuralEdge],
    post_to_pre: np.ndarray,
    app_n_atoms: int,
    lo_atom: int,
    n_neurons: int,
    dt_ms: float,
    shared_rng: np.ndarray,
    local_rng: np.ndarray,
) -> np.ndarray:
    rule = edges[0].rule
    h = layout.STRUCTURAL_HEADER.zeros()
    h["n_edges"], h["n_sources"] = len(edges), sum(len(e.sources) for e in edges)
    h["s_max"], h["app_n_atoms"], h["lo_atom"], h["n_neurons"] = rule.s_max, app_n_atoms, lo_atom, n_neurons
    per_tick = rule.f_rew * dt_ms / 1000.0
    if per_tick >= 1.0:
        h["attempts_per_tick"] = int(round(per_tick))
    else:
        h["period_ticks"] = max(1, int(round(1.0 / per_tick)))
    h["with_replacement"], h["random_partner"] = int(rule.with_replacement), int(rule.random_partner)
    h["spike_buffer_size"] = rule.spike_buffer_size
    h["shared_rng"], h["local_rng"] = shared_rng, local_rng
    es = layout.STRUCTURAL_EDGE.zeros(len(edges))
    srcs = layout.STRUCTURAL_SOURCE.zeros(int(h["n_sources"][0]))
    offset = layout.STRUCTURAL_HEADER.n_words + es.size * layout.STRUCTURAL_EDGE.n_words
    offset += srcs.size * layout.STRUCTURAL_SOURCE.n_words
    h["post_to_pre_offset"] = offset
    offset += post_to_pre.size
    tables, k = [], 0
    for i, e in enumerate(edges):
        r = e.rule
        es[i]["first_source"], es[i]["n_sources"], es[i]["pre_app_atoms"] = k, len(e.sources), e.pre_app_atoms
        es[i]["synapse_type"], es[i]["plastic"], es[i]["weight"] = e.synapse_type, e.words_per_synapse, e.weight_u16_16
        es[i]["delay_min"], es[i]["delay_max"] = e.delay_ticks
        es[i]["lateral"], es[i]["grid_x"], es[i]["grid_y"] = int(e.lateral), r.grid[0], r.grid[1]
        for which, p, sigma in (
            ("ff", r.p_form_forward, r.sigma_form_forward),
            ("lat", r.p_form_lateral, r.sigma_form_lateral),
        ):
            words, size = probability_table(p, sigma, r.grid)
            es[i][f"{which}_offset"], es[i][f"{which}_size"] = offset, size
            tables.append(words)
            offset += words.size
        es[i]["prob_elim_depressed"] = min(int(round(r.prob_elim_depressed * 2**32)), 0xFFFFFFFF)
        es[i]["prob_elim_potentiated"] = min(int(round(r.prob_elim_potentiated * 2**32)), 0xFFFFFFFF)
        es[i]["threshold"] = e.threshold_u16_16
        for key, lo, n, block, stride in e.sources:
            srcs[k] = (key, lo, n, block, stride, i)
            k += 1
    parts = [h.view(np.uint32), es.view(np.uint32).ravel(), srcs.view(np.uint32).ravel(), post_to_pre, *tables]
    return np.concatenate(parts).astype(np.uint32)


def post_to_pre_table(
    post_local: np.ndarray, source_index: np.ndarray, atom: np.ndarray, n_neurons: int, s_max: int, label: str
) -> np.ndarray:
    """s_max slots per post neuron, filled with its initial synapses (source << 16 | atom)."""
    table = np.full((n_neurons, s_max), EMPTY, dtype=np.uint32)
    if post_local.size:
        order = np.argsort(post_local, kind="stable")
        p = post_local[order]
        counts = np.bincount(p, minlength=n_neurons)
        if counts.max() > s_max:
            raise ValueError(
                f"Projection {label!r}: a post-synaptic neuron starts with {int(counts.max())} structural "
                f"synapses but s_max is {s_max}; raise s_max or connect fewer synapses initially"
            )
        rank = np.arange(p.size) - np.concatenate([[0], np.cumsum(counts)[:-1]])[p]
        table[p, rank] = (source_index[order].astype(np.uint32) << 16) | atom[order].astype(np.uint32)
    return table.ravel()

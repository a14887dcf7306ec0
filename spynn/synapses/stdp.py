"""STDP: rules as data, plastic rows packed and unpacked, and the core's STDP region
(the closed forms are in stdp_closed_form.py).

Semantics are NEST's stdp_synapse (what pyNN.nest runs for SpikePairRule with
Additive/MultiplicativeWeightDependence): all-to-all pairing, all of the delay
dendritic, updates when a presynaptic spike is delivered, the new weight sent
with that spike.  A_plus and A_minus are fractions of w_max (additive), of
w_max - w (multiplicative potentiation) and of w - w_min (multiplicative
depression).  See c_kernels/synapse/stdp.h for the row layout.

Bytes per plastic synapse: 4 (u16.16 weight) + 2 (control half-word) = 6, plus 4 per
state word (RecurrentRule and neuromodulation 1, Tsodyks-Markram short-term plasticity 4),
plus 3 + 4 header words per row.

Tsodyks-Markram short-term plasticity runs on the same rows as a rule of its own: NEST's
tsodyks_synapse (what pyNN.nest runs for TsodyksMarkramSynapse), its state U, u, x, y per
synapse, the weight fixed and w u x sent with each spike."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import fixedpoint as fp
from . import layout
from .static import HEADER, MAX_PAYLOAD, WordFormat

C = layout.const
STDP_HEADER = C("STDP_HEADER_WORDS")


def max_plastic_synapses(synapse_words: int = 0) -> int:
    """Most plastic synapses in one row block: header + n (1 + synapse_words) + ceil(n / 2)
    words fit one DMA."""
    return (MAX_PAYLOAD - STDP_HEADER) * 2 // (3 + 2 * synapse_words)


MAX_PLASTIC_SYNAPSES = max_plastic_synapses(0)
WEIGHT_RULES = {
    "additive": C("STDP_WEIGHT_ADDITIVE"),
    "multiplicative": C("STDP_WEIGHT_MULTIPLICATIVE"),
    "additive_potentiation_multiplicative_depression": C("STDP_WEIGHT_ADD_POT_MULT_DEP"),
}
TIMING_RULES = {
    "pair": C("STDP_TIMING_PAIR"),
    "nearest": C("STDP_TIMING_NEAREST"),
    "vogels": C("STDP_TIMING_VOGELS"),
    "triplet": C("STDP_TIMING_TRIPLET"),
    "recurrent": C("STDP_TIMING_RECURRENT"),
    "dopamine": C("STDP_TIMING_DOPAMINE"),
    "tsodyks_markram": C("STDP_TIMING_TSODYKS_MARKRAM"),
    "stochastic": C("STDP_TIMING_STOCHASTIC"),
    "quantal": C("STDP_TIMING_QUANTAL"),
}
WINDOW_LUT = C("STDP_WINDOW_LUT_SIZE")
STP_ONE = C("STP_ONE")
STP_WORDS = C("STP_SYNAPSE_WORDS")
STP_COUPLING_MAX = 2048  # psc_coupling is s11.20


#: The synapse state a script may set before the first spike and read back, by timing rule
#: (NEST's names: tsodyks_synapse's u, x, y; quantal_stp_synapse's u and a).
STATE_VARIABLES = {"tsodyks_markram": ("u", "x", "y"), "quantal": ("u", "a")}


@dataclass(frozen=True)
class StdpRule:
    tau_plus: float  # [ms]
    tau_minus: float  # [ms]
    a_plus: float  # fraction (see module doc)
    a_minus: float
    w_min: float  # PyNN weight units
    w_max: float
    weight_rule: str  # a key of WEIGHT_RULES
    timing_rule: str = "pair"  # "pair" (all-to-all) | "nearest" (symmetric nearest neighbour) | "vogels" | "triplet"
    tau_x: float = 0.0  # triplet rule: second pre trace [ms]
    tau_y: float = 0.0  # triplet rule: second post trace [ms]
    a3_plus: float = 0.0  # triplet rule amplitudes (fractions of w_max)
    a3_minus: float = 0.0
    # recurrent rule (timing_rule "recurrent"; tau_plus/tau_minus unused)
    accumulator_depression: int = -6
    accumulator_potentiation: int = 6
    mean_pre_window: float = 35.0  # [ms]
    mean_post_window: float = 35.0  # [ms]
    dual_fsm: bool = True
    # neuromodulation: a pair rule made to change an eligibility trace, and the dopamine rows
    neuromodulated: bool = False
    tau_c: float = 1000.0  # [ms] eligibility trace
    tau_d: float = 200.0  # [ms] dopamine trace
    punishment: bool = False  # dopamine rows: the projection subtracts dopamine
    # Tsodyks-Markram short-term plasticity (timing_rule "tsodyks_markram"; the weight stays)
    tau_rec: float = 100.0  # [ms] recovery of the resources
    tau_facil: float = 0.0  # [ms] facilitation (0: none)
    tau_psc: float = 0.0  # [ms] the postsynaptic current's time constant (0: delta synapses)
    n_sites: int = 1  # quantal release (timing_rule "quantal"): release sites per synapse

    @property
    def synapse_words(self) -> int:
        """State words per synapse after the weights (the recurrent rule's accumulator, the
        eligibility trace of a neuromodulated rule, short-term plasticity's U, u, x, y, a
        stochastic synapse's p)."""
        if self.timing_rule == "tsodyks_markram":
            return STP_WORDS
        if self.timing_rule == "quantal":
            return C("STP_QUANTAL_WORDS")
        return 1 if self.timing_rule in ("recurrent", "stochastic") or self.neuromodulated else 0

    @property
    def weights_change(self) -> bool:
        """Whether the rule changes the weights (short-term plasticity scales what it sends, a
        stochastic synapse sends it or not)."""
        return self.per_synapse is None

    @property
    def weight_multiple(self) -> int:
        """The most weights one synapse sends at a spike: its release sites for quantal release,
        else one (short-term plasticity sends at most w, u x <= 1)."""
        return self.n_sites if self.timing_rule == "quantal" else 1

    @property
    def per_synapse(self) -> str | None:
        """The synapse type's parameter held per synapse in the first state word (u1.31): U of
        short-term plasticity, p of a stochastic synapse."""
        return {"tsodyks_markram": "U", "quantal": "U", "stochastic": "p"}.get(self.timing_rule)

    @property
    def state_variables(self) -> tuple[str, ...]:
        """The synapse state a script may give before the first spike (PyNN's
        Projection.initialize; NEST's names): u, x, y of short-term plasticity, u and a (the
        available sites) of quantal release."""
        return STATE_VARIABLES.get(self.timing_rule, ())

    def initial_states(self, values: np.ndarray, initial: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """The state words (n, synapse_words) of synapses whose per_synapse parameter is values:
        it, then (short-term plasticity) u = 0, x = 1, y = 0 (NEST's tsodyks_synapse) or
        (quantal) u = U, every site available (the first spike releases with probability U);
        `initial` (state_variables -> one value per synapse) replaces those it names."""
        state = np.zeros((np.size(values), self.synapse_words), dtype=np.uint32)
        state[:, 0] = fraction_words(values)
        if self.timing_rule == "tsodyks_markram":
            state[:, 2] = STP_ONE
        if self.timing_rule == "quantal":
            state[:, 1] = state[:, 0]
            state[:, 2] = self.n_sites | self.n_sites << 16
        for name, given in (initial or {}).items():
            if name == "a":  # whole available sites, at most n
                a = np.asarray(given, dtype=np.float64)
                if a.size and not (np.all(a == np.round(a)) and a.min() >= 0 and a.max() <= self.n_sites):
                    raise ValueError(f"a (available release sites) must be whole, 0..n = 0..{self.n_sites}")
                state[:, 2] = a.astype(np.uint32) | self.n_sites << 16
            else:
                state[:, 1 + self.state_variables.index(name)] = fraction_words(given)
        if self.timing_rule == "tsodyks_markram" and np.any(state[:, 2].astype(np.int64) + state[:, 3] > STP_ONE):
            raise ValueError("x + y (recovered and active resources) must be at most 1")
        return state

    def check(self, label: str) -> None:
        problems = []
        if self.timing_rule in ("tsodyks_markram", "quantal"):
            problems = _short_term_problems(self.tau_rec, self.tau_facil, self.tau_psc)
        if self.timing_rule == "quantal" and not 1 <= self.n_sites <= 0xFFFF:
            problems.append(f"n (release sites) must be a whole number in 1..65535 (got {self.n_sites})")
        if self.timing_rule == "recurrent":
            if not -127 <= self.accumulator_depression <= 0 <= self.accumulator_potentiation <= 127:
                problems.append(
                    f"need -127 <= accumulator_depression <= 0 <= accumulator_potentiation <= 127 (got "
                    f"{self.accumulator_depression}, {self.accumulator_potentiation})"
                )
            if self.mean_pre_window <= 0 or self.mean_post_window <= 0:
                problems.append(
                    f"mean_pre_window and mean_post_window must be > 0 (got {self.mean_pre_window}, "
                    f"{self.mean_post_window})"
                )
        if self.tau_plus <= 0 or self.tau_minus <= 0:
            problems.append(f"tau_plus and tau_minus must be > 0 (got {self.tau_plus}, {self.tau_minus})")
        if not (abs(self.a_plus) < 2**16 and abs(self.a_minus) < 2**16):
            problems.append(f"A_plus and A_minus must lie in (-65536, 65536) (got {self.a_plus}, {self.a_minus})")
        if (self.a_plus < 0 or self.a_minus < 0) and self.timing_rule not in ("pair", "nearest"):
            problems.append(
                f"negative A_plus or A_minus (got {self.a_plus}, {self.a_minus}) turn the change around for "
                f"SpikePairRule and SpikeNearestPairRule only, not the {self.timing_rule} rule"
            )
        if self.w_min < 0 or self.w_max < self.w_min:
            problems.append(f"need 0 <= w_min <= w_max (got w_min={self.w_min}, w_max={self.w_max})")
        if problems:
            raise ValueError(f"Projection {label!r}: STDP parameters: " + "; ".join(problems))


def _short_term_problems(tau_rec: float, tau_facil: float, tau_psc: float) -> list[str]:
    problems = []
    if not tau_rec > 0 or not tau_facil >= 0:
        problems.append(f"need tau_rec > 0 and tau_facil >= 0 (got {tau_rec}, {tau_facil})")
    elif abs(tau_rec - tau_psc) * STP_COUPLING_MAX <= tau_psc:
        problems.append(
            f"tau_rec ({tau_rec} ms) is within 1/{STP_COUPLING_MAX} of the postsynaptic current's time constant "
            f"tau_syn ({tau_psc} ms): the recovery then divides by their difference (NEST's tsodyks_synapse "
            f"divides by zero when they are equal); give tau_rec another value"
        )
    return problems


def _step_decay(tau: float, h: float) -> int:
    """exp(-h / tau) as u0.32, 0 for tau = 0."""
    return fp.to_u032(np.exp(-h / tau) if tau > 0 else 0.0, "exp(-h/tau)")


def fraction_words(values) -> np.ndarray:
    """Fractions in [0, 1] (U, p) as the cores hold them (u1.31)."""
    x = np.asarray(values, dtype=np.float64)
    if x.size and not (x.min() >= 0.0 and x.max() <= 1.0):
        raise ValueError(f"a fraction in [0, 1] was expected, got {x.min()}..{x.max()}")
    return np.rint(x * STP_ONE).astype(np.uint32)


def lut_words(tau: float, h: float) -> np.ndarray:
    """exp(-k h / tau) for k = 0.. while it exceeds 2^-16, as u0.16 packed two per word."""
    n = int(np.ceil(16 * np.log(2) * tau / h)) + 1
    values = np.minimum(np.rint(np.exp(-np.arange(n) * h / tau) * 65536), 65535).astype(np.uint32)
    if values.size % 2:
        values = np.append(values, 0)
    return (values[0::2] | (values[1::2] << 16)).astype(np.uint32), n


def window_lut_words(mean: float, h: float) -> np.ndarray:
    """STDP_WINDOW_LUT_SIZE window lengths [ticks] drawn from an exponential distribution of
    mean `mean` [ms] (entry i: its (i + 1/2) / size quantile), as u16 packed two per word."""
    u = (np.arange(WINDOW_LUT) + 0.5) / WINDOW_LUT
    ticks = np.minimum(np.rint(-np.log1p(-u) * mean / h), 0xFFFF).astype(np.uint32)
    return (ticks[0::2] | (ticks[1::2] << 16)).astype(np.uint32)


def check_post_traces(rules: list[StdpRule], labels: list[str], population: str) -> None:
    """A neuron keeps one set of post-synaptic traces: the plastic projections onto one
    population must agree on tau_minus (and tau_y), and the recurrent rule (whose post
    'trace' is a random window) cannot share a population with the trace rules."""
    rules = [r for r in rules if r.weights_change and r.timing_rule != "dopamine"]
    recurrent = {r.timing_rule == "recurrent" for r in rules}
    if len(recurrent) > 1:
        raise ValueError(
            f"Population {population!r}: its plastic projections {sorted(set(labels))} mix RecurrentRule with "
            f"trace-based STDP rules; a neuron keeps one kind of post-synaptic state, so use one kind per "
            f"post-synaptic population"
        )
    if True in recurrent:
        return
    taus = {(r.tau_minus, r.tau_y if r.timing_rule == "triplet" else None) for r in rules}
    triplet_y = {r.tau_y for r in rules if r.timing_rule == "triplet"}
    if len({t[0] for t in taus}) > 1 or len(triplet_y) > 1:
        raise ValueError(
            f"Population {population!r}: its plastic projections {sorted(set(labels))} use different "
            f"tau_minus (or tau_y) values {sorted(taus, key=str)}; a neuron keeps one set of "
            f"post-synaptic traces, so give them the same tau_minus"
        )


def stdp_region(rules: list[StdpRule], scales: list[float], h: float, rng_words: np.ndarray) -> np.ndarray:
    """REGION_STDP for the rules used on one core; scales[i] turns rule i's weights into
    ring-buffer units (2^(15 - shift) times the model's weight scale).  The post traces
    follow the first triplet or recurrent rule if there is one, else the first rule.
    rng_words seed the core's generator for the recurrent rule's windows."""
    header = layout.STDP_HEADER.zeros()
    header["n_rules"] = len(rules)
    header["tau_minus_rule"] = next(
        (i for i, r in enumerate(rules) if r.timing_rule in ("triplet", "recurrent")),
        next((i for i, r in enumerate(rules) if r.weights_change and r.timing_rule != "dopamine"), 0),
    )
    header["dopamine_rule"] = next(
        (1 + i for i, r in enumerate(rules) if r.neuromodulated or r.timing_rule == "dopamine"), 0
    )
    header["rng"] = rng_words
    structs = layout.STDP_RULE.zeros(len(rules))
    tables, offset = [], layout.STDP_HEADER.n_words + layout.STDP_RULE.n_words * len(rules)
    for i, (r, scale) in enumerate(zip(rules, scales)):
        structs[i]["weight_rule"] = WEIGHT_RULES[r.weight_rule]
        structs[i]["timing_rule"] = TIMING_RULES[r.timing_rule]
        structs[i]["w_min"] = np.uint32(min(int(round(r.w_min * scale * 65536)), 0xFFFFFFFF)).view(np.int32)
        structs[i]["w_max"] = np.uint32(min(int(round(r.w_max * scale * 65536)), 0xFFFFFFFF)).view(np.int32)
        amplitudes, bits = fp.to_unsigned_fraction(
            [abs(r.a_plus), abs(r.a_minus), r.a3_plus, r.a3_minus], "A_plus etc."
        )
        for name, value in zip(("a_plus", "a_minus", "a3_plus", "a3_minus"), amplitudes):
            structs[i][name] = value
        structs[i]["a_frac_bits"] = bits
        structs[i]["a_negative"] = int(r.a_plus < 0) | int(r.a_minus < 0) << 1
        structs[i]["synapse_words"] = r.synapse_words
        if r.neuromodulated or r.timing_rule == "dopamine":
            rate = 1.0 / r.tau_c + 1.0 / r.tau_d
            structs[i]["neuromodulated"] = int(r.neuromodulated)
            structs[i]["c_decay"] = fp.to_u032(np.exp(-h / r.tau_c), "exp(-h/tau_c)")
            structs[i]["d_decay"] = fp.to_u032(np.exp(-h / r.tau_d), "exp(-h/tau_d)")
            structs[i]["e_decay"] = fp.to_u032(np.exp(-h * rate), "exp(-h/tau_e)")
            structs[i]["tau_e"] = int(round(65536.0 / rate))
            structs[i]["dopamine_sign"] = int(r.punishment)
            if r.timing_rule == "dopamine":
                continue
        if r.timing_rule == "quantal":
            structs[i]["rec_decay"] = _step_decay(r.tau_rec, h)
            structs[i]["fac_decay"] = _step_decay(r.tau_facil, h)
            continue
        if r.timing_rule == "tsodyks_markram":
            structs[i]["rec_decay"] = _step_decay(r.tau_rec, h)
            structs[i]["fac_decay"] = _step_decay(r.tau_facil, h)
            structs[i]["psc_decay"] = _step_decay(r.tau_psc, h)
            structs[i]["psc_coupling"] = int(round(r.tau_psc / (r.tau_rec - r.tau_psc) * 2**20))
            continue
        if r.timing_rule == "stochastic":
            continue
        if r.timing_rule == "recurrent":
            structs[i]["dual_fsm"] = int(r.dual_fsm)
            structs[i]["acc_depression_plus_one"] = r.accumulator_depression + 1
            structs[i]["acc_potentiation_minus_one"] = r.accumulator_potentiation - 1
            for which, mean in (("pre", r.mean_pre_window), ("post", r.mean_post_window)):
                words = window_lut_words(mean, h)
                structs[i][f"lut_{which}_window_offset"] = offset
                tables.append(words)
                offset += words.size
            continue
        taus = [("plus", r.tau_plus), ("minus", r.tau_minus)]
        if r.timing_rule == "triplet":
            taus += [("x", r.tau_x), ("y", r.tau_y)]
        for which, tau in taus:
            words, n = lut_words(tau, h)
            structs[i][f"lut_{which}_offset"], structs[i][f"lut_{which}_length"] = offset, n
            tables.append(words)
            offset += words.size
    return np.concatenate([header.view(np.uint32), structs.view(np.uint32).ravel(), *tables]).astype(np.uint32)


def pack_plastic_rows(
    pre: np.ndarray,
    control: np.ndarray,
    weight_u16_16: np.ndarray,
    n_rows: int,
    rule_index: int,
    synapse_words: int = 0,
    capacity: int | None = None,
    states: np.ndarray | None = None,
) -> list:
    """Plastic rows (see stdp.h); pre[i] is the row of synapse i; synapse_words state words
    follow the weights: states[i] (uint32, (n, synapse_words)) or zero.  capacity: slots every
    row reserves (structural plasticity; one block), else rows hold what they have. Returns
    RowBlocks."""
    max_n = max_plastic_synapses(synapse_words) if capacity is None else capacity
    per = 1 + synapse_words
    from .static import RowBlock

    pre = np.asarray(pre, dtype=np.int64)
    order = np.argsort(pre, kind="stable")
    pre_s, ctrl_s, w_s = pre[order], np.asarray(control, np.uint32)[order], np.asarray(weight_u16_16)[order]
    states_s = None if states is None else np.asarray(states, np.uint32)[order]
    counts = np.bincount(pre_s, minlength=n_rows) if pre.size else np.zeros(n_rows, np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.arange(pre_s.size) - starts[pre_s]
    n_blocks = max(1, -(-int(counts.max(initial=0)) // max_n))
    blocks = []
    for b in range(n_blocks):
        in_block = np.clip(counts - b * max_n, 0, max_n)
        slots = in_block if capacity is None else np.full(n_rows, capacity)
        m = int(slots.max(initial=0))
        stride = HEADER + STDP_HEADER + per * m + (m + 1) // 2
        rows = np.zeros((n_rows, stride), dtype=np.uint32)
        rows[:, 0] = STDP_HEADER + per * slots  # PP
        rows[:, 3] = rule_index  # header: last 0, K+ 0, rule
        fixed_at = 1 + STDP_HEADER + per * slots  # where F sits, per row (after PP words)
        r = np.arange(n_rows)
        rows[r, fixed_at] = 0  # F
        rows[r, fixed_at + 1] = in_block  # P
        sel = (rank // max_n) == b
        pos = rank[sel] % max_n
        rows_sel = pre_s[sel]
        rows[rows_sel, 1 + STDP_HEADER + pos] = w_s[sel].astype(np.uint32)
        if states is not None:
            first_state = 1 + STDP_HEADER + slots[rows_sel] + pos * synapse_words
            for j in range(synapse_words):
                rows[rows_sel, first_state + j] = states_s[sel, j]
        half = rows.view(np.uint16).reshape(n_rows, 2 * stride)
        ctrl_base = 2 * (fixed_at[rows_sel] + 2)  # control half-words start after F and P
        half[rows_sel, ctrl_base + pos] = ctrl_s[sel].astype(np.uint16)
        blocks.append(RowBlock(stride, rows.ravel()))
    return blocks


def unpack_plastic_rows(
    words: np.ndarray, stride: int, n_rows: int, fmt: WordFormat, synapse_words: int = 0, with_states: bool = False
):
    """(row of each synapse, u16.16 weight, delay, type, index) of a plastic block, and with_states
    their state words (n, synapse_words)."""
    rows = np.asarray(words, dtype=np.uint32).reshape(n_rows, stride)
    per = 1 + synapse_words
    n_words = rows[:, 0].astype(np.int64) - STDP_HEADER
    slots = n_words // per
    if (n_words < 0).any() or (n_words % per).any() or (1 + STDP_HEADER + per * slots + 2 > stride).any():
        raise ValueError("plastic row length field out of range: corrupt synaptic matrix")
    n = rows[np.arange(n_rows), 1 + STDP_HEADER + per * slots + 1].astype(np.int64)  # P: synapses in use
    m = int(n.max(initial=0))
    if (n > slots).any() or (1 + STDP_HEADER + per * slots + 2 + (n + 1) // 2 > stride).any():
        raise ValueError("plastic row length field out of range: corrupt synaptic matrix")
    valid = np.arange(m)[None, :] < n[:, None]
    pre = np.broadcast_to(np.arange(n_rows)[:, None], valid.shape)[valid]
    weight = rows[:, 1 + STDP_HEADER : 1 + STDP_HEADER + m][valid]
    half = rows.view(np.uint16).reshape(n_rows, 2 * stride)
    ctrl_cols = (2 * (1 + STDP_HEADER + per * slots + 2))[:, None] + np.arange(m)[None, :]
    ctrl = np.take_along_axis(half, np.minimum(ctrl_cols, 2 * stride - 1), axis=1)[valid].astype(np.uint32)
    _, delay, syn_type, index = fmt.unpack(ctrl)
    if not with_states:
        return pre, weight, delay, syn_type, index
    state_cols = (1 + STDP_HEADER + slots)[:, None] + np.arange(m * synapse_words)[None, :]
    states = np.take_along_axis(rows, np.minimum(state_cols, stride - 1), axis=1).reshape(n_rows, m, synapse_words)
    return pre, weight, delay, syn_type, index, states[valid]

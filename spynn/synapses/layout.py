"""The single source of truth for every binary layout shared by Python and C.

Everything a core reads from or writes to SDRAM is declared here once: region
ids, core kinds, the synaptic word, the row header, the master population table,
parameter and state structs, recording headers and provenance counters.  The C
header ``c_kernels/include/spynn_layout.h`` is generated from this module
(``make layout``); ``tests/synapses/test_layout_header.py`` fails when the
committed header is stale.

Shared structs use fixed-width integers only (no pointers, enums, long or char).

Static synaptic word (one 32-bit word per synapse)::

     31              16 15                                              0
    +------------------+------------------------------------------------+
    |  weight (16 bit) | delay (D bits) | type (T bits) | index (N bits) |
    +------------------+------------------------------------------------+

N, T and D are chosen per post-synaptic core (``SynapseParams``), with
N + T + D <= 14 so that the ring buffer fits in DTCM, as on SpiNNaker.

Synaptic row (one presynaptic neuron -> the neurons of one post core)::

    word 0              n_plastic_words (PP)
    words 1..PP         plastic region (0 words for static rows); STDP rows:
                          last pre-spike stamp [ticks], pre trace r1 (u16.16),
                          rule index, pre trace r2 (u16.16; triplet rule;
                          recurrent rule: the pre window [ticks]),
                          then one u16.16 weight per synapse, then (rules
                          with synapse_words = 1) one state word per synapse
    word PP+1           n_fixed_words (F)
    word PP+2           n_plastic_control_halfwords (P)
    F words             static synaptic words
    ceil(P/2) words     plastic control half-words
    ...                 zero padding up to the block's row stride

Core SDRAM block (one per core, on its chip's SDRAM)::

    word 0              BLOCK_MAGIC
    word 1              BLOCK_VERSION
    words 2..           MAX_REGIONS x {offset_words, size_words}; offsets are
                        from the start of the chip's SDRAM, 0 size = absent
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# ----------------------------------------------------------------------------
# constants
# ----------------------------------------------------------------------------

CONSTANTS: dict[str, tuple[int, str]] = {
    "BLOCK_MAGIC": (0x5350594E, "'SPYN': first word of every core's SDRAM block"),
    "BLOCK_VERSION": (0x00010000, "layout version"),
    "MAX_REGIONS": (32, "region slots in a core block header"),
    "BLOCK_HEADER_WORDS": (2 + 2 * 32, "magic, version, 32 x {offset, size}"),
    # core kinds
    "CORE_KIND_NEURON": (1, "neuron + synapse core"),
    "CORE_KIND_SPIKE_SOURCE_ARRAY": (2, "spike source array core"),
    "CORE_KIND_SPIKE_SOURCE_POISSON": (3, "Poisson spike source core"),
    # neuron models
    "NEURON_MODEL_LIF_CURR_EXP": (1, "LIF, exponential current synapses"),
    "NEURON_MODEL_LIF_COND_EXP": (2, "LIF, exponential conductance synapses"),
    "NEURON_MODEL_LIF_CURR_ALPHA": (3, "LIF, alpha-function current synapses"),
    "NEURON_MODEL_LIF_CURR_DELTA": (4, "LIF, delta synapses (V jumps by the weight)"),
    "NEURON_MODEL_IZHIKEVICH": (5, "Izhikevich, delta synapses, as PyNN's NEST and Brian2 backends"),
    "NEURON_MODEL_LIF_CURR_EXP_CA2": (6, "LIF, exponential current synapses, Ca2+-activated adaptation current"),
    "NEURON_MODEL_LIF_CURR_DUAL_EXP": (7, "LIF, two excitatory and one inhibitory exponential current synapse"),
    "NEURON_MODEL_LIF_COND_EXP_STOC": (8, "IF_cond_exp with Maass's stochastic (escape-rate) threshold"),
    "NEURON_MODEL_IZHIKEVICH_COND": (9, "Izhikevich with exponential conductance synapses"),
    "NEURON_MODEL_IZHIKEVICH_CURR_EXP": (10, "sPyNNaker's Izhikevich: exponential current synapses, I in nA unscaled"),
    "NEURON_MODEL_LIF_CURR_DELTA_FIXED_PROB": (11, "IF_curr_delta that fires with a fixed probability above threshold"),
    "NEURON_MODEL_IF_TRUNC_DELTA": (12, "non-leaky IF, delta synapses, V >= v_reset (sPyNNaker's IFTruncDelta)"),
    "NEURON_MODEL_LIF_CURR_SEMD": (14, "sPyNNaker's IF_curr_exp_sEMD: the second excitatory input gated by the first"),
    "NEURON_MODEL_LIF_COND_ALPHA": (15, "LIF, alpha-function conductance synapses (NEST iaf_cond_alpha)"),
    "NEURON_MODEL_AEIF_COND_EXP": (16, "adaptive exponential IF, exponential conductances (NEST aeif_cond_exp)"),
    "NEURON_MODEL_AEIF_COND_ALPHA": (17, "adaptive exponential IF, alpha conductances (NEST aeif_cond_alpha)"),
    "NEURON_MODEL_HH_COND_EXP": (
        18,
        "Hodgkin-Huxley (Traub & Miles), exponential conductances (NEST hh_cond_exp_traub)",
    ),
    "NEURON_MODEL_LIF_CURR_DELTA_CA2": (19, "IF_curr_delta with sPyNNaker's Ca2+-activated adaptation current"),
    "NEURON_MODEL_IZHIKEVICH_COND_DUAL": (20, "Izhikevich_cond with a second excitatory conductance (tau_syn_E2)"),
    "NEURON_MODEL_STOCHASTIC": (13, "sPyNNaker's StocExp, StocExpStable, StocSigma (stoc_params_t.kind)"),
    "STOC_EXP": (0, "StocExp: v = bias + input each step, p = 2^v / tau"),
    "STOC_EXP_STABLE": (1, "StocExpStable: v += bias + input, p = tau 2^v, v >= v_reset"),
    "STOC_SIGMA": (2, "StocSigma: v = bias + input each step, p = 2^(-2^(-alpha v))"),
    # regions
    "REGION_SYSTEM": (0, "SystemParams"),
    "REGION_NEURON_PARAMS": (1, "per-neuron model parameters"),
    "REGION_NEURON_STATE": (2, "per-neuron model state (read back by host)"),
    "REGION_SYNAPSE_PARAMS": (3, "SynapseParams"),
    "REGION_MASTER_POP_TABLE": (4, "key -> synaptic row blocks"),
    "REGION_SYNAPTIC_MATRIX": (5, "synaptic rows"),
    "REGION_SOURCE_PARAMS": (6, "spike source parameters"),
    "REGION_SOURCE_STATE": (7, "spike source state (rng, next index)"),
    "REGION_REC_SPIKES": (8, "recording channel: spikes"),
    "REGION_REC_V": (9, "recording channel: membrane voltage"),
    "REGION_REC_GSYN_EXC": (10, "recording channel: excitatory synaptic input"),
    "REGION_REC_GSYN_INH": (11, "recording channel: inhibitory synaptic input"),
    "REGION_PROVENANCE": (12, "Provenance counters"),
    "REGION_CURRENT_SOURCES": (13, "current sources injected into this core's neurons"),
    "REGION_STDP": (14, "STDP rules of the plastic projections onto this core, and their lookup tables"),
    "REGION_STRUCTURAL": (15, "structural plasticity: rewiring parameters, sources and the post-to-pre table"),
    "REGION_REC_REWIRING": (16, "recording: formation and elimination events"),
    "REGION_DIRECT_POISSON": (17, "one-to-one Poisson sources drawn on this neuron core (no packets)"),
    "REGION_DIRECT_POISSON_STATE": (18, "KISS generator state of this core's direct Poisson sources"),
    "REGION_REC_EXTRA": (19, "recording channel: a model's fourth recorded value (AdEx w)"),
    "REGION_DELAY_POOL": (20, "synapses waiting to enter a ring buffer shorter than their delay"),
    # structural plasticity
    "SP_EMPTY_SLOT": (0xFFFFFFFF, "post-to-pre table: a free synapse slot"),
    "SP_FORMATION": (1, "rewiring event flag: a synapse formed (else eliminated)"),
    # STDP
    "STDP_HEADER_WORDS": (4, "plastic region header: last pre stamp, pre trace r1, rule index, pre trace r2"),
    "STDP_HISTORY": (16, "post-synaptic spikes kept per neuron for potentiation (with their traces)"),
    "STDP_TRACE_ONE": (65536, "traces are u16.16: 1.0 = 65536"),
    "STDP_WEIGHT_ADDITIVE": (1, "weight dependence: additive"),
    "STDP_WEIGHT_MULTIPLICATIVE": (2, "weight dependence: multiplicative"),
    "STDP_WEIGHT_ADD_POT_MULT_DEP": (3, "weight dependence: additive potentiation, multiplicative depression"),
    "STDP_TIMING_PAIR": (1, "all-to-all spike pairing (SpikePairRule)"),
    "STDP_TIMING_NEAREST": (2, "symmetric nearest-neighbour pairing (SpikeNearestPairRule)"),
    "STDP_TIMING_VOGELS": (3, "Vogels 2011 inhibitory rule: w += eta (K_post - alpha) at pre, eta K_pre at post"),
    "STDP_TIMING_TRIPLET": (4, "Pfister & Gerstner triplet rule (PfisterSpikeTriplet)"),
    "STDP_TIMING_RECURRENT": (5, "sPyNNaker's RecurrentRule: accumulator state machine with random windows"),
    "STDP_TIMING_DOPAMINE": (6, "rows of a Neuromodulation projection: each synapse adds dopamine to its neuron"),
    "STDP_TIMING_TSODYKS_MARKRAM": (
        7,
        "Tsodyks-Markram short-term plasticity (NEST's tsodyks_synapse): state words U, u, x, y per synapse",
    ),
    "STDP_TIMING_STOCHASTIC": (8, "SimpleStochasticSynapse (NEST's bernoulli_synapse): a state word p per synapse"),
    "STDP_TIMING_QUANTAL": (
        9,
        "MultiQuantalSynapse (NEST's quantal_stp_synapse), StochasticTsodyksMarkramSynapse (n = 1): "
        "state words U, u, a | n << 16 per synapse",
    ),
    "STP_QUANTAL_WORDS": (3, "state words per quantal synapse: U, u, available | sites << 16"),
    "STP_ONE": (0x80000000, "1.0 in the short-term plasticity and stochastic state words (u1.31)"),
    "STP_SYNAPSE_WORDS": (4, "state words per short-term plastic synapse: U, u, x, y"),
    "STDP_DA_HISTORY": (8, "dopamine events kept per neuron (older ones fold into a decaying base level)"),
    "STDP_WINDOW_LUT_SIZE": (2048, "entries of a recurrent rule's window tables (indexed by 11 random bits)"),
    "STDP_MAX_RULES": (8, "STDP rules one core's plastic projections may use"),
    # current sources
    "CURRENT_SOURCE_DC": (1, "amplitude between start and stop"),
    "CURRENT_SOURCE_AC": (2, "offset + amplitude sin(phase), phase advancing each tick"),
    "CURRENT_SOURCE_STEP": (3, "piecewise constant: amplitude k from tick k"),
    "CURRENT_SOURCE_NOISY": (4, "mean + stdev z, z ~ N(0, 1) redrawn every noise_ticks"),
    "SINE_TABLE_BITS": (10, "the sine table holds 2^10 + 1 s16.15 samples of one period"),
    # synaptic word
    "WEIGHT_BITS": (16, "bits of a synaptic weight"),
    "WEIGHT_SHIFT": (16, "the weight sits in the top 16 bits of a static word"),
    "ROW_HEADER_WORDS": (3, "PP count, F count, P count"),
    "MAX_ROW_PAYLOAD_WORDS": (256, "largest row payload one DMA fetches; longer rows are split"),
    "PACKED_BLOCK_STRIDE": (0, "row_stride_words of a packed block: static rows, each as long as it is"),
    "PROCEDURAL_BLOCK_STRIDE": (1, "row_stride_words of a procedural block: static rows made when a spike comes"),
    "HINT_PROCEDURAL": (
        0x80000000,
        "a wanted_keys hint with this bit set: the rest, less 1, is the matrix offset of a procedural_source_t "
        "(without it: of a packed row)",
    ),
    "PROCEDURAL_BLOCK_NEURONS": (64, "post neurons per stream of a procedural projection (a 64-bit bitmap)"),
    "PROCEDURAL_CELL_BITS": (3, "quantile tables: 2^3 cells per octave of u, between 2^3 + 1 points"),
    "PROCEDURAL_HOST_ROW_PAD": (
        8,
        "words a procedural row's buffer has beyond one per neuron on the host, which makes a "
        "row's words in whole vectors (procedural.h; 0 on ARM)",
    ),
    "PROCEDURAL_OCTAVES": (31, "quantile tables: octaves of u per half, down to u = 2^-32"),
    "MAX_RING_BUFFER_BITS": (14, "N + T + D <= 14: 16K x u16 = 32 KB of DTCM"),
    "MAX_SYNAPSE_TYPES": (4, "synapse types (receptors) a neuron model may have"),
    "SYNAPSE_TYPE_EXCITATORY": (0, "every model's first receptor"),
    "SYNAPSE_TYPE_INHIBITORY": (1, "every model's second receptor"),
    # routing
    "ROUTE_N_LINKS": (6, "route bits 0..5: links E, NE, N, W, SW, S"),
    "ROUTE_CORE_SHIFT": (6, "route bits 6..23: cores 0..17"),
    "CORES_PER_CHIP": (18, "cores per SpiNNaker-1 chip (core 0 is the monitor)"),
    "MAX_ROUTER_ENTRIES": (1023, "multicast router entries usable per chip"),
    # recording
    "RECORDING_HEADER_WORDS": (5, "RecordingHeader"),
    # Poisson
    "POISSON_MAX_SPIKES_PER_TICK": (64, "cap on one Poisson neuron's spikes in one tick (its thresholds)"),
}


# ----------------------------------------------------------------------------
# structs
# ----------------------------------------------------------------------------

_CTYPES = {"uint32_t": np.uint32, "int32_t": np.int32}


@dataclass(frozen=True)
class Field:
    name: str
    ctype: str  # uint32_t | int32_t
    comment: str
    count: int = 1


@dataclass(frozen=True)
class Struct:
    name: str
    doc: str
    fields: tuple[Field, ...]
    #: Stored word by word across records (word w of record i at w * n + i) rather than record by
    #: record: for neuron params read by a whole-core loop the compiler vectorises.
    columns: bool = False

    @property
    def dtype(self) -> np.dtype:
        return np.dtype(
            [
                (f.name, _CTYPES[f.ctype]) if f.count == 1 else (f.name, _CTYPES[f.ctype], (f.count,))
                for f in self.fields
            ]
        )

    @property
    def n_words(self) -> int:
        return sum(f.count for f in self.fields)

    def fields_as_tuples(self) -> tuple[tuple, ...]:
        """The fields as _s takes them, to start another struct with them."""
        return tuple((f.name, f.ctype, f.comment, f.count) for f in self.fields)

    def zeros(self, n: int = 1) -> np.ndarray:
        return np.zeros(n, dtype=self.dtype)


def _s(name: str, doc: str, *fields: tuple, columns: bool = False) -> Struct:
    return Struct(name, doc, tuple(Field(*f) for f in fields), columns)


U32, S32 = "uint32_t", "int32_t"

SYSTEM = _s(
    "system_params_t",
    "REGION_SYSTEM: what every core needs to start.",
    ("core_kind", U32, "CORE_KIND_*"),
    ("neuron_model", U32, "NEURON_MODEL_* (neuron cores)"),
    ("n_atoms", U32, "neurons or sources on this core"),
    ("timestep_us", U32, "simulation timestep [us]"),
    ("has_key", U32, "1 if this core sends spikes"),
    ("key_base", U32, "routing key of atom 0; atom i sends key_base | i"),
)

SYNAPSE_PARAMS = _s(
    "synapse_params_t",
    "REGION_SYNAPSE_PARAMS: bit widths of the synaptic word and ring buffer shifts.",
    ("n_neurons", U32, "neurons on this core"),
    ("n_synapse_types", U32, "synapse types of the neuron model (its receptors)"),
    ("log_n_neurons", U32, "N: index bits of the synaptic word"),
    ("log_n_synapse_types", U32, "T: type bits"),
    ("log_max_delay", U32, "D: delay bits of the synaptic word"),
    ("ring_buffer_shift", U32, "left shift from u16 ring-buffer value to s16.15 input, per type", 4),
    (
        "log_ring_delay",
        U32,
        "R <= D: the ring buffer holds 2^R slots (0: R = D); a synapse of delay d > 2^R - 1 waits in "
        "REGION_DELAY_POOL until d - (2^R - 1) ticks later, then takes delay 2^R - 1",
    ),
)

MASTER_TABLE_HEADER = _s(
    "master_table_header_t",
    "REGION_MASTER_POP_TABLE: header, then entries sorted by key, then items.",
    ("n_entries", U32, "entries (one per source core with synapses here)"),
    ("n_items", U32, "row-block items"),
)

MASTER_TABLE_ENTRY = _s(
    "master_table_entry_t",
    "One source core: (key & mask) == entry key; atom = key & ~mask.",
    ("key", U32, "routing key of the source core"),
    ("mask", U32, "routing mask of the source core"),
    ("first_item", U32, "index of its first item"),
    ("n_items", U32, "number of row blocks (projections x row splits)"),
)

MASTER_TABLE_ITEM = _s(
    "master_table_item_t",
    "One block of rows: row(atom) = matrix + offset_words + atom * row_stride_words; or, when "
    "row_stride_words is PACKED_BLOCK_STRIDE, a packed block of static rows, only atoms with "
    "synapses having one: W = ceil(n_rows / 32) words of presence bits (bit r: row r is there), W "
    "words of rank (rows there before word j), a start per row there (its offset in the block), "
    "then the rows, each its length n then its n static words.  The host emulator may switch a "
    "procedural item to a packed block of the same rows that it holds past the region (emu_hold_rows).",
    ("offset_words", U32, "offset of the block in the synaptic matrix region [words]"),
    ("row_stride_words", U32, "words per row including the 3 header words; PACKED_BLOCK_STRIDE: packed"),
    ("n_rows", U32, "rows in the block (atoms of the source core)"),
)

PROCEDURAL_SOURCE = _s(
    "procedural_source_t",
    "The block a procedural item's offset_words points at: its source core, and the projection's "
    "procedural_block_t (shared by the projection's source cores on this core).",
    ("first_atom", U32, "presynaptic index of the source core's atom 0 in its population"),
    ("block_offset", U32, "offset of the procedural_block_t in the synaptic matrix region [words]"),
    ("atom_mask", U32, "the bits of the source core's keys that are its atom (~ its routing mask)"),
)

PROCEDURAL_BLOCK = _s(
    "procedural_block_t",
    "A static projection whose rows are made from seeds when a spike comes (GeNN's procedural "
    "connectivity; c_kernels/synapse/procedural.h). Presynaptic neuron i and each block of "
    "PROCEDURAL_BLOCK_NEURONS post neurons b have a stream of their own, seeded from (seed, i, b): "
    "a count k from the binomial CDF, k distinct positions in the block, then per position (ascending) "
    "one 64-bit draw whose high half picks the weight and low half the delay from quantile tables. "
    "Followed by the CDF (PROCEDURAL_BLOCK_NEURONS words); its tables lie where its offsets say.",
    ("seed_lo", U32, "connection seed, low word"),
    ("seed_hi", U32, "connection seed, high word"),
    ("post_lo", U32, "this core's first neuron in its population"),
    ("n_post", U32, "neurons on this core"),
    ("no_self", U32, "1: no synapse i -> i (a population onto itself)"),
    ("synapse_type", U32, "receptor of every synapse"),
    ("weight_shift", U32, "16 + the ring buffer shift: weight = round(value >> weight_shift)"),
    ("delay_offset", U32, "delay field = ticks - delay_offset"),
    ("max_delay", U32, "longest delay [ticks]: longer values are cut to it"),
    ("cdf", U32, "offset of the binomial CDF from this struct [words]: P(k <= c) * 2^32, c = 0..63"),
    ("weight_table", U32, "offset of the weights' quantile table [words]; 0: weight_value is every weight"),
    ("weight_value", U32, "the constant weight [ring-buffer units], when weight_table is 0"),
    ("delay_table", U32, "offset of the delays' quantile table [words]; 0: delay_value is every delay"),
    ("delay_value", U32, "the constant delay [ticks], when delay_table is 0"),
)

#: Fields every LIF variant's parameters start with, and its synaptic decays.
LIF_MEMBRANE = (
    ("v_rest", S32, "resting potential [mV] s16.15"),
    ("v_reset", S32, "reset potential [mV] s16.15"),
    ("v_thresh", S32, "threshold [mV] s16.15"),
    ("i_offset", S32, "bias current [nA] s16.15"),
    ("p22", U32, "membrane decay exp(-h/tau_m) u0.32"),
    ("p20", S32, "(tau_m/c_m)(1 - p22): [mV/nA] s16.15"),
    ("p20_fine", S32, "p20 below its s16.15 bits [2^-31 mV/nA], -2^15..2^15 (lif_membrane)"),
)
LIF_SYNAPSE_DECAYS = (
    ("exc_decay", U32, "exp(-h/tau_syn_E) u0.32"),
    ("inh_decay", U32, "exp(-h/tau_syn_I) u0.32"),
    ("t_refract", S32, "refractory period [timesteps]"),
)

LIF_CURR_EXP_PARAMS = _s(
    "lif_curr_exp_params_t",
    "Exact-integration LIF with exponential current synapses (NEST iaf_psc_exp propagators).",
    *LIF_MEMBRANE,
    ("p21_exc", S32, "exc current -> voltage propagator [mV/nA] s16.15"),
    ("p21_inh", S32, "inh current -> voltage propagator [mV/nA] s16.15"),
    *LIF_SYNAPSE_DECAYS,
    columns=True,
)

#: V beyond its s16.15 bits, in every LIF membrane's state (lif_membrane in lif_common.h).
V_FRAC = ("v_frac", S32, "the rest of V below its s16.15 bits [2^-30 mV], -2^14..2^14")


def _carried(name: str) -> tuple:
    """The field that carries a decaying s16.15 quantity beyond its last bit (s1615_decay_carried)."""
    return (f"{name}_frac", S32, f"the rest of {name} below its s16.15 bits [2^-15 of its last bit], -2^14..2^14")


LIF_CURR_EXP_STATE = _s(
    "lif_curr_exp_state_t",
    "LIF state, read and written by the core, read back by the host.",
    ("v", S32, "membrane potential [mV] s16.15"),
    ("isyn_exc", S32, "excitatory synaptic current [nA] s16.15"),
    ("isyn_inh", S32, "inhibitory synaptic current [nA] s16.15"),
    ("refract_timer", S32, "timesteps of refractoriness left"),
    V_FRAC,
    _carried("exc"),
    _carried("inh"),
    columns=True,
)

LIF_CURR_EXP_CA2_PARAMS = _s(
    "lif_curr_exp_ca2_params_t",
    "IF_curr_exp plus sPyNNaker's Ca2+-adaptive current: every spike adds i_alpha to I_Ca2, which "
    "decays with tau_ca2 and is subtracted from the input (integrated exactly, like a synapse).",
    *LIF_MEMBRANE,
    ("p21_exc", S32, "exc current -> voltage propagator [mV/nA] s16.15"),
    ("p21_inh", S32, "inh current -> voltage propagator [mV/nA] s16.15"),
    ("p21_ca2", S32, "Ca2+ current -> voltage propagator [mV/nA] s16.15"),
    ("ca2_decay", U32, "exp(-h/tau_ca2) u0.32"),
    ("i_alpha", S32, "I_Ca2 added by each spike [nA] s16.15"),
    *LIF_SYNAPSE_DECAYS,
)

LIF_CURR_EXP_CA2_STATE = _s(
    "lif_curr_exp_ca2_state_t",
    "State of IF_curr_exp with Ca2+ adaptation.",
    ("v", S32, "membrane potential [mV] s16.15"),
    ("isyn_exc", S32, "excitatory synaptic current [nA] s16.15"),
    ("isyn_inh", S32, "inhibitory synaptic current [nA] s16.15"),
    ("i_ca2", S32, "Ca2+-activated adaptation current [nA] s16.15"),
    ("refract_timer", S32, "timesteps of refractoriness left"),
    V_FRAC,
    _carried("exc"),
    _carried("inh"),
    _carried("i_ca2"),
)

LIF_CURR_DUAL_EXP_PARAMS = _s(
    "lif_curr_dual_exp_params_t",
    "IF_curr_exp with a second excitatory synapse type (receptor 'excitatory2', tau_syn_E2).",
    *LIF_MEMBRANE,
    ("p21_exc", S32, "exc current -> voltage propagator [mV/nA] s16.15"),
    ("p21_inh", S32, "inh current -> voltage propagator [mV/nA] s16.15"),
    ("p21_exc2", S32, "second exc current -> voltage propagator [mV/nA] s16.15"),
    ("exc2_decay", U32, "exp(-h/tau_syn_E2) u0.32"),
    *LIF_SYNAPSE_DECAYS,
)

LIF_CURR_DUAL_EXP_STATE = _s(
    "lif_curr_dual_exp_state_t",
    "State of IF_curr_dual_exp.",
    ("v", S32, "membrane potential [mV] s16.15"),
    ("isyn_exc", S32, "excitatory synaptic current [nA] s16.15"),
    ("isyn_inh", S32, "inhibitory synaptic current [nA] s16.15"),
    ("isyn_exc2", S32, "second excitatory synaptic current [nA] s16.15"),
    ("refract_timer", S32, "timesteps of refractoriness left"),
    V_FRAC,
    _carried("exc"),
    _carried("inh"),
    _carried("exc2"),
)

LIF_CURR_SEMD_PARAMS = _s(
    "lif_curr_semd_params_t",
    "sPyNNaker's IF_curr_exp_sEMD (spiking elementary motion detector): IF_curr_dual_exp's fields, "
    "where the excitatory current is isyn_exc2 x multiplicator x scaling_factor (the first "
    "excitatory current only sets the multiplicator).",
    *LIF_CURR_DUAL_EXP_PARAMS.fields_as_tuples(),
    ("scaling_factor", S32, "scale of the gated current, s16.15"),
)

LIF_CURR_SEMD_STATE = _s(
    "lif_curr_semd_state_t",
    "IF_curr_exp_sEMD state: IF_curr_dual_exp's, the multiplicator and the last isyn_exc2.",
    *LIF_CURR_DUAL_EXP_STATE.fields_as_tuples(),
    (
        "multiplicator",
        S32,
        "isyn_exc latched when isyn_exc2 rose from 0 to >= 0.001 nA, 0 once it falls below [nA] s16.15",
    ),
    ("exc2_old", S32, "isyn_exc2 at the last step [nA] s16.15"),
)

LIF_CURR_ALPHA_PARAMS = _s(
    "lif_curr_alpha_params_t",
    "Exact-integration LIF with alpha-function current synapses (NEST iaf_psc_alpha propagators). "
    "The synaptic propagators are fixed point with prop_shift fractional bits (chosen per neuron "
    "so the largest fills 31 bits): at small h they are far below one s16.15 step.",
    *LIF_MEMBRANE,
    ("p_v_exc_rise", S32, "voltage response to the exc rise variable over one step [mV ms/nA]"),
    ("p_v_exc", S32, "voltage response to the exc current over one step [mV/nA]"),
    ("p_v_inh_rise", S32, "the same for inh [mV ms/nA]"),
    ("p_v_inh", S32, "the same for inh [mV/nA]"),
    ("exc_rise_to_i", S32, "h exp(-h/tau_syn_E): rise -> current over one step [ms]"),
    ("inh_rise_to_i", S32, "h exp(-h/tau_syn_I) [ms]"),
    ("prop_shift", U32, "fractional bits of the six propagators above"),
    ("exc_kick", S32, "e / tau_syn_E: weight [nA] -> rise [nA/ms] s16.15"),
    ("inh_kick", S32, "e / tau_syn_I [1/ms] s16.15"),
    *LIF_SYNAPSE_DECAYS,
)

LIF_CURR_ALPHA_STATE = _s(
    "lif_curr_alpha_state_t",
    "Alpha-synapse LIF state: per type a rise variable [nA/ms] and a current [nA].",
    ("v", S32, "membrane potential [mV] s16.15"),
    ("exc_rise", S32, "[nA/ms] with 20 fractional bits (s11.20)"),
    ("isyn_exc", S32, "[nA] s11.20"),
    ("inh_rise", S32, "[nA/ms] s11.20"),
    ("isyn_inh", S32, "[nA] s11.20"),
    ("refract_timer", S32, "timesteps of refractoriness left"),
    V_FRAC,
    *(_carried(name) for name in ("exc_rise", "isyn_exc", "inh_rise", "isyn_inh")),
)

LIF_CURR_DELTA_PARAMS = _s(
    "lif_curr_delta_params_t",
    "Exact-integration LIF with delta synapses (NEST iaf_psc_delta): V jumps by the summed weights.",
    *LIF_MEMBRANE,
    *LIF_SYNAPSE_DECAYS,
)

#: Fields of every delta-synapse neuron's state.
DELTA_STATE = (
    ("v", S32, "membrane potential [mV] s16.15"),
    ("jump_exc", S32, "this step's summed excitatory input [mV] s16.15"),
    ("jump_inh", S32, "this step's summed inhibitory input [mV] s16.15"),
    ("arrived_exc", S32, "the excitatory input that moved V at this sample's time [mV] s16.15 (gsyn_exc)"),
    ("arrived_inh", S32, "the inhibitory input that moved V at this sample's time [mV] s16.15 (gsyn_inh)"),
    ("refract_timer", S32, "timesteps of refractoriness left"),
)

LIF_CURR_DELTA_STATE = _s("lif_curr_delta_state_t", "Delta-synapse LIF state.", *DELTA_STATE, V_FRAC)

LIF_CURR_DELTA_FIXED_PROB_PARAMS = _s(
    "lif_curr_delta_fixed_prob_params_t",
    "IF_curr_delta whose threshold fires with a fixed probability (sPyNNaker's IFCurrDeltaFixedProb): "
    "each step V >= v_thresh, the neuron spikes with probability p_thresh, else V carries on.",
    *LIF_MEMBRANE,
    *LIF_SYNAPSE_DECAYS,
    ("p_thresh", U32, "probability of a spike in a step above threshold, u0.32 (0xFFFFFFFF: always)"),
)

LIF_CURR_DELTA_FIXED_PROB_STATE = _s(
    "lif_curr_delta_fixed_prob_state_t",
    "IFCurrDeltaFixedProb state: IF_curr_delta's, and each neuron's own random number generator.",
    *DELTA_STATE,
    ("rng", U32, "KISS state x, y, z, c", 4),
    V_FRAC,
)

LIF_CURR_DELTA_CA2_PARAMS = _s(
    "lif_curr_delta_ca2_params_t",
    "IF_curr_delta plus sPyNNaker's Ca2+-adaptive current (IFCurrDeltaCa2Adaptive): every spike adds "
    "i_alpha to I_Ca2, which decays with tau_ca2 and is subtracted from the input (integrated exactly).",
    *LIF_MEMBRANE,
    *LIF_SYNAPSE_DECAYS,
    ("p21_ca2", S32, "Ca2+ current -> voltage propagator [mV/nA] s16.15"),
    ("ca2_decay", U32, "exp(-h/tau_ca2) u0.32"),
    ("i_alpha", S32, "I_Ca2 added by each spike [nA] s16.15"),
)

LIF_CURR_DELTA_CA2_STATE = _s(
    "lif_curr_delta_ca2_state_t",
    "IFCurrDeltaCa2Adaptive state: IF_curr_delta's and the Ca2+ current.",
    *DELTA_STATE,
    ("i_ca2", S32, "Ca2+-activated adaptation current [nA] s16.15"),
    V_FRAC,
    _carried("i_ca2"),
)

IF_TRUNC_DELTA_PARAMS = _s(
    "if_trunc_delta_params_t",
    "sPyNNaker's IFTruncDelta: a non-leaky integrate-and-fire neuron whose V never goes below "
    "v_reset.  Each step outside refractoriness V += r_step (i_offset + i_ext) + delta_scale "
    "(exc - inh), then V = max(V, v_reset), then threshold and reset.",
    ("v_reset", S32, "reset potential and lower bound of V [mV] s16.15"),
    ("v_thresh", S32, "threshold [mV] s16.15"),
    ("i_offset", S32, "bias current [nA] s16.15"),
    ("r_step", S32, "tau_m / cm: [mV/nA] per step, s16.15 (sPyNNaker adds R I each step)"),
    ("delta_scale", S32, "tau_m / (cm h): a delta input's weight [nA] -> jump [mV], s16.15"),
    ("t_refract", S32, "refractory period [timesteps]"),
)

IF_TRUNC_DELTA_STATE = _s(
    "if_trunc_delta_state_t",
    "IFTruncDelta state (jump_*: the step's summed input [nA] for this model).",
    *DELTA_STATE,
)

STOC_PARAMS = _s(
    "stoc_params_t",
    "sPyNNaker's stochastic neurons.  Outside refractoriness each step computes v from its "
    "inputs and fires with probability p(v) (its own generator); a firing starts a burst: the "
    "neuron also fires in each of the next t_refract - 1 steps, whatever its input.",
    ("kind", U32, "STOC_EXP | STOC_EXP_STABLE | STOC_SIGMA"),
    ("bias", S32, "added to the input every step, s16.15"),
    ("prob_scale", U32, "STOC_EXP: 1 / tau; STOC_EXP_STABLE: tau (p = prob_scale 2^v), u16.16"),
    ("alpha", S32, "STOC_SIGMA: alpha, s16.15"),
    ("v_reset", S32, "STOC_EXP_STABLE: v after a firing and its lower bound, s16.15"),
    ("t_refract", S32, "steps of a burst (STOC_EXP: tau / h, else tau_refrac / h, rounded up)"),
)

STOC_STATE = _s(
    "stoc_state_t",
    "Stochastic neuron state.",
    ("v", S32, "this step's v (STOC_EXP_STABLE: the accumulated v), s16.15"),
    ("input_exc", S32, "the step's summed excitatory input, s16.15"),
    ("input_inh", S32, "the step's summed inhibitory input, s16.15"),
    ("refract_timer", S32, "steps of the burst left"),
    ("rng", U32, "KISS state x, y, z, c", 4),
)

#: Fields of every Izhikevich variant's parameters.
IZHIKEVICH_FIELDS = (
    ("h_sub", S32, "sub-step [ms], coef_shift fractional bits"),
    ("h_a", S32, "h_sub * a [1], coef_shift fractional bits"),
    ("b", S32, "recovery sensitivity [1/ms], coef_shift fractional bits"),
    ("coef_shift", U32, "fractional bits of h_sub, h_a and b"),
    ("c", S32, "reset potential [mV] s16.15"),
    ("d", S32, "recovery jump [mV/ms] s16.15"),
    ("i_offset", S32, "bias current [nA] s16.15"),
    ("n_substeps", U32, "sub-steps per timestep (>= 1)"),
)

IZHIKEVICH_PARAMS = _s(
    "izhikevich_params_t",
    "Izhikevich (2003) neuron as NEST's izhikevich integrates it (forward Euler), in n_substeps "
    "sub-steps of h_sub per timestep; I = 1000 (i_offset + injected) [nA -> pA, as PyNN's NEST "
    "and Brian2 backends scale it]; inputs make V jump by their weight [mV].  h_sub, h_sub a and "
    "b are coefficients with coef_shift fractional bits (a = 0.02 is only 655 s16.15 steps).",
    *IZHIKEVICH_FIELDS,
)

IZHIKEVICH_STATE = _s(
    "izhikevich_state_t",
    "Izhikevich state.",
    ("v", S32, "membrane potential [mV] s16.15"),
    ("u", S32, "recovery variable [mV/ms] s16.15"),
    ("jump", S32, "this step's summed input, exc - inh [mV] s16.15"),
)

IZHIKEVICH_COND_PARAMS = _s(
    "izhikevich_cond_params_t",
    "Izhikevich (as izhikevich_params_t) with exponentially decaying conductances [nS], in "
    "sPyNNaker's units: I = i_offset + injected + (g_exc (e_rev_exc - v) + g_inh (e_rev_inh - v)) / 1000 "
    "[nA], unscaled.  Decays are per sub-step.",
    *IZHIKEVICH_FIELDS,
    ("e_rev_exc", S32, "excitatory reversal potential [mV] s16.15"),
    ("e_rev_inh", S32, "inhibitory reversal potential [mV] s16.15"),
    ("exc_decay", U32, "exp(-h_sub/tau_syn_E) u0.32"),
    ("inh_decay", U32, "exp(-h_sub/tau_syn_I) u0.32"),
)

IZHIKEVICH_COND_STATE = _s(
    "izhikevich_cond_state_t",
    "Izhikevich_cond state.",
    ("v", S32, "membrane potential [mV] s16.15"),
    ("u", S32, "recovery variable [mV/ms] s16.15"),
    ("g_exc", S32, "excitatory conductance [nS] s16.15"),
    ("g_inh", S32, "inhibitory conductance [nS] s16.15"),
    _carried("g_exc"),
    _carried("g_inh"),
)

IZHIKEVICH_COND_DUAL_PARAMS = _s(
    "izhikevich_cond_dual_params_t",
    "sPyNNaker's Izhikevich_cond_dual: izhikevich_cond_params_t and the decay of a second "
    "excitatory conductance (receptor 'excitatory2', tau_syn_E2) of the same reversal potential: "
    "I = i_offset + injected + ((g_exc + g_exc2) (e_rev_exc - v) + g_inh (e_rev_inh - v)) / 1000 [nA].",
    *IZHIKEVICH_COND_PARAMS.fields_as_tuples(),
    ("exc2_decay", U32, "exp(-h_sub/tau_syn_E2) u0.32"),
)

IZHIKEVICH_COND_DUAL_STATE = _s(
    "izhikevich_cond_dual_state_t",
    "Izhikevich_cond_dual state.",
    *IZHIKEVICH_COND_STATE.fields_as_tuples(),
    ("g_exc2", S32, "second excitatory conductance [nS] s16.15"),
    _carried("g_exc2"),
)

IZHIKEVICH_CURR_EXP_PARAMS = _s(
    "izhikevich_curr_exp_params_t",
    "sPyNNaker's Izhikevich (as izhikevich_params_t) with exponentially decaying current synapses: "
    "I = i_offset + injected + isyn_exc - isyn_inh [nA], unscaled.  Decays are per sub-step.",
    *IZHIKEVICH_FIELDS,
    ("exc_decay", U32, "exp(-h_sub/tau_syn_E) u0.32"),
    ("inh_decay", U32, "exp(-h_sub/tau_syn_I) u0.32"),
)

IZHIKEVICH_CURR_EXP_STATE = _s(
    "izhikevich_curr_exp_state_t",
    "Izhikevich (sPyNNaker's, current synapses) state.",
    ("v", S32, "membrane potential [mV] s16.15"),
    ("u", S32, "recovery variable [mV/ms] s16.15"),
    ("isyn_exc", S32, "excitatory synaptic current [nA] s16.15"),
    ("isyn_inh", S32, "inhibitory synaptic current [nA] s16.15"),
    _carried("exc"),
    _carried("inh"),
)

LIF_COND_EXP_PARAMS = _s(
    "lif_cond_exp_params_t",
    "LIF with exponential conductance synapses, in n_substeps sub-steps of h / n_substeps per "
    "timestep; the propagators and decays below are for one sub-step.",
    *LIF_MEMBRANE,
    ("e_rev_exc", S32, "excitatory reversal potential [mV] s16.15"),
    ("e_rev_inh", S32, "inhibitory reversal potential [mV] s16.15"),
    *LIF_SYNAPSE_DECAYS,
    ("exc_mean", U32, "mean of g_exc over a sub-step / g_exc at its start: (tau/h)(1 - exp(-h/tau)) u0.32"),
    ("inh_mean", U32, "the same for g_inh, u0.32"),
    ("n_substeps", U32, "sub-steps per timestep (>= 1)"),
)

LIF_COND_EXP_STATE = _s(
    "lif_cond_exp_state_t",
    "Conductance LIF state, read and written by the core, read back by the host.",
    ("v", S32, "membrane potential [mV] s16.15"),
    ("g_exc", S32, "excitatory conductance [nS] s16.15"),
    ("g_inh", S32, "inhibitory conductance [nS] s16.15"),
    ("refract_timer", S32, "timesteps of refractoriness left"),
    V_FRAC,
    _carried("g_exc"),
    _carried("g_inh"),
)

LIF_COND_ALPHA_PARAMS = _s(
    "lif_cond_alpha_params_t",
    "IF_cond_exp's fields (the decays and means for one sub-step), and per synapse type the "
    "alpha function's: an input of weight w adds w e / tau to the rise z; over a sub-step of "
    "length h, g' = exp(-h/tau) (g + h z), z' = exp(-h/tau) z, and the mean conductance is "
    "mean g + rise_mean z.",
    *LIF_COND_EXP_PARAMS.fields_as_tuples(),
    ("exc_kick", S32, "e / tau_syn_E [1/ms] s16.15"),
    ("inh_kick", S32, "e / tau_syn_I [1/ms] s16.15"),
    ("exc_rise_to_g", S32, "h exp(-h/tau_syn_E) [ms] s16.15"),
    ("inh_rise_to_g", S32, "h exp(-h/tau_syn_I) [ms] s16.15"),
    ("exc_rise_mean", S32, "(tau/h)(tau (1 - exp(-h/tau)) - h exp(-h/tau)) [ms] s16.15, tau = tau_syn_E"),
    ("inh_rise_mean", S32, "the same for tau_syn_I [ms] s16.15"),
)

LIF_COND_ALPHA_STATE = _s(
    "lif_cond_alpha_state_t",
    "IF_cond_alpha state: IF_cond_exp's, and the conductances' rises.",
    *LIF_COND_EXP_STATE.fields_as_tuples(),
    ("exc_rise", S32, "excitatory conductance rise [nS/ms] s16.15"),
    ("inh_rise", S32, "inhibitory conductance rise [nS/ms] s16.15"),
)

AEIF_COND_PARAMS = _s(
    "aeif_cond_params_t",
    "Adaptive exponential integrate-and-fire (Brette & Gerstner 2005; PyNN's EIF_cond_exp_isfa_ista "
    "and EIF_cond_alpha_isfa_ista, NEST aeif_cond_exp / aeif_cond_alpha), integrated by the "
    "midpoint rule over n_substeps sub-steps of h_sub per timestep:\n"
    " *   C dV/dt = -g_L (V - v_rest) + g_L delta_T exp((V - v_thresh) / delta_T) + I_syn - w + I\n"
    " *   tau_w dw/dt = a (V - v_rest) - w\n"
    " * a spike when V >= v_spike: V = v_reset, w += b, V held for t_refract steps (w integrates).",
    ("v_rest", S32, "leak reversal potential E_L [mV] s16.15"),
    ("v_reset", S32, "reset potential [mV] s16.15"),
    ("v_spike", S32, "spike detection threshold V_peak [mV] s16.15"),
    ("v_thresh", S32, "spike initiation threshold V_T [mV] s16.15"),
    ("i_offset", S32, "bias current [nA] with 20 fractional bits (s11.20)"),
    ("g_leak", S32, "g_L = cm / tau_m [uS] with 24 fractional bits (s7.24)"),
    ("delta_t", S32, "slope factor delta_T [mV] s16.15"),
    ("inv_delta_t", S32, "1 / delta_T [1/mV] s16.15"),
    ("exp_cap", S32, "largest exponent used, (v_spike - v_thresh) / delta_T capped at 10, s16.15"),
    ("h_over_c", S32, "h_sub / cm [mV/nA] with 24 fractional bits (s7.24)"),
    ("a", S32, "subthreshold adaptation conductance [uS] with 24 fractional bits (s7.24)"),
    ("b", S32, "spike-triggered adaptation [nA] with 26 fractional bits (s5.26), as w"),
    ("h_over_tau_w", S32, "h_sub / tau_w with 24 fractional bits (s7.24)"),
    ("e_rev_exc", S32, "excitatory reversal potential [mV] s16.15"),
    ("e_rev_inh", S32, "inhibitory reversal potential [mV] s16.15"),
    ("exc_decay", U32, "exp(-h_sub/tau_syn_E) u0.32"),
    ("inh_decay", U32, "exp(-h_sub/tau_syn_I) u0.32"),
    ("exc_kick", S32, "alpha synapses: e / tau_syn_E [1/ms] s16.15 (exponential: 1)"),
    ("inh_kick", S32, "alpha synapses: e / tau_syn_I [1/ms] s16.15"),
    ("exc_rise_to_g", S32, "alpha synapses: h_sub exp(-h_sub/tau_syn_E) [ms] s16.15"),
    ("inh_rise_to_g", S32, "alpha synapses: h_sub exp(-h_sub/tau_syn_I) [ms] s16.15"),
    ("n_substeps", U32, "sub-steps per timestep (>= 1)"),
    ("t_refract", S32, "refractory period [timesteps]"),
)

AEIF_COND_STATE = _s(
    "aeif_cond_state_t",
    "AdEx state.",
    ("v", S32, "membrane potential [mV] with 20 fractional bits (s11.20): a sub-step's change is a few s16.15 steps"),
    ("w", S32, "adaptation current [nA] with 26 fractional bits (s5.26): a sub-step changes it by ~1e-6 nA"),
    ("g_exc", S32, "excitatory conductance [nS] s16.15"),
    ("g_inh", S32, "inhibitory conductance [nS] s16.15"),
    ("exc_rise", S32, "alpha synapses: excitatory rise [nS/ms] s16.15"),
    ("inh_rise", S32, "alpha synapses: inhibitory rise [nS/ms] s16.15"),
    ("refract_timer", S32, "timesteps of refractoriness left"),
)

HH_COND_EXP_PARAMS = _s(
    "hh_cond_exp_params_t",
    "PyNN's HH_cond_exp (Traub & Miles 1991; NEST hh_cond_exp_traub), the midpoint rule in "
    "n_substeps sub-steps of h_sub per timestep.  With u = V - v_offset:\n"
    " *   C dV/dt = -g_Na m^3 h (V - e_Na) - g_K n^4 (V - e_K) - g_L (V - e_L) + I_syn + I\n"
    " *   dx/dt = alpha_x(u) (1 - x) - beta_x(u) x  for x = m, h, n (Traub's rate functions)\n"
    " * a spike when V >= v_offset + 30 mV and V fell over the step; t_refract steps without spikes.",
    ("g_na", S32, "gbar_Na [uS] s7.24"),
    ("g_k", S32, "gbar_K [uS] s7.24"),
    ("g_leak", S32, "g_leak [uS] s7.24"),
    ("e_na", S32, "e_rev_Na [mV] s16.15"),
    ("e_k", S32, "e_rev_K [mV] s16.15"),
    ("e_leak", S32, "e_rev_leak [mV] s16.15"),
    ("v_offset", S32, "V_T [mV] s16.15"),
    ("e_rev_exc", S32, "excitatory reversal potential [mV] s16.15"),
    ("e_rev_inh", S32, "inhibitory reversal potential [mV] s16.15"),
    ("i_offset", S32, "bias current [nA] s11.20"),
    ("h_over_c", S32, "h_sub / cm [mV/nA] s7.24"),
    ("h_sub", S32, "sub-step [ms] s7.24"),
    ("exc_decay", U32, "exp(-h_sub/tau_syn_E) u0.32"),
    ("inh_decay", U32, "exp(-h_sub/tau_syn_I) u0.32"),
    ("n_substeps", U32, "sub-steps per timestep (>= 1)"),
    ("t_refract", S32, "steps after a spike in which no spike is detected (NEST's t_ref, 2 ms)"),
)

HH_COND_EXP_STATE = _s(
    "hh_cond_exp_state_t",
    "HH state.",
    ("v", S32, "membrane potential [mV] s11.20"),
    ("m", S32, "Na activation, 30 fractional bits (s1.30)"),
    ("h", S32, "Na inactivation s1.30"),
    ("n", S32, "K activation s1.30"),
    ("g_exc", S32, "excitatory conductance [nS] with 18 fractional bits (s13.18): 1000 decays per ms"),
    ("g_inh", S32, "inhibitory conductance [nS] s13.18"),
    ("refract_timer", S32, "steps left without spike detection"),
)

LIF_COND_EXP_STOC_PARAMS = _s(
    "lif_cond_exp_stoc_params_t",
    "IF_cond_exp whose threshold is stochastic (sPyNNaker's IFCondExpStoc, Maass): each step it "
    "spikes with probability 1 - exp(-h exp((V - v_thresh)/du_th) / tau_th), surely when "
    "(V - v_thresh)/du_th > 5.  The other fields are IF_cond_exp's.",
    *LIF_MEMBRANE,
    ("e_rev_exc", S32, "excitatory reversal potential [mV] s16.15"),
    ("e_rev_inh", S32, "inhibitory reversal potential [mV] s16.15"),
    *LIF_SYNAPSE_DECAYS,
    ("exc_mean", U32, "as IF_cond_exp, u0.32"),
    ("inh_mean", U32, "as IF_cond_exp, u0.32"),
    ("n_substeps", U32, "sub-steps per timestep (>= 1)"),
    ("du_th_inv", S32, "1 / du_th [1/mV] s16.15"),
    ("h_over_tau_th", S32, "timestep / tau_th [1] s16.15"),
)

LIF_COND_EXP_STOC_STATE = _s(
    "lif_cond_exp_stoc_state_t",
    "IFCondExpStoc state: IF_cond_exp's, and each neuron's own random number generator.",
    ("v", S32, "membrane potential [mV] s16.15"),
    ("g_exc", S32, "excitatory conductance [nS] s16.15"),
    ("g_inh", S32, "inhibitory conductance [nS] s16.15"),
    ("refract_timer", S32, "timesteps of refractoriness left"),
    ("rng", U32, "KISS state x, y, z, c", 4),
    V_FRAC,
    _carried("g_exc"),
    _carried("g_inh"),
)

POISSON_HEADER = _s(
    "poisson_header_t",
    "REGION_SOURCE_PARAMS of a Poisson core: header, segment offsets (n_atoms + 1 words), "
    "n_segments segments, then the thresholds their counts are drawn with (spare words after).",
    ("n_atoms", U32, "sources on this core"),
    ("n_segments", U32, "segments of all sources"),
)

POISSON_PARAMS = _s(
    "poisson_params_t",
    "One segment of a source's rate schedule: spikes per tick k ~ Poisson(lambda) in "
    "[start_tick, end_tick), drawn by inversion: k = the number of thresholds (round(2^32 "
    "P(K <= j)), j = 0, 1, ..., up to where that rounds to 2^32) at or below one uniform u0.32 "
    "draw.  A SpikeSourcePoisson has one segment per source; a SpikeSourcePoissonVariable one "
    "per rate.  Segments of the same rate share their thresholds.",
    ("start_tick", U32, "first active tick"),
    ("end_tick", U32, "first inactive tick after start"),
    ("thresholds", U32, "first threshold, in words after the last segment"),
    ("n_thresholds", U32, "0 = silent"),
    ("order", U32, "SpikeSourceGamma: every order-th event of the Poisson process is a spike (0, 1: all)"),
    ("dead_ticks", U32, "SpikeSourcePoissonRefractory: ticks without spikes after one (0: none)"),
)

SOURCE_RNG_STATE = _s(
    "rng_state_t",
    "REGION_SOURCE_STATE of a Poisson core: KISS generator state (never all zero), then one word "
    "per source: the events since its last spike (gamma order) or the dead ticks left.",
    ("x", U32, ""),
    ("y", U32, ""),
    ("z", U32, ""),
    ("c", U32, ""),
)

DIRECT_POISSON_HEADER = _s(
    "direct_poisson_header_t",
    "REGION_DIRECT_POISSON: header, then n_blocks blocks, each a direct_poisson_block_t, its "
    "n_neurons synaptic words (a static synapse word per neuron; weight 0: not connected), then a "
    "Poisson core's REGION_SOURCE_PARAMS for the same atoms (sPyNNaker's SplitterPoissonDelegate).",
    ("n_blocks", U32, "one-to-one Poisson projections drawn here"),
)

DIRECT_POISSON_BLOCK = _s(
    "direct_poisson_block_t",
    "One direct Poisson projection onto a neuron core: source atom i drives neuron i.",
    ("n_neurons", U32, "synaptic words that follow (the core's neurons)"),
    ("n_words", U32, "words of the whole block, this header included"),
)

SSA_HEADER = _s(
    "spike_source_array_header_t",
    "REGION_SOURCE_PARAMS of an array core: header then n_spikes {tick, atom}, sorted by tick.",
    ("n_spikes", U32, "spikes in the list"),
)

SSA_SPIKE = _s(
    "spike_source_array_spike_t",
    "One spike of a spike source array: sent during `tick`.",
    ("tick", U32, "tick in which the spike is sent (its time is (tick + 1) * h)"),
    ("atom", U32, "source index on this core"),
)

SSA_STATE = _s(
    "spike_source_array_state_t",
    "REGION_SOURCE_STATE of an array core.",
    ("next_index", U32, "next spike in the list to send"),
)

STDP_RULE = _s(
    "stdp_rule_t",
    "One rule of plastic rows: an STDP rule (pair, nearest, Vogels, triplet, recurrent, "
    "neuromodulated; NEST stdp_synapse semantics) or Tsodyks-Markram short-term plasticity.  "
    "Weights are u16.16 in the post core's "
    "ring-buffer units; the exponential lookup tables follow the rules in the region.",
    ("weight_rule", U32, "STDP_WEIGHT_*"),
    ("timing_rule", U32, "STDP_TIMING_*"),
    ("w_min", S32, "minimum weight, ring-buffer units u16.16"),
    ("w_max", S32, "maximum weight, ring-buffer units u16.16"),
    ("a_plus", U32, "A_plus, a_frac_bits fraction of w_max (additive potentiation) or of w_max - w (multiplicative)"),
    ("a_minus", U32, "A_minus, likewise of w_max (additive depression) or of w - w_min (multiplicative)"),
    ("lut_plus_offset", U32, "offset of exp(-k h / tau_plus), k = 0.., in the region [words]"),
    ("lut_plus_length", U32, "entries of that table (u0.16 values, two per word)"),
    ("lut_minus_offset", U32, "offset of exp(-k h / tau_minus) [words]"),
    ("lut_minus_length", U32, "entries of that table"),
    ("a3_plus", U32, "triplet rule: A3_plus, a_frac_bits fraction of w_max"),
    ("a3_minus", U32, "triplet rule: A3_minus, a_frac_bits fraction of w_max"),
    ("lut_x_offset", U32, "triplet rule: exp(-k h / tau_x) (second pre trace) [words]"),
    ("lut_x_length", U32, "entries of that table (0: no triplet terms)"),
    ("lut_y_offset", U32, "triplet rule: exp(-k h / tau_y) (second post trace) [words]"),
    ("lut_y_length", U32, "entries of that table"),
    ("synapse_words", U32, "state words per synapse after the weights (recurrent, neuromodulated: 1; short-term: 4)"),
    ("dual_fsm", U32, "recurrent rule: 1 = separate pre and post windows (dual FSM), 0 = one state machine"),
    ("acc_depression_plus_one", S32, "recurrent rule: accumulator_depression + 1"),
    ("acc_potentiation_minus_one", S32, "recurrent rule: accumulator_potentiation - 1"),
    ("lut_pre_window_offset", U32, "recurrent rule: STDP_WINDOW_LUT_SIZE pre-window lengths [ticks], u16 [words]"),
    ("lut_post_window_offset", U32, "recurrent rule: likewise the post-window lengths [words]"),
    ("neuromodulated", U32, "1: STDP changes the eligibility trace c (state word), dopamine turns c into weight"),
    ("c_decay", U32, "neuromodulation: exp(-h / tau_c) per step, u0.32"),
    ("d_decay", U32, "neuromodulation (and dopamine rows): exp(-h / tau_d) per step, u0.32"),
    ("e_decay", U32, "neuromodulation: exp(-h (1/tau_c + 1/tau_d)) per step, u0.32"),
    ("tau_e", U32, "neuromodulation: 1 / (1/tau_c + 1/tau_d) [ms], u16.16"),
    ("dopamine_sign", U32, "dopamine rows: 0 reward (adds), 1 punishment (subtracts)"),
    ("rec_decay", U32, "short-term plasticity (and quantal): exp(-h / tau_rec) per step (recovery), u0.32"),
    ("fac_decay", U32, "short-term plasticity: exp(-h / tau_facil) per step, u0.32 (0: no facilitation)"),
    ("psc_decay", U32, "short-term plasticity: exp(-h / tau_psc) per step (the active resources), u0.32"),
    ("psc_coupling", S32, "short-term plasticity: tau_psc / (tau_rec - tau_psc), s11.20"),
    ("a_frac_bits", U32, "fractional bits of a_plus, a_minus, a3_plus, a3_minus: 32, fewer when one is >= 1"),
    (
        "a_negative",
        U32,
        "pair rules: bit 0 A_plus < 0, bit 1 A_minus < 0 (a_plus, a_minus hold |A|; the change goes the other way)",
    ),
)

STDP_HEADER = _s(
    "stdp_region_header_t",
    "REGION_STDP: header, n_rules stdp_rule_t, then the lookup tables.",
    ("n_rules", U32, "rules"),
    ("tau_minus_rule", U32, "the rule whose tau_minus (and tau_y) set this core's post-synaptic traces"),
    ("rng", U32, "KISS state (x, y, z, c) for the recurrent rule's windows; written back by the core", 4),
    ("dopamine_rule", U32, "1 + the rule whose d_decay sets the neurons' dopamine decay; 0: no neuromodulation"),
)

CURRENT_SOURCES_HEADER = _s(
    "current_sources_header_t",
    "REGION_CURRENT_SOURCES: header, sources, per-neuron links (CSR), steps, sine table, then "
    "n_links current_link_t (per-link noise: NEST draws noise independently for every target).",
    ("n_sources", U32, "current sources"),
    ("n_links", U32, "(neuron, source) pairs"),
    ("n_steps", U32, "steps of all step sources"),
    ("n_neurons", U32, "neurons on the core (link offsets: n_neurons + 1 words)"),
)

CURRENT_SOURCE = _s(
    "current_source_t",
    "One current source; its value this tick is added to every linked neuron's input.",
    ("kind", U32, "CURRENT_SOURCE_*"),
    ("start_tick", U32, "first tick with current"),
    ("stop_tick", U32, "first tick without current"),
    ("amplitude", S32, "DC amplitude, AC amplitude, noise stdev [nA] s16.15"),
    ("offset", S32, "AC offset, noise mean [nA] s16.15"),
    ("phase", U32, "AC phase at tick 0 (2^32 = one period)"),
    ("phase_step", U32, "AC phase advance per tick"),
    ("first_step", U32, "step sources: index of the first step"),
    ("n_steps", U32, "step sources: number of steps"),
    ("noise_ticks", U32, "noise: ticks between draws"),
    ("value", S32, "the value this tick (state) [nA] s16.15"),
    ("rng", U32, "noise: KISS state x, y, z, c", 4),
)

CURRENT_LINK = _s(
    "current_link_t",
    "State of one (noisy source, neuron) link: its own noise value and generator.",
    ("value", S32, "this link's noise value [nA] s16.15"),
    ("rng", U32, "KISS state x, y, z, c", 4),
)

CURRENT_STEP = _s(
    "current_step_t",
    "One step of a step current source.",
    ("tick", U32, "tick from which the amplitude applies"),
    ("amplitude", S32, "[nA] s16.15"),
)

RECORDING_HEADER = _s(
    "recording_header_t",
    "Every recording channel region starts with this; records follow.",
    ("capacity_words", U32, "words available for records after the header"),
    ("write_words", U32, "words written so far (host resets it to 0 after reading)"),
    ("sample_ticks", U32, "record every sample_ticks ticks (values) ; 0 = off"),
    ("n_values", U32, "values per record (neurons on the core)"),
    ("overflow", U32, "records that did not fit (never silently lost)"),
)

PROVENANCE = _s(
    "provenance_t",
    "REGION_PROVENANCE: counters written by the core and by the emulator router.",
    ("saturations", U32, "ring-buffer adds clamped at 0xFFFF"),
    ("no_route_packets", U32, "packets with no matching router entry (dropped)"),
    ("invalid_keys", U32, "received keys with no master population table entry"),
    ("late_spikes", U32, "synapses whose delay slot was already consumed"),
    ("spikes_received", U32, "multicast packets received"),
    ("synaptic_events", U32, "synapses processed"),
    ("max_spikes_in_tick", U32, "most packets received in one tick"),
    ("input_buffer_overflows", U32, "ticks with more packets than a core's 256-entry input queue"),
    ("recording_overflows", U32, "records lost because a recording region was full"),
    ("poisson_capped", U32, "Poisson draws capped at POISSON_MAX_SPIKES_PER_TICK"),
    ("stdp_history_overflows", U32, "post-synaptic spikes dropped from a full STDP history"),
    ("plastic_saturations", U32, "plastic weights clamped at 0xFFFF in a ring-buffer add"),
    ("rewiring_events_lost", U32, "formation/elimination events not recorded (region full)"),
    ("dtcm_bytes", U32, "DTCM the core allocated [bytes]"),
    ("delay_pool_overflows", U32, "synapses lost because REGION_DELAY_POOL was full"),
)

STRUCTURAL_HEADER = _s(
    "structural_header_t",
    "REGION_STRUCTURAL: header, n_edges structural_edge_t, n_sources structural_source_t, the "
    "post-to-pre table (s_max words per neuron: source index << 16 | atom, or SP_EMPTY_SLOT) and "
    "the formation probability tables (u16, two per word).",
    ("n_edges", U32, "structural projections onto this core"),
    ("n_sources", U32, "presynaptic cores of those projections"),
    ("s_max", U32, "synapse slots per post neuron (and most synapses in a row)"),
    ("app_n_atoms", U32, "neurons of the post population (rewiring picks one of them)"),
    ("lo_atom", U32, "first neuron of this core in the population"),
    ("n_neurons", U32, "neurons on this core"),
    ("attempts_per_tick", U32, "rewiring attempts each tick (f_rew h >= 1), else 0"),
    ("period_ticks", U32, "ticks between attempts (f_rew h < 1)"),
    ("ticks_since", U32, "ticks since the last attempt (state)"),
    ("with_replacement", U32, "1: a pair of neurons may have several synapses"),
    ("random_partner", U32, "1: RandomSelection, 0: LastNeuronSelection"),
    ("spike_buffer_size", U32, "LastNeuronSelection: spikes kept from the previous tick"),
    ("post_to_pre_offset", U32, "offset of the post-to-pre table [words]"),
    ("shared_rng", U32, "KISS state shared by every core of the population (picks the post neuron)", 4),
    ("local_rng", U32, "this core's KISS state (slot, partner, probabilities)", 4),
)

STRUCTURAL_EDGE = _s(
    "structural_edge_t",
    "One structural projection onto this core: what a formed synapse gets, and the rules.",
    ("first_source", U32, "its first structural_source_t"),
    ("n_sources", U32, "its presynaptic cores"),
    ("pre_app_atoms", U32, "neurons of the presynaptic population"),
    ("synapse_type", U32, "receptor of formed synapses"),
    ("plastic", U32, "0: static rows; plastic rows (StructuralMechanismSTDP): words per synapse (1 + state words)"),
    ("weight", U32, "initial weight of a formed synapse, ring-buffer units u16.16"),
    ("delay_min", U32, "initial delay range [ticks, as stored in the word]"),
    ("delay_max", U32, ""),
    ("lateral", U32, "1: pre and post are one population (lateral table)"),
    ("grid_x", U32, "DistanceDependentFormation grid"),
    ("grid_y", U32, ""),
    ("ff_offset", U32, "feed-forward probability by squared distance, u0.16 table [words]"),
    ("ff_size", U32, "entries"),
    ("lat_offset", U32, "lateral table [words]"),
    ("lat_size", U32, "entries"),
    ("prob_elim_depressed", U32, "elimination probability below the threshold, u0.32"),
    ("prob_elim_potentiated", U32, "elimination probability at or above it, u0.32"),
    ("threshold", U32, "weight threshold, ring-buffer units u16.16"),
)

STRUCTURAL_SOURCE = _s(
    "structural_source_t",
    "One presynaptic core of a structural projection: its keys and its block of rows here.",
    ("key", U32, "routing key of its atom 0"),
    ("lo_atom", U32, "its first neuron in the presynaptic population"),
    ("n_atoms", U32, "its neurons"),
    ("block_offset", U32, "its block in the synaptic matrix [words]"),
    ("stride", U32, "row stride of the block [words]"),
    ("edge", U32, "its structural_edge_t"),
)

DELAY_POOL_HEADER = _s(
    "delay_pool_header_t",
    "REGION_DELAY_POOL: header, n_buckets bucket heads (1 + the first node of the synapses due in "
    "tick b mod n_buckets, 0: none), then capacity nodes {synaptic word, 1 + next node or 0}.",
    ("capacity", U32, "nodes: the most synapses that can wait at once"),
    ("n_buckets", U32, "2^D: a synapse waits at most 2^D - 2^R ticks"),
    ("n_used", U32, "nodes ever taken (those past it were never used)"),
    ("free", U32, "1 + the first free node taken and given back, 0: none"),
)

REWIRING_HEADER = _s(
    "rewiring_header_t",
    "REGION_REC_REWIRING: header then capacity events {tick, flags | edge << 8, pre atom, post atom} "
    "(atoms in their populations); the host drains it after each run chunk.",
    ("n_events", U32, "events stored"),
    ("capacity", U32, "events the region holds"),
)

STRUCTS: tuple[Struct, ...] = (
    SYSTEM,
    STRUCTURAL_HEADER,
    STRUCTURAL_EDGE,
    STRUCTURAL_SOURCE,
    REWIRING_HEADER,
    DELAY_POOL_HEADER,
    SYNAPSE_PARAMS,
    MASTER_TABLE_HEADER,
    MASTER_TABLE_ENTRY,
    MASTER_TABLE_ITEM,
    PROCEDURAL_SOURCE,
    PROCEDURAL_BLOCK,
    LIF_CURR_EXP_PARAMS,
    LIF_CURR_EXP_STATE,
    LIF_CURR_EXP_CA2_PARAMS,
    LIF_CURR_EXP_CA2_STATE,
    LIF_CURR_DUAL_EXP_PARAMS,
    LIF_CURR_DUAL_EXP_STATE,
    LIF_CURR_SEMD_PARAMS,
    LIF_CURR_SEMD_STATE,
    LIF_CURR_ALPHA_PARAMS,
    LIF_CURR_ALPHA_STATE,
    LIF_CURR_DELTA_PARAMS,
    LIF_CURR_DELTA_STATE,
    LIF_CURR_DELTA_FIXED_PROB_PARAMS,
    LIF_CURR_DELTA_FIXED_PROB_STATE,
    IF_TRUNC_DELTA_PARAMS,
    IF_TRUNC_DELTA_STATE,
    LIF_CURR_DELTA_CA2_PARAMS,
    LIF_CURR_DELTA_CA2_STATE,
    STOC_PARAMS,
    STOC_STATE,
    IZHIKEVICH_PARAMS,
    IZHIKEVICH_STATE,
    IZHIKEVICH_COND_PARAMS,
    IZHIKEVICH_COND_STATE,
    IZHIKEVICH_COND_DUAL_PARAMS,
    IZHIKEVICH_COND_DUAL_STATE,
    IZHIKEVICH_CURR_EXP_PARAMS,
    IZHIKEVICH_CURR_EXP_STATE,
    LIF_COND_EXP_PARAMS,
    LIF_COND_EXP_STATE,
    LIF_COND_EXP_STOC_PARAMS,
    LIF_COND_EXP_STOC_STATE,
    LIF_COND_ALPHA_PARAMS,
    LIF_COND_ALPHA_STATE,
    AEIF_COND_PARAMS,
    AEIF_COND_STATE,
    HH_COND_EXP_PARAMS,
    HH_COND_EXP_STATE,
    POISSON_HEADER,
    POISSON_PARAMS,
    SOURCE_RNG_STATE,
    DIRECT_POISSON_HEADER,
    DIRECT_POISSON_BLOCK,
    SSA_HEADER,
    SSA_SPIKE,
    SSA_STATE,
    STDP_RULE,
    STDP_HEADER,
    CURRENT_SOURCES_HEADER,
    CURRENT_SOURCE,
    CURRENT_STEP,
    CURRENT_LINK,
    RECORDING_HEADER,
    PROVENANCE,
)


def const(name: str) -> int:
    return CONSTANTS[name][0]


# ----------------------------------------------------------------------------
# C header generation
# ----------------------------------------------------------------------------


def c_header() -> str:
    out = [
        "/* GENERATED by `python -m spynn.synapses.layout` from spynn/synapses/layout.py.",
        " * Do not edit: change layout.py and run `make layout`. */",
        "#ifndef SPYNN_LAYOUT_H",
        "#define SPYNN_LAYOUT_H",
        "#include <stdint.h>",
        "",
    ]
    for name, (value, comment) in CONSTANTS.items():
        c = f"  /* {comment} */" if comment else ""
        out.append(f"#define {name} {value}u{c}")
    out.append("")
    for s in STRUCTS:
        out.append(f"/* {s.doc} */")
        out.append("typedef struct {")
        for f in s.fields:
            arr = f"[{f.count}]" if f.count > 1 else ""
            c = f"  /* {f.comment} */" if f.comment else ""
            out.append(f"    {f.ctype} {f.name}{arr};{c}")
        out.append(f"}} {s.name};")
        out.append(f'_Static_assert(sizeof({s.name}) == {4 * s.n_words}, "{s.name} size");')
        if s.columns:
            macro = s.name.removesuffix("_t").upper() + "_IN_COLUMNS"
            out.append(f"#define {macro} 1 /* stored word by word across records: word w of record i at w * n + i */")
        out.append("")
    out.append("#endif")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(c_header(), end="")

"""Per-core memory images: numbered regions of 32-bit words, exactly what a
board would be sent, and how the blocks of all cores on a chip are laid out
in that chip's SDRAM."""

from __future__ import annotations

from dataclasses import dataclass

import math

import numpy as np

from ..native import touch_pages, zeros_huge
from ..synapses import layout

C = layout.const
ALIGN_WORDS = 4  # regions start on 16-byte boundaries


def words_of(structured: np.ndarray, columns: bool = False) -> np.ndarray:
    """A structured array of 32-bit fields as its raw words: record by record, or with
    `columns` (layout.Struct.columns) word w of record i at w * n + i."""
    words = np.ascontiguousarray(structured).view(np.uint32).reshape(structured.size, structured.dtype.itemsize // 4)
    return (words.T if columns else words).ravel().copy()


def records_of(words: np.ndarray, struct) -> np.ndarray:
    """The records of a region laid out by words_of (struct: a layout.Struct): a view of
    the words, or a copy when the struct is stored in columns (write it back with
    write_records)."""
    if not struct.columns:
        return words.view(struct.dtype)
    n = words.size // struct.n_words
    return np.ascontiguousarray(words[: n * struct.n_words].reshape(struct.n_words, n).T).view(struct.dtype).ravel()


def write_records(words: np.ndarray, struct, records: np.ndarray) -> None:
    """records (as records_of gives them) back into a region's words, in place."""
    new = words_of(records, columns=struct.columns)
    words[: new.size] = new


#: uint32 words, or parts laid end to end (a part given as a count of words is left zero, to
#: be written in place: synapses.matrix.fill_rows)
Words = np.ndarray | tuple[np.ndarray | int, ...]


def n_words(data: Words | int) -> int:
    if isinstance(data, int):
        return data
    if isinstance(data, tuple):  # parts, never nested (a matrix: its blocks, packed indexes, room for rows)
        return sum(part if isinstance(part, int) else part.size for part in data)
    return data.size


@dataclass(frozen=True, eq=False)
class CoreImage:
    regions: dict[int, Words]  # region id -> uint32 words (a synaptic matrix: its blocks)
    #: (word of the synaptic matrix, word its procedural block starts at, table): the first is set
    #: to the table's offset from the block (synapses.procedural.TABLE_FIELDS) once the table is
    #: laid out after the chip's blocks, one copy per chip of each table its cores use
    tables: tuple = ()

    def layout(self) -> tuple[int, dict[int, int]]:
        """(block size [words], region id -> offset in the block [words])."""
        offset = C("BLOCK_HEADER_WORDS")
        offsets = {}
        for rid in sorted(self.regions):
            offset = -(-offset // ALIGN_WORDS) * ALIGN_WORDS
            offsets[rid] = offset
            offset += n_words(self.regions[rid])
        return offset, offsets

    @property
    def size_bytes(self) -> int:
        """Its block, and its tables as if no other core of its chip shared them."""
        return 4 * (self.layout()[0] + sum(t.size for _, _, t in self.tables))


def system_region(
    core_kind: int, neuron_model: int, n_atoms: int, dt_ms: float, key_base: int, has_key: bool
) -> np.ndarray:
    s = layout.SYSTEM.zeros()
    s["core_kind"], s["neuron_model"], s["n_atoms"] = core_kind, neuron_model, n_atoms
    s["timestep_us"] = int(round(dt_ms * 1000))
    s["has_key"], s["key_base"] = int(has_key), key_base
    return words_of(s)


def recording_region(
    n_values: int, value_words: int, sample_ticks: int, capacity_ticks: int, records_per_tick: float = 1.0
) -> np.ndarray:
    """A channel with room for capacity_ticks ticks of records of value_words words (on
    average records_per_tick records per sampled tick)."""
    n_records = int(np.ceil(-(-capacity_ticks // max(sample_ticks, 1)) * records_per_tick))
    h = layout.RECORDING_HEADER.zeros()
    h["capacity_words"] = n_records * (1 + value_words)
    h["sample_ticks"], h["n_values"] = sample_ticks, n_values
    out = np.zeros(C("RECORDING_HEADER_WORDS") + int(h["capacity_words"][0]), dtype=np.uint32)
    out[: C("RECORDING_HEADER_WORDS")] = words_of(h)
    return out


def poisson_spike_records(max_rate_hz: float, dt_ms: float, n_sources: int) -> float:
    """Spike records a Poisson core writes per tick, with room to spare: one, plus one for each
    m >= 2 that some source's count reaches (a source sends several packets in a tick at high
    rates), from the sources' highest rate."""
    lam = max_rate_hz * dt_ms / 1000.0
    if lam <= 0.0 or n_sources <= 0:
        return 1.0
    k = np.arange(int(lam + 12.0 * np.sqrt(lam) + 16))
    log_pmf = -lam + k * math.log(lam) - np.array([math.lgamma(x + 1.0) for x in k])
    at_least = np.cumsum(np.exp(log_pmf)[::-1])[::-1]  # P(count >= k), summed from the tail
    extra = np.minimum(1.0, n_sources * at_least[2:]).sum()
    return 1.0 + 1.25 * float(extra) + 0.01


def provenance_region() -> np.ndarray:
    return np.zeros(layout.PROVENANCE.n_words, dtype=np.uint32)


@dataclass(frozen=True, eq=False)
class ChipSdram:
    """All cores' blocks of one chip, back to back."""

    words: np.ndarray  # uint32: the chip's SDRAM (the used part)
    block_offset: dict[int, int]  # core index -> offset of its block [words]
    region_offset: dict[int, dict[int, int]]  # core index -> region -> offset [words]


def _chip_layout(images: dict[int, CoreImage]) -> tuple[dict, dict, int]:
    """(core -> (its block's offset, region -> offset in the block), id(table) -> (its offset,
    the table) of the tables the chip's cores share, the chip's words)."""
    total = 0
    plan = {}
    for core, img in sorted(images.items()):
        size, offs = img.layout()
        plan[core] = (total, offs)
        total += -(-size // ALIGN_WORDS) * ALIGN_WORDS
    shared: dict[int, tuple[int, np.ndarray]] = {}  # id(table) -> (its offset, the table)
    for _, img in sorted(images.items()):
        for _, _, table in img.tables:
            if id(table) not in shared:
                shared[id(table)] = (total, table)
                total += -(-table.size // ALIGN_WORDS) * ALIGN_WORDS
    return plan, shared, max(total, 1)


def chip_words(images: dict[int, CoreImage]) -> int:
    """The words of a chip's SDRAM (build_chip_sdram)."""
    return _chip_layout(images)[2]


def build_chip_sdram(images: dict[int, CoreImage], n_threads: int = 1, out: np.ndarray | None = None) -> ChipSdram:
    """n_threads: threads that first touch the chip's SDRAM (native.zeros_huge).  out: zeroed,
    untouched memory of chip_words(images) words to build it in (else it gets its own)."""
    plan, shared, total = _chip_layout(images)
    if out is None:
        words = zeros_huge(total, n_threads=n_threads)
    else:
        words = out
        if n_threads > 1:
            touch_pages(words, n_threads)
    for at, table in shared.values():
        words[at : at + table.size] = table
    block_offset, region_offset = {}, {}
    for core, (base, offs) in plan.items():
        img = images[core]
        words[base] = C("BLOCK_MAGIC")
        words[base + 1] = C("BLOCK_VERSION")
        region_offset[core] = {}
        for rid, off in offs.items():
            data = img.regions[rid]
            words[base + 2 + 2 * rid] = base + off
            words[base + 3 + 2 * rid] = n_words(data)
            at = base + off
            for part in data if isinstance(data, tuple) else (data,):
                if isinstance(part, int):
                    at += part
                else:
                    words[at : at + part.size] = part
                    at += part.size
            region_offset[core][rid] = base + off
        matrix_at = region_offset[core].get(C("REGION_SYNAPTIC_MATRIX"), 0)
        for at_field, block, table in img.tables:
            words[matrix_at + at_field] = shared[id(table)][0] - (matrix_at + block)
        block_offset[core] = base
    return ChipSdram(words, block_offset, region_offset)

"""Per-core memory images: numbered regions of 32-bit words, exactly what a
board would be sent, and how the blocks of all cores on a chip are laid out
in that chip's SDRAM."""

from __future__ import annotations

from dataclasses import dataclass, field

import math

import numpy as np

from ..native import zeros_huge
from ..synapses import layout

C = layout.const
ALIGN_WORDS = 4  # regions start on 16-byte boundaries
#: A held row's place is handed to the cores as 1 + its offset from their matrix, below the
#: HINT_PROCEDURAL bit: a chip's image and row store stay within that many words.
MAX_HINT_OFFSET = C("HINT_PROCEDURAL") - 2


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
    #: uint32, right after `words` in the same memory, untouched: where the host emulator may
    #: hold rows its cores would otherwise make at each spike (emu_row_store)
    row_store: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32))


def build_chip_sdram(images: dict[int, CoreImage], n_threads: int = 1, row_store_words: int = 0) -> ChipSdram:
    """n_threads: threads that first touch the chip's SDRAM (native.zeros_huge).  row_store_words:
    words to leave after the image for the emulator's held rows (ChipSdram.row_store), as far as
    a row's place stays in reach of a 31-bit offset from the chip's start."""
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
    total = max(total, 1)
    row_store_words = max(0, min(row_store_words, MAX_HINT_OFFSET - total))
    everything = zeros_huge(total, n_threads=n_threads, spare=row_store_words)
    words = everything[:total]
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
    return ChipSdram(words, block_offset, region_offset, everything[total:])

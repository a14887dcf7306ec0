"""Current sources as the neuron cores run them: the host turns each source's
PyNN parameters into a current_source_t, links it to the neurons it is injected
into, and computes the AC sine table; see c_kernels/neuron/current_sources.h."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..synapses import fixedpoint as fp
from ..synapses import layout
from .sources import seed_words

C = layout.const
NEVER = 0xFFFFFFFF
#: Spare steps per core, so step sources can gain steps between runs.
STEP_SLACK = 64
KINDS = {
    "DCSource": C("CURRENT_SOURCE_DC"),
    "ACSource": C("CURRENT_SOURCE_AC"),
    "StepCurrentSource": C("CURRENT_SOURCE_STEP"),
    "NoisyCurrentSource": C("CURRENT_SOURCE_NOISY"),
}


@dataclass(frozen=True, eq=False)
class CurrentSourceSpec:
    kind: str  # a key of KINDS
    params: dict[str, np.ndarray]  # PyNN parameters (nA, ms, Hz, degrees)
    neurons: np.ndarray  # indices in the population it is injected into
    seed: int


def _tick(t_ms, dt: float) -> np.ndarray:
    return np.clip(np.floor(np.asarray(t_ms, dtype=float) / dt + 0.5 + 1e-9), 0, NEVER).astype(np.uint32)


def source_struct(spec: CurrentSourceSpec, dt: float, first_step: int, core_index: int) -> np.ndarray:
    p = spec.params
    s = layout.CURRENT_SOURCE.zeros()
    s["kind"] = KINDS[spec.kind]
    s["start_tick"], s["stop_tick"] = 0, NEVER
    if "start" in p:
        s["start_tick"] = _tick(p["start"], dt)
        s["stop_tick"] = _tick(min(float(p["stop"]), 1e15), dt)
    if spec.kind == "DCSource":
        s["amplitude"] = fp.to_s1615(p["amplitude"], "DCSource amplitude [nA]")
    elif spec.kind == "ACSource":
        s["amplitude"] = fp.to_s1615(p["amplitude"], "ACSource amplitude [nA]")
        s["offset"] = fp.to_s1615(p["offset"], "ACSource offset [nA]")
        # PyNN's phase is the phase at `start`: the core computes phase + tick * step (mod 2^32)
        step = int(round(float(p["frequency"]) * dt / 1000.0 * 2**32))
        at_start = int(round((float(p["phase"]) / 360.0 % 1.0) * 2**32))
        s["phase"] = np.uint32((at_start - int(s["start_tick"][0]) * step) % 2**32)
        s["phase_step"] = np.uint32(step % 2**32)
    elif spec.kind == "StepCurrentSource":
        s["first_step"], s["n_steps"] = first_step, len(p["times"])
    elif spec.kind == "NoisyCurrentSource":
        s["offset"] = fp.to_s1615(p["mean"], "NoisyCurrentSource mean [nA]")
        s["amplitude"] = fp.to_s1615(p["stdev"], "NoisyCurrentSource stdev [nA]")
        s["noise_ticks"] = max(1, int(_tick(p["dt"], dt)))
        pass  # noise generators live in the per-link state (current_link_t)
    return s


def sine_table() -> np.ndarray:
    n = 1 << C("SINE_TABLE_BITS")
    return fp.to_s1615(np.sin(2 * np.pi * np.arange(n + 1) / n), "sine").view(np.uint32)


def current_source_region(
    specs: list[CurrentSourceSpec], lo: int, hi: int, dt: float, core_index: int
) -> np.ndarray | None:
    """The REGION_CURRENT_SOURCES words of the core holding neurons lo..hi-1, or None."""
    mine = [(k, s) for k, s in enumerate(specs) if ((s.neurons >= lo) & (s.neurons < hi)).any()]
    if not mine:
        return None
    structs, steps, link_src, link_neuron = [], [], [], []
    for local, (_, spec) in enumerate(mine):
        structs.append(source_struct(spec, dt, len(steps), core_index))
        if spec.kind == "StepCurrentSource":
            ticks = _tick(spec.params["times"], dt)
            amps = fp.to_s1615(spec.params["amplitudes"], "StepCurrentSource amplitudes [nA]")
            steps.extend(zip(ticks.tolist(), amps.tolist()))
        idx = spec.neurons[(spec.neurons >= lo) & (spec.neurons < hi)] - lo
        link_neuron.append(idx)
        link_src.append(np.full(idx.size, local))
    neuron = np.concatenate(link_neuron)
    src = np.concatenate(link_src)
    order = np.argsort(neuron, kind="stable")
    link_state = layout.CURRENT_LINK.zeros(neuron.size)
    for k, j in enumerate(order):  # one generator per (source, neuron): independent of the partition
        link_state["rng"][k] = seed_words(mine[src[j]][1].seed, lo + int(neuron[j]))
    link_start = np.concatenate([[0], np.cumsum(np.bincount(neuron, minlength=hi - lo))])
    header = layout.CURRENT_SOURCES_HEADER.zeros()
    n_steps = len(steps) + STEP_SLACK
    header["n_sources"], header["n_links"], header["n_steps"], header["n_neurons"] = (
        len(mine),
        neuron.size,
        n_steps,
        hi - lo,
    )
    step_words = np.zeros((n_steps, 2), dtype=np.uint32)
    if steps:
        step_words[: len(steps)] = np.array(steps, dtype=np.int64).astype(np.uint32)
    step_words[len(steps) :, 0] = NEVER
    return np.concatenate(
        [
            header.view(np.uint32),
            np.concatenate(structs).view(np.uint32),
            link_start.astype(np.uint32),
            src[order].astype(np.uint32),
            step_words.ravel(),
            sine_table(),
            link_state.view(np.uint32),
        ]
    ).astype(np.uint32)


def waveform(spec: CurrentSourceSpec, dt: float, n_ticks: int) -> np.ndarray:
    """The current [nA] the core injects in ticks 0..n_ticks-1 (not for noise)."""
    p = spec.params
    t = np.arange(n_ticks)
    if spec.kind == "StepCurrentSource":
        ticks = _tick(p["times"], dt).astype(np.int64)
        amps = np.asarray(p["amplitudes"], dtype=float)
        k = np.searchsorted(ticks, t, side="right") - 1
        return np.where(k >= 0, amps[np.clip(k, 0, None)] if amps.size else 0.0, 0.0)
    on = (t >= int(_tick(p["start"], dt))) & (t < int(_tick(min(float(p["stop"]), 1e15), dt)))
    if spec.kind == "DCSource":
        return np.where(on, float(p["amplitude"]), 0.0)
    if spec.kind == "ACSource":
        w = 2 * np.pi * float(p["frequency"]) / 1000.0
        t0 = int(_tick(p["start"], dt)) * dt  # PyNN's phase is the phase at start
        wave = float(p["offset"]) + float(p["amplitude"]) * np.sin(w * (t * dt - t0) + np.deg2rad(float(p["phase"])))
        return np.where(on, wave, 0.0)
    return noise_waveform(spec, dt, n_ticks, int(spec.neurons.min()) if spec.neurons.size else 0)


def noise_waveform(spec: CurrentSourceSpec, dt: float, n_ticks: int, neuron: int) -> np.ndarray:
    """The noise [nA] a NoisyCurrentSource injects into one neuron in ticks 0..n_ticks-1:
    the core's integer computation (KISS generator, Irwin-Hall sum of 12 uniforms, rounded
    s16.15 products) replayed on the host, so the recording is exactly what was injected."""
    s = source_struct(spec, dt, 0, 0)[0]
    x, y, z, c = (int(w) for w in seed_words(spec.seed, neuron))
    m = 0xFFFFFFFF

    def draw() -> int:
        nonlocal x, y, z, c
        total = 0
        for _ in range(12):
            x = (69069 * x + 12345) & m
            y ^= (y << 13) & m
            y ^= y >> 17
            y ^= (y << 5) & m
            t = 698769069 * z + c
            c, z = t >> 32, t & m
            total += ((x + y + z) & m) >> 17
        return total - 6 * 32768

    out = np.zeros(n_ticks)
    value = 0
    start, stop, every = int(s["start_tick"]), int(s["stop_tick"]), max(1, int(s["noise_ticks"]))
    for t in range(n_ticks):
        if t < start or t >= stop:
            value = 0
        elif (t - start) % every == 0:
            value = int(s["offset"]) + ((int(s["amplitude"]) * draw() + (1 << 14)) >> 15)
        out[t] = value / 32768.0
    return out

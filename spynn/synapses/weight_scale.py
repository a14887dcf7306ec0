"""Ring-buffer weight scaling: per post core and synapse type, the left shift
that turns a u16 ring-buffer value into s16.15 input.

As sPyNNaker does, the shift covers an upper bound of the input one neuron can
receive in one timestep.  When every projection of the synapse type onto the core has
one delay, its inputs can all arrive together (a volley through a synfire chain, sources
given the same spike times): the bound is the fully synchronous sum, each source sending
the most spikes it can in one step.  Otherwise it is statistical: with each presynaptic
neuron firing at its expected peak rate (Poisson sources: their rate; others: 30 Hz),
the mean plus RING_BUFFER_SIGMA standard deviations of the summed weights, clamped
between the largest single input (a weight times the most spikes its source can send
in one step: Poisson sources send several) and the fully synchronous sum.  Inputs above
the bound saturate at 0xFFFF and are counted; weights that quantise to zero or lose
more than WEIGHT_LOSS_WARNING of their value are reported at mapping time."""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass

import numpy as np

from .. import native

RING_BUFFER_SIGMA = 5.0
WEIGHT_LOSS_WARNING = 0.05
MAX_SHIFT = 15


@dataclass(frozen=True)
class SourceRate:
    """How one presynaptic population fires, as the bound sees it."""

    per_tick: float  # expected spikes per source per timestep at its peak rate
    max_per_tick: int = 1  # most spikes one source can send in one timestep
    poisson: bool = True  # count ~ Poisson(per_tick); else at most one spike (Bernoulli)


def poisson_max_per_tick(lam: float, cap: int) -> int:
    """A count a Poisson(lam) draw practically never exceeds (beyond 5 sd), within the core's cap."""
    return int(min(cap, max(1, math.ceil(lam + RING_BUFFER_SIGMA * math.sqrt(lam) + 1))))


class InputStats:
    """Accumulates, per post neuron, the sums the bound needs."""

    def __init__(self, n_neurons: int, sigma: float = RING_BUFFER_SIGMA):
        self.sigma = sigma
        self.total = np.zeros(n_neurons)
        self.mean = np.zeros(n_neurons)
        self.var = np.zeros(n_neurons)
        self.max_weight = 0.0
        self.one_delay = True  # every projection added so far has one delay here

    def add(
        self,
        post: np.ndarray,
        weight: np.ndarray,
        rate: SourceRate,
        post_lo: int = 0,
        scale: float = 1.0,
        one_delay: bool = False,
    ):
        """Synapses onto neurons post - post_lo with weights |weight| * scale, from sources
        firing at rate; one_delay: they all have the same delay."""
        if not weight.size:
            return
        self.one_delay &= one_delay
        lam = rate.per_tick if rate.poisson else min(1.0, rate.per_tick)
        var_per_spike = lam if rate.poisson else lam * (1.0 - lam)
        n = self.total.size
        summed, summed_sq = np.zeros(n), np.zeros(n)
        post, post_size = native.unsigned_for_c(post)
        weight, weight_size = native.floats_for_c(weight)
        biggest = native.library().add_input_sums(
            weight.size,
            post.ctypes.data,
            post_size,
            post_lo,
            weight.ctypes.data,
            weight_size,
            scale,
            native.ptr(summed, ctypes.c_double),
            native.ptr(summed_sq, ctypes.c_double),
        )
        self.total += summed * rate.max_per_tick
        self.mean += summed * lam
        self.var += summed_sq * var_per_spike
        self.max_weight = max(self.max_weight, biggest * rate.max_per_tick)

    def add_expected(
        self, n_sources: int, p: float, moments: tuple[float, float, float], rate: SourceRate, one_delay: bool = False
    ):
        """Synapses from each of n_sources with probability p onto every neuron, with |weight|
        moments (E|w|, E[w^2], largest |w|) [ring-buffer units]: a procedural projection, whose
        synapses are not made here.  The count a neuron gets is taken 4 sd above its mean."""
        e_abs, e_sq, biggest = moments
        self.one_delay &= one_delay
        lam = rate.per_tick if rate.poisson else min(1.0, rate.per_tick)
        var_per_spike = lam if rate.poisson else lam * (1.0 - lam)
        m = n_sources * p
        m += 4.0 * math.sqrt(m * (1.0 - p))
        self.total += min(m, n_sources) * biggest * rate.max_per_tick
        self.mean += m * e_abs * lam
        self.var += m * e_sq * var_per_spike
        self.max_weight = max(self.max_weight, biggest * rate.max_per_tick)

    def upper_bound(self) -> float:
        if self.max_weight <= 0:
            return 0.0
        if self.one_delay:
            return float(max(self.total.max(), self.max_weight))
        bound = self.mean + self.sigma * np.sqrt(self.var)
        bound = np.minimum(np.maximum(bound, self.max_weight), self.total)
        return float(bound.max())


def shift_for(max_input: float) -> int:
    """Smallest shift with 2**shift > max_input, within [0, MAX_SHIFT]."""
    if max_input <= 0:
        return 0
    shift = math.ceil(math.log2(max_input))
    if 2.0**shift <= max_input:
        shift += 1
    return int(min(max(shift, 0), MAX_SHIFT))

"""Closed forms of the STDP rules spynn runs (float64): the weight a synapse should end
with for given spike trains, in the order the cores update it (at presynaptic spikes);
and of Tsodyks-Markram short-term plasticity: the weight each spike sends.  The emulator
is tested against these, within the resolution of its 16-bit weights."""

from __future__ import annotations

import numpy as np


def _step(w: float, dw: float, w_min: float, w_max: float) -> float:
    """One change, bounded on the side it moves towards (a negative amplitude turns a
    potentiation into a depression, and back), as the cores bound it."""
    return min(w_max, w + dw) if dw >= 0 else max(w_min, w + dw)


def _pair_weight(
    pre_spikes,
    post_spikes,
    initial_weight,
    delay,
    a_plus,
    a_minus,
    tau_plus,
    tau_minus,
    w_min,
    w_max,
    multiplicative,
    nearest=False,
):
    """The weight after the spike trains, updated at each presynaptic spike (NEST's order).
    w_min / w_max None: no bound (and, additive, amplitudes in weight units: sPyNNaker's helpers).
    multiplicative: True, False, or "depression" (additive potentiation, multiplicative depression)."""
    up_multiplicative, down_multiplicative = multiplicative is True, bool(multiplicative)
    scale = 1.0 if w_max is None else w_max
    w_min = -np.inf if w_min is None else w_min
    w_max = np.inf if w_max is None else w_max
    w, last, k_plus = float(initial_weight), 0.0, 0.0
    post = np.sort(np.asarray(post_spikes, dtype=float)) + delay  # when post spikes reach the synapse
    for t in np.sort(np.asarray(pre_spikes, dtype=float)):
        after_last = post[(post > last) & (post <= t)]
        for tp in after_last[:1] if nearest else after_last:  # nearest: only the first post after a pre
            k = k_plus * np.exp(-(tp - last) / tau_plus)
            w = _step(w, a_plus * (w_max - w if up_multiplicative else scale) * k, w_min, w_max)
        before = post[post < t]
        if nearest and before.size:
            k_minus = np.exp(-(t - before.max()) / tau_minus)  # only the latest post spike
        else:
            k_minus = np.sum(np.exp(-(t - before) / tau_minus))
        if before.size:
            w = _step(w, -a_minus * ((w - w_min) if down_multiplicative else scale) * k_minus, w_min, w_max)
        k_plus = 1.0 if nearest else k_plus * np.exp(-(t - last) / tau_plus) + 1.0
        last = t
    return w


def calculate_spike_pair_additive_stdp_weight(
    pre_spikes, post_spikes, initial_weight, plastic_delay, a_plus, a_minus, tau_plus, tau_minus, w_min=None, w_max=None
):
    """Expected final weight of a SpikePairRule + AdditiveWeightDependence synapse for the
    given spike trains [ms], sPyNNaker's helper of this name: with w_max, changes are
    A x w_max and the weight stays in [w_min, w_max] (as on the cores); without, changes are
    A in weight units and unbounded (as sPyNNaker's helper)."""
    trains = (pre_spikes, post_spikes, initial_weight, plastic_delay)
    return _pair_weight(*trains, a_plus, a_minus, tau_plus, tau_minus, w_min, w_max, multiplicative=False)


def calculate_spike_pair_multiplicative_stdp_weight(
    pre_spikes, post_spikes, initial_weight, plastic_delay, *args, **kw
):
    """Expected final weight of a SpikePairRule + MultiplicativeWeightDependence synapse.
    Arguments after plastic_delay: sPyNNaker's (min_weight, max_weight, a_plus, a_minus,
    tau_plus, tau_minus), or (a_plus, a_minus, tau_plus, tau_minus, w_min=0, w_max=1)."""
    if len(args) == 6:
        w_min, w_max, a_plus, a_minus, tau_plus, tau_minus = args
    else:
        a_plus, a_minus, tau_plus, tau_minus = args
        w_min, w_max = kw.get("w_min", 0.0), kw.get("w_max", 1.0)
    trains = (pre_spikes, post_spikes, initial_weight, plastic_delay)
    return _pair_weight(*trains, a_plus, a_minus, tau_plus, tau_minus, w_min, w_max, multiplicative=True)


def calculate_spike_pair_additive_potentiation_multiplicative_depression_weight(
    pre_spikes, post_spikes, initial_weight, plastic_delay, a_plus, a_minus, tau_plus, tau_minus, w_min=0.0, w_max=1.0
):
    """Expected final weight of a SpikePairRule + AdditivePotentiationMultiplicativeDepression
    synapse (NEST's stdp_synapse with mu_plus = 0, mu_minus = 1): potentiation A_plus x w_max,
    depression A_minus x (w - w_min)."""
    trains = (pre_spikes, post_spikes, initial_weight, plastic_delay)
    return _pair_weight(*trains, a_plus, a_minus, tau_plus, tau_minus, w_min, w_max, multiplicative="depression")


def calculate_spike_nearest_pair_stdp_weight(
    pre_spikes,
    post_spikes,
    initial_weight,
    plastic_delay,
    a_plus,
    a_minus,
    tau_plus,
    tau_minus,
    w_min=0.0,
    w_max=1.0,
    multiplicative=False,
):
    """Expected final weight of a SpikeNearestPairRule synapse for the given spike trains [ms],
    sPyNNaker's nearest-neighbour pairing: each pre spike depresses with the latest post spike
    before it; only the first post spike after a pre spike potentiates, with that pre spike."""
    trains = (pre_spikes, post_spikes, initial_weight, plastic_delay)
    return _pair_weight(*trains, a_plus, a_minus, tau_plus, tau_minus, w_min, w_max, multiplicative, nearest=True)


def calculate_vogels_2011_weight(
    pre_spikes, post_spikes, initial_weight, plastic_delay, eta, rho, tau, w_min=0.0, w_max=1.0
):
    """Expected final weight of a Vogels2011Rule synapse (NEST vogels_sprekeler_synapse order):
    each post spike adds eta K_pre, each pre spike adds eta (K_post - alpha), alpha = 2 rho tau / 1000."""
    alpha = 2.0 * rho * tau / 1000.0
    w, last, k_pre = float(initial_weight), 0.0, 0.0
    post = np.sort(np.asarray(post_spikes, dtype=float)) + plastic_delay
    for t in np.sort(np.asarray(pre_spikes, dtype=float)):
        for tp in post[(post > last) & (post <= t)]:
            w = min(w_max, w + eta * k_pre * np.exp(-(tp - last) / tau))
        k_post = np.sum(np.exp(-(t - post[post < t]) / tau))
        w = min(w_max, w + eta * k_post)
        w = max(w_min, w - eta * alpha)
        k_pre = k_pre * np.exp(-(t - last) / tau) + 1.0
        last = t
    return w


def calculate_triplet_stdp_weight(
    pre_spikes,
    post_spikes,
    initial_weight,
    plastic_delay,
    a_plus,
    a_minus,
    a3_plus,
    a3_minus,
    tau_plus,
    tau_minus,
    tau_x,
    tau_y,
    w_min=0.0,
    w_max=1.0,
):
    """Expected final weight of a PfisterSpikeTriplet + WeightDependenceAdditiveTriplet synapse
    (all-to-all traces, updates applied at each presynaptic spike, as on the cores)."""
    w, last, r1, r2 = float(initial_weight), 0.0, 0.0, 0.0
    post = np.sort(np.asarray(post_spikes, dtype=float)) + plastic_delay
    for t in np.sort(np.asarray(pre_spikes, dtype=float)):
        for tp in post[(post > last) & (post <= t)]:
            r1_t = r1 * np.exp(-(tp - last) / tau_plus)
            o2 = np.sum(np.exp(-(tp - post[post < tp]) / tau_y))
            w = min(w_max, w + w_max * r1_t * (a_plus + a3_plus * o2))
        before = post[post < t]
        if before.size:
            o1 = np.sum(np.exp(-(t - before) / tau_minus))
            r2_t = r2 * np.exp(-(t - last) / tau_x)
            w = max(w_min, w - w_max * o1 * (a_minus + a3_minus * r2_t))
        r1 = r1 * np.exp(-(t - last) / tau_plus) + 1.0
        r2 = r2 * np.exp(-(t - last) / tau_x) + 1.0
        last = t
    return w


def calculate_recurrent_weight(
    pre_spikes,
    post_spikes,
    initial_weight,
    plastic_delay,
    accumulator_depression,
    accumulator_potentiation,
    a_plus,
    a_minus,
    pre_windows,
    post_windows,
    w_min=0.0,
    w_max=1.0,
    multiplicative=False,
    dt=1.0,
):
    """Final weight of a RecurrentRule (dual FSM) synapse for given spike trains [ms] and
    given window lengths [ms] (one per pre spike, one per post spike; scalars for all):
    a post spike inside the window of the previous pre spike is a step towards
    potentiation, a pre spike inside the window of the latest post spike (as it reaches
    the synapse) a step towards depression.  Times are compared in whole time steps."""
    pre = np.rint(np.sort(np.asarray(pre_spikes, dtype=float)) / dt).astype(np.int64)
    post = np.rint((np.sort(np.asarray(post_spikes, dtype=float)) + plastic_delay) / dt).astype(np.int64)
    pre_win = np.rint(np.broadcast_to(np.asarray(pre_windows, dtype=float), pre.shape) / dt)
    post_win = np.rint(np.broadcast_to(np.asarray(post_windows, dtype=float), post.shape) / dt)
    w, acc, last, last_window = float(initial_weight), 0, 0, 0.0

    def step(up: bool) -> None:
        nonlocal w, acc
        if up and acc < accumulator_potentiation - 1:
            acc += 1
        elif not up and acc > accumulator_depression + 1:
            acc -= 1
        elif up:
            acc, w = 0, min(w_max, w + a_plus * ((w_max - w) if multiplicative else w_max))
        else:
            acc, w = 0, max(w_min, w - a_minus * ((w - w_min) if multiplicative else w_max))

    for i, t in enumerate(pre):
        for tp in post[(post > last) & (post <= t)]:
            if tp - last < last_window:
                step(True)
        before = np.nonzero(post <= t)[0]
        if before.size and t - post[before[-1]] < post_win[before[-1]]:
            step(False)
        last, last_window = t, pre_win[i]
    return w


def calculate_neuromodulated_weight(
    pre_spikes,
    post_spikes,
    dopamine,
    initial_weight,
    plastic_delay,
    a_plus,
    a_minus,
    tau_plus,
    tau_minus,
    tau_c,
    tau_d,
    w_min=0.0,
    w_max=1.0,
    nearest=False,
):
    """Final weight of a neuromodulated SpikePairRule (nearest: SpikeNearestPairRule) + AdditiveWeightDependence synapse
    (sPyNNaker's Neuromodulation, Izhikevich 2007): pairings change the eligibility trace c
    (+A_plus K+ at a post spike, -A_minus K- at a pre spike, in weight units whatever w_max; c decays
    with tau_c); the weight follows dw/dt = c D, D the dopamine (each (time [ms, as it
    reaches the neuron], amount) in `dopamine` adds amount; D decays with tau_d); w stays
    in [w_min, w_max].  As on the cores, the weight is brought up to date at pre spikes."""
    rate = 1.0 / tau_c + 1.0 / tau_d
    da = sorted((float(t), float(a)) for t, a in dopamine)
    post = np.sort(np.asarray(post_spikes, dtype=float)) + plastic_delay
    w, c, k_plus, last = float(initial_weight), 0.0, 0.0, 0.0

    def dopamine_at(t):
        return sum(a * np.exp(-(t - ta) / tau_d) for ta, a in da if ta <= t)

    for t in np.sort(np.asarray(pre_spikes, dtype=float)):
        d_now, cur = dopamine_at(last), last
        events = [(tp, 0, 0.0) for tp in post if last < tp <= t] + [(ta, 1, a) for ta, a in da if last < ta <= t]
        paired = False
        for when, kind, amount in sorted(events):
            dt = when - cur
            w = min(w_max, max(w_min, w + c * d_now * (1 - np.exp(-dt * rate)) / rate))
            c, d_now, cur = c * np.exp(-dt / tau_c), d_now * np.exp(-dt / tau_d), when
            if kind == 1:
                d_now += amount
            elif not (nearest and paired):  # nearest: the first post after a pre only
                c += a_plus * k_plus * np.exp(-(when - last) / tau_plus)
                paired = True
        dt = t - cur
        w = min(w_max, max(w_min, w + c * d_now * (1 - np.exp(-dt * rate)) / rate))
        c *= np.exp(-dt / tau_c)
        before = post[post < t]
        if before.size:
            c -= a_minus * np.sum(np.exp(-(t - (before[-1:] if nearest else before)) / tau_minus))
        k_plus = 1.0 if nearest else k_plus * np.exp(-(t - last) / tau_plus) + 1.0
        last = t
    return w


def calculate_tsodyks_markram_amplitudes(pre_spikes, weight, U, tau_rec, tau_facil, tau_psc, u=0.0, x=1.0, y=0.0):
    """The weight w u x each presynaptic spike sends through a TsodyksMarkramSynapse, by NEST's
    tsodyks_synapse equations (exact propagators between spikes; u, x, y from their initial
    values, NEST's defaults 0, 1, 0; the last spike at time 0).  tau_facil 0: no facilitation;
    tau_psc 0: delta synapses."""
    last = 0.0
    out = []
    for t in np.asarray(pre_spikes, dtype=float):
        h = t - last
        p_uu = 0.0 if tau_facil == 0 else np.exp(-h / tau_facil)
        p_yy = np.exp(-h / tau_psc) if tau_psc > 0 else 0.0
        p_zz = np.exp(-h / tau_rec)
        p_xy = ((p_zz - 1.0) * tau_rec - (p_yy - 1.0) * tau_psc) / (tau_psc - tau_rec)
        z = 1.0 - x - y
        u *= p_uu
        x += p_xy * y + (1.0 - p_zz) * z
        y *= p_yy
        u += U * (1.0 - u)
        released = u * x
        x -= released
        y += released
        out.append(weight * released)
        last = t
    return np.array(out)

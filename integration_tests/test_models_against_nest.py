"""spynn's neuron models and current sources against NEST, through PyNN.

The same PyNN protocol runs in pyNN.nest and in spynn, each backend in a process of its
own (model_compare.py is the runner and holds the protocols), at dt = 0.1 and 1.0 ms.
The tests are skipped when NEST is not installed.  Run them with

    /work/venv/bin/python -m pytest integration_tests/test_models_against_nest.py -m nest -v

(about 12 s on two cores) and print the measured figures with
``/work/venv/bin/python integration_tests/model_report.py``.

Cell types: those of IF_curr_exp, IF_curr_alpha, IF_cond_exp, IF_curr_delta, IF_cond_alpha,
EIF_cond_exp_isfa_ista and EIF_cond_alpha_isfa_ista that
spynn.list_standard_models() lists.

* Protocol A (deterministic; model_compare.build_deterministic): per cell type, neuron 0
  driven by a StepCurrentSource, neuron 1 by SpikeSourceArrays through an excitatory and an
  inhibitory projection, neuron 2 by both with its threshold out of reach.
  - spike times of neurons 0 and 1: the same number of spikes, every spike within one
    timestep of NEST's (the requirement for deterministic inputs);
  - v: max |v_spynn - v_nest| of neuron 2 over the whole 400 ms, and of neurons 0 and 1 over
    the samples where their trajectories are aligned (model_compare.aligned_v_difference),
    within V_TOLERANCE_MV (below).
* Protocol B (stochastic; build_poisson): 100 neurons per cell type, each with its own
  excitatory and inhibitory SpikeSourcePoisson; the mean rates agree within RATE_TOLERANCE
  (5 %), and spynn clipped (saturated) at most MAX_SATURATED_FRACTION of the input events.
* Current sources into non-spiking IF_curr_exp neurons: DCSource, ACSource (starting at a
  whole period, and at 1.2 periods: PyNN's phase is the phase at `start`),
  StepCurrentSource: max |dv| within SOURCE_V_TOLERANCE_MV; NoisyCurrentSource: mean and sd
  of v (per neuron, 100 neurons with a source each) within NOISE_MEAN_TOLERANCE_MV and
  NOISE_SD_TOLERANCE of NEST's and of the theory.

Known discrepancies (measured when this file was written; these tests fail until fixed):

* Ring-buffer weight scaling assumes one spike per presynaptic neuron per step, but a
  SpikeSourcePoisson sends k ~ Poisson(rate dt) packets per step and a SpikeSourceArray may
  hold equal times: extra spikes saturate the ring buffer and are lost.  Protocol B at
  dt = 1.0: IF_cond_exp rate -12 % (2.7 % of input events saturated), IF_curr_delta 2.8 %
  saturated; protocol A: IF_curr_delta's three simultaneous 6 mV inputs give 16 mV, not 18.
* ACSource takes `phase` at t = 0 instead of at `start` (ACSource_start: 13.7 mV off).

Tolerances (measured figures: model_report.py; all at the "measured x ~2-3" level):

* V_TOLERANCE_MV, per cell type and dt.  IF_curr_exp and IF_curr_delta are integrated
  exactly as NEST does, in s16.15 fixed point: measured max |dv| 0.016 mV (curr_exp, dt 0.1)
  and 0.0034 mV (curr_delta): tolerances 0.05 and 0.01 mV.  IF_curr_alpha: 0.0028 mV at
  dt = 1.0 and 0.0043 mV at dt = 0.1 (tolerance 0.05 mV).  (With its synaptic state in
  s16.15 it was 0.13 mV at dt = 0.1: the tails of the rise variable and current fell below
  one LSB while they still moved V; the kernel now keeps them with 20 fractional bits.)  IF_cond_exp: 0.10 mV
  (neuron 2) and 0.135 mV (neuron 1) at either dt: spynn holds the synaptic current over
  0.1 ms sub-steps, NEST integrates with RKF45; the same sub-step scheme in float64 differs
  from an accurate solution of this input by 0.103 mV, spynn from that scheme by 0.002 mV.
  Tolerance 0.3 mV.
* AdEx (EIF_cond_exp_isfa_ista, EIF_cond_alpha_isfa_ista; protocol A with a = 1 nS, b = 2 pA,
  delta_T = 0.5 mV so that neuron 0 fires repeatedly): sub-threshold 0.014-0.043 mV; where
  aligned 0.08-0.45 mV.  The large figure is on the exponential upswing before a spike,
  where v climbs at 10-100 mV/ms: the midpoint rule in 0.01 ms sub-steps and NEST's RKF45
  put the crossing of v_spike up to a step apart (every spike within one step, as
  required).  Tolerance 1 mV.  A single neuron under constant current gives NEST's spike
  times exactly at dt 0.01 and 0.1.
* SOURCE_V_TOLERANCE_MV = 0.01 mV: measured <= 0.0037 mV (DC, AC, step; dt 0.1 and 1.0).
* RATE_TOLERANCE = 5 % (the issue's requirement).  The standard error of the difference of
  the two backends' mean rates, from the spread of the neurons' counts, is 0.6-1.3 % (ISI CV
  0.4-0.95, 11000-22000 spikes per population): 5 % is >= 4 of those; the test checks this
  precision (MAX_RATE_SE) so that the comparison cannot lose its power unnoticed.
* MAX_SATURATED_FRACTION = 1e-3: a ring-buffer weight scale is a statistical bound, so a
  rare saturation is by design (measured 4e-5 at dt = 0.1); losing 0.1 % of the input moves
  these rates by well under 1 %.
* NoisyCurrentSource: the standard error of the pooled per-neuron mean of v is 0.04 mV and of
  the pooled sd 0.02 mV (0.5 %) per backend (100 neurons, 4.8 s; checked by the test);
  tolerances 0.3 mV and 5 % (> 4 standard errors of a difference; measured 0.05 mV and
  0.3 %), against NEST and against the exact theory
  (model_compare.noise_theory, corrected for the finite-window bias of the sd).
"""

from __future__ import annotations

import numpy as np
import pytest

try:
    from . import model_compare as mc
    from . import nest_compare as nc
except ImportError:  # run from inside integration_tests/ without the package
    import model_compare as mc
    import nest_compare as nc

pytestmark = nc.nest_marks()

DTS = [pytest.param(0.1, id="dt0.1"), pytest.param(1.0, id="dt1.0")]

#: max |v_spynn - v_nest| [mV] of protocol A, per cell type and dt (see the module docstring).
V_TOLERANCE_MV = {
    "IF_curr_exp": {0.1: 0.05, 1.0: 0.05},
    "IF_curr_alpha": {0.1: 0.05, 1.0: 0.05},
    "IF_cond_exp": {0.1: 0.3, 1.0: 0.3},
    "IF_curr_delta": {0.1: 0.01, 1.0: 0.01},
    "IF_cond_alpha": {0.1: 0.3, 1.0: 0.3},
    "EIF_cond_exp_isfa_ista": {0.1: 1.0, 1.0: 1.0},
    "EIF_cond_alpha_isfa_ista": {0.1: 1.0, 1.0: 1.0},
}
SOURCE_V_TOLERANCE_MV = 0.01
RATE_TOLERANCE = 0.05
MAX_RATE_SE = RATE_TOLERANCE / 4  # relative standard error of the rate difference
MAX_SATURATED_FRACTION = 1e-3
NOISE_MEAN_TOLERANCE_MV = 0.3
NOISE_SD_TOLERANCE = 0.05
#: protocol A is meaningful only if NEST's neurons fire repeatedly
MIN_SPIKES = {0: 10, 1: 4}

try:
    CELL_TYPES = mc.supported_cell_types()
except Exception:  # spynn does not import: every test fails in its runner with the reason
    CELL_TYPES = list(mc.SHORT)
CELLS = [pytest.param(c, id=c) for c in CELL_TYPES]
SOURCES = [pytest.param(s, id=s) for s in mc.SOURCES]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("model_compare")


@pytest.fixture(scope="module")
def runs(workdir):
    """(network, dt) -> {"nest": Result, "spynn": Result}, each run once per module."""
    cache = {}
    protocols = {"deterministic": mc.DETERMINISTIC, "poisson": mc.POISSON, "noise": mc.NOISE}

    def get(network, dt):
        if (network, dt) not in cache:
            cache[(network, dt)] = mc.run_both(network, mc.with_cell_types(protocols[network][dt], CELL_TYPES), workdir)
        return cache[(network, dt)]

    return get


def _saturation_note(spynn, label: str) -> str:
    n, frac = mc.saturated_fraction(spynn, label)
    if not n:
        return ""
    return (
        f"; NB spynn saturated {n} ring-buffer additions on {label!r} ({100 * frac:.3g} % of its input events): "
        f"input lost to the weight scaling"
    )


# ------------------------------------------------------------------ protocol A
@pytest.mark.parametrize("dt", DTS)
def test_protocol_a_network_is_the_same(dt, runs):
    r = runs("deterministic", dt)
    assert mc.connectivity_differences(r["nest"], r["spynn"]) == []


@pytest.mark.parametrize("dt", DTS)
@pytest.mark.parametrize("cell_type", CELLS)
def test_spike_times_match_nest(cell_type, dt, runs):
    """Neurons 0 (step current) and 1 (spike inputs): every spike within one timestep."""
    r = runs("deterministic", dt)
    label = mc.SHORT[cell_type]
    nest = r["nest"].trains(label)
    spynn = r["spynn"].trains(label)
    for neuron, least in MIN_SPIKES.items():
        assert nest[neuron].size >= least, f"NEST's neuron {neuron} fired {nest[neuron].size} times: protocol too weak"
    assert nest[2].size == 0 and spynn[2].size == 0, "the sub-threshold neuron 2 fired"
    cmp = nc.compare_spike_times(nest[:2], spynn[:2], tol_ms=dt)
    detail = f"{cmp.summary()}; earliest differences (neuron, k, t_nest, t_spynn): {cmp.first_differences}"
    detail += _saturation_note(r["spynn"], label)
    assert cmp.neurons_count_differs == [], detail
    assert cmp.n_spikes_beyond_tol == 0, detail
    assert cmp.max_abs_diff_ms <= dt + 1e-9, detail


@pytest.mark.parametrize("dt", DTS)
@pytest.mark.parametrize("cell_type", CELLS)
def test_membrane_potential_matches_nest(cell_type, dt, runs):
    """v every step for 400 ms: neuron 2 (sub-threshold) over the whole trace, neurons 0 and 1
    where their trajectories are aligned (not shifted by a one-step spike-time difference)."""
    r = runs("deterministic", dt)
    label = mc.SHORT[cell_type]
    tol = V_TOLERANCE_MV[cell_type][dt]
    t, _, _ = r["spynn"].signals[(label, "v")]
    assert t.size == round(mc.DETERMINISTIC[dt]["t_stop"] / dt) + 1
    note = _saturation_note(r["spynn"], label)
    sub, at = mc.max_v_difference(r["nest"], r["spynn"], label, 2)
    assert sub <= tol, f"sub-threshold neuron: max |dv| = {sub:.4f} mV at {at} ms (tolerance {tol} mV){note}"
    for neuron in (0, 1):
        dv, left_out = mc.aligned_v_difference(r["nest"], r["spynn"], label, neuron)
        assert left_out < 0.3, f"neuron {neuron}: {left_out:.0%} of the trace is not aligned{note}"
        assert dv <= tol, f"neuron {neuron}: max |dv| = {dv:.4f} mV where aligned (tolerance {tol} mV){note}"


@pytest.mark.parametrize("dt", DTS)
@pytest.mark.parametrize("source", SOURCES)
def test_current_source_matches_nest(source, dt, runs):
    """A deterministic current source into a non-spiking IF_curr_exp neuron: v every step.
    ACSource_start starts at 1.2 periods: PyNN's phase is the sine's phase at `start`."""
    r = runs("deterministic", dt)
    dv, at = mc.max_v_difference(r["nest"], r["spynn"], source)
    _, v, _ = r["nest"].signals[(source, "v")]
    assert np.ptp(v) > 5.0, "the source hardly moves v in NEST: protocol too weak"
    kind, params = mc.SOURCES[source]
    hint = ""
    if kind == "ACSource" and (params.get("start", 0.0) * params["frequency"] / 1000.0) % 1.0:
        shift = 360.0 * params["frequency"] * params["start"] / 1000.0 % 360.0
        hint = (
            f"; PyNN's phase is the phase at start = {params['start']} ms: a sine whose phase is taken at t = 0 "
            f"instead is {shift:.0f} degrees off"
        )
    assert dv <= SOURCE_V_TOLERANCE_MV, (
        f"{source}: max |v_spynn - v_nest| = {dv:.4f} mV at t = {at} ms (tolerance {SOURCE_V_TOLERANCE_MV} mV){hint}"
    )


# ------------------------------------------------------------------ protocol B
@pytest.mark.parametrize("dt", DTS)
@pytest.mark.parametrize("cell_type", CELLS)
def test_poisson_driven_rates_match_nest(cell_type, dt, runs):
    r = runs("poisson", dt)
    p = mc.POISSON[dt]
    label = mc.SHORT[cell_type]
    assert mc.connectivity_differences(r["nest"], r["spynn"]) == []
    rn, en = mc.rate_stats(r["nest"], label, p["t_stop"])
    rs, es = mc.rate_stats(r["spynn"], label, p["t_stop"])
    n_sat, sat = mc.saturated_fraction(r["spynn"], label)
    detail = (
        f"NEST {rn:.2f} +- {en:.2f} Hz, spynn {rs:.2f} +- {es:.2f} Hz, difference {100 * (rs - rn) / rn:+.2f} % "
        f"(tolerance {100 * RATE_TOLERANCE:.0f} %); spynn saturated {n_sat} input events ({100 * sat:.3f} %)"
    )
    # statistically meaningful: tens of Hz, thousands of spikes, a standard error well inside the tolerance
    assert 10.0 <= rn <= 100.0, detail
    assert r["nest"].count(label) >= 5000, detail
    assert np.hypot(en, es) / rn <= MAX_RATE_SE, detail
    assert abs(rs - rn) <= RATE_TOLERANCE * rn, detail
    assert sat <= MAX_SATURATED_FRACTION, detail


# ---------------------------------------------------------- NoisyCurrentSource
@pytest.mark.parametrize("dt", DTS)
def test_noisy_current_source_statistics_match_nest(dt, runs):
    r = runs("noise", dt)
    p = mc.NOISE[dt]
    a = mc.v_stats(r["nest"], "noise", p["t_skip"])
    b = mc.v_stats(r["spynn"], "noise", p["t_skip"])
    mean_th, sd_th = mc.noise_theory(p)
    # a sample sd over a window T of a process with correlation time tau_m is low by ~tau_m / T
    sd_th *= 1.0 - mc.CELL["tau_m"] / (p["t_stop"] - p["t_skip"])
    detail = (
        f"mean v: NEST {a['mean']:.3f} +- {a['mean_se']:.3f}, spynn {b['mean']:.3f} +- {b['mean_se']:.3f}, "
        f"theory {mean_th:.3f} mV; sd of v: NEST {a['sd']:.3f} +- {a['sd_se']:.3f}, spynn {b['sd']:.3f} +- "
        f"{b['sd_se']:.3f}, theory {sd_th:.3f} mV"
    )
    assert r["nest"].count("noise") == 0 and r["spynn"].count("noise") == 0, "the noise-driven neurons fired"
    # the comparison has power: the standard errors are well inside the tolerances
    assert np.hypot(a["mean_se"], b["mean_se"]) <= NOISE_MEAN_TOLERANCE_MV / 4, detail
    assert np.hypot(a["sd_se"], b["sd_se"]) <= NOISE_SD_TOLERANCE * a["sd"] / 4, detail
    assert abs(b["mean"] - a["mean"]) <= NOISE_MEAN_TOLERANCE_MV, detail
    assert abs(b["sd"] - a["sd"]) <= NOISE_SD_TOLERANCE * a["sd"], detail
    # and both are the process PyNN describes
    for stats in (a, b):
        assert abs(stats["mean"] - mean_th) <= NOISE_MEAN_TOLERANCE_MV, detail
        assert abs(stats["sd"] - sd_th) <= NOISE_SD_TOLERANCE * sd_th, detail

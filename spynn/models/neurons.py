"""Neuron models as declarative specs: parameters (with units), state, and how
the host turns them into the kernel's fixed-point structs.  Each spec pairs with
one C header in c_kernels/neuron/ (same name)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from ..synapses import fixedpoint as fp
from ..synapses import layout

Params = dict[str, np.ndarray]


#: Recording channel region of each recordable value.
VALUE_CHANNELS = {
    "v": layout.const("REGION_REC_V"),
    "gsyn_exc": layout.const("REGION_REC_GSYN_EXC"),
    "gsyn_inh": layout.const("REGION_REC_GSYN_INH"),
}


@dataclass(frozen=True)
class NeuronModel:
    name: str  # matches c_kernels/neuron/<name>.h
    model_id: int  # NEURON_MODEL_* in layout
    params: dict[str, str]  # parameter -> unit
    state: dict[str, str]  # initial-value variable -> unit
    recordables: dict[str, str]  # recordable -> unit
    params_struct: layout.Struct
    state_struct: layout.Struct
    make_params: Callable[[Params, float], np.ndarray]
    make_state: Callable[[Params, Params, float], np.ndarray]
    read_state: Callable[[np.ndarray], Params]  # -> recordable values now
    weight_units: str = "nA"
    weight_scale: float = 1.0  # PyNN weight -> ring-buffer units (nA, or nS for conductances)
    record_scale: dict[str, float] = field(default_factory=dict)  # recorded s16.15 -> PyNN units
    delay_offset_ticks: int = 0  # stored delay = delay - offset (delta synapses act in the arrival step)
    channels: dict[str, int] = field(default_factory=lambda: dict(VALUE_CHANNELS))  # recordable -> region
    receptors: tuple[str, ...] = ("excitatory", "inhibitory")  # synapse type i = receptors[i]


def _exp_psc_propagator(tau_m, tau_syn, cm, h):
    """Voltage response over one step to a unit exponential current (NEST iaf_psc_exp P21)."""
    tau_m, tau_syn, cm = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (tau_m, tau_syn, cm)))
    same = np.isclose(tau_m, tau_syn)
    with np.errstate(divide="ignore", invalid="ignore"):
        general = tau_m * tau_syn / (cm * (tau_syn - tau_m)) * (np.exp(-h / tau_syn) - np.exp(-h / tau_m))
    return np.where(same, h / cm * np.exp(-h / tau_m), general)


def _check_positive(p: Params, names, model: str):
    for n in names:
        v = np.asarray(p[n])
        if (v <= 0).any():
            raise ValueError(f"{model}: parameter {n} must be > 0, got {v[v <= 0].flat[0]}")


def _lif_common(struct: layout.Struct, p: Params, h: float, model: str) -> np.ndarray:
    """The fields every LIF variant shares: membrane, threshold, reset, refractoriness, synaptic decays."""
    _check_positive(p, ("tau_m", "cm", "tau_syn_E", "tau_syn_I"), model)
    if (np.asarray(p["tau_refrac"]) < 0).any():
        raise ValueError(f"{model}: tau_refrac must be >= 0")
    v_reset, v_thresh = (np.atleast_1d(a).ravel() for a in np.broadcast_arrays(p["v_reset"], p["v_thresh"]))
    if (v_reset > v_thresh).any():  # it would fire at every step out of refractoriness; NEST refuses it too
        i = int(np.argmax(v_reset > v_thresh))
        raise ValueError(
            f"{model}: v_reset ({v_reset[i]} mV) is above v_thresh ({v_thresh[i]} mV) (neuron {i}); "
            "give a reset potential below the threshold"
        )
    out = struct.zeros(len(np.atleast_1d(p["tau_m"])))
    p22 = np.exp(-h / p["tau_m"])
    out["v_rest"] = fp.to_s1615(p["v_rest"], f"{model} v_rest [mV]")
    out["v_reset"] = fp.to_s1615(p["v_reset"], f"{model} v_reset [mV]")
    out["v_thresh"] = fp.to_s1615(p["v_thresh"], f"{model} v_thresh [mV]")
    out["i_offset"] = fp.to_s1615(p["i_offset"], f"{model} i_offset [nA]")
    out["p22"] = fp.to_u032(p22, "exp(-h/tau_m)")
    p20 = np.asarray(p["tau_m"] / p["cm"] * (1.0 - p22), dtype=np.float64)
    out["p20"] = fp.to_s1615(p20, f"{model} tau_m/cm")
    out["p20_fine"] = np.rint((p20 * fp.S1615_ONE - out["p20"]) * 65536.0).astype(np.int32)
    out["exc_decay"] = fp.to_u032(np.exp(-h / p["tau_syn_E"]), "exp(-h/tau_syn_E)")
    out["inh_decay"] = fp.to_u032(np.exp(-h / p["tau_syn_I"]), "exp(-h/tau_syn_I)")
    out["t_refract"] = refractory_steps(p["tau_refrac"], h)
    return out


def refractory_steps(tau_refrac, h: float) -> np.ndarray:
    """Whole timesteps of refractoriness: tau_refrac / h rounded up, as NEST's on-grid models
    and sPyNNaker count them (tau_refrac = 0.1 ms at h = 1 ms is one step, not none)."""
    return np.ceil(np.asarray(tau_refrac, dtype=float) / h - 1e-9).astype(np.int32)


def _lif_curr_exp_params(p: Params, h: float) -> np.ndarray:
    out = _lif_common(layout.LIF_CURR_EXP_PARAMS, p, h, "IF_curr_exp")
    out["p21_exc"] = fp.to_s1615(_exp_psc_propagator(p["tau_m"], p["tau_syn_E"], p["cm"], h), "P21 exc")
    out["p21_inh"] = fp.to_s1615(_exp_psc_propagator(p["tau_m"], p["tau_syn_I"], p["cm"], h), "P21 inh")
    return out


def _lif_curr_exp_state(p: Params, init: Params, h: float) -> np.ndarray:
    out = layout.LIF_CURR_EXP_STATE.zeros(len(np.atleast_1d(init["v"])))
    out["v"] = fp.to_s1615(init["v"], "IF_curr_exp initial v [mV]")
    out["isyn_exc"] = fp.to_s1615(init.get("isyn_exc", 0.0), "initial isyn_exc [nA]")
    out["isyn_inh"] = fp.to_s1615(init.get("isyn_inh", 0.0), "initial isyn_inh [nA]")
    return out


def _lif_curr_exp_read(state: np.ndarray) -> Params:
    return {
        "v": fp.from_s1615(state["v"]),
        "gsyn_exc": fp.from_s1615(state["isyn_exc"]),
        "gsyn_inh": fp.from_s1615(state["isyn_inh"]),
    }


#: PyNN parameters (and units) every LIF variant has.
LIF_PARAMS = {
    "tau_m": "ms",
    "cm": "nF",
    "v_rest": "mV",
    "v_reset": "mV",
    "v_thresh": "mV",
    "tau_refrac": "ms",
    "i_offset": "nA",
    "tau_syn_E": "ms",
    "tau_syn_I": "ms",
}

LIF_CURR_EXP = NeuronModel(
    name="lif_curr_exp",
    model_id=layout.const("NEURON_MODEL_LIF_CURR_EXP"),
    params=LIF_PARAMS,
    state={"v": "mV", "isyn_exc": "nA", "isyn_inh": "nA"},
    recordables={"v": "mV", "gsyn_exc": "nA", "gsyn_inh": "nA"},
    params_struct=layout.LIF_CURR_EXP_PARAMS,
    state_struct=layout.LIF_CURR_EXP_STATE,
    make_params=_lif_curr_exp_params,
    make_state=_lif_curr_exp_state,
    read_state=_lif_curr_exp_read,
)


def _alpha_propagators(tau_m, tau_syn, cm, h):
    """Exact one-step propagators of r' = -r/tau, I' = r - I/tau, V' = -V/tau_m + I/cm:
    (V from r, V from I), per neuron, from the matrix exponential."""
    from scipy.linalg import expm

    out = np.empty((np.size(tau_m), 2))
    for k, (tm, ts, c) in enumerate(np.broadcast(tau_m, tau_syn, cm)):
        a = np.array([[-1 / ts, 0, 0], [1, -1 / ts, 0], [0, 1 / c, -1 / tm]])
        m = expm(a * h)
        out[k] = m[2, 0], m[2, 1]
    return out


def _lif_curr_alpha_params(p: Params, h: float) -> np.ndarray:
    out = _lif_common(layout.LIF_CURR_ALPHA_PARAMS, p, h, "IF_curr_alpha")
    cols, props = [], []
    for syn, tau in (("exc", p["tau_syn_E"]), ("inh", p["tau_syn_I"])):
        prop = _alpha_propagators(p["tau_m"], tau, p["cm"], h)
        rise_to_i = np.broadcast_to(h * np.exp(-h / np.asarray(tau, dtype=float)), prop[:, 0].shape)
        cols += [f"p_v_{syn}_rise", f"p_v_{syn}", f"{syn}_rise_to_i"]
        props += [prop[:, 0], prop[:, 1], rise_to_i]
        out[f"{syn}_kick"] = fp.to_s1615(np.e / np.asarray(tau), f"IF_curr_alpha {syn} e/tau")
    scaled, shift = fp.to_shifted(np.stack(props, axis=1), "IF_curr_alpha propagators")
    for k, name in enumerate(cols):
        out[name] = scaled[:, k]
    out["prop_shift"] = shift
    return out


#: Fractional bits of IF_curr_alpha's synaptic state (c_kernels/neuron/lif_curr_alpha.h).
ALPHA_STATE_SCALE = 2.0**5


def _lif_curr_alpha_state(p: Params, init: Params, h: float) -> np.ndarray:
    out = layout.LIF_CURR_ALPHA_STATE.zeros(len(np.atleast_1d(init["v"])))
    out["v"] = fp.to_s1615(init["v"], "IF_curr_alpha initial v [mV]")
    for name in ("isyn_exc", "isyn_inh"):
        out[name] = fp.to_s1615(np.asarray(init.get(name, 0.0)) * ALPHA_STATE_SCALE, f"initial {name} [nA]")
    return out


def _lif_curr_alpha_read(state: np.ndarray) -> Params:
    return {
        "v": fp.from_s1615(state["v"]),
        "gsyn_exc": fp.from_s1615(state["isyn_exc"]) / ALPHA_STATE_SCALE,
        "gsyn_inh": fp.from_s1615(state["isyn_inh"]) / ALPHA_STATE_SCALE,
    }


LIF_CURR_ALPHA = NeuronModel(
    name="lif_curr_alpha",
    model_id=layout.const("NEURON_MODEL_LIF_CURR_ALPHA"),
    params=LIF_PARAMS,
    state={"v": "mV", "isyn_exc": "nA", "isyn_inh": "nA"},
    recordables={"v": "mV", "gsyn_exc": "nA", "gsyn_inh": "nA"},
    params_struct=layout.LIF_CURR_ALPHA_PARAMS,
    state_struct=layout.LIF_CURR_ALPHA_STATE,
    make_params=_lif_curr_alpha_params,
    make_state=_lif_curr_alpha_state,
    read_state=_lif_curr_alpha_read,
)


#: IF_cond_exp integrates in sub-steps no longer than this [ms]: holding the synaptic
#: current over a whole 1 ms step put spikes up to 2 steps away from NEST's.
COND_SUBSTEP_MS = 0.1


def _lif_cond_exp_params(p: Params, h: float) -> np.ndarray:
    n_sub = max(1, int(np.ceil(h / COND_SUBSTEP_MS - 1e-9)))
    out = _lif_common(layout.LIF_COND_EXP_PARAMS, p, h / n_sub, "IF_cond_exp")
    out["n_substeps"] = n_sub
    # refractoriness is counted in whole timesteps
    out["t_refract"] = refractory_steps(p["tau_refrac"], h)
    h = h / n_sub
    out["e_rev_exc"] = fp.to_s1615(p["e_rev_E"], "IF_cond_exp e_rev_E [mV]")
    out["e_rev_inh"] = fp.to_s1615(p["e_rev_I"], "IF_cond_exp e_rev_I [mV]")
    for name, tau in (("exc_mean", p["tau_syn_E"]), ("inh_mean", p["tau_syn_I"])):
        out[name] = fp.to_u032(tau / h * (1.0 - np.exp(-h / tau)), f"IF_cond_exp {name}")
    return out


def _lif_curr_delta_params(p: Params, h: float) -> np.ndarray:
    q = dict(p, tau_syn_E=np.ones_like(np.asarray(p["tau_m"])), tau_syn_I=np.ones_like(np.asarray(p["tau_m"])))
    return _lif_common(layout.LIF_CURR_DELTA_PARAMS, q, h, "IF_curr_delta")


def _lif_curr_delta_state(p: Params, init: Params, h: float) -> np.ndarray:
    out = layout.LIF_CURR_DELTA_STATE.zeros(len(np.atleast_1d(init["v"])))
    out["v"] = fp.to_s1615(init["v"], "IF_curr_delta initial v [mV]")
    return out


def _lif_curr_delta_read(state: np.ndarray) -> Params:
    return {
        "v": fp.from_s1615(state["v"]),
        "gsyn_exc": fp.from_s1615(state["jump_exc"]),  # at the end of a run: the last step's
        "gsyn_inh": fp.from_s1615(state["jump_inh"]),
    }


LIF_CURR_DELTA = NeuronModel(
    name="lif_curr_delta",
    model_id=layout.const("NEURON_MODEL_LIF_CURR_DELTA"),
    params={k: u for k, u in LIF_PARAMS.items() if not k.startswith("tau_syn")},
    state={"v": "mV"},
    recordables={"v": "mV", "gsyn_exc": "mV", "gsyn_inh": "mV"},  # gsyn: the step's summed input
    params_struct=layout.LIF_CURR_DELTA_PARAMS,
    state_struct=layout.LIF_CURR_DELTA_STATE,
    make_params=_lif_curr_delta_params,
    make_state=_lif_curr_delta_state,
    read_state=_lif_curr_delta_read,
    weight_units="mV",
    delay_offset_ticks=1,
)


def _widened(base: np.ndarray, struct: layout.Struct) -> np.ndarray:
    """base's records as struct's: the fields both have copied, the rest zero."""
    out = struct.zeros(base.size)
    for name in base.dtype.names:
        if name in out.dtype.names:
            out[name] = base[name]
    return out


def _lif_curr_delta_ca2_params(p: Params, h: float) -> np.ndarray:
    out = _widened(_lif_curr_delta_params(p, h), layout.LIF_CURR_DELTA_CA2_PARAMS)
    _check_positive(p, ("tau_ca2",), "IFCurrDeltaCa2Adaptive")
    out["p21_ca2"] = fp.to_s1615(_exp_psc_propagator(p["tau_m"], p["tau_ca2"], p["cm"], h), "p21_ca2")
    out["ca2_decay"] = fp.to_u032(np.exp(-h / np.asarray(p["tau_ca2"], dtype=float)), "exp(-h/tau_ca2)")
    out["i_alpha"] = fp.to_s1615(p["i_alpha"], "IFCurrDeltaCa2Adaptive i_alpha [nA]")
    return out


def _lif_curr_delta_ca2_state(p: Params, init: Params, h: float) -> np.ndarray:
    out = _widened(_lif_curr_delta_state(p, init, h), layout.LIF_CURR_DELTA_CA2_STATE)
    out["i_ca2"] = fp.to_s1615(init.get("i_ca2", 0.0), "initial i_ca2 [nA]")
    return out


LIF_CURR_DELTA_CA2 = NeuronModel(
    name="lif_curr_delta_ca2",
    model_id=layout.const("NEURON_MODEL_LIF_CURR_DELTA_CA2"),
    params={**LIF_CURR_DELTA.params, "tau_ca2": "ms", "i_alpha": "nA"},
    state={"v": "mV", "i_ca2": "nA"},
    recordables=LIF_CURR_DELTA.recordables,
    params_struct=layout.LIF_CURR_DELTA_CA2_PARAMS,
    state_struct=layout.LIF_CURR_DELTA_CA2_STATE,
    make_params=_lif_curr_delta_ca2_params,
    make_state=_lif_curr_delta_ca2_state,
    read_state=_lif_curr_delta_read,
    weight_units="mV",
    delay_offset_ticks=1,
)


def _fixed_prob_params(p: Params, h: float) -> np.ndarray:
    out = _widened(_lif_curr_delta_params(p, h), layout.LIF_CURR_DELTA_FIXED_PROB_PARAMS)
    prob = np.broadcast_to(np.asarray(p["p_thresh"], dtype=float), out.shape)
    if ((prob < 0) | (prob > 1)).any():
        raise ValueError(f"IFCurrDeltaFixedProb: p_thresh must lie in [0, 1], got {prob[(prob < 0) | (prob > 1)][0]}")
    out["p_thresh"] = np.where(prob >= 1.0, 0xFFFFFFFF, np.minimum(np.rint(prob * 2.0**32), 0xFFFFFFFE))
    return out


LIF_CURR_DELTA_FIXED_PROB = NeuronModel(
    name="lif_curr_delta_fixed_prob",
    model_id=layout.const("NEURON_MODEL_LIF_CURR_DELTA_FIXED_PROB"),
    params={**LIF_CURR_DELTA.params, "p_thresh": ""},
    state=LIF_CURR_DELTA.state,
    recordables=LIF_CURR_DELTA.recordables,
    params_struct=layout.LIF_CURR_DELTA_FIXED_PROB_PARAMS,
    state_struct=layout.LIF_CURR_DELTA_FIXED_PROB_STATE,
    make_params=_fixed_prob_params,
    make_state=lambda p, init, h: _widened(_lif_curr_delta_state(p, init, h), layout.LIF_CURR_DELTA_FIXED_PROB_STATE),
    read_state=_lif_curr_delta_read,
    weight_units="mV",
    delay_offset_ticks=1,
)


def _if_trunc_delta_params(p: Params, h: float) -> np.ndarray:
    _check_positive(p, ("tau_m", "cm"), "IFTruncDelta")
    if (np.asarray(p["tau_refrac"]) < 0).any():
        raise ValueError("IFTruncDelta: tau_refrac must be >= 0")
    out = layout.IF_TRUNC_DELTA_PARAMS.zeros(len(np.atleast_1d(p["tau_m"])))
    r = np.asarray(p["tau_m"], dtype=float) / np.asarray(p["cm"], dtype=float)
    out["v_reset"] = fp.to_s1615(p["v_reset"], "IFTruncDelta v_reset [mV]")
    out["v_thresh"] = fp.to_s1615(p["v_thresh"], "IFTruncDelta v_thresh [mV]")
    out["i_offset"] = fp.to_s1615(p["i_offset"], "IFTruncDelta i_offset [nA]")
    out["r_step"] = fp.to_s1615(r, "IFTruncDelta tau_m/cm [MOhm]")
    out["delta_scale"] = fp.to_s1615(r / h, "IFTruncDelta tau_m/(cm h)")
    out["t_refract"] = refractory_steps(p["tau_refrac"], h)
    return out


IF_TRUNC_DELTA = NeuronModel(
    name="if_trunc_delta",
    model_id=layout.const("NEURON_MODEL_IF_TRUNC_DELTA"),
    params={"tau_m": "ms", "cm": "nF", "v_reset": "mV", "v_thresh": "mV", "tau_refrac": "ms", "i_offset": "nA"},
    state={"v": "mV"},
    recordables={"v": "mV", "gsyn_exc": "nA", "gsyn_inh": "nA"},  # gsyn: the step's summed input
    params_struct=layout.IF_TRUNC_DELTA_PARAMS,
    state_struct=layout.IF_TRUNC_DELTA_STATE,
    make_params=_if_trunc_delta_params,
    make_state=lambda p, init, h: _widened(_lif_curr_delta_state(p, init, h), layout.IF_TRUNC_DELTA_STATE),
    read_state=_lif_curr_delta_read,
    delay_offset_ticks=1,
)


def _stoc_params(kind: str):
    """make_params of one of sPyNNaker's stochastic neurons (layout STOC_*)."""

    def make(p: Params, h: float) -> np.ndarray:
        n = len(np.atleast_1d(p["bias"]))
        out = layout.STOC_PARAMS.zeros(n)
        out["kind"] = layout.const(kind)
        out["bias"] = fp.to_s1615(p["bias"], f"{kind} bias")
        if kind == "STOC_SIGMA":
            out["alpha"] = fp.to_s1615(p["alpha"], "StocSigma alpha")
        else:
            _check_positive(p, ("tau",), kind)
            scale = 1.0 / np.asarray(p["tau"], dtype=float) if kind == "STOC_EXP" else np.asarray(p["tau"], dtype=float)
            out["prob_scale"] = np.minimum(np.rint(scale * 65536.0), 2.0**32 - 1)
            if (out["prob_scale"] == 0).any():
                raise ValueError(
                    f"{kind}: tau = {np.asarray(p['tau']).max()} makes the firing probability's scale "
                    f"(1/tau or tau) round to 0 at the cores' 16 fractional bits; keep it >= 2^-16"
                )
        if kind == "STOC_EXP_STABLE":
            out["v_reset"] = fp.to_s1615(p["v_reset"], "StocExpStable v_reset")
        burst = p["tau"] if kind == "STOC_EXP" else p["tau_refrac"]
        out["t_refract"] = refractory_steps(burst, h)
        return out

    return make


def _stoc_state(p: Params, init: Params, h: float) -> np.ndarray:
    out = layout.STOC_STATE.zeros(len(np.atleast_1d(init["v"])))
    out["v"] = fp.to_s1615(init["v"], "initial v")
    out["refract_timer"] = np.asarray(init.get("refract_init", 0), dtype=np.int32)
    return out


def _stoc_model(kind: str, params: dict[str, str]) -> NeuronModel:
    return NeuronModel(
        name="stoc",
        model_id=layout.const("NEURON_MODEL_STOCHASTIC"),
        params=params,
        state={"v": "mV", "refract_init": ""},
        recordables={"v": "mV", "gsyn_exc": "mV", "gsyn_inh": "mV"},  # gsyn: the step's summed input
        params_struct=layout.STOC_PARAMS,
        state_struct=layout.STOC_STATE,
        make_params=_stoc_params(kind),
        make_state=_stoc_state,
        read_state=lambda state: {
            "v": fp.from_s1615(state["v"]),
            "gsyn_exc": fp.from_s1615(state["input_exc"]),
            "gsyn_inh": fp.from_s1615(state["input_inh"]),
        },
        weight_units="mV",
        delay_offset_ticks=1,
    )


STOC_EXP = _stoc_model("STOC_EXP", {"tau": "ms", "bias": "mV"})
STOC_EXP_STABLE = _stoc_model("STOC_EXP_STABLE", {"v_reset": "mV", "tau": "", "tau_refrac": "ms", "bias": "mV"})
STOC_SIGMA = _stoc_model("STOC_SIGMA", {"tau_refrac": "ms", "alpha": "1/mV", "bias": "mV"})


def _lif_cond_exp_state(p: Params, init: Params, h: float) -> np.ndarray:
    out = layout.LIF_COND_EXP_STATE.zeros(len(np.atleast_1d(init["v"])))
    out["v"] = fp.to_s1615(init["v"], "IF_cond_exp initial v [mV]")
    out["g_exc"] = fp.to_s1615(np.asarray(init.get("gsyn_exc", 0.0)) * 1000.0, "initial gsyn_exc [nS]")
    out["g_inh"] = fp.to_s1615(np.asarray(init.get("gsyn_inh", 0.0)) * 1000.0, "initial gsyn_inh [nS]")
    return out


def _lif_cond_exp_read(state: np.ndarray) -> Params:
    return {
        "v": fp.from_s1615(state["v"]),
        "gsyn_exc": fp.from_s1615(state["g_exc"]) / 1000.0,
        "gsyn_inh": fp.from_s1615(state["g_inh"]) / 1000.0,
    }


LIF_COND_EXP = NeuronModel(
    name="lif_cond_exp",
    model_id=layout.const("NEURON_MODEL_LIF_COND_EXP"),
    params={**LIF_PARAMS, "e_rev_E": "mV", "e_rev_I": "mV"},
    state={"v": "mV", "gsyn_exc": "uS", "gsyn_inh": "uS"},
    recordables={"v": "mV", "gsyn_exc": "uS", "gsyn_inh": "uS"},
    params_struct=layout.LIF_COND_EXP_PARAMS,
    state_struct=layout.LIF_COND_EXP_STATE,
    make_params=_lif_cond_exp_params,
    make_state=_lif_cond_exp_state,
    read_state=_lif_cond_exp_read,
    weight_units="uS",
    weight_scale=1000.0,  # uS -> nS on the core
    record_scale={"gsyn_exc": 1e-3, "gsyn_inh": 1e-3},
)


def _lif_cond_alpha_params(p: Params, h: float) -> np.ndarray:
    out = _widened(_lif_cond_exp_params(p, h), layout.LIF_COND_ALPHA_PARAMS)
    h = h / int(out["n_substeps"][0])
    for t, tau in (("exc", np.asarray(p["tau_syn_E"], dtype=float)), ("inh", np.asarray(p["tau_syn_I"], dtype=float))):
        d = np.exp(-h / tau)
        out[f"{t}_kick"] = fp.to_s1615(np.e / tau, f"IF_cond_alpha e/tau_syn ({t})")
        out[f"{t}_rise_to_g"] = fp.to_s1615(h * d, f"IF_cond_alpha h exp(-h/tau) ({t})")
        out[f"{t}_rise_mean"] = fp.to_s1615(tau / h * (tau * (1.0 - d) - h * d), f"IF_cond_alpha rise mean ({t})")
    return out


def _lif_cond_alpha_state(p: Params, init: Params, h: float) -> np.ndarray:
    return _widened(_lif_cond_exp_state(p, init, h), layout.LIF_COND_ALPHA_STATE)


LIF_COND_ALPHA = NeuronModel(
    name="lif_cond_alpha",
    model_id=layout.const("NEURON_MODEL_LIF_COND_ALPHA"),
    params=LIF_COND_EXP.params,
    state=LIF_COND_EXP.state,
    recordables=LIF_COND_EXP.recordables,
    params_struct=layout.LIF_COND_ALPHA_PARAMS,
    state_struct=layout.LIF_COND_ALPHA_STATE,
    make_params=_lif_cond_alpha_params,
    make_state=_lif_cond_alpha_state,
    read_state=_lif_cond_exp_read,
    weight_units="uS",
    weight_scale=1000.0,
    record_scale={"gsyn_exc": 1e-3, "gsyn_inh": 1e-3},
)


#: AdEx integrates in sub-steps no longer than this [ms] (NEST integrates adaptively).
AEIF_SUBSTEP_MS = 0.01
#: Fractional bits (c_kernels/neuron/aeif_cond.h and hh_cond_exp.h): AdEx's and HH's v [mV]
#: and currents, AdEx's w [nA], the sub-step coefficients and conductances [uS], HH's gating
#: variables and its conductances [nS]
AEIF_V_BITS = 20
AEIF_W_BITS = 26
STEP_BITS = 24
HH_GATE_BITS = 30
HH_G_BITS = 18


def _aeif_params(alpha: bool):
    """make_params of EIF_cond_exp_isfa_ista (alpha False) / EIF_cond_alpha_isfa_ista."""
    model = "EIF_cond_alpha_isfa_ista" if alpha else "EIF_cond_exp_isfa_ista"

    def make(p: Params, h: float) -> np.ndarray:
        _check_positive(p, ("cm", "tau_m", "tau_w", "delta_T", "tau_syn_E", "tau_syn_I"), model)
        if (np.asarray(p["tau_refrac"]) < 0).any():
            raise ValueError(f"{model}: tau_refrac must be >= 0")
        n_sub = max(1, int(np.ceil(h / AEIF_SUBSTEP_MS - 1e-9)))
        hs = h / n_sub
        f = {k: np.asarray(p[k], dtype=float) for k in p}
        out = layout.AEIF_COND_PARAMS.zeros(len(np.atleast_1d(f["cm"])))
        for name, key in (("v_rest", "v_rest"), ("v_reset", "v_reset"), ("v_spike", "v_spike"),
                          ("v_thresh", "v_thresh"), ("delta_t", "delta_T"),
                          ("e_rev_exc", "e_rev_E"), ("e_rev_inh", "e_rev_I")):  # fmt: skip
            out[name] = fp.to_s1615(f[key], f"{model} {key}")
        for bad, why in (
            (np.abs(f["i_offset"]) >= 2047.0, "|i_offset| must stay below 2047 nA"),
            (np.abs(f["b"]) >= 31.0, "|b| must stay below 31 nA (w is kept within +-32 nA)"),
            (f["cm"] / f["tau_m"] >= 127, "cm / tau_m must stay below 127 uS"),
            (np.abs(f["a"]) >= 127000.0, "|a| must stay below 127000 nS"),
            (hs / f["cm"] >= 127, f"cm = {f['cm'].min()} nF is too small for the cores' integration step"),
        ):
            if np.any(bad):
                raise ValueError(f"{model}: {why}")
        out["i_offset"] = fp.to_fixed(f["i_offset"], AEIF_V_BITS, f"{model} i_offset [nA]")
        out["g_leak"] = fp.to_fixed(f["cm"] / f["tau_m"], STEP_BITS, f"{model} cm/tau_m [uS]")
        out["b"] = fp.to_fixed(f["b"], AEIF_W_BITS, f"{model} b [nA]")
        out["a"] = fp.to_fixed(f["a"] / 1000.0, STEP_BITS, f"{model} a [uS]")
        out["h_over_c"] = fp.to_fixed(hs / f["cm"], STEP_BITS, f"{model} h/cm")
        out["h_over_tau_w"] = fp.to_fixed(hs / f["tau_w"], STEP_BITS, f"{model} h/tau_w")
        out["inv_delta_t"] = fp.to_s1615(1.0 / f["delta_T"], f"{model} 1/delta_T")
        out["exp_cap"] = fp.to_s1615(np.minimum((f["v_spike"] - f["v_thresh"]) / f["delta_T"], 10.0), "exp cap")
        for t, tau in (("exc", f["tau_syn_E"]), ("inh", f["tau_syn_I"])):
            d = np.exp(-hs / tau)
            out[f"{t}_decay"] = fp.to_u032(d, f"exp(-h/tau_syn) ({t})")
            out[f"{t}_kick"] = fp.to_s1615(np.e / tau if alpha else np.ones_like(tau), f"e/tau_syn ({t})")
            out[f"{t}_rise_to_g"] = fp.to_s1615(hs * d if alpha else np.zeros_like(tau), f"h exp(-h/tau) ({t})")
        out["n_substeps"] = n_sub
        out["t_refract"] = refractory_steps(f["tau_refrac"], h)
        return out

    return make


def _aeif_state(p: Params, init: Params, h: float) -> np.ndarray:
    out = layout.AEIF_COND_STATE.zeros(len(np.atleast_1d(init["v"])))
    out["v"] = fp.to_fixed(init["v"], AEIF_V_BITS, "AdEx initial v [mV]")
    out["w"] = fp.to_fixed(init.get("w", 0.0), AEIF_W_BITS, "AdEx initial w [nA]")
    out["g_exc"] = fp.to_s1615(np.asarray(init.get("gsyn_exc", 0.0)) * 1000.0, "initial gsyn_exc [nS]")
    out["g_inh"] = fp.to_s1615(np.asarray(init.get("gsyn_inh", 0.0)) * 1000.0, "initial gsyn_inh [nS]")
    return out


def _aeif_model(alpha: bool) -> NeuronModel:
    return NeuronModel(
        name="aeif_cond_alpha" if alpha else "aeif_cond_exp",
        model_id=layout.const("NEURON_MODEL_AEIF_COND_ALPHA" if alpha else "NEURON_MODEL_AEIF_COND_EXP"),
        params={
            "cm": "nF",
            "tau_refrac": "ms",
            "v_spike": "mV",
            "v_reset": "mV",
            "v_rest": "mV",
            "tau_m": "ms",
            "i_offset": "nA",
            "a": "nS",
            "b": "nA",
            "delta_T": "mV",
            "tau_w": "ms",
            "v_thresh": "mV",
            "e_rev_E": "mV",
            "tau_syn_E": "ms",
            "e_rev_I": "mV",
            "tau_syn_I": "ms",
        },  # fmt: skip
        state={"v": "mV", "w": "nA", "gsyn_exc": "uS", "gsyn_inh": "uS"},
        recordables={"v": "mV", "w": "nA", "gsyn_exc": "uS", "gsyn_inh": "uS"},
        params_struct=layout.AEIF_COND_PARAMS,
        state_struct=layout.AEIF_COND_STATE,
        make_params=_aeif_params(alpha),
        make_state=_aeif_state,
        read_state=lambda state: {
            **_lif_cond_exp_read(state),
            "v": state["v"] / 2.0**AEIF_V_BITS,
            "w": state["w"] / 2.0**AEIF_W_BITS,
        },
        weight_units="uS",
        weight_scale=1000.0,
        record_scale={"gsyn_exc": 1e-3, "gsyn_inh": 1e-3},
        channels={**VALUE_CHANNELS, "w": layout.const("REGION_REC_EXTRA")},
    )


AEIF_COND_EXP = _aeif_model(alpha=False)
AEIF_COND_ALPHA = _aeif_model(alpha=True)


#: HH_cond_exp integrates in sub-steps no longer than this [ms] (the spike's upstroke is
#: ~0.1 ms; NEST integrates adaptively).  0.001 ms gives the same spike times against NEST
#: at dt 0.01 and 0.1, and Poisson-driven rates within one standard error, 4.5x slower.
HH_SUBSTEP_MS = 0.005
#: NEST's hh_cond_exp_traub refractory time (PyNN's HH_cond_exp has no tau_refrac) [ms]
HH_T_REF_MS = 2.0


def _hh_params(p: Params, h: float) -> np.ndarray:
    _check_positive(p, ("cm", "tau_syn_E", "tau_syn_I"), "HH_cond_exp")
    f = {k: np.asarray(p[k], dtype=float) for k in p}
    n_sub = max(1, int(np.ceil(h / HH_SUBSTEP_MS - 1e-9)))
    hs = h / n_sub
    out = layout.HH_COND_EXP_PARAMS.zeros(len(np.atleast_1d(f["cm"])))
    for name, key in (("g_na", "gbar_Na"), ("g_k", "gbar_K"), ("g_leak", "g_leak")):
        if ((f[key] < 0) | (f[key] >= 127)).any():
            raise ValueError(f"HH_cond_exp: {key} must lie in [0, 127) uS")
        out[name] = fp.to_fixed(f[key], STEP_BITS, f"HH_cond_exp {key} [uS]")
    for name, key in (("e_na", "e_rev_Na"), ("e_k", "e_rev_K"), ("e_leak", "e_rev_leak"), ("v_offset", "v_offset"),
                      ("e_rev_exc", "e_rev_E"), ("e_rev_inh", "e_rev_I")):  # fmt: skip
        out[name] = fp.to_s1615(f[key], f"HH_cond_exp {key}")
    out["i_offset"] = fp.to_fixed(f["i_offset"], AEIF_V_BITS, "HH_cond_exp i_offset [nA]")
    out["h_over_c"] = fp.to_fixed(hs / f["cm"], STEP_BITS, "HH_cond_exp h/cm")
    out["h_sub"] = fp.to_fixed(hs, STEP_BITS, "HH_cond_exp sub-step")
    out["exc_decay"] = fp.to_u032(np.exp(-hs / f["tau_syn_E"]), "exp(-h/tau_syn_E)")
    out["inh_decay"] = fp.to_u032(np.exp(-hs / f["tau_syn_I"]), "exp(-h/tau_syn_I)")
    out["n_substeps"] = n_sub
    out["t_refract"] = int(round(HH_T_REF_MS / h))
    return out


def _hh_state(p: Params, init: Params, h: float) -> np.ndarray:
    out = layout.HH_COND_EXP_STATE.zeros(len(np.atleast_1d(init["v"])))
    out["v"] = fp.to_fixed(init["v"], AEIF_V_BITS, "HH_cond_exp initial v [mV]")
    for gate, default in (("m", 0.0), ("h", 1.0), ("n", 0.0)):
        x = np.asarray(init.get(gate, default), dtype=float)
        if ((x < 0) | (x > 1)).any():
            raise ValueError(f"HH_cond_exp: initial {gate} must lie in [0, 1]")
        out[gate] = fp.to_fixed(x, HH_GATE_BITS, f"HH_cond_exp initial {gate}")
    for name, key in (("g_exc", "gsyn_exc"), ("g_inh", "gsyn_inh")):
        out[name] = fp.to_fixed(np.asarray(init.get(key, 0.0), dtype=float) * 1000.0, HH_G_BITS, f"initial {key} [nS]")
    return out


HH_COND_EXP = NeuronModel(
    name="hh_cond_exp",
    model_id=layout.const("NEURON_MODEL_HH_COND_EXP"),
    params={
        "gbar_Na": "uS",
        "gbar_K": "uS",
        "g_leak": "uS",
        "cm": "nF",
        "v_offset": "mV",
        "e_rev_Na": "mV",
        "e_rev_K": "mV",
        "e_rev_leak": "mV",
        "e_rev_E": "mV",
        "e_rev_I": "mV",
        "tau_syn_E": "ms",
        "tau_syn_I": "ms",
        "i_offset": "nA",
    },  # fmt: skip
    state={"v": "mV", "gsyn_exc": "uS", "gsyn_inh": "uS", "h": "", "m": "", "n": ""},
    recordables={"v": "mV", "gsyn_exc": "uS", "gsyn_inh": "uS"},
    params_struct=layout.HH_COND_EXP_PARAMS,
    state_struct=layout.HH_COND_EXP_STATE,
    make_params=_hh_params,
    make_state=_hh_state,
    read_state=lambda state: {
        "v": state["v"] / 2.0**AEIF_V_BITS,
        "gsyn_exc": state["g_exc"] / 2.0**HH_G_BITS / 1000.0,
        "gsyn_inh": state["g_inh"] / 2.0**HH_G_BITS / 1000.0,
    },
    weight_units="uS",
    weight_scale=1000.0,
    record_scale={"gsyn_exc": 1e-3, "gsyn_inh": 1e-3},
)


def _izhikevich_params(p: Params, h: float) -> np.ndarray:
    if (np.abs(np.asarray(p["i_offset"])) >= 65.0).any():
        raise ValueError("Izhikevich: |i_offset| must stay below 65 nA (1000 x i_offset enters the equation)")
    return _izhikevich_common(p, h)


def _izhikevich_common(p: Params, h: float) -> np.ndarray:
    """The parameters Izhikevich and Izhikevich_cond share (sub-steps, a, b, c, d, i_offset)."""
    n_sub = max(1, int(np.ceil(h / IZHIKEVICH_SUBSTEP_MS - 1e-9)))
    h_sub = h / n_sub
    a, b = (np.atleast_1d(np.asarray(p[k], dtype=float)) for k in ("a", "b"))
    out = layout.IZHIKEVICH_PARAMS.zeros(a.size)
    coefs, shift = fp.to_shifted(np.stack([np.full(a.size, h_sub), h_sub * a, b], axis=1), "Izhikevich a, b, h")
    out["h_sub"], out["h_a"], out["b"] = coefs[:, 0], coefs[:, 1], coefs[:, 2]
    out["coef_shift"] = shift
    for name, unit in (("c", "mV"), ("d", "mV/ms"), ("i_offset", "nA")):
        out[name] = fp.to_s1615(p[name], f"Izhikevich {name} [{unit}]")
    out["n_substeps"] = n_sub
    return out


def _izhikevich_state(p: Params, init: Params, h: float) -> np.ndarray:
    out = layout.IZHIKEVICH_STATE.zeros(len(np.atleast_1d(init["v"])))
    out["v"] = fp.to_s1615(init["v"], "Izhikevich initial v [mV]")
    out["u"] = fp.to_s1615(init.get("u", -14.0), "Izhikevich initial u [mV/ms]")
    return out


def _izhikevich_read(state: np.ndarray) -> Params:
    return {"v": fp.from_s1615(state["v"]), "u": fp.from_s1615(state["u"])}


#: Izhikevich sub-steps are no longer than this [ms]: at h = 0.1 ms the update is
#: exactly NEST's; at h = 1 ms, ten Euler sub-steps instead of one (as sPyNNaker
#: sub-steps this stiff model).
IZHIKEVICH_SUBSTEP_MS = 0.1

IZHIKEVICH = NeuronModel(
    name="izhikevich",
    model_id=layout.const("NEURON_MODEL_IZHIKEVICH"),
    params={"a": "1/ms", "b": "1/ms", "c": "mV", "d": "mV/ms", "i_offset": "nA"},
    state={"v": "mV", "u": "mV/ms"},
    recordables={"v": "mV", "u": "mV/ms"},
    params_struct=layout.IZHIKEVICH_PARAMS,
    state_struct=layout.IZHIKEVICH_STATE,
    make_params=_izhikevich_params,
    make_state=_izhikevich_state,
    read_state=_izhikevich_read,
    weight_units="mV",
    delay_offset_ticks=1,
    channels={"v": layout.const("REGION_REC_V"), "u": layout.const("REGION_REC_GSYN_EXC")},
)


def _lif_curr_exp_ca2_params(p: Params, h: float) -> np.ndarray:
    out = _lif_common(layout.LIF_CURR_EXP_CA2_PARAMS, p, h, "IFCurrExpCa2Adaptive")
    _check_positive(p, ("tau_ca2",), "IFCurrExpCa2Adaptive")
    for name, tau in (("p21_exc", p["tau_syn_E"]), ("p21_inh", p["tau_syn_I"]), ("p21_ca2", p["tau_ca2"])):
        out[name] = fp.to_s1615(_exp_psc_propagator(p["tau_m"], tau, p["cm"], h), f"IFCurrExpCa2Adaptive {name}")
    out["ca2_decay"] = fp.to_u032(np.exp(-h / np.asarray(p["tau_ca2"])), "exp(-h/tau_ca2)")
    out["i_alpha"] = fp.to_s1615(p["i_alpha"], "IFCurrExpCa2Adaptive i_alpha [nA]")
    return out


def _lif_curr_exp_ca2_state(p: Params, init: Params, h: float) -> np.ndarray:
    out = layout.LIF_CURR_EXP_CA2_STATE.zeros(len(np.atleast_1d(init["v"])))
    out["v"] = fp.to_s1615(init["v"], "IFCurrExpCa2Adaptive initial v [mV]")
    for name in ("isyn_exc", "isyn_inh", "i_ca2"):
        out[name] = fp.to_s1615(init.get(name, 0.0), f"initial {name} [nA]")
    return out


LIF_CURR_EXP_CA2 = NeuronModel(
    name="lif_curr_exp_ca2",
    model_id=layout.const("NEURON_MODEL_LIF_CURR_EXP_CA2"),
    params={**LIF_PARAMS, "tau_ca2": "ms", "i_alpha": "nA"},
    state={"v": "mV", "isyn_exc": "nA", "isyn_inh": "nA", "i_ca2": "nA"},
    recordables={"v": "mV", "gsyn_exc": "nA", "gsyn_inh": "nA"},
    params_struct=layout.LIF_CURR_EXP_CA2_PARAMS,
    state_struct=layout.LIF_CURR_EXP_CA2_STATE,
    make_params=_lif_curr_exp_ca2_params,
    make_state=_lif_curr_exp_ca2_state,
    read_state=_lif_curr_exp_read,
)


def _lif_curr_dual_exp_params(p: Params, h: float) -> np.ndarray:
    out = _lif_common(layout.LIF_CURR_DUAL_EXP_PARAMS, p, h, "IF_curr_dual_exp")
    _check_positive(p, ("tau_syn_E2",), "IF_curr_dual_exp")
    for name, tau in (("p21_exc", p["tau_syn_E"]), ("p21_inh", p["tau_syn_I"]), ("p21_exc2", p["tau_syn_E2"])):
        out[name] = fp.to_s1615(_exp_psc_propagator(p["tau_m"], tau, p["cm"], h), f"IF_curr_dual_exp {name}")
    out["exc2_decay"] = fp.to_u032(np.exp(-h / np.asarray(p["tau_syn_E2"])), "exp(-h/tau_syn_E2)")
    return out


def _lif_curr_dual_exp_state(p: Params, init: Params, h: float) -> np.ndarray:
    out = layout.LIF_CURR_DUAL_EXP_STATE.zeros(len(np.atleast_1d(init["v"])))
    out["v"] = fp.to_s1615(init["v"], "IF_curr_dual_exp initial v [mV]")
    for name in ("isyn_exc", "isyn_inh", "isyn_exc2"):
        out[name] = fp.to_s1615(init.get(name, 0.0), f"initial {name} [nA]")
    return out


LIF_CURR_DUAL_EXP = NeuronModel(
    name="lif_curr_dual_exp",
    model_id=layout.const("NEURON_MODEL_LIF_CURR_DUAL_EXP"),
    params={**LIF_PARAMS, "tau_syn_E2": "ms"},
    state={"v": "mV", "isyn_exc": "nA", "isyn_inh": "nA", "isyn_exc2": "nA"},
    recordables={"v": "mV", "gsyn_exc": "nA", "gsyn_inh": "nA"},
    params_struct=layout.LIF_CURR_DUAL_EXP_PARAMS,
    state_struct=layout.LIF_CURR_DUAL_EXP_STATE,
    make_params=_lif_curr_dual_exp_params,
    make_state=_lif_curr_dual_exp_state,
    read_state=lambda state: {
        "v": fp.from_s1615(state["v"]),
        "gsyn_exc": fp.from_s1615(state["isyn_exc"]) + fp.from_s1615(state["isyn_exc2"]),
        "gsyn_inh": fp.from_s1615(state["isyn_inh"]),
    },
    receptors=("excitatory", "inhibitory", "excitatory2"),
)


def _lif_curr_semd_params(p: Params, h: float) -> np.ndarray:
    out = _widened(_lif_curr_dual_exp_params(p, h), layout.LIF_CURR_SEMD_PARAMS)
    out["scaling_factor"] = fp.to_s1615(p["scaling_factor"], "IF_curr_exp_sEMD scaling_factor")
    return out


def _lif_curr_semd_state(p: Params, init: Params, h: float) -> np.ndarray:
    out = _widened(_lif_curr_dual_exp_state(p, init, h), layout.LIF_CURR_SEMD_STATE)
    for name in ("multiplicator", "exc2_old"):
        out[name] = fp.to_s1615(init.get(name, 0.0), f"initial {name} [nA]")
    return out


LIF_CURR_SEMD = NeuronModel(
    name="lif_curr_semd",
    model_id=layout.const("NEURON_MODEL_LIF_CURR_SEMD"),
    params={**LIF_CURR_DUAL_EXP.params, "scaling_factor": ""},
    state={**LIF_CURR_DUAL_EXP.state, "multiplicator": "nA", "exc2_old": "nA"},
    recordables=LIF_CURR_DUAL_EXP.recordables,
    params_struct=layout.LIF_CURR_SEMD_PARAMS,
    state_struct=layout.LIF_CURR_SEMD_STATE,
    make_params=_lif_curr_semd_params,
    make_state=_lif_curr_semd_state,
    read_state=lambda state: {
        "v": fp.from_s1615(state["v"]),
        "gsyn_exc": fp.from_s1615(state["isyn_exc2"]) * fp.from_s1615(state["multiplicator"]),
        "gsyn_inh": fp.from_s1615(state["isyn_inh"]),
    },
    receptors=LIF_CURR_DUAL_EXP.receptors,
)


def _lif_cond_exp_stoc_params(p: Params, h: float) -> np.ndarray:
    out = _widened(_lif_cond_exp_params(p, h), layout.LIF_COND_EXP_STOC_PARAMS)
    _check_positive(p, ("du_th", "tau_th"), "IFCondExpStoc")
    out["du_th_inv"] = fp.to_s1615(1.0 / np.asarray(p["du_th"]), "IFCondExpStoc 1/du_th [1/mV]")
    out["h_over_tau_th"] = fp.to_s1615(h / np.asarray(p["tau_th"]), "IFCondExpStoc h/tau_th")
    return out


def _lif_cond_exp_stoc_state(p: Params, init: Params, h: float) -> np.ndarray:
    return _widened(_lif_cond_exp_state(p, init, h), layout.LIF_COND_EXP_STOC_STATE)


LIF_COND_EXP_STOC = NeuronModel(
    name="lif_cond_exp_stoc",
    model_id=layout.const("NEURON_MODEL_LIF_COND_EXP_STOC"),
    params={**LIF_COND_EXP.params, "du_th": "mV", "tau_th": "ms"},
    state=LIF_COND_EXP.state,
    recordables=LIF_COND_EXP.recordables,
    params_struct=layout.LIF_COND_EXP_STOC_PARAMS,
    state_struct=layout.LIF_COND_EXP_STOC_STATE,
    make_params=_lif_cond_exp_stoc_params,
    make_state=_lif_cond_exp_stoc_state,
    read_state=_lif_cond_exp_read,
    weight_units="uS",
    weight_scale=1000.0,
    record_scale={"gsyn_exc": 1e-3, "gsyn_inh": 1e-3},
)


#: The params field of each synapse time constant's decay (tau_syn_<key>)
_SYNAPSE_DECAY_FIELDS = {"E": "exc_decay", "I": "inh_decay", "E2": "exc2_decay"}


def _izhikevich_with_synapses(struct, p: Params, h: float, label: str, taus=("E", "I")) -> np.ndarray:
    """Izhikevich's parameters plus the decay per sub-step of each synapse type (tau_syn_<t>
    into _SYNAPSE_DECAY_FIELDS[t]), into struct."""
    out = _widened(_izhikevich_common(p, h), struct)
    _check_positive(p, tuple(f"tau_syn_{t}" for t in taus), label)
    h_sub = h / out["n_substeps"]
    for t in taus:
        decay = np.exp(-h_sub / np.asarray(p[f"tau_syn_{t}"]))
        out[_SYNAPSE_DECAY_FIELDS[t]] = fp.to_u032(decay, f"exp(-h/tau_syn_{t})")
    return out


def _izhikevich_cond_params(p: Params, h: float, struct=layout.IZHIKEVICH_COND_PARAMS, taus=("E", "I")) -> np.ndarray:
    label = struct.name.removesuffix("_params_t").capitalize()
    out = _izhikevich_with_synapses(struct, p, h, label, taus)
    out["e_rev_exc"] = fp.to_s1615(p["e_rev_E"], f"{label} e_rev_E [mV]")
    out["e_rev_inh"] = fp.to_s1615(p["e_rev_I"], f"{label} e_rev_I [mV]")
    return out


def _izhikevich_cond_state(p: Params, init: Params, h: float, struct=layout.IZHIKEVICH_COND_STATE) -> np.ndarray:
    """v, u and the conductances (gsyn_<x> [uS] into g_<x> [nS]) that struct holds."""
    out = struct.zeros(len(np.atleast_1d(init["v"])))
    out["v"] = fp.to_s1615(init["v"], "Izhikevich_cond initial v [mV]")
    out["u"] = fp.to_s1615(init.get("u", -14.0), "Izhikevich_cond initial u [mV/ms]")
    for g in ("exc", "inh", "exc2"):
        if f"g_{g}" in out.dtype.names:
            out[f"g_{g}"] = fp.to_s1615(np.asarray(init.get(f"gsyn_{g}", 0.0)) * 1000.0, f"initial gsyn_{g} [nS]")
    return out


IZHIKEVICH_COND = NeuronModel(
    name="izhikevich_cond",
    model_id=layout.const("NEURON_MODEL_IZHIKEVICH_COND"),
    params={**IZHIKEVICH.params, "tau_syn_E": "ms", "tau_syn_I": "ms", "e_rev_E": "mV", "e_rev_I": "mV"},
    state={"v": "mV", "u": "mV/ms", "gsyn_exc": "uS", "gsyn_inh": "uS"},
    recordables={"v": "mV", "u": "mV/ms", "gsyn_exc": "uS", "gsyn_inh": "uS"},
    params_struct=layout.IZHIKEVICH_COND_PARAMS,
    state_struct=layout.IZHIKEVICH_COND_STATE,
    make_params=_izhikevich_cond_params,
    make_state=_izhikevich_cond_state,
    read_state=lambda state: {
        "v": fp.from_s1615(state["v"]),
        "u": fp.from_s1615(state["u"]),
        "gsyn_exc": fp.from_s1615(state["g_exc"]) / 1000.0,
        "gsyn_inh": fp.from_s1615(state["g_inh"]) / 1000.0,
    },
    weight_units="uS",
    weight_scale=1000.0,
    record_scale={"gsyn_exc": 1e-3, "gsyn_inh": 1e-3},
    # u shares the gsyn_exc region in plain Izhikevich; here each recordable has its own
    channels={
        "v": layout.const("REGION_REC_V"),
        "gsyn_exc": layout.const("REGION_REC_GSYN_EXC"),
        "gsyn_inh": layout.const("REGION_REC_GSYN_INH"),
    },
)

IZHIKEVICH_COND_DUAL = replace(
    IZHIKEVICH_COND,
    name="izhikevich_cond_dual",
    model_id=layout.const("NEURON_MODEL_IZHIKEVICH_COND_DUAL"),
    params={**IZHIKEVICH_COND.params, "tau_syn_E2": "ms"},
    state={**IZHIKEVICH_COND.state, "gsyn_exc2": "uS"},
    params_struct=layout.IZHIKEVICH_COND_DUAL_PARAMS,
    state_struct=layout.IZHIKEVICH_COND_DUAL_STATE,
    make_params=partial(_izhikevich_cond_params, struct=layout.IZHIKEVICH_COND_DUAL_PARAMS, taus=("E", "I", "E2")),
    make_state=partial(_izhikevich_cond_state, struct=layout.IZHIKEVICH_COND_DUAL_STATE),
    read_state=lambda state: {
        "v": fp.from_s1615(state["v"]),
        "u": fp.from_s1615(state["u"]),
        "gsyn_exc": fp.from_s1615(state["g_exc"]) / 1000.0,
        "gsyn_inh": fp.from_s1615(state["g_inh"]) / 1000.0,
        "gsyn_exc2": fp.from_s1615(state["g_exc2"]) / 1000.0,
    },
    receptors=("excitatory", "inhibitory", "excitatory2"),
)


def _izhikevich_curr_exp_state(p: Params, init: Params, h: float) -> np.ndarray:
    out = layout.IZHIKEVICH_CURR_EXP_STATE.zeros(len(np.atleast_1d(init["v"])))
    out["v"] = fp.to_s1615(init["v"], "Izhikevich initial v [mV]")
    out["u"] = fp.to_s1615(init.get("u", -14.0), "Izhikevich initial u [mV/ms]")
    for name in ("isyn_exc", "isyn_inh"):
        out[name] = fp.to_s1615(init.get(name, 0.0), f"Izhikevich initial {name} [nA]")
    return out


#: sPyNNaker's Izhikevich (IZK_curr_exp): exponential current synapses, I [nA] unscaled.
IZHIKEVICH_CURR_EXP = NeuronModel(
    name="izhikevich_curr_exp",
    model_id=layout.const("NEURON_MODEL_IZHIKEVICH_CURR_EXP"),
    params={**IZHIKEVICH.params, "tau_syn_E": "ms", "tau_syn_I": "ms"},
    state={"v": "mV", "u": "mV/ms", "isyn_exc": "nA", "isyn_inh": "nA"},
    recordables={"v": "mV", "gsyn_exc": "nA", "gsyn_inh": "nA"},
    params_struct=layout.IZHIKEVICH_CURR_EXP_PARAMS,
    state_struct=layout.IZHIKEVICH_CURR_EXP_STATE,
    make_params=lambda p, h: _izhikevich_with_synapses(layout.IZHIKEVICH_CURR_EXP_PARAMS, p, h, "Izhikevich"),
    make_state=_izhikevich_curr_exp_state,
    read_state=lambda state: {
        "v": fp.from_s1615(state["v"]),
        "u": fp.from_s1615(state["u"]),
        "gsyn_exc": fp.from_s1615(state["isyn_exc"]),
        "gsyn_inh": fp.from_s1615(state["isyn_inh"]),
    },
)

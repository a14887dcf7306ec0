"""The LIF membrane against its closed form under a constant current, at fine timesteps:
V(t) = v_rest + R I (1 - exp(-t / tau_m)) and the first spike at the first step after
-tau_m ln(1 - (v_thresh - v_rest) / (R I)).  At h = 0.01 ms the leak and the drive are a few
s16.15 steps per timestep; V carries 15 more bits (v_frac) and p20 16 more (p20_fine), so
rounding does not settle V at another equilibrium (it was 4.7 % of a 1 mV excursion short)."""

import numpy as np
import pytest

MODELS = ["IF_curr_exp", "IF_cond_exp", "IF_curr_delta", "IF_curr_alpha", "IF_cond_alpha"]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("dt, i_offset", [(0.01, 0.05), (0.01, 0.6), (0.1, 0.05), (1.0, 0.05)])
def test_v_under_a_constant_current_follows_the_closed_form(sim, model, dt, i_offset):
    sim.setup(timestep=dt)
    cell = getattr(sim, model)(i_offset=i_offset, tau_m=20.0, cm=1.0, v_rest=-65.0, v_thresh=100.0)
    pop = sim.Population(1, cell)
    pop.record("v")
    sim.run(100.0)
    v = np.asarray(pop.get_data().segments[0].filter(name="v")[0])[:, 0]
    t = np.arange(v.size) * dt
    exact = -65.0 + i_offset * 20.0 * (1.0 - np.exp(-t / 20.0))
    excursion = i_offset * 20.0 * (1.0 - np.exp(-100.0 / 20.0))
    # i_offset itself is s16.15 (0.05 nA: 2e-4 relative); V to one s16.15 step besides
    assert np.max(np.abs(v - exact)) <= 5e-4 * excursion + 2 * 2.0**-15


@pytest.mark.parametrize("tau_m", [20.0, 30.0, 50.0])
@pytest.mark.parametrize("model", ["IF_curr_exp", "IF_cond_exp"])
def test_first_spike_is_the_first_step_after_the_exact_crossing_at_fine_dt(sim, model, tau_m):
    dt = 0.01
    sim.setup(timestep=dt)
    cell = getattr(sim, model)(i_offset=1.0, tau_m=tau_m, cm=1.0, v_rest=-65.0, v_thresh=-50.0, v_reset=-65.0)
    pop = sim.Population(1, cell)
    pop.record("spikes")
    sim.run(60.0)
    first = float(pop.get_data().segments[0].spiketrains[0][0])
    crossing = -tau_m * np.log(1.0 - 15.0 / tau_m)
    assert first == pytest.approx(np.ceil(crossing / dt - 1e-9) * dt, abs=dt / 2)


#: Current-synapse models and the receptor whose PSP is checked (the dual-exp model's second
#: synapse type has its own current and decay; i_alpha = 0 leaves the Ca2 model a plain LIF)
PSP_MODELS = {
    "IF_curr_exp": (lambda sim, **p: sim.IF_curr_exp(**p), "excitatory"),
    "IF_curr_dual_exp exc2": (
        lambda sim, tau_syn_E, **p: sim.extra_models.IF_curr_dual_exp(tau_syn_E=1.0, tau_syn_E2=tau_syn_E, **p),
        "excitatory2",
    ),
    "IFCurrExpCa2Adaptive": (
        lambda sim, **p: sim.extra_models.IFCurrExpCa2Adaptive(i_alpha=0.0, tau_ca2=50.0, **p),
        "excitatory",
    ),
}


@pytest.mark.parametrize("model", PSP_MODELS)
@pytest.mark.parametrize(
    "dt, weight, bound",
    [(0.01, 0.05, 0.0025), (0.01, 1.0, 0.0017), (0.1, 0.05, 0.001), (0.1, 1.0, 0.0002), (1.0, 0.05, 0.0007)],
)
def test_psp_of_a_current_synapse_follows_the_closed_form(sim, model, dt, weight, bound):
    """The PSP, w tau_m tau_s / (c_m (tau_m - tau_s)) (exp(-t/tau_m) - exp(-t/tau_s)): the
    synaptic current carries its decay beyond s16.15 too (a 0.05 nA current at h = 0.1 decays
    32 s16.15 steps a timestep; rounded, the PSP's tail was 1.2 % of its peak off), and its
    contribution to V, p21 I, reaches the membrane unrounded (0.08 % left at h = 0.01: p21
    itself is s16.15)."""
    make, receptor = PSP_MODELS[model]
    tau_m, tau_s = 20.0, 5.0
    sim.setup(timestep=dt)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]))
    cell = make(sim, tau_m=tau_m, tau_syn_E=tau_s, cm=1.0, v_rest=-65.0, v_thresh=100.0)
    pop = sim.Population(1, cell)
    syn = sim.StaticSynapse(weight=weight, delay=1.0)
    sim.Projection(src, pop, sim.AllToAllConnector(), syn, receptor_type=receptor)
    pop.record("v")
    sim.run(80.0)
    v = np.asarray(pop.get_data().segments[0].filter(name="v")[0])[:, 0] + 65.0
    t = np.arange(v.size) * dt - 11.0
    exact = np.where(t > 0, weight * tau_m * tau_s / (tau_m - tau_s) * (np.exp(-t / tau_m) - np.exp(-t / tau_s)), 0.0)
    assert np.max(np.abs(v - exact)) <= bound * exact.max()


@pytest.mark.parametrize(
    "dt, weight, bound", [(0.01, 0.05, 0.003), (0.01, 1.0, 0.002), (0.1, 0.05, 0.002), (1.0, 0.05, 0.002)]
)
def test_psp_of_an_alpha_current_synapse_follows_the_closed_form(sim, dt, weight, bound):
    """IF_curr_alpha's PSP, (w e / (c_m tau_s)) exp(-t/tau_m) (1 - exp(-a t)(1 + a t)) / a^2
    with a = 1/tau_s - 1/tau_m: the synapses' share of V reaches the membrane unrounded (rounded
    to s16.15 each step, it lost 1.9 % of a 0.05 nA PSP at h = 0.01)."""
    tau_m, tau_s = 20.0, 5.0
    sim.setup(timestep=dt)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]))
    pop = sim.Population(1, sim.IF_curr_alpha(tau_m=tau_m, tau_syn_E=tau_s, cm=1.0, v_rest=-65.0, v_thresh=100.0))
    sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=weight, delay=1.0))
    pop.record("v")
    sim.run(80.0)
    v = np.asarray(pop.get_data().segments[0].filter(name="v")[0])[:, 0] + 65.0
    t = np.maximum(np.arange(v.size) * dt - 11.0, 0.0)
    a = 1.0 / tau_s - 1.0 / tau_m
    exact = weight * np.e / tau_s * np.exp(-t / tau_m) * (1.0 - np.exp(-a * t) * (1.0 + a * t)) / a**2
    assert np.max(np.abs(v - exact)) <= bound * exact.max()

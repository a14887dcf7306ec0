"""IF_curr_alpha against the analytic alpha-PSP (exact integration, so only
fixed-point error remains: within 0.01 mV)."""

import numpy as np
import pytest

from .lif_params import LIF

P = dict(
    LIF,
    tau_syn_E=2.0,
    tau_syn_I=5.0,
)


def alpha_psp(s, w, tau_s):
    """V - v_rest for I(s) = w (s/tau_s) exp(1 - s/tau_s), by quadrature of the exact convolution."""
    tm, c = P["tau_m"], P["cm"]
    out = np.zeros_like(s)
    for k, sk in enumerate(s):
        if sk <= 0:
            continue
        u = np.linspace(0, sk, 4001)
        i = w * (u / tau_s) * np.exp(1 - u / tau_s)
        out[k] = np.trapezoid(i * np.exp(-(sk - u) / tm), u) / c
    return out


@pytest.mark.parametrize("dt", [1.0, 0.1])
@pytest.mark.parametrize("receptor,tau_s,sign", [("excitatory", 2.0, 1), ("inhibitory", 5.0, -1)])
def test_alpha_psp(sim, dt, receptor, tau_s, sign):
    sim.setup(timestep=dt)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0]))
    pop = sim.Population(1, sim.IF_curr_alpha(**P))
    sim.Projection(
        src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=sign * 0.5, delay=1.0), receptor_type=receptor
    )
    pop.record(["v", "gsyn_exc", "gsyn_inh"])
    sim.run(60.0)
    seg = pop.get_data().segments[0]
    v = seg.filter(name="v")[0].magnitude[:, 0]
    t = np.arange(v.size) * dt
    exact = P["v_rest"] + sign * alpha_psp(t - 6.0, 0.5, tau_s)
    assert np.max(np.abs(v - exact)) < 0.01
    i = seg.filter(name="gsyn_exc" if receptor == "excitatory" else "gsyn_inh")[0].magnitude[:, 0]
    assert i.max() == pytest.approx(0.5, abs=2e-3)  # the current peaks at w, tau_s after arrival
    assert t[np.argmax(i)] == pytest.approx(6.0 + tau_s, abs=dt)

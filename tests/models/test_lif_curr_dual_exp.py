"""IF_curr_dual_exp: three receptors, each an exponential current with its own time
constant; each PSP is the analytic kernel (exact integration)."""

import numpy as np
import pytest

from .lif_params import LIF

P = dict(
    LIF,
    tau_syn_E=2.0,
    tau_syn_E2=10.0,
    tau_syn_I=5.0,
)


def kernel(s, w, tau_s):
    tm = P["tau_m"]
    s = np.clip(s, 0, None)
    return w * tm * tau_s / (P["cm"] * (tm - tau_s)) * (np.exp(-s / tm) - np.exp(-s / tau_s))


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_three_receptors_three_time_constants(sim, dt):
    sim.setup(timestep=dt)
    src = sim.Population(3, sim.SpikeSourceArray(spike_times=[[5.0], [30.0], [60.0]]))
    pop = sim.Population(1, sim.extra_models.IF_curr_dual_exp(**P))
    for i, (receptor, w) in enumerate((("excitatory", 0.5), ("excitatory2", 0.5), ("inhibitory", 0.5))):
        sim.Projection(
            src[i : i + 1], pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=w, delay=1.0), receptor_type=receptor
        )
    pop.record("v")
    sim.run(120.0)
    v = pop.get_data().segments[0].filter(name="v")[0].magnitude[:, 0]
    t = np.arange(v.size) * dt
    exact = P["v_rest"] + kernel(t - 6, 0.5, 2.0) + kernel(t - 31, 0.5, 10.0) - kernel(t - 61, 0.5, 5.0)
    assert np.max(np.abs(v - exact)) < 0.01

"""IFCurrExpCa2Adaptive: spike-frequency adaptation from a Ca2+-activated current,
checked against a float64 run of the same exact propagators (p21_ca2 as the cores hold it,
s16.15: its rounding alone moves the 29th spike by 0.1 ms at dt 0.1)."""

import numpy as np
import pytest

from .lif_params import LIF

P = dict(
    LIF,
    tau_syn_E=5.0,
    tau_syn_I=5.0,
    i_offset=1.5,
    tau_ca2=100.0,
    i_alpha=0.2,
)


def reference(dt, t_stop):
    p22 = np.exp(-dt / P["tau_m"])
    p20 = P["tau_m"] / P["cm"] * (1 - p22)
    tc = P["tau_ca2"]
    p21 = P["tau_m"] * tc / (P["cm"] * (tc - P["tau_m"])) * (np.exp(-dt / tc) - np.exp(-dt / P["tau_m"]))
    p21 = np.rint(p21 * 2**15) / 2**15
    v, ca, refr, spikes = P["v_rest"], 0.0, 0, []
    for k in range(int(round(t_stop / dt))):
        spiked = False
        if refr > 0:
            refr -= 1
        else:
            v = P["v_rest"] + p22 * (v - P["v_rest"]) + p20 * P["i_offset"] - p21 * ca
            if v >= P["v_thresh"]:
                v, refr, spiked = P["v_reset"], int(round(P["tau_refrac"] / dt)), True
                spikes.append((k + 1) * dt)
        ca *= np.exp(-dt / tc)
        if spiked:
            ca += P["i_alpha"]
    return np.array(spikes)


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_adaptation_matches_the_exact_scheme(sim, dt):
    sim.setup(timestep=dt)
    pop = sim.Population(1, sim.extra_models.IFCurrExpCa2Adaptive(**P))
    pop.record("spikes")
    sim.run(1000.0)
    got = pop.get_data().segments[0].spiketrains[0].magnitude
    want = reference(dt, 1000.0)
    assert abs(len(got) - len(want)) <= 1
    n = min(len(got), len(want))
    assert np.max(np.abs(got[:n] - want[:n])) <= 2 * dt + 1e-9
    isi = np.diff(got)
    assert isi[-1] > 1.5 * isi[0]  # adapted

"""Izhikevich on the emulator against a float64 run of the same scheme (NEST's
forward Euler, 0.1 ms steps): the classic firing patterns, their onsets within a
step and their tonic periods within 1 %."""

import numpy as np
import pytest

PATTERNS = {  # a, b, c, d (Izhikevich 2003)
    "regular spiking": (0.02, 0.2, -65.0, 8.0),
    "intrinsically bursting": (0.02, 0.2, -55.0, 4.0),
    "chattering": (0.02, 0.2, -50.0, 2.0),
    "fast spiking": (0.1, 0.2, -65.0, 2.0),
}
I_NA = 0.01  # 10 pA: Izhikevich's I = 10


def reference_spikes(a, b, c, d, t_on=50.0, t_off=450.0, t_stop=500.0, h=0.1):
    v, u, out = -70.0, -14.0, []
    for k in range(int(round(t_stop / h))):
        i = 1000 * I_NA if t_on <= k * h < t_off else 0.0
        v, u = v + h * (0.04 * v * v + 5 * v + 140 - u + i), u + h * a * (b * v - u)
        if v >= 30.0:
            v, u = c, u + d
            out.append((k + 1) * h)
    return np.array(out)


def run_patterns(sim, dt):
    sim.setup(timestep=dt)
    a, b, c, d = (np.array(x) for x in zip(*PATTERNS.values()))
    pop = sim.Population(4, sim.Izhikevich(a=a, b=b, c=c, d=d, i_offset=0.0))
    sim.DCSource(amplitude=I_NA, start=50.0, stop=450.0).inject_into(pop)
    pop.record(["spikes", "v", "u"])
    sim.run(500.0)
    return pop.get_data().segments[0]


@pytest.mark.parametrize("dt", [0.1, 1.0])
def test_classic_firing_patterns(sim, dt):
    seg = run_patterns(sim, dt)
    for k, (name, params) in enumerate(PATTERNS.items()):
        got, want = seg.spiketrains[k].magnitude, reference_spikes(*params)
        assert abs(len(got) - len(want)) <= 1, name
        # the onset to within a step; after that the tonic period (when an ISI lies close to
        # a multiple of 0.1 ms, NEST, float64 and fixed point round it to either side)
        assert np.max(np.abs(got[:3] - want[:3])) <= dt + 0.1 + 1e-9, name
        assert np.mean(np.diff(got[3:])) == pytest.approx(np.mean(np.diff(want[3:])), rel=0.01), name
    isi = {name: np.diff(seg.spiketrains[k].magnitude) for k, name in enumerate(PATTERNS)}
    assert isi["fast spiking"].mean() < isi["regular spiking"].mean() / 2
    assert isi["chattering"].min() < 10 < isi["chattering"].max()  # bursts separated by pauses
    assert isi["regular spiking"][-1] > isi["regular spiking"][0]  # adaptation
    assert seg.filter(name="u")[0].units.dimensionality.string == "mV/ms"


@pytest.mark.parametrize("dt", [0.1, 1.0])
def test_input_moves_v_by_its_weight_at_arrival(sim, dt):
    sim.setup(timestep=dt)
    pop = sim.Population(1, sim.Izhikevich())
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[20.0]))
    sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=3.0, delay=1.0))
    pop.record("v")
    sim.run(30.0)
    v = pop.get_data().segments[0].filter(name="v")[0].magnitude[:, 0]
    before, at = v[int(round(21.0 / dt)) - 1], v[int(round(21.0 / dt))]
    assert at - before == pytest.approx(3.0, abs=0.2)  # the jump, plus one step of slow drift

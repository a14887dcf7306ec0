"""sPyNNaker's delta-synapse extra models: IFCurrDeltaFixedProb (a Bernoulli threshold,
checked statistically, 4 standard errors) and IFTruncDelta (a non-leaky integrator with a
floor, checked against its closed form with values exact in s16.15)."""

import numpy as np
import pytest


def spike_trains(pop):
    return [s.magnitude.tolist() for s in pop.get_data().segments[0].spiketrains]


@pytest.mark.parametrize("p", [0.0, 0.3, 1.0])
def test_fixed_prob_fires_with_its_probability_above_threshold(sim, p):
    """i_offset keeps v above threshold every step (sPyNNaker's defaults: v follows its
    input at once, no refractoriness): each step is a spike with probability p_thresh."""
    sim.setup(timestep=1.0)
    n, steps = 100, 1000
    pop = sim.Population(n, sim.extra_models.IFCurrDeltaFixedProb(i_offset=2.0, p_thresh=p), seed=3)
    pop.record("spikes")
    sim.run(float(steps))
    counts = np.array([len(s) for s in spike_trains(pop)])
    expected = (steps - 1) * p  # the last step's spike is stamped at t_stop: reported after it
    if p in (0.0, 1.0):
        assert (counts == expected).all()
    else:
        assert abs(counts.mean() - expected) < 4 * np.sqrt(expected * (1 - p) / n)
        assert counts.std() == pytest.approx(np.sqrt(expected * (1 - p)), rel=0.3)


def test_fixed_prob_below_threshold_never_fires_and_does_not_depend_on_the_partition(sim):
    def trains(per_core, i_offset):
        sim.setup(timestep=1.0)
        sim.set_number_of_neurons_per_core(sim.extra_models.IFCurrDeltaFixedProb, per_core)
        pop = sim.Population(40, sim.extra_models.IFCurrDeltaFixedProb(i_offset=i_offset, p_thresh=0.5), seed=8)
        pop.record("spikes")
        sim.run(200.0)
        out = spike_trains(pop)
        sim.end()
        return out

    assert trains(40, 1.5) == trains(7, 1.5)
    assert sum(len(t) for t in trains(40, 0.99)) == 0  # v = 0.99 < v_thresh = 1


def test_fixed_prob_rejects_a_probability_outside_0_1(sim):
    sim.setup(timestep=1.0)
    sim.Population(2, sim.extra_models.IFCurrDeltaFixedProb(p_thresh=1.5))
    with pytest.raises(ValueError, match="IFCurrDeltaFixedProb: p_thresh must lie in \\[0, 1\\], got 1.5"):
        sim.run(1.0)


def test_trunc_delta_integrates_without_leak(sim):
    """v grows by R i_offset per step (R = tau_m / cm = 2): 0.25 x 2 = 0.5 per step reaches
    v_thresh = 2 in 4 steps; 2 refractory steps; so a spike every 6 steps."""
    sim.setup(timestep=1.0)
    cell = sim.extra_models.IFTruncDelta(tau_m=4.0, cm=2.0, v_thresh=2.0, tau_refrac=2.0, i_offset=0.25)
    pop = sim.Population(1, cell)
    pop.record(["spikes", "v"])
    sim.run(30.0)
    seg = pop.get_data().segments[0]
    assert seg.spiketrains[0].magnitude.tolist() == [4.0, 10.0, 16.0, 22.0, 28.0]
    v = seg.filter(name="v")[0].magnitude[:, 0]
    assert v[:6].tolist() == [0.0, 0.5, 1.0, 1.5, 0.0, 0.0]


def test_trunc_delta_never_goes_below_v_reset_and_scales_delta_inputs(sim):
    """An inhibitory input far larger than v leaves v at v_reset, not below; an excitatory
    input of weight w moves v by (tau_m / cm) w / dt (dt = 0.5 ms: 2 w)."""
    sim.setup(timestep=0.5)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0, 10.0]))
    pop = sim.Population(1, sim.extra_models.IFTruncDelta(v_reset=-1.0, v_thresh=10.0, i_offset=0.0))
    pop.initialize(v=0.5)
    sim.Projection(src, pop, sim.FromListConnector([(0, 0, 4.0, 2.0)]), receptor_type="inhibitory")
    sim.Projection(src, pop, sim.FromListConnector([(0, 0, 0.75, 7.0)]), receptor_type="excitatory")
    pop.record("v")
    sim.run(20.0)
    v = pop.get_data().segments[0].filter(name="v")[0].magnitude[:, 0]  # every 0.5 ms
    # 7 ms: -4 x 2 floored at -1; 12 ms: +0.75 x 2 and -4 x 2 at once, floored; 17 ms: +0.75 x 2
    want = np.select([np.arange(41) < 14, np.arange(41) < 34], [0.5, -1.0], 0.5)
    assert v.tolist() == want.tolist()


def test_delta_ca2_adapts_exactly_as_the_exponential_ca2_model_without_inputs(sim):
    """IFCurrDeltaCa2Adaptive and IFCurrExpCa2Adaptive share the membrane and the Ca2+
    current: without synaptic input the same spikes; the intervals lengthen as I_Ca2 builds
    up, and with i_alpha = 0 they are IF_curr_delta's."""
    p = dict(tau_m=20.0, cm=1.0, v_rest=-65.0, v_reset=-65.0, v_thresh=-50.0, tau_refrac=2.0, i_offset=1.0)

    def trains(cell_type, **kw):
        sim.setup(timestep=0.1)
        pop = sim.Population(1, cell_type(**dict(p, **kw)))
        pop.record("spikes")
        sim.run(500.0)
        out = pop.get_data().segments[0].spiketrains[0].magnitude.tolist()
        sim.end()
        return out

    delta = trains(sim.extra_models.IFCurrDeltaCa2Adaptive, tau_ca2=80.0, i_alpha=0.05)
    assert delta == trains(sim.extra_models.IFCurrExpCa2Adaptive, tau_ca2=80.0, i_alpha=0.05)
    isi = np.diff(delta)
    assert len(isi) > 5 and isi[-1] > 1.1 * isi[0]
    assert trains(sim.extra_models.IFCurrDeltaCa2Adaptive, i_alpha=0.0) == trains(sim.IF_curr_delta)


def test_delta_ca2_inputs_are_voltage_jumps(sim):
    sim.setup(timestep=0.1)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]))
    pop = sim.Population(1, sim.extra_models.IFCurrDeltaCa2Adaptive(v_thresh=0.0))
    sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=3.0, delay=1.0))
    pop.record("v")
    sim.run(20.0)
    v = pop.get_data().segments[0].filter(name="v")[0].magnitude[:, 0]
    assert v[110] - v[109] == pytest.approx(3.0, abs=1e-3)  # the input's 3 mV at 11 ms

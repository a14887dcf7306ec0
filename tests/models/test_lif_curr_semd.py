"""IF_curr_exp_sEMD (sPyNNaker's spiking elementary motion detector): the trigger input
('excitatory2') reaches the membrane only gated by the facilitation current ('excitatory')
latched when the trigger arrives, so the response falls with the time between the two."""

import numpy as np
import pytest

CELL = dict(cm=0.25, tau_m=10.0, tau_refrac=1.0, tau_syn_E=20.0, tau_syn_E2=5.0, tau_syn_I=20.0)
CELL.update(v_reset=-85.0, v_rest=-60.0, v_thresh=-50.0)


def run(sim, facilitation, trigger, weight=1.0, **params):
    """(v, gsyn_exc) every 1 ms; spike times lists (empty: no such input)."""
    sim.setup(timestep=1.0)
    semd = sim.Population(1, sim.extra_models.IF_curr_exp_sEMD(**dict(CELL, **params)))
    semd.initialize(v=-60.0)
    for times, receptor in ((facilitation, "excitatory"), (trigger, "excitatory2")):
        if times:
            src = sim.Population(1, sim.SpikeSourceArray(spike_times=times))
            sim.Projection(src, semd, sim.OneToOneConnector(), sim.StaticSynapse(weight=weight, delay=1.0),
                           receptor_type=receptor)  # fmt: skip
    semd.record(["v", "gsyn_exc", "spikes"])
    sim.run(100.0)
    seg = semd.get_data().segments[0]
    v, g = (seg.filter(name=n)[0].magnitude[:, 0] for n in ("v", "gsyn_exc"))
    spikes = seg.spiketrains[0].magnitude.tolist()
    sim.end()
    return v, g, spikes


def test_either_input_alone_does_nothing(sim):
    for f, t in (([4.0], []), ([], [20.0])):
        v, g, _ = run(sim, f, t)
        assert (v == -60.0).all() and (g == 0.0).all()


@pytest.mark.parametrize("gap", [4.0, 16.0, 30.0])
def test_the_gated_current_is_the_trigger_times_the_latched_facilitation(sim, gap):
    v, g, _ = run(sim, [40.0 - gap], [40.0])
    on = np.flatnonzero(g)
    first = on[0]
    # the trigger current decays with tau_syn_E2; the latched facilitation is held
    assert g[first + 1] / g[first] == pytest.approx(np.exp(-1.0 / 5.0), rel=1e-3)
    # latched: the facilitation current exp(-gap / tau_syn_E) when the trigger came (unit
    # weights); the first sample is one step of tau_syn_E2 decay later
    assert g[first] == pytest.approx(np.exp(-gap / 20.0) * np.exp(-1.0 / 5.0), rel=2e-3)
    assert v.max() > -60.0


def test_the_response_falls_with_the_gap_and_scales(sim):
    peaks = [run(sim, [50.0 - gap], [50.0])[0].max() + 60.0 for gap in (2.0, 10.0, 40.0)]
    assert peaks[0] > peaks[1] > peaks[2] > 0.0
    doubled = run(sim, [0.0], [20.0], scaling_factor=2.0)[0].max() + 60.0  # gap 20: below threshold
    assert doubled == pytest.approx(2 * (run(sim, [0.0], [20.0])[0].max() + 60.0), rel=0.01)
    assert run(sim, [18.0], [20.0], weight=3.0)[2]  # strong and close: it fires

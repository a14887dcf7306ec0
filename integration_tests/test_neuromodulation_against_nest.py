"""Neuromodulation against NEST's stdp_dopamine_synapse (volume transmitter), same
protocol on both: pairings, then reward dopamine, then more pre spikes.

The two rules agree in their definitions (c += A_plus K+ at post spikes, c -= A_minus K-
at pre spikes, dw/dt = c (n - b), here b = 0) once the units are matched: NEST adds
1/tau_n of dopamine per spike, so spynn's Neuromodulation weight is 1/tau_d; NEST's
weights are in pA (x1000).  The one difference is when the weight is brought up to date:
spynn (as sPyNNaker) at each presynaptic spike, NEST also whenever the volume transmitter
delivers dopamine, so NEST's final weight includes c D integrated up to the end of the
run.  Measured: NEST equals the closed form integrated to t_end + h to 1e-12; spynn equals
it integrated to the last pre spike within one weight step; with a pre spike near the end
the two simulators differ by 1.2e-4 (dt 1.0) and 1.0e-4 (dt 0.1), the c D of the last 10 ms."""

from __future__ import annotations

import json

import pytest

from spynn.synapses.stdp_closed_form import calculate_neuromodulated_weight

try:
    from . import nest_compare as nc
except ImportError:
    import nest_compare as nc

pytestmark = nc.nest_marks()

PRE = [20.0, 60.0, 100.0, 140.0, 400.0, 700.0, 790.0]
DA = [200.0, 250.0, 300.0]
TAU_C, TAU_D, A_PLUS, A_MINUS = 1000.0, 200.0, 0.01, 0.005

SCRIPT = """
import json, sys, warnings, importlib
warnings.simplefilter("ignore")
backend, dt = sys.argv[1], float(sys.argv[2])
PRE, DA = json.loads(sys.argv[3]), json.loads(sys.argv[4])
TAU_C, TAU_D, A_PLUS, A_MINUS = (float(x) for x in sys.argv[5:9])
POST = [25.0, 65.0, 105.0, 145.0]
sim = importlib.import_module(backend)
nest_run = "nest" in backend
sim.setup(timestep=dt, min_delay=dt, max_delay=10.0, **({"spike_precision": "on_grid"} if nest_run else {}))
pre = sim.Population(1, sim.SpikeSourceArray(spike_times=PRE))
post = sim.Population(1, sim.IF_curr_exp(tau_refrac=10.0, tau_syn_E=1.0))
drive = sim.Population(1, sim.SpikeSourceArray(spike_times=[t - 3.0 for t in POST]))
dop = sim.Population(1, sim.SpikeSourceArray(spike_times=DA))
sim.Projection(drive, post, sim.AllToAllConnector(), sim.StaticSynapse(weight=40.0, delay=1.0))
if nest_run:
    import nest
    vt = nest.Create("volume_transmitter")
    nest.Connect(dop.node_collection, vt, syn_spec={"delay": 1.0})
    nest.CopyModel("stdp_dopamine_synapse", "da_syn", {"volume_transmitter": vt, "tau_c": TAU_C, "tau_n": TAU_D,
                   "tau_plus": 20.0, "A_plus": A_PLUS * 1000, "A_minus": A_MINUS * 1000, "b": 0.0,
                   "Wmin": 0.0, "Wmax": 1000.0})
    nest.Connect(pre.node_collection, post.node_collection,
                 syn_spec={"synapse_model": "da_syn", "weight": 500.0, "delay": 1.0})
else:
    stdp = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=20.0, A_plus=A_PLUS, A_minus=A_MINUS),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=1.0), weight=0.5, delay=1.0)
    prj = sim.Projection(pre, post, sim.AllToAllConnector(), stdp)
    da = sim.extra_models.Neuromodulation(weight=1.0 / TAU_D, tau_c=TAU_C, tau_d=TAU_D, w_min=0.0, w_max=1.0,
                                          delay=1.0)
    sim.Projection(dop, post, sim.AllToAllConnector(), da, receptor_type="reward")
post.record("spikes")
sim.run(800.0)
if nest_run:
    w = nest.GetConnections(pre.node_collection, post.node_collection, synapse_model="da_syn").get("weight") / 1000
else:
    w = prj.get("weight", format="list")[0][2]
print(json.dumps({"w": float(w), "post": post.get_data().segments[0].spiketrains[0].magnitude.tolist()}))
"""


def run(backend: str, dt: float) -> dict:
    return nc.run_script(SCRIPT, backend, dt, json.dumps(PRE), json.dumps(DA), TAU_C, TAU_D, A_PLUS, A_MINUS)


def closed_form(pre, post, amount=1.0 / TAU_D):
    events = [(t + 1.0, amount) for t in DA]
    return calculate_neuromodulated_weight(pre, post, events, 0.5, 1.0, A_PLUS, A_MINUS, 20.0, 20.0, TAU_C, TAU_D)


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_dopamine_modulated_stdp_matches_nest(dt):
    nest, ours = run("pyNN.nest", dt), run("spynn", dt)
    assert nest["post"] == pytest.approx(ours["post"], abs=1e-9)
    post = ours["post"]
    # NEST brings the weight up to date to the end of the run (t_end + h): the closed form so extended
    assert nest["w"] == pytest.approx(closed_form(PRE + [800.0 + dt], post), abs=1e-9)
    # spynn, as sPyNNaker, at the last pre spike (dopamine stored as u16.16: 1/200 -> 328/65536)
    assert abs(ours["w"] - closed_form(PRE, post, round(65536 / TAU_D) / 65536)) <= 2.0 ** (1 - 15)
    assert nest["w"] - 0.5 > 0.05  # it learned
    assert abs(ours["w"] - nest["w"]) < 2e-4

"""TsodyksMarkramSynapse through pyNN.nest (tsodyks_synapse) and spynn, same script:
depressing and facilitating projections with per-synapse U onto current- and
conductance-based neurons.  The membrane traces agree within 0.5 % of their excursion
(measured: max |dV| 0.20 % IF_curr_exp and 0.29 % IF_cond_exp of a 2-2.9 mV excursion at
dt 0.1, 0.03-0.04 % at dt 1.0); spynn's input at each arrival is within
calculate_tsodyks_markram_amplitudes's values to the 16-bit weight (tests/synapses)."""

from __future__ import annotations

import numpy as np
import pytest

try:
    from . import nest_compare as nc
except ImportError:
    import nest_compare as nc

pytestmark = nc.nest_marks()

SCRIPT = """
import json, sys, warnings, importlib
import numpy as np
warnings.simplefilter("ignore")
sim = importlib.import_module(sys.argv[1])
dt, cell = float(sys.argv[2]), sys.argv[3]
sim.setup(timestep=dt, min_delay=dt, max_delay=10.0, spike_precision="on_grid")
rng = np.random.default_rng(5)
trains = [sorted(set(np.round(np.round(rng.uniform(5, 480, k) / dt) * dt, 1))) for k in (40, 25, 60)]
src = sim.Population(3, sim.SpikeSourceArray(spike_times=trains))
params = dict(tau_syn_E=3.0, tau_syn_I=6.0, v_thresh=0.0)
post = sim.Population(3, getattr(sim, cell)(**params))
w_e, w_i = (0.6, -0.4) if cell == "IF_curr_exp" else (0.01, 0.015)
depressing = sim.TsodyksMarkramSynapse(weight=w_e, delay=1.0, U=0.5,
                                       tau_rec=150.0, tau_facil=0.0)
conns = [(i, j, w_e, 1.0, 0.2 + 0.25 * i + 0.05 * j) for i in range(3) for j in range(3)]
sim.Projection(src, post, sim.FromListConnector(conns, column_names=["weight", "delay", "U"]), depressing)
facilitating = sim.TsodyksMarkramSynapse(weight=w_i, delay=2.0, U=0.05, tau_rec=100.0, tau_facil=800.0)
sim.Projection(src, post, sim.AllToAllConnector(), facilitating, receptor_type="inhibitory")
post.record("v")
sim.run(500.0)
v = np.asarray(post.get_data().segments[0].filter(name="v")[0])
print(json.dumps({"v": v.T.tolist()}))
"""


def run(backend: str, dt: float, cell: str) -> np.ndarray:
    return np.array(nc.run_script(SCRIPT, backend, dt, cell)["v"])


@pytest.mark.parametrize("dt", [0.1, 1.0])
@pytest.mark.parametrize("cell", ["IF_curr_exp", "IF_cond_exp"])
def test_membrane_traces_match_nest(dt, cell):
    nest, spynn = run("pyNN.nest", dt, cell), run("spynn", dt, cell)
    assert nest.shape == spynn.shape
    excursion = np.ptp(nest, axis=1)
    err = np.abs(nest - spynn).max(axis=1)
    print(cell, dt, "max |dV| per neuron", err, "excursion", excursion)
    assert (excursion > 2.0).all()  # the synapses drive the neurons
    assert (err < 0.005 * excursion).all()

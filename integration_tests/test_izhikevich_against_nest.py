"""Izhikevich's four classic firing patterns through pyNN.nest and spynn, same script.

At dt = 0.1 ms spynn integrates as NEST's izhikevich does (forward Euler on the
timestep), so spike counts agree within 10 % (the issue's bound; measured: equal)
and the first spikes within one step.  At dt = 1.0 spynn still integrates in
0.1 ms sub-steps; its counts are compared with NEST's at 0.1 ms, since NEST's
own single 1 ms Euler step is far off (chattering 33 and fast spiking 45 spikes
instead of 38 and 53)."""

from __future__ import annotations

import json

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
dt = float(sys.argv[2])
sim.setup(timestep=dt, min_delay=dt, max_delay=10.0)
a, b, c, d = (np.array(x) for x in zip(*json.loads(sys.argv[3])))
pop = sim.Population(len(a), sim.Izhikevich(a=a, b=b, c=c, d=d, i_offset=0.0))
pop.initialize(v=-70.0, u=-14.0)
sim.DCSource(amplitude=0.01, start=50.0, stop=950.0).inject_into(pop)
pop.record("spikes")
sim.run(1000.0)
print(json.dumps([s.magnitude.tolist() for s in pop.get_data().segments[0].spiketrains]))
"""

PATTERNS = {
    "regular spiking": (0.02, 0.2, -65.0, 8.0),
    "intrinsically bursting": (0.02, 0.2, -55.0, 4.0),
    "chattering": (0.02, 0.2, -50.0, 2.0),
    "fast spiking": (0.1, 0.2, -65.0, 2.0),
}


def run(backend: str, dt: float) -> list[list[float]]:
    return nc.run_script(SCRIPT, backend, dt, json.dumps(list(PATTERNS.values())))


@pytest.fixture(scope="module")
def nest_spikes():
    return run("pyNN.nest", 0.1)


@pytest.mark.parametrize("dt", [0.1, 1.0])
def test_classic_patterns_match_nest(nest_spikes, dt):
    ours = run("spynn", dt)
    for k, name in enumerate(PATTERNS):
        n_nest, n_ours = len(nest_spikes[k]), len(ours[k])
        assert n_nest > 10, name
        assert abs(n_ours - n_nest) <= 0.1 * n_nest, f"{name}: {n_ours} spikes vs NEST's {n_nest}"
        assert abs(ours[k][0] - nest_spikes[k][0]) <= dt + 1e-9, name


POISSON_SCRIPT = """
import json, sys, warnings, importlib
import numpy as np
warnings.simplefilter("ignore")
sim = importlib.import_module(sys.argv[1])
seed = int(sys.argv[2])
sim.setup(timestep=0.1, min_delay=0.1, max_delay=10.0, **({"rng_seed": seed} if "nest" in sys.argv[1] else {}))
n = 100
pop = sim.Population(n, sim.Izhikevich(a=0.02, b=0.2, c=-65.0, d=8.0, i_offset=0.0))
pop.initialize(v=-70.0, u=-14.0)
kw = {} if "nest" in sys.argv[1] else {"seed": seed}
exc = sim.Population(n, sim.SpikeSourcePoisson(rate=7000.0), **kw)
inh = sim.Population(n, sim.SpikeSourcePoisson(rate=1500.0), **({} if "nest" in sys.argv[1] else {"seed": seed + 1}))
sim.Projection(exc, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=1.0, delay=1.0))
sim.Projection(inh, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=-1.0, delay=1.0),
               receptor_type="inhibitory")
pop.record("spikes")
sim.run(5000.0)
print(json.dumps([len(s) for s in pop.get_data().segments[0].spiketrains]))
"""


def poisson_counts(backend: str, seed: int) -> list[int]:
    return nc.run_script(POISSON_SCRIPT, backend, seed)


def test_poisson_driven_rate_matches_nest():
    """Poisson input through excitatory and inhibitory synapses (v jumps of +-1 mV,
    7000 and 1500 Hz): mean rates within 5 % (the issue's bound), over two seeds.
    Measured: NEST 14.10 Hz, spynn 14.13 Hz (seed 11)."""
    import numpy as np

    nest_c = np.concatenate([poisson_counts("pyNN.nest", s) for s in (11, 12)])
    ours_c = np.concatenate([poisson_counts("spynn", s) for s in (11, 12)])
    nest_rate, ours_rate = nest_c.mean() / 5.0, ours_c.mean() / 5.0
    assert nest_rate > 5.0
    assert abs(ours_rate - nest_rate) <= 0.05 * nest_rate, (ours_rate, nest_rate)

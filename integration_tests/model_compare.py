"""Protocols that validate spynn's neuron models and current sources against NEST.

The same PyNN code runs in both backends, each in a process of its own; this file is
also the runner script (``python model_compare.py <backend module> <network> <params
JSON> <out.npz>``).  It registers its networks with nest_compare's runner
(``nest_compare.run_child``) so the output files and the parent-side
:class:`nest_compare.Result` are the same as for test_against_nest.py.

Networks (builders below):

``deterministic``  Protocol A.  For each cell type (IF_curr_exp, IF_curr_alpha,
    IF_cond_exp) a population of two neurons: neuron 0 is driven by a
    StepCurrentSource (three levels, two of them above rheobase: it fires repeatedly),
    neuron 1 receives a SpikeSourceArray through an excitatory and an inhibitory
    projection (bursts that make it fire, isolated sub-threshold PSPs of either sign,
    simultaneous spikes).  Spikes and v of both neurons are recorded.
    Also, one IF_curr_exp neuron per current source (DCSource, ACSource -- once starting
    at t = 0 and once at t > 0 --, StepCurrentSource), threshold out of reach: v recorded.

``poisson``  Protocol B.  For each cell type 100 neurons, each with its own excitatory
    and its own inhibitory SpikeSourcePoisson (OneToOneConnector), spikes recorded.

``noise``  NoisyCurrentSource: NOISE_NEURONS IF_curr_exp neurons (no spikes), each with
    a NoisyCurrentSource of its own, v recorded.

Setup in both backends: ``setup(timestep=dt, min_delay=dt, max_delay=..., spike_precision=
"on_grid", rng_seed=...)`` as in nest_compare.py (grid-constrained NEST models:
iaf_psc_exp, iaf_psc_alpha, iaf_cond_exp).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import nest_compare as nc  # noqa: E402

DTS = (0.1, 1.0)
CELL_TYPES = ("IF_curr_exp", "IF_curr_alpha", "IF_cond_exp")
SHORT = {"IF_curr_exp": "curr_exp", "IF_curr_alpha": "curr_alpha", "IF_cond_exp": "cond_exp"}

#: Parameters shared by the three cell types (tau_syn_E != tau_syn_I, so that both are tested).
CELL = {
    "cm": 0.25,
    "tau_m": 20.0,
    "tau_refrac": 2.0,
    "tau_syn_E": 5.0,
    "tau_syn_I": 8.0,
    "v_rest": -65.0,
    "v_reset": -70.0,
    "v_thresh": -50.0,
    "i_offset": 0.0,
}
COND = {"e_rev_E": 0.0, "e_rev_I": -80.0}


def cell_params(cell_type: str) -> dict:
    return dict(CELL, **COND) if cell_type == "IF_cond_exp" else dict(CELL)


# ----------------------------------------------------------------- protocol A
#: Step current into neuron 0 [ms, nA]: rheobase is (v_thresh - v_rest) / R = 15 mV / 80 MOhm
#: = 0.1875 nA; 0.3 nA fires at ~40 Hz, 0.45 nA at ~80 Hz, 0.15 nA stays below threshold.
STEP_TIMES = [10.0, 160.0, 230.0, 330.0]
STEP_AMPS = [0.3, 0.15, 0.45, 0.0]

#: Spike times into neuron 1 [ms] (grid points of both timesteps, >= 2 ms: pyNN.nest moves a
#: SpikeSourceArray's spikes min_delay earlier and refuses 0).
EXC_TIMES = (
    [20.0, 60.0]  # isolated EPSPs
    + [100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0]  # a burst: fires
    + [150.0, 150.0, 150.0]  # three spikes at once (multiplicity 3)
    + [200.0, 203.0, 206.0, 209.0, 212.0, 215.0, 218.0, 221.0, 224.0, 227.0]  # a train, with inhibition
    + [300.0, 301.0, 302.0, 303.0, 304.0, 305.0, 306.0, 307.0, 308.0, 309.0]  # a longer burst
)
INH_TIMES = [40.0, 80.0, 80.0, 204.0, 210.0, 216.0, 222.0, 305.0, 350.0]
#: Synaptic weights [nA for current-based cells, uS for IF_cond_exp] and delays [ms].
WEIGHTS = {
    "IF_curr_exp": {"exc": 0.5, "inh": -0.5},
    "IF_curr_alpha": {"exc": 0.25, "inh": -0.25},
    "IF_cond_exp": {"exc": 0.008, "inh": 0.03},
}
DELAY_EXC, DELAY_INH = 1.0, 2.0
#: Neuron 2 of each cell type gets neuron 0's step current and neuron 1's synaptic input, with
#: its threshold out of reach: its v measures the sub-threshold integration alone.
SUBTHRESHOLD_V_THRESH = 50.0

#: Current sources into IF_curr_exp neurons whose threshold is out of reach (v_thresh = +50 mV).
SOURCE_CELL = dict(CELL, v_thresh=50.0)
SOURCES = {
    "DCSource": ("DCSource", {"amplitude": 0.5, "start": 50.0, "stop": 150.0}),
    "ACSource": ("ACSource", {"amplitude": 0.3, "offset": 0.1, "frequency": 20.0, "phase": 45.0}),
    # PyNN: the phase is that of the sine at `start` (pyNN.neuron computes sin(2 pi f (t - start)
    # + phase), pyNN.nest corrects NEST's phase by -2 pi f start)
    "ACSource_start": (
        "ACSource",
        {"amplitude": 0.3, "offset": 0.1, "frequency": 20.0, "phase": 45.0, "start": 60.0, "stop": 300.0},
    ),
    "StepCurrentSource": (
        "StepCurrentSource",
        {"times": [20.0, 60.0, 100.0, 140.0, 250.0], "amplitudes": [0.4, -0.2, 0.6, 0.0, 0.25]},
    ),
}

DETERMINISTIC_BASE = {"t_stop": 400.0, "max_delay": 10.0, "nest_seed": 12345}
DETERMINISTIC = {dt: dict(DETERMINISTIC_BASE, dt=dt) for dt in DTS}


def build_deterministic(sim, p):
    nc._setup(sim, p)
    pops, projections = {}, {}
    stim_exc = sim.Population(1, sim.SpikeSourceArray(spike_times=EXC_TIMES), label="stim_exc")
    stim_inh = sim.Population(1, sim.SpikeSourceArray(spike_times=INH_TIMES), label="stim_inh")
    for cell_type in CELL_TYPES:
        label = SHORT[cell_type]
        params = dict(cell_params(cell_type), v_thresh=np.array([CELL["v_thresh"]] * 2 + [SUBTHRESHOLD_V_THRESH]))
        pop = sim.Population(3, getattr(sim, cell_type)(**params), label=label)
        step = sim.StepCurrentSource(times=STEP_TIMES, amplitudes=STEP_AMPS)
        step.inject_into(pop[0:1])
        sub_step = sim.StepCurrentSource(times=STEP_TIMES, amplitudes=STEP_AMPS)
        sub_step.inject_into(pop[2:3])
        w = WEIGHTS[cell_type]
        projections[f"{label}_exc"] = sim.Projection(
            stim_exc,
            pop,
            sim.FromListConnector([(0, 1, w["exc"], DELAY_EXC), (0, 2, w["exc"], DELAY_EXC)]),
            sim.StaticSynapse(),
            receptor_type="excitatory",
        )
        projections[f"{label}_inh"] = sim.Projection(
            stim_inh,
            pop,
            sim.FromListConnector([(0, 1, w["inh"], DELAY_INH), (0, 2, w["inh"], DELAY_INH)]),
            sim.StaticSynapse(),
            receptor_type="inhibitory",
        )
        pop.record(["spikes", "v"])
        pops[label] = pop
    for label, (kind, params) in SOURCES.items():
        pop = sim.Population(1, sim.IF_curr_exp(**SOURCE_CELL), label=label)
        getattr(sim, kind)(**params).inject_into(pop)
        pop.record(["spikes", "v"])
        pops[label] = pop
    return pops, projections


# ----------------------------------------------------------------- protocol B
POISSON_BASE = {
    "n": 100,
    "t_stop": 2000.0,
    "max_delay": 10.0,
    "delay": 1.0,
    "rate_exc": 2000.0,
    "rate_inh": 1000.0,
    "weights": {
        "IF_curr_exp": {"exc": 0.1, "inh": -0.1},
        "IF_curr_alpha": {"exc": 0.1, "inh": -0.1},
        "IF_cond_exp": {"exc": 0.004, "inh": 0.004},
    },
    "poisson_seed": 4321,
    "nest_seed": 12345,
}
POISSON = {dt: dict(POISSON_BASE, dt=dt) for dt in DTS}


def build_poisson(sim, p):
    nc._setup(sim, p)
    pops, projections = {}, {}
    n = int(p["n"])
    for k, cell_type in enumerate(CELL_TYPES):
        label = SHORT[cell_type]
        pop = sim.Population(n, getattr(sim, cell_type)(**cell_params(cell_type)), label=label)
        w = p["weights"][cell_type]
        for j, receptor in enumerate(("excitatory", "inhibitory")):
            syn = receptor[:3]
            src = sim.Population(
                n,
                sim.SpikeSourcePoisson(rate=p[f"rate_{syn}"]),
                label=f"{label}_poisson_{syn}",
                **nc._spynn_seed(sim, p["poisson_seed"] + 10 * k + j),
            )
            projections[f"{label}_{syn}"] = sim.Projection(
                src,
                pop,
                sim.OneToOneConnector(),
                sim.StaticSynapse(weight=w[syn], delay=p["delay"]),
                receptor_type=receptor,
            )
        pop.record("spikes")
        pops[label] = pop
    return pops, projections


# --------------------------------------------------------- NoisyCurrentSource
NOISE_BASE = {
    "n": 20,
    "t_stop": 2000.0,
    "max_delay": 10.0,
    "mean": 0.1,
    "stdev": 0.3,
    "noise_dt": 1.0,
    "start": 0.0,
    "nest_seed": 12345,
}
NOISE = {dt: dict(NOISE_BASE, dt=dt) for dt in DTS}


def build_noise(sim, p):
    nc._setup(sim, p)
    pop = sim.Population(int(p["n"]), sim.IF_curr_exp(**SOURCE_CELL), label="noise")
    for i in range(int(p["n"])):
        src = sim.NoisyCurrentSource(mean=p["mean"], stdev=p["stdev"], dt=p["noise_dt"], start=p["start"])
        src.inject_into(pop[i : i + 1])
    pop.record(["spikes", "v"])
    return {"noise": pop}, {}


NETWORKS = {"deterministic": build_deterministic, "poisson": build_poisson, "noise": build_noise}


# ------------------------------------------------------------------- running
def _start(backend: str, network: str, params: dict, workdir: Path):
    tag = f"{network}_{backend}_dt{params['dt']}_seed{params.get('poisson_seed', 0)}_{params.get('nest_seed', 0)}"
    out = Path(workdir) / f"{tag}.npz"
    if out.exists():
        out.unlink()
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    cmd = [sys.executable, str(HERE / "model_compare.py"), nc.BACKENDS[backend], network, json.dumps(params), str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=str(workdir))
    return proc, out, time.perf_counter()


def run_many(jobs: list[tuple[str, str, dict]], workdir, timeout: float = 600.0, parallel: int = 2) -> list:
    """Run (backend, network, params) jobs, `parallel` processes at a time; their Results in order."""
    results = [None] * len(jobs)
    running = []
    errors = []
    pending = list(enumerate(jobs))
    while pending or running:
        while pending and len(running) < parallel:
            k, (backend, network, params) = pending.pop(0)
            running.append((k, backend, _start(backend, network, params, Path(workdir))))
        k, backend, (proc, out, t0) = running.pop(0)
        try:
            results[k] = nc._finish(backend, proc, out, t0, timeout)
        except nc.RunnerError as e:
            errors.append(str(e))
    if errors:
        raise nc.RunnerError("\n\n".join(errors))
    return results


def run_both(network: str, params: dict, workdir, timeout: float = 600.0) -> dict:
    nest, spynn = run_many([("nest", network, params), ("spynn", network, params)], workdir, timeout)
    return {"nest": nest, "spynn": spynn}


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(f"usage: {sys.argv[0]} <backend module> <network> <params JSON> <out.npz>")
    nc.NETWORKS.update(NETWORKS)
    nc.run_child(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4])

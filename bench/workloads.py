"""Benchmark workloads, written once in PyNN; each runs on any PyNN backend module.

Run one:  python bench/workloads.py spynn va_cuba --scale 1 --dt 0.1
It prints one JSON line: build / run / end-to-end seconds, peak RSS, spikes,
mean rate and synapses (bench/run.py collects them side by side)."""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import time

import numpy as np


def va_cuba(sim, scale: float, dt: float, t_stop: float = 1000.0, seed: int = 42) -> dict:
    """Vogels & Abbott (2005) CUBA network as in PyNN's va_benchmark: 80 % excitatory,
    p = 0.02 (80 inputs per neuron at 4000 neurons; kept at 80 when scaled), 50 ms of
    Poisson kick-off input."""
    n = int(4000 * scale)
    n_exc, n_inh = int(0.8 * n), n - int(0.8 * n)
    p_connect = 80.0 / n
    cell = dict(
        tau_m=20.0,
        cm=0.2,
        v_rest=-49.0,
        v_reset=-60.0,
        v_thresh=-50.0,
        tau_refrac=5.0,
        tau_syn_E=5.0,
        tau_syn_I=10.0,
        i_offset=0.0,
    )
    w_exc = 1e-3 * 0.27 * (0.0 + 60.0)  # 0.27 nS at a mean driving force of 60 mV -> nA
    w_inh = 1e-3 * 4.5 * (-80.0 + 60.0)  # 4.5 nS at -20 mV -> nA (negative: inhibitory)
    rng = sim.NumpyRNG(seed=seed)
    exc = sim.Population(n_exc, sim.IF_curr_exp(**cell), label="exc")
    inh = sim.Population(n_inh, sim.IF_curr_exp(**cell), label="inh")
    for pop in (exc, inh):
        pop.initialize(v=sim.RandomDistribution("uniform", (-60.0, -50.0), rng=rng))
    ext = sim.Population(20, sim.SpikeSourcePoisson(rate=50.0, duration=50.0), label="ext")
    conn = sim.FixedProbabilityConnector(p_connect, rng=rng)
    delay = max(dt, 0.2) if dt < 1.0 else 1.0
    projections = []
    for pre, w, receptor in ((exc, w_exc, "excitatory"), (inh, w_inh, "inhibitory")):
        for post in (exc, inh):
            projections.append(
                sim.Projection(pre, post, conn, sim.StaticSynapse(weight=w, delay=delay), receptor_type=receptor)
            )
    projections.append(
        sim.Projection(ext, exc, sim.FixedProbabilityConnector(0.1, rng=rng), sim.StaticSynapse(weight=0.1, delay=1.0))
    )
    exc.record("spikes")
    return {"record": [exc], "projections": projections, "t_stop": t_stop, "neurons": n}


WORKLOADS = {"va_cuba": va_cuba}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("backend")
    ap.add_argument("workload", choices=sorted(WORKLOADS))
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--dt", type=float, default=0.1)
    ap.add_argument("--t-stop", type=float, default=1000.0)
    args = ap.parse_args()
    t0 = time.perf_counter()
    sim = importlib.import_module(args.backend)
    kwargs = {"min_delay": args.dt, "max_delay": 10.0} if "nest" in args.backend else {}
    sim.setup(timestep=args.dt, **kwargs)
    net = WORKLOADS[args.workload](sim, args.scale, args.dt, args.t_stop)
    synapses = sum(len(p) for p in net["projections"])
    t_build = time.perf_counter()
    sim.run(net["t_stop"])
    t_run = time.perf_counter()
    trains = [s for pop in net["record"] for s in pop.get_data("spikes").segments[0].spiketrains]
    spikes = int(sum(len(s) for s in trains))
    sim.end()
    t_end = time.perf_counter()
    out = {
        "backend": args.backend,
        "workload": args.workload,
        "scale": args.scale,
        "dt": args.dt,
        "build_s": t_build - t0,
        "run_s": t_run - t_build,
        "end_to_end_s": t_end - t0,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "spikes": spikes,
        "rate_hz": spikes / max(len(trains), 1) / (net["t_stop"] / 1000.0),
        "synapses": synapses,
        "neurons": net["neurons"],
    }
    if args.backend == "spynn":
        out["phases"] = {k: round(v, 4) for k, v in sim.get_timings().items()} if hasattr(sim, "get_timings") else {}
    print(json.dumps(out))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()

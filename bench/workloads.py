"""Benchmark workloads, written once in PyNN; each runs on any PyNN backend module.

Run one:  python bench/workloads.py spynn va_cuba --scale 1 --dt 0.1
It prints one JSON line: build / run / end-to-end seconds, peak RSS, spikes,
mean rate and synapses, and for spynn its phase timings (bench/run.py collects
them side by side).

"build" is everything up to sim.run() (import, setup, populations, projections);
"run" is the wall time of sim.run() (for spynn that includes mapping, synapse
packing, images and loading, which spynn does lazily at the first run: see
"phases"); "end to end" also includes reading the spikes back and sim.end()."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import time

import numpy as np


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --------------------------------------------------------------------------- VA-CUBA
def va_cuba(sim, scale: float, dt: float, t_stop: float, seed: int) -> dict:
    """Vogels & Abbott (2005) CUBA network as in PyNN's va_benchmark: 80 % excitatory,
    p = 0.02 at 4000 neurons; scaled in neurons at constant in-degree (p = 80 / n, so
    every neuron has 80 recurrent inputs on average whatever the scale), 50 ms of
    Poisson kick-off input."""
    n = int(round(4000 * scale))
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
    return {"record": [exc], "projections": projections, "neurons": n}


# --------------------------------------------------------------------------- Poisson -> 10k
def poisson_10k(sim, scale: float, dt: float, t_stop: float, seed: int) -> dict:
    """1000 Poisson sources (10 Hz) -> 10,000 IF_curr_exp at p = 0.1: 1 M static synapses
    (scale multiplies the number of targets)."""
    rng = sim.NumpyRNG(seed=seed)
    src = sim.Population(1000, sim.SpikeSourcePoisson(rate=10.0), label="poisson")
    post = sim.Population(int(round(10000 * scale)), sim.IF_curr_exp(), label="lif")
    post.initialize(v=sim.RandomDistribution("uniform", (-65.0, -55.0), rng=rng))
    proj = sim.Projection(
        src,
        post,
        sim.FixedProbabilityConnector(0.1, rng=rng),
        sim.StaticSynapse(weight=0.15, delay=1.0),
        receptor_type="excitatory",
    )
    post.record("spikes")
    return {"record": [post], "projections": [proj], "neurons": post.size + src.size}


# --------------------------------------------------------------------------- STDP
def stdp(sim, scale: float, dt: float, t_stop: float, seed: int) -> dict:
    """1000 Poisson sources (10 Hz) -> 1000 IF_curr_exp at p = 0.1 (100 k plastic synapses),
    SpikePairRule + AdditiveWeightDependence; run for 10 s by default."""
    rng = sim.NumpyRNG(seed=seed)
    n = int(round(1000 * scale))
    src = sim.Population(n, sim.SpikeSourcePoisson(rate=10.0), label="poisson")
    post = sim.Population(n, sim.IF_curr_exp(), label="lif")
    post.initialize(v=sim.RandomDistribution("uniform", (-65.0, -55.0), rng=rng))
    # NEST and spynn take all of a plastic synapse's delay as dendritic; pyNN.brian2 only axonal
    ddf = 0.0 if "brian2" in sim.__name__ else 1.0
    rule = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.012),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.3),
        weight=0.15,
        delay=1.0,
        dendritic_delay_fraction=ddf,
    )
    proj = sim.Projection(src, post, sim.FixedProbabilityConnector(0.1, rng=rng), rule, receptor_type="excitatory")
    post.record("spikes")
    return {"record": [post], "projections": [proj], "neurons": 2 * n, "t_stop": 10000.0}


# --------------------------------------------------------------------------- microcircuit
#: Potjans & Diesmann (2014) cortical microcircuit, full-scale data.
MC_POPS = ("L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I")
MC_N = (20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948)
MC_K_EXT = (1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100)
#: Mean full-scale rates [Hz] (NEST's microcircuit example), for the DC that compensates a reduced in-degree.
MC_RATES = (0.943, 3.026, 4.368, 5.882, 7.733, 8.664, 1.096, 7.851)
#: Connection probability, rows = target, columns = source, in MC_POPS order.
MC_P = np.array(
    [
        [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
        [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
        [0.0077, 0.0059, 0.0497, 0.1350, 0.0067, 0.0003, 0.0453, 0.0],
        [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
        [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
        [0.0548, 0.0269, 0.0257, 0.0022, 0.0600, 0.3158, 0.0086, 0.0],
        [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
        [0.0364, 0.0010, 0.0034, 0.0005, 0.0277, 0.0080, 0.0658, 0.1443],
    ]
)
MC_CELL = dict(
    cm=0.25, tau_m=10.0, tau_refrac=2.0, v_rest=-65.0, v_reset=-65.0, v_thresh=-50.0, tau_syn_E=0.5, tau_syn_I=0.5
)
MC_W = 0.0878  # [nA] excitatory PSC amplitude (87.8 pA), relative sd 0.1; L4E -> L23E doubled
MC_G = -4.0  # inhibitory weight = g * MC_W
MC_DELAY = (1.5, 0.75)  # [ms] excitatory, inhibitory mean delay; relative sd 0.5
MC_BG_RATE = 8.0  # [Hz] per external input


def mc_scaled(scale: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The microcircuit at `scale`: neurons per population, recurrent weights [nA] (rows =
    target, columns = source; divided by sqrt(scale)) and the DC [nA] per population that
    replaces the input lost with the in-degree (van Albada et al. 2015; 0 at full scale)."""
    n = np.maximum(1, np.round(np.array(MC_N) * scale)).astype(int)
    w = np.full((8, 8), MC_W)
    w[:, 1::2] *= MC_G
    w[0, 2] *= 2.0
    k_full = np.log(1.0 - MC_P) / np.log(1.0 - 1.0 / np.outer(MC_N, MC_N)) / np.array(MC_N)[:, None]
    dc = 1e-3 * MC_CELL["tau_syn_E"] * (1.0 - np.sqrt(scale)) * (w * k_full) @ np.array(MC_RATES)  # [nA]
    return n, w / np.sqrt(scale), dc


def projection_seeds(seed: int, post: int, pre: int) -> list[int]:
    """Three independent seeds (connections, weights, delays) for the projection pre -> post."""
    return [int(s) for s in np.random.SeedSequence([seed, post, pre]).generate_state(3)]


def microcircuit(sim, scale: float, dt: float, t_stop: float, seed: int) -> dict:
    """Potjans-Diesmann microcircuit. scale multiplies the neuron numbers at the full-scale
    connection probabilities (so the in-degree also scales); as in van Albada et al. (2015)
    and NEST's example, recurrent weights are divided by sqrt(scale) and a DC current
    replaces the lost mean input. The Poisson background (K_ext x 8 Hz, weight 87.8 pA) is
    one source per neuron, not scaled."""
    rng = sim.NumpyRNG(seed=seed)
    n, w_rec, dc = mc_scaled(scale)
    pops = []
    for i, name in enumerate(MC_POPS):
        pop = sim.Population(int(n[i]), sim.IF_curr_exp(i_offset=float(dc[i]), **MC_CELL), label=name)
        pop.initialize(v=sim.RandomDistribution("normal", (-58.0, 10.0), rng=rng))
        pop.record("spikes")
        pops.append(pop)
    projections = []
    for i, post in enumerate(pops):
        bg = sim.Population(post.size, sim.SpikeSourcePoisson(rate=MC_BG_RATE * MC_K_EXT[i]), label=f"bg_{post.label}")
        projections.append(
            sim.Projection(
                bg,
                post,
                sim.OneToOneConnector(),
                sim.StaticSynapse(weight=MC_W, delay=MC_DELAY[0]),
                receptor_type="excitatory",
            )
        )
        for j, pre in enumerate(pops):
            if MC_P[i, j] == 0.0:
                continue
            exc = j % 2 == 0
            mean_w, mean_d = w_rec[i, j], MC_DELAY[0 if exc else 1]
            bounds_w = (0.0, np.inf) if exc else (-np.inf, 0.0)
            # PyNN draws connections, weights and delays each from a deep copy of the rng it is
            # given: projections sharing one rng would get the same streams (correlated
            # connectivity), so each projection, and each of its three draws, has its own
            rng_c, rng_w, rng_d = (sim.NumpyRNG(seed=s) for s in projection_seeds(seed, i, j))
            weight = sim.RandomDistribution("normal_clipped", mu=mean_w, sigma=abs(0.1 * mean_w), rng=rng_w,
                                            low=bounds_w[0], high=bounds_w[1])  # fmt: skip
            delay = sim.RandomDistribution("normal_clipped", mu=mean_d, sigma=0.5 * mean_d, low=dt, high=8.0, rng=rng_d)
            projections.append(
                sim.Projection(
                    pre,
                    post,
                    sim.FixedProbabilityConnector(float(MC_P[i, j]), rng=rng_c),
                    sim.StaticSynapse(weight=weight, delay=delay),
                    receptor_type="excitatory" if exc else "inhibitory",
                )
            )
    return {"record": pops, "projections": projections, "neurons": int(n.sum())}


WORKLOADS = {"va_cuba": va_cuba, "poisson_10k": poisson_10k, "stdp": stdp, "microcircuit": microcircuit}


def setup_kwargs(backend: str, dt: float, threads: int) -> dict:
    if "nest" in backend:  # spike times on the grid, as spynn's (PyNN's default for NEST is off the grid)
        return {"min_delay": dt, "max_delay": 10.0, "threads": threads, "spike_precision": "on_grid"}
    if backend == "spynn":
        return {"n_threads": threads}
    if "brian2" in backend:
        return {"min_delay": dt, "max_delay": 10.0}
    return {}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("backend", help="a PyNN backend module: spynn, pyNN.nest, pyNN.brian2, ...")
    ap.add_argument("workload", choices=sorted(WORKLOADS))
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--dt", type=float, default=0.1)
    ap.add_argument("--t-stop", type=float, default=None, help="[ms]; default 1000 (10000 for stdp)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="NEST threads / spynn emulator threads")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument(
        "--procedural",
        default="auto",
        help="spynn: large FixedProbability projections' rows made at each spike (on), held (off), made at each "
        "spike with the most used held within X bytes a synapse (a number X), or as memory needs (auto)",
    )
    args = ap.parse_args()
    t0 = time.perf_counter()
    sim = importlib.import_module(args.backend)
    rss_import = _rss_mb()
    kwargs = setup_kwargs(args.backend, args.dt, args.threads)
    if args.backend == "spynn" and args.procedural != "auto":
        choice = {"on": True, "off": False}
        kwargs["procedural_connectivity"] = (
            choice[args.procedural] if args.procedural in choice else float(args.procedural)
        )
    sim.setup(timestep=args.dt, **kwargs)
    net = WORKLOADS[args.workload](sim, args.scale, args.dt, 1000.0, args.seed)
    t_stop = args.t_stop or net.get("t_stop", 1000.0)
    t_build = time.perf_counter()
    rss_build = _rss_mb()
    # Synapses are counted outside the timed build and run: after the run on spynn (it makes
    # large projections there), before it on NEST (its GetConnections from Poisson generators
    # takes ~50 times longer after Simulate: 57 s for one projection at microcircuit x0.1).
    t_count = 0.0
    if "nest" in args.backend:
        synapses = sum(len(p) for p in net["projections"])
        t_count = time.perf_counter() - t_build
    sim.run(t_stop)
    t_run = time.perf_counter()
    if "nest" not in args.backend:
        synapses = sum(len(p) for p in net["projections"])
    spikes = n_trains = 0
    for pop in net["record"]:  # neo's arrays of (neuron, time): no SpikeTrain object per neuron
        trains = pop.get_data("spikes", clear=True).segments[0].spiketrains
        spikes += len(trains.multiplexed[1])
        n_trains += pop.size
    phases = dict(sim.get_timings()) if hasattr(sim, "get_timings") else None
    sim.end()
    t_end = time.perf_counter()
    out = {
        "backend": args.backend,
        "workload": args.workload,
        "scale": args.scale,
        "dt": args.dt,
        "t_stop_ms": t_stop,
        "threads": args.threads,
        "build_s": t_build - t0,
        "run_s": t_run - t_build - t_count,
        "end_to_end_s": t_end - t0,
        "peak_rss_mb": _rss_mb(),
        "rss_after_import_mb": rss_import,
        "rss_after_build_mb": rss_build,
        "spikes": spikes,
        "rate_hz": spikes / max(n_trains, 1) / (t_stop / 1000.0),
        "synapses": synapses,
        "neurons": net["neurons"],
    }
    if phases is not None:
        out["phases"] = {k: round(v, 4) for k, v in phases.items()}
    print(json.dumps(out))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()

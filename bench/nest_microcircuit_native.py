"""Potjans-Diesmann microcircuit in native PyNEST, identical in construction to
bench/workloads.py::microcircuit (same constants, same scaling rule), so
NEST's build/run time and firing rates can be compared with spynn without PyNN's
Python-side connectors (which draw every synapse in Python).

    python nest_microcircuit.py SCALE [--threads 2] [--t-stop 1000] [--seed 42] [--parrots]

Prints progress to stderr and one JSON line on stdout.

Mapping of the PyNN model:
  IF_curr_exp -> iaf_psc_exp (cm nF -> C_m pF x1000, i_offset nA -> I_e pA x1000, ...)
  weights nA -> pA (x1000); inhibitory weights negative (PyNN IF_curr_exp convention)
  FixedProbabilityConnector(p) (allow_self_connections=True by default in PyNN)
      -> pairwise_bernoulli, allow_autapses=True, allow_multapses=False
  RandomDistribution('normal_clipped', ...) (PyNN redraws out-of-bounds values)
      -> nest.math.redraw(nest.random.normal(...), min, max)
  one SpikeSourcePoisson per neuron, OneToOne
      -> default: one poisson_generator per population connected all_to_all (NEST draws
         an independent train for every target, as in NEST's own microcircuit example);
         --parrots: PyNN's pyNN.nest layout (one poisson_generator + parrot_neuron per
         neuron, parrot -> neuron one_to_one), for a like-for-like check against pyNN.nest.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

T0 = time.perf_counter()
LOAD0 = open("/proc/loadavg").read().split()[:3]  # the host is shared: record its load

import numpy as np  # noqa: E402

from workloads import (  # noqa: E402  the bench's own network: its constants and scaling
    MC_BG_RATE,
    MC_CELL,
    MC_DELAY,
    MC_K_EXT,
    MC_P,
    MC_POPS,
    MC_W,
    mc_scaled,
)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def cur_rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def cpu_snapshot() -> tuple[float, float]:
    """(whole-machine busy CPU seconds, this process's CPU seconds): their difference over an
    interval is the CPU other processes used meanwhile (the host is shared)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    busy = (v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)) / os.sysconf("SC_CLK_TCK")
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return busy, ru.ru_utime + ru.ru_stime


def others_cpu_s(a: tuple[float, float], b: tuple[float, float]) -> float:
    return round(max(0.0, (b[0] - a[0]) - (b[1] - a[1])), 2)


def log(msg: str) -> None:
    print(f"[{time.perf_counter() - T0:9.2f} s | RSS {cur_rss_mb():8.0f} MB | peak {rss_mb():8.0f} MB] {msg}",
          file=sys.stderr, flush=True)  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scale", type=float)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dt", type=float, default=0.1)
    ap.add_argument("--t-stop", type=float, default=1000.0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--parrots", action="store_true", help="PyNN's layout: a generator + parrot per neuron")
    ap.add_argument(
        "--precise",
        action="store_true",
        help="pyNN.nest's default spike_precision='off_grid': iaf_psc_exp_ps, poisson_generator_ps, parrot_neuron_ps",
    )
    ap.add_argument(
        "--record",
        choices=("recorder", "parrot"),
        default="recorder",
        help="recorder: a spike_recorder per population (ids and times of every spike); parrot: "
        "population spike counts through one parrot per population (saves ~32 KB per neuron)",
    )
    ap.add_argument(
        "--syn-models",
        choices=("per-source", "single"),
        default="per-source",
        help="per-source: a copy of static_synapse per source population (NEST allows at most "
        "2^27-2 connections per virtual process and synapse model, nest-simulator#1102/#1103: "
        "full scale on 2 threads has ~142 M per thread); single: static_synapse for all",
    )
    ap.add_argument("--out", default=None, help="also write the JSON here")
    args = ap.parse_args()
    scale, dt = args.scale, args.dt

    import nest

    t_import = time.perf_counter()
    rss_import = rss_mb()
    log(f"imported nest {nest.__version__}")

    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.WARNING
    nest.SetKernelStatus(
        {"resolution": dt, "local_num_threads": args.threads, "rng_seed": args.seed, "print_time": False}
    )
    t_setup = time.perf_counter()
    cpu_build0 = cpu_snapshot()

    n, w_rec, dc = mc_scaled(scale)  # the numbers of workloads.microcircuit

    c = MC_CELL
    m_neuron, m_gen, m_parrot = (
        ("iaf_psc_exp_ps", "poisson_generator_ps", "parrot_neuron_ps")
        if args.precise
        else ("iaf_psc_exp", "poisson_generator", "parrot_neuron")
    )
    pops, recs = [], []
    for i, _name in enumerate(MC_POPS):
        params = {
            "C_m": 1000.0 * c["cm"],
            "tau_m": c["tau_m"],
            "t_ref": c["tau_refrac"],
            "E_L": c["v_rest"],
            "V_reset": c["v_reset"],
            "V_th": c["v_thresh"],
            "tau_syn_ex": c["tau_syn_E"],
            "tau_syn_in": c["tau_syn_I"],
            "I_e": 1000.0 * float(dc[i]),
        }
        pop = nest.Create(m_neuron, int(n[i]), params=params)
        pop.V_m = nest.random.normal(mean=-58.0, std=10.0)
        pops.append(pop)
    log(f"created {int(n.sum())} neurons")

    def n_conn() -> int:
        return int(nest.GetKernelStatus("num_connections"))

    base = n_conn()  # 0
    bg_syn = {"synapse_model": "static_synapse", "weight": 1000.0 * MC_W, "delay": MC_DELAY[0]}
    proj_counts = {}
    syn_model = {}
    for j, name in enumerate(MC_POPS):
        if args.syn_models == "per-source":
            syn_model[j] = f"static_synapse_from_{name}"
            nest.CopyModel("static_synapse", syn_model[j])
        else:
            syn_model[j] = "static_synapse"
    for i, post in enumerate(pops):
        rate = MC_BG_RATE * MC_K_EXT[i]
        if args.parrots:
            gens = nest.Create(m_gen, len(post), params={"rate": rate})
            parrots = nest.Create(m_parrot, len(post))
            nest.Connect(gens, parrots, "one_to_one", {"delay": dt})
            nest.Connect(parrots, post, "one_to_one", bg_syn)
        else:
            gen = nest.Create(m_gen, params={"rate": rate})
            nest.Connect(gen, post, "all_to_all", bg_syn)
    bg_count = n_conn() - base
    log(f"background connected ({bg_count} connections)")

    for i, post in enumerate(pops):
        for j, pre in enumerate(pops):
            p = float(MC_P[i, j])
            if p == 0.0:
                continue
            exc = j % 2 == 0
            mean_w = 1000.0 * w_rec[i, j]  # [pA], negative for inhibitory
            mean_d = MC_DELAY[0 if exc else 1]
            lo_w, hi_w = (0.0, float("inf")) if exc else (-float("inf"), 0.0)
            before = n_conn()
            nest.Connect(
                pre,
                post,
                {"rule": "pairwise_bernoulli", "p": p, "allow_autapses": True, "allow_multapses": False},
                {
                    "synapse_model": syn_model[j],
                    "weight": nest.math.redraw(
                        nest.random.normal(mean=mean_w, std=abs(0.1 * mean_w)), min=lo_w, max=hi_w
                    ),
                    "delay": nest.math.redraw(nest.random.normal(mean=mean_d, std=0.5 * mean_d), min=dt, max=8.0),
                },
            )
            proj_counts[f"{MC_POPS[j]}->{MC_POPS[i]}"] = n_conn() - before
        log(f"connected onto {MC_POPS[i]} ({n_conn()} connections so far)")
    recurrent_and_bg = n_conn()
    # Recording, after every other node and connection so that node ids, thread assignment
    # and random streams are the same in both modes (their spike counts are then identical).
    recs = []
    if args.record == "recorder":
        # NEST 3.10 keeps each neuron -> device connection in its own per-source Connector
        # whose first block holds 1024 synapses: ~32 KB per recorded neuron (2.4 GiB at full scale)
        for pop in pops:
            rec = nest.Create("spike_recorder")
            nest.Connect(pop, rec)
            recs.append(rec)
    else:
        # population spike counter: pop -> one parrot (ordinary synapses, ~40 B each) -> recorder;
        # the parrot repeats every incoming spike (with multiplicity) dt later
        for pop in pops:
            par = nest.Create(m_parrot)
            nest.Connect(pop, par, "all_to_all", {"delay": dt})
            rec = nest.Create("spike_recorder")
            nest.Connect(par, rec)
            recs.append(rec)
    rec_conn = n_conn() - recurrent_and_bg
    log(f"recording ({args.record}) connected ({rec_conn} connections)")
    t_connected = time.perf_counter()
    rss_build = rss_mb()
    total_conn = n_conn()
    recurrent = sum(proj_counts.values())
    log(f"build done: {total_conn} connections ({recurrent} recurrent); simulating {args.t_stop} ms")

    # NEST's Prepare (connection-infrastructure finalisation) happens inside Simulate:
    # time it separately so 'run' can be reported with and without it.
    cpu_sim0 = cpu_snapshot()
    t_sim0 = time.perf_counter()
    nest.Prepare()
    t_prep = time.perf_counter()
    log(f"prepared ({t_prep - t_sim0:.2f} s)")
    chunk = 100.0
    t_done = 0.0
    while t_done < args.t_stop - 1e-9:
        step = min(chunk, args.t_stop - t_done)
        nest.Run(step)
        t_done += step
        log(f"simulated {t_done:.0f} ms")
    t_sim1_pre = time.perf_counter()
    cpu_sim1 = cpu_snapshot()
    if args.record == "parrot":
        nest.Run(2 * dt)  # untimed: lets the parrots repeat the spikes of the last step
    nest.Cleanup()
    t_sim1 = t_sim1_pre  # Cleanup (and the parrot-mode extra 0.2 ms) untimed: milliseconds

    lag = dt if args.record == "parrot" else 0.0
    spikes = [int(np.count_nonzero(r.events["times"] <= args.t_stop + lag + 1e-6)) for r in recs]
    rates = [s / int(n[i]) / (args.t_stop / 1000.0) for i, s in enumerate(spikes)]
    t_end = time.perf_counter()
    out = {
        "simulator": f"NEST {nest.__version__} native",
        "loadavg_start": LOAD0,
        "loadavg_end": open("/proc/loadavg").read().split()[:3],
        "scale": scale,
        "dt": dt,
        "t_stop_ms": args.t_stop,
        "threads": args.threads,
        "seed": args.seed,
        "parrots": args.parrots,
        "precise": args.precise,
        "neuron_model": m_neuron,
        "neurons": int(n.sum()),
        "neurons_per_pop": dict(zip(MC_POPS, map(int, n))),
        "import_s": t_import - T0,
        "build_s": t_connected - t_setup,  # create + connect (after kernel setup)
        "build_incl_import_s": t_connected - T0,  # comparable to bench/workloads.py build_s
        "prepare_s": t_prep - t_sim0,
        "run_s": t_sim1 - t_sim0,  # Prepare + Run(t_stop) == nest.Simulate(t_stop) less its Cleanup
        "run_loop_s": t_sim1 - t_prep,
        "total_s": t_end - T0,
        "own_cpu_build_s": round(cpu_sim0[1] - cpu_build0[1], 2),
        "own_cpu_run_s": round(cpu_sim1[1] - cpu_sim0[1], 2),
        "others_cpu_during_build_s": others_cpu_s(cpu_build0, cpu_sim0),
        "others_cpu_during_run_s": others_cpu_s(cpu_sim0, cpu_sim1),
        "peak_rss_mb": rss_mb(),
        "rss_after_import_mb": rss_import,
        "rss_after_build_mb": rss_build,
        "num_connections": total_conn,
        "recurrent_synapses": recurrent,
        "background_connections": bg_count,
        "record_mode": args.record,
        "syn_models": args.syn_models,
        "recording_connections": rec_conn,
        "synapses_as_bench": recurrent + int(n.sum()),  # bench counts recurrent + one bg synapse per neuron
        "spikes_per_pop": dict(zip(MC_POPS, spikes)),
        "rate_hz_per_pop": {k: round(r, 4) for k, r in zip(MC_POPS, rates)},
        "spikes": int(sum(spikes)),
        "rate_hz": sum(spikes) / int(n.sum()) / (args.t_stop / 1000.0),
        "projection_synapses": proj_counts,
    }
    line = json.dumps(out)
    print(line, flush=True)
    if args.out:
        with open(args.out, "w") as f:
            f.write(line + "\n")


if __name__ == "__main__":
    main()

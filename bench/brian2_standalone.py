"""VA-CUBA written natively for Brian2's C++ standalone mode: the reference for "faster
than Brian2 standalone" (pyNN.brian2 only drives Brian2's runtime mode).

The same network as bench/workloads.py's va_cuba (same cells, weights, delays, in-degree,
kick-off input; its own random numbers). Prints one JSON line like workloads.py, with
"loop_s" = the compiled binary's own simulation time (Brian2's device._last_run_time)
and "compile_s" = code generation + C++ compilation + the binary's run minus loop_s
(the project directory is reused between runs of one size, so repetitions recompile
only what changed, as a Brian2 user running a script again would see; --fresh starts from
an empty directory, as at a script's first run, so everything is generated and compiled).

    /work/venv-brian2/bin/python bench/brian2_standalone.py --scale 1 --dt 0.1
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import tempfile
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--dt", type=float, default=0.1)
    ap.add_argument("--t-stop", type=float, default=1000.0)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--fresh", action="store_true", help="an empty project directory: compile everything")
    args = ap.parse_args()
    t0 = time.perf_counter()
    import brian2 as b2
    from brian2 import ms, mV, nA, nF

    rss_import = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0

    # one project directory per network size, reused: Brian2 then recompiles only what changed
    workdir = os.path.join(tempfile.gettempdir(), f"spynn_bench_b2sa_{args.scale:g}_{args.dt:g}_{args.threads}")
    if args.fresh:
        workdir = tempfile.mkdtemp(prefix="spynn_bench_b2sa_fresh_")
    b2.set_device("cpp_standalone", directory=workdir)
    b2.prefs.devices.cpp_standalone.openmp_threads = args.threads if args.threads > 1 else 0
    b2.prefs.logging.console_log_level = "WARNING"
    b2.seed(args.seed)
    b2.defaultclock.dt = args.dt * ms
    n = int(round(4000 * args.scale))
    n_exc = int(0.8 * n)
    eqs = """dv/dt = (v_rest - v) / tau_m + (i_e + i_i) / c_m : volt (unless refractory)
             di_e/dt = -i_e / tau_e : amp
             di_i/dt = -i_i / tau_i : amp"""
    ns = dict(v_rest=-49.0 * mV, tau_m=20.0 * ms, c_m=0.2 * nF, tau_e=5.0 * ms, tau_i=10.0 * ms)
    cells = b2.NeuronGroup(
        n, eqs, threshold="v > -50*mV", reset="v = -60*mV", refractory=5.0 * ms, method="exact", namespace=ns
    )
    cells.v = "-60*mV + 10*mV*rand()"
    exc, inh = cells[:n_exc], cells[n_exc:]
    delay = (max(args.dt, 0.2) if args.dt < 1.0 else 1.0) * ms
    w_exc, w_inh = 1e-3 * 0.27 * 60.0 * nA, 1e-3 * 4.5 * -20.0 * nA
    s_exc = b2.Synapses(exc, cells, on_pre=f"i_e_post += {float(w_exc / nA)!r}*nA", delay=delay)
    s_exc.connect(p=80.0 / n)
    s_inh = b2.Synapses(inh, cells, on_pre=f"i_i_post += {float(w_inh / nA)!r}*nA", delay=delay)
    s_inh.connect(p=80.0 / n)
    ext = b2.PoissonGroup(20, rates="50*Hz*int(t < 50*ms)")
    s_ext = b2.Synapses(ext, exc, on_pre="i_e_post += 0.1*nA", delay=1.0 * ms)
    s_ext.connect(p=0.1)
    mon = b2.SpikeMonitor(exc)
    net = b2.Network(cells, s_exc, s_inh, ext, s_ext, mon)
    t_build = time.perf_counter()
    net.run(args.t_stop * ms)  # generates, compiles and runs the C++ project
    t_run = time.perf_counter()
    spikes = int(mon.num_spikes)
    synapses = int(len(s_exc) + len(s_inh) + len(s_ext))
    t_end = time.perf_counter()
    if args.fresh:
        shutil.rmtree(workdir, ignore_errors=True)
    loop_s = float(b2.device._last_run_time)
    print(
        json.dumps(
            {
                "backend": "brian2_standalone_fresh" if args.fresh else "brian2_standalone",
                "workload": "va_cuba",
                "scale": args.scale,
                "dt": args.dt,
                "t_stop_ms": args.t_stop,
                "threads": args.threads,
                "build_s": t_build - t0,
                "run_s": t_run - t_build,
                "end_to_end_s": t_end - t0,
                "loop_s": loop_s,
                "compile_s": t_run - t_build - loop_s,
                "peak_rss_mb": max(
                    resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                )
                / 1024.0,
                "rss_after_import_mb": rss_import,
                "spikes": spikes,
                "rate_hz": spikes / n_exc / (args.t_stop / 1000.0),
                "synapses": synapses,
                "neurons": n,
            }
        )
    )


if __name__ == "__main__":
    main()

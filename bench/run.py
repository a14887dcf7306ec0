"""Run the benchmark workloads (bench/workloads.py) on spynn, NEST and Brian2 in one
invocation and print one table: build / run / end-to-end seconds (min and median over
the repetitions), peak RSS, spikes, mean rate, synapses, and the spynn/NEST ratio of
every time (and spynn/Brian2 end to end). Each run is a fresh process.

    python bench/run.py                          # the default set, about 5 minutes
    python bench/run.py --full                   # + pyNN.brian2, VA-CUBA x16, full-scale microcircuit
    python bench/run.py --case va_cuba:4 stdp --repeat 5 --phases
    python bench/run.py --case microcircuit:0.1:0.1:spynn+pyNN.nest --json out.json

A case is workload[:scale[:dt[:backend+backend...]]]. pyNN.brian2 runs in a separate
interpreter (--brian2-python, default /work/venv-brian2/bin/python when it exists),
because Brian2 needs its own environment. A benchmark, never a timed test: nothing
here asserts on a time."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BRIAN2_VENV_PYTHON = Path("/work/venv-brian2/bin/python")
ALL_BACKENDS = ("spynn", "pyNN.nest", "pyNN.brian2", "brian2_standalone", "brian2_standalone_fresh")
#: spynn with another setup(procedural_connectivity=...), by name (pick one in a case, e.g.
#: microcircuit:1:0.1:spynn+spynn_procedural): large FixedProbability projections' rows made at
#: each spike (spynn_procedural), or made at each spike with the most used held within 2.5 bytes a
#: synapse (spynn_hot: the full microcircuit's 5 bytes a synapse in all)
SPYNN_VARIANTS = {"spynn_procedural": "on", "spynn_hot": "2.5"}
#: brian2_standalone is bench/brian2_standalone.py (VA-CUBA only), not a PyNN backend: its project
#: directory is reused between runs (only what changed is recompiled, as when a script is run
#: again); brian2_standalone_fresh starts from an empty one (everything generated and compiled,
#: as at a script's first run).
STANDALONE_WORKLOADS = {"brian2_standalone": ("va_cuba",), "brian2_standalone_fresh": ("va_cuba",)}


@dataclass(frozen=True)
class Case:
    workload: str
    scale: float = 1.0
    dt: float = 0.1
    backends: tuple[str, ...] | None = None  # None: every chosen backend

    @property
    def label(self) -> str:
        return f"{self.workload} x{self.scale:g} dt{self.dt:g}"

    @classmethod
    def parse(cls, spec: str) -> Case:
        parts = spec.split(":")
        return cls(
            parts[0],
            float(parts[1]) if len(parts) > 1 and parts[1] else 1.0,
            float(parts[2]) if len(parts) > 2 and parts[2] else 0.1,
            tuple(parts[3].split("+")) if len(parts) > 3 and parts[3] else None,
        )


#: pyNN.brian2 connects one post-synaptic column at a time and each column searches every
#: synapse made so far (brian2 Synapses find_synapses): quadratic (~110 s to build VA-CUBA x1),
#: so only --full runs it, and only on the small cases.
_NO_PYNN_BRIAN2 = ("spynn", "pyNN.nest", "brian2_standalone", "brian2_standalone_fresh")
DEFAULT_CASES = (
    Case("va_cuba", 1, 0.1, _NO_PYNN_BRIAN2),
    Case("va_cuba", 1, 1.0, _NO_PYNN_BRIAN2),
    Case("va_cuba", 4, 0.1, _NO_PYNN_BRIAN2),
    Case("va_cuba", 16, 0.1, ("spynn", "brian2_standalone", "brian2_standalone_fresh")),
    Case("poisson_10k", 1, 0.1, _NO_PYNN_BRIAN2),
    Case("stdp", 1, 0.1, _NO_PYNN_BRIAN2),
    Case("microcircuit", 0.1, 0.1, _NO_PYNN_BRIAN2),
)
FULL_CASES = (
    Case("va_cuba", 1, 0.1),
    Case("va_cuba", 1, 1.0),
    Case("va_cuba", 4, 0.1, _NO_PYNN_BRIAN2),
    Case("va_cuba", 16, 0.1, _NO_PYNN_BRIAN2),
    Case("poisson_10k", 1, 0.1, _NO_PYNN_BRIAN2),
    Case("stdp", 1, 0.1),
    Case("microcircuit", 0.1, 0.1, _NO_PYNN_BRIAN2),
    Case("microcircuit", 1.0, 0.1, ("spynn", "spynn_hot")),
)

#: spynn's phases (sim.get_timings() keys) grouped as the table shows them.
PHASE_GROUPS = {
    "mapping": ("graph", "partition", "place_route"),
    "rows": ("synapses",),
    "image": ("images", "sdram"),
    "load": ("load",),
    "loop": ("run",),
    "readback": ("read_back",),
}


def interpreter(backend: str, args) -> str | None:
    if "brian2" not in backend:
        return sys.executable
    if args.brian2_python:
        return args.brian2_python
    return str(BRIAN2_VENV_PYTHON) if BRIAN2_VENV_PYTHON.exists() else None


def importable(python: str, backend: str, env: dict) -> tuple[bool, str]:
    module = "brian2" if backend.startswith("brian2_standalone") else "spynn" if backend in SPYNN_VARIANTS else backend
    proc = subprocess.run([python, "-c", f"import {module}"], capture_output=True, text=True, env=env, timeout=300)
    return proc.returncode == 0, (proc.stderr.strip().splitlines() or [""])[-1]


def backend_env(backend: str, args) -> dict:
    env = dict(os.environ)
    if (backend == "spynn" or backend in SPYNN_VARIANTS) and args.spynn_path:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [args.spynn_path, env.get("PYTHONPATH", "")]))
    return env


def run_once(python: str, env: dict, backend: str, case: Case, args) -> dict:
    if backend.startswith("brian2_standalone"):
        cmd = [python, str(HERE / "brian2_standalone.py"), "--threads", str(args.brian2_threads)]
        cmd += ["--fresh"] if backend == "brian2_standalone_fresh" else []
    elif backend in SPYNN_VARIANTS:
        cmd = [python, str(HERE / "workloads.py"), "spynn", case.workload, "--threads", str(args.threads)]
        cmd += ["--procedural", SPYNN_VARIANTS[backend]]
    else:
        cmd = [python, str(HERE / "workloads.py"), backend, case.workload, "--threads", str(args.threads)]
    cmd += ["--scale", str(case.scale), "--dt", str(case.dt)]
    if args.t_stop:
        cmd += ["--t-stop", str(args.t_stop)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {args.timeout} s"}
    lines = proc.stdout.strip().splitlines()
    if proc.returncode or not lines:
        err = proc.stderr.strip().splitlines()
        return {"error": (err[-1] if err else "") + f" (exit {proc.returncode})", "stderr": "\n".join(err[-30:])}
    return json.loads(lines[-1])


def spynn_derived(r: dict) -> None:
    """Phase groups, synapses packed per second and host bytes per synapse for a spynn run."""
    ph = r.get("phases") or {}
    r["phase_groups"] = {g: sum(ph.get(k, 0.0) for k in keys) for g, keys in PHASE_GROUPS.items()}
    rows = ph.get("synapses", 0.0)
    r["synapses_packed_per_s"] = r["synapses"] / rows if rows > 0 else None
    r["loop_realtime_factor"] = ph.get("run", 0.0) / (r["t_stop_ms"] / 1000.0)


def summarise(runs: list[dict]) -> dict:
    s = {}
    for k in ("build_s", "run_s", "end_to_end_s", "peak_rss_mb"):
        vals = [r[k] for r in runs]
        s[k] = {"min": min(vals), "median": statistics.median(vals)}
    first = runs[0]
    for k in ("spikes", "rate_hz", "synapses", "neurons", "t_stop_ms"):
        s[k] = first[k]
    extra = first["peak_rss_mb"] - first["rss_after_import_mb"]
    s["bytes_per_synapse"] = extra * 2**20 / first["synapses"] if first["synapses"] else None
    s["realtime_factor"] = s["run_s"]["median"] / (first["t_stop_ms"] / 1000.0)
    if "loop_s" in first:
        s["loop_s"] = statistics.median(r["loop_s"] for r in runs)
    if "phases" in first:
        s["phase_groups"] = {
            g: statistics.median(r["phase_groups"][g] for r in runs) for g in PHASE_GROUPS
        }  # fmt: skip
        packed = [r["synapses_packed_per_s"] for r in runs if r["synapses_packed_per_s"]]
        s["synapses_packed_per_s"] = statistics.median(packed) if packed else None
        s["loop_realtime_factor"] = statistics.median(r["loop_realtime_factor"] for r in runs)
    return s


def fmt_pair(d: dict, width: int = 15, prec: int = 2) -> str:
    return f"{d['min']:.{prec}f}/{d['median']:.{prec}f}".rjust(width)


def loop_s(s: dict) -> str:
    """The simulation loop alone, where the simulator reports it (spynn's C loop, Brian2 standalone's binary)."""
    loop = s["phase_groups"]["loop"] if "phase_groups" in s else s.get("loop_s")
    return "-" if loop is None else f"{loop:.3f}"


def ok(s: dict | None) -> dict | None:
    return None if s is None or "error" in s else s


def ratio(a: dict | None, b: dict | None, key: str, width: int = 8) -> str:
    if a is None or b is None or b[key]["median"] <= 0:
        return "-".rjust(width)
    return f"{a[key]['median'] / b[key]['median']:.2f}".rjust(width)


def print_table(cases: list[Case], results: dict, repeats: dict) -> None:
    head = (
        f"{'case':<25}{'backend':<18}{'n':>2}{'build s min/med':>16}{'run s min/med':>16}{'e2e s min/med':>16}"
        f"{'loop s':>8}"
        f"{'RSS MB':>8}{'spikes':>10}{'Hz':>6}{'synapses':>11}{'RTF':>7}"
        f"{'build/N':>8}{'run/N':>8}{'e2e/N':>8}{'e2e/B2':>8}{'e2e/B2sa':>9}{'e2e/B2sa1':>10}"
    )
    print(head)
    print("-" * len(head))
    for case in cases:
        per = results.get(case.label, {})
        nest, brian, sa, sa1 = (
            ok(per.get(b)) for b in ("pyNN.nest", "pyNN.brian2", "brian2_standalone", "brian2_standalone_fresh")
        )
        for backend, s in per.items():
            if "error" in s:
                print(f"{case.label:<25}{backend:<18}  FAILED: {s['error'][:150]}")
                continue
            is_spynn = backend == "spynn" or backend in SPYNN_VARIANTS
            print(
                f"{case.label:<25}{backend:<18}{repeats[case.label][backend]:>2}"
                f"{fmt_pair(s['build_s'], 16)}{fmt_pair(s['run_s'], 16, 3)}{fmt_pair(s['end_to_end_s'], 16)}"
                f"{loop_s(s):>8}"
                f"{s['peak_rss_mb']['median']:>8.0f}{s['spikes']:>10}{s['rate_hz']:>6.1f}{s['synapses']:>11}"
                f"{s['realtime_factor']:>7.2f}"
                + (
                    ratio(s, nest, "build_s")
                    + ratio(s, nest, "run_s")
                    + ratio(s, nest, "end_to_end_s")
                    + ratio(s, brian, "end_to_end_s")
                    + ratio(s, sa, "end_to_end_s", 9)
                    + ratio(s, sa1, "end_to_end_s", 10)
                    if is_spynn
                    else f"{'':>51}"
                )  # fmt: skip
            )
    print(
        "times in s, min/median of n runs (fresh processes); run = sim.run() wall time (spynn maps and loads "
        "lazily inside it);\nloop s = the simulation loop alone (median) where the simulator reports it;\n"
        "RTF = run s / simulated s; ratios are spynn/peer medians (< 1: spynn faster); "
        "N = pyNN.nest, B2 = pyNN.brian2,\nB2sa = Brian2 C++ standalone (bench/brian2_standalone.py; "
        "its run includes code generation and compilation),\nB2sa1 = the same at a script's first run "
        "(brian2_standalone_fresh: everything compiled, nothing reused)"
    )


def print_phases(cases: list[Case], results: dict) -> None:
    head = (
        f"{'case':<33}" + "".join(f"{g:>10}" for g in PHASE_GROUPS)
        + f"{'Msyn/s':>9}{'loop RTF':>9}{'B/syn':>7}{'loop/N run':>11}{'loop/B2sa':>10}"
    )  # fmt: skip
    print("\nspynn phases (median s): mapping = graph+partition+place_route, rows = synapse packing, "
          "image = images+sdram, loop = C tick loop")  # fmt: skip
    print(head)
    print("-" * len(head))
    for case, backend in ((c, b) for c in cases for b in ("spynn", *SPYNN_VARIANTS)):
        s = results.get(case.label, {}).get(backend)
        if not s or "error" in s or "phase_groups" not in s:
            continue
        nest = ok(results[case.label].get("pyNN.nest"))
        sa = ok(results[case.label].get("brian2_standalone"))
        packed = s.get("synapses_packed_per_s")
        loop_vs_nest = (
            f"{s['phase_groups']['loop'] / nest['run_s']['median']:>11.2f}"
            if nest and "error" not in nest
            else f"{'-':>11}"
        )
        label = case.label if backend == "spynn" else f"{case.label} {backend}"
        print(
            f"{label:<33}"
            + "".join(f"{s['phase_groups'][g]:>10.3f}" for g in PHASE_GROUPS)
            + (f"{packed / 1e6:>9.1f}" if packed else f"{'-':>9}")
            + f"{s['loop_realtime_factor']:>9.2f}"
            + (f"{s['bytes_per_synapse']:>7.1f}" if s["bytes_per_synapse"] is not None else f"{'-':>7}")
            + loop_vs_nest
            + (f"{s['phase_groups']['loop'] / sa['loop_s']:>10.2f}" if sa else f"{'-':>10}")
        )
    print("B/syn = (peak RSS - RSS after import) / synapses; loop/N run = spynn's C loop / NEST's sim.run();\n"
          "loop/B2sa = spynn's C loop / the Brian2 standalone binary's own run time")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--case", nargs="+", default=None, help="workload[:scale[:dt[:backend+...]]]")
    ap.add_argument("--full", action="store_true", help="the full set (adds VA-CUBA x16, full microcircuit)")
    ap.add_argument("--backends", nargs="+", default=[*ALL_BACKENDS, *SPYNN_VARIANTS])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--max-time", type=float, default=60.0, help="stop repeating a case on a backend after this many s")
    ap.add_argument("--timeout", type=float, default=3600.0, help="per run [s]")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="NEST threads / spynn emulator threads")
    ap.add_argument(
        "--brian2-threads",
        type=int,
        default=1,
        help="OpenMP threads of the Brian2 standalone binary (Brian2's default 1; OpenMP spins on a busy host)",
    )
    ap.add_argument("--t-stop", type=float, default=None, help="override every workload's simulated time [ms]")
    ap.add_argument("--brian2-python", default=None, help=f"interpreter for pyNN.brian2 (default {BRIAN2_VENV_PYTHON})")
    ap.add_argument("--spynn-path", default=None, help="prepend to PYTHONPATH for spynn (e.g. a clean checkout)")
    ap.add_argument("--phases", action="store_true", help="also print spynn's phase breakdown")
    ap.add_argument("--json", default=None, help="write every run and the summaries here")
    args = ap.parse_args()
    cases = [Case.parse(c) for c in args.case] if args.case else list(FULL_CASES if args.full else DEFAULT_CASES)

    backends = []
    for b in args.backends:
        python = interpreter(b, args)
        ok, why = importable(python, b, backend_env(b, args)) if python else (False, "no interpreter")
        if ok:
            backends.append(b)
        else:
            print(f"# {b}: skipped ({why})", file=sys.stderr)

    raw: dict = {}
    results: dict = {}
    repeats: dict = {}
    for case in cases:
        chosen = [
            b
            for b in backends
            if (b in case.backends if case.backends else b not in SPYNN_VARIANTS)  # variants: where named
            and case.workload in STANDALONE_WORKLOADS.get(b, (case.workload,))
        ]
        runs = {b: [] for b in chosen}
        spent = {b: 0.0 for b in chosen}
        failed: dict = {}
        for rep in range(args.repeat):
            for b in chosen:
                if b in failed or spent[b] > args.max_time:
                    continue
                t0 = time.perf_counter()
                r = run_once(interpreter(b, args), backend_env(b, args), b, case, args)
                spent[b] += time.perf_counter() - t0
                if "error" in r:
                    failed[b] = r
                    print(f"# {case.label} {b}: {r['error']}\n{r.get('stderr', '')}", file=sys.stderr)
                    continue
                if "phases" in r:
                    spynn_derived(r)
                runs[b].append(r)
                print(f"# {case.label} {b} rep {rep + 1}: run {r['run_s']:.3f} s, e2e {r['end_to_end_s']:.2f} s",
                      file=sys.stderr, flush=True)  # fmt: skip
        raw[case.label] = runs
        results[case.label] = {b: (summarise(runs[b]) if runs[b] else failed[b]) for b in chosen}
        repeats[case.label] = {b: len(runs[b]) for b in chosen}

    print_table(cases, results, repeats)
    if args.phases:
        print_phases(cases, results)
    if args.json:
        meta = {
            "threads": args.threads,
            "brian2_threads": args.brian2_threads,
            "spynn_path": args.spynn_path,
            "cpus": os.cpu_count(),
            "argv": sys.argv,
        }
        Path(args.json).write_text(json.dumps({"meta": meta, "summary": results, "runs": raw}, indent=1))


if __name__ == "__main__":
    main()

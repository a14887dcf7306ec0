"""Run the benchmark workloads on spynn and NEST (and Brian2 where it imports) in one
invocation and print one table, with the spynn/NEST ratio of every time.

    python bench/run.py                      # VA-CUBA x1 at dt 0.1 and 1.0, 3 repetitions
    python bench/run.py --scales 1 4 --repeat 5

A benchmark, never a timed test: nothing here asserts on a time."""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available(backend: str) -> bool:
    root = backend.split(".")[-1] if backend.startswith("pyNN.") else backend
    probe = {"nest": "nest", "brian2": "brian2", "spynn": "spynn"}.get(root, root)
    return importlib.util.find_spec(probe) is not None


def run_once(backend: str, workload: str, scale: float, dt: float) -> dict:
    cmd = [sys.executable, str(HERE / "workloads.py"), backend, workload, "--scale", str(scale), "--dt", str(dt)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--backends", nargs="+", default=["spynn", "pyNN.nest", "pyNN.brian2"])
    ap.add_argument("--scales", nargs="+", type=float, default=[1.0])
    ap.add_argument("--dts", nargs="+", type=float, default=[0.1, 1.0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    backends = [b for b in args.backends if available(b)]
    header = (
        f"{'workload':<20}{'backend':<12}{'build s':>10}{'run s':>10}{'e2e s':>10}"
        f"{'RSS MB':>9}{'spikes':>9}{'Hz':>7}{'synapses':>11}"
    )
    print(header + f"{'run/NEST':>10}{'e2e/NEST':>10}")
    for scale in args.scales:
        for dt in args.dts:
            rows = {}
            for backend in backends:
                runs = [run_once(backend, "va_cuba", scale, dt) for _ in range(args.repeat)]
                ok = [r for r in runs if "error" not in r]
                if not ok:
                    print(f"{'va_cuba':<20}{backend:<12}  failed: {runs[0]['error']}")
                    continue
                med = {
                    k: statistics.median(r[k] for r in ok) for k in ("build_s", "run_s", "end_to_end_s", "peak_rss_mb")
                }
                med["min_run_s"] = min(r["run_s"] for r in ok)
                rows[backend] = (med, ok[0])
            nest = rows.get("pyNN.nest", (None,))[0]
            for backend, (med, first) in rows.items():
                label = f"x{scale:g} dt{dt:g}"
                ratio = (
                    f"{med['run_s'] / nest['run_s']:>10.2f}{med['end_to_end_s'] / nest['end_to_end_s']:>10.2f}"
                    if nest
                    else f"{'-':>10}{'-':>10}"
                )
                print(
                    f"{'va_cuba ' + label:<20}{backend:<12}{med['build_s']:>10.2f}{med['run_s']:>10.3f}"
                    f"{med['end_to_end_s']:>10.2f}{med['peak_rss_mb']:>9.0f}{first['spikes']:>9}"
                    f"{first['rate_hz']:>7.1f}{first['synapses']:>11}{ratio}"
                )
    print(f"(medians of {args.repeat} runs; times in seconds; ratios < 1 mean spynn is faster)")


if __name__ == "__main__":
    main()

"""Projection() time of PyNN connectors on any backends, side by side, each case in a fresh
process: `python bench/connectors.py [--n 10000] [--backends spynn pyNN.nest] [--cases ...]`.

Cases (n -> n neurons; about 100 connections per neuron where the connector allows):
FixedProbability(100/n), FixedNumberPost(100), FromList (100 n pairs, given as a numpy array,
with weights and delays), DistanceDependentProbability on 2-D grids (p = 0.3 exp(-d/5)),
DisplacementDependentProbability on them (p = 0.3 exp(-(dx^2 + 4 dy^2)/25)), Clone of the
FixedProbability projection.  Prints seconds per case and the ratio to the first
backend.  A benchmark, never a test: nothing here asserts on a time."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import time

import numpy as np

CASES = ("fixed_probability", "fixed_number_post", "from_list", "distance_dependent", "displacement_dependent", "clone")


def _displacement(d):
    return 0.3 * np.exp(-(d[0] ** 2 + 4.0 * d[1] ** 2) / 25.0)


def one(backend: str, case: str, n: int) -> dict:
    sim = importlib.import_module(backend)
    from pyNN.random import NumpyRNG
    from pyNN.space import Grid2D

    sim.setup(timestep=0.1)
    grid = case in ("distance_dependent", "displacement_dependent")
    a = sim.Population(n, sim.IF_curr_exp(), structure=Grid2D() if grid else None)
    b = sim.Population(n, sim.IF_curr_exp(), structure=Grid2D() if grid else None)
    syn = sim.StaticSynapse(weight=0.1, delay=1.0)
    rng = NumpyRNG(seed=1)
    if case == "from_list":
        r = np.random.default_rng(2)
        m = 100 * n
        rows = np.column_stack([r.integers(0, n, m), r.integers(0, n, m), r.uniform(0.05, 0.2, m), np.ones(m)])
        connector = sim.FromListConnector(rows)
    elif case == "clone":
        ref = sim.Projection(a, b, sim.FixedProbabilityConnector(100.0 / n, rng=rng), syn)
        connector = sim.CloneConnector(ref)
    else:
        connector = {
            "fixed_probability": lambda: sim.FixedProbabilityConnector(100.0 / n, rng=rng),
            "fixed_number_post": lambda: sim.FixedNumberPostConnector(100, rng=rng),
            "distance_dependent": lambda: sim.DistanceDependentProbabilityConnector("0.3*exp(-d/5.0)", rng=rng),
            "displacement_dependent": lambda: sim.DisplacementDependentProbabilityConnector(_displacement, rng=rng),
        }[case]()
    t = time.perf_counter()
    prj = sim.Projection(a, b, connector, syn)
    seconds = time.perf_counter() - t
    out = {"backend": backend, "case": case, "n": n, "seconds": seconds, "connections": len(prj)}
    sim.end()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--backends", nargs="+", default=["spynn", "pyNN.nest"])
    ap.add_argument("--cases", nargs="+", default=list(CASES), choices=CASES)
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--one", nargs=2, metavar=("BACKEND", "CASE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], args.one[1], args.n)))
        return
    print(f"Projection() seconds, {args.n} -> {args.n} neurons")
    print(f"{'case':22s}" + "".join(f"{b:>14s}" for b in args.backends) + f"{'connections':>14s}  ratio")
    for case in args.cases:
        times, count = [], None
        for backend in args.backends:
            cmd = [sys.executable, __file__, "--n", str(args.n), "--one", backend, case]
            try:
                run = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
                rec = json.loads(run.stdout.strip().splitlines()[-1])
                times.append(rec["seconds"])
                count = count or rec["connections"]
            except (subprocess.TimeoutExpired, IndexError, json.JSONDecodeError):
                times.append(float("nan"))
        ratios = " ".join(f"{t / times[0]:.1f}" for t in times[1:])
        print(f"{case:22s}" + "".join(f"{t:14.2f}" for t in times) + f"{count or 0:14d}  {ratios}", flush=True)


if __name__ == "__main__":
    main()

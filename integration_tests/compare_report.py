"""Print how closely spynn agrees with NEST on the networks of test_against_nest.py.

    /work/venv/bin/python integration_tests/compare_report.py [--trials N] [--only synfire|balanced]
                                                              [--json FILE]

Synfire chain (dt 1.0 and 0.1 ms): spike counts, spike-time differences, membrane
potential differences (whole trace, and at rest).  Balanced network (dt 1.0 and
0.1 ms): mean rates per trial and their means in both backends, the relative
difference, the trial-to-trial spread, ISI CV, and the correlation of the neurons'
rates between the backends.  Each backend runs in its own process (nest_compare.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nest_compare as nc

#: spynn provenance counters that mean lost or distorted input.
PROVENANCE_FLAGS = (
    "saturations",
    "no_route_packets",
    "invalid_keys",
    "late_spikes",
    "input_buffer_overflows",
    "recording_overflows",
    "poisson_capped",
)


def synfire_report(workdir) -> dict:
    out = {}
    for dt, p in nc.SYNFIRE.items():
        t0 = time.perf_counter()
        runs = nc.run_both("synfire", p, workdir)
        wall = time.perf_counter() - t0
        nest, spynn = runs["nest"], runs["spynn"]
        cmp = nc.compare_spike_times(nest.trains("chain"), spynn.trains("chain"), tol_ms=dt)
        v = nc.compare_signal(nest, spynn, "chain", "v")
        at_rest, n_rest = nc.rest_deviation(nest, spynn, "chain", nc.SYNFIRE_CELL["v_rest"])
        out[dt] = {
            "spikes_nest": cmp.count_a,
            "spikes_spynn": cmp.count_b,
            "neurons_with_different_counts": len(cmp.neurons_count_differs),
            "max_spike_time_diff_ms": cmp.max_abs_diff_ms,
            "spikes_differing": cmp.n_spikes_differ,
            "spikes_beyond_one_dt": cmp.n_spikes_beyond_tol,
            "first_differences": cmp.first_differences,
            "v_max_abs_diff_mV": v["max_abs_diff"],
            "v_at_rest_max_abs_diff_mV": at_rest,
            "v_at_rest_samples": n_rest,
            "v_at_rest_allowed_mV": 2 * nc.v_dead_band_mv(dt, nc.SYNFIRE_CELL["tau_m"]),
            "connectivity_differences": nc.connectivity_differences(nest, spynn),
            "wall_s": wall,
            "nest_run_s": nest.meta["run_s"],
            "spynn_run_s": spynn.meta["run_s"],
        }
        r = out[dt]
        print(f"synfire dt={dt} ms ({p['n']} neurons, delay {p['delay']} ms, {p['t_stop']:.0f} ms):")
        print(
            f"  spikes: NEST {r['spikes_nest']}, spynn {r['spikes_spynn']}, neurons with different counts: "
            f"{r['neurons_with_different_counts']}"
        )
        print(
            f"  max |t_spynn - t_nest| = {r['max_spike_time_diff_ms']:.3g} ms; spikes differing at all: "
            f"{r['spikes_differing']}; beyond one dt: {r['spikes_beyond_one_dt']}"
        )
        if cmp.first_differences:
            print(f"  earliest differences (neuron, k, t_nest, t_spynn): {cmp.first_differences}")
        print(
            f"  v (neurons {p['v_neurons']}): max |dv| = {r['v_max_abs_diff_mV']:.5f} mV over the whole trace; "
            f"at rest ({n_rest} samples) {at_rest:.5f} mV (allowed {r['v_at_rest_allowed_mV']:.5f})"
        )
        print(
            f"  connectivity differences: {r['connectivity_differences'] or 'none'}; wall {wall:.1f} s "
            f"(run: NEST {r['nest_run_s']:.2f} s, spynn {r['spynn_run_s']:.2f} s)"
        )
    return out


def balanced_report(workdir, n_trials: int) -> dict:
    out = {}
    for dt, p in nc.BALANCED.items():
        t0 = time.perf_counter()
        runs = nc.run_trials("balanced", p, n_trials, workdir)
        wall = time.perf_counter() - t0
        problems = sorted({d for a, b in zip(runs["nest"], runs["spynn"]) for d in nc.connectivity_differences(a, b)})
        r = {"trials": n_trials, "wall_s": wall, "connectivity_differences": problems}
        print(
            f"balanced dt={dt} ms ({p['n_exc']} exc + {p['n_inh']} inh, p={p['p_connect']}, "
            f"{p['t_stop']:.0f} ms, {n_trials} trials):"
        )
        for label in ("exc", "inh"):
            rn = nc.trial_rates(runs["nest"], label, p["t_stop"])
            rs = nc.trial_rates(runs["spynn"], label, p["t_stop"])
            rel = (rs.mean() - rn.mean()) / rn.mean()
            r[label] = {
                "nest_rates_hz": rn.tolist(),
                "spynn_rates_hz": rs.tolist(),
                "nest_mean_hz": float(rn.mean()),
                "spynn_mean_hz": float(rs.mean()),
                "relative_diff": float(rel),
                "nest_sd_hz": float(rn.std(ddof=1)) if n_trials > 1 else None,
                "spynn_sd_hz": float(rs.std(ddof=1)) if n_trials > 1 else None,
                "nest_cv_isi": float(np.mean([nc.cv_isi(x, label) for x in runs["nest"]])),
                "spynn_cv_isi": float(np.mean([nc.cv_isi(x, label) for x in runs["spynn"]])),
                "neuron_rate_correlation": nc.neuron_rate_correlation(runs["nest"], runs["spynn"], label),
            }
            x = r[label]
            sd = "" if n_trials < 2 else (f"  (trial sd: NEST {x['nest_sd_hz']:.3f}, spynn {x['spynn_sd_hz']:.3f} Hz)")
            print(
                f"  {label}: NEST {x['nest_mean_hz']:.3f} Hz, spynn {x['spynn_mean_hz']:.3f} Hz, "
                f"difference {100 * rel:+.2f} % (tolerance {100 * nc.RATE_TOLERANCE:.0f} %){sd}"
            )
            print(f"       per trial NEST {np.round(rn, 3).tolist()}, spynn {np.round(rs, 3).tolist()}")
            print(
                f"       ISI CV NEST {x['nest_cv_isi']:.3f}, spynn {x['spynn_cv_isi']:.3f}; "
                f"per-neuron rate correlation NEST vs spynn {x['neuron_rate_correlation']:.3f}"
            )
        prov = runs["spynn"][0].meta.get("provenance", {})
        flagged = {pop: {k: v for k, v in c.items() if v and k in PROVENANCE_FLAGS} for pop, c in prov.items()}
        flagged = {k: v for k, v in flagged.items() if v}
        r["spynn_provenance_flags"] = flagged
        print(
            f"  connectivity differences: {problems or 'none'}; spynn provenance flags (trial 0): "
            f"{flagged or 'none'}; wall {wall:.1f} s"
        )
        out[dt] = r
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=nc.BALANCED_TRIALS, help="balanced-network trials per backend")
    ap.add_argument("--only", choices=("synfire", "balanced"))
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args(argv)
    if not nc.nest_available():
        sys.exit("NEST (the nest-simulator package) is not installed")
    report = {}
    with tempfile.TemporaryDirectory(prefix="nest_compare_") as workdir:
        if args.only in (None, "synfire"):
            report["synfire"] = synfire_report(workdir)
        if args.only in (None, "balanced"):
            report["balanced"] = balanced_report(workdir, args.trials)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, default=str))


if __name__ == "__main__":
    main()

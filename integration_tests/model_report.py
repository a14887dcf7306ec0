"""Print how closely spynn's neuron models and current sources agree with NEST.

    /work/venv/bin/python integration_tests/model_report.py [--json FILE]

Runs the protocols of test_models_against_nest.py (model_compare.py: each backend in its own
process, dt = 0.1 and 1.0 ms) and prints one table, a row per model or source and dt:

* spikes      protocol A, neurons 0 (step current) and 1 (spike inputs): spike counts
              NEST/spynn, the largest |t_spynn - t_nest| over spikes paired by rank, and how
              many spikes differ at all (allowed: one timestep);
* max |dv|    protocol A: neuron 2 (sub-threshold, whole trace) / neurons 0 and 1 where their
              trajectories are aligned; current sources: their non-spiking neuron; with the
              tolerance the test applies;
* rate        protocol B (100 Poisson-driven neurons, 5 s): NEST and spynn mean rates, the
              relative difference, its z score (difference / standard error) and the
              fraction of input events spynn saturated (lost to the weight scaling);
* noise       NoisyCurrentSource: mean and sd of v in NEST, spynn and theory.

Plus, for information (not asserted): IF_cond_exp under a strong conductance burst.
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
import model_compare as mc  # noqa: E402
import nest_compare as nc  # noqa: E402
import test_models_against_nest as t  # noqa: E402  (the tolerances)


def measure(workdir) -> dict:
    cell_types = mc.supported_cell_types()
    jobs = []
    for dt in mc.DTS:
        for network, params in (
            ("deterministic", mc.DETERMINISTIC[dt]),
            ("poisson", mc.POISSON[dt]),
            ("noise", mc.NOISE[dt]),
            ("cond_burst", mc.COND_BURST[dt]),
        ):
            p = mc.with_cell_types(params, cell_types)
            jobs += [("nest", network, p), ("spynn", network, p)]
    t0 = time.perf_counter()
    results = mc.run_many(jobs, workdir)
    wall = time.perf_counter() - t0
    runs = {}
    for (backend, network, p), r in zip(jobs, results):
        runs.setdefault((network, p["dt"]), {})[backend] = r

    rows = []
    for cell_type in cell_types:
        label = mc.SHORT[cell_type]
        for dt in mc.DTS:
            a, b = runs[("deterministic", dt)]["nest"], runs[("deterministic", dt)]["spynn"]
            cmp = nc.compare_spike_times(a.trains(label)[:2], b.trains(label)[:2], tol_ms=dt)
            sub, _ = mc.max_v_difference(a, b, label, 2)
            aligned = [mc.aligned_v_difference(a, b, label, i) for i in (0, 1)]
            pa, pb = runs[("poisson", dt)]["nest"], runs[("poisson", dt)]["spynn"]
            t_stop = mc.POISSON[dt]["t_stop"]
            rn, en = mc.rate_stats(pa, label, t_stop)
            rs, es = mc.rate_stats(pb, label, t_stop)
            rows.append(
                {
                    "what": cell_type,
                    "dt": dt,
                    "spikes_nest": cmp.count_a,
                    "spikes_spynn": cmp.count_b,
                    "max_spike_dt_ms": cmp.max_abs_diff_ms,
                    "spikes_differing": cmp.n_spikes_differ,
                    "spikes_beyond_one_dt": cmp.n_spikes_beyond_tol,
                    "counts_differ": len(cmp.neurons_count_differs),
                    "dv_sub_mV": sub,
                    "dv_aligned_mV": max(x[0] for x in aligned),
                    "aligned_left_out": max(x[1] for x in aligned),
                    "dv_tol_mV": t.V_TOLERANCE_MV[cell_type][dt],
                    "saturations_a": mc.saturated_fraction(b, label)[0],
                    "rate_nest_hz": rn,
                    "rate_spynn_hz": rs,
                    "rate_diff": (rs - rn) / rn,
                    "rate_z": (rs - rn) / float(np.hypot(en, es)),
                    "rate_se": float(np.hypot(en, es)) / rn,
                    "spikes_poisson_nest": pa.count(label),
                    "saturated_fraction_b": mc.saturated_fraction(pb, label)[1],
                }
            )
    for source in mc.SOURCES:
        for dt in mc.DTS:
            a, b = runs[("deterministic", dt)]["nest"], runs[("deterministic", dt)]["spynn"]
            dv, at = mc.max_v_difference(a, b, source)
            rows.append({"what": source, "dt": dt, "dv_sub_mV": dv, "at_ms": at, "dv_tol_mV": t.SOURCE_V_TOLERANCE_MV})
    noise = []
    for dt in mc.DTS:
        p = mc.NOISE[dt]
        a, b = runs[("noise", dt)]["nest"], runs[("noise", dt)]["spynn"]
        sa, sb = mc.v_stats(a, "noise", p["t_skip"]), mc.v_stats(b, "noise", p["t_skip"])
        mean_th, sd_th = mc.noise_theory(p)
        sd_th *= 1.0 - mc.CELL["tau_m"] / (p["t_stop"] - p["t_skip"])
        noise.append({"dt": dt, "nest": sa, "spynn": sb, "theory": {"mean": mean_th, "sd": sd_th}})
    burst = []
    for dt in mc.DTS:
        a, b = runs[("cond_burst", dt)]["nest"], runs[("cond_burst", dt)]["spynn"]
        cmp = nc.compare_spike_times(a.trains("cond_burst")[1:], b.trains("cond_burst")[1:], tol_ms=dt)
        dv, _ = mc.max_v_difference(a, b, "cond_burst", 0)
        burst.append(
            {
                "dt": dt,
                "spikes_nest": a.trains("cond_burst")[1].tolist(),
                "spikes_spynn": b.trains("cond_burst")[1].tolist(),
                "max_spike_dt_ms": cmp.max_abs_diff_ms,
                "dv_sub_mV": dv,
            }
        )
    return {"rows": rows, "noise": noise, "cond_burst": burst, "wall_s": wall}


def print_report(m: dict) -> None:
    print("spynn vs NEST through PyNN: neuron models and current sources (same PyNN protocol, own process each)")
    print()
    head = (
        f"{'model / source':<20}{'dt':>5}  {'spikes N/s':>11} {'max|dt| ms':>10} {'>1dt':>4}  "
        f"{'max|dv| mV sub / aligned':>25} {'(tol)':>7}  {'rate NEST/spynn Hz':>19} {'diff':>7} {'z':>5} {'sat.':>7}"
    )
    print(head)
    print("-" * len(head))
    for r in m["rows"]:
        if "spikes_nest" in r:
            spikes = f"{r['spikes_nest']}/{r['spikes_spynn']}"
            dv = f"{r['dv_sub_mV']:.4f} / {r['dv_aligned_mV']:.4f}"
            rate = f"{r['rate_nest_hz']:.2f}/{r['rate_spynn_hz']:.2f}"
            max_dt = r["max_spike_dt_ms"] if r["max_spike_dt_ms"] > 1e-9 else 0.0
            print(
                f"{r['what']:<20}{r['dt']:>5}  {spikes:>11} {max_dt:>10.3g} {r['spikes_beyond_one_dt']:>4}  "
                f"{dv:>25} {'(' + str(r['dv_tol_mV']) + ')':>7}  {rate:>19} {100 * r['rate_diff']:>+6.2f}% "
                f"{r['rate_z']:>+5.1f} {100 * r['saturated_fraction_b']:>6.3f}%"
            )
        else:
            print(
                f"{r['what']:<20}{r['dt']:>5}  {'-':>11} {'-':>10} {'-':>4}  {r['dv_sub_mV']:>25.4f} "
                f"{'(' + str(r['dv_tol_mV']) + ')':>7}  {'-':>19} {'-':>7} {'-':>5} {'-':>7}"
            )
    for n in m["noise"]:
        a, b, th = n["nest"], n["spynn"], n["theory"]
        print(
            f"{'NoisyCurrentSource':<20}{n['dt']:>5}  mean v NEST {a['mean']:.3f}+-{a['mean_se']:.3f}, spynn "
            f"{b['mean']:.3f}+-{b['mean_se']:.3f}, theory {th['mean']:.3f} mV (tol {t.NOISE_MEAN_TOLERANCE_MV}); "
            f"sd v NEST {a['sd']:.3f}+-{a['sd_se']:.3f}, spynn {b['sd']:.3f}+-{b['sd_se']:.3f}, theory "
            f"{th['sd']:.3f} mV (spynn-NEST {100 * (b['sd'] - a['sd']) / a['sd']:+.2f} %, tol "
            f"{100 * t.NOISE_SD_TOLERANCE:.0f} %)"
        )
    print()
    print(
        "spikes: neurons 0 and 1 of protocol A; '>1dt': spikes more than one timestep from NEST's.  "
        "max|dv| sub: neuron 2 (sub-threshold) or the source's neuron, whole trace; aligned: neurons 0/1 "
        "where their trajectories are aligned.  rate: protocol B, z = difference / standard error, "
        f"tolerance {100 * t.RATE_TOLERANCE:.0f} %; sat.: input events spynn saturated "
        f"(allowed {100 * t.MAX_SATURATED_FRACTION:.1f} %)."
    )
    sats = [r for r in m["rows"] if r.get("saturations_a")]
    for r in sats:
        print(f"NB protocol A, {r['what']} dt={r['dt']}: spynn saturated {r['saturations_a']} ring-buffer additions")
    print()
    print("For information, IF_cond_exp under a 10-input burst of 0.02 uS (g_exc peaks ~90 nS, 7x the leak):")
    for x in m["cond_burst"]:
        print(
            f"  dt={x['dt']}: spikes NEST {np.round(x['spikes_nest'], 2).tolist()}, spynn "
            f"{np.round(x['spikes_spynn'], 2).tolist()} (max |dt| {x['max_spike_dt_ms']:.3g} ms); "
            f"non-spiking neuron max |dv| {x['dv_sub_mV']:.4f} mV"
        )
    print(f"\n(wall {m['wall_s']:.1f} s)")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args(argv)
    if not nc.nest_available():
        sys.exit("NEST (the nest-simulator package) is not installed")
    with tempfile.TemporaryDirectory(prefix="model_report_") as workdir:
        m = measure(workdir)
    print_report(m)
    if args.json:
        Path(args.json).write_text(json.dumps(m, indent=1, default=str))


if __name__ == "__main__":
    main()

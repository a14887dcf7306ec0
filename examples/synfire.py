"""A synfire chain on the spynn emulator (after sPyNNaker's synfire_if_curr_exp example).

Ten groups of 100 IF_curr_exp neurons in a ring; a stimulus fires group 0 and the
activity travels group to group, one synaptic delay per step, for as long as the
run lasts.  Prints the spikes per group and the time of each wave; with
--plot FILE it also saves a raster plot (needs matplotlib)."""

import argparse
import time

import numpy as np

import spynn as sim

CELL = dict(
    cm=0.25,
    i_offset=0.0,
    tau_m=20.0,
    tau_refrac=2.0,
    tau_syn_E=5.0,
    tau_syn_I=5.0,
    v_reset=-70.0,
    v_rest=-65.0,
    v_thresh=-50.0,
)


def main(n_groups=10, group_size=100, run_ms=1000.0, delay=10.0, plot=None):
    t0 = time.perf_counter()
    sim.setup(timestep=1.0)
    n = n_groups * group_size
    chain = sim.Population(n, sim.IF_curr_exp(**CELL), label="chain")
    stim = sim.Population(group_size, sim.SpikeSourceArray(spike_times=[5.0]), label="stimulus")
    rng = sim.NumpyRNG(seed=42)
    # each group drives the next with 20 random excitatory inputs per neuron
    links = []
    for g in range(n_groups):
        nxt = (g + 1) % n_groups
        for post in range(group_size):
            pres = rng.permutation(group_size)[:20]
            links += [(g * group_size + int(p), nxt * group_size + post) for p in pres]
    sim.Projection(
        chain,
        chain,
        sim.FromListConnector(links),
        sim.StaticSynapse(weight=0.08, delay=delay),
        receptor_type="excitatory",
    )
    sim.Projection(
        stim,
        chain[0:group_size],
        sim.OneToOneConnector(),
        sim.StaticSynapse(weight=2.0, delay=1.0),
        receptor_type="excitatory",
    )
    chain.record("spikes")
    sim.run(run_ms)
    trains = chain.get_data("spikes").segments[0].spiketrains
    sim.end()

    ids = np.concatenate([np.full(len(s), i) for i, s in enumerate(trains)])
    times = np.concatenate([s.magnitude for s in trains])
    print(f"synfire chain: {n} neurons in {n_groups} groups, {len(links)} synapses, {run_ms:.0f} ms")
    print(f"{times.size} spikes; per group: {np.bincount(ids // group_size, minlength=n_groups).tolist()}")
    for g in range(min(n_groups, 10)):
        t = times[ids // group_size == g]
        waves = np.unique(np.floor(t / 5) * 5)[:4]
        print(
            f"  group {g}: first spikes at {t.min() if t.size else float('nan'):6.1f} ms, "
            f"waves near {waves.tolist()} ms"
        )
    print(f"wall time {time.perf_counter() - t0:.2f} s")
    if plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        plt.figure(figsize=(8, 4))
        plt.plot(times, ids, ".", markersize=1)
        plt.xlabel("time [ms]")
        plt.ylabel("neuron")
        plt.title("spynn synfire chain")
        plt.savefig(plot, dpi=100)
        print(f"raster plot saved to {plot}")
    return times, ids


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plot", metavar="FILE", help="save a raster plot (PNG)")
    ap.add_argument("--run-ms", type=float, default=1000.0)
    args = ap.parse_args()
    main(run_ms=args.run_ms, plot=args.plot)

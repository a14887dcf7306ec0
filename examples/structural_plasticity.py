"""Structural plasticity on a 16 x 16 grid, as in sPyNNaker's example: a Poisson layer
drives a neuron layer through a projection that starts empty and is rewired on the
cores (distance-dependent formation, weight-dependent elimination).  Prints how many
synapses formed and were eliminated, and how local the formed connectivity is.

    python examples/structural_plasticity.py"""

import numpy as np

import spynn as sim

GRID = (16, 16)
N = GRID[0] * GRID[1]

sim.setup(timestep=1.0)
source = sim.Population(N, sim.SpikeSourcePoisson(rate=10.0), label="source")
layer = sim.Population(N, sim.IF_curr_exp(), label="layer")
layer.record(["spikes", "rewiring"])
rewiring = sim.StructuralMechanismStatic(
    partner_selection=sim.LastNeuronSelection(),
    formation=sim.DistanceDependentFormation(grid=GRID, sigma_form_forward=2.5),
    elimination=sim.RandomByWeightElimination(threshold=1.0, prob_elim_depressed=0.01, prob_elim_potentiated=0.0),
    f_rew=10**4,
    initial_weight=0.5,
    initial_delay=(1.0, 5.0),
    s_max=32,
    seed=12345,
)
projection = sim.Projection(source, layer, sim.FromListConnector([]), rewiring, label="source->layer")
sim.run(5000.0)

connections = np.array(projection.get(["weight", "delay"], "list"))
formed, eliminated = layer.get_data("rewiring").segments[0].events


def distance(pre, post):
    """Distance on the periodic grid (neuron i at (i // 16, i % 16))."""
    dx = np.abs(pre // GRID[0] - post // GRID[0])
    dy = np.abs(pre % GRID[1] - post % GRID[1])
    return np.hypot(np.minimum(dx, GRID[0] - dx), np.minimum(dy, GRID[1] - dy))


pre, post = connections[:, 0].astype(int), connections[:, 1].astype(int)
every = distance(np.arange(N)[:, None], np.arange(N)[None, :])
print(f"{len(formed)} synapses formed, {len(eliminated)} eliminated, {len(connections)} now")
print(f"synapses per neuron: mean {len(connections) / N:.1f}, max {np.bincount(post, minlength=N).max()} (s_max 32)")
print(f"mean distance of a synapse: {distance(pre, post).mean():.2f} grid units (random pairs: {every.mean():.2f})")
sim.end()

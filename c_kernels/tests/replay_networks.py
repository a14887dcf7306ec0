"""Writes the SDRAM image of one small network per ARM image of builds.txt, for
the replay harness (c_kernels/tests/replay.c), which runs it on the host and
under qemu-arm and must print the same bytes on both.

Each network is mapped by spynn's own pipeline (partition, synaptic rows,
master population tables, core images), so the harness runs exactly the
regions a board would be sent.  A network: a Poisson source and a spike
source array drive one population of the model (excitatory and inhibitory
projections, a one-to-one Poisson background drawn on the neuron core itself,
a DC source, a recurrent projection, rewired by structural
plasticity in every third network, and in the next third of them described, with the
all-to-all projection, as procedural rows the cores make at each spike; in the last third, a
second recurrent projection of delays longer than the ring holds, which wait in the delay
pool, in the static networks); in the `_stdp` networks the Poisson
projection is plastic, with a different STDP rule per model (RecurrentRule's
two state machines included; the first and eighth neuromodulated by dopamine), and the
array's projections have Tsodyks-Markram short-term plasticity, stochastic transmission and
quantal release.

usage: python c_kernels/tests/replay_networks.py OUT_DIR [N_TICKS]
File: little-endian uint32 words: 'RPLY', n_ticks, n_cores, n_words,
n_cores block offsets [words], then the chip's SDRAM (n_words)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

import spynn as sim
from spynn import extra_models as em
from spynn.pynn import deferred, simulator

MAGIC = 0x59504C52  # 'RPLY'
DEFER_MIN = deferred.DEFER_MIN

# model -> (cell type, excitatory weight, inhibitory weight, DC amplitude [nA])
MODELS = {
    "lif_curr_exp": (sim.IF_curr_exp, 1.0, 1.5, 0.5),
    "lif_cond_exp": (sim.IF_cond_exp, 0.03, 0.05, 0.5),
    "lif_curr_alpha": (sim.IF_curr_alpha, 0.8, 1.0, 0.5),
    "lif_curr_delta": (sim.IF_curr_delta, 3.0, 3.0, 0.5),
    "izhikevich": (sim.Izhikevich, 4.0, 4.0, 0.005),
    "lif_curr_exp_ca2": (em.IFCurrExpCa2Adaptive, 1.0, 1.5, 0.5),
    "lif_curr_dual_exp": (em.IF_curr_dual_exp, 1.0, 1.5, 0.5),
    "lif_cond_exp_stoc": (em.IFCondExpStoc, 0.03, 0.05, 0.5),
    "izhikevich_cond": (em.Izhikevich_cond, 0.5, 0.5, 0.005),
    "izhikevich_curr_exp": (lambda: sim.Izhikevich(tau_syn_E=2.0, tau_syn_I=4.0), 10.0, 10.0, 2.0),
    "lif_curr_delta_fixed_prob": (
        lambda: em.IFCurrDeltaFixedProb(
            tau_m=20.0, cm=1.0, v_rest=-65.0, v_reset=-65.0, v_thresh=-55.0, p_thresh=0.6, tau_refrac=2.0
        ),
        3.0,
        3.0,
        0.5,
    ),
    "if_trunc_delta": (lambda: em.IFTruncDelta(tau_m=2.0, v_thresh=15.0, tau_refrac=2.0), 1.0, 1.5, 0.5),
    "stoc": (lambda: em.StocExp(tau=4.0, bias=-4.0), 1.0, 1.5, 0.5),
    "lif_cond_alpha": (sim.IF_cond_alpha, 0.02, 0.04, 0.5),
    "aeif_cond_exp": (sim.EIF_cond_exp_isfa_ista, 0.03, 0.05, 0.5),
    "aeif_cond_alpha": (sim.EIF_cond_alpha_isfa_ista, 0.02, 0.04, 0.5),
    "hh_cond_exp": (sim.HH_cond_exp, 0.02, 0.04, 0.5),
    "lif_curr_delta_ca2": (lambda: em.IFCurrDeltaCa2Adaptive(i_alpha=0.2), 3.0, 3.0, 0.5),
    "lif_curr_semd": (lambda: em.IF_curr_exp_sEMD(tau_syn_E2=8.0, scaling_factor=3.0), 1.0, 1.5, 0.5),
    "izhikevich_cond_dual": (lambda: em.Izhikevich_cond_dual(tau_syn_E2=2.0), 0.5, 0.5, 0.005),
}


#: Models replayed for fewer ticks than the others: HH_cond_exp takes 200 sub-steps per
#: millisecond, minutes under qemu for the usual 300 ticks.
REPLAY_TICKS = {"hh_cond_exp": 40}


def rules(w_max: float) -> list:
    """The STDP rules the _stdp networks cycle through."""
    add = sim.AdditiveWeightDependence(w_min=0.0, w_max=w_max)
    return [
        (sim.SpikePairRule(tau_plus=16.0, tau_minus=20.0, A_plus=0.05, A_minus=0.06), add, "excitatory"),
        (
            sim.SpikePairRule(tau_plus=16.0, tau_minus=20.0, A_plus=0.05, A_minus=0.06),
            sim.MultiplicativeWeightDependence(w_min=0.0, w_max=w_max),
            "excitatory",
        ),
        (
            em.SpikeNearestPairRule(tau_plus=16.0, tau_minus=20.0, A_plus=0.05, A_minus=0.06),
            sim.AdditivePotentiationMultiplicativeDepression(w_min=0.0, w_max=w_max),
            "excitatory",
        ),
        (
            em.PfisterSpikeTriplet(tau_plus=16.8, tau_minus=33.7, tau_x=101.0, tau_y=125.0, A_plus=0.02, A_minus=0.02),
            em.WeightDependenceAdditiveTriplet(w_min=0.0, w_max=w_max, A3_plus=0.03, A3_minus=0.01),
            "excitatory",
        ),
        (sim.Vogels2011Rule(tau=20.0, eta=0.05, rho=10.0), add, "inhibitory"),
        (
            em.RecurrentRule(accumulator_depression=-2, accumulator_potentiation=2, A_plus=0.1, A_minus=0.1),
            add,
            "excitatory",
        ),
        (em.RecurrentRule(mean_pre_window=20.0, mean_post_window=30.0, dual_fsm=False), add, "excitatory"),
    ]


def structural(plastic: bool, index: int, weight: float, w_max: float):
    """A rewired recurrent projection (structural plasticity), static or plastic."""
    kw = dict(
        partner_selection=sim.LastNeuronSelection() if index % 2 else sim.RandomSelection(),
        formation=sim.DistanceDependentFormation(grid=(5, 8), p_form_forward=0.5, p_form_lateral=0.8),
        elimination=sim.RandomByWeightElimination(
            threshold=weight, prob_elim_depressed=0.05, prob_elim_potentiated=0.02
        ),
        f_rew=2000,
        initial_weight=weight,
        initial_delay=(1.0, 5.0),
        s_max=16,
        seed=3000 + index,
        weight=weight,
        delay=5.0,
    )
    if not plastic:
        return sim.StructuralMechanismStatic(**kw)
    return sim.StructuralMechanismSTDP(
        timing_dependence=sim.SpikePairRule(tau_plus=16.0, tau_minus=20.0, A_plus=0.05, A_minus=0.06),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=w_max),
        **kw,
    )


def build(model: str, plastic: bool, index: int, n_ticks: int) -> np.ndarray:
    cell, w_exc, w_inh, dc = MODELS[model]
    procedural = index % 3 == 1  # every projection that can be described is, its rows made at each spike
    sim.setup(timestep=1.0, procedural_connectivity=procedural)
    deferred.DEFER_MIN = 1 if procedural else DEFER_MIN
    rng = sim.NumpyRNG(seed=1000 + index)
    poisson = sim.Population(30, sim.SpikeSourcePoisson(rate=40.0), seed=2000 + index)
    times = [[float(t) for t in range(5 + a, n_ticks, 7 + 3 * a)] for a in range(5)]
    array = sim.Population(5, sim.SpikeSourceArray(spike_times=times))
    pop = sim.Population(40, cell(), label=model)
    pop.record(["spikes", "v"])
    sim.DCSource(amplitude=dc, start=20.0, stop=float(n_ticks)).inject_into(pop[::2])
    syn = sim.StaticSynapse(weight=w_exc, delay=sim.RandomDistribution("uniform_int", (1, 4), rng=rng))
    if plastic:
        timing, weight, receptor = rules(2 * max(w_exc, w_inh))[index % 7]
        syn = sim.STDPMechanism(
            timing_dependence=timing,
            weight_dependence=weight,
            weight=w_exc if receptor == "excitatory" else w_inh,
            delay=2.0,
        )
    else:
        receptor = "excitatory"
    sim.Projection(poisson, pop, sim.FixedProbabilityConnector(0.3, rng=rng), syn, receptor_type=receptor)
    inhibitory = sim.StaticSynapse(weight=w_inh, delay=3.0)
    if plastic:  # short-term plasticity beside the STDP rule
        inhibitory = sim.TsodyksMarkramSynapse(
            weight=w_inh,
            delay=3.0,
            U=sim.RandomDistribution("uniform", (0.1, 0.9), rng=rng),
            tau_rec=80.0,
            tau_facil=40.0,
        )
    sim.Projection(array, pop, sim.AllToAllConnector(), inhibitory, receptor_type="inhibitory")
    if plastic:  # and stochastic transmission
        stochastic = sim.SimpleStochasticSynapse(weight=w_exc, delay=2.0, p=0.6)
        sim.Projection(array, pop, sim.FixedProbabilityConnector(0.5, rng=rng), stochastic)
        quantal = sim.MultiQuantalSynapse(weight=w_exc / 3, delay=1.0, U=0.4, n=3, tau_rec=60.0, tau_facil=30.0)
        sim.Projection(array, pop, sim.FixedProbabilityConnector(0.5, rng=rng), quantal)
    if "excitatory2" in pop.celltype.receptor_types:  # the dual-exp and sEMD models' second input
        sim.Projection(array, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=w_exc, delay=2.0),
                       receptor_type="excitatory2")  # fmt: skip
    background = sim.Population(40, sim.SpikeSourcePoisson(rate=60.0), seed=3000 + index)  # drawn on pop's core
    sim.Projection(background, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=w_exc / 2, delay=2.0))
    recurrent = sim.StaticSynapse(weight=w_exc / 2, delay=5.0)
    if procedural:  # drawn weights and delays, through the cores' quantile tables
        recurrent = sim.StaticSynapse(
            weight=sim.RandomDistribution(
                "normal_clipped", mu=w_exc / 2, sigma=w_exc / 8, low=0.0, high=np.inf, rng=rng
            ),
            delay=sim.RandomDistribution("uniform", low=1.0, high=5.0, rng=rng),
        )
    if index % 3 == 0:  # rewired rows (plastic ones when the network has STDP of the trace rules)
        recurrent = structural(plastic and index % 7 < 3, index, w_exc / 2, 2 * max(w_exc, w_inh))
    sim.Projection(pop, pop, sim.FixedProbabilityConnector(0.1, rng=rng), recurrent, receptor_type="excitatory")
    if index % 3 == 2 and not plastic:  # delays past the ring: they wait in the core's delay pool
        late = sim.StaticSynapse(weight=w_exc / 2, delay=sim.RandomDistribution("uniform_int", (100, 200), rng=rng))
        sim.Projection(pop, pop, sim.FixedProbabilityConnector(0.1, rng=rng), late, receptor_type="excitatory")
    if plastic and index % 7 == 0:  # dopamine turns its STDP into neuromodulated learning
        dopamine = sim.Population(3, sim.SpikeSourcePoisson(rate=20.0), seed=4000 + index)
        da = em.Neuromodulation(weight=0.05, tau_c=300.0, tau_d=50.0, w_min=0.0, w_max=2 * max(w_exc, w_inh))
        sim.Projection(dopamine, pop, sim.AllToAllConnector(), da, receptor_type="reward")
    state = simulator.state.sim
    state.ensure_loaded(n_ticks)
    mapped = state.mapped
    (chip,) = [c for c in mapped.chips if c.block_offset]
    offsets = [chip.block_offset[k] for k in sorted(chip.block_offset)]
    header = np.array([MAGIC, n_ticks, len(offsets), chip.words.size, *offsets], dtype="<u4")
    out = np.concatenate([header, chip.words.astype("<u4")])
    sim.end()
    deferred.DEFER_MIN = DEFER_MIN
    return out


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1])
    n_ticks = int(argv[2]) if len(argv) > 2 else 300
    out_dir.mkdir(parents=True, exist_ok=True)
    for index, model in enumerate(MODELS):
        for plastic in (False, True):
            name = model + ("_stdp" if plastic else "")
            build(model, plastic, index, min(n_ticks, REPLAY_TICKS.get(model, n_ticks))).tofile(
                out_dir / f"{name}.rply"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

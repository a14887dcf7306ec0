"""sPyNNaker's structural plasticity classes (synaptogenesis): partner selection,
formation and elimination rules, and the two synapse types that carry them.  Each
structural projection becomes a spynn.synapses.structural.StructuralRule."""

from __future__ import annotations

from pyNN.standardmodels import build_translations

from ..synapses.structural import StructuralRule
from . import simulator
from .plasticity import STDPMechanism
from .standardmodels import StaticSynapse


class LastNeuronSelection:
    """Partner for a new synapse: one of the presynaptic neurons that spiked in the
    previous timestep (up to spike_buffer_size of them are kept)."""

    def __init__(self, spike_buffer_size: int = 64):
        self.spike_buffer_size = int(spike_buffer_size)


class RandomSelection:
    """Partner for a new synapse: a presynaptic neuron chosen uniformly."""


class DistanceDependentFormation:
    """Formation probability p exp(-d^2 / (2 sigma^2)), d the distance of pre and post on
    a periodic grid (neuron i at (i // grid[0], i % grid[1])); 'forward' between two
    populations, 'lateral' within one."""

    def __init__(
        self, grid=(16, 16), p_form_forward=0.16, sigma_form_forward=2.5, p_form_lateral=1.0, sigma_form_lateral=1.0
    ):
        self.grid = (int(grid[0]), int(grid[1]))
        self.p_form_forward, self.sigma_form_forward = float(p_form_forward), float(sigma_form_forward)
        self.p_form_lateral, self.sigma_form_lateral = float(p_form_lateral), float(sigma_form_lateral)


class RandomByWeightElimination:
    """Elimination with probability prob_elim_depressed for weights below threshold and
    prob_elim_potentiated for the others."""

    def __init__(self, threshold, prob_elim_depressed=0.0245, prob_elim_potentiated=1.36e-4):
        self.threshold = float(threshold)
        self.prob_elim_depressed, self.prob_elim_potentiated = float(prob_elim_depressed), float(prob_elim_potentiated)


class _Structural:
    """What both structural synapse types add: the rewiring rule."""

    def _init_structural(
        self, partner_selection, formation, elimination, f_rew, initial_weight, initial_delay, s_max, seed, replace
    ):
        self.partner_selection, self.formation, self.elimination = partner_selection, formation, elimination
        self.f_rew, self.initial_weight, self.initial_delay = float(f_rew), float(initial_weight), initial_delay
        self.s_max, self.seed, self.with_replacement = int(s_max), seed, bool(replace)

    def spynn_structural(self, label: str, default_seed: int) -> StructuralRule:
        d = self.initial_delay
        delay_range = (float(d[0]), float(d[1])) if isinstance(d, (tuple, list)) else (float(d), float(d))
        ps, fo, el = self.partner_selection, self.formation, self.elimination
        if not isinstance(fo, DistanceDependentFormation) or not isinstance(el, RandomByWeightElimination):
            raise TypeError(
                f"Projection {label!r}: structural plasticity needs formation=DistanceDependentFormation(...) "
                f"and elimination=RandomByWeightElimination(...) (got {type(fo).__name__}, {type(el).__name__})"
            )
        rule = StructuralRule(
            f_rew=self.f_rew,
            s_max=self.s_max,
            with_replacement=self.with_replacement,
            random_partner=isinstance(ps, RandomSelection),
            spike_buffer_size=getattr(ps, "spike_buffer_size", 0),
            seed=int(self.seed) if self.seed is not None else default_seed,
            initial_weight=self.initial_weight,
            delay_range=delay_range,
            grid=fo.grid,
            p_form_forward=fo.p_form_forward,
            sigma_form_forward=fo.sigma_form_forward,
            p_form_lateral=fo.p_form_lateral,
            sigma_form_lateral=fo.sigma_form_lateral,
            threshold=el.threshold,
            prob_elim_depressed=el.prob_elim_depressed,
            prob_elim_potentiated=el.prob_elim_potentiated,
        )
        rule.check(label)
        return rule


class StructuralMechanismStatic(_Structural, StaticSynapse):
    """Static synapses that form and are eliminated during the run (sPyNNaker's
    synaptogenesis).  weight/delay are those of the initial connections; formed synapses
    get initial_weight and initial_delay (a value or a (min, max) range [ms])."""

    translations = build_translations(("weight", "weight"), ("delay", "delay"))

    def __init__(
        self,
        partner_selection,
        formation,
        elimination,
        f_rew=10**4,
        initial_weight=0.0,
        initial_delay=1.0,
        s_max=32,
        seed=None,
        weight=0.0,
        delay=None,
        with_replacement=True,
    ):
        StaticSynapse.__init__(self, weight=weight, delay=delay if delay is not None else simulator.state.dt)
        self._init_structural(
            partner_selection,
            formation,
            elimination,
            f_rew,
            initial_weight,
            initial_delay,
            s_max,
            seed,
            with_replacement,
        )


class StructuralMechanismSTDP(_Structural, STDPMechanism):
    """Plastic synapses (STDP) that also form and are eliminated during the run."""

    def __init__(
        self,
        partner_selection,
        formation,
        elimination,
        timing_dependence=None,
        weight_dependence=None,
        voltage_dependence=None,
        dendritic_delay_fraction=1.0,
        f_rew=10**4,
        initial_weight=0.0,
        initial_delay=1.0,
        s_max=32,
        seed=None,
        weight=0.0,
        delay=1.0,
        with_replacement=True,
    ):
        STDPMechanism.__init__(
            self, timing_dependence, weight_dependence, voltage_dependence, dendritic_delay_fraction, weight, delay
        )
        self._init_structural(
            partner_selection,
            formation,
            elimination,
            f_rew,
            initial_weight,
            initial_delay,
            s_max,
            seed,
            with_replacement,
        )

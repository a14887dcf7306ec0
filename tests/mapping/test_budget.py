"""The ARM images' DTCM/ITCM budgets (spynn/mapping/budget.py) and their use by the partitioner."""

import dataclasses
from pathlib import Path

import pytest

from spynn.errors import MappingError
from spynn.graph.graph import AppGraph
from spynn.mapping import budget
from spynn.mapping.partition import atoms_per_core, bits_for, delay_bits, partition
from spynn.models import neurons

from .test_partition import edge
from .test_routing import lif_vertex

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "c_kernels" / "build" / "arm"
BUILDS_TXT = ROOT / "c_kernels" / "builds.txt"


def builds_txt_images() -> list[str]:
    return [line.split()[0] for line in BUILDS_TXT.read_text().splitlines() if line.strip() and line[0] != "#"]


def test_the_table_has_every_image_of_builds_txt():
    assert list(budget.IMAGES) == builds_txt_images()


def test_every_neuron_model_has_a_static_and_an_stdp_image():
    models = [m for m in vars(neurons).values() if isinstance(m, neurons.NeuronModel)]
    assert models
    for m in models:
        for plastic in (False, True):
            assert budget.image_name(m.name, plastic) in budget.IMAGES, f"add {m.name} to c_kernels/builds.txt"


@pytest.mark.skipif(
    not (BUILD / "sizes.txt").exists() or not (BUILD / "dtcm.txt").exists(),
    reason="no ARM build (make kernels-arm test-arm)",
)
def test_the_table_matches_the_arm_build():
    built = budget.from_build(BUILD, BUILDS_TXT)
    assert built == budget.IMAGES, "spynn/mapping/budget.py is stale: run `make budget` and commit it"


def test_every_image_fits_itcm_and_dtcm():
    for name, b in budget.IMAGES.items():
        assert b.itcm_bytes <= budget.ITCM_BYTES, name
        assert b.left_bytes > 0, name


def test_a_static_core_of_256_neurons_fits_every_image():
    for name, b in budget.IMAGES.items():
        if not name.endswith("_stdp"):
            assert b.fits(256, 8 + 1 + 4), name  # 2 synapse types, delays up to 15 timesteps


def test_stdp_history_and_long_delays_shrink_plastic_cores_until_they_fit():
    plastic = dataclasses.replace(edge(1, 0, 15), stdp=object())
    g = AppGraph((lif_vertex(0, 1000), lif_vertex(1, 10)), (plastic,), 1.0)
    n = atoms_per_core(g, g.vertices[0])
    image = budget.neuron_image("lif_curr_exp", True)
    ring_bits = lambda k: bits_for(k) + 1 + delay_bits(15)  # noqa: E731
    assert image.fits(n, ring_bits(n)) and not image.fits(n + 1, ring_bits(n + 1))
    assert 64 <= n < 256


def test_a_model_that_cannot_fit_one_neuron_fails_at_mapping_naming_the_population():
    v = lif_vertex(0, 10)
    huge = budget.ImageBudget(1000, 60000, 6000, 0)
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(budget.IMAGES, "lif_curr_exp", huge)
        g = AppGraph((v,), (edge(0, 0, 1),), 1.0)
        with pytest.raises(MappingError, match=r"'pop0'.*DTCM.*'lif_curr_exp'.*shorter delays"):
            partition(g)


def test_the_report_names_every_image():
    text = budget.report()
    for name in budget.IMAGES:
        assert name in text

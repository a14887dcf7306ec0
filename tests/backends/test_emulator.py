"""The emulator backend's own limits."""

import pytest


def test_a_network_over_the_emulators_core_limit_is_refused_with_the_fix(sim, monkeypatch):
    from spynn.backends.emulator import Emulator
    from spynn.errors import EmulatorError

    monkeypatch.setattr(Emulator, "MAX_CORES", 3)
    sim.setup(timestep=0.1)
    sim.Population(1000, sim.IF_curr_exp(), label="big")
    with pytest.raises(EmulatorError, match="at most 3.*neurons per core"):
        sim.run(1.0)

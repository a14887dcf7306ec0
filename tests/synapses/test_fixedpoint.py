import numpy as np
import pytest

from spynn.synapses import fixedpoint as fp


def test_s1615_round_trip_and_rounding():
    x = np.array([0.0, 1.0, -1.0, -65.0, 2**-15, 1.5 * 2**-15])
    bits = fp.to_s1615(x, "x")
    assert bits.tolist() == [0, 32768, -32768, -65 * 32768, 1, 2]
    assert np.array_equal(fp.from_s1615(bits[:5]), x[:5])


def test_s1615_overflow_names_the_quantity():
    with pytest.raises(ValueError, match="tau_m"):
        fp.to_s1615([70000.0], "tau_m")


def test_u032():
    assert fp.to_u032([0.5], "d")[0] == 2**31
    assert fp.to_u032([1.0], "d")[0] == 2**32 - 1
    with pytest.raises(ValueError):
        fp.to_u032([1.5], "d")


def test_weights_to_u16_reports_loss():
    q, rel = fp.weights_to_u16([1.0, 2**-20, 0.0], shift=0)
    assert q.tolist() == [32768, 0, 0]
    assert rel[1] == 1.0 and rel[0] == 0.0
    assert np.allclose(fp.u16_to_weights(q, 0), [1.0, 0.0, 0.0])


def test_weight_scaling_covers_several_spikes_per_step():
    """A Poisson source can send several spikes in one step, and a spike source array
    can repeat a time: the bound covers that, so nothing saturates."""
    from spynn.synapses.weight_scale import InputStats, SourceRate, poisson_max_per_tick, shift_for

    lam = 3000 * 1.0 / 1000  # 3000 Hz at h = 1 ms
    stats = InputStats(1)
    stats.add(np.array([0], np.uint32), np.array([3.9]), SourceRate(lam, poisson_max_per_tick(lam, 64), True))
    assert 2 ** (shift_for(stats.upper_bound()) + 1) > 3.9 * 11  # 11 spikes in a step were seen
    stats = InputStats(1)
    stats.add(np.array([0], np.uint32), np.array([6.0]), SourceRate(3.0, 3, True))  # spike_times [10, 10, 10]
    assert 2 ** (shift_for(stats.upper_bound()) + 1) > 18.0


@pytest.mark.parametrize("seed", range(3))
def test_spike_array_rate_is_the_per_source_definition(seed):
    """The weight-scaling rate of a SpikeSourceArray (computed once for all sources) is the
    per-source definition: the busiest (source, tick), and all spikes per source per tick
    over the longest span of any one source; sources without spikes, repeated and unsorted
    times, times that round onto one tick included."""
    from spynn.synapses.matrix import _spike_array_rate

    rng = np.random.default_rng(seed)
    dt = 0.1
    times = [np.round(rng.uniform(0, 50, int(rng.integers(0, 12))), 2) for _ in range(40)]
    times[3] = np.array([5.0, 5.0, 4.96, 5.0, 1.0])  # four on tick 50
    ticks = [np.unique(np.maximum(np.ceil(t / dt - 1e-6), 0), return_counts=True) for t in times]
    busiest = max(int(c.max()) for _, c in ticks if c.size)
    span = max(float(u.max() - u.min() + 1) for u, c in ticks if c.size)
    rate = _spike_array_rate(times, dt)
    assert rate.max_per_tick == busiest >= 4
    assert rate.per_tick == sum(t.size for t in times) / len(times) / span
    assert _spike_array_rate([np.zeros(0)] * 3, dt).per_tick == 0.0

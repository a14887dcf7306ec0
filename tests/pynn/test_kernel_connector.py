"""sPyNNaker's KernelConnector against a direct reading of its definition (every pre x
post pair tested), and through a Projection."""

import numpy as np
import pytest


def brute_force(conn, n_pre, n_post):
    """(pre, post, kernel row, kernel column) of every connection, pair by pair."""
    (kh, kw), pre_w, post_w = conn.shape_kernel, conn.shape_pre[1], conn.shape_post[1]
    out = []
    for post in range(n_post):
        r, c = divmod(post, post_w)
        common = (conn.post_start[0] + r * conn.post_step[0], conn.post_start[1] + c * conn.post_step[1])
        on_pre = [(common[a] - conn.pre_start[a] - 1) // conn.pre_step[a] + 1 for a in (0, 1)]
        for pre in range(n_pre):
            pr, pc = divmod(pre, pre_w)
            if (pr - conn.pre_start[0]) % conn.pre_step[0] or (pc - conn.pre_start[1]) % conn.pre_step[1]:
                continue
            kr, kc = kh // 2 - (on_pre[0] - pr), kw // 2 - (on_pre[1] - pc)
            if 0 <= kr < kh and 0 <= kc < kw:
                out.append((pre, post, kr, kc))
    return out


@pytest.mark.parametrize(
    "shape_pre, shape_post, kernel, extra",
    [
        ((8, 8), (8, 8), (3, 3), {}),
        ((10, 12), (5, 6), (5, 3), dict(post_sample_steps_in_pre=(2, 2))),
        ((9, 9), (9, 9), (3, 5), dict(pre_sample_steps_in_post=(2, 3), pre_start_coords_in_post=(1, 0))),
        ((6, 7), (4, 4), (4, 2), dict(post_start_coords_in_pre=(1, 2), post_sample_steps_in_pre=(1, 2))),
    ],
)
def test_pairs_match_the_definition(sim, shape_pre, shape_post, kernel, extra):
    conn = sim.KernelConnector(shape_pre, shape_post, kernel, **extra)
    n_pre, n_post = shape_pre[0] * shape_pre[1], shape_post[0] * shape_post[1]
    pre, post, position = conn.pairs(n_pre, n_post)
    got = sorted(zip(pre.tolist(), post.tolist(), (position // kernel[1]).tolist(), (position % kernel[1]).tolist()))
    want = sorted(brute_force(conn, n_pre, n_post))
    assert got == want and len(want) > 0


def test_projection_takes_the_kernels_weights_and_delays(sim):
    sim.setup(timestep=1.0)
    pre = sim.Population(25, sim.SpikeSourceArray(spike_times=[[5.0]] * 25))
    post = sim.Population(25, sim.IF_curr_exp())
    weights = np.arange(1.0, 10.0).reshape(3, 3) / 10.0
    delays = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
    conn = sim.KernelConnector((5, 5), (5, 5), (3, 3), weight_kernel=weights, delay_kernel=delays)
    prj = sim.Projection(pre, post, conn, sim.StaticSynapse())
    got = prj.get(["weight", "delay"], format="list")
    p, q, k = conn.pairs(25, 25)
    assert len(got) == p.size == 9 * 9 + 4 * 3 * 6 + 4 * 4  # interior, edges, corners
    table = {(int(i), int(j)): (w, d) for i, j, w, d in got}
    for i, j, pos in zip(p, q, k):
        w, d = table[(int(i), int(j))]
        assert w == pytest.approx(weights.ravel()[pos], abs=1e-3) and d == delays.ravel()[pos]
    # without kernels: the synapse type's values
    homogeneous = sim.Projection(pre, post, sim.KernelConnector((5, 5), (5, 5), (3, 3)), sim.StaticSynapse(weight=0.5))
    assert {w for _, _, w in homogeneous.get("weight", format="list")} == {0.5}
    with pytest.raises(ValueError, match="shape_post"):
        sim.Projection(pre, post, sim.KernelConnector((5, 5), (4, 4), (3, 3)), sim.StaticSynapse())


def test_other_sPyNNaker_spelling_of_the_sampling_arguments(sim):
    long = sim.KernelConnector(
        (10, 12), (5, 6), (3, 3), post_sample_steps_in_pre=(2, 2), pre_start_coords_in_post=(1, 1)
    )
    short = sim.KernelConnector((10, 12), (5, 6), (3, 3), post_sample_steps=(2, 2), pre_start_coords=(1, 1))
    for a, b in zip(long.pairs(120, 30), short.pairs(120, 30)):
        np.testing.assert_array_equal(a, b)

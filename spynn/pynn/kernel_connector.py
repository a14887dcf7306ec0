"""sPyNNaker's KernelConnector: pre and post populations as 2D grids (neuron index =
row * width + column), every post neuron connected to the pre neurons under a kernel
centred on it, with the kernel's weight and delay at each position.

Coordinates, per axis (h: rows, w: columns), as sPyNNaker defines them:
- post (r, c) sits at common (post_start + r * post_step) (post_start_coords_in_pre,
  post_sample_steps_in_pre);
- a common coordinate x seen on the pre grid is ((x - pre_start - 1) // pre_step) + 1
  (pre_start_coords_in_post, pre_sample_steps_in_post), and only pre neurons with
  (r - pre_start) % pre_step == 0 take part;
- pre (r, c) connects to post when k = half_kernel - (post_on_pre - r) lies in the kernel, on
  both axes: weight_kernel[kr, kc], delay_kernel[kr, kc].

Built per kernel position over all post neurons at once: O(kernel size x post size)."""

from __future__ import annotations

import numpy as np
from pyNN.connectors import Connector
from pyNN.random import RandomDistribution

HEIGHT, WIDTH = 0, 1


class KernelConnector(Connector):
    """Connect each post(row, column) to the pre(row, column) under a kernel of weights and
    delays (sPyNNaker's connector for convolutions; see the module doc for the coordinates)."""

    parameter_names = ("shape_pre", "shape_post", "shape_kernel")

    def __init__(
        self,
        shape_pre,
        shape_post,
        shape_kernel,
        weight_kernel=None,
        delay_kernel=None,
        shape_common=None,
        pre_sample_steps_in_post=None,
        pre_start_coords_in_post=None,
        post_sample_steps_in_pre=None,
        post_start_coords_in_pre=None,
        safe=True,
        space=None,
        verbose=False,
        callback=None,
        pre_sample_steps=None,
        pre_start_coords=None,
        post_sample_steps=None,
        post_start_coords=None,
    ):
        # the shorter names are other sPyNNaker versions' spelling of the same four arguments
        pre_sample_steps_in_post = pre_sample_steps_in_post or pre_sample_steps
        pre_start_coords_in_post = pre_start_coords_in_post or pre_start_coords
        post_sample_steps_in_pre = post_sample_steps_in_pre or post_sample_steps
        post_start_coords_in_pre = post_start_coords_in_pre or post_start_coords
        super().__init__(safe=safe, callback=callback)
        self.shape_pre, self.shape_post = _pair(shape_pre, "shape_pre"), _pair(shape_post, "shape_post")
        self.shape_kernel = _pair(shape_kernel, "shape_kernel")
        self.shape_common = self.shape_pre if shape_common is None else _pair(shape_common, "shape_common")
        self.pre_step = _pair(pre_sample_steps_in_post or (1, 1), "pre_sample_steps_in_post")
        self.pre_start = _pair(pre_start_coords_in_post or (0, 0), "pre_start_coords_in_post")
        self.post_step = _pair(post_sample_steps_in_pre or (1, 1), "post_sample_steps_in_pre")
        self.post_start = _pair(post_start_coords_in_pre or (0, 0), "post_start_coords_in_pre")
        if min(*self.pre_step, *self.post_step) < 1:
            raise ValueError(f"KernelConnector: sample steps must be >= 1 (got {self.pre_step}, {self.post_step})")
        self.weight_kernel, self.delay_kernel = weight_kernel, delay_kernel

    def _kernel(self, values, what: str) -> np.ndarray:
        """A kernel-shaped array from a scalar, an array or a RandomDistribution (one draw per
        kernel position, as sPyNNaker)."""
        shape = self.shape_kernel
        if isinstance(values, RandomDistribution):
            return np.asarray(values.next(shape[0] * shape[1]), dtype=float).reshape(shape)
        arr = np.asarray(values, dtype=float)
        if arr.ndim == 0:
            return np.full(shape, float(arr))
        if arr.shape != shape:
            raise ValueError(
                f"KernelConnector: {what} has shape {arr.shape}; it must be the kernel's shape {shape} "
                f"(shape_kernel), or one value"
            )
        return arr

    def pairs(self, n_pre: int, n_post: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(pre, post, kernel position) of every connection, ordered by post then pre."""
        (pre_h, pre_w), (kh, kw) = self.shape_pre, self.shape_kernel
        post = np.arange(n_post, dtype=np.int64)
        post_r, post_c = np.divmod(post, self.shape_post[WIDTH])
        on_pre = []
        for axis, coord in ((HEIGHT, post_r), (WIDTH, post_c)):
            common = self.post_start[axis] + coord * self.post_step[axis]
            on_pre.append((common - self.pre_start[axis] - 1) // self.pre_step[axis] + 1)
        pres, posts, positions = [], [], []
        for kr in range(kh):
            pre_r = on_pre[HEIGHT] - (kh // 2 - kr)
            for kc in range(kw):
                pre_c = on_pre[WIDTH] - (kw // 2 - kc)
                pre = pre_r * pre_w + pre_c
                ok = (pre_c >= 0) & (pre_c < pre_w) & (pre_r >= 0) & (pre_r < pre_h) & (pre < n_pre)
                ok &= ((pre_r - self.pre_start[HEIGHT]) % self.pre_step[HEIGHT] == 0) & (
                    (pre_c - self.pre_start[WIDTH]) % self.pre_step[WIDTH] == 0
                )
                pres.append(pre[ok])
                posts.append(post[ok])
                positions.append(np.full(int(ok.sum()), kr * kw + kc))
        pre, post, position = (np.concatenate(x) for x in (pres, posts, positions))
        order = np.lexsort((pre, post))
        return pre[order], post[order], position[order]

    def connect(self, projection):
        n_pre, n_post = projection.pre.size, projection.post.size
        for name, shape in (("shape_pre", self.shape_pre), ("shape_post", self.shape_post)):
            size = n_pre if name == "shape_pre" else n_post
            if shape[0] * shape[1] != size:
                raise ValueError(
                    f"Projection {projection.label!r}: KernelConnector {name}={shape} has {shape[0] * shape[1]} "
                    f"neurons but the {'pre' if name == 'shape_pre' else 'post'}-synaptic side has {size}"
                )
        pre, post, position = self.pairs(n_pre, n_post)
        synapse = self._parameters_from_synapse_type(projection)  # shaped (n_pre, n_post), lazily
        values = {}
        for name, given in (("weight", self.weight_kernel), ("delay", self.delay_kernel)):
            if given is None:
                param = synapse[name]
                if isinstance(param.base_value, RandomDistribution) or not param.is_homogeneous:
                    given = param.base_value
                else:
                    given = param.evaluate(simplify=True)
            values[name] = self._kernel(given, f"{name}_kernel").ravel()[position]
        syn = projection.synapse_type
        if self.safe and pre.size and "weight" in getattr(syn, "parameter_checks", {}):
            syn.parameter_checks["weight"](values["weight"], projection)
        projection.spynn_add_connections(pre, post, values["weight"], values["delay"])


def _pair(value, what: str) -> tuple[int, int]:
    v = tuple(int(x) for x in value)
    if len(v) != 2:
        raise ValueError(f"KernelConnector: {what} must be (rows, columns), got {value!r}")
    return v

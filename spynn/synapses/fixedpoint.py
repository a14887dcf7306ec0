"""Float -> fixed-point conversion: the only place spynn does that arithmetic.

s16.15 values are int32 bit patterns (1.0 = 2**15); u0.32 fractions are uint32
(1.0 is not representable, 0xFFFFFFFF is the closest).  Conversions round to
nearest and raise on overflow, naming the quantity.
"""

from __future__ import annotations

import numpy as np

S1615_ONE = 1 << 15
S1615_MAX = (2**31 - 1) / S1615_ONE
S1615_MIN = -(2**31) / S1615_ONE
U032_ONE = 1 << 32


def to_s1615(values, what: str) -> np.ndarray:
    """Round to the nearest s16.15 value; raise if out of range."""
    x = np.asarray(values, dtype=np.float64)
    if x.size and (x.max() > S1615_MAX or x.min() < S1615_MIN or not np.isfinite(x).all()):
        bad = x[(x > S1615_MAX) | (x < S1615_MIN) | ~np.isfinite(x)]
        raise ValueError(
            f"{what} = {bad.flat[0]!r} does not fit s16.15 fixed point "
            f"[{S1615_MIN}, {S1615_MAX:.4f}]; rescale the parameter"
        )
    return np.rint(x * S1615_ONE).astype(np.int64).astype(np.int32)


def to_fixed(values, frac_bits: int, what: str) -> np.ndarray:
    """Round to the nearest int32 with frac_bits fractional bits (the models that keep a
    quantity finer than s16.15: s11.20, s7.24, s1.30 ...); raise if out of range."""
    x = np.asarray(values, dtype=np.float64) * 2.0**frac_bits
    if x.size and (not np.isfinite(x).all() or np.abs(x).max() >= 2.0**31):
        raise ValueError(f"{what} does not fit {31 - frac_bits} integer bits; rescale the parameter")
    return np.rint(x).astype(np.int64).astype(np.int32)


def from_s1615(bits) -> np.ndarray:
    return np.asarray(bits, dtype=np.int32).astype(np.float64) / S1615_ONE


def to_u032(values, what: str) -> np.ndarray:
    """Round a fraction in [0, 1] to u0.32 (1.0 saturates to 0xFFFFFFFF)."""
    x = np.asarray(values, dtype=np.float64)
    if x.size and (x.min() < 0.0 or x.max() > 1.0 or not np.isfinite(x).all()):
        raise ValueError(f"{what} must lie in [0, 1] to be a u0.32 fraction, got {x.min()}..{x.max()}")
    return np.minimum(np.rint(x * U032_ONE), U032_ONE - 1).astype(np.uint32)


def to_unsigned_fraction(values, what: str) -> tuple[np.ndarray, int]:
    """Non-negative amplitudes as uint32 with one number of fractional bits for all of them:
    32 (u0.32) when every value is below 1, fewer when one is not (1.0 -> 31 bits, up to
    2^32 - 1 -> 0 bits).  Returns (uint32 values, fractional bits)."""
    x = np.asarray(values, dtype=np.float64)
    if x.size and (x.min() < 0.0 or not np.isfinite(x).all() or x.max() >= 2.0**32):
        raise ValueError(f"{what} must be finite and lie in [0, 2^32), got {x.min()}..{x.max()}")
    top = float(x.max()) if x.size else 0.0
    bits = 32 - (int(np.floor(np.log2(top))) + 1 if top >= 1.0 else 0)
    return np.minimum(np.rint(x * 2.0**bits), 2.0**32 - 1).astype(np.uint32), bits


def from_u032(bits) -> np.ndarray:
    return np.asarray(bits, dtype=np.uint32).astype(np.float64) / U032_ONE


def to_shifted(values, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients as int32 with a per-row number of fractional bits: values is (n, k);
    each row shares the shift that makes its largest |value| fill 31 bits (at most 46 bits,
    at least 15 = s16.15).  Returns (int32 (n, k), shift (n,))."""
    x = np.atleast_2d(np.asarray(values, dtype=np.float64))
    if not np.isfinite(x).all():
        raise ValueError(f"{what}: not finite")
    biggest = np.max(np.abs(x), axis=1)
    with np.errstate(divide="ignore"):
        shift = np.where(biggest > 0, 30 - np.floor(np.log2(np.where(biggest > 0, biggest, 1))), 46)
    shift = np.clip(shift, 15, 46).astype(np.int64)
    scaled = np.rint(x * 2.0 ** shift[:, None])
    if (np.abs(scaled) >= 2**31).any():
        raise ValueError(f"{what} = {biggest.max()} is too large for a 32-bit coefficient")
    return scaled.astype(np.int32), shift.astype(np.uint32)


def weights_to_u16(weights, shift: int) -> tuple[np.ndarray, np.ndarray]:
    """|weight| -> u16 ring-buffer units: round(|w| * 2**(15 - shift)).

    Returns (u16 values, relative quantisation error per weight).  Values are
    clipped at 0xFFFF (the shift is chosen so that does not happen)."""
    w = np.abs(np.asarray(weights, dtype=np.float64))
    scaled = w * 2.0 ** (15 - shift)
    q = np.minimum(np.rint(scaled), 0xFFFF)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(w > 0, np.abs(q - scaled) / scaled, 0.0)
    return q.astype(np.uint32), rel


def u16_to_weights(values, shift: int) -> np.ndarray:
    return np.asarray(values, dtype=np.float64) * 2.0 ** (shift - 15)

"""Activation kernels that write f(x) and f'(x) into given arrays, with reusable scratch space.

The gradient-flow simulation evaluates an activation and its slope on every layer, tens of thousands of
values at a time, and NumPy gives it no fused loops: each step is a full pass over memory. These kernels
take the number of passes down and spend none on allocation:

* every step writes into a preallocated array (``out=``): a fresh 128 KB temporary is an mmap and its
  page faults in glibc's malloc (Mish's allocating version took up to 4x as long on one block);
* NOTE: NumPy 2.4's ``maximum``/``minimum`` with a scalar, ``copysign``, ``sign`` and ``reciprocal``
  run 2-6x slower here than ``maximum`` of two arrays or a division, so the kernels clamp against a
  constant array from the :class:`Workspace` and move sign bits with integer operations instead.

A kernel is ``kernel(x, value, slope, work, **params)``: ``x`` a 1-D contiguous float array, ``value``
and ``slope`` arrays of the same length and dtype (or None: not wanted), ``work`` a :class:`Workspace`.
The formulas and the numerical decisions are those documented on the activations themselves
(:mod:`glossary.maths.activations`); Mish (every dtype) and float32 GELU *are* these kernels there, and
for the others a test checks that they give what the activation functions give (equal values).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

Array = np.ndarray
Kernel = Callable[..., None]


class Workspace:
    """Scratch arrays for the kernels, kept between calls. Not locked: one per thread or run."""

    __slots__ = ("_arrays",)

    def __init__(self) -> None:
        self._arrays: dict[tuple[Any, ...], Array] = {}

    def _get(self, key: tuple[Any, ...], n: int, dtype: np.dtype, fill: float | None = None) -> Array:
        a = self._arrays.get(key)
        if a is None or a.size < n:
            a = np.empty(n, dtype)
            if fill is not None:
                a.fill(fill)
                a.flags.writeable = False  # a constant: a kernel writing into it is a bug
            self._arrays[key] = a
        return a[:n]

    def scratch(self, slot: int, like: Array) -> Array:
        """Scratch array number ``slot`` with ``like``'s length and dtype; contents undefined."""
        return self._get(("scratch", slot, like.dtype.str), like.size, like.dtype)

    def mask(self, like: Array) -> Array:
        """A boolean scratch array of ``like``'s length; contents undefined."""
        return self._get(("mask",), like.size, np.dtype(bool))

    def full(self, value: float, like: Array) -> Array:
        """A read-only array of ``like``'s length and dtype, every element ``value``."""
        return self._get(("full", float(value), like.dtype.str), like.size, like.dtype, value)


_INT = {2: np.int16, 4: np.int32, 8: np.int64}  # the integer of a float's width, and its sign bit:
_SIGN = {n: t(np.iinfo(t).min) for n, t in _INT.items()}


def _sign_bits(x: Array, out: Array) -> Array:
    """The sign bits of ``x`` (float32) as int32, into ``out`` (a float32 scratch array reused as int)."""
    bits = out.view(np.int32)
    np.bitwise_and(x.view(np.int32), _SIGN[4], out=bits)
    return bits


def _or_sign(a: Array, sign_bits: Array) -> None:
    """a = copysign(a, x) for a >= 0 (or NaN), with x's sign bits from :func:`_sign_bits`."""
    bits = a.view(np.int32)
    bits |= sign_bits


def _minus_abs(x: Array, out: Array) -> Array:
    """-|x| in one pass (the sign bit set; NaN stays NaN)."""
    np.bitwise_or(
        x.view(_INT[x.dtype.itemsize]), _SIGN[x.dtype.itemsize], out=out.view(_INT[x.dtype.itemsize])
    )
    return out


def _floor(x: Array, out: Array, work: Workspace) -> Array:
    """x with -inf raised to the most negative finite value, so that x·factor is 0 where factor -> 0."""
    return np.maximum(x, work.full(np.finfo(x.dtype).min, x), out=out)


def _finite(x: Array, out: Array) -> Array:
    """x with ±inf clamped to the largest finite values, so that x·factor is 0 where factor -> 0."""
    limit = np.finfo(x.dtype).max
    return np.clip(x, -limit, limit, out=out)


def _keep_nan(x: Array, slope: Array, work: Workspace) -> None:
    nan = np.isnan(x, out=work.mask(x))
    if nan.any():
        np.copyto(slope, x, where=nan)


def relu_into(x: Array, value: Array | None, slope: Array | None, work: Workspace) -> None:
    """max(0, x) and [x > 0] (f'(0) = 0), NaN propagating (see :func:`glossary.maths.activations.relu`)."""
    if value is not None:
        np.maximum(x, work.full(0.0, x), out=value)
    if slope is not None:
        np.greater(x, 0, out=slope, casting="unsafe")
        _keep_nan(x, slope, work)


def leaky_relu_into(x: Array, value: Array | None, slope: Array | None, work: Workspace,
                    negative_slope: float = 0.01) -> None:  # fmt: skip
    """max(x, αx) and max([x > 0], α), for 0 < α <= 1 (see :func:`glossary.maths.activations.leaky_relu`)."""
    if value is not None:
        scaled = np.multiply(x, float(negative_slope), out=work.scratch(0, x))
        np.maximum(x, scaled, out=value)
    if slope is not None:
        np.greater(x, 0, out=slope, casting="unsafe")
        np.maximum(slope, work.full(negative_slope, x), out=slope)
        _keep_nan(x, slope, work)


def tanh_into(x: Array, value: Array | None, slope: Array | None, work: Workspace) -> None:
    """tanh x and sech²x = 4e/(1 + e)² with e = e^{-2|x|} (see :func:`glossary.maths.activations.tanh`)."""
    if value is not None:
        np.tanh(x, out=value)
    if slope is not None:
        e = np.abs(x, out=work.scratch(0, x))
        e *= -2
        np.exp(e, out=e)
        d = np.add(e, 1, out=work.scratch(1, x))
        np.square(d, out=d)
        e *= 4
        np.divide(e, d, out=slope)


def sigmoid_into(x: Array, value: Array | None, slope: Array | None, work: Workspace) -> None:
    """σ(x) = max(e, [x >= 0])/(1 + e) and e/(1 + e)² with e = e^{-|x|} (never overflows)."""
    e = _minus_abs(x, work.scratch(0, x))
    np.exp(e, out=e)
    d = np.add(e, 1, out=work.scratch(1, x))
    if value is not None:
        pos = np.greater_equal(x, 0, out=work.mask(x))
        np.maximum(e, pos, out=value)
        value /= d
    if slope is not None:
        np.square(d, out=d)
        np.divide(e, d, out=slope)


def elu_into(x: Array, value: Array | None, slope: Array | None, work: Workspace, alpha: float = 1.0) -> None:
    """x for x > 0, α(e^x - 1) below; slope 1 for x > 0, αe^x below (see ``activations.elu``).

    The branches are joined by arithmetic, not np.where: f = max(x, 0) + α·expm1(min(x, 0)), where one
    term is 0, and f' = [x > 0] + [x <= 0]·αe^{min(x, 0)}, where one product is 0."""
    low = np.minimum(x, work.full(0.0, x), out=work.scratch(0, x))  # clamp first: e^x never overflows
    if value is not None:
        neg = np.expm1(low, out=work.scratch(1, x))
        neg *= alpha
        np.maximum(x, work.full(0.0, x), out=value)
        value += neg
    if slope is not None:
        np.exp(low, out=low)
        low *= alpha
        above = np.greater(x, 0, out=work.scratch(2, x), casting="unsafe")
        np.subtract(1, above, out=slope)
        slope *= low
        slope += above
        _keep_nan(x, slope, work)


def silu_into(x: Array, value: Array | None, slope: Array | None, work: Workspace) -> None:
    """x·σ(x) and σ + x·σ(1 - σ) with σ(1 - σ) = e/(1 + e)², e = e^{-|x|} (see
    :func:`glossary.maths.activations.silu`)."""
    e = _minus_abs(x, work.scratch(0, x))
    np.exp(e, out=e)
    d = np.add(e, 1, out=work.scratch(1, x))
    sig = np.maximum(e, np.greater_equal(x, 0, out=work.mask(x)), out=work.scratch(2, x))
    sig /= d
    if value is not None:
        _floor(x, value, work)
        value *= sig
    if slope is not None:
        np.square(d, out=d)
        np.divide(e, d, out=e)
        _finite(x, slope)
        slope *= e
        slope += sig


def softplus_into(x: Array, value: Array | None, slope: Array | None, work: Workspace,
                  beta: float = 1.0, threshold: float = 20.0) -> None:  # fmt: skip
    """ln(1 + e^{βx})/β = (max(βx, 0) + log1p(e^{-|βx|}))/β and σ(βx); x and 1 where βx > threshold
    (see :func:`glossary.maths.activations.softplus`)."""
    bx = np.multiply(x, beta, out=work.scratch(0, x))
    e = _minus_abs(bx, work.scratch(1, x))
    np.exp(e, out=e)
    linear = np.greater(bx, threshold, out=work.mask(x))
    any_linear = linear.any()  # rare (βx > 20): the selects below run only then
    if value is not None:
        np.log1p(e, out=value)
        value += np.maximum(bx, work.full(0.0, x), out=work.scratch(2, x))
        value /= beta
        if any_linear:
            np.copyto(value, x, where=linear)
    if slope is not None:
        d = np.add(e, 1, out=work.scratch(2, x))
        np.maximum(e, np.greater_equal(bx, 0, out=work.scratch(3, x), casting="unsafe"), out=slope)
        slope /= d
        if any_linear:
            np.copyto(slope, 1, where=linear)


# GELU in float32 (and float16, computed in float32): torch computes these dtypes in float32, so the
# float64 erfc of glossary.maths.activations is more than the dtype can hold and costs ~6x the time.
# Φ(-|x|) = erfc(z)/2 with z = |x|/√2 and erfc(z) = t·e^{-z²}·R(t), t = 1/(1 + z/2) (the substitution of
# Numerical Recipes' erfcc), R of degree 9 fitted by weighted least squares to erfc(z)·e^{z²}/t on 8000
# Chebyshev nodes of t in [0.08, 1] (z <= 23; |x| is clamped to 32): relative error below 7.3e-8 in
# float64 (tests/test_kernels.py). e^{-z²} = e^{-x²/2} is also φ(x)'s exponential: GELU takes one exp.
# Computed as t = u/k, u = 1/(1/k + |x|), k = 1/(2√2): R's coefficients absorb the powers of k and 1/(2k).
# In float32 the kernel stays within 2.5e-7·(1 + |f|) of the float64 truth (tests/test_kernels.py).
ERFC_R = (0.28209028499, 0.2822569205, 0.24448555466, 0.19429117005, 0.003319019345, 0.21202286496,
          -0.39606836128, 0.20802011858, -0.023283102802, -0.0071345294223)  # fmt: skip
_K = 0.5 * math.sqrt(0.5)
_GELU_R = tuple(np.float32(c * _K**-i / (2 * _K)) for i, c in enumerate(ERFC_R))
_F32 = np.float32


def gelu_f32_into(x: Array, value: Array | None, slope: Array | None, work: Workspace,
                  approximate: str = "none") -> None:  # fmt: skip
    """x·Φ(x) and Φ(x) + x·φ(x) in float32 (``x`` float32; see :func:`glossary.maths.activations.gelu`)."""
    if approximate != "none" or x.dtype != np.float32:
        raise ValueError(f"exact GELU in float32 only, got approximate={approximate!r} and {x.dtype}")
    a = np.abs(x, out=work.scratch(0, x))
    np.minimum(a, work.full(32.0, x), out=a)  # NOTE: Φ(-32) and φ(32) are 0 in float32; inf·0 avoided
    u = np.add(a, _F32(1 / _K), out=work.scratch(1, x))
    np.divide(_F32(1), u, out=u)
    cdf = np.multiply(u, _GELU_R[-1], out=work.scratch(2, x))
    for coef in _GELU_R[-2:0:-1]:
        cdf += coef
        cdf *= u
    cdf += _GELU_R[0]
    cdf *= u
    gauss = np.square(a, out=work.scratch(3, x))
    gauss *= _F32(-0.5)
    np.exp(gauss, out=gauss)  # e^{-x²/2}
    cdf *= gauss  # Φ(-|x|)
    # NOTE: 1/2 - Φ(-|x|) >= 0 here for every x (its least value, 3e-8, is at x = 0: R's error), so the
    # sign bit copied from x below makes it ±(1/2 - Φ(-|x|))
    np.subtract(_F32(0.5), cdf, out=cdf)
    sign = _sign_bits(x, work.scratch(4, x))
    _or_sign(cdf, sign)
    cdf += _F32(0.5)  # Φ(x) = 1/2 ± (1/2 - Φ(-|x|)); NaN stays NaN
    if value is not None:
        _floor(x, value, work)
        value *= cdf
    if slope is not None:
        gauss *= a
        gauss *= _F32(1 / math.sqrt(2 * math.pi))  # |x|·φ(x)
        _or_sign(gauss, sign)  # x·φ(x)
        np.add(gauss, cdf, out=slope)


def mish_into(x: Array, value: Array | None, slope: Array | None, work: Workspace) -> None:
    """x·t and t + x·σ(x)(1 - t²) with t = tanh(softplus(x)) in closed form from e = e^{-|x|}.

    e^{-2 softplus(x)} = g/(1 + e)² with g = e² for x >= 0 and 1 below, so t = N/D with
    N = 2e + (1 for x >= 0, e² below), D = N + 2g, 1 - t² = 4g(1 + e)²/D², and with σ(x) = s/(1 + e),
    s = (1 for x >= 0, e below): x·σ(x)(1 - t²) = 4x·s·g(1 + e)/D². No branch cancels."""
    e = _minus_abs(x, work.scratch(0, x))
    np.exp(e, out=e)
    e2 = np.square(e, out=work.scratch(1, x))
    pos = np.greater_equal(x, 0, out=work.mask(x))
    num = np.maximum(e2, pos, out=work.scratch(2, x))  # 1 or e² (e² <= 1): far cheaper than np.where
    num += np.multiply(e, 2, out=work.scratch(3, x))
    np.invert(pos, out=pos)
    g = np.maximum(e2, pos, out=e2)
    den = np.add(g, g, out=work.scratch(3, x))
    den += num
    t = np.divide(num, den, out=num)
    if value is not None:
        _floor(x, value, work)
        value *= t
    if slope is None:
        return
    g *= np.add(e, 1, out=work.scratch(4, x))
    g *= 4
    np.square(den, out=den)
    g /= den  # σ(x)(1 - t²)/s
    np.invert(pos, out=pos)
    s = np.maximum(e, pos, out=e)
    _finite(x, slope)
    slope *= s
    slope *= g
    slope += t


def find(name: str, params: dict[str, Any], dtype: np.dtype) -> Kernel | None:
    """The kernel computing activation ``name`` with these parameters in ``dtype``, or None."""
    if dtype not in (np.float32, np.float64):
        return None
    if name == "gelu":
        return gelu_f32_into if params.get("approximate", "none") == "none" and dtype == np.float32 else None
    if name == "leaky_relu" and not 0 < params.get("negative_slope", 0.01) <= 1:
        return None  # NOTE: slope 0 needs -inf·0 = 0, which max(x, αx) does not give
    return KERNELS.get(name)


KERNELS: dict[str, Kernel] = {
    "relu": relu_into, "leaky_relu": leaky_relu_into, "tanh": tanh_into, "sigmoid": sigmoid_into,
    "elu": elu_into, "gelu": gelu_f32_into, "silu": silu_into, "softplus": softplus_into, "mish": mish_into,
}  # fmt: skip

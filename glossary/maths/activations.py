"""Activation functions in NumPy: one small function and its derivative per activation, and a registry.

Every number a demo shows comes from here. Conventions shared by all functions:

* names and parameters follow ``torch.nn.functional`` (``leaky_relu(x, negative_slope=0.01)``);
* dtype in = dtype out: float16/32/64 stay as they are; integer and bool inputs are promoted to float64;
* shape in = shape out (0-d and empty arrays included); the input is never modified;
* NaN propagates (also through derivatives, where torch's relu/leaky_relu/elu backward return a slope);
* ±inf give the mathematical limits (torch returns NaN for gelu/silu/mish at -inf; we return 0);
* stable forms only, so no overflow/invalid warnings for |x| <= 1e4 (and none for ±inf either);
* the derivative at a kink is the one torch autograd uses, stated in each docstring.

``softmax`` and ``log_softmax`` act on a whole axis: instead of an elementwise derivative they offer
``jacobian`` and ``vjp`` (vector-Jacobian product, what backpropagation needs).

The registry ``ACTIVATIONS`` maps names to :class:`Activation` records (function, derivative, parameter
specs, LaTeX, properties); the UI and the tests enumerate it, so nothing lists the activations twice.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from glossary.corpus import activation_names

Array = np.ndarray

# ---------------------------------------------------------------------------------------------------
# dtype handling and small helpers


def _as_float(x: Any) -> Array:
    """The input as a floating array without copying it; ints/bools become float64."""
    a = np.asarray(x)
    if a.dtype.kind == "f":
        return a
    if a.dtype.kind in "biu":
        return a.astype(np.float64)
    raise TypeError(f"expected a real array, got dtype {a.dtype}")


def _out(r: Any, dtype: np.dtype) -> Array:
    # NOTE: parameters given as np.float64 would promote a float32 result; cast back (dtype in = out).
    return np.asarray(r, dtype=dtype)


def _finite(x: Array) -> Array:
    """±inf replaced by the largest finite value, so that ``x * 0`` stays 0 at the limits."""
    big = np.finfo(x.dtype).max
    return np.clip(x, -big, big)


def _floor(x: Array) -> Array:
    """-inf replaced by the most negative finite value (for ``x * factor`` with factor -> 0 at -inf)."""
    return np.maximum(x, np.finfo(x.dtype).min)


def _keep_nan(x: Array, r: Array) -> Array:
    nan = np.isnan(x)
    return np.where(nan, x, r) if nan.any() else r


def _sigmoid_parts(x: Array) -> tuple[Array, Array, Array]:
    """sigmoid(x), e = exp(-|x|) and d = 1 + e, computed without overflow."""
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    d = 1 + e
    s = np.maximum(e, x >= 0) / d  # 1/d for x >= 0, e/d below (a max, much cheaper than np.where)
    return s, e, d


# ---------------------------------------------------------------------------------------------------
# erf / erfc in float64 (numpy has none; scipy is not a dependency).
# W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969),
# 631-637, as in his CALERF routine (netlib specfun): accurate to a few ulps in float64. exp(-x^2) is
# split as exp(-t^2)·exp(-(x - t)(x + t)) with t = trunc(16x)/16, so the rounding of x^2 does not cost
# relative accuracy in the tail.

_ERF_A = (3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03,
          1.85777706184603153e-1)  # fmt: skip
_ERF_B = (2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03)
_ERF_C = (5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
          8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
          2.15311535474403846e-8)  # fmt: skip
_ERF_D = (1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
          3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
          1.23033935480374942e03)  # fmt: skip
_ERF_P = (3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
          6.58749161529837803e-4, 1.63153871373020978e-2)  # fmt: skip
_ERF_Q = (2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2,
          2.33520497626869185e-3)  # fmt: skip
_RSQRT_PI = 0.5641895835477562869


def _horner_ratio(y: Array, num_coef: tuple[float, ...], den_coef: tuple[float, ...]) -> Array:
    """Cody's rational form: ((c[n]y + c0)y + ... + c[n-1]) / ((y + d0)y + ... + d[n-1]), in place."""
    num = num_coef[-1] * y
    den = y.copy()
    for c, d in zip(num_coef[:-2], den_coef[:-1], strict=True):
        num += c
        num *= y
        den += d
        den *= y
    num += num_coef[-2]
    den += den_coef[-1]
    num /= den
    return num


def _erf_small(x: Array) -> Array:
    """erf(x) for |x| <= 0.46875."""
    return x * _horner_ratio(x * x, _ERF_A, _ERF_B)


def _erfc_large(y: Array) -> Array:
    """erfc(y) for y > 0.46875 (y may be +inf), evaluating each region only where it applies."""
    y = np.minimum(y, 30.0)  # erfc(30) = 2.6e-393 underflows to 0 anyway; keeps 1/y^2 > 0
    out = np.empty_like(y)
    mid = y <= 4.0
    out[mid] = _horner_ratio(y[mid], _ERF_C, _ERF_D)
    tail = ~mid
    if tail.any():
        yt = y[tail]
        w = 1.0 / (yt * yt)
        out[tail] = (_RSQRT_PI - w * _horner_ratio(w, _ERF_P, _ERF_Q)) / yt
    t = np.trunc(y * 16.0) / 16.0
    out *= np.exp(-t * t)
    out *= np.exp(-(y - t) * (y + t))
    return out


def _erf_parts(x: Array) -> tuple[Array, Array, Array]:
    """(x as float64 1-D, mask |x| <= 0.46875, erfc(|x|) on the complement)."""
    x = np.asarray(x, dtype=np.float64).ravel()
    small = np.abs(x) <= 0.46875  # NaN is in neither region and stays NaN below
    with np.errstate(under="ignore"):
        big = _erfc_large(np.abs(x[~small]))
    return x, small, big


def erfc(x: Any) -> Array:
    """Complementary error function 1 - erf(x), float64, accurate in both tails."""
    shape = np.shape(x)
    x, small, big = _erf_parts(x)
    out = np.empty_like(x)
    out[small] = 1.0 - _erf_small(x[small])
    out[~small] = np.where(x[~small] < 0, 2.0 - big, big)
    return out.reshape(shape)


def erf(x: Any) -> Array:
    """Error function, float64, vectorised (a few ulps from the correctly rounded value)."""
    shape = np.shape(x)
    x, small, big = _erf_parts(x)
    out = np.empty_like(x)
    out[small] = _erf_small(x[small])
    out[~small] = np.copysign(1.0 - big, x[~small])
    return out.reshape(shape)


def normal_cdf(x: Any) -> Array:
    """Φ(x) = erfc(-x/√2)/2, accurate also far in the left tail (no 1 + erf cancellation)."""
    return 0.5 * erfc(-np.asarray(x, dtype=np.float64) * math.sqrt(0.5))


# ---------------------------------------------------------------------------------------------------
# elementwise activations


def relu(x: Any) -> Array:
    """ReLU: f(x) = max(0, x).  f'(x) = 1 for x > 0, else 0.  Kink at 0: f'(0) = 0 (as torch)."""
    x = _as_float(x)
    return _out(np.maximum(x, 0), x.dtype)  # np.maximum propagates NaN


def relu_grad(x: Any) -> Array:
    """Derivative of :func:`relu`. NOTE: f'(0) = 0, as torch autograd (a subgradient in [0, 1])."""
    x = _as_float(x)
    return _keep_nan(x, (x > 0).astype(x.dtype))


def leaky_relu(x: Any, negative_slope: float = 0.01) -> Array:
    """Leaky ReLU: f(x) = x for x > 0, negative_slope·x otherwise.

    f'(x) = 1 for x > 0, negative_slope otherwise.  Kink at 0: f'(0) = negative_slope (as torch)."""
    x = _as_float(x)
    neg = (_finite(x) if negative_slope == 0 else x) * negative_slope  # slope 0 at -inf: limit 0
    return _out(np.where(x > 0, x, neg), x.dtype)


def leaky_relu_grad(x: Any, negative_slope: float = 0.01) -> Array:
    """f'(x) = 1 for x > 0, negative_slope for x <= 0.  NOTE: f'(0) = negative_slope as in torch."""
    x = _as_float(x)
    return _out(_keep_nan(x, np.where(x > 0, 1, negative_slope)), x.dtype)


def sigmoid(x: Any) -> Array:
    """Logistic sigmoid σ(x) = 1/(1 + e^{-x}), computed from e^{-|x|} (never overflows).

    f'(x) = σ(x)(1 - σ(x)); smooth, maximum f'(0) = 1/4."""
    x = _as_float(x)
    return _out(_sigmoid_parts(x)[0], x.dtype)


def sigmoid_grad(x: Any) -> Array:
    """σ'(x) = σ(1 - σ) = e/(1 + e)^2 with e = e^{-|x|}: no cancellation in the tails."""
    x = _as_float(x)
    _, e, d = _sigmoid_parts(x)
    return _out(e / (d * d), x.dtype)


def tanh(x: Any) -> Array:
    """Hyperbolic tangent. f'(x) = 1 - tanh^2(x) = sech^2(x); smooth, f'(0) = 1."""
    x = _as_float(x)
    return _out(np.tanh(x), x.dtype)


def tanh_grad(x: Any) -> Array:
    """sech^2(x) = 4e/(1 + e)^2 with e = e^{-2|x|}; exact in the tails where 1 - tanh^2 rounds to 0."""
    x = _as_float(x)
    e = np.exp(-2 * np.abs(x))
    return _out(4 * e / ((1 + e) * (1 + e)), x.dtype)


def elu(x: Any, alpha: float = 1.0) -> Array:
    """ELU: f(x) = x for x > 0, alpha·(e^x - 1) otherwise (expm1 of the clamped branch).

    f'(x) = 1 for x > 0, alpha·e^x for x <= 0.  Kink at 0 unless alpha = 1: f'(0) = alpha (as torch).
    With alpha = 1 the function is C¹ but not C² (f'' jumps from 1 to 0 at 0)."""
    x = _as_float(x)
    neg = alpha * np.expm1(np.minimum(x, 0))  # clamp first: np.where evaluates both branches
    return _out(np.where(x > 0, x, neg), x.dtype)


def elu_grad(x: Any, alpha: float = 1.0) -> Array:
    """f'(x) = 1 for x > 0, alpha·e^x for x <= 0.  NOTE: f'(0) = alpha, as torch's elu_backward."""
    x = _as_float(x)
    return _out(_keep_nan(x, np.where(x > 0, 1, alpha * np.exp(np.minimum(x, 0)))), x.dtype)


_SQRT_2_OVER_PI = math.sqrt(2 / math.pi)


def _gelu_tanh_arg(x: Array) -> Array:
    # 2u with u = √(2/π)(x + 0.044715x³); x clipped to ±30 where sigmoid(2u) is exactly 0 or 1 in float64
    c = np.clip(x, -30.0, 30.0)
    return 2 * _SQRT_2_OVER_PI * (c + 0.044715 * c * c * c)


def _check_approximate(approximate: str) -> None:
    if approximate not in ("none", "tanh"):
        raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")


def gelu(x: Any, approximate: str = "none") -> Array:
    """GELU: f(x) = x·Φ(x), Φ the standard normal CDF (via Cody's erfc).

    approximate="tanh": f(x) = x/2·(1 + tanh(√(2/π)(x + 0.044715x³))) = x·σ(2u), written with the
    sigmoid so the left tail has no cancellation.  f'(x) = Φ(x) + x·φ(x); smooth, f'(0) = 1/2; not
    monotonic (min ≈ -0.17).  Every dtype is computed in float64 and rounded to x's dtype."""
    _check_approximate(approximate)
    x = _as_float(x)
    x64 = x.astype(np.float64)
    if approximate == "tanh":
        r = _floor(x64) * _sigmoid_parts(_gelu_tanh_arg(x64))[0]
    else:
        r = np.maximum(x64, -40.0) * normal_cdf(np.clip(x64, -40.0, 40.0))  # Φ(-40) = 0 in float64
        r = np.where(x64 > 40.0, x64, r)
    return _out(r, x.dtype)


def gelu_grad(x: Any, approximate: str = "none") -> Array:
    """f'(x) = Φ(x) + x·φ(x) (exact); for "tanh": σ(2u) + x·σ(2u)(1 - σ(2u))·2u'(x)."""
    _check_approximate(approximate)
    x = _as_float(x)
    x64 = np.clip(x.astype(np.float64), -40.0, 40.0)  # beyond ±40 the derivative is exactly 0 or 1
    if approximate == "tanh":
        s, e, d = _sigmoid_parts(_gelu_tanh_arg(x64))
        du = 2 * _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x64 * x64)
        r = s + x64 * (e / (d * d)) * du
    else:
        r = normal_cdf(x64) + x64 * np.exp(-0.5 * x64 * x64) / math.sqrt(2 * math.pi)
    return _out(_keep_nan(x, r), x.dtype)


def silu(x: Any) -> Array:
    """SiLU / swish: f(x) = x·σ(x). f'(x) = σ(x)(1 + x(1 - σ(x))); smooth, f'(0) = 1/2."""
    x = _as_float(x)
    return _out(_floor(x) * _sigmoid_parts(x)[0], x.dtype)


def silu_grad(x: Any) -> Array:
    """f'(x) = σ + x·σ(1 - σ), with σ(1 - σ) = e/(1 + e)^2 (no cancellation)."""
    x = _as_float(x)
    s, e, d = _sigmoid_parts(x)
    return _out(s + _finite(x) * (e / (d * d)), x.dtype)


def softplus(x: Any, beta: float = 1.0, threshold: float = 20.0) -> Array:
    """Softplus: f(x) = ln(1 + e^{βx})/β = (max(βx, 0) + log1p(e^{-|βx|}))/β; x where βx > threshold.

    f'(x) = σ(βx) (1 where βx > threshold); smooth, f'(0) = 1/2."""
    x = _as_float(x)
    bx = x * beta
    r = (np.maximum(bx, 0) + np.log1p(np.exp(-np.abs(bx)))) / beta  # logaddexp(0, βx), also at ±inf
    return _out(np.where(bx > threshold, x, r), x.dtype)


def softplus_grad(x: Any, beta: float = 1.0, threshold: float = 20.0) -> Array:
    """f'(x) = σ(βx), and 1 where βx > threshold, exactly as torch's softplus_backward."""
    x = _as_float(x)
    bx = x * beta
    return _out(np.where(bx > threshold, 1, _sigmoid_parts(bx)[0]), x.dtype)


def mish(x: Any) -> Array:
    """Mish: f(x) = x·tanh(softplus(x)).  f'(x) = tanh(sp(x)) + x·σ(x)·sech²(sp(x)), sp = softplus;
    smooth, f'(0) = tanh(ln 2) = 0.6; not monotonic (min ≈ -0.31)."""
    x = _as_float(x)
    return _out(_floor(x) * np.tanh(softplus(x)), x.dtype)


def mish_grad(x: Any) -> Array:
    """f'(x) = tanh(sp(x)) + x·σ(x)·sech²(sp(x)), with sech² from :func:`tanh_grad` (exact where
    1 - tanh² would round to 0)."""
    x = _as_float(x)
    sp = softplus(x)
    return _out(np.tanh(sp) + _finite(x) * sigmoid(x) * tanh_grad(sp), x.dtype)


# ---------------------------------------------------------------------------------------------------
# softmax and log-softmax (act on a whole axis)


def _softmax_logits(x: Any, axis: int, temperature: float) -> tuple[Array, Array]:
    """(x as float, z = x/T shifted by its finite row maximum), with rows holding +inf resolved."""
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    x = _as_float(x)
    z = x / temperature if temperature != 1 else x
    pos = np.isposinf(z)
    if pos.any():
        # NOTE: a row holding +inf tends to equal mass on its +inf entries (torch returns NaN there)
        row = pos.any(axis=axis, keepdims=True) & ~np.isnan(z)
        z = np.where(row, np.where(pos, 0, -np.inf), z).astype(x.dtype)
    m = np.max(z, axis=axis, keepdims=True)
    return x, z - np.where(np.isneginf(m), 0, m)  # all -inf row: keep -inf (result NaN, as torch)


def softmax(x: Any, axis: int = -1, temperature: float = 1.0) -> Array:
    """Softmax along ``axis``: f(x)_i = e^{x_i/T} / Σ_j e^{x_j/T}, max-shifted so e^{...} <= 1.

    Stable at logits of ±1e4; -inf entries get probability 0; a row of only -inf is undefined (NaN, as
    torch); a row holding +inf shares the mass among its +inf entries (the limit). Jacobian:
    ∂f_i/∂x_j = f_i(δ_ij - f_j)/T. No elementwise derivative: use :func:`softmax_jacobian`/``vjp``."""
    x = _as_float(x)
    if x.size == 0:
        return x.copy()
    _, z = _softmax_logits(x, axis, temperature)
    e = np.exp(z)
    with np.errstate(invalid="ignore"):  # only a row of all -inf divides 0/0 (NaN, as torch)
        return _out(e / e.sum(axis=axis, keepdims=True), x.dtype)


def log_softmax(x: Any, axis: int = -1, temperature: float = 1.0) -> Array:
    """log-softmax: f(x)_i = x_i/T - log Σ_j e^{x_j/T} (log-sum-exp with the row max subtracted).

    ∂f_i/∂x_j = (δ_ij - softmax(x)_j)/T; same -inf/+inf conventions as :func:`softmax`."""
    x = _as_float(x)
    if x.size == 0:
        return x.copy()
    _, z = _softmax_logits(x, axis, temperature)
    with np.errstate(divide="ignore", invalid="ignore"):  # all -inf row: log 0 and -inf - -inf -> NaN
        return _out(z - np.log(np.exp(z).sum(axis=axis, keepdims=True)), x.dtype)


def softmax_vjp(x: Any, dy: Any, axis: int = -1, temperature: float = 1.0) -> Array:
    """dy·J for softmax: (s ⊙ (dy - Σ dy ⊙ s))/T, without forming the Jacobian."""
    s = softmax(x, axis, temperature)
    dy = np.asarray(dy, dtype=s.dtype)
    return _out(s * (dy - (dy * s).sum(axis=axis, keepdims=True)) / temperature, s.dtype)


def log_softmax_vjp(x: Any, dy: Any, axis: int = -1, temperature: float = 1.0) -> Array:
    """dy·J for log-softmax: (dy - s·Σ dy)/T with s = softmax(x)."""
    s = softmax(x, axis, temperature)
    dy = np.asarray(dy, dtype=s.dtype)
    return _out((dy - s * dy.sum(axis=axis, keepdims=True)) / temperature, s.dtype)


def softmax_jacobian(x: Any, axis: int = -1, temperature: float = 1.0) -> Array:
    """J[..., i, j] = ∂f_i/∂x_j = s_i(δ_ij - s_j)/T, with ``axis`` moved last: shape (..., n, n)."""
    s = np.moveaxis(softmax(x, axis, temperature), axis, -1)
    return _out((s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])) / temperature, s.dtype)


def log_softmax_jacobian(x: Any, axis: int = -1, temperature: float = 1.0) -> Array:
    """J[..., i, j] = (δ_ij - s_j)/T, with ``axis`` moved last: shape (..., n, n)."""
    s = np.moveaxis(softmax(x, axis, temperature), axis, -1)
    return _out((np.eye(s.shape[-1]) - s[..., None, :]) / temperature, s.dtype)


# ---------------------------------------------------------------------------------------------------
# registry


@dataclass(frozen=True)
class ParamSpec:
    """A parameter a slider (or a select box, when ``choices`` is set) can control. The interface
    names it (in its own string table); ``symbol`` is the maths notation shown beside a formula."""

    name: str
    default: float | str
    min: float | None
    max: float | None
    step: float | None
    symbol: str = ""  # shown next to point formulas ("α = 0.01"); empty: not shown
    choices: tuple[str, ...] = ()

    def check(self, value: Any) -> float | str:
        """The value if valid for this spec, else ValueError saying the allowed range."""
        if self.choices:
            if value not in self.choices:
                raise ValueError(f"{self.name} must be one of {list(self.choices)}, got {value!r}")
            return value
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{self.name} must be a number, got {value!r}") from None
        if not (self.min is None or v >= self.min) or not (self.max is None or v <= self.max) or v != v:
            raise ValueError(f"{self.name} must be in [{self.min}, {self.max}], got {value!r}")
        return v


@dataclass(frozen=True)
class Properties:
    """Facts for a comparison table.

    monotonic: None where the scalar notion does not apply (softmax, log-softmax map vectors to vectors);
    zero_centred: f is odd, so zero-mean inputs give zero-mean outputs (only tanh here);
    saturates: where f' tends to 0: "both" (sigmoid, tanh), "left" (x -> -∞: ReLU, ELU, GELU, ...),
    "no"; None for softmax-like ones (no elementwise f');
    smooth: infinitely differentiable (ELU is C¹ at best, with alpha = 1, so it is not);
    derivative_at_0: f'(0) with default parameters, at a kink the torch autograd value."""

    output_range: str
    monotonic: bool | None
    zero_centred: bool
    saturates: str | None
    smooth: bool
    derivative_at_0: float | None


@dataclass(frozen=True)
class Activation:
    """One registry entry. ``forward``/``derivative`` take ``(x, **params)`` with torch's names.

    Elementwise activations have ``derivative``; softmax-like ones have ``jacobian`` and ``vjp``
    (and ``derivative`` None); these also take ``axis`` (default -1) as a call argument.
    ``defaults()``, ``resolve_params(**p)`` (validated) and ``max_abs_derivative(**p)`` serve the demos;
    what they say in words (titles, labels, the formula with numbers) is the readouts' and the UI's."""

    name: str
    title: str
    forward: Callable[..., Array]
    derivative: Callable[..., Array] | None
    params: tuple[ParamSpec, ...]
    latex: str
    derivative_latex: str
    properties: Properties
    jacobian: Callable[..., Array] | None = None
    vjp: Callable[..., Array] | None = None

    @property
    def elementwise(self) -> bool:
        return self.derivative is not None

    def defaults(self) -> dict[str, float | str]:
        return {p.name: p.default for p in self.params}

    def resolve_params(self, **params: Any) -> dict[str, float | str]:
        """Defaults overridden by ``params``, each checked against its spec (ValueError otherwise)."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(params) - set(known))
        if unknown:
            raise ValueError(f"{self.name} has no parameter {unknown[0]!r}; known: {sorted(known)}")
        return {n: spec.check(params.get(n, spec.default)) for n, spec in known.items()}

    def max_abs_derivative(self, **params: Any) -> float:
        """sup |f'(x)| over x, found on a grid and refined around the best point (elementwise only)."""
        if self.derivative is None:
            raise ValueError(f"{self.name} is not elementwise; it has a Jacobian, not a scalar f'")
        p = self.resolve_params(**params)
        grid = np.linspace(-50.0, 50.0, 20001)
        g = np.abs(self.derivative(grid, **p))
        i = int(np.argmax(g))
        fine = np.linspace(grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)], 2001)
        return float(max(g[i], np.abs(self.derivative(fine, **p)).max()))


_SLOPE = ParamSpec("negative_slope", 0.01, 0.0, 1.0, 0.01, symbol="α")
_ALPHA = ParamSpec("alpha", 1.0, 0.0, 3.0, 0.05, symbol="α")
_BETA = ParamSpec("beta", 1.0, 0.1, 10.0, 0.1, symbol="β")
_THRESHOLD = ParamSpec("threshold", 20.0, 1.0, 50.0, 1.0)
_APPROX = ParamSpec("approximate", "none", None, None, None, choices=("none", "tanh"))
_TEMPERATURE = ParamSpec("temperature", 1.0, 0.05, 10.0, 0.05, symbol="T")


def _props(
    derivative: Callable[..., Array] | None,
    *,
    output_range: str,
    monotonic: bool | None,
    zero_centred: bool,
    smooth: bool,
) -> Properties:
    """Properties whose numbers come from the derivative itself (f'(0), and where f'(±∞) = 0), so the
    table can never disagree with the code."""
    if derivative is None:
        return Properties(output_range, monotonic, zero_centred, None, smooth, None)
    left, right = (bool(derivative(np.float64(v)) == 0) for v in (-np.inf, np.inf))
    saturates = "both" if left and right else "left" if left else "right" if right else "no"
    return Properties(
        output_range, monotonic, zero_centred, saturates, smooth, float(derivative(np.float64(0.0)))
    )


_ENTRIES = (
    Activation(
        "relu", "ReLU", relu, relu_grad, (), r"f(x) = \max(0, x)",
        r"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        _props(relu_grad, output_range="[0, ∞)", monotonic=True, zero_centred=False, smooth=False),
    ),
    Activation(
        "leaky_relu", "Leaky ReLU", leaky_relu, leaky_relu_grad, (_SLOPE,),
        r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
        r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
        _props(leaky_relu_grad, output_range="(−∞, ∞)", monotonic=True, zero_centred=False, smooth=False),
    ),
    Activation(
        "sigmoid", "Sigmoid", sigmoid, sigmoid_grad, (), r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        r"\sigma'(x) = \sigma(x)\,(1 - \sigma(x))",
        _props(sigmoid_grad, output_range="(0, 1)", monotonic=True, zero_centred=False, smooth=True),
    ),
    Activation(
        "tanh", "Tanh", tanh, tanh_grad, (), r"f(x) = \tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        r"f'(x) = 1 - \tanh^2 x",
        _props(tanh_grad, output_range="(−1, 1)", monotonic=True, zero_centred=True, smooth=True),
    ),
    Activation(
        "softmax", "Softmax", softmax, None, (_TEMPERATURE,),
        r"f(x)_i = \frac{e^{x_i / T}}{\sum_j e^{x_j / T}}",
        r"\frac{\partial f_i}{\partial x_j} = \frac{1}{T}\, f_i\,(\delta_{ij} - f_j)",
        _props(None, output_range="(0, 1), Σ = 1", monotonic=None, zero_centred=False, smooth=True),
        jacobian=softmax_jacobian, vjp=softmax_vjp,
    ),
    Activation(
        "elu", "ELU", elu, elu_grad, (_ALPHA,),
        r"f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha\, e^{x} & x \le 0 \end{cases}",
        _props(elu_grad, output_range="(−α, ∞)", monotonic=True, zero_centred=False, smooth=False),
    ),
    Activation(
        "gelu", "GELU", gelu, gelu_grad, (_APPROX,),
        r"f(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt 2}\right)",
        r"f'(x) = \Phi(x) + x\,\varphi(x)",
        _props(gelu_grad, output_range="[≈−0.17, ∞)", monotonic=False, zero_centred=False, smooth=True),
    ),
    Activation(
        "silu", "SiLU (swish)", silu, silu_grad, (), r"f(x) = x\,\sigma(x) = \frac{x}{1 + e^{-x}}",
        r"f'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)",
        _props(silu_grad, output_range="[≈−0.28, ∞)", monotonic=False, zero_centred=False, smooth=True),
    ),
    Activation(
        "softplus", "Softplus", softplus, softplus_grad, (_BETA, _THRESHOLD),
        r"f(x) = \frac{1}{\beta}\ln\left(1 + e^{\beta x}\right)", r"f'(x) = \sigma(\beta x)",
        _props(softplus_grad, output_range="(0, ∞)", monotonic=True, zero_centred=False, smooth=True),
    ),
    Activation(
        "mish", "Mish", mish, mish_grad, (), r"f(x) = x \tanh\bigl(\ln(1 + e^{x})\bigr)",
        r"f'(x) = \tanh(\operatorname{sp}(x)) + x\,\sigma(x)\,\operatorname{sech}^2(\operatorname{sp}(x))",
        _props(mish_grad, output_range="[≈−0.31, ∞)", monotonic=False, zero_centred=False, smooth=True),
    ),
    Activation(
        "log_softmax", "Log-softmax", log_softmax, None, (_TEMPERATURE,),
        r"f(x)_i = \frac{x_i}{T} - \log \sum_j e^{x_j / T}",
        r"\frac{\partial f_i}{\partial x_j} = \frac{1}{T}\,(\delta_{ij} - \operatorname{softmax}(x/T)_j)",
        _props(None, output_range="(−∞, 0)", monotonic=None, zero_centred=False, smooth=True),
        jacobian=log_softmax_jacobian, vjp=log_softmax_vjp,
    ),
)  # fmt: skip

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in _ENTRIES}
if tuple(ACTIVATIONS) != activation_names.NAMES:  # the content parser validates entries against NAMES
    raise ImportError(f"glossary/activation_names.py must list {tuple(ACTIVATIONS)}, in this order")
ELEMENTWISE: tuple[str, ...] = tuple(a.name for a in _ENTRIES if a.elementwise)


def get(name: str) -> Activation:
    """The registry entry for ``name``; ValueError listing the known names otherwise."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown activation {name!r}; known: {', '.join(ACTIVATIONS)}") from None

"""The numbers behind the live demos, computed from the core, with no Streamlit: curves sampled for a
chart, softmax step by step (naive next to max-shifted), the vanishing-gradient verdict, the
properties table. The UI only arranges what these return; the tests check them directly.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from glossary import format as fmt
from glossary.charts import MAX_POINTS
from glossary.maths import activations

X_LIMITS = (-10.0, 10.0)
MIN_SPAN = 0.5


def x_range(lo: Any, hi: Any, limits: tuple[float, float] = X_LIMITS) -> tuple[float, float]:
    """A usable plotting interval from any two values: ordered, inside ``limits``, at least MIN_SPAN
    wide; garbage (NaN, text) falls back to the full ``limits``."""
    try:
        a, b = sorted((float(lo), float(hi)))
    except (TypeError, ValueError):
        return limits
    if not (math.isfinite(a) and math.isfinite(b)):
        return limits
    a, b = max(a, limits[0]), min(b, limits[1])
    if b - a < MIN_SPAN:
        mid = min(max((a + b) / 2, limits[0] + MIN_SPAN / 2), limits[1] - MIN_SPAN / 2)
        a, b = mid - MIN_SPAN / 2, mid + MIN_SPAN / 2
    return a, b


POINT_ROWS = 2  # charts.curve_chart's point marks


def points_per_curve(n_curves: int, rows_per_point: int = 2, cap: int = 400) -> int:
    """How many x samples keep ``n_curves`` curves (each drawing f and f') within the chart budget."""
    # NOTE: the point readout's marks (f and f' at x) are rows of the same chart: leave room for them
    return max(2, min(cap, (MAX_POINTS - POINT_ROWS) // max(1, n_curves * rows_per_point)))


def sample_curves(
    names: Sequence[str],
    x_min: float,
    x_max: float,
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[np.ndarray, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """f and f' of each elementwise activation on a shared grid sized by ``points_per_curve``.

    ``params[name]`` overrides that activation's defaults (checked by the registry)."""
    params = params or {}
    x = np.linspace(x_min, x_max, points_per_curve(len(names)))
    curves = {}
    for name in names:
        act = activations.get(name)
        if not act.elementwise:
            raise ValueError(f"{name!r} is not elementwise; it has no single f(x) curve")
        p = act.resolve_params(**params.get(name, {}))
        curves[name] = (act.forward(x, **p), act.derivative(x, **p))
    return x, curves


def point_values(name: str, x: float, params: Mapping[str, Any] | None = None) -> tuple[float, float]:
    """(f(x), f'(x)) of an elementwise activation at one point."""
    act = activations.get(name)
    p = act.resolve_params(**(params or {}))
    x64 = np.float64(x)
    return float(act.forward(x64, **p)), float(act.derivative(x64, **p))


def properties_rows(names: Iterable[str]) -> list[dict[str, Any]]:
    """One row per activation from the registry's ``Properties`` (keys are stable; the UI names them)."""
    rows = []
    for name in names:
        act = activations.get(name)
        pr = act.properties
        rows.append(
            {
                "name": name,
                "title": act.title,
                "output_range": pr.output_range,
                "monotonic": pr.monotonic,
                "zero_centred": pr.zero_centred,
                "saturates": pr.saturates,
                "smooth": pr.smooth,
                "derivative_at_0": pr.derivative_at_0,
                "max_abs_derivative": act.max_abs_derivative() if act.elementwise else None,
            }
        )
    return rows


# --- the formula with the numbers put in ------------------------------------------------------------


def _num(v: float) -> str:
    """A number inside a formula: 4 significant digits, Unicode minus, ∞ for infinities."""
    v = float(v) + 0.0  # no "−0"
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    text = f"{v:.4g}"
    if "e" in text:
        mant, exp = text.split("e")
        text = f"{mant}·10^{int(exp)}"
    return text.replace("-", "−")


def _paren(v: float) -> str:
    return f"({_num(v)})" if v < 0 else _num(v)


def _gelu_plug(x: float, p: Mapping[str, Any]) -> str:
    if p["approximate"] == "tanh":
        return f"0.5 · {_paren(x)} · (1 + tanh(√(2/π) · ({_num(x)} + 0.044715 · {_paren(x)}³)))"
    return f"{_paren(x)} · Φ({_num(x)})"


def _softplus_plug(x: float, p: Mapping[str, Any]) -> str:
    bx = p["beta"] * x
    if bx > p["threshold"]:
        return _num(x)
    inner = f"ln(1 + e^{_paren(bx)})"
    return inner if p["beta"] == 1 else f"{inner} / {_num(p['beta'])}"


# name -> the right-hand side of f(x) with x and the parameters written in (every elementwise activation)
PLUGS: dict[str, Callable[[float, Mapping[str, Any]], str]] = {
    "relu": lambda x, p: f"max(0, {_num(x)})",
    "leaky_relu": lambda x, p: _num(x) if x > 0 else f"{_num(p['negative_slope'])} · {_paren(x)}",
    "sigmoid": lambda x, p: f"1 / (1 + e^{_paren(-x)})",
    "tanh": lambda x, p: f"tanh({_num(x)})",
    "elu": lambda x, p: _num(x) if x > 0 else f"{_num(p['alpha'])} · (e^{_paren(x)} − 1)",
    "gelu": _gelu_plug,
    "silu": lambda x, p: f"{_paren(x)} · σ({_num(x)})",
    "softplus": _softplus_plug,
    "mish": lambda x, p: f"{_paren(x)} · tanh(ln(1 + e^{_paren(x)}))",
}


def point_formula(name: str, x: Any, **params: Any) -> str:
    """The formula with numbers put in, e.g. ``f(−1.5) = 0.01 · (−1.5) = −0.015`` (leaky ReLU).

    For softmax-like activations ``x`` is a vector: ``softmax([0, 0]) = [0.5, 0.5]``."""
    act = activations.get(name)
    p = act.resolve_params(**params)
    if not act.elementwise:
        xs = np.asarray(x, dtype=np.float64)
        vec = ", ".join(_num(v) for v in np.ravel(xs))
        return f"{name}([{vec}]) = [{', '.join(_num(v) for v in np.ravel(act.forward(xs, **p)))}]"
    xv = float(x)
    value = _num(act.forward(np.float64(xv), **p))
    expr = PLUGS[name](xv, p)
    return f"f({_num(xv)}) = " + (f"{expr} = " if expr != value else "") + value


def point_derivative(name: str, x: float, **params: Any) -> str:
    """``f′(x) = value`` at a point (elementwise only)."""
    act = activations.get(name)
    if act.derivative is None:
        raise ValueError(f"{name} is not elementwise; use jacobian/vjp")
    return f"f′({_num(x)}) = {_num(act.derivative(np.float64(x), **act.resolve_params(**params)))}"


def shown_params(name: str, **params: Any) -> str:
    """The parameters a formula depends on, in maths notation (``α = 0.01``); empty when none is shown."""
    act = activations.get(name)
    p = act.resolve_params(**params)
    return ", ".join(f"{s.symbol} = {_num(p[s.name])}" for s in act.params if s.symbol)


# --- softmax, naive and stable ----------------------------------------------------------------------


@dataclass(frozen=True)
class SoftmaxSteps:
    """One way of computing softmax, every intermediate kept for display."""

    logits: np.ndarray  # z / T
    shifted: np.ndarray  # what goes into exp (z/T itself for the naive way)
    exps: np.ndarray
    total: float
    probs: np.ndarray

    @property
    def finite(self) -> bool:
        return bool(np.all(np.isfinite(self.probs)))


def softmax_naive(z: Sequence[float] | np.ndarray, temperature: float = 1.0) -> SoftmaxSteps:
    """exp(z/T) / Σ exp(z/T) exactly as written: overflows to inf for z/T > ln(DBL_MAX) ≈ 709.78
    (float64) and then gives inf/inf = NaN. The warnings are suppressed on purpose: showing the
    overflow is the point."""
    logits = np.asarray(z, dtype=np.float64) / float(temperature)
    with np.errstate(over="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        exps = np.exp(logits)
        total = float(np.sum(exps))
        probs = exps / total
    return SoftmaxSteps(logits, logits, exps, total, probs)


def softmax_shifted(z: Sequence[float] | np.ndarray, temperature: float = 1.0) -> SoftmaxSteps:
    """The stable way: subtract max(z/T) first, so every exponent is <= 0 and the largest term is 1.

    The probabilities come from the core's ``softmax``; the intermediates are shown next to them."""
    logits = np.asarray(z, dtype=np.float64) / float(temperature)
    shifted = logits - np.max(logits)
    exps = np.exp(shifted)
    probs = activations.get("softmax").forward(np.asarray(z, dtype=np.float64), temperature=temperature)
    return SoftmaxSteps(logits, shifted, exps, float(np.sum(exps)), probs)


# --- vanishing gradient ---------------------------------------------------------------------------


def gradient_ratio(grad_norm: Sequence[float] | np.ndarray) -> float:
    """‖gradient at layer 1‖ / ‖gradient at the last layer‖ (0 when nothing reaches the last layer
    is impossible: then NaN)."""
    g = np.asarray(grad_norm, dtype=np.float64)
    if g.size == 0 or not g[-1] > 0:
        return float("nan")
    return float(g[0] / g[-1])


def gradient_verdict(ratio: float) -> str:
    """ "dead" (exactly 0), "vanishing" (< 1e-3), "exploding" (> 1e3), "weak"/"strong" (one to three
    orders of magnitude), "healthy" otherwise; "unknown" for NaN."""
    if not math.isfinite(ratio):
        return "exploding" if ratio == math.inf else "unknown"
    if ratio == 0:
        return "dead"
    if ratio < 1e-3:
        return "vanishing"
    if ratio > 1e3:
        return "exploding"
    if ratio < 0.1:
        return "weak"
    if ratio > 10:
        return "strong"
    return "healthy"


def power_of_ten(value: float, lang: str = "en") -> str:
    """A ratio or bound for a sentence, in ``lang``'s number format: two significant digits, as
    mantissa·10ⁿ outside [0.01, 1000) (``9,1·10⁻¹³`` for 0.25**20 = 9.09e-13, not the rounded-down
    order of magnitude alone); exact for 0 and non-finite."""
    return fmt.power_of_ten(value, lang)


def every_nth(values: Sequence[float] | np.ndarray, max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """(1-based positions, values) thinned to at most ``max_points``, always keeping the last one."""
    v = np.asarray(values)
    if v.size <= max_points:
        return np.arange(1, v.size + 1), v
    idx = np.unique(np.linspace(0, v.size - 1, max_points).round().astype(int))
    return idx + 1, v[idx]


def bound_line(grad_norm: Sequence[float] | np.ndarray, max_derivative: float) -> np.ndarray:
    """The last layer's gradient norm times max|f'|^k, k = layers between it and layer l: an upper
    bound on what the activations' factor alone leaves of it at each layer (the factor is at most
    max|f'|^k; the actual f' values and the weights can shrink or grow the gradient further). With
    max|f'| >= 1 the line does not fall: such an activation cannot vanish the gradient by itself."""
    g = np.asarray(grad_norm, dtype=np.float64)
    k = np.arange(g.size - 1, -1, -1, dtype=np.float64)
    with np.errstate(over="ignore", under="ignore"):
        return g[-1] * float(max_derivative) ** k


def most_changed_channels(pre: np.ndarray, post: np.ndarray, n: int) -> list[int]:
    """The ``n`` channels (axis 0) that best show what the activation does, in channel order: ranked by
    mean |post − pre| (how much it changed) times mean |post| (how much is left to see), so a map the
    activation wiped out entirely is not preferred over one it cut in half."""
    pre = np.asarray(pre, dtype=np.float64).reshape(len(pre), -1)
    post = np.asarray(post, dtype=np.float64).reshape(len(post), -1)
    score = np.abs(post - pre).mean(axis=1) * np.abs(post).mean(axis=1)
    return sorted(int(c) for c in np.argsort(-score, kind="stable")[:n])


def shared_limit(*arrays: np.ndarray) -> float:
    """The largest |value| over the arrays (at least 1e-6): one symmetric colour domain for all."""
    return float(max([1e-6, *(float(np.max(np.abs(a))) for a in arrays)]))


def is_blank(image: np.ndarray, tolerance: float = 8.0) -> bool:
    """True for an empty canvas: every RGB pixel within ``tolerance`` (0-255 scale) of one colour."""
    rgb = np.asarray(image, dtype=np.float64)[..., :3]
    return bool(rgb.size == 0 or np.ptp(rgb) <= tolerance)

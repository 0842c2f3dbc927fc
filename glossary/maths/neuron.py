"""One neuron with two inputs: y = f(w₁·x₁ + w₂·x₂ + b), at a point and over the input plane.

The ``neuron`` demo draws :func:`plane` as a heatmap and prints :func:`formula` (the same numbers,
put into the formula), so the reader sees how the weights tilt the plane and the bias shifts the
line w·x + b = 0 where the pre-activation changes sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from glossary.maths import activations

LIMIT = 3.0  # the plane shown: x₁, x₂ in [-LIMIT, LIMIT]
GRID = 25  # points per axis (625 cells: a chart well under charts.MAX_POINTS)


@dataclass(frozen=True)
class Neuron:
    """What the neuron computes at one input: pre-activation z and output y = f(z)."""

    x1: float
    x2: float
    w1: float
    w2: float
    b: float
    activation: str
    z: float
    y: float


@dataclass(frozen=True)
class Plane:
    """The output over a regular grid: ``grid_x[i, j]``, ``grid_y[i, j]`` and ``y[i, j]``."""

    grid_x: np.ndarray
    grid_y: np.ndarray
    z: np.ndarray
    y: np.ndarray


def forward(
    x1: Any, x2: Any, w1: float, w2: float, b: float, activation: str
) -> tuple[np.ndarray, np.ndarray]:
    """(z, y) with z = w₁·x₁ + w₂·x₂ + b and y = f(z) (f from the activation registry, its defaults),
    float64, broadcast over x₁ and x₂."""
    act = activations.get(activation)
    if not act.elementwise:
        raise ValueError(f"a neuron needs an elementwise activation, got {activation!r}")
    x1 = np.asarray(x1, dtype=np.float64)
    x2 = np.asarray(x2, dtype=np.float64)
    z = w1 * x1 + w2 * x2 + b
    return z, act.forward(z)


def at(x1: float, x2: float, w1: float, w2: float, b: float, activation: str) -> Neuron:
    z, y = forward(x1, x2, w1, w2, b, activation)
    return Neuron(float(x1), float(x2), float(w1), float(w2), float(b), activation, float(z), float(y))


def plane(w1: float, w2: float, b: float, activation: str, limit: float = LIMIT, n: int = GRID) -> Plane:
    """The output on an n×n grid over [-limit, limit]² (row i: x₂ = ticks[i], column j: x₁ = ticks[j])."""
    ticks = np.linspace(-limit, limit, n)
    gx, gy = np.meshgrid(ticks, ticks)
    z, y = forward(gx, gy, w1, w2, b, activation)
    return Plane(gx, gy, z, y)


def num(value: float) -> str:
    """A number as the formulas show it: 4 significant digits, a real minus sign."""
    text = f"{value:.4g}"
    if text in ("-0", "-0.0"):
        text = "0"
    return text.replace("-", "−")


def _factor(value: float) -> str:
    return num(value) if value >= 0 else f"({num(value)})"


def formula(n: Neuron) -> str:
    """``y = relu(0.8 · 1 + (−0.5) · 2 + 0.1) = relu(−0.1) = 0``: the formula with the numbers put in."""
    w1, w2, x1, x2 = (_factor(v) for v in (n.w1, n.w2, n.x1, n.x2))
    b = f"+ {num(n.b)}" if n.b >= 0 else f"− {num(-n.b)}"
    f = n.activation
    return f"y = {f}({w1} · {x1} + {w2} · {x2} {b}) = {f}({num(n.z)}) = {num(n.y)}"

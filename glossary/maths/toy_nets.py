"""Tiny NumPy networks behind the general page's demos; deterministic, fast, no torch.

``train_xor(activation, ...)``: the seed's "why non-linearity" point. A 2-H-1 network learns XOR by
full-batch gradient descent (Adam) on the four corners of the unit square; with ``activation=None``
the hidden layer is linear, the whole model collapses to logistic regression on (x1, x2), and no
line separates XOR: at most 3 of 4 points (75%) can ever be right.

``dead_fraction(activation, lr=..., bias_init=...)`` and ``dead_sweep(...)``: a one-hidden-layer
classifier trained by plain full-batch gradient descent; a unit is *dead* when its pre-activation is
``<= 0`` for every training input at the end, so under ReLU it outputs 0 and gets zero gradient
forever. A large learning rate or a negative bias initialisation kills ReLU units; Leaky ReLU's
``negative_slope`` keeps a gradient flowing, so its units can come back.

All activations come from ``glossary.maths.activations`` (forward and derivative); nothing here
re-implements them.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from glossary.maths import activations

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])
GRID_N = 40  # 40 x 40 = 1,600 cells: the decision chart stays under charts.MAX_POINTS
GRID_LIMITS = (-0.5, 1.5)
# The dead-unit demo's sweeps: learning rates 0.1 .. 100 (log-spaced), initial biases -4 .. 1.
LR_SWEEP: tuple[float, ...] = tuple(float(v) for v in np.geomspace(0.1, 100.0, 10).round(3))
BIAS_SWEEP: tuple[float, ...] = tuple(float(v) for v in np.linspace(-4.0, 1.0, 11))


@dataclass(frozen=True)
class XorResult:
    activation: str | None
    accuracy: float  # on the four XOR points, threshold p >= 0.5
    predictions: np.ndarray  # p(class 1) for XOR_X
    loss: np.ndarray  # binary cross-entropy per epoch
    grid_x: np.ndarray  # (GRID_N, GRID_N) coordinates
    grid_y: np.ndarray
    grid_p: np.ndarray  # p(class 1) on the grid


def _hidden(activation: str | None, params: Mapping[str, object]):
    """(forward, derivative) of the hidden layer; ``None`` is the identity (a linear layer)."""
    if activation is None:
        return (lambda z: z), (lambda z: np.ones_like(z))
    act = activations.get(activation)
    if not act.elementwise:
        raise ValueError(f"{activation!r} is not elementwise; a hidden layer needs an elementwise activation")
    return (lambda z: act.forward(z, **params)), (lambda z: act.derivative(z, **params))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return activations.get("sigmoid").forward(z)


def _bce_rows(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mean binary cross-entropy of every row of ``p`` (e.g. one row per epoch) against targets ``y``."""
    eps = 1e-12
    return -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps), axis=1)


def _bce(p: np.ndarray, y: np.ndarray) -> float:
    """Mean binary cross-entropy of all of ``p`` against ``y`` (same shape)."""
    return float(_bce_rows(p.reshape(1, -1), y.reshape(1, -1))[0])


class _Adam:
    """Adam on one flat parameter vector (every layer's weights are views into it), updated in place."""

    def __init__(self, params: np.ndarray, lr: float, b1: float = 0.9, b2: float = 0.999) -> None:
        self.params, self.lr, self.b1, self.b2, self.t = params, lr, b1, b2, 0
        self.m = np.zeros_like(params)
        self.v = np.zeros_like(params)

    def step(self, grad: np.ndarray) -> None:
        self.t += 1
        m, v = self.m, self.v
        m *= self.b1
        m += (1 - self.b1) * grad
        v *= self.b2
        v += (1 - self.b2) * grad * grad
        m_hat = m / (1 - self.b1**self.t)
        v_hat = v / (1 - self.b2**self.t)
        self.params -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)


def _flat(
    shapes: Sequence[tuple[int, ...]], values: Sequence[np.ndarray] | None = None
) -> tuple[np.ndarray, list]:
    """One flat float64 vector and a view of it per shape (filled from ``values`` when given)."""
    sizes = [int(np.prod(shape)) for shape in shapes]
    flat = np.concatenate([np.ravel(v) for v in values]) if values is not None else np.empty(sum(sizes))
    views, start = [], 0
    for shape, size in zip(shapes, sizes, strict=True):
        views.append(flat[start : start + size].reshape(shape))
        start += size
    return flat, views


def train_xor(
    activation: str | None,
    *,
    hidden: int = 8,
    epochs: int = 1500,
    lr: float = 0.05,
    seed: int = 0,
    params: Mapping[str, object] | None = None,
) -> XorResult:
    """Train a 2-``hidden``-1 network on XOR; ``activation=None`` makes the hidden layer linear."""
    if hidden < 1 or epochs < 1 or not lr > 0:
        raise ValueError("hidden and epochs must be >= 1 and lr > 0")
    f, df = _hidden(activation, params or {})
    rng = np.random.default_rng(seed)
    w1 = rng.normal(0.0, 1.0, (2, hidden))
    b1 = rng.normal(0.0, 0.1, hidden)
    w2 = rng.normal(0.0, 1.0 / np.sqrt(hidden), (hidden, 1))
    b2 = np.zeros(1)
    shapes = [w1.shape, b1.shape, w2.shape, b2.shape]
    theta, (w1, b1, w2, b2) = _flat(shapes, [w1, b1, w2, b2])
    grad, (g_w1, g_b1, g_w2, g_b2) = _flat(shapes)
    opt = _Adam(theta, lr)
    x, y = XOR_X, XOR_Y[:, None]
    probs = np.empty((epochs, len(x)))  # p per epoch: the losses are computed from it at the end
    for epoch in range(epochs):
        z1 = x @ w1 + b1
        h = f(z1)
        p = _sigmoid(h @ w2 + b2)
        probs[epoch] = p[:, 0]
        dz2 = (p - y) / len(x)  # d(mean BCE)/d(logit) of a sigmoid output
        dh = dz2 @ w2.T
        dz1 = dh * df(z1)
        np.matmul(x.T, dz1, out=g_w1)
        np.sum(dz1, axis=0, out=g_b1)
        np.matmul(h.T, dz2, out=g_w2)
        np.sum(dz2, axis=0, out=g_b2)
        opt.step(grad)
    losses = _bce_rows(probs, XOR_Y)

    def prob(points: np.ndarray) -> np.ndarray:
        return _sigmoid(f(points @ w1 + b1) @ w2 + b2)[:, 0]

    axis = np.linspace(*GRID_LIMITS, GRID_N)
    gx, gy = np.meshgrid(axis, axis)
    grid_p = prob(np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
    pred = prob(XOR_X)
    accuracy = float(np.mean((pred >= 0.5) == (XOR_Y == 1)))
    return XorResult(activation, accuracy, pred, losses, gx, gy, grid_p)


# --- dead units ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadRun:
    activation: str
    dead: float  # fraction of hidden units with pre-activation <= 0 on every input, after training
    dead_at_init: float  # the same fraction before the first step
    final_loss: float  # cross-entropy after training (nan if training diverged)


@dataclass(frozen=True)
class DeadSweep:
    setting: str  # "lr" or "bias_init"
    values: np.ndarray
    dead: dict[str, np.ndarray] = field(default_factory=dict)  # activation -> fraction per value
    dead_at_init: dict[str, np.ndarray] = field(default_factory=dict)


def _classification_data(n: int, dim: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian inputs and a non-linear 0/1 target (the same for every run with this seed)."""
    rng = np.random.default_rng(seed + 1_000)
    x = rng.normal(size=(n, dim))
    w = rng.normal(size=dim) / np.sqrt(dim)
    y = (np.sin(2.0 * (x @ w)) + 0.5 * x[:, 0] * x[:, 1 % dim] > 0).astype(float)
    return x, y[:, None]


def _never_fires(z: np.ndarray) -> float:
    """Fraction of columns (units) positive for no row (input); nan counts as not firing."""
    return float(np.mean(np.all(~(z > 0.0), axis=0)))


def dead_fraction(
    activation: str,
    *,
    lr: float = 0.5,
    bias_init: float = 0.0,
    width: int = 64,
    steps: int = 100,
    n: int = 256,
    dim: int = 8,
    seed: int = 0,
    params: Mapping[str, object] | None = None,
) -> DeadRun:
    """Train ``dim -> width -> 1`` (sigmoid output, cross-entropy, full-batch gradient descent) and
    count the hidden units that never fire on the training inputs.

    Cross-entropy keeps the output gradient in [-1, 1], so a big learning rate makes big jumps in the
    hidden weights (which is what kills ReLU units) without the loss itself blowing up.
    """
    if not lr > 0 or width < 1 or steps < 0:
        raise ValueError("lr must be > 0, width >= 1, steps >= 0")
    f, df = _hidden(activation, params or {})
    x, y = _classification_data(n, dim, seed)
    rng = np.random.default_rng(seed)
    w1 = rng.normal(0.0, np.sqrt(2.0 / dim), (dim, width))  # He init: the usual choice for ReLU
    b1 = np.full(width, float(bias_init))
    w2 = rng.normal(0.0, np.sqrt(1.0 / width), (width, 1))
    b2 = np.zeros(1)
    dead_at_init = _never_fires(x @ w1 + b1)
    # NOTE: with extreme settings the weights may still overflow; nan pre-activations then count as
    # "never fires" and the loss reports nan. Overflow warnings are expected there, not a bug.
    with np.errstate(over="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for _ in range(steps):
            z1 = x @ w1 + b1
            h = f(z1)
            d_out = (_sigmoid(h @ w2 + b2) - y) / n  # d(mean BCE)/d(logit)
            dz1 = d_out * w2.T  # the outer product d_out @ w2.T, ~5x faster than a K=1 matmul
            dz1 *= df(z1)
            w2 -= lr * (h.T @ d_out)
            b2 -= lr * d_out.sum(0)
            w1 -= lr * (x.T @ dz1)
            b1 -= lr * dz1.sum(0)
        z1 = x @ w1 + b1
        final = _bce(_sigmoid(f(z1) @ w2 + b2), y)
    return DeadRun(activation, _never_fires(z1), dead_at_init, final if np.isfinite(final) else float("nan"))


def dead_sweep(
    activation_names: Iterable[str],
    setting: str,
    values: Sequence[float],
    *,
    lr: float = 0.5,
    bias_init: float = 0.0,
    params: Mapping[str, Mapping[str, object]] | None = None,
    **kwargs: object,
) -> DeadSweep:
    """``dead_fraction`` for each activation and each value of ``setting`` ("lr" or "bias_init");
    the other setting stays at the given ``lr`` / ``bias_init``."""
    if setting not in ("lr", "bias_init"):
        raise ValueError(f"setting must be 'lr' or 'bias_init', not {setting!r}")
    params = params or {}
    dead: dict[str, np.ndarray] = {}
    at_init: dict[str, np.ndarray] = {}
    for name in activation_names:
        runs = [
            dead_fraction(
                name,
                lr=float(v) if setting == "lr" else lr,
                bias_init=float(v) if setting == "bias_init" else bias_init,
                params=params.get(name),
                **kwargs,  # type: ignore[arg-type]
            )
            for v in values
        ]
        dead[name] = np.array([r.dead for r in runs])
        at_init[name] = np.array([r.dead_at_init for r in runs])
    return DeadSweep(setting, np.asarray(values, dtype=float), dead, at_init)

"""How the activations spread layer by layer at initialisation: the forward counterpart of
:mod:`glossary.maths.gradient_flow`.

A batch of N(0, 1) inputs goes through ``depth`` square layers h ← f(h·W) (no bias, no training) whose
weights are drawn as the gradient demo draws them (``INITS``):

* ``xavier`` (Glorot): uniform on ±√(6 / (fan_in + fan_out)), Var W = 1/width for square layers: keeps
  the variance of a layer whose f has slope 1 around 0 (tanh) from growing or fading;
* ``he`` (Kaiming): uniform on ±√(6 / fan_in), Var W = 2/width: the factor 2 makes up for ReLU zeroing
  half of its inputs, so E[h²] stays constant with depth;
* ``normal``: N(0, 1), the naive choice (the variance grows by ≈ width per layer).

:func:`spread` returns per layer the standard deviation of the activations and their percentiles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from glossary.maths import activations

INITS: tuple[str, ...] = ("xavier", "he", "normal")
PERCENTILES: tuple[int, ...] = (5, 25, 50, 75, 95)
DEPTH_RANGE = (1, 50)
WIDTH_RANGE = (2, 512)
BATCH = 32  # 32 x width activations per layer: enough for the 5th/95th percentiles, cheap to sort


@dataclass(frozen=True)
class Spread:
    """Per layer (index 0 = the first hidden layer's output): std and percentiles of h = f(h·W)."""

    activation: str
    init: str
    std: np.ndarray  # (depth,)
    percentiles: np.ndarray  # (depth, len(PERCENTILES))
    input_std: float

    def first(self, depth: int) -> Spread:
        """The first ``depth`` layers: what :func:`spread` gives at that depth (the weights are drawn
        in order, so a shallower network is the first layers of a deeper one)."""
        return Spread(self.activation, self.init, self.std[:depth], self.percentiles[:depth], self.input_std)


def weights(depth: int, width: int, init: str, scale: float = 1.0, seed: int = 0) -> np.ndarray:
    """(depth, width, width) float64 weights, drawn as described in the module docstring."""
    if init not in INITS:
        raise ValueError(f"init must be one of {list(INITS)}, got {init!r}")
    if not (DEPTH_RANGE[0] <= depth <= DEPTH_RANGE[1] and WIDTH_RANGE[0] <= width <= WIDTH_RANGE[1]):
        raise ValueError(f"depth must be in {DEPTH_RANGE} and width in {WIDTH_RANGE}, got {depth}, {width}")
    if not 0 < scale <= 100:
        raise ValueError(f"scale must be in (0, 100], got {scale}")
    rng = np.random.default_rng(seed)
    shape = (depth, width, width)
    if init == "normal":
        return rng.standard_normal(shape) * scale
    fan_sum = 2 * width if init == "xavier" else width  # square layers: fan_in = fan_out = width
    limit = scale * np.sqrt(6.0 / fan_sum)
    return rng.uniform(-limit, limit, shape)


def inputs(width: int, batch: int = BATCH, seed: int = 0) -> np.ndarray:
    return np.random.default_rng([seed, 1]).standard_normal((batch, width))


def spread(
    activation: str,
    init: str,
    depth: int = 20,
    width: int = 128,
    scale: float = 1.0,
    batch: int = BATCH,
    seed: int = 0,
) -> Spread:
    """Std and percentiles of every layer's activations for one init × activation (same inputs and
    same random stream for every init, so two inits differ only in the scale of their weights)."""
    act = activations.get(activation)
    if not act.elementwise:
        raise ValueError(f"layers need an elementwise activation, got {activation!r}")
    w = weights(depth, width, init, scale, seed)
    h = inputs(width, batch, seed)
    std = np.empty(depth)
    pct = np.empty((depth, len(PERCENTILES)))
    input_std = float(h.std())
    with np.errstate(over="ignore", invalid="ignore"):  # N(0, 1) weights overflow deep down: inf/NaN shown
        for layer in range(depth):
            h = act.forward(h @ w[layer])
            std[layer] = h.std()
            pct[layer] = np.percentile(h, PERCENTILES)
    return Spread(activation, init, std, pct, input_std)

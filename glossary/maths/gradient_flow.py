"""Vanishing and exploding gradients, simulated in NumPy.

:func:`simulate` builds a random fully-connected network of ``depth`` layers, each
``h_l = f(norm(h_{l-1} W_l))`` with ``W_l`` of shape (width, width) and no bias, feeds it a batch of
standard-normal inputs, measures the MSE to standard-normal targets
``L = mean((h_depth - y)^2)``, and backpropagates by hand with the core's derivatives
(:mod:`glossary.maths.activations`). It returns plain data, per layer and input side first: the Frobenius
norm of dL/dW_l, the mean and standard deviation of the layer's output, the fraction of saturated
units (|f'(z)| < 1e-3, over batch and units) and of dead units (output exactly 0 for the whole batch),
plus the bound max|f'|^depth (the largest factor the activations alone can contribute).

Initialisations (``weight_scale`` multiplies the spread of each):

* ``"xavier"``: Glorot & Bengio (2010), uniform on ±√(6/(fan_in + fan_out)), variance 1/width here;
* ``"he"``: He et al. (2015), uniform on ±√(6/fan_in), variance 2/width (torch's kaiming_uniform_);
* ``"normal"``: plain N(0, 1) with no fan scaling (the naive choice that explodes or saturates).

NOTE: Xavier and He draw uniform numbers with the stated variance (as torch's *_uniform_ initialisers):
only the variance matters for gradient flow.

Normalisation between layers (``norm``): ``False``/``"none"``, ``True``/``"batch"`` (batch statistics,
no affine parameters, eps 1e-5: torch's ``batch_norm`` in training mode) or ``"layer"``.

Softmax and log-softmax are not offered as hidden activations: they normalise a whole layer, have no
elementwise f' (so neither "saturated" nor the bound max|f'|^depth is defined) and are used only at the
output. :data:`HIDDEN_ACTIVATIONS` lists what :func:`simulate` accepts.

Randomness: one seed gives the same weights, inputs and targets on every run; the weights of the first
k layers do not depend on ``depth``, so a deeper network extends a shallower one.
"""

from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from glossary.maths import activations

INITS: tuple[str, ...] = ("xavier", "he", "normal")
NORMS: tuple[str, ...] = ("none", "batch", "layer")
HIDDEN_ACTIVATIONS: tuple[str, ...] = activations.ELEMENTWISE
DEPTH_RANGE = (1, 100)
WIDTH_RANGE = (2, 512)
BATCH_RANGE = (2, 4096)
SATURATED_BELOW = 1e-3
NORM_EPS = 1e-5


@dataclass(frozen=True)
class Network:
    """The random network: ``weights[l]`` maps layer l's input to its pre-activation (``h @ W``)."""

    weights: np.ndarray  # (depth, width, width)
    inputs: np.ndarray  # (batch, width)
    targets: np.ndarray  # (batch, width)


@dataclass(frozen=True)
class FlowResult:
    """Everything a chart needs, as plain data; every array has one value per layer, input side first."""

    activation: str
    params: dict[str, float | str]
    depth: int
    width: int
    init: str
    weight_scale: float
    batch: int
    seed: int
    norm: str
    grad_norm: np.ndarray  # ||dL/dW_l||_F
    act_mean: np.ndarray
    act_std: np.ndarray
    saturated: np.ndarray  # fraction of (sample, unit) pairs with |f'(z)| < 1e-3
    dead: np.ndarray  # fraction of units whose output is 0 for every sample
    max_derivative: float  # sup |f'|
    bound: float  # max|f'| ** depth
    loss: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: arrays become lists of floats."""
        return {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in asdict(self).items()}


def _check_int(name: str, value: Any, bounds: tuple[int, int]) -> int:
    lo, hi = bounds
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not lo <= value <= hi:
        raise ValueError(f"{name} must be an integer from {lo} to {hi}, got {value!r}")
    return int(value)


def _check_norm(norm: bool | str | None) -> str:
    if norm is None or norm is False:
        return "none"
    if norm is True:
        return "batch"
    if norm not in NORMS:
        raise ValueError(f"norm must be True, False or one of {list(NORMS)}, got {norm!r}")
    return norm


def make_network(
    depth: int,
    width: int,
    init: str = "xavier",
    weight_scale: float = 1.0,
    batch: int = 256,
    seed: int = 0,
    dtype: Any = np.float32,
) -> Network:
    """The weights, inputs and targets :func:`simulate` uses for these arguments (validated)."""
    depth = _check_int("depth", depth, DEPTH_RANGE)
    width = _check_int("width", width, WIDTH_RANGE)
    batch = _check_int("batch", batch, BATCH_RANGE)
    if init not in INITS:
        raise ValueError(f"init must be one of {list(INITS)}, got {init!r}")
    if not (isinstance(weight_scale, int | float) and 0 < weight_scale <= 100):
        raise ValueError(f"weight_scale must be a number in (0, 100], got {weight_scale!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    # NOTE: always drawn in float32 and then cast, so float32 and float64 runs see the same network.
    # Generator.random and standard_normal read the stream in order, so the first k layers do not
    # depend on how many follow.
    weight_seed, data_seed = np.random.SeedSequence(int(seed)).spawn(2)
    rng = np.random.default_rng(weight_seed)
    f32 = np.float32
    shape = (depth, width, width)
    if init == "normal":
        weights = rng.standard_normal(shape, dtype=f32) * f32(weight_scale)
    else:
        fan_sum = 2 * width if init == "xavier" else width  # square layers: fan_in = fan_out = width
        limit = f32(weight_scale * np.sqrt(6.0 / fan_sum))
        weights = (rng.random(shape, dtype=f32) - f32(0.5)) * (2 * limit)  # uniform on [-limit, limit)
    data = np.random.default_rng(data_seed)
    inputs = data.standard_normal((batch, width), dtype=f32)
    targets = data.standard_normal((batch, width), dtype=f32)
    return Network(*(a.astype(dtype, copy=False) for a in (weights, inputs, targets)))


def _normalise(z: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """(z - mean)/√(var + eps) along ``axis`` (batch norm: 0, layer norm: 1) and 1/√(var + eps)."""
    centred = z - z.mean(axis=axis, keepdims=True)
    inv_std = 1.0 / np.sqrt((centred * centred).mean(axis=axis, keepdims=True) + NORM_EPS)
    return centred * inv_std, inv_std


def _normalise_backward(dzhat: np.ndarray, zhat: np.ndarray, inv_std: np.ndarray, axis: int) -> np.ndarray:
    mean_d = dzhat.mean(axis=axis, keepdims=True)
    mean_dz = (dzhat * zhat).mean(axis=axis, keepdims=True)
    return (dzhat - mean_d - zhat * mean_dz) * inv_std


def _rescale(grad: np.ndarray) -> int:
    """Multiply ``grad`` in place by 2^k (exact) so its size lies near 1 when it is far from 1; k.

    The size is the root mean square (one BLAS pass); where the sum of squares under- or overflows the
    dtype, the peak |value| (NaN anywhere: no scaling)."""
    squares = float(np.vdot(grad, grad))
    if 0 < squares < math.inf:
        peak = math.sqrt(squares / grad.size)
    else:
        peak = max(float(grad.max()), -float(grad.min()))  # NaN anywhere: both are NaN
    if not 0 < peak < math.inf or 2.0**-20 < peak < 2.0**20:
        return 0
    shift = -math.frexp(peak)[1]
    grad *= 2.0**shift
    return shift


def _unscale(value: float, exponent: int) -> float:
    try:
        return math.ldexp(value, exponent)
    except OverflowError:  # beyond float64 (a weight_scale of 100 and depth 100 can get there)
        return math.inf


def _frobenius(a: np.ndarray) -> float:
    norm = math.sqrt(float(np.vdot(a, a)))
    if 0 < norm < math.inf or not np.isfinite(a).all():
        return norm
    peak = float(np.abs(a).max())  # the sum of squares under- or overflowed: scale first
    return 0.0 if peak == 0 else peak * math.sqrt(float(np.vdot(a / peak, a / peak)))


@functools.lru_cache(maxsize=256)
def _max_derivative(name: str, params: tuple[tuple[str, Any], ...]) -> float:
    return activations.get(name).max_abs_derivative(**dict(params))


def simulate(
    activation: str,
    depth: int,
    width: int,
    init: str = "xavier",
    weight_scale: float = 1.0,
    batch: int = 256,
    seed: int = 0,
    norm: bool | str = False,
    dtype: Any = None,
    **act_params: Any,
) -> FlowResult:
    """Forward and backward pass through a random network; see the module docstring.

    ``act_params`` are the activation's parameters (e.g. ``negative_slope=0.1``), checked against its
    specs. ``dtype``: None (default) computes in float32 and repeats the run in float64 when float32
    overflows or its activations underflow (then the numbers stay meaningful: 1e90, not inf or NaN);
    "float32" or "float64" force one precision (the torch comparison uses float64)."""
    act = activations.get(activation)
    if not act.elementwise or act.derivative is None:
        raise ValueError(
            f"{activation} is not elementwise and is not a hidden-layer option; "
            f"choose one of {', '.join(HIDDEN_ACTIVATIONS)}"
        )
    params = act.resolve_params(**act_params)
    norm_kind = _check_norm(norm)
    net = make_network(depth, width, init, weight_scale, batch, seed, np.float32 if dtype is None else dtype)
    stats = _run(act, params, net, norm_kind)
    if dtype is None and not stats["healthy"]:
        stats = _run(act, params, make_network(depth, width, init, weight_scale, batch, seed, np.float64),
                     norm_kind)  # fmt: skip
    depth = net.weights.shape[0]
    max_derivative = _max_derivative(act.name, tuple(sorted(params.items())))
    return FlowResult(
        activation=act.name, params=params, depth=depth, width=net.weights.shape[1], init=init,
        weight_scale=float(weight_scale), batch=net.inputs.shape[0], seed=int(seed), norm=norm_kind,
        grad_norm=stats["grad_norm"], act_mean=stats["act_mean"], act_std=stats["act_std"],
        saturated=stats["saturated"], dead=stats["dead"], max_derivative=max_derivative,
        bound=float(max_derivative**depth), loss=stats["loss"],
    )  # fmt: skip


def _run(act: activations.Activation, params: dict[str, Any], net: Network, norm_kind: str) -> dict[str, Any]:
    depth, width = net.weights.shape[0], net.weights.shape[1]
    axis = 0 if norm_kind == "batch" else 1
    tiny = np.finfo(net.weights.dtype).tiny
    check_underflow = net.weights.dtype == np.float32  # the float64 rerun is the fallback: nothing to decide
    outputs, slopes, normed = [net.inputs], [], []  # h_l (h_0 the inputs), f'(z_l), (zhat, 1/std) per layer
    act_mean, act_std, saturated, dead = (np.empty(depth) for _ in range(4))
    healthy = True
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):  # reported, not raised
        for layer in range(depth):
            z = outputs[-1] @ net.weights[layer]
            if norm_kind != "none":
                z, inv_std = _normalise(z, axis)
                normed.append((z, inv_std))
            h, slope = act.forward(z, **params), act.derivative(z, **params)
            outputs.append(h)
            slopes.append(slope)
            act_mean[layer] = h.mean()
            act_std[layer] = h.std()
            saturated[layer] = np.count_nonzero(np.abs(slope) < SATURATED_BELOW) / slope.size
            dead[layer] = np.count_nonzero(~h.any(axis=0)) / width
            healthy &= bool(np.isfinite(act_std[layer]))
            if check_underflow:
                spread = max(z.max(), -z.min())
                healthy &= bool(spread == 0 or spread > 1e6 * tiny)

        diff = outputs[-1] - net.targets
        loss = float(np.mean(diff * diff, dtype=np.float64))
        grad_h = diff * (2.0 / diff.size)
        grad_norm = np.empty(depth)
        # NOTE: grad_h is kept near 1 by exact powers of two, so float32 never underflows
        exponent = _rescale(grad_h)
        for layer in range(depth - 1, -1, -1):
            grad_z = grad_h * slopes[layer]
            if norm_kind != "none":
                zhat, inv_std = normed[layer]
                grad_z = _normalise_backward(grad_z, zhat, inv_std, axis)
            grad_norm[layer] = _unscale(_frobenius(outputs[layer].T @ grad_z), -exponent)
            if layer:
                grad_h = grad_z @ net.weights[layer].T
                exponent += _rescale(grad_h)
    healthy &= bool(np.isfinite(loss) and np.isfinite(grad_norm).all())
    return {"grad_norm": grad_norm, "act_mean": act_mean, "act_std": act_std, "saturated": saturated,
            "dead": dead, "loss": loss, "healthy": healthy}  # fmt: skip

"""The gradient-flow simulation against torch autograd on the same network, and the facts it teaches."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from glossary.maths import activations as A
from glossary.maths import gradient_flow as G
from tests.test_activations import TORCH


def torch_grad_norms(activation: str, net: G.Network, norm: str, params: dict) -> tuple[np.ndarray, float]:
    """The same network in torch (float64): per-layer ||dL/dW||_F by autograd, and the loss."""
    weights = [torch.tensor(w, requires_grad=True) for w in net.weights]
    h = torch.tensor(net.inputs)
    for w in weights:
        z = h @ w
        if norm == "batch":
            z = F.batch_norm(z, None, None, training=True, eps=G.NORM_EPS)
        elif norm == "layer":
            z = F.layer_norm(z, (z.shape[1],), eps=G.NORM_EPS)
        h = TORCH[activation](z, -1, **params)
    loss = F.mse_loss(h, torch.tensor(net.targets))
    grads = torch.autograd.grad(loss, weights)
    return np.array([g.norm().item() for g in grads]), loss.item()


@pytest.mark.parametrize("activation", G.HIDDEN_ACTIVATIONS)
def test_matches_torch_autograd(activation: str) -> None:
    params = A.get(activation).defaults()
    net = G.make_network(12, 16, "he", 1.0, 32, 3, np.float64)
    result = G.simulate(activation, 12, 16, "he", 1.0, 32, 3, dtype="float64")
    ref, loss = torch_grad_norms(activation, net, "none", params)
    np.testing.assert_allclose(result.grad_norm, ref, rtol=1e-6)
    assert result.loss == pytest.approx(loss, rel=1e-12)


@pytest.mark.parametrize("norm", ["batch", "layer"])
@pytest.mark.parametrize(("activation", "params"), [("tanh", {}), ("leaky_relu", {"negative_slope": 0.1})])
def test_matches_torch_with_normalisation_and_params(activation: str, params: dict, norm: str) -> None:
    net = G.make_network(8, 24, "xavier", 1.5, 20, 7, np.float64)
    result = G.simulate(activation, 8, 24, "xavier", 1.5, 20, 7, norm=norm, dtype="float64", **params)
    ref, _ = torch_grad_norms(activation, net, norm, {**A.get(activation).defaults(), **params})
    np.testing.assert_allclose(result.grad_norm, ref, rtol=1e-6)


def test_deep_sigmoid_float32_keeps_tiny_gradients() -> None:
    # 0.25^40: float32 alone would underflow to 0; power-of-two rescaling keeps the value exact
    net = G.make_network(40, 16, "xavier", 1.0, 32, 0, np.float64)
    ref, _ = torch_grad_norms("sigmoid", net, "none", {})
    result = G.simulate("sigmoid", 40, 16, "xavier", 1.0, 32, 0, dtype="float32")
    assert ref[0] < 1e-25
    np.testing.assert_allclose(result.grad_norm, ref, rtol=1e-3)


def test_exploding_network_falls_back_to_float64() -> None:
    # relu with plain N(0, 1) weights grows ~√(width/2) per layer: 5.7^60 = 1e45 overflows float32
    result = G.simulate("relu", 60, 64, init="normal", batch=32, seed=0)
    assert np.isfinite(result.grad_norm).all() and result.grad_norm.min() > 1e39
    forced = G.simulate("relu", 60, 64, init="normal", batch=32, seed=0, dtype="float64")
    np.testing.assert_array_equal(result.grad_norm, forced.grad_norm)
    assert not np.isfinite(G.simulate("relu", 60, 64, "normal", batch=32, dtype="float32").grad_norm).all()


def test_beyond_float64_reports_inf_without_raising() -> None:
    result = G.simulate("leaky_relu", 100, 64, init="normal", weight_scale=100.0, batch=2, seed=0)
    assert result.grad_norm.shape == (100,) and not np.isfinite(result.grad_norm).all()


@pytest.mark.parametrize(("width", "seed"), [(32, 2), (3, 2)])
def test_per_layer_statistics(width: int, seed: int) -> None:
    net = G.make_network(6, width, "he", 1.0, 64, seed, np.float64)
    result = G.simulate("relu", 6, width, "he", 1.0, 64, seed, dtype="float64")
    h = net.inputs
    for layer, w in enumerate(net.weights):
        z = h @ w
        h = np.maximum(z, 0)
        assert result.act_mean[layer] == pytest.approx(h.mean(), rel=1e-12)
        assert result.act_std[layer] == pytest.approx(h.std(), rel=1e-12, abs=1e-300)
        assert result.saturated[layer] == pytest.approx(np.mean(z <= 0))  # relu' = 0 there
        assert result.dead[layer] == pytest.approx(np.mean((h == 0).all(axis=0)))
    if width == 3:  # a narrow relu network loses units: the statistic is exercised, not just zero
        assert result.dead.max() > 0.5


def test_tiny_gradients_rescale_by_their_peak_when_squares_underflow() -> None:
    grad = np.full((4, 4), 1e-30, dtype=np.float32)  # squares (1e-60) underflow float32
    shift = G._rescale(grad)
    assert shift > 0 and 2.0**-20 < grad.max() < 2.0**20
    np.testing.assert_array_equal(grad, np.float32(1e-30) * np.float32(2.0**shift))


def test_smooth_activations_have_no_dead_units() -> None:
    smooth = G.simulate("tanh", 10, 64, seed=1)
    assert (smooth.dead == 0).all()
    saturated = G.simulate("sigmoid", 5, 64, init="normal", weight_scale=3.0, seed=1)
    assert saturated.saturated[-1] > 0.5  # huge pre-activations sit on the flat tails


def test_bound_is_max_derivative_to_the_depth() -> None:
    result = G.simulate("sigmoid", 10, 8, batch=4)
    assert result.max_derivative == pytest.approx(0.25, rel=1e-9)
    assert result.bound == pytest.approx(0.25**10, rel=1e-8)
    assert G.simulate("elu", 3, 8, batch=4, alpha=2.0).bound == pytest.approx(8.0, rel=1e-9)


def test_deterministic_nested_and_plain_data() -> None:
    a = G.simulate("tanh", 6, 20, seed=5)
    b = G.simulate("tanh", 6, 20, seed=5)
    np.testing.assert_array_equal(a.grad_norm, b.grad_norm)
    assert not np.array_equal(a.grad_norm, G.simulate("tanh", 6, 20, seed=6).grad_norm)
    for width, init in [(20, "xavier"), (3, "xavier"), (20, "normal"), (3, "normal"), (256, "normal")]:
        # width 3: a layer of 9 weights ends inside a 64-bit draw (random() takes 32 bits per float32)
        shallow, deep = G.make_network(3, width, init, seed=5), G.make_network(9, width, init, seed=5)
        np.testing.assert_array_equal(shallow.weights, deep.weights[:3])
    data = a.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert len(data["grad_norm"]) == 6 and data["activation"] == "tanh"


@pytest.mark.parametrize(("init", "fan_sum"), [("xavier", 2 * 256), ("he", 256)])
def test_uniform_initialisers_have_the_stated_range_and_variance(init: str, fan_sum: int) -> None:
    weights = G.make_network(20, 256, init, 0.5, seed=1).weights
    limit = float(np.float32(0.5 * np.sqrt(6.0 / fan_sum)))
    assert weights.dtype == np.float32 and -limit <= weights.min() and weights.max() < limit
    assert weights.mean() == pytest.approx(0.0, abs=limit * 1e-3)
    assert weights.var() == pytest.approx(limit**2 / 3, rel=2e-3)
    assert weights.min() < -0.999 * limit and weights.max() > 0.999 * limit
    assert np.unique(weights[:2]).size > 0.99 * weights[:2].size  # fine-grained, no repeats to speak of


def test_normal_initialiser_is_standard_normal_times_scale() -> None:
    weights = G.make_network(20, 256, "normal", 2.0, seed=1).weights.astype(np.float64) / 2.0
    assert weights.mean() == pytest.approx(0.0, abs=3e-3) and weights.var() == pytest.approx(1.0, rel=3e-3)
    for z in (-3.0, -2.0, -1.0, -0.3, 0.0, 0.5, 1.5, 2.5):  # the empirical CDF against Φ (1.3M samples)
        assert np.mean(weights <= z) == pytest.approx(float(A.normal_cdf(z)), abs=2e-3), z


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"depth": 0}, "depth must be an integer from 1 to 100"),
        ({"depth": 101}, "depth"),
        ({"depth": 2.5}, "depth"),
        ({"width": 1}, "width must be an integer from 2 to 512"),
        ({"width": 513}, "width"),
        ({"init": "glorot"}, "init must be one of"),
        ({"weight_scale": 0}, "weight_scale"),
        ({"norm": "group"}, "norm must be"),
        ({"activation": "softmax"}, "not a hidden-layer option"),
        ({"activation": "swish"}, "unknown activation"),
        ({"negative_slope": 3.0}, "negative_slope must be in"),
        ({"seed": -1}, "seed"),
    ],
)
def test_invalid_arguments(kwargs: dict, message: str) -> None:
    args = {"activation": "leaky_relu", "depth": 3, "width": 8, **kwargs}
    with pytest.raises(ValueError, match=message):
        G.simulate(**args)


def first_layer_grads(activation: str, init: str, depths: range, seeds: range = range(4)) -> np.ndarray:
    """Median over seeds of ||dL/dW_1|| for each depth (a single seed is noisy)."""
    first = [[G.simulate(activation, d, 64, init, batch=64, seed=s).grad_norm[0] for s in seeds]
             for d in depths]  # fmt: skip
    return np.median(first, axis=1)


DEPTHS = range(2, 21, 2)


def test_sigmoid_xavier_vanishes_geometrically() -> None:
    grads = first_layer_grads("sigmoid", "xavier", DEPTHS)
    logs = np.log(grads)
    slope, intercept = np.polyfit(list(DEPTHS), logs, 1)
    residual = logs - (slope * np.array(DEPTHS) + intercept)
    per_layer = np.exp(slope)
    assert 0.1 < per_layer < 0.5  # about a quarter (sigmoid' <= 1/4) per layer
    assert np.abs(residual).max() < 1.0  # a straight line on a log scale: geometric
    assert (np.diff(logs) < 0).all()


def test_relu_he_stays_within_10x_and_tanh_lies_between() -> None:
    relu = first_layer_grads("relu", "he", DEPTHS)
    assert relu.max() / relu.min() < 10
    tanh = first_layer_grads("tanh", "xavier", DEPTHS)
    sigmoid = first_layer_grads("sigmoid", "xavier", DEPTHS)
    decay = {name: g[0] / g[-1] for name, g in [("relu", relu), ("tanh", tanh), ("sigmoid", sigmoid)]}
    assert decay["relu"] < decay["tanh"] < decay["sigmoid"]
    assert decay["tanh"] < 100 < decay["sigmoid"]

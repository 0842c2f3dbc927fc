"""The tiny NumPy networks: XOR with and without a hidden activation, and dead ReLU units."""

from __future__ import annotations

import numpy as np
import pytest

from glossary.charts import MAX_POINTS
from glossary.maths import activations, toy_nets


@pytest.mark.parametrize("hidden", [2, 8])
@pytest.mark.parametrize("seed", range(4))
def test_linear_network_never_passes_75_percent(hidden, seed):
    result = toy_nets.train_xor(None, hidden=hidden, epochs=400, seed=seed)
    assert result.accuracy <= 0.75


def test_linear_network_decision_function_is_a_plane():
    """Without an activation, logit(p) over the grid is affine in (x1, x2): no bend, so no XOR."""
    r = toy_nets.train_xor(None, epochs=300, seed=3)
    logit = np.log(r.grid_p / (1 - r.grid_p)).ravel()
    design = np.column_stack([r.grid_x.ravel(), r.grid_y.ravel(), np.ones(logit.size)])
    coef, *_ = np.linalg.lstsq(design, logit, rcond=None)
    assert np.max(np.abs(design @ coef - logit)) < 1e-6
    nonlinear = toy_nets.train_xor("tanh", epochs=300, seed=3)
    logit = np.log(nonlinear.grid_p / (1 - nonlinear.grid_p)).ravel()
    coef, *_ = np.linalg.lstsq(design, logit, rcond=None)
    assert np.max(np.abs(design @ coef - logit)) > 1.0


@pytest.mark.parametrize("name", activations.ELEMENTWISE)
def test_every_hidden_activation_learns_xor(name):
    result = toy_nets.train_xor(name)
    assert result.accuracy == 1.0
    assert result.loss[-1] < 0.05 < result.loss[0]
    assert np.array_equal(result.predictions >= 0.5, toy_nets.XOR_Y == 1)


def test_xor_is_deterministic_and_sized_for_a_chart():
    a = toy_nets.train_xor("relu", epochs=200, seed=5)
    b = toy_nets.train_xor("relu", epochs=200, seed=5)
    c = toy_nets.train_xor("relu", epochs=200, seed=6)
    assert np.array_equal(a.grid_p, b.grid_p)
    assert not np.array_equal(a.grid_p, c.grid_p)
    assert a.grid_p.size + len(toy_nets.XOR_X) <= MAX_POINTS
    assert a.loss.shape == (200,)


def test_xor_rejects_softmax_and_bad_settings():
    with pytest.raises(ValueError, match="elementwise"):
        toy_nets.train_xor("softmax")
    with pytest.raises(ValueError):
        toy_nets.train_xor("relu", lr=0)


def test_activation_parameters_reach_the_network():
    a = toy_nets.train_xor("leaky_relu", epochs=50, params={"negative_slope": 0.0})
    b = toy_nets.train_xor("leaky_relu", epochs=50, params={"negative_slope": 0.5})
    assert not np.allclose(a.grid_p, b.grid_p)


def test_big_learning_rate_kills_relu_but_not_leaky_relu():
    small_relu = toy_nets.dead_fraction("relu", lr=0.1)
    big_relu = toy_nets.dead_fraction("relu", lr=30.0)
    big_leaky = toy_nets.dead_fraction("leaky_relu", lr=30.0, params={"negative_slope": 0.1})
    assert small_relu.dead == 0.0
    assert big_relu.dead > 0.5
    assert big_leaky.dead < 0.1
    assert big_relu.dead_at_init == big_leaky.dead_at_init == 0.0  # same init: the training did it


def test_negative_bias_init_starts_dead_and_relu_cannot_recover():
    relu = toy_nets.dead_fraction("relu", lr=3.0, bias_init=-4.0)
    leaky = toy_nets.dead_fraction("leaky_relu", lr=3.0, bias_init=-4.0, params={"negative_slope": 0.1})
    assert relu.dead_at_init == leaky.dead_at_init > 0.5
    assert relu.dead >= relu.dead_at_init
    assert leaky.dead < relu.dead / 2


@pytest.mark.parametrize("lr, bias", [(0.1, -2.0), (1.0, -1.0), (10.0, 0.0)])
def test_dead_relu_units_stay_dead(lr, bias):
    """A ReLU unit negative on every input gets a zero gradient: training can only add dead units
    (to ones that were alive), never revive them."""
    run = toy_nets.dead_fraction("relu", lr=lr, bias_init=bias)
    assert run.dead >= run.dead_at_init


def test_dead_sweep_shapes_and_validation():
    sweep = toy_nets.dead_sweep(("relu", "leaky_relu"), "lr", [0.1, 30.0], steps=40)
    assert sweep.setting == "lr"
    assert set(sweep.dead) == {"relu", "leaky_relu"}
    assert sweep.dead["relu"].shape == (2,)
    assert sweep.dead["relu"][0] <= sweep.dead["relu"][1]
    with pytest.raises(ValueError, match="setting"):
        toy_nets.dead_sweep(("relu",), "momentum", [1.0])

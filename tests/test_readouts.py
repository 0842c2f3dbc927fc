"""The numbers the demos show, checked against independent arithmetic."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.charts import MAX_POINTS
from glossary.maths import activations, readouts


@pytest.mark.parametrize(
    "lo, hi, expected",
    [
        (-3, 2, (-3.0, 2.0)),
        (2, -3, (-3.0, 2.0)),
        (-50, 50, readouts.X_LIMITS),
        (1, 1, (0.75, 1.25)),
        (10, 10, (9.5, 10.0)),
        (float("nan"), 1, readouts.X_LIMITS),
        ("abc", 1, readouts.X_LIMITS),
    ],
)
def test_x_range_is_always_usable(lo, hi, expected):
    assert readouts.x_range(lo, hi) == pytest.approx(expected)


@given(st.floats(allow_nan=True), st.floats(allow_nan=True))
def test_x_range_property(lo, hi):
    a, b = readouts.x_range(lo, hi)
    assert readouts.X_LIMITS[0] <= a < b <= readouts.X_LIMITS[1]
    assert b - a >= readouts.MIN_SPAN - 1e-12


@pytest.mark.parametrize("n", range(1, len(activations.ACTIVATIONS) + 1))
def test_points_per_curve_stays_in_budget(n):
    assert n * 2 * readouts.points_per_curve(n) <= MAX_POINTS


def test_sample_curves_applies_parameters():
    x, curves = readouts.sample_curves(["leaky_relu"], -1.0, 1.0, {"leaky_relu": {"negative_slope": 0.2}})
    f, df = curves["leaky_relu"]
    assert x[0] == -1.0 and f[0] == pytest.approx(-0.2) and df[0] == pytest.approx(0.2)
    assert f[-1] == pytest.approx(1.0) and df[-1] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="elementwise"):
        readouts.sample_curves(["softmax"], -1, 1)
    with pytest.raises(ValueError):
        readouts.sample_curves(["leaky_relu"], -1, 1, {"leaky_relu": {"negative_slope": 7.0}})


def test_point_values_match_closed_forms():
    f, df = readouts.point_values("sigmoid", -1.5)
    s = 1 / (1 + math.exp(1.5))
    assert f == pytest.approx(s) and df == pytest.approx(s * (1 - s))


def test_point_formula_plugs_numbers_in():
    assert readouts.point_formula("leaky_relu", -1.5) == "f(−1.5) = 0.01 · (−1.5) = −0.015"
    assert readouts.point_formula("leaky_relu", 2, negative_slope=0.2) == "f(2) = 2"
    assert readouts.shown_params("leaky_relu", negative_slope=0.2) == "α = 0.2"
    assert readouts.point_formula("sigmoid", 0) == "f(0) = 1 / (1 + e^0) = 0.5"
    assert readouts.shown_params("sigmoid") == ""
    assert readouts.point_derivative("relu", 0) == "f′(0) = 0"
    assert readouts.point_formula("softmax", [0, 0], temperature=2) == "softmax([0, 0]) = [0.5, 0.5]"
    assert readouts.shown_params("softmax", temperature=2) == "T = 2"
    assert set(readouts.PLUGS) == set(activations.ELEMENTWISE)  # a new activation needs its formula
    for name in activations.ELEMENTWISE:
        assert readouts.point_formula(name, -0.75).startswith("f(−0.75) = ")


def test_properties_rows_cover_the_registry():
    rows = readouts.properties_rows(activations.ACTIVATIONS)
    assert [r["name"] for r in rows] == list(activations.ACTIVATIONS)
    by = {r["name"]: r for r in rows}
    assert by["sigmoid"]["max_abs_derivative"] == pytest.approx(0.25, abs=1e-6)
    assert by["tanh"]["max_abs_derivative"] == pytest.approx(1.0, abs=1e-6)
    assert by["softmax"]["max_abs_derivative"] is None


def test_naive_softmax_overflows_and_the_shifted_one_does_not():
    z = [1000.0, 999.0, 998.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the helper must not leak RuntimeWarnings
        naive = readouts.softmax_naive(z)
        stable = readouts.softmax_shifted(z)
    assert math.isinf(naive.total) and np.isnan(naive.probs).all() and not naive.finite
    assert stable.finite and stable.shifted.max() == 0.0 and stable.exps.max() == 1.0
    e = [1.0, math.exp(-1), math.exp(-2)]
    assert stable.probs == pytest.approx([v / sum(e) for v in e])


def test_both_softmax_ways_agree_on_small_logits_and_temperature():
    z = [2.0, 1.0, 0.1]
    naive, stable = readouts.softmax_naive(z, 2.0), readouts.softmax_shifted(z, 2.0)
    e = [math.exp(v / 2) for v in z]
    assert naive.probs == pytest.approx([v / sum(e) for v in e])
    assert stable.probs == pytest.approx(naive.probs)


@pytest.mark.parametrize(
    "ratio, verdict",
    [(0.0, "dead"), (1e-9, "vanishing"), (0.05, "weak"), (1.0, "healthy"), (50.0, "strong"),
     (1e6, "exploding"), (math.inf, "exploding"), (math.nan, "unknown")],
)  # fmt: skip
def test_gradient_verdict(ratio, verdict):
    assert readouts.gradient_verdict(ratio) == verdict


def test_gradient_ratio_and_power_of_ten():
    assert readouts.gradient_ratio([1e-9, 1e-3, 1.0]) == pytest.approx(1e-9)
    assert math.isnan(readouts.gradient_ratio([1.0, 0.0]))
    assert readouts.power_of_ten(1.2e-9) == "1.2·10⁻⁹"  # the mantissa, not the rounded-down 10⁻⁹
    assert readouts.power_of_ten(0.25**20) == "9.1·10⁻¹³"
    assert readouts.power_of_ten(0.25**20, "pl") == "9,1·10⁻¹³"
    assert readouts.power_of_ten(3e12) == "3·10¹²"
    assert readouts.power_of_ten(1e-9) == "10⁻⁹"
    assert readouts.power_of_ten(0.5) == "0.5"
    assert readouts.power_of_ten(0.5, "pl") == "0,5"
    assert readouts.power_of_ten(123.4) == "120"
    assert readouts.power_of_ten(0.0) == "0"


def test_bound_line_shrinks_by_max_derivative_per_layer():
    line = readouts.bound_line([5.0, 3.0, 2.0, 1.0], 0.25)
    assert line[-1] == 1.0
    assert line == pytest.approx([0.25**3, 0.25**2, 0.25, 1.0])


def test_channels_that_show_the_activation_and_shared_limit():
    pre = np.zeros((5, 2, 2))
    pre[1] = [[-2.0, 2.0], [-2.0, 2.0]]  # half cut away by ReLU: the best example
    pre[3] = -3.0  # wiped out entirely: changed most, but nothing left to see
    pre[4] = [[-0.5, 0.5], [0.0, 0.0]]
    post = np.maximum(pre, 0.0)
    assert readouts.most_changed_channels(pre, post, 2) == [1, 4]
    assert readouts.shared_limit(pre[1], post[1]) == 2.0
    assert readouts.shared_limit(np.zeros(3)) == 1e-6


def test_every_nth_keeps_first_and_last():
    pos, vals = readouts.every_nth(np.arange(10.0, 1010.0), 100)
    assert len(pos) <= 100 and pos[0] == 1 and pos[-1] == 1000 and vals[-1] == 1009.0
    assert np.array_equal(vals, 9.0 + pos)

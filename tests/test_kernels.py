"""The write-into kernels give exactly what the activation functions give, and GELU/Mish stay accurate."""

from __future__ import annotations

import numpy as np
import pytest

from glossary.maths import activations as A
from glossary.maths import gradient_flow as G
from glossary.maths import kernels as K
from tests.test_activations import GRID, OTHER_PARAMS

SPECIAL = [-np.inf, np.inf, np.nan, -0.0, 0.0]
HUGE = [np.finfo(np.float32).max, -np.finfo(np.float32).max, 1e30, -1e30]  # beyond the no-warning promise
CASES = [
    pytest.param(
        name, {**A.get(name).defaults(), **extra}, np.dtype(dtype), id=f"{name}-{i}-{dtype.__name__}"
    )
    for name in K.KERNELS
    for i, extra in enumerate([{}, *OTHER_PARAMS.get(name, [])])
    for dtype in (np.float32, np.float64)
    if K.find(name, {**A.get(name).defaults(), **extra}, np.dtype(dtype)) is not None
]


def run(kernel: K.Kernel, x: np.ndarray, params: dict, work: K.Workspace | None = None,
        value: bool = True, slope: bool = True) -> tuple[np.ndarray | None, np.ndarray | None]:  # fmt: skip
    outs = [np.full_like(x, 7.0) if wanted else None for wanted in (value, slope)]
    kernel(x, *outs, work or K.Workspace(), **params)
    return outs[0], outs[1]


def test_kernels_are_registered_activations() -> None:
    assert set(K.KERNELS) <= set(G.HIDDEN_ACTIVATIONS)
    assert set(G.HIDDEN_ACTIVATIONS) == {c.values[0] for c in CASES}  # every hidden activation has one


@pytest.mark.parametrize(("name", "params", "dtype"), CASES)
def test_kernel_equals_the_activation_bit_for_bit(name: str, params: dict, dtype: np.dtype) -> None:
    act, kernel = A.get(name), K.find(name, params, dtype)
    x = np.concatenate([GRID, SPECIAL]).astype(dtype)
    before = x.copy()
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value, slope = run(kernel, x, params)
        only_value, _ = run(kernel, x, params, slope=False)
        _, only_slope = run(kernel, x, params, value=False)
    np.testing.assert_array_equal(value, act.forward(x, **params))
    np.testing.assert_array_equal(slope, act.derivative(x, **params))
    np.testing.assert_array_equal(only_value, value)
    np.testing.assert_array_equal(only_slope, slope)
    np.testing.assert_array_equal(x, before)  # the input is never written
    huge = np.array(HUGE, dtype)
    with np.errstate(all="ignore"):
        value, slope = run(kernel, huge, params)
        np.testing.assert_array_equal(value, act.forward(huge, **params))
        np.testing.assert_array_equal(slope, act.derivative(huge, **params))


@pytest.mark.parametrize(("name", "params", "dtype"), CASES)
def test_one_workspace_serves_every_length(name: str, params: dict, dtype: np.dtype) -> None:
    kernel, work = K.find(name, params, dtype), K.Workspace()
    rng = np.random.default_rng(1)
    for n in (1000, 0, 1, 4099, 7):  # shrinking and growing again: slices of the same scratch arrays
        x = (rng.standard_normal(n) * 4).astype(dtype)
        shared = run(kernel, x, params, work)
        fresh = run(kernel, x, params)
        np.testing.assert_array_equal(shared[0], fresh[0])
        np.testing.assert_array_equal(shared[1], fresh[1])


def test_workspace_constants_are_read_only_and_grow() -> None:
    work = K.Workspace()
    small = work.full(40.0, np.empty(3, np.float32))
    with pytest.raises(ValueError, match="read-only"):
        small[0] = 1.0
    big = work.full(40.0, np.empty(100, np.float32))
    assert big.shape == (100,) and (big == 40.0).all() and big.dtype == np.float32
    assert work.full(40.0, np.empty(5, np.float64)).dtype == np.float64


@pytest.mark.parametrize(
    ("name", "params", "dtype"),
    [
        ("gelu", {"approximate": "tanh"}, np.float32),
        ("gelu", {"approximate": "none"}, np.float64),
        ("leaky_relu", {"negative_slope": 0.0}, np.float32),
        ("leaky_relu", {"negative_slope": 2.0}, np.float32),
        ("relu", {}, np.float16),
    ],
)
def test_find_declines_what_a_kernel_does_not_compute(name: str, params: dict, dtype: type) -> None:
    assert K.find(name, params, np.dtype(dtype)) is None


def test_gelu_erfc_fit_is_accurate_in_float64() -> None:
    # erfc(z) = t·e^{-z²}·R(t), t = 1/(1 + z/2), over every t the clamped kernel meets (|x| <= 32)
    t = np.linspace(1 / (1 + 16 / np.sqrt(2)), 1.0, 200001)
    z = 2 * (1 / t - 1)
    truth = np.exp(np.log(A.erfc(z)) + z * z) / t
    assert np.abs(np.polynomial.polynomial.polyval(t, K.ERFC_R) / truth - 1).max() < 7.5e-8


@pytest.mark.parametrize(("name", "tol"), [("gelu", 2.5e-7), ("mish", 2.5e-7)])
def test_float32_gelu_and_mish_are_accurate_everywhere(name: str, tol: float) -> None:
    # a million random points, dense where the curves bend, against the float64 formulas
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(0, 3, 10**6), rng.uniform(-30, 30, 10**5), -np.logspace(-6, 4, 10**4)])
    x32 = x.astype(np.float32)
    kernel = K.find(name, A.get(name).defaults(), np.dtype(np.float32))
    value, slope = run(kernel, x32, A.get(name).defaults())
    ref_value, ref_slope = A.get(name).value_and_derivative(x32.astype(np.float64))
    for ours, ref in ((value, ref_value), (slope, ref_slope)):
        err = np.abs(ours.astype(np.float64) - ref) / (1 + np.abs(ref))
        assert err.max() <= tol, float(x32[np.argmax(err)])


@pytest.mark.parametrize("activation", G.HIDDEN_ACTIVATIONS)
def test_simulation_with_kernels_equals_without(activation: str, monkeypatch) -> None:
    with_kernels = G.simulate(activation, 6, 40, "he", 1.0, 50, 3).to_dict()
    monkeypatch.setattr(K, "find", lambda name, params, dtype: None)
    assert G.simulate(activation, 6, 40, "he", 1.0, 50, 3).to_dict() == with_kernels

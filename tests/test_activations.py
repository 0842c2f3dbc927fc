"""The NumPy activation core against torch (the oracle), plus the laws the maths guarantees."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from glossary.maths import activations as A

REGISTRY = list(A.ACTIVATIONS.values())
ELEMENTWISE = [a for a in REGISTRY if a.elementwise]
SOFTMAXES = [a for a in REGISTRY if not a.elementwise]
ids = lambda a: a.name  # noqa: E731

# The oracle: name -> torch function taking (tensor, dim, **params). A new registry entry fails
# test_oracle_covers_registry until it is added here, so nothing skips the comparison.
TORCH = {
    "relu": lambda t, dim, **p: F.relu(t),
    "leaky_relu": lambda t, dim, negative_slope: F.leaky_relu(t, negative_slope),
    "sigmoid": lambda t, dim, **p: torch.sigmoid(t),
    "tanh": lambda t, dim, **p: torch.tanh(t),
    "softmax": lambda t, dim, temperature: F.softmax(t / temperature, dim=dim),
    "elu": lambda t, dim, alpha: F.elu(t, alpha),
    "gelu": lambda t, dim, approximate: F.gelu(t, approximate=approximate),
    "silu": lambda t, dim, **p: F.silu(t),
    "softplus": lambda t, dim, beta, threshold: F.softplus(t, beta, threshold),
    "mish": lambda t, dim, **p: F.mish(t),
    "log_softmax": lambda t, dim, temperature: F.log_softmax(t / temperature, dim=dim),
}

# Non-default parameters tested besides the defaults.
OTHER_PARAMS = {
    "leaky_relu": [{"negative_slope": 0.2}, {"negative_slope": 0.0}],
    "elu": [{"alpha": 0.5}, {"alpha": 2.5}],
    "gelu": [{"approximate": "tanh"}],
    "softplus": [{"beta": 2.0, "threshold": 10.0}, {"beta": 0.5}],
    "softmax": [{"temperature": 0.3}, {"temperature": 4.0}],
    "log_softmax": [{"temperature": 0.3}],
}

CASES = [
    pytest.param(a, {**a.defaults(), **extra}, id=f"{a.name}-{i}")
    for a in REGISTRY
    for i, extra in enumerate([{}, *OTHER_PARAMS.get(a.name, [])])
]
ELEMENTWISE_CASES = [c for c in CASES if c.values[0].elementwise]
DTYPES = [np.float32, np.float64]
# |ours - torch| <= TOL * (1 + |torch|) in the same dtype (torch itself is a few ulps off, e.g. 1 - y²)
TOL = {np.float32: 4e-6, np.float64: 1e-13}

GRID = np.unique(
    np.concatenate(
        [np.linspace(-12, 12, 2401), -np.logspace(-8, 4, 300), np.logspace(-8, 4, 300), [0.0, -1e4, 1e4]]
    )
)


def torch_value_and_grad(a: A.Activation, x: np.ndarray, params: dict) -> tuple[np.ndarray, np.ndarray]:
    t = torch.tensor(x, requires_grad=True)
    y = TORCH[a.name](t, -1, **params)
    (g,) = torch.autograd.grad(y.sum(), t)
    return y.detach().numpy(), g.numpy()


def close(ours: np.ndarray, ref: np.ndarray, tol: float) -> None:
    np.testing.assert_allclose(ours.astype(np.float64), ref.astype(np.float64), rtol=tol, atol=tol)


def test_oracle_covers_registry() -> None:
    assert set(TORCH) == set(A.ACTIVATIONS)
    assert set(OTHER_PARAMS) <= set(A.ACTIVATIONS)


def test_registry_names_are_torch_names() -> None:
    for name in A.ACTIVATIONS:
        assert hasattr(F, name), name
    assert {"relu", "leaky_relu", "sigmoid", "tanh", "softmax"} <= set(A.ACTIVATIONS)


def test_get_unknown_lists_known_names() -> None:
    with pytest.raises(ValueError, match="leaky_relu") as info:
        A.get("lekay_relu")
    assert all(name in str(info.value) for name in A.ACTIVATIONS)
    assert A.get("gelu") is A.ACTIVATIONS["gelu"]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize(("act", "params"), ELEMENTWISE_CASES)
def test_elementwise_matches_torch(act: A.Activation, params: dict, dtype: type) -> None:
    x = GRID.astype(dtype)
    ref_y, ref_g = torch_value_and_grad(act, x, params)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y, g = act.forward(x, **params), act.derivative(x, **params)
    assert y.dtype == dtype and g.dtype == dtype
    close(y, ref_y, TOL[dtype])
    close(g, ref_g, TOL[dtype])
    if dtype is np.float32:  # our float32 is within ~2 ulp of the float64 truth on the same points
        ref64_y, ref64_g = torch_value_and_grad(act, x.astype(np.float64), params)
        close(y, ref64_y, 2.5e-7)
        close(g, ref64_g, 2.5e-7)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize(("act", "params"), ELEMENTWISE_CASES)
def test_infinities_give_limits_and_nan_propagates(act: A.Activation, params: dict, dtype: type) -> None:
    x = np.array([-np.inf, np.inf, np.nan], dtype=dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y, g = act.forward(x, **params), act.derivative(x, **params)
    # The limit is torch's value at ±inf, or (where torch gives NaN there) at ±1e30.
    ref_y, ref_g = torch_value_and_grad(act, x[:2].astype(np.float64), params)
    far_y, far_g = torch_value_and_grad(act, np.array([-1e30, 1e30]), params)
    limit_y = np.where(np.isnan(ref_y), far_y, ref_y)
    limit_g = np.where(np.isnan(ref_g), far_g, ref_g)
    np.testing.assert_array_equal(y[:2], limit_y.astype(dtype))
    np.testing.assert_array_equal(g[:2], limit_g.astype(dtype))
    # NOTE: torch's relu/leaky_relu/elu backward give a finite slope at NaN; we propagate NaN.
    assert np.isnan(y[2]) and np.isnan(g[2])


@pytest.mark.parametrize(("act", "params"), ELEMENTWISE_CASES)
def test_derivative_at_zero_follows_torch(act: A.Activation, params: dict) -> None:
    _, ref_g = torch_value_and_grad(act, np.zeros(1), params)
    assert act.derivative(0.0, **params) == pytest.approx(float(ref_g[0]), abs=1e-15)


def test_kink_values_documented() -> None:
    assert A.relu_grad(np.zeros(3)).tolist() == [0.0, 0.0, 0.0]
    assert A.leaky_relu_grad(0.0, negative_slope=0.3) == 0.3
    assert A.elu_grad(0.0, alpha=2.0) == 2.0
    assert A.get("leaky_relu").properties.derivative_at_0 == 0.01
    assert A.get("sigmoid").properties.derivative_at_0 == 0.25


@pytest.mark.parametrize("act", REGISTRY, ids=ids)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64], ids=lambda d: d.__name__)
def test_dtype_shape_and_input_untouched(act: A.Activation, dtype: type) -> None:
    x = np.linspace(-3, 3, 24).astype(dtype).reshape(2, 3, 4)
    before = x.copy()
    outs = [act.forward(x)]
    if act.elementwise:
        outs.append(act.derivative(x))
    else:
        outs += [act.vjp(x, np.ones_like(x)), act.forward(x, axis=1)]
    for out in outs:
        assert out.dtype == dtype and out.shape == x.shape
    np.testing.assert_array_equal(x, before)
    assert not np.shares_memory(outs[0], x)


@pytest.mark.parametrize("act", REGISTRY, ids=ids)
def test_empty_and_integer_inputs(act: A.Activation) -> None:
    for shape in [(0,), (3, 0), (0, 4)]:
        empty = np.zeros(shape, dtype=np.float32)
        assert act.forward(empty).shape == shape and act.forward(empty).dtype == np.float32
        if act.elementwise:
            assert act.derivative(empty).shape == shape
    ints = np.array([[-2, 0, 3]])
    out = act.forward(ints)  # integers are promoted to float64
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, act.forward(ints.astype(np.float64)))


@pytest.mark.parametrize("act", ELEMENTWISE, ids=ids)
def test_zero_d_input(act: A.Activation) -> None:
    out = act.forward(np.float32(0.5))
    assert isinstance(out, np.ndarray) and out.shape == () and out.dtype == np.float32


# --- softmax and log-softmax -------------------------------------------------------------------------

SOFT_CASES = [c for c in CASES if not c.values[0].elementwise]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("axis", [-1, 0])
@pytest.mark.parametrize(("act", "params"), SOFT_CASES)
def test_softmax_forward_jacobian_vjp_match_torch(act: A.Activation, params: dict, axis: int, dtype) -> None:
    rng = np.random.default_rng(1)
    x = (rng.standard_normal((5, 7)) * 4).astype(dtype)
    x[0, :3] = [1e4, -1e4, 9999.0]  # stable at logits of 1e4
    x[1, 2] = -np.inf  # a row containing -inf is defined
    dy = rng.standard_normal(x.shape).astype(dtype)
    t = torch.tensor(x, requires_grad=True)
    y = TORCH[act.name](t, axis, **params)
    (ref_vjp,) = torch.autograd.grad(y, t, torch.tensor(dy))
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = act.forward(x, axis=axis, **params)
        vjp = act.vjp(x, dy, axis=axis, **params)
    tol = TOL[dtype] * 10
    close(out, y.detach().numpy(), tol)
    close(vjp, ref_vjp.numpy(), tol)
    # the Jacobian row by row: ∂f_i/∂x_j of slice k along the other axis
    jac = act.jacobian(x, axis=axis, **params)
    k = 3
    slice_x = torch.tensor(np.take(x, k, axis=1 - axis % 2).astype(np.float64))
    ref_jac = torch.autograd.functional.jacobian(lambda v: TORCH[act.name](v, 0, **params), slice_x)
    close(jac[k], ref_jac.numpy(), tol)


@pytest.mark.parametrize("act", SOFTMAXES, ids=ids)
def test_softmax_infinities(act: A.Activation) -> None:
    x = np.array([[-np.inf, 0.0, 1.0], [-np.inf, -np.inf, -np.inf], [np.inf, 1.0, np.inf], [np.nan, 0, 1]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = act.forward(x)
    probs = np.exp(out) if act.name == "log_softmax" else out
    e = math.e
    np.testing.assert_allclose(probs[0], [0.0, 1 / (1 + e), e / (1 + e)], rtol=1e-15)
    assert np.isnan(out[1]).all()  # undefined, as torch
    np.testing.assert_allclose(probs[2], [0.5, 0.0, 0.5])  # the limit; torch gives NaN
    assert np.isnan(out[3]).all()


@settings(max_examples=60, deadline=None)
@given(
    x=hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6),
        elements=st.floats(-1e4, 1e4),
    ),
    shift=st.floats(-1e3, 1e3),
    temperature=st.floats(0.05, 10),
)
def test_softmax_sums_to_one_and_ignores_shift(x: np.ndarray, shift: float, temperature: float) -> None:
    s = A.softmax(x, temperature=temperature)
    np.testing.assert_allclose(s.sum(axis=-1), 1.0, rtol=1e-12)
    assert ((s >= 0) & (s <= 1)).all()
    # a shift much larger than the spread of the row changes x + shift by rounding only
    shifted = A.softmax(x + shift, temperature=temperature)
    scale = (np.abs(x).max() + abs(shift)) * 1e-15 / temperature
    np.testing.assert_allclose(shifted, s, atol=max(1e-12, 10 * scale))
    np.testing.assert_allclose(np.exp(A.log_softmax(x, temperature=temperature)), s, atol=1e-12)


finite = st.floats(-1e4, 1e4, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(x=finite)
def test_sigmoid_symmetry_and_tanh_identity(x: float) -> None:
    assert A.sigmoid(-x) == pytest.approx(1 - A.sigmoid(x), abs=3e-16)  # 1 - s rounds at 1e-16
    assert A.tanh(x) == pytest.approx(2 * A.sigmoid(2 * x) - 1, abs=4e-16)
    assert A.sigmoid_grad(x) == pytest.approx(A.sigmoid(x) * A.sigmoid(-x), rel=1e-14, abs=1e-300)


@settings(max_examples=60, deadline=None)
@given(x=st.floats(-30, 30), data=st.data())
def test_derivatives_match_central_differences(x: float, data: st.DataObject) -> None:
    act = data.draw(st.sampled_from(ELEMENTWISE), label="activation")
    params = act.defaults()
    h = 1e-5
    if act.name in {"relu", "leaky_relu", "elu"} and abs(x) < 2 * h:
        return  # kink: a one-sided slope; the torch test pins the chosen value
    if act.name == "softplus" and abs(x - params["threshold"]) < 2 * h:
        return  # torch's switch to the identity makes a tiny jump there
    numeric = (act.forward(x + h, **params) - act.forward(x - h, **params)) / (2 * h)
    assert act.derivative(x, **params) == pytest.approx(numeric, abs=1e-8, rel=1e-6)


def test_erf_matches_math_erf() -> None:
    x = np.concatenate([np.linspace(-30, 30, 60001), -np.logspace(-300, 2, 500), np.logspace(-300, 2, 500)])
    ref_erf = np.array([math.erf(v) for v in x])
    ref_erfc = np.array([math.erfc(v) for v in x])
    np.testing.assert_allclose(A.erf(x), ref_erf, rtol=2e-15, atol=1e-300)
    normal = ref_erfc > 1e-300  # below that the subnormals have few significant bits
    np.testing.assert_allclose(A.erfc(x)[normal], ref_erfc[normal], rtol=4e-15)
    assert A.erf(np.array([np.inf, -np.inf])).tolist() == [1.0, -1.0]
    assert np.isnan(A.erf(np.nan))


# --- parameters, display helpers, bound ----------------------------------------------------------------


def test_param_specs() -> None:
    slope = A.get("leaky_relu").params[0]
    assert (slope.name, slope.default, slope.min, slope.max) == ("negative_slope", 0.01, 0, 1)
    assert slope.step == 0.01
    assert {p.name for p in A.get("softplus").params} == {"beta", "threshold"}
    assert A.get("softplus").defaults() == {"beta": 1.0, "threshold": 20.0}
    assert A.get("gelu").params[0].choices == ("none", "tanh")
    for act in REGISTRY:
        for spec in act.params:
            assert spec.check(spec.default) == spec.default
    with pytest.raises(ValueError, match=r"negative_slope must be in \[0.0, 1.0\]"):
        A.get("leaky_relu").resolve_params(negative_slope=2)
    with pytest.raises(ValueError, match="no parameter 'alpha'"):
        A.get("relu").resolve_params(alpha=1)
    with pytest.raises(ValueError, match="one of"):
        A.get("gelu").resolve_params(approximate="erf")


@pytest.mark.parametrize("act", ELEMENTWISE, ids=ids)
def test_max_abs_derivative_vs_torch(act: A.Activation) -> None:
    t = torch.linspace(-50, 50, 2_000_001, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(TORCH[act.name](t, -1, **act.defaults()).sum(), t)
    assert act.max_abs_derivative() == pytest.approx(g.abs().max().item(), rel=1e-9)


def test_properties_table_values() -> None:
    rows = {a.name: a.properties for a in REGISTRY}
    assert rows["tanh"].zero_centred and not rows["sigmoid"].zero_centred
    assert rows["sigmoid"].saturates == rows["tanh"].saturates == "both"
    assert rows["relu"].saturates == rows["elu"].saturates == rows["softplus"].saturates == "left"
    assert rows["leaky_relu"].saturates == "no"  # f' -> negative_slope, not 0
    assert not rows["gelu"].monotonic and rows["elu"].monotonic
    assert rows["softmax"].monotonic is None and rows["log_softmax"].monotonic is None  # vector -> vector
    assert rows["softmax"].derivative_at_0 is None and rows["softmax"].saturates is None
    assert not rows["elu"].smooth  # C¹ at best (alpha = 1)


def test_numpy_free_name_list_matches_the_registry() -> None:
    # the content parser checks `activation:` against this list without importing NumPy
    from glossary.corpus import activation_names

    assert activation_names.NAMES == tuple(A.ACTIVATIONS)


def test_loading_content_does_not_import_numpy() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from glossary.corpus.library import load_library;"
        "lib = load_library('content'); print(len(lib.entries), 'numpy' in sys.modules)"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    count, numpy_loaded = out.stdout.split()
    assert int(count) >= 20 and numpy_loaded == "False"

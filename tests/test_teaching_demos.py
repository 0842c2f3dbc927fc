"""The four teaching demos (neuron, backprop, cross-entropy, init): their NumPy core against
torch.autograd (the oracle), the laws each demo is there to show, and the demos through AppTest showing
the core's numbers, with defaults and at extreme settings."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from test_charts import _errors
from test_demos import rows, run_blocks, table_rows, text

from glossary import charts
from glossary.format import formula, localize
from glossary.maths import activations, init_stats, neuron
from glossary.maths import backprop as bp
from glossary.maths import cross_entropy as ce

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Each activation at its registry defaults, in torch (float64 in, float64 out).
TORCH = {
    "relu": F.relu,
    "leaky_relu": lambda t: F.leaky_relu(t, 0.01),
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "elu": lambda t: F.elu(t, 1.0),
    "gelu": lambda t: F.gelu(t, approximate="none"),
    "silu": F.silu,
    "softplus": lambda t: F.softplus(t, 1.0, 20.0),
    "mish": F.mish,
}
TOL = {"rtol": 1e-10, "atol": 1e-10}


def test_the_torch_table_covers_every_hidden_activation():
    assert set(TORCH) == set(activations.ELEMENTWISE)
    for name in activations.ELEMENTWISE:
        assert activations.get(name).defaults() == {p.name: p.default for p in activations.get(name).params}


def close(ours, theirs, **tol) -> None:
    np.testing.assert_allclose(np.asarray(ours, dtype=np.float64), theirs.detach().numpy(), **(tol or TOL))


# --- neuron -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("activation", activations.ELEMENTWISE)
def test_neuron_plane_equals_torch(activation: str):
    w1, w2, b = 1.7, -2.3, 0.4
    grid = neuron.plane(w1, w2, b, activation)
    x = torch.tensor(np.stack([grid.grid_x, grid.grid_y], axis=-1), dtype=torch.float64)
    layer = torch.nn.Linear(2, 1, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[w1, w2]], dtype=torch.float64))
        layer.bias.fill_(b)
    z = layer(x)[..., 0]
    close(grid.z, z)
    close(grid.y, TORCH[activation](z))
    assert grid.y.shape == (neuron.GRID, neuron.GRID)
    assert grid.grid_x[0, 0] == -neuron.LIMIT and grid.grid_y[-1, 0] == neuron.LIMIT


def test_neuron_formula_puts_the_numbers_in():
    point = neuron.at(1.0, -2.0, 0.8, -0.5, -0.1, "relu")
    assert point.z == pytest.approx(0.8 - 0.5 * -2.0 - 0.1)
    assert neuron.formula(point) == "y = relu(0.8 · 1 + (−0.5) · (−2) − 0.1) = relu(1.7) = 1.7"
    dead = neuron.at(-1.0, 0.0, 2.0, 1.0, 0.5, "relu")
    assert neuron.formula(dead).endswith("= relu(−1.5) = 0")


def test_the_neuron_line_is_where_z_changes_sign():
    grid = neuron.plane(1.0, 1.0, 0.0, "tanh")  # the line x₁ + x₂ = 0: the anti-diagonal
    assert np.all(np.sign(grid.z) == np.sign(grid.grid_x + grid.grid_y))
    with pytest.raises(ValueError, match="elementwise"):
        neuron.plane(1.0, 1.0, 0.0, "softmax")


def test_plane_chart_is_valid_vega_lite_on_any_value_range():
    grid = neuron.plane(2.0, -1.0, 0.5, "relu")
    chart = charts.plane_chart(grid.grid_x, grid.grid_y, grid.y, (1.0, -2.0), domain=(0.0, 9.5), mid=0.0)
    spec = chart.to_dict()
    assert _errors(spec) == []
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert scale["domain"] == [0.0, 9.5] and scale["domainMid"] == 0.0
    assert [r["p"] for r in spec["datasets"]["grid"]] == grid.y.ravel().tolist()
    assert spec["datasets"]["points"] == [{"x": 1.0, "y": -2.0, "label": 0}]
    assert spec["width"] == spec["height"] == 260
    assert (
        charts.plane_chart(
            grid.grid_x, grid.grid_y, grid.y, (0, 0), domain=(0, 1), mid=0, size=300
        ).to_dict()["width"]
        == 300
    )
    flat = charts.plane_chart(grid.grid_x, grid.grid_y, 0 * grid.y, (0.0, 0.0), domain=(0.0, 0.0), mid=0.0)
    assert flat.to_dict()["layer"][0]["encoding"]["color"]["scale"]["domain"] == [-1.0, 1.0]
    # the decision chart's own template is not changed by it
    assert charts.decision_chart(grid.grid_x, grid.grid_y, grid.y, np.zeros((1, 2)), np.zeros(1)).to_dict()[
        "layer"
    ][0]["encoding"]["color"]["scale"]["domain"] == [0, 1]


# --- backprop -----------------------------------------------------------------------------------------------


def torch_backprop(x1: float, x2: float, target: float, activation: str, lr: float, seed: int) -> dict:
    """The same network in torch; every node's gradient through retain_grad."""
    p = bp.start(seed)
    f64 = torch.float64
    x = torch.tensor([x1, x2], dtype=f64, requires_grad=True)
    w1 = torch.tensor(p.w1, dtype=f64, requires_grad=True)
    b1 = torch.tensor(p.b1, dtype=f64, requires_grad=True)
    w2 = torch.tensor(p.w2, dtype=f64, requires_grad=True)
    b2 = torch.tensor(p.b2, dtype=f64, requires_grad=True)
    z1 = w1 @ x + b1
    h = TORCH[activation](z1)
    z2 = w2 @ h + b2
    y = torch.sigmoid(z2)
    loss = 0.5 * (y - target) ** 2
    for node in (z1, h, z2, y):
        node.retain_grad()
    loss.backward()
    with torch.no_grad():
        params = [t - lr * t.grad for t in (w1, b1, w2, b2)]
        h_after = TORCH[activation](params[0] @ x + params[1])
        loss_after = 0.5 * (torch.sigmoid(params[2] @ h_after + params[3]) - target) ** 2
    return dict(
        x=x,
        w1=w1,
        b1=b1,
        w2=w2,
        b2=b2,
        z1=z1,
        h=h,
        z2=z2,
        y=y,
        loss=loss,
        after=params,
        loss_after=loss_after,
    )


CASES = [
    (0.05, 0.10, 0.01, 0.5, 0),
    (-1.3, 0.7, 1.0, 2.0, 3),
    (2.0, -2.0, 0.0, 5.0, 10),
    (0.0, 0.0, 0.5, 0.01, 7),
]


@pytest.mark.parametrize("activation", activations.ELEMENTWISE)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_backprop_equals_torch_autograd(activation: str, case: tuple):
    x1, x2, target, lr, seed = case
    ours = bp.backprop(x1, x2, target, activation, lr, seed)
    ref = torch_backprop(x1, x2, target, activation, lr, seed)
    fw = ours.forward
    for name, mine in (("z1", fw.z1), ("h", fw.h), ("z2", fw.z2), ("y", fw.y), ("loss", fw.loss)):
        close(mine, ref[name])
    close(ours.dz1, ref["z1"].grad)
    close(ours.dh, ref["h"].grad)
    close(ours.dz2, ref["z2"].grad)
    close(ours.dy, ref["y"].grad)
    close(ours.dx, ref["x"].grad)
    g = ours.grads
    for mine, name in ((g.w1, "w1"), (g.b1, "b1"), (g.w2, "w2"), (g.b2, "b2")):
        close(mine, ref[name].grad)
    a = ours.after
    for mine, theirs in zip((a.w1, a.b1, a.w2, a.b2), ref["after"], strict=True):
        close(mine, theirs)
    close(ours.loss_after, ref["loss_after"])


def test_backprop_textbook_example_and_one_step_lowers_the_loss():
    r = bp.backprop(0.05, 0.10, 0.01, "sigmoid", 0.5, 0)
    assert r.forward.h[0] == pytest.approx(0.593269992, abs=1e-9)  # Mazur's worked example
    assert r.forward.y == pytest.approx(0.75136507, abs=1e-8)
    assert r.loss_after < r.forward.loss
    assert not np.allclose(bp.start(1).w1, bp.start(2).w1)
    np.testing.assert_array_equal(bp.start(3).w1, bp.start(3).w1)


# --- cross-entropy ------------------------------------------------------------------------------------------


LOGITS = [[2.0, 1.0, 0.1], [0.0, 0.0], [-10.0, 10.0, 3.0, -4.0, 0.5], [1000.0, 500.0, 50.0], [-800.0, 0.0]]


@pytest.mark.parametrize("logits", LOGITS, ids=str)
def test_cross_entropy_equals_torch(logits: list[float]):
    for target in range(len(logits)):
        r = ce.cross_entropy(logits, target)
        z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
        loss = F.cross_entropy(z[None], torch.tensor([target]))
        loss.backward()
        close(r.loss, loss)
        close(r.grad, z.grad)
        close(r.probs, torch.softmax(z, 0))
        close(r.log_probs, torch.log_softmax(z, 0))
        with torch.no_grad():
            naive = torch.log(torch.exp(z) / torch.exp(z).sum())
        np.testing.assert_array_equal(r.naive_log_probs, naive.numpy())  # NaN and −inf where torch's are


def test_naive_log_softmax_breaks_where_log_softmax_does_not():
    r = ce.cross_entropy([1000.0, 500.0, 50.0], 1)
    assert math.isnan(r.naive_log_probs[0]) and np.isneginf(r.naive_log_probs[2])
    assert np.all(np.isfinite(r.log_probs)) and r.loss == pytest.approx(500.0)
    small = ce.cross_entropy([2.0, 1.0, 0.1], 0)
    np.testing.assert_allclose(small.naive_log_probs, small.log_probs, rtol=1e-14)
    np.testing.assert_allclose(small.grad.sum(), 0.0, atol=1e-15)  # p − y sums to 1 − 1


@pytest.mark.parametrize("logit", [-100.0, -40.0, -2.5, 0.0, 0.7, 36.0, 40.0, 100.0])
@pytest.mark.parametrize("label", [0, 1])
def test_binary_cross_entropy_equals_torch(logit: float, label: int):
    r = ce.binary(logit, label)
    z = torch.tensor(logit, dtype=torch.float64, requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(z, torch.tensor(float(label), dtype=torch.float64))
    loss.backward()
    close(r.loss, loss)
    close(r.grad, z.grad)
    close(r.p, torch.sigmoid(z))
    with torch.no_grad():
        p = 1 / (1 + torch.exp(-z))
        naive = -(label * torch.log(p) + (1 - label) * torch.log(1 - p))
    np.testing.assert_allclose(r.naive_loss, naive.numpy(), rtol=1e-12)  # inf and NaN where torch's are
    if logit >= 40:  # σ(z) rounds to 1.0 above z ≈ 37: log(1 − p) = log 0, and 0·log 0 = NaN
        assert (math.isinf if label == 0 else math.isnan)(r.naive_loss) and math.isfinite(r.loss)


# --- init ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("activation", ["relu", "tanh", "gelu"])
@pytest.mark.parametrize("init", init_stats.INITS)
def test_init_spread_equals_torch(activation: str, init: str):
    depth, width = 6, 32
    ours = init_stats.spread(activation, init, depth, width)
    w = torch.tensor(init_stats.weights(depth, width, init))
    h = torch.tensor(init_stats.inputs(width))
    q = torch.tensor(init_stats.PERCENTILES, dtype=torch.float64) / 100
    for layer in range(depth):
        h = TORCH[activation](h @ w[layer])
        close(ours.std[layer], h.std(correction=0))
        close(ours.percentiles[layer], torch.quantile(h.flatten(), q))


@pytest.mark.parametrize("init", init_stats.INITS)
def test_a_shallow_network_is_the_first_layers_of_a_deep_one(init: str):
    deep = init_stats.spread("tanh", init, 50, 64)
    shallow = init_stats.spread("tanh", init, 17, 64)
    np.testing.assert_array_equal(deep.first(17).std, shallow.std)
    np.testing.assert_array_equal(deep.first(17).percentiles, shallow.percentiles)


def test_init_weights_have_the_variance_their_rule_promises():
    width = 256
    for init, var in (("xavier", 1 / width), ("he", 2 / width), ("normal", 1.0)):
        w = init_stats.weights(10, width, init)
        assert w.var() == pytest.approx(var, rel=0.02), init
    with pytest.raises(ValueError, match="init"):
        init_stats.weights(3, 8, "lecun")


def test_he_keeps_relu_alive_and_xavier_keeps_tanh_unsaturated():
    relu_he = init_stats.spread("relu", "he", 30, 128)
    relu_xavier = init_stats.spread("relu", "xavier", 30, 128)
    assert relu_he.std[-1] > 0.1 and relu_xavier.std[-1] < 1e-3  # Xavier halves E[h²] per layer
    assert relu_xavier.std[-1] / relu_xavier.std[0] < 2.0**-10
    tanh_xavier = init_stats.spread("tanh", "xavier", 30, 128)
    tanh_normal = init_stats.spread("tanh", "normal", 30, 128)
    assert tanh_xavier.percentiles[-1, -1] < 0.9  # p95 well inside (−1, 1): not saturated
    assert tanh_normal.percentiles[-1, -1] > 0.99 and tanh_normal.percentiles[-1, 0] < -0.99


# --- the demos through AppTest ------------------------------------------------------------------------


def fmt6(value: float, lang: str = "pl") -> str:
    """As the demos print numbers: 6 significant digits, a decimal comma in Polish (the pages here are)."""
    return localize(f"{value + 0.0:.6g}", lang).replace("-", "−")


def grid_values(at, key: str) -> np.ndarray:
    cells = [r for r in rows(at, key) if "x0" in r]
    cells.sort(key=lambda r: (r["y"], r["x"]))
    return np.array([r["p"] for r in cells]).reshape(neuron.GRID, neuron.GRID)


def test_neuron_demo_defaults_and_extremes_show_the_core():
    at = run_blocks(("neuron", {}))
    expected = neuron.plane(1.0, -1.0, 0.5, "sigmoid").y
    np.testing.assert_allclose(grid_values(at, "neuron_chart"), expected, rtol=1e-12)
    assert f"`{formula(neuron.formula(neuron.at(1.0, 0.5, 1.0, -1.0, 0.5, 'sigmoid')), 'pl')}`" in text(at)
    at.selectbox(key="neuron_activation").set_value("softplus")
    for name, value in (("w1", 5.0), ("w2", -5.0), ("b", -5.0), ("x1", -3.0), ("x2", 3.0)):
        at.slider(key=f"neuron_{name}").set_value(value)
    at.run()
    assert not at.exception
    np.testing.assert_allclose(
        grid_values(at, "neuron_chart"), neuron.plane(5, -5, -5, "softplus").y, rtol=1e-12
    )
    point = neuron.at(-3.0, 3.0, 5.0, -5.0, -5.0, "softplus")
    assert f"`{formula(neuron.formula(point), 'pl')}`" in text(at) and point.z == -35.0
    marker = [r for r in rows(at, "neuron_chart") if "label" in r]
    assert [(m["x"], m["y"]) for m in marker] == [(-3.0, 3.0)]


def test_neuron_block_presets_are_the_defaults():
    at = run_blocks(("neuron", {"activation": "tanh", "w1": 2.0, "w2": 0.0, "b": -1.0}))
    assert at.selectbox(key="neuron_activation").value == "tanh"
    np.testing.assert_allclose(
        grid_values(at, "neuron_chart"), neuron.plane(2.0, 0.0, -1.0, "tanh").y, rtol=1e-12
    )


def _node_values(at, key: str = "bp_nodes") -> dict[str, tuple[str, str]]:
    return {row[0]: (row[2], row[3]) for row in table_rows(at, key)}


def check_backprop(at, r: bp.Backprop) -> None:
    nodes = _node_values(at)
    fw = r.forward
    assert nodes["x₁"] == (fmt6(fw.x[0]), fmt6(r.dx[0]))
    assert nodes["h₂"] == (fmt6(fw.h[1]), fmt6(r.dh[1]))
    assert nodes["o"] == (fmt6(fw.z2), fmt6(r.dz2))
    assert nodes["L"] == (fmt6(fw.loss), "1")
    params = {row[0]: row[1:] for row in table_rows(at, "bp_params")}
    assert params["W₂₁"] == [fmt6(r.params.w1[1, 0]), fmt6(r.grads.w1[1, 0]), fmt6(r.after.w1[1, 0])]
    assert params["c"] == [fmt6(r.params.b2), fmt6(r.grads.b2), fmt6(r.after.b2)]
    assert [m.value for m in at.metric] == [fmt6(fw.loss), fmt6(r.loss_after)]
    bars = sorted(rows(at, "bp_grad_chart"), key=lambda b: b["order"])
    grads = [*r.grads.w1.ravel(), *r.grads.b1, *r.grads.w2, r.grads.b2]
    np.testing.assert_allclose([b["value"] for b in bars], grads, rtol=1e-12)
    assert [b["label"] for b in bars if b["top"]] == [bars[int(np.argmax(np.abs(grads)))]["label"]]


def test_backprop_demo_defaults_and_extremes_show_the_core():
    at = run_blocks(("backprop", {}))
    check_backprop(at, bp.backprop(0.05, 0.1, 0.01, "sigmoid", 0.5, 0))
    at.slider(key="bp_x1").set_value(2.0)
    at.slider(key="bp_x2").set_value(-2.0)
    at.slider(key="bp_target").set_value(1.0)
    at.slider(key="bp_lr").set_value(5.0)
    at.slider(key="bp_seed").set_value(10)
    at.selectbox(key="bp_activation").set_value("elu")
    at.run()
    assert not at.exception
    check_backprop(at, bp.backprop(2.0, -2.0, 1.0, "elu", 5.0, 10))


def test_cross_entropy_demo_defaults_and_extremes_show_the_core():
    at = run_blocks(("cross-entropy", {}))
    naive = table_rows(at, "xent_naive_table")  # scale 1: both formulas agree, nothing to warn about
    assert [row[2] for row in naive] == [row[3] for row in naive] and not at.warning
    at = run_blocks(("cross-entropy", {"scale": 500}))
    r = ce.cross_entropy([2.0, 1.0, 0.1], 0)
    bars = sorted(rows(at, "xent_chart"), key=lambda b: b["order"])
    np.testing.assert_allclose([b["value"] for b in bars], r.probs, rtol=1e-12)
    assert [b["top"] for b in bars] == [True, False, False]
    assert f"**{fmt6(r.loss)}**" in text(at)
    naive = table_rows(at, "xent_naive_table")
    assert [row[2:] for row in naive] == [["NaN", "0"], ["−∞", "−500"], ["−∞", "−950"]]  # scale 500
    assert len(at.warning) == 1 and "strata 0." in at.warning[0].value  # −log_softmax = −0.0 shown as 0
    for i in (1, 2, 3):
        at.slider(key=f"xent_z{i}").set_value(10.0)
    at.slider(key="xent_n").set_value(5).run()
    at.slider(key="xent_scale").set_value(1000.0)
    at.selectbox(key="xent_target").set_value(4)
    at.slider(key="xent_logit").set_value(100.0)
    at.selectbox(key="xent_label").set_value(0)
    at.run()
    assert not at.exception
    z = [10.0, 10.0, 10.0, -4.0, -5.0]
    r = ce.cross_entropy(z, 4)
    bars = sorted(rows(at, "xent_chart"), key=lambda b: b["order"])
    np.testing.assert_allclose([b["value"] for b in bars], r.probs, rtol=1e-12, atol=1e-300)
    big = ce.cross_entropy(np.array(z) * 1000.0, 4)
    assert [row[3] for row in table_rows(at, "xent_naive_table")] == [fmt6(v) for v in big.log_probs]
    b = ce.binary(100.0, 0)
    assert f"**{fmt6(b.loss)}**" in text(at) and b.loss == pytest.approx(100.0)
    assert math.isinf(b.naive_loss) and "= ∞ (" in text(at)


def test_init_demo_defaults_and_extremes_show_the_core():
    at = run_blocks(("init", {}))
    for init in ("he", "xavier"):
        ref = init_stats.spread("relu", init, 20, 128)
        label = {"he": "He (Kaiming)", "xavier": "Xavier (Glorot)"}[init]
        shown = sorted(
            (r for r in rows(at, "init_std_chart") if r["name"] == label), key=lambda r: r["layer"]
        )
        np.testing.assert_allclose([r["value"] for r in shown], ref.std, rtol=1e-12)
    at.selectbox(key="init_activation").set_value("gelu")
    at.selectbox(key="init_init").set_value("normal")
    at.selectbox(key="init_versus").set_value("normal")
    at.slider(key="init_depth").set_value(50)
    at.selectbox(key="init_width").set_value(256)
    at.run()
    assert not at.exception
    ref = init_stats.spread("gelu", "normal", 50, 256)
    shown = sorted(rows(at, "init_std_chart"), key=lambda r: r["layer"])
    assert len(shown) == 50  # one init when both selects agree
    np.testing.assert_allclose([r["value"] for r in shown], ref.std, rtol=1e-12)
    last = [row for row in table_rows(at, "init_table") if row[1] == "50"]
    assert last[0][2] == localize(f"{ref.std[-1]:.3g}", "pl").replace("-", "−")  # Polish: "5,61·10⁵²"
    assert not re.search(r"(?<![\d.,])−0(?![.,\d])", text(at))  # no "−0" cell


def test_the_four_demos_speak_english_and_keep_apart_on_one_page():
    at = run_blocks(("neuron", {}), ("backprop", {}), ("cross-entropy", {}), ("init", {}), lang="en")
    shown = text(at)
    for title in ("One neuron", "Backpropagation step by step", "Cross-entropy from logits", "Weight init"):
        assert re.search(rf"^#+ {title}", shown, re.MULTILINE), title
    assert "Forward pass" in shown and "The binary case: sigmoid" in shown
    assert [m.label for m in at.metric] == ["Loss before the step", "Loss after the step"]
    keys = [w.key for w in (*at.slider, *at.selectbox)]
    assert len(keys) == len(set(keys))
    assert {k.split("_", 1)[0] for k in keys} == {"neuron", "bp", "xent", "init"}

"""The demos driven through Streamlit's AppTest: move each control, check the chart data follow the maths.

The script under test calls the same entry points the entry page calls
(``show_defaults(activation, lang)`` / ``show_general(lang)``).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from glossary.charts import MAX_POINTS, chart_rows

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _script(page: str, lang: str, root: str, models_dir: str) -> None:
    import sys
    from pathlib import Path

    if root not in sys.path:
        sys.path.insert(0, root)
    from glossary.ui.demos import show_defaults, show_general

    if models_dir:  # tests without the shipped CNN use a tiny one trained for the session
        from glossary.cnn import model as cnn

        cnn.MODELS_DIR = Path(models_dir)

    if page == "general":
        show_general(lang)
    else:
        show_defaults(page, lang)


def run(page: str, lang: str = "pl", models_dir: str = "", **query: object) -> AppTest:
    at = AppTest.from_function(_script, args=(page, lang, str(ROOT), models_dir), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _blocks_script(specs: list, lang: str, root: str, models_dir: str) -> None:
    import sys
    from pathlib import Path

    if root not in sys.path:
        sys.path.insert(0, root)
    from glossary.ui.demos import block, show

    if models_dir:
        from glossary.cnn import model as cnn

        cnn.MODELS_DIR = Path(models_dir)
    show([block(name, **settings) for name, settings in specs], lang)


def run_blocks(*specs: tuple[str, dict], lang: str = "pl", models_dir: str = "", **query: object) -> AppTest:
    """The demos of ``specs`` ((name, settings) as a ```demo NAME``` block would give them) on one page."""
    at = AppTest.from_function(
        _blocks_script, args=(list(specs), lang, str(ROOT), models_dir), default_timeout=120
    )
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _blocks(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _blocks(child)


def _arrow_rows(proto) -> list[dict]:
    """Streamlit moves a single-view chart's data out of the spec into Arrow tables."""
    import pyarrow as pa

    tables = [proto.data.data] if proto.HasField("data") and proto.data.data else []
    tables += [d.data.data for d in proto.datasets]
    out: list[dict] = []
    for blob in tables:
        out += pa.ipc.open_stream(blob).read_all().to_pylist()
    return out


def table_rows(at: AppTest, key: str) -> list[list[str]]:
    """The body rows (cells as shown in markdown) of the table drawn inside the container keyed ``key``."""
    for block in _blocks(at._tree):
        proto = getattr(block, "proto", None)
        if type(block).__name__ == "Block" and proto is not None and proto.id.endswith(f"-{key}"):
            (md,) = [c for c in _blocks(block) if getattr(c, "type", "") == "markdown"]
            lines = md.value.splitlines()
            assert set(lines[1]) == set("|-"), lines[1]  # a header row, then the delimiter row
            return [[cell.strip() for cell in line.strip("| ").split(" | ")] for line in lines[2:]]
    raise AssertionError(f"no table keyed {key}")


def rows(at: AppTest, key: str) -> list[dict]:
    """The data rows of the chart drawn inside the container keyed ``key``."""
    for block in _blocks(at._tree):
        proto = getattr(block, "proto", None)
        if type(block).__name__ == "Block" and proto is not None and proto.id.endswith(f"-{key}"):
            charts = [c for c in _blocks(block) if getattr(c, "type", "") == "vega_lite_chart"]
            assert len(charts) == 1, f"{key}: {len(charts)} charts"
            data = _arrow_rows(charts[0].proto) + chart_rows(json.loads(charts[0].proto.spec))
            assert 0 < len(data) <= MAX_POINTS
            return data
    raise AssertionError(f"no chart keyed {key!r}")


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def point(at: AppTest) -> dict[str, float]:
    """The point-slider markers of the curve chart: {"f(x)": y, "f'(x)": y}."""
    return {r["series"]: r["y"] for r in rows(at, "curve_chart") if "name" not in r and "series" in r}


def first_layer(at: AppTest, key: str = "grad_chart") -> dict[str, float]:
    return {r["name"]: r["value"] for r in rows(at, key) if r["kind"] == "grad" and r["layer"] == 1}


# --- curve ------------------------------------------------------------------------------------------


def test_leaky_slope_changes_f_at_minus_one():
    at = run("leaky_relu", curve_x="-1.0")
    at.slider(key="curve_negative_slope").set_value(0.0).run()
    assert point(at)["f(x)"] == pytest.approx(0.0)
    assert point(at)["f'(x)"] == pytest.approx(0.0)
    at.slider(key="curve_negative_slope").set_value(0.2).run()
    assert point(at)["f(x)"] == pytest.approx(-0.2)
    assert point(at)["f'(x)"] == pytest.approx(0.2)
    assert "f(−1) = 0,2 · (−1) = −0,2 dla α = 0,2" in text(at)  # the Polish page: decimal commas
    left = min((r for r in rows(at, "curve_chart") if r.get("series") == "f(x)"), key=lambda r: r["x"])
    assert left["y"] == pytest.approx(0.2 * left["x"])


def test_point_slider_and_range_move_the_chart():
    at = run("sigmoid")
    at.slider(key="curve_x").set_value(2.0).run()
    assert point(at)["f(x)"] == pytest.approx(1 / (1 + math.exp(-2)))
    at.slider(key="curve_range").set_value((-2.0, 3.0)).run()
    xs = [r["x"] for r in rows(at, "curve_chart") if "name" in r]
    assert min(xs) == -2.0 and max(xs) == 3.0


def test_overlay_adds_curves_within_budget():
    at = run("tanh")
    assert {r["name"] for r in rows(at, "curve_chart") if "name" in r} == {"Tangens hiperboliczny"}
    at.multiselect(key="curve_overlay").set_value(["relu", "sigmoid", "gelu", "mish", "elu"]).run()
    data = rows(at, "curve_chart")
    assert {r["name"] for r in data if "name" in r} == {
        "Tangens hiperboliczny",
        "ReLU",
        "Sigmoida",
        "GELU",
        "Mish",
        "ELU",
    }
    relu = [r for r in data if r.get("name") == "ReLU" and r["series"] == "f(x)"]
    assert all(r["y"] == max(0.0, r["x"]) for r in relu)
    table = table_rows(at, "curve_table")
    assert [r[0] for r in table] == ["Tangens hiperboliczny", "ReLU", "Sigmoida", "GELU", "Mish", "ELU"]


def test_gelu_choice_parameter_is_a_select_box():
    at = run("gelu", curve_x="1.0")
    exact = point(at)["f(x)"]
    at.selectbox(key="curve_approximate").set_value("tanh").run()
    approx = point(at)["f(x)"]
    assert exact == pytest.approx(0.8413447, abs=1e-6)  # 1 * Phi(1)
    assert approx != exact and approx == pytest.approx(exact, abs=1e-3)


def test_url_sets_the_curve_state_and_bad_values_are_ignored():
    at = run("leaky_relu", curve_x="-1.0", curve_negative_slope="0.3")
    assert point(at)["f(x)"] == pytest.approx(-0.3)
    at = run("leaky_relu", curve_x="abc", curve_negative_slope="7", curve_range=["9", "-90"])
    assert point(at)["f(x)"] == pytest.approx(-0.015)  # defaults: x = -1.5, slope 0.01
    xs = [r["x"] for r in rows(at, "curve_chart") if "name" in r]
    assert (min(xs), max(xs)) == (-5.0, 5.0)


# --- softmax ----------------------------------------------------------------------------------------


def _probs(at: AppTest) -> list[float]:
    return [r["value"] for r in rows(at, "smax_chart")]


def test_softmax_logits_temperature_and_classes():
    at = run("softmax")
    z = [2.0, 1.0, 0.1]
    e = [math.exp(v) for v in z]
    assert _probs(at) == pytest.approx([v / sum(e) for v in e])
    at.slider(key="smax_temperature").set_value(5.0).run()
    hot = _probs(at)
    e = [math.exp(v / 5) for v in z]
    assert hot == pytest.approx([v / sum(e) for v in e])
    assert max(hot) < 0.5  # flatter
    at.slider(key="smax_n").set_value(5).run()
    assert len(_probs(at)) == 5
    at.slider(key="smax_z5").set_value(9.0).run()
    assert max(range(5), key=lambda i: _probs(at)[i]) == 4


def test_softmax_overflow_side_by_side():
    at = run("softmax")
    assert [w.value for w in at.warning] == ["Przepełnienie: w wyniku są ∞ lub NaN."]  # naive, at +800
    assert len(at.success) == 1  # the shifted one
    at.slider(key="smax_shift").set_value(0.0).run()
    assert not at.warning and len(at.success) == 2


# --- vanishing gradient -----------------------------------------------------------------------------


def test_sigmoid_depth_5_to_40_loses_three_orders_of_magnitude():
    at = run("sigmoid")
    at.slider(key="grad_depth").set_value(5).run()
    shallow = first_layer(at)["Sigmoida"]
    assert len([r for r in rows(at, "grad_chart") if r["kind"] == "grad"]) == 5
    at.slider(key="grad_depth").set_value(40).run()
    deep = first_layer(at)["Sigmoida"]
    assert deep < shallow / 1e3
    assert "warstwa 1" in text(at)


def test_gradient_controls_change_the_data():
    at = run("relu", grad_depth="30")
    base = first_layer(at)["ReLU"]
    at.select_slider(key="grad_width").set_value(128).run()
    wide = first_layer(at)["ReLU"]
    assert wide != base
    at.selectbox(key="grad_init").set_value("he").run()
    he = first_layer(at)["ReLU"]
    at.slider(key="grad_scale").set_value(0.5).run()
    small = first_layer(at)["ReLU"]
    assert small < he / 1e3  # He at half scale: each ReLU layer halves the signal, 2^-30 overall
    at.selectbox(key="grad_norm").set_value("batch").run()
    normed = first_layer(at)["ReLU"]
    assert normed > small * 1e3  # batch norm undoes the shrinking
    at.multiselect(key="grad_compare").set_value(["tanh"]).run()
    assert set(first_layer(at)) == {"ReLU", "Tangens hiperboliczny"}


def test_fraction_chart_and_url_bound_select_boxes():
    """Select boxes put their shown label in the URL (Streamlit serialises format_func's output), so a
    Polish link carries the Polish label; the app keeps ``lang`` in the URL too."""
    at = run("relu", grad_depth="10")
    default = rows(at, "grad_fraction_chart")
    assert len({r["kind"] for r in default}) == 2 and len(default) == 20
    assert all(0.0 <= r["value"] <= 1.0 for r in default)
    at = run("relu", grad_depth="10", grad_init="N(0, 1) bez skalowania", grad_scale="0.25")
    assert at.selectbox(key="grad_init").value == "normal"
    assert rows(at, "grad_fraction_chart") != default


def test_a_softmax_page_gets_demos_that_fit_softmax():
    from glossary.ui.demos import default_blocks

    names = [b.name for b in default_blocks("softmax")]
    assert names[0] == "softmax" and "gradient" not in names and "cnn" not in names
    at = run("softmax")
    assert rows(at, "smax_chart") and not [k for k in _widget_keys(at) if k.startswith(("grad_", "cnn_"))]


def test_a_block_can_ask_the_gradient_demo_for_any_hidden_activation():
    at = run_blocks(("gradient", {"activation": "tanh", "depth": 3}))
    assert set(first_layer(at)) == {"Tangens hiperboliczny"}


def test_gradient_url_values_out_of_range_are_ignored():
    at = run("tanh", grad_depth="500", grad_width="7", grad_init="bogus")
    assert len([r for r in rows(at, "grad_chart") if r["kind"] == "grad"]) == 20


# --- general page -----------------------------------------------------------------------------------


def test_all_activations_chart_and_table():
    at = run("general")
    names = {r["name"] for r in rows(at, "all_chart")}
    assert len(names) == 9  # every elementwise activation of the registry
    assert len(table_rows(at, "all_table")) == 11  # the table lists the whole registry
    at.radio(key="all_show").set_value("df").run()
    sig = [r for r in rows(at, "all_chart") if r["name"] == "Sigmoida"]
    assert max(r["y"] for r in sig) == pytest.approx(0.25, abs=1e-3)


def test_properties_table_shows_the_side_of_saturation_and_a_dash_where_monotonic_does_not_apply():
    from glossary.maths import activations

    for lang, both, left in (("pl", "z obu stron", "dla x → −∞"), ("en", "on both sides", "as x → −∞")):
        at = run("general", lang=lang)
        # columns: activation, output range, monotonic, zero-centred, saturates, smooth, f'(0), max|f'|
        by_name = dict(zip(activations.ACTIVATIONS, table_rows(at, "all_table"), strict=True))
        assert by_name["sigmoid"][4] == by_name["tanh"][4] == both
        assert by_name["relu"][4] == by_name["elu"][4] == left
        assert by_name["leaky_relu"][4] == ("nie" if lang == "pl" else "no")
        assert by_name["softmax"][2] == by_name["softmax"][4] == by_name["log_softmax"][2] == "—"


def test_every_activation_parameter_has_a_label_in_both_languages():
    from glossary.maths import activations
    from glossary.ui.i18n import STRINGS as TEXT

    for act in activations.ACTIVATIONS.values():
        for spec in act.params:
            pl, en = TEXT[f"param_{spec.name}"]
            assert pl.strip() and en.strip()


def _accuracies(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def _cells(data: list[dict]) -> dict[tuple[float, float], float]:
    return {(round(r["x"], 6), round(r["y"], 6)): r["p"] for r in data if "p" in r}


def test_xor_linear_cannot_pass_75_percent():
    at = run("general")
    linear, other = _accuracies(at)
    assert int(linear.rstrip("%")) <= 75 and other == "100%"
    grid = rows(at, "xor_act_chart")
    cells = _cells(grid)
    assert len(cells) == 1600
    at.selectbox(key="xor_act").set_value("tanh").run()
    assert _accuracies(at)[1] == "100%"
    assert {
        (round(r["x"], 6), round(r["y"], 6)): r["p"] for r in rows(at, "xor_act_chart") if "p" in r
    } != cells
    at.slider(key="xor_epochs").set_value(100).run()
    losses = rows(at, "xor_loss_chart")
    assert max(r["x"] for r in losses) == 100


def test_dead_relu_demo_sweeps():
    at = run("general")
    data = rows(at, "dead_chart")
    relu = {r["x"]: r["value"] for r in data if r["name"] == "ReLU"}
    leaky = {r["x"]: r["value"] for r in data if r["name"] == "Leaky ReLU"}
    assert relu[min(relu)] == 0.0 and relu[max(relu)] > 0.5 and max(leaky.values()) < 0.2
    at.radio(key="dead_sweep").set_value("bias_init").run()
    relu = {r["x"]: r["value"] for r in rows(at, "dead_chart") if r["name"] == "ReLU"}
    assert min(relu) == -4.0 and relu[-4.0] > 0.5
    at.slider(key="dead_slope").set_value(0.01).run()
    weak = {r["x"]: r["value"] for r in rows(at, "dead_chart") if r["name"] == "Leaky ReLU"}
    at.slider(key="dead_slope").set_value(0.3).run()
    strong = {r["x"]: r["value"] for r in rows(at, "dead_chart") if r["name"] == "Leaky ReLU"}
    assert strong[-4.0] < weak[-4.0]


def test_english_labels():
    from glossary.corpus.demos import DEMOS

    at = run("general", lang="en")
    assert DEMOS["xor"].title("en") in text(at)
    assert {r["name"] for r in rows(at, "dead_chart")} == {"ReLU", "Leaky ReLU"}


def test_an_unknown_activation_gets_no_demos_and_no_error():
    at = run("nope")
    assert not at.get("vega_lite_chart") and not at.error


# --- mini CNN ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cnn_models(tmp_path_factory) -> str:
    """ "" when the shipped models exist; else a folder with a tiny relu and tanh CNN (a few seconds)."""
    from glossary.cnn import model as cnn

    if {m.activation for m in cnn.available_models()} >= {"relu", "tanh"}:
        return ""
    folder = tmp_path_factory.mktemp("cnn")
    data, val = cnn.generate(200, 1), cnn.generate(60, 2)
    for name in ("relu", "tanh"):
        model, history = cnn.train(name, cnn.DEFAULT_VARIANT, data=data, val=val, epochs=2, progress=False)
        cnn.save_model(model, history, folder)
    return str(folder)


def _probs_of(at: AppTest) -> list[float]:
    return [r["value"] for r in rows(at, "cnn_probs_chart")]


def test_cnn_demo_controls(cnn_models):
    at = run("relu", models_dir=cnn_models)
    probs = _probs_of(at)
    assert len(probs) == 6 and sum(probs) == pytest.approx(1.0, abs=1e-4)
    top = max(range(6), key=probs.__getitem__)
    at.slider(key="cnn_temp").set_value(5.0).run()
    hot = _probs_of(at)
    assert max(hot) < max(probs) and max(range(6), key=hot.__getitem__) == top  # flatter, same order
    at.slider(key="cnn_temp").set_value(0.1).run()
    assert max(_probs_of(at)) > max(probs)  # sharper
    image = rows(at, "cnn_input_chart")
    assert len(image) == 900
    at.slider(key="cnn_rot").set_value(45).run()
    assert rows(at, "cnn_input_chart") != image
    at.selectbox(key="cnn_class").set_value(at.selectbox(key="cnn_class").options[3]).run()
    assert rows(at, "cnn_input_chart") != image
    at.multiselect(key="cnn_channels").set_value([5, 9]).run()
    pre, post = rows(at, "cnn_pre_5"), rows(at, "cnn_post_5")
    assert len(pre) == len(post) == 28 * 28
    assert any(a["v"] < 0 for a in pre)  # negatives exist before ReLU ...
    assert all(b["v"] == pytest.approx(max(a["v"], 0.0), abs=1e-5) for a, b in zip(pre, post, strict=True))
    assert rows(at, "cnn_pre_9")
    # one chart per activation, in columns that stack on a phone
    assert {r["name"] for r in rows(at, "cnn_training_relu")} == {"ReLU"}
    assert {r["name"] for r in rows(at, "cnn_training_tanh")} == {"Tangens hiperboliczny"}


def test_cnn_demo_uses_the_page_activation_or_says_it_falls_back(cnn_models):
    at = run("tanh", models_dir=cnn_models, cnn_channels=["2"])
    assert not any("pokazuję sieć z" in c.value for c in at.caption)  # tanh has a trained network
    pre, post = rows(at, "cnn_pre_2"), rows(at, "cnn_post_2")
    assert all(b["v"] == pytest.approx(math.tanh(a["v"]), abs=1e-4) for a, b in zip(pre, post, strict=True))
    at = run("gelu", models_dir=cnn_models)
    assert any("pokazuję sieć z ReLU" in c.value for c in at.caption)
    assert rows(at, "cnn_probs_chart")


def test_cnn_demo_offers_the_seed_layers_too():
    from glossary.cnn import model as cnn

    if {m.variant for m in cnn.available_models() if m.activation == "relu"} != set(cnn.VARIANTS):
        pytest.skip("needs the shipped seed and pooled relu models")
    at = run("relu")
    pooled = _probs_of(at)
    assert any("BatchNorm" in c.value for c in at.caption)
    (group,) = [g for g in at.button_group if g.key == "cnn_variant"]
    group.set_value("seed").run()
    assert any("Linear(32·28·28, 6)" in c.value for c in at.caption)
    seed = _probs_of(at)
    assert len(seed) == 6 and sum(seed) == pytest.approx(1.0, abs=1e-4)
    assert seed != pytest.approx(pooled, abs=1e-6)  # another network answered


def test_general_page_does_not_import_torch(tmp_path):
    script = tmp_path / "general.py"
    script.write_text("from glossary.ui.demos import show_general\nshow_general('pl')\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(script)!r}, default_timeout=120).run()\n"
        "assert not at.exception, at.exception\n"
        "assert at.get('vega_lite_chart'), 'no charts drawn'\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "False", out.stdout + out.stderr


def _prefixes() -> set[str]:
    from glossary.corpus.demos import DEMOS

    return {spec.key for spec in DEMOS.values()}


def _widget_keys(at: AppTest) -> list[str]:
    keys = []
    for node in _blocks(at._tree):
        proto = getattr(node, "proto", None)
        wid = getattr(proto, "id", "") if proto is not None and type(node).__name__ != "Block" else ""
        if wid.startswith("$$ID") and hasattr(proto, "form_id"):
            keys.append(wid.rsplit("-", 1)[-1])
    return keys


@pytest.mark.parametrize("page", ["leaky_relu", "softmax", "general"])
def test_every_control_has_its_demo_prefix(page, cnn_models):
    keys = _widget_keys(run(page, models_dir=cnn_models))
    assert len(keys) >= 6
    assert len(keys) == len(set(keys))
    assert {k.split("_", 1)[0] for k in keys} <= _prefixes(), keys
    assert "lang" not in keys  # the app's own parameter stays the app's

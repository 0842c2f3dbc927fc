"""Chart builders: what would be drawn, read back through ``chart.to_dict()``."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from glossary import charts
from glossary.charts import MAX_POINTS, chart_rows


def _marks(spec: dict) -> list[dict]:
    """Every unit spec (layer members and facet inner specs) with a mark."""
    found = []
    if "mark" in spec:
        found.append(spec)
    for key in ("layer", "hconcat", "vconcat"):
        for child in spec.get(key, []):
            found.extend(_marks(child))
    if isinstance(spec.get("spec"), dict):
        found.extend(_marks(spec["spec"]))
    return found


def test_curve_chart_carries_f_and_derivative_with_tooltip():
    x = np.array([-1.0, 0.0, 2.0])
    spec = charts.curve_chart(x, {"relu": (np.array([0.0, 0.0, 2.0]), np.array([0.0, 0.0, 1.0]))}).to_dict()
    rows = [r for r in chart_rows(spec) if "series" in r and "name" in r]
    f_rows = [r for r in rows if r["series"] == "f(x)"]
    df_rows = [r for r in rows if r["series"] == "f'(x)"]
    assert [r["y"] for r in f_rows] == [0.0, 0.0, 2.0]
    assert [r["y"] for r in df_rows] == [0.0, 0.0, 1.0]
    assert all(r["f"] == fr["y"] for r, fr in zip(df_rows, f_rows, strict=True))  # tooltip has both
    line = next(m for m in _marks(spec) if m["mark"]["type"] == "line")
    fields = {t["field"] for t in line["encoding"]["tooltip"]}
    assert {"x", "f", "df"} <= fields


def test_curve_chart_point_marks_the_readout():
    x = np.linspace(-2, 2, 5)
    spec = charts.curve_chart(x, {"a": (x * 2, np.full(5, 2.0))}, point=(0.5, 1.0, 2.0)).to_dict()
    points = [r for r in chart_rows(spec) if "name" not in r and "y" in r]
    assert sorted(r["y"] for r in points) == [1.0, 2.0]
    assert all(r["x"] == 0.5 for r in points)


def test_non_finite_values_become_null_not_invalid_json():
    x = np.array([0.0, 1.0])
    spec = charts.curve_chart(x, {"a": (np.array([np.inf, np.nan]), None)}).to_dict()
    text = json.dumps(spec, allow_nan=False)  # raises on NaN/inf
    assert '"y": null' in text


def test_budget_is_enforced():
    x = np.linspace(0, 1, MAX_POINTS)
    with pytest.raises(ValueError, match="MAX_POINTS"):
        charts.curve_chart(x, {"a": (x, x)})  # 2 rows per point


def test_bar_chart_highlights_one_bar_in_input_order():
    spec = charts.bar_chart(["a", "b", "c"], [0.2, 0.7, 0.1], highlight=1).to_dict()
    rows = chart_rows(spec)
    assert [r["label"] for r in rows] == ["a", "b", "c"]
    assert [r["top"] for r in rows] == [False, True, False]
    assert [r["value"] for r in rows] == [0.2, 0.7, 0.1]


def test_gradient_chart_is_log_scale_and_flags_zeros():
    spec = charts.gradient_chart(
        {"s": np.array([0.0, 1e-5, 1.0])}, {"b": np.array([1e-2, 1e-1, 1.0])}
    ).to_dict()
    rows = chart_rows(spec)
    grad = [r for r in rows if r["kind"] == "grad"]
    assert [r["layer"] for r in grad] == [1, 2, 3]
    assert grad[0]["zero"] and grad[0]["value"] == charts.LOG_FLOOR
    assert not grad[1]["zero"] and grad[1]["value"] == 1e-5
    assert len([r for r in rows if r["kind"] == "bound"]) == 3
    assert '"type": "log"' in json.dumps(spec)


def test_fraction_chart_rows_per_layer_and_kind():
    spec = charts.fraction_chart(
        {"relu": {"dead": np.array([0.0, 0.5]), "saturated": np.array([0.1, 0.2])}},
        kind_labels={"dead": "martwe"},
    ).to_dict()
    rows = chart_rows(spec)
    assert {(r["kind"], r["layer"], r["value"]) for r in rows} == {
        ("martwe", 1, 0.0), ("martwe", 2, 0.5), ("saturated", 1, 0.1), ("saturated", 2, 0.2),
    }  # fmt: skip


def test_sweep_chart_log_axis_and_free_y_domain():
    spec = charts.sweep_chart(np.array([0.1, 1.0]), {"a": np.array([0.0, 1.0])}, log_x=True).to_dict()
    enc = _marks(spec)[0]["encoding"]
    assert enc["x"]["scale"]["type"] == "log"
    assert enc["y"]["scale"]["domain"] == [0.0, 1.0]
    spec = charts.sweep_chart(np.array([1.0, 2.0]), {"a": np.array([5.0, 7.0])}, y_domain=None).to_dict()
    assert "domain" not in _marks(spec)[0]["encoding"]["y"].get("scale", {})


def test_heatmap_keeps_orientation_and_centres_the_diverging_scale():
    values = np.array([[-2.0, 1.0, 0.0], [0.5, 0.0, 3.0]])
    spec = charts.heatmap(values, diverging=True).to_dict()
    cells = {(r["row"], r["col"]): r for r in chart_rows(spec)}
    assert len(cells) == 6
    assert cells[(0, 0)]["v"] == -2.0 and cells[(0, 0)]["c"] == pytest.approx(-2 / 3)
    assert cells[(1, 2)]["v"] == 3.0 and cells[(1, 2)]["c"] == 1.0
    scale = _marks(spec)[0]["encoding"]["color"]["scale"]
    assert scale["domain"] == [-1, 1] and scale["domainMid"] == 0
    shared = {
        (r["row"], r["col"]): r["c"]
        for r in chart_rows(charts.heatmap(values, diverging=True, limit=4).to_dict())
    }
    assert shared[(1, 2)] == 0.75  # a common limit puts two maps on one colour scale
    with pytest.raises(ValueError):
        charts.heatmap(np.zeros(3))


def test_templates_are_built_once_per_layout():
    x = np.linspace(-1, 1, 5)
    a = charts.curve_chart(x, {"a": (x, x)}, point=(0.0, 0.0, 1.0))
    b = charts.curve_chart(x, {"a": (2 * x, x)}, point=(0.5, 1.0, 1.0))
    c = charts.curve_chart(x * 2, {"a": (x, x)}, point=(0.0, 0.0, 1.0))
    assert a.template is b.template  # only the numbers changed
    assert a.template is not c.template  # another x-range is another layout
    assert chart_rows(a.to_dict()) != chart_rows(b.to_dict())
    spec = a.spec()
    spec["layer"].clear()
    assert a.template["layer"]  # the cached template cannot be damaged through spec()


def test_rgb_image_chart_colours_each_pixel():
    img = np.zeros((3, 2, 2))
    img[0, 0, 0] = 1.0  # red top-left
    img[2, 1, 1] = 1.0  # blue bottom-right
    img[:, 0, 1] = 0.5
    rows = {(r["row"], r["col"]): r["color"] for r in chart_rows(charts.rgb_image_chart(img).to_dict())}
    assert rows == {(0, 0): "#ff0000", (0, 1): "#808080", (1, 0): "#000000", (1, 1): "#0000ff"}
    with pytest.raises(ValueError):
        charts.rgb_image_chart(np.zeros((2, 2)))


def test_decision_chart_has_grid_and_points():
    gx, gy = np.meshgrid(np.linspace(0, 1, 3), np.linspace(0, 1, 3))
    p = gx * 0.5 + gy * 0.25
    pts = np.array([[0.0, 0.0], [1.0, 1.0]])
    rows = chart_rows(charts.decision_chart(gx, gy, p, pts, np.array([0, 1])).to_dict())
    cells = [r for r in rows if "p" in r]
    dots = [r for r in rows if "label" in r]
    assert len(cells) == 9 and len(dots) == 2
    centre = next(c for c in cells if c["x"] == 0.5 and c["y"] == 0.5)
    assert centre["p"] == pytest.approx(0.375)
    assert centre["x0"] == pytest.approx(0.25) and centre["x1"] == pytest.approx(0.75)


def test_training_chart_uses_only_listed_metrics():
    histories = {
        "relu": {"train_loss": [1.0, 0.5], "val_acc": [0.5, 0.9], "epoch_seconds": [3, 3]},
        "tanh": {"train_loss": [1.2, 0.7, 0.4]},
    }
    metrics = {"train_loss": ("loss", "train"), "val_acc": ("accuracy", "validation")}
    spec = charts.training_chart(histories, metrics).to_dict()
    rows = chart_rows(spec)
    assert len(rows) == 7
    assert {r["quantity"] for r in rows} == {"loss", "accuracy"}
    assert [r["value"] for r in rows if r["name"] == "tanh"] == [1.2, 0.7, 0.4]
    assert spec["facet"]["column"]["field"] == "name"


# ---- every plain-dict template is valid Vega-Lite (the schema Altair ships, checked with jsonschema) ------

TEMPLATE_CASES = [
    ("_curve_template", ("f(x)", "f'(x)", (-5.0, 5.0), 320, True, True)),
    ("_curve_template", ("f(x)", "f′(x)", (-8.0, 8.0), 300, True, False)),
    ("_curve_template", ("f", "df", (-2.5, 3.0), 280, False, True)),
    ("_curve_template", ("f(x)", "f'(x)", (-5.0, 5.0), 320, False, False)),
    ("_bar_template", ("p", (0.0, 1.0), 220)),
    ("_bar_template", ("logit", None, 200)),
    ("_gradient_template", ("‖∂L/∂W‖", "warstwa", 320)),
    ("_fraction_template", ("layer", "fraction", 220)),
    ("_sweep_template", ("lr", "dead", True, (0.0, 1.0), 260)),
    ("_sweep_template", ("epoch", "loss", False, None, 240)),
    ("_heatmap_template", ("kernel", True, None, 150)),
    ("_heatmap_template", (None, False, "viridis", 120)),
    ("_heatmap_template", ("map", True, "purpleorange", 100)),
    ("_rgb_template", (180, None)),
    ("_rgb_template", (160, "input")),
    ("_decision_template", ((-0.5, 1.5), (-0.5, 1.5), 260, "ReLU")),
    ("_decision_template", ((-1.0, 2.0), (0.0, 1.0), 200, None)),
    ("_training_template", ("epoch", 170, 130)),
]


@functools.cache
def _vega_lite() -> jsonschema.protocols.Validator:
    """A validator for the Vega-Lite schema of the Altair version installed (Streamlit renders with it)."""
    import altair

    (path,) = Path(altair.__file__).parent.glob("vegalite/v*/schema/vega-lite-schema.json")
    schema = json.loads(path.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def _errors(spec: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in _vega_lite().iter_errors(spec)
    ]


def test_template_cases_cover_every_template():
    templates = {name for name in dir(charts) if name.startswith("_") and name.endswith("_template")}
    assert templates == {name for name, _ in TEMPLATE_CASES}


@pytest.mark.parametrize(
    ("name", "args"), TEMPLATE_CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(TEMPLATE_CASES)]
)
def test_template_is_valid_vega_lite(name: str, args: tuple):
    assert _errors(getattr(charts, name)(*args)) == []


def test_a_bad_mark_or_encoding_fails_the_schema():
    # the check above can fail: one wrong word in a template is caught
    spec = charts._bar_template("p", (0.0, 1.0), 220)
    assert _errors(spec) == []
    bad_mark = copy.deepcopy(spec)
    _marks(bad_mark)[0]["mark"]["type"] = "bars"
    assert _errors(bad_mark)
    bad_type = copy.deepcopy(spec)
    _marks(bad_type)[0]["encoding"]["x"]["type"] = "quantitive"
    assert _errors(bad_type)
    bad_channel = copy.deepcopy(spec)
    _marks(bad_channel)[0]["encoding"]["colour"] = {"field": "top", "type": "nominal"}
    assert _errors(bad_channel)


def test_every_builder_writes_valid_vega_lite_with_its_data():
    x = np.linspace(-1, 1, 5)
    gx, gy = np.meshgrid(np.linspace(0, 1, 3), np.linspace(0, 1, 3))
    built = [
        charts.curve_chart(x, {"a": (x, x)}, point=(0.0, 0.0, 1.0)),
        charts.bar_chart(["a", "b"], [0.2, 0.8], highlight=1),
        charts.gradient_chart({"s": np.array([0.0, 1e-5, 1.0])}, {"b": np.array([1e-2, 1e-1, 1.0])}),
        charts.fraction_chart({"relu": {"dead": np.array([0.0, 0.5])}}),
        charts.sweep_chart(np.array([0.1, 1.0]), {"a": np.array([0.0, 1.0])}, log_x=True),
        charts.heatmap(np.array([[-2.0, 1.0], [0.5, 0.0]]), diverging=True),
        charts.rgb_image_chart(np.zeros((3, 2, 2))),
        charts.decision_chart(gx, gy, gx * 0.5, np.array([[0.0, 0.0]]), np.array([1])),
        charts.training_chart({"relu": {"train_loss": [1.0, 0.5]}}, {"train_loss": ("loss", "train")}),
    ]
    for chart in built:
        assert _errors(chart.to_dict()) == []


def test_charts_need_neither_altair_nor_pandas():
    import subprocess
    import sys

    code = (
        "import sys, numpy as np; from glossary import charts;"
        "x = np.linspace(-1, 1, 5);"
        "c = charts.curve_chart(x, {'a': (x, np.ones(5))}, point=(0.0, 0.0, 1.0));"
        "c.spec(); c.to_dict();"
        "print(sorted(m for m in ('altair', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_spec_ships_each_dataset_as_arrow_with_nan_as_null():
    import pyarrow as pa

    x = np.array([-1.0, 0.0, 1.0])
    chart = charts.curve_chart(x, {"a": (np.array([0.0, np.inf, 1.0]), None)}, labels={"a": "A"})
    blob = chart.spec()["datasets"]["lines"]
    assert isinstance(blob, bytes)
    rows = pa.ipc.open_stream(blob).read_all().to_pylist()
    assert rows == chart_rows(chart.to_dict())
    assert rows[1]["y"] is None and rows[0]["name"] == "A"


def test_arrow_tables_round_trip_every_column_type():
    import pyarrow as pa

    chart = charts.bar_chart(["zero", "żółw"], [0.25, np.nan], highlight=0)  # str, float/NaN, bool, int
    blob = chart.spec()["datasets"]["bars"]
    table = pa.ipc.open_stream(blob).read_all()
    assert [str(t) for t in table.schema.types] == ["string", "double", "bool", "int64"]
    assert table.to_pylist() == chart_rows(chart.to_dict())
    assert table.to_pylist()[1] == {"label": "żółw", "value": None, "top": False, "order": 1}

"""Chart builders for the live demos: plain data in, chart out.

Each builder takes NumPy arrays or plain Python values (no Streamlit, no torch) and returns a
:class:`DemoChart`: a Vega-Lite spec (a plain dict) plus its data as named column tables. ``to_dict()``
gives the complete spec (data inline) for tests; the UI passes ``spec()`` to ``st.vega_lite_chart``,
with each table already serialised to Arrow, the form Streamlit ships chart data in.

Why plain dicts and not Altair or pandas at run time: importing both costs about a second of the app's
cold start, and building and validating an Altair chart ~40 ms of CPU per chart. The specs here are
what Altair wrote for the same charts; ``tests/test_charts.py`` keeps the Altair versions and checks
that every template equals its Altair twin, which Altair validates against the Vega-Lite schema. A
template depends only on the layout (titles, domains, sizes) and is built once per layout
(``functools.lru_cache``); a rerun only fills in new numbers.

Every chart stays at or under ``MAX_POINTS`` data rows: a builder given more raises ``ValueError``.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

MAX_POINTS = 2000
# A log axis cannot show 0: a zero gradient is drawn at this floor and flagged ``zero`` in the data.
LOG_FLOOR = 1e-300

Column = np.ndarray | list  # numbers and booleans as NumPy arrays, text as a list of str
Table = dict[str, Column]


@dataclass(frozen=True)
class DemoChart:
    """A cached Vega-Lite template and the tables (column name -> values) it names."""

    template: Mapping[str, Any]
    datasets: Mapping[str, Table]

    def spec(self) -> dict[str, Any]:
        """A fresh spec for ``st.vega_lite_chart``, each dataset as Arrow IPC bytes (Streamlit passes
        bytes through; given anything else it would convert through pandas)."""
        spec = copy.deepcopy(dict(self.template))
        spec["datasets"] = {name: _arrow(table) for name, table in self.datasets.items()}
        return spec

    def to_dict(self) -> dict[str, Any]:
        """The complete spec with the data inline as JSON-safe records (NaN -> None)."""
        spec = copy.deepcopy(dict(self.template))
        spec["datasets"] = {name: _records(table) for name, table in self.datasets.items()}
        return spec

    @property
    def n_rows(self) -> int:
        return sum(_length(table) for table in self.datasets.values())


def _length(table: Table) -> int:
    return len(next(iter(table.values()))) if table else 0


def _plain(values: Column) -> list[Any]:
    """Python values; NaN (a float that is not equal to itself) becomes None."""
    out = values.tolist() if isinstance(values, np.ndarray) else list(values)
    return [None if isinstance(v, float) and math.isnan(v) else v for v in out]


def _records(table: Table) -> list[dict[str, Any]]:
    columns = {name: _plain(values) for name, values in table.items()}
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _arrow(table: Table) -> bytes:
    """One Arrow IPC stream, as Streamlit writes a DataFrame's (NaN -> null: a gap in a line).

    NOTE: built from raw buffers because ``pyarrow.array`` imports pandas (~0.5 s of a cold start)
    to check whether its argument is a pandas object."""
    import pyarrow as pa  # a Streamlit dependency; imported when the first chart is sent

    columns = [_arrow_column(pa, values) for values in table.values()]
    batch = pa.RecordBatch.from_arrays(columns, names=list(table))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return sink.getvalue().to_pybytes()


def _bits(flags: np.ndarray) -> bytes:
    return np.packbits(flags, bitorder="little").tobytes()  # Arrow bitmaps: least significant bit first


def _arrow_column(pa: Any, values: Column) -> Any:
    """An Arrow array from a NumPy column (float -> float64 with NaN as null, int -> int64, bool) or a
    list of str (utf8)."""
    if isinstance(values, list):
        encoded = [str(v).encode() for v in values]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        buffers = [None, pa.py_buffer(offsets.tobytes()), pa.py_buffer(b"".join(encoded))]
        return pa.Array.from_buffers(pa.string(), len(encoded), buffers)
    n = len(values)
    if values.dtype == bool:
        return pa.Array.from_buffers(pa.bool_(), n, [None, pa.py_buffer(_bits(values))])
    if values.dtype.kind in "iu":
        return pa.Array.from_buffers(pa.int64(), n, [None, pa.py_buffer(values.astype(np.int64).tobytes())])
    floats = values.astype(np.float64)
    nan = np.isnan(floats)
    validity = pa.py_buffer(_bits(~nan)) if nan.any() else None
    buffers = [validity, pa.py_buffer(floats.tobytes())]
    return pa.Array.from_buffers(pa.float64(), n, buffers, null_count=int(nan.sum()))


def _table(**columns: Any) -> Table:
    """Columns of equal length; a scalar is repeated to the length of the array columns."""
    n = max((len(v) for v in columns.values() if not isinstance(v, str | int | float | bool)), default=1)
    out: Table = {}
    for name, value in columns.items():
        if isinstance(value, str):
            out[name] = [value] * n
        elif isinstance(value, bool | int | float):
            out[name] = np.full(n, value)
        elif isinstance(value, list):
            out[name] = value
        else:
            out[name] = np.asarray(value)
    return out


def _concat(tables: Sequence[Table]) -> Table:
    """Tables with the same columns, one after another."""
    if not tables:
        return {}
    out: Table = {}
    for name in tables[0]:
        parts = [t[name] for t in tables]
        if all(isinstance(p, np.ndarray) for p in parts):
            out[name] = np.concatenate(parts)
        else:
            out[name] = [v for p in parts for v in (p.tolist() if isinstance(p, np.ndarray) else p)]
    return out


def _make(template: Mapping[str, Any], **datasets: Table) -> DemoChart:
    chart = DemoChart(template, datasets)
    if chart.n_rows > MAX_POINTS:
        raise ValueError(f"{chart.n_rows} data rows > MAX_POINTS={MAX_POINTS}; sample fewer points")
    return chart


def _finite_or_nan(values: Any) -> np.ndarray:
    """float64 copy with ±inf replaced by NaN (drawn as gaps; null in JSON)."""
    v = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(v), v, np.nan)


def chart_rows(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every inline data row of a spec (``DemoChart.to_dict()`` or any Vega-Lite dict): top-level
    datasets, then ``data.values`` of the chart and of each layer/concat/facet member."""
    rows: list[dict[str, Any]] = []
    for values in spec.get("datasets", {}).values():
        if isinstance(values, list):
            rows.extend(values)
    data = spec.get("data")
    if isinstance(data, Mapping) and "values" in data:
        rows.extend(data["values"])
    for child_key in ("layer", "hconcat", "vconcat", "concat"):
        for child in spec.get(child_key, []):
            rows.extend(chart_rows(child))
    if isinstance(spec.get("spec"), Mapping):  # a facet's inner chart
        rows.extend(chart_rows(spec["spec"]))
    return rows


# --- Vega-Lite pieces ------------------------------------------------------------------------------------

QUANT, NOM, ORD = "quantitative", "nominal", "ordinal"


def _field(name: str, kind: str, **options: Any) -> dict[str, Any]:
    """An encoding channel: ``{"field": name, "type": kind, ...options}`` (None values kept: null)."""
    return {"field": name, "type": kind, **options}


def _named(name: str) -> dict[str, str]:
    return {"name": name}


def _name_colour(legend: dict[str, Any]) -> dict[str, Any]:
    """One colour per activation, in the order given (the page's activation first gets the first,
    strongest colour), from a palette whose neighbours are easy to tell apart."""
    return _field("name", NOM, legend=legend, scale={"scheme": "tableau10"}, sort=None, title=None)


def _fixed_size(spec: dict[str, Any], title: str | None) -> dict[str, Any]:
    """Pixels stay square: "pad" stops Streamlit's default "fit" from squeezing the grid."""
    spec["autosize"] = {"type": "pad"}
    if title:
        spec["title"] = title
    return spec


# --- f and f' ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def _curve_template(
    f_label: str, df_label: str, domain: tuple[float, float], height: int, with_point: bool, with_df: bool
) -> dict[str, Any]:
    dash_legend = (
        {"orient": "top", "symbolStrokeColor": "gray", "symbolStrokeWidth": 2, "symbolType": "stroke"}
        if with_df
        else None
    )
    lines = {
        "mark": {"type": "line", "clip": True},
        "encoding": {
            "color": _name_colour({"columns": 6, "labelLimit": 0, "orient": "top"}),
            "strokeDash": _field(
                "series",
                NOM,
                legend=dash_legend,
                scale={"domain": [f_label, df_label], "range": [[1, 0], [5, 4]]},
                title=None,
            ),
            "tooltip": [
                _field("name", NOM, title=" "),
                _field("x", QUANT, format=".3f"),
                _field("f", QUANT, format=".4g", title=f_label),
                _field("df", QUANT, format=".4g", title=df_label),
            ],
            "x": _field("x", QUANT, scale={"domain": list(domain), "nice": False}, title="x"),
            "y": _field("y", QUANT, title=None),
        },
        "name": "view_curve",
    }
    zoom = [
        {
            "name": "param_zoom",
            "select": {"type": "interval", "encodings": ["x"]},
            "bind": "scales",
            "views": ["view_curve"],
        }
    ]
    if not with_point:
        return {"layer": [lines], "data": _named("lines"), "height": height, "params": zoom}
    dot = {
        "data": _named("point"),
        "mark": {"type": "point", "clip": True, "color": "black", "filled": True, "size": 80},
        "encoding": {
            "tooltip": [_field("series", NOM, title=" "), _field("x", QUANT), _field("y", QUANT)],
            "x": _field("x", QUANT),
            "y": _field("y", QUANT),
        },
    }
    rule = {
        "data": _named("point"),
        "mark": {"type": "rule", "clip": True, "color": "gray", "strokeDash": [2, 2]},
        "encoding": {"x": _field("x", QUANT)},
    }
    return {"layer": [{"data": _named("lines"), **lines}, dot, rule], "height": height, "params": zoom}


def curve_chart(
    x: np.ndarray,
    curves: Mapping[str, tuple[np.ndarray, np.ndarray | None]],
    *,
    labels: Mapping[str, str] | None = None,
    point: tuple[float, float, float | None] | None = None,
    f_label: str = "f(x)",
    df_label: str = "f'(x)",
    height: int = 320,
) -> DemoChart:
    """f and f' of one or more activations over ``x``; f solid, f' dashed; tooltip x, f(x), f'(x).

    ``curves`` maps a name to ``(f, df)`` sampled on ``x`` (``df`` may be None: no derivative line).
    ``point`` marks ``(x, f, df)`` with dots and a vertical rule (the demo's point slider).
    """
    labels = labels or {}
    x = np.asarray(x, dtype=np.float64)
    parts = []
    for name, (f, df) in curves.items():
        f = _finite_or_nan(f)
        d = np.full_like(x, np.nan) if df is None else _finite_or_nan(df)
        label = labels.get(name, name)
        for series, y in ((f_label, f), *(() if df is None else ((df_label, d),))):
            parts.append(_table(x=x, name=label, f=f, df=d, series=series, y=y))
    datasets = {"lines": _concat(parts)}
    if point is not None:
        px, pf, pdf = point
        marks = [(f_label, pf)] + ([] if pdf is None else [(df_label, pdf)])
        datasets["point"] = _table(
            x=np.full(len(marks), float(px)),
            y=_finite_or_nan([v for _, v in marks]),
            series=[s for s, _ in marks],
        )
    domain = (float(x[0]), float(x[-1]))
    with_df = any(df is not None for _, df in curves.values())
    return _make(_curve_template(f_label, df_label, domain, height, point is not None, with_df), **datasets)


# --- bars ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _bar_template(value_title: str, domain: tuple[float, float] | None, height: int) -> dict[str, Any]:
    x = _field("value", QUANT, title=value_title)
    if domain is not None:
        x = _field("value", QUANT, scale={"domain": list(domain)}, title=value_title)
    return {
        "data": _named("bars"),
        "mark": {"type": "bar"},
        "encoding": {
            "color": _field(
                "top", NOM, legend=None, scale={"domain": [False, True], "range": ["#9ecae1", "#08519c"]}
            ),
            "tooltip": [
                _field("label", NOM, title=" "),
                _field("value", QUANT, format=".4f", title=value_title),
            ],
            "x": x,
            "y": _field("label", NOM, sort={"field": "order"}, title=None),
        },
        "height": height,
    }


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float] | np.ndarray,
    *,
    value_title: str = "p",
    highlight: int | None = None,
    domain: tuple[float, float] | None = (0.0, 1.0),
    height: int = 220,
) -> DemoChart:
    """Horizontal bars in input order (class probabilities); ``highlight`` is drawn darker."""
    values = _finite_or_nan(values)
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels for {len(values)} values")
    data = _table(
        label=[str(label) for label in labels],
        value=values,
        top=np.arange(len(values)) == (-1 if highlight is None else highlight),
        order=np.arange(len(values)),
    )
    return _make(_bar_template(value_title, None if domain is None else tuple(domain), height), bars=data)


# --- per-layer lines ----------------------------------------------------------------------------------


def _layer_axis(title: str) -> dict[str, Any]:
    return _field("layer", QUANT, axis={"tickMinStep": 1}, title=title)


@functools.lru_cache(maxsize=64)
def _gradient_template(y_title: str, x_title: str, height: int) -> dict[str, Any]:
    def encoding() -> dict[str, Any]:
        return {
            "color": _name_colour({"labelLimit": 0, "orient": "top"}),
            "tooltip": [
                _field("name", NOM, title=" "),
                _field("layer", QUANT),
                _field("value", QUANT, format=".3e"),
                _field("zero", NOM),
            ],
            "x": _layer_axis(x_title),
            "y": _field("value", QUANT, scale={"type": "log"}, title=y_title),
        }

    grad = {
        "mark": {"type": "line", "point": True},
        "encoding": encoding(),
        "transform": [{"filter": "(datum.kind === 'grad')"}],
    }
    bound = {
        "mark": {"type": "line", "opacity": 0.7, "strokeDash": [2, 3]},
        "encoding": encoding(),
        "transform": [{"filter": "(datum.kind === 'bound')"}],
    }
    return {"layer": [grad, bound], "data": _named("grad"), "height": height}


def gradient_chart(
    series: Mapping[str, np.ndarray],
    bounds: Mapping[str, np.ndarray] | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    y_title: str = "‖∂L/∂W‖",
    x_title: str = "layer",
    height: int = 320,
) -> DemoChart:
    """Per-layer gradient norm on a log scale (layer 1 = input side), one line per activation;
    ``bounds`` (optional) are drawn dotted. Zeros sit at ``LOG_FLOOR`` with ``zero=True``."""
    labels = labels or {}
    parts = []
    for kind, source in (("grad", series), ("bound", bounds or {})):
        for name, values in source.items():
            v = _finite_or_nan(values)
            zero = ~(v > 0)
            parts.append(
                _table(
                    layer=np.arange(1, v.size + 1),
                    name=labels.get(name, name),
                    kind=kind,
                    value=np.where(zero, LOG_FLOOR, v),
                    zero=zero,
                )
            )
    return _make(_gradient_template(y_title, x_title, height), grad=_concat(parts))


@functools.lru_cache(maxsize=64)
def _fraction_template(x_title: str, y_title: str, height: int) -> dict[str, Any]:
    dash_legend = {
        "labelLimit": 0,
        "orient": "top",
        "symbolFillColor": "gray",
        "symbolStrokeColor": "gray",
        "symbolStrokeWidth": 2,
        "symbolType": "stroke",
    }
    return {
        "data": _named("fractions"),
        "mark": {"type": "line", "point": {"filled": True, "size": 25}},
        "encoding": {
            "color": _name_colour({"orient": "top"}),
            "strokeDash": _field("kind", NOM, legend=dash_legend, title=None),
            "tooltip": [
                _field("name", NOM),
                _field("kind", NOM),
                _field("layer", QUANT),
                _field("value", QUANT, format=".2%"),
            ],
            "x": _layer_axis(x_title),
            "y": _field("value", QUANT, scale={"domain": [0, 1]}, title=y_title),
        },
        "height": height,
    }


def fraction_chart(
    series: Mapping[str, Mapping[str, np.ndarray]],
    *,
    labels: Mapping[str, str] | None = None,
    kind_labels: Mapping[str, str] | None = None,
    x_title: str = "layer",
    y_title: str = "fraction",
    height: int = 220,
) -> DemoChart:
    """Fractions in [0, 1] per layer: ``series[name][kind]`` (kind e.g. "saturated", "dead")."""
    labels = labels or {}
    kind_labels = kind_labels or {}
    parts = [
        _table(
            layer=np.arange(1, len(values) + 1),
            name=labels.get(name, name),
            kind=kind_labels.get(kind, kind),
            value=_finite_or_nan(values),
        )
        for name, kinds in series.items()
        for kind, values in kinds.items()
    ]
    return _make(_fraction_template(x_title, y_title, height), fractions=_concat(parts))


@functools.lru_cache(maxsize=64)
def _sweep_template(
    x_title: str, y_title: str, log_x: bool, y_domain: tuple[float, float] | None, height: int
) -> dict[str, Any]:
    y = _field("value", QUANT, title=y_title)
    if y_domain:
        y = _field("value", QUANT, scale={"domain": list(y_domain)}, title=y_title)
    return {
        "data": _named("sweep"),
        "mark": {"type": "line", "point": True},
        "encoding": {
            "color": _name_colour({"orient": "top"}),
            "tooltip": [
                _field("name", NOM),
                _field("x", QUANT, format=".3g"),
                _field("value", QUANT, format=".3g"),
            ],
            "x": _field("x", QUANT, scale={"type": "log" if log_x else "linear"}, title=x_title),
            "y": y,
        },
        "height": height,
    }


def sweep_chart(
    xs: np.ndarray,
    series: Mapping[str, np.ndarray],
    *,
    labels: Mapping[str, str] | None = None,
    x_title: str = "x",
    y_title: str = "fraction",
    log_x: bool = False,
    y_domain: tuple[float, float] | None = (0.0, 1.0),
    height: int = 260,
) -> DemoChart:
    """One line per name against a swept setting (dead-unit fraction vs lr, loss vs epoch);
    ``y_domain=None`` lets the axis follow the data."""
    labels = labels or {}
    xs = np.asarray(xs, dtype=np.float64)
    parts = []
    for name, values in series.items():
        v = _finite_or_nan(values)
        if v.shape != xs.shape:
            raise ValueError(f"{name}: {v.size} values for {xs.size} x positions")
        parts.append(_table(x=xs, name=labels.get(name, name), value=v))
    template = _sweep_template(x_title, y_title, log_x, None if y_domain is None else tuple(y_domain), height)
    return _make(template, sweep=_concat(parts))


# --- images ---------------------------------------------------------------------------------------------


def _cell_axes() -> dict[str, Any]:
    return {"x": _field("col", ORD, axis=None), "y": _field("row", ORD, axis=None)}


@functools.lru_cache(maxsize=64)
def _heatmap_template(title: str | None, diverging: bool, scheme: str | None, size: int) -> dict[str, Any]:
    if diverging:
        # colour from c = v / max|v| on a fixed [-1, 1] domain: the template stays the same for every
        # image, 0 is always white, and the tooltip still shows the real value v
        scale = {"domain": [-1, 1], "domainMid": 0, "reverse": True, "scheme": scheme or "redblue"}
    else:
        scale = {"scheme": scheme or "greys"}
    spec = {
        "data": _named("cells"),
        "mark": {"type": "rect"},
        "encoding": {
            "color": _field("c", QUANT, legend=None, scale=scale),
            "tooltip": [_field("row", ORD), _field("col", ORD), _field("v", QUANT, format=".3f")],
            **_cell_axes(),
        },
        "height": size,
        "width": size,
    }
    return _fixed_size(spec, title)


def heatmap(
    values: np.ndarray,
    *,
    title: str | None = None,
    diverging: bool = False,
    limit: float | None = None,
    scheme: str | None = None,
    size: int = 150,
) -> DemoChart:
    """A 2-D array as cells (row 0 at the top). ``diverging``: blue < 0 (white) < red, scaled by
    ``limit`` (default max|v|), so negative values stay visible next to positive ones; two maps given
    the same ``limit`` share one colour scale."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"heatmap needs a 2-D array, got shape {values.shape}")
    v = _finite_or_nan(values)
    if diverging:
        lim = float(np.nanmax(np.abs(v))) if limit is None else float(limit)
        c = np.clip(v / (lim if lim > 0 else 1.0), -1.0, 1.0)
    else:
        c = v
    r, col = np.indices(values.shape)
    data = _table(row=r.ravel(), col=col.ravel(), v=v.ravel(), c=c.ravel())
    return _make(_heatmap_template(title, diverging, scheme, size), cells=data)


@functools.lru_cache(maxsize=16)
def _rgb_template(size: int, title: str | None) -> dict[str, Any]:
    spec = {
        "data": _named("pixels"),
        "mark": {"type": "rect"},
        "encoding": {
            "color": _field("color", NOM, scale=None),
            "tooltip": [_field("row", ORD), _field("col", ORD), _field("color", NOM)],
            **_cell_axes(),
        },
        "height": size,
        "width": size,
    }
    return _fixed_size(spec, title)


def rgb_image_chart(image: np.ndarray, *, size: int = 180, title: str | None = None) -> DemoChart:
    """A ``(3, H, W)`` image in [0, 1] drawn cell by cell in its own colours (the CNN's input)."""
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 3 or image.shape[0] != 3:
        raise ValueError(f"rgb_image_chart needs (3, H, W), got {image.shape}")
    rgb = np.rint(np.clip(np.nan_to_num(image), 0.0, 1.0) * 255).astype(int).reshape(3, -1)
    r, col = np.indices(image.shape[1:])
    colours = [f"#{a:02x}{b:02x}{c:02x}" for a, b, c in rgb.T]
    data = _table(row=r.ravel(), col=col.ravel(), color=colours)
    return _make(_rgb_template(size, title), pixels=data)


@functools.lru_cache(maxsize=16)
def _decision_template(
    extent_x: tuple[float, float], extent_y: tuple[float, float], size: int, title: str | None
) -> dict[str, Any]:
    x_scale = {"domain": list(extent_x), "nice": False}
    y_scale = {"domain": list(extent_y), "nice": False}
    cells = {
        "data": _named("grid"),
        "mark": {"type": "rect", "opacity": 0.85},
        "encoding": {
            "color": _field(
                "p", QUANT, scale={"domain": [0, 1], "domainMid": 0.5, "scheme": "blueorange"}, title="p(1)"
            ),
            "tooltip": [
                _field("x", QUANT, format=".2f"),
                _field("y", QUANT, format=".2f"),
                _field("p", QUANT, format=".3f"),
            ],
            "x": _field("x0", QUANT, scale=x_scale, title="x₁"),
            "x2": {"field": "x1"},
            "y": _field("y0", QUANT, scale=y_scale, title="x₂"),
            "y2": {"field": "y1"},
        },
    }
    dots = {
        "data": _named("points"),
        "mark": {"type": "point", "filled": True, "size": 220, "stroke": "black", "strokeWidth": 1.5},
        "encoding": {
            "fill": _field(
                "label", NOM, legend=None, scale={"domain": [0, 1], "range": ["#2166ac", "#e66101"]}
            ),
            "shape": _field(
                "label", NOM, scale={"domain": [0, 1], "range": ["circle", "square"]}, title=None
            ),
            "tooltip": [_field("x", QUANT), _field("y", QUANT), _field("label", NOM)],
            "x": _field("x", QUANT, scale=x_scale),
            "y": _field("y", QUANT, scale=y_scale),
        },
    }
    return _fixed_size({"layer": [cells, dots], "height": size, "width": size}, title)


def decision_chart(
    grid_x: np.ndarray,
    grid_y: np.ndarray,
    prob: np.ndarray,
    points: np.ndarray,
    labels: np.ndarray,
    *,
    title: str | None = None,
    size: int = 260,
) -> DemoChart:
    """A 2-D classifier: p(class 1) on a regular grid as colour (white at the 0.5 boundary) and the
    training points on top (circle = class 0, square = class 1)."""
    gx, gy, p = (np.asarray(a, dtype=np.float64).ravel() for a in (grid_x, grid_y, prob))
    ux, uy = np.unique(gx), np.unique(gy)
    half_x = (ux[-1] - ux[0]) / max(len(ux) - 1, 1) / 2
    half_y = (uy[-1] - uy[0]) / max(len(uy) - 1, 1) / 2
    grid = _table(
        x=gx, y=gy, x0=gx - half_x, x1=gx + half_x, y0=gy - half_y, y1=gy + half_y, p=_finite_or_nan(p)
    )
    pts = np.asarray(points, dtype=np.float64)
    dots = _table(x=pts[:, 0], y=pts[:, 1], label=np.asarray(labels).astype(int))
    extent_x = (float(ux[0] - half_x), float(ux[-1] + half_x))
    extent_y = (float(uy[0] - half_y), float(uy[-1] + half_y))
    return _make(_decision_template(extent_x, extent_y, size, title), grid=grid, points=dots)


@functools.lru_cache(maxsize=16)
def _training_template(x_title: str, width: int, height: int) -> dict[str, Any]:
    inner = {
        "mark": {"type": "line", "point": True},
        "encoding": {
            "color": _field("split", NOM, legend={"orient": "top"}, title=None),
            "tooltip": [
                _field("name", NOM),
                _field("quantity", NOM),
                _field("split", NOM),
                _field("epoch", QUANT),
                _field("value", QUANT, format=".3f"),
            ],
            "x": _field("epoch", QUANT, axis={"tickMinStep": 1}, title=x_title),
            "y": _field("value", QUANT, title=None),
        },
        "height": height,
        "width": width,
    }
    return {
        "data": _named("history"),
        "facet": {"column": _field("name", NOM, title=None), "row": _field("quantity", NOM, title=None)},
        "spec": inner,
        "resolve": {"scale": {"y": "independent"}},
    }


def training_chart(
    histories: Mapping[str, Mapping[str, Sequence[float]]],
    metrics: Mapping[str, tuple[str, str]],
    *,
    labels: Mapping[str, str] | None = None,
    x_title: str = "epoch",
    height: int = 130,
    width: int = 170,
) -> DemoChart:
    """Training curves side by side: one column per hidden activation, one row per quantity.

    ``histories[name][metric]`` is a per-epoch sequence; ``metrics[metric] = (quantity, split)``
    places it, e.g. ``{"train_loss": ("loss", "train"), "val_acc": ("accuracy", "validation")}``;
    metrics not listed are ignored (a history also holds timings and per-batch losses).
    """
    labels = labels or {}
    parts = [
        _table(
            epoch=np.arange(1, len(history[metric]) + 1),
            name=labels.get(name, name),
            quantity=metrics[metric][0],
            split=metrics[metric][1],
            value=_finite_or_nan(history[metric]),
        )
        for name, history in histories.items()
        for metric in metrics
        if metric in history
    ]
    return _make(_training_template(x_title, width, height), history=_concat(parts))


# --- the teaching demos (neuron) ------------------------------------------------------------------------


def plane_chart(
    grid_x: np.ndarray,
    grid_y: np.ndarray,
    values: np.ndarray,
    point: tuple[float, float],
    *,
    domain: tuple[float, float],
    mid: float,
    value_title: str = "y",
    title: str | None = None,
    size: int = 260,
) -> DemoChart:
    """Any function of two inputs over a regular grid, drawn like :func:`decision_chart` (same template,
    one marked input point), with the colour scale on ``domain`` and white at ``mid`` instead of
    p(1) on [0, 1]: the output of one neuron whatever its activation's range.

    NOTE: only the values of keys the decision template already has change (colour domain, its middle,
    the legend title), so the spec stays what Altair validated for that template."""
    base = decision_chart(
        grid_x, grid_y, values, np.array([point], dtype=np.float64), np.array([0]), size=size
    )
    template = copy.deepcopy(dict(base.template))
    colour = template["layer"][0]["encoding"]["color"]
    lo, hi = float(domain[0]), float(domain[1])
    if not lo < hi:
        lo, hi = lo - 1.0, hi + 1.0
    colour["scale"]["domain"] = [lo, hi]
    colour["scale"]["domainMid"] = float(min(max(mid, lo), hi))
    colour["title"] = value_title
    if title:
        template["title"] = title
    return _make(template, **base.datasets)

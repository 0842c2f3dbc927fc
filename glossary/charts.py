"""Chart builders for the live demos: plain data in, chart out.

Each builder takes NumPy arrays or plain Python values (no Streamlit, no torch) and returns a
:class:`DemoChart`: a Vega-Lite spec written with Altair plus its data as DataFrames. ``to_dict()``
gives the complete spec (data inline) for tests; the UI passes ``spec()`` to ``st.vega_lite_chart``.

Why not hand Streamlit the Altair object: building an Altair chart and validating it against the
Vega-Lite schema costs ~40 ms of CPU per chart, on every rerun, for a spec whose *shape* never changes
when a slider moves. Here the shape is built and validated by Altair once per distinct layout
(``functools.lru_cache``) with named datasets, and a rerun only fills in new numbers.

Every chart stays at or under ``MAX_POINTS`` data rows: a builder given more raises ``ValueError``.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

MAX_POINTS = 2000
# A log axis cannot show 0: a zero gradient is drawn at this floor and flagged ``zero`` in the data.
LOG_FLOOR = 1e-300


@dataclass(frozen=True)
class DemoChart:
    """A cached, validated Vega-Lite template and the datasets it names."""

    template: Mapping[str, Any]
    datasets: Mapping[str, pd.DataFrame]

    def spec(self) -> dict[str, Any]:
        """A fresh spec for ``st.vega_lite_chart`` (Streamlit ships the DataFrames as Arrow)."""
        spec = copy.deepcopy(dict(self.template))
        spec["datasets"] = dict(self.datasets)
        return spec

    def to_dict(self) -> dict[str, Any]:
        """The complete spec with the data inline as JSON-safe records (NaN -> None)."""
        spec = copy.deepcopy(dict(self.template))
        spec["datasets"] = {name: _records(df) for name, df in self.datasets.items()}
        return spec

    @property
    def n_rows(self) -> int:
        return sum(len(df) for df in self.datasets.values())


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return df.astype(object).where(df.notna(), None).to_dict("records")


def _make(template: Mapping[str, Any], **datasets: pd.DataFrame) -> DemoChart:
    chart = DemoChart(template, datasets)
    if chart.n_rows > MAX_POINTS:
        raise ValueError(f"{chart.n_rows} data rows > MAX_POINTS={MAX_POINTS}; sample fewer points")
    return chart


def _template(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """Validate once; drop Altair's default-theme config (Streamlit applies its own theme)."""
    spec = chart.to_dict()
    spec.pop("config", None)
    return spec


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


def _named(name: str) -> alt.NamedData:
    return alt.NamedData(name=name)


def _name_colour(legend: alt.Legend) -> alt.Color:
    """One colour per activation, in the order given (the page's activation first gets the first,
    strongest colour), from a palette whose neighbours are easy to tell apart."""
    return alt.Color("name:N", title=None, sort=None, scale=alt.Scale(scheme="tableau10"), legend=legend)


# --- f and f' ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def _curve_template(
    f_label: str, df_label: str, domain: tuple[float, float], height: int, with_point: bool, with_df: bool
) -> dict[str, Any]:
    lines = (
        alt.Chart(_named("lines"))
        .mark_line(clip=True)
        .encode(
            x=alt.X("x:Q", title="x", scale=alt.Scale(domain=list(domain), nice=False)),
            y=alt.Y("y:Q", title=None),
            color=_name_colour(alt.Legend(orient="top", labelLimit=0, columns=6)),
            strokeDash=alt.StrokeDash(
                "series:N",
                title=None,
                scale=alt.Scale(domain=[f_label, df_label], range=[[1, 0], [5, 4]]),
                legend=alt.Legend(
                    orient="top", symbolType="stroke", symbolStrokeColor="gray", symbolStrokeWidth=2
                )
                if with_df
                else None,
            ),
            tooltip=[
                alt.Tooltip("name:N", title=" "),
                alt.Tooltip("x:Q", format=".3f"),
                alt.Tooltip("f:Q", title=f_label, format=".4g"),
                alt.Tooltip("df:Q", title=df_label, format=".4g"),
            ],
        )
    )
    layers: list[alt.Chart] = [lines]
    if with_point:
        layers.append(
            alt.Chart(_named("point"))
            .mark_point(filled=True, size=80, color="black", clip=True)
            .encode(x="x:Q", y="y:Q", tooltip=[alt.Tooltip("series:N", title=" "), "x:Q", "y:Q"])
        )
        layers.append(
            alt.Chart(_named("point")).mark_rule(strokeDash=[2, 2], color="gray", clip=True).encode(x="x:Q")
        )
    return _template(alt.layer(*layers).properties(height=height).interactive(bind_y=False))


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
            parts.append(pd.DataFrame({"x": x, "name": label, "f": f, "df": d, "series": series, "y": y}))
    datasets = {"lines": pd.concat(parts, ignore_index=True)}
    if point is not None:
        px, pf, pdf = point
        marks = [(f_label, pf)] + ([] if pdf is None else [(df_label, pdf)])
        datasets["point"] = pd.DataFrame(
            {"x": float(px), "y": _finite_or_nan([v for _, v in marks]), "series": [s for s, _ in marks]}
        )
    domain = (float(x[0]), float(x[-1]))
    with_df = any(df is not None for _, df in curves.values())
    return _make(_curve_template(f_label, df_label, domain, height, point is not None, with_df), **datasets)


# --- bars ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _bar_template(value_title: str, domain: tuple[float, float] | None, height: int) -> dict[str, Any]:
    scale = alt.Scale(domain=list(domain)) if domain is not None else alt.Undefined
    chart = (
        alt.Chart(_named("bars"))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=alt.SortField("order")),
            x=alt.X("value:Q", title=value_title, scale=scale),
            color=alt.Color(
                "top:N", legend=None, scale=alt.Scale(domain=[False, True], range=["#9ecae1", "#08519c"])
            ),
            tooltip=[
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip("value:Q", title=value_title, format=".4f"),
            ],
        )
        .properties(height=height)
    )
    return _template(chart)


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
    data = pd.DataFrame(
        {
            "label": [str(label) for label in labels],
            "value": values,
            "top": [i == highlight for i in range(len(values))],
            "order": np.arange(len(values)),
        }
    )
    return _make(_bar_template(value_title, None if domain is None else tuple(domain), height), bars=data)


# --- per-layer lines ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _gradient_template(y_title: str, x_title: str, height: int) -> dict[str, Any]:
    base = alt.Chart(_named("grad")).encode(
        x=alt.X("layer:Q", title=x_title, axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(type="log")),
        color=_name_colour(alt.Legend(orient="top", labelLimit=0)),
        tooltip=[
            alt.Tooltip("name:N", title=" "),
            alt.Tooltip("layer:Q"),
            alt.Tooltip("value:Q", format=".3e"),
            alt.Tooltip("zero:N"),
        ],
    )
    grad = base.transform_filter(alt.datum.kind == "grad").mark_line(point=True)
    bound = base.transform_filter(alt.datum.kind == "bound").mark_line(strokeDash=[2, 3], opacity=0.7)
    return _template(alt.layer(grad, bound).properties(height=height))


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
                pd.DataFrame(
                    {
                        "layer": np.arange(1, v.size + 1),
                        "name": labels.get(name, name),
                        "kind": kind,
                        "value": np.where(zero, LOG_FLOOR, v),
                        "zero": zero,
                    }
                )
            )
    return _make(_gradient_template(y_title, x_title, height), grad=pd.concat(parts, ignore_index=True))


@functools.lru_cache(maxsize=64)
def _fraction_template(x_title: str, y_title: str, height: int) -> dict[str, Any]:
    chart = (
        alt.Chart(_named("fractions"))
        .mark_line(point=alt.OverlayMarkDef(filled=True, size=25))
        .encode(
            x=alt.X("layer:Q", title=x_title, axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("value:Q", title=y_title, scale=alt.Scale(domain=[0, 1])),
            color=_name_colour(alt.Legend(orient="top")),
            strokeDash=alt.StrokeDash(
                "kind:N",
                title=None,
                legend=alt.Legend(
                    orient="top",
                    symbolType="stroke",
                    symbolStrokeColor="gray",
                    symbolStrokeWidth=2,
                    symbolFillColor="gray",
                    symbolDash=alt.Undefined,
                    labelLimit=0,
                ),
            ),
            tooltip=["name:N", "kind:N", "layer:Q", alt.Tooltip("value:Q", format=".2%")],
        )
        .properties(height=height)
    )
    return _template(chart)


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
        pd.DataFrame(
            {
                "layer": np.arange(1, len(values) + 1),
                "name": labels.get(name, name),
                "kind": kind_labels.get(kind, kind),
                "value": _finite_or_nan(values),
            }
        )
        for name, kinds in series.items()
        for kind, values in kinds.items()
    ]
    return _make(_fraction_template(x_title, y_title, height), fractions=pd.concat(parts, ignore_index=True))


@functools.lru_cache(maxsize=64)
def _sweep_template(
    x_title: str, y_title: str, log_x: bool, y_domain: tuple[float, float] | None, height: int
) -> dict[str, Any]:
    chart = (
        alt.Chart(_named("sweep"))
        .mark_line(point=True)
        .encode(
            x=alt.X("x:Q", title=x_title, scale=alt.Scale(type="log" if log_x else "linear")),
            y=alt.Y(
                "value:Q",
                title=y_title,
                scale=alt.Scale(domain=list(y_domain)) if y_domain else alt.Undefined,
            ),
            color=_name_colour(alt.Legend(orient="top")),
            tooltip=["name:N", alt.Tooltip("x:Q", format=".3g"), alt.Tooltip("value:Q", format=".3g")],
        )
        .properties(height=height)
    )
    return _template(chart)


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
        parts.append(pd.DataFrame({"x": xs, "name": labels.get(name, name), "value": v}))
    template = _sweep_template(x_title, y_title, log_x, None if y_domain is None else tuple(y_domain), height)
    return _make(template, sweep=pd.concat(parts, ignore_index=True))


# --- images ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _heatmap_template(title: str | None, diverging: bool, scheme: str | None, size: int) -> dict[str, Any]:
    if diverging:
        # colour from c = v / max|v| on a fixed [-1, 1] domain: the template stays the same for every
        # image, 0 is always white, and the tooltip still shows the real value v
        color = alt.Color(
            "c:Q",
            scale=alt.Scale(scheme=scheme or "redblue", domain=[-1, 1], domainMid=0, reverse=True),
            legend=None,
        )
    else:
        color = alt.Color("c:Q", scale=alt.Scale(scheme=scheme or "greys"), legend=None)
    chart = (
        alt.Chart(_named("cells"))
        .mark_rect()
        .encode(
            x=alt.X("col:O", axis=None),
            y=alt.Y("row:O", axis=None),
            color=color,
            tooltip=["row:O", "col:O", alt.Tooltip("v:Q", format=".3f")],
        )
        .properties(width=size, height=size)
    )
    return _template(_fixed_size(chart, title))


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
    data = pd.DataFrame({"row": r.ravel(), "col": col.ravel(), "v": v.ravel(), "c": c.ravel()})
    return _make(_heatmap_template(title, diverging, scheme, size), cells=data)


@functools.lru_cache(maxsize=16)
def _rgb_template(size: int, title: str | None) -> dict[str, Any]:
    chart = (
        alt.Chart(_named("pixels"))
        .mark_rect()
        .encode(
            x=alt.X("col:O", axis=None),
            y=alt.Y("row:O", axis=None),
            color=alt.Color("color:N", scale=None),
            tooltip=["row:O", "col:O", "color:N"],
        )
        .properties(width=size, height=size)
    )
    return _template(_fixed_size(chart, title))


def _fixed_size(chart: alt.Chart, title: str | None) -> alt.Chart:
    """Pixels stay square: "pad" stops Streamlit's default "fit" from squeezing the grid."""
    chart = chart.properties(autosize=alt.AutoSizeParams(type="pad"))
    return chart.properties(title=title) if title else chart


def rgb_image_chart(image: np.ndarray, *, size: int = 180, title: str | None = None) -> DemoChart:
    """A ``(3, H, W)`` image in [0, 1] drawn cell by cell in its own colours (the CNN's input)."""
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 3 or image.shape[0] != 3:
        raise ValueError(f"rgb_image_chart needs (3, H, W), got {image.shape}")
    rgb = np.rint(np.clip(np.nan_to_num(image), 0.0, 1.0) * 255).astype(int).reshape(3, -1)
    r, col = np.indices(image.shape[1:])
    colours = [f"#{a:02x}{b:02x}{c:02x}" for a, b, c in rgb.T]
    data = pd.DataFrame({"row": r.ravel(), "col": col.ravel(), "color": colours})
    return _make(_rgb_template(size, title), pixels=data)


@functools.lru_cache(maxsize=16)
def _decision_template(
    extent_x: tuple[float, float], extent_y: tuple[float, float], size: int, title: str | None
) -> dict[str, Any]:
    x_scale = alt.Scale(domain=list(extent_x), nice=False)
    y_scale = alt.Scale(domain=list(extent_y), nice=False)
    cells = (
        alt.Chart(_named("grid"))
        .mark_rect(opacity=0.85)
        .encode(
            x=alt.X("x0:Q", title="x₁", scale=x_scale),
            x2="x1:Q",
            y=alt.Y("y0:Q", title="x₂", scale=y_scale),
            y2="y1:Q",
            color=alt.Color(
                "p:Q", title="p(1)", scale=alt.Scale(scheme="blueorange", domain=[0, 1], domainMid=0.5)
            ),
            tooltip=[
                alt.Tooltip("x:Q", format=".2f"),
                alt.Tooltip("y:Q", format=".2f"),
                alt.Tooltip("p:Q", format=".3f"),
            ],
        )
    )
    dots = (
        alt.Chart(_named("points"))
        .mark_point(filled=True, size=220, stroke="black", strokeWidth=1.5)
        .encode(
            x=alt.X("x:Q", scale=x_scale),
            y=alt.Y("y:Q", scale=y_scale),
            shape=alt.Shape(
                "label:N", scale=alt.Scale(domain=[0, 1], range=["circle", "square"]), title=None
            ),
            fill=alt.Fill(
                "label:N", scale=alt.Scale(domain=[0, 1], range=["#2166ac", "#e66101"]), legend=None
            ),
            tooltip=["x:Q", "y:Q", "label:N"],
        )
    )
    chart = alt.layer(cells, dots).properties(width=size, height=size)
    return _template(_fixed_size(chart, title))


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
    grid = pd.DataFrame(
        {"x": gx, "y": gy, "x0": gx - half_x, "x1": gx + half_x, "y0": gy - half_y, "y1": gy + half_y,
         "p": _finite_or_nan(p)}
    )  # fmt: skip
    pts = np.asarray(points, dtype=np.float64)
    dots = pd.DataFrame({"x": pts[:, 0], "y": pts[:, 1], "label": np.asarray(labels).astype(int)})
    extent_x = (float(ux[0] - half_x), float(ux[-1] + half_x))
    extent_y = (float(uy[0] - half_y), float(uy[-1] + half_y))
    return _make(_decision_template(extent_x, extent_y, size, title), grid=grid, points=dots)


@functools.lru_cache(maxsize=16)
def _training_template(x_title: str, width: int, height: int) -> dict[str, Any]:
    chart = (
        alt.Chart(_named("history"))
        .mark_line(point=True)
        .encode(
            x=alt.X("epoch:Q", title=x_title, axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("value:Q", title=None),
            color=alt.Color("split:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=["name:N", "quantity:N", "split:N", "epoch:Q", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(width=width, height=height)
        .facet(column=alt.Column("name:N", title=None), row=alt.Row("quantity:N", title=None))
        .resolve_scale(y="independent")
    )
    return _template(chart)


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
        pd.DataFrame(
            {
                "epoch": np.arange(1, len(history[metric]) + 1),
                "name": labels.get(name, name),
                "quantity": metrics[metric][0],
                "split": metrics[metric][1],
                "value": _finite_or_nan(history[metric]),
            }
        )
        for name, history in histories.items()
        for metric in metrics
        if metric in history
    ]
    return _make(_training_template(x_title, width, height), history=pd.concat(parts, ignore_index=True))

"""The chart templates as Altair wrote them before ``glossary.charts`` dropped Altair at run time.

Kept here as the reference: ``tests/test_charts.py`` checks every plain-dict template in
``glossary.charts`` against the Altair chart built with the same arguments (Altair validates its
output against the Vega-Lite schema when it writes the dict)."""

from __future__ import annotations

from typing import Any

import altair as alt


def _template(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """Validate once; drop Altair's default-theme config (Streamlit applies its own theme)."""
    spec = chart.to_dict()
    spec.pop("config", None)
    return spec


def _named(name: str) -> alt.NamedData:
    return alt.NamedData(name=name)


def _name_colour(legend: alt.Legend) -> alt.Color:
    """One colour per activation, in the order given (the page's activation first gets the first,
    strongest colour), from a palette whose neighbours are easy to tell apart."""
    return alt.Color("name:N", title=None, sort=None, scale=alt.Scale(scheme="tableau10"), legend=legend)


def _fixed_size(chart: alt.Chart, title: str | None) -> alt.Chart:
    """Pixels stay square: "pad" stops Streamlit's default "fit" from squeezing the grid."""
    chart = chart.properties(autosize=alt.AutoSizeParams(type="pad"))
    return chart.properties(title=title) if title else chart


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

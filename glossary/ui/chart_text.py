"""What a chart says, for those who cannot see it: a text alternative computed from the chart's own
data, and a spec that gives assistive tech that one sentence instead of every mark.

Vega draws each mark with an ARIA role, so a heatmap put thousands of nodes in the accessibility
tree; here marks, axes and legends are ``aria: false`` and the chart's ``description`` (which Vega
puts on the drawing as its label) carries the numbers. Numbers follow the interface language.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from glossary.charts import DemoChart
from glossary.format import number as format_number

# d3-format locale for Vega (``config.locale.number``): Polish writes 0,25 and 1 000.
NUMBER_LOCALES: dict[str, dict[str, Any]] = {
    "pl": {
        "decimal": ",",
        "thousands": "\u00a0",
        "grouping": [3],
        "currency": ["", "\u00a0zł"],
        "minus": "−",
    },
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""], "minus": "−"},
}

WORDS: dict[str, tuple[str, str]] = {
    "chart": ("Wykres", "Chart"),
    "on": ("na", "on"),
    "max_at": ("maksimum {v} dla x = {x}", "maximum {v} at x = {x}"),
    "range": ("od {lo} do {hi}", "from {lo} to {hi}"),
    "layers": ("warstwy 1–{n}", "layers 1–{n}"),
    "first_last": ("warstwa 1: {a}, warstwa {n}: {b}", "layer 1: {a}, layer {n}: {b}"),
    "highest": ("najwyższe: {label} ({v})", "highest: {label} ({v})"),
    "heatmap": ("mapa {r}×{c} pól, wartości {rng}", "a {r}×{c} map, values {rng}"),
    "image": ("obraz {r}×{c} pikseli", "an image of {r}×{c} pixels"),
    "plane": (
        "wartość na siatce {n} punktów, {rng}; {k} punktów danych",
        "value on a grid of {n} points, {rng}; {k} data points",
    ),
    "last_epoch": ("po {n} epokach", "after {n} epochs"),
}


def word(key: str, lang: str, **fields: Any) -> str:
    pl, en = WORDS[key]
    return (en if lang == "en" else pl).format(**fields)


def number(value: float, lang: str) -> str:
    """``value`` to three significant digits as the interface writes numbers (`glossary.format`):
    ``number(0.25, "pl") == "0,25"``."""
    if value is None or not math.isfinite(value):
        return "—"
    if abs(value) < 1e-12:  # rounding noise (a midpoint of ±x) reads as zero, not -4,44·10⁻¹⁶
        return "0"
    return format_number(float(value), lang, ".3g")


def _finite(values: Any) -> np.ndarray:
    v = np.asarray(values, dtype=np.float64)
    return v[np.isfinite(v)]


def _span(values: Any, lang: str) -> str:
    v = _finite(values)
    if not v.size:
        return "—"
    return word("range", lang, lo=number(float(v.min()), lang), hi=number(float(v.max()), lang))


def _groups(table: Mapping[str, Sequence[Any]], *columns: str) -> dict[tuple[str, ...], np.ndarray]:
    """Row indices per distinct combination of ``columns``, in order of first appearance."""
    keys = list(zip(*(list(map(str, table[c])) for c in columns), strict=True))
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    return {k: np.asarray(v) for k, v in groups.items()}


def _lines(table: Mapping[str, Sequence[Any]], lang: str) -> list[str]:
    x = np.asarray(table["x"], dtype=np.float64)
    y = np.asarray(table["y"], dtype=np.float64)
    finite_x = _finite(x)
    parts = []
    for (name, series), rows in _groups(table, "name", "series").items():
        ys = y[rows]
        ok = np.isfinite(ys)
        if not ok.any():
            continue
        top = float(ys[ok].max())
        where = rows[ok][np.isclose(ys[ok], top, rtol=1e-9, atol=1e-12)]
        at = number(float(x[where[0]]), lang)
        if len(where) == 2 and where[1] == where[0] + 1:  # a peak between two samples (sigmoid's f')
            at = number(float(x[where].mean()), lang)
        elif len(where) > 1:  # a plateau (ReLU's f' = 1 for every x > 0): its x range
            at = f"[{at}, {number(float(x[where[-1]]), lang)}]"
        peak = word("max_at", lang, v=number(top, lang), x=at)
        parts.append(f"{series} {name}: {peak}")
    domain = f"[{number(float(finite_x.min()), lang)}, {number(float(finite_x.max()), lang)}]"
    return [f"{word('on', lang)} x ∈ {domain}", *parts]


def _bars(table: Mapping[str, Sequence[Any]], lang: str) -> list[str]:
    labels = [str(v) for v in table["label"]]
    values = np.asarray(table["value"], dtype=np.float64)
    listed = "; ".join(f"{label} {number(float(v), lang)}" for label, v in zip(labels, values, strict=True))
    parts = [listed]
    if np.isfinite(values).any():
        top = int(np.nanargmax(values))
        parts.append(word("highest", lang, label=labels[top], v=number(float(values[top]), lang)))
    return parts


def _per_layer(table: Mapping[str, Sequence[Any]], lang: str, by: tuple[str, ...]) -> list[str]:
    value = np.asarray(table["value"], dtype=np.float64)
    parts = []
    for key, rows in _groups(table, *by).items():
        if "kind" in table and "kind" not in by:  # the gradient chart: its dotted bounds are not data
            rows = rows[np.asarray([str(table["kind"][i]) == "grad" for i in rows], dtype=bool)]
        if not rows.size:
            continue
        v = value[rows]
        parts.append(
            f"{' '.join(key)}: "
            + word("first_last", lang, a=number(float(v[0]), lang), n=len(v), b=number(float(v[-1]), lang))
        )
    return parts


def _sweep(table: Mapping[str, Sequence[Any]], lang: str) -> list[str]:
    value = np.asarray(table["value"], dtype=np.float64)
    x = np.asarray(table["x"], dtype=np.float64)
    parts = [f"x {_span(x, lang)}"]
    for (name,), rows in _groups(table, "name").items():
        parts.append(f"{name}: {_span(value[rows], lang)}")
    return parts


def _history(table: Mapping[str, Sequence[Any]], lang: str) -> list[str]:
    value = np.asarray(table["value"], dtype=np.float64)
    parts = []
    for (name, quantity, split), rows in _groups(table, "name", "quantity", "split").items():
        v = _finite(value[rows])
        if v.size:
            last = word("last_epoch", lang, n=len(rows))
            parts.append(f"{name}, {quantity} ({split}) {last}: {number(float(v[-1]), lang)}")
    return parts


def describe(demo_chart: DemoChart, lang: str, title: str = "") -> str:
    """One sentence of what ``demo_chart`` shows, computed from its data."""
    data = demo_chart.datasets
    title = title or str(demo_chart.template.get("title") or "")
    if "lines" in data:
        parts = _lines(data["lines"], lang)
    elif "bars" in data:
        parts = _bars(data["bars"], lang)
    elif "grad" in data:
        n = len(_groups(data["grad"], "layer"))
        parts = [word("layers", lang, n=n), *_per_layer(data["grad"], lang, ("name",))]
    elif "fractions" in data:
        parts = _per_layer(data["fractions"], lang, ("name", "kind"))
    elif "sweep" in data:
        parts = _sweep(data["sweep"], lang)
    elif "history" in data:
        parts = _history(data["history"], lang)
    elif "cells" in data:
        cells = data["cells"]
        r, c = len(set(map(float, cells["row"]))), len(set(map(float, cells["col"])))
        parts = [word("heatmap", lang, r=r, c=c, rng=_span(cells["v"], lang))]
    elif "pixels" in data:
        pixels = data["pixels"]
        r, c = len(set(map(float, pixels["row"]))), len(set(map(float, pixels["col"])))
        parts = [word("image", lang, r=r, c=c)]
    elif "grid" in data:
        grid = data["grid"]
        parts = [
            word("plane", lang, n=len(grid["p"]), rng=_span(grid["p"], lang), k=len(data["points"]["x"]))
        ]
    else:
        parts = []
    head = title or word("chart", lang)
    return f"{head}: " + "; ".join(p for p in parts if p) if parts else head


def accessible_spec(spec: Mapping[str, Any], description: str, lang: str) -> dict[str, Any]:
    """``spec`` with ``description`` as the chart's one accessible name, every mark, axis and legend
    left out of the accessibility tree, and numbers in the interface language's format."""
    spec = copy.deepcopy(dict(spec))
    spec["description"] = description
    config = spec.setdefault("config", {})
    config["locale"] = {"number": NUMBER_LOCALES.get(lang, NUMBER_LOCALES["pl"])}
    for part in ("mark", "axis", "legend"):
        config.setdefault(part, {})["aria"] = False
    _no_aria(spec)
    return spec


def _no_aria(node: Any) -> None:
    """``aria: false`` on every mark given as an object (a mark's own setting beats the config);
    top legends one entry per line."""
    if isinstance(node, dict):
        mark = node.get("mark")
        if isinstance(mark, str):
            node["mark"] = {"type": mark, "aria": False}
        elif isinstance(mark, dict):
            mark["aria"] = False
        legend = node.get("legend")
        if (
            isinstance(legend, dict)
            and str(legend.get("orient", "")).startswith("top")
            and "columns" not in legend
        ):
            # NOTE: a legend above the chart lists its entries in one row (or hangs off its right
            # corner), which a phone clips; one entry per line from the left keeps every label whole.
            legend["orient"] = "top"
            legend["direction"] = "vertical"
        for key, value in node.items():
            if key not in ("datasets", "data"):
                _no_aria(value)
    elif isinstance(node, list):
        for item in node:
            _no_aria(item)

"""The `neuron` demo: one neuron with two inputs, y = f(w₁·x₁ + w₂·x₂ + b), over the input plane."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import streamlit as st

from glossary import charts
from glossary.format import formula
from glossary.maths import activations, neuron
from glossary.ui.demos.widgets import URL, activation_ui, chart
from glossary.ui.i18n import t

WEIGHT = (-5.0, 5.0, 0.1)  # slider min, max, step for w₁, w₂ and b (the registry's ranges)
INPUT = (-neuron.LIMIT, neuron.LIMIT, 0.1)


def _slider(label: str, bounds: tuple[float, float, float], value: float, key: str) -> float:
    lo, hi, step = bounds
    return st.slider(label, lo, hi, float(min(max(value, lo), hi)), step, key=key, bind=URL)


def plane_figure(w1: float, w2: float, b: float, activation: str, x1: float, x2: float) -> charts.DemoChart:
    """The output over the plane, coloured from its least to its largest value, white at f(0): the
    line w·x + b = 0."""
    grid = neuron.plane(w1, w2, b, activation)
    finite = grid.y[np.isfinite(grid.y)]
    f0 = float(activations.get(activation).forward(np.float64(0.0)))
    return charts.plane_chart(
        grid.grid_x,
        grid.grid_y,
        grid.y,
        (x1, x2),
        domain=(float(finite.min()), float(finite.max())),
        mid=f0,
        value_title="y",
        size=300,
    )


@st.fragment
def render(settings: Mapping[str, Any], key: str, lang: str) -> None:
    """Weights, bias, activation and one input point; the heatmap of y and the formula with numbers."""
    left, right = st.columns([1, 2])
    with left:
        activation = activation_ui(f"{key}_activation", lang, settings["activation"])
        w1 = _slider(t("w1", lang), WEIGHT, settings["w1"], f"{key}_w1")
        w2 = _slider(t("w2", lang), WEIGHT, settings["w2"], f"{key}_w2")
        b = _slider(t("b", lang), WEIGHT, settings["b"], f"{key}_b")
        x1 = _slider(t("x1", lang), INPUT, settings["x1"], f"{key}_x1")
        x2 = _slider(t("x2", lang), INPUT, settings["x2"], f"{key}_x2")
    point = neuron.at(x1, x2, w1, w2, b, activation)
    with right:
        chart(plane_figure(w1, w2, b, activation, x1, x2), f"{key}_chart", stretch=False)
        st.markdown(f"`z = w₁·x₁ + w₂·x₂ + b = {neuron.num(point.z)}`")
        st.markdown(f"`{formula(neuron.formula(point), lang)}`")
    st.caption(t("neuron_line", lang) if (w1, w2) != (0.0, 0.0) else t("no_line", lang))

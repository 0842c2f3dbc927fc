"""The `init` demo: how the activations spread layer by layer at initialisation, for two inits side by
side (``glossary.maths.init_stats``): Xavier keeps tanh's spread, He keeps ReLU's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from glossary import charts
from glossary.corpus.demos import WIDTHS  # the registry's choices: one list
from glossary.format import localize
from glossary.maths import init_stats
from glossary.ui.demos.widgets import URL, activation_ui, chart, choice_ui, table
from glossary.ui.i18n import t

STEP = 10  # layers computed at a time (see _spread)
SHOWN = (0, 2, 4)  # indices into init_stats.PERCENTILES drawn on the chart: p5, p50, p95


@st.cache_data(max_entries=64, show_spinner=False)
def _computed(activation: str, init: str, width: int, depth: int) -> init_stats.Spread:
    return init_stats.spread(activation, init, depth, width)


def _spread(activation: str, init: str, depth: int, width: int) -> init_stats.Spread:
    """Computed to the next multiple of STEP layers and sliced: a depth move within it is a cache hit,
    and a new activation, init or width costs only the layers shown (rounded up)."""
    upto = min(-(-depth // STEP) * STEP, init_stats.DEPTH_RANGE[1])
    return _computed(activation, init, width, upto).first(depth)


def fmt(value: float, lang: str) -> str:
    return localize(f"{value + 0.0:.3g}", lang).replace("-", "−")  # + 0.0: −0.0 shows as 0


@st.fragment
def render(settings: Mapping[str, Any], key: str, lang: str) -> None:
    """Activation, two inits, depth and width; std per layer (log scale) and the percentiles."""
    c1, c2, c3 = st.columns(3)
    init_name = {k: t(f"init_{k}", lang) for k in init_stats.INITS}
    with c1:
        activation = activation_ui(f"{key}_activation", lang, settings["activation"])
    with c2:
        first = choice_ui(
            t("init_a", lang),
            init_stats.INITS,
            f"{key}_init",
            default=settings["init"],
            fmt=init_name.__getitem__,
        )
        second = choice_ui(
            t("init_b", lang),
            init_stats.INITS,
            f"{key}_versus",
            default=settings["versus"],
            fmt=init_name.__getitem__,
        )
    with c3:
        lo, hi = init_stats.DEPTH_RANGE
        depth = st.slider(t("depth", lang), lo, hi, int(settings["depth"]), key=f"{key}_depth", bind=URL)
        width = choice_ui(t("width", lang), WIDTHS, f"{key}_width", default=settings["width"])
    inits = list(dict.fromkeys([first, second]))
    runs = {i: _spread(activation, i, int(depth), int(width)) for i in inits}
    labels = {i: init_name[i] for i in inits}
    chart(
        charts.gradient_chart(
            {i: r.std for i, r in runs.items()},
            labels=labels,
            y_title=t("std_axis", lang),
            x_title=t("layer", lang),
        ),
        f"{key}_std_chart",
    )
    for i, r in runs.items():
        st.markdown(
            t(
                "init_last",
                lang,
                init=labels[i],
                depth=depth,
                std=fmt(r.std[-1], lang),
                input=fmt(r.input_std, lang),
            )
        )
    q = init_stats.PERCENTILES
    series = {
        t("pct_name", lang, init=labels[i], q=q[j]): r.percentiles[:, j]
        for i, r in runs.items()
        for j in SHOWN
    }
    layers = range(1, int(depth) + 1)
    chart(
        charts.sweep_chart(
            list(layers),
            series,
            x_title=t("layer", lang),
            y_title=t("pct_axis", lang),
            y_domain=None,
        ),
        f"{key}_pct_chart",
    )
    picks = sorted({1, (int(depth) + 1) // 2, int(depth)})
    table(
        [
            {
                t("col_init", lang): labels[i],
                t("col_layer", lang): str(layer),
                t("col_std", lang): fmt(r.std[layer - 1], lang),
                **{f"p{q[j]}": fmt(r.percentiles[layer - 1, j], lang) for j in range(len(q))},
            }
            for i, r in runs.items()
            for layer in picks
        ],
        f"{key}_table",
    )

"""The vanishing-gradient demo: ``gradient_flow.simulate`` through a deep random network, per layer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from glossary import charts
from glossary import format as fmt
from glossary.corpus.demos import WIDTHS  # the registry's choices: one list
from glossary.maths import gradient_flow, readouts
from glossary.ui.demos.widgets import URL, act_title, chart, choice_ui, pick_activations_ui
from glossary.ui.i18n import STRINGS, t

BATCH = 16  # orders of magnitude per layer do not need more samples; keeps depth 60 x 256 fast


@st.cache_data(max_entries=256, show_spinner=False)
def _simulate(
    activation: str, depth: int, width: int, init: str, scale: float, norm: str
) -> gradient_flow.FlowResult:
    return gradient_flow.simulate(activation, depth, width, init, scale, batch=BATCH, norm=norm)


def verdict_text(name: str, depth: int, ratio: float, max_derivative: float, lang: str) -> str:
    """The sentence under the chart: what layer 1 receives of the last layer's gradient and, when it
    vanishes, the bound max|f′|^depth on the activation's own factor, which says nothing about shrinking
    when max|f′| >= 1 (the tests hold the numbers to the registry's ``max_abs_derivative() ** depth``)."""
    bound = max_derivative**depth
    bound_note = t(
        "bound_shrinks" if bound < 1 else "bound_no_shrink",
        lang,
        m=fmt.number(max_derivative, lang, ".4g"),
        depth=depth,
        bound=readouts.power_of_ten(bound, lang),
    )
    return t(
        f"verdict_{readouts.gradient_verdict(ratio)}",
        lang,
        name=name,
        layers=fmt.count_of(depth, lang, STRINGS["n_layers"]),
        ratio=readouts.power_of_ten(ratio, lang),
        bound_note=bound_note,
    )


@st.fragment
def render(settings: Mapping[str, Any], key: str, lang: str) -> None:
    """The `gradient` demo: gradient norm per layer for the block's activation (and comparisons)."""
    activation = settings["activation"]
    hidden = gradient_flow.HIDDEN_ACTIVATIONS
    c1, c2, c3 = st.columns(3)
    with c1:
        depth = st.slider(t("depth", lang), 1, 60, int(settings["depth"]), key=f"{key}_depth", bind=URL)
        width = st.select_slider(t("width", lang), WIDTHS, settings["width"], key=f"{key}_width", bind=URL)
    with c2:
        init = choice_ui(
            t("init", lang),
            gradient_flow.INITS,
            f"{key}_init",
            default=settings["init"],
            fmt=lambda k: t(f"init_{k}", lang),
        )
        scale = st.slider(
            t("weight_scale", lang), 0.25, 3.0, float(settings["scale"]), 0.05, key=f"{key}_scale", bind=URL
        )
    with c3:
        norm = choice_ui(
            t("norm", lang),
            gradient_flow.NORMS,
            f"{key}_norm",
            default=settings["norm"],
            fmt=lambda k: t(f"norm_{k}", lang),
        )
        compare = pick_activations_ui(
            t("compare", lang),
            [n for n in hidden if n != activation],
            f"{key}_compare",
            lang,
            default=[n for n in settings["compare"] if n != activation],
            max_selections=4,
        )
    names = [activation, *compare]
    results = {n: _simulate(n, depth, int(width), init, float(scale), norm) for n in names}
    labels = {n: act_title(n, lang) for n in names}
    main = results[activation]
    bound_name = t("bound_label", lang, name=labels[activation])
    chart(
        charts.gradient_chart(
            {n: r.grad_norm for n, r in results.items()},
            {bound_name: readouts.bound_line(main.grad_norm, main.max_derivative)},
            labels=labels,
            y_title=t("grad_axis", lang),
            x_title=t("layer", lang),
        ),
        f"{key}_chart",
    )
    ratio = readouts.gradient_ratio(main.grad_norm)
    st.markdown(verdict_text(labels[activation], depth, ratio, main.max_derivative, lang))
    chart(
        charts.fraction_chart(
            {n: {"saturated": r.saturated, "dead": r.dead} for n, r in results.items()},
            labels=labels,
            kind_labels={"saturated": t("saturated", lang), "dead": t("dead", lang)},
            x_title=t("layer", lang),
            y_title=t("fraction", lang),
        ),
        f"{key}_fraction_chart",
    )

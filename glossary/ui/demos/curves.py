"""The curve demos: one activation's f and f' with its parameters, softmax's logits, and all
activations overlaid (general page). Every number comes from ``glossary.maths.readouts`` / the registry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import streamlit as st

from glossary import charts
from glossary import format as fmt
from glossary.maths import activations, readouts
from glossary.ui.demos.widgets import (
    URL,
    act_title,
    chart,
    coded_radio,
    param_ui,
    params_ui,
    pick_activations_ui,
    table,
)
from glossary.ui.i18n import t

ELEMENTWISE = activations.ELEMENTWISE
LIMITS = readouts.X_LIMITS


def _range_ui(key: str, lang: str, default: tuple[float, float] = (-5.0, 5.0)) -> tuple[float, float]:
    lo, hi = st.slider(t("x_range", lang), *LIMITS, default, 0.5, key=key, bind=URL)
    return readouts.x_range(lo, hi)


def _saturates(side: str | None, lang: str) -> str:
    return "—" if side is None else t("no", lang) if side == "no" else t(f"saturates_{side}", lang)


def _formula(text: str, name: str, params: Mapping[str, Any], lang: str) -> None:
    """A formula with numbers, followed by the parameter values it used ("dla α = 0.2")."""
    shown = fmt.formula(readouts.shown_params(name, **params), lang)
    text = fmt.formula(text, lang)  # Polish: 0,2 and "max(0; 1,5)"
    st.markdown(f"`{text}" + (f" {t('params_for', lang)} {shown}" if shown else "") + "`")


def _properties_table(names: list[str], lang: str, key: str) -> None:
    rows = readouts.properties_rows(names)
    yes, no = t("yes", lang), t("no", lang)
    rows_shown = [
        {
            t("col_activation", lang): act_title(r["name"], lang),
            t("col_range", lang): r["output_range"],
            t("col_monotonic", lang): "—" if r["monotonic"] is None else yes if r["monotonic"] else no,
            t("col_zero_centred", lang): yes if r["zero_centred"] else no,
            t("col_saturates", lang): _saturates(r["saturates"], lang),
            t("col_smooth", lang): yes if r["smooth"] else no,
            t("col_d0", lang): "—"
            if r["derivative_at_0"] is None
            else fmt.number(r["derivative_at_0"], lang, ".4g"),
            t("col_max_d", lang): "—"
            if r["max_abs_derivative"] is None
            else fmt.number(r["max_abs_derivative"], lang, ".4g"),
        }
        for r in rows
    ]
    table(rows_shown, key)


@st.fragment
def curve(settings: Mapping[str, Any], key: str, lang: str) -> None:
    """The `curve` demo: f and f' of one activation, its parameter sliders, overlays, the point readout."""
    activation = settings["activation"]
    left, right = st.columns([1, 2])
    with left:
        params = params_ui(activation, key, lang)
        x_min, x_max = _range_ui(f"{key}_range", lang, tuple(settings["range"]))
        x0 = st.slider(t("point_x", lang), *LIMITS, float(settings["x"]), 0.1, key=f"{key}_x", bind=URL)
        others = [n for n in ELEMENTWISE if n != activation]
        overlay = pick_activations_ui(
            t("overlay", lang), others, f"{key}_overlay", lang, default=settings["overlay"]
        )
    names = [activation, *overlay]
    x, curves = readouts.sample_curves(names, x_min, x_max, {activation: params})
    f0, df0 = readouts.point_values(activation, x0, params)
    with right:
        chart(
            charts.curve_chart(
                x,
                curves,
                labels={n: act_title(n, lang) for n in names},
                point=(x0, f0, df0),
            ),
            f"{key}_chart",
        )
        _formula(readouts.point_formula(activation, x0, **params), activation, params, lang)
        _formula(readouts.point_derivative(activation, x0, **params), activation, params, lang)
    st.caption(t("properties", lang))
    _properties_table(names, lang, f"{key}_table")


@st.fragment
def softmax(settings: Mapping[str, Any], key: str, lang: str) -> None:
    """The `softmax` demo: logit sliders, probability bars with temperature, naive vs max-shifted."""
    act = activations.get("softmax")
    left, right = st.columns([1, 2])
    preset = list(settings["logits"])
    defaults = [*preset, *(-1.0, -2.0, -3.0, -4.0, -5.0)[len(preset) :]][:5]
    with left:
        n = st.slider(t("n_classes", lang), 3, 5, len(preset), key=f"{key}_n", bind=URL)
        z = [
            st.slider(f"z{i + 1}", -10.0, 10.0, defaults[i], 0.1, key=f"{key}_z{i + 1}", bind=URL)
            for i in range(n)
        ]
        (temperature_spec,) = act.params
        temperature = param_ui(temperature_spec, f"{key}_temperature", lang, float(settings["temperature"]))
    probs = activations.get("softmax").forward(np.array(z), temperature=temperature)
    labels = [f"z{i + 1} = {v:g}" for i, v in enumerate(z)]
    with right:
        chart(
            charts.bar_chart(labels, probs, value_title="p", highlight=int(np.argmax(probs))),
            f"{key}_chart",
        )
        params = {"temperature": temperature}
        _formula(readouts.point_formula("softmax", np.array(z), **params), "softmax", params, lang)
    st.markdown(f"##### {t('overflow_title', lang)}")
    shift = st.slider(t("shift", lang), 0.0, 1000.0, 800.0, 10.0, key=f"{key}_shift", bind=URL)
    big = np.array(z) + shift
    naive = readouts.softmax_naive(big, temperature)
    stable = readouts.softmax_shifted(big, temperature)
    cols = st.columns(2)
    for col, steps, title, note in (
        (cols[0], naive, t("naive", lang), t("naive_note", lang)),
        (cols[1], stable, t("stable", lang), t("stable_note", lang)),
    ):
        with col, st.container(border=True, key=f"{key}_{'naive' if steps is naive else 'stable'}"):
            st.markdown(f"**{title}**")
            st.caption(note)
            table(
                [
                    {
                        "z/T": fmt.number(a, lang, ".6g"),
                        t("exponent", lang): fmt.number(s, lang, ".6g"),
                        "exp": fmt.number(e, lang, ".6g"),
                        "p": fmt.number(p, lang, ".6g"),
                    }
                    for a, s, e, p in zip(steps.logits, steps.shifted, steps.exps, steps.probs, strict=True)
                ],
                f"{key}_{'naive' if steps is naive else 'stable'}_table",
            )
            st.markdown(f"Σ exp = `{fmt.number(steps.total, lang, '.6g')}`")
            if steps.finite:
                st.success(t("finite", lang))
            else:
                st.warning(t("overflowed", lang))


@st.fragment
def all_curves(settings: Mapping[str, Any], key: str, lang: str) -> None:
    """The `all-curves` demo: every elementwise activation on one chart (f or f'), with the table."""
    c1, c2 = st.columns([2, 1])
    with c1:
        x_min, x_max = _range_ui(f"{key}_range", lang, tuple(settings["range"]))
    with c2:
        show = coded_radio(
            t("show", lang),
            ("f", "df"),
            index=("f", "df").index(settings["show"]),
            format_func=lambda k: t(f"show_{k}", lang),
            key=f"{key}_show",
            horizontal=True,
            bind=URL,
        )
    chosen = pick_activations_ui(
        t("shown", lang), ELEMENTWISE, f"{key}_shown", lang, default=settings["shown"]
    )
    names = chosen or list(ELEMENTWISE)
    x, curves = readouts.sample_curves(names, x_min, x_max)
    picked = {n: (f, None) if show == "f" else (df, None) for n, (f, df) in curves.items()}
    chart(
        charts.curve_chart(
            x,
            picked,
            labels={n: act_title(n, lang) for n in names},
            f_label="f(x)" if show == "f" else "f'(x)",
            height=380,
        ),
        f"{key}_chart",
    )
    _properties_table(list(activations.ACTIVATIONS), lang, f"{key}_table")

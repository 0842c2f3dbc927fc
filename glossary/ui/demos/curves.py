"""The curve demos: one activation's f and f' with its parameters, softmax's logits, and all
activations overlaid (general page). Every number comes from ``glossary.maths.readouts`` / the registry."""

from __future__ import annotations

import numpy as np
import streamlit as st

from glossary import charts
from glossary.maths import activations, readouts
from glossary.ui.demos.text import tr
from glossary.ui.demos.widgets import URL, act_title, chart, params_ui, pick_activations_ui, table

ELEMENTWISE = activations.ELEMENTWISE
LIMITS = readouts.X_LIMITS


def _range_ui(key: str, lang: str, default: tuple[float, float] = (-5.0, 5.0)) -> tuple[float, float]:
    lo, hi = st.slider(tr("x_range", lang), *LIMITS, default, 0.5, key=key, bind=URL)
    return readouts.x_range(lo, hi)


def _properties_table(names: list[str], lang: str, key: str) -> None:
    rows = readouts.properties_rows(names)
    yes, no = tr("yes", lang), tr("no", lang)
    rows_shown = [
        {
            tr("col_activation", lang): act_title(r["name"], lang),
            tr("col_range", lang): r["output_range"],
            tr("col_monotonic", lang): yes if r["monotonic"] else no,
            tr("col_zero_centred", lang): yes if r["zero_centred"] else no,
            tr("col_saturating", lang): yes if r["saturating"] else no,
            tr("col_smooth", lang): yes if r["smooth"] else no,
            tr("col_d0", lang): "—" if r["derivative_at_0"] is None else f"{r['derivative_at_0']:.4g}",
            tr("col_max_d", lang): "—"
            if r["max_abs_derivative"] is None
            else f"{r['max_abs_derivative']:.4g}",
        }
        for r in rows
    ]
    table(rows_shown, key)


@st.fragment
def curve_demo(activation: str, lang: str) -> None:
    """f and f' of the page's activation, its parameter sliders, overlays, the point readout."""
    act = activations.get(activation)
    st.markdown(f"#### {tr('curve_title', lang)}")
    left, right = st.columns([1, 2])
    with left:
        params = params_ui(activation, "curve", lang)
        x_min, x_max = _range_ui("curve_range", lang)
        x0 = st.slider(tr("point_x", lang), *LIMITS, -1.5, 0.1, key="curve_x", bind=URL)
        others = [n for n in ELEMENTWISE if n != activation]
        overlay = pick_activations_ui(tr("overlay", lang), others, "curve_overlay", lang)
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
            "curve_chart",
        )
        st.markdown(f"`{act.point_formula(x0, lang, **params)}`")
        st.markdown(f"`{act.point_derivative(x0, lang, **params)}`")
    st.caption(tr("properties", lang))
    _properties_table(names, lang, "curve_table")


@st.fragment
def softmax_demo(activation: str, lang: str) -> None:
    """Logit sliders, probability bars with temperature, and naive vs max-shifted at large logits."""
    act = activations.get(activation)
    st.markdown(f"#### {tr('softmax_title', lang)}")
    left, right = st.columns([1, 2])
    defaults = (2.0, 1.0, 0.1, -1.0, -2.0)
    with left:
        n = st.slider(tr("n_classes", lang), 3, 5, 3, key="smax_n", bind=URL)
        z = [
            st.slider(f"z{i + 1}", -10.0, 10.0, defaults[i], 0.1, key=f"smax_z{i + 1}", bind=URL)
            for i in range(n)
        ]
        temperature = params_ui(activation, "smax", lang)["temperature"]
    probs = activations.get("softmax").forward(np.array(z), temperature=temperature)
    labels = [f"z{i + 1} = {v:g}" for i, v in enumerate(z)]
    with right:
        chart(
            charts.bar_chart(labels, probs, value_title="p", highlight=int(np.argmax(probs))),
            "softmax_chart",
        )
        st.markdown(f"`{act.point_formula(np.array(z), lang, temperature=temperature)}`")
    st.markdown(f"##### {tr('overflow_title', lang)}")
    shift = st.slider(tr("shift", lang), 0.0, 1000.0, 800.0, 10.0, key="smax_shift", bind=URL)
    big = np.array(z) + shift
    naive = readouts.softmax_naive(big, temperature)
    stable = readouts.softmax_shifted(big, temperature)
    cols = st.columns(2)
    for col, steps, title, note in (
        (cols[0], naive, tr("naive", lang), tr("naive_note", lang)),
        (cols[1], stable, tr("stable", lang), tr("stable_note", lang)),
    ):
        with col, st.container(border=True, key=f"smax_{'naive' if steps is naive else 'stable'}"):
            st.markdown(f"**{title}**")
            st.caption(note)
            table(
                [
                    {"z/T": f"{a:.6g}", tr("exponent", lang): f"{s:.6g}", "exp": f"{e:.6g}", "p": f"{p:.6g}"}
                    for a, s, e, p in zip(steps.logits, steps.shifted, steps.exps, steps.probs, strict=True)
                ],
                f"smax_{'naive' if steps is naive else 'stable'}_table",
            )
            st.markdown(f"Σ exp = `{steps.total:.6g}`")
            if steps.finite:
                st.success(tr("finite", lang))
            else:
                st.warning(tr("overflowed", lang))


@st.fragment
def all_curves_demo(lang: str) -> None:
    """Every elementwise activation on one chart (f or f'), with the comparison table."""
    st.markdown(f"#### {tr('all_title', lang)}")
    c1, c2 = st.columns([2, 1])
    with c1:
        x_min, x_max = _range_ui("all_range", lang, (-4.0, 4.0))
    with c2:
        show = st.radio(
            tr("show", lang),
            ("f", "df"),
            format_func=lambda k: tr(f"show_{k}", lang),
            key="all_show",
            horizontal=True,
            bind=URL,
        )
    chosen = pick_activations_ui(tr("shown", lang), ELEMENTWISE, "all_shown", lang, default=ELEMENTWISE)
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
        "all_chart",
    )
    _properties_table(list(activations.ACTIVATIONS), lang, "all_table")

"""The `cross-entropy` demo: logits and a target class → softmax, the loss −log p_t and its gradient
p − y; the naive log(softmax) beside log-softmax at large logits; the binary case with the sigmoid."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import streamlit as st

from glossary import charts
from glossary.format import localize
from glossary.maths import cross_entropy as core
from glossary.ui.demos.widgets import URL, chart, choice_ui, table
from glossary.ui.i18n import t

LOGIT = (-10.0, 10.0, 0.1)
SCALE = (1.0, 1000.0, 1.0)
BINARY = (-100.0, 100.0, 0.5)
FILL = (-1.0, -2.0, -3.0, -4.0, -5.0)  # logits of classes added beyond the block's list


def fmt(value: float, lang: str) -> str:
    """6 significant digits in the language's decimal format; −∞ and NaN as the naive formula gives them."""
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "−∞" if value < 0 else "∞"
    return localize(f"{value + 0.0:.6g}", lang).replace("-", "−")  # + 0.0: −0.0 shows as 0


@st.fragment
def render(settings: Mapping[str, Any], key: str, lang: str) -> None:
    preset = [float(v) for v in settings["logits"]]
    defaults = [*preset, *FILL[len(preset) :]][:5]
    left, right = st.columns([1, 2])
    with left:
        n = st.slider(t("n_classes_short", lang), 2, 5, len(preset), key=f"{key}_n", bind=URL)
        z = [
            st.slider(f"z{i + 1}", *LOGIT[:2], defaults[i], LOGIT[2], key=f"{key}_z{i + 1}", bind=URL)
            for i in range(n)
        ]
        target = choice_ui(
            t("target_class", lang),
            range(n),
            f"{key}_target",
            default=min(int(settings["target"]), n - 1),
            fmt=lambda i: t("class_n", lang, n=i + 1),
        )
    r = core.cross_entropy(z, target)
    with right:
        chart(
            charts.bar_chart([f"z{i + 1} = {v:g}" for i, v in enumerate(z)], r.probs, highlight=target),
            f"{key}_chart",
        )
        grad = ("; " if lang == "pl" else ", ").join(fmt(g, lang) for g in r.grad)  # "0,5; 0,25" in Polish
        st.markdown(t("ce_loss", lang, t=target + 1, loss=fmt(r.loss, lang), grad=grad))
    st.markdown(f"##### {t('ce_naive_title', lang)}")
    scale = st.slider(
        t("scale", lang), *SCALE[:2], float(settings["scale"]), SCALE[2], key=f"{key}_scale", bind=URL
    )
    big = core.cross_entropy(np.array(z) * scale, target)
    with st.container(border=True, key=f"{key}_naive"):
        table(
            [
                {
                    t("col_class", lang): str(i + 1),
                    t("col_logit", lang): fmt(zi, lang),
                    t("col_naive", lang): fmt(naive, lang),
                    t("col_stable", lang): fmt(stable, lang),
                }
                for i, (zi, naive, stable) in enumerate(
                    zip(big.logits, big.naive_log_probs, big.log_probs, strict=True)
                )
            ],
            f"{key}_naive_table",
        )
        broken = not np.all(np.isfinite(big.naive_log_probs))
        message = t("ce_broken" if broken else "ce_fine", lang, loss=fmt(big.loss, lang))
        (st.warning if broken else st.caption)(message)
    st.markdown(f"##### {t('binary_title', lang)}")
    b1, b2 = st.columns([2, 1])
    with b1:
        logit = st.slider(
            t("binary_logit", lang),
            *BINARY[:2],
            float(settings["logit"]),
            BINARY[2],
            key=f"{key}_logit",
            bind=URL,
        )
    with b2:
        label = choice_ui(t("binary_label", lang), (0, 1), f"{key}_label", default=int(settings["label"]))
    bce = core.binary(logit, label)
    st.markdown(
        t("binary_result", lang, p=fmt(bce.p, lang), loss=fmt(bce.loss, lang), grad=fmt(bce.grad, lang))
    )
    with st.container(border=True, key=f"{key}_bce_naive"):
        st.markdown(t("binary_naive", lang, naive=fmt(bce.naive_loss, lang)))

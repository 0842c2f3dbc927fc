"""The `backprop` demo: a 2–2–1 network, every forward value and every gradient for one example, and
one gradient step (``glossary.maths.backprop``, equal to torch.autograd in the tests)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import streamlit as st

from glossary import charts
from glossary.format import localize
from glossary.maths import backprop as core
from glossary.ui.demos.widgets import URL, activation_ui, chart, table
from glossary.ui.i18n import t

INPUT = (-2.0, 2.0, 0.05)
LR = (0.01, 5.0, 0.01)
SEEDS = (0, 10)


def fmt(value: float, lang: str) -> str:
    """Numbers as the tables show them (and the tests read them back): 6 significant digits, in the
    language's decimal format."""
    return localize(f"{value + 0.0:.6g}", lang).replace("-", "−")  # + 0.0: −0.0 shows as 0


def node_rows(r: core.Backprop, lang: str) -> list[dict[str, str]]:
    """One row per node of the graph, input to loss: its value and ∂L/∂(node)."""
    f = r.activation
    fw = r.forward
    rows = [
        ("x₁", "x₁", fw.x[0], r.dx[0]),
        ("x₂", "x₂", fw.x[1], r.dx[1]),
        ("z₁", "W₁₁·x₁ + W₁₂·x₂ + b₁", fw.z1[0], r.dz1[0]),
        ("z₂", "W₂₁·x₁ + W₂₂·x₂ + b₂", fw.z1[1], r.dz1[1]),
        ("h₁", f"{f}(z₁)", fw.h[0], r.dh[0]),
        ("h₂", f"{f}(z₂)", fw.h[1], r.dh[1]),
        ("o", "v₁·h₁ + v₂·h₂ + c", fw.z2, r.dz2),
        ("ŷ", "σ(o)", fw.y, r.dy),
        ("L", "½(ŷ − t)²", fw.loss, 1.0),
    ]
    return [
        {
            t("col_node", lang): name,
            t("col_formula", lang): formula,
            t("col_value", lang): fmt(value, lang),
            "∂L/∂·": fmt(grad, lang),
        }
        for name, formula, value, grad in rows
    ]


def parameters(r: core.Backprop) -> list[tuple[str, float, float, float]]:
    """(name, before, ∂L/∂p, after) for the nine parameters, in the order the tables show them."""
    p, g, a = r.params, r.grads, r.after
    rows = [(f"W{'₁₂'[j]}{'₁₂'[i]}", p.w1[j, i], g.w1[j, i], a.w1[j, i]) for j in range(2) for i in range(2)]
    rows += [(f"b{'₁₂'[j]}", p.b1[j], g.b1[j], a.b1[j]) for j in range(2)]
    rows += [(f"v{'₁₂'[j]}", p.w2[j], g.w2[j], a.w2[j]) for j in range(2)]
    return [*rows, ("c", p.b2, g.b2, a.b2)]


def param_rows(r: core.Backprop, lang: str) -> list[dict[str, str]]:
    """One row per parameter: before, ∂L/∂p, after the step."""
    return [
        {
            t("col_param", lang): name,
            t("col_before", lang): fmt(before, lang),
            t("col_grad", lang): fmt(grad, lang),
            t("col_after", lang): fmt(after, lang),
        }
        for name, before, grad, after in parameters(r)
    ]


@st.cache_data(max_entries=256, show_spinner=False)
def _run(x1: float, x2: float, target: float, activation: str, lr: float, seed: int) -> core.Backprop:
    return core.backprop(x1, x2, target, activation, lr, seed)


@st.fragment
def render(settings: Mapping[str, Any], key: str, lang: str) -> None:
    """Inputs, target, hidden activation, learning rate; the graph's values and gradients as tables."""
    c1, c2, c3 = st.columns(3)
    with c1:
        x1 = st.slider("x₁", *INPUT[:2], float(settings["x1"]), INPUT[2], key=f"{key}_x1", bind=URL)
        x2 = st.slider("x₂", *INPUT[:2], float(settings["x2"]), INPUT[2], key=f"{key}_x2", bind=URL)
    with c2:
        target = st.slider(
            t("target", lang), 0.0, 1.0, float(settings["target"]), 0.01, key=f"{key}_target", bind=URL
        )
        activation = activation_ui(f"{key}_activation", lang, settings["activation"])
    with c3:
        lr = st.slider(t("lr", lang), *LR[:2], float(settings["lr"]), LR[2], key=f"{key}_lr", bind=URL)
        seed = st.slider(t("bp_seed", lang), *SEEDS, int(settings["seed"]), key=f"{key}_seed", bind=URL)
    r = _run(float(x1), float(x2), float(target), activation, float(lr), int(seed))
    st.caption(t("bp_network", lang))
    left, right = st.columns(2)
    with left:
        st.markdown(f"##### {t('bp_forward', lang)} · {t('bp_backward', lang)}")
        table(node_rows(r, lang), f"{key}_nodes")
    with right:
        st.markdown(f"##### {t('bp_step', lang)} (lr = {fmt(r.lr, lang)})")
        table(param_rows(r, lang), f"{key}_params")
    names, _, grads, _ = zip(*parameters(r), strict=True)
    largest = max(range(len(grads)), key=lambda i: abs(grads[i]))
    chart(
        charts.bar_chart(
            list(names), np.array(grads), value_title="∂L/∂p", highlight=largest, domain=None, height=300
        ),
        f"{key}_grad_chart",
    )
    m1, m2 = st.columns(2)
    m1.metric(t("loss_before", lang), fmt(r.forward.loss, lang))
    m2.metric(
        t("loss_after", lang),
        fmt(r.loss_after, lang),
        delta=fmt(r.loss_after - r.forward.loss, lang),
        delta_color="inverse",
    )

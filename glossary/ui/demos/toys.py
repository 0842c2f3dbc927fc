"""General-page demos on tiny NumPy networks: why non-linearity (XOR) and dead ReLU units."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import streamlit as st

from glossary import charts
from glossary.corpus.demos import XOR_LRS  # the registry's choices: one list
from glossary.maths import readouts, toy_nets
from glossary.ui.demos.widgets import URL, act_title, activation_ui, chart, coded_radio
from glossary.ui.i18n import t

DEAD_LRS = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)


@st.cache_data(max_entries=64, show_spinner=False)
def _xor(activation: str | None, hidden: int, epochs: int, lr: float, seed: int) -> toy_nets.XorResult:
    return toy_nets.train_xor(activation, hidden=hidden, epochs=epochs, lr=lr, seed=seed)


@st.cache_data(max_entries=64, show_spinner=False)
def _dead(setting: str, lr: float, bias_init: float, slope: float, seed: int) -> toy_nets.DeadSweep:
    values = toy_nets.LR_SWEEP if setting == "lr" else toy_nets.BIAS_SWEEP
    return toy_nets.dead_sweep(
        ("relu", "leaky_relu"),
        setting,
        values,
        lr=lr,
        bias_init=bias_init,
        seed=seed,
        params={"leaky_relu": {"negative_slope": slope}},
    )


@st.fragment
def xor(settings: Mapping[str, Any], key: str, lang: str) -> None:
    """The `xor` demo: XOR learnt with a linear hidden layer and with an activation."""
    st.caption(t("xor_intro", lang))
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        act = activation_ui(f"{key}_act", lang, settings["activation"], label=t("hidden_activation", lang))
    with c2:
        hidden = st.slider(
            t("hidden_units", lang), 2, 16, int(settings["hidden"]), key=f"{key}_hidden", bind=URL
        )
    with c3:
        epochs = st.slider(
            t("epochs", lang), 100, 3000, int(settings["epochs"]), 100, key=f"{key}_epochs", bind=URL
        )
    with c4:
        lr = st.select_slider(t("learning_rate", lang), XOR_LRS, settings["lr"], key=f"{key}_lr", bind=URL)
        seed = st.number_input(t("seed", lang), 0, 99, 0, key=f"{key}_seed", bind=URL)
    runs = {
        None: _xor(None, hidden, epochs, lr, int(seed)),
        act: _xor(act, hidden, epochs, lr, int(seed)),
    }
    cols = st.columns(2)
    for col, (name, run) in zip(cols, runs.items(), strict=True):
        title = t("linear_hidden", lang) if name is None else act_title(name, lang)
        with col:
            st.metric(t("accuracy", lang, name=title), f"{run.accuracy:.0%}")
            chart(
                charts.decision_chart(
                    run.grid_x,
                    run.grid_y,
                    run.grid_p,
                    toy_nets.XOR_X,
                    toy_nets.XOR_Y.astype(int),
                    title=title,
                ),
                f"{key}_linear_chart" if name is None else f"{key}_act_chart",
                stretch=False,
            )
    steps, linear_loss = readouts.every_nth(runs[None].loss, 300)
    _, act_loss = readouts.every_nth(runs[act].loss, 300)
    chart(
        charts.sweep_chart(
            steps,
            {t("linear_hidden", lang): linear_loss, act_title(act, lang): act_loss},
            x_title=t("epoch", lang),
            y_title=t("loss", lang),
            log_x=False,
            y_domain=None,
        ),
        f"{key}_loss_chart",
    )
    linear, other = f"{runs[None].accuracy:.0%}", f"{runs[act].accuracy:.0%}"
    st.markdown(t("xor_reading", lang, linear=linear, other=other))


@st.fragment
def dead_relu(settings: Mapping[str, Any], key: str, lang: str) -> None:
    """The `dead-relu` demo: the share of dead ReLU units vs learning rate or initial bias."""
    st.caption(t("dead_intro", lang))
    c1, c2, c3 = st.columns(3)
    with c1:
        setting = coded_radio(
            t("sweep", lang),
            ("lr", "bias_init"),
            index=("lr", "bias_init").index(settings["sweep"]),
            format_func=lambda k: t(f"sweep_{k}", lang),
            key=f"{key}_sweep",
            bind=URL,
        )
    with c2:
        slope = st.slider(
            t("leaky_slope", lang), 0.01, 0.3, float(settings["slope"]), 0.01, key=f"{key}_slope", bind=URL
        )
    with c3:
        if setting == "lr":
            bias = st.slider(t("bias_init", lang), -2.0, 1.0, 0.0, 0.25, key=f"{key}_bias", bind=URL)
            lr = 0.5
        else:
            lr = st.select_slider(t("learning_rate", lang), DEAD_LRS, 3.0, key=f"{key}_lr", bind=URL)
            bias = 0.0
    sweep = _dead(setting, float(lr), float(bias), float(slope), 0)
    labels = {n: act_title(n, lang) for n in sweep.dead}
    chart(
        charts.sweep_chart(
            sweep.values,
            sweep.dead,
            labels=labels,
            x_title=t(f"sweep_{setting}", lang),
            y_title=t("dead_fraction", lang),
            log_x=setting == "lr",
        ),
        f"{key}_chart",
    )
    relu_max = float(np.max(sweep.dead["relu"]))
    leaky_max = float(np.max(sweep.dead["leaky_relu"]))
    st.markdown(t("dead_reading", lang, relu=f"{relu_max:.0%}", leaky=f"{leaky_max:.0%}"))

"""Live demos on activation pages and on the general page (the two entry points the entry page calls).

Each demo is an ``@st.fragment`` (moving a control reruns that demo, not the page), keeps its
controls in the URL under its own prefix (``curve_``, ``smax_``, ``grad_``, ``cnn_``, ``all_``,
``xor_``, ``dead_``) and computes only through the tested core (``glossary.maths.readouts``,
``glossary.maths.toy_nets``, ``glossary.maths.gradient_flow``, ``glossary.cnn``); torch is imported only when
the CNN demo runs.
"""

from __future__ import annotations

import streamlit as st

from glossary.maths import activations
from glossary.ui.demos.curves import all_curves_demo, curve_demo, softmax_demo
from glossary.ui.demos.gradient import gradient_demo
from glossary.ui.demos.text import tr
from glossary.ui.demos.toys import dead_relu_demo, xor_demo


def render_activation_demos(activation: str, lang: str) -> None:
    """Curves, vanishing-gradient and mini-CNN demos for one activation page."""
    try:
        act = activations.get(activation)
    except ValueError:
        st.warning(tr("unknown_activation", lang, name=activation, known=", ".join(activations.ACTIVATIONS)))
        return
    st.subheader(tr("demos", lang))
    if act.elementwise:
        curve_demo(act.name, lang)
    else:
        softmax_demo(act.name, lang)
    st.divider()
    gradient_demo(act.name, lang)
    st.divider()
    from glossary.ui.demos.cnn import cnn_demo  # its module is torch-free; cnn_demo imports torch

    cnn_demo(act.name, lang)


def render_general_demos(lang: str) -> None:
    """Demos of the general page (funkcja-aktywacji): all activations, XOR, dead ReLU."""
    st.subheader(tr("demos", lang))
    all_curves_demo(lang)
    st.divider()
    xor_demo(lang)
    st.divider()
    dead_relu_demo(lang)

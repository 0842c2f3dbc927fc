"""Widgets shared by the demos: every control is keyed ``<demo>_<name>`` and bound to the URL.

``bind="query-params"`` (Streamlit >= 1.55) writes a widget's value to ``?key=value`` and reads it
back on page load; a value that is not a valid option or lies outside a slider's range is dropped by
Streamlit and the default is used instead, so a hand-edited link can never raise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from glossary.charts import DemoChart
from glossary.corpus.render import escape_text
from glossary.maths import activations
from glossary.maths.activations import ParamSpec
from glossary.ui.demos.text import tr

URL = "query-params"


def act_title(name: str, lang: str) -> str:
    return activations.get(name).display_title(lang)


def param_ui(spec: ParamSpec, key: str, lang: str, default: float | str | None = None) -> float | str:
    """A registry parameter as a URL-bound control: select box for choices, slider for numbers;
    ``default`` (a block's preset) replaces the registry's default."""
    default = spec.default if default is None else default
    if spec.choices:
        return st.selectbox(
            spec.label(lang),
            spec.choices,
            index=spec.choices.index(default),
            key=key,
            bind=URL,
        )
    return st.slider(
        spec.label(lang),
        float(spec.min),
        float(spec.max),
        float(default),
        float(spec.step),
        key=key,
        bind=URL,
    )


def params_ui(name: str, prefix: str, lang: str) -> dict[str, float | str]:
    """All parameters of activation ``name`` (keys ``<prefix>_<param>``); an empty dict if it has none."""
    return {spec.name: param_ui(spec, f"{prefix}_{spec.name}", lang) for spec in activations.get(name).params}


def pick_activations_ui(
    label: str,
    options: Sequence[str],
    key: str,
    lang: str,
    default: Sequence[str] = (),
    max_selections: int | None = None,
) -> list[str]:
    return st.multiselect(
        label,
        list(options),
        default=[d for d in default if d in options],
        format_func=lambda n: act_title(n, lang),
        key=key,
        max_selections=max_selections,
        bind=URL,
        placeholder=tr("choose", lang),
    )


def choice_ui(
    label: str, options: Sequence[Any], key: str, *, default: Any = None, fmt: Callable[[Any], str] = str
) -> Any:
    options = list(options)
    index = options.index(default) if default in options else 0
    return st.selectbox(label, options, index=index, format_func=fmt, key=key, bind=URL)


def chart(demo_chart: DemoChart, key: str, *, stretch: bool = True) -> None:
    """A chart from ``glossary.charts`` with the app theme; ``key`` names its container
    (``st-key-<key>``) so tests can find it. Fixed-size charts (images) pass ``stretch=False``."""
    with st.container(key=key):
        st.vega_lite_chart(demo_chart.spec(), width="stretch" if stretch else "content")


def table(rows: Sequence[Mapping[str, str]], key: str) -> None:
    """A small table of the demo's own strings (column names from the first row), in the container
    ``st-key-<key>``; it scrolls sideways on a narrow screen.

    NOTE: markdown rather than ``st.table``: ``st.table`` imports pandas (~0.5 s of a cold start)."""
    columns = list(rows[0]) if rows else []

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(escape_text(str(c)) for c in cells) + " |"

    source = "\n".join(
        [line(columns), "|" + "---|" * len(columns)] + [line([r[c] for c in columns]) for r in rows]
    )
    with st.container(key=key, horizontal=True, wrap=False):
        st.markdown(source)

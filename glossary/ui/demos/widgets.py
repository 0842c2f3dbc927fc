"""Widgets shared by the demos: every control is keyed ``<demo>_<name>`` and kept in the URL.

Numbers use ``bind="query-params"`` (Streamlit >= 1.55): it writes a widget's value to ``?key=value``
and reads it back on page load; a value outside a slider's range is dropped by Streamlit and the
default is used instead, so a hand-edited link can never raise. Choices shown through a
``format_func`` go through `glossary.ui.url_state` instead: Streamlit's binding would write the
translated label (``?cnn_class=gwiazda``), so the URL holds the option's code (``star``), and a
link from before (with a Polish or English label) is still read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from glossary.charts import DemoChart
from glossary.cnn import shapes
from glossary.corpus.render import escape_text
from glossary.maths import activations
from glossary.maths.activations import ParamSpec
from glossary.ui.chart_text import accessible_spec, describe
from glossary.ui.data import current_lang
from glossary.ui.i18n import LANGS, STRINGS, t
from glossary.ui.url_state import Labels, coded_choice

URL = "query-params"


def act_title(name: str, lang: str) -> str:
    """The activation's name in ``lang``: the string table's where Polish has its own, else the registry's."""
    key = f"act_{name}"
    return t(key, lang) if key in STRINGS else activations.get(name).title


def _translations() -> dict[str, tuple[str, ...]]:
    """Every label a demo shows -> the same label in each interface language (for old links)."""
    table: dict[str, tuple[str, ...]] = {}
    pairs = [
        *(tuple(STRINGS[k]) for k in STRINGS),
        *(tuple(act_title(name, lang) for lang in LANGS) for name in activations.ACTIVATIONS),
        *((shape.pl, shape.en) for shape in shapes.CLASSES),  # the CNN demo's classes
    ]
    for pair in pairs:
        for label in pair:
            table.setdefault(label, pair)
    return table


_TRANSLATIONS = _translations()


def _labels(fmt: Callable[[Any], str]) -> Labels:
    """``(option, lang) -> label`` from a one-language ``fmt``: its label's translation if the demos'
    strings or the activation titles know it, else the label itself."""

    def labels(option: Any, lang: str) -> str:
        shown = fmt(option)
        forms = _TRANSLATIONS.get(shown)
        return forms[LANGS.index(lang)] if forms else shown

    return labels


def param_ui(spec: ParamSpec, key: str, lang: str, default: float | str | None = None) -> float | str:
    """A registry parameter as a URL-bound control: select box for choices, slider for numbers;
    ``default`` (a block's preset) replaces the registry's default."""
    default = spec.default if default is None else default
    if spec.choices:
        return st.selectbox(
            t(f"param_{spec.name}", lang),
            spec.choices,
            index=spec.choices.index(default),
            key=key,
            bind=URL,
        )
    return st.slider(
        t(f"param_{spec.name}", lang),
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
    """A multiselect of activation names, kept in the URL as names (``?k=relu&k=tanh``)."""
    options = list(options)
    return coded_choice(
        lambda **initial: st.multiselect(
            label,
            options,
            format_func=lambda n: act_title(n, lang),
            key=key,
            max_selections=max_selections,
            placeholder=t("choose", lang),
            select_all=False,  # Streamlit's "Select all" is English only
            **initial,
        ),
        key,
        options,
        [d for d in default if d in options],
        labels=act_title,
        multi=True,
        default_arg="default",
        most=max_selections,
    )


def activation_ui(
    key: str, lang: str, default: str, *, label: str | None = None, options: Sequence[str] | None = None
) -> str:
    """Pick one hidden (elementwise) activation, shown by its title, kept in the URL by its code."""
    return choice_ui(
        label or t("activation", lang),
        activations.ELEMENTWISE if options is None else options,
        key,
        default=default,
        fmt=lambda n: act_title(n, lang),
    )


def choice_ui(
    label: str, options: Sequence[Any], key: str, *, default: Any = None, fmt: Callable[[Any], str] = str
) -> Any:
    """A select box kept in the URL as the option's code, whatever ``fmt`` shows."""
    options = list(options)
    default = default if default in options else options[0]
    return coded_choice(
        lambda **initial: st.selectbox(label, options, format_func=fmt, key=key, **initial),
        key,
        options,
        default,
        labels=_labels(fmt),
    )


def coded_radio(
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    index: int = 0,
    format_func: Callable[[Any], str] = str,
    bind: str | None = None,
    **kwargs: Any,
) -> Any:
    """``st.radio`` with the same arguments, kept in the URL as the option's code (``bind`` is
    accepted for a drop-in swap and ignored: the URL is this function's business)."""
    del bind
    options = list(options)
    return coded_choice(
        lambda **initial: st.radio(label, options, format_func=format_func, key=key, **kwargs, **initial),
        key,
        options,
        options[index],
        labels=_labels(format_func),
    )


def coded_segmented(
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
    bind: str | None = None,
    **kwargs: Any,
) -> Any:
    """``st.segmented_control`` (single choice) with the same arguments, kept in the URL as codes."""
    del bind
    options = list(options)
    return coded_choice(
        lambda **initial: st.segmented_control(
            label, options, format_func=format_func, key=key, **kwargs, **initial
        ),
        key,
        options,
        default,
        labels=_labels(format_func),
        default_arg="default",
    )


def chart(demo_chart: DemoChart, key: str, *, stretch: bool = True, alt: str = "") -> None:
    """A chart from ``glossary.charts`` with the app theme; ``key`` names its container
    (``st-key-<key>``) so tests can find it. Fixed-size charts (images) pass ``stretch=False``.

    Assistive tech gets one text alternative (``alt``, or one computed from the chart's data by
    `chart_text.describe`) instead of every mark; numbers follow the interface language."""
    lang = current_lang()
    spec = accessible_spec(demo_chart.spec(), alt or describe(demo_chart, lang), lang)
    with st.container(key=key):
        st.vega_lite_chart(spec, width="stretch" if stretch else "content")


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

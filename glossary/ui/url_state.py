"""Choice widgets whose state lives in the URL as language-free codes (``?curve_overlay=tanh``).

Streamlit's ``bind="query-params"`` writes a selectbox's *formatted label* into the address, so a
link made in Polish (``Tangens+hiperboliczny``) means nothing to the English interface. Here the
widget is not bound; instead, on each run:

1. if the URL's value differs from the one this session last wrote (a fresh load, a shared link,
   Back/Forward), it is decoded (codes, and for old links the labels of every interface language)
   and becomes the widget's value; anything unknown is dropped;
2. the widget is drawn with ``format_func`` for the reader's language;
3. its value goes back into the URL as codes, and out of it when it equals the default.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import streamlit as st

from glossary.ui.i18n import LANGS

_WRITTEN = "_glossary_url_written"  # session key: {param: the codes this session last put in the URL}

Labels = Callable[[Any, str], str]  # (option, lang) -> the label shown in that language


def code_of(option: Any) -> str:
    """The URL form of an option: its own text (options are codes: ``tanh``, ``star``, 0.1)."""
    return str(option)


def decoder(options: Sequence[Any], labels: Labels | None = None) -> dict[str, Any]:
    """Every accepted URL spelling -> option: the code, and each language's label (old links)."""
    table: dict[str, Any] = {}
    for option in options:
        if labels is not None:
            for lang in LANGS:
                table.setdefault(labels(option, lang).casefold(), option)
        table[code_of(option).casefold()] = option
    return table


def decode(values: Sequence[str], options: Sequence[Any], labels: Labels | None = None) -> list[Any]:
    """The options named by URL ``values`` in their order, unknown ones dropped, no repeats.

    A value that is not an option as a whole is also read as a comma-separated list."""
    table = decoder(options, labels)
    found: list[Any] = []
    for value in values:
        parts = [value] if value.strip().casefold() in table else value.split(",")
        for part in parts:
            option = table.get(part.strip().casefold())
            if option is not None and option not in found:
                found.append(option)
    return found


def _written() -> dict[str, tuple[str, ...]]:
    return st.session_state.setdefault(_WRITTEN, {})


def _url_codes(key: str) -> tuple[str, ...]:
    return tuple(st.query_params.get_all(key))


def _publish(key: str, codes: tuple[str, ...], default_codes: tuple[str, ...]) -> None:
    shown = () if codes == default_codes else codes
    if _url_codes(key) != shown:
        if shown:
            st.query_params[key] = list(shown) if len(shown) > 1 else shown[0]
        elif key in st.query_params:
            del st.query_params[key]
    _written()[key] = shown


def coded_choice(
    draw: Callable[..., Any],
    key: str,
    options: Sequence[Hashable],
    default: Any,
    *,
    labels: Labels | None = None,
    multi: bool = False,
    default_arg: str = "index",
    most: int | None = None,
) -> Any:
    """Draw a choice widget (``draw(**initial)``; the caller binds label, options, ``key``,
    ``format_func``) whose value is kept in ``?key=`` as codes.

    ``default`` is an option (a list of them if ``multi``). ``default_arg`` names the argument that
    carries the initial value to ``draw``: ``"index"`` (selectbox, radio: an index) or ``"default"``
    (multiselect, pills, segmented control: the option or list itself). ``most``: the widget's
    ``max_selections``; a link naming more keeps the first ``most`` (Streamlit raises on more).
    """
    options = list(options)
    default_list = list(default) if multi else [default]
    default_codes = tuple(code_of(o) for o in default_list if o in options)
    url = _url_codes(key)
    if url != _written().get(key, ()) or key not in st.session_state:
        chosen = decode(url, options, labels) if url else [o for o in default_list if o in options]
        if not multi:
            chosen = chosen[:1] or [o for o in default_list if o in options][:1]
        elif most is not None:
            chosen = chosen[:most]
        value = chosen if multi else (chosen[0] if chosen else None)
        if key in st.session_state or url:
            st.session_state[key] = value
    initial: dict[str, Any] = {}
    if key not in st.session_state:  # Streamlit warns when a keyed widget gets both
        if default_arg == "index":
            initial["index"] = options.index(default) if default in options else 0
        else:
            initial["default"] = default
    value = draw(**initial)
    chosen = list(value or []) if multi else ([] if value is None else [value])
    _publish(key, tuple(code_of(o) for o in chosen), default_codes)
    return value

"""In-app links between pages: ``st.page_link`` when the page is registered, a markdown link otherwise."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from glossary.corpus.render import escape_text
from glossary.ui.data import link_suffix

_REGISTRY_KEY = "_glossary_pages"


def register(pages: Mapping[str, StreamlitPage]) -> None:
    """Remember this run's pages (slug -> page; ``""`` is the index) for `page_link`."""
    st.session_state[_REGISTRY_KEY] = dict(pages)


def registered() -> Mapping[str, StreamlitPage]:
    return st.session_state.get(_REGISTRY_KEY, {})


def page_link(slug: str, label: str, lang: str, icon: str | None = None, bold: bool = False) -> None:
    """A same-tab link to the page of ``slug`` that keeps the session (and so the language)."""
    text = f"**{escape_text(label)}**" if bold else escape_text(label)
    page = registered().get(slug)
    if page is not None:
        st.page_link(page, label=text, icon=icon)
    else:  # not registered (a page function run on its own): a plain markdown link
        st.markdown(f"[{text}](/{slug}{link_suffix(lang)})")

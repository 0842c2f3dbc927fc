"""What every page carries besides its content: ``<html lang>``, the tab title, link and history
behaviour Streamlit has no setting for (head.js) and the styles the theme cannot express (head.css).

Only the app's own code goes through ``st.html`` here; entry text never does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import streamlit as st

from glossary.ui.i18n import t

HERE = Path(__file__).resolve().parent


@cache
def _asset(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def page_title(title: str, lang: str) -> str:
    """``"ReLU · Glosariusz ML"``: the page's own name first, so tabs and history tell pages apart."""
    app = t("app_title", lang)
    return app if not title or title == app else f"{title} · {app}"


def head_script(
    content_lang: str, ui_lang: str, pages: Iterable[str], entry_langs: Mapping[str, str] | None = None
) -> str:
    """One ``<script>``: this page's settings, then head.js (which runs its setup once per tab).

    ``content_lang`` goes to ``<html lang>``; ``ui_lang`` to the interface's own parts; ``entry_langs``
    ({slug: lang}) to every link that names an entry (sidebar, related terms, search results).

    NOTE: one element, not two: Streamlit 1.67 ran only the first of two scripts in one ``st.html``."""
    settings = {
        "lang": content_lang,
        "uiLang": ui_lang,
        "pages": sorted(pages),
        "entryLangs": dict(sorted((entry_langs or {}).items())),
    }
    # json.dumps escapes quotes; "</" is split so no value can close the script element.
    data = json.dumps(settings, ensure_ascii=False).replace("</", "<\\/")
    return f"<script>window.__glossary = {data};\n{_asset('head.js')}</script>"


def render_head(
    title: str,
    content_lang: str,
    ui_lang: str,
    pages: Iterable[str],
    entry_langs: Mapping[str, str] | None = None,
) -> None:
    """Tab title, styles and the head script for the page about to run."""
    st.set_page_config(page_title=page_title(title, ui_lang))
    st.html(f"<style>{_asset('head.css')}</style>")
    with st.container(key="glossary-head"):
        st.html(head_script(content_lang, ui_lang, pages, entry_langs), unsafe_allow_javascript=True)

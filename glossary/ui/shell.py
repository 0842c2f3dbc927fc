"""The app's frame: language switch, one st.Page per entry, navigation, unknown addresses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from glossary.corpus.library import RESERVED_SLUGS, Library
from glossary.ui import links
from glossary.ui.data import content_missing, current_lang, get_library
from glossary.ui.head import render_head
from glossary.ui.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, t

ADD_PATH = "dodaj-haslo"
HEALTH_PATH = "stan-tresci"
RESERVED = frozenset(RESERVED_SLUGS)  # the library reports an entry file that uses one of these
SIDEBAR_ALL_ENTRIES = 40
_UNKNOWN_KEY = "_glossary_unknown_path"


def language_ui() -> str:
    """The language switch at the top of every page, kept in the URL as ``?lang=en`` (Polish has no
    parameter). Drawn before the page runs, so it is the first control a reader (or a phone) meets."""
    # NOTE: a bound widget writes its *formatted* option into the URL, so the options are shown as the
    # bare codes: that is what keeps the address `?lang=en` (and an invalid `?lang=xx` is dropped).
    with st.container(key="lang-bar", horizontal=True, horizontal_alignment="right"):
        st.segmented_control(
            t("language", current_lang()),
            LANGS,
            default=DEFAULT_LANG,
            help=" · ".join(f"{code}: {name}" for code, name in LANG_NAMES.items()),
            key="lang",
            bind="query-params",
            required=True,
            label_visibility="collapsed",
        )
    return current_lang()


def requested_path() -> str:
    """The page name the browser asked for on a fresh load ("" for the root or an in-app switch)."""
    try:  # NOTE: internal API; `st.context.url` trims a suffix that matches a page ("x-relu" -> "x-").
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        manager = ctx.pages_manager if ctx is not None else None
        if manager is not None and not manager.intended_page_script_hash:
            return (manager.intended_page_name or "").strip("/")
        return ""
    except (ImportError, AttributeError):
        url = st.context.url or ""
        return urlsplit(url).path.strip("/").rsplit("/", 1)[-1]


@dataclass
class Site:
    """The pages of one run: navigation sections of {url path: page}, and what each page runs."""

    sections: dict[str, dict[str, StreamlitPage]] = field(default_factory=dict)
    renderers: dict[str, Callable[[], None]] = field(default_factory=dict)

    def page(self, render: Callable[[], None], title: str, url_path: str, **kwargs) -> StreamlitPage:
        render.__name__ = f"page_{url_path or 'index'}".replace("-", "_")
        self.renderers[url_path] = render
        return st.Page(render, title=title, url_path=url_path or None, **kwargs)

    @property
    def pages(self) -> dict[str, StreamlitPage]:
        return {path: page for pages in self.sections.values() for path, page in pages.items()}


def build_site(library: Library, lang: str, unknown: str = "") -> Site:
    """Main pages, one page per entry, one per broken file, and a hidden page for an unknown path."""
    from glossary.ui.add_page import render_add
    from glossary.ui.entry_page import render_broken, render_entry, render_not_found
    from glossary.ui.health_page import render_health
    from glossary.ui.index_page import render_index

    site = Site()
    main = {
        "": site.page(
            lambda: render_index(library, lang),
            t("nav_home", lang),
            "",
            default=True,
            icon=":material/menu_book:",
        ),
        ADD_PATH: site.page(
            lambda: render_add(library, lang), t("add_title", lang), ADD_PATH, icon=":material/add_circle:"
        ),
        HEALTH_PATH: site.page(
            lambda: render_health(library, lang),
            t("health_title", lang),
            HEALTH_PATH,
            icon=":material/health_and_safety:",
        ),
    }
    entries: dict[str, StreamlitPage] = {}
    for slug in library.sorted_slugs():
        if slug in RESERVED:
            continue
        entry = library.entries[slug]
        entries[slug] = site.page(lambda e=entry: render_entry(e, library, lang), entry.title, slug)
    broken: dict[str, StreamlitPage] = {}
    for slug, diagnostics in sorted(library.failed.items()):
        if slug in RESERVED or slug in entries:
            continue
        path = diagnostics[0].path if diagnostics else f"{slug}.md"
        broken[slug] = site.page(
            lambda p=path, d=diagnostics: render_broken(p, d, library, lang),
            slug,
            slug,
            icon=":material/error:",
        )
    sections = site.sections
    sections.update({t("nav_main", lang): main, t("nav_entries", lang): entries})
    if broken:
        sections[t("nav_broken", lang)] = broken
    if unknown and unknown not in site.renderers:
        # An unknown address gets its own hidden page, so the URL stays and the reader sees
        # suggestions instead of Streamlit's generic "page not found" dialog.
        sections[""] = {
            unknown: site.page(
                lambda: render_not_found(unknown, library, lang),
                t("not_found_title", lang),
                unknown,
                visibility="hidden",
            )
        }
    return site


def main(page: str | None = None) -> None:
    """Everything app.py does after ``st.set_page_config``.

    ``page`` runs that url path instead of the one the browser asked for (AppTest cannot open a
    callable page by its address); the navigation is built exactly as for a browser.
    """
    lang = language_ui()
    library = get_library()
    if content_missing():
        st.warning(t("content_missing", lang), icon=":material/folder_off:")
    asked = page if page is not None else requested_path()
    if asked:
        st.session_state[_UNKNOWN_KEY] = asked
    unknown = st.session_state.get(_UNKNOWN_KEY, "")
    site = build_site(library, lang, unknown if "/" not in unknown else "")
    links.register(site.pages)
    # NOTE: a small glossary lists every entry (no "View N more", which Streamlit shows only in English)
    expanded = len(library.entries) <= SIDEBAR_ALL_ENTRIES
    nav = st.navigation(
        {name: list(pages.values()) for name, pages in site.sections.items()}, expanded=expanded
    )
    current = page if page is not None else nav.url_path
    entry = library.entries.get(current) if current else None
    title = entry.title if entry is not None else nav.title
    entry_langs = {slug: e.lang for slug, e in library.entries.items()}
    render_head(title, entry.lang if entry is not None else lang, lang, site.renderers, entry_langs)
    if page is None:
        nav.run()
    else:
        site.renderers[page if page in site.renderers else ""]()

"""The home page: live search (bound to ``?q=``) and the A-Z index grouped by Polish letter."""

from __future__ import annotations

import re
from contextlib import AbstractContextManager, nullcontext
from functools import lru_cache
from itertools import groupby

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from glossary.corpus import text
from glossary.corpus.entry import Entry
from glossary.corpus.library import Library
from glossary.corpus.render import clean_snippet, escape_text, plain_text, safe_markdown
from glossary.format import number
from glossary.ui.i18n import STRINGS, t, tn
from glossary.ui.links import page_link
from glossary.ui.shell import ADD_PATH
from glossary.ui.url_state import coded_choice

SNIPPET_CHARS = 140
COLUMNS = 3


@lru_cache(maxsize=4096)
def short_definition(entry: Entry, limit: int = SNIPPET_CHARS) -> str:
    """The definition's visible text, cut at a word boundary to about ``limit`` characters."""
    plain = " ".join(plain_text(entry.definition).split())
    if len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


TAG_MODES = ("all", "any")


def filter_by_tags(library: Library, tags: list[str], mode: str = "all") -> list[str]:
    """Slugs in Polish title order that carry every one of ``tags`` (``mode="all"``) or at least one
    of them (``"any"``); no tags chosen keeps every entry."""
    wanted = set(tags)
    if not wanted:
        return library.sorted_slugs()
    if mode == "any":
        return [s for s in library.sorted_slugs() if wanted & set(library.entries[s].tags)]
    return [s for s in library.sorted_slugs() if wanted <= set(library.entries[s].tags)]


def group_by_letter(library: Library, slugs: list[str]) -> list[tuple[str, list[str]]]:
    """``[(letter, slugs)]`` in Polish order (``slugs`` must already be sorted by title)."""
    return [
        (letter, list(group))
        for letter, group in groupby(slugs, key=lambda s: text.letter(library.entries[s].title))
    ]


_CODE_SPAN = re.compile(r"`([^`\n]*)`")


def in_language(text_lang: str, lang: str, key: str) -> AbstractContextManager[object]:
    """Where entry text in ``text_lang`` stands on a page in the interface language ``lang``: a container
    that head.js marks with ``text_lang`` (a screen reader's voice), or nothing when they agree."""
    return st.container(key=f"content-{text_lang}-{key}") if text_lang != lang else nullcontext()


def snippet_markdown(snippet: str) -> str:
    """A search snippet as safe markdown. The index marks a match with ``**``, also inside a code span
    where it would show as literal asterisks: there the whole span is bolded instead."""

    def bold_span(match: re.Match[str]) -> str:
        inner = match.group(1)
        return f"**`{inner.replace('**', '')}`**" if "**" in inner else match.group(0)

    text = re.sub(r"`{3,}\S*", " ", clean_snippet(snippet))  # a fence's marker (```demo gradient)
    if text.count("`") % 2:  # a code span cut by the snippet's edge
        text = text.replace("`", "")
    return safe_markdown(_CODE_SPAN.sub(bold_span, text))


def status_box() -> DeltaGenerator:
    """The line a screen reader announces when it changes (head.js makes ``st-key-status`` a polite
    live region). Made right under the search box on every run, so only its text changes."""
    return st.container(key="status")


def no_results_ui(library: Library, query: str, lang: str) -> None:
    """Close titles for a query with no hits, and the way to add the missing entry."""
    close = [s for s in library.suggest(query, n=5) if s in library.entries]
    if close:
        st.markdown(f"**{t('did_you_mean', lang)}**")
        for slug in close:
            page_link(slug, library.entries[slug].title, lang, icon=":material/arrow_forward:")
    page_link(ADD_PATH, t("add_title", lang), lang, icon=":material/add_circle:")


def search_ui(library: Library, lang: str) -> tuple[str, DeltaGenerator]:
    """The search box, the status line under it and the results. Returns the query and the status
    line (for the index to fill when there is no query)."""
    query = st.text_input(
        t("search_label", lang),
        key="q",
        type="search",
        live=True,
        bind="query-params",
        placeholder=t("search_placeholder", lang),
    )
    status = status_box()
    query = (query or "").strip()
    if query:
        hits = library.search(query, limit=20)
        if hits:
            status.caption(t("search_results", lang, n=len(hits)))
        else:
            status.caption(t("search_none", lang, q=escape_text(query)))
        with st.container(key="search-results"):
            if not hits:
                no_results_ui(library, query, lang)
            for hit in hits:
                field_key = f"field_{hit.field}"
                field = t(field_key, lang) if field_key in STRINGS else hit.field
                page_link(hit.slug, hit.title, lang, icon=":material/article:", bold=True)
                # The snippet is markdown: the match is wrapped in **bold** by the search index.
                with in_language(library.entries[hit.slug].lang, lang, f"hit-{hit.slug}"):
                    st.caption(f"{escape_text(field)} · {snippet_markdown(hit.snippet)}")
    return query, status


def index_ui(library: Library, lang: str, status: DeltaGenerator) -> None:
    """Tag filter, count and the letter groups."""
    all_tags = sorted({tag for e in library.entries.values() for tag in e.tags}, key=text.sort_key)
    chosen: list[str] = []
    mode = "all"
    if all_tags:
        chosen = coded_choice(
            lambda **initial: st.pills(
                t("tag_filter", lang), all_tags, selection_mode="multi", key="tags", **initial
            ),
            "tags",
            all_tags,
            [],
            multi=True,
            default_arg="default",
        )
    if len(chosen) > 1:
        mode = coded_choice(
            lambda **initial: st.segmented_control(
                t("tag_mode", lang),
                TAG_MODES,
                format_func=lambda m: t(f"tag_mode_{m}", lang),
                key="tagmode",
                required=True,
                **initial,
            ),
            "tagmode",
            TAG_MODES,
            "all",
            labels=lambda m, language: t(f"tag_mode_{m}", language),
            default_arg="default",
        )
    elif "tagmode" in st.query_params:  # the choice only exists for two tags or more
        del st.query_params["tagmode"]
    slugs = filter_by_tags(library, list(chosen), mode)
    if chosen and not slugs:
        status.caption(t("tags_none", lang))
        st.info(t("tags_none_hint", lang), icon=":material/filter_alt_off:")
        return
    total = tn("n_entries_of", len(library.entries), lang)
    status.caption(t("count", lang, shown=number(len(slugs), lang), total=total))
    groups = group_by_letter(library, slugs)
    # A jump bar: "#" links stay in the tab (Streamlit opens every other markdown link in a new one).
    st.markdown(" · ".join(f"[{escape_text(letter)}](#litera-{n})" for n, (letter, _) in enumerate(groups)))
    for n, (letter, group) in enumerate(groups):
        st.header(letter, anchor=f"litera-{n}", divider="gray")  # h2 under the page's h1
        langs = {library.entries[slug].lang for slug in group}
        shared = langs.pop() if len(langs) == 1 else None  # one container for a group in one language
        with in_language(shared or lang, lang, f"group-{n}"):
            cols = st.columns(COLUMNS)
        for i, slug in enumerate(group):
            entry = library.entries[slug]
            with cols[i % COLUMNS]:
                page_link(slug, entry.title, lang, bold=True)
                with in_language(lang if shared else entry.lang, lang, f"entry-{slug}"):
                    st.caption(escape_text(short_definition(entry)))


def browse_ui(library: Library, lang: str) -> None:
    """Search results while there is a query, the index otherwise.

    NOTE: not an ``st.fragment``: clicking a result blurs the live search box, and the fragment rerun
    that this commits raced the page switch and left the new page blank (Streamlit 1.67). A full
    rerun of this page costs a few tens of milliseconds, so the fragment bought nothing visible.
    """
    query, status = search_ui(library, lang)
    if not query:
        index_ui(library, lang, status)


def render_index(library: Library, lang: str) -> None:
    st.title(t("index_title", lang))
    st.caption(t("index_caption", lang))
    if not library.entries:
        st.info(t("no_entries", lang, folder=escape_text(str(library.folder))))
    if library.failed:
        files = tn("n_files_not_loaded", len(library.failed), lang)
        st.warning(t("broken_files_note", lang, files=files), icon=":material/warning:")
    browse_ui(library, lang)

"""Content health: every diagnostic, entries without sources, broken links, stubs."""

from __future__ import annotations

from collections.abc import Iterator

import streamlit as st

from glossary.corpus.entry import Entry, Table
from glossary.corpus.library import Library
from glossary.corpus.render import in_app_targets
from glossary.ui.data import shown_path
from glossary.ui.diagnostics import message
from glossary.ui.entry_page import table_markdown
from glossary.ui.i18n import t, tn
from glossary.ui.links import page_link


def entry_markdown(entry: Entry) -> Iterator[str]:
    """Every markdown field of an entry (where in-app links can appear)."""
    yield entry.definition
    yield from entry.key_points
    yield entry.explanation_intro
    for section in (*entry.explanation, *entry.extra_sections):
        yield section.markdown
    if entry.example is not None:
        yield entry.example.markdown
    yield from entry.scratchpad


def broken_links(library: Library) -> list[tuple[str, str]]:
    """``(slug, missing target)`` for links and ``related`` slugs that lead to no entry."""
    known = set(library.entries)
    broken: list[tuple[str, str]] = []
    for slug in library.sorted_slugs():
        entry = library.entries[slug]
        targets = [tgt for md in entry_markdown(entry) for tgt in in_app_targets(md)]
        for target in dict.fromkeys([*targets, *entry.related]):
            if target not in known:
                broken.append((slug, target))
    return broken


def is_stub(entry: Entry) -> bool:
    """A definition at most: no key points, no explanation, no example."""
    return not (
        entry.key_points
        or entry.explanation
        or entry.explanation_intro.strip()
        or (entry.example is not None and (entry.example.markdown.strip() or entry.example.code))
    )


def _entry_links(slugs: list[str], library: Library, lang: str) -> None:
    if not slugs:
        st.success(t("health_ok", lang))
    for slug in slugs:
        page_link(slug, library.entries[slug].title, lang, icon=":material/article:")


def render_health(library: Library, lang: str) -> None:
    st.title(t("health_title", lang))
    diagnostics = library.diagnostics
    st.caption(
        t(
            "health_summary",
            lang,
            entries=tn("n_entries", len(library.entries), lang),
            failed=tn("n_files", len(library.failed), lang),
            diags=tn("n_diagnostics", len(diagnostics), lang),
        )
    )
    cols = st.columns(4)
    no_sources = [s for s in library.sorted_slugs() if not library.entries[s].sources]
    broken = broken_links(library)
    stubs = [s for s in library.sorted_slugs() if is_stub(library.entries[s])]
    counts = (len(diagnostics), len(no_sources), len(broken), len(stubs))
    keys = ("metric_diagnostics", "metric_no_sources", "metric_broken_links", "metric_stubs")
    for col, key, count in zip(cols, keys, counts, strict=True):
        col.metric(t(key, lang), count)

    st.header(t("health_diagnostics", lang), anchor=False)
    if diagnostics:
        table = Table(
            columns=tuple(t(k, lang) for k in ("col_file", "col_line", "col_severity", "col_message")),
            rows=tuple(
                (
                    shown_path(d.path, library.folder),
                    str(d.line),
                    t(f"severity_{d.severity}", lang),
                    message(d, lang),
                )
                for d in diagnostics
            ),
        )
        st.markdown(table_markdown(table))
    else:
        st.success(t("health_ok", lang))

    st.header(t("health_no_sources", lang), anchor=False)
    _entry_links(no_sources, library, lang)

    st.header(t("health_broken_links", lang), anchor=False)
    if broken:
        table = Table(
            columns=(t("col_entry", lang), t("col_target", lang)),
            rows=tuple((library.entries[s].title, f"/{target}") for s, target in broken),
        )
        st.markdown(table_markdown(table))
    else:
        st.success(t("health_ok", lang))

    st.header(t("health_stubs", lang), anchor=False)
    _entry_links(stubs, library, lang)

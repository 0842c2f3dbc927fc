"""One entry's page, the error card of a file that did not load, and the not-found page."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

import streamlit as st

from glossary.corpus.budget import MAX_ITEMS, MAX_SECTIONS, MAX_TABLE_ROWS, Budget
from glossary.corpus.entry import Diagnostic, Entry, Section, Table
from glossary.corpus.library import Library
from glossary.corpus.render import (
    DemoFence,
    ImageBlock,
    TableBlock,
    escape_text,
    is_web_url,
    markdown_url,
    safe_markdown,
    split_tables,
)
from glossary.maths import activations
from glossary.ui.data import link_suffix, shown_path
from glossary.ui.demos import DemoSlots, default_blocks
from glossary.ui.diagnostics import message
from glossary.ui.i18n import t
from glossary.ui.images import show_image
from glossary.ui.links import page_link

log = logging.getLogger(__name__)
T = TypeVar("T")


# The library `_prose` and `_split` hold texts for: a reload makes a new library, and entries keyed on the
# old one would keep it and its linked texts in memory until 8,192 newer ones pushed them out (measured in
# the chaos run: RSS grew ~5 MB/s with the content changing every 0.5 s), so a new library empties both
# caches. Between reloads they hold at most every text of the library once.
_prose_library: list[Library | None] = [None]


@lru_cache(maxsize=8192)
def _prose(library: Library | None, slug: str, suffix: str, markdown: str) -> str:
    # Keyed on the library object: a reload makes a new one, so edited entries are never stale.
    if library is not None:
        markdown = library.linkify(markdown, slug)
    return safe_markdown(markdown, suffix)


@lru_cache(maxsize=8192)
def _split(markdown: str) -> tuple:
    # NOTE: cached because markdown-it takes ~0.3 s on a 5,000-row table and every rerun would pay it. It
    # once held 32 texts: a page of 60 sections pushed every other page out, and a session looping over
    # the pathological pages re-split the table on every visit, stalling the others' page switches
    # (measured: reader p95 330 ms vs 79 ms idle; `benchmarks.bench_chaos`)
    return tuple(split_tables(markdown))


def ui_part(name: str, **kwargs):
    """A container for the interface's own words on an entry page (headings, notes, demos): head.js gives
    every container keyed ``ui-…`` the interface language, so inside a Polish entry read with the English
    interface "Sources" is spoken as English, while the entry's text keeps the page's language (its own)."""
    return st.container(key=f"ui-{name}", **kwargs)


class Prose:
    """Turns an entry's markdown into safe markdown with mentions of other entries linked, within the
    page's budget (glossary.corpus.budget)."""

    def __init__(self, library: Library | None, slug: str, lang: str) -> None:
        self.library, self.slug, self.suffix, self.lang = library, slug, link_suffix(lang), lang
        self.budget = Budget()
        self.demo_places = 0  # numbers the ui_part of each demo block placed in the text
        if library is not None and library is not _prose_library[0]:
            _prose.cache_clear()
            _split.cache_clear()
            _prose_library[0] = library

    def __call__(self, markdown: str) -> str:
        return _prose(self.library, self.slug, self.suffix, markdown)


def table_markdown(table: Table) -> str:
    """A table as GFM with every cell escaped, for plain listings (the health page)."""
    width = len(table.columns)

    def row(cells: Sequence[str]) -> str:
        cells = [*cells, *[""] * width][:width]
        return "| " + " | ".join(escape_text(c).replace("\n", " ") for c in cells) + " |"

    return "\n".join(
        [row(table.columns), "| " + " | ".join(["---"] * width) + " |"] + [row(r) for r in table.rows]
    )


def show_table(columns: Sequence[str], rows: Sequence[Sequence[str]], prose: Prose) -> None:
    """A real table from raw markdown cells; on a narrow screen it scrolls sideways on its own.

    NOTE: markdown rather than ``st.table``: ``st.table`` imports pandas (about a second of the first
    page load) and a horizontal, non-wrapping container gives the same sideways scrolling.
    """
    width = len(columns)
    if len(rows) > MAX_TABLE_ROWS:
        rows, prose.budget.cut = rows[:MAX_TABLE_ROWS], True

    def row(cells: Sequence[str]) -> str:
        cells = [*cells, *[""] * width][:width]
        return "| " + " | ".join(c.replace("\n", " ") for c in cells) + " |"

    source = "\n".join([row(columns), "|" + "---|" * width] + [row(r) for r in rows])
    with st.container(horizontal=True, wrap=False):
        st.markdown(prose(source))


def markdown_with_tables(markdown: str, prose: Prose, demos: DemoSlots | None = None) -> bool:
    """Show ``markdown``: its top-level tables through `show_table`, its demo blocks as places for
    their live demos (filled later by ``demos.run()``; shown as code where no demos run). True if it
    had a table."""
    had_table = False
    for part in _split(markdown):
        if isinstance(part, TableBlock):
            show_table(part.columns, part.rows, prose)
            had_table = True
        elif isinstance(part, ImageBlock):
            show_image(part, prose.library.folder if prose.library is not None else None, prose.lang)
        elif isinstance(part, DemoFence):
            if demos is None:
                st.code(f"```{part.info}\n{part.body}```", language="markdown")
            elif not demos.cut:  # NOTE: past the page's demo budget a block draws nothing, not even a place
                prose.demo_places += 1
                with ui_part(f"demo-place-{prose.demo_places}"):
                    demos.place(part)
        else:
            shown = prose.budget.text(part)
            if shown is None:
                break
            st.markdown(prose(shown))
    return had_table


def _section_body(section: Section, prose: Prose, demos: DemoSlots | None) -> None:
    had_table = markdown_with_tables(section.markdown, prose, demos) if section.markdown.strip() else False
    # The parser keeps tables in the markdown and also as Table objects: show each only once.
    if section.tables and not had_table:
        for table in section.tables:
            show_table(table.columns, table.rows, prose)


def _capped(items: Sequence[T], prose: Prose, limit: int = MAX_ITEMS) -> Sequence[T]:
    """The first ``limit`` of ``items``; marks the page as cut when there are more."""
    if len(items) > limit:
        prose.budget.cut = True
        return items[:limit]
    return items


def _bullets(items: Sequence[str]) -> str:
    return "\n".join("- " + item.strip().replace("\n", "\n  ") for item in items if item.strip())


def _formula(activation: str, lang: str) -> None:
    """f and f' from the activation registry (the parser has already warned about an unknown name)."""
    try:
        spec = activations.get(activation)
    except ValueError:
        return
    with ui_part("formula"):  # the captions are the interface's; LaTeX has no language
        cols = st.columns(2)
        with cols[0]:
            st.caption(t("formula", lang))
            st.latex(spec.latex)
        if getattr(spec, "derivative_latex", ""):
            with cols[1]:
                st.caption(t("derivative", lang))
                st.latex(spec.derivative_latex)


def _default_demos(entry: Entry, demos: DemoSlots, lang: str) -> None:
    """An activation page whose author placed no demo block gets the default set here."""
    if not entry.activation or entry.demos or entry.activation not in activations.ACTIVATIONS:
        return
    with ui_part("demos"):
        st.header(t("demos", lang))
        for block in default_blocks(entry.activation):
            demos.place_block(block)


def _sources(entry: Entry, lang: str) -> str:
    lines = []
    for number, source in enumerate(entry.sources[:MAX_ITEMS], start=1):
        title = escape_text(source.title or source.url or "")
        if source.url and is_web_url(source.url):
            lines.append(f"{number}. [{title}]({markdown_url(source.url.strip())})")
        else:
            lines.append(f"{number}. {title} {t('source_no_url', lang)}")
    return "\n".join(lines)


def _link_list(name: str, slugs: Sequence[str], library: Library | None, lang: str) -> None:
    with ui_part(name):  # the links themselves are entry titles: head.js gives each its entry's language
        st.markdown(f"**{t(name, lang)}**")
        if not slugs:
            st.caption(t("none", lang))
    with st.container(horizontal=True, gap="small"):  # wraps into rows of links
        for slug in slugs:
            entry = library.entries.get(slug) if library is not None else None
            page_link(slug, entry.title if entry else slug, lang, icon=":material/arrow_forward:")


def render_entry(entry: Entry, library: Library | None, lang: str) -> None:
    """The whole entry: lead, key points, explanation, example, formula, demos, sources, links."""
    prose = Prose(library, entry.slug, lang)
    demos = DemoSlots(entry, lang)
    st.title(entry.title)
    stale = library.stale.get(entry.slug) if library is not None else None
    if stale:  # the file is broken on disk now (caught half-written?): this is its last good version
        notice = [t("stale_notice", lang, path=escape_text(shown_path(entry.path, library.folder)))]
        with ui_part("stale"):
            st.warning("\n".join(notice + _diagnostic_lines(stale, library, lang)), icon=":material/history:")
    if entry.aliases:
        with st.container(horizontal=True, gap="xxsmall"):  # label: the interface; names: the entry
            with ui_part("aliases", width="content"):
                st.caption(f"{t('aliases', lang)}:")
            st.caption(", ".join(escape_text(a) for a in entry.aliases))
    if entry.tags:
        st.markdown(" ".join(f":blue-badge[{escape_text(tag)}]" for tag in entry.tags))
    if lang == "en" and entry.lang == "pl":
        with ui_part("lang-note"):
            st.caption(t("entry_lang_note", lang))

    if entry.definition.strip():
        with st.container(border=True, key="lead"):
            markdown_with_tables(entry.definition, prose, demos)
    if entry.activation:
        _formula(entry.activation, lang)

    if entry.key_points:
        with ui_part("key-points"):
            st.header(t("key_points", lang))
        st.markdown(prose(_bullets(_capped(entry.key_points, prose))))

    if entry.explanation_intro.strip() or entry.explanation:
        with ui_part("explanation"):
            st.header(t("explanation", lang))
        if entry.explanation_intro.strip():
            markdown_with_tables(entry.explanation_intro, prose, demos)
        for section in _capped(entry.explanation, prose, MAX_SECTIONS):
            st.markdown(f"### {escape_text(section.heading)}")
            _section_body(section, prose, demos)

    if entry.example is not None:
        with ui_part("example"):
            st.header(t("example", lang))
        if entry.example.markdown.strip():
            markdown_with_tables(entry.example.markdown, prose, demos)
        for block in entry.example.code:
            if prose.budget.code():
                st.code(block.code, language=block.language or None)

    for section in _capped(entry.extra_sections, prose, max(MAX_SECTIONS - len(entry.explanation), 0)):
        st.header(escape_text(section.heading))
        _section_body(section, prose, demos)

    if prose.budget.cut or demos.cut:
        with ui_part("page-budget"):
            st.info(t("page_budget", lang), icon=":material/content_cut:")
    _default_demos(entry, demos, lang)

    if entry.sources:
        with ui_part("sources"):
            st.header(t("sources", lang))
        st.markdown(_sources(entry, lang))

    if entry.scratchpad:
        with st.expander(t("scratchpad", lang), expanded=False):
            st.markdown(prose(_bullets(_capped(entry.scratchpad, prose))))

    st.divider()
    left, right = st.columns(2)
    related = library.related_of(entry) if library is not None else ()
    backlinks = sorted(library.backlinks.get(entry.slug, ()), key=_order(library)) if library else []
    with left:
        _link_list("related", list(related), library, lang)
    with right:
        _link_list("backlinks", backlinks, library, lang)
    demos.run()  # last: every word of the entry is on its way before the first demo computes


def _order(library: Library):
    order = {slug: i for i, slug in enumerate(library.sorted_slugs())}
    return lambda slug: order.get(slug, len(order))


def render_broken(path: str, diagnostics: Sequence[Diagnostic], library: Library, lang: str) -> None:
    """The error card of a file that did not load: file, line and problem for each diagnostic."""
    st.title(t("broken_title", lang))
    lines = [t("broken_body", lang, path=escape_text(shown_path(path, library.folder)))]
    st.error("\n".join(lines + _diagnostic_lines(diagnostics, library, lang)), icon=":material/error:")


def _diagnostic_lines(diagnostics: Sequence[Diagnostic], library: Library, lang: str) -> list[str]:
    """One markdown bullet per diagnostic: file, line, severity, message."""
    lines = []
    for diag in diagnostics:
        severity = t(f"severity_{diag.severity}", lang)
        lines.append(
            f"- {escape_text(shown_path(diag.path, library.folder))} · {t('line', lang, line=diag.line)} · "
            f"**{severity}**: "
            f"{escape_text(message(diag, lang))}"
        )
    return lines


def suggest(library: Library, path: str, n: int = 5) -> list[str]:
    """Library.suggest for the whole address, then for each of its words (`nieznany-relu` -> relu)."""
    found = list(library.suggest(path, n=n)) if path else []
    for word in path.replace("_", "-").split("-"):
        if len(word) >= 3:
            found += library.suggest(word, n=n)
    return list(dict.fromkeys(found))[:n]


def render_not_found(path: str, library: Library | None, lang: str) -> None:
    """A friendly page for an unknown address, with "did you mean" suggestions."""
    st.title(t("not_found_title", lang))
    st.markdown(t("not_found_body", lang, path=escape_text(path)))
    suggestions = suggest(library, path) if library is not None else []
    if suggestions:
        st.markdown(f"**{t('did_you_mean', lang)}**")
        for slug in suggestions:
            entry = library.entries.get(slug)
            page_link(slug, entry.title if entry else slug, lang, icon=":material/arrow_forward:")
    else:
        st.caption(t("no_suggestions", lang))
    page_link("", t("back_to_index", lang), lang, icon=":material/arrow_back:")

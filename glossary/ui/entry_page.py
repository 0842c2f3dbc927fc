"""One entry's page, the error card of a file that did not load, and the not-found page."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from functools import lru_cache

import streamlit as st

from glossary.corpus.entry import Diagnostic, Entry, Section, Table
from glossary.corpus.library import Library
from glossary.corpus.render import (
    TableBlock,
    escape_text,
    is_web_url,
    markdown_url,
    safe_markdown,
    split_tables,
)
from glossary.ui.data import link_suffix, shown_path
from glossary.ui.i18n import t
from glossary.ui.links import page_link

log = logging.getLogger(__name__)
GENERAL_DEMOS_SLUG = "funkcja-aktywacji"


@lru_cache(maxsize=8192)
def _prose(library: Library | None, slug: str, suffix: str, markdown: str) -> str:
    # Keyed on the library object: a reload makes a new one, so edited entries are never stale.
    if library is not None:
        markdown = library.linkify(markdown, slug)
    return safe_markdown(markdown, suffix)


class Prose:
    """Turns an entry's markdown into safe markdown with mentions of other entries linked."""

    def __init__(self, library: Library | None, slug: str, lang: str) -> None:
        self.library, self.slug, self.suffix = library, slug, link_suffix(lang)

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

    def row(cells: Sequence[str]) -> str:
        cells = [*cells, *[""] * width][:width]
        return "| " + " | ".join(c.replace("\n", " ") for c in cells) + " |"

    source = "\n".join([row(columns), "|" + "---|" * width] + [row(r) for r in rows])
    with st.container(horizontal=True, wrap=False):
        st.markdown(prose(source))


def markdown_with_tables(markdown: str, prose: Prose) -> bool:
    """Show ``markdown``, its top-level tables through `show_table`. True if it had a table."""
    had_table = False
    for part in split_tables(markdown):
        if isinstance(part, TableBlock):
            show_table(part.columns, part.rows, prose)
            had_table = True
        else:
            st.markdown(prose(part))
    return had_table


def _section_body(section: Section, prose: Prose) -> None:
    had_table = markdown_with_tables(section.markdown, prose) if section.markdown.strip() else False
    # The parser keeps tables in the markdown and also as Table objects: show each only once.
    if section.tables and not had_table:
        for table in section.tables:
            show_table(table.columns, table.rows, prose)


def _bullets(items: Sequence[str]) -> str:
    return "\n".join("- " + item.strip().replace("\n", "\n  ") for item in items if item.strip())


def _formula(activation: str, lang: str) -> None:
    """f and f' from the activation registry; tolerate the registry being absent or incomplete."""
    try:
        registry = importlib.import_module("glossary.maths.activations")
        spec = registry.get(activation)
    except (ImportError, ValueError, AttributeError) as exc:
        log.warning("no formula for activation %r: %s", activation, exc)
        return
    cols = st.columns(2)
    with cols[0]:
        st.caption(t("formula", lang))
        st.latex(spec.latex)
    if getattr(spec, "derivative_latex", ""):
        with cols[1]:
            st.caption(t("derivative", lang))
            st.latex(spec.derivative_latex)


def _demos(entry: Entry, lang: str) -> None:
    """The demo slot: owned by glossary.ui.demos, called here and nowhere else."""
    if not entry.activation and entry.slug != GENERAL_DEMOS_SLUG:
        return
    # ---- DEMO SLOT (glossary/ui/demos.py) ---------------------------------------------------------
    with st.container(key="demo-slot"):
        try:
            from glossary.ui import demos

            if entry.activation:
                demos.render_activation_demos(entry.activation, lang)
            else:
                demos.render_general_demos(lang)
        except Exception as exc:  # a broken demo must not take the entry text down with it
            log.exception("demo failed on %s", entry.slug)
            st.error(f"{t('demos', lang)}: {type(exc).__name__}: {exc}")
    # ---- END DEMO SLOT ------------------------------------------------------------------------------


def _sources(entry: Entry, lang: str) -> str:
    lines = []
    for number, source in enumerate(entry.sources, start=1):
        title = escape_text(source.title or source.url or "")
        if source.url and is_web_url(source.url):
            lines.append(f"{number}. [{title}]({markdown_url(source.url.strip())})")
        else:
            lines.append(f"{number}. {title} {t('source_no_url', lang)}")
    return "\n".join(lines)


def _link_list(title: str, slugs: Sequence[str], library: Library | None, lang: str) -> None:
    st.markdown(f"**{title}**")
    if not slugs:
        st.caption(t("none", lang))
    with st.container(horizontal=True, gap="small"):  # wraps into rows of links
        for slug in slugs:
            entry = library.entries.get(slug) if library is not None else None
            page_link(slug, entry.title if entry else slug, lang, icon=":material/arrow_forward:")


def render_entry(entry: Entry, library: Library | None, lang: str) -> None:
    """The whole entry: lead, key points, explanation, example, formula, demos, sources, links."""
    prose = Prose(library, entry.slug, lang)
    st.title(entry.title)
    if entry.aliases:
        st.caption(f"{t('aliases', lang)}: " + ", ".join(escape_text(a) for a in entry.aliases))
    if entry.tags:
        st.markdown(" ".join(f":blue-badge[{escape_text(tag)}]" for tag in entry.tags))
    if lang == "en" and entry.lang == "pl":
        st.caption(t("entry_lang_note", lang))

    if entry.definition.strip():
        with st.container(border=True, key="lead"):
            markdown_with_tables(entry.definition, prose)
    if entry.activation:
        _formula(entry.activation, lang)

    if entry.key_points:
        st.subheader(t("key_points", lang))
        st.markdown(prose(_bullets(entry.key_points)))

    if entry.explanation_intro.strip() or entry.explanation:
        st.subheader(t("explanation", lang))
        if entry.explanation_intro.strip():
            markdown_with_tables(entry.explanation_intro, prose)
        for section in entry.explanation:
            st.markdown(f"#### {escape_text(section.heading)}")
            _section_body(section, prose)

    if entry.example is not None:
        st.subheader(t("example", lang))
        if entry.example.markdown.strip():
            markdown_with_tables(entry.example.markdown, prose)
        for block in entry.example.code:
            st.code(block.code, language=block.language or None)

    for section in entry.extra_sections:
        st.subheader(escape_text(section.heading))
        _section_body(section, prose)

    _demos(entry, lang)

    if entry.sources:
        st.subheader(t("sources", lang))
        st.markdown(_sources(entry, lang))

    if entry.scratchpad:
        with st.expander(t("scratchpad", lang), expanded=False):
            st.markdown(prose(_bullets(entry.scratchpad)))

    st.divider()
    left, right = st.columns(2)
    related = library.related(entry.slug) if library is not None else ()
    backlinks = sorted(library.backlinks.get(entry.slug, ()), key=_order(library)) if library else []
    with left:
        _link_list(t("related", lang), list(related), library, lang)
    with right:
        _link_list(t("backlinks", lang), backlinks, library, lang)


def _order(library: Library):
    order = {slug: i for i, slug in enumerate(library.sorted_slugs())}
    return lambda slug: order.get(slug, len(order))


def render_broken(path: str, diagnostics: Sequence[Diagnostic], library: Library, lang: str) -> None:
    """The error card of a file that did not load: file, line and problem for each diagnostic."""
    st.title(t("broken_title", lang))
    lines = [t("broken_body", lang, path=escape_text(shown_path(path, library.folder)))]
    for diag in diagnostics:
        severity = t(f"severity_{diag.severity}", lang)
        lines.append(
            f"- {escape_text(shown_path(diag.path, library.folder))} · {t('line', lang, line=diag.line)} · "
            f"**{severity}**: "
            f"{escape_text(diag.message)}"
        )
    st.error("\n".join(lines), icon=":material/error:")


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

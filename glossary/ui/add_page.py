"""Add an entry: the format, a template to download, and a live preview with diagnostics.

The app never writes into ``content/``: the author saves the file by hand.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import streamlit as st

from glossary.corpus import text
from glossary.corpus.demos import DEMOS
from glossary.corpus.library import Library
from glossary.corpus.parse import parse_text, template
from glossary.corpus.render import escape_text
from glossary.ui.diagnostics import line_text
from glossary.ui.entry_page import render_entry
from glossary.ui.i18n import t, tn

PASTE_NAMES = ("wklejony.md", "pasted.md")  # the file name a paste is parsed under (pl, en)
MAX_UPLOAD_BYTES = 1024 * 1024


def decode_upload(data: bytes, lang: str) -> tuple[str | None, str | None]:
    """``(text, None)`` for an acceptable upload, ``(None, problem)`` otherwise."""
    if len(data) > MAX_UPLOAD_BYTES:
        return None, t("too_big", lang, size=tn("n_bytes", len(data), lang))
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, t("not_utf8", lang)


def template_ui(lang: str) -> None:
    title = st.text_input(t("template_title", lang), value=t("template_default", lang), key="new_title")
    title = title.strip() or t("template_default", lang)
    file_name = f"{text.slugify(title) or 'haslo'}.md"
    st.download_button(
        t("template_download", lang, file=file_name),
        data=template(title, "pl"),
        file_name=file_name,
        mime="text/markdown",
        icon=":material/download:",
        on_click="ignore",
    )


_LAST = "_add_last_source"


def _remember(source: str) -> None:
    st.session_state[_LAST] = source


def source_ui(lang: str) -> tuple[str, str]:
    """The pasted or uploaded text and the file name to show in diagnostics."""
    # The preview shows what the author gave last: a paste after an upload wins, and the other way round.
    pasted = st.text_area(
        t("paste_label", lang), height=260, key="pasted", on_change=_remember, args=("paste",)
    )
    upload = st.file_uploader(
        t("upload_label", lang),
        type=["md", "markdown", "txt"],
        key="upload",
        max_upload_size=MAX_UPLOAD_BYTES // (1024 * 1024),  # the widget refuses what decode_upload would
        on_change=_remember,
        args=("upload",),
    )
    if upload is not None and not (pasted and st.session_state.get(_LAST) == "paste"):
        content, problem = decode_upload(upload.getvalue(), lang)
        if problem:
            st.error(problem)
            return "", upload.name
        return content or "", upload.name
    return pasted or "", PASTE_NAMES[lang == "en"]


def demos_help_ui(lang: str) -> None:
    """Every demo a ```demo NAME``` block can place, with its settings, straight from the registry."""
    with st.expander(t("add_demos", lang), expanded=False):
        st.markdown(t("add_demos_body", lang))
        st.code("```demo gradient\nactivation: sigmoid\ndepth: 30\ncompare: [relu]\n```", language="markdown")
        for spec in DEMOS.values():
            lines = [f"**`{spec.name}`** — {escape_text(spec.title(lang))}"]
            for s in spec.settings:
                default = f"{t('add_demos_default', lang)} `{escape_text(str(s.default))}`"
                lines.append(
                    f"- `{s.name}`: {escape_text(s.label(lang))}; {default}; {escape_text(s.describe())}"
                )
            st.markdown("\n".join(lines))


def render_add(library: Library, lang: str) -> None:
    st.title(t("add_title", lang))
    st.markdown(t("add_intro", lang))
    with st.expander(t("add_format", lang), expanded=True):
        st.markdown(t("add_format_body", lang))
    demos_help_ui(lang)
    template_ui(lang)
    st.divider()
    source, name = source_ui(lang)
    if not source.strip():
        st.info(t("preview_empty", lang))
        return
    parsed = parse_text(source, name)
    entry = parsed.entry
    if name in PASTE_NAMES and text.slugify(entry.title) == Path(name).stem:  # titled after the paste
        entry = replace(entry, title=t("untitled", lang))
        if not any(d.severity == "error" for d in entry.diagnostics):  # an error says more already
            st.warning(f"{name}: {t('untitled_hint', lang)}")
    st.caption(t("save_hint", lang, file=escape_text(f"{text.slugify(entry.title) or 'haslo'}.md")))
    missing = [(line, target) for target, line in parsed.links if library.resolve(target) is None]
    missing += [(0, target) for target in entry.related if library.resolve(target) is None]
    diagnostics, preview = st.tabs([t("diagnostics", lang), t("preview", lang)])
    with diagnostics:
        for diag in entry.diagnostics:
            show = st.error if diag.severity == "error" else st.warning
            show(escape_text(line_text(diag, diag.path, lang)))
        for line, target in missing:  # the library knows which entries exist; a lone file cannot
            where = f"{name}:{line}: " if line else f"{name}: related: "
            st.warning(escape_text(where + t("missing_link", lang, target=target)))
        if not entry.diagnostics and not missing:
            st.success(t("no_diagnostics", lang))
    # keyed "content-<lang>": head.js gives the preview its entry's language (the page speaks the interface's)
    with preview, st.container(border=True, key=f"content-{entry.lang}"):
        render_entry(entry, library, lang)

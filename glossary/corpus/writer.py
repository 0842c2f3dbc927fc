"""The canonical Markdown of an entry (:func:`to_markdown`) and a new entry's template.

The canonical form is front matter plus the six sections in their fixed order; it parses back to
the same entry, which is how ``python -m glossary import`` writes an exported note into
``content/``.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from glossary.corpus.entry import LANGS, CodeBlock, Entry
from glossary.corpus.text import KIND_ORDER, SECTION_NAMES


def _heading(kind: str, lang: str) -> str:
    names = SECTION_NAMES[kind]
    return f"## {names[2]} {names[1] if lang == 'en' else names[0]}"


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join("- " + item.replace("\n", "\n  ") for item in items)


def _fence(block: CodeBlock) -> str:
    longest = max((len(run) for run in re.findall(r"`+", block.code)), default=0)
    marks = "`" * max(3, longest + 1)
    code = block.code if block.code.endswith("\n") or not block.code else block.code + "\n"
    return f"{marks}{block.language}\n{code}{marks}"


def _front_matter_text(entry: Entry) -> str:
    meta: dict[str, Any] = {"title": entry.title}
    if entry.aliases:
        meta["aliases"] = list(entry.aliases)
    if entry.tags:
        meta["tags"] = list(entry.tags)
    meta["lang"] = entry.lang
    if entry.activation:
        meta["activation"] = entry.activation
    if entry.related:
        meta["related"] = list(entry.related)
    lines = ["---"]
    for key, value in meta.items():
        flow = isinstance(value, list)
        dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow, width=10**6)
        lines.append(f"{key}: {dumped.removesuffix(chr(10) + '...' + chr(10)).strip()}")
    lines.append("---")
    return "\n".join(lines)


def to_markdown(entry: Entry) -> str:
    """The canonical Markdown of ``entry`` (front matter + the six sections); parses back to it."""
    lang = entry.lang if entry.lang in LANGS else "pl"
    out = [_front_matter_text(entry), _heading("definition", lang), entry.definition]
    if entry.key_points:
        out += [_heading("key_points", lang), _bullets(entry.key_points)]
    if entry.explanation_intro or entry.explanation:
        out.append(_heading("explanation", lang))
        if entry.explanation_intro:
            out.append(entry.explanation_intro)
        for section in entry.explanation:
            out.append(f"### {section.heading}")
            if section.markdown:
                out.append(section.markdown)
    if entry.example is not None:
        out.append(_heading("example", lang))
        if entry.example.markdown:
            out.append(entry.example.markdown)
        out += [_fence(block) for block in entry.example.code]
    if entry.sources:
        lines = []
        for s in entry.sources:
            title = s.title if s.title != s.url else ""
            body = f"{title}: {s.url}" if s.url and title else (s.url or title)
            lines.append(f"- [{s.label}] {body}")
        out += [_heading("sources", lang), "\n".join(lines)]
    if entry.scratchpad:
        out += [_heading("scratchpad", lang), _bullets(entry.scratchpad)]
    for section in entry.extra_sections:
        out.append(f"## {section.heading or ('Inne' if lang == 'pl' else 'Other')}")
        if section.markdown:
            out.append(section.markdown)
    return "\n\n".join(part for part in out if part) + "\n"


_TEMPLATE_CODE = "```python\nimport numpy as np\n\nx = np.linspace(-3, 3, 7)\nprint(x)\n```"
_TEMPLATE_TEXT = {
    "pl": {
        "definition": "{title} to … (jedno lub dwa zdania: czym jest to pojęcie i do czego służy).",
        "key_points": "- Najważniejsza własność.\n- Kiedy się to stosuje.\n- Na co uważać.",
        "explanation": "Krótki wstęp.\n\n### Jak to działa\n\nAkapity, listy i tabele GFM:\n\n"
        "| x | f(x) |\n|---|---|\n| 0 | 0 |",
        "example": "Gdzie i jak tego użyć:\n\n" + _TEMPLATE_CODE,
        "sources": "- [1] Autor (rok). Tytuł: https://example.org/",
        "scratchpad": "- Notatki robocze (nie są pokazywane jako treść główna).",
    },
    "en": {
        "definition": "{title} is … (one or two sentences: what the term is and what it is for).",
        "key_points": "- The most important property.\n- When it is used.\n- What to watch out for.",
        "explanation": "A short introduction.\n\n### How it works\n\nParagraphs, lists and GFM tables:\n\n"
        "| x | f(x) |\n|---|---|\n| 0 | 0 |",
        "example": "Where and how to use it:\n\n" + _TEMPLATE_CODE,
        "sources": "- [1] Author (year). Title: https://example.org/",
        "scratchpad": "- Working notes (not shown as the main content).",
    },
}


def template(title: str, lang: str = "pl") -> str:
    """A complete new entry with every section, ready to fill in (``python -m glossary new``)."""
    lang = lang if lang in LANGS else "pl"
    meta = yaml.safe_dump({"title": title}, allow_unicode=True, width=10**6).strip()
    head = f"---\n{meta}\naliases: []\ntags: []\nlang: {lang}\n# activation: relu\nrelated: []\n---"
    parts = [head]
    for kind in KIND_ORDER:
        parts += [_heading(kind, lang), _TEMPLATE_TEXT[lang][kind].replace("{title}", title)]
    return "\n\n".join(parts) + "\n"

"""Markdown text -> :class:`~glossary.corpus.entry.Entry`, with located diagnostics.

One markdown-it pass per file: the token stream gives the structure and ``token.map`` the lines.
Notes exported from another tool (bare emoji headings, no fences; see
:func:`glossary.corpus.exported.reconstruct`) are detected and rebuilt as canonical Markdown before that
single pass.

Public surface: :func:`parse_entry`, :func:`parse_file`, and, from their own modules but importable
from here, :func:`~glossary.corpus.writer.to_markdown` and :func:`~glossary.corpus.writer.template`.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from dataclasses import dataclass, replace
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore, inline, text_join
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from glossary.corpus.activation_names import NAMES as ACTIVATION_NAMES
from glossary.corpus.budget import over_budget
from glossary.corpus.demos import DemoBlock, read_block
from glossary.corpus.entry import LANGS, CodeBlock, Diagnostic, Entry, Example, Section, Source, Table
from glossary.corpus.exported import reconstruct
from glossary.corpus.front_matter import FRONT_MATTER_KEYS, load_front_matter
from glossary.corpus.text import KIND_ORDER, SECTION_NAMES, classify, fold, known_names, slugify, split_emoji
from glossary.corpus.writer import template, to_markdown

__all__ = [
    "FRONT_MATTER_KEYS",
    "LANGS",
    "MAX_BYTES",
    "ParseResult",
    "parse_entry",
    "parse_file",
    "parse_text",
    "read_and_parse",
    "reconstruct",
    "template",
    "to_markdown",
]

MAX_BYTES = 1_000_000

_MD = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
# The same configuration reading the blocks only: a paragraph's inline markup is parsed (by markdown-it's
# own core rules, see _parse_inline) only where a link, code span or autolink can be, because a plain
# paragraph's prose is its text. NOTE: that skips about a quarter of markdown-it's work on an entry
# (1,000 seed-sized entries: load 1.6x -> 1.4x the full parse, i.e. ~0.25 s of a 2 s start).
_BLOCKS = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).disable(["inline", "text_join"])

_BULLET = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])[ \t]*)")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://\S+")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_LABEL = re.compile(r"^\[([^\]]{1,12})\](?!\()\s*")
_DEF_SUBJECT = re.compile(
    r"^\s*(?P<x>[^.!?:;\n]{1,80}?)\s+(?:to|is|are|jest|są|oznacza|means|refers to)\s", re.IGNORECASE
)
_REFUSED_LINK = re.compile(r"\]\(\s*<?([a-zA-Z][a-zA-Z0-9+.-]*:[^)\s>]*)")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_SLUG_TARGET = re.compile(r"^[A-Za-z0-9][\w.-]*$")
_INTERESTING = frozenset(
    (
        "inline",
        "heading_open",
        "list_item_open",
        "paragraph_open",
        "tr_open",
        "table_open",
        "table_close",
        "fence",
        "code_block",
        "front_matter",
    )
)
_NO_DEMO_SECTIONS = frozenset(("key_points", "sources", "scratchpad"))  # item lists: no place for a demo
_ENGLISH = frozenset(
    (
        "definition",
        "key points",
        "detailed explanation",
        "example",
        "examples",
        "sources",
        "references",
        "scratchpad",
        "notes",
    )
)


class _Part:
    """A section or subsection while the token stream is walked."""

    __slots__ = (
        "end",
        "fences",
        "heading",
        "items",
        "kind",
        "line",
        "paras",
        "start",
        "subs",
        "tables",
        "text",
    )

    def __init__(self, heading: str, kind: str | None, line: int, start: int) -> None:
        self.heading = heading
        self.kind = kind
        self.line = line  # 1-based line of the heading (0 for the preamble)
        self.start = start  # first content line (0-based, converted text)
        self.end = -1
        self.items: list[list[int]] = []
        self.paras: list[list[int]] = []
        self.tables: list[Table] = []
        self.fences: list[tuple[CodeBlock, list[int]]] = []
        self.subs: list[_Part] = []
        # a section's text for _prose, in order: inline tokens, and the strings of headings and code
        # blocks (a subsection's text stays in its section's list)
        self.text: list[Token | str] = []


@dataclass
class ParseResult:
    """An entry plus what the library needs and the entry does not carry."""

    entry: Entry
    links: tuple[tuple[str, int], ...] = ()  # in-app link targets (slug, line)
    # Plain text of the key points and of the rest (outside code, links, headings and sources):
    # where mentions of other entries count. ``extra`` is the remaining searchable text.
    key_points_prose: str = ""
    prose: str = ""
    key_points_extra: str = ""  # code spans and link texts of the key points
    extra: str = ""


def parse_entry(text: str, path: str) -> Entry:
    """Parse the Markdown ``text`` of the file ``path``. Never raises: problems are diagnostics."""
    return parse_text(text, path).entry


def parse_file(path: str | os.PathLike[str]) -> Entry:
    """Read and parse one file (size limit, UTF-8 check)."""
    return read_and_parse(path).entry


def read_and_parse(path: str | os.PathLike[str]) -> ParseResult:
    """:func:`parse_file` returning the full :class:`ParseResult` (used by the library)."""
    p = str(path)
    try:
        with open(p, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            # never read a huge file whole; NOTE: read(MAX_BYTES + 1) would allocate 1 MB per file
            want = min(size, MAX_BYTES) + 1
            data = fh.read(want)
            if len(data) == want <= MAX_BYTES:  # the file grew since fstat: read on, up to the cap
                data += fh.read(MAX_BYTES + 1 - want)
    except OSError as exc:
        return _failed(p, 0, f"cannot read the file ({exc.strerror or exc}): check it exists and is readable")
    if len(data) > MAX_BYTES:
        return _failed(
            p,
            0,
            f"file is larger than 1 MB ({max(size, len(data)):,} bytes): split it into smaller entries",
        )
    nul = data.find(b"\x00")
    if nul >= 0:  # NOTE: NUL bytes are valid UTF-8 but never text: treat the file as binary
        line = data.count(b"\n", 0, nul) + 1
        return _failed(p, line, "file contains a NUL byte (binary data?): save the entry as plain UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        return _failed(p, line, f"file is not valid UTF-8 (byte 0x{bad}): re-save it with UTF-8 encoding")
    return parse_text(text, p)


def _failed(path: str, line: int, message: str) -> ParseResult:
    slug = _stem_slug(path)
    diag = Diagnostic(path, line, "error", message)
    return ParseResult(Entry(path=path, slug=slug, title=_humanise(slug), diagnostics=(diag,)))


def _stem_slug(path: str) -> str:
    name = os.path.basename(path)
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return slugify(stem)


def _parse_inline(tok: Token, env: dict[str, Any]) -> None:
    """``tok.children``: what markdown-it's full parse gives an inline token (core rules inline and
    text_join, run on this token alone)."""
    state = StateCore(tok.content, _MD, env, [tok])
    inline(state)
    text_join(state)


def _humanise(slug: str) -> str:
    words = slug.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "Untitled"


def parse_text(text: str, path: str) -> ParseResult:
    """Parse ``text``; any unexpected exception becomes an error diagnostic (never silent)."""
    try:
        return _Parser(text, path).run()
    except Exception as exc:  # reported as a diagnostic, not swallowed
        slug = _stem_slug(path)
        diag = Diagnostic(
            path, 0, "error", f"internal parser error ({type(exc).__name__}: {exc}): please report it"
        )
        return ParseResult(Entry(path=path, slug=slug, title=_humanise(slug), diagnostics=(diag,)))


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.slug = _stem_slug(path)
        self.diags: list[Diagnostic] = []
        self.env: dict[str, Any] = {}  # markdown-it's environment (link reference definitions)
        # the structure (filled by _walk)
        self.meta: dict[str, Any] = {}
        self.h1: str | None = None
        self.preamble = _Part("", None, 0, 0)
        self.parts: list[_Part] = []
        self.demo_fences: list[tuple[str, str, int, int, str | None]] = []  # info, body, line, level, section
        # the prose and search text (filled by _prose)
        self.body_prose: list[str] = []
        self.kp_prose: list[str] = []
        self.extra: list[str] = []
        self.kp_extra: list[str] = []
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.startswith("\ufeff"):
            text = text[1:]
        self.raw = text
        rebuilt = reconstruct(text)
        if rebuilt is None:
            self.src, self.line_map = text, None
        else:
            self.src, self.line_map = rebuilt
        self.lines = self.src.split("\n")

    # -- helpers ---------------------------------------------------------------------------------
    def orig(self, line0: int) -> int:
        """1-based line in the original file for a 0-based line of the parsed text."""
        if self.line_map is None:
            return line0 + 1
        if not self.line_map:
            return 1
        return self.line_map[min(max(line0, 0), len(self.line_map) - 1)]

    def warn(self, line0: int, message: str) -> None:
        self.diags.append(Diagnostic(self.path, self.orig(line0), "warning", message))

    def error(self, line: int, message: str) -> None:
        self.diags.append(Diagnostic(self.path, line, "error", message))

    def slice(self, start: int, end: int, skip: list[list[int]] | None = None) -> str:
        lines = self.lines[start:end]
        if skip:
            drop = {i for a, b in skip for i in range(a, b)}
            kept = [ln for i, ln in enumerate(self.lines[start:end], start) if i not in drop]
            lines = [ln for i, ln in enumerate(kept) if ln.strip() or (i and kept[i - 1].strip())]
        return "\n".join(lines).strip("\n").rstrip()

    # -- main ------------------------------------------------------------------------------------
    def run(self) -> ParseResult:
        if not self.raw.strip():
            self.error(
                1, 'file is empty: start from `python -m glossary new "Term"` or copy an existing entry'
            )
            return self._result(self._bare(), ())
        tokens = _BLOCKS.parse(self.src, self.env)
        self._walk(tokens)
        links = self._prose([self.preamble, *self.parts])
        if self.lines[0].rstrip() == "---" and not (tokens and tokens[0].type == "front_matter"):
            # NOTE: an unclosed front matter is most often a file caught half-written: refuse it rather
            # than show its YAML as the definition (the app keeps the last version that parsed)
            self.error(1, "front matter opened with '---' on line 1 is not closed: add a closing '---' line")
        if any(d.severity == "error" for d in self.diags):
            return self._result(self._bare(), links)
        return self._result(self._build(self.meta, self.h1, self.preamble, self.parts), links)

    def _walk(self, tokens: list[Token]) -> None:
        """The structure, in one pass over the tokens: front matter, the h1, the sections (h2) and the
        explanation's subsections (h3) with the lines of their paragraphs and list items, their tables,
        code and demo blocks. Each section keeps, in order, the text that :meth:`_prose` reads."""
        cur = self.preamble
        sub: _Part | None = None
        text = cur.text  # kept local: appended to for every inline token
        heading: Token | None = None  # an h1-h3 whose text is the next inline token
        table: list[list[str]] | None = None
        table_map: list[int] = [0, 0]
        for tok in tokens:
            ttype = tok.type
            if ttype not in _INTERESTING:
                continue
            if ttype == "inline":
                if heading is None:
                    text.append(tok)
                    if table is not None:
                        table[-1].append(tok.content.strip())
                    continue
                title = tok.content.strip()
                text.append(title)  # heading text: searchable, never prose
                cur, sub = self._heading(heading.tag, title, heading.map[0] if heading.map else 0, cur, sub)
                text = cur.text
                heading = None
            elif ttype == "paragraph_open":  # the most frequent types first
                if tok.level == 0 and tok.map:
                    cur.paras.append(tok.map)
            elif ttype == "list_item_open":
                if tok.level == 1 and tok.map:
                    cur.items.append(tok.map)
            elif ttype == "heading_open":
                if tok.level == 0 and tok.tag in ("h1", "h2", "h3"):
                    heading = tok
            elif ttype == "tr_open":
                if table is not None:
                    table.append([])
            elif ttype == "table_open":
                table = []
                table_map = tok.map or [0, 0]
            elif ttype == "table_close":
                if table:
                    self._table(table, table_map, sub or cur)
                table = None
            elif ttype == "front_matter":
                self.meta = self._front_matter(tok.content, tok.map or [0, 0])
                self.preamble.start = (tok.map or [0, 0])[1]
            else:  # fence, code_block
                self._code(tok, cur, sub)
        end = len(self.lines)
        cur.end = end
        if self.preamble.end < 0:
            self.preamble.end = end
        if sub is not None:
            sub.end = end

    def _heading(
        self, level: str, title: str, line0: int, cur: _Part, sub: _Part | None
    ) -> tuple[_Part, _Part | None]:
        """Open a section (h2) or a subsection of the explanation (h3), or take the first h1 before any
        section as the title; returns the current section and subsection."""
        if level == "h2":
            cur.end = line0
            if sub is not None:
                sub.end = line0
            cur = _Part(title, classify(title), self.orig(line0), line0 + 1)
            self.parts.append(cur)
            return cur, None
        if level == "h3" and cur.kind == "explanation":
            if sub is not None:
                sub.end = line0
            sub = _Part(title, "sub", self.orig(line0), line0 + 1)
            cur.subs.append(sub)
        elif level == "h1" and self.h1 is None and not self.parts:
            self.h1 = title
            self.preamble.start = line0 + 1
        return cur, sub

    def _table(self, rows: list[list[str]], tmap: list[int], part: _Part) -> None:
        part.tables.append(Table(tuple(rows[0]), tuple(tuple(r) for r in rows[1:]), self.orig(tmap[0])))
        self._check_ragged(tmap, len(rows[0]))

    def _code(self, tok: Token, cur: _Part, sub: _Part | None) -> None:
        """A fenced or indented code block, or a ```demo``` block (a live demo, not code)."""
        tmap = tok.map or [0, 0]
        fenced = tok.type == "fence"
        if fenced:
            self._check_fence(tok.markup, tmap)
        lang = tok.info.strip().split(" ")[0] if fenced else ""
        if lang == "demo":  # validated once the page's activation is known
            self.demo_fences.append((tok.info, tok.content, self.orig(tmap[0]), tok.level, cur.kind))
            return
        cur.text.append(tok.content)
        if tok.level == 0:
            (sub or cur).fences.append((CodeBlock(lang, tok.content, self.orig(tmap[0])), tmap))

    def _prose(self, sections: list[_Part]) -> list[tuple[str, int]]:
        """The prose and search text of each section, and the in-app link targets (slug, line).

        Prose is what mentions of other entries count in: key points apart from the rest, and none in
        the sources. Headings, code, code spans and link texts are only searched (``extra``).
        """
        links: list[tuple[str, int]] = []
        extra = self.extra
        for part in sections:
            kind = part.kind
            prose = self.kp_prose if kind == "key_points" else extra if kind == "sources" else self.body_prose
            non_prose = self.kp_extra if kind == "key_points" else extra
            for item in part.text:
                if item.__class__ is str:  # a heading or a code block
                    extra.append(item)
                elif item.content:
                    content = item.content
                    if "[" in content or "`" in content or "<" in content:
                        _parse_inline(item, self.env)
                        self._inline(item, prose, non_prose, links)
                    else:  # no code, link or URL: the children add nothing to the prose
                        prose.append(content)
                        prose.append("\n")
        return links

    def _bare(self) -> dict[str, Any]:
        return {"path": self.path, "slug": self.slug, "title": _humanise(self.slug)}

    def _result(self, fields: dict[str, Any], links: Any) -> ParseResult:
        entry = Entry(**fields)
        if "definition" in fields:  # a parsed entry, not the bare one of a failed file
            self.diags.extend(over_budget(entry))
        diags = tuple(sorted(self.diags, key=lambda d: (d.line, d.severity != "error", d.message)))
        entry = replace(entry, diagnostics=diags)
        return ParseResult(
            entry,
            tuple(links),
            key_points_prose="".join(self.kp_prose),
            prose="".join(self.body_prose),
            key_points_extra="\n".join(self.kp_extra),
            extra="\n".join(self.extra),
        )

    # -- checks ----------------------------------------------------------------------------------
    def _inline(self, tok: Token, prose: list[str], extra: list[str], out: list[tuple[str, int]]) -> None:
        """Collect link targets, the prose (text outside code and links) and the rest of an inline token.

        :meth:`_prose` handles the common inline token without ``[``, backticks or ``<`` itself.
        """
        base = tok.map[0] if tok.map else 0
        offset = 0
        in_link = 0
        for child in tok.children:
            ctype = child.type
            if ctype == "text":
                (extra if in_link else prose).append(child.content)
                if "](" in child.content:
                    # markdown-it refuses file:, javascript:, data: links and leaves them as text
                    for m in _REFUSED_LINK.finditer(child.content):
                        self._link_target(m.group(1), base + offset)
            elif ctype in ("softbreak", "hardbreak"):
                offset += 1
                prose.append("\n")
            elif ctype == "code_inline":
                extra.append(child.content)
            elif ctype == "link_close":
                in_link -= 1
                prose.append("\n")
            elif ctype == "link_open" or ctype == "image":
                if ctype == "link_open":
                    in_link += 1
                    prose.append("\n")
                target = str(child.attrs.get("href" if ctype == "link_open" else "src") or "")
                slug = self._link_target(target, base + offset)
                if slug:
                    out.append((slug, self.orig(base + offset)))
        prose.append("\n")

    def _link_target(self, href: str, line0: int) -> str | None:
        href = href.strip()
        if not href or href.startswith("#"):
            return None
        m = _SCHEME.match(href)
        if m:
            if m.group(1).lower() not in ("http", "https"):
                self.warn(
                    line0,
                    f"link '{href[:60]}' is not http(s): "
                    "use an https:// address or an in-app link [text](/slug)",
                )
            return None
        if href.startswith(("../", "~", "//", "\\")) or "/../" in href:
            return None  # outside the content folder: ignored
        target = href.split("#", 1)[0].split("?", 1)[0]
        if target.startswith("/"):
            target = target[1:]
        if target.endswith(".md"):
            target = target[:-3]
        if not target or "/" in target or not _SLUG_TARGET.match(target):
            return None
        return target

    def _check_ragged(self, tmap: list[int], ncols: int) -> None:
        for i in range(tmap[0], min(tmap[1], len(self.lines))):
            if i == tmap[0] + 1:
                continue  # the |---| delimiter row
            n = _cell_count(self.lines[i])
            if n != ncols:
                self.warn(
                    i,
                    f"table row has {n} cells but the header has {ncols}: make every row the same width "
                    "(add empty cells '| |' or remove extra ones)",
                )
                return

    def _check_fence(self, markup: str, tmap: list[int]) -> None:
        first, last = tmap[0], tmap[1] - 1
        if markup and last > first and last < len(self.lines):
            closing = self.lines[last].strip()
            if closing.startswith(markup) and not closing.strip(markup[0]):
                return
        self.warn(
            first, f"code fence opened here is never closed: add a line with {markup or '```'} after the code"
        )

    def _front_matter(self, content: str, fmap: list[int]) -> dict[str, Any]:
        try:
            data = load_front_matter(content)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = self.orig(fmap[0] + 1 + (mark.line if mark else 0))
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.error(
                line, f"front matter is not valid YAML ({problem}): fix the lines between the '---' markers"
            )
            return {}
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.error(
                self.orig(fmap[0]), "front matter must be 'key: value' lines (title: ..., aliases: [...])"
            )
            return {}
        lines = content.split("\n")
        for key in data:
            if str(key) not in FRONT_MATTER_KEYS:
                line = next((i for i, ln in enumerate(lines) if ln.startswith(f"{key}:")), 0)
                close = difflib.get_close_matches(str(key), FRONT_MATTER_KEYS, n=1, cutoff=0.6)
                hint = (
                    f" (did you mean '{close[0]}'?)"
                    if close
                    else f"; known keys: {', '.join(FRONT_MATTER_KEYS)}"
                )
                self.warn(fmap[0] + 1 + line, f"unknown front-matter key '{key}'{hint}")
        return data

    # -- assembling the entry ----------------------------------------------------------------------
    def _meta_list(self, meta: dict[str, Any], key: str) -> tuple[str, ...]:
        value = meta.get(key)
        if value is None:
            return ()
        if isinstance(value, (str, int, float)):
            value = [value]
        if not isinstance(value, list):
            self.warn(0, f"front-matter '{key}' should be a list like [a, b]; it was ignored")
            return ()
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())

    def _meta_str(self, meta: dict[str, Any], key: str) -> str | None:
        value = meta.get(key)
        if value is None or isinstance(value, (dict, list)):
            if value is not None:
                self.warn(0, f"front-matter '{key}' should be a single value; it was ignored")
            return None
        return str(value).strip() or None

    def _build(
        self, meta: dict[str, Any], h1: str | None, preamble: _Part, parts: list[_Part]
    ) -> dict[str, Any]:
        """The fields of the entry (an error leaves only path, slug and title)."""
        by_kind: dict[str, _Part] = {}
        extra: list[Section] = []
        english = 0
        for part in parts:
            if part.kind is None:
                self._unknown_section(part)
                extra.append(self._section(part))
            elif part.kind in by_kind:
                self.warn(
                    part.start - 1, f"section '{part.heading}' appears twice: merge it into the first one"
                )
                extra.append(self._section(part))
            else:
                by_kind[part.kind] = part
                english += _english_name(part.heading)
        pre_text = self.slice(preamble.start, preamble.end)
        definition = ""
        if "definition" in by_kind:
            definition = self.slice(by_kind["definition"].start, by_kind["definition"].end)
            if pre_text:
                self.warn(
                    preamble.start,
                    "text before the first section: move it into a section (it is kept as an extra section)",
                )
                extra.insert(0, Section("", pre_text, tuple(preamble.tables), self.orig(preamble.start)))
        elif pre_text:
            definition = pre_text
            self.warn(preamble.start, "the definition has no heading: put it under '## 🎯 Definicja'")
        if not definition:
            part = by_kind.get("definition")
            where = self.orig(part.start - 1) if part else 1
            self.error(
                where,
                "no definition: add a '## 🎯 Definicja' section with a sentence saying what the term is",
            )
            return self._bare()

        title = (
            self._meta_str(meta, "title") or h1 or _title_from_definition(definition) or _humanise(self.slug)
        )
        lang = (self._meta_str(meta, "lang") or ("en" if english > len(by_kind) / 2 else "pl")).lower()
        if lang not in LANGS:
            self.warn(0, f"unknown lang '{lang}': use 'pl' or 'en' (assumed 'pl')")
            lang = "pl"
        activation = self._meta_str(meta, "activation")
        if activation:
            self._check_activation(activation)
        demos = self._demo_blocks(activation)

        explanation_intro = ""
        explanation: tuple[Section, ...] = ()
        tables: list[Table] = list(preamble.tables)
        for part in parts:
            tables.extend(part.tables)
            for s in part.subs:
                tables.extend(s.tables)
        if "explanation" in by_kind:
            part = by_kind["explanation"]
            first = part.subs[0].start - 1 if part.subs else part.end
            explanation_intro = self.slice(part.start, first)
            explanation = tuple(self._section(s) for s in part.subs)
        example = None
        if "example" in by_kind:
            part = by_kind["example"]
            fences = [m for _, m in part.fences]
            example = Example(self.slice(part.start, part.end, fences), tuple(b for b, _ in part.fences))
        return dict(
            path=self.path,
            slug=self.slug,
            title=title,
            lang=lang,
            aliases=self._meta_list(meta, "aliases"),
            tags=self._meta_list(meta, "tags"),
            activation=activation,
            related=tuple(slugify(r) for r in self._meta_list(meta, "related")),
            definition=definition,
            key_points=self._items(by_kind.get("key_points")),
            explanation_intro=explanation_intro,
            explanation=explanation,
            example=example,
            sources=self._sources(by_kind.get("sources")),
            scratchpad=self._items(by_kind.get("scratchpad")),
            extra_sections=tuple(extra),
            tables=tuple(tables),
            demos=demos,
        )

    def _demo_blocks(self, activation: str | None) -> tuple[DemoBlock, ...]:
        """Every ```demo NAME``` block, validated against the demo registry (problems are warnings:
        the page still renders, with defaults for a bad setting)."""
        blocks = []
        for info, body, line, level, kind in self.demo_fences:
            block, diags = read_block(info, body, self.path, line, page_activation=activation)
            self.diags.extend(diags)
            if level != 0 or kind in _NO_DEMO_SECTIONS:
                where = "inside a list or quote" if level else f"in the section '{kind}'"
                self.diags.append(
                    Diagnostic(
                        self.path,
                        line,
                        "warning",
                        f"demo block {where} is not shown: put it between paragraphs of the definition, "
                        "the explanation or the example",
                    )
                )
                continue
            blocks.append(block)
        return tuple(blocks)

    def _section(self, part: _Part) -> Section:
        return Section(part.heading, self.slice(part.start, part.end), tuple(part.tables), part.line)

    def _unknown_section(self, part: _Part) -> None:
        name = part.heading
        close = difflib.get_close_matches(fold(_strip_emoji(name)), list(known_names()), n=1, cutoff=0.6)
        if close:
            hint = f" (did you mean '{known_names()[close[0]]}'?)"
        else:
            hint = (
                "; it is kept as an extra section (known: "
                + ", ".join(SECTION_NAMES[k][0] for k in KIND_ORDER)
                + ")"
            )
        self.warn(part.start - 1, f"unknown section '{name}'{hint}")

    def _items(self, part: _Part | None) -> tuple[str, ...]:
        if part is None:
            return ()
        maps = part.items or part.paras
        out = []
        for m in maps:
            text = self._item_text(m) if part.items else self.slice(m[0], m[1])
            if text:
                out.append(text)
        return tuple(out)

    def _item_text(self, m: list[int]) -> str:
        if m[1] - m[0] == 1 or (m[1] - m[0] == 2 and not self.lines[m[0] + 1].strip()):
            line = self.lines[m[0]]
            if line.startswith("- "):  # the usual bullet: what _BULLET adds after it is stripped too
                return line[2:].strip()
            bullet = _BULLET.match(line)
            return (line[bullet.end() :] if bullet else line).strip()
        chunk = self.lines[m[0] : m[1]]
        bullet = _BULLET.match(chunk[0])
        width = len(bullet.group(1)) if bullet else 0
        rest = [ln[width:] if not ln[:width].strip() else ln.lstrip() for ln in chunk[1:]]
        return "\n".join([chunk[0][width:], *rest]).strip()

    def _sources(self, part: _Part | None) -> tuple[Source, ...]:
        if part is None:
            return ()
        out = []
        maps = part.items or part.paras
        for i, m in enumerate(maps, 1):
            text = self._item_text(m) if part.items else self.slice(m[0], m[1])
            if text:
                out.append(self._source(text, str(i), m[0]))
        return tuple(out)

    def _source(self, text: str, default_label: str, line0: int) -> Source:
        label = default_label
        m = _LABEL.match(text)
        if m:
            label, text = m.group(1).strip(), text[m.end() :]
        # NOTE: a Markdown link needs "](" and a bare URL "://": skip the regex searches without them
        link = _MD_LINK.search(text) if "](" in text else None
        url: str | None
        if link:
            title = (text[: link.start()] + link.group(1) + text[link.end() :]).strip(" :–—-")
            url = link.group(2)
        else:
            bare = _URL.search(text) if "://" in text else None
            if bare:
                url = bare.group(0).rstrip(".,;")
                title = (text[: bare.start()] + text[bare.end() :]).strip().strip(":–—-").strip()
            else:
                url, title = None, text.strip()
        line = self.orig(line0)
        if url is None:
            self.warn(line0, f"source [{label}] has no URL: add one, e.g. '- [{label}] Title: https://…'")
        elif not url.lower().startswith(("http://", "https://")):
            self.warn(line0, f"source [{label}] URL '{url[:60]}' is not http(s): use an https:// address")
        return Source(label, title or (url or ""), url, line)

    def _check_activation(self, name: str) -> None:
        if name in ACTIVATION_NAMES:
            return
        close = difflib.get_close_matches(name, list(ACTIVATION_NAMES), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(sorted(ACTIVATION_NAMES))
        self.warn(0, f"unknown activation '{name}' ({hint}): the page will have no activation demos")


def _cell_count(row: str) -> int:
    """Cells of a GFM table row as written (markdown-it pads or cuts rows to the header's width)."""
    s = row.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    # without a backslash every pipe separates two cells: no regex needed
    return s.count("|") + 1 if "\\" not in s else len(_CELL_SPLIT.split(s))


@functools.lru_cache(maxsize=1024)
def _english_name(heading: str) -> bool:
    """True when a section heading uses the English name (for guessing an entry's language)."""
    return fold(split_emoji(heading)[1]) in _ENGLISH


def _strip_emoji(name: str) -> str:
    return "".join(c for c in name if c.isalnum() or c.isspace()).strip()


def _title_from_definition(definition: str) -> str | None:
    first = definition.strip().split("\n", 1)[0].replace("**", "").replace("__", "").replace("`", "")
    m = _DEF_SUBJECT.match(first)
    if not m:
        return None
    subject = m.group("x").strip()
    return subject if 0 < len(subject.split()) <= 6 else None

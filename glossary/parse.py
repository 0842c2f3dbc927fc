"""Markdown text -> :class:`~glossary.entry.Entry`, with located diagnostics.

One markdown-it pass per file: the token stream gives the structure and ``token.map`` the lines.
Notes exported from another tool (bare emoji headings, no fences; see :func:`reconstruct`) are
detected and rebuilt as canonical Markdown before that single pass.

Public surface: :func:`parse_entry`, :func:`parse_file`, :func:`to_markdown`, :func:`template`.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from glossary.entry import CodeBlock, Diagnostic, Entry, Example, Section, Source, Table
from glossary.text import KIND_ORDER, NAMES, classify, fold, is_emoji, known_names, slugify, split_emoji

MAX_BYTES = 1_000_000
FRONT_MATTER_KEYS = ("title", "aliases", "tags", "lang", "activation", "related")
LANGS = ("pl", "en")

try:  # libyaml is ~20x faster than the pure-Python loader; both are "safe".
    _YAML_LOADER: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _YAML_LOADER = yaml.SafeLoader

_MD = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)

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


@dataclass
class _Part:
    """A section or subsection while the token stream is walked."""

    heading: str
    kind: str | None
    line: int  # 1-based line of the heading (0 for the preamble)
    start: int  # first content line (0-based, converted text)
    end: int = -1
    items: list[list[int]] = field(default_factory=list)
    paras: list[list[int]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    fences: list[tuple[CodeBlock, list[int]]] = field(default_factory=list)
    subs: list[_Part] = field(default_factory=list)


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
    slug = _stem_slug(p)
    try:
        with open(p, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            data = fh.read(MAX_BYTES + 1)  # never read a huge file whole
    except OSError as exc:
        return _failed(
            p, slug, 0, f"cannot read the file ({exc.strerror or exc}): check it exists and is readable"
        )
    if len(data) > MAX_BYTES:
        return _failed(
            p,
            slug,
            0,
            f"file is larger than 1 MB ({max(size, len(data)):,} bytes): split it into smaller entries",
        )
    nul = data.find(b"\x00")
    if nul >= 0:  # NOTE: NUL bytes are valid UTF-8 but never text: treat the file as binary
        line = data.count(b"\n", 0, nul) + 1
        return _failed(
            p, slug, line, "file contains a NUL byte (binary data?): save the entry as plain UTF-8 text"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        return _failed(
            p, slug, line, f"file is not valid UTF-8 (byte 0x{bad}): re-save it with UTF-8 encoding"
        )
    return parse_text(text, p)


def _failed(path: str, slug: str, line: int, message: str) -> ParseResult:
    diag = Diagnostic(path, line, "error", message)
    return ParseResult(Entry(path=path, slug=slug, title=_humanise(slug), diagnostics=(diag,)))


def _stem_slug(path: str) -> str:
    name = os.path.basename(path)
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return slugify(stem)


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
        self.body_prose: list[str] = []
        self.kp_prose: list[str] = []
        self.extra: list[str] = []
        self.kp_extra: list[str] = []
        self.prose = self.body_prose  # the buffers of the current section
        self.non_prose = self.extra
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
        tokens = _MD.parse(self.src)
        meta: dict[str, Any] = {}
        preamble = _Part("", None, 0, 0)
        parts: list[_Part] = []
        cur = preamble
        sub: _Part | None = None
        h1: str | None = None
        links: list[tuple[str, int]] = []
        heading_tok = None
        table: list[list[str]] | None = None
        table_map: list[int] = [0, 0]
        interesting = _INTERESTING
        for tok in tokens:
            ttype = tok.type
            if ttype not in interesting:
                continue
            if ttype == "inline":
                if heading_tok is not None:
                    text = tok.content.strip()
                    level = heading_tok.tag
                    line0 = heading_tok.map[0] if heading_tok.map else 0
                    heading_tok = None
                    self.extra.append(text)
                    if level == "h2":
                        if parts or cur is not preamble:
                            cur.end = line0
                        else:
                            preamble.end = line0
                        if sub is not None:
                            sub.end = line0
                            sub = None
                        cur = _Part(text, classify(text), self.orig(line0), line0 + 1)
                        self.prose = {"key_points": self.kp_prose, "sources": self.extra}.get(
                            cur.kind or "", self.body_prose
                        )
                        self.non_prose = self.kp_extra if cur.kind == "key_points" else self.extra
                        parts.append(cur)
                    elif level == "h3" and cur.kind == "explanation":
                        if sub is not None:
                            sub.end = line0
                        sub = _Part(text, "sub", self.orig(line0), line0 + 1)
                        cur.subs.append(sub)
                    elif level == "h1" and h1 is None and not parts:
                        h1 = text
                        preamble.start = line0 + 1
                    continue
                if table is not None:
                    table[-1].append(tok.content.strip())
                if tok.children:
                    self._inline(tok, links)
            elif ttype == "heading_open":
                if tok.level == 0 and tok.tag in ("h1", "h2", "h3"):
                    heading_tok = tok
            elif ttype == "list_item_open":
                if tok.level == 1 and tok.map:
                    cur.items.append(tok.map)
            elif ttype == "paragraph_open":
                if tok.level == 0 and tok.map:
                    cur.paras.append(tok.map)
            elif ttype == "tr_open":
                if table is not None:
                    table.append([])
            elif ttype == "table_open":
                table = []
                table_map = tok.map or [0, 0]
            elif ttype == "table_close":
                if table:
                    tab = Table(tuple(table[0]), tuple(tuple(r) for r in table[1:]), self.orig(table_map[0]))
                    (sub or cur).tables.append(tab)
                    self._check_ragged(table_map, len(table[0]))
                table = None
            elif ttype in ("fence", "code_block"):
                tmap = tok.map or [0, 0]
                lang = tok.info.strip().split(" ")[0] if ttype == "fence" else ""
                block = CodeBlock(lang, tok.content, self.orig(tmap[0]))
                self.extra.append(tok.content)
                if tok.level == 0:
                    (sub or cur).fences.append((block, tmap))
                if ttype == "fence":
                    self._check_fence(tok.markup, tmap)
            elif ttype == "front_matter":
                meta = self._front_matter(tok.content, tok.map or [0, 0])
                preamble.start = (tok.map or [0, 0])[1]
        end = len(self.lines)
        cur.end = end
        if preamble.end < 0:
            preamble.end = end
        if sub is not None:
            sub.end = end
        if any(d.severity == "error" for d in self.diags):
            return self._result(self._bare(), links)
        return self._result(self._build(meta, h1, preamble, parts), links)

    def _bare(self) -> dict[str, Any]:
        return {"path": self.path, "slug": self.slug, "title": _humanise(self.slug)}

    def _result(self, fields: dict[str, Any], links: Any) -> ParseResult:
        diags = tuple(sorted(self.diags, key=lambda d: (d.line, d.severity != "error", d.message)))
        entry = Entry(**fields, diagnostics=diags)
        return ParseResult(
            entry,
            tuple(links),
            key_points_prose="".join(self.kp_prose),
            prose="".join(self.body_prose),
            key_points_extra="\n".join(self.kp_extra),
            extra="\n".join(self.extra),
        )

    # -- checks ----------------------------------------------------------------------------------
    def _inline(self, tok: Any, out: list[tuple[str, int]]) -> None:
        """Collect link targets and the prose (text outside code and links) of an inline token."""
        content = tok.content
        if "[" not in content and "`" not in content and "<" not in content:
            self.prose.append(content)  # no code, link or URL: the children add nothing
            self.prose.append("\n")
            return
        base = tok.map[0] if tok.map else 0
        offset = 0
        in_link = 0
        prose = self.prose
        extra = self.non_prose
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
            s = self.lines[i].strip()
            if s.startswith("|"):
                s = s[1:]
            if s.endswith("|") and not s.endswith("\\|"):
                s = s[:-1]
            n = len(_CELL_SPLIT.split(s))
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
            data = simple_front_matter(content)
            if data is None:
                data = yaml.load(content, Loader=_YAML_LOADER) if content.strip() else {}
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
                english += fold(split_emoji(part.heading)[1]) in _ENGLISH
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
        )

    def _section(self, part: _Part) -> Section:
        return Section(part.heading, self.slice(part.start, part.end), tuple(part.tables), part.line)

    def _unknown_section(self, part: _Part) -> None:
        name = part.heading
        close = difflib.get_close_matches(fold(_strip_emoji(name)), list(known_names()), n=1, cutoff=0.6)
        if close:
            hint = f" (did you mean '{known_names()[close[0]]}'?)"
        else:
            hint = (
                "; it is kept as an extra section (known: " + ", ".join(NAMES[k][0] for k in KIND_ORDER) + ")"
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
        link = _MD_LINK.search(text)
        url: str | None
        if link:
            title = (text[: link.start()] + link.group(1) + text[link.end() :]).strip(" :–—-")
            url = link.group(2)
        else:
            bare = _URL.search(text)
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
        try:
            from glossary.activations import ACTIVATIONS
        except ImportError:  # the registry is another module; without it nothing can be checked
            return
        if name in ACTIVATIONS:
            return
        close = difflib.get_close_matches(name, list(ACTIVATIONS), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(sorted(ACTIVATIONS))
        self.warn(0, f"unknown activation '{name}' ({hint}): the page will have no activation demos")


def _strip_emoji(name: str) -> str:
    return "".join(c for c in name if c.isalnum() or c.isspace()).strip()


_FM_LINE = re.compile(r"^([A-Za-z_][\w-]*):[ \t]+(.*?)[ \t]*$")
# A YAML plain scalar that can only be a string: starts with a letter, no indicator characters.
_FM_PLAIN = re.compile(r"^[^\W\d_][^:#\[\]{},\"'`|>&*!%@\\]*$")
_YAML_WORDS = frozenset(("yes", "no", "on", "off", "true", "false", "null", "y", "n"))


def _plain(value: str) -> bool:
    # isprintable(): no control characters or Unicode line breaks, which YAML treats specially
    return value.isprintable() and bool(_FM_PLAIN.match(value)) and value.lower() not in _YAML_WORDS


def simple_front_matter(text: str) -> dict[str, Any] | None:
    """Front matter made only of ``key: word words`` and ``key: [a, b]`` lines, read without YAML.

    PyYAML costs about a tenth of the whole load; this covers the usual entry and gives exactly
    what ``yaml.safe_load`` gives for it. Anything else returns None (then YAML reads it).
    """
    out: dict[str, Any] = {}
    for line in text.split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        m = _FM_LINE.match(line)
        # NOTE: str.strip() eats control characters (\x1c-\x1f) that YAML rejects: check the raw line
        if m is None or m.group(1) in out or not line.isprintable():
            return None
        key, value = m.groups()
        if value.startswith("[") and value.endswith("]"):
            inner = value[1:-1].strip()
            items = [item.strip() for item in inner.split(",")] if inner else []
            if not all(_plain(item) for item in items):
                return None
            out[key] = items
        elif _plain(value):
            out[key] = value
        else:
            return None
    return out


def _title_from_definition(definition: str) -> str | None:
    first = definition.strip().split("\n", 1)[0].replace("**", "").replace("__", "").replace("`", "")
    m = _DEF_SUBJECT.match(first)
    if not m:
        return None
    subject = m.group("x").strip()
    return subject if 0 < len(subject.split()) <= 6 else None


# -- the seed's exported format ----------------------------------------------------------------
# A note exported from another tool: headings are bare lines starting with an emoji, inline code
# was cut onto lines of its own, tables lost their leading pipe, code lost its fence and indent.
_ATX = re.compile(r"^ {0,3}#{1,6}(\s|$)")
_FENCE_LINE = re.compile(r"^ {0,3}(```|~~~)")
_TABLE_DELIM = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_CODE_START = re.compile(
    r"^(import [\w.]+|from [\w.]+ import |def \w+\(|async def |class \w+|@\w+|for \w+(, ?\w+)* in "
    r"|while |with |if __name__|print\(|return\b|>>> |[A-Za-z_][\w.]*(\[[^\]]*\])?\s*[-+*/]?=\s*\S)"
)
_STRONG_CODE = re.compile(r"^(import |from [\w.]+ import |def |class |async def |@\w|print\(|>>> )")
_LEAD_PUNCT = re.compile(r"^([,.;:])(.*)$")
_LIST_ITEM = re.compile(r"^([-*+]|\d{1,9}[.)])\s+\S")
_GLUED_DASH = re.compile(r"([–—])(\w[\w.()'-]*)$")
_DEDENT_KW = re.compile(r"^(elif|else|except|finally)\b")
_BLOCK_END_KW = re.compile(r"^(return|pass|break|continue|raise)\b")
_STRINGS = re.compile(r"'[^'\\]*(?:\\.[^'\\]*)*'|\"[^\"\\]*(?:\\.[^\"\\]*)*\"|#.*$")

Numbered = list[tuple[int, str]]  # (1-based original line, text)


def _bare_heading(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 80 or not is_emoji(s[0]):
        return False
    name = split_emoji(s)[1]
    return len(name.split()) <= 6 and not name.endswith(".")


def reconstruct(text: str) -> tuple[str, list[int]] | None:
    """Canonical Markdown for an exported note, with a map from its lines to the original lines.

    Returns None when ``text`` is not in the exported format (it has Markdown headings or fences,
    or no bare emoji heading naming a known section).
    """
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        close = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if close is None:
            return None
        start = close + 1
    body = lines[start:]
    known = 0
    for ln in body:
        if _ATX.match(ln) or _FENCE_LINE.match(ln):
            return None
        if _bare_heading(ln) and classify(ln) is not None:
            known += 1
    if not known:
        return None
    out = lines[:start]
    line_map = list(range(1, start + 1))
    sections: list[tuple[int, str | None, Numbered]] = []
    heading: str | None = None
    hline = 0
    current: Numbered = []
    for n, ln in enumerate(body, start + 1):
        if _bare_heading(ln):
            sections.append((hline, heading, current))
            heading, hline, current = ln.strip(), n, []
        else:
            current.append((n, ln))
    sections.append((hline, heading, current))

    def emit(block: Numbered) -> None:
        if out and out[-1].strip():
            out.append("")
            line_map.append(block[0][0])
        for n, s in block:
            out.append(s)
            line_map.append(n)

    for hline, heading, body_lines in sections:
        if heading is not None:
            emit([(hline, "## " + heading)])
        for block in _convert_section(body_lines, classify(heading) if heading else None):
            emit(block)
    return "\n".join(out) + "\n", line_map


def _convert_section(body: Numbered, kind: str | None) -> list[Numbered]:
    blocks: list[Numbered] = []
    pending: Numbered = []
    i = 0
    while i < len(body):
        s = body[i][1].strip()
        run = _code_run(body, i) if _CODE_START.match(s) else None
        if run is None:
            pending.append(body[i])
            i += 1
            continue
        blocks.extend(_text_blocks(_rejoin(pending), kind))
        pending = []
        code, used = run
        n0, n1 = body[i][0], body[i + used - 1][0]
        blocks.append([(n0, "```python"), *code, (n1, "```")])
        i += used
    blocks.extend(_text_blocks(_rejoin(pending), kind))
    return blocks


def _code_run(body: Numbered, i: int) -> tuple[Numbered, int] | None:
    """The longest run of lines from ``i`` that parses as Python once re-indented."""
    import ast

    j = i
    while j < len(body) and j - i < 200 and body[j][1].strip() and not _LIST_ITEM.match(body[j][1].strip()):
        j += 1
    minimum = 1 if _STRONG_CODE.match(body[i][1].strip()) else 2
    for end in range(j, i + minimum - 1, -1):
        code = _reindent(body[i:end])
        try:
            ast.parse("\n".join(s for _, s in code))
        except Exception:  # any failure just means "not this length"
            continue
        return code, end - i
    return None


def _reindent(lines: Numbered) -> Numbered:
    """Indent flattened Python: by bracket depth, and one level after a line ending with ':'."""
    out: Numbered = []
    depth = 0
    block = 0
    for n, raw in lines:
        s = raw.strip()
        bare = _STRINGS.sub("", s)
        if depth == 0 and _DEDENT_KW.match(s):
            block = max(block - 1, 0)
        closing = len(s) - len(s.lstrip(")]}"))
        indent = block + max(depth - closing, 0)
        out.append((n, "    " * indent + s))
        depth = max(depth + sum(bare.count(c) for c in "([{") - sum(bare.count(c) for c in ")]}"), 0)
        if depth == 0 and bare.rstrip().endswith(":"):
            block += 1
        elif depth == 0 and block and _BLOCK_END_KW.match(s):
            block -= 1
    return out


def _rejoin(lines: Numbered) -> list[list[Any]]:
    """Glue inline-code fragments cut onto lines of their own back into their sentence."""
    res: list[list[Any]] = []  # [line, text, untouched]
    for n, raw in lines:
        s = raw.strip()
        m = _LEAD_PUNCT.match(s)
        if not (m and res and res[-1][1] and "|" not in res[-1][1]):
            res.append([n, s, True])
            continue
        punct, rest = m.groups()
        prev = res[-1][1]
        if (
            res[-1][2]
            and len(res) >= 2
            and _is_fragment(prev)
            and res[-2][1]
            and "|" not in res[-2][1]
            and not res[-2][1].endswith((".", "!", "?"))
        ):
            res.pop()
            res[-1][1] = f"{res[-1][1]} `{prev}`"
        target = res[-1]
        target[2] = False
        bullet = re.match(r"^\s+([-*+]\s+\S.*)$", rest)
        if bullet:
            target[1] += punct
            res.append([n, bullet.group(1), True])
            continue
        if rest and not rest[0].isspace() and len(rest.split()) <= 4 and rest[-1] not in ".:;!?":
            rest = f" `{rest}`"
        else:
            rest = _GLUED_DASH.sub(r"\1 `\2`", rest)
        target[1] += punct + rest
    return res


def _is_fragment(s: str) -> bool:
    return (
        bool(s) and not _LIST_ITEM.match(s) and len(s.split()) <= 4 and s[-1] not in ".:;!?" and "|" not in s
    )


def _text_blocks(lines: list[list[Any]], kind: str | None) -> list[Numbered]:
    blocks: list[Numbered] = []
    i = 0
    while i < len(lines):
        n, s = lines[i][0], lines[i][1]
        if not s:
            i += 1
            continue
        if "|" in s and i + 1 < len(lines) and "|" in lines[i + 1][1] and _TABLE_DELIM.match(lines[i + 1][1]):
            table: Numbered = []
            while i < len(lines) and "|" in lines[i][1]:
                row = lines[i][1]
                row = row if row.startswith("|") else "| " + row
                row = row if row.endswith("|") else row + " |"
                table.append((lines[i][0], row))
                i += 1
            blocks.append(table)
            continue
        if _LIST_ITEM.match(s):
            if (
                blocks
                and blocks[-1]
                and _LIST_ITEM.match(blocks[-1][-1][1])
                and not blocks[-1][-1][1].startswith("#")
            ):
                blocks[-1].append((n, s))
            else:
                blocks.append([(n, s)])
            i += 1
            continue
        if kind == "explanation" and len(s) <= 80 and len(s.split()) <= 10 and s[-1] not in ".,;:":
            blocks.append([(n, "### " + s)])
        else:
            blocks.append([(n, s)])
        i += 1
    return blocks


# -- the canonical writer ----------------------------------------------------------------------
def _heading(kind: str, lang: str) -> str:
    names = NAMES[kind]
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

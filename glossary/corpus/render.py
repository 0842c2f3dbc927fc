"""Make entry markdown safe to hand to ``st.markdown`` (pure; no streamlit here).

Entries are written by people, so their markdown is parsed with markdown-it-py and written back as
markdown in which:

- raw HTML (blocks and inline tags) is escaped, so it shows as text and never becomes an element;
- a link is kept only when it points to http(s) or to another entry of the app (``/slug``,
  ``slug``, ``slug.md``); any other link (``javascript:``, ``data:``, ``file:``, ``../x``) becomes
  its plain text; images are kept only for http(s) sources (a paragraph of local images, such as
  ``![alt](obrazy/relu.png)``, is cut out by :func:`split_tables` as :class:`ImageBlock` pieces, which the
  UI shows from files under ``content/`` resolved by :func:`resolve_image`);
- code, maths (``$...$``) and tables survive unchanged.

Every piece of text is re-escaped on the way out, so nothing that was text in the input can turn
into markup in the output: ``safe_markdown(safe_markdown(x)) == safe_markdown(x)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Characters that could start markup anywhere in a line. `&` would start an entity, `$` maths.
_ALWAYS_ESCAPE = set("\\`*[]<>$~|&")
# At the start of a line these would start a heading, quote, list or setext underline.
_MATH_SUSPECT = re.compile(r"\]\(|<[A-Za-z/!?]|[A-Za-z]:")
_LINE_START = re.compile(r"^( {0,3})([#>+=-]|\d{1,9}(?=[.)]))", re.MULTILINE)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # NOTE: accept every link so that unsafe ones reach `safe_href` and become plain text, instead of
    # being left by markdown-it as literal `[text](javascript:...)`.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md.use(dollarmath_plugin, allow_space=True, double_inline=True)


def in_app_slug(href: str) -> str | None:
    """The entry slug an in-app link points to (``/relu``, ``relu``, ``relu.md``), else None.

    ``/`` means the index and returns ``""``. Anything with a scheme, a host, ``..``, a query or a
    nested path is not an in-app entry link.
    """
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc or parts.query:
        return None
    path = parts.path
    if path == "/":
        return ""
    path = path.removeprefix("/").removesuffix(".md")
    return path if SLUG_RE.match(path) else None


def is_web_url(href: str) -> bool:
    """True for absolute http(s) URLs with a host."""
    parts = urlsplit(href.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def safe_href(href: str, link_suffix: str = "") -> str | None:
    """The URL a rendered link may use, or None when the link must become plain text.

    ``link_suffix`` (for instance ``?lang=en``) is appended to in-app links so a link followed in a
    new tab keeps the interface language.
    """
    if is_web_url(href):
        return href.strip()
    slug = in_app_slug(href)
    if slug is None:
        return None
    return f"/{slug}{link_suffix}"


def escape_text(text: str) -> str:
    """Escape text so markdown shows it literally (inline context)."""
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in _ALWAYS_ESCAPE:
            out.append("\\" + ch)
        elif ch == "_":
            # NOTE: intraword `_` cannot open emphasis; leaving it keeps snake_case and URLs readable.
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            out.append("_" if before.isalnum() and after.isalnum() else "\\_")
        else:
            out.append(ch)
    return "".join(out)


def _escape_line_starts(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        lead, mark = m.group(1), m.group(2)
        if mark[0].isdigit():
            return lead + mark + "\\"  # `12\.` is not a list item
        return lead + "\\" + mark

    return _LINE_START.sub(fix, text)


def _code_span(code: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * (longest + 1)
    # CommonMark strips one space on each side when both are present (and the span is not all spaces).
    stripped_by_reader = code.startswith(" ") and code.endswith(" ") and code.strip(" ")
    pad = " " if code.startswith("`") or code.endswith("`") or stripped_by_reader else ""
    return f"{fence}{pad}{code}{pad}{fence}"


def markdown_url(href: str) -> str:
    # NOTE: markdown-it already percent-encodes; parentheses and spaces must not end the destination.
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def _inline(tokens: Sequence[Token], link_suffix: str) -> str:
    out: list[str] = []
    link_stack: list[str | None] = []
    for tok in tokens:
        kind = tok.type
        if kind == "text":
            out.append(escape_text(tok.content))
        elif kind == "code_inline":
            out.append(_code_span(tok.content))
        elif kind in ("math_inline", "math_inline_double"):
            delim = "$" if kind == "math_inline" else "$$"
            if _MATH_SUSPECT.search(tok.content):
                # NOTE: a renderer that disagrees on where maths ends would see a link or tag here.
                flat = re.sub(r"\s*\n\s*", " ", tok.content)
                out.append(escape_text(f"{delim}{flat}{delim}"))
            else:
                out.append(f"{delim}{tok.content}{delim}")
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("\\\n")
        elif kind in ("em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"):
            # The original delimiter (`*`, `_`, `**`, `__`, `~~`) re-parses into the same nesting.
            out.append(tok.markup)
        elif kind == "html_inline":
            out.append(escape_text(tok.content))
        elif kind == "link_open":
            href = safe_href(str(tok.attrs.get("href", "")), link_suffix)
            link_stack.append(href)
            if href is not None:
                out.append("[")
        elif kind == "link_close":
            href = link_stack.pop() if link_stack else None
            if href is not None:
                out.append(f"]({markdown_url(href)})")
        elif kind == "image":
            src = str(tok.attrs.get("src", ""))
            alt = escape_text(tok.content)
            out.append(f"![{alt}]({markdown_url(src.strip())})" if is_web_url(src) else alt)
        else:  # an unknown inline token: keep its text, escaped
            out.append(escape_text(tok.content))
    return "".join(out)


def _fence(code: str, info: str = "") -> str:
    longest = max((len(run) for run in re.findall(r"^ {0,3}(`{3,})", code, re.MULTILINE)), default=0)
    fence = "`" * max(3, longest + 1)
    lang = re.sub(r"[^A-Za-z0-9_+.#-]", "", info.split()[0]) if info.strip() else ""
    body = code if code.endswith("\n") or not code else code + "\n"
    return f"{fence}{lang}\n{body}{fence}"


def _indent(text: str, prefix: str, first: str | None = None) -> str:
    lines = text.split("\n")
    head = first if first is not None else prefix
    return "\n".join(
        (head if i == 0 else prefix) + line if line else line for i, line in enumerate(lines)
    ).rstrip("\n")


def _table(tokens: list[Token], start: int, link_suffix: str) -> tuple[str, int]:
    rows: list[list[str]] = []
    aligns: list[str] = []
    i = start + 1
    row: list[str] | None = None
    in_head = False
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close" and row is not None:
            rows.append(row)
        elif tok.type in ("th_open", "td_open") and in_head:
            style = str(tok.attrs.get("style", ""))
            aligns.append(style.removeprefix("text-align:"))
        elif tok.type == "inline" and row is not None:
            cell = _inline(tok.children or [], link_suffix).replace("\n", " ")
            # NOTE: GFM splits cells before inline parsing, so a pipe inside a code span needs `\|` too.
            row.append(re.sub(r"(?<!\\)\|", r"\\|", cell))
        i += 1
    if not rows:
        return "", i
    width = len(rows[0])
    marks = {"left": ":---", "right": "---:", "center": ":---:"}
    sep = [marks.get(a, "---") for a in (aligns + [""] * width)[:width]]
    lines = [rows[0], sep] + [(r + [""] * width)[:width] for r in rows[1:]]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines), i


def _blocks(tokens: list[Token], start: int, end: int, link_suffix: str) -> list[str]:
    """Render block tokens[start:end] into a list of markdown blocks."""
    blocks: list[str] = []
    i = start
    while i < end:
        tok = tokens[i]
        kind = tok.type
        if kind == "paragraph_open":
            text = _escape_line_starts(_inline(tokens[i + 1].children or [], link_suffix))
            blocks.append(text)
            i += 3
            continue
        if kind == "heading_open":
            level = int(tok.tag[1])
            text = _inline(tokens[i + 1].children or [], link_suffix).replace("\n", " ")
            blocks.append("#" * level + " " + text)
            i += 3
            continue
        if kind in ("fence", "code_block"):
            blocks.append(_fence(tok.content, tok.info if kind == "fence" else ""))
        elif kind in ("math_block", "math_block_label"):
            blocks.append(f"$$\n{tok.content.strip()}\n$$")
        elif kind == "hr":
            blocks.append("---")
        elif kind == "html_block":
            # Each line becomes its own escaped line of a paragraph, so the tag text stays readable.
            lines = [escape_text(line) for line in tok.content.rstrip("\n").split("\n")]
            blocks.append(_escape_line_starts("\\\n".join(line for line in lines)))
        elif kind == "table_open":
            text, i = _table(tokens, i, link_suffix)
            if text:
                blocks.append(text)
        elif kind in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            close = _matching_close(tokens, i)
            blocks.append(_container(tokens, i, close, link_suffix))
            i = close
        i += 1
    return blocks


def _matching_close(tokens: list[Token], start: int) -> int:
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _container(tokens: list[Token], start: int, close: int, link_suffix: str) -> str:
    opener = tokens[start]
    if opener.type == "blockquote_open":
        inner = "\n\n".join(_blocks(tokens, start + 1, close, link_suffix))
        return _indent(inner, "> ") if inner else ">"
    ordered = opener.type == "ordered_list_open"
    number = int(str(opener.attrs.get("start", 1))) if ordered else 1
    tight = any(t.hidden for t in tokens[start:close] if t.type == "paragraph_open")
    items: list[str] = []
    i = start + 1
    while i < close:
        if tokens[i].type == "list_item_open":
            item_close = _matching_close(tokens, i)
            body = ("\n" if tight else "\n\n").join(_blocks(tokens, i + 1, item_close, link_suffix))
            marker = f"{number}. " if ordered else "- "
            items.append(_indent(body, " " * len(marker), marker) if body else marker.rstrip())
            number += 1
            i = item_close
        i += 1
    return ("\n" if tight else "\n\n").join(items)


def safe_markdown(text: str, link_suffix: str = "") -> str:
    """Entry markdown rewritten so ``st.markdown`` shows it safely (see the module docstring)."""
    tokens = _parser().parse(text)
    return "\n\n".join(_blocks(tokens, 0, len(tokens), link_suffix))


def plain_text(text: str) -> str:
    """Markdown reduced to its visible text (for snippets, titles and table cells)."""
    tokens = _parser().parse(text)
    parts: list[str] = []
    for tok in tokens:
        if tok.type == "inline":
            parts.append(
                "".join(
                    c.content if c.type not in ("softbreak", "hardbreak") else " "
                    for c in (tok.children or [])
                )
            )
        elif tok.type in ("fence", "code_block", "html_block"):
            parts.append(tok.content.strip())
    return " ".join(p for p in parts if p)


def in_app_targets(text: str) -> list[str]:
    """Slugs of the in-app links in ``text`` (``/slug``, ``slug``, ``slug.md``), in order, with repeats."""
    targets: list[str] = []
    stack: list[Token] = list(_parser().parse(text))
    for tok in stack:
        for child in tok.children or []:
            if child.type == "link_open":
                slug = in_app_slug(str(child.attrs.get("href", "")))
                if slug:
                    targets.append(slug)
    return targets


@dataclass(frozen=True)
class TableBlock:
    """A GFM table of an entry: raw markdown of each header and body cell."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class DemoFence:
    """A ```` ```demo NAME ```` block inside a chunk of entry markdown (see glossary.corpus.demos)."""

    info: str
    body: str
    line: int  # 0-based line of the opening fence within the chunk


@dataclass(frozen=True)
class ImageBlock:
    """A local image (``![alt](obrazy/relu.png)``) standing as a paragraph of its own."""

    alt: str
    src: str


# Image types shown (by extension and by the file's first bytes); SVG is shown as an image, never inlined.
IMAGE_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WebP", ".svg": "SVG"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024


def _signature_ok(kind: str, head: bytes) -> bool:
    if kind == "PNG":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "JPEG":
        return head.startswith(b"\xff\xd8\xff")
    if kind == "GIF":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if kind == "WebP":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return b"<svg" in head.lower()  # SVG: text with an <svg element near the start


def resolve_image(src: str, folder: str | Path) -> tuple[Path | None, str | None]:
    """The file a local image ``src`` shows, relative to the content ``folder``: (path, None), or
    (None, why it is not shown). Nothing outside ``folder`` is ever opened: the path is resolved
    (symlinks followed) and checked to stay under the folder before any read."""
    ref = unquote(src.strip())
    if not ref or urlsplit(ref).scheme or ref.startswith(("/", "\\")) or "\0" in ref:
        return None, f"image '{src}' is not a path inside the content folder"
    root = Path(folder).resolve()
    try:
        path = (root / ref).resolve()
    except (OSError, RuntimeError, ValueError):
        return None, f"image '{src}' is not a valid path"
    if not path.is_relative_to(root):
        return None, f"image '{src}' is outside the content folder: it is not shown"
    kind = IMAGE_TYPES.get(path.suffix.lower())
    if kind is None:
        return None, f"'{src}' is not an image file (PNG, JPEG, GIF, WebP or SVG): it is not shown"
    try:
        if not path.is_file():
            return None, f"image '{src}' not found (paths are relative to the content folder)"
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            return None, f"image '{src}' is over {MAX_IMAGE_BYTES // 2**20} MB: make it smaller"
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError:
        return None, f"image '{src}' cannot be read"
    if not _signature_ok(kind, head):
        return None, f"image '{src}' is not a valid {kind} file"
    return path, None


def _image_paragraph(children: Sequence[Token]) -> list[ImageBlock] | None:
    """The local images of a paragraph made of images only (and line breaks), else None."""
    images = []
    for child in children:
        if child.type == "image":
            src = str(child.attrs.get("src", ""))
            if is_web_url(src):
                return None
            images.append(ImageBlock(child.content, src))
        elif child.type not in ("softbreak", "hardbreak") and not (
            child.type == "text" and not child.content.strip()
        ):
            return None
    return images or None


def split_tables(text: str) -> list[str | TableBlock | DemoFence | ImageBlock]:
    """``text`` cut into markdown chunks, the GFM tables, the demo blocks and the paragraphs of local
    images between them (in order).

    The UI shows each table as a markdown table in a sideways-scrolling container (real tables whose
    cells are markdown), each demo block as its live demo, each local image from its file (see
    :func:`resolve_image`), and the chunks around them with ``st.markdown``.
    """
    lines = text.split("\n")
    parts: list[str | TableBlock | DemoFence | ImageBlock] = []
    if "|" not in text and "demo" not in text and "![" not in text:
        return [text.strip("\n")] if text.strip() else []
    tokens = _parser().parse(text)
    cursor = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        is_table = tok.type == "table_open"
        is_demo = tok.type == "fence" and tok.info.strip().split(" ")[0] == "demo"
        images = (
            _image_paragraph(tokens[i + 1].children or [])
            if tok.type == "paragraph_open" and tok.level == 0 and "![" in tokens[i + 1].content
            else None
        )
        if (is_table or is_demo or images) and tok.map and tok.level == 0:
            start, end = tok.map
            before = "\n".join(lines[cursor:start]).strip("\n")
            if before.strip():
                parts.append(before)
            if images:
                parts.extend(images)
                cursor = end
            elif is_demo:
                parts.append(DemoFence(tok.info.strip(), tok.content, start))
                cursor = end
            else:
                close = _matching_close(tokens, i)
                parts.append(_table_block(tokens[i:close]))
                cursor, i = end, close
        i += 1
    rest = "\n".join(lines[cursor:]).strip("\n")
    if rest.strip():
        parts.append(rest)
    return parts


def _table_block(tokens: list[Token]) -> TableBlock:
    rows: list[tuple[str, ...]] = []
    row: list[str] = []
    for tok in tokens:
        if tok.type == "tr_open":
            row = []
        elif tok.type == "inline":
            row.append(tok.content)
        elif tok.type == "tr_close":
            rows.append(tuple(row))
    width = len(rows[0]) if rows else 0
    body = tuple((*r, *[""] * width)[:width] for r in rows[1:])
    return TableBlock(rows[0] if rows else (), body)


_TABLE_RULE = re.compile(r"\|?(?:\s*:?-{3,}:?\s*\|)+")


def clean_snippet(snippet: str) -> str:
    """A search snippet without table syntax: delimiter rows dropped, cell pipes shown as ``·``."""
    text = _TABLE_RULE.sub(" ", snippet)
    text = re.sub(r"\s*(?<!\\)\|\s*", " · ", text).strip(" ·")
    return re.sub(r"(?:\s*·\s*){2,}", " · ", text)

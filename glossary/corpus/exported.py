"""Notes exported from the seed's old tool -> canonical Markdown (``python -m glossary import``).

In the exported format headings are bare lines starting with an emoji, inline code was cut onto
lines of its own (``ReLU`` / ``,Sigmoid`` / ``. - Wybór…``), tables lost their leading pipe and code
lost its fence and indentation. :func:`reconstruct` detects the format (no flag needed) and rebuilds
canonical Markdown with a map back to the original lines, so diagnostics point into the exported
file.
"""

from __future__ import annotations

import re
from typing import Any

from glossary.corpus.text import classify, is_emoji, split_emoji

_ATX = re.compile(r"^ {0,3}#{1,6}(\s|$)")
_FENCE_LINE = re.compile(r"^ {0,3}(```|~~~)")
# A line matching _ATX or _FENCE_LINE, anywhere in a text ("\s" may be the line's own "\n")
_MARKDOWN_LINE = re.compile(r"^ {0,3}(?:#{1,6}(?:\s|$)|```|~~~)", re.MULTILINE)
# A line whose strip() is "---" or "...": the end of the front matter
_FM_CLOSE = re.compile(r"^[^\S\n]*(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)
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


def _is_markdown(text: str) -> bool:
    """True when a line after the front matter is a Markdown heading or fence, or the front matter
    is never closed: :func:`reconstruct`'s answer is then None, found with two regex searches (the
    usual entry is Markdown, and this runs on every file).
    """
    first_end = text.find("\n")
    body = 0
    if (text if first_end < 0 else text[:first_end]).strip() == "---":
        close = _FM_CLOSE.search(text, first_end + 1) if first_end >= 0 else None
        if close is None:
            return True
        body = close.end() + 1
    return _MARKDOWN_LINE.search(text, body) is not None


def reconstruct(text: str) -> tuple[str, list[int]] | None:
    """Canonical Markdown for an exported note, with a map from its lines to the original lines.

    Returns None when ``text`` is not in the exported format (it has Markdown headings or fences,
    or no bare emoji heading naming a known section).
    """
    if _is_markdown(text):
        return None
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

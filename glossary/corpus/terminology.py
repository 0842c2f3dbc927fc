"""House rules on wording that ``python -m glossary check`` enforces, read from the content folder.

``content/_terminologia.yaml`` lists one preferred term per concept and its discouraged variants (the
library loads only ``*.md`` files, so the rules file is never taken for an entry). Each variant found in
an entry's prose is a warning at its line: ``content/relu.md:49: warning: 'stała ucząca' is a
discouraged variant (learning rate): write 'współczynnik uczenia' instead``. Code, inline code, URLs,
front matter and the sources section are not prose and are not checked. Files listed under
``verbatim`` (the seed entry, whose author's words are kept as written) are skipped; editor's notes
in them carry the accurate wording.

The same rules file states the number convention of tables: a table writes all its decimals with one
separator (a comma in Polish prose tables, a point in the worked x / f(x) / f'(x) tables the tests read
like code output); a table that mixes both is a warning.

Variants are phrases matched case-insensitively on whole words, where ``*`` stands for any word
ending (``stał* ucząc*`` matches "stała ucząca", "stałej uczącej", "stałą uczącą"), or, under
``patterns``, regular expressions for what a phrase cannot say (a one-letter symbol such as a slope
written "a"). ``allowed`` phrases are masked first ("obciążenie (bias)" may say "bias").
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from glossary.corpus.entry import Diagnostic

RULES_FILE = "_terminologia.yaml"
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_SECTION = re.compile(r"^\s{0,3}##\s+(.*)$")
_SOURCES = re.compile(r"źródła|zrodla|sources|references|bibliografia", re.IGNORECASE)
# Not prose: inline code, Markdown link targets, bare URLs, inline maths.
_NOT_PROSE = re.compile(r"(`+).+?\1|\]\([^)]*\)|\b[a-zA-Z][\w+.-]*://\S+|\$[^$\n]+\$")
_COMMA_DECIMAL = re.compile(r"(?<![\w,.])[-−]?\d+,\d+(?![\w,]|\.\d)")
_POINT_DECIMAL = re.compile(r"(?<![\w,.])[-−]?\d+\.\d+(?![\w,]|\.\d)")


@dataclass(frozen=True)
class Term:
    """One concept: the preferred wording and the compiled discouraged variants (label, regex)."""

    concept: str
    preferred: str
    variants: tuple[tuple[str, re.Pattern[str]], ...]
    allowed: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Rules:
    terms: tuple[Term, ...] = ()
    verbatim: frozenset[str] = frozenset()
    source: str = ""  # the rules file, named in every message


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A whole-word, case-insensitive regex for ``phrase``; ``*`` is any word ending."""
    words = [re.escape(w).replace(r"\*", r"\w*") for w in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def parse_rules(text: str, source: str = RULES_FILE) -> Rules:
    """The rules in the YAML ``text``; a malformed file raises ``ValueError`` saying what is wrong."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{source}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a mapping with 'terms' (and optionally 'verbatim')")
    terms = []
    for i, item in enumerate(data.get("terms") or [], 1):
        if not isinstance(item, dict) or not item.get("preferred"):
            raise ValueError(f"{source}: term {i} needs 'preferred' and 'variants' or 'patterns'")
        variants = [(str(v), phrase_pattern(str(v))) for v in item.get("variants") or []]
        try:
            variants += [(str(p), re.compile(str(p))) for p in item.get("patterns") or []]
        except re.error as exc:
            raise ValueError(f"{source}: term {i}: bad pattern: {exc}") from None
        if not variants:
            raise ValueError(f"{source}: term {i} ({item['preferred']}) lists no variants")
        allowed = tuple(phrase_pattern(str(a)) for a in item.get("allowed") or [])
        concept = str(item.get("concept") or item["preferred"])
        terms.append(Term(concept, str(item["preferred"]), tuple(variants), allowed))
    verbatim = frozenset(str(v) for v in data.get("verbatim") or [])
    return Rules(tuple(terms), verbatim, source)


@functools.lru_cache(maxsize=16)
def _rules_at(path: str, mtime_ns: int) -> Rules:
    with open(path, encoding="utf-8") as fh:
        return parse_rules(fh.read(), path)


def rules_stamp(folder: str | os.PathLike[str]) -> int | None:
    """The rules file's modification time (None without one): part of the folder's cache key, so an
    edit of the rules alone shows on the next page load."""
    try:
        return (Path(folder) / RULES_FILE).stat().st_mtime_ns
    except OSError:
        return None


def load_rules(folder: str | os.PathLike[str]) -> Rules | None:
    """The rules file of ``folder``, or None when it has none."""
    path = Path(folder) / RULES_FILE
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None
    return _rules_at(str(path), mtime)


def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """(1-based line number, text) of the lines that are prose: no front matter, fenced code or
    sources section; inline code, link targets, URLs and inline maths blanked out."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        start = end + 1 if end is not None else 0
    fence = ""
    in_sources = False
    for i in range(start, len(lines)):
        line = lines[i]
        first = line.lstrip()[:1]
        m = _FENCE.match(line) if first in ("`", "~") else None
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip(" `~"):
                fence = ""
            continue
        if m:
            fence = m.group(1)
            continue
        if first == "#":
            heading = _SECTION.match(line)
            if heading:
                in_sources = bool(_SOURCES.search(heading.group(1)))
        if in_sources:
            continue
        # NOTE: the regex only when it can match (most lines have no code, link, URL or maths)
        if "`" in line or "](" in line or "://" in line or "$" in line:
            line = _NOT_PROSE.sub(lambda x: " " * len(x.group(0)), line)
        yield i + 1, line


def find_variants(
    text: str, rules: Rules, lines: list[tuple[int, str]] | None = None
) -> Iterator[tuple[int, str, Term]]:
    """(line, the variant as written, its term) for every discouraged variant in the prose of ``text``
    (``lines``: its :func:`prose_lines`, when the caller has them already)."""
    lines = list(prose_lines(text)) if lines is None else lines
    prose = "\n".join(line for _, line in lines)
    # NOTE: one search per variant over the whole prose first: most files have no slip at all
    active = [term for term in rules.terms if any(p.search(prose) for _, p in term.variants)]
    if not active:
        return
    for number, line in lines:
        for term in active:
            masked = line
            for allowed in term.allowed:
                masked = allowed.sub(lambda x: " " * len(x.group(0)), masked)
            taken: list[tuple[int, int]] = []  # one warning per slip, however many variants match it
            for _, pattern in term.variants:
                for m in pattern.finditer(masked):
                    if not any(m.start() < end and start < m.end() for start, end in taken):
                        taken.append(m.span())
                        yield number, m.group(0), term


def mixed_tables(text: str, lines: list[tuple[int, str]] | None = None) -> Iterator[int]:
    """The first line of each table in ``text`` whose cells write decimals both as 0,5 and as 0.5."""
    lines = list(prose_lines(text)) if lines is None else lines
    table_start, comma, point = 0, False, False
    for number, line in [*lines, (-1, "")]:
        if line.lstrip().startswith("|"):
            if not table_start:
                table_start, comma, point = number, False, False
            comma = comma or bool(_COMMA_DECIMAL.search(line))
            point = point or bool(_POINT_DECIMAL.search(line))
            continue
        if table_start and comma and point:
            yield table_start
        table_start = 0


@functools.lru_cache(maxsize=4096)
def _file_diagnostics(path: str, mtime_ns: int, rules: Rules) -> tuple[Diagnostic, ...]:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return ()
    return diagnostics(path, text, rules)


def diagnostics(path: str, text: str, rules: Rules) -> tuple[Diagnostic, ...]:
    """A warning for each discouraged variant and each mixed table in ``text`` (the file ``path``)."""
    if Path(path).name in rules.verbatim:
        return ()
    lines = list(prose_lines(text))
    out = [
        Diagnostic(
            path,
            line,
            "warning",
            f"'{found}' is a discouraged variant ({term.concept}): write '{term.preferred}' instead "
            f"(one term per concept, see {Path(rules.source).name})",
        )
        for line, found, term in find_variants(text, rules, lines)
    ]
    out += [
        Diagnostic(
            path,
            line,
            "warning",
            "this table writes decimals both with a comma and with a point: use one separator in a "
            "table (a comma, or a point in a worked x / f(x) / f'(x) table)",
        )
        for line in mixed_tables(text, lines)
    ]
    return tuple(out)


def folder_diagnostics(folder: str | os.PathLike[str], files: Iterable[tuple[str, int]]) -> list[Diagnostic]:
    """House-rule warnings for ``files`` ((path, mtime_ns) pairs) of ``folder``; none without a rules
    file, and an error at the rules file when it cannot be read."""
    try:
        rules = load_rules(folder)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        return [Diagnostic(str(Path(folder) / RULES_FILE), 1, "error", str(exc))]
    if rules is None:
        return []
    return [d for path, mtime in files for d in _file_diagnostics(path, mtime, rules)]

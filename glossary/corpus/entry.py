"""Frozen dataclasses of a glossary entry. No I/O here.

Markdown stays markdown inside the model: rendering is the UI's business.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from glossary.corpus.demos import DemoBlock

# error: the entry is not loaded; warning: loaded, but something is wrong (`check --strict` fails);
# hint: a suggestion that never fails `check`, even with --strict (e.g. an alias the app does not need).
Severity = Literal["error", "warning", "hint"]
LANGS = ("pl", "en")  # the languages an entry can be written in; "pl" is the default


@dataclass(frozen=True)
class Diagnostic:
    """A located problem, printed as ``path:line: severity: message``."""

    path: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int = 0


@dataclass(frozen=True)
class Section:
    """A level-3 subsection of the explanation, or an extra (unrecognised) section."""

    heading: str
    markdown: str
    tables: tuple[Table, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class CodeBlock:
    language: str
    code: str
    line: int = 0


@dataclass(frozen=True)
class Example:
    markdown: str
    code: tuple[CodeBlock, ...] = ()


@dataclass(frozen=True)
class Source:
    label: str
    title: str
    url: str | None
    line: int = 0


@dataclass(frozen=True)
class Entry:
    path: str
    slug: str
    title: str
    lang: str = "pl"
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    activation: str | None = None
    related: tuple[str, ...] = ()
    definition: str = ""
    key_points: tuple[str, ...] = ()
    explanation_intro: str = ""
    explanation: tuple[Section, ...] = ()
    example: Example | None = None
    sources: tuple[Source, ...] = ()
    scratchpad: tuple[str, ...] = ()
    extra_sections: tuple[Section, ...] = ()
    # Every GFM table of the entry in document order (e.g. an activation's worked values).
    tables: tuple[Table, ...] = ()
    # The ```demo NAME``` blocks placed in the text, in document order, settings validated.
    demos: tuple[DemoBlock, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready dict (the shape of ``python -m glossary parse FILE --json``)."""
        return asdict(self)

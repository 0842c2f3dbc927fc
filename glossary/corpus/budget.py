"""The page budget: how much one entry page draws, at most.

A careless bulk import can produce an entry of 10,000 sections or a 5,000-row table; drawing all of it
costs the server seconds per run and the reader's browser a minute. The entry page draws what fits in
these limits and shows one note where it stops; the same limits, applied here to the parsed entry,
give ``check`` and the health page a ``path:line`` warning where the cut starts. Real entries are far
below every limit (the longest shipped entry has 7 sections, 9 table rows and 10 000 characters).
"""

from __future__ import annotations

from dataclasses import dataclass

from glossary.corpus.demos import MAX_BLOCKS_PER_PAGE
from glossary.corpus.entry import Diagnostic, Entry

MAX_SECTIONS = 60  # explanation subsections plus extra sections
MAX_TABLE_ROWS = 200  # per table
MAX_ITEMS = 200  # per list: key points, sources, scratchpad
MAX_CODE_BLOCKS = 30
MAX_CHARS = 120_000  # characters of Markdown drawn on one page (the shipped entries: at most ~10 000)
MAX_DEMOS = MAX_BLOCKS_PER_PAGE  # demo blocks that run; later ones are offered as a button

LIMITS = {
    "sections": MAX_SECTIONS,
    "table rows": MAX_TABLE_ROWS,
    "list items": MAX_ITEMS,
    "code blocks": MAX_CODE_BLOCKS,
    "characters": MAX_CHARS,
    "live demos": MAX_DEMOS,
}


@dataclass
class Budget:
    """What is left of one page's budget while it is drawn (the UI keeps one per page run)."""

    chars: int = MAX_CHARS
    code_blocks: int = MAX_CODE_BLOCKS
    cut: bool = False  # something was left out: the page shows one note

    def text(self, markdown: str) -> str | None:
        """``markdown`` if it fits, cut at the budget's end if it straddles it, None once spent."""
        if self.chars <= 0:
            self.cut = True
            return None
        if len(markdown) > self.chars:
            self.cut = True
            shown, self.chars = markdown[: self.chars], 0
            # NOTE: cut at a line break so a table row, link or emphasis is not split mid-way
            return shown.rsplit("\n", 1)[0] if "\n" in shown else shown
        self.chars -= len(markdown)
        return markdown

    def code(self) -> bool:
        if self.code_blocks <= 0:
            self.cut = True
            return False
        self.code_blocks -= 1
        return True


def over_budget(entry: Entry) -> list[Diagnostic]:
    """One warning per limit the entry exceeds, at the line where the page stops drawing that kind."""
    found: list[Diagnostic] = []

    def warn(line: int, what: str, count: int, limit: int) -> None:
        found.append(
            Diagnostic(
                entry.path,
                max(line, 1),
                "warning",
                f"page budget: {count:,} {what}, the page shows the first {limit:,} and a note from here on "
                "(split the entry or move the material into its own entries)",
            )
        )

    sections = [*entry.explanation, *entry.extra_sections]
    if len(sections) > MAX_SECTIONS:
        warn(sections[MAX_SECTIONS].line, "sections", len(sections), MAX_SECTIONS)
    for table in entry.tables:
        if len(table.rows) > MAX_TABLE_ROWS:
            warn(table.line + MAX_TABLE_ROWS + 2, "rows in one table", len(table.rows), MAX_TABLE_ROWS)
    for name, items, line in (
        ("key points", entry.key_points, 1),
        ("scratchpad items", entry.scratchpad, 1),
    ):
        if len(items) > MAX_ITEMS:
            warn(line, name, len(items), MAX_ITEMS)
    if len(entry.sources) > MAX_ITEMS:
        warn(entry.sources[MAX_ITEMS].line, "sources", len(entry.sources), MAX_ITEMS)
    code = list(entry.example.code) if entry.example else []
    if len(code) > MAX_CODE_BLOCKS:
        warn(code[MAX_CODE_BLOCKS].line, "code blocks", len(code), MAX_CODE_BLOCKS)
    if len(entry.demos) > MAX_DEMOS:
        warn(entry.demos[MAX_DEMOS].line, "demo blocks", len(entry.demos), MAX_DEMOS)
    total, cut_line = 0, 0
    for markdown, line in (
        (entry.definition, 1),
        (entry.explanation_intro, sections[0].line if sections else 1),
        *((s.markdown, s.line) for s in sections),
        (entry.example.markdown if entry.example else "", 1),
    ):
        total += len(markdown)
        if total > MAX_CHARS and not cut_line:
            cut_line = line
    if cut_line:
        warn(cut_line, "characters of text", total, MAX_CHARS)
    return found

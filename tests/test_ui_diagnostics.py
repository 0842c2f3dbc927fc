"""Diagnostics in the Polish interface: every message the fixtures produce is Polish (names, numbers
and quoted text kept as written); English stays as the engine (and the CLI) wrote it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from glossary.corpus.entry import Diagnostic
from glossary.corpus.parse import parse_entry
from glossary.ui.diagnostics import line_text, message

DATA = Path(__file__).parent / "data"
ENGLISH = re.compile(r"\b(the|is|not|use|add|should|unknown|missing|with|it|of|or|and|has|no)\b")


def fixture_diagnostics() -> list[Diagnostic]:
    found = []
    for path in sorted(DATA.rglob("*.md")):
        found += parse_entry(path.read_text(encoding="utf-8", errors="replace"), str(path)).diagnostics
    return found


DIAGNOSTICS = fixture_diagnostics()


def outside_quotes(text: str) -> str:
    """The words the app wrote: quoted names and parenthesised library errors removed."""
    text = re.sub(r"'[^']*'|`[^`]*`", "", text)
    while re.search(r"\([^()]*\)", text):
        text = re.sub(r"\([^()]*\)", "", text)
    return text


def test_the_fixtures_produce_diagnostics_to_translate():
    assert len(DIAGNOSTICS) >= 10


@pytest.mark.parametrize("diag", DIAGNOSTICS, ids=lambda d: f"{Path(d.path).name}:{d.line}")
def test_every_fixture_diagnostic_reads_in_polish(diag):
    polish = message(diag, "pl")
    assert polish != diag.message
    assert not ENGLISH.search(outside_quotes(polish)), polish
    for quoted in re.findall(r"'([^' ]*)'", diag.message):  # names (no spaces) survive as written
        assert quoted in polish


@pytest.mark.parametrize("diag", DIAGNOSTICS[:5], ids=lambda d: f"{Path(d.path).name}:{d.line}")
def test_english_is_the_engines_text(diag):
    assert message(diag, "en") == diag.message
    assert line_text(diag, diag.path, "en") == str(diag)


def test_library_messages_and_hints():
    diag = Diagnostic(
        "content/x.md",
        3,
        "warning",
        "link to a missing entry 'relu2' (did you mean '/relu'?): fix the link or create it",
    )
    assert message(diag, "pl") == (
        "link do nieistniejącego hasła 'relu2' (czy chodziło o '/relu'?): popraw link albo utwórz hasło"
    )
    assert line_text(diag, "content/x.md", "pl").startswith("content/x.md:3: ostrzeżenie: link do")

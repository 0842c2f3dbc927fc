"""The page budget (glossary/corpus/budget.py): pathological entries are reported where the page cuts
them, and the entry page draws at most the budget, with one note."""

from __future__ import annotations

import pytest
from conftest import ROOT, SCREENSHOT_DIR, open_app
from streamlit.testing.v1 import AppTest

from benchmarks.pathological import pathological_entries
from glossary.corpus import budget as B
from glossary.corpus.parse import parse_entry

ENTRIES = pathological_entries()


def _budget_messages(name: str) -> list[str]:
    entry = parse_entry(ENTRIES[name], f"content/{name}")
    return [str(d) for d in entry.diagnostics if "page budget" in d.message]


@pytest.mark.parametrize(
    ("name", "needle", "line"),
    [
        ("patologia-sekcje.md", "10,000 sections", 189),  # the 61st "### Sekcja 60" heading
        ("patologia-tabela.md", "5,000 rows in one table", 211),  # row 201 of the table
        ("patologia-kod.md", "1,000 code blocks", 131),  # the 31st block
        ("patologia-dema.md", "500 demo blocks", 57),  # the 13th block
        ("patologia-akapit.md", "characters of text", None),
        ("patologia-wzmianki.md", "characters of text", None),
    ],
)
def test_check_reports_where_the_page_cuts(name: str, needle: str, line: int | None):
    messages = [m for m in _budget_messages(name) if needle in m]
    assert len(messages) == 1, _budget_messages(name)
    if line is not None:
        assert messages[0].startswith(f"content/{name}:{line}: warning: page budget: ")
        assert ENTRIES[name].split("\n")[line - 1].strip(), "the line points at content"


def test_the_shipped_entries_are_far_inside_the_budget():
    from glossary.corpus.library import load_library

    library = load_library(ROOT / "content")
    assert library.entries
    for entry in library.entries.values():
        assert not [d for d in entry.diagnostics if "page budget" in d.message], entry.slug
        assert len(entry.definition) + sum(len(s.markdown) for s in entry.explanation) < B.MAX_CHARS / 4


def test_yaml_alias_bombs_are_refused_in_front_matter_and_in_demo_blocks():
    entry = parse_entry(ENTRIES["patologia-bomba.md"], "content/patologia-bomba.md")
    (error,) = [d for d in entry.diagnostics if d.severity == "error"]
    assert error.line == 3 and "anchors and aliases" in error.message


def test_budget_text_cuts_at_a_line_break_and_then_refuses():
    budget = B.Budget(chars=25)
    assert budget.text("short\n") == "short\n" and not budget.cut
    assert budget.text("line one\nline two\nline three\n") == "line one\nline two"
    assert budget.cut and budget.text("more") is None


# -- the entry page draws at most the budget ------------------------------------------------------------


def _page(folder: str, slug: str) -> None:
    import os

    os.environ["GLOSSARY_CONTENT_DIR"] = folder
    from glossary.ui.shell import main

    main(page=slug)


@pytest.fixture(scope="module")
def patho_dir(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("patho")
    for name, text in ENTRIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return str(folder)


def test_a_reader_going_round_the_pathological_pages_splits_each_text_once(patho_dir: str, monkeypatch):
    """The entry page's split-text cache holds every text of the library: a second round over the
    pathological pages (the chaos run's looping session) parses nothing again. It once held 32 texts,
    and the 5,000-row table was re-split on every visit, stalling the other sessions."""
    from glossary.ui import entry_page

    monkeypatch.setenv("GLOSSARY_CONTENT_DIR", patho_dir)
    apps = [AppTest.from_function(_page, args=(patho_dir, n[:-3]), default_timeout=120) for n in ENTRIES]
    for at in apps:
        at.run()
    misses = entry_page._split.cache_info().misses
    for at in apps:
        assert not at.run().exception
    assert entry_page._split.cache_info().misses == misses


@pytest.mark.parametrize("name", [n for n in ENTRIES if n != "patologia-bomba.md"])
def test_a_pathological_page_draws_within_the_budget(name: str, patho_dir: str, monkeypatch):
    monkeypatch.setenv("GLOSSARY_CONTENT_DIR", patho_dir)
    at = AppTest.from_function(_page, args=(patho_dir, name[:-3]), default_timeout=120).run()
    assert not at.exception, at.exception
    shown = sum(len(m.value) for m in at.markdown)
    assert shown < B.MAX_CHARS + 20_000  # the budget plus the page's own furniture
    assert len(at.code) <= B.MAX_CODE_BLOCKS
    assert len(at.get("vega_lite_chart")) <= 4 * B.MAX_DEMOS
    table_rows = max((m.value.count("\n| ") for m in at.markdown), default=0)
    assert table_rows <= B.MAX_TABLE_ROWS + 1
    if name != "patologia-listy.md":  # 200 nested items fit: nothing to cut there
        assert any("dłuższe, niż strona pokazuje" in i.value for i in at.info), [i.value for i in at.info]
    if name == "patologia-dema.md":
        assert len(at.toggle) == B.MAX_DEMOS  # as many again are offered, not run; the rest are cut


def test_the_budget_note_and_health_page_in_a_browser(make_server, page, patho_dir):
    from pathlib import Path

    server = make_server(content_dir=Path(patho_dir))
    page.set_viewport_size({"width": 1280, "height": 1200})
    open_app(page, f"{server.url}/patologia-tabela", timeout=120_000)
    note = page.get_by_text("To hasło jest dłuższe, niż strona pokazuje naraz")
    note.wait_for(state="visible", timeout=60_000)
    rows = page.locator("[data-testid='stMarkdownContainer'] table tbody tr").count()
    assert 0 < rows <= B.MAX_TABLE_ROWS
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    note.screenshot(path=str(SCREENSHOT_DIR / "budget_note.png"))
    open_app(page, f"{server.url}/stan-tresci", timeout=120_000)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "patologia-tabela.md" in body and "limit strony: 5,000" in body  # the Polish interface

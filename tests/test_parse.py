"""Parser: the seed's exported format, golden files, one test per diagnostic, never raising."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.corpus.entry import Entry
from glossary.corpus.parse import (
    MAX_BYTES,
    parse_entry,
    parse_file,
    template,
    to_markdown,
)
from glossary.corpus.text import classify, fold, letter, slugify, sort_key

DATA = Path(__file__).parent / "data"
SEED = DATA / "seed_export.txt"


def _messages(entry: Entry, severity: str) -> list[str]:
    return [d.message for d in entry.diagnostics if d.severity == severity]


def _structure(entry: Entry) -> dict:
    """to_json without paths and line numbers (which legitimately differ between formats)."""

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("line", "path", "slug", "diagnostics")}
        if isinstance(value, (list, tuple)):
            return [strip(v) for v in value]
        return value

    return strip(entry.to_json())  # type: ignore[return-value]


# -- the seed ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed() -> Entry:
    return parse_file(SEED)


def test_seed_has_no_diagnostics(seed: Entry) -> None:
    assert seed.diagnostics == ()


def test_seed_title_and_definition(seed: Entry) -> None:
    assert seed.title == "Funkcja aktywacji"
    assert seed.definition.startswith("Funkcja aktywacji to funkcja matematyczna")


def test_seed_key_points(seed: Entry) -> None:
    assert len(seed.key_points) == 5
    assert seed.key_points[1].replace("`", "") == (
        "Najpopularniejsze funkcje aktywacji to: ReLU, Sigmoid, Tanh, Leaky ReLU, Softmax."
    )
    assert seed.key_points[2].startswith("Wybór funkcji")


def test_seed_explanation(seed: Entry) -> None:
    headings = [s.heading for s in seed.explanation]
    assert headings == [
        "Najczęściej stosowane funkcje aktywacji",
        "Po co jest funkcja aktywacji?",
        "Wpływ na trening modelu",
    ]
    (table,) = seed.explanation[0].tables
    assert table.columns == ("Nazwa", "Wzór matematyczny", "Zalety", "Wady")
    assert len(table.rows) == 5 and table.rows[0][0] == "ReLU"
    assert table.rows[4][1] == "f(xᵢ) = exp(xᵢ) / Σ exp(xⱼ)"
    bullets = [ln for ln in seed.explanation[1].markdown.split("\n") if ln.startswith("- ")]
    assert len(bullets) == 4
    training = [ln for ln in seed.explanation[2].markdown.split("\n") if ln.startswith("- ")]
    assert len(training) == 3
    assert training[1].replace("`", "") == (
        "- Dla klasyfikacji wieloklasowej na końcu sieci stosuje się Softmax, a dla binarnej – Sigmoid."
    )


def test_seed_example(seed: Entry) -> None:
    assert seed.example is not None
    assert [ln for ln in seed.example.markdown.split("\n") if ln.startswith("- ")] == [
        "- ReLU w warstwach ukrytych dla wydajności i redukcji problemu zaniku gradientu.",
        "- Softmax w warstwie wyjściowej, aby zwrócić prawdopodobieństwa przynależności do klas "
        "(np. „pies”, „kot”, „samochód”).",
    ]
    (code,) = seed.example.code
    assert code.language == "python"
    ast.parse(code.code)
    assert "nn.Sequential(" in code.code
    assert "    nn.ReLU()," in code.code  # re-indented inside the call
    assert code.line == 39  # the line in the exported file


def test_seed_sources_and_scratchpad(seed: Entry) -> None:
    assert [(s.label, s.title, s.url) for s in seed.sources] == [
        (
            "1",
            "DeepAI – Activation Function Overview",
            "https://deepai.org/machine-learning-glossary-and-terms/activation-function",
        ),
        (
            "2",
            "IBM – What is an activation function?",
            "https://www.ibm.com/cloud/learn/activation-functions",
        ),
        ("3", "Stanford CS231n Notes", "http://cs231n.github.io/neural-networks-1/"),
    ]
    assert len(seed.scratchpad) == 6
    assert seed.scratchpad[0] == "Funkcja aktywacji = kluczowy element sieci neuronowej."


def test_seed_round_trips_through_the_canonical_writer(seed: Entry) -> None:
    canonical = to_markdown(seed)
    assert canonical.startswith("---\ntitle: Funkcja aktywacji\n")
    assert "## 🎯 Definicja" in canonical and "```python\n" in canonical
    again = parse_entry(canonical, "content/funkcja-aktywacji.md")
    assert again.diagnostics == ()
    assert _structure(again) == _structure(seed)


def test_seed_diagnostic_lines_point_into_the_exported_file() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "- [3] Stanford CS231n Notes: http://cs231n.github.io/neural-networks-1/",
        "- [3] Stanford CS231n Notes",
    )
    entry = parse_entry(text, "seed.txt")
    (diag,) = entry.diagnostics
    assert diag.line == 50 and "source [3] has no URL" in diag.message


# -- golden files --------------------------------------------------------------------------------
GOLDEN = sorted(DATA.glob("*.md"))


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_golden(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    got = parse_file(path).to_json()
    got["path"] = path.name
    for d in got["diagnostics"]:
        d["path"] = path.name
    assert json.loads(json.dumps(got, ensure_ascii=False)) == expected


def test_there_are_golden_files() -> None:
    assert len(GOLDEN) >= 3


# -- format details ------------------------------------------------------------------------------
DEF = "## Definicja\n\nX to coś.\n"


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("🎯 Definicja", "definition"),
        ("Definition", "definition"),
        ("🎯", "definition"),
        ("SZCZEGOLOWE WYJASNIENIE", "explanation"),
        ("📚 Detailed explanation", "explanation"),
        ("Przykład", "example"),
        ("💡 Przykład zastosowania", "example"),
        ("References", "sources"),
        ("Źródła", "sources"),
        ("zrodla", "sources"),
        ("👽 Notes", "scratchpad"),
        ("🔑 key points:", "key_points"),
        ("Historia", None),
        ("Defnicja", None),
    ],
)
def test_section_names(heading: str, kind: str | None) -> None:
    assert classify(heading) == kind


def test_title_precedence() -> None:
    assert parse_entry("---\ntitle: Front\n---\n# Heading\n" + DEF, "a.md").title == "Front"
    assert parse_entry("# Heading\n" + DEF, "a.md").title == "Heading"
    assert parse_entry(DEF.replace("X to", "Leaky ReLU to"), "a.md").title == "Leaky ReLU"
    assert parse_entry("## Definition\n\nSomething unusual.\n", "content/leaky-relu.md").title == "Leaky relu"


def test_english_entry_and_lang_detection() -> None:
    text = "## 🎯 Definition\n\nA neuron is a unit.\n\n## Key points\n\n- one\n- two\n"
    entry = parse_entry(text, "neuron.md")
    assert entry.lang == "en" and entry.title == "A neuron"
    assert entry.key_points == ("one", "two")


def test_front_matter_fields() -> None:
    text = (
        "---\ntitle: Leaky ReLU\naliases: [leaky relu, LReLU]\ntags: aktywacje\nlang: pl\n"
        "related: [relu, Martwe neurony]\n---\n" + DEF
    )
    entry = parse_entry(text, "content/leaky-relu.md")
    assert (entry.title, entry.aliases, entry.tags) == ("Leaky ReLU", ("leaky relu", "LReLU"), ("aktywacje",))
    assert entry.related == ("relu", "martwe-neurony")
    assert entry.slug == "leaky-relu"


def test_extra_sections_are_kept_in_order() -> None:
    text = DEF + "\n## Historia\n\nDawno temu.\n\n## Ciekawostki\n\n- a\n"
    entry = parse_entry(text, "a.md")
    assert [(s.heading, s.markdown) for s in entry.extra_sections] == [
        ("Historia", "Dawno temu."),
        ("Ciekawostki", "- a"),
    ]
    assert len(_messages(entry, "warning")) == 2


def test_explanation_intro_subsections_and_tables() -> None:
    text = (
        DEF
        + "\n## 📚 Szczegółowe wyjaśnienie\n\nWstęp.\n\n### Wartości\n\n| x | f(x) |\n|---|---|\n| -1 | 0 |\n"
    )
    entry = parse_entry(text, "a.md")
    assert entry.explanation_intro == "Wstęp."
    (section,) = entry.explanation
    assert section.heading == "Wartości" and section.line == 9
    assert section.tables[0].columns == ("x", "f(x)") and section.tables[0].rows == (("-1", "0"),)
    assert entry.tables == section.tables


def test_example_code_blocks_are_separated_from_the_text() -> None:
    text = DEF + "\n## Przykład\n\nTekst.\n\n```python\nprint(1)\n```\n\nJeszcze.\n"
    entry = parse_entry(text, "a.md")
    assert entry.example is not None
    assert entry.example.markdown == "Tekst.\n\nJeszcze."
    assert [(c.language, c.code, c.line) for c in entry.example.code] == [("python", "print(1)\n", 9)]


def test_sources_accept_both_forms() -> None:
    text = (
        DEF
        + "\n## Źródła\n\n- [1] Maas (2013). Rectifier: https://a.org/x\n"
        + "- [2] [Tytuł](https://b.org/y)\n- [Bez etykiety](https://c.org)\n"
    )
    entry = parse_entry(text, "a.md")
    assert [(s.label, s.title, s.url) for s in entry.sources] == [
        ("1", "Maas (2013). Rectifier", "https://a.org/x"),
        ("2", "Tytuł", "https://b.org/y"),
        ("3", "Bez etykiety", "https://c.org"),
    ]
    assert entry.diagnostics == ()


def test_template_is_complete_and_clean() -> None:
    for lang in ("pl", "en"):
        entry = parse_entry(template("Łańcuch Markowa", lang), "lancuch-markowa.md")
        assert entry.diagnostics == ()
        assert entry.title == "Łańcuch Markowa" and entry.lang == lang
        assert entry.key_points and entry.explanation and entry.example and entry.example.code
        assert entry.sources and entry.scratchpad


def test_exported_detection_does_not_touch_markdown() -> None:
    text = "## 🎯 Definicja\n\nReLU to funkcja.\n\nimport numpy as np\n"
    entry = parse_entry(text, "relu.md")
    assert entry.definition == "ReLU to funkcja.\n\nimport numpy as np"


def test_exported_code_with_a_block_is_reindented() -> None:
    text = "🎯 Definicja\nX to y.\n💡 Przykład\nKod:\ndef f(x):\nif x > 0:\nreturn x\nreturn 0\nprint(f(2))\n"
    entry = parse_entry(text, "x.txt")
    assert entry.example is not None
    (code,) = entry.example.code
    ast.parse(code.code)
    assert "    if x > 0:\n        return x" in code.code


# -- one test per diagnostic --------------------------------------------------------------------
def test_error_undecodable_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(b"## Definicja\n\nok\n\xff\xfe broken\n")
    (diag,) = parse_file(path).diagnostics
    assert (diag.severity, diag.line) == ("error", 4)
    assert "not valid UTF-8" in diag.message and "re-save" in diag.message


def test_error_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("  \n\n", encoding="utf-8")
    (diag,) = parse_file(path).diagnostics
    assert diag.severity == "error" and "empty" in diag.message


def test_error_no_definition() -> None:
    entry = parse_entry("## Kluczowe punkty\n\n- a\n", "a.md")
    assert any("no definition" in m and "Definicja" in m for m in _messages(entry, "error"))


def test_error_front_matter_yaml() -> None:
    entry = parse_entry("---\ntitle: [unclosed\n---\n" + DEF, "a.md")
    (diag,) = [d for d in entry.diagnostics if d.severity == "error"]
    assert "front matter is not valid YAML" in diag.message
    assert diag.line in (2, 3)


def test_error_file_over_1mb_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(DEF.encode() + b"x" * (MAX_BYTES + 10))
    (diag,) = parse_file(path).diagnostics
    assert diag.severity == "error" and "larger than 1 MB" in diag.message


def test_warning_unknown_section_with_suggestion() -> None:
    entry = parse_entry(DEF + "\n## Kluczowe punkity\n\n- a\n", "content/relu.md")
    (diag,) = entry.diagnostics
    assert (
        str(diag)
        == "content/relu.md:5: warning: unknown section 'Kluczowe punkity' (did you mean 'Kluczowe punkty'?)"
    )
    assert entry.extra_sections[0].heading == "Kluczowe punkity"


def test_warning_ragged_table() -> None:
    entry = parse_entry(DEF + "\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 |\n", "a.md")
    (diag,) = entry.diagnostics
    assert diag.line == 8 and "1 cells but the header has 2" in diag.message


def test_warning_unclosed_fence() -> None:
    entry = parse_entry(DEF + "\n```python\nprint(1)\n", "a.md")
    (diag,) = entry.diagnostics
    assert diag.line == 5 and "never closed" in diag.message


def test_warning_source_without_url() -> None:
    entry = parse_entry(DEF + "\n## Źródła\n\n- [1] Książka bez adresu\n", "a.md")
    (diag,) = entry.diagnostics
    assert diag.line == 7 and "source [1] has no URL" in diag.message


def test_warning_non_http_link() -> None:
    entry = parse_entry(DEF + "\nZobacz [plik](ftp://example.org/x) i [ok](https://example.org).\n", "a.md")
    (diag,) = entry.diagnostics
    assert diag.line == 5 and "not http(s)" in diag.message and "ftp://" in diag.message


def test_warning_unknown_activation() -> None:
    pytest.importorskip("glossary.maths.activations")
    entry = parse_entry("---\nactivation: reul\n---\n" + DEF, "a.md")
    (diag,) = entry.diagnostics
    assert "unknown activation 'reul'" in diag.message and "relu" in diag.message


def test_links_outside_the_folder_are_ignored() -> None:
    text = DEF + "\n[a](../secret.md) [b](/etc/passwd) [c](/relu) [d](relu.md) [e](#x)\n"
    entry = parse_entry(text, "a.md")
    assert entry.diagnostics == ()


# -- never raises ---------------------------------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    entry = parse_entry(text, "content/x.md")
    assert isinstance(entry, Entry)
    assert not any("internal parser error" in d.message for d in entry.diagnostics)
    if not entry.definition:
        assert any(d.severity == "error" for d in entry.diagnostics)


_PIECES = st.sampled_from(
    [
        "🎯 Definicja",
        "## 🔑",
        "### x",
        "- a",
        "```",
        "| a | b |",
        "---|---|",
        ",x",
        ". - y",
        "import os",
        "x = (",
        ")",
        "---",
        "title: [",
        "[l](ftp://x)",
        "- [1] t",
        "💡",
        "📚 Szczegółowe wyjaśnienie",
        "\t",
        "",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=25))
def test_structured_noise_never_raises(lines: list[str]) -> None:
    entry = parse_entry("\n".join(lines), "x.txt")
    assert not any("internal parser error" in d.message for d in entry.diagnostics)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("b") / "x.md"
    path.write_bytes(data)
    entry = parse_file(path)
    assert not any("internal parser error" in d.message for d in entry.diagnostics)


# -- text helpers ---------------------------------------------------------------------------------
def test_fold_and_slugify() -> None:
    assert fold("Łódź ŻÓŁW Ąę") == "lodz zolw ae"
    assert slugify("Funkcja aktywacji") == "funkcja-aktywacji"
    assert slugify("  Łańcuch   Markowa! ") == "lancuch-markowa"


def test_polish_order_and_letters() -> None:
    words = ["żaba", "zebra", "łódź", "lis", "ćma", "cis", "Adam", "ąb", "b", "śmiech", "sok", "źdźbło"]
    assert sorted(words, key=sort_key) == [
        "Adam",
        "ąb",
        "b",
        "cis",
        "ćma",
        "lis",
        "łódź",
        "sok",
        "śmiech",
        "zebra",
        "źdźbło",
        "żaba",
    ]
    assert (letter("Łek"), letter("Adam"), letter("élan"), letter("2D splot")) == ("Ł", "A", "E", "#")


def test_crlf_and_bom_are_accepted() -> None:
    text = "\ufeff---\r\ntitle: ReLU\r\n---\r\n\r\n## Definicja\r\n\r\nReLU to funkcja.\r\n"
    text += "\r\n## Kluczowe punkty\r\n- a\r\n"
    entry = parse_entry(text, "relu.md")
    assert (entry.title, entry.definition, entry.key_points, entry.diagnostics) == (
        "ReLU",
        "ReLU to funkcja.",
        ("a",),
        (),
    )


def test_seed_with_windows_line_endings_parses_the_same(seed: Entry) -> None:
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    assert _structure(parse_entry(text, "seed.txt")) == _structure(seed)


def test_nul_byte_makes_the_file_binary(tmp_path):
    path = tmp_path / "binary.md"
    path.write_bytes(b"## Definicja\nX to y.\n\x00\x00")
    entry = parse_file(path)
    (diag,) = [d for d in entry.diagnostics if d.severity == "error"]
    assert diag.line == 3 and "NUL byte" in diag.message


# -- fast paths, each against the straightforward code it replaces ----------------------------------
# Polish and other Latin letters, letters fold leaves alone or changes in length, combining marks,
# whitespace that str.split and \s both know, punctuation, digits, an emoji.
_TRICKY = (
    "aąbcćeęlłnńoóśźżAĄŁŻéüßøıđσΣİǅﬁक़\u0301\u0328\u0338\u093c≠_-.,:;()[]|\\`*#~ \t\n\xa0\x1c\u2028–„”09🎯"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_TRICKY, max_size=30))
def test_fold_by_translate_equals_fold_by_decomposition(text: str) -> None:
    from glossary.corpus.text import _fold_decomposed

    low = text.lower()
    assert fold(text) == (low if low.isascii() else _fold_decomposed(low))


def test_every_latin_letter_folds_alone_and_inside_words_as_decomposition_does() -> None:
    from glossary.corpus.text import _LATIN, _fold_decomposed

    assert set("ąćęłńóśźż") <= {chr(code) for code in _LATIN}
    for code, folded in _LATIN.items():
        c = chr(code)
        assert _fold_decomposed(c) == folded
        for word in (c, f"x{c}y", c * 3, f"{c}ą\u0301ł", f"{c.upper()}Ż"):
            assert fold(word) == _fold_decomposed(word.lower())


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_TRICKY + "\0", max_size=60))
def test_fold_tokens_equals_the_regex_definition(text: str) -> None:
    from glossary.corpus.text import TOKEN, fold_tokens

    assert fold_tokens(text) == [fold(t) for t in TOKEN.findall(text.lower())]


def _reference_is_markdown(text: str) -> bool:
    """What reconstruct() checked line by line before its two-search fast check."""
    import re

    lines = text.split("\n")
    start = 0
    if lines[0].strip() == "---":
        close = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if close is None:
            return True
        start = close + 1
    return any(
        re.match(r"^ {0,3}#{1,6}(\s|$)", ln) or re.match(r"^ {0,3}(```|~~~)", ln) for ln in lines[start:]
    )


_LINES = st.sampled_from(
    [
        "---",
        "...",
        " --- ",
        "\x1c---\u2028",
        "# x",
        "#",
        "####### x",
        "   ## x",
        "    # x",
        "#\tx",
        "```",
        "  ~~~x",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(alphabet=" \t#`~-.\x1c\u2028\nab🎯", max_size=8)), max_size=12))
def test_markdown_detection_equals_the_line_by_line_check(lines: list[str]) -> None:
    from glossary.corpus.exported import _is_markdown

    text = "\n".join(lines)
    assert _is_markdown(text) == _reference_is_markdown(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab |\\`-: \t", max_size=30))
def test_cell_count_equals_the_regex_split(row: str) -> None:
    from glossary.corpus.parse import _CELL_SPLIT, _cell_count

    s = row.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    assert _cell_count(row) == len(_CELL_SPLIT.split(s))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab -\t*1.)\xa0", max_size=20))
def test_dash_bullet_shortcut_equals_the_bullet_regex(rest: str) -> None:
    from glossary.corpus.parse import _BULLET

    line = "- " + rest
    bullet = _BULLET.match(line)
    assert bullet is not None and line[2:].strip() == line[bullet.end() :].strip()


def test_a_file_that_grew_after_its_size_was_read_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    from types import SimpleNamespace

    path = tmp_path / "x.md"
    path.write_text(DEF + "\n## Kluczowe punkty\n\n- " + "długi " * 2000 + "koniec\n", encoding="utf-8")
    monkeypatch.setattr(os, "fstat", lambda fd: SimpleNamespace(st_size=10))
    entry = parse_file(path)
    assert entry.diagnostics == () and entry.key_points[0].endswith("długi koniec")


TRICKY_INLINE = """---
title: Próba
---

## 🎯 Definicja
Próba to *tekst* z [linkiem][ref], \\[nawiasem\\], &amp; encją, `kodem` i <https://example.org/a>.

## 🔑 Kluczowe punkty
- ![obraz](obrazy/relu.png) i [x](file:///etc/passwd) oraz [y](/relu "tytuł")
- <b>html</b> \\`nie kod\\` [pusty]()

[ref]: https://example.org/ref
"""


@pytest.mark.parametrize(
    "path", sorted((Path(__file__).parent.parent / "content").glob("*.md")), ids=lambda p: p.stem
)
def test_inline_parsed_on_demand_equals_markdown_it_full_parse(path: Path) -> None:
    """The parser reads blocks only and parses a paragraph's inline markup when it needs it: every inline
    token's children then equal those of markdown-it's full parse (same configuration)."""
    from glossary.corpus.parse import _BLOCKS, _MD, _parse_inline

    for text in (path.read_text(encoding="utf-8"), TRICKY_INLINE):
        env: dict = {}
        full = [t for t in _MD.parse(text) if t.type == "inline"]
        lazy = [t for t in _BLOCKS.parse(text, env) if t.type == "inline"]
        assert [t.content for t in lazy] == [t.content for t in full]
        assert all(not t.children for t in lazy)  # nothing parsed until asked
        for token in lazy:
            _parse_inline(token, env)
        assert [[c.as_dict() for c in t.children] for t in lazy] == [
            [c.as_dict() for c in t.children] for t in full
        ]

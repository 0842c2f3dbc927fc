"""Library: loading a folder, failures, duplicates, links, reloads, linkify, suggest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary.corpus.library as library_module
from glossary.corpus.library import RESERVED_SLUGS, TermMatcher, folder_state, load_library
from glossary.corpus.parse import template


def entry(title: str, body: str = "", aliases: str = "[]", related: str = "[]") -> str:
    return (
        f"---\ntitle: {title}\naliases: {aliases}\nrelated: {related}\n---\n\n"
        f"## 🎯 Definicja\n\n{title} to pojęcie. {body}\n"
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def bump(path: Path, text: str) -> None:
    """Rewrite ``path`` with a distinct mtime even on filesystems with coarse timestamps."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10_000_000, before + 10_000_000))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(
        tmp_path,
        "relu.md",
        entry("ReLU", "Ma wariant Leaky ReLU; zob. [sigmoid](/sigmoid).", "[Rectified Linear Unit]"),
    )
    write(
        tmp_path,
        "leaky-relu.md",
        entry("Leaky ReLU", "Wariant funkcji ReLU, `Sigmoid` w kodzie.", related="[relu, brak]"),
    )
    write(tmp_path, "sigmoid.md", entry("Sigmoid", "Łagodna jak funkcja aktywacji."))
    write(tmp_path, "lancuch.md", entry("Łańcuch", "Nic."))
    write(tmp_path, "adam.md", entry("Adam", "Optymalizator."))
    write(tmp_path, ".ukryty.md", "to nie jest wpis")
    write(tmp_path, "notatki.txt", "to też nie")
    return tmp_path


def test_loads_entries_and_ignores_hidden_and_other_files(folder: Path) -> None:
    lib = load_library(folder)
    assert set(lib.entries) == {"relu", "leaky-relu", "sigmoid", "lancuch", "adam"}
    assert lib.failed == {}
    assert lib.sorted_slugs() == ["adam", "leaky-relu", "lancuch", "relu", "sigmoid"]


def test_failed_files_do_not_stop_the_others(folder: Path) -> None:
    write(folder, "zepsuty.md", "## Kluczowe punkty\n\n- brak definicji\n")
    (folder / "binarny.md").write_bytes(b"\xff\xfe\x00")
    lib = load_library(folder)
    assert set(lib.failed) == {"zepsuty", "binarny"}
    assert "relu" in lib.entries and "zepsuty" not in lib.entries
    assert any(d.severity == "error" and d.path.endswith("zepsuty.md") for d in lib.diagnostics)


def test_error_duplicate_slug_names_both_files(folder: Path) -> None:
    write(folder, "ReLU.md", entry("Inny ReLU"))
    lib = load_library(folder)
    (diag,) = [d for d in lib.diagnostics if "duplicate slug" in d.message]
    assert diag.severity == "error"
    assert "ReLU.md" in diag.message and "relu.md" in diag.message
    assert lib.entries["relu"].title in ("ReLU", "Inny ReLU")
    assert "relu" in lib.failed


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_error_slug_taken_by_an_app_page(folder: Path, slug: str) -> None:
    write(folder, f"{slug}.md", entry("Strona aplikacji"))
    lib = load_library(folder)
    (diag,) = [d for d in lib.diagnostics if "belongs to the app's own page" in d.message]
    assert diag.severity == "error" and diag.path.endswith(f"{slug}.md") and diag.line == 1
    assert f"/{slug}" in diag.message and "rename the file" in diag.message
    assert slug in lib.failed and slug not in lib.entries and "relu" in lib.entries


def test_error_duplicate_alias_names_both_files(folder: Path) -> None:
    write(folder, "zz-prostownik.md", entry("Prostownik", aliases="[rectified linear unit]"))
    lib = load_library(folder)
    (diag,) = [d for d in lib.diagnostics if "duplicate title or alias" in d.message]
    assert diag.severity == "error" and diag.path.endswith("zz-prostownik.md")
    assert "relu.md" in diag.message
    assert "zz-prostownik" in lib.failed and "zz-prostownik" not in lib.entries


def test_warning_link_to_a_missing_slug(folder: Path) -> None:
    write(folder, "adam.md", entry("Adam", "Zob. [SGD](/sgd) oraz [sigmoid](sigmoid.md)."))
    lib = load_library(folder)
    (diag,) = [d for d in lib.diagnostics if "missing entry" in d.message]
    assert diag.severity == "warning" and diag.path.endswith("adam.md") and diag.line == 9
    assert "'sgd'" in diag.message
    assert "sigmoid" in lib.links["adam"]


def test_related_keeps_existing_slugs_and_warns_about_the_rest(folder: Path) -> None:
    lib = load_library(folder)
    assert lib.related("leaky-relu") == ("relu",)
    assert any("related entry 'brak'" in d.message for d in lib.diagnostics)


def test_links_mentions_and_backlinks(folder: Path) -> None:
    lib = load_library(folder)
    # explicit link + mention of "Leaky ReLU" (longest match: not "ReLU" inside it)
    assert lib.links["relu"] == frozenset({"sigmoid", "leaky-relu"})
    # "ReLU" in prose counts, "Sigmoid" inside a code span does not
    assert lib.links["leaky-relu"] == frozenset({"relu"})
    assert lib.links["adam"] == frozenset()
    assert lib.backlinks["relu"] == frozenset({"leaky-relu"})
    assert lib.backlinks["sigmoid"] == frozenset({"relu"})


def test_resolve_and_suggest(folder: Path) -> None:
    lib = load_library(folder)
    assert lib.resolve("rectified linear unit") == "relu"
    assert lib.resolve("LANCUCH") == "lancuch"
    assert lib.resolve("/leaky-relu.md") == "leaky-relu"
    assert lib.resolve("nic takiego") is None
    assert lib.suggest("sigmiod")[0] == "sigmoid"
    assert lib.suggest("leaky-rlu")[0] == "leaky-relu"


def test_linkify(folder: Path) -> None:
    lib = load_library(folder)
    text = "Leaky ReLU i ReLU, a potem znowu ReLU. `Sigmoid` w kodzie, [sigmoid](/x), sigmoidalny, Sigmoid.\n"
    out = lib.linkify(text, "adam")
    assert out == (
        "[Leaky ReLU](/leaky-relu) i [ReLU](/relu), a potem znowu ReLU. `Sigmoid` w kodzie, [sigmoid](/x), "
        "sigmoidalny, [Sigmoid](/sigmoid).\n"
    )
    assert lib.linkify("ReLU i Sigmoid", "relu") == "ReLU i [Sigmoid](/sigmoid)"
    fenced = "```python\nrelu = ReLU()\n```\n## ReLU\nłańcuch\n"
    assert lib.linkify(fenced, None) == "```python\nrelu = ReLU()\n```\n## ReLU\n[łańcuch](/lancuch)\n"


def test_reload_reparses_only_changed_files(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_library(folder)
    calls: list[str] = []
    real = library_module.read_and_parse

    def counting(path: os.PathLike[str]) -> object:
        calls.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(library_module, "read_and_parse", counting)
    same = load_library(folder, first)
    assert calls == []
    assert same.entries == first.entries
    bump(folder / "adam.md", entry("Adam", "Teraz wspomina Sigmoid."))
    second = load_library(folder, same)
    assert calls == ["adam.md"]
    assert second.links["adam"] == frozenset({"sigmoid"})
    assert "adam" in second.backlinks["sigmoid"]
    # the previous snapshot is untouched
    assert same.links["adam"] == frozenset() and "adam" not in same.backlinks["sigmoid"]
    assert [h.slug for h in same.search("wspomina")] == []
    assert [h.slug for h in second.search("wspomina")] == ["adam"]


def test_reload_after_a_title_change_updates_mentions(folder: Path) -> None:
    first = load_library(folder)
    bump(folder / "adam.md", entry("Optymalizator", "Nic."))
    second = load_library(folder, first)
    assert second.resolve("optymalizator") == "adam" and second.entries["adam"].title == "Optymalizator"
    bump(folder / "sigmoid.md", entry("Sigmoid", "Łagodna; patrz optymalizator."))
    third = load_library(folder, second)
    assert third.links["sigmoid"] == frozenset({"adam"})
    write(folder, "wariant.md", entry("Wariant", "Nic."))
    fourth = load_library(folder, third)
    assert "wariant" in fourth.links["leaky-relu"]  # "Wariant funkcji ReLU" now mentions it
    (folder / "wariant.md").unlink()
    fifth = load_library(folder, fourth)
    assert "wariant" not in fifth.links["leaky-relu"]
    fresh = load_library(folder)
    assert fifth.links == fresh.links and fifth.backlinks == fresh.backlinks


def test_incremental_index_matches_a_fresh_build(folder: Path) -> None:
    lib = load_library(folder)
    bump(folder / "relu.md", entry("ReLU", "Zupełnie nowy tekst o gradientach.", "[Rectified Linear Unit]"))
    (folder / "lancuch.md").unlink()
    reloaded = load_library(folder, lib)
    fresh = load_library(folder)
    assert reloaded._index.doc_tokens == fresh._index.doc_tokens
    assert [dict(p) for p in reloaded._index.postings] == [dict(p) for p in fresh._index.postings]
    assert reloaded._index.vocab == fresh._index.vocab


def test_folder_state_changes_with_the_folder(folder: Path) -> None:
    before = folder_state(folder)
    assert folder_state(folder) == before
    bump(folder / "adam.md", entry("Adam", "zmiana"))
    assert folder_state(folder) != before
    write(folder, ".kolejny-ukryty.md", "x")
    after = folder_state(folder)
    assert folder_state(folder) == after


def test_missing_folder_is_an_empty_library(tmp_path: Path) -> None:
    lib = load_library(tmp_path / "nie-ma")
    assert lib.entries == {} and lib.diagnostics == ()


def test_template_entries_load_cleanly(tmp_path: Path) -> None:
    write(tmp_path, "relu.md", template("ReLU"))
    write(tmp_path, "tanh.md", template("Tanh", "en"))
    lib = load_library(tmp_path)
    assert set(lib.entries) == {"relu", "tanh"} and lib.diagnostics == ()


# -- the mention finder of a load, against the straightforward scan ------------------------------
def _reference_mentions(terms: dict[tuple[str, ...], str], words: list[str]) -> set[str]:
    """Left to right, the longest term starting at each word; a mention's words start no other."""
    longest_first = sorted(terms, key=len, reverse=True)
    found: set[str] = set()
    i = 0
    while i < len(words):
        for term in longest_first:
            if tuple(words[i : i + len(term)]) == term:
                found.add(terms[term])
                i += len(term)
                break
        else:
            i += 1
    return found


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(
        st.lists(st.sampled_from("abcd"), min_size=1, max_size=3).map(tuple),
        st.sampled_from(["s1", "s2", "s3", "s4", "s5"]),
        max_size=8,
    ),
    st.lists(st.sampled_from(["a", "b", "c", "d", ".", "\0"]), max_size=40),
    st.integers(0, 40),
)
def test_fast_mention_finder_equals_the_straightforward_scan(
    terms: dict[tuple[str, ...], str], words: list[str], cut: int
) -> None:
    matcher = TermMatcher(terms)
    expected = _reference_mentions(terms, words)
    assert matcher.mentioned(words, set(words)) == expected
    assert matcher.mentioned(words, set(words[:cut]), set(words[cut:])) == expected  # split vocabulary
    # the finder linkify uses, on the same words as text, agrees too
    assert {slug for _, _, slug in matcher.find(" ".join(words))} == expected


def _reference_inflected(
    terms: dict[tuple[str, ...], str], variants: dict[str, set[str]], words: list[str]
) -> set[str]:
    """The straightforward scan where a word counts as a term word if it is one of its forms."""
    same = lambda w, t: w == t or w in variants.get(t, ())  # noqa: E731
    found: set[str] = set()
    i = 0
    while i < len(words):
        matching = [t for t in terms if len(words[i:]) >= len(t) and all(map(same, words[i:], t))]
        if not matching:
            i += 1
            continue
        # the longest; among those the one written exactly, earliest word first, then alphabetical
        term = min(matching, key=lambda t: (-len(t), [(words[i + k] != w, w) for k, w in enumerate(t)]))
        found.add(terms[term])
        i += len(term)
    return found


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(
        st.lists(st.sampled_from("abcd"), min_size=1, max_size=3).map(tuple),
        st.sampled_from(["s1", "s2", "s3", "s4", "s5"]),
        max_size=8,
    ),
    st.dictionaries(st.sampled_from("abcd"), st.sets(st.sampled_from(["e", "f", "g", "a"]), max_size=2)),
    st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f", "g", ".", "\0"]), max_size=40),
)
def test_inflected_mention_finder_equals_the_straightforward_scan(
    terms: dict[tuple[str, ...], str], variants: dict[str, set[str]], words: list[str]
) -> None:
    """With forms that several term words share (``a`` is a form of ``b``, ``e`` of ``c`` and ``d``)."""
    matcher = TermMatcher(terms, {w: frozenset(f) for w, f in variants.items()})
    expected = _reference_inflected(terms, variants, words)
    assert matcher.mentioned(words, set(words)) == expected
    assert {slug for _, _, slug in matcher.find(" ".join(words))} == expected

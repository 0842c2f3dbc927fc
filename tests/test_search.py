"""Search: folding (including ł), prefixes, one typo, ranking by field, snippets."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.corpus.library import Library, load_library
from glossary.corpus.search import SearchIndex, _within_one_edit


def write(folder: Path, slug: str, title: str, aliases: str = "[]", points: str = "", body: str = "") -> None:
    text = (
        f"---\ntitle: {title}\naliases: {aliases}\n---\n\n## 🎯 Definicja\n\n{title} to pojęcie. {body}\n\n"
        f"## 🔑 Kluczowe punkty\n\n- {points or 'punkt'}\n"
    )
    (folder / f"{slug}.md").write_text(text, encoding="utf-8")


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    write(tmp_path, "lancuch-markowa", "Łańcuch Markowa", body="Proces bez pamięci.")
    write(tmp_path, "gradient", "Gradient", aliases="[pochodna cząstkowa]", body="Wektor pochodnych.")
    write(tmp_path, "pochodna", "Pochodna", points="Gradient to wektor pochodnych.")
    write(tmp_path, "relu", "ReLU", body="Zeruje ujemne wejścia; jej gradient to 0 albo 1.")
    write(tmp_path, "sigmoid", "Sigmoid", aliases="[funkcja logistyczna]", body="Nasyca się dla dużych |x|.")
    write(
        tmp_path,
        "zmeczenie",
        "Zmęczenie",
        body="Długi tekst " * 30 + "o łączeniu gradientów w żółwim tempie.",
    )
    return load_library(tmp_path)


def slugs(lib: Library, query: str) -> list[str]:
    return [h.slug for h in lib.search(query)]


@pytest.mark.parametrize("query", ["łańcuch", "ŁAŃCUCH", "lancuch", "LANCUCH", "Łancuch markowa"])
def test_case_and_diacritic_insensitive_including_l_stroke(lib: Library, query: str) -> None:
    assert slugs(lib, query)[0] == "lancuch-markowa"


def test_prefix_matching(lib: Library) -> None:
    assert slugs(lib, "łańc")[0] == "lancuch-markowa"
    assert slugs(lib, "sigm") == ["sigmoid"]
    assert "zmeczenie" in slugs(lib, "zolw")  # "żółwim", folded and as a prefix


@pytest.mark.parametrize("query", ["sigmiod", "sigmod", "sigmoidd", "signoid"])
def test_one_typo_is_tolerated(lib: Library, query: str) -> None:
    assert slugs(lib, query) == ["sigmoid"]


def test_two_typos_are_not(lib: Library) -> None:
    assert slugs(lib, "sgimoidd") == []


def test_ranking_title_then_alias_then_key_points_then_body(lib: Library) -> None:
    hits = lib.search("gradient")
    assert [h.slug for h in hits][:1] == ["gradient"]
    fields = {h.slug: h.field for h in hits}
    assert fields == {"gradient": "title", "pochodna": "key_points", "relu": "body", "zmeczenie": "body"}
    assert [h.slug for h in hits][:2] == ["gradient", "pochodna"]
    pochodna = lib.search("pochodna")
    assert [(h.slug, h.field) for h in pochodna][:2] == [("pochodna", "title"), ("gradient", "alias")]
    assert all(a.score >= b.score for a, b in itertools.pairwise(pochodna))


def test_all_terms_must_match(lib: Library) -> None:
    assert slugs(lib, "funkcja logistyczna") == ["sigmoid"]
    assert slugs(lib, "funkcja markowa") == []


def test_snippet_shows_the_match(lib: Library) -> None:
    (hit,) = [h for h in lib.search("żółw") if h.slug == "zmeczenie"]
    assert "**żółwim**" in hit.snippet
    assert hit.snippet.startswith("…") and len(hit.snippet) < 200
    (alias,) = [h for h in lib.search("logistyczna") if h.slug == "sigmoid"]
    assert alias.field == "alias" and alias.snippet == "funkcja **logistyczna**"
    assert alias.title == "Sigmoid"


def test_limit_and_empty_queries(lib: Library) -> None:
    assert len(lib.search("to", limit=2)) == 2
    assert lib.search("") == [] and lib.search("  !? ") == []
    assert lib.search("gradient", limit=0) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdeł", min_size=1, max_size=7), st.text(alphabet="abcdeł", min_size=1, max_size=7))
def test_within_one_edit_agrees_with_a_reference(a: str, b: str) -> None:
    def osa(x: str, y: str) -> int:
        d = [[0] * (len(y) + 1) for _ in range(len(x) + 1)]
        for i in range(len(x) + 1):
            d[i][0] = i
        for j in range(len(y) + 1):
            d[0][j] = j
        for i in range(1, len(x) + 1):
            for j in range(1, len(y) + 1):
                cost = x[i - 1] != y[j - 1]
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 and j > 1 and x[i - 1] == y[j - 2] and x[i - 2] == y[j - 1]:
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        return d[-1][-1]

    assert _within_one_edit(a, b) == (osa(a, b) <= 1)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30))  # the library fixture is only read
def test_any_query_is_safe(lib: Library, query: str) -> None:
    for hit in lib.search(query):
        assert hit.slug in lib.entries and hit.field in ("title", "alias", "key_points", "body")


def test_exact_name_wins_a_tie(tmp_path: Path) -> None:
    write(tmp_path, "a-gradient-prosty", "Gradient prosty")
    write(tmp_path, "gradient", "Gradient")
    lib = load_library(tmp_path)
    assert slugs(lib, "Gradient")[:2] == ["gradient", "a-gradient-prosty"]
    assert slugs(lib, "gradient prosty")[0] == "a-gradient-prosty"


# -- the copy-on-write update, against a fresh build ----------------------------------------------
def _docs(draw: st.DrawFn, slugs: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    docs = {}
    for slug in slugs:
        tiers = draw(
            st.dictionaries(st.sampled_from(["ab", "abc", "abd", "bcd", "x", "xyz", "zz"]), st.integers(0, 3))
        )
        docs[slug] = tuple(tuple(tok for tok, tier in tiers.items() if tier == t) for t in range(4))
    return docs


@st.composite
def _old_and_new(draw: st.DrawFn) -> tuple[dict, dict, dict]:
    slugs = ["s1", "s2", "s3", "s4", "s5"]
    old = _docs(draw, draw(st.lists(st.sampled_from(slugs), unique=True)))
    added = _docs(draw, draw(st.lists(st.sampled_from(slugs), unique=True)))
    removed = draw(st.lists(st.sampled_from(slugs), unique=True))
    return old, added, {s: old[s] for s in old if s not in removed} | added


@settings(max_examples=300, deadline=None)
@given(_old_and_new(), st.booleans())
def test_update_equals_a_fresh_build(docs: tuple[dict, dict, dict], typo_index_built: bool) -> None:
    old_docs, added, new_docs = docs
    old = SearchIndex.build(old_docs)
    if typo_index_built:
        old._deletions_index()
    before = [dict(p) for p in old.postings]
    updated = old.update([s for s in old_docs if s not in new_docs or s in added], added)
    fresh = SearchIndex.build(new_docs)
    assert updated.postings == fresh.postings and updated.vocab == fresh.vocab
    assert updated.doc_tokens == fresh.doc_tokens
    if typo_index_built:
        assert {k: set(v) for k, v in updated._deletions_index().items()} == {
            k: set(v) for k, v in fresh._deletions_index().items()
        }
    assert [dict(p) for p in old.postings] == before  # the old snapshot is untouched

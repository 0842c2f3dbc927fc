"""Polish inflection: forms from the dictionary, mention links, search ranking, the alias hint, and the
shipped content without its inflection aliases."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from glossary.__main__ import main
from glossary.corpus.library import load_library
from glossary.corpus.morphology import forms
from glossary.corpus.text import fold

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

# Every case, singular and plural (M D C B N Ms W), written out by hand.
CASES = {
    "sieć": "sieć sieci sieci sieć siecią sieci sieci | sieci sieci sieciom sieci sieciami sieciach sieci",
    "warstwa": "warstwa warstwy warstwie warstwę warstwą warstwie warstwo | warstwy warstw warstwom warstwy "
    "warstwami warstwach warstwy",
    "gradient": "gradient gradientu gradientowi gradient gradientem gradiencie gradiencie | gradienty "
    "gradientów gradientom gradienty gradientami gradientach gradienty",
    "ukryta": "ukryta ukrytej ukrytej ukrytą ukrytą ukrytej ukryta | ukryte ukrytych ukrytym ukryte ukrytymi "
    "ukrytych ukryte",
    "zanikający": "zanikający zanikającego zanikającemu zanikający zanikającym zanikającym zanikający | "
    "zanikające zanikających zanikającym zanikające zanikającymi zanikających zanikające",
}
PHRASES = {
    "Warstwa ukryta": "warstwa ukryta|warstwy ukrytej|warstwie ukrytej|warstwę ukrytą|warstwą ukrytą|"
    "warstwo ukryta|warstwy ukryte|warstw ukrytych|warstwom ukrytym|warstwami ukrytymi|warstwach ukrytych",
    "Zanikający gradient": "zanikający gradient|zanikającego gradientu|zanikającemu gradientowi|"
    "zanikającym gradientem|zanikającym gradiencie|zanikające gradienty|zanikających gradientów|"
    "zanikającym gradientom|zanikającymi gradientami|zanikających gradientach",
    "Funkcja straty": "funkcja straty|funkcji straty|funkcję straty|funkcją straty|funkcjo straty|"
    "funkcje straty|funkcjom straty|funkcjami straty|funkcjach straty",
    "Sieć rekurencyjna": "sieć rekurencyjna|sieci rekurencyjnej|sieć rekurencyjną|siecią rekurencyjną|"
    "sieci rekurencyjne|sieci rekurencyjnych|sieciom rekurencyjnym|sieciami rekurencyjnymi|"
    "sieciach rekurencyjnych",
    "Współczynnik uczenia": "współczynnik uczenia|współczynnika uczenia|współczynnikowi uczenia|"
    "współczynnikiem uczenia|współczynniku uczenia|współczynników uczenia|współczynnikami uczenia",
}


@pytest.mark.parametrize("word", CASES)
def test_every_case_is_a_form_of_the_word(word: str) -> None:
    found = forms(word)
    for form in CASES[word].replace("|", " ").split():
        assert fold(form) in found, form


def test_forms_stay_in_the_words_own_paradigm() -> None:
    assert "zanika" not in forms("zanikający")  # the verb is another paradigm than its participle
    assert "niezanikajacy" not in forms("zanikający")  # negated
    assert "sieci" not in forms("warstwa") and "siec" not in forms("sieci") - {"siec"} | {"x"}
    assert forms("ReLU") == {"relu"}  # unknown to the dictionary: only itself
    assert forms("x2") == {"x2"}


def entry(title: str, body: str, aliases: str = "[]") -> str:
    return f"---\ntitle: {title}\naliases: {aliases}\n---\n\n## 🎯 Definicja\n\n{title} to pojęcie. {body}\n"


@pytest.fixture
def terms(tmp_path: Path) -> Path:
    """Entries with no aliases; each mentions nothing but its own definition."""
    for title in [*PHRASES, "Sieć neuronowa", "Warstwa", "Neuron"]:
        slug = re.sub(r"\W+", "-", fold(title)).strip("-")
        (tmp_path / f"{slug}.md").write_text(entry(title, ""), encoding="utf-8")
    return tmp_path


def mentions(lib, text: str) -> list[tuple[str, str]]:
    return [(text[a:b], slug) for a, b, slug in lib._matcher.find(text)]


@pytest.mark.parametrize("term", PHRASES)
def test_every_case_of_a_phrase_links_to_its_entry(terms: Path, term: str) -> None:
    lib = load_library(terms)
    slug = lib.resolve(term)
    for form in PHRASES[term].split("|"):
        sentence = f"Mówimy tu o tym, jak {form} działa w praktyce."
        assert mentions(lib, sentence) == [(form, slug)], form
        assert f"[{form}](/{slug})" in lib.linkify(sentence, "neuron")


def test_a_shared_word_never_links_a_multi_word_term(terms: Path) -> None:
    lib = load_library(terms)
    # "sieci" is not "sieć rekurencyjna"; "warstwy" links the one-word "Warstwa", not "Warstwa ukryta"
    assert mentions(lib, "Dane płyną przez sieci rekurencji.") == []
    assert mentions(lib, "Dwie warstwy, obie ukryte.") == [("warstwy", "warstwa")]
    assert mentions(lib, "W sieci zanika gradient.") == []  # a verb is not the participle's paradigm
    assert mentions(lib, "funkcji aktywacji, a straty osobno") == []
    # the longest phrase wins over the one-word term inside it
    assert mentions(lib, "w warstwach ukrytych") == [("warstwach ukrytych", "warstwa-ukryta")]


def test_an_entry_never_links_to_itself_in_any_form(terms: Path) -> None:
    lib = load_library(terms)
    text = "O warstwach ukrytych i o warstwie."
    assert lib.linkify(text, "warstwa-ukryta") == "O warstwach ukrytych i o [warstwie](/warstwa)."
    (terms / "warstwa-ukryta.md").write_text(
        entry("Warstwa ukryta", "Każda z warstw ukrytych."), encoding="utf-8"
    )
    lib = load_library(terms)
    assert "warstwa-ukryta" not in lib.links["warstwa-ukryta"]


def test_code_maths_and_urls_are_never_linked(terms: Path) -> None:
    lib = load_library(terms)
    text = (
        "Kod `warstwy ukrytej`, wzór $warstwy ukrytej$, adres https://x.org/warstwy-ukrytej i "
        "[warstwy ukrytej](/neuron).\n\n```\nwarstwy ukrytej\n```\n"
    )
    assert lib.linkify(text, "neuron") == text


def test_a_query_in_any_case_ranks_its_own_entry_first(tmp_path: Path) -> None:
    # the failure: an entry that merely mentions "sieci rekurencyjnej" outranked the entry itself
    (tmp_path / "siec-rekurencyjna.md").write_text(entry("Sieć rekurencyjna", "Przetwarza ciągi."), "utf-8")
    (tmp_path / "lstm.md").write_text(entry("LSTM", "Rodzaj sieci rekurencyjnej z bramkami."), "utf-8")
    for title in ("Funkcja straty", "Współczynnik uczenia", "Zanikający gradient"):
        slug = re.sub(r"\W+", "-", fold(title)).strip("-")
        (tmp_path / f"{slug}.md").write_text(entry(title, "Opis."), "utf-8")
    (tmp_path / "adam.md").write_text(
        entry(
            "Adam", "Dobiera współczynnik uczenia, minimalizując funkcję straty przy zanikającym gradiencie."
        ),
        "utf-8",
    )
    lib = load_library(tmp_path)
    for query, own in [
        ("sieci rekurencyjnej", "siec-rekurencyjna"),
        ("sieciami rekurencyjnymi", "siec-rekurencyjna"),
        ("sieciom rekurencyjnym", "siec-rekurencyjna"),
        ("współczynnikiem uczenia", "wspolczynnik-uczenia"),
        ("funkcjami straty", "funkcja-straty"),
        ("zanikających gradientach", "zanikajacy-gradient"),
        ("zanikajacych gradientach", "zanikajacy-gradient"),  # typed without diacritics
        ("funkcjami sttraty", "funkcja-straty"),  # an inflected form and a typo in one query
    ]:
        hits = lib.search(query)
        assert hits and hits[0].slug == own, (query, [h.slug for h in hits])
        assert hits[0].field == "title"


def test_exact_form_ranks_above_another_form(tmp_path: Path) -> None:
    (tmp_path / "warstwy-modelu.md").write_text(entry("Warstwy modelu", "x"), "utf-8")
    (tmp_path / "warstwa-wyjsciowa.md").write_text(entry("Warstwa wyjściowa", "x"), "utf-8")
    (tmp_path / "siec.md").write_text(entry("Sieć", "O warstwach."), "utf-8")
    (tmp_path / "sieci-gan.md").write_text(entry("Sieci GAN", "O warstwie."), "utf-8")
    lib = load_library(tmp_path)
    ranked = lambda q: [h.slug for h in lib.search(q)]  # noqa: E731
    assert ranked("warstwy")[:2] == ["warstwy-modelu", "warstwa-wyjsciowa"]
    assert ranked("warstwa")[:2] == ["warstwa-wyjsciowa", "warstwy-modelu"]
    assert ranked("warstwach")[2:] == ["siec", "sieci-gan"]  # in the body: the exact form first
    # a query that is a whole title in another form ranks that entry above a title merely containing it
    assert ranked("sieci")[:2] == ["siec", "sieci-gan"]
    assert ranked("łańcuch") == [] and ranked("siec")[0] == "siec"  # folding, ł included
    assert ranked("warstwyy")[0] == "warstwy-modelu"  # one typo


def test_check_hints_at_inflection_aliases_and_strict_still_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = entry(
        "Warstwa ukryta", "x", "[warstwy ukrytej, hidden layer,\n  warstwach ukrytych, Warstwa-ukryta]"
    )
    (tmp_path / "warstwa-ukryta.md").write_text(text, encoding="utf-8")
    assert main(["check", str(tmp_path), "--strict"]) == 0
    out = capsys.readouterr().out.splitlines()
    path = tmp_path / "warstwa-ukryta.md"
    assert any(
        line.startswith(f"{path}:3: hint: alias 'warstwy ukrytej' is only an inflected form of 'Warstwa")
        for line in out
    )
    assert any(
        line.startswith(f"{path}:4: hint: alias 'warstwach ukrytych' is only an inflected") for line in out
    )
    assert any(
        line.startswith(f"{path}:4: hint: alias 'Warstwa-ukryta' is only another spelling") for line in out
    )
    assert out[-1].endswith("0 error(s), 0 warning(s), 3 hint(s)")
    assert not any("hidden layer" in line for line in out)  # a real synonym stays


# -- the shipped content without its inflection aliases ------------------------------------------
def _with_old_aliases(target: Path) -> Path:
    """A copy of content/ whose aliases lines are those of the entries before the clean-up."""
    before = json.loads((ROOT / "tests/data/aliases_before_inflection.json").read_text(encoding="utf-8"))
    shutil.copytree(CONTENT, target)
    for path in target.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        aliases = before.get(path.stem)
        if aliases is not None:
            line = "aliases: [" + ", ".join(aliases) + "]"
            text, n = re.subn(r"(?m)^aliases: \[.*\]$", lambda _, line=line: line, text, count=1)
            assert n == 1, path
            path.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory: pytest.TempPathFactory):
    old = load_library(_with_old_aliases(tmp_path_factory.mktemp("before") / "content"))
    return old, load_library(CONTENT)


def test_shipped_content_has_no_inflection_aliases_left(before_and_after) -> None:
    old, new = before_and_after
    assert not [d for d in new.diagnostics if d.severity == "hint"]
    removed = sum(len(e.aliases) for e in old.entries.values()) - sum(
        len(e.aliases) for e in new.entries.values()
    )
    assert removed >= 60


def _linked(lib, prose: str, slug: str) -> set[str]:
    return set(re.findall(r"\]\(/([\w-]+)\)", lib.linkify(prose, slug)))


def test_every_link_the_removed_aliases_gave_still_works(before_and_after) -> None:
    old, new = before_and_after
    assert set(old.entries) == set(new.entries)
    for slug, entry_ in new.entries.items():
        assert old.links[slug] <= new.links[slug], slug
        prose = "\n\n".join([entry_.definition, *entry_.key_points, entry_.explanation_intro])
        prose += "".join(f"\n\n{s.markdown}" for s in entry_.explanation)
        assert _linked(old, prose, slug) <= _linked(new, prose, slug), slug


def test_every_search_the_removed_aliases_gave_still_works(before_and_after) -> None:
    old, new = before_and_after
    for slug, entry_ in old.entries.items():
        for alias in set(entry_.aliases) - set(new.entries[slug].aliases):
            assert old.search(alias)[0].slug == slug  # what it gave
            assert new.search(alias)[0].slug == slug, alias
            assert new.resolve(alias) in (None, slug)

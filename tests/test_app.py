"""Every page function of the app under AppTest, through the real navigation (glossary.ui.shell.main).

Expected values come from the library and the entries themselves, never from the UI code. The demos
are replaced by recorders (they are tested in test_demos.py; here only the slot matters), which also
keeps each page run well under a second.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from glossary.corpus import text
from glossary.corpus.library import load_library
from glossary.ui import demos, i18n, shell

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
LIBRARY = load_library(CONTENT)
SLUGS = LIBRARY.sorted_slugs()


def script(page: str | None) -> None:
    import streamlit as st

    from glossary.ui.shell import main

    st.set_page_config(layout="wide")
    main(page=page)


@pytest.fixture
def demo_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """The demos a page placed, (name, instance key), in reading order; none is computed."""
    calls: list[tuple] = []
    monkeypatch.setattr(
        demos.DemoSlots, "run", lambda self: calls.extend((s.block.name, s.key) for s in self.slots)
    )
    return calls


def run_page(page: str | None = "", lang: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_function(script, kwargs={"page": page}, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def links(at: AppTest) -> list[tuple[str, str]]:
    """(label without markdown bold, url path) of every st.page_link on the page."""
    return [(pl.proto.label.replace("**", "").replace("\\", ""), pl.proto.page) for pl in at.get("page_link")]


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


# ---- i18n ------------------------------------------------------------------------------------------


def test_every_string_exists_in_both_languages_with_the_same_fields():
    for key, (pl, en) in i18n.STRINGS.items():
        assert pl.strip() and en.strip(), key
        assert set(re.findall(r"{(\w+)}", pl)) == set(re.findall(r"{(\w+)}", en)), key


def test_every_string_key_used_by_the_ui_exists():
    used = set()
    for path in (ROOT / "glossary" / "ui").glob("*.py"):
        if path.name.startswith("demo"):  # the demos keep their own strings
            continue
        used |= set(re.findall(r"\bt\(\s*\"(\w+)\"", path.read_text(encoding="utf-8")))
    assert used, "no t() calls found"
    assert used <= set(i18n.STRINGS), used - set(i18n.STRINGS)


@pytest.mark.parametrize(("value", "expected"), [("en", "en"), ("pl", "pl"), ("xx", "pl"), (None, "pl")])
def test_normalize_lang_ignores_invalid_values(value, expected):
    assert i18n.normalize_lang(value) == expected


# ---- index and search -------------------------------------------------------------------------------


def test_index_lists_every_entry_grouped_by_polish_letter(demo_calls):
    at = run_page("")
    assert at.title[0].value == i18n.t("index_title", "pl")
    letters = [h.value for h in at.header]
    titles = [LIBRARY.entries[s].title for s in SLUGS]
    expected_letters = sorted({text.letter(title) for title in titles}, key=text.sort_key)
    assert letters == expected_letters
    listed = [label for label, _ in links(at)]
    assert sorted(listed) == sorted(titles)  # (the tree lists the columns one after another)
    count = i18n.t("count", "pl", shown=len(SLUGS), total=i18n.tn("n_entries_of", len(SLUGS), "pl"))
    assert count == f"{len(SLUGS)} z {len(SLUGS)} haseł"  # 20 entries: "haseł" (1 would be "hasła")
    assert count in [c.value for c in at.caption]


def test_tag_filter_narrows_the_index_and_the_count(demo_calls):
    at = run_page("")
    tag = sorted({t for e in LIBRARY.entries.values() for t in e.tags})[0]
    with_tag = [e.title for e in LIBRARY.entries.values() if tag in e.tags]
    at.session_state["tags"] = [tag]
    at.run()
    listed = [label for label, _ in links(at)]
    assert sorted(listed) == sorted(with_tag)
    count = i18n.t("count", "pl", shown=len(with_tag), total=i18n.tn("n_entries_of", len(SLUGS), "pl"))
    assert count in [c.value for c in at.caption]


def test_search_as_you_type_is_diacritic_insensitive(demo_calls):
    at = run_page("")
    at.text_input(key="q").input("zanikajacy").run()
    assert not at.exception
    found = links(at)
    assert ("Zanikający gradient", "zanikajacy-gradient") in found
    assert not at.header  # the index is replaced by the results
    snippets = [c.value for c in at.caption if "**" in c.value]
    assert snippets and all(" · " in s for s in snippets)


def test_query_parameter_prefills_the_search(demo_calls):
    at = run_page("", q="lek")
    assert at.text_input(key="q").value == "lek"
    expected = [hit.slug for hit in LIBRARY.search("lek")]
    assert [path for _, path in links(at)] == expected


def test_english_interface_from_the_url(demo_calls):
    at = run_page("", lang="en")
    assert at.title[0].value == i18n.t("index_title", "en")
    at = run_page("", lang="xx")
    assert at.title[0].value == i18n.t("index_title", "pl")


# ---- entry pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_every_entry_page_renders(slug, demo_calls):
    entry = LIBRARY.entries[slug]
    at = run_page(slug)
    assert at.title[0].value == entry.title
    body = markdown_text(at)
    source_lines = [line for line in body.splitlines() if re.match(r"\d+\. \[", line)]
    assert len(source_lines) == len([s for s in entry.sources if s.url])
    assert len(at.expander) == (1 if entry.scratchpad else 0)
    assert len(at.code) == (len(entry.example.code) if entry.example else 0)
    related = {path for _, path in links(at)}
    assert set(LIBRARY.related(slug)) | set(LIBRARY.backlinks.get(slug, ())) <= related
    placed = [b.name for b in entry.demos]
    if not placed and entry.activation:
        placed = [b.name for b in demos.default_blocks(entry.activation)]
    assert [name for name, _ in demo_calls] == placed
    assert len({key for _, key in demo_calls}) == len(demo_calls)  # every instance has its own URL prefix


def test_seed_entry_page_has_its_table_sources_and_mentions(demo_calls):
    at = run_page("funkcja-aktywacji")
    body = markdown_text(at)
    table = next(m.value for m in at.markdown if m.value.startswith("| "))
    rows = table.splitlines()[2:]
    assert len(rows) == 5  # ReLU, Sigmoid, Tanh, Leaky ReLU, Softmax
    assert rows[0].startswith("| [ReLU](/relu) |")  # the mention in the first cell became a link
    assert "](https://deepai.org/" in body
    assert at.expander[0].label == i18n.t("scratchpad", "pl")


def test_activation_page_shows_formula_and_derivative_from_the_registry(demo_calls):
    activations = pytest.importorskip("glossary.maths.activations")
    slug = next((s for s in SLUGS if LIBRARY.entries[s].activation), None)
    if slug is None:
        pytest.skip("no activation entry in content/")
    spec = activations.get(LIBRARY.entries[slug].activation)
    at = run_page(slug, lang="en")
    assert [x.value.strip("$\n") for x in at.latex] == [spec.latex, spec.derivative_latex]
    assert [name for name, _ in demo_calls] == [b.name for b in demos.default_blocks(spec.name)]


def test_in_prose_links_keep_the_english_interface(demo_calls):
    at = run_page("funkcja-aktywacji", lang="en")
    assert at.header[0].value == i18n.t("key_points", "en")
    body = markdown_text(at)
    assert "](/relu?lang=en)" in body and "](/relu)" not in body


def test_unknown_slug_suggests_entries(demo_calls):
    at = run_page("nieznany-relu")
    assert at.title[0].value == i18n.t("not_found_title", "pl")
    assert "relu" in [path for _, path in links(at)]


# ---- broken files, add-entry and health pages ---------------------------------------------------------


@pytest.fixture
def content_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    monkeypatch.setenv("GLOSSARY_CONTENT_DIR", str(folder))
    return folder


BROKEN = "---\ntitle: [unclosed\n---\n\n## 🎯 Definicja\nx\n"
STUB = (
    "---\ntitle: Zalążek testowy\ntags: [test]\n---\n\n"
    "## 🎯 Definicja\nTylko definicja z linkiem do [nic](/nie-istnieje).\n"
)


def test_broken_file_gets_an_error_card_and_the_rest_keeps_working(content_copy, demo_calls):
    (content_copy / "zepsuty.md").write_text(BROKEN, encoding="utf-8")
    library = load_library(content_copy)
    assert "zepsuty" in library.failed
    at = run_page("zepsuty")
    assert at.title[0].value == i18n.t("broken_title", "pl")
    card = at.error[0].value
    diag = library.failed["zepsuty"][0]
    assert "zepsuty.md" in card and i18n.t("line", "pl", line=diag.line) in card
    at = run_page("relu" if "relu" in SLUGS else SLUGS[0])
    assert at.title[0].value == LIBRARY.entries["relu" if "relu" in SLUGS else SLUGS[0]].title


def test_health_page_counts_what_to_fix(content_copy, demo_calls):
    (content_copy / "zalazek-testowy.md").write_text(STUB, encoding="utf-8")
    library = load_library(content_copy)
    at = run_page("stan-tresci", lang="en")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[i18n.t("metric_diagnostics", "en")] == str(len(library.diagnostics))
    no_sources = [s for s in library.entries if not library.entries[s].sources]
    assert metrics[i18n.t("metric_no_sources", "en")] == str(len(no_sources))
    assert "zalazek-testowy" in no_sources
    assert int(metrics[i18n.t("metric_broken_links", "en")]) >= 1
    assert "/nie-istnieje" in markdown_text(at)
    assert int(metrics[i18n.t("metric_stubs", "en")]) >= 1
    assert ("Zalążek testowy", "zalazek-testowy") in links(at)


def test_an_entry_file_named_like_an_app_page_is_reported_not_hidden(content_copy, demo_calls):
    assert {shell.ADD_PATH, shell.HEALTH_PATH} == shell.RESERVED
    (content_copy / f"{shell.HEALTH_PATH}.md").write_text(STUB, encoding="utf-8")
    at = run_page(shell.HEALTH_PATH, lang="en")
    assert at.title[0].value == i18n.t("health_title", "en")  # the app's page still answers
    assert f"the address /{shell.HEALTH_PATH} belongs to the app's own page" in markdown_text(at)


def test_add_entry_page_previews_pasted_text_and_never_writes(content_copy, demo_calls):
    before = sorted(p.name for p in content_copy.iterdir())
    at = run_page("dodaj-haslo")
    assert at.title[0].value == i18n.t("add_title", "pl")
    assert at.get("download_button")
    at.text_area(key="pasted").input(STUB).run()
    assert not at.exception
    titles = [x.value for x in at.title]
    assert "Zalążek testowy" in titles
    assert any("nie-istnieje" in m.value for m in at.markdown)
    assert sorted(p.name for p in content_copy.iterdir()) == before


def test_add_entry_page_shows_diagnostics_of_a_broken_paste(demo_calls):
    at = run_page("dodaj-haslo")
    at.text_area(key="pasted").input(BROKEN).run()
    assert not at.exception
    shown = [e.value for e in at.error] + [w.value for w in at.warning]
    assert shown and all("wklejony.md:" in s for s in shown)


def test_uploads_are_size_and_encoding_checked():
    from glossary.ui.add_page import MAX_UPLOAD_BYTES, decode_upload

    assert decode_upload("# ok ż".encode(), "pl") == ("# ok ż", None)
    text, problem = decode_upload(b"x" * (MAX_UPLOAD_BYTES + 1), "en")
    size = i18n.tn("n_bytes", MAX_UPLOAD_BYTES + 1, "en")
    assert text is None and problem == i18n.t("too_big", "en", size=size)
    assert problem == "The file has 1,048,577 bytes; the limit is 1 MB."
    assert decode_upload(b"\xff\xfe\x00broken", "pl") == (None, i18n.t("not_utf8", "pl"))

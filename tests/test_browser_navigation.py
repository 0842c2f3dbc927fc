"""Links and state that behave like a website, in Chromium against a real ``streamlit run``: demo
links that mean the same in both languages, Back/Forward/reload of search and tags, in-text links in
the same tab, phones (no sideways scrolling, the sidebar closes, the language switch on top).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOT, open_app, wait_idle

from glossary.cnn import shapes
from glossary.corpus.library import load_library
from glossary.ui.i18n import t, tn

LIBRARY = load_library(ROOT / "content")
MAIN_PAGES = ["/", "/dodaj-haslo", "/stan-tresci"]
ALL_PAGES = MAIN_PAGES + [f"/{slug}" for slug in LIBRARY.sorted_slugs()]


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def settle(page, url: str) -> None:
    open_app(page, url)
    page.wait_for_timeout(1000)
    wait_idle(page)


def cnn_answer(page) -> str:
    """The CNN's class probabilities as numbers, read from the chart's text alternative (language-free:
    decimal commas made points, labels dropped)."""
    chart = page.locator('.st-key-demo-cnn [data-testid="stVegaLiteChart"][aria-label]').last
    chart.wait_for()
    label = chart.get_attribute("aria-label") or ""
    return " ".join(re.findall(r"\d+[.,]\d+|\d+", label.split(":", 1)[-1])).replace(",", ".")


def choose(page, container: str, label: str, option: str) -> None:
    """Pick ``option`` in the select box labelled ``label`` inside ``container``."""
    box = page.locator(container).get_by_role("combobox", name=label)
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):  # the list opens on click; a rerun landing at that moment can close it again
        box.click()
        try:
            wanted.wait_for(timeout=5_000)
            break
        except Exception:
            page.keyboard.press("Escape")
            wait_idle(page)
    wanted.click()
    page.wait_for_timeout(800)
    wait_idle(page)


@pytest.mark.parametrize(("made_in", "opened_in"), [("pl", "en"), ("en", "pl")])
def test_a_demo_link_means_the_same_in_the_other_language(page, app_server, made_in, opened_in):
    circle = next(c for c in shapes.CLASSES if c.key == "circle")  # the page's preset is "star"
    suffix = "?lang=en" if made_in == "en" else ""
    settle(page, app_server.url + "/relu" + suffix)
    choose(page, ".st-key-demo-cnn", "Kształt" if made_in == "pl" else "Shape", getattr(circle, made_in))
    link = page.url
    assert params(link).get("cnn_class") == ["circle"], link  # a code, not "koło"
    answer = cnn_answer(page)

    other = re.sub(r"([?&])lang=en&?", r"\1", link).rstrip("?&")
    if opened_in == "en":
        other += ("&" if "?" in other else "?") + "lang=en"
    settle(page, other)
    shape = page.locator(".st-key-demo-cnn").get_by_role(
        "combobox", name="Kształt" if opened_in == "pl" else "Shape"
    )
    assert shape.input_value() == getattr(circle, opened_in)
    assert params(page.url).get("cnn_class") == ["circle"]
    assert cnn_answer(page) == answer


def test_an_old_link_with_translated_labels_still_opens_its_state(page, app_server):
    """Links made before codes: Polish labels, opened in English, are read and rewritten as codes."""
    old = (
        "/relu?curve_overlay=Tangens+hiperboliczny&cnn_class=kwadrat"
        "&cnn_variant=warstwy+z+przyk%C5%82adu&lang=en"
    )
    settle(page, app_server.url + old)
    assert params(page.url).get("curve_overlay") == ["tanh"]
    assert params(page.url).get("cnn_class") == ["square"]
    assert params(page.url).get("cnn_variant") == ["seed"]
    assert "Tanh" in page.locator(".st-key-demo-curve [data-testid=stMultiSelect]").inner_text()


def test_back_after_a_search_restores_the_query_and_results(page, app_server):
    settle(page, app_server.url + "/")
    page.get_by_label(t("search_label", "pl")).fill("martwe")
    page.wait_for_timeout(800)
    wait_idle(page)
    results = page.locator(".st-key-search-results a")
    titles = results.all_inner_texts()
    assert titles
    results.first.click()
    page.wait_for_url(re.compile(r"/martwe-neurony"))
    wait_idle(page)
    page.go_back()
    page.wait_for_url(re.compile(r"\?q=martwe"))
    wait_idle(page)
    assert page.get_by_label(t("search_label", "pl")).input_value() == "martwe"
    assert page.locator(".st-key-search-results a").all_inner_texts() == titles
    page.go_forward()
    page.wait_for_url(re.compile(r"/martwe-neurony"))
    page.reload()  # a reload of the search keeps it too
    page.go_back()
    page.wait_for_url(re.compile(r"\?q=martwe"))
    wait_idle(page)
    assert page.get_by_label(t("search_label", "pl")).input_value() == "martwe"


def test_tags_live_in_the_url_combine_as_chosen_and_say_when_nothing_matches(page, app_server):
    tags = {tag for e in LIBRARY.entries.values() for tag in e.tags}
    a, b = "aktywacje", "architektury"
    assert {a, b} <= tags
    both = [s for s, e in LIBRARY.entries.items() if {a, b} <= set(e.tags)]
    either = [s for s, e in LIBRARY.entries.items() if {a, b} & set(e.tags)]
    assert not both and either
    settle(page, app_server.url + f"/?tags={a}&tags={b}")
    status = page.locator(".st-key-status")
    assert status.inner_text().strip() == t("tags_none", "pl")
    page.get_by_role("radio", name=t("tag_mode_any", "pl")).click()
    page.wait_for_timeout(800)
    wait_idle(page)
    assert params(page.url) == {"tags": [a, b], "tagmode": ["any"]}
    total = tn("n_entries_of", len(LIBRARY.entries), "pl")
    assert status.inner_text().strip() == t("count", "pl", shown=str(len(either)), total=total)
    page.reload()
    page.wait_for_selector(".st-key-status")
    wait_idle(page)
    assert page.locator(".st-key-status").inner_text().strip() == status.inner_text().strip()


def test_an_in_text_link_opens_in_the_same_tab(page, app_server):
    settle(page, app_server.url + "/relu")
    link = page.locator('[data-testid="stMarkdownContainer"] a[href^="/sigmoid"]').first
    assert link.get_attribute("target") is None
    page.evaluate("window.__sameSession = true")
    pages_before = len(page.context.pages)
    link.click()
    page.wait_for_url(re.compile(r"/sigmoid"))
    wait_idle(page)
    assert len(page.context.pages) == pages_before
    assert page.locator("h1").first.inner_text() == LIBRARY.entries["sigmoid"].title
    assert page.evaluate("window.__sameSession") is True  # no reload: the same Streamlit session
    page.go_back()
    page.wait_for_url(re.compile(r"/relu"))
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == LIBRARY.entries["relu"].title


@pytest.mark.parametrize("width", [390, 768])
def test_no_page_scrolls_sideways_on_a_phone_or_tablet(browser, app_server, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=width < 500)
    page = context.new_page()
    page.set_default_timeout(60_000)
    wide: dict[str, list[int]] = {}
    try:
        for path in ALL_PAGES:
            settle(page, app_server.url + path)
            sizes = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth,"
                " document.querySelector('[data-testid=stMain]').scrollWidth,"
                " document.querySelector('[data-testid=stMain]').clientWidth]"
            )
            if sizes[0] > sizes[1] or sizes[2] > sizes[3]:
                wide[path] = sizes
    finally:
        context.close()
    assert wide == {}


SIDEBAR_RIGHT = "document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right"


def test_on_a_phone_the_language_switch_is_on_top_and_the_sidebar_closes(browser, app_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        settle(page, app_server.url + "/")
        switch = page.locator(".st-key-lang-bar")
        assert switch.bounding_box()["y"] < page.locator("h1").first.bounding_box()["y"]
        assert page.evaluate(SIDEBAR_RIGHT) <= 0  # starts closed on a phone
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.wait_for_function(f"{SIDEBAR_RIGHT} > 200")
        page.locator('[data-testid="stSidebar"] a').filter(has_text=re.compile(r"^ReLU$")).click()
        page.wait_for_url(re.compile(r"/relu$"))
        page.wait_for_function(f"{SIDEBAR_RIGHT} <= 0")
        wait_idle(page)
        assert page.locator("h1").first.inner_text() == "ReLU"
    finally:
        context.close()


def test_search_snippets_show_no_markdown_and_a_miss_offers_close_terms(page, app_server):
    settle(page, app_server.url + "/?q=relu")
    results = page.locator(".st-key-search-results")
    assert results.locator("strong").count() > 0  # the matches are bold...
    assert "**" not in results.inner_text() and "`" not in results.inner_text()  # ...never asterisks
    miss = "xyzzyq"
    assert LIBRARY.search(miss, limit=20) == []
    settle(page, app_server.url + f"/?q={miss}")
    assert page.locator(".st-key-status").inner_text().strip() == t("search_none", "pl", q=miss)
    offered = page.locator(".st-key-search-results a").all_inner_texts()
    close = [LIBRARY.entries[s].title for s in LIBRARY.suggest(miss, n=5)]
    assert [text for text in offered if t("add_title", "pl") not in text] == close
    assert any(t("add_title", "pl") in text for text in offered)  # and the way to add it
    settle(page, app_server.url + "/?q=softmaks")  # the Polish spelling ranks the entry first
    assert "Softmax" in page.locator(".st-key-search-results a").first.inner_text()

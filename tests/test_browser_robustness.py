"""In Chromium: the app on the hostile corpus next to a copy of the real content (issue 9).

The app starts, every entry that loads renders (title shown, no error box, no JS error), the HTML/JS
entry stays inert, broken files get their own page with the diagnostic, and hostile addresses show no
traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import CHROMIUM, open_app, start_server, stop_server
from test_robustness import make_hostile_corpus

from glossary.corpus.library import load_library

EXCEPTION = '[data-testid="stException"]'
MAIN = '[data-testid="stMain"]'

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no browser at {CHROMIUM}")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    base = tmp_path_factory.mktemp("hostile-site")
    corpus = make_hostile_corpus(base / "content")
    server = start_server(base, content_dir=corpus, timeout=120)
    try:
        yield server.url, corpus
    finally:
        stop_server(server)


def _assert_clean(page, where: str) -> str:
    assert page.locator(EXCEPTION).count() == 0, f"{where}: traceback shown"
    assert page.js_errors == [], f"{where}: {page.js_errors}"
    return page.locator(MAIN).inner_text()


@pytest.mark.slow
def test_every_loadable_entry_renders_next_to_the_hostile_corpus(hostile_site, page) -> None:
    url, corpus = hostile_site
    library = load_library(corpus)
    assert len(library.entries) > len(list((Path(__file__).parent.parent / "content").glob("*.md")))
    open_app(page, url)
    _assert_clean(page, "/")
    for slug in library.sorted_slugs():
        open_app(page, f"{url}/{slug}", timeout=120_000)
        text = _assert_clean(page, f"/{slug}")
        heading = page.locator(f"{MAIN} h1").first.inner_text()
        assert library.entries[slug].title in heading, (slug, heading)
        assert len(text) > len(library.entries[slug].title), f"/{slug} shows only its title"


def test_html_and_js_entry_is_inert(hostile_site, page) -> None:
    url, _ = hostile_site
    open_app(page, f"{url}/html-js")
    text = _assert_clean(page, "/html-js")
    assert page.evaluate("typeof window.__glossary_pwned") == "undefined"
    assert page.title() != "PWNED"
    for selector in (
        "#glossary-evil-iframe",
        "#glossary-evil-img",
        f"{MAIN} iframe",
        f"{MAIN} script:not(.st-key-glossary-head script)",  # the app's own head script is not entry text
        f"{MAIN} svg[onload]",
        "[onmouseover]",
        "[onerror]",
        'a[href^="javascript:"]',
        'a[href^="data:"]',
        'a[href^="vbscript:"]',
        'img[src^="data:"]',
    ):
        assert page.locator(selector).count() == 0, selector
    assert page.locator(f"{MAIN} .st-key-glossary-head script").count() == 1
    assert page.locator(MAIN).is_visible()  # the <style> hiding the page did not apply
    for marker in ("WIDOCZNY-1", "WIDOCZNY-2", "WIDOCZNY-3"):
        assert marker in text


@pytest.mark.parametrize(
    ("slug", "pattern"), [("yaml-error", r"YAML"), ("empty", r"empty|pusty"), ("huge", r"1 MB")]
)
def test_broken_file_has_a_page_with_its_diagnostic(hostile_site, page, slug: str, pattern: str) -> None:
    url, _ = hostile_site
    open_app(page, f"{url}/{slug}")
    text = _assert_clean(page, f"/{slug}")
    assert re.search(pattern, text), text[:500]
    assert f"{slug}.md" in text


def test_encoded_traversal_is_refused(hostile_site, page) -> None:
    url, _ = hostile_site
    response = page.goto(f"{url}/..%2F..%2Fetc%2Fpasswd")
    body = page.locator("body").inner_text()
    assert "root:x:0:0" not in body and "Traceback" not in body
    if response.status < 400:  # served as an app page: then it must be a clean "no such entry" page
        open_app(page, f"{url}/..%2F..%2Fetc%2Fpasswd")
        _assert_clean(page, "traversal")


@pytest.mark.parametrize(
    "address",
    ["/?lang=xx", "/?q=" + quote("ą" * 10_000), "/relu?grad_depth=100000&depth=abc"],
    ids=["lang", "long-query", "demo-params"],
)
def test_hostile_address_shows_no_traceback(hostile_site, page, address: str) -> None:
    url, _ = hostile_site
    open_app(page, url + address, timeout=120_000)
    text = _assert_clean(page, address[:40])
    assert text.strip()
    assert "root:x:0:0" not in text

"""The app in headless Chromium against a real ``streamlit run``: what a reader sees and can click.

Screenshots of every page land in /tmp/glossary-screenshots/ (see conftest.py).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SCREENSHOT_DIR, Server, open_app, start_server, stop_server, wait_idle

from glossary.corpus.library import load_library

CONTENT = ROOT / "content"
LIBRARY = load_library(CONTENT)
ERRORS = '[data-testid="stException"]'

HOSTILE = """---
title: Wrogie hasło
tags: [test]
---

## 🎯 Definicja
Tekst przed <script>window.__pwned = 1; alert('script')</script> i po.

<img src="x" onerror="window.__pwned = 2; alert('img')">

Kliknij [tutaj](javascript:alert('link')) albo <a href="javascript:alert('a')">tam</a>.

## 📌 Źródła
- [1] [Bezpieczne źródło](https://example.org/)
"""

ADDED = """---
title: Hasło dodane w locie
---

## 🎯 Definicja
Ten plik pojawił się, gdy serwer już działał.
"""


@pytest.fixture(scope="module")
def copy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """A server on a copy of content/ plus a hostile entry; tests may add files to the copy."""
    base = tmp_path_factory.mktemp("copy")
    folder = base / "content"
    shutil.copytree(CONTENT, folder)
    (folder / "wrogie-haslo.md").write_text(HOSTILE, encoding="utf-8")
    server = start_server(base, content_dir=folder)
    try:
        yield server, folder
    finally:
        stop_server(server)


# Elements wider than the main column that no scrolling box of theirs clips, outside the demos
# (the demos are checked by their own tests).
STICKING_OUT = """() => {
  const main = document.querySelector('[data-testid=stMainBlockContainer]');
  const right = main.getBoundingClientRect().right;
  const out = [];
  for (const el of main.querySelectorAll('*')) {
    if (el.closest('[class*="st-key-demo-"]')) continue;
    let a = el.parentElement, clipped = false;
    for (; a && a !== main; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') { clipped = true; break; }
    }
    const box = el.getBoundingClientRect();
    if (!clipped && box.width > 0 && box.right > right + 1) out.push(el.tagName + ' ' + el.className);
  }
  return out;
}"""


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_search_then_click_through_to_the_entry(app_server, page):
    if "zanikajacy-gradient" not in LIBRARY.entries:
        pytest.skip("content/zanikajacy-gradient.md is missing")
    open_app(page, app_server.url + "/")
    page.get_by_placeholder("np. zanikający gradient").fill("zanikajacy")
    results = page.locator(".st-key-search-results")  # the index also links every entry: wait for results
    result = results.locator('[data-testid="stPageLink-NavLink"]', has_text="Zanikający gradient").first
    result.wait_for(state="visible")
    wait_idle(page)
    assert "**" not in results.inner_text()  # the snippet's highlight is rendered, not shown as markup
    assert results.locator("strong").count() >= 1
    result.click()
    page.wait_for_url("**/zanikajacy-gradient*")
    wait_idle(page)
    page.get_by_role("heading", name="Zanikający gradient").first.wait_for(state="visible")
    assert not page.locator(ERRORS).count()


def test_seed_entry_opened_directly(app_server, page):
    open_app(page, app_server.url + "/funkcja-aktywacji")
    main = page.locator('[data-testid="stMain"]')
    table = main.locator("table").first
    assert table.locator("tbody tr").count() == 5
    assert "Leaky ReLU" in table.inner_text()
    seed = LIBRARY.entries["funkcja-aktywacji"]
    for source in seed.sources:
        link = main.locator(f'a[href="{source.url}"]')
        assert link.count() == 1, source.url
        assert link.get_attribute("target") == "_blank"
    scratchpad = main.locator('[data-testid="stExpander"] details')
    assert scratchpad.count() == 1 and scratchpad.get_attribute("open") is None
    assert main.locator('a[href="/relu"]').count() >= 1  # an auto-linked mention
    related = main.locator('[data-testid="stPageLink-NavLink"][href="relu"]').first
    related.wait_for(state="attached", timeout=30_000)  # the last element of the text, before the demos
    assert not page.locator(ERRORS).count()


def test_unknown_slug_shows_suggestions(app_server, page):
    open_app(page, app_server.url + "/nieznany-relu")
    page.get_by_role("heading", name="Nie ma takiego hasła").wait_for(state="visible")
    assert page.url.endswith("/nieznany-relu")
    suggestions = page.locator('[data-testid="stMain"] [data-testid="stPageLink-NavLink"]')
    assert "relu" in [suggestions.nth(i).get_attribute("href") for i in range(suggestions.count())]
    assert not page.get_by_text("Page not found").count()
    assert not page.locator(ERRORS).count()


def test_language_switch_is_kept_in_the_url_and_across_pages(app_server, page):
    open_app(page, app_server.url + "/")
    page.locator(".st-key-lang-bar").get_by_role("radio", name="en", exact=True).click()  # top of the page
    page.get_by_role("heading", name="Terms A to Z").wait_for(state="visible")
    assert "lang=en" in page.url
    page.locator('[data-testid="stMain"] [data-testid="stPageLink-NavLink"][href="relu"]').click()
    page.wait_for_url("**/relu*")
    wait_idle(page)
    page.get_by_text("Key points").first.wait_for(state="visible")
    assert "lang=en" in page.url
    open_app(page, app_server.url + "/?lang=xx")
    page.get_by_role("heading", name="Hasła od A do Ż").wait_for(state="visible")


def test_add_entry_and_health_pages(app_server, page):
    open_app(page, app_server.url + "/dodaj-haslo")
    page.get_by_role("heading", name="Dodaj hasło").wait_for(state="visible")
    assert page.locator('[data-testid="stDownloadButton"]').count() == 1
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "add_entry_page.png"), full_page=True)
    open_app(page, app_server.url + "/stan-tresci")
    page.get_by_role("heading", name="Stan treści").wait_for(state="visible")
    assert page.locator('[data-testid="stMetric"]').count() == 4
    assert not page.locator(ERRORS).count()


def test_phone_width(app_server, browser):
    # NOTE: .streamlit/config.toml sets theme colours that reach WCAG AA (issue 20), which makes the
    # theme fixed: a reader who prefers dark gets the same light page
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    try:
        open_app(page, app_server.url + "/funkcja-aktywacji")
        page.get_by_role("heading", name="Funkcja aktywacji").first.wait_for(state="visible")
        assert page.evaluate(STICKING_OUT) == []  # the table scrolls inside its own box instead
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / "phone_dark_funkcja-aktywacji.png"))
    finally:
        context.close()


def test_hostile_entry_renders_inert(copy_server, page):
    server, _ = copy_server
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_app(page, server.url + "/wrogie-haslo")
    main = page.locator('[data-testid="stMain"]')
    page.get_by_role("heading", name="Wrogie hasło").wait_for(state="visible")
    text = main.inner_text()
    assert "<script>window.__pwned = 1;" in text
    assert '<img src="x" onerror=' in text
    assert "tutaj" in text and "<a href=" in text
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.evaluate("window.__pwned") is None
    # the only script on the page is the app's own (glossary/ui/head.py), none from the entry
    selector = ':is(script, img[onerror], a[href^="javascript"])'
    live = f"[...document.querySelectorAll('[data-testid=stMain] {selector}')]"
    assert page.evaluate(f"{live}.filter(e => !e.closest('.st-key-glossary-head')).length") == 0
    assert main.locator(".st-key-glossary-head script").count() == 1
    assert main.locator('a[href="https://example.org/"]').count() == 1
    assert not page.locator(ERRORS).count()


def test_file_added_while_running_appears_after_reload(copy_server, page):
    server, folder = copy_server
    open_app(page, server.url + "/")
    assert "Hasło dodane w locie" not in main_text(page)
    (folder / "haslo-dodane-w-locie.md").write_text(ADDED, encoding="utf-8")
    time.sleep(0.05)
    page.reload()
    wait_idle(page)
    page.get_by_text("Hasło dodane w locie").first.wait_for(state="visible")
    open_app(page, server.url + "/haslo-dodane-w-locie")
    page.get_by_text("Ten plik pojawił się, gdy serwer już działał.").wait_for(state="visible")
    assert not page.locator(ERRORS).count()

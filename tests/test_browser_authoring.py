"""Authoring at scale in Chromium (issue 16): a folder imported with `python -m glossary import`, its
entries linking each other in inflected forms, local images shown (and hostile ones as placeholders),
inflected search, and an image in the "Dodaj hasło" preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CHROMIUM, ROOT, open_app, wait_idle
from test_images import png

from glossary.__main__ import main

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no browser at {CHROMIUM}")

ERRORS = '[data-testid="stException"]'
PLACEHOLDER = "Obraz nie jest wyświetlany"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ made by importing an exported folder: the seed, two notes and an image beside them."""
    export = tmp_path_factory.mktemp("eksport")
    (export / "obrazy").mkdir()
    (export / "obrazy" / "relu.png").write_bytes(png())
    (export / "seed.txt").write_bytes((ROOT / "tests" / "data" / "seed_export.txt").read_bytes())
    (export / "relu.txt").write_text(
        "🎯 Definicja\nReLU to funkcja aktywacji, która pomaga przy zanikającym gradiencie.\n"
        "![Wykres ReLU](obrazy/relu.png)\n"
        "![Ucieczka](../../../../etc/passwd.png)\n"
        "![Brak](obrazy/brak.png)\n",
        encoding="utf-8",
    )
    (export / "zanik.txt").write_text(
        "🎯 Definicja\nZanikający gradient to gradient malejący w głębokiej sieci z funkcją aktywacji "
        "sigmoid; ReLU go łagodzi.\n",
        encoding="utf-8",
    )
    content = tmp_path_factory.mktemp("site") / "content"
    assert main(["import", str(export), "--out", str(content)]) == 0
    return content


@pytest.fixture(scope="module")
def server(imported: Path, tmp_path_factory: pytest.TempPathFactory):
    from conftest import start_server, stop_server

    server = start_server(tmp_path_factory.mktemp("server"), content_dir=imported)
    try:
        yield server
    finally:
        stop_server(server)


def test_imported_entry_shows_its_image_placeholders_and_links(server, page) -> None:
    open_app(page, server.url + "/relu")
    main_area = page.locator('[data-testid="stMain"]')
    image = main_area.locator('[data-testid="stImage"] img').first
    image.wait_for(state="visible")
    assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) == 1
    assert main_area.get_by_text("Wykres ReLU").count() >= 1  # the caption is the alt text
    assert main_area.get_by_text(PLACEHOLDER).count() == 2  # outside content/, and missing
    assert "outside the content folder" in main_area.inner_text()
    assert "passwd" not in (image.get_attribute("src") or "")
    # mentions in inflected forms are links to the other imported entries
    assert main_area.locator('a[href*="/zanikajacy-gradient"]').count() >= 1
    assert main_area.locator('a[href*="/funkcja-aktywacji"]').count() >= 1
    assert not page.locator(ERRORS).count() and page.js_errors == []


def test_an_inflected_query_finds_the_entry_first(server, page) -> None:
    open_app(page, server.url + "/?q=zanikaj%C4%85cym%20gradiencie")
    results = page.locator(".st-key-search-results")
    first = results.locator('[data-testid="stPageLink-NavLink"]').first
    first.wait_for(state="visible")
    wait_idle(page)
    assert "Zanikający gradient" in first.inner_text()
    assert not page.locator(ERRORS).count()


def test_the_add_page_preview_shows_a_local_image(server, page) -> None:
    open_app(page, server.url + "/dodaj-haslo")
    page.locator(".st-key-pasted textarea").fill(
        "---\ntitle: Próba\n---\n\n## 🎯 Definicja\n\nPróba to test.\n\n![Wykres ReLU](obrazy/relu.png)\n\n"
        "![Zły](../../etc/passwd.png)\n"
    )
    page.keyboard.press("Control+Enter")
    wait_idle(page)
    page.get_by_role("tab", name="Podgląd").click()
    preview = page.locator('[data-testid="stMain"]')
    preview.locator('[data-testid="stImage"] img').first.wait_for(state="visible")
    assert preview.get_by_text(PLACEHOLDER).count() == 1
    assert not page.locator(ERRORS).count() and page.js_errors == []

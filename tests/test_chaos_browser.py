"""In Chromium (issue 18): a file caught half-written while the app runs keeps its last good version on
screen, with a notice and the file's located error, until the file parses again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CHROMIUM, SCREENSHOT_DIR, open_app

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no browser at {CHROMIUM}")

MAIN = '[data-testid="stMain"]'
EXCEPTION = '[data-testid="stException"]'
ALERT = '[data-testid="stAlert"]'

GOOD = """---
title: Próbka
aliases: [wpis próbny]
tags: [test]
---

## 🎯 Definicja
Próbka to hasło, które test zapisuje do połowy.

## 🔑 Kluczowe punkty
- Pierwszy punkt o funkcji sigmoid.
"""


def _write(path: Path, data: bytes) -> None:
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_bytes(data)
    if path.stat().st_mtime_ns <= before:
        os.utime(path, ns=(before + 10_000_000, before + 10_000_000))


@pytest.mark.parametrize(
    "cut",
    [
        pytest.param(lambda b: b[: b.index(b"tags")], id="front_matter_cut"),
        pytest.param(lambda b: b[: b.index("ó".encode()) + 1], id="mid_character"),
        pytest.param(lambda b: b"", id="empty"),
    ],
)
def test_half_written_file_keeps_the_last_good_version(tmp_path: Path, make_server, page, cut) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "sigmoid.md").write_bytes(
        (Path(__file__).parent.parent / "content" / "sigmoid.md").read_bytes()
    )
    entry = content / "probka.md"
    _write(entry, GOOD.encode())
    server = make_server(content_dir=content, timeout=120)

    open_app(page, f"{server.url}/probka")
    main = page.locator(MAIN)
    assert "Próbka to hasło, które test zapisuje do połowy." in main.inner_text()
    assert page.locator(ALERT).count() == 0

    _write(entry, cut(GOOD.encode()))  # the editor is half-way through saving
    open_app(page, f"{server.url}/probka")
    text = main.inner_text()
    assert page.locator(EXCEPTION).count() == 0 and page.js_errors == []
    assert page.locator(f"{MAIN} h1").first.inner_text().startswith("Próbka")
    assert "Próbka to hasło, które test zapisuje do połowy." in text  # the last good version
    notice = page.locator(ALERT).first.inner_text()
    assert "ostatnią poprawną wersję" in notice and "probka.md" in notice and "wiersz" in notice, notice
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "half_written_notice.png"), full_page=True)

    open_app(page, f"{server.url}/stan-tresci")  # the health page lists the file's error
    assert "probka.md" in main.inner_text()

    fixed = GOOD.replace("zapisuje do połowy", "zapisał już do końca").encode()
    _write(entry, fixed)
    open_app(page, f"{server.url}/probka")
    text = main.inner_text()
    assert "Próbka to hasło, które test zapisał już do końca." in text
    assert "do połowy" not in text and page.locator(ALERT).count() == 0
    assert page.locator(EXCEPTION).count() == 0 and page.js_errors == []

"""Hostile uploads through the real CNN demo on /relu in Chromium (issue 9).

Each file goes through the page's own file uploader: a file that is not an image, a decompression bomb
(a 50 KB PNG declaring 20000x20000 pixels) and a 1x1 picture get a clear message or a prediction, never
a traceback; a 50 MB file is stopped by Streamlit's ``server.maxUploadSize`` (5 MB) before the app
sees it. The same files are checked at unit level, with memory, in ``test_robustness_demos.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CHROMIUM, open_app, wait_idle
from test_robustness_demos import MEMORY_BUDGET_MB, hostile_files, padded_png

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no browser at {CHROMIUM}")

TALL = {"width": 1280, "height": 3600}
EXCEPTION = '[data-testid="stException"]'
ERROR = '[data-testid="stAlertContentError"]'
UPLOADER = ".st-key-cnn_upload"
MESSAGES = {  # glossary/ui/strings_demos.py, Polish (the app's default language); limits named
    "not-an-image.png": "To nie jest obraz, który da się odczytać.",
    "bomb.png": "Obraz ma za dużo pikseli (najwyżej 4096 × 4096).",
}


def _upload_page(page, url: str) -> None:
    """/relu with the CNN demo switched to "upload"."""
    page.set_viewport_size(TALL)
    open_app(page, f"{url}/relu", timeout=120_000)
    page.locator(".st-key-cnn_source label").filter(has_text="wgraj").click()
    wait_idle(page, 60_000)
    page.locator(f"{UPLOADER} input[type='file']").wait_for(state="attached")


def _peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory so far (Linux ``VmHWM``), in MB; None elsewhere."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    kb = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), None)
    return int(kb) / 1024 if kb else None


def _cnn_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _assert_no_traceback(page) -> None:
    assert page.locator(EXCEPTION).count() == 0, "traceback shown"
    assert page.js_errors == [], page.js_errors
    assert "Traceback" not in _cnn_text(page)


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_bad_upload_gets_its_message(app_server, page, name: str) -> None:
    _upload_page(page, app_server.url)
    peak_before = _peak_rss_mb(app_server.process.pid)
    content = hostile_files()[name]
    page.locator(f"{UPLOADER} input[type='file']").set_input_files(
        files=[{"name": name, "mimeType": "image/png", "buffer": content}]
    )
    wait_idle(page, 60_000)
    page.locator(ERROR).filter(has_text=MESSAGES[name]).wait_for(state="visible", timeout=30_000)
    _assert_no_traceback(page)
    assert page.locator(".st-key-cnn_probs_chart").count() == 0  # no prediction from a refused file
    peak_after = _peak_rss_mb(app_server.process.pid)
    if peak_before is not None and peak_after is not None:  # decoding the bomb would add > 400 MB
        assert peak_after - peak_before < MEMORY_BUDGET_MB, (peak_before, peak_after)


def test_one_pixel_upload_is_classified(app_server, page) -> None:
    _upload_page(page, app_server.url)
    page.locator(f"{UPLOADER} input[type='file']").set_input_files(
        files=[{"name": "one-pixel.png", "mimeType": "image/png", "buffer": hostile_files()["one-pixel.png"]}]
    )
    wait_idle(page, 60_000)
    page.locator(".st-key-cnn_probs_chart [data-testid='stVegaLiteChart']").wait_for(state="visible")
    page.locator(".st-key-cnn_input_chart [data-testid='stVegaLiteChart']").wait_for(state="visible")
    assert page.locator(ERROR).count() == 0
    _assert_no_traceback(page)


def test_50_mb_file_is_stopped_by_streamlit(app_server, page, tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    big.write_bytes(padded_png(50 * 1024 * 1024))
    _upload_page(page, app_server.url)
    page.locator(f"{UPLOADER} input[type='file']").set_input_files(str(big))
    wait_idle(page, 60_000)
    chip = page.locator(f"{UPLOADER} [data-testid='stFileChip']")
    assert chip.get_attribute("aria-invalid") == "true"  # the red chip: refused in the browser
    limit = "File must be 5.0MB or smaller."
    assert limit in page.locator(f"{UPLOADER} [role='alert']").inner_text()  # read by screen readers
    chip.hover()  # ... and shown to everyone else as the chip's tooltip
    tooltip = page.locator("[data-testid='stTooltipErrorContent']").filter(has_text=limit)
    tooltip.wait_for(state="visible", timeout=10_000)
    assert tooltip.bounding_box()["width"] > 50  # really drawn, not the 1-pixel screen-reader text
    _assert_no_traceback(page)
    assert page.locator(".st-key-cnn_probs_chart").count() == 0
    assert "Narysuj lub wgraj obraz" in _cnn_text(page)  # the app never got the file

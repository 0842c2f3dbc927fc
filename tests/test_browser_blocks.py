"""Demo blocks in a real browser: each demo sits where its block stands in the text, two instances of
one demo keep separate URL state, and a shared link reproduces both."""

from __future__ import annotations

import re

from conftest import SCREENSHOT_DIR, open_app
from test_browser_demos import press, slider_value

TALL = {"width": 1280, "height": 4200}  # Streamlit scrolls inside the page: a tall window shows it all
PAGE = "normalizacja-wsadowa"  # two `demo gradient` blocks between a paragraph and the example


def _top(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"]


def _text_top(page, text: str) -> float:
    return _top(page, f"[data-testid='stMarkdownContainer'] :text('{text}')")


def _verdicts(page) -> list[str]:
    return [
        page.locator(f".st-key-demo-{key}").inner_text().split("warstwa 1 dostaje")[1].split("\n")[0]
        for key in ("grad", "grad2")
    ]


def test_blocks_render_between_the_paragraphs_around_them(app_server, page):
    page.set_viewport_size(TALL)
    open_app(page, f"{app_server.url}/{PAGE}", timeout=120_000)
    page.locator(".st-key-demo-grad2 [data-testid='stVegaLiteChart']").first.wait_for(state="visible")
    before = _text_top(page, "Trzydzieści warstw z sigmoidą")
    first, second = _top(page, ".st-key-demo-grad"), _top(page, ".st-key-demo-grad2")
    after = _top(page, "[data-testid='stHeading']:has-text('Przykład zastosowania')")
    assert before < first < second < after
    # the example's code block comes after both demos, the sources after it: reading order is kept
    assert after < _top(page, "[data-testid='stCode']")
    assert not page.locator("[data-testid='stException']").count()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.locator(".st-key-demo-grad2").screenshot(path=str(SCREENSHOT_DIR / "blocks_second_instance.png"))


def test_two_instances_keep_separate_url_state(app_server, page, browser):
    page.set_viewport_size(TALL)
    open_app(page, f"{app_server.url}/{PAGE}", timeout=120_000)
    page.locator(".st-key-demo-grad2 [data-testid='stVegaLiteChart']").first.wait_for(state="visible")
    # presets are the defaults: depth 30 in both, norm none in the first and batch in the second
    assert slider_value(page, "grad_depth") == slider_value(page, "grad2_depth") == "30"
    assert "grad" not in page.url.split("?", 1)[-1]  # nothing differs from the presets yet
    plain, normed = _verdicts(page)
    assert plain != normed

    press(page, "grad2_depth", "ArrowLeft", 10)
    assert slider_value(page, "grad2_depth") == "20" and slider_value(page, "grad_depth") == "30"
    assert re.search(r"grad2_depth=20\b", page.url) and "grad_depth" not in page.url, page.url
    assert _verdicts(page)[0] == plain  # the first instance did not move

    context = browser.new_context(viewport=TALL)
    other = context.new_page()
    try:
        open_app(other, page.url, timeout=120_000)
        other.locator(".st-key-demo-grad2 [data-testid='stVegaLiteChart']").first.wait_for(state="visible")
        assert slider_value(other, "grad2_depth") == "20" and slider_value(other, "grad_depth") == "30"
    finally:
        context.close()

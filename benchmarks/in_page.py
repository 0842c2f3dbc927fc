"""Browser timings read inside the page: ``performance.now()`` on the first animation frame that shows
what we wait for.

NOTE: not Playwright's ``wait_for(state="visible")`` / ``wait_for_selector``: they poll with a back-off
that reaches one check per 500 ms after the first 270 ms (Playwright 1.65's
``retryWithProgressAndBackoff``: 0, 20, 50, 100, 100, 500 ms), so anything shown after ~0.3 s is timed
up to half a second late. Seen in ``bench_blocks``: text shown at 1.32-1.43 s was timed at 1.45-1.81 s.
"""

from __future__ import annotations

from typing import Any

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

_SHOWN = """([text, selector, idle, drawn]) => {
    const TEXT = '[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"]';
    if (idle && !document.querySelector(idle)) return false;
    const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
    if (drawn && !charts.every(chart => chart.querySelector('canvas, svg'))) return false;
    const visible = el => el.checkVisibility();
    if (selector && ![...document.querySelectorAll(selector)].some(visible)) return false;
    if (text) {
        const found = [...document.querySelectorAll(TEXT)].some(
            el => el.textContent.replace(/\\s+/g, ' ').includes(text) && visible(el));
        if (!found) return false;
    }
    return performance.now();
}"""  # ms since the navigation started


def shown_at(
    page: Any,
    *,
    text: str = "",
    selector: str = "",
    idle: bool = False,
    drawn: bool = False,
    timeout: float = 120_000,
) -> float:
    """Milliseconds since ``page``'s navigation at the first frame where ``text`` (in a Markdown block:
    text, headings; or a caption) and/or an element matching ``selector`` is visible, with ``idle`` the
    script has finished running, and with ``drawn`` every chart on the page is drawn."""
    arg = [text, selector, IDLE if idle else "", drawn]
    return page.wait_for_function(_SHOWN, arg=arg, polling="raf", timeout=timeout).json_value()


def now(page: Any) -> float:
    """The page's clock (ms since its navigation), to time an interaction with :func:`shown_at`."""
    return page.evaluate("performance.now()")

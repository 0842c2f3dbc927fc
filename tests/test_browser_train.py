"""The `train` demo in a real browser: train, watch the chart grow, read the result, try the network,
stop a training, and two readers asking at once while the server trains one network at a time
(GLOSSARY_MAX_TRAININGS is unset: the default, 1). Screenshots land in SCREENSHOT_DIR."""

from __future__ import annotations

import re
import time

import pytest
from conftest import SCREENSHOT_DIR, open_app

SLOT = ".st-key-demo-train"
CNN_SLOT = ".st-key-demo-cnn"
PAGE = "/siec-konwolucyjna"
TALL = {"width": 1280, "height": 3200}
STEP = re.compile(r"krok (\d+) z (\d+)")
SLOW = 240_000  # ms: a training on a busy 2-core machine


def shot(page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.locator(SLOT).screenshot(path=str(SCREENSHOT_DIR / f"train_{name}.png"))


def step_of(page) -> int:
    """The step the progress bar shows (0 while none is shown)."""
    bar = page.locator(f'{SLOT} [data-testid="stProgress"]')
    if not bar.count():
        return 0
    found = STEP.search(bar.first.inner_text())
    return int(found.group(1)) if found else 0


def wait_step(page, at_least: int, timeout: float = SLOW / 1000) -> int:
    deadline = time.monotonic() + timeout
    while (step := step_of(page)) < at_least:
        assert time.monotonic() < deadline, f"no step {at_least} within {timeout} s (at {step})"
        page.wait_for_timeout(200)
    return step


def open_train(browser, url: str):
    context = browser.new_context(viewport=TALL)
    page = context.new_page()
    page.set_default_timeout(SLOW)
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    open_app(page, url, timeout=180_000)
    page.locator(SLOT).wait_for(state="visible")
    return context, page


def no_errors(page) -> None:
    assert not page.locator('[data-testid="stException"]').count()
    assert not page.locator(f'{SLOT} [data-testid="stAlertContentError"]').count()
    assert not page.js_errors, page.js_errors


@pytest.mark.slow
def test_train_watch_the_chart_grow_then_use_the_network(app_server, browser):
    context, page = open_train(browser, f"{app_server.url}{PAGE}?train_activations=relu&train_epochs=1")
    try:
        slot = page.locator(SLOT)
        assert "94 kroków" not in slot.inner_text() and "47 kroków Adama" in slot.inner_text()
        slot.get_by_role("button", name="Trenuj").click()
        chart = page.locator(".st-key-train_live_chart [data-testid='stVegaLiteChart']")
        chart.wait_for(state="visible")
        first = wait_step(page, 3)
        early = chart.screenshot()
        shot(page, "training")
        later = wait_step(page, first + 10)
        assert later > first
        page.wait_for_timeout(400)
        assert chart.screenshot() != early  # the chart grew
        assert re.search(r"\d+ s, zostało ok\. \d+ s", slot.inner_text())

        slot.get_by_text("Wynik", exact=True).wait_for()
        text = slot.inner_text()
        assert not page.locator(f'{SLOT} [data-testid="stProgress"]').count()  # polling is over
        table = slot.locator(".st-key-train_results").inner_text()
        now, shipped = re.findall(r"(\d+)%", table.split("ReLU", 1)[1])[1:3]
        assert 17 <= int(now) <= 100 and int(shipped) >= 90  # one epoch on 3,000 images vs. the shipped one
        assert f"ReLU po 1 ep.: {now}% trafności" in text  # the sentence reads the same number
        assert "Pomyłki najlepszej (ReLU)" in text
        metric = slot.locator('[data-testid="stMetric"]').inner_text()
        assert "Sieć wytrenowana teraz (ReLU)" in metric and re.search(r"p = \d+\.\d%", metric)
        assert "Dostarczona sieć (ReLU) odpowiada:" in text
        shot(page, "done")

        # the CNN demo on the same page now runs the network just trained, until switched back
        cnn = page.locator(CNN_SLOT)
        assert "sieć wytrenowana w tej sesji" in cnn.inner_text()
        cnn.locator('[data-testid="stCheckbox"]').first.click()
        page.wait_for_timeout(300)
        gone = (
            "() => !document.querySelector('.st-key-demo-cnn').innerText.includes('wytrenowana w tej sesji')"
        )
        page.wait_for_function(gone)
        no_errors(page)
    finally:
        context.close()


@pytest.mark.slow
def test_stop_ends_the_training_within_a_second(app_server, browser):
    query = "train_activations=relu&train_activations=tanh&train_epochs=5&train_size=medium"
    url = f"{app_server.url}{PAGE}?{query}"
    context, page = open_train(browser, url)
    try:
        slot = page.locator(SLOT)
        slot.get_by_role("button", name="Trenuj").click()
        before = wait_step(page, 6)
        slot.get_by_role("button", name="Zatrzymaj").click()
        warning = slot.locator('[data-testid="stAlertContentWarning"]')
        warning.wait_for()
        found = re.search(r"w kroku (\d+) z (\d+) \((\d+,\d+) s od kliknięcia\)", warning.inner_text())
        assert found, warning.inner_text()
        stopped_at, total = int(found.group(1)), int(found.group(2))
        latency = float(found.group(3).replace(",", "."))
        assert latency <= 1.0  # measured by the server: from the request to the end of the job
        assert before <= stopped_at < total
        page.wait_for_timeout(2000)
        assert not page.locator(f'{SLOT} [data-testid="stProgress"]').count()  # nothing polls any more
        assert slot.get_by_role("button", name="Trenuj").is_enabled()
        shot(page, "stopped")
        no_errors(page)
    finally:
        context.close()


@pytest.mark.slow
def test_two_readers_at_once_one_waits_in_the_queue(app_server, browser):
    url = f"{app_server.url}{PAGE}?train_activations=relu&train_epochs=5&train_size=medium"
    (ctx_a, a), (ctx_b, b) = open_train(browser, url), open_train(browser, url)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    try:
        a.locator(SLOT).get_by_role("button", name="Trenuj").click()
        b.locator(SLOT).get_by_role("button", name="Trenuj").click()
        queued = "W kolejce: jesteś 1."
        b.locator(SLOT).get_by_text(queued).wait_for()  # a asked first: b waits
        wait_step(a, 2)
        assert queued not in a.locator(SLOT).inner_text()
        assert step_of(b) == 0
        b.locator(SLOT).screenshot(path=str(SCREENSHOT_DIR / "train_queued.png"))

        ctx_a.close()  # the first reader leaves: its training stops and the queue moves on
        wait_step(b, 1, timeout=60)
        assert queued not in b.locator(SLOT).inner_text()
        b.locator(SLOT).get_by_role("button", name="Zatrzymaj").click()
        b.locator(SLOT).locator('[data-testid="stAlertContentWarning"]').wait_for()
        no_errors(b)
    finally:
        for name, page in (("a", a), ("b", b)):
            if not page.is_closed():
                page.screenshot(path=str(SCREENSHOT_DIR / f"train_queue_{name}.png"), full_page=True)
        ctx_b.close()
        ctx_a.close()

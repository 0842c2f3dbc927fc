"""The demos in a real browser: move a control, the chart redraws, the URL keeps the state, and a fresh
page opened on that URL shows the same state. Screenshots land in SCREENSHOT_DIR."""

from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

import pytest
from conftest import ROOT, SCREENSHOT_DIR, open_app, wait_idle

SLOT = "[data-testid='stMain']"  # the demos sit in the entry's text
TALL = {"width": 1280, "height": 3600}  # Streamlit scrolls inside the page: a tall window shows it all


def chart_png(page, key: str) -> bytes:
    chart = page.locator(f".st-key-{key} [data-testid='stVegaLiteChart']").first
    chart.wait_for(state="visible")
    page.wait_for_timeout(400)  # vega's transition
    return chart.screenshot()


def press(page, key: str, button: str, times: int) -> None:
    """Move the slider keyed ``key`` with the keyboard, like a person would, then wait for the rerun."""
    thumb = page.locator(f".st-key-{key} input[type='range']").first
    thumb.focus()
    for _ in range(times):
        thumb.press(button)
    wait_idle(page)
    page.wait_for_timeout(500)


def slider_value(page, key: str) -> str:
    value = page.locator(f".st-key-{key} input[type='range']").first.input_value()
    return f"{float(value):g}"


def shot(page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.locator(SLOT).screenshot(path=str(SCREENSHOT_DIR / f"demos_{name}.png"))


def no_errors(page) -> None:
    assert not page.locator('[data-testid="stException"]').count()
    assert not page.locator(f'{SLOT} [data-testid="stAlertContentError"]').count()
    assert not page.js_errors, page.js_errors


def fresh(browser, url: str):
    context = browser.new_context(viewport=TALL)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    open_app(page, url, timeout=120_000)
    page.locator(SLOT).wait_for(state="visible")
    return context, page


def test_curve_demo_slider_url_and_shared_link(app_server, page, browser):
    page.set_viewport_size(TALL)
    open_app(page, f"{app_server.url}/leaky-relu", timeout=120_000)
    before = chart_png(page, "curve_chart")
    assert "α = 0,01" in page.locator(SLOT).inner_text()  # Polish: decimal comma
    press(page, "curve_negative_slope", "ArrowRight", 19)
    assert slider_value(page, "curve_negative_slope") == "0.2"
    assert re.search(r"curve_negative_slope=0\.2\b", page.url), page.url
    assert "f(−1,5) = 0,2 · (−1,5) = −0,3 dla α = 0,2" in page.locator(SLOT).inner_text()
    assert chart_png(page, "curve_chart") != before
    no_errors(page)
    shot(page, "leaky_relu")

    context, other = fresh(browser, page.url)
    try:
        assert slider_value(other, "curve_negative_slope") == "0.2"
        assert "f(−1,5) = 0,2 · (−1,5) = −0,3 dla α = 0,2" in other.locator(SLOT).inner_text()
        no_errors(other)
    finally:
        context.close()


def test_gradient_demo_depth_and_shared_link(app_server, page, browser):
    page.set_viewport_size(TALL)
    open_app(page, f"{app_server.url}/sigmoid", timeout=120_000)
    before = chart_png(page, "grad_chart")
    assert "20 warstw" in page.locator(SLOT).inner_text()
    press(page, "grad_depth", "ArrowRight", 10)
    assert slider_value(page, "grad_depth") == "30"
    assert "grad_depth=30" in page.url
    assert "30 warstw" in page.locator(SLOT).inner_text()
    assert chart_png(page, "grad_chart") != before
    no_errors(page)
    shot(page, "sigmoid")

    context, other = fresh(browser, page.url)
    try:
        assert slider_value(other, "grad_depth") == "30"
        assert "30 warstw" in other.locator(SLOT).inner_text()
    finally:
        context.close()


def test_softmax_overflow_demo(app_server, page, browser):
    page.set_viewport_size(TALL)
    open_app(page, f"{app_server.url}/softmax", timeout=120_000)
    naive = page.locator(".st-key-smax_naive")
    naive.locator("table").wait_for(state="visible")
    table = naive.locator("table")
    assert "NaN" in table.inner_text() and "∞" in table.inner_text()  # the naive way at +800
    assert naive.locator('[data-testid="stAlertContentWarning"]').count() == 1
    before = chart_png(page, "smax_chart")
    press(page, "smax_temperature", "ArrowRight", 20)
    assert slider_value(page, "smax_temperature") == "2"
    assert "smax_temperature=2" in page.url
    assert chart_png(page, "smax_chart") != before
    press(page, "smax_shift", "Home", 1)
    assert "smax_shift=0" in page.url
    naive.locator("table").wait_for(state="visible")
    assert "NaN" not in table.inner_text() and "∞" not in table.inner_text()
    assert not naive.locator('[data-testid="stAlertContentWarning"]').count()
    no_errors(page)
    shot(page, "softmax")

    context, other = fresh(browser, page.url)
    try:
        assert slider_value(other, "smax_temperature") == "2"
        other.locator(".st-key-smax_naive table").wait_for(state="visible")
        assert "nan" not in other.locator(".st-key-smax_naive").inner_text()
    finally:
        context.close()


def test_general_page_demos(app_server, page, browser):
    page.set_viewport_size(TALL)
    open_app(page, f"{app_server.url}/funkcja-aktywacji", timeout=120_000)
    slot = page.locator(SLOT)
    assert "Liniowa sieć: " in slot.inner_text()
    before = chart_png(page, "dead_chart")
    press(page, "dead_slope", "ArrowRight", 10)
    assert slider_value(page, "dead_slope") == "0.2"
    assert "dead_slope=0.2" in page.url
    assert chart_png(page, "dead_chart") != before
    xor_before = chart_png(page, "xor_act_chart")
    press(page, "xor_hidden", "Home", 1)
    assert "xor_hidden=2" in page.url
    assert chart_png(page, "xor_act_chart") != xor_before
    no_errors(page)
    shot(page, "general")

    context, other = fresh(browser, page.url)
    try:
        assert slider_value(other, "dead_slope") == "0.2"
        assert slider_value(other, "xor_hidden") == "2"
    finally:
        context.close()


def test_bad_url_values_are_ignored(app_server, page):
    open_app(page, f"{app_server.url}/sigmoid?grad_depth=999&curve_x=abc&grad_init=nope", timeout=120_000)
    page.locator(SLOT).wait_for(state="visible")
    assert slider_value(page, "grad_depth") == "20"
    assert slider_value(page, "curve_x") == "-1.5"
    no_errors(page)


DEMO_SCRIPT = """
import sys
from pathlib import Path

sys.path.insert(0, {root!r})
import streamlit as st

from glossary.cnn import model as cnn
from glossary.ui.demos import show_defaults

if {models!r}:
    cnn.MODELS_DIR = Path({models!r})
with st.container(key="demo-slot"):
    show_defaults(st.query_params.get("act", "relu"), "pl")
"""


@pytest.fixture(scope="module")
def cnn_script(tmp_path_factory) -> Path:
    """A one-page app with the activation demos, on the shipped CNN or a tiny one trained here."""
    from glossary.cnn import model as cnn

    folder = tmp_path_factory.mktemp("cnn")
    models = ""
    if not {m.activation for m in cnn.available_models()} >= {"relu"}:
        data, val = cnn.generate(200, 1), cnn.generate(60, 2)
        model, history = cnn.train("relu", cnn.DEFAULT_VARIANT, data=data, val=val, epochs=2, progress=False)
        cnn.save_model(model, history, folder)
        models = str(folder)
    script = folder / "cnn_demo_app.py"
    script.write_text(DEMO_SCRIPT.format(root=str(ROOT), models=models), encoding="utf-8")
    return script


def test_cnn_demo_controls_and_shared_link(make_server, cnn_script, page, browser):
    server = make_server(script=cnn_script)
    page.set_viewport_size(TALL)
    open_app(page, f"{server.url}/?act=relu", timeout=120_000)
    probs = chart_png(page, "cnn_probs_chart")
    before = chart_png(page, "cnn_input_chart")
    press(page, "cnn_rot", "ArrowRight", 9)
    assert "cnn_rot=45" in page.url
    assert chart_png(page, "cnn_input_chart") != before
    probs = chart_png(page, "cnn_probs_chart")
    press(page, "cnn_temp", "End", 1)
    assert "cnn_temp=5" in page.url
    assert chart_png(page, "cnn_probs_chart") != probs
    assert page.locator(".st-key-cnn_pre_0, [class*='st-key-cnn_pre_']").count() >= 1
    no_errors(page)
    shot(page, "cnn")

    context, other = fresh(browser, page.url)
    try:
        assert slider_value(other, "cnn_rot") == "45"
        assert slider_value(other, "cnn_temp") == "5"
        assert "act=relu" in other.url
    finally:
        context.close()


def test_cnn_upload_is_checked(make_server, cnn_script, page, tmp_path):
    from PIL import Image

    server = make_server(script=cnn_script)
    page.set_viewport_size(TALL)
    open_app(page, f"{server.url}/?act=relu&cnn_source=wgraj", timeout=120_000)
    upload = page.locator(".st-key-cnn_upload input[type='file']")
    bad = tmp_path / "not-an-image.png"
    bad.write_bytes(b"this is text, not a PNG")
    upload.set_input_files(str(bad))
    wait_idle(page)
    page.locator(f'{SLOT} [data-testid="stAlertContentError"]').wait_for(state="visible")
    assert "To nie jest obraz" in page.locator(SLOT).inner_text()
    assert not page.locator(".st-key-cnn_probs_chart").count()

    good = tmp_path / "circle.png"
    img = Image.new("RGB", (300, 200), "white")
    from PIL import ImageDraw

    ImageDraw.Draw(img).ellipse((90, 40, 210, 160), outline="black", width=12)
    img.save(good)
    upload.set_input_files(str(good))
    wait_idle(page)
    page.locator(".st-key-cnn_probs_chart [data-testid='stVegaLiteChart']").wait_for(state="visible")
    assert not page.locator(f'{SLOT} [data-testid="stAlertContentError"]').count()
    shot(page, "cnn_upload")


def test_cnn_canvas_drawing_reaches_the_network(make_server, cnn_script, page):
    if importlib.util.find_spec("streamlit_drawable_canvas") is None:  # importing it needs a server
        pytest.skip("streamlit-drawable-canvas is not installed")
    server = make_server(script=cnn_script)
    page.set_viewport_size(TALL)
    open_app(page, f"{server.url}/?act=relu&cnn_source=narysuj", timeout=120_000)
    canvas = page.locator(".st-key-cnn_canvas canvas").last
    canvas.wait_for(state="visible")
    assert not page.locator(".st-key-cnn_probs_chart").count()  # nothing drawn yet
    box = canvas.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx + 60, cy)
    page.mouse.down()
    for step in range(1, 41):  # a circle
        angle = 2 * math.pi * step / 40
        page.mouse.move(cx + 60 * math.cos(angle), cy + 60 * math.sin(angle))
    page.mouse.up()
    wait_idle(page)
    page.locator(".st-key-cnn_probs_chart [data-testid='stVegaLiteChart']").wait_for(state="visible")
    image = chart_png(page, "cnn_input_chart")
    assert image
    no_errors(page)
    shot(page, "cnn_draw")

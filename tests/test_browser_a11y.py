"""Accessibility in Chromium against a real ``streamlit run``: axe-core (WCAG 2.2 AA), the page's
language and title, charts' text alternatives and their weight in the accessibility tree, focus ring,
live region.

axe-core is vendored (tests/vendor/axe.min.js, MPL-2.0, from the npm registry). Violations that
Streamlit's own markup causes are listed in FRAMEWORK, each limited to the elements it names; they
are printed, not counted. Everything else fails the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, open_app, wait_idle

from glossary.corpus.library import load_library
from glossary.maths import activations
from glossary.ui.chart_text import number
from glossary.ui.i18n import t

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
LIBRARY = load_library(ROOT / "content")
PAGES = ["/", "/relu", "/funkcja-aktywacji", "/dodaj-haslo", "/stan-tresci"]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# rule -> CSS selector of the Streamlit elements it may fire on (checked with Element.closest).
FRAMEWORK = {
    # the sidebar navigation: <ul> whose children are <div> wrappers around the <li>s
    "list": '[data-testid="stSidebarNav"]',
    "listitem": '[data-testid="stSidebarNav"]',
    # st.file_uploader's drop zone: role="presentation" with an aria-label and tabindex=-1
    "presentation-role-conflict": '[data-testid="stFileUploaderDropzone"]',
}

RUN_AXE = """async ([tags, framework]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const app = [], streamlit = [];
  for (const v of result.violations) {
    for (const node of v.nodes) {
      const el = document.querySelector(node.target[0]);
      const where = framework[v.id];
      const entry = v.id + ': ' + node.target.join(' ') + ' :: ' + (node.failureSummary || '').slice(0, 200);
      (where && el && el.closest(where) ? streamlit : app).push(entry);
    }
  }
  return {app, streamlit};
}"""


def settle(page, url: str) -> None:
    open_app(page, url)
    page.wait_for_timeout(1500)  # charts draw after the script has finished
    wait_idle(page)


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation_caused_by_the_app(page, app_server, path, lang):
    settle(page, app_server.url + path + ("?lang=en" if lang == "en" else ""))
    page.add_script_tag(content=AXE)
    found = page.evaluate(RUN_AXE, [TAGS, FRAMEWORK])
    if found["streamlit"]:
        print(f"\n{path} ({lang}): {len(found['streamlit'])} framework violation node(s), not counted:")
        for line in sorted({v.split(":")[0] for v in found["streamlit"]}):
            print("  ", line)
    assert found["app"] == [], "\n".join(found["app"])


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/relu", "ReLU"),
        ("/funkcja-aktywacji", "Funkcja aktywacji"),
        ("/", None),
        ("/dodaj-haslo", None),
    ],
)
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_each_page_has_its_title_and_its_content_language(page, app_server, path, title, lang):
    settle(page, app_server.url + path + ("?lang=en" if lang == "en" else ""))
    app = t("app_title", lang)
    if title is None:  # the app's own pages: their navigation name
        title = {"/": t("nav_home", lang), "/dodaj-haslo": t("add_title", lang)}[path]
    assert page.title() == f"{title} · {app}"
    slug = path.strip("/")
    content_lang = LIBRARY.entries[slug].lang if slug in LIBRARY.entries else lang
    assert page.evaluate("document.documentElement.lang") == content_lang
    assert page.evaluate("document.querySelector('[data-testid=stSidebar]').lang") == lang


def test_title_and_lang_follow_a_page_switch(page, app_server):
    settle(page, app_server.url + "/?lang=en")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="ReLU", exact=True).click()
    page.wait_for_function("document.title.startsWith('ReLU')")
    wait_idle(page)
    assert page.title() == f"ReLU · {t('app_title', 'en')}"
    assert page.evaluate("document.documentElement.lang") == LIBRARY.entries["relu"].lang


def _curve_label(page) -> str:
    chart = page.locator('.st-key-demo-curve [data-testid="stVegaLiteChart"]').first
    chart.wait_for()
    return chart.get_attribute("aria-label") or ""


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_charts_text_alternative_states_its_numbers(page, app_server, lang):
    """The sigmoid page's curve chart: f' peaks at 0.25 at x = 0 (computed here from the registry)."""
    settle(page, app_server.url + "/sigmoid" + ("?lang=en" if lang == "en" else ""))
    label = _curve_label(page)
    spec = activations.get("sigmoid")
    x = np.linspace(-5, 5, 100_001)
    df = spec.derivative(x)
    peak, at = float(df.max()), float(x[np.argmax(df)])
    said = "maksimum {v} dla x = {x}" if lang == "pl" else "maximum {v} at x = {x}"
    assert said.format(v=number(peak, lang), x=number(at, lang)) in label, label
    assert f"[{number(-5.0, lang)}, {number(5.0, lang)}]" in label
    # the number format follows the interface language
    assert ("0,25" in label) == (lang == "pl") and ("0.25" in label) == (lang == "en")


def test_point_slider_changes_the_text_alternative(page, app_server):
    """Move the curve's x range through the URL: the alternative follows the data."""
    settle(page, app_server.url + "/sigmoid?curve_range=0.0&curve_range=3.0")
    label = _curve_label(page)
    assert "[0, 3]" in label, label
    # f' is largest at the left end of [0, 3]: 0.25 at x = 0; f is largest at the right end
    assert "maksimum 0,25 dla x = 0" in label, label
    f3 = float(activations.get("sigmoid").forward(np.array([3.0]))[0])
    assert f"maksimum {number(f3, 'pl')} dla x = 3" in label, label


def test_relu_charts_stay_small_in_the_accessibility_tree(page, app_server):
    settle(page, app_server.url + "/relu")
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.count() >= 3
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    by_id = {n["nodeId"]: n for n in nodes}

    def below(node_id: str) -> int:
        count = 0
        for child in by_id[node_id].get("childIds", []):
            if child in by_id:
                count += (0 if by_id[child].get("ignored") else 1) + below(child)
        return count

    roots = [n for n in nodes if n.get("role", {}).get("value") == "graphics-document"]
    assert len(roots) == charts.count()
    names = [r.get("name", {}).get("value", "") for r in roots]
    assert all(names), names  # every chart has a text alternative
    total = sum(1 + below(r["nodeId"]) for r in roots)
    print(f"\n/relu: {len(roots)} charts, {total} chart nodes in the accessibility tree")
    assert total <= 500


def test_focus_ring_is_visible_on_links(page, app_server):
    settle(page, app_server.url + "/")
    link = page.locator('[data-testid="stMainBlockContainer"] [data-testid="stPageLink-NavLink"]').first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    assert style[0] != "none" and style[1] >= 2, style
    assert re.fullmatch(r"rgb\(31, 79, 209\)", style[2]), style


def test_search_results_are_announced(page, app_server):
    settle(page, app_server.url + "/")
    status = page.locator(".st-key-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.get_attribute("role") == "status"
    page.get_by_label(t("search_label", "pl")).fill("relu")
    page.wait_for_timeout(800)
    wait_idle(page)
    hits = LIBRARY.search("relu", limit=20)
    assert status.inner_text().strip() == t("search_results", "pl", n=len(hits))
    # the same element (not a new one): a screen reader hears the change
    assert page.locator(".st-key-status").count() == 1

"""Language of parts in Chromium against a real ``streamlit run``: on a page whose content is in one
language and whose interface is in the other, each word is marked with the language it is written in
(what a screen reader picks its voice by), and Streamlit's own English words are Polish in the Polish
interface.
"""

from __future__ import annotations

from conftest import open_app, wait_idle

from glossary.corpus.parse import template
from glossary.ui.i18n import t

SPOKEN_IN = """(selector) => [...document.querySelectorAll(selector)].map((el) => [
  el.innerText.trim().replace(/\\s+/g, ' '),
  (el.closest('[lang]') || document.documentElement).lang,
])"""

# What a reader meets of Streamlit 1.67's own English (text, ARIA names, placeholders) on these pages.
ENGLISH = [
    "Upload",
    "Browse files",
    "Drag and drop",
    "No results",
    "Select all",
    "Clear all",
    "Selected values",
    "Choose an option",
    "Choose options",
    "Remove ",
    "Show data",
    "Download as PNG",
    "Fullscreen",
    "Copy to clipboard",
    "Collapse sidebar",
]
# Visible text, and the ARIA names and placeholders of everything not hidden by display: none.
WORDS_SHOWN = """() => {
  const shown = (el) => el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null;
  const words = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (el && !el.closest('script, style') && shown(el)) words.push(walker.currentNode.data.trim());
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
    if (!shown(el) && !el.closest('[data-testid="stFileUploader"]')) continue;
    for (const name of ['aria-label', 'title', 'placeholder']) words.push(el.getAttribute(name) || '');
  }
  return words.filter(Boolean);
}"""


def spoken_in(page, selector: str) -> dict[str, str]:
    return {text: lang for text, lang in page.evaluate(SPOKEN_IN, selector) if text}


def english_left(page, wait_ms: int = 3000) -> list[str]:
    """Framework English still shown, after giving head.js up to ``wait_ms`` to reach new elements."""
    for _ in range(wait_ms // 250):
        left = sorted({w for w in page.evaluate(WORDS_SHOWN) for e in ENGLISH if w.startswith(e)})
        if not left:
            break
        page.wait_for_timeout(250)
    return left


def test_a_polish_entry_with_the_english_interface_marks_each_part(page, app_server):
    open_app(page, app_server.url + "/relu?lang=en")
    page.locator(".st-key-demo-curve").first.wait_for()
    wait_idle(page)
    assert page.evaluate("document.documentElement.lang") == "pl"  # the entry's own language
    headings = spoken_in(page, '[data-testid="stMain"] h1, [data-testid="stMain"] h2')
    assert headings["ReLU"] == "pl"
    for key in ("key_points", "explanation", "example", "sources"):
        assert headings[t(key, "en")] == "en", (key, headings)
    strong = spoken_in(page, '[data-testid="stMain"] strong')
    assert strong[t("related", "en")] == strong[t("backlinks", "en")] == "en"
    # the entry's text: its lead, key points and the titles of the entries it links to
    lead = page.locator(".st-key-lead p").first.inner_text()
    assert spoken_in(page, ".st-key-lead p")[lead.strip()] == "pl"
    points = spoken_in(page, '[data-testid="stMain"] li')
    assert any(text.startswith("Wzór: f(x) = max(0, x)") and lang == "pl" for text, lang in points.items())
    links = spoken_in(page, '[data-testid="stMain"] a[data-testid="stPageLink-NavLink"]')
    assert links["arrow_forward Zanikający gradient"] == "pl"
    sidebar = spoken_in(page, '[data-testid="stSidebarNav"] a')
    assert sidebar["Zanikający gradient"] == "pl"
    assert [lang for text, lang in sidebar.items() if text.endswith(t("add_title", "en"))] == ["en"]
    # the interface's own words: aliases label, notes, formula captions, demos, language bar, expander
    captions = spoken_in(page, '[data-testid="stMain"] [data-testid="stCaptionContainer"]')
    assert captions[t("aliases", "en") + ":"] == "en"
    assert captions[t("entry_lang_note", "en")] == "en"
    assert captions[t("formula", "en")] == "en"
    assert captions["Rectified Linear Unit, funkcja ReLU, prostowana jednostka liniowa"] == "pl"
    demo = spoken_in(page, ".st-key-demo-curve h3, .st-key-demo-curve label")
    assert demo and set(demo.values()) == {"en"}, demo
    assert set(spoken_in(page, ".st-key-lang-bar button").values()) == {"en"}
    assert spoken_in(page, '[data-testid="stExpander"] summary')
    assert set(spoken_in(page, '[data-testid="stExpander"] summary').values()) == {"en"}


def test_the_english_index_marks_polish_excerpts_and_snippets_polish(page, app_server):
    """The index in the English interface: the page and its words are English, each entry's excerpt
    (its definition's start) and each search snippet Polish, as the entries are written."""
    from glossary.corpus.library import load_library
    from glossary.ui.data import content_dir
    from glossary.ui.index_page import short_definition

    relu = load_library(content_dir()).entries["relu"]
    open_app(page, app_server.url + "/?lang=en")
    wait_idle(page)
    assert page.evaluate("document.documentElement.lang") == "en"
    excerpts = spoken_in(page, '[data-testid="stMain"] [data-testid="stCaptionContainer"]')
    assert excerpts[" ".join(short_definition(relu).split())] == "pl", excerpts
    assert excerpts[t("index_caption", "en")] == "en"
    open_app(page, app_server.url + "/?lang=en&q=relu")
    wait_idle(page)
    snippets = spoken_in(page, '.st-key-search-results [data-testid="stCaptionContainer"]')
    assert snippets and set(snippets.values()) == {"pl"}, snippets


def test_an_english_entry_in_the_polish_interface_marks_each_part(page, app_server):
    """No entry in content/ is English, so the add page's preview shows one: the page speaks the
    interface's Polish, the preview its entry's English, and the interface's headings in it Polish."""
    open_app(page, app_server.url + "/dodaj-haslo")
    box = page.get_by_label(t("paste_label", "pl"))
    box.fill(template("Dropout", "en").replace("Dropout is …", "Dropout randomly zeroes activations"))
    box.press("Control+Enter")
    wait_idle(page)
    page.get_by_role("tab", name=t("preview", "pl")).click()
    preview = '[data-testid="stTabs"] .st-key-content-en'
    page.locator(preview + " h1").wait_for()
    assert page.evaluate("document.documentElement.lang") == "pl"
    headings = spoken_in(page, f"{preview} h1, {preview} h2, {preview} h3")
    assert headings["Dropout"] == "en"
    assert headings["How it works"] == "en"  # a heading the entry wrote
    for key in ("key_points", "explanation", "example", "sources"):
        assert headings[t(key, "pl")] == "pl", (key, headings)
    text = spoken_in(page, f"{preview} p")
    assert any(s.startswith("Dropout randomly zeroes") and lang == "en" for s, lang in text.items()), text


def test_the_polish_interface_shows_no_framework_english(page, app_server):
    # the add page's uploader
    open_app(page, app_server.url + "/dodaj-haslo")
    uploader = page.locator('[data-testid="stFileUploader"]')
    uploader.locator("button", has_text="Wybierz plik").wait_for()
    assert english_left(page) == []
    # the CNN demo's uploader, multiselects and chart toolbars
    open_app(page, app_server.url + "/siec-konwolucyjna?cnn_source=upload")
    page.locator('[data-testid="stFileUploader"]').first.wait_for()
    page.wait_for_timeout(1500)  # charts draw after the script has finished
    assert english_left(page) == []
    # a multiselect filtered to nothing says so in Polish
    open_app(page, app_server.url + "/relu")
    select = page.locator('[data-testid="stMultiSelect"] input').first
    select.click()
    select.fill("zzz")
    page.get_by_text("Brak wyników").wait_for()
    assert english_left(page) == []
    page.keyboard.press("Escape")
    # back in English, Streamlit's words are its own again
    open_app(page, app_server.url + "/dodaj-haslo")
    page.locator('.st-key-lang-bar button:has-text("en")').click()
    wait_idle(page)
    page.wait_for_function("document.documentElement.lang === 'en'")
    uploader = page.locator('[data-testid="stFileUploader"]')
    uploader.locator("button", has_text="Upload").wait_for()
    assert uploader.locator("button", has_text="Wybierz plik").count() == 0

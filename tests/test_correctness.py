"""Teaching correctness (issue 17): Polish plurals, number format, the verdicts held to their numbers, the
terminology rules (content and interface), the seed kept verbatim beside its editor's notes, and the
corrected sentences on /sigmoid and /softplus in a real browser."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary import format as fmt
from glossary.cnn.shapes import CLASSES
from glossary.corpus import terminology
from glossary.corpus.library import load_library
from glossary.maths import activations, gradient_flow, readouts
from glossary.ui import i18n
from glossary.ui import strings_demos as demo_text
from glossary.ui import strings_teaching as teaching_text
from glossary.ui.demos.gradient import BATCH, verdict_text

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
DATA = Path(__file__).resolve().parent / "data"
RULES = terminology.load_rules(CONTENT)
HIDDEN = gradient_flow.HIDDEN_ACTIVATIONS
LANGS = ("pl", "en")
_SUPER = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def shown_value(text: str, lang: str) -> float:
    """A number as the interface writes it in ``lang`` ("9,1·10⁻¹³", "12 500", "1,800", "10⁻⁹") back to
    a float."""
    text = text.replace(fmt.NBSP, "").replace("−", "-")
    bare = re.fullmatch(r"(-?)10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", text)
    if bare:  # a power of ten alone
        return (-1.0 if bare.group(1) else 1.0) * 10.0 ** int(bare.group(2).translate(_SUPER))
    mantissa, _, power = text.partition("·10")
    value = float(mantissa.replace(",", "") if lang == "en" else mantissa.replace(",", "."))
    return value * 10.0 ** int(power.translate(_SUPER)) if power else value


# ---- Polish plurals -------------------------------------------------------------------------------

HASLO = ("hasło", "hasła", "haseł")
ENTRY = ("entry", "entries")
FORM = {"o": "hasło", "a": "hasła", "e": "haseł"}
# Written out by hand from the grammar (not from the function): one letter per number.
FORMS_0_30 = "eoaaaeeeeeeeeeeeeeeeeeaaaeeeeee"  # 0, 1, 2–4, 5–21, 22–24, 25–30
FORMS_100_125 = "eeaaaeeeeeeeeeeeeeeeeeaaae"  # 100–101, 102–104, 105–121, 122–124, 125
FORMS_LARGE = {
    1000: "e", 1001: "e", 1002: "a", 1004: "a", 1005: "e", 1011: "e", 1012: "e", 1013: "e", 1014: "e",
    1021: "e", 1022: "a", 1112: "e", 1113: "e", 1122: "a", 2024: "a", 10_000: "e", 1_000_001: "e",
    1_000_003: "a", 1_000_012: "e",
}  # fmt: skip


def test_the_hand_written_tables_cover_the_ranges():
    assert len(FORMS_0_30) == 31 and len(FORMS_100_125) == 26


@pytest.mark.parametrize(
    "n, form",
    [
        *zip(range(31), FORMS_0_30, strict=True),
        *zip(range(100, 126), FORMS_100_125, strict=True),
        *FORMS_LARGE.items(),
    ],
)
def test_polish_plural_forms(n, form):
    assert fmt.plural_pl(n, HASLO) == FORM[form]
    assert fmt.count(n, "pl", HASLO, ENTRY).endswith(" " + FORM[form])


@pytest.mark.parametrize("n", [*range(31), *range(100, 126), 1000, 1001, 1_000_000])
def test_english_plural_forms(n):
    assert fmt.count(n, "en", HASLO, ENTRY).endswith(" entry" if n == 1 else " entries")


def test_the_issues_examples_and_large_numbers():
    komunikat = ("komunikat", "komunikaty", "komunikatów")
    assert fmt.count(2, "pl", komunikat, ("message", "messages")) == "2 komunikaty"
    assert fmt.count(5, "pl", komunikat, ("message", "messages")) == "5 komunikatów"
    assert fmt.count(1, "pl", HASLO, ENTRY) == "1 hasło"
    assert fmt.count(22, "pl", HASLO, ENTRY) == "22 hasła"
    assert fmt.count(12_500, "pl", HASLO, ENTRY) == f"12{fmt.NBSP}500 haseł"
    assert fmt.count(1800, "pl", HASLO, ENTRY) == "1800 haseł"  # Polish groups from 10 000 up
    assert fmt.count(1800, "en", HASLO, ENTRY) == "1,800 entries"
    assert fmt.count(1_048_577, "pl", HASLO, ENTRY) == f"1{fmt.NBSP}048{fmt.NBSP}577 haseł"  # every digit
    assert i18n.tn("n_bytes", 1_048_574, "pl") == f"1{fmt.NBSP}048{fmt.NBSP}574 bajty"


def test_noun_forms_in_the_string_tables_are_complete():
    tables = {"i18n": i18n.STRINGS, "demos": demo_text.TEXT}
    for name, table in tables.items():
        forms = {k: v for k, v in table.items() if k.startswith("n_") and "|" in v[0]}  # "hasło|hasła|haseł"
        assert forms, name
        for key, (pl, en) in forms.items():
            assert len(pl.split("|")) == 3 and len(en.split("|")) == 2, (name, key)
            assert fmt.count_of(2, "pl", (pl, en)).endswith(pl.split("|")[1])
    with pytest.raises(ValueError, match="3 Polish and 2 English"):
        fmt.count_of(2, "pl", ("hasło|haseł", "entry|entries"))


def _all_interface_strings() -> list[tuple[str, str, str]]:
    out = []
    for table_name, table in (
        ("i18n", i18n.STRINGS),
        ("demos", demo_text.TEXT),
        ("teaching", teaching_text.TEXT),
    ):
        for key, (pl, en) in table.items():
            out += [(f"{table_name}:{key}", "pl", pl), (f"{table_name}:{key}", "en", en)]
    return out


def test_no_interface_string_dodges_the_plural():
    """Counts go through the plural function: no "plik(ów)", "file(s)", or a count field glued to a
    Polish noun in the genitive plural ("{n} haseł" is wrong for 2–4)."""
    dodges = re.compile(r"\w\((ów|y|e|s|es)\)|\{\w+\} (haseł|plików|komunikatów|warstw|demonstracji|epok)")
    assert [(k, lang, s) for k, lang, s in _all_interface_strings() if dodges.search(s)] == []


def test_the_counts_the_interface_prints():
    assert i18n.t("count", "pl", shown=1, total=i18n.tn("n_entries_of", 1, "pl")) == "1 z 1 hasła"
    assert i18n.t("count", "pl", shown=3, total=i18n.tn("n_entries_of", 22, "pl")) == "3 z 22 haseł"
    assert i18n.t("broken_files_note", "pl", files=i18n.tn("n_files_not_loaded", 1, "pl")).startswith(
        "Nie udało się wczytać 1 pliku "
    )
    assert i18n.t("broken_files_note", "en", files=i18n.tn("n_files_not_loaded", 3, "en")).startswith(
        "3 files could not"
    )
    summary = i18n.t(
        "health_summary",
        "pl",
        entries=i18n.tn("n_entries", 22, "pl"),
        failed=i18n.tn("n_files", 3, "pl"),
        diags=i18n.tn("n_diagnostics", 12, "pl"),
    )
    assert summary == "22 hasła, 3 pliki z błędami, 12 komunikatów diagnostycznych."
    demos = fmt.count_of(3, "pl", demo_text.TEXT["n_demos"])
    assert "najwyżej 3 demonstracje" in i18n.t("demo_open", "pl", title="X", demos=demos)
    demos = fmt.count_of(12, "pl", demo_text.TEXT["n_demos"])
    assert "najwyżej 12 demonstracji" in i18n.t("demo_open", "pl", title="X", demos=demos)


# ---- numbers --------------------------------------------------------------------------------------


def test_decimal_comma_in_polish_point_in_english():
    assert fmt.number(0.25, "pl") == "0,25" and fmt.number(0.25, "en") == "0.25"
    assert fmt.number(12500.5, "pl") == f"12{fmt.NBSP}500,5" and fmt.number(12500.5, "en") == "12,500.5"
    assert fmt.number(1.2345e-5, "pl", ".3g") == "1,23·10⁻⁵"
    assert fmt.percent(0.992, "pl", 1) == "99,2%" and fmt.percent(0.992, "en", 1) == "99.2%"
    assert fmt.number(math.inf, "pl") == "∞" and fmt.number(math.nan, "en") == "NaN"


def test_formulas_with_numbers_follow_the_language():
    """The demo formulas are built in English; in Polish the decimals take commas, so the argument and
    list separators become semicolons (no "max(0, 1,5)")."""
    relu = readouts.point_formula("relu", 1.5)
    assert relu == "f(1.5) = max(0, 1.5) = 1.5"
    assert fmt.formula(relu, "pl") == "f(1,5) = max(0; 1,5) = 1,5" and fmt.formula(relu, "en") == relu
    vector = readouts.point_formula("softmax", [0, 0], temperature=2)
    assert fmt.formula(vector, "pl") == "softmax([0; 0]) = [0,5; 0,5]"
    assert fmt.formula(readouts.shown_params("leaky_relu", negative_slope=0.2), "pl") == "α = 0,2"


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_both_languages_write_the_same_number(x):
    pl, en = fmt.number(x, "pl", ".6g"), fmt.number(x, "en", ".6g")
    assert shown_value(pl, "pl") == pytest.approx(shown_value(en, "en"), rel=1e-12, abs=0)
    assert "." not in pl.split("·")[0]  # no decimal point in Polish


@given(st.floats(min_value=1e-300, max_value=1e300) | st.floats(min_value=-1e300, max_value=-1e-300))
def test_power_of_ten_keeps_two_significant_digits(x):
    """The old sentence printed 0.25^20 = 9.1e-13 as "10⁻¹³": ten times off. Now every value is within
    the rounding of two significant digits, in both languages."""
    for lang in LANGS:
        shown = readouts.power_of_ten(x, lang)
        assert abs(shown_value(shown, lang) - x) <= 0.051 * abs(x), (x, shown)


def test_power_of_ten_examples():
    assert readouts.power_of_ten(0.25**20, "pl") == "9,1·10⁻¹³"
    assert readouts.power_of_ten(0.25**20, "en") == "9.1·10⁻¹³"
    assert readouts.power_of_ten(1.0, "pl") == "1" and readouts.power_of_ten(0.0, "pl") == "0"


# ---- verdicts held to their numbers ----------------------------------------------------------------

LAYER_NOUN = {
    1: "warstwa",
    2: "warstwy",
    5: "warstw",
    12: "warstw",
    20: "warstw",
    22: "warstwy",
    60: "warstw",
}
BOUND = re.compile(r"= (\S+)\^(\d+) ≈ (\S+?)[):]")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("depth", sorted(LAYER_NOUN))
@pytest.mark.parametrize("name", HIDDEN)
def test_the_bound_sentence_is_max_abs_derivative_to_the_depth(name, depth, lang):
    """The vanishing verdict quotes max|f′|^depth: the registry's max_abs_derivative() (4 significant
    digits), the depth, and their power (2 significant digits); it says the bound forces nothing when it
    is >= 1 and never that the activation "shrinks" the gradient to it."""
    m = activations.get(name).max_abs_derivative()
    sentence = verdict_text(name, depth, 1e-6, m, lang)
    shown_m, shown_depth, shown_bound = BOUND.search(sentence).groups()
    assert int(shown_depth) == depth
    assert abs(shown_value(shown_m, lang) - m) <= 5e-4 * m
    assert abs(shown_value(shown_bound, lang) - m**depth) <= 0.051 * m**depth
    forces_nothing = "niczego nie wymusza" in sentence or "forces nothing" in sentence
    assert forces_nothing == (m**depth >= 1)
    assert "shrink it to" not in sentence and "zmniejszyć do" not in sentence
    noun = LAYER_NOUN[depth] if lang == "pl" else ("layer" if depth == 1 else "layers")
    assert sentence.startswith(f"**{name}, {depth} {noun}:**")
    decimal_point = re.search(r"\d\.\d", sentence)
    assert (decimal_point is None) if lang == "pl" else ("," not in shown_m)


@pytest.mark.parametrize("name", HIDDEN)
def test_the_verdict_reads_the_simulated_ratio(name):
    """On the page's default settings (depth 20, width 64, Xavier), the ratio in the sentence is the
    simulation's ‖g₁‖/‖g_L‖ and the sentence's claim matches its thresholds."""
    r = gradient_flow.simulate(name, 20, 64, "xavier", 1.0, batch=BATCH, norm="none")
    assert r.max_derivative == pytest.approx(activations.get(name).max_abs_derivative(), rel=1e-12)
    ratio = readouts.gradient_ratio(r.grad_norm)
    for lang in LANGS:
        sentence = verdict_text(name, 20, ratio, r.max_derivative, lang)
        shown = re.search(r"(?:dostaje|receives) (\S+) ", sentence).group(1)
        assert abs(shown_value(shown, lang) - ratio) <= 0.051 * ratio
        barely = "prawie się nie uczy" in sentence or "barely learn" in sentence
        assert barely == (0 < ratio < 1e-3)
        flows = "płynie przez całą sieć" in sentence or "flows through the whole network" in sentence
        assert flows == (0.1 <= ratio <= 10)


def test_sigmoid_vanishes_on_the_default_page_and_the_bound_is_quoted_exactly():
    m = activations.get("sigmoid").max_abs_derivative()
    assert m == 0.25
    assert "0,25^20 ≈ 9,1·10⁻¹³" in verdict_text("Sigmoida", 20, 1e-12, m, "pl")
    assert "0.25^20 ≈ 9.1·10⁻¹³" in verdict_text("Sigmoid", 20, 1e-12, m, "en")


# ---- the other corrected demo sentences -----------------------------------------------------------


def test_overflow_threshold_is_ln_dbl_max():
    limit = math.log(sys.float_info.max)
    assert round(limit, 2) == 709.78
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(709.78)) and np.isinf(np.exp(709.79))
    assert "709,78" in i18n.t("naive_note", "pl") and "709.78" in i18n.t("naive_note", "en")


def test_softmax_is_not_said_to_stand_only_at_the_output():
    softmax_entry = (CONTENT / "softmax.md").read_text(encoding="utf-8")
    assert "uwagi" in softmax_entry  # the entry: attention uses softmax in every layer
    pl, en = i18n.t("grad_not_hidden", "pl"), i18n.t("grad_not_hidden", "en")
    assert "tylko na wyjściu" not in pl and "only at the output" not in en
    assert "elementową aktywacją warstw ukrytych" in pl and "elementwise hidden-layer activation" in en
    assert "uwagi" in pl and "attention" in en


def test_the_seed_cnn_note_names_its_six_classes():
    seed = (CONTENT / "funkcja-aktywacji.md").read_text(encoding="utf-8")
    assert "nn.Linear(32 * 28 * 28, 10)" in seed and len(CLASSES) == 6  # not "exactly the example"
    for lang in LANGS:
        note = i18n.t("cnn_variant_seed_note", lang, acc="56%")
        assert f"Linear(32·28·28, {len(CLASSES)})" in note
        assert "Dokładnie" not in note and "Exactly" not in note


# ---- terminology ---------------------------------------------------------------------------------


def test_the_rules_file_is_read_and_never_taken_for_an_entry():
    assert RULES is not None
    preferred = {t.preferred for t in RULES.terms}
    assert {"współczynnik uczenia", "obciążenie (bias)", "α"} <= preferred
    library = load_library(CONTENT)
    assert not [s for s in (*library.entries, *library.failed) if "terminologia" in s]
    assert not [d for d in library.diagnostics if d.path.endswith(".yaml")]


def test_the_interface_strings_follow_the_terminology():
    """The app's own Polish sentences obey the same rules as the entries."""
    found = [
        (key, line_text, term.preferred)
        for key, lang, text in _all_interface_strings()
        if lang == "pl"
        for _, line_text, term in terminology.find_variants(text, RULES)
    ]
    assert found == []
    # and the rules would catch a slip:
    assert [t.preferred for _, _, t in terminology.find_variants("Stała ucząca", RULES)] == [
        "współczynnik uczenia"
    ]
    assert [t.preferred for _, _, t in terminology.find_variants("Początkowy bias", RULES)] == [
        "obciążenie (bias)"
    ]
    assert list(terminology.find_variants("Początkowe obciążenie (bias)", RULES)) == []


SLIPS = """---
title: Próba
---

## 🎯 Definicja
Próba to hasło, w którym stała ucząca wraca.

## 📚 Szczegółowe wyjaśnienie
Kod `lr = stała ucząca` i link https://example.org/stała-ucząca nie są prozą.
Obciążenie (bias) jest w porządku, sam bias nie. Nachylenie a = 0,01 też nie.

```python
bias = "stała ucząca"  # code
```

| x | f(x) |
|---|---|
| 0,5 | 0.25 |

| Conv2d(3, 32, 3) | 0,5 | 1,702 |
|---|---|---|

| x | f(x) |
|---|---|
| 0.5 | 0.25 |

## 📌 Źródła
- [1] Bias and stała ucząca in a title: https://example.org
"""


def test_check_warns_on_each_slip_at_its_line(tmp_path):
    shutil.copy(CONTENT / terminology.RULES_FILE, tmp_path)
    (tmp_path / "proba.md").write_text(SLIPS, encoding="utf-8")
    verbatim = SLIPS.replace("Próba", "Kopia")  # another title: no duplicate-title error
    (tmp_path / "funkcja-aktywacji.md").write_text(verbatim, encoding="utf-8")  # verbatim: not checked
    proc = subprocess.run(
        [sys.executable, "-m", "glossary", "check", "--strict", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    warned = sorted(
        (int(m.group(1)), m.group(2)) for m in re.finditer(r"proba\.md:(\d+): warning: (.*)", proc.stdout)
    )
    lines = [(n, msg.split(" is ")[0] if " is a discouraged" in msg else "table") for n, msg in warned]
    assert lines == [(6, "'stała ucząca'"), (10, "'Nachylenie a'"), (10, "'bias'"), (16, "table")], (
        proc.stdout
    )
    assert "funkcja-aktywacji.md" not in proc.stdout


def test_the_warnings_read_in_polish_on_the_polish_pages(tmp_path):
    from glossary.ui.diagnostics import message

    shutil.copy(CONTENT / terminology.RULES_FILE, tmp_path)
    (tmp_path / "proba.md").write_text(SLIPS, encoding="utf-8")
    warnings = [d for d in load_library(tmp_path).diagnostics if d.severity == "warning"]
    polish = [message(d, "pl") for d in warnings]
    assert len(polish) == 4
    assert all("odradzany wariant" in m or "ta tabela zapisuje ułamki" in m for m in polish), polish
    assert not [m for m in polish if "discouraged" in m or "writes decimals" in m]


def test_a_broken_rules_file_is_an_error_at_its_path(tmp_path):
    (tmp_path / terminology.RULES_FILE).write_text("terms:\n  - preferred: x\n", encoding="utf-8")
    (tmp_path / "proba.md").write_text(SLIPS, encoding="utf-8")
    errors = [d for d in load_library(tmp_path).diagnostics if d.severity == "error"]
    assert [Path(d.path).name for d in errors] == [terminology.RULES_FILE]
    assert "lists no variants" in errors[0].message


def test_without_a_rules_file_nothing_is_checked(tmp_path):
    (tmp_path / "proba.md").write_text(SLIPS, encoding="utf-8")
    assert not [d for d in load_library(tmp_path).diagnostics if "discouraged" in d.message]


def test_editing_the_rules_alone_changes_the_folders_cache_key(tmp_path):
    from glossary.corpus.library import folder_state

    (tmp_path / "proba.md").write_text(SLIPS, encoding="utf-8")
    before = folder_state(tmp_path)
    shutil.copy(CONTENT / terminology.RULES_FILE, tmp_path)
    assert folder_state(tmp_path) != before  # the app reloads and shows the new warnings


# ---- the seed: the author's words, then the editor's notes -----------------------------------------


def _normalised(line: str) -> str:
    line = re.sub(r"[„”“\"]", '"', line.strip())  # typographic quotes were fixed once (c558ba2 and before)
    return line.replace(" ", "") if set(line) <= set("|-: ") else line


def test_the_seed_keeps_every_line_its_author_wrote_in_order():
    original = [
        _normalised(ln) for ln in (DATA / "seed_imported.md").read_text(encoding="utf-8").splitlines()
    ]
    current = [
        _normalised(ln) for ln in (CONTENT / "funkcja-aktywacji.md").read_text(encoding="utf-8").splitlines()
    ]
    position = 0
    for line in filter(None, original):
        assert line in current[position:], f"the author's line is gone or moved: {line!r}"
        position = current.index(line, position) + 1


def test_the_seeds_editor_notes_are_marked_and_link_an_explaining_entry():
    text = (CONTENT / "funkcja-aktywacji.md").read_text(encoding="utf-8")
    notes = [ln for ln in text.splitlines() if ln.startswith("> **Nota redakcji:**")]
    assert len(notes) >= 2
    library = load_library(CONTENT)
    for note in notes:
        targets = re.findall(r"\]\(/([\w-]+)\)", note)
        assert targets and all(t in library.entries for t in targets), note
    assert any("różniczkowalności" in n for n in notes) and any("CrossEntropyLoss" in n for n in notes)
    assert "https://www.ibm.com/cloud/learn/activation-functions" in text  # the original address stays
    assert "https://www.ibm.com/think/topics/activation-function" in text  # beside the current one


# ---- the corrected sentences on /sigmoid and /softplus, in a real browser --------------------------

PAGES = [
    ("sigmoid", "pl", ["0,25^20 ≈ 9,1·10⁻¹³", "czynnik samej aktywacji wynosi najwyżej", "20 warstw"]),
    ("sigmoid", "en", ["0.25^20 ≈ 9.1·10⁻¹³", "the activation's factor is at most", "20 layers"]),
    ("softplus", "pl", ["1^20 ≈ 1", "ta granica niczego nie wymusza"]),
    ("softplus", "en", ["1^20 ≈ 1", "that bound forces nothing"]),
]


@pytest.mark.browser
@pytest.mark.parametrize("slug, lang, expected", PAGES, ids=[f"{s}-{lang}" for s, lang, _ in PAGES])
def test_the_corrected_verdict_on_the_page(app_server, page, slug, lang, expected):
    from conftest import SCREENSHOT_DIR, open_app

    page.set_viewport_size({"width": 1280, "height": 3600})
    query = "?lang=en" if lang == "en" else ""
    open_app(page, f"{app_server.url}/{slug}{query}", timeout=120_000)
    main = page.locator("[data-testid='stMain']")
    verdict = main.locator("[data-testid='stMarkdownContainer'] p", has_text=expected[0]).last
    verdict.wait_for(state="visible", timeout=120_000)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    verdict.screenshot(path=str(SCREENSHOT_DIR / f"correctness_{slug}_{lang}.png"))
    shown = main.inner_text()
    for sentence in expected:
        assert sentence in shown, sentence
    assert "shrink it to" not in shown and "zmniejszyć do" not in shown
    assert not page.locator('[data-testid="stException"]').count()
    assert not page.js_errors, page.js_errors

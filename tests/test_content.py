"""The glossary's content (content/*.md): complete entries, runnable examples, numbers that match the core.

Code blocks are found with markdown-it-py directly (independently of the parser), so a block the parser
misplaced is still run; everything else uses the parser's Entry objects.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from markdown_it import MarkdownIt

from glossary.corpus.entry import Entry, Table
from glossary.corpus.library import load_library
from glossary.corpus.text import fold
from glossary.maths.activations import ACTIVATIONS

CONTENT = Path(__file__).resolve().parents[1] / "content"
PATHS = sorted(CONTENT.glob("*.md"))
SLUGS = [p.stem for p in PATHS]
LIBRARY = load_library(CONTENT)
ENTRIES: dict[str, Entry] = dict(LIBRARY.entries)  # only files that loaded; the others fail in _entry
ACTIVATION_ENTRIES = {slug: e for slug, e in ENTRIES.items() if e.activation}
ELEMENTWISE_SLUGS = sorted(
    s
    for s, e in ACTIVATION_ENTRIES.items()
    if e.activation in ACTIVATIONS and ACTIVATIONS[e.activation].elementwise
)

# The entries issue 8 asks for: slug -> activation name in the core (None: not an activation page).
REQUIRED = {
    "funkcja-aktywacji": None,
    "relu": "relu",
    "leaky-relu": "leaky_relu",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "softmax": "softmax",
    "elu": "elu",
    "gelu": "gelu",
    "silu": "silu",
    "softplus": "softplus",
    "mish": "mish",
    "zanikajacy-gradient": None,
    "eksplodujacy-gradient": None,
    "martwe-neurony": None,
    "propagacja-wsteczna": None,
    "siec-konwolucyjna": None,
    "normalizacja-wsadowa": None,
    "inicjalizacja-wag": None,
    "entropia-krzyzowa": None,
    "neuron": None,
}

# Each example runs in well under a second; importing torch alone takes ~2 s, and more on a busy machine.
CODE_TIMEOUT_S = 30
NUMBER = re.compile(r"^[-−]?\d+(?:\.(\d+))?$")


def _python_blocks() -> list[pytest.ParameterSet]:
    md = MarkdownIt("commonmark")
    params = []
    for path in PATHS:
        for tok in md.parse(path.read_text(encoding="utf-8")):
            if tok.type == "fence" and tok.info.strip().split(" ")[0].lower() in ("python", "py"):
                line = tok.map[0] + 1 if tok.map else 0
                params.append(pytest.param(tok.content, id=f"{path.stem}:{line}"))
    return params


def _number(cell: str) -> tuple[float, int]:
    """A table cell as (value, decimals written); '.' is the decimal point, '−' or '-' the sign."""
    cell = cell.strip()
    m = NUMBER.match(cell)
    assert m, f"not a plain number: {cell!r}"
    return float(cell.replace("−", "-")), len(m.group(1) or "")


def _entry(slug: str) -> Entry:
    problems = [str(d) for d in LIBRARY.failed.get(slug, ())]
    assert slug in ENTRIES, f"{slug} did not load: {problems}"
    return ENTRIES[slug]


def _tables(entry: Entry) -> list[Table]:
    return [t for section in entry.explanation for t in section.tables]


def _worked_tables(entry: Entry) -> list[Table]:
    return [t for t in _tables(entry) if t.columns and t.columns[0].strip() == "x" and "f(x)" in t.columns]


def _assert_rounded(quoted: str, exact: float, what: str) -> None:
    value, decimals = _number(quoted)
    tolerance = 0.5 * 10.0**-decimals + 1e-12
    assert abs(value - exact) <= tolerance, f"{what}: the entry says {quoted}, the core gives {exact:.6f}"


# ---------------------------------------------------------------------------------------------------
# (1) the library loads the folder without a single diagnostic


def test_content_folder_has_every_required_entry() -> None:
    assert set(REQUIRED) <= set(SLUGS), sorted(set(REQUIRED) - set(SLUGS))
    for slug, activation in REQUIRED.items():
        assert _entry(slug).activation == activation, slug


def test_library_loads_content_without_diagnostics() -> None:
    assert [str(d) for d in LIBRARY.diagnostics] == []
    assert dict(LIBRARY.failed) == {}
    assert set(LIBRARY.entries) == set(SLUGS)


def test_strict_check_command_reports_nothing() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "glossary", "check", "--strict", str(CONTENT)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 error(s), 0 warning(s)" in proc.stdout, proc.stdout


@pytest.mark.parametrize("slug", SLUGS)
def test_entry_is_linked_from_another_entry(slug: str) -> None:
    """Mentions by title/alias (and `related`) connect the glossary: no entry is an island."""
    _entry(slug)
    incoming = LIBRARY.backlinks.get(slug, frozenset()) - {slug}
    assert incoming, f"{slug}: no other entry mentions it; add an alias people write in prose"


# ---------------------------------------------------------------------------------------------------
# (2) every python block runs on its own


# Runs an example twice in one fresh interpreter, each time in a fresh namespace, and reports both outputs:
# a second run that prints something else means the example depends on unseeded randomness.
_RUN_TWICE = """
import contextlib, io, json, sys
code = compile(sys.stdin.read(), "<example>", "exec")
outputs = []
for _ in range(2):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(code, {"__name__": "__main__"})
    outputs.append(buf.getvalue())
sys.stdout.write(json.dumps(outputs))
"""


@pytest.mark.parametrize("code", _python_blocks())
def test_python_block_runs(code: str, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _RUN_TWICE],
        input=code,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=CODE_TIMEOUT_S,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    first, second = json.loads(proc.stdout)
    assert first.strip(), "an example should print what it shows"
    assert "nan" not in first.lower().split(), first
    assert first == second, f"the example is not deterministic:\n{first}\n---\n{second}"


def test_every_entry_has_a_python_example() -> None:
    blocks = {p.id.split(":")[0] for p in _python_blocks()}
    for slug, entry in ENTRIES.items():
        assert slug in blocks, f"{slug}: no fenced python block"
        assert entry.example is not None and any(c.language == "python" for c in entry.example.code), slug


# ---------------------------------------------------------------------------------------------------
# (3) worked values agree with glossary.maths.activations


@pytest.mark.parametrize("slug", ELEMENTWISE_SLUGS)
def test_worked_values_match_the_core(slug: str) -> None:
    entry = _entry(slug)
    act = ACTIVATIONS[entry.activation]
    tables = _worked_tables(entry)
    assert tables, f"{slug}: no table with columns x | f(x) | f'(x)"
    for table in tables:
        assert "f'(x)" in table.columns, f"{slug}: the worked table has no f'(x) column"
        assert 4 <= len(table.rows) <= 6, f"{slug}: {len(table.rows)} rows (want 4-6)"
        fx, dfx = table.columns.index("f(x)"), table.columns.index("f'(x)")
        for row in table.rows:
            x, _ = _number(row[0])
            point = np.array([x], dtype=np.float64)
            _assert_rounded(row[fx], float(act.forward(point)[0]), f"{slug} f({row[0]})")
            _assert_rounded(row[dfx], float(act.derivative(point)[0]), f"{slug} f'({row[0]})")


def test_softmax_worked_example_matches_the_core() -> None:
    entry = _entry("softmax")
    softmax = ACTIVATIONS["softmax"]
    by_first = {t.columns[0]: t for t in _tables(entry)}
    logit_table = next(t for t in _tables(entry) if "logit" in t.columns and "softmax" in t.columns)
    li, si = logit_table.columns.index("logit"), logit_table.columns.index("softmax")
    logits = np.array([_number(r[li])[0] for r in logit_table.rows])
    probs = softmax.forward(logits)
    for row, p in zip(logit_table.rows, probs, strict=True):
        _assert_rounded(row[si], float(p), f"softmax({row[li]})")
    if "exp(logit)" in logit_table.columns:
        ei = logit_table.columns.index("exp(logit)")
        for row, z in zip(logit_table.rows, logits, strict=True):
            _assert_rounded(row[ei], float(np.exp(z)), f"exp({row[li]})")
    temperature = by_first.get("T")
    assert temperature is not None, "softmax: the temperature table is gone"
    for row in temperature.rows:
        t, _ = _number(row[0])
        for cell, p in zip(row[1:], softmax.forward(logits, temperature=t), strict=True):
            _assert_rounded(cell, float(p), f"softmax(z / {row[0]})")


def test_activation_pages_state_the_core_derivative_at_zero() -> None:
    """Kink conventions quoted in the worked tables are torch's: relu'(0) = 0, leaky_relu'(0) = 0.01."""
    for slug, entry in ACTIVATION_ENTRIES.items():
        zero_at = ACTIVATIONS[entry.activation].properties.derivative_at_0
        if zero_at is None:
            continue
        rows = [r for t in _worked_tables(entry) for r in t.rows if _number(r[0])[0] == 0.0]
        assert rows, f"{slug}: the worked table should include x = 0"
        dfx = _worked_tables(entry)[0].columns.index("f'(x)")
        _assert_rounded(rows[0][dfx], zero_at, f"{slug} f'(0)")


# ---------------------------------------------------------------------------------------------------
# (4) references and cross-references resolve


@pytest.mark.parametrize("slug", SLUGS)
def test_sources_have_http_urls(slug: str) -> None:
    for source in _entry(slug).sources:
        assert source.url and re.match(r"^https?://\S+$", source.url), f"{slug}: {source}"
        assert source.title.strip(), f"{slug}: a source without a title"


@pytest.mark.parametrize("slug", SLUGS)
def test_related_slugs_and_activation_names_exist(slug: str) -> None:
    entry = _entry(slug)
    missing = [r for r in entry.related if r not in ENTRIES]
    assert missing == [], f"{slug}: unknown related slugs {missing}"
    assert slug not in entry.related
    if entry.activation is not None:
        assert entry.activation in ACTIVATIONS


def test_titles_and_aliases_are_unambiguous() -> None:
    owner: dict[str, str] = {}
    for slug, entry in ENTRIES.items():
        for name in (entry.title, *entry.aliases):
            key = fold(name)
            assert owner.setdefault(key, slug) == slug, f"{name!r} names both {owner[key]} and {slug}"


# ---------------------------------------------------------------------------------------------------
# (5) every entry is complete


@pytest.mark.parametrize("slug", SLUGS)
def test_entry_is_complete(slug: str) -> None:
    entry = _entry(slug)
    assert entry.lang == "pl"
    assert entry.tags, f"{slug}: no tags"
    first_word = entry.title.split()[0]
    assert entry.definition.startswith(first_word), f"{slug}: the definition should start with the term"
    assert " to " in entry.definition[:120], f"{slug}: the definition should read 'X to ...'"
    assert 3 <= len(entry.key_points) <= 6, f"{slug}: {len(entry.key_points)} key points"
    assert entry.explanation, f"{slug}: the explanation has no ### subsections"
    assert _tables(entry), f"{slug}: the explanation has no table"
    assert entry.example is not None and entry.example.markdown.strip(), f"{slug}: no example text"
    assert 2 <= len(entry.sources) <= 4, f"{slug}: {len(entry.sources)} sources"
    assert entry.scratchpad, f"{slug}: empty scratchpad"
    assert entry.extra_sections == (), (
        f"{slug}: unexpected sections {[s.heading for s in entry.extra_sections]}"
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_polish_text_keeps_its_diacritics(slug: str) -> None:
    """An entry written without ą/ę/ł/ó/ś/ż... has lost its diacritics somewhere (an ASCII export)."""
    text = (CONTENT / f"{slug}.md").read_text(encoding="utf-8")
    assert re.search(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]", text), slug

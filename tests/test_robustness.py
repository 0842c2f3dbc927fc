"""Bad input gets a clear message and harms nothing else (issue 9).

Content: a corpus of broken and hostile files (``tests/data/hostile/`` plus the big or binary ones
generated here) is loaded next to a copy of the real ``content/``: each bad file gets a diagnostic that
names its problem and line, and every real entry loads exactly as it does alone.
URLs: a real ``streamlit run`` is driven over its websocket (``benchmarks/st_client.py``) with hostile
addresses and query parameters; nothing shows a traceback, bad values are dropped, and an audit hook in
the server process (``sitecustomize``) proves no file outside the content folder is read.
"""

from __future__ import annotations

import re
import shutil
import struct
import textwrap
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import pytest
from conftest import run_async
from markdown_it import MarkdownIt

from benchmarks.st_client import Session
from glossary.corpus.library import load_library
from glossary.corpus.render import safe_markdown

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
FRONT = "---\ntitle: {title}\ntags: [testy]\nlang: pl\n---\n\n## 🎯 Definicja\n{definition}\n"


def png(width: int, height: int) -> bytes:
    """A valid RGB PNG of the given size (all black), built by hand so no imaging library is needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x00" * 3 * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def generated_files() -> dict[str, bytes]:
    """The bad files too big or too binary to commit, by file name."""
    many = FRONT.format(title="Dziesięć tysięcy nagłówków", definition="Wpis z 10 000 podsekcji.")
    many += "\n## 📚 Szczegółowe wyjaśnienie\n" + "".join(
        f"### Nagłówek {i}\ntekst {i}\n" for i in range(10_000)
    )
    long_line = FRONT.format(title="Bardzo długa linia", definition="słowo " * 16_667 + "koniec")
    paragraph = "To jest akapit wypełniający wpis, żeby plik miał pięć megabajtów. " * 20 + "\n\n"
    huge = FRONT.format(title="Plik pięciomegabajtowy", definition="Za duży.") + paragraph * 3_800
    return {
        "binary.md": png(8, 8),
        "nul-bytes.md": b"\x00" * 4096,
        "bad-utf8.md": FRONT.format(title="Zły UTF-8", definition="Zażółć").encode() + b"g\xc4\xf5l\xff\n",
        "huge.md": huge.encode(),
        "many-headings.md": many.encode(),
        "long-line.md": long_line.encode(),
    }


def make_hostile_corpus(folder: Path, with_content: bool = True) -> Path:
    """``folder`` filled with the hostile corpus (committed + generated) and, optionally, real content."""
    folder.mkdir(parents=True, exist_ok=True)
    if with_content:
        for path in CONTENT.glob("*.md"):
            shutil.copy(path, folder / path.name)
    for path in HOSTILE.glob("*.md"):
        shutil.copy(path, folder / path.name)
    for name, data in generated_files().items():
        (folder / name).write_bytes(data)
    # Same slug as good-neighbour.md (generated: two names differing only in case break some checkouts).
    (folder / "Good_Neighbour.md").write_bytes((HOSTILE / "good-neighbour.md").read_bytes())
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_hostile_corpus(tmp_path_factory.mktemp("hostile") / "content")


@pytest.fixture(scope="module")
def library(corpus: Path):
    return load_library(corpus)


def diagnostics_of(library, name: str) -> list:
    return [d for d in library.diagnostics if Path(d.path).name == name]


# (file, severity, message pattern, line or None). Lines are where the files put the problem.
EXPECTED = [
    ("empty.md", "error", r"empty", None),
    ("yaml-error.md", "error", r"YAML", (3, 4)),  # the list opened on line 3 is noticed on line 4
    ("binary.md", "error", r"UTF-8|binary", None),
    ("bad-utf8.md", "error", r"UTF-8.*0xc4", 9),  # FRONT ends on line 8; the bad bytes start line 9
    ("huge.md", "error", r"larger than 1 MB|too (big|large)", None),
    ("unclosed-fence.md", "warning", r"fence.*never closed|not closed", 13),
    ("ragged-table.md", "warning", r"row has 2 cells but the header has 3", 16),
]


@pytest.mark.parametrize(("name", "severity", "pattern", "line"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_bad_file_gets_a_clear_located_diagnostic(library, name, severity, pattern, line) -> None:
    found = [
        d for d in diagnostics_of(library, name) if d.severity == severity and re.search(pattern, d.message)
    ]
    assert found, f"{name}: no {severity} matching {pattern!r} in {diagnostics_of(library, name)}"
    if line is not None:
        lines = line if isinstance(line, tuple) else (line,)
        assert any(d.line in lines for d in found), [str(d) for d in found]
    # A diagnostic tells the author what to do, with no unfilled placeholder.
    assert all(":" in d.message and not re.search(r"%[sd]|\{\w*\}", d.message) for d in found)
    slug = Path(name).stem
    assert (slug in library.failed) == (severity == "error")


def test_file_of_nul_bytes_is_refused_as_binary(library) -> None:
    assert "nul-bytes" in library.failed
    assert any(re.search(r"binary|NUL|null", d.message) for d in library.failed["nul-bytes"])


def test_duplicate_slug_keeps_one_file_and_names_both(library, corpus: Path) -> None:
    assert "good-neighbour" in library.entries
    loaded = Path(library.entries["good-neighbour"].path).name
    other = ({"good-neighbour.md", "Good_Neighbour.md"} - {loaded}).pop()
    message = " ".join(d.message for d in diagnostics_of(library, other) if d.severity == "error")
    assert "duplicate slug" in message and loaded in message and other in message


def test_duplicate_title_keeps_one_entry_and_names_both(tmp_path: Path) -> None:
    relu = (CONTENT / "relu.md").read_text(encoding="utf-8")
    (tmp_path / "relu.md").write_text(relu, encoding="utf-8")
    (tmp_path / "relu-kopia.md").write_text(relu, encoding="utf-8")  # same title and aliases, new slug
    library = load_library(tmp_path)
    assert len({"relu", "relu-kopia"} & set(library.entries)) == 1
    loser = ({"relu", "relu-kopia"} - set(library.entries)).pop()
    message = " ".join(d.message for d in library.failed[loser])
    assert "duplicate title or alias" in message and "relu.md" in message and "relu-kopia.md" in message


def test_every_real_entry_loads_as_it_does_alone(library) -> None:
    alone = load_library(CONTENT)
    assert alone.entries, "content/ has no entries"
    for slug, entry in alone.entries.items():
        assert slug in library.entries, f"{slug} did not load next to the hostile corpus"
        mixed = library.entries[slug]
        assert (mixed.title, mixed.definition, mixed.key_points) == (
            entry.title,
            entry.definition,
            entry.key_points,
        )
    # ... and the real entries' own diagnostics are unchanged by the neighbours.
    real = {Path(d.path).name for d in alone.diagnostics}
    assert {str(d).split(":", 1)[1] for d in alone.diagnostics} == {
        str(d).split(":", 1)[1] for d in library.diagnostics if Path(d.path).name in real
    }


def test_many_headings_and_a_long_line_load_whole(library) -> None:
    many = library.entries.get("many-headings")
    if many is None:  # refusing is fine too, if it says why
        assert re.search(r"heading|section", " ".join(d.message for d in library.failed["many-headings"]))
    else:
        assert len(many.explanation) == 10_000
        assert many.explanation[-1].heading == "Nagłówek 9999"
    long_line = library.entries.get("long-line")
    if long_line is None:
        assert re.search(r"line|long", " ".join(d.message for d in library.failed["long-line"]))
    else:
        assert len(long_line.definition) >= 100_000 and long_line.definition.rstrip().endswith("koniec")


def _render_tokens(markdown: str) -> list:
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    return [t for block in tokens for t in [block, *(block.children or [])]]


def test_html_and_js_entry_loads_and_renders_inert(library) -> None:
    entry = library.entries["html-js"]
    # Every non-http link is reported on its line (the lines where html-js.md writes them).
    warned = {d.line for d in diagnostics_of(library, "html-js.md") if re.search(r"not http", d.message)}
    assert {19, 20, 21, 23, 35} <= warned
    texts = [
        entry.definition,
        *entry.key_points,
        entry.explanation_intro,
        *(s.markdown for s in entry.explanation),
    ]
    for text in texts:
        safe = safe_markdown(text)
        tokens = _render_tokens(safe)
        assert not [t for t in tokens if t.type in ("html_block", "html_inline")], safe
        hrefs = [t.attrs.get("href", "") for t in tokens if t.type == "link_open"]
        srcs = [t.attrs.get("src", "") for t in tokens if t.type == "image"]
        assert all(h.startswith(("http://", "https://", "/")) for h in hrefs + srcs), hrefs + srcs
    shown = safe_markdown(entry.definition)
    assert "WIDOCZNY-1" in shown  # the text around the markup survives


# ---- URLs against a real server ------------------------------------------------------------------------

AUDIT_HOOK = """
import os, sys
_path = os.environ.get("GLOSSARY_AUDIT_LOG")
if _path:
    _log = open(_path, "a", buffering=1, encoding="utf-8")

    def _hook(event, args):
        path = args[0] if args else None
        if event in ("open", "os.listdir", "os.scandir") and isinstance(path, (str, bytes, os.PathLike)):
            try:
                _log.write(event + "\\t" + os.path.abspath(os.fsdecode(path)) + "\\n")
            except Exception:
                pass

    sys.addaudithook(_hook)
"""
CANARY = "KANAREK-7f3a9c"
HUGE_Q = "ą" * 10_000


@pytest.fixture(scope="module")
def audited_server(tmp_path_factory: pytest.TempPathFactory):
    """The app on a copy of content/, a canary file next to that folder, file opens logged."""
    from conftest import start_server, stop_server

    base = tmp_path_factory.mktemp("audited")
    content = base / "content"
    shutil.copytree(CONTENT, content)
    (base / "secret.md").write_text(FRONT.format(title=CANARY, definition=CANARY), encoding="utf-8")
    hook_dir = base / "hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(textwrap.dedent(AUDIT_HOOK), encoding="utf-8")
    log = base / "opened.log"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYTHONPATH", str(hook_dir))
        mp.setenv("GLOSSARY_AUDIT_LOG", str(log))
        server = start_server(base, content_dir=content)
    try:
        yield server, content, base / "secret.md", log
    finally:
        stop_server(server)


async def _open(url: str, page: str, query: str) -> Session:
    """A fresh session that loads ``/page?query`` once; closed, but what it showed is kept."""
    async with Session(url, timeout=180) as session:
        await session.run(page=page, query_string=query)
    return session


HOSTILE_URLS = [
    ("..%2F..%2Fetc%2Fpasswd", ""),
    ("../../etc/passwd", ""),
    ("..%2Fsecret", ""),
    ("../secret", ""),
    ("%2Fetc%2Fpasswd", ""),
    ("..%5C..%5Csecret", ""),
    ("", "lang=xx"),
    ("", "lang=../../etc/passwd"),
    ("", "q=" + HUGE_Q),
    ("relu", "grad_depth=100000&depth=100000"),
    ("relu", "grad_depth=abc&depth=abc"),
    ("relu", "grad_depth=-5&grad_scale=nan&curve_x=inf&curve_range=-1e308"),
    ("funkcja-aktywacji", "xor_epochs=99999999&xor_lr=abc&dead_slope=1e300&xor_seed=-1"),
]


HTTP_PROBES = [
    "/..%2F..%2Fetc%2Fpasswd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/..%2Fsecret.md",
    "/app/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/app/static/../../secret.md",
    "/media/..%2F..%2Fsecret.md",
    "/_stcore/..%2F..%2Fetc%2Fpasswd",
    "/relu%00",
    "/?lang=xx",
]


def _http_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.mark.slow
def test_hostile_urls_show_no_traceback_and_read_nothing_outside_content(audited_server) -> None:
    server, content, secret, log = audited_server

    async def visit_all() -> list[tuple[str, Session]]:
        out = []
        for page, query in HOSTILE_URLS:
            out.append((f"/{page}?{query[:40]}", await _open(server.url, page, query)))
        return out

    for path in HTTP_PROBES:  # the same addresses as plain HTTP requests, static and media routes too
        status, body = _http_get(server.url + path)
        assert status in (200, 400, 403, 404), (path, status)
        assert b"root:x:0:0" not in body and CANARY.encode() not in body, path
        assert b"Traceback" not in body, path

    control = run_async(_open(server.url, "", "lang=en"))  # the language check below can tell
    assert "Terms A to Z" in control.text() and "Hasła od A do Ż" not in control.text()

    for where, s in run_async(visit_all()):
        run = s.runs[-1]
        assert run.status == "finished", where
        assert s.exceptions() == [], where
        text = s.text()
        assert text.strip(), f"{where}: empty page"
        assert "root:x:0:0" not in text and CANARY not in text, where
        # Out-of-range or non-numeric demo values are dropped, not kept in the address.
        for bad in (
            "grad_depth=",
            "grad_scale=",
            "curve_x=",
            "xor_epochs=",
            "xor_lr=",
            "dead_slope=",
            "lang=xx",
        ):
            assert bad not in s.query_string, f"{where}: {s.query_string}"
        if "lang=" in where:
            assert s.find_page("") is not None and "Hasła od A do Ż" in text  # default language, index page

    opened = log.read_text(encoding="utf-8").splitlines()
    assert opened, "the audit hook logged nothing: the test would prove nothing"
    paths = [line.split("\t", 1)[1] for line in opened]
    assert not [p for p in paths if p.endswith("/etc/passwd")]
    assert str(secret) not in paths
    outside = [
        p for p in paths if p.endswith(".md") and not Path(p).resolve().is_relative_to(content.resolve())
    ]
    assert not outside, outside
    assert any(Path(p).parent == content for p in paths if p.endswith(".md")), "content was never read"


@pytest.mark.slow
def test_huge_search_query_is_answered(audited_server) -> None:
    server = audited_server[0]
    s = run_async(_open(server.url, "", "q=" + HUGE_Q))
    assert s.runs[-1].status == "finished" and s.exceptions() == []
    assert s.runs[-1].bytes < 2_000_000  # the answer does not grow without bound with the query

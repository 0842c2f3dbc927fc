"""Content changing under the running app (issue 18): half-written files keep their last good version,
files deleted mid-read, a folder renamed, a thousand files added at once.

The library is driven the way the app drives it (``load_library(folder, previous=...)`` on every change,
see ``glossary/ui/data.py``); the browser side of the half-written file is in
``tests/test_chaos_browser.py``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import glossary.corpus.library as library_module
from glossary.corpus.library import load_library
from glossary.corpus.parse import parse_text

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "content" / "relu.md").read_bytes()
FM_END = SEED.index(b"\n---", 4)  # the closing marker of the front matter
MULTIBYTE = SEED.index("ł".encode())  # the first 2-byte character


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` with an mtime distinct from the previous one (coarse-timestamp filesystems)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_bytes(data)
    if path.stat().st_mtime_ns <= before:
        os.utime(path, ns=(before + 10_000_000, before + 10_000_000))


# name -> how a half-written ReLU file looks on disk
HALF_WRITTEN: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda b: b"",
    "front_matter_cut": lambda b: b[: FM_END // 2],
    "front_matter_unclosed": lambda b: b[:FM_END],
    "cut_mid_character": lambda b: b[: MULTIBYTE + 1],
    "nul_padding": lambda b: b[: len(b) // 2] + b"\0" * 4096,  # a preallocated file not yet filled
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    for name in ("relu.md", "sigmoid.md", "leaky-relu.md"):
        (content / name).write_bytes((ROOT / "content" / name).read_bytes())
    return content


@pytest.mark.parametrize("cut", list(HALF_WRITTEN), ids=str)
def test_half_written_file_keeps_its_last_good_version_until_it_parses(folder: Path, cut: str) -> None:
    good = load_library(folder)
    relu = good.entries["relu"]
    path = folder / "relu.md"
    _write(path, HALF_WRITTEN[cut](SEED))
    fresh = load_library(folder)  # what a restart would show: the file's own error card
    assert "relu" in fresh.failed and "relu" not in fresh.entries

    during = load_library(folder, previous=good)
    assert during.entries["relu"] is relu  # same title, definition, links: the last good parse
    assert "relu" not in during.failed
    errors = during.stale["relu"]
    assert errors and all(d.severity == "error" and d.path == str(path) and d.line >= 1 for d in errors)
    assert [d for d in during.diagnostics if d.severity == "error"] == list(errors)
    assert during.backlinks == good.backlinks and during.links == good.links
    assert during.search("ReLU")[0].slug == "relu"

    again = load_library(folder, previous=during)  # still broken on the next reload: still kept
    assert again.entries["relu"] is relu and again.stale["relu"] == errors

    edited = SEED.replace(b"ReLU (Rectified Linear Unit) to", b"ReLU (poprawiona) to", 1)
    assert edited != SEED
    _write(path, edited)
    fixed = load_library(folder, previous=again)
    assert fixed.stale == {} and "relu" not in fixed.failed
    assert fixed.entries["relu"].definition.startswith("ReLU (poprawiona) to")
    assert not any(d.severity == "error" for d in fixed.diagnostics)


def test_a_file_broken_since_first_seen_shows_its_error_card(folder: Path) -> None:
    _write(folder / "nowe.md", b"---\ntitle: Nowe\n")
    lib = load_library(folder)
    again = load_library(folder, previous=lib)
    assert "nowe" in again.failed and "nowe" not in again.stale and "nowe" not in again.entries


def test_unclosed_front_matter_is_an_error_at_line_one() -> None:
    text = SEED[:FM_END].decode()
    diags = parse_text(text, "content/relu.md").entry.diagnostics
    assert [(d.line, d.severity) for d in diags] == [(1, "error")]
    assert "not closed" in diags[0].message
    assert not any(
        d.severity == "error" for d in parse_text(SEED.decode(), "content/relu.md").entry.diagnostics
    )


def test_a_file_deleted_while_it_is_read(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = load_library(folder)
    real = library_module.read_and_parse

    def vanishing(path: str):
        if path.endswith("sigmoid.md") and os.path.exists(path):
            os.remove(path)  # listed by the scan, gone when it is opened
        return real(path)

    _write(folder / "sigmoid.md", (folder / "sigmoid.md").read_bytes() + b"\n")
    monkeypatch.setattr(library_module, "read_and_parse", vanishing)
    during = load_library(folder, previous=good)
    assert set(during.entries) == set(good.entries)  # kept for this snapshot: its last good version
    assert "cannot read" in during.stale["sigmoid"][0].message
    after = load_library(folder, previous=during)  # the next scan no longer lists it
    assert "sigmoid" not in after.entries and "sigmoid" not in after.failed and after.stale == {}
    assert set(after.entries) == {"relu", "leaky-relu"}


def test_a_folder_renamed_and_back(folder: Path) -> None:
    good = load_library(folder)
    moved = folder.with_name("przeniesione")
    folder.rename(moved)
    gone = load_library(folder, previous=good)
    assert len(gone) == 0 and gone.diagnostics == ()
    assert set(load_library(moved).entries) == set(good.entries)
    moved.rename(folder)
    back = load_library(folder, previous=gone)
    assert set(back.entries) == set(good.entries)


def test_the_app_keeps_serving_a_renamed_folder(folder: Path) -> None:
    from glossary.ui import data

    data._load.clear()
    try:
        good = data.get_library(folder)
        assert not data.content_missing(folder)
        moved = folder.with_name("przeniesione")
        folder.rename(moved)
        assert data.content_missing(folder)
        assert data.get_library(folder) is good
        moved.rename(folder)
        _write(folder / "nowe.md", (ROOT / "content" / "tanh.md").read_bytes())
        assert "tanh" not in good.entries and "nowe" in data.get_library(folder).entries
    finally:
        data._load.clear()
        data._previous.clear()


def test_a_thousand_files_added_while_the_app_reloads(folder: Path) -> None:
    base = load_library(folder)
    texts = [
        f"---\ntitle: Pojęcie {i}\ntags: [hurt]\n---\n\n## 🎯 Definicja\n"
        f"Pojęcie {i} to hasło dodane hurtem; wspomina ReLU i funkcję sigmoid.\n\n"
        "## 🔑 Kluczowe punkty\n- " + "Długi punkt. " * 200 + "\n"
        for i in range(1000)
    ]
    errors: list[BaseException] = []
    done = threading.Event()

    def add() -> None:
        try:
            for i, text in enumerate(texts):
                (folder / f"pojecie-{i:04d}.md").write_text(text, encoding="utf-8")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            done.set()

    writer = threading.Thread(target=add)
    writer.start()
    lib, loads = base, 0
    while not done.is_set() or loads == 0:
        lib = load_library(folder, previous=lib)  # reloads racing the writer: never raises
        loads += 1
    writer.join()
    assert not errors
    lib = load_library(folder, previous=lib)
    assert len(lib.entries) == 1003, lib.failed
    # Every added file was seen whole in the end: no entry kept from a half-written state.
    assert lib.stale == {} and not lib.failed
    assert lib.entries["pojecie-0999"].title == "Pojęcie 999"
    full = load_library(folder)
    assert set(full.entries) == set(lib.entries) and full.links == lib.links


def test_a_reload_lets_the_old_library_go(folder: Path) -> None:
    """The entry page's cache of linked texts does not keep old libraries alive (the chaos run's RSS grew
    ~5 MB/s while the content changed every 0.5 s)."""
    import gc
    import weakref

    from glossary.ui.entry_page import Prose

    old = load_library(folder)
    text = old.entries["relu"].definition
    Prose(old, "relu", "pl")(text)
    gone = weakref.ref(old)
    _write(folder / "nowe.md", (ROOT / "content" / "tanh.md").read_bytes())
    new = load_library(folder, previous=old)
    del old
    Prose(new, "relu", "pl")(text)
    gc.collect()
    assert gone() is None


def test_the_app_lets_go_of_superseded_libraries(folder: Path) -> None:
    """A folder edited again and again: the libraries of its earlier states are freed, not cached."""
    import gc
    import weakref

    from glossary.ui import data

    data._load.clear()
    try:
        first = weakref.ref(data.get_library(folder))
        for i in range(6):
            entry = f"---\ntitle: Pojęcie {i}\n---\n\n## 🎯 Definicja\nPojęcie {i} wspomina ReLU.\n"
            _write(folder / f"pojecie-{i}.md", entry.encode())
            assert f"pojecie-{i}" in data.get_library(folder).entries
        gc.collect()
        assert first() is None
    finally:
        data._load.clear()
        data._previous.clear()

"""``python -m glossary``: check, parse --json, new, import, search, links."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.__main__ import main
from glossary.corpus.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).parent / "data" / "seed_export.txt"
GOOD = "---\ntitle: ReLU\n---\n\n## 🎯 Definicja\n\nReLU to funkcja.\n"


def test_check_clean_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "relu.md").write_text(GOOD, encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
    assert (
        capsys.readouterr().out.strip() == "1 entries loaded, 0 failed; 0 error(s), 0 warning(s), 0 hint(s)"
    )


def test_check_warnings_and_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "relu.md").write_text(GOOD + "\n## Defnicja\n\nx\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        out[0] == f"{tmp_path / 'relu.md'}:9: warning: unknown section 'Defnicja' (did you mean 'Definicja'?)"
    )
    assert out[-1] == "1 entries loaded, 0 failed; 0 error(s), 1 warning(s), 0 hint(s)"
    assert main(["check", str(tmp_path), "--strict"]) == 1


def test_check_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "relu.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "pusty.md").write_text("", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'pusty.md'}:1: error: file is empty" in out
    assert "1 entries loaded, 1 failed; 1 error(s), 0 warning(s), 0 hint(s)" in out


def test_parse_json_of_the_seed() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "glossary", "parse", str(SEED), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    for key in (
        "slug",
        "title",
        "lang",
        "aliases",
        "tags",
        "activation",
        "definition",
        "key_points",
        "explanation",
        "example",
        "sources",
        "scratchpad",
        "extra_sections",
        "diagnostics",
    ):
        assert key in data
    assert data["title"] == "Funkcja aktywacji"
    assert data["explanation"][0]["tables"][0]["columns"] == ["Nazwa", "Wzór matematyczny", "Zalety", "Wady"]
    assert data["example"]["code"][0]["language"] == "python"
    assert [s["url"] for s in data["sources"]][2] == "http://cs231n.github.io/neural-networks-1/"


def test_new_writes_a_template_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "Łańcuch Markowa", "--dir", str(tmp_path)]) == 0
    path = tmp_path / "lancuch-markowa.md"
    entry = parse_file(path)
    assert entry.title == "Łańcuch Markowa" and entry.diagnostics == ()
    path.write_text(GOOD, encoding="utf-8")
    assert main(["new", "Łańcuch Markowa", "--dir", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == GOOD


def test_import_writes_canonical_markdown(tmp_path: Path) -> None:
    assert main(["import", str(SEED), "--out", str(tmp_path)]) == 0
    path = tmp_path / "funkcja-aktywacji.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Funkcja aktywacji\n")
    assert "\n## 📚 Szczegółowe wyjaśnienie\n" in text and "\n### Po co jest funkcja aktywacji?\n" in text
    assert "\n```python\nimport torch.nn as nn\n" in text
    imported, seed = parse_file(path), parse_file(SEED)
    assert imported.diagnostics == ()
    assert imported.key_points == seed.key_points
    assert [(t.columns, t.rows) for t in imported.tables] == [(t.columns, t.rows) for t in seed.tables]
    assert imported.example is not None and seed.example is not None
    assert imported.example.code[0].code == seed.example.code[0].code
    assert main(["import", str(SEED), "--out", str(tmp_path)]) == 1  # never overwrites


def test_import_refuses_a_file_with_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("🔑 Kluczowe punkty\n- bez definicji\n", encoding="utf-8")
    assert main(["import", str(bad), "--out", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()


# -- search and links ------------------------------------------------------------------------------
def _folder(tmp_path: Path) -> Path:
    (tmp_path / "warstwa-ukryta.md").write_text(
        "---\ntitle: Warstwa ukryta\n---\n\n## 🎯 Definicja\n\nWarstwa ukryta to warstwa między wejściem "
        "a wyjściem.\n",
        encoding="utf-8",
    )
    (tmp_path / "neuron.md").write_text(
        "---\ntitle: Neuron\naliases: [sztuczny neuron]\n---\n\n## 🎯 Definicja\n\nNeuron to jednostka "
        "w warstwach ukrytych.\n\nZob. [warstwę](/warstwa-ukryta), `warstwy ukrytej` i $warstwy ukrytej$.\n"
        "Każdy neuron i neurony obok.\n",
        encoding="utf-8",
    )
    return tmp_path


def test_search_ranks_the_own_entry_first_in_any_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path)
    assert main(["search", "warstwami ukrytymi", "--dir", str(folder), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["slug"] for h in hits] == ["warstwa-ukryta", "neuron"]
    assert hits[0] == {
        "slug": "warstwa-ukryta",
        "title": "Warstwa ukryta",
        "matched": "title",
        "snippet": "**Warstwa** ukryta",
    }
    assert main(["search", "warstwami", "--dir", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("1. warstwa-ukryta: Warstwa ukryta [title]")


@pytest.mark.parametrize("query", ["", "   ", "zzzzqqq", "\0", "x" * 10_000, "../../etc/passwd"])
def test_search_of_nothing_or_hostile_text_exits_1_quietly(tmp_path: Path, query: str) -> None:
    assert main(["search", query, "--dir", str(_folder(tmp_path)), "--json"]) == 1


def test_links_lists_each_mention_with_its_line_and_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _folder(tmp_path) / "neuron.md"
    assert main(["links", str(path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {"line": 8, "text": "warstwach ukrytych", "target": "warstwa-ukryta", "kind": "mention"},
        {"line": 10, "text": "warstwę", "target": "warstwa-ukryta", "kind": "link"},
    ]  # never in code or maths; never the entry itself (neuron, neurony)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(row["text"] in lines[row["line"] - 1] for row in rows)
    assert main(["links", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}:8: warstwach ukrytych -> /warstwa-ukryta (mention)"
    assert out[-1] == "2 mention(s) of 1 entries"


def test_links_on_the_shipped_content_points_at_the_right_lines(capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parent.parent / "content"
    for path in sorted(root.glob("*.md")):
        assert main(["links", str(path), "--json"]) == 0
        lines = path.read_text(encoding="utf-8").splitlines()
        for row in json.loads(capsys.readouterr().out):
            assert row["target"] != path.stem
            assert row["text"].lower() in lines[row["line"] - 1].lower(), (path.name, row)


def test_links_of_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["links", str(tmp_path / "nie-ma.md")]) == 2
    assert "no such file" in capsys.readouterr().err


# -- import FOLDER ---------------------------------------------------------------------------------
def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """An exported folder: the seed, two notes in a subfolder with an image, and hostile files."""
    folder = tmp_path / "eksport"
    (folder / "sub" / "obrazy").mkdir(parents=True)
    (folder / ".ukryte").mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "sub" / "obrazy" / "relu.png").write_bytes(_png())
    (folder / "sub" / "obrazy" / "skrypt.js").write_text("alert(1)", encoding="utf-8")
    (folder / "sub" / "relu.txt").write_text(
        "🎯 Definicja\nReLU to funkcja aktywacji, która pomaga przy zanikającym gradiencie.\n"
        "![Wykres ReLU](obrazy/relu.png)\n![ucieczka](../../../../etc/passwd.png)\n"
        "![brak](obrazy/brak.png)\n![skrypt](obrazy/skrypt.js)\n",
        encoding="utf-8",
    )
    (folder / "sub" / "zanik.txt").write_text(
        "🎯 Definicja\nZanikający gradient to malejący gradient w głębokiej sieci z funkcją aktywacji "
        "sigmoid; ReLU go łagodzi.\n",
        encoding="utf-8",
    )
    (folder / "pusty.txt").write_text("", encoding="utf-8")
    (folder / "binarny.md").write_bytes(b"\xff\xfe\0\1" * 50)
    (folder / "zly-utf8.txt").write_bytes("🎯 Definicja\nX to ".encode() + b"\xc3\x28 y.\n")
    (folder / ".ukryte" / "sekret.txt").write_text("🎯 Definicja\nSekret to tajemnica.\n", encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    return folder


def test_import_folder_converts_every_note_and_reports_each_file(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "content"
    (out).mkdir()
    (out / "relu.md").write_text(GOOD, encoding="utf-8")  # already there: never overwritten
    assert main(["import", str(export), "--out", str(out)]) == 1  # some files failed
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7  # one line per note (hidden folder and symlink skipped), then the summary
    assert lines[-1] == "6 note(s): 2 imported, 1 skipped (already there), 3 failed"
    by_name = {Path(line.split(":")[0].split(" -> ")[0]).name: line for line in lines[:-1]}
    assert "failed: file is empty" in by_name["pusty.txt"]
    assert "failed:" in by_name["binarny.md"] and "failed:" in by_name["zly-utf8.txt"]
    assert "skipped:" in by_name["relu.txt"] and (out / "relu.md").read_text(encoding="utf-8") == GOOD
    assert f"-> {out / 'funkcja-aktywacji.md'}" in by_name["seed.txt"]
    assert f"-> {out / 'zanikajacy-gradient.md'}" in by_name["zanik.txt"]
    assert sorted(p.name for p in out.iterdir()) == [
        "funkcja-aktywacji.md",
        "relu.md",
        "zanikajacy-gradient.md",
    ]
    # the imported entries link to each other (in inflected forms: "funkcją aktywacji")
    from glossary.corpus.library import load_library

    lib = load_library(out)
    assert {"funkcja-aktywacji", "relu"} <= lib.links["zanikajacy-gradient"]


def test_import_folder_copies_only_the_images_inside_it(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "content"
    main(["import", str(export), "--out", str(out)])
    line = next(x for x in capsys.readouterr().out.splitlines() if "relu.txt" in x)
    assert "image '../../../../etc/passwd.png' is outside the imported folder: not copied" in line
    assert "image 'obrazy/brak.png' not found: not copied" in line
    assert "'obrazy/skrypt.js' is not an image (png, jpg, gif, webp, svg): not copied" in line
    assert (out / "obrazy" / "relu.png").read_bytes() == _png()
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "funkcja-aktywacji.md",
        "obrazy/relu.png",
        "relu.md",
        "zanikajacy-gradient.md",
    ]
    assert "![Wykres ReLU](obrazy/relu.png)" in (out / "relu.md").read_text(encoding="utf-8")


def test_import_of_an_empty_or_missing_folder_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert "no notes" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()

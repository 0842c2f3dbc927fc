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

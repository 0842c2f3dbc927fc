"""``python -m glossary``: check, parse --json, new, import."""

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

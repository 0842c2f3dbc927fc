"""`python -m glossary check` on one file, and the warning for template text left as `new` wrote it."""

from __future__ import annotations

import shutil
from pathlib import Path

from glossary.__main__ import main, template_leftovers
from glossary.corpus.parse import template

CONTENT = Path(__file__).resolve().parent.parent / "content"


def test_check_accepts_a_single_file(capsys):
    assert main(["check", str(CONTENT / "relu.md"), "--strict"]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith("1 file; 0 error(s), 0 warning(s), 0 hint(s)")


def test_single_file_links_are_checked_against_its_folder(tmp_path, capsys):
    shutil.copy(CONTENT / "relu.md", tmp_path / "relu.md")  # alone: its links lead nowhere
    assert main(["check", str(tmp_path / "relu.md"), "--strict"]) == 1
    out = capsys.readouterr().out
    assert "link to a missing entry" in out or "related entry" in out
    assert all(line.startswith(str(tmp_path / "relu.md")) for line in out.splitlines()[:-1])


def test_an_untouched_template_fails_strict_and_an_edited_one_passes(tmp_path, capsys):
    text = template("Nowy termin", "pl")
    (tmp_path / "nowy-termin.md").write_text(text, encoding="utf-8")
    assert main(["check", str(tmp_path), "--strict"]) == 1
    out = capsys.readouterr().out
    assert "template text left unchanged" in out
    assert len(template_leftovers(text)) >= 5
    written = "\n".join(line for line in text.splitlines() if not template_leftovers(line))
    assert template_leftovers(written) == []


def test_the_real_content_has_no_template_text():
    for path in CONTENT.glob("*.md"):
        assert template_leftovers(path.read_text(encoding="utf-8")) == [], path.name

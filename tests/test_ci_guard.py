"""CI's guard: with browser tests required, a missing browser fails the run instead of skipping it."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def run_foundation(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_foundation.py",
         "-k", "seed_definition_visible"],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_missing_browser_is_a_skip_locally():
    out = run_foundation(GLOSSARY_CHROMIUM="/nonexistent/chromium", GLOSSARY_REQUIRE_BROWSER="0")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 skipped" in out.stdout


def test_missing_browser_fails_when_required():
    out = run_foundation(GLOSSARY_CHROMIUM="/nonexistent/chromium", GLOSSARY_REQUIRE_BROWSER="1")
    assert out.returncode != 0, out.stdout + out.stderr
    assert "no browser at /nonexistent/chromium" in out.stdout

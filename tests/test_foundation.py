"""The project's front door: the app starts, serves the seed, and stays torch-free until the CNN demo."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

from conftest import ROOT, open_app

SEED_DEFINITION = "Funkcja aktywacji to funkcja matematyczna stosowana w sztucznych neuronach"


def test_server_is_healthy(app_server):
    with urllib.request.urlopen(f"{app_server.url}/_stcore/health", timeout=5) as resp:
        assert resp.status == 200


def test_seed_definition_visible_in_browser(app_server, page):
    open_app(page, f"{app_server.url}/funkcja-aktywacji")
    page.get_by_text(SEED_DEFINITION).first.wait_for(state="visible")
    assert not page.locator('[data-testid="stException"]').count()


def test_running_the_app_does_not_import_torch():
    code = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "at = AppTest.from_file('app.py', default_timeout=60).run()\n"
        "assert not at.exception, at.exception\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "False", out.stdout + out.stderr

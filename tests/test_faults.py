"""Process faults (issue 18): ``kill -9`` of the server during a live training and during a reload, then a
restart on the same folder: the app comes back, nothing in the content folder changed (the app never
writes there) and nothing is left behind (the server's temporary folder does not grow across restarts).

Real ``streamlit run`` servers on loopback, driven over the websocket protocol (benchmarks/st_client.py).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import signal
from pathlib import Path

import pytest
from conftest import Server, run_async, start_server

from benchmarks.st_client import Session

ROOT = Path(__file__).resolve().parent.parent
TRAIN_PAGE = "siec-konwolucyjna"  # its Markdown places the ``train`` demo

pytestmark = pytest.mark.slow


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file under ``folder``: (size, mtime, sha256) by relative path."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            out[str(path.relative_to(folder))] = (st.st_size, st.st_mtime_ns, digest)
    return out


def listing(folder: Path) -> set[str]:
    """Everything under ``folder`` but the empty cache folder torch makes on import, at a fixed name
    (``$TMPDIR/torchinductor_<user>``; anything inside it is listed)."""
    found = {str(p.relative_to(folder)) for p in folder.rglob("*")}
    return {p for p in found if not (p.startswith("torchinductor_") and "/" not in p)}


def kill9(server: Server) -> None:
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait(10)


async def start_training(url: str) -> Session:
    """Open the CNN page, press "Trenuj" and wait until the live progress bar shows (the job runs)."""
    s = Session(url, timeout=180)
    await s.connect()
    await s.run(page=TRAIN_PAGE)
    button = next(w for w in s.widgets() if (w.key or "").endswith("_run"))
    await s.set_widget(button.id, True)
    kinds = [kind for _, kind, _ in s.elements()]
    assert "progress" in kinds and not s.exceptions(), kinds
    return s


async def train_then_kill(server: Server) -> None:
    """Start a training, let it take a few optimiser steps, then SIGKILL the server under it."""
    s = await start_training(server.url)
    await asyncio.sleep(1.0)
    kill9(server)
    try:
        await asyncio.wait_for(s.close(), 10)
    except Exception:  # the socket died with the server: expected
        pass


async def healthy(url: str, pages: tuple[str, ...]) -> list[str]:
    """Problems seen opening ``pages`` (empty when every page ran without a traceback)."""
    problems = []
    async with Session(url, timeout=180) as s:
        for page in pages:
            run = await s.run(page=page)
            if run.status != "finished" or s.exceptions() or run.page_not_found:
                problems.append(f"/{page}: {run.status} {s.exceptions()}")
    return problems


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns(".*"))
    scratch = tmp_path / "tmp"  # the servers' TMPDIR: whatever they leave behind lands here
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    return content, scratch


def test_kill_9_during_training_and_during_a_reload_then_restart(site: tuple[Path, Path]) -> None:
    content, scratch = site
    logs = scratch.parent / "logs"
    logs.mkdir()
    before = snapshot(content)
    servers: list[Server] = []

    def start() -> Server:
        server = start_server(logs, content_dir=content, timeout=120)
        servers.append(server)
        return server

    try:
        # 1. killed while a live training runs
        server = start()
        run_async(train_then_kill(server))
        assert snapshot(content) == before, "the app wrote into the content folder"
        left_after_first = listing(scratch)

        # 2. killed while it reloads a folder that just grew by 1,000 files
        server = start()
        assert run_async(healthy(server.url, ("", "relu"))) == []
        added = ROOT / "content" / "sigmoid.md"
        text = added.read_text(encoding="utf-8").replace("title: Sigmoid", "title: Dodane {i}", 1)
        text = text.replace("aliases:", "old_aliases:", 1)
        for i in range(1000):
            (content / f"dodane-{i:04d}.md").write_text(text.replace("{i}", str(i)), encoding="utf-8")
        grown = snapshot(content)

        async def reload_and_kill() -> None:
            s = Session(server.url, timeout=180)
            await s.connect()
            task = asyncio.create_task(s.run(page="relu"))  # parses the 1,000 new files
            await asyncio.sleep(0.3)
            kill9(server)
            try:
                await asyncio.wait_for(task, 10)
            except Exception:  # the socket died with the server: expected
                pass
            await s.close()

        run_async(reload_and_kill())
        assert snapshot(content) == grown, "the app wrote into the content folder"

        # 3. restart: everything comes back, the added entries too
        server = start()
        assert run_async(healthy(server.url, ("", "relu", TRAIN_PAGE, "dodane-0999", "stan-tresci"))) == []
        run_async(train_then_kill(server))  # a training starts again, and is killed once more
        assert snapshot(content) == grown
        grew = listing(scratch) - left_after_first
        assert not grew, f"files left behind grew across restarts: {sorted(grew)[:10]}"
        assert not left_after_first, f"a killed server left files behind: {sorted(left_after_first)}"
    finally:
        for server in servers:
            if server.process.poll() is None:
                kill9(server)

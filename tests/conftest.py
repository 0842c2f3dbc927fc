"""Shared fixtures: a real ``streamlit run`` on a free loopback port and Playwright on Debian's chromium.

Browser tests are skipped when no browser is found, unless ``GLOSSARY_REQUIRE_BROWSER=1`` (CI sets it):
then a missing browser fails the fixture and any skipped browser test fails the session.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("GLOSSARY_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("GLOSSARY_REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOT_DIR = Path(tempfile.gettempdir()) / "glossary-screenshots"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def run_async(coro):
    """``asyncio.run`` in its own thread: Playwright's sync API keeps an event loop in the main thread."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_server(
    tmp_dir: Path, script: Path = ROOT / "app.py", content_dir: Path | None = None, timeout: float = 60
) -> Server:
    """Start ``streamlit run`` headless on a free loopback port and wait for ``/_stcore/health``."""
    port = free_port()
    env = dict(os.environ)
    if content_dir is not None:
        env["GLOSSARY_CONTENT_DIR"] = str(content_dir)
    log = tmp_dir / f"streamlit-{port}.log"
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.output()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"streamlit did not become healthy in {timeout}s:\n{server.output()}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(10)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real app on the real ``content/`` folder, shared by the session's browser tests."""
    server = start_server(tmp_path_factory.mktemp("server"))
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture
def make_server(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start extra servers (e.g. on a temporary content folder); all are stopped after the test."""
    servers: list[Server] = []

    def make(**kwargs) -> Server:
        server = start_server(tmp_path, **kwargs)
        servers.append(server)
        return server

    try:
        yield make
    finally:
        for server in servers:
            stop_server(server)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"no browser at {CHROMIUM} (apt-get install -y chromium)"
        if REQUIRE_BROWSER:
            pytest.fail(message + " and GLOSSARY_REQUIRE_BROWSER=1")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh browser context; a full-page screenshot is saved after the test, whatever happened."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)[:120]
        shot = SCREENSHOT_DIR / f"{name}.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
            print(f"\nscreenshot: {shot}")
        except Exception as exc:  # the page may be gone; the test result matters more
            print(f"\nscreenshot failed: {exc}")
        context.close()


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until the Streamlit script has finished running and nothing is pending."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_timeout(300)  # a rerun triggered by the last widget may still be starting
    page.wait_for_selector(IDLE, timeout=timeout)


def open_app(page, url: str, timeout: float = 60_000) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout)
    wait_idle(page, timeout)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "page" in getattr(item, "fixturenames", ()) or "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


_skipped_browser_tests: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "browser" in report.keywords:
        _skipped_browser_tests.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if REQUIRE_BROWSER and _skipped_browser_tests:
        print(f"\nGLOSSARY_REQUIRE_BROWSER=1 but {len(_skipped_browser_tests)} browser test(s) skipped:")
        for nodeid in _skipped_browser_tests:
            print(f"  {nodeid}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

"""The app's cold start and page switches, against the one-line hello app in the same run.

    python -m benchmarks.bench_app [--quick]

1. Cold start: from launching ``streamlit run`` to the page fully rendered in headless Chromium
   (script finished, the page's own text visible), for ``/funkcja-aktywacji`` (which also runs the
   general demos), for a plain entry page without demos, and for ``benchmarks/hello_app.py`` showing
   "Hello". Each is repeated and the median is taken; the figures are ratios to hello (target <= 1.5x).
   For scale, ``benchmarks/hello_chart_app.py`` (hello plus one two-point Vega-Lite chart) is timed in
   the same rounds: the cost Streamlit's frontend adds to any page that draws a chart. The end is read
   in the page on every animation frame (``benchmarks/in_page.py``).
2. Page switch: on a warm server, a session moves between pages the way the frontend does (a rerun
   with the new page's hash, ``benchmarks/st_client.py``) and the time until ``script_finished`` is
   the server's cost of the switch (loopback; target <= 100 ms). The hello app's rerun is the baseline.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.bench_load import _conftest
from benchmarks.common import Figure, at_most, percentile, quick_cli
from benchmarks.in_page import shown_at
from benchmarks.st_client import Session

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
HELLO = ROOT / "benchmarks" / "hello_app.py"
HELLO_CHART = ROOT / "benchmarks" / "hello_chart_app.py"
SEED_TEXT = "Funkcja aktywacji to funkcja matematyczna"
PLAIN_PAGES = ("zanikajacy-gradient", "propagacja-wsteczna", "eksplodujacy-gradient", "martwe-neurony")


def cold_start(browser, script: Path, path: str, text: str) -> float:
    """Seconds from launching the server to ``path`` rendered with ``text`` visible and idle."""
    conftest = _conftest()
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        start = time.perf_counter()
        server = conftest.start_server(Path(tmp), script, timeout=120)  # launch, then wait for health
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            try:
                page.goto(server.url + path, wait_until="commit")
                shown_at(page, text=text, idle=True)
                return time.perf_counter() - start
            finally:
                context.close()
        finally:
            conftest.stop_server(server)


def cold_starts(repeats: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    conftest = _conftest()
    plain = next((p for p in PLAIN_PAGES if (ROOT / "content" / f"{p}.md").exists()), "")
    cases = {
        "hello": (HELLO, "/", "Hello"),
        "chart": (HELLO_CHART, "/", "Hello"),
        "seed": (APP, "/funkcja-aktywacji", SEED_TEXT),
    }
    if plain:
        cases["plain"] = (APP, f"/{plain}", _title(plain))
    times: dict[str, list[float]] = {name: [] for name in cases}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=conftest.CHROMIUM, args=conftest.CHROMIUM_ARGS)
        try:
            for _ in range(repeats):  # interleaved, so drift in the shared machine's load hits all alike
                for name, (script, path, text) in cases.items():
                    times[name].append(cold_start(browser, script, path, text))
        finally:
            browser.close()
    result = {name: statistics.median(values) for name, values in times.items()}
    result["plain_page"] = plain  # type: ignore[assignment]
    return result


def _title(slug: str) -> str:
    from glossary.corpus.library import load_library

    return load_library(ROOT / "content").entries[slug].title


async def _switches(url: str, pages: list[str], rounds: int) -> list[float]:
    async with Session(url) as session:
        await session.run(page="")
        for page in pages:  # warm: each page once (cache fill, first imports)
            await session.run(page=page)
        seconds = []
        for _ in range(rounds):
            for page in pages:
                run = await session.run(page=page)
                if run.status != "finished" or session.exceptions():
                    raise RuntimeError(f"/{page}: {run.status} {session.exceptions()[:1]}")
                seconds.append(run.seconds)
        return seconds


def page_switches(rounds: int) -> dict[str, list[float]]:
    from glossary.corpus.library import load_library

    library = load_library(ROOT / "content")
    plain = [s for s in library.sorted_slugs() if not library.entries[s].activation]
    plain = [s for s in plain if s != "funkcja-aktywacji"][:8]
    demo = [s for s in library.sorted_slugs() if library.entries[s].activation][:3]
    conftest = _conftest()
    out: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        server = conftest.start_server(Path(tmp), script=APP, timeout=120)
        try:
            out["plain"] = asyncio.run(_switches(server.url, ["", *plain, "stan-tresci"], rounds))
            if demo:
                out["demo"] = asyncio.run(_switches(server.url, demo, max(1, rounds // 2)))
        finally:
            conftest.stop_server(server)
        server = conftest.start_server(Path(tmp), script=HELLO, timeout=120)
        try:
            out["hello"] = asyncio.run(_switches(server.url, [""], rounds * 5))
        finally:
            conftest.stop_server(server)
    return out


def run(quick: bool = False) -> list[Figure]:
    starts = cold_starts(repeats=1 if quick else 3)
    hello = starts["hello"]
    seed = starts["seed"] / hello
    figures = [
        Figure("cold start to rendered /funkcja-aktywacji (with its demos)", seed, "x hello", "<= 1.5x",
               f"hello: {hello:.2f} s; app: {starts['seed']:.2f} s", at_most(seed, 1.5), "app"),
    ]  # fmt: skip
    chart = starts["chart"] / hello
    figures.append(
        Figure("cold start of hello + one Vega-Lite chart (for scale: no target)", chart, "x hello", "",
               f"hello: {hello:.2f} s; with a chart: {starts['chart']:.2f} s", None, "app")
    )  # fmt: skip
    if "plain" in starts:
        ratio = starts["plain"] / hello
        figures.append(
            Figure(f"cold start to rendered /{starts['plain_page']} (no demos)", ratio, "x hello", "<= 1.5x",
                   f"hello: {hello:.2f} s; app: {starts['plain']:.2f} s", at_most(ratio, 1.5), "app")
        )  # fmt: skip
    switches = page_switches(rounds=3 if quick else 10)
    hello_p50 = statistics.median(switches["hello"]) * 1000
    labels = {"plain": "page switch, entry/index/health pages", "demo": "page switch, demo pages"}
    for name, label in labels.items():
        if name not in switches:
            continue
        values = [s * 1000 for s in switches[name]]
        p50, p95 = statistics.median(values), percentile(values, 95)
        target = "<= 100 ms" if name == "plain" else ""
        figures.append(Figure(f"{label} p50", p50, "ms", target, f"hello rerun p50: {hello_p50:.1f} ms",
                              at_most(p50, 100) if target else None, "app"))  # fmt: skip
        figures.append(Figure(f"{label} p95", p95, "ms", target, f"n={len(values)}",
                              at_most(p95, 100) if target else None, "app"))  # fmt: skip
        if name == "plain":  # what the app adds to an empty rerun's round trip (Streamlit's own cost)
            extra = p50 - hello_p50
            figures.append(Figure(f"{label} p50 minus hello rerun p50", extra, "ms", target,
                                  "same session protocol, same run", at_most(extra, 100), "app"))  # fmt: skip
    return figures


def main() -> None:
    quick_cli(run, __doc__, "bench_app", "one cold start each, fewer switches")


if __name__ == "__main__":
    main()

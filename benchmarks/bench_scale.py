"""The app with 1,000 generated entries in headless Chromium (issue 9, "Scale").

    python -m benchmarks.bench_scale [--quick]

The corpus is ``bench_content.generate`` (seed-sized entries) written to a temporary folder, plus a copy
of the real ``content/*.md`` so the real pages exist too. ``--quick`` uses 300 generated entries.

1. Start-up: from launching ``streamlit run`` to the index page ``/`` rendered (its "N z N haseł"
   count visible and the script idle), for the app on the big corpus, for the app on the real content
   and for ``benchmarks/hello_app.py``, interleaved in the same run; the median of the repeats.
2. Index render on a warm server: ``/`` opened in a new page until the count is visible and the script
   is idle (the real-content app is the baseline).
3. Search in the browser: a query typed into the index page's search box (then Enter) until the
   results container is shown and the script is idle. The session's first search is reported on its
   own (it is several times slower than the rest: first use of the results' elements), p50/p95 over
   the following ones. Between queries the box is cleared and the index re-rendered (not timed).

Every end point is read in the page on every animation frame (``benchmarks/in_page.py``).

The issue gives no targets, so the figures have none.
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.bench_app import HELLO
from benchmarks.bench_content import generate
from benchmarks.bench_load import _conftest
from benchmarks.common import Figure, percentile, quick_cli
from benchmarks.in_page import now, shown_at
from glossary.corpus.library import load_library

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
RESULTS = ".st-key-search-results"
PLACEHOLDER = "np. zanikający gradient"
GROUP = "scale"
TIMEOUT_MS = 120_000
FIXED_QUERIES = (
    "zanikajacy",
    "gradientu",
    "aktywacji",
    "sieci neuronowej",
    "warstwy",
    "uczenie",
    "zanikający",
)


def make_corpus(folder: Path, n: int) -> tuple[list[tuple[str, str]], int]:
    """``n`` generated entries plus the real ``content/*.md``; returns the generated (slug, title) pairs
    and the number of entries the app will list."""
    items = generate(folder, n)
    for path in sorted((ROOT / "content").glob("*.md")):
        shutil.copy2(path, folder / path.name)
    return items, len(load_library(folder).entries)


def search_queries(items: list[tuple[str, str]], count: int) -> list[str]:
    """Fixed common words (they occur in the generated text), a Polish word without diacritics, and
    whole titles and title prefixes of generated entries."""
    rng = random.Random(9)
    out = list(FIXED_QUERIES)
    while len(out) < count:
        _, title = rng.choice(items)
        word = title.split()[0]
        out.append(title if len(out) % 2 else word[: max(3, len(word) // 2)].lower())
    return out[:count]


@contextmanager
def server(script: Path, content_dir: Path | None) -> Iterator[tuple[str, float]]:
    """A running server: its URL and the launch time (``perf_counter``); stopped on exit."""
    conftest = _conftest()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        started = time.perf_counter()
        running = conftest.start_server(Path(tmp), script, content_dir, timeout=120)
        try:
            yield running.url, started
        finally:
            conftest.stop_server(running)


@contextmanager
def new_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        yield page
    finally:
        context.close()


def open_rendered(page: Any, url: str, text: str) -> None:
    """Go to ``url`` and wait until ``text`` is visible and the script is idle."""
    page.goto(url, wait_until="commit")
    shown_at(page, text=text, idle=True, timeout=TIMEOUT_MS)


def cold_start(browser: Any, script: Path, content_dir: Path | None, text: str) -> float:
    """Seconds from launching the server to ``/`` rendered with ``text`` visible and the script idle."""
    with server(script, content_dir) as (url, started), new_page(browser) as page:
        open_rendered(page, url + "/", text)
        return time.perf_counter() - started


def index_renders(browser: Any, url: str, text: str, count: int) -> list[float]:
    """Seconds to open ``/`` in a new page on a warm server, until rendered; after one warm-up."""
    times = []
    for i in range(count + 1):
        with new_page(browser) as page:
            start = time.perf_counter()
            open_rendered(page, url + "/", text)
            if i:
                times.append(time.perf_counter() - start)
    return times


def _search_box(page: Any) -> Any:
    box = page.get_by_placeholder(PLACEHOLDER)
    return box.first if box.count() else page.locator("input[type='search'], input[type='text']").first


def search_latencies(browser: Any, url: str, index_text: str, queries: list[str]) -> list[float]:
    """Seconds from typing each query (then Enter) to the results shown and the script idle."""
    times = []
    with new_page(browser) as page:
        open_rendered(page, url + "/", index_text)
        box = _search_box(page)
        for query in queries:
            start = now(page)
            box.fill(query)
            box.press("Enter")
            times.append((shown_at(page, selector=RESULTS, idle=True, timeout=TIMEOUT_MS) - start) / 1000)
            if query == FIXED_QUERIES[0] and not page.get_by_text("Wyniki wyszukiwania:").count():
                raise RuntimeError(f"no results for {query!r} (a real entry's title): search is broken")
            box.fill("")  # back to the index, so the next query's results container is new
            box.press("Enter")
            page.locator(RESULTS).first.wait_for(state="detached")
            shown_at(page, text=index_text, idle=True, timeout=TIMEOUT_MS)
    return times


def measure(n: int, repeats: int, index_count: int, query_count: int) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    conftest = _conftest()
    with tempfile.TemporaryDirectory(prefix="bench-scale-corpus-") as tmp:
        corpus = Path(tmp)
        items, total = make_corpus(corpus, n)
        real_total = len(load_library(ROOT / "content").entries)
        big_text, real_text = f"{total} z {total} haseł", f"{real_total} z {real_total} haseł"
        cases = {
            "big": (APP, corpus, big_text),
            "real": (APP, ROOT / "content", real_text),
            "hello": (HELLO, None, "Hello"),
        }
        starts: dict[str, list[float]] = {name: [] for name in cases}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=conftest.CHROMIUM, args=conftest.CHROMIUM_ARGS)
            try:
                for _ in range(repeats):  # interleaved, so drift in the shared machine's load hits all alike
                    for name, (script, folder, text) in cases.items():
                        starts[name].append(cold_start(browser, script, folder, text))
                with server(APP, ROOT / "content") as (url, _):
                    real_index = index_renders(browser, url, real_text, index_count)
                with server(APP, corpus) as (url, _):
                    big_index = index_renders(browser, url, big_text, index_count)
                    searches = search_latencies(browser, url, big_text, search_queries(items, query_count))
            finally:
                browser.close()
    return figures(total, real_total, starts, big_index, real_index, searches)


def figures(
    total: int,
    real_total: int,
    starts: dict[str, list[float]],
    big_index: list[float],
    real_index: list[float],
    searches: list[float],
) -> list[Figure]:
    big, real, hello = (statistics.median(starts[k]) for k in ("big", "real", "hello"))
    runs = f"median of {len(starts['big'])}"
    real_ms, big_ms = statistics.median(real_index) * 1000, statistics.median(big_index) * 1000
    first, ms = searches[0] * 1000, [s * 1000 for s in searches[1:]]
    return [
        Figure(f"start-up to rendered / ({total} entries)", big, "s", "—",
               f"real {real_total} entries: {real:.2f} s; hello: {hello:.2f} s; {runs}", None, GROUP),
        Figure(f"start-up, {total} entries vs real content", big / real, "x", "—",
               f"real {real_total} entries: {real:.2f} s", None, GROUP),
        Figure(f"start-up, {total} entries vs hello", big / hello, "x", "—",
               f"hello: {hello:.2f} s", None, GROUP),
        Figure(f"index / render, warm server ({total} entries) p50", big_ms, "ms", "—",
               f"real {real_total} entries p50: {real_ms:.0f} ms; n={len(big_index)}", None, GROUP),
        Figure(f"index / render, {total} entries vs real content", big_ms / real_ms, "x", "—",
               f"real {real_total} entries p50: {real_ms:.0f} ms", None, GROUP),
        Figure(f"first search in a session ({total} entries)", first, "ms", "—",
               f"query {FIXED_QUERIES[0]!r}; the later ones below", None, GROUP),
        Figure(f"search in browser ({total} entries) p50", statistics.median(ms), "ms", "—",
               f"type + Enter -> results, idle; n={len(ms)}", None, GROUP),
        Figure(f"search in browser ({total} entries) p95", percentile(ms, 95), "ms", "—",
               f"max {max(ms):.0f} ms", None, GROUP),
    ]  # fmt: skip


def run(quick: bool = False) -> list[Figure]:
    if quick:
        return measure(n=300, repeats=1, index_count=3, query_count=9)
    return measure(n=1000, repeats=2, index_count=5, query_count=11)


def main() -> None:
    quick_cli(run, __doc__, "bench_scale", "300 entries, one cold start each")


if __name__ == "__main__":
    main()

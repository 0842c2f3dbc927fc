"""Text first: pages with demo blocks against their own twins without them, in Chromium, same run.

    python -m benchmarks.bench_blocks [--quick]

For each page (``/funkcja-aktywacji``, ``/sigmoid``, ``/zanikajacy-gradient``) two servers run side by
side: one on the real ``content/``, one on a copy in which that page has no demos (its ``demo`` blocks
removed; for an activation page without blocks, its ``activation:`` line removed, which also drops
its default demos and its formula). A fresh browser context navigates to the page and we time

- **definition visible**: navigation → the first words of the definition visible, read in the page
  (``benchmarks/in_page.py``: with Playwright's back-off polling the seed page's cold ratio swung
  1.03-1.32x from run to run);
- **settled**: navigation → the script idle and every chart drawn, read in the page the same way.

The hello app is visited first, so Chromium's own first navigation (its renderer start-up) is not
charged to the first page; within each repeat the page and its twin take turns going first.

"cold" is the first navigation after the server started, "warm" a new browser context on the same
server afterwards. Targets (issue #14): definition visible ≤ 1.2× the twin, cold and warm; warm page
settled ≤ 2.5× ``benchmarks/hello_chart_app.py`` (hello plus one chart) measured the same way.
"""

from __future__ import annotations

import re
import shutil
import statistics
import tempfile
from pathlib import Path

from benchmarks.bench_load import _conftest
from benchmarks.common import Figure, at_most, quick_cli
from benchmarks.in_page import shown_at

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
HELLO_CHART = ROOT / "benchmarks" / "hello_chart_app.py"
PAGES = ("funkcja-aktywacji", "sigmoid", "zanikajacy-gradient")
DEMO_FENCE = re.compile(r"^```demo[^\n]*\n(?:.*\n)*?```\n?", re.MULTILINE)


def twin_text(text: str) -> str:
    """The entry without demos: its blocks removed, or (no blocks) its ``activation:`` line."""
    if DEMO_FENCE.search(text):
        return DEMO_FENCE.sub("", text)
    return re.sub(r"^activation:.*\n", "", text, count=1, flags=re.MULTILINE)


def definition_words(slug: str) -> str:
    from glossary.corpus.library import load_library

    definition = load_library(ROOT / "content").entries[slug].definition
    return " ".join(definition.split()[:4])


def _visit(browser, url: str, text: str) -> tuple[float, float]:
    """(seconds to ``text`` visible, seconds to idle with every chart drawn) for one fresh context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        visible = shown_at(page, text=text)  # the script is running from here on: idle means finished
        return visible / 1000, shown_at(page, idle=True, drawn=True) / 1000
    finally:
        context.close()


def measure(repeats: int) -> dict[str, dict[str, list[float]]]:
    from playwright.sync_api import sync_playwright

    conftest = _conftest()
    out: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-blocks-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=conftest.CHROMIUM, args=conftest.CHROMIUM_ARGS)
        try:
            for _ in range(repeats):  # first: it also takes Chromium's own first navigation
                server = conftest.start_server(Path(tmp), HELLO_CHART, timeout=120)
                try:
                    _visit(browser, server.url, "Hello")
                    _, settled = _visit(browser, server.url, "Hello")
                finally:
                    conftest.stop_server(server)
                out.setdefault("hello-chart warm", {}).setdefault("settled", []).append(settled)
            for slug in PAGES:
                twin_dir = Path(tmp) / f"twin-{slug}"
                shutil.copytree(ROOT / "content", twin_dir)
                path = twin_dir / f"{slug}.md"
                path.write_text(twin_text(path.read_text(encoding="utf-8")), encoding="utf-8")
                words = definition_words(slug)
                both = [("page", None), ("twin", twin_dir)]
                for n in range(repeats):  # interleaved, taking turns: drift hits page and twin alike
                    for name, folder in both if n % 2 == 0 else both[::-1]:
                        server = conftest.start_server(Path(tmp), APP, content_dir=folder, timeout=120)
                        try:
                            cold = _visit(browser, f"{server.url}/{slug}", words)
                            warm = _visit(browser, f"{server.url}/{slug}", words)
                        finally:
                            conftest.stop_server(server)
                        for kind, (visible, settled) in (("cold", cold), ("warm", warm)):
                            out.setdefault(f"{slug} {name} {kind}", {}).setdefault("visible", []).append(
                                visible
                            )
                            out[f"{slug} {name} {kind}"].setdefault("settled", []).append(settled)
        finally:
            browser.close()
    return out


def run(quick: bool = False) -> list[Figure]:
    times = {
        k: {m: statistics.median(v) for m, v in d.items()} for k, d in measure(1 if quick else 3).items()
    }
    figures = []
    hello = times["hello-chart warm"]["settled"]
    for slug in PAGES:
        for kind in ("cold", "warm"):
            page, twin = times[f"{slug} page {kind}"], times[f"{slug} twin {kind}"]
            ratio = page["visible"] / twin["visible"]
            figures.append(
                Figure(f"/{slug}: definition visible, {kind}", ratio, "x twin", "<= 1.2x",
                       f"page {page['visible']:.2f} s, twin without demos {twin['visible']:.2f} s",
                       at_most(ratio, 1.2), "blocks")
            )  # fmt: skip
        warm = times[f"{slug} page warm"]["settled"]
        figures.append(
            Figure(f"/{slug}: page settled, warm", warm / hello, "x hello+chart", "<= 2.5x",
                   f"page {warm:.2f} s, hello + one chart {hello:.2f} s, twin "
                   f"{times[f'{slug} twin warm']['settled']:.2f} s", at_most(warm / hello, 2.5), "blocks")
        )  # fmt: skip
    return figures


def main() -> None:
    quick_cli(run, __doc__, "bench_blocks", "one round instead of three")


if __name__ == "__main__":
    main()

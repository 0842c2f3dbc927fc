"""Text first, measured on the wire: on a page with demo blocks the whole entry text (definition, key
points, explanation, example, sources) reaches the browser before the first demo element, and the demos
arrive top to bottom, so a heavy demo further down never holds up the ones above it."""

from __future__ import annotations

import pytest
from conftest import run_async

from benchmarks.st_client import Session

PAGES = ["zanikajacy-gradient", "normalizacja-wsadowa", "funkcja-aktywacji", "sigmoid"]


async def _arrivals(url: str, page: str) -> list[tuple[float, str, str]]:
    async with Session(url, timeout=180) as session:
        run = await session.run(page=page)
        assert run.status == "finished" and not session.exceptions()
        return session.arrivals


@pytest.mark.parametrize("page", PAGES)
def test_the_text_arrives_before_any_demo(app_server, page: str):
    from glossary.corpus.library import load_library
    from glossary.ui.data import ROOT

    entry = load_library(ROOT / "content").entries[page]
    arrivals = run_async(_arrivals(app_server.url, page))
    kinds = [kind for _, kind, _ in arrivals]
    first_chart = kinds.index("vega_lite_chart")
    texts = [text for _, _, text in arrivals]
    first_word = entry.definition.split()[0]
    definition = next(i for i, t in enumerate(texts) if kinds[i] == "markdown" and first_word in t)
    sources = texts.index("Źródła")  # the sources' heading, near the end of the entry
    last_link = max(i for i, kind in enumerate(kinds) if kind == "page_link")  # related terms, backlinks
    controls = ("vega_lite_chart", "slider", "selectbox", "multiselect")
    first_demo = min(i for i, kind in enumerate(kinds) if kind in controls)
    assert definition < sources < last_link < first_demo <= first_chart


def test_two_demos_arrive_top_to_bottom(app_server):
    arrivals = run_async(_arrivals(app_server.url, "normalizacja-wsadowa"))
    depth_sliders = [text for _, kind, text in arrivals if kind == "slider"]
    assert len(depth_sliders) >= 4  # two gradient demos, each with depth and scale sliders
    charts = [t for t, kind, _ in arrivals if kind == "vega_lite_chart"]
    assert charts == sorted(charts) and len(charts) >= 4

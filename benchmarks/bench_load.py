"""Load and memory of the running app, against the one-line hello app driven the same way in the same run.

The server is driven the way its own frontend drives it (``benchmarks/st_client.py`` speaks the websocket
protocol), because a headless browser on a 2-core machine would measure the browser, not the server.
Phases, each on a fresh ``streamlit run`` of the app and of ``benchmarks/hello_app.py``:

1. discovery: one session opens every page (from the ``navigation`` message) and records its widgets;
   it then moves every control once, so every page and demo (torch included) has run: server RSS;
2. 500 sequential page opens by a few sessions in turn: RSS growth after warm-up;
3. 50 concurrent sessions, each opening demo pages and moving demo controls for a fixed number of
   steps: latency p50/p95 and throughput (ratios to hello), errors, and state isolation. Sessions follow
   one of ``PLANS`` scripted histories (see ``schedule``); every session must end every step showing
   exactly what a lone session with its plan showed before the load (same element-tree digest), while
   sessions with another plan move the same widgets on the same pages to other values concurrently;
4. a real-browser pass: 3 concurrent Chromium contexts open every page: 0 errors, every page renders.

Run alone: ``python -m benchmarks.bench_load [--quick]``.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import math
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from benchmarks.common import Figure, at_most, percentile, print_table
from benchmarks.st_client import ClientError, Session, Widget

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
HELLO = ROOT / "benchmarks" / "hello_app.py"
PLANS = 5  # distinct scripted histories; sessions i and i + PLANS do exactly the same thing
MOVABLE = {"slider", "selectbox", "radio", "checkbox", "number_input", "multiselect", "button_group"}
MB = 1024 * 1024


@dataclass(frozen=True)
class Scale:
    sessions: int = 50
    steps: int = 4  # per session: alternately open a page and move one of its controls
    opens: int = 500
    warmup: int = 100
    pool: int = 5  # sessions taking turns for the sequential opens
    browser_contexts: int = 3


FULL = Scale(steps=4)
QUICK = Scale(sessions=10, steps=4, opens=100, warmup=40, pool=3)


def _conftest() -> Any:
    """tests/conftest.py's start_server/stop_server, so benchmarks start servers exactly as tests do."""
    name = "_glossary_conftest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "conftest.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    return sys.modules[name]


@contextmanager
def serve(script: Path, content_dir: Path | None = None) -> Iterator[Any]:
    conftest = _conftest()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        server = conftest.start_server(Path(tmp), script=script, content_dir=content_dir, timeout=120)
        try:
            yield server
        finally:
            conftest.stop_server(server)


def rss_mb(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / MB


def torch_loaded(pid: int) -> bool:
    try:
        return any("libtorch" in m.path for m in psutil.Process(pid).memory_maps())
    except (psutil.Error, OSError):
        return False


# ---- discovery ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Control:
    """A widget the load may move, and the value each plan moves it to."""

    ref: str  # key if it has one, else its id
    kind: str
    values: tuple[Any, ...]


@dataclass
class AppMap:
    pages: list[str]  # url pathnames ("" = default page)
    controls: dict[str, list[Control]] = field(default_factory=dict)


def plan_values(widget: Widget, n: int = PLANS) -> tuple[Any, ...]:
    """n distinct-as-possible values inside the widget's range, none equal to its default if avoidable."""
    p = widget.proto
    if (widget.kind == "slider" and widget.is_select_slider) or widget.kind in ("selectbox", "radio"):
        options = widget.options
        default = int(p.default[0]) if widget.kind == "slider" else p.default
        order = [o for i, o in enumerate(options) if i != default] or options
        return tuple(order[i % len(order)] for i in range(n))
    if widget.kind in ("multiselect", "button_group"):
        options = widget.options
        return tuple([options[i % len(options)]] for i in range(n))
    if widget.kind == "checkbox":
        return tuple(i % 2 == 0 for i in range(n))
    if widget.kind == "slider":
        lo, hi, step = p.min, p.max, p.step or 1.0

        def snap(x: float) -> float:
            return round(min(hi, max(lo, lo + round((x - lo) / step) * step)), 10)

        fractions = [(i + 1) / (n + 1) for i in range(n)]
        if len(p.default) > 1:  # a range slider: a narrowing window, low end < high end
            return tuple(
                [snap(lo + (hi - lo) * f * 0.45), snap(hi - (hi - lo) * f * 0.45)] for f in fractions
            )
        return tuple(snap(lo + (hi - lo) * f) for f in fractions)
    if widget.kind == "number_input":
        step = p.step or 1.0
        lo = p.min if p.has_min else p.default - 10 * step
        hi = p.max if p.has_max else p.default + 10 * step
        return tuple(min(hi, max(lo, lo + (hi - lo) * (i + 1) / (n + 1))) for i in range(n))
    raise ValueError(widget.kind)


def controls_of(session: Session) -> list[Control]:
    """The demo controls of the page shown: movable widgets inside a fragment (``@st.fragment`` demos)."""
    out = []
    for w in session.widgets():
        if w.kind not in MOVABLE or not w.fragment_id or getattr(w.proto, "disabled", False):
            continue
        if w.kind in ("selectbox", "radio", "multiselect", "button_group") and not w.options:
            continue
        out.append(Control(w.key or w.id, w.kind, plan_values(w)))
    return out


async def discover(url: str, move_controls: bool = True) -> tuple[AppMap, list[str]]:
    """Open every page and note its demo controls; move each distinct control once (on the first page
    that has it), so every demo has computed something. Returns the map and the problems seen."""
    problems: list[str] = []
    moved: set[str] = set()
    async with Session(url, timeout=180) as s:
        await s.run()
        pages = [p.url_pathname for p in s.pages if not p.is_hidden] or [""]
        app = AppMap(pages)
        for page in pages:
            run = await s.run(page=page)
            problems += _problems(s, run, f"/{page}")
            app.controls[page] = controls_of(s)
            for c in app.controls[page] if move_controls else ():
                if c.ref in moved:
                    continue
                moved.add(c.ref)
                try:
                    run = await s.set_widget(c.ref, c.values[0])
                except KeyError:  # drawn only in some states (e.g. behind a toggle)
                    continue
                problems += _problems(s, run, f"/{page} {c.ref}={c.values[0]!r}")
    return app, problems


def _problems(s: Session, run: Any, where: str) -> list[str]:
    out = [f"{where}: {e}" for e in s.exceptions()]
    if run.status not in ("finished", "fragment_finished"):
        out.append(f"{where}: script {run.status}")
    if run.page_not_found:
        out.append(f"{where}: page not found")
    return out


# ---- sequential opens ---------------------------------------------------------------------------------


async def sequential_opens(url: str, pid: int, pages: list[str], scale: Scale) -> dict[str, float]:
    """``scale.opens`` page opens, one at a time, by ``scale.pool`` sessions in turn; RSS every 10."""
    sessions = [Session(url, timeout=180) for _ in range(scale.pool)]
    samples: list[tuple[int, float]] = []
    seconds: list[float] = []
    errors = 0
    try:
        for s in sessions:
            await s.connect()
        for i in range(scale.opens):
            s = sessions[i % len(sessions)]
            page = pages[(i // len(sessions)) % len(pages)]
            try:
                run = await s.run(page=page)
                seconds.append(run.seconds)
                errors += bool(_problems(s, run, page))
            except ClientError:
                errors += 1
            if (i + 1) % 10 == 0:
                samples.append((i + 1, rss_mb(pid)))
    finally:
        for s in sessions:
            await s.close()
    after_warmup = [(i, r) for i, r in samples if i >= scale.warmup]
    start = after_warmup[0][1] if after_warmup else math.nan
    return {
        "growth": max(r for _, r in after_warmup) - start if after_warmup else math.nan,
        "slope_per_100": _slope(after_warmup) * 100,
        "rss_end": samples[-1][1] if samples else math.nan,
        "p50": percentile(seconds, 50),
        "errors": errors,
    }


def _slope(points: list[tuple[int, float]]) -> float:
    if len(points) < 2:
        return math.nan
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else math.nan


# ---- concurrent sessions ------------------------------------------------------------------------------


@dataclass
class SessionLog:
    latencies: list[float] = field(default_factory=list)
    fingerprints: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def schedule(app: AppMap, plan: int, steps: int) -> list[tuple[str, Control | None, Any]]:
    """A plan's steps: (page, control or None for "open the page", value). Step 2k opens a demo page,
    step 2k+1 moves one of its controls. Plans 2j and 2j+1 visit the same pages and move the same
    controls at the same time, to different values: the sharpest test of isolation."""
    demo_pages = [p for p in app.pages if app.controls.get(p)] or app.pages
    out: list[tuple[str, Control | None, Any]] = []
    for step in range(steps):
        k = step // 2 + plan // 2
        page = demo_pages[k % len(demo_pages)]
        controls = app.controls.get(page, [])
        if step % 2 == 0 or not controls:
            out.append((page, None, None))
        else:
            control = controls[k % len(controls)]
            out.append((page, control, control.values[plan % len(control.values)]))
    return out


async def play(url: str, app: AppMap, plan: int, steps: int, log: SessionLog) -> None:
    """One session following ``schedule(app, plan, steps)``; latency and page digest of every step."""
    try:
        async with Session(url, timeout=180) as s:
            for page, control, value in schedule(app, plan, steps):
                if control is None:
                    run = await s.run(page=page)
                    where = f"/{page}"
                else:
                    try:
                        run = await s.set_widget(control.ref, value)
                    except KeyError as exc:
                        log.errors.append(f"/{page}: {exc}")
                        continue
                    where = f"/{page} {control.ref}={value!r}"
                log.latencies.append(run.seconds)
                log.fingerprints.append(s.fingerprint())
                log.errors += _problems(s, run, where)
    except ClientError as exc:
        log.errors.append(f"plan {plan}: {exc}")


async def concurrent_load(url: str, app: AppMap, scale: Scale) -> dict[str, Any]:
    # References: each plan played by a lone session before the load.
    references: dict[int, SessionLog] = {}
    for plan in range(min(PLANS, scale.sessions)):
        references[plan] = SessionLog()
        await play(url, app, plan, scale.steps, references[plan])
    logs = [SessionLog() for _ in range(scale.sessions)]
    start = time.perf_counter()
    await asyncio.gather(*(play(url, app, i % PLANS, scale.steps, logs[i]) for i in range(scale.sessions)))
    wall = time.perf_counter() - start
    latencies = [x for log in logs for x in log.latencies]
    errors = [e for log in logs for e in log.errors]
    leaks = [
        i
        for i, log in enumerate(logs)
        if log.fingerprints != references[i % PLANS].fingerprints and not log.errors
    ]
    return {
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "throughput": len(latencies) / wall,
        "interactions": len(latencies),
        "errors": errors + [e for r in references.values() for e in r.errors],
        "leaks": leaks,
        # How many different page states the references reached: the isolation check is only as
        # sharp as the plans are different from each other.
        "distinct_states": len({fp for r in references.values() for fp in r.fingerprints}),
        "wall": wall,
    }


# ---- the real browser ---------------------------------------------------------------------------------


async def browser_pass(url: str, pages: list[str], contexts: int) -> dict[str, Any]:
    """``contexts`` concurrent Chromium contexts share the pages; each page must render without errors."""
    conftest = _conftest()
    if not Path(conftest.CHROMIUM).exists():
        return {"rendered": 0, "pages": len(pages), "errors": [f"no browser at {conftest.CHROMIUM}"]}
    from playwright.async_api import async_playwright

    rendered: list[str] = []
    errors: list[str] = []

    async def visit(browser: Any, share: list[str]) -> None:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await context.new_page()
        page.set_default_timeout(90_000)
        page.on("pageerror", lambda exc: errors.append(f"js: {exc}"))
        try:
            for path in share:
                await page.goto(f"{url}/{path}", wait_until="domcontentloaded")
                await page.wait_for_selector('[data-testid="stMain"]')
                await page.wait_for_selector(conftest.IDLE)
                await page.wait_for_timeout(300)
                await page.wait_for_selector(conftest.IDLE)
                shown = await page.locator('[data-testid="stException"]').count()
                text = await page.locator('[data-testid="stMain"]').inner_text()
                if shown:
                    errors.append(f"/{path}: {shown} exception box(es)")
                elif text.strip():
                    rendered.append(path)
                else:
                    errors.append(f"/{path}: empty page")
        except Exception as exc:  # a timeout or crash is a finding, not a reason to lose the others
            errors.append(f"{share}: {type(exc).__name__}: {exc}"[:300])
        finally:
            await context.close()

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=conftest.CHROMIUM, args=conftest.CHROMIUM_ARGS)
        try:
            shares = [pages[i::contexts] for i in range(contexts)]
            await asyncio.gather(*(visit(browser, share) for share in shares if share))
        finally:
            await browser.close()
    return {"rendered": len(set(rendered)), "pages": len(pages), "errors": errors}


# ---- putting it together ------------------------------------------------------------------------------


async def measure(script: Path, scale: Scale, browser: bool) -> dict[str, Any]:
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = now - clock
        clock = now

    with serve(script) as server:
        lap("start")
        pid = server.process.pid
        out: dict[str, Any] = {"rss_idle": rss_mb(pid), "seconds": seconds}
        app, problems = await discover(server.url)
        lap("discovery")
        out["pages"] = app.pages
        out["controls"] = sum(len(c) for c in app.controls.values())
        out["discovery_errors"] = problems
        out["rss_all_pages"] = rss_mb(pid)
        out["torch"] = torch_loaded(pid)
        out["opens"] = await sequential_opens(server.url, pid, app.pages, scale)
        lap("opens")
        out["load"] = await concurrent_load(server.url, app, scale)
        lap("load")
        out["rss_after_load"] = rss_mb(pid)
        if browser:
            out["browser"] = await browser_pass(server.url, app.pages, scale.browser_contexts)
            lap("browser")
        return out


def figures(app: dict[str, Any], hello: dict[str, Any], scale: Scale) -> list[Figure]:
    group = f"load: {scale.sessions} sessions x {scale.steps} steps over websocket, vs hello app"
    la, lh = app["load"], hello["load"]
    errors = la["errors"] + app["discovery_errors"] + app["opens"]["errors"] * ["sequential open failed"]

    def ratio(key: str) -> float:
        return la[key] / lh[key] if lh[key] else math.nan

    ms = 1000
    figs = [
        Figure(
            "interaction latency p50", ratio("p50"), "x hello", "",
            f"hello {lh['p50'] * ms:.1f} ms; app {la['p50'] * ms:.1f} ms", None, group,
        ),
        Figure(
            "interaction latency p95", ratio("p95"), "x hello", "",
            f"hello {lh['p95'] * ms:.1f} ms; app {la['p95'] * ms:.1f} ms", None, group,
        ),
        Figure(
            "throughput (interactions/s)", ratio("throughput"), "x hello", "",
            f"hello {lh['throughput']:.1f}/s; app {la['throughput']:.1f}/s", None, group,
        ),
        Figure("errors (tracebacks, failed runs)", len(errors), "", "0", f"{la['interactions']} interactions",
               not errors, group),
        Figure("sessions that saw another's state", len(la["leaks"]), "", "0",
               f"{PLANS} lone references, {la['distinct_states']} distinct states", not la["leaks"], group),
    ]  # fmt: skip
    mem = "memory: server RSS (psutil on the streamlit pid)"
    opens = app["opens"]
    figs += [
        Figure(
            f"RSS growth over {scale.opens} page opens after {scale.warmup} warm-up", opens["growth"], "MB",
            "<= 50 MB", f"hello {hello['opens']['growth']:.1f} MB; slope {opens['slope_per_100']:.2f} MB/100",
            at_most(opens["growth"], 50), mem,
        ),
        Figure(
            "RSS, every page and demo run" + (" (torch loaded)" if app["torch"] else " (torch NOT loaded)"),
            app["rss_all_pages"], "MB", "<= 600 MB", f"hello app {hello['rss_all_pages']:.0f} MB",
            at_most(app["rss_all_pages"], 600), mem,
        ),
        Figure(
            f"RSS after the {scale.sessions}-session load", app["rss_after_load"], "MB", "",
            f"hello app {hello['rss_after_load']:.0f} MB", None, mem,
        ),
    ]  # fmt: skip
    if "browser" in app:
        b = app["browser"]
        figs.append(
            Figure(
                f"browser: pages rendered by {scale.browser_contexts} concurrent contexts",
                f"{b['rendered']} of {b['pages']}, {len(b['errors'])} errors", "", "all, 0 errors",
                "Chromium headless", b["rendered"] == b["pages"] and not b["errors"], "browser sanity pass",
            )
        )  # fmt: skip
    return figs


def run(quick: bool = False, browser: bool = True, verbose: bool = True) -> list[Figure]:
    scale = QUICK if quick else FULL
    hello = asyncio.run(measure(HELLO, scale, browser=False))
    app = asyncio.run(measure(APP, scale, browser=browser))
    if verbose:
        _details(app)
    return figures(app, hello, scale)


def _details(app: dict[str, Any]) -> None:
    print(f"pages: {len(app['pages'])}, demo controls: {app['controls']}, torch loaded: {app['torch']}")
    print("app phases (s):", ", ".join(f"{k} {v:.0f}" for k, v in app["seconds"].items()))
    problems = app["discovery_errors"] + app["load"]["errors"] + app.get("browser", {}).get("errors", [])
    for line in problems[:20]:
        print("  problem:", line)
    if app["load"]["leaks"]:
        print("  sessions whose pages differed from the lone reference:", app["load"]["leaks"][:20])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 sessions, 100 opens")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    print_table(run(quick=args.quick, browser=not args.no_browser), "bench_load")


if __name__ == "__main__":
    main()

"""Chaos run (issue 18): many sessions doing random things while the content changes underneath.

One ``streamlit run`` of the app on a temporary copy of ``content/`` plus the generated pathological
entries (``benchmarks/pathological.py``), driven over the websocket protocol (``benchmarks/st_client.py``),
loopback only, bounded in count and time. A warm-up opens every page, runs one whole training and a
first short burst of the chaos sessions (no mutations), so the RSS baseline holds what the server keeps
for good; then:

1. fairness: a "reader" session switches between ordinary pages, first on an idle server, then while one
   live training runs (the train demo, polled as the browser polls it) and one other session loops,
   each page as soon as the last one is drawn, over ordinary pages (the same-run baseline), then over
   the pathological pages: the reader's page-switch p95 against its idle p95 (target <= 2x);
2. chaos, for a fixed time (about 2 min full, 40 s quick): ``SESSIONS`` sessions open random pages (some
   with random, also out-of-range, URL parameters) and move random demo controls to random values, also
   out of range; every few steps a session searches for its own token (``?q=chaosN``) and must see its
   own token and nobody else's; the pathological loop and the training go on; a mutator adds, edits,
   truncates (half-written: cut in the front matter, mid-character, empty) and deletes files, and cuts
   real entries for a moment before restoring them;
3. the end: every entry of a fresh parse of the folder is opened and must show its title and the start
   of its definition, with no traceback and no stale notice.

Figures: tracebacks shown (0), server errors (runs that did not finish, closed sockets, tracebacks in
the server log: 0), sessions that saw another's state (0), good entries served correctly at the end (all),
server RSS growth from the warm-up to the end (<= 50 MB), and the reader's p95 ratio (<= 2x idle).

Run alone: ``python -m benchmarks.bench_chaos [--quick]``.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg

from benchmarks.bench_load import APP, MOVABLE, rss_mb, serve
from benchmarks.common import Figure, at_most, percentile, print_table
from benchmarks.pathological import pathological_entries
from benchmarks.st_client import ClientError, Session, Widget
from glossary.corpus.library import load_library

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = 30
TRAIN_PAGE = "siec-konwolucyjna"  # its Markdown places the ``train`` demo
READER_PAGES = ("", "relu", "sigmoid", "neuron", "softmax")
SEED = 18
SESSION_TTL_SECONDS = 120  # streamlit.runtime.memory_session_storage: a closed session kept this long


@dataclass(frozen=True)
class Scale:
    chaos_seconds: float
    switches: int  # reader page switches per fairness measurement
    warm_seconds: float  # a first burst of the same sessions: RSS is measured from its high-water mark
    mutate_every: float = 0.5


FULL = Scale(chaos_seconds=120, switches=40, warm_seconds=30)
QUICK = Scale(chaos_seconds=40, switches=20, warm_seconds=15)


@dataclass
class Tally:
    """What every session and task saw; shared by all of them (one asyncio loop, no locks needed)."""

    actions: int = 0
    tracebacks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    stale_seen: int = 0
    mutations: dict[str, int] = field(default_factory=dict)
    pathological_runs: list[float] = field(default_factory=list)
    training: str = ""


def content_copy(base: Path) -> Path:
    """The real entries (and their images) plus the pathological ones, in a fresh folder."""
    folder = base / "content"
    shutil.copytree(ROOT / "content", folder, ignore=shutil.ignore_patterns(".*"))
    for name, text in pathological_entries().items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# ---- random values --------------------------------------------------------------------------------------


def random_value(widget: Widget, rng: random.Random) -> Any:
    """A value for ``widget``: mostly inside its range, sometimes outside it or not one of its options."""
    p, kind = widget.proto, widget.kind
    wild = rng.random() < 0.3
    if (kind == "slider" and widget.is_select_slider) or kind in ("selectbox", "radio"):
        return "nie-ma-takiej-opcji" if wild else rng.choice(widget.options)
    if kind in ("multiselect", "button_group"):
        # NOTE: at most max_selections, as the browser sends; more than that comes only from a URL
        options = widget.options
        most = min(len(options), getattr(p, "max_selections", 0) or len(options))
        picked = rng.sample(options, rng.randint(0, most))
        return [*picked[: most - 1], "obca-opcja"] if wild and most else picked
    if kind == "checkbox":
        return rng.random() < 0.5
    if kind == "slider":
        lo, hi = p.min, p.max
        span = hi - lo or 1.0
        low, high = (lo - 10 * span, hi + 10 * span) if wild else (lo, hi)
        if len(p.default) > 1:
            a, b = sorted((rng.uniform(low, high), rng.uniform(low, high)))
            return [a, b]
        return rng.uniform(low, high)
    if kind == "number_input":
        if wild:
            return rng.choice([-1e12, 1e12, -1.0, 1e6])
        lo = p.min if p.has_min else -100.0
        hi = p.max if p.has_max else 100.0
        return rng.uniform(lo, hi)
    raise ValueError(kind)


def random_query(rng: random.Random) -> str:
    """Hostile or out-of-range URL parameters, as a shared link could carry."""
    return rng.choice(
        [
            "",
            "lang=en",
            "lang=xx",
            "grad_depth=999&grad_width=7",
            "grad_depth=abc",
            "curve_x=1e308&curve_range=-1e9,1e9",
            "cnn_shape=nic&cnn_network=../../etc",
            "q=" + "ą" * 500,
            "train_epochs=99&train_lr=5",
            "grad_compare=relu,tanh,gelu,silu,mish,elu,softplus&grad_depth=60&grad_width=256&grad_norm=layer",
            "curve_overlay=relu,tanh,gelu,silu,mish,elu,softplus,sigmoid,leaky_relu,relu&curve_range=-10,10",
        ]
    )


# ---- the sessions -------------------------------------------------------------------------------------


def _check(s: Session, run: Any, where: str, tally: Tally) -> None:
    tally.actions += 1
    tally.tracebacks += [f"{where}: {e}" for e in s.exceptions()]
    if run.status not in ("finished", "fragment_finished"):
        tally.errors.append(f"{where}: script {run.status}")
    if any("ostatnią poprawną wersję" in a or "last good" in a for a in s.alerts("warning")):
        tally.stale_seen += 1


async def chaos_session(
    url: str, index: int, pages: list[str], deadline: float, tally: Tally, rng: random.Random
) -> None:
    """Random pages and random control moves until ``deadline``; its own search token now and then."""
    token = f"chaos{index:03d}x"
    others = re.compile(r"chaos(\d{3})x")
    try:
        async with Session(url, timeout=180) as s:
            while time.monotonic() < deadline:
                roll = rng.random()
                if roll < 0.15:  # isolation: the index searched for this session's own token
                    run = await s.run(page="", query_string=f"q={token}")
                    _check(s, run, f"#{index} /?q={token}", tally)
                    seen = set(others.findall(s.text()))
                    if seen != {f"{index:03d}"}:
                        tally.leaks.append(f"#{index} saw tokens {sorted(seen)}")
                elif roll < 0.45 or not s.widgets():
                    page = rng.choice(pages)
                    query = random_query(rng) if rng.random() < 0.3 else ""
                    run = await s.run(page=page, query_string=query)
                    _check(s, run, f"#{index} /{page}?{query[:40]}", tally)
                else:
                    movable = [w for w in s.widgets() if w.kind in MOVABLE and w.fragment_id]
                    movable = [w for w in movable if not getattr(w.proto, "disabled", False)]
                    if not movable:
                        continue
                    widget = rng.choice(movable)
                    value = random_value(widget, rng)
                    try:
                        run = await s.set_widget(widget.id, value)
                    except (KeyError, ValueError):
                        continue
                    _check(s, run, f"#{index} {widget.key}={str(value)[:40]}", tally)
    except ClientError as exc:
        tally.errors.append(f"#{index}: {exc}")


async def page_loop(
    url: str, pages: list[str], stop: asyncio.Event, tally: Tally, runs: list[float], name: str
) -> None:
    """One session opening ``pages`` in turn, each as soon as the last run ends, until ``stop``."""
    try:
        async with Session(url, timeout=300) as s:
            i = 0
            while not stop.is_set():
                page = pages[i % len(pages)]
                run = await s.run(page=page)
                runs.append(run.seconds)
                _check(s, run, f"{name} /{page}", tally)
                i += 1
    except ClientError as exc:
        tally.errors.append(f"{name}: {exc}")


async def _poll(s: Session, fragment_id: str) -> Any:
    """What the browser's ``run_every`` timer sends: a rerun of one fragment."""
    back = BackMsg()
    state = back.rerun_script
    state.query_string = s.query_string
    state.page_script_hash = s.page_script_hash
    state.fragment_id = fragment_id
    return await s._rerun(back, fragment_id=fragment_id)


async def training(
    url: str, stop: asyncio.Event, started: asyncio.Event, tally: Tally, once: bool = False
) -> None:
    """Start the train demo and keep polling it (as the page does, twice a second) until ``stop``; then
    press Stop. Starts again when a training ends before ``stop`` (``once``: returns when it ends)."""
    try:
        async with Session(url, timeout=300) as s:
            run = await s.run(page=TRAIN_PAGE, query_string="train_epochs=1" if once else "")
            _check(s, run, f"/{TRAIN_PAGE}", tally)
            rounds = 0
            while not stop.is_set():
                button = next((w for w in s.widgets() if (w.key or "").endswith("_run")), None)
                if button is None:
                    tally.training = "no train button on the page"
                    return
                run = await s.set_widget(button.id, True)
                _check(s, run, "train: start", tally)
                rounds += 1
                live = {n.fragment_id for _, kind, n in _nodes(s) if kind == "progress"}
                if not live:
                    tally.training = "training did not start (no progress bar)"
                    return
                started.set()
                fragment = live.pop()
                while not stop.is_set():
                    await asyncio.sleep(0.5)
                    run = await _poll(s, fragment)
                    _check(s, run, "train: poll", tally)
                    if not any(kind == "progress" for _, kind, _ in _nodes(s)):
                        break  # finished: the page redrew without the live chart
                if once:
                    break
            stop_button = next((w for w in s.widgets() if (w.key or "").endswith("_stop")), None)
            if stop_button is not None and not getattr(stop_button.proto, "disabled", True):
                run = await s.set_widget(stop_button.id, True)
                _check(s, run, "train: stop", tally)
            tally.training = f"ran ({rounds} start(s))"
    except ClientError as exc:
        tally.errors.append(f"training: {exc}")
        tally.training = f"failed: {exc}"


def _nodes(s: Session) -> list[tuple[tuple[int, ...], str, Any]]:
    return [(path, node.kind, node) for path, node in s._nodes.items()]


# ---- the content changing underneath ------------------------------------------------------------------


def _half(data: bytes, rng: random.Random) -> bytes:
    """The file as a writer caught half-way leaves it: empty, front matter cut, cut mid-character."""
    end = data.find(b"\n---", 4)
    multibyte = next((i for i, byte in enumerate(data) if byte >= 0xC0), len(data) // 2)
    return rng.choice(
        [b"", data[: max(end // 2, 1)], data[:end] if end > 0 else b"---\n", data[: multibyte + 1]]
    )


async def mutator(folder: Path, stop: asyncio.Event, every: float, tally: Tally, rng: random.Random) -> None:
    """Adds, edits, truncations and deletions of its own files; real entries cut for a moment and put back."""
    originals = {p.name: p.read_bytes() for p in folder.glob("*.md") if not p.name.startswith("patologia")}
    template = originals["sigmoid.md"].replace(b"title: Sigmoid", b"title: Chaos {n}", 1)
    template = re.sub(rb"aliases: \[[^\]]*\]", b"aliases: []", template)
    own: list[Path] = []
    cut: dict[Path, bytes] = {}
    n = 0

    def count(kind: str) -> None:
        tally.mutations[kind] = tally.mutations.get(kind, 0) + 1

    try:
        while not stop.is_set():
            await asyncio.sleep(every)
            for path, data in list(cut.items()):  # what was cut a moment ago is written whole again
                path.write_bytes(data)
                del cut[path]
            roll = rng.random()
            if roll < 0.3 or not own:
                n += 1
                path = folder / f"chaos-{n:04d}.md"
                path.write_bytes(template.replace(b"{n}", str(n).encode()))
                own.append(path)
                count("added")
            elif roll < 0.5:
                path = rng.choice(own)
                with path.open("ab") as fh:
                    fh.write(f"\nDopisany akapit {n}: ReLU i sigmoid.\n".encode())
                count("edited")
            elif roll < 0.65:
                path = rng.choice(own)
                path.write_bytes(_half(path.read_bytes(), rng))
                count("truncated")
            elif roll < 0.8:
                path = own.pop(rng.randrange(len(own)))
                path.unlink(missing_ok=True)
                count("deleted")
            else:  # a real entry half-written for a moment (restored on the next tick)
                name = rng.choice(sorted(originals))
                path = folder / name
                path.write_bytes(_half(originals[name], rng))
                cut[path] = originals[name]
                count("real entry cut and restored")
    finally:
        for path, data in cut.items():
            path.write_bytes(data)


# ---- the phases ---------------------------------------------------------------------------------------


async def rss_samples(pid: int, stop: asyncio.Event, every: float, out: list[float]) -> None:
    """The server's RSS every ``every`` seconds until ``stop`` (to tell a leak from caches filling)."""
    while not stop.is_set():
        out.append(rss_mb(pid))
        await asyncio.sleep(every)


async def reader_switches(url: str, n: int, tally: Tally) -> list[float]:
    """Server round trips of ``n`` page switches between ordinary pages (one session)."""
    seconds = []
    async with Session(url, timeout=180) as s:
        await s.run(page="")
        for i in range(n):
            run = await s.run(page=READER_PAGES[i % len(READER_PAGES)])
            _check(s, run, f"reader /{READER_PAGES[i % len(READER_PAGES)]}", tally)
            seconds.append(run.seconds)
    return seconds


async def final_check(url: str, folder: Path, tally: Tally) -> tuple[int, int, list[str]]:
    """Every entry of a fresh parse: title and the start of its definition shown, no stale notice."""
    library = load_library(folder)
    bad: list[str] = []
    async with Session(url, timeout=300) as s:
        await s.run(page="")
        for slug in library.sorted_slugs():
            entry = library.entries[slug]
            run = await s.run(page=slug)
            text = s.text()
            snippet = _words(entry.definition)[:30]
            problems = []
            if s.exceptions() or run.status != "finished":
                problems.append("traceback or unfinished run")
            if entry.title not in text:
                problems.append("title missing")
            if snippet not in _words(text):
                problems.append(f"definition {snippet!r} missing")
            if any("last good" in a or "ostatnią poprawną" in a for a in s.alerts("warning")):
                problems.append("stale notice")
            if problems:
                bad.append(f"/{slug}: {', '.join(problems)}")
    return len(library.entries) - len(bad), len(library.entries), bad


def _words(markdown: str) -> str:
    """Letters and digits of ``markdown`` (link targets dropped), one space between words."""
    text = re.sub(r"\]\([^)]*\)", " ", markdown)
    return " ".join(re.findall(r"\w+", text))


def server_tracebacks(log: str) -> list[str]:
    """The exception line ending each traceback in the server's log."""
    out, inside = [], False
    for line in log.splitlines():
        if line.startswith("Traceback"):
            inside = True
        elif inside and line and not line.startswith(" "):
            out.append(line[:300])
            inside = False
    return out


async def measure(scale: Scale) -> dict[str, Any]:
    rng = random.Random(SEED)
    tally = Tally()
    out: dict[str, Any] = {"tally": tally}
    with tempfile.TemporaryDirectory(prefix="bench-chaos-") as tmp:
        folder = content_copy(Path(tmp))
        pathological = [Path(name).stem for name in pathological_entries()]
        with serve(APP, content_dir=folder) as server:
            pid = server.process.pid
            async with Session(server.url, timeout=300) as s:
                await s.run()
                pages = [p.url_pathname for p in s.pages if not p.is_hidden]
            ordinary = [p for p in pages if p not in pathological]
            # Warm-up: every page once and one whole training (its images stay cached in the server), so
            # the RSS baseline already holds what any later run holds for good.
            once = training(server.url, asyncio.Event(), asyncio.Event(), tally, once=True)
            warm = asyncio.create_task(once)
            async with Session(server.url, timeout=300) as s:
                for page in pages:
                    _check(s, await s.run(page=page), f"warm-up /{page}", tally)
            await asyncio.wait_for(warm, 600)
            # NOTE: the first burst of 30 concurrent sessions raises the heap's high-water mark once (about
            # 200 MB on the real content; a second identical burst added 29 MB): part of the warm-up
            burst = time.monotonic() + scale.warm_seconds
            await asyncio.gather(
                *(
                    chaos_session(server.url, i, ordinary, burst, tally, random.Random(-1 - i))
                    for i in range(SESSIONS)
                )
            )
            out["rss_warm"] = rss_mb(pid)
            out["idle"] = await reader_switches(server.url, scale.switches, tally)

            stop = asyncio.Event()
            started = asyncio.Event()
            background = [asyncio.create_task(training(server.url, stop, started, tally))]
            try:
                await asyncio.wait_for(started.wait(), 120)
            except TimeoutError:
                tally.errors.append("the training did not start within 120 s")
            # The same-run baseline: another session looping over ordinary pages instead (what any second
            # reader clicking as fast as the server answers costs the first one on a single interpreter).
            ordinary_stop, out["ordinary_runs"] = asyncio.Event(), []
            loop = page_loop(server.url, ordinary, ordinary_stop, tally, out["ordinary_runs"], "ordinary")
            ordinary_loop = asyncio.create_task(loop)
            out["ordinary"] = await reader_switches(server.url, scale.switches, tally)
            ordinary_stop.set()
            await ordinary_loop
            loop = page_loop(server.url, pathological, stop, tally, tally.pathological_runs, "pathological")
            background.append(asyncio.create_task(loop))
            out["loaded"] = await reader_switches(server.url, scale.switches, tally)

            deadline = time.monotonic() + scale.chaos_seconds
            mutate = asyncio.create_task(mutator(folder, stop, scale.mutate_every, tally, rng))
            out["rss_curve"] = []
            sampler = asyncio.create_task(rss_samples(pid, stop, scale.chaos_seconds / 8, out["rss_curve"]))
            sessions = [
                chaos_session(server.url, i, ordinary, deadline, tally, random.Random(SEED * 1000 + i))
                for i in range(SESSIONS)
            ]
            started_at = time.monotonic()
            await asyncio.gather(*sessions)
            out["chaos_wall"] = time.monotonic() - started_at
            stop.set()
            closed = time.monotonic()
            await asyncio.gather(mutate, sampler, *background)
            await asyncio.sleep(2)  # let the training thread see its stop flag
            out["rss_closed"] = rss_mb(pid)
            out["good"], out["entries"], out["bad"] = await final_check(server.url, folder, tally)
            out["server_tracebacks"] = server_tracebacks(server.output())
            # NOTE: Streamlit keeps a closed session's state for a reconnect (MemorySessionStorage, 2 min
            # TTL, expired lazily on the next save): wait it out, then one more session makes it expire.
            await asyncio.sleep(max(0.0, closed + SESSION_TTL_SECONDS + 5 - time.monotonic()))
            async with Session(server.url, timeout=120) as s:
                await s.run(page="")
            await asyncio.sleep(1)
            out["rss_end"] = rss_mb(pid)
    return out


def figures(m: dict[str, Any], scale: Scale) -> list[Figure]:
    t: Tally = m["tally"]
    group = f"chaos: {SESSIONS} sessions, {scale.chaos_seconds:.0f} s, content mutated underneath"
    idle95, loaded95 = percentile(m["idle"], 95), percentile(m["loaded"], 95)
    ordinary95 = percentile(m["ordinary"], 95)
    ratio = loaded95 / idle95 if idle95 else math.nan
    errors = t.errors + [f"server log: {line}" for line in m["server_tracebacks"]]
    mutations = ", ".join(f"{k} {v}" for k, v in sorted(t.mutations.items())) or "none"
    worst = max(t.pathological_runs, default=math.nan)
    return [
        Figure("tracebacks shown", len(t.tracebacks), "", "0", f"{t.actions} runs", not t.tracebacks, group),
        Figure("server errors (unfinished runs, lost sockets, logged tracebacks)", len(errors), "", "0",
               f"{t.actions} runs", not errors, group),
        Figure("sessions that saw another's state", len(t.leaks), "", "0",
               "own ?q= token shown, no other's", not t.leaks, group),
        Figure("good entries served correctly at the end", f"{m['good']} of {m['entries']}", "", "all",
               "title + definition of a fresh parse", m["good"] == m["entries"], group),
        Figure("server RSS growth, warm-up to end", m["rss_end"] - m["rss_warm"], "MB", "<= 50 MB",
               f"{m['rss_warm']:.0f} -> {m['rss_end']:.0f} MB ({m['rss_closed']:.0f} MB while Streamlit "
               "kept the closed sessions for a reconnect); warm-up: every page, one training",
               at_most(m["rss_end"] - m["rss_warm"], 50), group),
        Figure("reader's page-switch p95 while the pathological page and a training run", ratio, "x idle",
               "<= 2x", f"idle p95 {idle95 * 1000:.0f} ms; loaded {loaded95 * 1000:.0f} ms "
               f"(p50 {percentile(m['idle'], 50) * 1000:.0f} / {percentile(m['loaded'], 50) * 1000:.0f} ms)",
               at_most(ratio, 2), group),
        Figure("the same with the loop over ordinary pages instead (same-run baseline)",
               ordinary95 / idle95 if idle95 else math.nan, "x idle", "", f"loaded {ordinary95 * 1000:.0f} "
               f"ms; the loop's {len(m['ordinary_runs'])} runs, pathological loop's p95 "
               f"{loaded95 / ordinary95 if ordinary95 else math.nan:.2f}x this", None, group),
        Figure("pathological page runs, slowest", worst, "s", "", f"{len(t.pathological_runs)} runs", None,
               group),
        Figure("content mutations", sum(t.mutations.values()), "", "", mutations, None, group),
        Figure("stale notices seen (half-written files kept at their last good version)", t.stale_seen, "",
               "", f"training: {t.training}", None, group),
    ]  # fmt: skip


def run(quick: bool = False, verbose: bool = True) -> list[Figure]:
    scale = QUICK if quick else FULL
    m = asyncio.run(measure(scale))
    if verbose:
        t: Tally = m["tally"]
        for line in (t.tracebacks + t.errors + t.leaks + m["bad"] + m["server_tracebacks"])[:30]:
            print("  problem:", line)
        curve = ", ".join(f"{v:.0f}" for v in m["rss_curve"])
        print(f"RSS (MB): warm-up {m['rss_warm']:.0f}; during the chaos {curve}; after {m['rss_end']:.0f}")
    return figures(m, scale)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 s of chaos instead of 2 min")
    args = parser.parse_args()
    print_table(run(quick=args.quick), "bench_chaos")


if __name__ == "__main__":
    main()

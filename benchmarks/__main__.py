"""``python -m benchmarks [--quick]``: run every benchmark script and print one table of figures.

Each ``benchmarks/bench_*.py`` runs in its own Python process (so torch imported by one does not weigh on
another's memory figures), in the order of ``MODULES``. A module that exposes ``run(quick=False) ->
list[Figure]`` (see ``benchmarks/common.py``) contributes rows to the table; one that only prints is run
through its ``main()`` (or as ``__main__``) and its printed output is shown after the table, with a row
saying so. Each module runs under a time budget (``BUDGET_SECONDS``); one past it is stopped and
reported as a row, and the last row is the whole run's wall time against its target (about 8 minutes
quick, 20 minutes full, on the 2-core dev machine).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import runpy
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, as_figure, print_table

ROOT = Path(__file__).resolve().parent.parent
MODULES = (
    "bench_content",
    "bench_inflection",
    "bench_core",
    "bench_cnn",
    "bench_demos",
    "bench_app",
    "bench_blocks",
    "bench_load",
    "bench_scale",
    "bench_chaos",
    "bench_train",
)
MARKER = "@@BENCHMARK-FIGURES@@ "
# Per module, in seconds: a module past its budget is stopped (SIGTERM, so it can stop the servers it
# started) and reported. Whole run: about 8 min quick, 20 min full on the 2-core dev machine.
BUDGET_SECONDS = {"full": 600, "quick": 300}
MODULE_BUDGET_SECONDS = {
    "bench_load": {"full": 900, "quick": 360},  # the longest: two servers, browser
    "bench_chaos": {"full": 720, "quick": 420},  # 2 min / 40 s of chaos, a warm-up training, a final pass
}
TOTAL_TARGET_SECONDS = {"full": 20 * 60, "quick": 8 * 60}


def _call_with_quick(func: Any, quick: bool) -> Any:
    params = inspect.signature(func).parameters
    if "quick" in params:
        return func(quick=quick)
    return func()


def _needs_arguments(func: Any) -> bool:
    """True when ``func`` has a required parameter other than ``quick`` (then ``main()`` is used)."""
    return any(
        p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        for name, p in inspect.signature(func).parameters.items()
        if name != "quick"
    )


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def child(name: str, quick: bool) -> int:
    """Run one module in this process; print its figures as one JSON line after MARKER.

    SIGTERM (the parent's timeout) becomes KeyboardInterrupt, so ``finally`` blocks and context
    managers run and the Streamlit servers and browsers the module started are stopped with it.
    """
    signal.signal(signal.SIGTERM, _interrupt)
    module = importlib.import_module(f"benchmarks.{name}")
    run = getattr(module, "run", None)
    if callable(run) and not _needs_arguments(run):
        figures = _call_with_quick(run, quick)
        if isinstance(figures, list | tuple) and figures:
            rows = [as_figure(f, group=name).to_dict() for f in figures]
            print(MARKER + json.dumps(rows), flush=True)
        return 0
    main = getattr(module, "main", None)
    sys.argv = [f"benchmarks/{name}.py", *(["--quick"] if quick else [])]
    try:
        _run_main(name, main, quick)
    except SystemExit as exc:
        if exc.code in (0, None):
            return 0
        if not quick:
            raise
        # Its argparse does not know --quick: run it again without (the full size).
        sys.argv = sys.argv[:1]
        print(f"({name} has no --quick; ran at full size)", flush=True)
        _run_main(name, main, False)
    return 0


def _run_main(name: str, main: Any, quick: bool) -> None:
    if callable(main):
        _call_with_quick(main, quick)
    else:
        runpy.run_module(f"benchmarks.{name}", run_name="__main__")


def run_module(name: str, quick: bool) -> tuple[list[Figure], str, float]:
    """Figures (possibly none), the module's own printed output, and its wall time."""
    cmd = [sys.executable, "-m", "benchmarks", "--child", name, *(["--quick"] if quick else [])]
    mode = "quick" if quick else "full"
    budget = MODULE_BUDGET_SECONDS.get(name, BUDGET_SECONDS)[mode]
    start = time.perf_counter()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    pipe = subprocess.PIPE
    process = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=pipe, stderr=pipe, text=True, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=budget)
    except KeyboardInterrupt:  # Ctrl-C reaches only this process group: let the child clean up too
        process.terminate()
        process.wait(timeout=30)
        raise
    except subprocess.TimeoutExpired:
        process.terminate()  # the child turns it into KeyboardInterrupt and cleans up
        try:
            stdout, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, _ = process.communicate()
        printed = [line for line in (stdout or "").splitlines() if not line.startswith(MARKER)]
        row = Figure(f"{name}: stopped after {budget} s (budget)", "timeout", ok=False, group=name)
        return [row], "\n".join(printed).strip(), time.perf_counter() - start
    seconds = time.perf_counter() - start
    figures: list[Figure] = []
    printed = []
    for line in stdout.splitlines():
        if line.startswith(MARKER):
            figures += [Figure(**row) for row in json.loads(line[len(MARKER) :])]
        else:
            printed.append(line)
    if process.returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-15:])
        figures.append(Figure(f"{name}: failed (exit {process.returncode})", "error", ok=False, group=name))
        printed.append(tail)
    elif not figures:
        figures.append(Figure(f"{name}: printed its own table (below)", "-", group=name))
    return figures, "\n".join(printed).strip(), seconds


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--only", default="", help="comma-separated module names, e.g. bench_load")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.quick)

    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(MODULES)
    present = [n for n in names if (ROOT / "benchmarks" / f"{n}.py").exists()]
    all_figures: list[Figure] = []
    outputs: list[tuple[str, str]] = []
    mode = "quick" if args.quick else "full"
    started = time.perf_counter()
    for name in names:
        if name not in present:
            all_figures.append(Figure(f"{name}: not written yet", "-", group=name))
            continue
        print(f"running {name}{' --quick' if args.quick else ''} ...", file=sys.stderr, flush=True)
        figures, printed, seconds = run_module(name, args.quick)
        print(f"  {name}: {seconds:.0f} s", file=sys.stderr, flush=True)
        all_figures += figures
        if printed:
            outputs.append((name, printed))
    total = time.perf_counter() - started
    if names == list(MODULES):
        limit = TOTAL_TARGET_SECONDS[mode]
        all_figures.append(
            Figure("whole run, wall time", round(total / 60, 1), "min", f"<= {limit // 60} min", _machine(),
                   total <= limit, "harness")
        )  # fmt: skip
    print_table(all_figures, f"Benchmarks ({mode} run, {_machine()})")
    for name, printed in outputs:
        print(f"\n--- output of {name} ---\n{printed}")
    if args.json:
        args.json.write_text(json.dumps([f.to_dict() for f in all_figures], indent=2, ensure_ascii=False))
    return 1 if any(f.ok is False for f in all_figures) else 0


def _machine() -> str:
    cores = os.cpu_count() or 0
    return f"{cores} cores, Python {sys.version.split()[0]}"


if __name__ == "__main__":
    sys.exit(main())

"""Server time per demo interaction, measured on a real ``streamlit run`` of the app.

A websocket client (``benchmarks/st_client.py``) opens an activation page and moves one control of a
demo the way the browser does; each move reruns only that demo's fragment, and the time from sending
the widget state to ``script_finished`` is the server time of that interaction. Every move uses a new
value, so no ``st.cache_data`` hit flatters the figure (the curve and the CNN do not cache at all).
Baseline, measured in the same run: one full rerun of ``benchmarks/hello_app.py``.

On a shared machine other processes inflate wall-clock times (the hello baseline shows by how much),
so a second group reports the CPU time of each interaction in-process (AppTest, the demo function
alone; Python plus BLAS/torch threads), against an AppTest script with one slider.

Targets (issues 7 and 14): every demo interaction <= 50 ms server time, neuron / backprop / cross-entropy
<= 20 ms; every chart <= 2,000 data rows.

    python -m benchmarks.bench_demos [--quick]
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.bench_load import HELLO, serve
from benchmarks.common import Figure, at_most, percentile, quick_cli
from benchmarks.st_client import Session
from glossary.charts import MAX_POINTS, chart_rows

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
# When no trained CNN is shipped yet, the CNN figures run on this one-page app with a tiny CNN of the
# same architecture trained on the spot (inference time does not depend on how well it was trained).
CNN_APP = """
import sys
from pathlib import Path

sys.path.insert(0, {root!r})
import streamlit as st

from glossary.cnn import model as cnn
from glossary.ui.demos import show_defaults

cnn.MODELS_DIR = Path({models!r})
show_defaults(st.query_params.get("act", "relu"), "pl")
"""


@contextmanager
def _cnn_app() -> Iterator[tuple[Path, str]]:
    """(script, page) serving the CNN demo: the real app if relu's CNN ships, else a tiny one."""
    from glossary.cnn import model as cnn

    if any(m.activation == "relu" for m in cnn.available_models()):
        yield APP, "relu"
        return
    with tempfile.TemporaryDirectory(prefix="bench-demos-") as tmp:
        data, val = cnn.generate(120, 1), cnn.generate(30, 2)
        model, history = cnn.train("relu", cnn.DEFAULT_VARIANT, data=data, val=val, epochs=1, progress=False)
        cnn.save_model(model, history, Path(tmp))
        script = Path(tmp) / "cnn_app.py"
        script.write_text(CNN_APP.format(root=str(ROOT), models=tmp), encoding="utf-8")
        yield script, ""


def _ms(values: list[float]) -> tuple[float, float]:
    return statistics.median(values) * 1000, percentile(values, 95) * 1000


def _chart_rows(session: Session) -> int:
    """The most data rows in any chart the page shows (inline spec data; Arrow tables by row count)."""
    import pyarrow as pa

    most = 0
    for _, kind, proto in session.elements():
        if kind not in ("arrow_vega_lite_chart", "vega_lite_chart"):
            continue
        n = len(chart_rows(json.loads(proto.spec)))
        blobs = [proto.data.data] if proto.HasField("data") and proto.data.data else []
        blobs += [d.data.data for d in proto.datasets]
        n += sum(pa.ipc.open_stream(b).read_all().num_rows for b in blobs)
        most = max(most, n)
    return most


async def _moves(
    url: str, page: str, query: str, key: str, values: list[Any]
) -> tuple[list[float], int, str]:
    async with Session(url, timeout=300) as s:
        await s.run(page=page, query_string=query)
        problems = s.exceptions() + s.alerts("error")
        if key not in {w.key for w in s.widgets()}:
            return (
                [],
                _chart_rows(s),
                f"no widget {key} on {page}: " + "; ".join(problems or s.alerts("info")),
            )
        times = []
        for value in values:
            run = await s.set_widget(key, value)
            if run.status not in ("fragment_finished", "finished"):
                problems.append(f"{key}={value}: {run.status}")
            times.append(run.seconds)
            problems += s.exceptions()
        return times, _chart_rows(s), "; ".join(problems)


async def _hello(url: str, n: int) -> list[float]:
    async with Session(url, timeout=120) as s:
        await s.run()
        return [(await s.run()).seconds for _ in range(n)]


CPU_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
{setup}
{call}
"""
SHOW = "from glossary.ui.demos import block, show"
CPU_CASES = [
    # (figure, setup, call, widget key, values, target ms); each demo as a `demo NAME` block places it
    ("hello: one slider (AppTest baseline)", "import streamlit as st",
     "st.write(st.slider('v', 0.0, 10.0, 1.0, key='v'))", "v", lambda i: 1.0 + 0.1 * i, None),
    ("curve demo: move the slope", SHOW, "show([block('curve', activation='leaky_relu')], 'pl')",
     "curve_negative_slope", lambda i: round(0.02 + 0.04 * i, 2), 50),
    ("softmax demo: move the temperature", SHOW, "show([block('softmax')], 'pl')",
     "smax_temperature", lambda i: round(0.5 + 0.25 * i, 2), 50),
    ("gradient demo at depth 60, width 256: weight scale", SHOW,
     "show([block('gradient', depth=60, width=256)], 'pl')", "grad_scale",
     lambda i: round(0.5 + 0.05 * i, 2), 50),
    ("neuron demo: move w1", SHOW, "show([block('neuron')], 'pl')", "neuron_w1",
     lambda i: round(-2.0 + 0.1 * i, 1), 20),
    ("backprop demo: move x1", SHOW, "show([block('backprop')], 'pl')", "bp_x1",
     lambda i: round(-1.0 + 0.05 * i, 2), 20),
    ("cross-entropy demo: move the logit scale", SHOW, "show([block('cross-entropy')], 'pl')", "xent_scale",
     lambda i: 10.0 + 7 * i, 20),
    ("init demo: move the depth", SHOW, "show([block('init')], 'pl')", "init_depth", lambda i: 5 + i, 50),
    ("CNN prediction: move the temperature",
     "{cnn_setup}from glossary.cnn import shapes\nfrom glossary.ui.demos import cnn as demo_cnn\n"
     "from glossary.cnn import model as cnn\nmodel = demo_cnn._model('relu', cnn.DEFAULT_VARIANT)\n"
     "image = shapes.make_image('circle', size=0.7, rotation=0, noise=0.05)",
     "demo_cnn._prediction(model, image, 'cnn', 'pl')", "cnn_temp", lambda i: round(0.2 + 0.2 * i, 1), 50),
    ("whole CNN demo: rotate the shape (image, prediction, 4 feature maps x 2, curves)",
     "{cnn_setup}" + SHOW, "show([block('cnn')], 'pl')", "cnn_rot", lambda i: 5 * i, None),
]  # fmt: skip


def _slider(at: Any, key: str) -> Any:
    """The AppTest slider with ``key``, or None when the script did not draw it (AppTest raises
    KeyError for an unknown key)."""
    try:
        return at.slider(key=key)
    except KeyError:
        return None


def cpu_figures(n: int, models_dir: str) -> list[Figure]:
    """CPU time of one interaction in-process (AppTest; Python + BLAS threads), which other processes
    on a shared machine cannot inflate the way they inflate wall-clock server time."""
    import time

    from streamlit.testing.v1 import AppTest

    figures = []
    base = None
    with tempfile.TemporaryDirectory(prefix="bench-demos-cpu-") as tmp:
        for name, setup, call, key, value, target in CPU_CASES:
            cnn_setup = (
                "from pathlib import Path\nfrom glossary.cnn import model as cnn\n"
                f"cnn.MODELS_DIR = Path({models_dir!r})\n"
                if models_dir
                else ""
            )
            script = Path(tmp) / f"case{len(figures)}.py"
            code = CPU_SCRIPT.format(root=str(ROOT), setup=setup.replace("{cnn_setup}", cnn_setup), call=call)
            script.write_text(code, encoding="utf-8")
            at = AppTest.from_file(str(script), default_timeout=300)
            at.run()
            if at.exception:
                limit = f"<= {target} ms" if target else ""
                message = str(at.exception[0].message)[:80]
                figures.append(Figure(name, "n/a", "", limit, message, False, "demos cpu"))
                continue
            widget = _slider(at, key)
            if widget is None:  # e.g. no trained CNN: the demo shows a notice instead of its controls
                notes = "; ".join(str(e.value) for e in [*at.error, *at.warning, *at.info])
                figures.append(
                    Figure(name, "n/a", "", f"<= {target} ms" if target else "",
                           f"no slider {key!r}: {notes or 'not rendered'}"[:100],
                           False if target else None, "demos cpu")
                )  # fmt: skip
                continue
            widget.set_value(value(0)).run()  # warm up
            times = []
            for i in range(1, n + 1):
                t0 = time.process_time()
                widget.set_value(value(i)).run()
                times.append(time.process_time() - t0)
            ms = statistics.median(times) * 1000
            if base is None:
                base = ms
                figures.append(Figure(name + " (median)", round(ms, 1), "ms CPU", "", "", None, "demos cpu"))
                continue
            figures.append(
                Figure(
                    name + " (median)", round(ms, 1), "ms CPU", f"<= {target} ms" if target else "",
                    f"AppTest slider baseline: {base:.1f} ms CPU", at_most(ms, target) if target else None,
                    "demos cpu",
                )
            )  # fmt: skip
    return figures


def simulate_figure(n: int) -> Figure:
    """The gradient demo's computation alone: median of n wall-clock runs against the target, the best
    run beside it (BLAS threads busy-wait, so on a loaded machine the minimum is closest to what the
    work costs; the median is what a user gets)."""
    import time

    from glossary.maths import gradient_flow
    from glossary.ui.demos.gradient import BATCH

    times = []
    for i in range(n):
        t0 = time.perf_counter()
        gradient_flow.simulate("sigmoid", 60, 256, weight_scale=1.0 + i / 100, batch=BATCH)
        times.append(time.perf_counter() - t0)
    median = statistics.median(times) * 1000
    name = f"gradient_flow.simulate(sigmoid, depth 60, width 256, batch {BATCH}) (median of {n}, wall)"
    return Figure(name, round(median, 1), "ms", "<= 100 ms", f"best {min(times) * 1000:.1f} ms",
                  at_most(median, 100), "demos cpu")  # fmt: skip


def run(quick: bool = False) -> list[Figure]:
    n = 6 if quick else 20
    with serve(HELLO) as hello:
        base = _ms(asyncio.run(_hello(hello.url, n)))[0]
    baseline = f"hello app rerun: {base:.1f} ms"
    cases = [
        # (figure, page, query, key, values, target ms)
        ("curve: move the point slider", "leaky-relu", "", "curve_x",
         [round(-3 + 0.3 * i, 1) for i in range(n)], 50),
        ("curve: move the slope (leaky ReLU)", "leaky-relu", "", "curve_negative_slope",
         [round(0.02 + 0.04 * i, 2) for i in range(n)], 50),
        ("softmax: move the temperature", "softmax", "", "smax_temperature",
         [round(0.5 + 0.25 * i, 2) for i in range(n)], 50),
        ("gradient: weight scale at depth 60, width 256", "sigmoid", "grad_depth=60&grad_width=256",
         "grad_scale", [round(0.5 + 0.05 * i, 2) for i in range(n)], 50),
        ("gradient, second block on the page: depth", "normalizacja-wsadowa", "", "grad2_depth",
         [10 + i for i in range(n)], 50),
        ("neuron: move w1", "neuron", "", "neuron_w1", [round(-2.0 + 0.1 * i, 1) for i in range(n)], 20),
        ("backprop: move x1", "propagacja-wsteczna", "", "bp_x1",
         [round(-1.0 + 0.05 * i, 2) for i in range(n)], 20),
        ("cross-entropy: move the logit scale", "entropia-krzyzowa", "", "xent_scale",
         [10.0 + 7 * i for i in range(n)], 20),
        ("init: move the depth", "inicjalizacja-wag", "", "init_depth", [5 + i for i in range(n)], 50),
    ]  # fmt: skip
    cnn_cases = [
        ("CNN: move the temperature (prediction)", "cnn_temp",
         [round(0.2 + 0.2 * i, 1) for i in range(n)], 50),
        ("CNN: rotate the generated shape (new image + prediction)", "cnn_rot",
         [5 * (i + 1) for i in range(n)], None),
    ]  # fmt: skip
    figures: list[Figure] = []
    most_rows = 0

    def measure(url: str, name: str, page: str, query: str, key: str, values: list[Any], target: Any) -> None:
        nonlocal most_rows
        times, rows, problems = asyncio.run(_moves(url, page, query, key, values))
        most_rows = max(most_rows, rows)
        limit = f"<= {target} ms" if target else ""
        if not times:
            figures.append(Figure(name, "n/a", "", limit, problems, None, "demos"))
            return
        p50, p95 = _ms(times)
        ok = (at_most(p50, target) if target else None) if not problems else False
        note = baseline + (f"; {problems}" if problems else "")
        figures.append(
            Figure(f"{name} (p50; p95 {p95:.0f} ms)", round(p50, 1), "ms", limit, note, ok, "demos")
        )

    with serve(APP) as app:
        for name, page, query, key, values, target in cases:
            measure(app.url, name, page, query, key, values, target)
    with _cnn_app() as (script, page), serve(script) as app:
        for name, key, values, target in cnn_cases:
            measure(app.url, name, page, "act=relu", key, values, target)
        models_dir = "" if script == APP else str(script.parent)
        figures += cpu_figures(n, models_dir)
    figures.append(simulate_figure(n))
    limit_ok = most_rows <= MAX_POINTS
    figures.append(
        Figure("most data rows in one chart", most_rows, "", f"<= {MAX_POINTS:,}", "", limit_ok, "demos")
    )
    return figures


def main() -> None:
    quick_cli(run, __doc__, "demo interactions")


if __name__ == "__main__":
    sys.exit(main())

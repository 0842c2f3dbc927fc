"""What every benchmark script shares: a ``Figure`` (one measured number with its target and baseline)
and the table they are printed in.

A benchmark module exposes ``run(quick: bool = False) -> list[Figure]`` and, to be runnable on its own,
``main()`` that calls ``print_table(run(...))``. ``python -m benchmarks`` gathers every module's figures
into one table.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TextIO


@dataclass(frozen=True)
class Figure:
    """One measured figure.

    ``value`` is what was measured (a number, or text when the figure is a count like "0 of 50");
    ``target`` says what counts as good ("<= 50 MB", "0", "<= 3x hello"); ``baseline`` says what the
    value is compared to, measured in the same run ("hello app: 8.1 ms"); ``ok`` is the verdict, None
    when the figure has no target.
    """

    name: str
    value: float | int | str
    unit: str = ""
    target: str = ""
    baseline: str = ""
    ok: bool | None = None
    group: str = ""

    def value_text(self) -> str:
        return f"{fmt(self.value)} {self.unit}".strip()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def fmt(value: float | int | str) -> str:
    """Three significant digits for floats, thousands separators for ints, text as is."""
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation; NaN for no values."""
    if not values:
        return math.nan
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=100, method="inclusive")[min(98, max(0, round(q) - 1))]


def at_most(value: float, limit: float) -> bool:
    return math.isfinite(value) and value <= limit


def _verdict(ok: bool | None) -> str:
    return {True: "ok", False: "MISSED", None: ""}[ok]


def table(figures: Iterable[Figure], title: str = "") -> str:
    """A plain-text table: figure, value, target, baseline, verdict (one row per figure)."""
    rows = [("figure", "value", "target", "baseline", "")]
    group = None
    lines: list[tuple[str, ...] | str] = []
    for f in figures:
        if f.group and f.group != group:
            group = f.group
            lines.append(f"[{group}]")
        lines.append((f.name, f.value_text(), f.target, f.baseline, _verdict(f.ok)))
    widths = [
        max(len(r[i]) for r in rows + [x for x in lines if isinstance(x, tuple)]) for i in range(len(rows[0]))
    ]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [title] if title else []
    out.append(line(rows[0]))
    out.append("  ".join("-" * w for w in widths))
    out.extend(x if isinstance(x, str) else line(x) for x in lines)
    return "\n".join(out)


def print_table(figures: Iterable[Figure], title: str = "", file: TextIO | None = None) -> None:
    print(table(figures, title), file=file or sys.stdout, flush=True)


def quick_cli(run: Callable[..., Iterable[Figure]], doc: str, title: str,
              quick_help: str = "fewer repeats") -> None:  # fmt: skip
    """The command line of a benchmark script whose only option is ``--quick``: run it, print its table."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=quick_help)
    print_table(run(quick=parser.parse_args().quick), title)


def as_figure(item: Any, group: str = "") -> Figure:
    """Adapt what another script returned (Figure, dict, object with attributes, or tuple) to a Figure."""
    if isinstance(item, Figure):
        return item if item.group or not group else Figure(**{**item.to_dict(), "group": group})
    if isinstance(item, dict):
        data = dict(item)
    elif isinstance(item, tuple | list):
        data = dict(zip(("name", "value", "target", "baseline"), item, strict=False))
    else:
        data = {
            k: getattr(item, k) for k in dir(item) if not k.startswith("_") and not callable(getattr(item, k))
        }
    name = data.get("name") or data.get("figure") or data.get("label") or "?"
    value = data.get("value", "")
    if not isinstance(value, int | float | str):
        value = str(value)
    ok = data.get("ok", data.get("passed"))
    return Figure(
        name=str(name),
        value=value,
        unit=str(data.get("unit", "") or ""),
        target=str(data.get("target", "") or ""),
        baseline=str(data.get("baseline", "") or ""),
        ok=None if ok is None else bool(ok),
        group=str(data.get("group") or group),
    )

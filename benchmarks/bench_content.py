"""Content-engine speed on generated corpora of seed-sized entries.

    python -m benchmarks.bench_content            # 1,000 and 10,000 entries (about a minute)
    python -m benchmarks.bench_content --quick    # 1,000 entries
    python -m benchmarks.bench_content --sizes 1000

Every figure is a ratio against a baseline measured in the same run: markdown-it-py's bare parse
(read each file + ``MarkdownIt.parse``, same configuration as the parser) of the same files.
Each figure is reported in wall-clock time first and, on a second row, in CPU time of this process
(``time.process_time``): the dev machine's two cores are shared, and wall time there also measures the
neighbours. ``run(quick=True)`` (``--quick``) measures 1,000 entries only, so the growth figure and the
10,000-entry search target are left to the full run.
The load includes the Polish morphology (issue 16: Morfeusz's start and the forms of every title and
alias word); a row says how much of it that is, measured from cold in the same run.
Targets (issue 3): load + parse + index <= 1.5x the bare parse, linear growth from 1,000 to
10,000, reload after one changed file <= 50 ms at 1,000 entries, search p95 <= 20 ms at 10,000.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import glossary.corpus.library as library_module
from benchmarks.common import Figure, at_most, print_table
from glossary.corpus import morphology
from glossary.corpus.library import Library, load_library
from glossary.corpus.parse import _MD  # the very same MarkdownIt configuration the parser uses
from glossary.corpus.text import fold, slugify

SYLLABLES = [
    "ak",
    "ty",
    "wa",
    "cja",
    "neu",
    "ron",
    "gra",
    "dient",
    "war",
    "stwa",
    "sieć",
    "ucz",
    "enie",
    "mo",
    "del",
    "fun",
    "kcja",
    "zni",
    "ka",
    "ją",
    "cy",
    "wy",
    "jś",
    "cie",
    "we",
    "ście",
    "ła",
    "ż",
    "śr",
    "ód",
    "łó",
    "pro",
    "pa",
    "ga",
    "tor",
    "lin",
    "io",
    "wy",
    "nor",
    "ma",
    "li",
    "za",
    "ten",
    "sor",
    "ma",
    "cierz",
]
COMMON = (
    "i w na do z że się to jest dla nie lub oraz przez jako co które który gdy tylko także bardzo "
    "funkcja aktywacji sieci neuronowej gradientu warstwy wejście wyjście model uczenie wartości"
).split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random, vocab: list[str], words: int, mentions: list[str]) -> str:
    out = [rng.choice(COMMON) if rng.random() < 0.45 else rng.choice(vocab) for _ in range(words)]
    if mentions and rng.random() < 0.3:
        out.insert(rng.randrange(len(out)), rng.choice(mentions))
    text = " ".join(out)
    return text[:1].upper() + text[1:] + "."


def entry_text(rng: random.Random, title: str, vocab: list[str], others: list[tuple[str, str]]) -> str:
    """A canonical entry shaped like the seed: ~3.5 kB, 5 key points, a table, code, 3 sources."""
    mentions = [t for t, _ in rng.sample(others, min(3, len(others)))]
    link_title, link_slug = rng.choice(others) if others else (title, "x")

    def s(n: int) -> str:
        return _sentence(rng, vocab, n, mentions)

    rows = "\n".join(f"| {_word(rng)} | f(x) = {_word(rng)}(x) | {s(5)} | {s(4)} |" for _ in range(5))
    bullets = lambda k, n: "\n".join(f"- {s(n)}" for _ in range(k))  # noqa: E731
    return f"""---
title: {title}
aliases: [{title.lower()} {len(title)}{_word(rng)}]
tags: [{_word(rng)}]
lang: pl
---

## 🎯 Definicja
{title} to {s(16)} {s(14)} {s(12)}

## 🔑 Kluczowe punkty
{bullets(4, 14)}
- Zobacz też [{link_title}](/{link_slug}) i `kod_{_word(rng)}`.

## 📚 Szczegółowe wyjaśnienie
### {s(4)[:-1]}
| Nazwa | Wzór | Zalety | Wady |
|---|---|---|---|
{rows}

### {s(4)[:-1]}
{bullets(4, 12)}

### {s(3)[:-1]}
{bullets(3, 14)}

## 💡 Przykład zastosowania
{s(14)}
{bullets(2, 14)}

```python
import torch.nn as nn
model = nn.Sequential(
    nn.Conv2d(3, 32, kernel_size=3),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(32 * 28 * 28, 10),
)
```

## 📌 Źródła
- [1] {s(5)[:-1]}: https://example.org/{_word(rng)}
- [2] {s(6)[:-1]}: https://example.org/{_word(rng)}
- [3] [{s(4)[:-1]}](https://example.org/{_word(rng)})

## 👽 Brudnopis
{bullets(6, 7)}
"""


def generate(folder: Path, n: int, seed: int = 0) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    vocab = sorted({_word(rng) for _ in range(6000)})
    titles: dict[str, str] = {}
    seen: set[str] = set()
    while len(titles) < n:
        title = f"{_word(rng).capitalize()} {_word(rng)}"
        if fold(title) not in seen:
            seen.add(fold(title))
            titles[f"{slugify(title)}-{len(titles)}"] = title
    items = list(titles.items())
    others = [(t, s) for s, t in items]
    for slug, title in items:
        (folder / f"{slug}.md").write_text(entry_text(rng, title, vocab, others), encoding="utf-8")
    return items


class Clock:
    """CPU and wall time of a block."""

    def __enter__(self) -> Clock:
        self.cpu0, self.wall0 = time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cpu = time.process_time() - self.cpu0
        self.wall = time.perf_counter() - self.wall0


def bare_parse(folder: Path, limit: int | None = None) -> Clock:
    with Clock() as clock:
        for path in sorted(folder.glob("*.md"))[:limit]:
            _MD.parse(path.read_text(encoding="utf-8"))
    return clock


def timed_load(folder: Path, previous: Library | None = None) -> tuple[Clock, Library]:
    with Clock() as clock:
        lib = load_library(folder, previous)
    return clock, lib


def _touch(path: Path, extra: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a distinct mtime even on coarse clocks


def reloads(folder: Path, lib: Library, count: int) -> tuple[list[Clock], Library]:
    files = sorted(folder.glob("*.md"))
    rng = random.Random(1)
    times = []
    for i in range(count):
        _touch(rng.choice(files), f"\n- dopisek {i} gradient\n")
        clock, lib = timed_load(folder, lib)
        times.append(clock)
    return times, lib


def queries(lib: Library, items: list[tuple[str, str]], count: int) -> list[str]:
    rng = random.Random(2)
    out = []
    for i in range(count):
        _, title = rng.choice(items)
        kind = i % 5
        word = title.split()[0]
        if kind == 0:
            out.append(title)
        elif kind == 1:
            out.append(word[: max(3, len(word) // 2)])  # prefix
        elif kind == 2 and len(word) > 4:
            j = rng.randrange(1, len(word) - 2)
            out.append(word[:j] + word[j + 1] + word[j] + word[j + 2 :])  # a swapped pair
        elif kind == 3:
            out.append(rng.choice(["gradient", "warstwy", "aktywacji", "sieci neuronowej", "uczenie"]))
        else:
            out.append(title.lower().replace("a", "ą", 1))
    return out


def search_times(lib: Library, qs: list[str]) -> list[Clock]:
    times = []
    for q in qs:
        with Clock() as clock:
            lib.search(q)
        times.append(clock)
    return times


def morphology_share(lib: Library) -> tuple[Clock, float, int]:
    """What the inflection costs a load from cold: the forms of every title and alias word (caches
    emptied first, as in a fresh process), Morfeusz's start in a fresh process (CPU s), the word count."""
    code = "import time; t = time.process_time(); import morfeusz2; morfeusz2.Morfeusz()\n"
    code += "print(time.process_time() - t)"
    start = float(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    )
    morphology.forms.cache_clear()
    library_module._name_forms.cache_clear()
    with Clock() as clock:
        library_module._terms(lib.entries)
    return clock, start, morphology.forms.cache_info().currsize


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _ms(values: list[float], fn: object = statistics.median) -> str:
    return f"{fn(values) * 1e3:.1f}"  # type: ignore[operator]


GROUP = "content"


def _timing_pair(
    name: str, wall: float, cpu: float, unit: str, limit: float | None, target: str, baseline: str
) -> list[Figure]:
    """The wall-clock figure (primary) and the same measure in CPU time of this process (second row:
    the dev machine is shared, and wall time there also measures the neighbours)."""
    ok = lambda v: at_most(v, limit) if limit is not None else None  # noqa: E731
    return [
        Figure(name, wall, unit, target, baseline, ok(wall), GROUP),
        Figure(f"{name} (CPU time)", cpu, unit, target, baseline, ok(cpu), GROUP),
    ]


def measure(sizes: list[int], reload_count: int = 20, query_count: int = 300) -> list[Figure]:
    """Every content figure for corpora of ``sizes`` entries, with baselines measured in the same run."""
    figures: list[Figure] = []
    per_entry: dict[int, tuple[float, float]] = {}  # n -> (wall, CPU) seconds per entry
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            items = generate(folder, n)
            size_kb = sum(p.stat().st_size for p in folder.glob("*.md")) / n / 1024
            bare_parse(folder, 300)  # warm the parser (the files were just written: the page cache is warm)
            gc.collect()
            bare = bare_parse(folder)
            gc.collect()
            load, lib = timed_load(folder)
            per_entry[n] = (load.wall / n, load.cpu / n)
            if len(lib.entries) != n:
                raise RuntimeError(f"loaded {len(lib.entries)} of {n} entries: {lib.diagnostics[:3]}")
            del lib
            gc.collect()
            warm, lib = timed_load(folder)  # a second full load: word and name caches are warm
            label = f"{n:,} x {size_kb:.1f} kB entries"
            morph = morphology_share(lib)
            figures += _timing_pair(
                f"load + parse + index, {label}",
                load.wall / bare.wall,
                load.cpu / bare.cpu,
                "x bare parse",
                1.5,
                "<= 1.5x",
                f"bare markdown-it parse: {bare.wall:.2f} s wall, {bare.cpu:.2f} s CPU; "
                f"load: {load.wall:.2f} s wall, {load.cpu:.2f} s CPU",
            )
            figures.append(
                Figure(f"load again (warm caches), {label}", warm.wall / bare.wall, "x bare parse", "",
                       f"CPU ratio {warm.cpu / bare.cpu:.2f}x", None, GROUP)
            )  # fmt: skip
            figures.append(
                Figure(f"of the load: Polish morphology from cold, {label}",
                       (morph[0].cpu + morph[1]) / bare.cpu,
                       "x bare parse (CPU)", "", f"Morfeusz start {morph[1] * 1e3:.0f} ms + forms of "
                       f"{morph[2]:,} title/alias words {morph[0].cpu * 1e3:.0f} ms (CPU)", None, GROUP)
            )  # fmt: skip
            if n <= 2000:
                times, lib = reloads(folder, lib, reload_count)
                cpu, wall = [c.cpu for c in times], [c.wall for c in times]
                figures += _timing_pair(
                    f"reload after 1 changed file, {n:,} entries (median of {reload_count})",
                    statistics.median(wall) * 1e3,
                    statistics.median(cpu) * 1e3,
                    "ms",
                    50,
                    "<= 50 ms",
                    f"max {_ms(wall, max)} ms wall; full load {load.wall * 1e3:.0f} ms",
                )
                path = folder / f"{items[0][0]}.md"
                path.write_text(
                    path.read_text(encoding="utf-8").replace(items[0][1], "Zupełnie nowy tytuł", 1),
                    encoding="utf-8",
                )
                _touch(path, "")
                clock, lib = timed_load(folder, lib)
                figures.append(
                    Figure(f"reload after 1 changed title, {n:,} entries", clock.wall * 1e3, "ms", "",
                           f"CPU {clock.cpu * 1e3:.1f} ms (links and backlinks recomputed)", None, GROUP)
                )  # fmt: skip
            qs = queries(lib, items, query_count)
            with Clock() as first:
                lib.search(qs[2])  # the first typo query builds the deletion index
            st = search_times(lib, qs)
            cpu, wall = [c.cpu for c in st], [c.wall for c in st]
            limit = 20 if n >= 10_000 else None  # the target is for 10,000 entries
            figures += _timing_pair(
                f"search p95, {n:,} entries ({len(qs)} queries)",
                p95(wall) * 1e3,
                p95(cpu) * 1e3,
                "ms",
                limit,
                "<= 20 ms" if limit else "(<= 20 ms at 10,000)",
                f"p50 {_ms(wall)} ms wall; first typo search (builds index) {first.wall * 1e3:.0f} ms",
            )
    if len(per_entry) > 1:
        lo, hi = min(per_entry), max(per_entry)
        growth = [per_entry[hi][i] / per_entry[lo][i] for i in range(2)]
        figures += _timing_pair(
            f"load time per entry, {hi:,} vs {lo:,} entries",
            growth[0],
            growth[1],
            "x",
            1.25,
            "linear (~1.0x; <= 1.25x)",
            f"{per_entry[lo][0] * 1e3:.2f} -> {per_entry[hi][0] * 1e3:.2f} ms wall per entry",
        )
    else:
        figures.append(
            Figure("load growth 1,000 -> 10,000", "not measured", "", "linear",
                   "needs two corpus sizes (full run)", None, GROUP)
        )  # fmt: skip
    return figures


def run(quick: bool = False) -> list[Figure]:
    """Quick: 1,000 entries, fewer reloads and queries; full: 1,000 and 10,000 entries."""
    if quick:
        return measure([1000], reload_count=10, query_count=100)
    return measure([1000, 10_000])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="1,000 entries only, fewer repeats")
    parser.add_argument("--sizes", type=int, nargs="+", help="corpus sizes (default 1000 10000)")
    args = parser.parse_args()
    figures = measure(args.sizes) if args.sizes else run(quick=args.quick)
    print_table(figures, "content engine")


if __name__ == "__main__":
    main()

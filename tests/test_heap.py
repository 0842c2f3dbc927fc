"""The server's glibc heap settings (``glossary/heap.py``): freed memory goes back to the OS.

Each case runs in a fresh interpreter, since malloc's settings are per process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from glossary import heap

ROOT = Path(__file__).resolve().parent.parent

# One large block freed (glibc then raises its mmap threshold to 24 MB and its trim threshold to 48 MB),
# then 36 MB in 6 MB blocks allocated and freed: how much of that is still resident afterwards?
PROGRAM = """
import ctypes, sys
import psutil
from glossary import heap
if sys.argv[1] == "tuned":
    heap.tune_heap()
libc = heap._libc()
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
def touch(p, n):
    ctypes.memset(p, 1, n)
big = libc.malloc(24 << 20); touch(big, 24 << 20); libc.free(big)
rss = psutil.Process().memory_info().rss
blocks = [libc.malloc(6 << 20) for _ in range(6)]
for p in blocks:
    touch(p, 6 << 20)
for p in reversed(blocks):
    libc.free(p)
print((psutil.Process().memory_info().rss - rss) / (1 << 20))
"""


def _kept_mb(mode: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", PROGRAM, mode], cwd=ROOT, capture_output=True, text=True, check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    return float(out.stdout.strip())


@pytest.mark.skipif(heap._libc() is None, reason="glibc only")
def test_tuned_heap_gives_freed_blocks_back() -> None:
    assert _kept_mb("default") > 30  # the behaviour tune_heap exists for (glibc keeps the 36 MB)
    assert _kept_mb("tuned") < 5

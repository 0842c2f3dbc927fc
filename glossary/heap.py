"""The server process's heap under glibc: fewer malloc arenas, and freed memory handed back.

Streamlit runs every script run on a new thread; glibc gives threads their own malloc arenas (up to 8
per core) and keeps a long-running process's heap at its high-water mark. Both calls are no-ops off glibc.
"""

from __future__ import annotations

import ctypes
import functools
import os


@functools.cache  # start-up work: app.py calls it on every run, the settings need setting once
def tune_heap(arenas: int = 2, mmap_threshold: int = 4 << 20) -> None:
    """At most ``arenas`` malloc arenas, and blocks from ``mmap_threshold`` bytes up mapped on their own
    (given back to the OS when freed), unless ``MALLOC_ARENA_MAX`` / ``MALLOC_MMAP_THRESHOLD_`` are set
    outside.

    NOTE: both measured in the chaos run (`python -m benchmarks.bench_chaos --quick`). Arenas: RSS growth
    122 MB with glibc's default, 60 MB with two. The threshold: glibc raises its own to the size of the
    largest block freed so far (up to 32 MB) and then keeps up to twice that free in every arena; after
    a chaos run three arenas held 60 MB of which 4 MB were in use (``malloc_stats``). A fixed threshold
    turns that off. 4 MiB, not less: at 1 MiB every training step mapped its tensors afresh (training
    1.44-1.51x the command line vs 1.14x; chaos RSS growth 13-27 MB at 1 MiB, 39-54 MB at 4 MiB (five
    runs), 57-60 MB at 32 MiB, 58-73 MB with glibc's moving threshold).
    """
    libc = _libc()
    if libc is None:
        return
    if not os.environ.get("MALLOC_ARENA_MAX"):
        libc.mallopt(-8, arenas)  # M_ARENA_MAX, from glibc's malloc.h
    if not os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        libc.mallopt(-3, mmap_threshold)  # M_MMAP_THRESHOLD (and glibc no longer moves it)
        libc.mallopt(-1, 128 << 10)  # M_TRIM_THRESHOLD: glibc's default, in case it was moved already


def release_memory() -> None:
    """Hand freed heap pages back to the OS (``malloc_trim(0)``), so RSS follows what is in use."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@functools.cache
def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(None)  # NOTE: the process's own symbols, libc's among them: no ldconfig lookup
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None  # glibc only

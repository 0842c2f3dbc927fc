"""The server process's heap under glibc: fewer malloc arenas, and freed memory handed back.

Streamlit runs every script run on a new thread; glibc gives threads their own malloc arenas (up to 8
per core) and keeps a long-running process's heap at its high-water mark. Both calls are no-ops off glibc.
"""

from __future__ import annotations

import ctypes
import functools
import os


def limit_arenas(limit: int = 2) -> None:
    """At most ``limit`` malloc arenas, unless ``MALLOC_ARENA_MAX`` is set outside. NOTE: measured in the
    chaos run (`python -m benchmarks.bench_chaos --quick`): RSS growth 122 MB with glibc's default, 60 MB
    with two arenas (the same as MALLOC_ARENA_MAX=2)."""
    libc = _libc()
    if libc is not None and not os.environ.get("MALLOC_ARENA_MAX"):
        libc.mallopt(-8, limit)  # M_ARENA_MAX, from glibc's malloc.h


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

"""Entry point: `streamlit run app.py` (the pages live in glossary/ui/)."""

from __future__ import annotations

import os

# NOTE: before NumPy and torch load: every BLAS/OpenMP computation runs on one thread, so one session's
# matrix products (a demo at depth 60 × 256) cannot take both cores from the others' page switches
# (a training's torch threads: glossary.cnn.live.THREADS). An operator can still set these outside.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


def _fewer_malloc_arenas(limit: int = 2) -> None:
    """glibc gives threads their own malloc arenas (up to 8 per core) and rarely hands their free memory
    back; Streamlit runs every script run on a new thread. NOTE: measured in the chaos run
    (`python -m benchmarks.bench_chaos --quick`): RSS growth 122 MB with glibc's default, 60 MB with two
    arenas (the same as MALLOC_ARENA_MAX=2, which an operator can still set outside). No-op off glibc."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").mallopt(-8, limit)  # M_ARENA_MAX, from glibc's malloc.h
    except (OSError, AttributeError):
        pass


_fewer_malloc_arenas()

import streamlit as st  # noqa: E402

from glossary.ui.shell import main  # noqa: E402

st.set_page_config(page_title="Glosariusz ML", page_icon="📖", layout="wide")
main()

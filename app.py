"""Entry point: `streamlit run app.py` (the pages live in glossary/ui/)."""

from __future__ import annotations

import os

# NOTE: before NumPy and torch load: every BLAS/OpenMP computation runs on one thread, so one session's
# matrix products (a demo at depth 60 × 256) cannot take both cores from the others' page switches
# (a training's torch threads: glossary.cnn.live.THREADS). An operator can still set these outside.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


from glossary.heap import tune_heap  # noqa: E402  (torch-free, NumPy-free)
from glossary.sockets import send_small_messages_at_once  # noqa: E402

tune_heap()
send_small_messages_at_once()  # Streamlit leaves Nagle on: see glossary/sockets.py

import streamlit as st  # noqa: E402

from glossary.ui.shell import main  # noqa: E402

st.set_page_config(page_title="Glosariusz ML", page_icon="📖", layout="wide")
main()

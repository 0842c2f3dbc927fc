"""Entry point: `streamlit run app.py` (the pages live in glossary/ui/)."""

from __future__ import annotations

import streamlit as st

from glossary.ui.shell import main

st.set_page_config(page_title="Glosariusz ML", page_icon="📖", layout="wide")
main()

"""Entry point: `streamlit run app.py`. (Foundation version: serves the seed entry.)"""

from pathlib import Path

import streamlit as st

st.set_page_config(page_title="Glosariusz ML", page_icon="📖", layout="wide")
text = (Path(__file__).parent / "content" / "funkcja-aktywacji.md").read_text(encoding="utf-8")
st.markdown(text)

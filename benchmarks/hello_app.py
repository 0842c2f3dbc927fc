"""The baseline every server-side figure is compared to: a one-line Streamlit app."""

import streamlit as st

st.write("Hello")

"""A second baseline: the hello app plus one two-point Vega-Lite chart. Streamlit's frontend loads and
compiles its Vega bundle for the first chart of a session; this app measures that floor, which every
page with a chart pays (the demos draw theirs with ``st.vega_lite_chart`` too)."""

import streamlit as st

st.write("Hello")
st.vega_lite_chart(
    {
        "data": {"values": [{"x": 0, "y": 0}, {"x": 1, "y": 1}]},
        "mark": "line",
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "y": {"field": "y", "type": "quantitative"},
        },
    }
)

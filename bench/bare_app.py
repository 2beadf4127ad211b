"""The baseline for UI benchmarks: what Streamlit itself costs (a title and one slider)."""

import streamlit as st

st.title("Bare")
value = st.slider("Cost", 0, 100, 50)
st.write(f"value {value}")

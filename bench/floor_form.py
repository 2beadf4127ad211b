"""A/B for the Join page's floor: a title, nine sliders in a form and its send button, and a
confirmation after each send; what Streamlit itself costs for a participant's send on a phone,
with no room, no store and none of the Join page's other text. ``bench/ui.py`` times it beside
the Join page."""

import streamlit as st

st.title("Join floor")
st.markdown("How much should each criterion weigh?")
with st.form("answer"):
    for n in range(1, 10):
        st.slider(f"Criterion {n}", 0, 100, 50, key=f"w{n}")
    sent = st.form_submit_button("Send my answer", type="primary", width="stretch")
if sent:
    st.session_state["sends"] = st.session_state.get("sends", 0) + 1
    st.success(f"Your answer is in. (send {st.session_state['sends']})")

"""Join a workshop room: the participant's page, made for phones. No sidebar; the question in
plain words, one slider per criterion, the top three from the facilitator's shortlist."""

import streamlit as st

from sourcing.facts.text import md_escape
from sourcing.model.criteria import BY_NAME, CRITERIA
from sourcing.store.rooms import MAX_NAME, RoomError, Rooms
from ui import device, loaders, state

BIG = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none;}
[data-testid="stMain"] .block-container {max-width: 40rem; padding-top: 1.5rem;}
[data-testid="stSlider"] [role="slider"] {width: 1.6rem; height: 1.6rem;}
[data-testid="stMain"] button {min-height: 3rem;}
</style>"""
st.markdown(BIG, unsafe_allow_html=True)
rooms = loaders.store(Rooms)
device.flush()  # what the last run asked this browser to keep


def _go() -> None:
    """Join the typed room: the Join button, or Enter in the code box."""
    typed = st.session_state.get("join_code", "")
    if typed.strip():
        st.query_params["room"] = "".join(typed.split()).replace("-", "").upper()


def _ask_for_code() -> None:
    """The code box: shown first, and again under any message about a code that failed."""
    st.title("Join a room")
    st.text_input("Room code", max_chars=20, key="join_code", on_change=_go,
                  placeholder="8 letters and digits, e.g. ABCD 2345")  # fmt: skip
    st.button("Join", key="join_go", type="primary", width="stretch", on_click=_go)
    st.stop()


code = st.query_params.get("room", "")
if not code:
    _ask_for_code()

try:
    room = rooms.room(code)
except RoomError as err:
    st.error(md_escape(err))
    _ask_for_code()

st.title(md_escape(room.title))
st.markdown(room.question)

# one device, one participant: the token from the link, this session or this browser (a
# second tab, Back, or the plain join link opened again rejoin as the same participant)
MINE = f"join_me_{room.code}"
token = (st.query_params.get("me", "") or st.session_state.get(MINE, "")
         or device.recall(f"me_{room.code}") or "")  # fmt: skip
label = None
if token:
    try:
        label, name = rooms.participant(room.code, token)  # a rejoin: same device, same link
    except RoomError:
        token = ""
    else:
        if st.session_state.get(MINE) != token:
            st.session_state[MINE] = token
            device.remember(f"me_{room.code}", token)
            device.flush()
        st.query_params["me"] = token
if not token:
    name = ""
    if room.names:
        name = st.text_input("Your name", key="join_name", help=f"up to {MAX_NAME} characters")
        if len(" ".join(name.split())) > MAX_NAME:  # a pasted long name is cut, not emptied
            name = " ".join(name.split())[:MAX_NAME].rstrip()
            st.caption(f"Cut to {MAX_NAME} characters: {md_escape(name)}")
    if st.button("Join the room", key="join_room", type="primary", width="stretch"):
        try:
            token = rooms.join(room.code, name)
            st.query_params["me"] = token
            st.session_state[MINE] = token
            device.remember(f"me_{room.code}", token)
        except RoomError as err:
            st.error(md_escape(err))
        else:
            st.rerun()
    st.stop()

try:
    mine = rooms.answer(room.code, token)
except RoomError as err:  # the store is down or slow: a message, never a crash page
    st.error(f"Your answer cannot be read just now — {md_escape(err)}. Try again in a moment.")
    st.stop()
st.caption(f"You are {md_escape(name or label)}. Round {room.round}"
           + ("" if room.open else " — closed by the facilitator") + ".")  # fmt: skip
if not room.open:
    st.warning(f"Round {room.round} is closed: the facilitator is not taking changes now. "
               + ("Your answer from this round counts as it was. " if mine else "")
               + "Wait for the next round.")  # fmt: skip
start = mine["weights"] if mine else room.scenario.merged_weights()
if st.session_state.pop("join_reset", False):  # a refused send: the sliders show what counts
    for c in CRITERIA:
        st.session_state[f"join_w_{c}"] = int(round(start[c]))
    st.session_state["join_top3"] = [c for c in (mine or {}).get("top3", []) if c in room.shortlist]
with st.form("join_answer"):
    values = {
        c: st.slider(
            BY_NAME[c].label,
            0,
            100,
            int(round(start[c])),
            key=f"join_w_{c}",
            help=BY_NAME[c].measures,
        )  # fmt: skip
        for c in CRITERIA
    }
    top3 = []
    if room.shortlist:
        names = loaders.places(room.scenario)["name"].to_dict()  # countries, or the cities
        top3 = st.multiselect("Your top three locations", list(room.shortlist),
                              default=[c for c in (mine or {}).get("top3", [])
                                       if c in room.shortlist],
                              format_func=lambda c: names.get(c, c), max_selections=3,
                              key="join_top3")  # fmt: skip
    # never disabled: a send that arrives after the close must be told so, not dropped; one
    # label before and after a send, so the button stays the same element and keeps focus
    sent = st.form_submit_button("Send my answer", type="primary", width="stretch")
if sent:
    try:
        rooms.submit(room.code, token, values, top3)
    except RoomError as err:  # e.g. sent after the close: the sliders go back to what counts
        state.flash("error", f"Not recorded — {md_escape(err)}. The sliders show the answer "
                    "that counts" + ("." if mine else ": none from you this round."))  # fmt: skip
        st.session_state["join_reset"] = True
        st.rerun()
    else:  # said in this run (no second rerun: a send is one round trip on a phone)
        state.flash("success", "Your answer is in. You can change it until the facilitator "
                    "closes the round.")  # fmt: skip
        st.session_state["join_refocus"] = True
elif mine is not None and room.open and not state.remembered(state.FLASH):
    st.info("Your answer is in; move the sliders and send again to change it.")
state.show_flash()
if st.session_state.pop("join_refocus", False):
    device.refocus("Send my answer")  # focus back on the button that sent, not the page body

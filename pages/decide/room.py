"""Live room: the facilitator opens a workshop room from the scenario; participants join on
their phones (the Join page) and the answers arrive here live."""

import streamlit as st

from sourcing.facts.text import md_escape
from sourcing.store.rooms import RoomError, Rooms
from ui import device, loaders, room_parts, state
from ui.sidebar import scenario_sidebar

scenario = scenario_sidebar()
rooms = loaders.store(Rooms)
st.title("Live room")
state.show_flash()
device.flush()  # what a callback or the last run asked this browser to keep

if state.room() is None:
    room_parts.restore(rooms)
if state.room() is None:
    room_parts.open_form(rooms, scenario)
    st.stop()

code, host = state.room()
try:
    room = rooms.room(code)
except RoomError as err:
    st.error(f"The room cannot be shown — {md_escape(err)}")
    st.button("Start over", key="room_forget", on_click=state.set_room, args=(None,))
    st.stop()

room_parts.header(room, host)
room_parts.live(rooms, code, scenario)
room_parts.controls(rooms, room, code, host)
if room.round > 1:
    room_parts.converged(rooms, room, code)

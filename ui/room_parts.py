"""The Live room page's parts: finding the room from a link or this browser, the form that
opens one, the projected header (code, link, QR code), the live answers (a fragment redrawn
every two seconds) and the facilitator's controls. Every room call is guarded: a store error is
a message, never a crash page."""

import contextlib
import datetime as dt
import io
from urllib.parse import urlsplit

import segno
import streamlit as st

from sourcing.analysis.workshop import whole_points
from sourcing.engine.tables import key_column
from sourcing.facts.text import md_escape
from sourcing.facts.timezones import zone as iana
from sourcing.model.criteria import BY_NAME, CRITERIA
from sourcing.model.scenario import Scenario, ScenarioError
from sourcing.store.rooms import (
    Room,
    RoomError,
    Rooms,
    RoomUnavailable,
    answers_csv_frame,
    convergence,
    ranking_beside,
    round_result,
)
from ui import device, loaders, state
from ui.downloads import csv_button
from ui.presentation import grid
from ui.state import current, set_scenario


def base_url() -> str:
    """This app's address as the browser sees it (what participants' phones open): the page's
    URL without the page's own path."""
    parts = urlsplit(st.context.url or "http://localhost:8501/room")
    path = parts.path.rstrip("/").removesuffix("/room")
    return f"{parts.scheme}://{parts.netloc}{path}"


LOOPBACK = ("localhost", "127.0.0.1", "::1", "[::1]")


def lan_address() -> str | None:
    """This machine's address on its network (IPv4), or None: the interface a packet to a
    private address would leave by (a UDP "connect" sends nothing), else the host name's."""
    import socket

    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 1))
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    with contextlib.suppress(OSError):
        found += [i[4][0] for i in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    return next((a for a in found if not a.startswith(("127.", "0."))), None)


def phone_url(url: str, listening: str | None, lan: str | None) -> tuple[str, str | None]:
    """(the address phones open, a warning or None). A page opened as localhost gives a link no
    phone can open: when the server listens on every interface (Streamlit's default, ``make
    run``, ``--address 0.0.0.0``), the network address replaces it; when it listens on this
    computer only, the link stays and the warning says how to start it for a room."""
    parts = urlsplit(url)
    if (parts.hostname or "localhost") not in LOOPBACK and not (parts.hostname or "").startswith(
        "127."
    ):
        return url, None
    everywhere = listening in (None, "", "0.0.0.0", "::")
    if lan and (everywhere or listening == lan):
        port = f":{parts.port}" if parts.port else ""
        return parts._replace(netloc=f"{lan}{port}").geturl(), None
    if not lan:
        return url, (
            "Phones cannot open this join link: this computer has no network address. Connect "
            "it to the room's Wi-Fi and open this page again."
        )
    return url, (
        "Phones cannot open this join link: the app listens on this computer only. Start "
        "Shoreline for a room with `shoreline serve --address 0.0.0.0` (or `make run`) and open "
        "this page again."
    )


def closing_time(expires: str, zone: str | None = None) -> str:
    """When the room closes, in the facilitator's own zone (the browser's, else the
    scenario's HQ): "18:30 Europe/Paris"; UTC when neither is known."""
    hq = current()
    name = zone or st.context.timezone or hq.hq_tz or loaders.countries().at[hq.hq, "hub_tz"]
    when = dt.datetime.fromisoformat(expires)
    when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    try:
        local = when.astimezone(iana(name))
    except (KeyError, ValueError):
        return f"{when.astimezone(dt.UTC):%H:%M} UTC"
    day = "" if local.date() == dt.datetime.now(local.tzinfo).date() else f"{local:%a} "
    return f"{day}{local:%H:%M} {name}"


def qr(url: str, scale: int) -> str:
    """The link as a QR code, an SVG drawn here by segno (no service, works offline)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=scale, border=2, xmldecl=False, svgclass="room-qr"
    )
    return out.getvalue().decode("utf-8")


def restore(rooms: Rooms) -> None:
    """A facilitator link (code and token, opened on another device) or a reload on this
    browser (the token kept by the browser) finds the room; the address bar keeps only the
    code."""
    if state.room() is None:
        linked = st.query_params.get("room", "") or device.recall("room") or ""
        token = st.query_params.get("host", "") or device.recall(f"host_{linked.upper()}")
        if linked and token:
            try:
                rooms.check_host(linked, token)
                state.set_room(linked.upper(), token)
            except RoomUnavailable as err:  # an outage: keep the room in this browser
                st.warning(
                    f"Your room {md_escape(linked.upper())} cannot be reached just now — "
                    f"{md_escape(err)}. This browser keeps it: reload in a moment."
                )
                st.stop()
            except RoomError as err:
                st.warning(f"The room in the link cannot be opened — {md_escape(err)}")
                state.set_room(None)
        elif "room" in st.query_params:
            st.info(
                "This room is run from another browser. To run it here, open its facilitator "
                "link (the facilitator can show it on their screen, under the room's code)."
            )
            st.query_params.pop("room", None)
        device.flush()


def open_form(rooms: Rooms, scenario: Scenario) -> None:
    """No room yet: what a room is, and the form that opens one from the scenario."""
    st.markdown(
        "Open a room from the current scenario: participants join with a code or a QR code on "
        "their own phones or laptops, set their weights, and their answers arrive here as they "
        "come. Answers are stored as they arrive, so a dropped connection, a reload or a server "
        "restart loses nothing. Rooms close after 12 hours."
    )
    table = loaders.ranked(scenario)
    ranked = table[~table["excluded"]]
    key = key_column(table)  # a country's code, or a city's id at city level
    names = dict(zip(table[key], table["name"], strict=True))
    with st.form("room_open"):
        title = st.text_input(
            "Room title", value=scenario.preset.name, max_chars=120, key="room_title"
        )
        shortlist = st.multiselect(
            "Shortlist participants pick their top three from (optional)",
            list(ranked[key].head(10)),
            default=list(ranked[key].head(5)),
            format_func=names.get,
            max_selections=10,
            key="room_shortlist",
        )
        named = st.checkbox(
            "Ask participants for their names (otherwise anonymous)", key="room_names"
        )
        opened = st.form_submit_button("Open the room")
    if opened:
        try:
            room, host = rooms.open_room(scenario, title, shortlist, named)
        except RoomError as err:
            st.error(f"No room opened — {md_escape(err)}")
        else:
            state.set_room(room.code, host)
            st.rerun()


def header(room: Room, host: str) -> None:
    """The projected part: title, join link, code, status, QR code; the facilitator link only
    behind its toggle."""
    phones, warning = phone_url(base_url(), st.get_option("server.address"), lan_address())
    join = f"{phones}/join?room={room.code}"
    if warning:
        st.warning(warning)
    left, right = st.columns([3, 2])
    with left:
        st.subheader(md_escape(room.title))
        st.markdown(f"Join at **{join}** with the code")
        st.markdown(f"# `{room.code[:4]} {room.code[4:]}`")
        status = "open" if room.open else "closed"
        who = "names asked" if room.names else "anonymous"
        st.caption(f"Round {room.round} · {status} · until {closing_time(room.expires)} · {who}")
        if not state.presenting() and st.toggle(  # never on the projected page
            "Show the facilitator link (to run this room from another device — do not project it)",
            key="room_show_host",
        ):
            st.code(f"{base_url()}/room?room={room.code}&host={host}", language=None)
    with right:
        scale = 9 if state.presenting() else 5
        st.image(
            qr(join, scale),
            caption="Scan to join",
            alt=f"QR code that opens {join}: scan it to join the room",
        )


def act(rooms: Rooms, code: str, host: str, what: str) -> None:
    try:
        if what == "close":
            rooms.close_round(code, host)
        elif what == "next":
            rooms.next_round(code, host)
    except RoomError as err:
        state.flash("error", str(err))


def apply_group(weights: dict[str, float]) -> None:
    try:
        set_scenario(current().replace(weights=whole_points(weights)))
    except ScenarioError as err:
        state.flash("error", f"Group weights not applied — {md_escape(err)}")
        return
    state.flash("success", "The room's weights now drive the scenario (undo brings yours back).")


@st.fragment(run_every="2s")
def live(rooms: Rooms, code: str, scenario: Scenario) -> None:
    """The answers as they arrive, redrawn every two seconds (no reload needed)."""
    try:
        now = rooms.room(code)
        answers = rooms.answers(code)
    except RoomError as err:
        st.error(f"The room cannot be read — {md_escape(err)}")
        return
    how = st.radio("Combine by", ["mean", "median"], horizontal=True, key="room_how")
    st.metric(f"Answers in round {now.round}", len(answers))
    if answers.empty:
        st.info("No answers yet: share the code or the QR code.")
        return
    result = round_result(answers, how)
    c1, c2 = st.columns(2)
    with c1:
        st.markdown("**The room's weights** (each answer scaled to 100)")
        spread = result.spread.assign(criterion=result.spread["criterion"].map(
            lambda c: BY_NAME[c].label if c in BY_NAME else c))  # fmt: skip
        grid(spread, hide_index=True, width="stretch", key="room_spread")
    with c2:
        st.markdown("**The ranking under the room's weights, beside yours**")
        grid(
            ranking_beside(current(), result.weights, loaders.session_countries()),
            hide_index=True,
            width="stretch",
            key="room_beside",
        )
    if not result.outliers.empty:
        st.markdown("**Far from the room** (points of 100 placed differently from the group)")
        grid(result.outliers, hide_index=True, key="room_outliers")
    if not result.top3_votes.empty:
        st.markdown("**Top-three votes**")
        names = loaders.places(scenario)["name"]  # countries, or the cities at city level
        votes = result.top3_votes.assign(location=result.top3_votes["iso2"].map(names))
        grid(votes[["location", "votes"]], hide_index=True, key="room_votes")
    labels = ", ".join(f"{BY_NAME[c].label.lower()} {result.weights[c]:.0f}" for c in CRITERIA)
    st.caption(f"Group weights: {labels}.")
    if state.presenting():  # the facilitator's controls stay off the projected page
        return
    try:
        csv_button(answers_csv_frame(rooms, code), scenario, "room answers", key="room_answers")
    except RoomError as err:
        st.error(f"The answers cannot be exported just now — {md_escape(err)}")
    if st.button("Apply the room's weights to the scenario", key="room_apply"):
        apply_group(result.weights)
        st.rerun(scope="app")  # the sidebar, the link and the confirmation, in this same rerun


def controls(rooms: Rooms, room: Room, code: str, host: str) -> None:
    """Close the round, open the next, leave the room (not while presenting: never on the
    projected page)."""
    if state.presenting():
        return
    b1, b2, b3 = st.columns(3)
    b1.button(
        "Close this round",
        key="room_close",
        on_click=act,
        args=(rooms, code, host, "close"),
        disabled=not room.open,
    )
    b2.button(
        f"Open round {room.round + 1}",
        key="room_next",
        on_click=act,
        args=(rooms, code, host, "next"),
    )
    b3.button(
        "Leave the room (it stays open for its participants)",
        key="room_leave",
        on_click=state.set_room,
        args=(None,),
    )


def converged(rooms: Rooms, room: Room, code: str) -> None:
    """From round 2: did the room converge (spread and distance, round by round)?"""
    st.subheader("Did the room converge?")
    try:
        per_round = {n: rooms.answers(code, n) for n in rooms.rounds(code)}
    except RoomError as err:
        st.error(f"The rounds cannot be read just now — {md_escape(err)}")
        return
    labels = {
        "mean_std": "Spread, mean std (points)",
        "mean_distance": "Mean distance from the group (points)",
    }
    grid(convergence(per_round), hide_index=True, key="room_convergence", column_config=labels)
    st.caption("Falling numbers from round to round: the room is converging.")

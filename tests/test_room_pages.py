"""The Live room and Join pages under AppTest, on a store in a temporary directory."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import sourcing
from sourcing.model.criteria import CRITERIA
from sourcing.store import rooms as rooms_module
from sourcing.store.rooms import RoomError, Rooms

PAGES = Path(__file__).resolve().parent.parent / "pages"
SC = sourcing.Scenario(hq="US", workload="voice-support-en", on="2026-03-11")


@pytest.fixture
def store(tmp_path, monkeypatch):
    where = str(tmp_path / "store.db")
    monkeypatch.setenv("SHORELINE_DB", where)
    monkeypatch.setattr(rooms_module, "MIN_SECONDS_BETWEEN_ANSWERS", 0.0)
    return Rooms(where)


def test_the_facilitator_opens_a_room_sees_answers_applies_them_and_runs_rounds(store):
    at = AppTest.from_file(str(PAGES / "decide" / "room.py"), default_timeout=60).run()
    assert not at.exception
    at.button(key="FormSubmitter:room_open-Open the room").click().run()
    code, host = at.session_state["room"]
    assert at.query_params["room"] in (code, [code])
    assert "host" not in at.query_params  # the facilitator's token is never in the address bar
    for cost in (80, 20):
        token = store.join(code)
        store.submit(code, token, {c: (cost if c == "cost" else 10) for c in CRITERIA})
    at.run()
    assert not at.exception
    assert next(m.value for m in at.metric if m.label == "Answers in round 1") == "2"
    before = at.session_state["scenario"].weights
    at.button(key="room_apply").click().run()
    after = at.session_state["scenario"].weights
    assert after != before and after["cost"] == pytest.approx(
        100 * (80 / 160 + 20 / 100) / 2, abs=0.1
    )
    # in the same rerun: the sidebar's slider, the link and the confirmation
    assert at.slider(key="sb_w_cost").value == round(after["cost"])
    link = at.query_params["w"]
    assert f"cost:{after['cost']:g}"[:7] in (link[0] if isinstance(link, list) else link)
    assert any("The room's weights now drive the scenario" in m.value for m in at.success)
    at.button(key="room_close").click().run()
    assert not store.room(code).open
    at.button(key="room_next").click().run()
    assert store.room(code).round == 2
    assert any("converge" in s.value for s in at.subheader)


def test_a_participant_joins_answers_and_changes_the_answer(store):
    room, _ = store.open_room(SC, shortlist=["IN", "PH", "MX"])
    at = AppTest.from_file(str(PAGES / "join.py"), default_timeout=60)
    at.query_params["room"] = room.code
    at.run()
    assert not at.exception and room.question in [m.value for m in at.markdown]
    at.button(key="join_room").click().run()
    token = at.query_params["me"]
    token = token[0] if isinstance(token, list) else token
    assert store.participant(room.code, token)[0] == "participant 1"
    at.slider(key="join_w_cost").set_value(70)
    at.multiselect(key="join_top3").set_value(["PH", "IN"])
    at.button(key="FormSubmitter:join_answer-Send my answer").click().run()
    assert not at.exception and at.success
    assert store.answer(room.code, token) == {
        "weights": {**{c: SC.merged_weights()[c] for c in CRITERIA}, "cost": 70.0},
        "top3": ["PH", "IN"],
    }
    at.slider(key="join_w_cost").set_value(5)
    at.button(key="FormSubmitter:join_answer-Send my answer").click().run()
    assert store.answer(room.code, token)["weights"]["cost"] == 5
    assert len(store.answers(room.code)) == 1  # changed, not added


def test_a_wrong_code_on_the_join_page_is_a_message(store):
    at = AppTest.from_file(str(PAGES / "join.py"), default_timeout=60)
    at.query_params["room"] = "ZZZZZZZZ"
    at.run()
    assert not at.exception and "no room ZZZZZZZZ" in at.error[0].value


def test_a_name_shows_as_typed_not_as_markdown(store):
    room, _ = store.open_room(SC, names=True)
    at = AppTest.from_file(str(PAGES / "join.py"), default_timeout=60)
    at.query_params["room"] = room.code
    at.run()
    at.text_input(key="join_name").input("**Boss** 👨‍👩‍👧").run()
    at.button(key="join_room").click().run()
    assert not at.exception
    you = next(c.value for c in at.caption if c.value.startswith("You are"))
    assert you.startswith("You are \\*\\*Boss\\*\\* 👨‍👩‍👧.")  # escaped: shown literally


def test_a_mistyped_code_says_what_is_wrong_and_offers_the_box_again(store):
    at = AppTest.from_file(str(PAGES / "join.py"), default_timeout=60)
    at.query_params["room"] = "ABCD 1234"
    at.run()
    assert not at.exception
    assert "codes never use '1'" in at.error[0].value
    at.text_input(key="join_code").input("abcd-2345").run()  # the box is there to try again
    at.button(key="join_go").click().run()
    assert at.query_params["room"] in ("ABCD2345", ["ABCD2345"])
    assert "no room ABCD2345" in at.error[0].value


def test_a_pasted_long_name_is_cut_not_emptied(store):
    room, _ = store.open_room(SC, names=True)
    at = AppTest.from_file(str(PAGES / "join.py"), default_timeout=60)
    at.query_params["room"] = room.code
    at.run()
    at.text_input(key="join_name").input("Maximilian " * 6).run()  # 66 characters
    assert any(c.value.startswith("Cut to 40 characters") for c in at.caption)
    at.button(key="join_room").click().run()
    token = at.query_params["me"]
    token = token[0] if isinstance(token, list) else token
    assert store.participant(room.code, token)[1] == ("Maximilian " * 6)[:40].rstrip()


def test_a_change_sent_after_the_close_is_refused_in_words(store):
    room, host = store.open_room(SC)
    at = AppTest.from_file(str(PAGES / "join.py"), default_timeout=60)
    at.query_params["room"] = room.code
    at.run()
    at.button(key="join_room").click().run()
    at.slider(key="join_w_cost").set_value(70)
    at.button(key="FormSubmitter:join_answer-Send my answer").click().run()
    token = at.query_params["me"]
    token = token[0] if isinstance(token, list) else token
    store.close_round(room.code, host)  # the facilitator closes while the phone shows the form
    at.slider(key="join_w_cost").set_value(5)
    at.button(key="FormSubmitter:join_answer-Send my answer").click().run()
    assert not at.exception
    assert "Not recorded — the facilitator has closed this round" in at.error[0].value
    assert any("Round 1 is closed" in w.value for w in at.warning)
    assert not any("Your answer is in" in m.value for m in [*at.success, *at.info])
    assert store.answer(room.code, token)["weights"]["cost"] == 70
    # the phone's slider goes back to the answer that counts, not the refused 5
    assert at.slider(key="join_w_cost").value == 70
    assert "The sliders show the answer that counts." in at.error[0].value


def test_a_database_outage_mid_room_is_a_quick_message_on_every_page(
    postgres_server, pg_url, monkeypatch
):
    """The PostgreSQL server stops while a room runs: the Join and Live room pages say so
    within 3 s (no crash page, no 15 s wait), and work again once it is back."""
    import time

    from sourcing.store.db import close_pools

    monkeypatch.setenv("SHORELINE_DB", pg_url)
    rooms = Rooms(pg_url)
    room, host = rooms.open_room(SC)
    token = rooms.join(room.code)
    phone = AppTest.from_file(str(PAGES / "join.py"), default_timeout=60)
    phone.query_params["room"] = room.code
    phone.query_params["me"] = token
    phone.run()
    assert not phone.exception
    postgres_server.pause()
    try:
        began = time.monotonic()
        with pytest.raises(RoomError, match="cannot be reached"):
            rooms.submit(room.code, token, {c: 10 for c in CRITERIA})
        assert time.monotonic() - began < 3.5
        for at in (phone, AppTest.from_file(str(PAGES / "join.py"), default_timeout=60)):
            at.query_params["room"] = room.code
            at.query_params["me"] = token
            began = time.monotonic()
            at.run()
            assert not at.exception, at.exception
            assert "cannot be reached" in at.error[0].value
            assert time.monotonic() - began < 8  # each store call gives up within 3 s
    finally:
        postgres_server.resume()
    close_pools()
    phone.run()
    assert not phone.exception and not phone.error
    rooms.submit(room.code, token, {c: 10 for c in CRITERIA})


def test_a_store_fault_between_two_calls_is_a_message_not_a_crash_page(store, monkeypatch):
    """The room was read, then the database failed on the participant's answer (the crash
    two participants saw): the Join page says so."""
    room, _ = store.open_room(SC)
    token = store.join(room.code)

    def down(self, code, token):
        raise RoomError("the database at postgresql://db/x cannot be reached (connection refused)")

    monkeypatch.setattr(Rooms, "answer", down)
    at = AppTest.from_file(str(PAGES / "join.py"), default_timeout=60)
    at.query_params["room"] = room.code
    at.query_params["me"] = token
    at.run()
    assert not at.exception
    assert "Your answer cannot be read just now" in at.error[0].value


@pytest.mark.parametrize(
    ("url", "listening", "lan", "phones", "warned"),
    [
        ("http://localhost:8501", None, "192.168.1.20", "http://192.168.1.20:8501", False),
        ("http://127.0.0.1:8501/base", "0.0.0.0", "10.0.0.5", "http://10.0.0.5:8501/base", False),
        ("http://localhost:8501", "127.0.0.1", "192.168.1.20", "http://localhost:8501", True),
        ("http://localhost:8501", "0.0.0.0", None, "http://localhost:8501", True),
        ("http://192.168.1.20:8501", "127.0.0.1", "192.168.1.20", "http://192.168.1.20:8501",
         False),
        ("https://shore.example.org", None, "10.0.0.5", "https://shore.example.org", False),
    ],
)  # fmt: skip
def test_the_join_link_uses_an_address_phones_can_open(url, listening, lan, phones, warned):
    from ui.room_parts import phone_url

    got, warning = phone_url(url, listening, lan)
    assert got == phones
    assert (warning is not None) == warned
    if warned:
        assert warning.startswith("Phones cannot open this join link")


def test_the_room_s_closing_time_is_in_the_facilitator_s_zone():
    from ui.room_parts import closing_time

    assert closing_time("2026-03-11T17:30:00+00:00", "Europe/Paris").endswith("18:30 Europe/Paris")
    assert closing_time("2026-03-11T17:30:00+00:00", "Asia/Tokyo").endswith("02:30 Asia/Tokyo")
    assert closing_time("2026-03-11T17:30:00", "Nowhere/Land") == "17:30 UTC"


def test_enter_in_the_code_box_joins_without_the_button(store):
    """Pressing Enter commits the box (Streamlit's on_change): that alone opens the room."""
    room, _ = store.open_room(SC)
    at = AppTest.from_file(str(PAGES / "join.py"), default_timeout=60)
    at.run()
    assert not at.exception
    at.text_input(key="join_code").input(f"{room.code[:4]} {room.code[4:]}".lower()).run()
    assert not at.exception
    assert at.query_params["room"] in (room.code, [room.code])
    assert at.get("button") and any(b.label == "Join the room" for b in at.button)


def test_a_facilitator_reload_during_an_outage_keeps_the_room_in_the_browser(store, monkeypatch):
    """The store cannot be reached when the facilitator reloads: the page says so and keeps
    the room's code in the address and its token in the browser (before, both were dropped
    and only typing the code back recovered the room)."""
    from sourcing.store.rooms import RoomUnavailable
    from ui import device

    room, host = store.open_room(SC)

    def down(self, code, token):
        raise RoomUnavailable("the database at postgresql://db/x cannot be reached")

    forgotten = []
    monkeypatch.setattr(Rooms, "check_host", down)
    monkeypatch.setattr(device, "forget", lambda key: forgotten.append(key))
    at = AppTest.from_file(str(PAGES / "decide" / "room.py"), default_timeout=60)
    at.query_params["room"] = room.code
    at.query_params["host"] = host
    at.run()
    assert not at.exception
    assert any("This browser keeps it: reload in a moment" in w.value for w in at.warning)
    assert at.query_params.get("room") in (room.code, [room.code])
    assert not forgotten
    assert not [b for b in at.button if b.label == "Open the room"]

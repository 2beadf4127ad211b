"""Live workshop rooms: one contract, run against both engines (SQLite and a real PostgreSQL
server) — joining, answering, rounds, who may change what, limits, restarts, many writers."""

import multiprocessing as mp

import pytest

import sourcing
from sourcing.model.criteria import CRITERIA
from sourcing.store import rooms as rooms_module
from sourcing.store.rooms import RoomError, Rooms, clean_code, convergence, round_result

SC = sourcing.Scenario(hq="US", workload="voice-support-en", on="2026-03-11")


def weights(**kw) -> dict:
    return {c: kw.get(c, 10) for c in CRITERIA}


@pytest.fixture
def rooms(store_location, monkeypatch):
    monkeypatch.setattr(rooms_module, "MIN_SECONDS_BETWEEN_ANSWERS", 0.0)
    return Rooms(store_location)


def test_a_room_takes_answers_and_combines_them(rooms):
    room, host = rooms.open_room(SC, "Voice, Q3", shortlist=["IN", "PH", "MX"])
    assert len(room.code) == 8 and room.round == 1 and room.open
    assert "Voice support (English)" in room.question and "United States" in room.question
    a, b = rooms.join(room.code), rooms.join(room.code.lower())  # codes are case-blind
    rooms.submit(room.code, a, weights(cost=50), top3=["IN", "PH"])
    rooms.submit(room.code, b, weights(cost=10), top3=["PH"])
    answers = rooms.answers(room.code)
    assert list(answers["participant"]) == ["participant 1", "participant 2"]
    result = round_result(answers)
    assert result.answers == 2
    # each answer scaled to 100 first: cost 50/130 and 10/90 of the points, then the mean
    assert result.weights["cost"] == pytest.approx(100 * (50 / 130 + 10 / 90) / 2, abs=0.05)
    assert dict(zip(result.top3_votes["iso2"], result.top3_votes["votes"], strict=True)) == {
        "PH": 2, "IN": 1}  # fmt: skip


def test_a_participant_changes_only_their_own_answer(rooms):
    room, _ = rooms.open_room(SC)
    a, b = rooms.join(room.code), rooms.join(room.code)
    rooms.submit(room.code, a, weights(cost=90))
    rooms.submit(room.code, b, weights(risk=90))
    rooms.submit(room.code, a, weights(cost=5))  # a changes their mind: replaced, not added
    answers = rooms.answers(room.code).set_index("participant")
    assert len(answers) == 2
    assert answers.at["participant 1", "cost"] == 5 and answers.at["participant 2", "risk"] == 90
    assert rooms.answer(room.code, a)["weights"]["cost"] == 5
    with pytest.raises(RoomError, match="not joined"):
        rooms.submit(room.code, "a-guessed-token", weights())


def test_rounds_close_open_and_compare(rooms):
    room, host = rooms.open_room(SC)
    tokens = [rooms.join(room.code) for _ in range(3)]
    for t, cost in zip(tokens, (80, 10, 40), strict=True):
        rooms.submit(room.code, t, weights(cost=cost))
    with pytest.raises(RoomError, match="only the facilitator"):
        rooms.close_round(room.code, tokens[0])
    assert not rooms.close_round(room.code, host).open
    with pytest.raises(RoomError, match="closed this round"):
        rooms.submit(room.code, tokens[0], weights())
    assert rooms.next_round(room.code, host).round == 2
    for t in tokens:  # round 2: the room agrees more
        rooms.submit(room.code, t, weights(cost=40))
    assert rooms.rounds(room.code) == [1, 2]
    table = convergence({n: rooms.answers(room.code, n) for n in rooms.rounds(room.code)})
    assert list(table["answers"]) == [3, 3]
    assert table["mean_std"].iloc[1] < table["mean_std"].iloc[0]
    assert table["mean_distance"].iloc[1] == 0
    assert len(rooms.answers(room.code, 1)) == 3  # round 1 kept as it was


def test_the_room_and_the_answers_survive_a_restart(store_location):
    from sourcing.store.db import close_pools

    first = Rooms(store_location)
    room, host = first.open_room(SC, names=True)
    me = first.join(room.code, "Ana <b>")
    first.submit(room.code, me, weights(talent=70))
    close_pools()  # a server restart: every connection gone
    again = Rooms(store_location)
    assert again.participant(room.code, me) == ("participant 1", "Ana <b>")  # rejoin
    assert again.check_host(room.code, host).code == room.code  # a facilitator's reload
    answers = again.answers(room.code)
    assert list(answers["participant"]) == ["Ana <b>"] and answers.at[0, "talent"] == 70


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda r, c, t: r.submit(c, t, weights(cost=101)), "cost must be between 0 and 100"),
        (lambda r, c, t: r.submit(c, t, {k: 0 for k in CRITERIA}), "all criteria weigh zero"),
        (lambda r, c, t: r.submit(c, t, {"colour": 1}), "unknown criteria"),
        (lambda r, c, t: r.submit(c, t, weights(cost=float("nan"))), "between 0 and 100"),
        (lambda r, c, t: r.submit(c, t, weights(), top3=["CN"]), "not on the shortlist"),
        (lambda r, c, t: r.submit(c, t, weights(), top3=["IN", "PH", "MX", "PL"]), "at most three"),
        (lambda r, c, t: r.join(c, "x" * 41), "at most 40"),
        (lambda r, c, t: r.join(c, "bell\x07"), "control characters"),
        (lambda r, c, t: r.join(c, "Ana\u202egnp.exe"), "control characters"),  # bidi override
        (lambda r, c, t: r.room("ABC"), "is not a room code"),
        (lambda r, c, t: r.room("ZZZZZZZZ"), "no room ZZZZZZZZ"),
    ],
)
def test_bad_input_is_named_and_changes_nothing(rooms, call, message):
    room, _ = rooms.open_room(SC, shortlist=["IN", "PH", "MX", "PL"])
    token = rooms.join(room.code)
    rooms.submit(room.code, token, weights(cost=33))
    with pytest.raises(RoomError, match=message):
        call(rooms, room.code, token)
    answers = rooms.answers(room.code)
    assert len(answers) == 1 and answers.at[0, "cost"] == 33


def test_answers_are_rate_limited_and_rooms_expire(store_location, monkeypatch):
    rooms = Rooms(store_location)
    room, _ = rooms.open_room(SC)
    token = rooms.join(room.code)
    rooms.submit(room.code, token, weights())
    with pytest.raises(RoomError, match="one answer a second"):
        rooms.submit(room.code, token, weights(cost=1))
    short, _ = rooms.open_room(SC, hours=0.0005)  # about two seconds
    import time

    time.sleep(2.5)
    with pytest.raises(RoomError, match="expired"):
        rooms.join(short.code)
    assert rooms.purge_expired() == 1
    with pytest.raises(RoomError, match="no room"):
        rooms.room(short.code)


def test_a_named_room_asks_for_names_and_codes_are_not_guessable(rooms):
    room, _ = rooms.open_room(SC, names=True)
    with pytest.raises(RoomError, match="asks for your name"):
        rooms.join(room.code)
    codes = {rooms_module.new_code() for _ in range(2000)}
    assert len(codes) == 2000 and all(len(c) == 8 for c in codes)
    assert not set("".join(codes)) & set("01OIL")  # no look-alikes
    assert clean_code(" ab cd-ef 23 ".upper()) == "ABCDEF23"


def _participants(where, code, worker, n, rounds):
    import random

    rooms_module.MIN_SECONDS_BETWEEN_ANSWERS = 0.0
    r = Rooms(where)
    tokens = [r.join(code, f"w{worker}-{i}") for i in range(n)]
    rng = random.Random(worker)
    for _ in range(rounds):  # everyone answers, then changes their answer, in random order
        for t in rng.sample(tokens, len(tokens)):
            r.submit(code, t, weights(cost=rng.randint(1, 100)))
    for i, t in enumerate(tokens):  # the final answer each participant leaves
        r.submit(code, t, weights(cost=worker * 100 // 4 + i % 25 + 1))


def test_sixty_participants_in_four_processes_leave_every_final_answer_once(store_location):
    rooms = Rooms(store_location)
    room, _ = rooms.open_room(SC, names=True)
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_participants, args=(store_location, room.code, w, 15, 3))
             for w in range(4)]  # fmt: skip
    for p in procs:
        p.start()
    for p in procs:
        p.join(180)
        assert p.exitcode == 0
    answers = rooms.answers(room.code).set_index("participant")
    assert len(answers) == 60 and answers.index.is_unique
    for w in range(4):
        for i in range(15):
            assert answers.at[f"w{w}-{i}", "cost"] == w * 100 // 4 + i % 25 + 1


def test_a_rooms_results_go_into_the_brief(rooms):
    from sourcing.report.brief import brief_for
    from sourcing.store.rooms import for_the_brief

    room, host = rooms.open_room(SC)
    for cost in (60, 20):
        rooms.submit(room.code, rooms.join(room.code), weights(cost=cost))
    text = brief_for(sourcing.rank(SC), None, room=for_the_brief(rooms, room.code))
    assert "The workshop room" in text and "mean_std" in text


def test_names_with_joined_emoji_are_accepted_as_typed(rooms):
    """👨‍👩‍👧 is three emoji joined by U+200D (a format character): a name, not a control."""
    room, _ = rooms.open_room(SC, names=True)
    token = rooms.join(room.code, "Ana 👨‍👩‍👧 🏳️‍🌈")
    assert rooms.participant(room.code, token)[1] == "Ana 👨‍👩‍👧 🏳️‍🌈"


def test_a_name_is_shown_as_text_not_markdown():
    from sourcing.facts.text import md_escape

    assert md_escape("**Ana** [x](http://e.vil) :red[b] $x$") == (
        "\\*\\*Ana\\*\\* \\[x\\]\\(http\\:\u2060//e\\.vil\\) \\:\u2060red\\[b\\] \\$x\\$"
    )
    # autolink literals are found after escapes are resolved: a word joiner breaks each one
    assert md_escape("www.e.vil a@e.vil") == "www\u2060\\.e\\.vil a\u2060@e\\.vil"
    assert md_escape("Zoë 👨‍👩‍👧") == "Zoë 👨‍👩‍👧"


def test_a_duplicate_name_is_marked_so_no_one_answers_as_another(rooms):
    room, _ = rooms.open_room(SC, names=True)
    first = rooms.join(room.code, "Ana")
    second = rooms.join(room.code, " Ana ")
    third = rooms.join(room.code, "Ana")
    assert [rooms.participant(room.code, t)[1] for t in (first, second, third)] == [
        "Ana", "Ana (2)", "Ana (3)"
    ]  # fmt: skip
    long = "x" * 40
    rooms.join(room.code, long)
    marked = rooms.join(room.code, long)
    assert rooms.participant(room.code, marked)[1] == "x" * 36 + " (2)"


def _send_at(where, code, token, cost, start, out):
    """One participant's send from its own process (its own connections), when every process
    has reached ``start`` (a barrier)."""
    rooms = Rooms(where)
    rooms.room(code)  # connect (and, on PostgreSQL, open the pool) before the start
    start.wait(120)
    try:
        rooms.submit(code, token, weights(cost=cost))
        out.put(("taken", cost))
    except RoomError as err:
        out.put(("refused", str(err)))


def test_the_one_answer_a_second_limit_holds_under_concurrent_sends(store_location):
    """12 sends from one participant at the same instant, each from its own process: exactly
    one is taken, on SQLite and on the real PostgreSQL server (where reading the last time
    without a lock let several through)."""
    import multiprocessing as mp
    import time

    rooms = Rooms(store_location)
    room, _ = rooms.open_room(SC)
    token = rooms.join(room.code)
    time.sleep(1.05)  # past the limit since joining
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    start = ctx.Barrier(12)  # every process started and connected, then all send at once
    procs = [ctx.Process(target=_send_at, args=(store_location, room.code, token, c + 1,
                                                start, out)) for c in range(12)]  # fmt: skip
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
    taken = [v for what, v in results if what == "taken"]
    refused = [v for what, v in results if what == "refused"]
    assert len(taken) == 1, (taken, refused[:3])
    assert all("one answer a second" in r for r in refused), refused
    assert rooms.answer(room.code, token)["weights"]["cost"] == taken[0]


def _send_during_close(where, code, token, start, out):
    rooms = Rooms(where)
    start.wait()
    try:
        rooms.submit(code, token, weights(cost=40))
        out.put(("recorded", token))
    except RoomError as err:
        out.put(("refused", str(err)))


@pytest.mark.parametrize("trial", range(3))
def test_no_answer_lands_after_the_close_returns(store_location, trial):
    """40 participants send while the facilitator closes the round (each from its own process,
    released together with the close): the count read right after the close returns is the
    final count, and everyone told "recorded" is in it — on SQLite and PostgreSQL (before, the
    round was read as open apart from the write, and sends in flight landed after the close)."""
    import multiprocessing as mp
    import time

    rooms = Rooms(store_location)
    room, host = rooms.open_room(SC)
    tokens = [rooms.join(room.code) for _ in range(40)]
    time.sleep(1.05)  # past the one-answer-a-second limit since joining
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    start = ctx.Barrier(41)
    procs = [
        ctx.Process(target=_send_during_close, args=(store_location, room.code, t, start, out))
        for t in tokens
    ]
    for p in procs:
        p.start()
    start.wait()
    time.sleep(0.01 * trial)  # the close lands early, mid-way or late among the sends
    rooms.close_round(room.code, host)
    at_close = set(rooms.answers(room.code)["participant"])
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
    assert set(rooms.answers(room.code)["participant"]) == at_close  # nothing landed after
    recorded = {rooms.participant(room.code, t)[0] for what, t in results if what == "recorded"}
    refused = [r for what, r in results if what == "refused"]
    assert recorded == at_close  # everyone told "recorded" is in the close's count
    assert all("closed this round" in r for r in refused), refused[:3]
    assert len(recorded) + len(refused) == 40


@pytest.mark.parametrize("forged", ["ébc", "\udc80", "\x00", "a" * 5000])
def test_a_forged_host_token_of_any_text_is_refused_in_words(rooms, forged):
    room, _ = rooms.open_room(SC)
    with pytest.raises(RoomError, match="only the facilitator"):
        rooms.close_round(room.code, forged)


@pytest.mark.parametrize("token", ["\x00", "%00", "\udc80", "é" * 10, "", None, "a b"])
def test_a_hostile_participant_token_finds_no_one_on_either_engine(rooms, token):
    room, _ = rooms.open_room(SC)
    with pytest.raises(RoomError):
        rooms.participant(room.code, token)
    assert rooms.answer(room.code, token) is None
    with pytest.raises(RoomError, match="has not joined"):
        rooms.submit(room.code, token, weights(cost=40))


def test_a_room_at_city_level_takes_cities_on_its_shortlist_and_in_the_votes(rooms):
    cities = SC.replace(level="city")
    room, _ = rooms.open_room(cities, shortlist=["PH-cebu-city", "PH-manila", "in"])
    assert room.shortlist == ("PH-cebu-city", "PH-manila", "IN")  # ids keep their case
    a = rooms.join(room.code)
    rooms.submit(room.code, a, weights(cost=50), top3=["PH-cebu-city"])
    votes = round_result(rooms.answers(room.code)).top3_votes
    assert list(votes["iso2"]) == ["PH-cebu-city"]
    assert rooms.room(room.code).scenario.level == "city"
    with pytest.raises(RoomError, match="not in the dataset: PH-cebu-ctiy"):
        rooms.open_room(cities, shortlist=["PH-cebu-ctiy"])

"""Live workshop rooms: a facilitator opens a room from a scenario, participants join on their
own devices and set their weights, the room's answers combine into group weights.

Everything is kept in the store (:mod:`sourcing.store.db`: SQLite, or PostgreSQL for several app
replicas), so a room survives a participant's dropped connection (their answer is stored; they
rejoin with their token), a facilitator's page reload and a server restart, and every replica
sees the same answers.

- **Codes** are 8 characters from a 31-letter alphabet without look-alikes (no 0/O, 1/I/L):
  31⁸ ≈ 8.5 × 10¹¹ codes, drawn with :mod:`secrets`; guessing a live one takes ~10¹¹ tries.
- **Tokens**: the facilitator's and each participant's token are 128-bit random
  (``secrets.token_urlsafe(16)``). Only the facilitator's token closes and opens rounds; a
  participant's token is the only way to change that participant's answer.
- **Limits**: at most 200 participants a room; one answer a second each; names at most 40
  characters, text everywhere; weights 0–100 each, not all zero; the top three from the
  shortlist. Bad input raises :class:`RoomError` naming what is wrong and changes nothing.
- **Rounds**: answers belong to a round; the facilitator closes one (answers freeze) and opens
  the next; rounds compare (did the room converge?). Rooms expire after ``ROOM_HOURS`` (12 h).
"""

from __future__ import annotations

import json
import math
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd

from sourcing.analysis.workshop import group_weights
from sourcing.engine.scoring import rank
from sourcing.facts.cities import city_table
from sourcing.facts.countries import shared_countries
from sourcing.facts.text import has_control
from sourcing.model.criteria import CRITERIA
from sourcing.model.scenario import MAX_WEIGHT, Scenario
from sourcing.store import db
from sourcing.store.db import StoreError

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
ROOM_HOURS = 12
MAX_PARTICIPANTS = 200
MAX_NAME = 40
MAX_TITLE = 120
MIN_SECONDS_BETWEEN_ANSWERS = 1.0
SHORTLIST_MAX = 10
OUTLIER_POINTS = 25.0  # an answer this far (points of 100 placed differently) from the group


class RoomError(ValueError):
    """A room operation that cannot be done; the message says why in plain words."""


class RoomUnavailable(RoomError):
    """The store cannot be reached just now (not a verdict on the room or the token)."""


@dataclass(frozen=True)
class Room:
    code: str
    title: str
    scenario: Scenario
    shortlist: tuple[str, ...]
    names: bool  # whether participants give their names (else anonymous labels)
    round: int
    open: bool  # whether the current round takes answers
    created: str
    expires: str

    @property
    def question(self) -> str:
        """The room's question in plain words, for the participants' page."""
        return (
            f"Where should “{self.scenario.preset.name}” work for an HQ in "
            f"{_country_name(self.scenario.hq)} go? Say how much each criterion matters to you."
        )


def _country_name(iso2: str) -> str:

    names = shared_countries()["name"]
    return names.get(iso2, iso2)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def clean_token(token) -> str:
    """A participant's token as a link or a cookie brings it: the urlsafe text tokens are made
    of, else "" (which no participant has) — so ``me=%00`` or a surrogate finds no one instead
    of reaching the database driver."""
    text = token if isinstance(token, str) else ""
    return text if _TOKEN.fullmatch(text) else ""


def clean_code(code: str) -> str:
    """A typed code as stored: upper case, spaces and dashes dropped; refused if malformed."""
    text = "".join(str(code).split()).replace("-", "").upper()
    unused = sorted({ch for ch in text if ch not in CODE_ALPHABET})
    if unused:
        shown = ", ".join(repr(ch) for ch in unused[:5])
        raise RoomError(
            f"{str(code)[:20]!r} is not a room code: codes never use {shown} (they use "
            "letters without I, L and O, and the digits 2–9)"
        )
    if len(text) != CODE_LENGTH:
        raise RoomError(
            f"{str(code)[:20]!r} is not a room code: it has {len(text)} letters and digits, "
            f"a code has {CODE_LENGTH}"
        )
    return text


def _clean_text(value: str, limit: int, what: str) -> str:
    if not isinstance(value, str):
        raise RoomError(f"{what}: must be text")
    value = " ".join(value.split())
    if len(value) > limit:
        raise RoomError(f"{what}: at most {limit} characters")
    if has_control(value):
        raise RoomError(f"{what}: contains control characters")
    return value


def clean_weights(weights: dict) -> dict[str, float]:
    """A participant's weights: every criterion, each 0–100, not all zero."""
    if not isinstance(weights, dict):
        raise RoomError("weights: expected one number per criterion")
    unknown = sorted(set(weights) - set(CRITERIA))
    if unknown:
        raise RoomError(f"weights: unknown criteria {unknown}")
    out = {}
    for c in CRITERIA:
        value = weights.get(c, 0)
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise RoomError(f"weights: {c} is not a number") from None
        if not math.isfinite(number) or not 0 <= number <= MAX_WEIGHT:
            raise RoomError(f"weights: {c} must be between 0 and {MAX_WEIGHT:g}")
        out[c] = number
    if sum(out.values()) <= 0:
        raise RoomError("weights: all criteria weigh zero; at least one must be above zero")
    return out


class Rooms:
    """The rooms in one store (``where``, default ``$SHORELINE_DB``)."""

    def __init__(self, where: str | Path | None = None) -> None:
        self.store = db.engine(where)

    def _connect(self, write: bool = False):
        return _guard(self.store.connect(write))

    # --- the facilitator -------------------------------------------------------------------

    def open_room(
        self,
        scenario: Scenario,
        title: str = "",
        shortlist: tuple[str, ...] | list[str] = (),
        names: bool = False,
        hours: float = ROOM_HOURS,
    ) -> tuple[Room, str]:
        """A new room for ``scenario``; returns it and the facilitator's token."""
        title = _clean_text(title or scenario.preset.name, MAX_TITLE, "title")
        picks = list(dict.fromkeys(c if "-" in c else c.upper() for c in map(str, shortlist)))
        if len(picks) > SHORTLIST_MAX:
            raise RoomError(f"shortlist: at most {SHORTLIST_MAX} locations")
        unknown = [c for c in picks if c not in shared_countries().index.union(city_table().index)]
        if unknown:
            raise RoomError(f"shortlist: not in the dataset: {', '.join(unknown)}")
        if not 0 < hours <= 72:
            raise RoomError("hours: a room lasts more than 0 and at most 72 hours")
        now = _now()
        host = secrets.token_urlsafe(16)
        self.purge_expired()
        with self._connect(write=True) as conn:
            for _ in range(5):
                code = new_code()
                if conn.execute("SELECT 1 FROM rooms WHERE code = ?", (code,)).one() is None:
                    break
            else:  # pragma: no cover — five collisions in 8.5e11 codes
                raise RoomError("could not draw a free room code; try again")
            conn.execute(
                "INSERT INTO rooms (code, host_token, title, scenario, shortlist, names, round, "
                "open, created, expires) VALUES (?, ?, ?, ?, ?, ?, 1, 1, ?, ?)",
                (code, host, title, scenario.to_json(), json.dumps(picks), int(bool(names)),
                 now.isoformat(), (now + timedelta(hours=hours)).isoformat()),
            )  # fmt: skip
        return self.room(code), host

    def _host(self, conn, code: str, host: str) -> None:
        row = conn.execute("SELECT host_token FROM rooms WHERE code = ?", (code,)).one()
        if row is None:
            raise RoomError(f"no room {code}")
        given = str(host).encode("utf-8", "surrogatepass")  # any text a link can carry
        if not secrets.compare_digest(str(row[0]).encode(), given):
            raise RoomError("only the facilitator can do that")

    def close_round(self, code: str, host: str) -> Room:
        """Freeze the current round's answers."""
        code = clean_code(code)
        with self._connect(write=True) as conn:
            self._host(conn, code, host)
            conn.execute("UPDATE rooms SET open = 0 WHERE code = ?", (code,))
        return self.room(code)

    def next_round(self, code: str, host: str) -> Room:
        """Open the next round (participants answer again; earlier rounds are kept)."""
        code = clean_code(code)
        with self._connect(write=True) as conn:
            self._host(conn, code, host)
            conn.execute("UPDATE rooms SET round = round + 1, open = 1 WHERE code = ?", (code,))
        return self.room(code)

    def check_host(self, code: str, host: str) -> Room:
        """The room, if ``host`` is its facilitator's token (a reloaded facilitator page)."""
        code = clean_code(code)
        with self._connect() as conn:
            self._host(conn, code, host)
        return self.room(code)

    # --- everyone ---------------------------------------------------------------------------

    def room(self, code: str) -> Room:
        code = clean_code(code)
        with self._connect() as conn:
            row = conn.execute(
                "SELECT code, title, scenario, shortlist, names, round, open, created, expires "
                "FROM rooms WHERE code = ?",
                (code,),
            ).one()
        if row is None:
            raise RoomError(f"no room {code}: check the code, or the room has expired")
        if row[8] <= _now().isoformat():
            raise RoomError(f"room {code} has expired")
        return Room(row[0], row[1], Scenario.parse(row[2]), tuple(json.loads(row[3])),
                    bool(row[4]), int(row[5]), bool(row[6]), row[7], row[8])  # fmt: skip

    # --- participants -----------------------------------------------------------------------

    def join(self, code: str, name: str = "") -> str:
        """A participant joins; returns their token (keep it to change the answer later). A name
        someone in the room already has is marked: the second "Ana" is "Ana (2)"."""
        room = self.room(code)
        name = _clean_text(name, MAX_NAME, "name")
        if room.names and not name:
            raise RoomError("name: this room asks for your name")
        token = secrets.token_urlsafe(16)
        with self._connect(write=True) as conn:
            conn.lock("participants")
            count = conn.execute(
                "SELECT COUNT(*) FROM participants WHERE room = ?", (room.code,)
            ).one()[0]
            if count >= MAX_PARTICIPANTS:
                raise RoomError(f"the room is full ({MAX_PARTICIPANTS} participants)")
            if name:  # a name already in the room is marked, so no one can answer as another
                rows = conn.execute(
                    "SELECT name FROM participants WHERE room = ?", (room.code,)
                ).all()
                taken = {row[0] for row in rows}
                base, n = name, 2
                while name in taken:
                    suffix = f" ({n})"
                    name, n = base[: MAX_NAME - len(suffix)] + suffix, n + 1
            conn.execute(
                "INSERT INTO participants (room, token, label, name, joined) "
                "VALUES (?, ?, ?, ?, ?)",
                (room.code, token, f"participant {count + 1}", name, _now().isoformat()),
            )
        return token

    def participant(self, code: str, token: str) -> tuple[str, str]:
        """(label, name) of the participant with ``token`` — a rejoin after a dropped
        connection or a reload."""
        code = clean_code(code)
        with self._connect() as conn:
            row = conn.execute(
                "SELECT label, name FROM participants WHERE room = ? AND token = ?",
                (code, clean_token(token)),
            ).one()
        if row is None:
            raise RoomError("this device has not joined the room yet")
        return row[0], row[1]

    def answer(self, code: str, token: str) -> dict | None:
        """The participant's own answer in the current round (to show it back), if any."""
        room = self.room(code)
        with self._connect() as conn:
            row = conn.execute(
                "SELECT weights, top3 FROM answers WHERE room = ? AND round = ? AND token = ?",
                (room.code, room.round, clean_token(token)),
            ).one()
        return None if row is None else {"weights": json.loads(row[0]),
                                         "top3": json.loads(row[1])}  # fmt: skip

    def submit(self, code: str, token: str, weights: dict, top3=()) -> None:
        """Store (or replace) the participant's answer in the current round."""
        room = self.room(code)
        if not room.open:
            raise RoomError("the facilitator has closed this round")
        clean = clean_weights(weights)
        picks = list(dict.fromkeys(c if "-" in c else c.upper() for c in map(str, top3)))
        if len(picks) > 3:
            raise RoomError("top three: at most three locations")
        outside = [c for c in picks if c not in room.shortlist]
        if outside:
            raise RoomError(f"top three: not on the shortlist: {', '.join(outside)}")
        now = time.time()
        with self._connect(write=True) as conn:
            # the round read where the answer is written, the room's row held against a close
            # (FOR SHARE; SQLite's BEGIN IMMEDIATE): no answer lands after a close returns
            share = " FOR SHARE" if conn.engine == "postgresql" else ""
            now_open = conn.execute(
                f"SELECT round, open FROM rooms WHERE code = ?{share}", (room.code,)
            ).one()
            if now_open is None or not now_open[1] or int(now_open[0]) != room.round:
                raise RoomError("the facilitator has closed this round")
            row = conn.execute(
                "SELECT last_at FROM participants WHERE room = ? AND token = ?",
                (room.code, clean_token(token)),
            ).one()
            if row is None:
                raise RoomError("this device has not joined the room yet")
            if now - float(row[0]) < MIN_SECONDS_BETWEEN_ANSWERS:
                raise RoomError("wait a moment: one answer a second")
            # a conditional update: of simultaneous sends that all read the old time, only one
            # moves it (PostgreSQL re-checks the condition on the row it waited for), so the
            # limit holds under concurrency on both engines
            claimed = conn.execute(
                "UPDATE participants SET last_at = ? WHERE room = ? AND token = ? AND last_at <= ?",
                (now, room.code, token, now - MIN_SECONDS_BETWEEN_ANSWERS),
            ).rowcount
            if claimed != 1:
                raise RoomError("wait a moment: one answer a second")
            conn.execute(
                "INSERT INTO answers (room, round, token, weights, top3, updated) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (room, round, token) DO UPDATE SET "
                "weights = excluded.weights, top3 = excluded.top3, updated = excluded.updated",
                (room.code, room.round, token, json.dumps(clean), json.dumps(picks),
                 _now().isoformat()),
            )  # fmt: skip

    # --- results ----------------------------------------------------------------------------

    def answers(self, code: str, round_: int | None = None) -> pd.DataFrame:
        """One row per participant who answered the round (default: the current one):
        participant (the name when the room asks for names, else an anonymous label), each
        criterion, top3, updated."""
        room = self.room(code)
        number = room.round if round_ is None else int(round_)
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT p.label, p.name, a.weights, a.top3, a.updated FROM answers a "
                "JOIN participants p ON p.room = a.room AND p.token = a.token "
                "WHERE a.room = ? AND a.round = ? ORDER BY p.joined, p.label",
                (room.code, number),
            ).all()
        records = []
        for label, name, weights, top3, updated in rows:
            who = name if room.names and name else label
            records.append({"participant": who, **json.loads(weights),
                            "top3": " ".join(json.loads(top3)), "updated": updated})  # fmt: skip
        columns = ["participant", *CRITERIA, "top3", "updated"]
        return pd.DataFrame(records, columns=columns)

    def rounds(self, code: str) -> list[int]:
        room = self.room(code)
        return list(range(1, room.round + 1))

    def purge_expired(self) -> int:
        """Delete rooms past their expiry (with their participants and answers)."""
        now = _now().isoformat()
        with self._connect(write=True) as conn:
            gone = [r[0] for r in conn.execute(
                "SELECT code FROM rooms WHERE expires <= ?", (now,)).all()]  # fmt: skip
            for code in gone:
                conn.execute("DELETE FROM answers WHERE room = ?", (code,))
                conn.execute("DELETE FROM participants WHERE room = ?", (code,))
                conn.execute("DELETE FROM rooms WHERE code = ?", (code,))
        return len(gone)


class _guard:
    """The store's connection, its faults as :class:`RoomUnavailable`."""

    def __init__(self, manager) -> None:
        self.manager = manager

    def __enter__(self):
        try:
            return self.manager.__enter__()
        except StoreError as err:
            raise RoomUnavailable(str(err)) from None

    def __exit__(self, *exc):
        try:
            return self.manager.__exit__(*exc)
        except StoreError as err:
            raise RoomUnavailable(str(err)) from None


# --- what the facilitator sees -------------------------------------------------------------


@dataclass(frozen=True)
class RoundResult:
    answers: int
    weights: dict[str, float]  # the group's, % of 100
    spread: pd.DataFrame  # per criterion: min, max, std and each participant's value
    outliers: pd.DataFrame  # participant, distance (points of 100 placed differently)
    top3_votes: pd.DataFrame  # iso2, votes
    skipped: list[str]


def round_result(answers: pd.DataFrame, how: str = "mean") -> RoundResult:
    """The group's weights from a round's answers (each scaled to 100, then the mean or the
    median per criterion), the spread per criterion, who is an outlier — an answer placing
    more than ``OUTLIER_POINTS`` of its 100 points differently from the group's — and the
    top-3 votes."""

    if answers.empty:
        raise RoomError("no answers yet")
    weights, spread, skipped = group_weights(answers[["participant", *CRITERIA]], how)
    rows = answers[list(CRITERIA)].to_numpy(float)
    shares = 100 * rows / rows.sum(axis=1, keepdims=True)
    group = [weights[c] for c in CRITERIA]
    distance = abs(shares - group).sum(axis=1) / 2
    outliers = pd.DataFrame({"participant": answers["participant"], "distance": distance.round(1)})
    outliers = outliers[outliers["distance"] > OUTLIER_POINTS].sort_values(
        "distance", ascending=False
    )
    votes = pd.Series(" ".join(answers["top3"].fillna("")).split()).value_counts()
    top3 = votes.rename_axis("iso2").reset_index(name="votes")
    return RoundResult(len(answers), weights, spread, outliers.reset_index(drop=True), top3,
                       skipped)  # fmt: skip


def convergence(per_round: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """Round by round: answers, the mean spread across criteria (std, points of 100) and the
    mean outlier distance — falling numbers mean the room converged."""
    rows = []
    for number, answers in sorted(per_round.items()):
        if answers.empty:
            rows.append({"round": number, "answers": 0, "mean_std": None, "mean_distance": None})
            continue
        result = round_result(answers)
        values = answers[list(CRITERIA)].to_numpy(float)
        shares = 100 * values / values.sum(axis=1, keepdims=True)
        group = [result.weights[c] for c in CRITERIA]
        rows.append({
            "round": number, "answers": result.answers,
            "mean_std": round(float(shares.std(axis=0).mean()), 2),
            "mean_distance": round(float((abs(shares - group).sum(axis=1) / 2).mean()), 2),
        })  # fmt: skip
    return pd.DataFrame(rows)


def ranking_beside(scenario: Scenario, group: dict[str, float], countries=None, top: int = 5):
    """The top ``top`` under the room's group weights beside the facilitator's own: rank,
    "yours", "the room's"."""

    sides = {"yours": scenario, "the room's": scenario.replace(weights=group)}
    table = pd.DataFrame({"rank": range(1, top + 1)})
    for label, sc in sides.items():
        t = rank(sc, countries).to_frame()
        names = t[~t["excluded"]]["name"].head(top).tolist()
        table[label] = names + [""] * (top - len(names))
    return table


def answers_csv_frame(rooms: Rooms, code: str) -> pd.DataFrame:
    """Every round's answers, one row per participant and round (the room's export)."""
    frames = [rooms.answers(code, n).assign(round=n) for n in rooms.rounds(code)]
    return pd.concat(frames, ignore_index=True)[["round", "participant", *CRITERIA, "top3",
                                                 "updated"]]  # fmt: skip


def for_the_brief(rooms: Rooms, code: str, how: str = "mean") -> tuple[pd.DataFrame, pd.DataFrame]:
    """A room's results for the decision paper: the current round's weights and spread, and
    every round's convergence."""
    current = rooms.answers(code)
    spread = round_result(current, how).spread if not current.empty else pd.DataFrame()
    rounds = convergence({n: rooms.answers(code, n) for n in rooms.rounds(code)})
    return spread, rounds

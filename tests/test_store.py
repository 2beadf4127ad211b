"""The scenario library: CRUD, name rules, all-or-nothing imports, concurrent writers — one
contract, run against both engines (SQLite and a real PostgreSQL server)."""

import contextlib
import json
import multiprocessing as mp
import sqlite3

import pytest

import sourcing
from sourcing.store.library import Library, LibraryError, NameTaken

S1 = sourcing.Scenario(hq="GB", workload="agile-dev", on="2026-03-11")
S2 = sourcing.Scenario(hq="US", workload="voice-support-en", on="2026-03-11", method="topsis")


@pytest.fixture
def lib(store_location):
    return Library(store_location)


def test_save_list_load_rename_duplicate_delete(lib):
    lib.save("Baseline", S1, note="as agreed")
    lib.save("Cheaper", S2)
    assert lib.names() == ["Baseline", "Cheaper"]
    assert lib.load("baseline").scenario == S1  # names are case-insensitive
    assert lib.load("Baseline").note == "as agreed"
    lib.rename("Cheaper", "Cheapest")
    lib.duplicate("Baseline", "Baseline copy")
    assert lib.names() == ["Baseline", "Baseline copy", "Cheapest"]
    lib.delete("Baseline")
    assert lib.names() == ["Baseline copy", "Cheapest"]
    with pytest.raises(LibraryError, match="no scenario named"):
        lib.load("Baseline")


def test_saving_over_a_name_asks_first(lib):
    lib.save("A", S1)
    with pytest.raises(NameTaken, match="save over it"):
        lib.save("a", S2)
    assert lib.load("A").scenario == S1
    lib.save("A", S2, overwrite=True)
    assert lib.load("A").scenario == S2


@pytest.mark.parametrize("bad", ["", "   ", "x" * 81, "bell\x07", "nul\x00", "a\u202eb"])
def test_bad_names_are_refused(lib, bad):  # controls and bidi overrides
    with pytest.raises(LibraryError, match="name"):
        lib.save(bad, S1)
    assert lib.names() == []


def test_rename_onto_another_name_is_refused(lib):
    lib.save("A", S1)
    lib.save("B", S2)
    with pytest.raises(NameTaken):
        lib.rename("A", "b")
    assert lib.names() == ["A", "B"]


def test_the_database_file_is_created_on_first_use(tmp_path, monkeypatch):
    monkeypatch.setenv("SHORELINE_DB", str(tmp_path / "deep" / "dir" / "s.db"))
    lib = Library()
    lib.save("x", S1)
    assert (tmp_path / "deep" / "dir" / "s.db").exists()
    assert Library().load("x").scenario == S1  # survives a new instance (a restart)


def test_export_import_round_trip(lib, tmp_path):
    lib.save("A", S1, note="<b>bold</b> =cmd|' /C calc'!A0")
    lib.save("B", S2)
    text = lib.export()
    other = Library(tmp_path / "other.db")
    assert other.import_(text) == ["A", "B"]
    assert other.load("A").scenario == S1
    assert other.load("A").note == "<b>bold</b> =cmd|' /C calc'!A0"
    with pytest.raises(NameTaken, match="nothing imported"):
        other.import_(text)
    assert other.import_(text, overwrite=True) == ["A", "B"]


def _entry(name="A", **scenario):
    return {"name": name, "scenario": {"hq": "GB", **scenario}}


@pytest.mark.parametrize(
    ("doc", "needle"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "expected"),
        (json.dumps({"scenarios": [_entry(), _entry(hq="ZZ")]}), "entry 2"),
        (json.dumps({"scenarios": [_entry(), _entry(weights={"cost": -1})]}), "weights"),
        (json.dumps({"scenarios": [_entry(), _entry(name="a")]}), "duplicate name"),
        (json.dumps({"scenarios": [_entry(), {"name": "B", "scenario": 5}]}), "entry 2"),
        (json.dumps({"scenarios": [_entry(), {**_entry("C"), "evil": 1}]}), "unknown fields"),
        (json.dumps({"scenarios": [_entry(name="")]}), "name"),
        (json.dumps({"scenarios": [_entry(colour="red")]}), "colour"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b" " * 1_000_001, "too large"),
    ],
)
def test_malformed_or_hostile_imports_import_nothing(lib, doc, needle):
    lib.save("Existing", S1)
    with pytest.raises(LibraryError, match=needle):
        lib.import_(doc)
    assert lib.names() == ["Existing"]


def _writer(where, worker, n):
    lib = Library(where)
    for i in range(n):
        lib.save(f"w{worker}-{i}", S1)
        if i % 2:
            lib.rename(f"w{worker}-{i}", f"renamed w{worker}-{i}")
        with contextlib.suppress(NameTaken):
            lib.save("contested", S2, note=f"by {worker}")


def test_concurrent_saves_and_renames_from_many_processes_lose_nothing(store_location):
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(store_location, w, 25)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    names = Library(store_location).names()
    assert len(names) == 4 * 25 + 1
    assert sum(n.startswith("renamed ") for n in names) == 4 * 12
    assert "contested" in names and Library(store_location).load("contested").scenario == S2
    if not store_location.startswith("postgresql"):
        with sqlite3.connect(store_location) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_both_engines_record_every_migration(store_location):
    from sourcing.store.db import SCHEMA_VERSION, versions

    lib = Library(store_location)
    lib.names()
    assert versions(lib.store) == list(range(1, SCHEMA_VERSION + 1))
    assert Library(store_location).names() == []  # a second start migrates nothing twice


def test_an_uploaded_file_is_a_library_export_or_one_scenario_named_after_it(lib, tmp_path):
    other = Library(tmp_path / "other.db")
    other.save("Exported", S1)
    assert lib.import_file(other.export(), "whatever.json") == ["Exported"]
    assert lib.import_file(S2.to_json(), "my plan.v2.json") == ["my plan.v2"]
    assert lib.load("my plan.v2").scenario == S2
    with pytest.raises(NameTaken):  # a clash is asked about, not overwritten
        lib.import_file(S2.to_json(), "my plan.v2.json")
    assert lib.import_file(S1.to_json(), "my plan.v2.json", overwrite=True) == ["my plan.v2"]
    assert lib.load("my plan.v2").scenario == S1


def test_a_bad_single_scenario_file_names_its_field_not_the_library_format(lib):
    bad = json.dumps({**json.loads(S1.to_json()), "fte": -3})
    with pytest.raises(LibraryError, match="fte") as err:
        lib.import_file(bad, "bad.json")
    assert "scenarios" not in str(err.value)
    with pytest.raises(LibraryError, match="scenarios"):  # a list is not one scenario
        lib.import_file("[1, 2]", "bad.json")
    assert lib.names() == []


def test_a_library_file_from_before_migrations_keeps_its_scenarios(tmp_path):
    """A file written by the first release (one table, no schema_version) is migrated in place:
    its scenarios stay, the rooms' tables are added."""
    from sourcing.store.db import SCHEMA_VERSION, versions

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE scenarios (name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE, note TEXT "
            "NOT NULL DEFAULT '', scenario TEXT NOT NULL, created TEXT NOT NULL, updated TEXT "
            "NOT NULL)"
        )
        conn.execute("INSERT INTO scenarios VALUES ('Old one', '', ?, 'then', 'then')",
                     (S1.to_json(),))  # fmt: skip
    lib = Library(path)
    assert lib.load("old one").scenario == S1
    assert versions(lib.store) == list(range(1, SCHEMA_VERSION + 1))


def test_an_unreachable_database_is_a_prompt_message(monkeypatch):
    import time

    began = time.monotonic()
    with pytest.raises(LibraryError, match=r"postgresql://127.0.0.1:1/x cannot be reached"):
        Library("postgresql://nobody:secret@127.0.0.1:1/x").names()
    assert time.monotonic() - began < 10  # no pool retrying for its timeout
    with pytest.raises(LibraryError) as err:
        Library("postgresql://nobody:secret@127.0.0.1:1/x").save("a", S1)
    assert "secret" not in str(err.value) and "not saved" in str(err.value)


def test_the_library_keeps_working_when_postgresql_restarts(postgres_server, pg_url):
    lib = Library(pg_url)
    lib.save("Before", S1)
    postgres_server.restart()  # every pooled connection is now dead
    assert lib.load("Before").scenario == S1  # the pool checks and reconnects
    lib.save("After", S2)
    assert Library(pg_url).names() == ["After", "Before"]


def test_a_name_with_joined_emoji_is_saved_as_typed(lib):
    lib.save("Family plan 👨‍👩‍👧", S1)
    assert lib.names() == ["Family plan 👨‍👩‍👧"]


def test_the_library_listing_names_each_scenario_and_the_problem_of_a_broken_one(lib):
    from sourcing.store.library import library_listing

    lib.save("Plan A", S1.replace(hq="DE", workload="back-office", weights={"cost": 50}), "n")
    with lib._connect(write=True) as conn:
        conn.execute(
            "INSERT INTO scenarios (name, note, scenario, created, updated) VALUES (?, ?, ?, ?, ?)",
            ("Old", "", '{"hq": "XX"}', "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00"),
        )
    listing = library_listing(lib.list()).set_index("name")
    assert list(listing.columns) == ["note", "HQ", "workload", "date", "weights",
                                     "differs from preset", "updated", "problem"]  # fmt: skip
    assert (listing.at["Plan A", "HQ"], listing.at["Plan A", "workload"]) == ("DE", "back-office")
    assert "cost 50" in listing.at["Plan A", "differs from preset"]
    assert listing.at["Plan A", "problem"] == ""
    assert listing.at["Old", "HQ"] == "" and "hq" in listing.at["Old", "problem"]
    assert library_listing([]).empty


@pytest.mark.parametrize("note", ["a lone \udc80 surrogate", "a NUL \x00 inside"])
def test_a_note_no_store_can_keep_is_refused_on_save_and_on_import(store_location, note):
    import json

    from sourcing.store.library import Library, LibraryError

    library = Library(store_location)
    with pytest.raises(LibraryError, match="NUL or a lone surrogate"):
        library.save("x", sourcing.Scenario(hq="US"), note)
    doc = {
        "format": "shoreline-library/1",
        "scenarios": [
            {
                "name": "y",
                "note": note,
                "scenario": json.loads(sourcing.Scenario(hq="US").to_json()),
            }
        ],
    }
    with pytest.raises(LibraryError, match="NUL or a lone surrogate"):
        library.import_(json.dumps(doc))
    assert library.list() == []

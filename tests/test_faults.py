"""A link, a file or a full disk never breaks the app: poisoned links and library entries are
decoded with the bad parts listed, every scenario that validates ranks and renders, storage
faults are plain messages that lose nothing, the command line answers in one line."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import sourcing
from sourcing.analysis.working_days import year_overlap
from sourcing.model.scenario import Scenario, ScenarioError
from sourcing.model.share import FIELDS, from_params
from sourcing.store.library import Library, LibraryError, parse_import

ROOT = Path(__file__).resolve().parent.parent
FALLBACK = Scenario(hq="US", workload="voice-support-en", on=dt.date(2026, 3, 11))

# the links that broke every page with the sidebar (issue 14), and the part that must go
POISONED = [
    ({"hq": "MN"}, "hq="),
    ({"w": "cost:150"}, "w="),
    ({"w": "cost:1e308,risk:1e308"}, "w="),
    ({"hrs": "2345-1700"}, "hrs="),
    ({"on": "9999-12-31"}, "on="),
    ({"on": "9999-12-20"}, "on="),
    ({"ex": "MN,US"}, "ex="),
    ({"sh": "MN:nearshore"}, "sh="),
]


def _rank_and_views(scenario: Scenario) -> None:
    """What every page computes from a scenario."""
    ranking = sourcing.rank(scenario)
    table = ranking.to_frame()
    year_overlap(scenario, sourcing.load_countries(), list(table["iso2"][:3]))


@pytest.mark.parametrize(("params", "part"), POISONED)
def test_a_poisoned_link_is_decoded_with_the_bad_part_listed(params, part):
    scenario, ignored = from_params({"hq": "GB", "wl": "agile-dev", **params}, FALLBACK)
    assert any(i.startswith(part) for i in ignored), ignored
    _rank_and_views(scenario)


@pytest.mark.parametrize(("params", "part"), POISONED[:5])
def test_every_page_renders_after_a_poisoned_link(params, part):
    for page in ("app.py",):
        at = AppTest.from_file(str(ROOT / page), default_timeout=60)
        at.query_params.update({"hq": "GB", **params})
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert any(part.rstrip("=") in w.value for w in at.warning)
        for target in ("map", "timezones", "tradeoffs", "compare"):
            path = next(ROOT.glob(f"pages/*/{target}.py")).relative_to(ROOT)
            at.switch_page(str(path)).run()
            assert not at.exception, (target, [e.value for e in at.exception])


_values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["MN", "cost:150", "cost:1e308,risk:1e308", "2345-1700", "9999-12-31",
                     "0001-01-01", "1e308", "-1", "nan", "inf", "ZZ:nearshore", "US,MN",
                     "0000-2330", "1969-12-31", "2100-12-31", "topsis", "shift", "-"]),
)  # fmt: skip
_keys = st.sampled_from(["hq", "wl", "on", *FIELDS, "junk"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_keys, _values, max_size=6))
def test_whatever_a_link_says_the_scenario_ranks(params):
    scenario, ignored = from_params(params, FALLBACK)
    assert isinstance(ignored, list)
    _rank_and_views(scenario)


@pytest.mark.parametrize(
    ("entry", "needle"),
    [
        ({"name": "x", "scenario": {"hq": "MN"}}, "not in the dataset"),
        ({"name": "x", "scenario": {"hq": "GB", "weights": {"cost": 150}}}, "between 0 and 100"),
        ({"name": "x", "scenario": {"hq": "GB", "hq_hours": ["23:45", "17:00"]}}, "half hour"),
        ({"name": "x", "scenario": {"hq": "GB", "on": "9999-12-31"}}, "between 1970"),
        ({"name": "x"}, 'missing "scenario"'),
    ],
)
def test_a_poisoned_library_entry_is_refused_with_a_reason(entry, needle):
    import json

    with pytest.raises(LibraryError, match=needle):
        parse_import(json.dumps({"format": "shoreline-library/1", "scenarios": [entry]}))


def test_a_huge_json_integer_is_a_message():
    text = '{"format": "shoreline-library/1", "scenarios": [{"name": "x", "note": ' + "9" * 5000
    with pytest.raises(LibraryError, match="too long"):
        parse_import(text + "}]}")


# --- storage faults -----------------------------------------------------------------------------


def _seeded(path: Path) -> Library:
    library = Library(path)
    library.save("keep me", FALLBACK)
    return library


def test_a_damaged_library_file_is_a_message(tmp_path):
    path = tmp_path / "lib.db"
    path.write_bytes(os.urandom(4096))
    library = Library(path)
    for action in (library.list, lambda: library.save("x", FALLBACK)):
        with pytest.raises(LibraryError, match="damaged"):
            action()
    truncated = tmp_path / "cut.db"
    _seeded(truncated)
    data = truncated.read_bytes()
    truncated.write_bytes(data[: len(data) // 2] + b"\x00" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(truncated) + suffix).unlink(missing_ok=True)
    with pytest.raises(LibraryError):
        Library(truncated).save("x", FALLBACK)


def _as_other_user(code: str, path: Path) -> subprocess.CompletedProcess:
    """Run ``code`` with the library at ``path`` in a process that file permissions bind (as
    root, without the capabilities that override them)."""
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from sourcing.store.library import Library, LibraryError
        from sourcing.model.scenario import Scenario
        lib = Library({str(path)!r})
        """
    ) + textwrap.dedent(code)
    command = [sys.executable, "-c", script]
    if os.geteuid() == 0:  # root writes anywhere: drop the capabilities that let it
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv (util-linux): cannot make a read-only "
                        "file binding; apt-get install util-linux")  # fmt: skip
        command = [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner", *command]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd="/")


READ_AND_WRITE = """
print("names:", lib.names())
try:
    lib.save("new", Scenario(hq="GB"))
    print("saved")
except LibraryError as err:
    print("refused:", err)
"""


@pytest.mark.parametrize("what", ["file", "directory"])
def test_a_read_only_library_still_reads_and_refuses_writes_plainly(tmp_path, what):
    folder = tmp_path / "lib"
    folder.mkdir()
    path = folder / "lib.db"
    _seeded(path)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.chmod(tmp_path, 0o755)
    if what == "file":
        os.chmod(folder, 0o777)
        os.chmod(path, 0o444)
    else:
        os.chmod(folder, 0o555)
        os.chmod(path, 0o644)
    try:
        out = _as_other_user(READ_AND_WRITE, path)
    finally:
        os.chmod(folder, 0o755)
    assert out.returncode == 0, out.stderr
    assert "names: ['keep me']" in out.stdout
    assert "refused: the scenario library is read-only" in out.stdout
    assert "your change was not saved" in out.stdout
    assert "Traceback" not in out.stderr
    assert Library(path).load("keep me").scenario == FALLBACK  # nothing lost


def test_a_full_disk_is_a_message_and_loses_nothing(tmp_path):
    path = tmp_path / "lib.db"
    code = f"""
    import os, resource, signal, sys
    sys.path.insert(0, {str(ROOT)!r})
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    from sourcing.store.library import Library, LibraryError
    from sourcing.model.scenario import Scenario
    lib = Library({str(path)!r})
    lib.save("keep me", Scenario(hq="US", workload="voice-support-en", on="2026-03-11"))
    size = os.path.getsize({str(path)!r})
    resource.setrlimit(resource.RLIMIT_FSIZE, (size + 8192, resource.RLIM_INFINITY))
    try:
        for i in range(300):
            lib.save(f"s{{i}}", Scenario(hq="GB"), note="x" * 1900)
        print("never full")
    except LibraryError as err:
        print("refused:", err)
    """
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                         text=True, check=False)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "refused: the disk is full or cannot be written" in out.stdout
    assert Library(path).load("keep me").scenario == FALLBACK


def test_a_stored_row_that_no_longer_validates_is_listed_and_can_be_deleted(tmp_path):
    path = tmp_path / "lib.db"
    library = _seeded(path)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO scenarios VALUES ('old', '', ?, '2025-01-01', '2025-01-01')",
            ('{"hq": "GB", "workload": "retired-preset"}',),
        )
    listed = {s.name: s for s in library.list()}
    assert listed["keep me"].usable and not listed["old"].usable
    assert "retired-preset" in listed["old"].problem
    with pytest.raises(LibraryError, match="cannot be loaded"):
        library.load("old")
    assert "retired-preset" not in library.export()
    library.delete("old")
    assert library.names() == ["keep me"]


def test_the_scenarios_page_lists_a_bad_row_and_deletes_it(tmp_path, monkeypatch):
    path = tmp_path / "lib.db"
    _seeded(path)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO scenarios VALUES ('old', '', ?, '2025-01-01', '2025-01-01')",
            ('{"hq": "MN"}',),
        )
    monkeypatch.setenv("SHORELINE_DB", str(path))
    at = AppTest.from_file(str(ROOT / "pages" / "decide" / "scenarios.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    listing = at.dataframe[0].value.set_index("name")
    assert "not in the dataset" in listing.at["old", "problem"]
    assert any("can no longer be loaded" in w.value for w in at.warning)
    at.selectbox(key="sc_chosen").set_value("old").run()
    at.checkbox(key="sc_sure").check().run()
    at.button(key="sc_delete").click().run()
    assert not at.exception
    assert Library(path).names() == ["keep me"]


def test_a_damaged_library_on_the_scenarios_page_is_a_message(tmp_path, monkeypatch):
    path = tmp_path / "lib.db"
    path.write_bytes(os.urandom(4096))
    monkeypatch.setenv("SHORELINE_DB", str(path))
    at = AppTest.from_file(str(ROOT / "pages" / "decide" / "scenarios.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("damaged" in e.value for e in at.error)


# --- the sidebar ------------------------------------------------------------------------------


def test_fractional_weights_survive_a_change_of_another_widget():
    at = AppTest.from_file(str(ROOT / "pages" / "explore" / "overview.py"), default_timeout=60)
    at.session_state["scenario"] = Scenario(
        hq="US", workload="back-office", on=dt.date(2026, 3, 11),
        weights={"cost": 12.5, "risk": 33.3},
    )  # fmt: skip
    at.run()
    at.number_input(key="sb_fte").set_value(55).run()
    assert not at.exception
    after = at.session_state["scenario"]
    assert after.fte == 55
    assert after.weights == {"cost": 12.5, "risk": 33.3}
    at.slider(key="sb_w_talent").set_value(40).run()  # the one moved changes, the rest stay
    assert at.session_state["scenario"].weights == {"cost": 12.5, "risk": 33.3, "talent": 40.0}


def test_a_scenario_the_sidebar_cannot_draw_offers_a_way_back():
    at = AppTest.from_file(str(ROOT / "pages" / "explore" / "overview.py"), default_timeout=60)
    good = Scenario(hq="US", workload="back-office", on=dt.date(2026, 3, 11))
    # bypass validation: a scenario the model would refuse, as an old session might hold
    bad = good.model_copy(update={"weights": {"cost": 1e9}})
    at.session_state["scenario"] = bad
    at.session_state["scenario_history"] = [good]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("cannot be shown" in e.value for e in at.error)
    at.button(key="sb_rescue_last").click().run()
    assert not at.exception
    assert at.session_state["scenario"] == good
    assert not any("cannot be shown" in e.value for e in at.error)


# --- group weighting ---------------------------------------------------------------------------


def test_group_weights_refuse_absurd_numbers_row_by_row():
    import pandas as pd

    from sourcing.analysis.workshop import group_weights
    from sourcing.model.criteria import CRITERIA

    frame = pd.DataFrame([
        {"participant": "ok", **dict.fromkeys(CRITERIA, 10)},
        {"participant": "huge", **dict.fromkeys(CRITERIA, 1e308)},
        {"participant": "long", **dict.fromkeys(CRITERIA, 10), "cost": 10**400},
        {"participant": "over", **dict.fromkeys(CRITERIA, 10), "risk": 150},
    ])  # fmt: skip
    weights, _, skipped = group_weights(frame)
    assert [s.split(":")[0] for s in skipped] == ["huge", "long", "over"]
    assert all(v == pytest.approx(100 / len(CRITERIA)) for v in weights.values())
    Scenario(hq="US", weights=weights)  # what "Use group weights" applies validates


# --- command line ---------------------------------------------------------------------------------


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sourcing", *args], capture_output=True,
                          text=True, check=False, cwd=cwd, timeout=60)  # fmt: skip


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--hq", "US", "--date", "9999-12-31"], "date must be between"),
        (["--hq", "US", "--date", "0001-01-01"], "date must be between"),
        (["--hq", "MN"], "not in the dataset"),
        (["--scenario", "/dev/zero"], "not a regular file"),
        (["--scenario", "{latin1}"], "not UTF-8"),
        (["--scenario", "{huge_weights}"], "between 0 and 100"),
        (["--scenario", "{fifo}"], "not a regular file"),
        (["--hq", "US", "--out", "/nonexistent/dir/r.csv"], "cannot write /nonexistent/dir/r.csv"),
    ],
)
def test_cli_faults_are_one_line_and_exit_2(tmp_path, args, needle):
    files = {
        "latin1": tmp_path / "latin1.json",
        "huge_weights": tmp_path / "huge.json",
        "fifo": tmp_path / "pipe.json",
    }
    files["latin1"].write_bytes(b'{"hq": "GB", "note": "caf\xe9"}')
    files["huge_weights"].write_text('{"hq": "GB", "weights": {"cost": 1e308, "risk": 1e308}}')
    os.mkfifo(files["fifo"])
    args = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    out = _cli("rank", *args)
    assert out.returncode == 2, out.stdout[:200] + out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], out.stderr
    assert "Traceback" not in out.stderr


def test_cli_accepts_a_scenario_file_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b'\xef\xbb\xbf{"hq": "GB", "workload": "agile-dev", "on": "2026-03-11"}')
    out = _cli("rank", "--scenario", str(path))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("rank,iso2,")


def test_scenario_model_refuses_what_no_page_can_show():
    for bad in ({"hq": "MN"}, {"hq": "GB", "weights": {"cost": 100.5}},
                {"hq": "GB", "hq_hours": ["09:15", "17:00"]}, {"hq": "GB", "on": "1969-12-31"},
                {"hq": "GB", "location_hours": ["09:00", "17:00:30"]}):  # fmt: skip
        with pytest.raises(ScenarioError):
            Scenario.parse(bad)


def test_an_uploaded_grid_with_absurd_numbers_shows_blanks():
    import pandas as pd

    from sourcing.analysis.workshop import clean_participants, group_weights
    from sourcing.model.criteria import CRITERIA

    raw = pd.DataFrame([
        {"participant": "a", **dict.fromkeys(CRITERIA, "10")},
        {"participant": "b", **dict.fromkeys(CRITERIA, "10"), "cost": "9" * 400},
    ])  # fmt: skip
    clean = clean_participants(raw)
    assert clean[list(CRITERIA)].dtypes.eq(float).all()
    assert pd.isna(clean.at[1, "cost"]) and clean.at[0, "cost"] == 10.0
    _, _, skipped = group_weights(clean)
    assert skipped == ["b: a weight is missing or not a number"]


_scenario_fields = st.fixed_dictionaries(
    {"hq": st.sampled_from(["GB", "US", "MN", "ZZ", "in"])},
    optional={
        "workload": st.sampled_from(["agile-dev", "back-office", "retired"]),
        "weights": st.dictionaries(st.sampled_from(["cost", "risk", "talent", "x"]),
                                   st.one_of(st.floats(-10, 1e4), st.just(float("inf")))),
        "on": st.sampled_from(["2026-03-11", "9999-12-31", "1969-12-31", "2100-12-31"]),
        "hq_hours": st.sampled_from([["09:00", "17:00"], ["23:45", "17:00"], ["00:00", "23:30"]]),
        "exclude": st.lists(st.sampled_from(["IN", "MN", "PH"]), max_size=2),
    },
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(_scenario_fields)
def test_whatever_a_library_file_holds_an_accepted_entry_ranks(fields):
    import json

    text = json.dumps({"format": "shoreline-library/1",
                       "scenarios": [{"name": "x", "scenario": fields}]})  # fmt: skip
    try:
        entries = parse_import(text)
    except LibraryError:
        return  # refused with a message: fine
    _rank_and_views(entries[0]["scenario"])


# --- a malformed SHORELINE_DB: one line, never the password, never a crash box ------------------

BAD_STORES = {
    "postgresql://ana:s3cret@db.example:99x/shoreline": "the port is not a number",
    "postgresql://ana:s3%zzcret@db.example/shoreline": "a % is not followed by two hex digits",
    "mysql://ana:s3cret@db.example/shoreline": "not a mysql:// URL",
}


@pytest.mark.parametrize(("url", "said"), BAD_STORES.items())
def test_a_malformed_store_url_is_refused_in_words_without_its_password(url, said):
    from sourcing.store.db import StoreError, checked_location

    with pytest.raises(StoreError, match=said) as caught:
        checked_location(url)
    assert "s3cret" not in str(caught.value) and "ana" not in str(caught.value)


@pytest.mark.parametrize(
    "url", ["POSTGRESQL://h/db", "postgres://h/db", "postgresql+psycopg://u:p@h:5432/db"]
)
def test_every_spelling_of_a_postgresql_url_is_postgresql_not_a_sqlite_file(url):
    from sourcing.store.db import checked_location, is_postgres

    checked = checked_location(url)
    assert checked.startswith("postgresql://") and is_postgres(checked)


@pytest.mark.parametrize("page", ["pages/decide/scenarios.py", "pages/join.py",
                                  "pages/decide/room.py"])  # fmt: skip
def test_the_store_pages_say_a_malformed_store_url_without_a_crash_box(monkeypatch, page):
    url = next(iter(BAD_STORES))
    monkeypatch.setenv("SHORELINE_DB", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "Saved scenarios and live rooms are unavailable" in shown and "port" in shown
    assert "s3cret" not in shown


def test_serve_refuses_a_malformed_store_url_before_starting():
    env = {**os.environ, "SHORELINE_DB": next(iter(BAD_STORES))}
    out = subprocess.run([sys.executable, "-m", "sourcing", "serve", "--port", "8599"],
                         capture_output=True, text=True, timeout=60, env=env)  # fmt: skip
    assert out.returncode == 2 and "the port is not a number" in out.stderr
    assert "s3cret" not in out.stderr + out.stdout and "warm-up" not in out.stdout
    assert len(out.stderr.strip().splitlines()) == 1

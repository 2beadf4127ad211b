"""The command line: presets listed, a ranked CSV with the scenario in its header, clean errors."""

import io
import subprocess
import sys

import pandas as pd
import pytest

from sourcing import Scenario, read_scenario


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "sourcing", *args], capture_output=True, text=True, cwd=cwd
    )


def test_workloads_lists_every_preset():
    out = run("workloads")
    assert out.returncode == 0
    for preset in ("voice-support-en", "agile-dev", "it-service-desk-247", "kyc-aml-eu"):
        assert preset in out.stdout


def test_rank_writes_csv_with_scenario_header(tmp_path):
    path = tmp_path / "r.csv"
    out = run("rank", "--hq", "US", "--workload", "agile-dev", "--date", "2026-03-11", "--out",
              str(path))  # fmt: skip
    assert out.returncode == 0, out.stderr
    text = path.read_text()
    assert text.startswith("rank,iso2,iso3,name,")  # the header is the first line
    scenario = read_scenario((tmp_path / "r.scenario.json").read_text())
    assert scenario == Scenario(hq="US", workload="agile-dev", on="2026-03-11")
    assert len(pd.read_csv(path)) == 114  # a plain read_csv gets one row per country
    table = pd.read_csv(path, keep_default_na=False, na_values=[""])  # the README's recipe
    ranked = table[~table["excluded"]].sort_values("rank")
    assert (ranked.head(5)["overlap_staffed_hours"] >= 3).all()  # the preset's overlap minimum
    assert "CA" in set(ranked.head(3)["iso2"])
    assert (table.loc[table["excluded"], "reasons"].str.len() > 0).all()
    assert "NA" in set(table["iso2"])  # Namibia survives the round trip


def test_scenario_file_and_flags_combine(tmp_path):
    file = tmp_path / "s.json"
    file.write_text(Scenario(hq="GB", workload="back-office", on="2026-01-14").to_json())
    out = run("rank", "--scenario", str(file), "--method", "topsis", "--record",
              str(tmp_path / "rec.json"))  # fmt: skip
    assert out.returncode == 0, out.stderr
    recorded = read_scenario((tmp_path / "rec.json").read_text())
    assert recorded.hq == "GB" and recorded.method == "topsis"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("rank", "--hq", "XX"), "hq: unknown country code 'XX'"),
        (("rank", "--hq", "US", "--workload", "nope"), "workload: unknown workload 'nope'"),
        (("rank", "--hq", "US", "--date", "yesterday"), "--date"),
        (("rank", "--hq", "US", "--scenario", "/nonexistent.json"), "--scenario"),
        (("rank",), "--hq is required"),
        (("frobnicate",), "invalid choice"),
        (("rank", "--hq", "US", "--method", "vibes"), "--method"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(args, needle):
    out = run(*args)
    assert out.returncode == 2
    assert needle in out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_malformed_scenario_file_is_named(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hq": "US", "weights": {"cost": "lots"}}')
    out = run("rank", "--scenario", str(bad))
    assert out.returncode == 2 and "weights.cost" in out.stderr and "Traceback" not in out.stderr


def test_the_installed_command_works_from_any_directory(tmp_path):
    """What an analyst scripts: `shoreline` from outside the repository, weights by flag, a CSV
    that a plain read_csv loads, Namibia kept with the README's recipe."""
    import shutil
    import sys
    from pathlib import Path

    command = Path(sys.executable).with_name("shoreline")
    if not command.exists():
        command = shutil.which("shoreline")
    assert command, "the shoreline command is not installed (make installs it into .venv)"
    out = subprocess.run(
        [str(command), "rank", "--hq", "US", "--workload", "back-office", "--weight", "cost=40",
         "--out", "x.csv"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    table = pd.read_csv(tmp_path / "x.csv")
    assert len(table) == 114 and list(table.columns[:3]) == ["rank", "iso2", "iso3"]
    kept = pd.read_csv(tmp_path / "x.csv", keep_default_na=False)
    assert "NA" in set(kept["iso2"])
    recorded = read_scenario((tmp_path / "x.scenario.json").read_text())
    assert recorded.weights == {"cost": 40.0} and recorded.workload == "back-office"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("rank", "--hq", "Untied Kingdom"), "did you mean GB (United Kingdom)?"),
        (("rank", "--hq", "US", "--workload", "back-ofice"), "did you mean back-office?"),
        (("rank", "--hq", "US", "--weight", "cost"), "is not CRITERION=NUMBER"),
        (("rank", "--hq", "US", "--weight", "charm=3"), "unknown criteria ['charm']"),
        (("rank", "--hq", "US", "--hours", "9-5"), "hq_hours"),
        (("compare", "--hq", "US", "--country", "Filipinas"), "did you mean"),
        (("rank", "--hq", "US", "--rate-card", "/nonexistent.csv"), "--rate-card"),
    ],
)
def test_flags_fail_in_one_line_with_a_suggestion(args, needle):
    out = run(*args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], out.stderr


def test_every_scenario_field_by_flag_matches_the_scenario_json(tmp_path):
    card = tmp_path / "card.csv"
    card.write_text("iso2,role,usd_hr\nPH,back_office,6.5\n")
    args = ("rank", "--hq", "GB", "--workload", "back-office", "--date", "2026-03-11",
            "--weight", "cost=30", "--weight", "risk=20", "--hours", "08:00-16:00", "--fte",
            "20", "--years", "3", "--exclude", "IN,CN", "--data", "uk-personal", "--data",
            "health", "--rate-card", str(card), "--record", str(tmp_path / "r.json"))  # fmt: skip
    out = run(*args)
    assert out.returncode == 0, out.stderr
    s = read_scenario((tmp_path / "r.json").read_text())
    assert s.weights == {"cost": 30.0, "risk": 20.0} and s.fte == 20 and s.years == 3
    assert s.exclude == {"IN", "CN"} and s.data == {"uk_personal", "health"}
    assert [t.strftime("%H:%M") for t in s.hq_hours] == ["08:00", "16:00"]
    table = pd.read_csv(io.StringIO(out.stdout), keep_default_na=False, na_values=[""])
    assert table.set_index("iso2").at["PH", "cost_source"] == "your data"


@pytest.mark.parametrize("command", ["overlap", "compare", "plans"])
def test_each_page_table_has_a_subcommand(command):
    extra = () if command == "plans" else ("--country", "PL,IN")
    out = run(command, "--hq", "DE", "--workload", "it-service-desk-247" if command == "plans"
              else "agile-dev", "--date", "2026-03-11", *extra)  # fmt: skip
    assert out.returncode == 0, out.stderr
    table = pd.read_csv(io.StringIO(out.stdout))
    assert len(table) > 0
    first = {"overlap": "week", "compare": "iso2", "plans": "plan"}[command]
    assert table.columns[0] == first


def test_the_command_shown_for_a_scenario_writes_the_same_csv(tmp_path):
    import sourcing
    from sourcing.cli import command_for
    from sourcing.report.export import to_csv

    s = Scenario(hq="GB", workload="agile-dev", on="2026-03-11", weights={"cost": 100 / 3},
                 fte=20, exclude={"IN"}, data={"uk_personal"})  # fmt: skip
    command = command_for(s)
    assert command.startswith("shoreline rank --hq GB")
    out = run(*command.split()[1:])
    assert out.returncode == 0, out.stderr
    assert out.stdout == to_csv(sourcing.rank(s).to_frame())


def test_tco_writes_years_per_pricing_model_as_the_engine_computes_them(tmp_path):
    from sourcing import rank
    from sourcing.operating.models import tco_by_model

    path = tmp_path / "tco.csv"
    args = ["tco", "--hq", "US", "--workload", "voice-support-en", "--date", "2026-03-11",
            "--location", "PH", "--automation", "0.3", "--volume", "30000",
            "--handle-seconds", "360", "--pricing", "all", "--out", str(path)]  # fmt: skip
    out = run(*args)
    assert out.returncode == 0, out.stderr
    table = pd.read_csv(path)
    assert list(table["model"].unique()) == ["in-house", "fte", "transactional", "outcome"]
    assert len(table) == 4 * 5 and set(table["iso2"]) == {"PH"}
    scenario = read_scenario((tmp_path / "tco.scenario.json").read_text())
    assert scenario.automation.share_resolved == 0.3 and scenario.volumes.per_month == 30_000
    models = ("in-house", "fte", "transactional", "outcome")
    expected = tco_by_model(scenario, rank(scenario).to_frame(), "PH", models)
    assert list(table["total_usd"]) == pytest.approx(list(expected["total_usd"]))
    assert list(table["total_usd"]) == pytest.approx(
        list(table["people_usd"] + table["automation_usd"]), abs=0.005
    )
    plain = run("tco", "--hq", "US", "--workload", "voice-support-en", "--location", "PH")
    assert plain.returncode == 0 and plain.stdout.startswith("model,year,iso2,")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--location", "PH", "--pricing", "transactional"], "needs volumes"),
        (["--location", "PH", "--automation", "1.3"], "--automation: 1.3 is not a share"),
        (["--location", "PH", "--volume", "100"], "--volume and --handle-seconds go together"),
        (["--location", "Filipines"], "did you mean PH (Philippines)?"),
    ],
)
def test_tco_bad_arguments_are_one_line_and_exit_2(args, message):
    out = run("tco", "--hq", "US", "--workload", "voice-support-en", *args)
    assert out.returncode == 2 and message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_portfolio_writes_a_row_per_site_and_a_total(tmp_path):
    path = tmp_path / "portfolio.csv"
    out = run("portfolio", "--hq", "US", "--workload", "voice-support-en", "--date",
              "2026-03-11", "--sites", "3", "--max-share", "0.5", "--onshore-share", "0.1",
              "--out", str(path))  # fmt: skip
    assert out.returncode == 0, out.stderr
    table = pd.read_csv(path, keep_default_na=False, na_values=[""])
    sites, total = table[table["iso2"] != "TOTAL"], table[table["iso2"] == "TOTAL"].iloc[0]
    assert 2 <= len(sites) <= 3 and sites["share"].max() <= 0.5
    assert sites.set_index("iso2").at["US", "share"] >= 0.1
    assert total["share"] == pytest.approx(1.0)
    assert total["cost_usd_hr"] == pytest.approx(
        (sites["share"] * sites["cost_usd_hr"]).sum(), abs=0.01
    )
    assert total["fte"] == pytest.approx(sites["fte"].sum())
    # the total row reads as a total: a short name, the words in reasons, no float noise
    assert total["name"] == "Total" and total["reasons"].startswith("The work splits across")
    raw = path.read_text().splitlines()[-1].split(",")
    assert all(len(cell.partition(".")[2]) <= 6 for cell in raw[3:7]), raw[3:7]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--sites", "2", "--max-share", "0.4"], "cannot hold all the work"),
        (["--shares", "IN:0.6,MX:0.3"], "add up to 90.0 %"),
        (["--language", "xx"], "unknown language code 'xx'"),
        (["--shares", "IN"], "is not CC:SHARE"),
    ],
)
def test_portfolio_bad_arguments_are_one_line_and_exit_2(args, message):
    out = run("portfolio", "--hq", "US", "--workload", "voice-support-en", *args)
    assert out.returncode == 2 and message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_one_tco_behind_tco_and_compare(tmp_path):
    """The same location and FTE: `tco`'s in-house block is `compare`'s total to the cent; the
    vendor's bill uses the same hours per FTE (1,800) and escalates by the same wage
    inflation (5% a year)."""
    common = ["--hq", "US", "--workload", "back-office", "--date", "2026-03-11", "--fte", "50",
              "--years", "5"]  # fmt: skip
    out = run("tco", *common, "--location", "PH", "--out", str(tmp_path / "t.csv"))
    assert out.returncode == 0, out.stderr
    years = pd.read_csv(tmp_path / "t.csv")
    assert list(years["model"].unique()) == ["in-house", "fte", "outcome"]  # no volumes
    out = run("compare", *common, "--country", "PH", "--out", str(tmp_path / "c.csv"))
    assert out.returncode == 0, out.stderr
    compared = pd.read_csv(tmp_path / "c.csv").set_index("iso2")
    own = years[years["model"] == "in-house"]
    assert own["cumulative_usd"].iloc[-1] == pytest.approx(compared.at["PH", "total_cost_usd"])
    fte = years[years["model"] == "fte"].set_index("year")["people_usd"]
    rate = compared.at["PH", "cost_usd_hr"]
    assert fte[1] == pytest.approx(50 * rate * 1_800 * 1.2, abs=0.01)  # 20% vendor margin
    assert fte[2] == pytest.approx(fte[1] * 1.05, abs=0.01)


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (["rank", "--hq", "Germny"], "did you mean DE (Germany)?"),
        (["rank", "--hq", "Turky"], "did you mean TR (Türkiye)?"),
        (["rank", "--hq", "US", "--weight", "costs=40"], "did you mean cost?"),
        (["explain", "--hq", "US", "--country", "Polnd"], "did you mean PL (Poland)"),
    ],
)
def test_suggestions_name_the_country_or_criterion_meant(args, wanted):
    out = run(*args)
    assert out.returncode == 2 and wanted in out.stderr, out.stderr
    assert "Nigeria" not in out.stderr and "Traceback" not in out.stderr


def test_names_and_aliases_are_countries_wherever_a_country_is_asked():
    from sourcing.facts.countries import find_country

    for typed, code in [("Turkey", "TR"), ("türkiye", "TR"), ("Czech Republic", "CZ"),
                        ("UK", "GB"), ("DEU", "DE"), ("GER", "DE"), ("Poland", "PL"),
                        ("Ivory Coast", "CI"), ("kosovo", "XK")]:  # fmt: skip
        assert find_country(typed) == code, typed
    assert find_country("Atlantis") is None
    out = run("explain", "--hq", "US", "--workload", "back-office", "--country", "Poland")
    assert out.returncode == 0 and out.stdout.startswith("Poland is #"), out.stderr
    out = run("compare", "--hq", "US", "--country", "Turkey,Czech Republic")
    assert out.returncode == 0 and {"TR", "CZ"} <= set(pd.read_csv(io.StringIO(out.stdout))["iso2"])


# --- --scenario reads every record Shoreline writes ---------------------------------------------


def _records(tmp_path):
    """The same scenario in every kind of record: a bare scenario, the record beside an export,
    a share link (the URL, and its parameters as JSON) and a library export of two."""
    import json
    from urllib.parse import urlencode

    from sourcing.model.share import to_params
    from sourcing.store.library import Library

    s = Scenario(hq="FR", workload="voice-support-en", languages=("fr",), weights={"cost": 40},
                 on="2026-03-11")  # fmt: skip
    (tmp_path / "bare.json").write_text(s.to_json())
    (tmp_path / "link.txt").write_text("http://192.168.1.20:8501/?" + urlencode(to_params(s)))
    (tmp_path / "params.json").write_text(json.dumps(to_params(s)))
    library = Library(tmp_path / "lib.db")
    library.save("Paris plan", s, "")
    library.save("Munich", Scenario(hq="DE"), "")
    (tmp_path / "lib.json").write_text(library.export())
    return s


@pytest.mark.parametrize(
    "record", ["export.scenario.json", "bare.json", "link.txt", "params.json",
               "lib.json#Paris plan", "lib.json#paris PLAN"],
)  # fmt: skip
def test_scenario_reads_every_record_and_gives_the_same_csv(tmp_path, record):
    s = _records(tmp_path)
    flags = ["--hq", "FR", "--workload", "voice-support-en", "--language", "fr", "--weight",
             "cost=40", "--date", "2026-03-11"]  # fmt: skip
    first = run("rank", *flags, "--out", "export.csv", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = run("rank", "--scenario", record, "--out", "again.csv", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "export.csv").read_bytes()
    assert read_scenario((tmp_path / "again.scenario.json").read_text()) == s


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[1]", "expected a scenario, the record beside an export"),
        ("not json", "not JSON nor a link"),
        ("hq=XX", "the share link has parts Shoreline cannot use: hq='XX'"),
        ('{"format": "shoreline-library/1", "scenarios": []}', "holds no scenario"),
    ],
)
def test_a_record_of_no_known_kind_is_refused_in_one_line(tmp_path, text, said):
    (tmp_path / "x.json").write_text(text)
    out = run("rank", "--scenario", "x.json", cwd=tmp_path)
    assert out.returncode == 2 and said in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_a_library_of_several_asks_which_one(tmp_path):
    _records(tmp_path)
    out = run("rank", "--scenario", "lib.json", cwd=tmp_path)
    assert out.returncode == 2
    assert "holds 2 scenarios (Munich, Paris plan); pick one with --scenario FILE#NAME" in (
        out.stderr
    )
    missing = run("rank", "--scenario", "lib.json#Lyon", cwd=tmp_path)
    assert "no scenario named 'Lyon' in the library file (it holds: Munich, Paris plan)" in (
        missing.stderr
    )


@pytest.mark.parametrize("name", ["Japan", "japan", " Japan ", "JPN"])
def test_hq_takes_a_country_s_name_as_country_does(tmp_path, name):
    by_name = run("rank", "--hq", name, "--workload", "agile-dev", "--date", "2026-03-11",
                  "--out", "n.csv", cwd=tmp_path)  # fmt: skip
    by_code = run("rank", "--hq", "JP", "--workload", "agile-dev", "--date", "2026-03-11",
                  "--out", "c.csv", cwd=tmp_path)  # fmt: skip
    assert by_name.returncode == by_code.returncode == 0, by_name.stderr
    assert (tmp_path / "n.csv").read_bytes() == (tmp_path / "c.csv").read_bytes()


def test_a_misspelt_hq_gets_one_did_you_mean_with_the_candidates():
    out = run("rank", "--hq", "Japn")
    assert out.returncode == 2
    assert "did you mean JP (Japan) or JO (Jordan)?" in out.stderr
    assert out.stderr.count("did you mean") == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["tco", "--location", ""], "--location: give a country, by code or name"),
        (["compare", "--country", " , "], "--country: give a country, by code or name"),
        (["serve", "--address", "999.1.1.1", "--port", "8599"],
         "--address: '999.1.1.1' is not an address this machine has"),
        (["serve", "--port", "70000"], "--port: 70000 is not a port"),
    ],
)  # fmt: skip
def test_hostile_flags_get_one_line_not_a_traceback(args, said):
    hq = [] if args[0] == "serve" else ["--hq", "US", "--workload", "voice-support-en"]
    out = subprocess.run([sys.executable, "-m", "sourcing", *args, *hq], capture_output=True,
                         text=True, timeout=60)  # fmt: skip
    assert out.returncode == 2 and said in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_a_busy_port_is_said_before_anything_starts():
    """Not "warm-up: ok" from whichever server already holds the port."""
    import socket

    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "sourcing", "serve", "--port", str(port)],
                             capture_output=True, text=True, timeout=60)  # fmt: skip
    assert out.returncode == 2
    assert f"--port: {port} is in use (another server?); try --port {port + 1}" in out.stderr
    assert "warm-up" not in out.stdout + out.stderr


def test_excel_csv_begins_with_a_byte_order_mark_and_reads_back(tmp_path):
    plain = run("rank", "--hq", "FR", "--workload", "voice-support-en", "--date", "2026-03-11",
                "--out", "plain.csv", cwd=tmp_path)  # fmt: skip
    excel = run("rank", "--hq", "FR", "--workload", "voice-support-en", "--date", "2026-03-11",
                "--excel", "--out", "excel.csv", cwd=tmp_path)  # fmt: skip
    assert plain.returncode == excel.returncode == 0
    raw = (tmp_path / "excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfrank,") and not (
        tmp_path / "plain.csv"
    ).read_bytes().startswith(b"\xef")
    assert raw[3:] == (tmp_path / "plain.csv").read_bytes()
    back = pd.read_csv(tmp_path / "excel.csv", encoding="utf-8-sig", keep_default_na=False)
    assert "Côte d'Ivoire" in set(back["name"]) and back.columns[0] == "rank"

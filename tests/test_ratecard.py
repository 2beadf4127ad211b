"""Rate-card uploads: valid rows apply and are marked "your data"; bad rows are listed."""

import pytest

import sourcing
from sourcing.facts.ratecard import apply_rate_card, parse_rate_card, template


@pytest.fixture(scope="module")
def COUNTRIES():
    """The dataset, loaded when the first test asks for it (not at import)."""
    return sourcing.load_countries()


@pytest.fixture(scope="module")
def KNOWN(COUNTRIES):
    return set(COUNTRIES.index)


def test_valid_rows_apply_and_are_marked(COUNTRIES, KNOWN):
    card = parse_rate_card("iso2,role,usd_hr\nPH,software_dev,21.5\nin,Software_Dev,18\n", KNOWN)
    assert card.problems == ()
    mine = apply_rate_card(COUNTRIES, card)
    assert mine.at["PH", "cost_software_dev_usd_hr"] == 21.5
    assert mine.at["IN", "your_data_roles"] == "software_dev"
    s = sourcing.Scenario(hq="US", workload="agile-dev", on="2026-03-11", min_hq_overlap_hours=0)
    table = sourcing.rank(s, mine).to_frame().set_index("iso2")
    assert table.at["PH", "cost_usd_hr"] == 21.5
    assert table.at["PH", "cost_source"] == "your data"
    assert table.at["MX", "cost_source"].startswith(("measured", "modelled"))
    assert table.at["PH", "cost_low_usd_hr"] == table.at["PH", "cost_usd_hr"]  # exact: no band
    csv_text = sourcing.to_csv(table.reset_index())
    assert "your data" in csv_text


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ("ZZ,back_office,5", "unknown country 'ZZ'"),
        ("PH,astronaut,5", "unknown role 'astronaut'"),
        ("PH,back_office,cheap", "'cheap' is not a number"),
        ("PH,back_office,-3", "must be at least 0.01"),
        ("PH,back_office,0", "must be at least 0.01"),
        ("PH,back_office,nan", "must be at least 0.01"),
        ("PH,back_office,1e-300", "must be at least 0.01"),
        ("PH,back_office,1500", "over 1000"),
        ("PH,back_office", "cells"),
        ("=cmd|' /C calc'!A0,back_office,5", "unknown country"),
    ],
)
def test_bad_rows_are_listed_and_valid_rows_still_apply(line, needle, KNOWN):
    card = parse_rate_card(f"iso2,role,usd_hr\nMX,back_office,9\n{line}\n", KNOWN)
    assert len(card.problems) == 1 and needle in card.problems[0]
    assert card.problems[0].startswith("line 3")
    assert list(card.rates["iso2"]) == ["MX"]


def test_duplicate_rows_are_listed(KNOWN):
    card = parse_rate_card("iso2,role,usd_hr\nMX,back_office,9\nMX,back_office,10\n", KNOWN)
    assert "repeats line 2" in card.problems[0] and len(card.rates) == 1


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "empty"),
        (b"country,rate\nPH,5\n", "missing column"),
        (b"\xff\xfe\xfa", "UTF-16"),
        ("iso2,role,usd_hr\n".encode("utf-16-le"), "UTF-16"),  # no byte-order mark
        (b"iso2,role,usd_hr\nPH,back_office,5 \xe9\n", "not UTF-8"),
        (b"iso2|role|usd_hr\nPH|back_office|5\n", "another delimiter"),
        (b"iso2,role,usd_hr\n" + b"PH,back_office,5\n" * 70_000, "too large"),
    ],
)
def test_unusable_files_are_refused_whole(data, needle, KNOWN):
    with pytest.raises(ValueError, match=needle):
        parse_rate_card(data, KNOWN)


def test_template_round_trips(COUNTRIES, KNOWN):
    text = template(COUNTRIES)
    card = parse_rate_card(text, KNOWN)
    expected = COUNTRIES[[f"cost_{r}_usd_hr" for r in sourcing.ROLES]].notna().sum().sum()
    assert len(card.rates) == expected
    assert all("is not a number" in p for p in card.problems)  # the "no data" cells


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiters_spreadsheets_write_are_read(delimiter, KNOWN):
    text = delimiter.join(["iso2", "role", "usd_hr"]) + "\n"
    text += delimiter.join(["PH", "back_office", "6.5"]) + "\n"
    card = parse_rate_card(text.encode("utf-8-sig"), KNOWN)
    assert card.problems == () and card.rates.to_dict("records") == [
        {"iso2": "PH", "role": "back_office", "usd_hr": 6.5}
    ]


def test_a_decimal_comma_in_a_semicolon_file_is_read(KNOWN):
    card = parse_rate_card(b"iso2;role;usd_hr\nPH;back_office;6,5\n", KNOWN)
    assert card.rates.to_dict("records") == [{"iso2": "PH", "role": "back_office", "usd_hr": 6.5}]

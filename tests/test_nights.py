"""Night work as the industry does it (issue 38): a night hour costs the location's statutory
premium and a legally shorter night shift, hand-computed; the reasons say whether the industry
there runs nights at scale for foreign markets."""

import datetime as dt

import pytest

import sourcing
from sourcing import Scenario
from sourcing.facts.nights import night_premium, night_rule

WED = dt.date(2026, 3, 11)


def test_the_night_premium_by_hand():
    assert night_premium(0.10, "PH") == pytest.approx(0.10)  # statute 10 %: the default stands
    assert night_premium(0.10, "CO") == pytest.approx(0.35)  # recargo nocturno
    assert night_premium(0.10, "GT") == pytest.approx(1.1 * 8 / 6 - 1)  # a 6 h night shift
    assert night_premium(0.10, "MX") == pytest.approx(1.1 * 8 / 7 - 1)
    assert night_premium(0.10, "AL") == pytest.approx(0.50)
    assert night_premium(0.40, "CO") == pytest.approx(0.40)  # the user's larger premium wins
    assert night_premium(0.10, "FJ") == pytest.approx(0.10)  # no row: the scenario's premium
    assert night_rule("PH").at_scale and night_rule("IN").at_scale
    assert night_rule("CO").at_scale is False


def test_a_24_7_desk_prices_each_location_s_night():
    countries = sourcing.load_countries()
    ranking = sourcing.rank(Scenario(hq="US", workload="it-service-desk-247", on=WED), countries)
    table = ranking.to_frame().set_index("iso2")
    facts = ranking.facts.set_index("iso2")
    service = 24.0
    for iso2 in ("CO", "GT", "PH"):
        base = countries.at[iso2, "cost_it_support_usd_hr"]
        night = facts.at[iso2, "night_hours"]
        expected = base * (1 + night_premium(0.10, iso2) * night / service)
        assert table.at[iso2, "cost_usd_hr"] == pytest.approx(expected, abs=0.01), iso2
    assert "night shifts at scale for foreign markets" in table.at["PH", "reasons"]
    assert "no documented night-shift industry for foreign markets" in table.at["CO", "reasons"]
    assert "(35% night premium)" in table.at["CO", "reasons"]

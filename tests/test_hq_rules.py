"""Rules read from every HQ (issue 38): HQ's own customers' personal data follows HQ's law (not
only the EEA's, the UK's and the US's), a localisation rule never counts against HQ's own
country, and rules that bind where voice work may sit are screens or weaker paths — each named
with its law in the reasons."""

import datetime as dt

import pandas as pd
import pytest

import sourcing
from sourcing import Scenario
from sourcing.facts.hq_rules import transfer_rule, voice_rule
from sourcing.facts.regulation import PATH_SCORE

WED = dt.date(2026, 3, 11)
ELEVEN = ("JP", "KR", "CN", "IN", "BR", "CA", "AU", "SG", "SA", "AE", "ZA")


@pytest.fixture(scope="module")
def countries():
    return sourcing.load_countries()


def _rank(countries, **kw) -> pd.DataFrame:
    return sourcing.rank(Scenario(on=WED, **kw), countries).to_frame().set_index("iso2")


def test_every_listed_hq_has_a_sourced_rule():
    for hq in ELEVEN:
        rule = transfer_rule(hq)
        assert rule is not None, hq
        assert rule.law and rule.sources, hq
    assert transfer_rule("MX") is None  # no sourced rule: said in the README


def test_the_hq_customers_data_follows_hq_law(countries):
    """Japan: the EU and the UK are designated equivalent (APPI Art. 28, rule 15) — adequacy
    (90); Vietnam needs a recipient with equivalent measures — a contract (80)."""
    s = Scenario(hq="JP", workload="back-office", on=WED)
    r = sourcing.rank(s, countries)
    assert "home_personal" in r.resolved.data
    table = r.to_frame().set_index("iso2")
    assert "HQ customers' data (APPI Art. 28): treated as adequate" in table.at["DE", "reasons"]
    assert (
        "HQ customers' data (APPI Art. 28): a recipient with equivalent measures"
        in (table.at["VN", "reasons"])
    )
    assert transfer_rule("JP").covers("GB") and not transfer_rule("JP").covers("VN")


def test_regulator_clauses_are_a_weak_path_and_a_block_when_not_allowed(countries):
    """China: outside the country the CAC standard contract (or an assessment) — SCCs' 50;
    with SCCs disallowed every location abroad is ruled out, with the law named."""
    allowed = _rank(countries, hq="CN", workload="back-office", allow_sccs=True)
    assert "HQ customers' data (PIPL Arts. 38–40" in allowed.at["PH", "reasons"]
    barred = _rank(countries, hq="CN", workload="back-office", allow_sccs=False)
    assert barred.at["PH", "excluded"] and not barred.at["CN", "excluded"]
    assert "the regulator's clauses are not allowed in this scenario" in barred.at["PH", "reasons"]
    assert PATH_SCORE["SCCs"] < PATH_SCORE["contract"] < PATH_SCORE["adequacy"]


def test_a_localisation_rule_never_counts_against_hqs_own_country(countries):
    """China's strict localisation costs every other location its 25 % part, never China
    itself when it is HQ: staying home meets it."""
    table = _rank(countries, hq="CN", workload="back-office")
    assert table.at["CN", "score_regulatory"] == 100.0
    assert "strict data localization" not in table.at["CN", "reasons"]
    abroad = _rank(countries, hq="US", workload="back-office")
    assert "strict data localization" in abroad.at["CN", "reasons"]


def test_saudi_voice_work_is_reserved_to_the_kingdom(countries):
    rule = voice_rule("SA")
    assert rule.kind == "reserved" and rule.inside == {"SA"}
    voice = _rank(countries, hq="SA", workload="voice-support-en", languages=("ar",))
    kept = set(voice.index[~voice["excluded"]])
    assert kept <= {"SA"}
    assert "reserved for Saudi nationals working in Saudi Arabia" in voice.at["EG", "reasons"]
    written = _rank(countries, hq="SA", workload="back-office", languages=("ar",))
    assert not written.at["EG", "excluded"]  # the rule binds remote customer service only


def test_italian_voice_work_outside_the_eu_takes_a_weaker_path(countries):
    """Callers told where the operator sits and entitled to one in the EU (L. 232/2016)."""
    voice = _rank(countries, hq="IT", workload="voice-support-en", languages=("it",))
    assert (
        "may ask to be transferred to an operator in Italy or the EU" in (voice.at["AL", "reasons"])
    )
    assert "transferred to an operator" not in voice.at["RO", "reasons"]  # inside the EU
    written = _rank(countries, hq="IT", workload="back-office", languages=("it",))
    assert "transferred to an operator" not in written.at["AL", "reasons"]
    # the same EU data from France, whose law has no such rule: Albania's path is stronger
    french = _rank(countries, hq="FR", workload="voice-support-en", languages=("it",))
    assert voice.at["AL", "score_regulatory"] < french.at["AL", "score_regulatory"]

"""Analyses that question the score: hand-computed TCO, a known flip point, a toy Pareto front,
follow-the-sun against brute force, a reproducible Monte Carlo, and the year view."""

import datetime as dt
import itertools

import numpy as np
import pandas as pd
import pytest

import sourcing
from sourcing import CRITERIA, Scenario
from sourcing.analysis.follow_the_sun import follow_the_sun
from sourcing.analysis.pareto import pareto_front
from sourcing.analysis.sensitivity import (
    _cost_draws,
    draw,
    kendall_tau,
    method_agreement,
    monte_carlo,
    weight_intervals,
)
from sourcing.engine.scoring import Ranking, total_score
from sourcing.facts.timezones import WorkingDay, overlap_hours, utc_offset_hours, year_view
from sourcing.operating.costs import Assumptions, payback, tco

WED = dt.date(2026, 3, 11)


def table(rows: dict[str, dict], **columns) -> pd.DataFrame:
    """A ranked-table lookalike: one row per iso2 with given sub-scores and fields."""
    records = []
    for iso2, fields in rows.items():
        record = {
            "iso2": iso2, "name": iso2, "shore": "offshore", "excluded": False, "score": 50.0,
            "cost_usd_hr": 10.0, "distance_km": 0.0,
            **{f"score_{c}": 0.0 for c in CRITERIA},
        }  # fmt: skip
        record.update(fields)
        records.append(record)
    return pd.DataFrame(records).assign(**columns)


NO_FRILLS = Assumptions(
    wage_inflation_pct=0, hq_wage_inflation_pct=0, setup_cost_per_seat_usd=0,
    knowledge_transfer_hours_per_fte=0, parallel_run_months=0, ramp_up_months=0,
    retained_management_pct=0, governance_trips_per_year=0,
)  # fmt: skip


# --- TCO ----------------------------------------------------------------------------------------


def test_tco_hand_computed_for_one_country():
    s = Scenario(hq="US", fte=10, years=2, on=WED)
    t = table({"US": {"shore": "onshore", "cost_usd_hr": 40.0}, "PH": {"cost_usd_hr": 10.0}})
    plain = tco(s, t, NO_FRILLS).set_index(["iso2", "year"])
    # 10 FTE × 1,800 h × $10 = $180,000 a year; baseline 10 × 1,800 × $40 = $720,000
    assert plain.at[("PH", 1), "cost_usd"] == pytest.approx(180_000)
    assert plain.at[("PH", 2), "cumulative_saving_usd"] == pytest.approx(2 * 540_000)
    assert plain.at[("US", 1), "saving_usd"] == 0

    a = NO_FRILLS.model_copy(
        update={"setup_cost_per_seat_usd": 1_000, "parallel_run_months": 1,
                "wage_inflation_pct": 10, "retained_management_pct": 10}
    )  # fmt: skip
    full = tco(s, t, a).set_index(["iso2", "year"])
    # year 1: run 180,000 × 1.10 retained = 198,000 + set-up 10,000 + one parallel month 60,000
    assert full.at[("PH", 1), "cost_usd"] == pytest.approx(268_000)
    # year 2: run × 1.10 inflation × 1.10 retained
    assert full.at[("PH", 2), "cost_usd"] == pytest.approx(180_000 * 1.1 * 1.1)
    months = payback(s, t, a).set_index("iso2")
    # month 1: 15,000 × 1.1 + 10,000 + 60,000 = 86,500 vs 60,000 → −26,500; month 2: +43,500
    assert months.at["PH", "payback_month"] == 2
    assert pd.isna(months.at["US", "payback_month"])


def test_tco_band_hand_computed():
    """The band moves only the location's rate: $8–$14 around $10, HQ stays at $40."""
    s = Scenario(hq="US", fte=10, years=1, on=WED)
    t = table({"US": {"shore": "onshore", "cost_usd_hr": 40.0},
               "PH": {"cost_usd_hr": 10.0, "cost_low_usd_hr": 8.0, "cost_high_usd_hr": 14.0},
               "CO": {"cost_usd_hr": 12.0}})  # fmt: skip
    a = NO_FRILLS.model_copy(update={"setup_cost_per_seat_usd": 30_000})
    out = payback(s, t, a).set_index("iso2")
    # 10 FTE × 150 h a month = 1,500 h; baseline $60,000 a month, $720,000 a year
    assert out.at["PH", "saving_usd"] == pytest.approx(720_000 - 180_000 - 300_000)
    assert out.at["PH", "saving_low_usd"] == pytest.approx(720_000 - 144_000 - 300_000)
    assert out.at["PH", "saving_high_usd"] == pytest.approx(720_000 - 252_000 - 300_000)
    # set-up $300,000 repaid by a monthly saving of $48,000 / $45,000 / $39,000
    assert out.at["PH", "payback_month_low"] == 7  # 7 × 48,000 = 336,000
    assert out.at["PH", "payback_month"] == 7  # 7 × 45,000 = 315,000
    assert out.at["PH", "payback_month_high"] == 8  # 7 × 39,000 = 273,000 < 300,000
    # no range: exact, the band collapses on the value
    assert out.at["CO", "saving_low_usd"] == out.at["CO", "saving_usd"] == out.at[
        "CO", "saving_high_usd"]  # fmt: skip
    assert pd.isna(out.at["US", "payback_month_low"])
    lines = tco(s, t, a).set_index("iso2")
    assert lines.at["PH", "cumulative_cost_low_usd"] == pytest.approx(144_000 + 300_000)
    assert lines.at["PH", "cumulative_cost_high_usd"] == pytest.approx(252_000 + 300_000)


def test_never_paying_back_is_empty():
    s = Scenario(hq="US", fte=5, years=1, on=WED)
    t = table({"US": {"cost_usd_hr": 40.0}, "CH": {"cost_usd_hr": 55.0}})
    assert pd.isna(payback(s, t, NO_FRILLS).set_index("iso2").at["CH", "payback_month"])


def test_governance_travel_grows_with_distance():
    s = Scenario(hq="US", fte=5, years=1, on=WED)
    a = NO_FRILLS.model_copy(update={"governance_trips_per_year": 4})
    t = table({"US": {"cost_usd_hr": 40.0}, "MX": {"distance_km": 3_000.0},
               "IN": {"distance_km": 12_000.0}})  # fmt: skip
    cost = tco(s, t, a).set_index("iso2")["cost_usd"]
    # 4 trips × (1,500 + 2 × km × 0.12)
    assert cost["IN"] - cost["MX"] == pytest.approx(4 * 2 * 9_000 * 0.12)


# --- sensitivity ----------------------------------------------------------------------------------


def _two_criteria():
    s = Scenario(hq="US", on=WED, weights={**dict.fromkeys(CRITERIA, 0), "cost": 0.6,
                                           "coverage": 0.4})  # fmt: skip
    return s, _matrix(s)


def _matrix(s: Scenario) -> Ranking:
    rows = {
        "AA": {"cost": 100.0, "coverage": 0.0},
        "BB": {"cost": 0.0, "coverage": 100.0},
        "CC": {"cost": 30.0, "coverage": 30.0, "risk": 100.0},
    }
    matrix = [[row.get(c, 0.0) for c in CRITERIA] for row in rows.values()]
    return Ranking.from_matrix(s, list(rows), matrix)


def test_flip_point_known_analytically():
    s, t = _two_criteria()
    # AA = 100 t, BB = 100 (1 − t): AA stays #1 for a cost weight t ≥ 0.5
    out = weight_intervals(t).set_index("criterion")
    assert out.at["cost", "low"] == pytest.approx(0.5)
    assert out.at["cost", "high"] == pytest.approx(1.0)
    assert out.at["cost", "leader_below"] == "BB"
    assert out.at["cost", "flip_change"] == pytest.approx(0.1)
    assert out.at["coverage", "high"] == pytest.approx(0.5)
    assert out.at["coverage", "flips_to"] == "BB"
    # risk weighs 0 now; with weight t, AA = 60 (1 − t) and CC = 30 (1 − t) + 100 t: CC takes
    # over at t = 30 / 130
    risk = out.loc["risk"]
    assert risk["flips_to"] == "CC"
    assert risk["flip_change"] == pytest.approx(30 / 130)
    assert pd.isna(out.at["talent", "flips_to"])  # nobody scores on talent: nothing flips


def test_flip_point_topsis_is_found_by_search():
    s, t = _two_criteria()
    out = weight_intervals(_matrix(s.replace(method="topsis"))).set_index("criterion")
    assert out.at["cost", "low"] == pytest.approx(0.5, abs=1e-6)  # symmetric case
    assert out.at["cost", "leader_below"] == "BB"


def test_monte_carlo_is_reproducible_with_a_seed():
    s, t = _two_criteria()
    a = monte_carlo(t, draws=2_000, seed=7)
    b = monte_carlo(t, draws=2_000, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert a["top1_share"].sum() == pytest.approx(1.0)
    assert a["top3_share"].sum() == pytest.approx(3.0)
    shares = a.set_index("iso2")["top1_share"]
    assert shares["AA"] > shares["BB"] > 0  # weights centred on 0.6/0.4 around a 0.5 flip
    c = monte_carlo(t, draws=2_000, seed=8)
    assert not a.equals(c)


def _cost_only(countries: pd.DataFrame, hq: str = "US") -> tuple[Scenario, str]:
    s = Scenario(hq=hq, workload="back-office", night_premium=0, on=WED,
                 weights={**dict.fromkeys(CRITERIA, 0), "cost": 1})  # fmt: skip
    return s, f"cost_{s.preset.role}"


def test_cost_uncertainty_hand_computed():
    """PH at exactly $10, IN triangular on [8, 12] with its mode at 12, HQ exact at $40, cost the
    only weight: IN is cheaper with probability P(X < 10) = (10 − 8)² / ((12 − 8)(12 − 8)) = ¼."""
    countries = sourcing.load_countries().loc[["US", "PH", "IN"]]
    s, role = _cost_only(countries)
    values = {"US": (40, 40, 40), "PH": (10, 10, 10), "IN": (12, 8, 12)}
    for iso2, (value, low, high) in values.items():
        countries.loc[iso2, [f"{role}_usd_hr", f"{role}_low_usd_hr", f"{role}_high_usd_hr"]] = (
            value, low, high)  # fmt: skip
    ranking = sourcing.rank(s, countries)
    assert ranking.to_frame().iloc[0]["iso2"] == "PH"
    result = draw(ranking, draws=40_000, seed=3, vary=("costs",))
    assert result.leader == "PH"
    assert result.leader_kept == pytest.approx(0.75, abs=0.01)
    shares = result.shares.set_index("iso2")["top1_share"]
    assert shares["IN"] == pytest.approx(0.25, abs=0.01)
    # with the weights fixed and the costs exact, nothing ever moves
    for iso2, (value, _, _) in values.items():
        countries.loc[iso2, [f"{role}_low_usd_hr", f"{role}_high_usd_hr"]] = (value, value)
    exact = draw(sourcing.rank(s, countries), draws=2_000, vary=("costs",))
    assert exact.leader_kept == 1.0


def test_hq_cost_uncertainty_moves_every_saving_together():
    """Only HQ's cost is uncertain: every location's saving moves with it, the order by cost
    never changes, so the #1 on cost alone stays #1 in every draw."""
    countries = sourcing.load_countries().loc[["US", "PH", "IN", "MX"]]
    s, role = _cost_only(countries)
    for iso2 in ["PH", "IN", "MX"]:
        value = countries.at[iso2, f"{role}_usd_hr"]
        countries.loc[iso2, [f"{role}_low_usd_hr", f"{role}_high_usd_hr"]] = (value, value)
    countries.loc["US", [f"{role}_low_usd_hr", f"{role}_high_usd_hr"]] = (20.0, 90.0)
    assert draw(sourcing.rank(s, countries), draws=2_000, vary=("costs",)).leader_kept == 1.0


def test_the_cost_draws_use_the_rankings_cost_scale():
    """A low-cost HQ: India at $4 against $6, $36 and $40, whose upper quartile is
    36 + 0.25 × 4 = 37. With every cost exact, each Monte Carlo draw scores cost exactly as the
    ranking does, against $37 and not against HQ's $4 (where India and the Philippines would
    both score 0)."""
    countries = sourcing.load_countries().loc[["IN", "PH", "GB", "US"]]
    s, role = _cost_only(countries, hq="IN")
    for iso2, value in {"IN": 4.0, "PH": 6.0, "GB": 36.0, "US": 40.0}.items():
        columns = [f"{role}_usd_hr", f"{role}_low_usd_hr", f"{role}_high_usd_hr"]
        countries.loc[iso2, columns] = (value, value, value)
    ranking = sourcing.rank(s, countries)
    kept = ranking.kept()
    point = ranking.matrix[kept, CRITERIA.index("cost")]
    by_iso2 = dict(zip(ranking.facts["iso2"].to_numpy()[kept], point, strict=True))
    assert by_iso2["IN"] == pytest.approx(100 * (1 - 4 / 37))
    assert by_iso2["PH"] == pytest.approx(100 * (1 - 6 / 37))
    drawn = _cost_draws(ranking, np.random.default_rng(0), 50)
    np.testing.assert_allclose(drawn, np.repeat(point[:, None], 50, axis=1))


def test_real_cost_ranges_move_the_leader_sometimes():
    """Where the top two are within a point, the cost ranges alone sometimes swap them."""
    close = None
    for hq in ("GB", "US", "DE", "JP", "AU"):
        for workload in ("agile-dev", "hr-payroll", "kyc-aml-eu", "finance-accounting"):
            ranking = sourcing.rank(Scenario(hq=hq, workload=workload, on=WED))
            top = np.sort(ranking.scores[ranking.kept()])[::-1]
            if len(top) > 1 and top[0] - top[1] < 1.0:
                close = ranking
                break
        if close is not None:
            break
    assert close is not None, "no scenario with a close top two to test on"
    costs = draw(close, draws=3_000, vary=("costs",))
    assert costs.leader == close.to_frame().iloc[0]["iso2"]
    assert 0 < costs.leader_kept < 1  # measured and modelled ranges overlap at the top
    with pytest.raises(ValueError, match="vary"):
        draw(close, vary=("prices",))


def test_batched_kernel_matches_one_weight_row_at_a_time():
    rng = np.random.default_rng(1)
    matrix = rng.uniform(0, 100, (7, len(CRITERIA)))
    weights = rng.dirichlet(np.ones(len(CRITERIA)), size=5)
    cube = np.repeat(matrix[:, :, None], 5, axis=2)
    for method in ("wsm", "topsis"):
        one_by_one = np.stack([total_score(matrix, w, method) for w in weights], axis=1)
        np.testing.assert_allclose(total_score(matrix, weights, method), one_by_one)
        np.testing.assert_allclose(total_score(cube, weights, method), one_by_one)


def test_kendall_tau():
    assert kendall_tau([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert kendall_tau([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert kendall_tau([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(4 / 6)


def test_method_agreement_on_real_data():
    s = Scenario(hq="GB", workload="back-office", on=WED)
    tau, movers = method_agreement(sourcing.rank(s))
    assert -1 <= tau <= 1
    assert {"rank_wsm", "rank_topsis", "moved"} <= set(movers.columns)


# --- Pareto ---------------------------------------------------------------------------------------


def test_pareto_on_a_four_country_toy():
    t = table({
        "AA": {"cost_usd_hr": 10.0, "score": 50.0},
        "BB": {"cost_usd_hr": 20.0, "score": 80.0},
        "CC": {"cost_usd_hr": 30.0, "score": 70.0},
        "DD": {"cost_usd_hr": 15.0, "score": 40.0},
    })  # fmt: skip
    out = pareto_front(t, versus="score").set_index("iso2")
    assert not out.at["AA", "dominated"] and not out.at["BB", "dominated"]
    assert out.at["CC", "dominated_by"] == "BB"
    assert out.at["DD", "dominated_by"] == "AA"


# --- follow-the-sun ------------------------------------------------------------------------------

EIGHT = ["US", "MX", "GB", "PL", "IN", "PH", "AU", "BR"]
RATES = {"US": 40, "MX": 12, "GB": 36, "PL": 16, "IN": 5, "PH": 6, "AU": 38, "BR": 14}


def _brute_force(countries, table_, day=(8, 17), handoff=30):
    """Independent check: minute sets on the HQ clock, every combination, no pruning."""
    on = WED
    hq_off = sourcing.utc_offset_hours(countries.at["US", "hub_tz"], on)
    minutes = {}
    for iso2 in table_["iso2"]:
        off = sourcing.utc_offset_hours(countries.at[iso2, "hub_tz"], on) - hq_off
        start = int(round(day[0] * 60 - off * 60)) % 1440
        minutes[iso2] = [(start + m) % 1440 for m in range((day[1] - day[0]) * 60)]
    best = {}
    for k in (2, 3, 4):
        for combo in itertools.combinations(table_["iso2"], k):
            count = np.zeros(1440, int)
            for c in combo:
                count[minutes[c]] += 1
            if (count == 0).any():
                continue
            if all((count[minutes[c][:handoff]] >= 2).all() for c in combo):
                cost = sum(RATES[c] for c in combo)
                best[cost] = best.get(cost, []) + [set(combo)]
    return best


def test_follow_the_sun_equals_brute_force_on_eight_countries():
    countries = sourcing.load_countries()
    t = table({c: {"cost_usd_hr": float(RATES[c])} for c in EIGHT})
    s = Scenario(hq="US", workload="it-service-desk-247", on=WED)
    plans = follow_the_sun(s, t, countries, top=5, objective="cost")
    brute = _brute_force(countries, t)
    assert not plans.empty and brute
    cheapest = min(brute)
    # 24 h window, each member works 9 h inside it: cost per covered hour = Σ rates × 9 / 24
    per_hour = plans["cost_per_covered_hour_usd"]
    assert per_hour.iloc[0] == pytest.approx(cheapest * 9 / 24, abs=0.01)
    assert set(plans.at[0, "iso2"].split()) in brute[cheapest]
    # every plan the search returns is valid by brute force, in cost order
    assert list(per_hour) == sorted(per_hour)
    for iso2s, cost in zip(plans["iso2"], per_hour, strict=True):
        total = sum(RATES[c] for c in iso2s.split())
        assert cost == pytest.approx(total * 9 / 24, abs=0.01)
        assert set(iso2s.split()) in brute[total]
    assert (plans["covered_hours"] == plans["window_hours"]).all()
    assert (plans["window_hours"] == 24).all() and (plans["gaps"] == "none").all()


def test_follow_the_sun_by_the_workload_score_and_against_onshore():
    countries = sourcing.load_countries()
    s = Scenario(hq="US", workload="it-service-desk-247", on=WED)
    ranked = sourcing.rank(s, countries).to_frame()
    plans = follow_the_sun(s, ranked, countries, top=5)  # by the workload's own score
    order = list(zip(plans["k"], -plans["mean_score"], strict=True))
    assert order == sorted(order)  # fewer locations first, then the best score
    scores = ranked.set_index("iso2")["score"]
    for iso2s, mean in zip(plans["iso2"], plans["mean_score"], strict=True):
        assert mean == pytest.approx(scores[iso2s.split()].mean(), abs=0.01)
    # onshore: HQ's base rate with the premium on the window's night share (8 of 24 h)
    hq = ranked.set_index("iso2").loc["US"]
    base = hq["cost_usd_hr"] / (1 + 0.10 * hq["night_share_pct"] / 100)
    onshore = plans["onshore_cost_per_hour_usd"].iloc[0]
    assert onshore == pytest.approx(base * (1 + 0.10 * 8 / 24), abs=0.01)
    dearer = plans["cost_per_covered_hour_usd"] > onshore
    assert ((plans["vs_onshore_pct"] > 0) == dearer).all()
    assert plans["handoffs"].str.contains("→").all()
    assert not plans["handoffs"].str.contains(r"\b[A-Z]{2}→", regex=True).any()  # names


def test_a_12_hour_window_is_staffed_by_one_site_on_shifts_before_any_split():
    """US voice support, 08:00–20:00 New York: one nearshore site on two shifts inside its own
    06:00–22:00 comes first (no hand-over between continents), then two-site plans, never
    Romania + Costa Rica + New Zealand first."""
    countries = sourcing.load_countries()
    s = Scenario(hq="US", workload="voice-support-en", on=WED)
    ranked = sourcing.rank(s, countries).to_frame()
    plans = follow_the_sun(s, ranked, countries, top=5)
    assert (plans["window_hours"] == 12).all() and (plans["hq_window"] == "08:00–20:00").all()
    assert list(plans["k"]) == [1, 1, 1, 2, 2]  # at most three one-site plans, then pairs
    one = plans[plans["k"] == 1]
    assert list(one["mean_score"]) == sorted(one["mean_score"], reverse=True)
    # each is a ranked location whose local 08:00–20:00 shift pair sits inside 06:00–22:00,
    # at its day rate (no night premium)
    for _, p in one.iterrows():
        row = ranked.set_index("iso2").loc[p["iso2"]]
        assert p["mean_score"] == pytest.approx(row["score"], abs=0.01)
        assert p["cost_per_covered_hour_usd"] == pytest.approx(row["cost_usd_hr"], abs=0.01)
        assert "on 2 shifts" in p["handoffs"] and "(HQ 08:00–20:00)" in p["handoffs"]
    # Manila works the window from 20:00 to 08:00 local: never a one-site plan
    assert "PH" not in set(one["iso2"])
    # by hand: the window starts at 08:00 New York (UTC-4 on WED); a hub whose offset is
    # within 2 h of it works 08:00–20:00 inside its own 06:00–22:00 — the best three by score
    gap = [utc_offset_hours(countries.at[c, "hub_tz"], WED) + 4 for c in ranked["iso2"]]
    fits = ranked[(~ranked["excluded"]) & (pd.Series(gap, index=ranked.index).abs() <= 2)]
    assert list(one["iso2"]) == list(fits.sort_values("score", ascending=False).head(3)["iso2"])
    pairs = follow_the_sun(s, ranked, countries, sizes=(2, 3, 4), top=5)
    assert pairs.at[0, "k"] == 2 and list(pairs["k"]) == sorted(pairs["k"])
    three = follow_the_sun(s, ranked, countries, sizes=(3,), top=5)
    assert not three.empty  # three-site plans exist, and are offered when asked for


def test_a_24_hour_window_has_no_one_site_plan():
    countries = sourcing.load_countries()
    s = Scenario(hq="US", workload="it-service-desk-247", on=WED)
    ranked = sourcing.rank(s, countries).to_frame()
    plans = follow_the_sun(s, ranked, countries, top=5)
    assert not plans.empty and (plans["k"] >= 2).all()
    assert (plans["hq_window"] == "00:00–24:00").all()
    assert follow_the_sun(s, ranked, countries, sizes=(1,)).empty


def test_follow_the_sun_reports_nothing_when_impossible():
    countries = sourcing.load_countries()
    t = table({c: {"cost_usd_hr": float(RATES[c])} for c in ["GB", "PL"]})
    s = Scenario(hq="US", workload="it-service-desk-247", on=WED)
    assert follow_the_sun(s, t, countries).empty


# --- year view ------------------------------------------------------------------------------------


def test_year_view_marks_the_weeks_when_dst_dates_differ():
    hq = WorkingDay("Europe/London", dt.time(9), dt.time(17))
    ny = WorkingDay("America/New_York", dt.time(9), dt.time(17))
    view = year_view(hq, {"US": ny, "IN": WorkingDay("Asia/Kolkata", dt.time(9), dt.time(17))},
                     2026)  # fmt: skip
    us = view[view["iso2"] == "US"]
    assert len(us) == 52
    shifted = us[us["dst_shift"]]
    # US springs forward 8 Mar, UK 29 Mar; UK falls back 25 Oct, US 1 Nov
    assert list(shifted["date"]) == [dt.date(2026, 3, 11), dt.date(2026, 3, 18),
                                     dt.date(2026, 3, 25), dt.date(2026, 10, 28)]  # fmt: skip
    assert (shifted["overlap_local_day_hours"] == 4).all()
    assert (us.loc[~us["dst_shift"], "overlap_local_day_hours"] == 3).all()
    for row in view.sample(10, random_state=1).itertuples():
        day = ny if row.iso2 == "US" else WorkingDay("Asia/Kolkata", dt.time(9), dt.time(17))
        assert row.overlap_local_day_hours == overlap_hours(hq, day, row.date)


@pytest.mark.parametrize("hq_tz", ["America/New_York", "Asia/Kolkata", "Australia/Sydney"])
def test_vectorised_year_view_equals_overlap_hours_everywhere(hq_tz):
    countries = sourcing.load_countries()
    hq = WorkingDay(hq_tz, dt.time(8, 30), dt.time(17, 30))
    days = {i: WorkingDay(countries.at[i, "hub_tz"], dt.time(9), dt.time(18))
            for i in countries.index}  # fmt: skip
    view = year_view(hq, days, 2026)
    expected = [overlap_hours(hq, days[r.iso2], r.date) for r in view.itertuples()]
    assert view["overlap_local_day_hours"].to_numpy() == pytest.approx(expected)


def test_the_leader_flip_sentence_names_the_smallest_change_in_the_intervals():
    from sourcing.analysis.explain import leader_flip

    ranking = sourcing.rank(Scenario(hq="US", workload="voice-support-en", on="2026-03-11"))
    intervals = weight_intervals(ranking)
    names = dict(zip(ranking.to_frame()["iso2"], ranking.to_frame()["name"], strict=True))
    flips = intervals.dropna(subset=["flip_change"])
    smallest = flips.loc[flips["flip_change"].abs().idxmin()]
    said = leader_flip(intervals, names)
    assert f"**{100 * abs(smallest['flip_change']):.1f} points**" in said
    assert f"**{names[smallest['flips_to']]}** takes over" in said
    assert leader_flip(intervals.assign(flip_change=np.nan), names) is None


def test_participants_csv_names_missing_columns_and_unreadable_files():
    from sourcing.analysis.workshop import read_participants, starting_grid

    good = "participant," + ",".join(CRITERIA) + "\nAna,5" + ",1" * (len(CRITERIA) - 1) + "\n"
    assert read_participants(good.encode()).loc[0, "cost"] == 5.0
    with pytest.raises(ValueError, match="missing columns: capability, proximity"):
        read_participants(
            "participant,cost,coverage,collaboration,language,regulatory,risk,talent\nA,1,1,1,1,1,1,1\n"
        )
    with pytest.raises(ValueError, match="not UTF-8"):
        read_participants(b"\xff\xfe\x00bad")
    grid = starting_grid(Scenario(hq="US", workload="agile-dev", weights={"cost": 7}))
    assert len(grid) == 3 and (grid["cost"] == 7).all()


def test_a_weight_move_reuses_the_cost_draws_and_changes_no_share(monkeypatch):
    """The cost draws depend on the costs and exclusions, not the weights: after a weight move
    on the shared dataset (the decision matrix reused) they are not drawn again, and every
    share is what a ranking computed from scratch (a caller's own copy: nothing reused) gives."""
    from sourcing.analysis import sensitivity

    base = sourcing.Scenario(hq="US", workload="voice-support-en", on="2026-03-11")
    moved = base.replace(weights={"cost": 31})
    drawn = []
    real = sensitivity._cost_draws
    monkeypatch.setattr(
        sensitivity, "_cost_draws", lambda *a, **k: drawn.append(1) or real(*a, **k)
    )
    first = draw(sourcing.rank(base), draws=3_000, seed=5)
    again = draw(sourcing.rank(moved), draws=3_000, seed=5)
    assert len(drawn) == 1  # the move drew no cost again
    fresh = draw(sourcing.rank(moved, sourcing.load_countries()), draws=3_000, seed=5)
    assert len(drawn) == 2  # an own copy is never reused
    pd.testing.assert_frame_equal(again.shares, fresh.shares)
    assert again.leader_kept == fresh.leader_kept
    assert not first.shares.equals(again.shares)  # the weights did move the shares

"""The city section of docs/calibration.md: within each country with published city figures,
Shoreline's order of its cities beside the published evidence (services workforce counted per
city; statutory minimum wages), with Shoreline's own "why not" for a counted leader it does not
put first. Called by bench/calibration.py."""

from __future__ import annotations

import datetime as dt

import sourcing
from sourcing.facts.cities import CITY_FIGURE, city_table
from sourcing.model.criteria import CRITERIA

ON = dt.date(2026, 3, 11)
# (HQ, workload) per country: a buyer the country's industry serves
SCENARIOS = {
    "PL": ("GB", "back-office"), "RO": ("DE", "back-office"), "CZ": ("DE", "back-office"),
    "HU": ("DE", "back-office"), "ZA": ("GB", "voice-support-en"),
    "PH": ("US", "voice-support-en"), "MX": ("US", "voice-support-en"),
    "CA": ("US", "voice-support-en"), "JP": ("JP", "back-office"),
    "CN": ("JP", "back-office"), "ID": ("AU", "back-office"), "TH": ("JP", "back-office"),
    "CO": ("US", "voice-support-en"),
}  # fmt: skip


def _spearman(a: list[float], b: list[float]) -> float | None:
    if len(a) < 3:
        return None
    ra, rb = (sorted(range(len(x)), key=lambda i: x[i]) for x in (a, b))
    pa, pb = [0] * len(a), [0] * len(b)
    for rank, i in enumerate(ra):
        pa[i] = rank
    for rank, i in enumerate(rb):
        pb[i] = rank
    n = len(a)
    return 1 - 6 * sum((x - y) ** 2 for x, y in zip(pa, pb, strict=True)) / (n * (n * n - 1))


def _behind(ranking, kept, lead: str, city: str) -> str:
    """Why the most counted city is not first among its country's: the weighted sub-score gaps
    to the country's first city, largest first (the engine's own criteria)."""
    first = kept.iloc[0]
    mine = kept[kept["location"] == lead].iloc[0]
    weights = dict(zip(CRITERIA, ranking.weights / ranking.weights.sum(), strict=True))
    gaps = sorted(((weights[c] * (first[f"score_{c}"] - mine[f"score_{c}"]), c)
                   for c in CRITERIA), reverse=True)  # fmt: skip
    behind = [f"{c} ({mine[f'score_{c}']:.0f} against {first[f'score_{c}']:.0f}, "
              f"{g:.1f} weighted points)" for g, c in gaps if g > 0.05][:2]  # fmt: skip
    ahead = [c for g, c in gaps if g < -0.05]
    return (
        f"Why not {city} first: {mine['score']:.1f} against {first['city']}'s "
        f"{first['score']:.1f}, behind on {' and '.join(behind) or 'nothing'}"
        + (f", ahead on {', '.join(ahead)}." if ahead else ".")
    )


def cities_section(countries) -> list[str]:
    cities = city_table()
    lines = [
        "## Cities: the order within a country beside the published evidence",
        "",
        "At city level (`--level city`) each city keeps its own zone and place, and its own "
        "wage level and services workforce where a source publishes them (`data/cities.csv`, "
        "built from `data/sources/cities/`); every other value is its country's. Below, for "
        "each country with city figures, Shoreline's order of its cities (ruled-out cities "
        "left out) beside the published order. **The counted workforce and the minimum wages "
        "are inputs**, so agreement with them is partly by construction: what the comparison "
        "shows is whether hours, language and the other criteria overturn them, and where a "
        "city without its own figures (an upper bound, or its country's) lands among counted "
        "ones. ρ: Spearman's rank correlation over the counted cities (three or more).",
        "",
    ]
    agree = total = 0
    for iso2, (hq, workload) in SCENARIOS.items():
        mine = cities[cities["iso2"] == iso2]
        scenario = sourcing.Scenario(hq=hq, workload=workload, on=ON, level="city")
        ranking = sourcing.rank(scenario, countries)
        table = ranking.to_frame()
        kept = table[(table["iso2"] == iso2) & ~table["excluded"]].reset_index(drop=True)
        name = countries.at[iso2, "name"]
        lines += [f"### {name} (`--hq {hq} --workload {workload} --level city`)", ""]
        if kept.empty:
            lines += [f"Every city of {name} is ruled out in this scenario.", ""]
            continue
        lines += ["| # in country | city | score | cost USD/h | cost | workforce share | "
                  "workforce |", "|---|---|---|---|---|---|---|"]  # fmt: skip
        for i, r in enumerate(kept.itertuples(), start=1):
            share = mine.at[r.location, "workforce_share"]
            shown = "" if share != share else f"{share:.1%}"
            lines.append(f"| {i} | {r.city} | {r.score:.1f} | {r.cost_usd_hr:.2f} | "
                         f"{r.cost_provenance} | {shown} | {r.workforce_provenance} |")  # fmt: skip
        counted = mine[mine["workforce_provenance"] == CITY_FIGURE].sort_values(
            "workforce_share", ascending=False
        )
        counted = counted[counted.index.isin(kept["location"])]
        if len(counted):
            said = " > ".join(counted["city"])
            order = [int(kept.index[kept["location"] == c][0]) for c in counted.index]
            rho = _spearman(list(range(len(order))), order)
            lines += ["", f"Published workforce order: {said}."
                      + ("" if rho is None else f" ρ = {rho:+.2f}.")]  # fmt: skip
            lead = counted.index[0]
            total += 1
            top = kept.at[0, "score"]
            if kept.at[0, "location"] == lead:
                agree += 1
                lines.append(f"The most counted city, {counted.iloc[0]['city']}, leads.")
            elif kept.loc[kept["location"] == lead, "score"].iloc[0] == top:
                agree += 1
                lines.append(f"The most counted city, {counted.iloc[0]['city']}, ties for "
                             f"first with {kept.at[0, 'city']} on every criterion (ties are "
                             "listed by population).")  # fmt: skip
            else:
                lines.append(_behind(ranking, kept, lead, counted.iloc[0]["city"]))
        lines.append("")
    lines += [
        f"The city with the largest published workforce leads (or ties for the lead of) its "
        f"country's cities in {agree} of {total} countries with counted cities.",
        "",
        "Known limits at city level: India's cities have no published city figures in the "
        "sources read (no state minimum wage comparable across states, no city head count), so "
        "they tie on every criterion but hours and distance, ordered by population; most "
        "cities' costs are their country's (the country's cost is taken as its hub's), and "
        "minimum wages set a floor, not the agent wage (the US is left out for that reason: "
        "its federal and many state minimums sit far below the measured agent wage). Where the "
        "counted cities' shares leave the rest of a country to uncounted cities, an uncounted "
        "hub can tie with a counted one (Johannesburg and Durban with Cape Town: BPESA puts "
        "Durban at a quarter of South Africa's GBS workforce too); ties are listed largest "
        "first.",
        "",
    ]
    return lines

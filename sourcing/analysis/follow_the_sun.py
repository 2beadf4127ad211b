"""Follow-the-sun: 2–4 locations whose local working days together cover the clock — or,
when the window needs no second site, one location on shifts.

Each location works its local day (default 08:00–17:00) on the scenario date. On a 24-hour
circle of HQ time in 15-minute slots, a plan is valid when its days cover every slot of the
target (24 h, or the service window) and, wherever one location takes over from another inside
the target, the two overlap for at least the handoff minutes. Plans are ranked by the
workload's own score (the mean of the members' totals in the ranking: the same criteria and
weights; best first) or by cost per covered hour (cheapest first).

Cost per covered hour = Σ member rate × the member's hours inside the window ÷ window hours
(hand-over overlaps are paid twice); members work their local day, so their rate carries no
night premium. It is compared with staffing the same window at HQ on shifts: HQ's rate × (1 +
night premium × the window's share of HQ night hours, 22:00–06:00) — ``vs_onshore_pct`` > 0
means the plan is dearer than keeping the work at home.

A window that one location can staff wholly inside its own daytime (06:00–22:00 local, no
night hours) needs no hand-over between continents: such a location is a one-site plan (size 1,
"on N shifts", at its day rate), and plans with fewer locations come first — each one more is
another hand-over, team and contract. A 24-hour window has no one-site plan.

Search is exhaustive over combinations after one exact pruning: locations whose day falls on
the same slots (same UTC offset) are interchangeable for coverage, so only the best of each
such bucket (cheapest, or highest score) can be in an optimal plan. The combinations are then
checked all at once with numpy. A plan carries no passenger: every member staffs some part of
the window that no other member does (a member working outside the window, or wholly inside
another's hours, would only raise the cost or dilute the score).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import numpy as np
import pandas as pd

from sourcing.engine.resolve import resolve
from sourcing.facts.cities import hq_rows, places_for
from sourcing.facts.nights import night_premium, night_premiums
from sourcing.facts.timezones import minutes_of, utc_offset_hours, window_minutes
from sourcing.facts.workday import SLOT_MINUTES, SLOTS, ring, runs, slot_clock, window_ring
from sourcing.model.scenario import Scenario

LOCAL_DAY = (dt.time(8), dt.time(17))  # each location's working day in a follow-the-sun plan
DAYTIME = (dt.time(6), dt.time(22))  # one site on shifts: the window inside its local daytime
ONE_SITE_PLANS = 3  # at most this many one-site plans, so the best multi-site ones show too
PLAN_COLUMNS = [
    "plan", "k", "locations", "iso2", "mean_score", "cost_per_covered_hour_usd",
    "onshore_cost_per_hour_usd", "vs_onshore_pct", "window_hours", "covered_hours", "gaps",
    "handoffs", "hq_window",
]  # fmt: skip


def follow_the_sun(
    scenario: Scenario,
    table: pd.DataFrame,
    countries: pd.DataFrame,
    *,
    sizes: tuple[int, ...] = (1, 2, 3, 4),
    local_day: tuple[dt.time, dt.time] = LOCAL_DAY,
    handoff_minutes: int = 30,
    objective: str = "score",
    top: int = 5,
) -> pd.DataFrame:
    """The best ``top`` plans over the given plan sizes (see the module docstring)."""
    if objective not in ("cost", "score"):
        raise ValueError("objective must be 'cost' or 'score'")
    if not set(sizes) <= {1, 2, 3, 4, 5, 6}:
        raise ValueError("plan sizes must be between 1 and 6")
    eff = resolve(scenario, countries)
    hq_offset = utc_offset_hours(eff.hq_tz, eff.on)
    onshore = None
    if "location" in table.columns:  # cities: each keyed by its id, read from its own row
        hq = hq_rows(table, scenario.hq)
        table = table.assign(country=table["iso2"], iso2=table["location"])
        onshore = hq.assign(country=hq["iso2"], iso2=hq["location"])
    places = places_for(scenario.level, countries)
    used = ("iso2", "name", "score", "cost_usd_hr", "night_share_pct", "country")
    pool = table.loc[~table["excluded"], [c for c in used if c in table.columns]]  # narrow: fast
    if objective == "cost":  # a plan's cost needs every member's rate
        pool = pool[pool["cost_usd_hr"].notna()]
    if pool.empty:
        return pd.DataFrame(columns=PLAN_COLUMNS)

    day_start = minutes_of(local_day[0])
    day_len = window_minutes(*local_day)
    length = math.ceil(day_len / SLOT_MINUTES)
    target = window_ring(eff.service_hours)

    # local start in HQ clock minutes → slot; one representative per slot (bucket)
    zones = places.loc[pool["iso2"], "hub_tz"]
    offset = {z: utc_offset_hours(z, eff.on) for z in set(zones)}  # each zone once
    pool = pool.assign(
        slot=[
            round(((day_start - 60 * (offset[z] - hq_offset)) % 1440) / SLOT_MINUTES) % SLOTS
            for z in zones
        ]
    )
    key = ["cost_usd_hr", "score"] if objective == "cost" else ["score", "cost_usd_hr"]
    ascending = [True, False] if objective == "cost" else [False, True]
    reps = pool.sort_values(key, ascending=ascending).drop_duplicates("slot").reset_index(drop=True)
    masks = np.stack([ring(s, length) for s in reps["slot"]])
    head = math.ceil(handoff_minutes / SLOT_MINUTES)
    heads = np.stack([ring(s, min(head, length)) for s in reps["slot"]])
    # a member must be handed over to where its start is inside the target and work is ongoing
    starts = reps["slot"].to_numpy()
    needs_handoff = target[starts] & target[(starts - 1) % SLOTS] & (head > 0)
    rate = _base_rates(reps, scenario)  # members work their local day: no night premium
    inside = (masks & target).sum(axis=1) * SLOT_MINUTES / 60  # member hours in the window
    window = target.sum() * SLOT_MINUTES / 60
    cost = rate * inside / window  # each member's share of the cost per covered hour
    score = reps["score"].to_numpy(float)

    found = []
    if 1 in sizes:  # one site on shifts, wholly inside its local daytime: the best few
        before = (day_start - minutes_of(DAYTIME[0])) // SLOT_MINUTES
        span = window_minutes(*DAYTIME) // SLOT_MINUTES
        ordered = pool.sort_values(key, ascending=ascending)
        single_rate = dict(zip(ordered["iso2"], _base_rates(ordered, scenario), strict=True))
        singles = [
            member for member in ordered.itertuples()
            if not (target & ~ring(member.slot - before, span)).any()
        ][:ONE_SITE_PLANS]  # fmt: skip
        found += [((m,), single_rate[m.iso2], float(m.score)) for m in singles]
    for k in sizes:
        if k == 1 or k > len(reps):
            continue
        combos = np.array(list(itertools.combinations(range(len(reps)), k)), dtype=np.int32)
        count = masks[combos].sum(axis=1)  # combos × slots
        covered = ((count > 0) | ~target).all(axis=1)
        handed = ((count[:, None, :] >= 2) | ~heads[combos]).all(axis=2)  # combos × k
        handed |= ~needs_handoff[combos]
        # no passenger: every member staffs some slot of the window that nobody else does
        alone = masks[combos] & target & (count == 1)[:, None, :]  # combos × k × slots
        needed = alone.any(axis=2).all(axis=1)
        valid = covered & handed.all(axis=1) & needed
        for combo in combos[valid]:
            found.append((combo, float(np.sum(cost[combo])), score[combo].mean()))
    # fewer locations first (each one more is another hand-over, team and contract: a 12-hour
    # window is not split over three continents when two sites cover it), then by the objective
    if objective == "cost":
        found.sort(key=lambda f: (len(f[0]), f[1], -f[2]))
    else:
        found.sort(key=lambda f: (len(f[0]), -f[2], f[1] if math.isfinite(f[1]) else math.inf))
    onshore = _onshore_rate(table if onshore is None else onshore, scenario, eff, target)
    hubs = places["hub_city"].to_dict()
    rows = []
    for number, (combo, total, mean) in enumerate(found[:top], start=1):
        if isinstance(combo, tuple):  # one site on shifts
            row = _on_shifts(number, combo[0], total, target, hubs, day_start, day_len)
        else:
            row = _describe(number, reps, combo, masks, target, length, total, mean, hubs,
                            day_start)  # fmt: skip
        row["hq_window"] = _window_text(target)
        row["onshore_cost_per_hour_usd"] = None if onshore is None else round(onshore, 2)
        row["vs_onshore_pct"] = None if onshore is None else round(100 * (total / onshore - 1), 1)
        rows.append(row)
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def _base_rates(frame: pd.DataFrame, scenario: Scenario) -> np.ndarray:
    """The ranked table's rates without the night premium it adds for shifted work."""
    rate = frame["cost_usd_hr"].to_numpy(float)
    if "night_share_pct" not in frame:
        return rate
    night = frame["night_share_pct"].fillna(0).to_numpy(float) / 100
    own = night_premiums(scenario.night_premium)  # the table read once, not once a row
    countries = frame["country" if "country" in frame else "iso2"]  # a city's is its country's
    premium = np.array([own.get(c, scenario.night_premium) for c in countries])
    return rate / (1 + premium * night)


def _onshore_rate(table: pd.DataFrame, scenario: Scenario, eff, target: np.ndarray):
    """HQ's rate for staffing the window itself, on shifts: the night premium on the window's
    share of HQ night hours (22:00–06:00 on HQ's clock). ``table``: the ranking, or HQ's rows."""
    hq = table[table["country" if "country" in table else "iso2"] == scenario.hq]
    if hq.empty or pd.isna(hq["cost_usd_hr"].iloc[0]):
        return None
    base = float(_base_rates(hq, scenario)[0])
    minutes = np.arange(SLOTS) * SLOT_MINUTES
    night = (minutes >= 22 * 60) | (minutes < 6 * 60)
    share = (target & night).sum() / target.sum()
    return base * (1 + night_premium(scenario.night_premium, scenario.hq) * share)


def _window_text(target: np.ndarray) -> str:
    """The target window on HQ's clock: "08:00–20:00", or "00:00–24:00" for the whole day."""
    if target.all():
        return "00:00–24:00"
    (start, length), *_ = runs(target)
    return f"{slot_clock(start)}–{slot_clock(start + length)}"


def _on_shifts(number, member, total, target, hubs: dict, day_start: int, day_len: int) -> dict:
    """A one-site plan: the window on the site's own clock, in shifts of a working day."""
    (start, length), *_ = runs(target)
    local = day_start // SLOT_MINUTES + start - member.slot
    shifts = math.ceil(length * SLOT_MINUTES / day_len)
    return {
        "plan": number,
        "k": 1,
        "locations": member.name,
        "iso2": member.iso2,
        "mean_score": round(float(member.score), 2),
        "cost_per_covered_hour_usd": round(float(total), 2),
        "window_hours": length * SLOT_MINUTES / 60,
        "covered_hours": length * SLOT_MINUTES / 60,
        "gaps": "none",
        "handoffs": f"one site on {shifts} shifts: {hubs[member.iso2]} "
        f"{slot_clock(local)}–{slot_clock(local + length)} local (HQ {slot_clock(start)}–"
        f"{slot_clock(start + length)})",
    }


def _describe(number, reps, combo, masks, target, length, total, mean, hubs, day_start) -> dict:
    members = reps.iloc[combo].sort_values("slot")
    union = masks[combo].any(axis=0)
    gaps = runs(target & ~union)
    handoffs = []
    ordered = list(members.itertuples())
    for prev, nxt in zip(ordered, ordered[1:] + ordered[:1], strict=True):
        if len(ordered) < 2:
            break
        overlap = (prev.slot + length - nxt.slot) % SLOTS
        if 0 < overlap < length and target[nxt.slot]:
            ends = day_start // SLOT_MINUTES + (nxt.slot - prev.slot) % SLOTS
            handoffs.append(
                f"{hubs[prev.iso2]} {slot_clock(ends)} → {hubs[nxt.iso2]} "
                f"{slot_clock(day_start // SLOT_MINUTES)} (HQ {slot_clock(nxt.slot)}, "
                f"{overlap * SLOT_MINUTES} min together)"
            )
    return {
        "plan": number,
        "k": len(combo),
        "locations": " + ".join(members["name"]),
        "iso2": " ".join(members["iso2"]),
        "mean_score": round(float(mean), 2),
        "cost_per_covered_hour_usd": round(float(total), 2),
        "window_hours": target.sum() * SLOT_MINUTES / 60,
        "covered_hours": (target & union).sum() * SLOT_MINUTES / 60,
        "gaps": ", ".join(f"{slot_clock(s)}–{slot_clock(s + n)}" for s, n in gaps) or "none",
        "handoffs": "; ".join(handoffs),
    }

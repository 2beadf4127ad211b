"""Column display settings (units, formats) shared by the pages' tables."""

import pandas as pd
import streamlit as st

from sourcing.model.criteria import CRITERIA

COLUMNS = {
    "rank": st.column_config.NumberColumn("Rank", format="%d"),
    "iso2": st.column_config.TextColumn("ISO"),
    "name": st.column_config.TextColumn("Country", pinned=True),
    "region": st.column_config.TextColumn("Region"),
    "iso3": st.column_config.TextColumn("ISO-3"),
    "gdpr_path": st.column_config.TextColumn("EU personal data path"),
    "uk_path": st.column_config.TextColumn("UK personal data path"),
    "localization": st.column_config.TextColumn("Data localisation"),
    "us_country_of_concern": st.column_config.CheckboxColumn("28 CFR 202 country of concern"),
    "shore": st.column_config.TextColumn("Shore"),
    "score": st.column_config.ProgressColumn("Score", min_value=0, max_value=100, format="%.1f"),
    "cost_usd_hr": st.column_config.NumberColumn("Cost", format="%.2f USD/h"),
    "cost_low_usd_hr": st.column_config.NumberColumn(
        "Cost low", format="%.2f USD/h", help="low end of the cost's range (see Data)"
    ),
    "cost_high_usd_hr": st.column_config.NumberColumn(
        "Cost high", format="%.2f USD/h", help="high end of the cost's range (see Data)"
    ),
    "cost_source": st.column_config.TextColumn(
        "Cost source", help="measured (statistic, year), modelled, or your data"
    ),
    "saving_pct": st.column_config.NumberColumn(
        "Saving per hour vs HQ", format="%.0f %%", help="the location's hourly cost against HQ's"
    ),
    "overlap_staffed_hours": st.column_config.NumberColumn(
        "HQ overlap (as staffed)",
        format="%.1f h",
        help="the team as the workload staffs it: a local office day, or the shifted team's "
        "hours for shift work",
    ),
    "overlap_local_day_hours": st.column_config.NumberColumn(
        "HQ overlap (local office day)",
        format="%.1f h",
        help="the location's ordinary office day (location hours) against HQ's day",
    ),
    "coverage_pct": st.column_config.NumberColumn("Coverage", format="%.0f %%"),
    "night_share_pct": st.column_config.NumberColumn("Night hours", format="%.0f %%"),
    "distance_km": st.column_config.NumberColumn("Distance", format="%d km"),
    "utc_offset_gap_hours": st.column_config.NumberColumn("Offset vs HQ", format="%+.2f h"),
    "reasons": st.column_config.TextColumn("Why", width="large"),
    "exclusions": st.column_config.TextColumn("Excluded because", width="large"),
    "excluded": st.column_config.CheckboxColumn("Excluded"),
    "language_basis": st.column_config.TextColumn(
        "Language pool",
        width="large",
        help="per language: the speakers (or learners, a proxy) in the labour force, and the "
        "survey or estimate they come from",
    ),
    "day_moved_hours": st.column_config.NumberColumn("Office day moved", format="%.1f h"),
    **{
        f"score_{c}": st.column_config.NumberColumn(c.capitalize(), format="%.0f") for c in CRITERIA
    },
}


def columns_for(level: str) -> dict:
    """The column settings for a ranking at ``level``: at city level a row's name is a city's
    ("Cebu City, Philippines") and ``iso2`` its country's code."""
    if level != "city":
        return COLUMNS
    return {**COLUMNS, "name": name_column(level), "iso2": st.column_config.TextColumn("Country")}


def name_column(level: str):
    """The pinned name column: "Country", or "City" at city level."""
    return st.column_config.TextColumn("City" if level == "city" else "Country", pinned=True)


def _usd(label: str, help: str | None = None):
    return st.column_config.NumberColumn(label, format="$%,.0f", help=help)


def _month(label: str):
    return st.column_config.NumberColumn(label, format="%d")


PAYBACK_LABELS = {
    "total_cost_usd": _usd("Total cost"),
    "baseline_usd": _usd("Keep at HQ"),
    "saving_usd": _usd("Saving over the horizon", "the TCO's saving against keeping it at HQ"),
    "saving_pct": st.column_config.NumberColumn(
        "Saving over the horizon, %", format="%.0f %%", help="of keeping the work at HQ"
    ),
    "payback_month": _month("Payback month"),
    "saving_low_usd": _usd("Saving at low cost", "the location's rate at its low end"),
    "saving_high_usd": _usd("Saving at high cost", "the location's rate at its high end"),
    "payback_month_low": _month("Payback at low cost"),
    "payback_month_high": _month("Payback at high cost"),
}

PLAN_LABELS = {
    "plan": st.column_config.NumberColumn("Plan", format="%d"),
    "locations": st.column_config.TextColumn("Locations", width="medium"),
    "mean_score": st.column_config.NumberColumn("Score (mean)", format="%.1f"),
    "cost_per_covered_hour_usd": st.column_config.NumberColumn(
        "Cost per covered hour", format="%.2f USD", help="Σ rate × hours in the window ÷ window"
    ),
    "onshore_cost_per_hour_usd": st.column_config.NumberColumn(
        "At HQ on shifts", format="%.2f USD", help="HQ's rate with the night premium"
    ),
    "vs_onshore_pct": st.column_config.NumberColumn("vs HQ", format="%+.0f %%"),
    "window_hours": st.column_config.NumberColumn("Window", format="%.1f h"),
    "covered_hours": st.column_config.NumberColumn("Covered", format="%.1f h"),
    "gaps": st.column_config.TextColumn("Uncovered (HQ time)"),
    "handoffs": st.column_config.TextColumn("Hand-overs or shifts (local times)", width="large"),
    "hq_window": st.column_config.TextColumn("Window (HQ time)"),
}


def blank_nones(frame: pd.DataFrame, numbers: tuple[str, ...] = ()) -> pd.DataFrame:
    """The frame with empty text cells shown blank rather than "None"; the number columns
    named in ``numbers`` shown as text too, blank where there is no value (a grid shows a
    missing number as "None")."""
    text = frame.select_dtypes(include=["object", "string"]).columns
    out = frame.assign(**{c: frame[c].where(frame[c].notna(), "") for c in text})
    for c in numbers:
        out[c] = [("" if pd.isna(v) else f"{v:g}") for v in frame[c]]
    return out


PRICING_LABELS = {
    "model": st.column_config.TextColumn("Pricing model", pinned=True),
    "monthly_usd": st.column_config.NumberColumn("A month, USD", format="localized"),
    "monthly_low_usd": st.column_config.NumberColumn("A month, low", format="localized"),
    "monthly_high_usd": st.column_config.NumberColumn("A month, high", format="localized"),
    "total_usd": st.column_config.NumberColumn("Over the horizon, USD", format="localized"),
    "low_usd": st.column_config.NumberColumn("Horizon, low", format="localized"),
    "high_usd": st.column_config.NumberColumn("Horizon, high", format="localized"),
    "unit_price_usd": st.column_config.NumberColumn("Unit price, USD", format="%.2f"),
    "unit": st.column_config.TextColumn("Per"),
    "basis": st.column_config.TextColumn("How the price is set"),
}

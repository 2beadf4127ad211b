"""The ranked table's columns, in order: the public contract of every ranking CSV."""

from __future__ import annotations

from sourcing.model.criteria import CRITERIA

RESULT_COLUMNS = [
    "rank", "iso2", "iso3", "name", "region", "shore", "score", "excluded", "exclusions", "reasons",
    "overlap_staffed_hours", "overlap_local_day_hours", "day_moved_hours", "coverage_pct",
    "night_share_pct",
    "cost_usd_hr", "cost_low_usd_hr", "cost_high_usd_hr", "cost_source", "saving_pct",
    "distance_km", "utc_offset_gap_hours",
    *[f"score_{c}" for c in CRITERIA],
    "language_basis", "gdpr_path", "uk_path", "localization", "us_country_of_concern",
]  # fmt: skip

# at city level: the location (city id) and city first, the country's code in iso2, and which
# figures are the city's own
CITY_COLUMNS = [
    "rank", "location", "city", *RESULT_COLUMNS[1:], "cost_provenance", "wage_ratio",
    "workforce_provenance", "office_rent_usd_sqm_month", "rent_basis",
]  # fmt: skip

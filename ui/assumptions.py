"""Editable TCO assumptions: one number input per field of sourcing.operating.costs.Assumptions."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from sourcing.operating.costs import Assumptions

LABELS = {
    "productive_hours_per_fte_year": "Productive hours per FTE-year",
    "wage_inflation_pct": "Wage inflation at the location (%/yr)",
    "hq_wage_inflation_pct": "Wage inflation at HQ (%/yr)",
    "setup_cost_per_seat_usd": "Set-up per seat (USD)",
    "knowledge_transfer_hours_per_fte": "Knowledge transfer (HQ hours per FTE)",
    "parallel_run_months": "Parallel run (months)",
    "ramp_up_months": "Ramp-up (months)",
    "ramp_up_start_productivity_pct": "Productivity at start of ramp-up (%)",
    "retained_management_pct": "Retained management (% of run cost)",
    "governance_trips_per_year": "Governance trips per year",
    "trip_fixed_cost_usd": "Fixed cost per trip (USD)",
    "travel_cost_per_km_usd": "Airfare per km (USD)",
}


def assumptions_editor() -> Assumptions:
    """Number inputs seeded with the defaults; invalid combinations fall back with a message."""
    defaults = Assumptions()
    values = {}
    with st.expander("TCO assumptions (editable)", expanded=False):
        columns = st.columns(3)
        for i, (name, field) in enumerate(Assumptions.model_fields.items()):
            default = getattr(defaults, name)
            kwargs = {"step": 1 if isinstance(default, int) else None}
            for meta in field.metadata:
                for bound in ("ge", "gt"):
                    if getattr(meta, bound, None) is not None:
                        kwargs["min_value"] = type(default)(getattr(meta, bound))
                if getattr(meta, "le", None) is not None:
                    kwargs["max_value"] = type(default)(meta.le)
            values[name] = columns[i % 3].number_input(
                LABELS.get(name, name),
                value=default,
                key=f"tco_{name}",
                help=field.description,
                **{k: v for k, v in kwargs.items() if v is not None},
            )
    try:
        return Assumptions(**values)
    except ValidationError as err:
        st.error(f"Assumptions not applied, defaults used — {err.errors()[0]['msg']}")
        return defaults

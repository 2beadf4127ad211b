"""The soft criteria every location is scored on, each 0–100 on a fixed scale (see scoring)."""

from __future__ import annotations

from enum import StrEnum


class Criterion(StrEnum):
    COST = "cost"
    COVERAGE = "coverage"
    COLLABORATION = "collaboration"
    LANGUAGE = "language"
    REGULATORY = "regulatory"
    RISK = "risk"
    TALENT = "talent"
    PROXIMITY = "proximity"


CRITERIA: tuple[str, ...] = tuple(c.value for c in Criterion)
DATA_CATEGORIES = (
    "eu_personal",
    "uk_personal",
    "ca_personal",
    "us_bulk_sensitive",
    "payment_card",
    "health",
)
HQ_PERSONAL = "hq_personal"

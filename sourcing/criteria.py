"""The soft criteria every location is scored on, each 0–100 on a fixed scale.

:data:`REGISTRY` is the list the engine iterates: a criterion's name, what it measures, the
direction of its raw measure and its scorer (in :mod:`sourcing.scorers`, with the formula in
the scorer's docstring). Adding a criterion is one entry here and one scorer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from sourcing import scorers


class Direction(Enum):
    """Whether more of the raw measure is better (the sub-score is always higher = better)."""

    MAX = "max"
    MIN = "min"


@dataclass(frozen=True)
class Criterion:
    name: str
    label: str
    measures: str
    direction: Direction
    score: Callable[..., scorers.Scored]


REGISTRY: tuple[Criterion, ...] = (
    Criterion("cost", "Cost", "loaded hourly cost against HQ's", Direction.MIN, scorers.cost),
    Criterion("coverage", "Coverage", "share of the service window staffed", Direction.MAX,
              scorers.coverage),
    Criterion("collaboration", "Collaboration", "overlap with HQ's working day", Direction.MAX,
              scorers.collaboration),
    Criterion("language", "Language", "required and preferred languages", Direction.MAX,
              scorers.language),
    Criterion("regulatory", "Regulatory", "transfer path, privacy law, localisation",
              Direction.MAX, scorers.regulatory),
    Criterion("risk", "Risk", "political stability and cyber-security maturity", Direction.MAX,
              scorers.risk),
    Criterion("talent", "Talent", "labour force (log scale)", Direction.MAX, scorers.talent),
    Criterion("capability", "Capability",
              "the existing industry: BPO workforce or ICT service exports, by role (log scale)",
              Direction.MAX, scorers.capability),
    Criterion("proximity", "Proximity", "great-circle distance from HQ", Direction.MIN,
              scorers.proximity),
)  # fmt: skip

CRITERIA: tuple[str, ...] = tuple(c.name for c in REGISTRY)
BY_NAME: dict[str, Criterion] = {c.name: c for c in REGISTRY}
DATA_CATEGORIES = (
    "eu_personal",
    "uk_personal",
    "ca_personal",
    "us_bulk_sensitive",
    "payment_card",
    "health",
)
HQ_PERSONAL = "hq_personal"
# how the data categories read to a person (sidebar, brief, workbook)
DATA_LABELS = {
    "eu_personal": "EU/EEA personal data",
    "uk_personal": "UK personal data",
    "ca_personal": "California residents' data (CCPA)",
    "us_bulk_sensitive": "US bulk sensitive data",
    "payment_card": "Payment card data",
    "health": "Health data",
}

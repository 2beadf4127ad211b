"""The soft criteria every location is scored on, each 0–100 on a fixed scale: their names,
labels, what each measures and the direction of its raw measure — what a page, a link or a
preset needs to know about them. The data categories a scenario can handle are here too.

:data:`REGISTRY` is the list the engine iterates; each criterion's scorer (its formula in the
scorer's docstring) is :data:`sourcing.engine.scorers.SCORERS` under the same name. Adding a
criterion is one entry here and one scorer there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


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


REGISTRY: tuple[Criterion, ...] = (
    Criterion("cost", "Cost", "loaded hourly cost against HQ's (a low-cost HQ: the upper quartile)",
              Direction.MIN),
    Criterion("coverage", "Coverage", "share of the service window staffed", Direction.MAX),
    Criterion("collaboration", "Collaboration", "overlap with HQ's working day", Direction.MAX),
    Criterion("language", "Language", "required and preferred languages", Direction.MAX),
    Criterion("regulatory", "Regulatory", "transfer path, privacy law, localisation",
              Direction.MAX),
    Criterion("risk", "Risk", "political stability and cyber-security maturity", Direction.MAX),
    Criterion("talent", "Talent", "labour force (log scale)", Direction.MAX),
    Criterion("capability", "Capability",
              "the existing industry in the work's language: people serving the market, or the "
              "BPO workforce or ICT exports times the share that speaks it (log scale)",
              Direction.MAX),
    Criterion("proximity", "Proximity", "great-circle distance from HQ", Direction.MIN),
)  # fmt: skip

CRITERIA: tuple[str, ...] = tuple(c.name for c in REGISTRY)
BY_NAME: dict[str, Criterion] = {c.name: c for c in REGISTRY}
DATA_CATEGORIES = (
    "eu_personal",
    "uk_personal",
    "ca_personal",
    "home_personal",
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
    "home_personal": "HQ's customers' personal data under HQ's law (outside the EEA, UK, US)",
    "us_bulk_sensitive": "US bulk sensitive data",
    "payment_card": "Payment card data",
    "health": "Health data",
}

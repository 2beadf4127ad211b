"""Rules read from HQ's side: the law that governs sending HQ's own customers' personal data
abroad (for HQs outside the EEA, the UK and the US, whose regimes are the transfer ladders of
:mod:`sourcing.facts.regulation`), and the rules that bind where HQ's voice work may sit.

``data/hq_rules.csv`` — per HQ: the law, the destinations it treats as adequate (``*``: any
country, no restriction in force), the footing everywhere else (``contract``: the firm's own
contract or accountability; ``SCCs``: clauses or an assessment prescribed by the regulator) and
HQ's own localisation duties. ``data/voice_rules.csv`` — per HQ: a ``reserved`` rule (remote
customer service for HQ's customers only inside ``inside``: a screen) or a ``disclosure`` rule
(callers told where the operator is and entitled to one inside ``inside``: a weaker regulatory
path outside it). Sources: ``data/sources/hq_rules_research.md`` (numbered per section).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sourcing.facts.countries import DATA_DIR, DatasetError, read_text_csv
from sourcing.facts.filecache import FileCache

HQ_RULES_CSV = DATA_DIR / "hq_rules.csv"
VOICE_RULES_CSV = DATA_DIR / "voice_rules.csv"
HQ_COLUMNS = ["hq_iso2", "law", "adequate", "footing", "footing_note", "localisation",
              "effective", "source_ids"]  # fmt: skip
VOICE_COLUMNS = ["hq_iso2", "kind", "inside", "law", "rule", "effective", "source_ids"]
FOOTINGS = ("contract", "SCCs")
KINDS = ("reserved", "disclosure")


@dataclass(frozen=True)
class TransferRule:
    """How HQ's law lets its customers' personal data go abroad."""

    hq: str
    law: str
    adequate: frozenset[str] | None  # None: every country ("*")
    footing: str  # contract | SCCs, where not adequate
    footing_note: str
    localisation: str  # HQ's own localisation duties ("" when none)
    effective: str
    sources: str

    def covers(self, iso2: str) -> bool:
        return self.adequate is None or iso2 in self.adequate


@dataclass(frozen=True)
class VoiceRule:
    """Where HQ's voice work may sit: ``reserved`` inside ``inside``, or ``disclosure``."""

    hq: str
    kind: str
    inside: frozenset[str]
    law: str
    rule: str
    effective: str
    sources: str


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _by_hq(source: Path, columns: list[str], field: str, allowed: tuple[str, ...], make):
    """One table's rows by HQ, ``make(row)`` each; a row whose ``field`` is not ``allowed``
    is named with its line, and the file refused."""
    raw = read_text_csv(source, columns)
    out, problems = {}, []
    for line, r in enumerate(raw.itertuples(index=False), start=2):
        if getattr(r, field) not in allowed:
            problems.append(f"line {line}: {field} {getattr(r, field)!r} is not one of {allowed}")
            continue
        out[r.hq_iso2] = make(r)
    if problems:
        raise DatasetError(f"{source}: " + "; ".join(problems))
    return out


def _transfer(r) -> TransferRule:
    listed = _text(r.adequate)
    adequate = None if listed == "*" else frozenset(filter(None, listed.split(";")))
    return TransferRule(r.hq_iso2, r.law, adequate, r.footing, _text(r.footing_note),
                        _text(r.localisation), _text(r.effective), _text(r.source_ids))  # fmt: skip


def _voice(r) -> VoiceRule:
    return VoiceRule(r.hq_iso2, r.kind, frozenset(_text(r.inside).split(";")), r.law, r.rule,
                     _text(r.effective), _text(r.source_ids))  # fmt: skip


def _read_transfer(source: Path) -> dict[str, TransferRule]:
    return _by_hq(source, HQ_COLUMNS, "footing", FOOTINGS, _transfer)


def _read_voice(source: Path) -> dict[str, VoiceRule]:
    return _by_hq(source, VOICE_COLUMNS, "kind", KINDS, _voice)


_TRANSFER: FileCache[dict[str, TransferRule]] = FileCache(_read_transfer)
_VOICE: FileCache[dict[str, VoiceRule]] = FileCache(_read_voice)


def transfer_rule(hq: str, path: str | Path | None = None) -> TransferRule | None:
    """HQ's customers' personal-data transfer rule, if the table has one."""
    return _TRANSFER.get(Path(path) if path is not None else HQ_RULES_CSV).get(hq)


def voice_rule(hq: str, path: str | Path | None = None) -> VoiceRule | None:
    """The rule that binds where HQ's voice work may sit, if the table has one."""
    return _VOICE.get(Path(path) if path is not None else VOICE_RULES_CSV).get(hq)

"""The ranking CSVs of a fixed set of scenarios, byte for byte: the safety net for refactoring
the engine (issue 29) — a change of structure must not change one byte of an answer.

When the data or the method changes on purpose, regenerate and review the diff:
``.venv/bin/python tests/test_golden.py`` (then `git diff tests/golden`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sourcing  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden"
ON = "2026-03-11"
SCENARIOS = {
    "us-voice-en": dict(hq="US", workload="voice-support-en"),
    "de-voice-de": dict(hq="DE", workload="voice-support-en", languages=("de",)),
    "fr-voice-fr": dict(hq="FR", workload="voice-support-en", languages=("fr",)),
    "us-voice-es": dict(hq="US", workload="voice-support-en", languages=("es", "en")),
    "jp-dev-ja": dict(hq="JP", workload="agile-dev", languages=("ja",)),
    "gb-agile": dict(hq="GB", workload="agile-dev", fte=20, years=3),
    "us-desk-247": dict(hq="US", workload="it-service-desk-247"),
    "de-back-office-topsis": dict(hq="DE", workload="back-office", method="topsis"),
    "in-kyc": dict(hq="IN", workload="kyc-aml-eu", weights={"cost": 60}),
}


def _csv(name: str) -> str:
    scenario = sourcing.Scenario(on=ON, **SCENARIOS[name])
    return sourcing.to_csv(sourcing.rank(scenario).to_frame())


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_ranking_csv_is_byte_identical_to_the_golden_file(name):
    expected = (GOLDEN / f"{name}.csv").read_text(encoding="utf-8")
    assert _csv(name) == expected, f"{name}: the ranking changed (see the module docstring)"


if __name__ == "__main__":
    GOLDEN.mkdir(exist_ok=True)
    for key in sorted(SCENARIOS):
        (GOLDEN / f"{key}.csv").write_text(_csv(key), encoding="utf-8")
        print(f"wrote tests/golden/{key}.csv")

"""Hourly labour cost per country and role family: measured first, modelled only where nothing
is measured. Used by ``build_countries.py``; every input is a transcribed source in
``data/sources/`` and every rule below is in ``data/README.md`` ("Cost per role").

All values are the employer's cost of one hour actually worked, in 2024 US dollars:

1. ``occupation`` — national occupational wage statistics:
   - US: BLS OEWS May 2024 mean hourly wage ÷ the wage share of total compensation for the
     occupation group (BLS ECEC, private industry): ECEC's hours are hours worked and its
     wages exclude paid leave, so the quotient is the cost per hour worked.
   - GB: ONS ASHE 2024 mean hourly pay excl. overtime × (1 + employer NI) ÷ productive share.
   - CA: Job Bank 2025 (LFS 2023–2024) average hourly wage × (1 + CPP + EI employer rates)
     ÷ productive share.
   - AU: Jobs and Skills Australia (ABS EEH May 2023) median hourly × (1 + superannuation
     guarantee) ÷ productive share; contact centre and clerical roles only.
2. ``sector`` — Eurostat labour cost levels (``lc_lci_lev``, D1_D4_MD5, per hour worked) by
   NACE section (N for contact-centre and back-office work, J for IT support and software, M
   for analysts), 2022, carried to 2024 by the country's own whole-economy level (B-S_X_O
   2024 ÷ 2022), at the ECB 2024 average USD/EUR rate.
3. ``industry survey`` — contact-centre agents only: Site Selection Group's published agent
   wage ranges (Mar 2024, nine nearshore/offshore countries) × (1 + benefits + bonus) ÷
   productive share.
4. ``occupation group`` — ILOSTAT mean nominal hourly earnings of ISCO major group 4
   (clerical support workers; ISCO-88 group 4 where a country reports only ISCO-88), in US
   dollars, for contact-centre and back-office roles only; × the employer on-cost (the EU
   median ratio of total labour cost to wages in NACE N, Eurostat 2022) ÷ productive share;
   carried from its year to 2024 by US CPI-U (dollar terms); × the delivery-centre premium:
   a national clerical average is not what a delivery centre pays, and where both are
   measured the survey's agent cost is 1.2–2.5 × the clerical average (median applied, the
   min–max is the band) — except where the country's own premium is measured: then its own,
   with the survey's ±25% band, so its back office costs what its contact centre does.
5. ``modelled`` — ln(cost) = ln(a) + b ln(GDP per capita), least squares over that role's
   measured values; the band is the 10th–90th percentile of the fit's residuals. For the IT
   and analyst roles the measured values are European and North American only, so below
   Bulgaria's GDP per capita the fit extrapolates: read those values with their band.

The productive share (1,800 of 2,080 paid hours, 0.865) turns a paid hour into an hour worked
(a Shoreline assumption, also used by the TCO). Each tier's low–high band is in ``BANDS``.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass

import numpy as np
import pandas as pd

ROLES = ("contact_center", "back_office", "it_support", "software_dev", "analyst")
PRODUCTIVE_SHARE = 0.865
TARGET_YEAR = 2024
# ± band around a measured value, by tier: official occupation-level statistics ±15%; a sector
# average standing in for the role ±25%; a market survey's wage range midpoint ±25%. The
# ILOSTAT tier's band is the measured spread of the delivery-centre premium; modelled values
# take theirs from the fit's residuals.
BANDS = {"occupation": 0.15, "sector": 0.25, "industry survey": 0.25}
NACE_FOR_ROLE = {"contact_center": "N", "back_office": "N", "it_support": "J",
                 "software_dev": "J", "analyst": "M"}  # fmt: skip
US_SOC = {"contact_center": "SOC 43-4051", "back_office": "SOC 43-9061",
          "it_support": "SOC 15-1232", "software_dev": "SOC 15-1252",
          "analyst": "SOC 13-1111"}  # fmt: skip
US_ECEC = {
    "contact_center": "ECEC:Office and administrative support occupations",
    "back_office": "ECEC:Office and administrative support occupations",
    "it_support": "ECEC:Professional and related occupations",
    "software_dev": "ECEC:Professional and related occupations",
    "analyst": "ECEC:Management, business, and financial occupations",
}
GB_SOC = {"contact_center": "SOC2020 7211", "back_office": "SOC2020 4159",
          "it_support": "SOC2020 3132", "software_dev": "SOC2020 2134",
          "analyst": "SOC2020 2431"}  # fmt: skip
CA_NOC = {"contact_center": "NOC2021 64409", "back_office": "NOC2021 14100",
          "it_support": "NOC2021 22221", "software_dev": "NOC2021 21232",
          "analyst": "NOC2021 11201"}  # fmt: skip
AU_ANZSCO = {"contact_center": "ANZSCO 5411", "back_office": "ANZSCO 5311"}
CLERICAL = ("OCU_ISCO08_4", "OCU_ISCO88_4")
ILOSTAT_ROLES = ("contact_center", "back_office")


@dataclass(frozen=True)
class Cost:
    value: float
    low: float
    high: float
    source: str  # e.g. "measured (Eurostat lc_lci_lev 2022→2024, NACE N)"
    tier: str  # occupation | sector | occupation group | modelled


def _banded(value: float, tier: str, source: str) -> Cost:
    band = BANDS[tier]
    return Cost(value, value * (1 - band), value * (1 + band), source, tier)


class Inputs:
    """The transcribed source tables, read once."""

    def __init__(self, sources) -> None:
        read = lambda name: pd.read_csv(sources / name, keep_default_na=False,  # noqa: E731
                                        na_values=[""], dtype={"year": str})  # fmt: skip
        self.eurostat = read("eurostat_labour_cost.csv")
        self.national = read("national_wages.csv")
        self.ilostat = pd.concat(
            [read(f"ilostat_earnings_{part}.csv") for part in ("americas_europe", "asia_africa")],
            ignore_index=True,
        )
        self.survey = tomllib.loads((sources / "cost_model.toml").read_text(encoding="utf-8"))
        self.gdp: dict[str, float | None] = {}  # set by costs(): GDP per capita by country
        fx = read("fx_cpi.csv")
        self.series = {(r.series, int(r.year)): float(r.value) for r in fx.itertuples()}

    def fx_usd_per(self, currency: str) -> float | None:
        """US dollars per unit of ``currency``, 2024 average; None when no confirmed rate is
        transcribed (the value then stays unmeasured rather than converted at a guess)."""
        if currency == "EUR" and ("usd_per_eur_ecb", 2024) in self.series:
            return self.series[("usd_per_eur_ecb", 2024)]
        per_usd = self.series.get((f"fx_{currency}_per_USD", 2024))
        return None if per_usd is None else 1.0 / per_usd

    def cpi_factor(self, year: int) -> float:
        """US CPI-U annual average, TARGET_YEAR ÷ ``year``."""
        return self.series[("us_cpi_u", TARGET_YEAR)] / self.series[("us_cpi_u", year)]

    def eurostat_value(self, iso2: str, nace: str, struct: str, year: int) -> float | None:
        e = self.eurostat
        hit = e[(e.iso2 == iso2) & (e.nace_r2 == nace) & (e.lcstruct == struct)
                & (e.year == str(year))]  # fmt: skip
        return None if hit.empty else float(hit["value_eur_hr"].iloc[0])

    def national_value(self, iso2: str, code: str, statistic: str) -> float | None:
        n = self.national
        hit = n[(n.iso2 == iso2) & (n.occupation_code == code) & (n.statistic == statistic)]
        return None if hit.empty else float(hit["value"].iloc[0])

    def eu_on_cost(self) -> tuple[float, float, float]:
        """Median, min and max over countries of NACE N total labour cost ÷ wages (2022)."""
        ratios = []
        for iso2 in sorted(set(self.eurostat.iso2)):
            total = self.eurostat_value(iso2, "N", "D1_D4_MD5", 2022)
            wages = self.eurostat_value(iso2, "N", "D11", 2022)
            if total and wages:
                ratios.append(total / wages)
        return float(np.median(ratios)), min(ratios), max(ratios)


def national(inp: Inputs, iso2: str, role: str) -> Cost | None:
    """Tier 1: national occupational statistics (US, GB, CA, AU)."""
    if iso2 == "US":
        wage = inp.national_value("US", US_SOC[role], "mean_hourly")
        share = inp.national_value("US", US_ECEC[role], "wages_share_of_total_comp")
        if wage is None or share is None:
            return None
        return _banded(wage / (share / 100), "occupation",
                       f"measured (BLS OEWS May 2024, {US_SOC[role]}; ECEC on-cost)")  # fmt: skip
    spec = PAID_HOUR_STATISTICS.get(iso2)
    if spec is None or role not in spec[0]:
        return None
    codes, statistic, currency, label, year = spec
    wage = inp.national_value(iso2, codes[role], statistic)
    on_cost, fx = _rate(inp, iso2), inp.fx_usd_per(currency)
    if wage is None or on_cost is None or fx is None:
        return None  # no confirmed exchange rate: stays unmeasured rather than guessed
    usd = wage * (1 + on_cost / 100) / PRODUCTIVE_SHARE * fx * inp.cpi_factor(year)
    return _banded(usd, "occupation", f"measured ({label}, {codes[role]})")


# Per-paid-hour national statistics: (codes by role, statistic, currency, label, year); the
# employer's statutory on-cost rates come from national_wages.csv (see _rate).
PAID_HOUR_STATISTICS = {
    "GB": (GB_SOC, "mean_hourly_excl_overtime", "GBP", "ONS ASHE 2024", 2024),
    "CA": (CA_NOC, "mean_hourly", "CAD", "Job Bank 2025 / LFS 2023–24", 2024),
    "AU": (AU_ANZSCO, "median_hourly", "AUD", "ABS EEH May 2023", 2023),
}


def _rate(inp: Inputs, iso2: str) -> float | None:
    """Sum of the employer's statutory on-cost rates (%) for 2024 or the nearest later year."""
    n = inp.national
    rows = n[(n.iso2 == iso2) & (n.role_family == "on_cost")
             & n.statistic.str.contains("pct") & ~n.statistic.str.contains("ceiling")]  # fmt: skip
    if rows.empty:
        return None
    years = sorted({y for y in rows["year"] if y})
    pick = next((y for y in years if y >= str(TARGET_YEAR)), years[-1] if years else "")
    chosen = rows[rows["year"] == pick] if pick else rows
    per_code = chosen.groupby("occupation_code")["value"].first()
    return float(per_code.astype(float).sum())


def sector(inp: Inputs, iso2: str, role: str) -> Cost | None:
    """Tier 2: Eurostat NACE section level, 2022, carried to 2024 by the whole economy."""
    nace = NACE_FOR_ROLE[role]
    level = inp.eurostat_value(iso2, nace, "D1_D4_MD5", 2022)
    then = inp.eurostat_value(iso2, "B-S_X_O", "D1_D4_MD5", 2022)
    now = inp.eurostat_value(iso2, "B-S_X_O", "D1_D4_MD5", TARGET_YEAR)
    if level is None or then is None or now is None:
        return None
    usd = level * now / then * inp.fx_usd_per("EUR")
    return _banded(usd, "sector", f"measured (Eurostat lc_lci_lev 2022→2024, NACE {nace})")


def survey(inp: Inputs, iso2: str, role: str) -> Cost | None:
    """Tier 3 (contact centre only): the agent wage of a published market survey of the exact
    role (Site Selection Group, Mar 2024) × (1 + benefits + bonus) ÷ productive share."""
    if role != "contact_center" or iso2 == "US" or iso2 not in inp.survey.get("anchors", {}):
        return None
    return _banded(_survey_loaded(inp, iso2), "industry survey",
                   "measured (Site Selection Group 2024, contact-centre agent)")  # fmt: skip


def _survey_loaded(inp: Inputs, iso2: str) -> float:
    wage_lo, wage_hi, ben_lo, ben_hi = inp.survey["anchors"][iso2]
    loading = inp.survey["loading"]
    on_cost = 1 + ((ben_lo + ben_hi) / 2 + loading["bonus_pct"]) / 100
    return (wage_lo + wage_hi) / 2 * on_cost / PRODUCTIVE_SHARE


def _clerical(inp: Inputs, iso2: str) -> tuple[float, int, str] | None:
    """ILOSTAT clerical mean hourly earnings, loaded and carried to 2024: (USD, year, ISCO)."""
    i = inp.ilostat
    hit = i[(i.iso2 == iso2) & i.classif1.isin(CLERICAL) & (i.classif2 == "CUR_TYPE_USD")]
    if hit.empty:
        return None
    latest = hit.sort_values("year").iloc[-1]
    year = int(latest["year"])
    on_cost, _, _ = inp.eu_on_cost()
    usd = float(latest["value"]) * on_cost / PRODUCTIVE_SHARE * inp.cpi_factor(year)
    return usd, year, "ISCO-88 4" if "88" in latest["classif1"] else "ISCO-08 4"


def delivery_premium(inp: Inputs) -> tuple[float, float, float, dict[str, float]]:
    """How much more a delivery centre pays than the national clerical average: the median
    (min, max) over the countries with both of survey agent cost ÷ ILOSTAT clerical cost."""
    ratios = {}
    for iso2 in inp.survey.get("anchors", {}):
        clerical = _clerical(inp, iso2)
        if iso2 != "US" and clerical is not None:
            ratios[iso2] = _survey_loaded(inp, iso2) / clerical[0]
    values = list(ratios.values())
    return float(np.median(values)), min(values), max(values), ratios


def _clerical_lcu(inp: Inputs, iso2: str, year: int) -> float | None:
    """ILOSTAT clerical mean hourly earnings in local currency for ``year``."""
    i = inp.ilostat
    hit = i[(i.iso2 == iso2) & i.classif1.isin(CLERICAL) & (i.classif2 == "CUR_TYPE_LCU")
            & (i.year == str(year))]  # fmt: skip
    return None if hit.empty else float(hit.iloc[0]["value"])


def _anchor_gdp_top(inp: Inputs) -> float | None:
    """The highest GDP per capita among the premium's anchors (the US excluded): the premium
    is measured on economies up to here and is not carried beyond."""
    values = [inp.gdp.get(c) for c in inp.survey.get("anchors", {}) if c != "US"]
    values = [v for v in values if v]
    return max(values) if values else None


def occupation_group(inp: Inputs, iso2: str, role: str) -> Cost | None:
    """Tier 4: ILOSTAT clerical earnings (ISCO major group 4) × the delivery-centre premium,
    contact-centre and back-office roles only; the band spans the premium's min–max.

    Bounded where it would overstate: a country's own published agent pay (as a ratio to its
    clerical pay, both in local currency: ``[agent_pay]`` in cost_model.toml) replaces the
    premium (for its back office too, as a measured own premium does); and above the anchors'
    GDP per capita the premium is not extrapolated (× 1, the clerical average itself, the
    premium as the band's top)."""
    if role not in ILOSTAT_ROLES:
        return None
    clerical = _clerical(inp, iso2)
    if clerical is None:
        return None
    usd, year, isco = clerical
    premium, low, high, own = delivery_premium(inp)
    agent = inp.survey.get("agent_pay", {}).get(iso2)
    if agent is not None:  # its back office too, as with a measured own premium
        lcu = _clerical_lcu(inp, iso2, int(agent["year"]))
        if lcu:
            ratio = agent["monthly_lcu"] / agent["paid_hours"] / lcu
            band = BANDS["industry survey"]
            said = (f"measured (ILOSTAT {year}, {isco} clerical) × its own agent-to-clerk pay "
                    f"ratio {ratio:.2f} ({agent['source']})")  # fmt: skip
            return Cost(usd * ratio, usd * ratio * (1 - band), usd * ratio * (1 + band), said,
                        "occupation group")  # fmt: skip
    if iso2 in own:  # the country's own premium is measured: use it, with the survey's band
        mine = own[iso2]
        band = BANDS["industry survey"]
        return Cost(usd * mine, usd * mine * (1 - band), usd * mine * (1 + band),
                    f"measured (ILOSTAT {year}, {isco} clerical) × its own delivery-centre "
                    f"premium {mine:.2f}", "occupation group")  # fmt: skip
    top = _anchor_gdp_top(inp)
    if top is not None and (inp.gdp.get(iso2) or 0) > top:
        said = (f"measured (ILOSTAT {year}, {isco} clerical), no delivery-centre premium above "
                f"the anchors' GDP per capita (${top:,.0f})")  # fmt: skip
        return Cost(usd, usd * (1 - BANDS["industry survey"]), usd * premium, said,
                    "occupation group")  # fmt: skip
    return Cost(usd * premium, usd * low, usd * high,
                f"measured (ILOSTAT {year}, {isco} clerical) × delivery-centre premium "
                f"{premium:.2f}", "occupation group")  # fmt: skip


def measured(inp: Inputs, iso2: str, role: str) -> Cost | None:
    """The best measured value for the country and role, by tier order."""
    for tier in (national, sector, survey, occupation_group):
        cost = tier(inp, iso2, role)
        if cost is not None:
            return cost
    return None


@dataclass(frozen=True)
class Fit:
    a: float
    b: float
    r2: float
    residuals: dict[str, float]  # iso2 → ln(measured) − ln(fitted)
    q10: float
    q90: float


def fit(points: dict[str, float], gdp: dict[str, float | None]) -> Fit:
    """Least squares of ln(cost) on ln(GDP per capita) over the measured points."""
    codes = [c for c in points if gdp.get(c)]
    x = np.log([gdp[c] for c in codes])
    y = np.log([points[c] for c in codes])
    b, ln_a = np.polyfit(x, y, 1)
    resid = y - (ln_a + b * x)
    r2 = 1 - (resid**2).sum() / ((y - y.mean()) ** 2).sum()
    q10, q90 = np.quantile(resid, [0.1, 0.9])
    return Fit(math.exp(ln_a), float(b), float(r2), dict(zip(codes, resid.tolist(), strict=True)),
               float(q10), float(q90))  # fmt: skip


def costs(inp: Inputs, gdp: dict[str, float | None]) -> tuple[dict, dict[str, Fit]]:
    """{(iso2, role): Cost} for every country with data, and the fit per role."""
    inp.gdp = gdp  # the premium's bound reads it (occupation_group)
    out: dict[tuple[str, str], Cost] = {}
    fits: dict[str, Fit] = {}
    for role in ROLES:
        for iso2 in gdp:
            cost = measured(inp, iso2, role)
            if cost is not None:
                out[(iso2, role)] = cost
        points = {i: c.value for (i, r), c in out.items() if r == role}
        f = fits[role] = fit(points, gdp)
        for iso2, g in gdp.items():
            if (iso2, role) in out or not g:
                continue
            value = f.a * g**f.b
            out[(iso2, role)] = Cost(value, value * math.exp(f.q10), value * math.exp(f.q90),
                                     "modelled (GDP per capita fit on measured values)",
                                     "modelled")  # fmt: skip
    return out, fits

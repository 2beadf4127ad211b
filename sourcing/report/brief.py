"""The scenario brief: a decision paper in one self-contained HTML file (and a PDF printed from
the same file), for a facilitator to email after a session.

It leads with a recommendation, then the top 3 with their strongest reason and main weakness,
how robust the #1 is (Monte Carlo over weights and costs, the smallest weight change that
flips it), the money (saving and payback with the cost range), the whole scenario in plain
words with every weight, and the sources with their editions. Charts are small inline SVG
drawn with matplotlib (no script, nothing fetched): the file opens offline and stays well under
1.5 MB. Printed on A4, or Letter for an HQ where Letter is the standard (a choice too). User text
(country names, reasons, notes) is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sourcing.analysis.explain import strengths
from sourcing.analysis.sensitivity import (
    ROBUSTNESS_DRAWS,
    draw,
    intervals_for_people,
    weight_intervals,
)
from sourcing.engine.scoring import Ranking
from sourcing.engine.tables import key_column
from sourcing.engine.tables import with_hq as with_hq_rows
from sourcing.facts.cities import hub_id
from sourcing.facts.countries import shared_countries
from sourcing.facts.delivery import sources_for
from sourcing.facts.languages import (
    language_name,
    language_pools,
    languages_text,
    primary,
    work_rationale,
    work_title,
)
from sourcing.facts.provenance import column_docs
from sourcing.facts.text import plain
from sourcing.model.criteria import BY_NAME, CRITERIA, DATA_LABELS
from sourcing.model.scenario import weights_frame
from sourcing.operating.automation import describe, human_fte
from sourcing.operating.costs import Payback, payback, tco
from sourcing.operating.models import model_results

# what each sourced column in the brief's Sources table is, in words
DATA_NAMES = {
    "cost_contact_center_usd_hr": "Hourly cost by role",
    "english_epi": "English proficiency",
    "ict_exports_usd_m": "ICT service exports",
    "labour_force_m": "Labour force",
    "political_stability": "Political stability",
    "gci_tier": "Cyber-security maturity",
    "eu_adequacy": "EU adequacy decisions",
    "localization": "Data localisation laws",
}

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:980px;
color:#222;line-height:1.45}
h1{margin-bottom:.2rem;font-size:1.9rem} h2{margin-top:1.8rem;border-bottom:2px solid #0072B2;
padding-bottom:.2rem;font-size:1.3rem} .meta{color:#555} .lead{font-size:1.15rem}
table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.5rem 0}
th,td{border-bottom:1px solid #ddd;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f4f4f4} td.n{text-align:right;white-space:nowrap} .figure{margin:1rem 0}
.figure svg{max-width:100%;height:auto} .small{font-size:.8rem;color:#555}
@page{size:PAPER;margin:14mm} @media print{body{margin:0;max-width:none;font-size:9.5pt;
line-height:1.3} h1{font-size:16pt} h2{font-size:12pt;margin-top:9pt;break-after:avoid}
.lead{font-size:10.5pt} table{font-size:8pt;margin:3pt 0} th,td{padding:1.5pt 3pt}
tr,.figure{break-inside:avoid} .figure{margin:4pt 0} .figure svg{max-height:95mm;width:auto}
.small{font-size:7.5pt}}
"""


def _e(text) -> str:
    return html.escape(str(text))


@dataclass(frozen=True)
class Currency:
    """What the brief's amounts are shown in: an ISO 4217 code and its units per US dollar
    (World Bank WDI PA.NUS.FCRF, the year's average; see data/README.md, ``lcu_per_usd``)."""

    code: str = "USD"
    per_usd: float = 1.0
    year: int | None = None

    def amount(self, usd: float) -> str:
        """$11.7 m; EUR 10.8 m; JPY 1,771.0 m."""
        value = abs(usd) * self.per_usd
        sign = "−" if usd < 0 else ""
        mark = "$" if self.code == "USD" else f"{self.code} "
        if value >= 1e6:
            return f"{sign}{mark}{value / 1e6:,.1f} m"
        return f"{sign}{mark}{value / 1e3:,.0f} k"

    def rate(self, usd_hr: float) -> str:
        mark = "$" if self.code == "USD" else f"{self.code} "
        return f"{mark}{usd_hr * self.per_usd:,.2f}"

    def said(self) -> str:
        if self.code == "USD":
            return "Amounts in US dollars of 2024."
        return (f"Amounts in {self.code}, converted from the engine's 2024 US dollars at "
                f"{self.per_usd:,.4g} {self.code} per US$ (the {self.year} average, World Bank "
                "WDI PA.NUS.FCRF); the CSVs and the workbook keep US dollars.")  # fmt: skip


def currency_for(code: str | None, hq: str, countries: pd.DataFrame | None) -> Currency:
    """The brief's currency: ``code`` (any currency a country of the dataset uses, or USD),
    else the HQ's; USD where no rate is known. An unknown code raises ValueError naming the
    known ones."""
    if countries is None or "currency" not in countries:
        return Currency()
    rated = countries.dropna(subset=["currency", "lcu_per_usd"])
    known = sorted({"USD", *rated["currency"]})
    wanted = code.strip().upper() if isinstance(code, str) and code.strip() else None
    if wanted is None:
        wanted = rated.at[hq, "currency"] if hq in rated.index else "USD"
    if wanted not in known:
        raise ValueError(f"currency: unknown {code!r}; known: {', '.join(known)}")
    if wanted == "USD":
        return Currency()
    row = rated[rated["currency"] == wanted].iloc[0]
    return Currency(wanted, float(row["lcu_per_usd"]), int(row["lcu_per_usd_year"]))


def _saving_sentence(years: int, m, money: Currency) -> str:
    """What moving the work saves — or, said plainly, what it costs more than HQ."""
    saving, low, high = m["saving_usd"], m["saving_low_usd"], m["saving_high_usd"]
    span = sorted([low, high])
    if saving >= 0:
        return (f"Over {years} years it saves {money.amount(saving)} against keeping the work "
                f"at HQ ({money.amount(span[0])} to {money.amount(span[1])} across its cost "
                "range)")  # fmt: skip
    return (f"Over {years} years it costs {money.amount(-saving)} more than keeping the work at "
            f"HQ ({money.amount(-span[1])} to {money.amount(-span[0])} more across its cost "
            "range)")  # fmt: skip


# Letter where it is the national standard (the US, Canada, Mexico and several Latin American
# countries, the Philippines — ISO 216's A4 everywhere else)
LETTER = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "DO", "PA", "SV",
                    "NI", "HN", "PR"})  # fmt: skip


def paper_for(hq: str) -> str:
    """The paper a brief prints on for an HQ: "Letter" or "A4"."""
    return "Letter" if hq in LETTER else "A4"


# the cost's documentation is a list of transcription files; a board reads the statistics
COST_SOURCES = (
    "Eurostat labour cost levels (lc_lci_lev); BLS OEWS and ECEC (US); national wage "
    "statistics; Site Selection Group 2024 contact-centre agent wages; ILOSTAT mean hourly "
    "earnings of clerical workers; US CPI-U and exchange rates — or a model on GDP per capita "
    "where none measures the country"
)


def _table(frame: pd.DataFrame, numeric: tuple[str, ...] = ()) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(
            f"<td class='n'>{_e(v)}</td>" if c in numeric else f"<td>{_e(v)}</td>"
            for c, v in zip(frame.columns, row, strict=True)
        ) + "</tr>"
        for row in frame.itertuples(index=False)
    )  # fmt: skip
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _strengths(ranking: Ranking, i: int) -> tuple[str, str]:
    """A location's strongest reason and main weakness
    (:func:`sourcing.analysis.explain.strengths`)."""
    best, worst = strengths(ranking, str(ranking.iso2[i]), n=1)
    return best[0], worst or "no weaker criterion"


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    import matplotlib.pyplot as plt

    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _score_bars(ranking: Ranking, rows: list[int]) -> str:
    """The top locations' totals, split into each criterion's weighted contribution."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    weights = ranking.weights / ranking.weights.sum()
    names = [str(ranking.facts["name"].iloc[i]) for i in rows][::-1]
    parts = np.array([weights * ranking.matrix[i] for i in rows])[::-1]
    colors = plt.get_cmap("tab10").colors
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(rows) + 1.2))
    left = np.zeros(len(rows))
    for j, c in enumerate(CRITERIA):
        if weights[j] == 0:
            continue
        ax.barh(names, parts[:, j], left=left, color=colors[j % 10], label=BY_NAME[c].label)
        left += parts[:, j]
    ax.set_xlabel("score (weighted sub-scores, 0–100)")
    ax.set_xlim(0, 100)
    ax.legend(ncol=5, fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def _tco_lines(lines: pd.DataFrame, hq_name: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig, ax = plt.subplots(figsize=(8, 3.4))
    for _, part in lines.groupby(key_column(lines), sort=False):
        name = part["name"].iloc[0]
        if part["shore"].iloc[0] == "onshore":
            ax.plot(part["year"], part["cumulative_baseline_usd"] / 1e6, "--", color="#555555",
                    label=f"keep at HQ ({hq_name})")  # fmt: skip
            continue
        (line,) = ax.plot(part["year"], part["cumulative_cost_usd"] / 1e6, marker="o", label=name)
        ax.fill_between(part["year"], part["cumulative_cost_low_usd"] / 1e6,
                        part["cumulative_cost_high_usd"] / 1e6, color=line.get_color(),
                        alpha=0.15)  # fmt: skip
    ax.set_xlabel("year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # years: 1, 2, 3 — never 1.25
    ax.set_ylabel("cumulative cost (USD m)")
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def _behind_the_top(ranking: Ranking, top: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """The sources behind the language and capability scores of the top locations, by name:
    each pool's survey or census, each delivery-evidence publisher and year, and the
    contact-centre / BPO head counts' publishers (the rest of the table names the others)."""
    languages = ranking.resolved.languages
    role = ranking.resolved.role
    pools = language_pools()
    rows = []
    for lang in languages:
        name = language_name(lang)
        said = [f"{r['name']}: {pools[(r['iso2'], primary(lang))].cite()}"
                for _, r in top.iterrows() if (r["iso2"], primary(lang)) in pools]  # fmt: skip
        if said:
            rows.append([f"{name} speakers (top 3)", "; ".join(said), "as cited"])
        evidence = [f"{r['name']}: {', '.join(found[:4])}" + (" …" if len(found) > 4 else "")
                    for _, r in top.iterrows()
                    if (found := sources_for(r["iso2"], lang, role))]  # fmt: skip
        if evidence:
            rows.append([f"Delivery in {name} (top 3)", "; ".join(evidence),
                         "publisher (year of the figure)"])  # fmt: skip
    if "bpo_workforce" in docs.index:
        rows.append(["Contact-centre / BPO workforce", plain(docs.at["bpo_workforce", "source"]),
                     plain(docs.at["bpo_workforce", "as_of"])])  # fmt: skip
    return pd.DataFrame(rows, columns=["data", "source", "edition"])


def brief_for(
    ranking: Ranking,
    countries: pd.DataFrame,
    note: str = "",
    room: tuple[pd.DataFrame, pd.DataFrame] | None = None,
    paper: str | None = None,
    currency: str | None = None,
) -> str:
    """The decision paper as HTML text (see the module docstring). ``room``: a workshop room's
    results — (the room's weights and spread, round-by-round convergence) — for a section of
    their own. ``paper``: "A4" or "Letter" when printed (default: the HQ's, :func:`paper_for`)."""

    scenario = ranking.scenario
    money_in = currency_for(currency, scenario.hq, countries)
    table = ranking.to_frame()
    kept = table[~table["excluded"]].sort_values("rank")
    key = key_column(table)  # a country's code, or a city's id at city level
    names = dict(zip(table[key], table["name"], strict=True))
    position = {code: i for i, code in enumerate(ranking.iso2)}
    home = scenario.hq if key == "iso2" else hub_id(scenario.hq)  # HQ's own row
    hq_name = (countries if countries is not None else shared_countries()).at[scenario.hq, "name"]
    day = scenario.working_on
    when = f"{day:%A %d %B %Y}"
    if day != scenario.on:
        when += f" (the scenario's {scenario.on:%A %d %B} moved to the next working day)"
    title = work_title(scenario.preset.name, scenario.preset.languages,
                       ranking.resolved.languages)  # fmt: skip
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Shoreline brief: {_e(title)}, HQ {_e(hq_name)}</title>",
        f"<style>{STYLE.replace('PAPER', paper or paper_for(scenario.hq))}</style></head><body>",
        f"<h1>{_e(title)}: where to put the work</h1>",
        f"<p class='meta'>HQ {_e(hq_name)} · {human_fte(scenario):,.1f} FTE over "
        f"{scenario.years} years · "
        f"working hours compared on {_e(when)} · "
        f"{'TOPSIS' if scenario.method == 'topsis' else 'weighted sum'} · prepared "
        f"{dt.date.today():%d %B %Y}</p>",
    ]
    if note:
        parts.append(f"<p>{_e(note)}</p>")
    if kept.empty:
        parts.append("<p class='lead'>No location passes this scenario's hard rules.</p>")
        return "".join([*parts, "</body></html>"])

    top3 = list(kept[key].head(3))
    lead = top3[0]
    mc = draw(ranking, draws=ROBUSTNESS_DRAWS, seed=0)  # the same draws as Trade-offs
    costs_only = draw(ranking, draws=ROBUSTNESS_DRAWS, seed=0, vary=("costs",))
    intervals = intervals_for_people(weight_intervals(ranking), names)
    flips = intervals.dropna(subset=["Smallest flip (points)"])
    flip = flips.sort_values("Smallest flip (points)").head(1)
    with_hq = with_hq_rows(table, top3, scenario.hq)
    compared = with_hq_rows(table, [*top3, *scenario.shortlist], scenario.hq)
    try:
        money = payback(scenario, compared).set_index(key)
        lines = tco(scenario, with_hq)
    except ValueError:
        money, lines = None, None

    # --- recommendation --------------------------------------------------------------------
    best = kept.iloc[0]
    strong, weak = _strengths(ranking, position[lead])
    text = (
        f"Put the work in <b>{_e(best['name'])}</b> ({_e(best['shore'])}), the best fit for "
        f"{_e(title[:1].lower() + title[1:])} with HQ in {_e(hq_name)}: score "
        f"{best['score']:.1f} of 100, strongest on {_e(strong)}"
        f"{'' if weak == 'no weaker criterion' else f', weakest on {_e(weak)}'}. "
        f"It stays #1 in {mc.leader_kept:.0%} of {ROBUSTNESS_DRAWS:,} re-rankings with the "
        f"weights and every "
        f"cost varied within its range ({costs_only.leader_kept:.0%} over the costs alone)."
    )
    if money is not None and lead in money.index and lead != home:
        m = money.loc[lead]
        text += " " + _saving_sentence(scenario.years, m, money_in)
        if back := Payback.of(m).phrase():
            text += f", {back}"
        text += "."
    if not flip.empty:
        f = flip.iloc[0]
        text += (
            f" The ranking would change if the {_e(f['Criterion'].lower())} weight moved by "
            f"{f['Smallest flip (points)']:.1f} points of 100: {_e(f['Flips to'])} would lead."
        )
    parts += ["<h2>Recommendation</h2>", f"<p class='lead'>{text}</p>"]

    # --- top 3 -----------------------------------------------------------------------------
    def row(code: str) -> dict:
        r = table.set_index(key).loc[code]
        strong, weak = _strengths(ranking, position[code])
        saving = ""
        if money is not None and code in money.index and code != home:
            m = money.loc[code]
            saving = (f"{money_in.amount(m['saving_usd'])} ({money_in.amount(m['saving_high_usd'])}"
                      f"–{money_in.amount(m['saving_low_usd'])})")  # fmt: skip
        cost = "no data" if pd.isna(r["cost_usd_hr"]) else (
            f"{money_in.rate(r['cost_usd_hr'])} ({money_in.rate(r['cost_low_usd_hr'])}–"
            f"{money_in.rate(r['cost_high_usd_hr'])})"
        )  # fmt: skip
        return {
            "#": "ruled out" if pd.isna(r["rank"]) else int(r["rank"]),
            "location": f"{r['name']} ({r['shore']})",
            "score": f"{r['score']:.1f}", "strongest": strong, "weakest": weak,
            "cost per hour": cost, f"saving over {scenario.years} years": saving,
            "#1 share": f"{mc.shares.set_index('iso2')['top1_share'].get(code, 0):.0%}",
        }  # fmt: skip

    rows = [row(code) for code in top3]
    parts += ["<h2>The top 3</h2>", _table(pd.DataFrame(rows), ("#", "score", "#1 share")),
              f"<p class='small'>{_e(money_in.said())}</p>"]  # fmt: skip
    if scenario.shortlist:  # the locations the user compared side by side, in their order
        parts += ["<h2>The shortlist compared</h2>",
                  _table(pd.DataFrame([row(c) for c in scenario.shortlist]),
                         ("#", "score", "#1 share"))]  # fmt: skip
    parts.append("<div class='figure'>" + _score_bars(
        ranking, [position[c] for c in kept[key].head(10)]) + "</div>")  # fmt: skip
    parts.append(
        "<p class='small'>Why each of the top 10 scores what it does: each bar is split into "
        "its criteria's weighted sub-scores.</p>"
    )

    # --- money -----------------------------------------------------------------------------
    if lines is not None:
        parts += ["<h2>Cost over the horizon</h2>", "<div class='figure'>",
                  _tco_lines(lines, hq_name), "</div>",
                  "<p class='small'>Shaded: the cost with each location's rate at the low and "
                  "the high end of its range; HQ's rate fixed. Assumptions: the defaults listed "
                  "on the Compare &amp; cost page.</p>"]  # fmt: skip

    # --- scenario in plain words -----------------------------------------------------------
    weights = weights_frame(scenario)
    settings = [
        ("HQ", f"{hq_name}, working {scenario.hq_hours[0]:%H:%M}–{scenario.hq_hours[1]:%H:%M} "
               f"({ranking.resolved.hq_tz})"),
        ("Workload", f"{title} (staffed {scenario.preset.window_text()}): "
                     + work_rationale(scenario.preset.rationale, scenario.preset.languages,
                                      ranking.resolved.languages)),
        ("Data handled", ", ".join(DATA_LABELS.get(d, d) for d in sorted(ranking.resolved.data))
                         or "none named"),
        ("Transfers by SCCs / IDTA", "allowed" if ranking.resolved.allow_sccs else "not allowed"),
        ("Minimum overlap with HQ", f"{ranking.resolved.min_hq_overlap_hours:g} h"),
        ("Languages", languages_text(ranking.resolved.languages,
                                     ranking.resolved.preferred_languages)),
        ("Ruled out by you", ", ".join(names[c] for c in sorted(scenario.exclude)) or "nobody"),
        ("Scale", f"{human_fte(scenario):,.1f} FTE over {scenario.years} years; night "
                  f"premium {100 * scenario.night_premium:g}%"),
        ("Operating model", describe(scenario)),
        *model_results(scenario, ranking.to_frame(), countries),
    ]  # fmt: skip
    parts += ["<h2>The scenario</h2>",
              _table(pd.DataFrame(settings, columns=["setting", "value"])),
              _table(weights.rename(columns={"preset_pct": "preset %", "yours_pct": "yours %"}),
                     ("preset %", "yours %"))]  # fmt: skip
    if room is not None:
        spread, rounds = room
        parts += ["<h2>The workshop room</h2>",
                  "<p>Each participant's weights scaled to 100, combined per criterion; the "
                  "spread says how far the room disagreed.</p>",
                  _table(spread), _table(rounds)]  # fmt: skip

    # --- sources ---------------------------------------------------------------------------
    docs = column_docs()
    used = ["cost_contact_center_usd_hr", "english_epi", "ict_exports_usd_m", "labour_force_m",
            "political_stability", "gci_tier", "eu_adequacy", "localization"]  # fmt: skip
    sources = docs.reindex([c for c in used if c in docs.index])[["source", "as_of"]]
    sources = sources.reset_index().rename(columns={"column": "data", "as_of": "edition"})
    sources["data"] = sources["data"].map(lambda c: DATA_NAMES.get(c, c))
    sources[["source", "edition"]] = sources[["source", "edition"]].map(plain)
    sources.loc[sources["data"] == DATA_NAMES["cost_contact_center_usd_hr"], "source"] = (
        COST_SOURCES
    )
    sources = pd.concat([sources, _behind_the_top(ranking, kept.head(3), docs)],
                        ignore_index=True)  # fmt: skip
    parts += ["<h2>Sources</h2>", _table(sources),
              "<p class='small'>Every value, its source and edition: Shoreline's Data page. "
              "Costs are measured where a statistic exists and modelled "
              "elsewhere, each with its range; “your data” marks your own rates.</p>"]  # fmt: skip
    parts.append("<p class='meta'>Made with Shoreline.</p></body></html>")
    return "".join(parts)


class PdfUnavailable(RuntimeError):
    """No Chromium to print the brief with."""


CHROMIUM = "/usr/bin/chromium"


def to_pdf(brief_html: str, out: Path) -> None:
    """Print the brief to PDF with Debian's Chromium, headless (the same HTML, its print CSS)."""
    browser = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not browser:
        raise PdfUnavailable(
            "a PDF needs Chromium (apt-get install chromium); write --out brief.html and print "
            "it from a browser instead"
        )
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "brief.html"
        page.write_text(brief_html, encoding="utf-8")
        done = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out.resolve()}", page.as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    if done.returncode != 0 or not out.exists():
        raise PdfUnavailable(f"Chromium could not print the brief ({done.stderr.strip()[-200:]})")

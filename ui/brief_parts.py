"""The Scenarios page's brief: currency, HTML and PDF downloads (the page stays a page)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from sourcing.facts.text import md_escape
from sourcing.report.brief import PdfUnavailable, brief_for, currency_for, to_pdf
from sourcing.store.db import StoreError
from sourcing.store.rooms import RoomError, Rooms, for_the_brief
from ui import loaders, state

BRIEF_PDF = "sc_brief_pdf_bytes"


def _currencies(countries, hq: str) -> tuple[list[str], int]:
    """Every currency the dataset has a rate for, and USD; the HQ's first choice."""
    codes = sorted({"USD", *countries.dropna(subset=["lcu_per_usd"])["currency"]})
    home = currency_for(None, hq, countries).code
    return codes, codes.index(home)


def _pdf(html: str) -> bytes | None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "brief.pdf"
        try:
            to_pdf(html, out)
        except (PdfUnavailable, RuntimeError, OSError):
            return None
        return out.read_bytes()


def brief_section(scenario) -> None:
    st.subheader("Scenario brief")
    st.caption(
        "One HTML file: the recommendation and how robust it is, the top 3 with their strengths "
        "and weaknesses, the cost over the horizon, every input and weight, and the sources; it "
        "opens offline and can be emailed — and, where Chromium is installed, a PDF (A4 or "
        "Letter by HQ)."
    )
    countries = loaders.session_countries()
    codes, home = _currencies(countries, scenario.hq)
    currency = st.selectbox(
        "Amounts in",
        codes,
        index=home,
        key=f"sc_brief_currency_{scenario.hq}",  # a new HQ: its own currency first
        help="the HQ's currency by default, at the World Bank's 2024 average rate; the CSVs "
        "and the workbook keep US dollars",
    )
    if st.button("Prepare brief", key="sc_brief_make"):
        ranking = loaders.ranking(scenario)
        room = None
        if state.room() is not None:  # a workshop room this facilitator runs goes into the brief
            try:
                room = for_the_brief(Rooms(), state.room()[0])
            except (RoomError, StoreError) as err:
                st.warning(f"The room's results are left out — {md_escape(err)}")
        html = brief_for(ranking, countries, room=room, currency=currency)
        state.remember(state.BRIEF_HTML, html)
        state.remember(BRIEF_PDF, _pdf(html))
    if state.remembered(state.BRIEF_HTML) is None:
        return
    left, right = st.columns(2)
    left.download_button(
        "Download brief (HTML)",
        state.remembered(state.BRIEF_HTML),
        file_name="shoreline-brief.html",
        mime="text/html",
        key="sc_brief",
        on_click="ignore",  # no rerun: focus stays on the button
    )
    pdf = state.remembered(BRIEF_PDF)
    if pdf is not None:
        right.download_button(
            "Download brief (PDF)",
            pdf,
            file_name="shoreline-brief.pdf",
            mime="application/pdf",
            key="sc_brief_pdf",
            on_click="ignore",
        )
    else:
        right.caption("PDF: needs Chromium on the server (apt-get install chromium); open the "
                      "HTML and print it instead.")  # fmt: skip

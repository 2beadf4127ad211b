"""The Data page's rule tables: customers' data from each HQ, where voice work may sit, and
night work by country — each row with its source ids (notes in data/sources/)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sourcing.facts.countries import DATA_DIR
from ui.downloads import csv_button

TABLES = (
    ("hq_rules.csv", "Customers' personal data, seen from each HQ",
     "For an HQ outside the EEA, the UK and the US: the transfer law, the countries it deems "
     "adequate, the footing that lets the data leave otherwise, and any localisation duty — "
     "a screen or a score in the ranking, named in its reasons. The HQ's own country is never "
     "penalised by its localisation rule.", "data_hq_rules"),
    ("voice_rules.csv", "Where voice work may sit",
     "Rules that bind where calls for an HQ's customers are answered: reservation for "
     "nationals (a screen) or caller notice and transfer duties (a cost in the reasons).",
     "data_voice_rules"),
    ("night_work.csv", "Night work by country",
     "Whether a country's services industry runs night shifts at scale for foreign markets, "
     "its statutory night premium and limits: priced into a night-heavy operation's cost and "
     "said in the reasons.", "data_night_work"),
)  # fmt: skip


def rules_tables() -> None:
    for name, title, caption, key in TABLES:
        table = pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False)
        st.subheader(title)
        st.caption(caption + f" Sources: `data/{name}` and its notes.")
        st.dataframe(table, hide_index=True, width="stretch", key=key)
        csv_button(table, None, title.lower(), key=key.removeprefix("data_"))

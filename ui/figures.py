"""Every chart on a page, drawn the same way: full width, and downloadable as an image.

Each chart's toolbar (top right; kept visible, not only on hover) has plotly's camera button,
set here to save a PNG at twice the screen's resolution — sharp on a slide — under a file name
that says what the chart is. plotly.js draws the image in the browser itself: nothing is sent
to any service, so it works in a room with no Wi-Fi. The map also gets the topojson the app
serves itself (``static/``), so its country shapes never come from a CDN.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import streamlit as st

from sourcing.report import charts

TOPOJSON_URL = "app/static/"  # where app.py's static folder serves the world topojson
TOPOJSON = Path(__file__).resolve().parent.parent / "static" / "world_110m.json"
# the toolbar: only the buttons a presenter needs (zoom and pan stay on the chart itself)
KEEP = ("toImage", "resetScale2d", "resetGeo", "zoomInGeo", "zoomOutGeo")
REMOVE = ("select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian",
          "hoverCompareCartesian", "hoverClosestGeo", "zoom2d", "pan2d")  # fmt: skip


def image_name(title: str) -> str:
    """A file name from a chart's title: ``shoreline-`` and lower-case words with hyphens."""
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return f"shoreline-{words or 'chart'}"


def chart_config(title: str, geo: bool = False) -> dict:
    """plotly's config for one chart: the PNG download named after ``title``."""
    config = {
        "displaylogo": False,
        "displayModeBar": True,
        "modeBarButtonsToRemove": list(REMOVE),
        "toImageButtonOptions": {"format": "png", "filename": image_name(title), "scale": 2},
    }
    if geo:
        config["topojsonURL"] = TOPOJSON_URL
    return config


def show(figure, title: str, key: str, geo: bool = False, **kwargs) -> None:
    """Draw ``figure`` full width with its PNG download (``title`` names the file), and a one
    sentence text alternative under it (what the chart shows, for a screen reader). The figure
    carries its own look (``charts.TEMPLATE``); Streamlit's theme is not applied on top (a
    smaller message; its speed-up in the browser, −30 ms a page in one A/B, did not reproduce
    in two more: bench/ab.py, "themed")."""
    st.plotly_chart(
        figure, key=key, config=chart_config(title, geo), width="stretch", theme=None, **kwargs
    )
    st.caption(charts.summary(figure, title))


@functools.cache
def map_shapes() -> frozenset[str]:
    """The ISO-3 ids of the country shapes in the local topojson: a country whose code is not
    here (too small at 1:110m, e.g. Malta; or a shape with no id, as Kosovo's) has no shape to
    colour and is shown on the map by its hub's dot only."""
    topology = json.loads(TOPOJSON.read_text(encoding="utf-8"))
    return frozenset(g["id"] for g in topology["objects"]["countries"]["geometries"] if g.get("id"))

"""Every page runs under AppTest without an exception."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def page(name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=30)
    return at.run()


def test_app_router_runs():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception


def test_data_page_shows_every_country_and_offers_a_download():
    import sourcing

    at = page("data.py")
    assert not at.exception
    shown = at.dataframe[0].value
    assert len(shown) == len(sourcing.load_countries())
    assert "NA" in set(shown["iso2"])
    docs = at.dataframe[1].value
    assert {"gdp_pc_usd", "hub_tz", "eu_adequacy"} <= set(docs["column"])


def test_data_page_search_filters():
    at = page("data.py")
    at.text_input(key="data_search").input("namib").run()
    assert not at.exception
    assert list(at.dataframe[0].value["iso2"]) == ["NA"]


@pytest.mark.parametrize("query", ["'; DROP TABLE", "<script>alert(1)</script>", "%%%", "ß" * 300])
def test_data_page_survives_odd_search_text(query):
    at = page("data.py")
    at.text_input(key="data_search").input(query).run()
    assert not at.exception

"""Streamlit glue shared by the pages: cached loaders, the scenario sidebar, downloads."""

"""Layer 5 — what leaves the engine for people: the pages' plotly figures (``charts``), the
decision paper as HTML or PDF (``brief``), the analyst's Excel workbook (``workbook``), and the
plain CSV with the JSON record of what produced it (``export``). Beside ``store``, never
importing it; imports the layers below."""

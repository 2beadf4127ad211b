"""Layer 4 — the operating model: staffing (Erlang C), automation, vendor pricing, TCO and the
portfolio of sites. Beside ``analysis``, never importing it; imports the layers below."""

"""Layer 1 — facts: the dataset and reference tables (read once, cached by file), time zones and
the working-day arithmetic, regulation, languages, shore rules. Imports nothing else of
``sourcing``."""

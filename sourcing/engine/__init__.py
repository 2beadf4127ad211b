"""Layer 3 — the engine: resolve a Scenario, score every location on every criterion, screen
and rank. Imports ``model`` and ``facts``."""

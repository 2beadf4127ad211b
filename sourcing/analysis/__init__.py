"""Layer 4 — analyses of a ranking: sensitivity and Monte Carlo, Pareto, "why not X?",
follow-the-sun plans, workshop comparisons, working-day views. Beside ``operating``, never
importing it; imports the layers below."""

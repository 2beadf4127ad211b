"""Layer 5 — storage: the database connection (SQLite or PostgreSQL), the scenario library and
live rooms. Beside ``report``, never importing it; imports the layers below."""

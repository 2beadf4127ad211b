"""Layer 2 — the model: what the user chose, as plain validated records (the Scenario and its
parts, the criteria's names, the workload presets, the link format). Imports only ``facts``."""

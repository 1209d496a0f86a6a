"""The audit of the report's own numbers: one module per check, and the runner (``audit``)."""

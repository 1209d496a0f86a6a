"""Generic statistics with no knowledge of the survey: rounding, count reconstruction,
intervals, tests. Imports nothing above it."""

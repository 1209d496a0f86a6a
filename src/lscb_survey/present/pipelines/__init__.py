"""The pipelines a user runs, as functions: reproduce the checkout, report on a wave, compare two.

Each ``lscb-survey`` command calls one of these and prints what it returns:

- :func:`reproduce` (``lscb-survey reproduce``): processed data, figures, notebooks;
- :func:`wave_summary` (``lscb-survey wave summarize``): counts, summaries,
  printed tables and figures of one wave;
- :func:`wave_comparison` (``lscb-survey wave compare``): two waves compared
  answer by answer, with paired bars.

Importing this package does not import pandas or matplotlib.
"""

from __future__ import annotations

from .reproduction import Step, reproduce
from .wave_comparisons import WaveComparison, comparison_figures, wave_comparison
from .wave_reports import PUBLISHED, WaveSummary, load_wave, wave_figures, wave_summary

__all__ = [
    "PUBLISHED",
    "Step",
    "WaveComparison",
    "WaveSummary",
    "comparison_figures",
    "load_wave",
    "reproduce",
    "wave_comparison",
    "wave_figures",
    "wave_summary",
]

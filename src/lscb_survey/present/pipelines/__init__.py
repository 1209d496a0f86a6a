"""The pipelines a user runs, as functions: reproduce the checkout, report on a wave, compare two.

Each ``lscb-survey`` command calls one of these and prints what it returns:

- :func:`reproduce` (``lscb-survey reproduce``): processed data, figures, notebooks;
- :func:`wave_summary` (``lscb-survey wave summarize``): counts, summaries,
  printed tables and figures of one wave;
- :func:`wave_comparison` (``lscb-survey wave compare``): two waves compared
  answer by answer, with paired bars;
- :func:`wave_trend` (``lscb-survey wave trend``): any number of waves as a
  series, with trend tests; :func:`group_report` (``wave summarize --by``): one
  wave broken down by a respondent attribute.

Importing this package does not import pandas or matplotlib.
"""

from __future__ import annotations

from .reproduction import Step, reproduce
from .trends import WaveTrend, group_report, wave_trend
from .wave_comparisons import WaveComparison, comparison_figures, wave_comparison
from .wave_reports import PUBLISHED, WaveSummary, load_wave, wave_figures, wave_summary

__all__ = [
    "PUBLISHED",
    "Step",
    "WaveComparison",
    "WaveSummary",
    "WaveTrend",
    "comparison_figures",
    "group_report",
    "load_wave",
    "reproduce",
    "wave_comparison",
    "wave_figures",
    "wave_summary",
    "wave_trend",
]

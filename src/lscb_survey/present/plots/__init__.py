"""Figures of the survey, drawn from tidy frames.

Every function here takes a tidy frame (with column names as arguments), draws
it inside :func:`lscb_survey.present.style.figure_style` and returns a matplotlib
:class:`~matplotlib.figure.Figure`. None computes a statistic: shares,
intervals and changes come from the analysis modules
(:func:`lscb_survey.likert_shares`, :func:`lscb_survey.survey_shifts`,
:func:`lscb_survey.analysis.shift_intervals.shift_intervals`).
:func:`lscb_survey.present.figures.make_figures` builds every figure of the
2012 report into ``figures/``.

The functions live in one module per figure family: :mod:`.likert` (diverging
bars of one wave, paired bars of two), :mod:`.dumbbell` and :mod:`.heatmap`
(the 2009-10 and 2012 ratings), :mod:`.groups` (bars by respondent group, top-two
shares over waves), :mod:`.returns` and :mod:`.activities`, and
:mod:`.multiple` (multi-select questions; it returns its Axes, seaborn-style);
:mod:`.diverging` draws the diverging bars and :mod:`.base` holds shared helpers.

This package imports matplotlib; ``import lscb_survey`` does not import it.
"""

from __future__ import annotations

from .activities import activities_bars
from .diverging import SIDES
from .dumbbell import SURVEY_LABELS, shift_dumbbell
from .groups import group_diverging_bars, top2_over_waves
from .heatmap import shift_heatmap
from .likert import diverging_bars, paired_diverging_bars
from .multiple import multiple_bars
from .returns import returns_bars

__all__ = [
    "SIDES",
    "SURVEY_LABELS",
    "activities_bars",
    "diverging_bars",
    "group_diverging_bars",
    "multiple_bars",
    "paired_diverging_bars",
    "returns_bars",
    "shift_dumbbell",
    "shift_heatmap",
    "top2_over_waves",
]

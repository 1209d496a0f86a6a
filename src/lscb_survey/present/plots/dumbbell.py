"""The share of each partner agency rated Good in 2009-10 and 2012, as a dumbbell chart.

:func:`shift_dumbbell` takes the tidy frame of
:func:`lscb_survey.analysis.shift_intervals.shift_intervals` and draws it; it computes no
change or interval.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from ...survey import PERIODS
from .. import style
from .base import (
    as_float,
    category_order,
    figure_of,
    new_figure,
    ordered_unique,
    require_columns,
    suptitle,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

__all__ = ["SURVEY_LABELS", "shift_dumbbell"]

#: How the two surveys of Tables 3-4 are labelled in figures.
SURVEY_LABELS: dict[str, str] = {
    "Laming": "2009-10 (Laming): Assistant Directors",
    "Munro": "2012 (Munro): LSCB chairs",
}

_Point = tuple[float, float, float]  # percent, ci_low, ci_high


def _points(rows: pd.DataFrame) -> dict[str, _Point]:
    """Percent and interval of each survey that rated the agency."""
    out: dict[str, _Point] = {}
    columns = (rows["survey"], rows["percent"], rows["ci_low"], rows["ci_high"])
    for survey, pct, lo, hi in zip(*columns, strict=True):
        if pd.notna(pct):
            out[str(survey)] = (float(pct), as_float(lo), as_float(hi))
    return out


def _draw_point(ax: Axes, point: _Point, yy: float, colour: str) -> None:
    """A dot with its interval line (and end caps) where the interval is known."""
    pct, lo, hi = point
    if not math.isnan(lo) and not math.isnan(hi):
        ax.plot([lo, hi], [yy, yy], color=colour, linewidth=1.1, zorder=2)
        for end in (lo, hi):
            ax.plot([end, end], [yy - 0.07, yy + 0.07], color=colour, linewidth=1.1)
    ax.plot(
        pct,
        yy,
        "o",
        color=colour,
        markersize=5.5,
        markeredgecolor="white",
        markeredgewidth=0.6,
        zorder=3,
    )


def _not_rated(ax: Axes, yy: float, survey: str) -> None:
    ax.text(
        1,
        yy,
        f"not rated in {PERIODS.get(survey, survey)}",
        ha="left",
        va="center",
        fontsize=style.SMALL_SIZE,
        color=style.RULE,
        fontstyle="italic",
    )


def _dumbbell_axes(ax: Axes, part: pd.DataFrame, agencies: list[str], measure: str) -> None:
    surveys = category_order(part, "survey")
    colours = {s: style.SURVEY_COLOURS.get(s, style.OKABE_ITO["black"]) for s in surveys}
    offsets = {s: (i - (len(surveys) - 1) / 2) * 0.18 for i, s in enumerate(surveys)}
    for y, agency in enumerate(agencies):
        points = _points(part[part["agency"].astype(str) == agency])
        xs = [points[s][0] for s in surveys if s in points]
        if len(xs) >= 2:
            ax.plot(
                [min(xs), max(xs)],
                [y, y],
                color="#BBBBBB",
                linewidth=3,
                solid_capstyle="round",
                zorder=1,
            )
        for s in surveys:
            if s in points:
                _draw_point(ax, points[s], y + offsets[s], colours[s])
            else:
                _not_rated(ax, y + offsets[s], s)
    ax.set_yticks(range(len(agencies)))
    ax.set_yticklabels(agencies)
    ax.set_ylim(len(agencies) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 20))
    ax.xaxis.grid(True)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.set_title(style.wrap_label(measure, 40), fontsize=style.FONT_SIZE)


def _measures(frame: pd.DataFrame, measure: str | Sequence[str] | None) -> list[str]:
    """The measures to draw, checked against those of the frame."""
    all_measures = [str(m) for m in ordered_unique(frame["measure"])]
    if measure is None:
        measures = all_measures
    elif isinstance(measure, str):
        measures = [measure]
    else:
        measures = [str(m) for m in measure]
    unknown = [m for m in measures if m not in all_measures]
    if unknown:
        raise ValueError(f"unknown measure(s) {unknown}; the frame has {all_measures}")
    return measures


def _dumbbell_figure(
    k: int, n_agencies: int, caption: str | None
) -> tuple[Figure, Axes, list[Axes]]:
    """A figure with a legend strip on top and ``k`` panels sharing the agency axis."""
    fig = new_figure(
        min(style.WIDTH_WIDE, 3.4 + 2.2 * k) if k > 1 else style.WIDTH_NARROW,
        1.9 + 0.34 * n_agencies + (0.35 if caption else 0),
    )
    grid = fig.add_gridspec(2, k, height_ratios=[0.28, 0.34 * n_agencies + 0.6])
    legend_ax = fig.add_subplot(grid[0, :])
    legend_ax.set_axis_off()
    axes = [fig.add_subplot(grid[1, 0])]
    axes += [fig.add_subplot(grid[1, j], sharey=axes[0]) for j in range(1, k)]
    for a in axes[1:]:
        a.tick_params(axis="y", labelleft=False)
    return fig, legend_ax, axes


def _survey_handles(frame: pd.DataFrame) -> list[Line2D]:
    """Legend entries of the surveys, with their bases where the frame gives them."""
    from matplotlib.lines import Line2D

    handles = []
    for s in category_order(frame, "survey"):
        ns = frame.loc[frame["survey"].astype(str) == s, "n"] if "n" in frame else None
        label = SURVEY_LABELS.get(s, s)
        if ns is not None and ns.notna().any():
            label += f" (n={int(ns.dropna().iloc[0])})"
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="-",
                linewidth=1.1,
                color=style.SURVEY_COLOURS.get(s, style.OKABE_ITO["black"]),
                label=label,
            )
        )
    return handles


def _dumbbell_note(fig: Figure, caption: str | None) -> None:
    note = (
        "Lines through dots: 95% Wilson intervals, drawn where the counts behind "
        "the printed percentages could be recovered uniquely."
    )
    if caption:
        note = f"{note}\n{caption}"
    fig.supxlabel(style.wrap_label(note, 135), x=0.01, ha="left", fontsize=style.SMALL_SIZE)


def shift_dumbbell(
    intervals: pd.DataFrame,
    *,
    measure: str | Sequence[str] | None = None,
    rating: str = "Good",
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Figure:
    """Share given a rating per agency in both surveys, as a dumbbell chart.

    Each agency has a dot per survey joined by a bar; a horizontal line through
    a dot is its 95% interval, drawn where the analysis could recover the
    count behind the printed percentage. An agency not rated in one survey shows
    a note instead of a dot (never a zero).

    Parameters
    ----------
    intervals : DataFrame
        One row per measure x agency x rating x survey with ``percent``,
        ``ci_low`` and ``ci_high``: the result of
        :func:`lscb_survey.analysis.shift_intervals.shift_intervals`.
    measure : str, list of str or None
        The measure to draw; a list (or ``None`` for every measure in the frame)
        draws one panel per measure side by side.
    rating : str
        The rating whose share is drawn ("Good" by default).
    ax : Axes, optional
        Axes to draw a single measure on.
    title : str, optional
        Figure title.
    caption : str, optional
        Note printed under the figure; defaults to ``intervals.attrs["caveat"]``
        (the warning that the surveys asked different respondents). Not drawn
        when ``ax`` is given.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from lscb_survey import survey_shifts
    >>> from lscb_survey.analysis.shift_intervals import shift_intervals
    >>> fig = shift_dumbbell(shift_intervals(survey_shifts()), measure="Trust")
    >>> [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    ['Trust']
    """

    require_columns(
        intervals,
        ["measure", "agency", "survey", "rating", "percent", "ci_low", "ci_high"],
        "shift_dumbbell",
    )
    frame = intervals[intervals["rating"].astype(str) == rating]
    if frame.empty:
        raise ValueError(f"no rows rated {rating!r}")
    measures = _measures(frame, measure)
    if ax is not None and len(measures) != 1:
        raise ValueError("ax= draws a single measure; pass measure=<one measure>")
    agencies = category_order(frame, "agency")
    if caption is None:
        caption = intervals.attrs.get("caveat")
    with style.figure_style():
        legend_ax = None
        if ax is None:
            fig, legend_ax, axes = _dumbbell_figure(len(measures), len(agencies), caption)
        else:
            fig, axes = figure_of(ax), [ax]
        for a, m in zip(axes, measures, strict=True):
            _dumbbell_axes(a, frame[frame["measure"].astype(str) == m], agencies, m)
            a.set_xlabel(f"% rated {rating}")
        handles = _survey_handles(frame)
        if legend_ax is not None:
            legend_ax.legend(handles=handles, loc="center left", ncol=len(handles))
            suptitle(fig, title)
            _dumbbell_note(fig, caption)
        else:
            axes[0].legend(handles=handles, loc="lower right", fontsize=style.SMALL_SIZE)
            if title:
                axes[0].set_title(title)
    return fig

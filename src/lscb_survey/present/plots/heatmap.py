"""The change in the share of agencies rated Good, measure by agency, as a heat map.

:func:`shift_heatmap` takes the tidy frame of :func:`lscb_survey.survey_shifts`
and draws its change column; it computes no change.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from .. import style
from .base import (
    as_float,
    category_order,
    figure_of,
    new_figure,
    ordered_unique,
    require_columns,
    suptitle,
    text_colour,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.colors import Colormap, Normalize
    from matplotlib.figure import Figure

__all__ = ["shift_heatmap"]


def _change_grid(
    frame: pd.DataFrame, measures: list[str], agencies: list[str], value: str
) -> list[list[float]]:
    """Change per measure (row) x agency (column); NaN where there is no comparison."""
    grid = [[math.nan] * len(agencies) for _ in measures]
    for m, a, v in zip(frame["measure"], frame["agency"], frame[value], strict=True):
        i, j = measures.index(str(m)), agencies.index(str(a))
        grid[i][j] = as_float(v)
    return grid


def _draw_cells(ax: Axes, grid: list[list[float]], cmap: Colormap, norm: Normalize) -> int:
    """Label each cell with its change and hatch the cells without one; returns how many."""
    import matplotlib as mpl
    from matplotlib.patches import Rectangle

    n_missing = 0
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            if math.isnan(v):
                n_missing += 1
                ax.add_patch(
                    Rectangle(
                        (j - 0.5, i - 0.5),
                        1,
                        1,
                        facecolor=style.NO_DATA_COLOUR,
                        edgecolor="#AAAAAA",
                        hatch="///",
                        linewidth=0,
                    )
                )
                continue
            colour = mpl.colors.to_hex(cmap(norm(v)))
            text = "0" if v == 0 else f"{v:+.0f}"
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=style.FONT_SIZE,
                color=text_colour(colour),
            )
    return n_missing


def _heatmap_ticks(ax: Axes, measures: list[str], agencies: list[str]) -> None:
    import numpy as np

    ax.set_xticks(range(len(agencies)))
    ax.set_xticklabels([style.wrap_label(a, 12) for a in agencies])
    ax.set_yticks(range(len(measures)))
    ax.set_yticklabels([style.wrap_label(m, 30) for m in measures])
    ax.tick_params(length=0)
    ax.xaxis.tick_top()
    for s in ax.spines.values():
        s.set_visible(False)
    ax.set_xticks(np.arange(-0.5, len(agencies)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(measures)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)


def _table_rules(ax: Axes, frame: pd.DataFrame, measures: list[str]) -> None:
    """A rule between measures of different report tables, labelled on the left."""
    table_of = dict(zip(frame["measure"].astype(str), frame["table"], strict=False))
    tables = [table_of[m] for m in measures]
    for i in range(1, len(measures)):
        if tables[i] != tables[i - 1]:
            ax.axhline(i - 0.5, color=style.INK, linewidth=1.2)
    ax.set_yticklabels(
        [
            f"{style.wrap_label(m, 30)}\n(Table {t})"
            if i == 0 or tables[i] != tables[i - 1]
            else style.wrap_label(m, 30)
            for i, (m, t) in enumerate(zip(measures, tables, strict=True))
        ]
    )


def _heatmap_notes(fig: Figure, n_missing: int, caption: str | None) -> None:
    notes = []
    if n_missing:
        notes.append("Hatched cells: no comparison, the agency was not rated in one survey.")
    if caption:
        notes.append(caption)
    if notes:
        fig.supxlabel(
            style.wrap_label(" ".join(notes), 135),
            x=0.01,
            ha="left",
            fontsize=style.SMALL_SIZE,
        )


def shift_heatmap(
    shifts: pd.DataFrame,
    *,
    rating: str = "Good",
    value: str = "change_pp",
    ax: Axes | None = None,
    limit: float | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Figure:
    """Change in the share given a rating, across measure x agency, as a heat map.

    The colour map diverges from zero (red for a fall, blue for a rise) over a
    symmetric range; each cell is labelled in percentage points. A missing
    change (an agency not rated in one survey) is a hatched grey cell with no
    number, never a zero.

    Parameters
    ----------
    shifts : DataFrame
        The result of :func:`lscb_survey.survey_shifts`: one row per table x
        measure x agency x rating with a change column.
    rating : str
        The rating whose change is shown.
    value : str
        Column of the change in percentage points.
    ax : Axes, optional
    limit : float, optional
        Half-range of the colour scale; defaults to the largest absolute change
        rounded up to a multiple of 10.
    title : str, optional
    caption : str, optional
        Note under the figure; defaults to ``shifts.attrs["caveat"]``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from lscb_survey import survey_shifts
    >>> fig = shift_heatmap(survey_shifts())
    >>> len(fig.axes[0].get_yticks())
    6
    """

    require_columns(shifts, ["measure", "agency", "rating", value], "shift_heatmap")
    frame = shifts[shifts["rating"].astype(str) == rating]
    if frame.empty:
        raise ValueError(f"no rows rated {rating!r}")
    measures = [str(m) for m in ordered_unique(frame["measure"])]
    agencies = category_order(frame, "agency")
    grid = _change_grid(frame, measures, agencies, value)
    finite = [abs(v) for row in grid for v in row if not math.isnan(v)]
    if limit is None:
        limit = max(10.0, 10 * math.ceil(max(finite, default=10) / 10))
    if caption is None:
        caption = shifts.attrs.get("caveat")
    with style.figure_style():
        import matplotlib as mpl
        import numpy as np
        from matplotlib.colors import Normalize

        own = ax is None
        if ax is None:
            height = 1.8 + 0.42 * len(measures) + (0.4 if caption else 0)
            ax = new_figure(style.WIDTH_WIDE, height).add_subplot()
        fig = figure_of(ax)
        cmap = mpl.colormaps[style.DIVERGING_CMAP]
        norm = Normalize(vmin=-limit, vmax=limit)
        data = np.ma.masked_invalid(np.array(grid, dtype=float))
        image = ax.imshow(data, cmap=cmap, norm=norm, aspect="auto")
        n_missing = _draw_cells(ax, grid, cmap, norm)
        _heatmap_ticks(ax, measures, agencies)
        if "table" in frame.columns:
            _table_rules(ax, frame, measures)
        ax.tick_params(which="minor", length=0)
        bar = fig.colorbar(image, ax=ax, shrink=0.85, pad=0.02)
        bar.set_label(f"Change in % rated {rating} (percentage points)")
        bar.outline.set_visible(False)
        if own:
            suptitle(fig, title)
            _heatmap_notes(fig, n_missing, caption)
    return fig

"""Survey returns and response rates by category (Tables 1-2), as bars.

:func:`returns_bars` draws the tidy returns frames of
:func:`lscb_survey.load_table` (Tables 1 and 2) as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .. import style
from .base import new_figure, ordered_unique, require_columns, suptitle

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["returns_bars"]


def _is_missing_label(label: str) -> bool:
    from ...data.scales import normalise_label

    return normalise_label(label) in {"not specified", "don't know", "missing", "unknown"}


def _returns_panel(
    ax: Axes, part: pd.DataFrame, colours: list[str], returns: str, share: str, max_returns: int
) -> None:
    """Number of returns per category, labelled with its share of all returns."""
    ys = range(len(part))
    ax.barh(ys, part[returns].astype(float), color=colours, height=0.7)
    shares = part[share] if share in part.columns else pd.Series(pd.NA, index=part.index)
    for y, count, pct in zip(ys, part[returns], shares, strict=True):
        text = str(int(count))
        if share in part.columns and pd.notna(pct):
            text += f" ({int(pct)}%)"
        ax.text(int(count) + max_returns * 0.015, y, text, va="center", fontsize=style.SMALL_SIZE)


def _rate_panel(ax: Axes, part: pd.DataFrame, colours: list[str], rate: str) -> None:
    """Response rate per category; "not given" where the report gives none."""
    ys = range(len(part))
    rates = part[rate]
    drawn = rates.astype("Float64").fillna(0).astype(float)
    ax.barh(
        [y for y, v in zip(ys, rates, strict=True) if pd.notna(v)],
        [float(v) for v in drawn[rates.notna()]],
        color=[c for c, v in zip(colours, rates, strict=True) if pd.notna(v)],
        height=0.7,
    )
    for y, v in zip(ys, rates, strict=True):
        if pd.isna(v):
            ax.text(
                1,
                y,
                "not given",
                va="center",
                fontsize=style.SMALL_SIZE,
                color=style.RULE,
                fontstyle="italic",
            )
        else:
            ax.text(float(v) + 1, y, f"{int(v)}%", va="center", fontsize=style.SMALL_SIZE)


def _category_axes(ax_n: Axes, ax_r: Axes, cats: list[str], group: str) -> None:
    for a in (ax_n, ax_r):
        a.set_yticks(list(range(len(cats))))
        a.set_ylim(len(cats) - 0.5, -0.5)
        a.tick_params(axis="y", length=0)
        a.xaxis.grid(True)
        a.set_axisbelow(True)
    ax_n.set_yticklabels(cats)
    ax_r.set_yticklabels([])
    ax_n.set_title(f"Returns by {group.lower()}", fontsize=style.FONT_SIZE)
    ax_r.set_title(f"Response rate by {group.lower()}", fontsize=style.FONT_SIZE)


def returns_bars(
    frame: pd.DataFrame,
    *,
    grouping: str = "grouping",
    category: str = "category",
    returns: str = "returns",
    rate: str = "response_rate",
    share: str = "share_of_returns",
    title: str | None = None,
) -> Figure:
    """Survey returns and response rates by category (Tables 1-2).

    One row of two panels per grouping in the frame (local-authority type,
    region): the number of returns (labelled with its share of all returns),
    and the response rate. "Not specified" is drawn in grey; a rate the report
    does not give is marked "not given", never drawn as zero.

    Parameters
    ----------
    frame : DataFrame
        Tidy returns frame(s): ``load_table(1)``, ``load_table(2)`` or both
        concatenated.
    grouping, category, returns, rate, share : str
        Column names.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> fig = returns_bars(load_table(1))
    >>> len(fig.axes)
    2
    """

    require_columns(frame, [grouping, category, returns, rate], "returns_bars")
    groups = [str(g) for g in ordered_unique(frame[grouping])]
    sizes = [int((frame[grouping].astype(str) == g).sum()) for g in groups]
    with style.figure_style():
        fig = new_figure(style.WIDTH_WIDE, 1.1 + 0.27 * sum(sizes) + 0.55 * len(groups))
        axes = fig.subplots(
            len(groups), 2, squeeze=False, gridspec_kw={"height_ratios": sizes}, sharex="col"
        )
        max_returns = max(int(frame[returns].max()), 1)
        for (ax_n, ax_r), g in zip(axes, groups, strict=True):
            part = frame[frame[grouping].astype(str) == g]
            cats = [str(c) for c in part[category]]
            colours = [
                style.MISSING_COLOUR if _is_missing_label(c) else style.BAR_COLOUR for c in cats
            ]
            _returns_panel(ax_n, part, colours, returns, share, max_returns)
            _rate_panel(ax_r, part, colours, rate)
            _category_axes(ax_n, ax_r, cats, g)
        axes[-1][0].set_xlim(0, max_returns * 1.25)
        axes[-1][0].set_xlabel("Number of returns (share of all returns)")
        axes[-1][1].set_xlim(0, 100)
        axes[-1][1].set_xlabel("Response rate (%)")
        suptitle(fig, title)
    return fig

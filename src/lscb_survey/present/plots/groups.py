"""Groups and series: diverging bars faceted by group, top-two shares over waves.

:func:`group_diverging_bars` takes the grouped shares of
:func:`lscb_survey.likert_shares` (``by=``) and draws one panel per group on
one shared fixed axis, with each group's base beside its bars and small groups
marked. :func:`top2_over_waves` takes :func:`lscb_survey.series_summary` and
draws the top-two share of each item wave by wave with its interval, one small
panel per item on one shared 0-100 axis. Neither computes a statistic.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from .. import style
from .base import new_figure, ordered_unique, require_columns, suptitle
from .diverging import Bar, draw_diverging, levels_of

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["group_diverging_bars", "items_over_waves", "top2_over_waves", "wave_positions"]

_ROW = 0.3  # inches per bar row


def _group_bars(
    rows: pd.DataFrame, items: list[str], item: str, response: str, value: str, n: str
) -> list[Bar]:
    bars = []
    for y, it in enumerate(items):
        part = rows[rows[item].astype(str) == it]
        if part.empty:
            continue
        values = dict(zip(part[response].astype(str), part[value].astype(float), strict=True))
        base = part[n].dropna()
        label = f"n={int(base.iloc[0])}" if len(base) else ""
        bars.append(Bar(float(y), values, label))
    return bars


#: Largest part of the non-substantive panel a bar may fill (the rest holds its label).
_MISSING_FILL = 0.55


def _missing_limit(shares: pd.DataFrame, keys: list[str], side: str, value: str) -> float:
    """Panel length (a multiple of 25) holding the longest non-substantive bar and its label."""
    missing = shares[shares[side].astype(str) == "missing"]
    totals = missing.groupby(keys, observed=True, sort=False)[value].sum()
    top = float(totals.max()) if len(totals) and not pd.isna(totals.max()) else 0.0
    return 25.0 * max(1, math.ceil(top / _MISSING_FILL / 25))


def group_diverging_bars(
    shares: pd.DataFrame,
    by: str,
    *,
    item: str = "short",
    response: str = "response",
    value: str = "share",
    side: str = "side",
    n: str = "denominator",
    min_n: int = 5,
    title: str | None = None,
    limit: float = 100,
    missing_limit: float | None = None,
    label_width: int = style.LABEL_WIDTH,
    annotate_min: float = 8,
) -> Figure:
    """Diverging bars of Likert items, one panel per group, on one shared axis.

    Parameters
    ----------
    shares : DataFrame
        Grouped shares (``likert_shares(wave.counts_by(by), by=by)``).
    by : str
        The group column; panels follow its order (category order when it is
        Categorical).
    item, response, value, side : str
        As for :func:`~lscb_survey.present.plots.likert.diverging_bars`.
    n : str
        Column of the base of each bar (shown as ``n=`` beside it).
    min_n : int, default 5
        Groups whose largest base is under this are marked "small group" and
        their bars hatched; groups with no answers get an empty panel saying so.
    title : str, optional
    limit, label_width, annotate_min :
        As for :func:`~lscb_survey.present.plots.likert.diverging_bars`.
    missing_limit : float, optional
        Length of the non-substantive panel's axis in percentage points, the same
        for every group. By default the smallest multiple of 25 on which the
        longest non-substantive bar fills at most 55% of the panel, so that no
        bar is cut and its share label stays clear of the ``n=`` label.

    Returns
    -------
    matplotlib.figure.Figure
        One row of axes per group (scale axes and, where the scale has
        non-substantive levels, a panel beside them), x limits ``-limit`` to
        ``limit`` on every panel.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> wave = ls.read_wave(ls.config.examples_dir() / "wave-example.csv")
    >>> counts = wave.counts_by("lscb_type")
    >>> s = ls.likert_shares(counts[counts["table"] == 9], by="lscb_type")
    >>> fig = group_diverging_bars(s, "lscb_type")
    >>> len({tuple(ax.get_xlim()) for ax in fig.axes[::2]})
    1
    """
    require_columns(shares, [by, item, response, value, side, n], "group_diverging_bars")
    groups = ordered_unique(shares.sort_values(by, kind="stable")[by]) if isinstance(
        shares[by].dtype, pd.CategoricalDtype
    ) else ordered_unique(shares[by])  # fmt: skip
    items = [str(i) for i in ordered_unique(shares[item])]
    if missing_limit is None:
        missing_limit = _missing_limit(shares, [by, item], side, value)
    with style.figure_style():
        levels = levels_of(shares, response, side)
        height = 1.2 + len(groups) * (0.55 + _ROW * len(items))
        fig = new_figure(style.WIDTH_WIDE, height)
        ratios = {"width_ratios": [2 * limit, missing_limit]} if levels.missing else {}
        grid = fig.subplots(
            len(groups), 2 if levels.missing else 1, squeeze=False, gridspec_kw=ratios
        )
        for k, g in enumerate(groups):
            ax = grid[k][0]
            panel = grid[k][1] if levels.missing else None
            rows = shares[shares[by] == g]
            base = rows[n].max()
            small = not (base >= min_n)
            bars = _group_bars(rows, items, item, response, value, n)
            hatch = {b.y: "////" for b in bars} if small else {}
            draw_diverging(
                ax, bars, levels, height=0.7, limit=limit, missing_limit=missing_limit,
                annotate_min=annotate_min, hatch=hatch, panel=panel, figure_legend=k == 0,
            )  # fmt: skip
            if ax.get_legend() is not None:
                ax.get_legend().remove()
            ax.set_yticks(range(len(items)))
            ax.set_yticklabels([style.wrap_label(i, label_width) for i in items])
            ax.set_ylim(len(items) - 0.4, -0.6)
            if panel is not None:
                panel.set_ylim(len(items) - 0.4, -0.6)
            shown = 0 if math.isnan(base) else int(base)
            mark = "  (small group: read with care)" if small else ""
            ax.set_title(f"{g}  (n={shown}){mark}", loc="left", fontsize=style.FONT_SIZE)
            if k < len(groups) - 1:
                ax.set_xlabel("")
                if panel is not None:
                    panel.set_xlabel("")
        del fig.legends[1:]
        suptitle(fig, title)
    return fig


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def wave_positions(waves: Sequence[str]) -> dict[str, float]:
    """x positions of waves: the year in each name, else 0, 1, 2, ... in order.

    Examples
    --------
    >>> wave_positions(["2012", "wave-2014", "2026 follow-up"])
    {'2012': 2012.0, 'wave-2014': 2014.0, '2026 follow-up': 2026.0}
    >>> wave_positions(["first", "second"])
    {'first': 0.0, 'second': 1.0}
    """
    years = [_YEAR.search(str(w)) for w in waves]
    found = [float(m.group(1)) for m in years if m is not None]
    if len(found) == len(waves) and len(set(found)) == len(found):
        return dict(zip(waves, found, strict=True))
    return {w: float(k) for k, w in enumerate(waves)}


def items_over_waves(
    summary: pd.DataFrame, *, item: str = "short", value: str = "top2_pct"
) -> list[str]:
    """The items with a value in two or more waves, in frame order.

    Examples
    --------
    >>> f = pd.DataFrame({"short": ["a", "a", "b", "b"], "top2_pct": [1.0, 2.0, 3.0, None]})
    >>> items_over_waves(f)
    ['a']
    """
    asked = summary[summary[value].notna()]
    times = asked.groupby(asked[item].astype(str), sort=False).size()
    return [str(i) for i in ordered_unique(summary[item]) if times.get(str(i), 0) >= 2]


def top2_over_waves(
    summary: pd.DataFrame,
    *,
    item: str = "short",
    wave: str = "wave",
    value: str = "top2_pct",
    low: str = "top2_ci_low",
    high: str = "top2_ci_high",
    ncols: int = 3,
    label_width: int = 30,
    title: str | None = None,
    when: Mapping[str, float] | None = None,
) -> Figure:
    """Top-two share of each item over the waves, with intervals: one panel per item.

    Parameters
    ----------
    summary : DataFrame
        One row per item x wave (:func:`lscb_survey.series_summary`).
    item, wave, value, low, high : str
        Columns of the item label, wave name (panels' x axis, in frame order),
        share and interval bounds (percent).
    ncols : int, default 3
        Panels per row.
    label_width : int
        Characters per line of the panel titles.
    title : str, optional
    when : mapping of str to float, optional
        Position of each wave on the x axis (e.g. its year, 2012.1 for February
        2012), so that waves two years apart sit closer than waves ten years
        apart. By default the year in each wave's name (:func:`wave_positions`);
        waves evenly spaced when a name has none.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per item with a share in at least two waves (an item asked once
        has no trend to show and gets no panel), y from 0 to 100 on every panel;
        unused cells hidden.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> ex = ls.config.examples_dir()
    >>> waves = [ls.read_wave(ex / f"wave-example-{y}.csv", name=y) for y in ("2014", "2016")]
    >>> s = ls.series_summary(waves)
    >>> fig = top2_over_waves(s[s["table"] == 9])
    >>> [float(v) for v in [ax for ax in fig.axes if ax.get_visible()][0].get_ylim()]
    [0.0, 100.0]
    """
    require_columns(summary, [item, wave, value, low, high], "top2_over_waves")
    items = items_over_waves(summary, item=item, value=value)
    if not items:
        raise ValueError("top2_over_waves: no item has a share in two or more waves")
    waves = [str(w) for w in ordered_unique(summary[wave])]
    position = dict(when) if when is not None else wave_positions(waves)
    missing = [w for w in waves if w not in position]
    if missing:
        raise ValueError(f"top2_over_waves: no position (when=) for waves {missing}")
    xs = [float(position[w]) for w in waves]
    pad = 0.08 * (max(xs) - min(xs)) or 0.5
    nrows = math.ceil(len(items) / ncols)
    with style.figure_style():
        fig = new_figure(style.WIDTH_WIDE, 0.8 + 2.1 * nrows)
        grid = fig.subplots(nrows, ncols, squeeze=False, sharey=True)
        for k, ax in enumerate(grid.ravel()):
            if k >= len(items):
                ax.set_visible(False)
                continue
            rows = summary[summary[item].astype(str) == items[k]]
            x = [position[str(w)] for w in rows[wave]]
            y = rows[value].astype(float).to_numpy()
            err = [y - rows[low].astype(float).to_numpy(), rows[high].astype(float).to_numpy() - y]
            ax.errorbar(x, y, yerr=err, color=style.BAR_COLOUR, marker="o", capsize=3, lw=1.2)
            ax.set_ylim(0, 100)
            ax.set_xticks(xs)
            ax.set_xticklabels(waves)
            ax.set_xlim(min(xs) - pad, max(xs) + pad)
            ax.yaxis.grid(True)
            ax.set_title(style.wrap_label(items[k], label_width), fontsize=style.SMALL_SIZE)
        for row in grid:
            row[0].set_ylabel("% top two")
        suptitle(fig, title)
    return fig

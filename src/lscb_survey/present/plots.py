"""Figures of the survey, drawn from tidy frames.

Every function here takes a tidy frame (with column names as arguments), draws
it inside :func:`lscb_survey.style.figure_style` and returns a matplotlib
:class:`~matplotlib.figure.Figure`. None computes a statistic: shares,
intervals and changes come from the analysis modules
(:func:`lscb_survey.likert.likert_shares`, :func:`lscb_survey.survey_shifts`,
:func:`lscb_survey.intervals.shift_intervals`). :func:`make_figures` builds
every figure of the 2012 report into ``figures/``.

This module imports matplotlib; ``import lscb_survey`` does not import it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..survey import PERIODS
from . import style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Sides of a response level, as :func:`lscb_survey.likert.likert_shares` labels them.
SIDES: tuple[str, ...] = ("positive", "centre", "negative", "missing")
#: How the two surveys of Tables 3-4 are labelled in figures.
SURVEY_LABELS: dict[str, str] = {
    "Laming": "2009-10 (Laming): Assistant Directors",
    "Munro": "2012 (Munro): LSCB chairs",
}

#: Year of each survey of Tables 3-4.

_ROW = 0.36  # inches per bar row
_LINE = 0.15  # inches per extra line of a wrapped label


# ----------------------------------------------------------------------------- helpers


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


def _new_figure(width: float, height: float) -> Figure:
    return _pyplot().figure(figsize=(width, height), layout="constrained")


def _suptitle(fig: Figure, title: str | None) -> None:
    if title:
        fig.suptitle(
            style.wrap_label(title, 105),
            x=0.01,
            ha="left",
            fontweight="bold",
            fontsize=style.TITLE_SIZE,
        )


def _fmt_pct(value: float) -> str:
    """Format a percentage for a label: whole number, halves rounded up."""
    return str(math.floor(float(value) + 0.5 + 1e-9))


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} needs columns {missing}; the frame has {list(frame.columns)}")


def _ordered_unique(values: pd.Series) -> list:
    """Distinct values in order of first appearance."""
    return list(dict.fromkeys(values.tolist()))


def _text_colour(hex_colour: str) -> str:
    """Black or white text, whichever reads better on ``hex_colour``."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "white" if luminance < 0.45 else style.INK


# ----------------------------------------------------------------------------- diverging bars


@dataclass(frozen=True)
class _Levels:
    """Response levels in scale order with their side and colour."""

    order: list[str]
    side: dict[str, str]
    colour: dict[str, str]

    @property
    def missing(self) -> list[str]:
        return [lv for lv in self.order if self.side[lv] == "missing"]


def _levels(shares: pd.DataFrame, response: str, side: str) -> _Levels:
    col = shares[response]
    present = set(col.astype(str))
    if isinstance(col.dtype, pd.CategoricalDtype):
        order = [str(c) for c in col.cat.categories if str(c) in present]
    elif "response_order" in shares.columns:
        ranked = shares.sort_values("response_order", kind="stable")[response].astype(str)
        order = [str(v) for v in _ordered_unique(ranked)]
    else:
        order = [str(v) for v in _ordered_unique(col.astype(str))]
    sides: dict[str, str] = {}
    for lv, sd in zip(col.astype(str), shares[side].astype(str), strict=True):
        if sd not in SIDES:
            raise ValueError(f"side of {lv!r} is {sd!r}; expected one of {SIDES}")
        if sides.setdefault(lv, sd) != sd:
            raise ValueError(f"response {lv!r} has two sides: {sides[lv]!r} and {sd!r}")
    substantive = [lv for lv in order if sides[lv] != "missing"]
    missing = [lv for lv in order if sides[lv] == "missing"]
    colours = style.scale_colours(substantive, missing)
    return _Levels(order, sides, colours)


@dataclass
class _Bar:
    y: float
    values: dict[str, float]
    right_label: str = ""


def _draw_diverging(
    ax: Axes,
    bars: list[_Bar],
    levels: _Levels,
    *,
    height: float,
    limit: float,
    missing_limit: float,
    annotate_min: float,
    hatch: dict[float, str] | None = None,
    panel: Axes | None = None,
    figure_legend: bool = False,
) -> Axes | None:
    """Draw diverging bars on ``ax`` and missing levels on a panel to its right."""
    from matplotlib.patches import Patch

    hatch = hatch or {}
    centre = [lv for lv in levels.order if levels.side[lv] == "centre"]
    negative = [lv for lv in levels.order if levels.side[lv] == "negative"]
    # positive levels are listed most positive first; draw outwards from the centre
    positive = [lv for lv in levels.order if levels.side[lv] == "positive"][::-1]
    missing = levels.missing

    if missing:
        if panel is None:
            width = missing_limit / (2 * limit)
            panel = ax.inset_axes((1.035, 0, width, 1), sharey=ax)
        panel.set_xlim(0, missing_limit)
        panel.tick_params(axis="y", left=False, labelleft=False)
        panel.spines["left"].set_visible(False)
        panel.set_xticks([0, missing_limit])
        panel.set_xlabel("\n".join(missing), fontsize=style.SMALL_SIZE)
        panel.xaxis.grid(True)
        panel.set_axisbelow(True)
    else:
        panel = None

    def segment(target, lv: str, left: float, width: float, y: float) -> None:
        if not width > 0:  # zero or missing
            return
        colour = levels.colour[lv]
        target.barh(
            y,
            width,
            left=left,
            height=height,
            color=colour,
            edgecolor="white",
            linewidth=0.6,
            hatch=hatch.get(y, None),
            label=lv,
        )
        if width >= annotate_min and target is ax:
            target.text(
                left + width / 2,
                y,
                _fmt_pct(width),
                ha="center",
                va="center",
                fontsize=style.SMALL_SIZE,
                color=_text_colour(colour),
            )

    for bar in bars:
        v = {lv: (0.0 if math.isnan(w) else w) for lv, w in bar.values.items()}
        c_total = sum(v.get(lv, 0.0) for lv in centre)
        x = -c_total / 2
        for lv in centre:
            segment(ax, lv, x, v.get(lv, 0.0), bar.y)
            x += v.get(lv, 0.0)
        x = -c_total / 2
        for lv in negative:
            w = v.get(lv, 0.0)
            segment(ax, lv, x - w, w, bar.y)
            x -= w
        x = c_total / 2
        for lv in positive:
            w = v.get(lv, 0.0)
            segment(ax, lv, x, w, bar.y)
            x += w
        if panel is not None:
            x = 0.0
            for lv in missing:
                w = v.get(lv, 0.0)
                segment(panel, lv, x, w, bar.y)
                x += w
            shown = any(not math.isnan(bar.values.get(lv, math.nan)) for lv in missing)
            panel.text(
                x + missing_limit * 0.03,
                bar.y,
                _fmt_pct(x) if shown else "not in base",
                ha="left",
                va="center",
                fontsize=style.SMALL_SIZE,
                color=style.INK,
            )
        if bar.right_label:
            target = panel if panel is not None else ax
            target.annotate(
                bar.right_label,
                xy=(1, bar.y),
                xycoords=("axes fraction", "data"),
                xytext=(6, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=style.SMALL_SIZE,
                color=style.RULE,
            )

    ax.set_xlim(-limit, limit)
    ticks = [t for t in range(-100, 101, 25) if abs(t) <= limit]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{abs(t)}" for t in ticks])
    ax.axvline(0, color=style.RULE, linewidth=0.8, zorder=0.5)
    ax.xaxis.grid(True)
    ax.set_axisbelow(True)
    ax.set_xlabel("% of respondents  (negative to the left, positive to the right)")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)

    handles = [
        Patch(facecolor=levels.colour[lv], edgecolor="white", label=lv) for lv in levels.order
    ]
    legend_kw = {"ncol": min(len(handles), 6), "handlelength": 1.2, "columnspacing": 1.0}
    if figure_legend:
        ax.figure.legend(handles=handles, loc="outside lower center", **legend_kw)
    else:
        from matplotlib.transforms import offset_copy

        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 0),
            bbox_transform=offset_copy(ax.transAxes, fig=ax.figure, y=-30, units="points"),
            **legend_kw,
        )
    return panel


def _diverging_axes(fig: Figure, levels: _Levels, limit: float, missing_limit: float):
    """Main axes and, if the scale has non-substantive levels, a panel on the same unit length."""
    if not levels.missing:
        return fig.add_subplot(), None
    ax, panel = fig.subplots(
        1, 2, sharey=True, gridspec_kw={"width_ratios": [2 * limit, missing_limit]}
    )
    fig.get_layout_engine().set(wspace=0.03)
    return ax, panel


def _item_rows(
    shares: pd.DataFrame, item: str, group: str | None
) -> list[tuple[str | None, list[str]]]:
    """Items in display order, grouped: [(group label or None, [item, ...]), ...]."""
    if group is not None and group in shares.columns and shares[group].nunique() > 1:
        out = []
        for g in _ordered_unique(shares[group]):
            items = _ordered_unique(shares.loc[shares[group] == g, item])
            out.append((str(g), [str(i) for i in items]))
        return out
    return [(None, [str(i) for i in _ordered_unique(shares[item])])]


def _sort_by_net(shares: pd.DataFrame, item: str, sort_by_net) -> pd.DataFrame:
    if sort_by_net is False or sort_by_net is None:
        return shares
    if sort_by_net is True:
        if "net_pct" not in shares.columns:
            raise ValueError(
                "sort_by_net=True needs a 'net_pct' column; pass the likert_summary frame instead"
            )
        net = shares[[item, "net_pct"]].drop_duplicates(item).set_index(item)["net_pct"]
    else:
        summary = pd.DataFrame(sort_by_net)
        _require(summary, ["net_pct"], "sort_by_net")
        key = next((k for k in ("item_id", item, "item") if k in summary and k in shares), None)
        if key is None:
            raise ValueError("sort_by_net frame shares no item column with the shares frame")
        by_key = summary.drop_duplicates(key).set_index(key)["net_pct"]
        net = (
            shares[[item, key]]
            .drop_duplicates(item)
            .set_index(item)[key]
            .map(lambda k: by_key.get(k, float("nan")))
        )
    order = sorted(net.index, key=lambda i: -float(net[i]) if pd.notna(net[i]) else math.inf)
    rank = {str(i): r for r, i in enumerate(order)}
    position = shares[item].astype(str).map(rank)
    return shares.iloc[position.argsort(kind="stable")]


def _layout_rows(groups, label_width: int, gap: float = 1.0):
    """y positions of items and group headings; first item at the top (y = 0)."""
    y = 0.0
    positions: dict[str, float] = {}
    headings: list[tuple[str, float]] = []
    lines = 0
    for g, items in groups:
        if g is not None:
            headings.append((g, y))
            y += gap
        for it in items:
            positions[it] = y
            lines += style.wrap_label(it, label_width).count("\n")
            y += 1.0
        y += 0.3 if g is not None else 0.0
    return positions, headings, y, lines


def _finish_rows(ax, positions, headings, label_width, limit):
    ax.set_yticks(list(positions.values()))
    ax.set_yticklabels([style.wrap_label(k, label_width) for k in positions])
    for label, y in headings:
        ax.text(
            -limit,
            y,
            style.wrap_label(label, 90),
            ha="left",
            va="center",
            fontsize=style.FONT_SIZE,
            fontstyle="italic",
            fontweight="bold",
            color=style.INK,
        )
    top = min([*positions.values(), *(y for _, y in headings)]) - 0.7
    bottom = max(positions.values()) + 0.7
    ax.set_ylim(bottom, top)


def diverging_bars(
    shares: pd.DataFrame,
    *,
    item: str = "short",
    response: str = "response",
    value: str = "share",
    side: str = "side",
    n: str | None = "denominator",
    group: str | None = None,
    sort_by_net: bool | pd.DataFrame = False,
    ax: Axes | None = None,
    title: str | None = None,
    limit: float = 100,
    missing_limit: float = 25,
    label_width: int = style.LABEL_WIDTH,
    annotate_min: float = 6,
) -> Figure:
    """Diverging stacked bars of Likert items, centred on the neutral category.

    Negative levels extend to the left of zero, positive levels to the right;
    the centre level (if the scale has one) straddles zero, half on each side.
    Non-substantive levels ("Not specified", "Don't know") are drawn apart in a
    narrow panel to the right, on the same length per percentage point, so they
    are shown but never mixed into the scale. The axis is fixed (``-limit`` to
    ``limit``) so charts of different waves compare honestly.

    Parameters
    ----------
    shares : DataFrame
        One row per item x response, as returned by
        :func:`lscb_survey.likert.likert_shares`.
    item, response, value, side : str
        Columns holding the item label, the response level (an ordered
        Categorical gives the scale order), the share in percent, and the side of
        the level: "positive", "centre", "negative" or "missing".
    n : str or None
        Column of the item base, shown to the right of each bar; ``None`` hides it.
    group : str, optional
        Column grouping the items (e.g. ``"block"``); each group gets a heading.
    sort_by_net : bool or DataFrame
        ``False`` keeps the frame's order. A frame with ``net_pct`` per item
        (the result of :func:`lscb_survey.likert_summary`) sorts items from the
        highest net score down; ``True`` uses a ``net_pct`` column of ``shares``.
    ax : Axes, optional
        Axes to draw on; the panel of non-substantive levels is added to its right.
    title : str, optional
    limit : float
        Half-width of the axis in percentage points (default 100).
    missing_limit : float
        Length of the non-substantive panel's axis in percentage points.
    label_width : int
        Characters per line of the wrapped item labels.
    annotate_min : float
        Segments at least this wide (percentage points) are labelled with their share.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> from lscb_survey.analysis.likert import likert_shares
    >>> fig = diverging_bars(likert_shares(load_table(7)), group="block")
    >>> [float(x) for x in fig.axes[0].get_xlim()]
    [-100.0, 100.0]
    """
    _require(shares, [item, response, value, side], "diverging_bars")
    if shares.empty:
        raise ValueError("diverging_bars needs at least one row")
    shares = _sort_by_net(shares, item, sort_by_net)
    with style.figure_style():
        levels = _levels(shares, response, side)
        groups = _item_rows(shares, item, group)
        positions, headings, span, lines = _layout_rows(groups, label_width)
        own = ax is None
        panel = None
        if own:
            fig = _new_figure(style.WIDTH_WIDE, 1.7 + _ROW * span + _LINE * lines)
            ax, panel = _diverging_axes(fig, levels, limit, missing_limit)
        fig = ax.figure
        bars = []
        for it, y in positions.items():
            rows = shares[shares[item].astype(str) == it]
            values = dict(zip(rows[response].astype(str), rows[value].astype(float), strict=True))
            right = ""
            if n is not None and n in rows.columns and rows[n].notna().any():
                right = f"n={int(rows[n].dropna().iloc[0])}"
            bars.append(_Bar(y, values, right))
        _draw_diverging(
            ax,
            bars,
            levels,
            height=0.7,
            limit=limit,
            missing_limit=missing_limit,
            annotate_min=annotate_min,
            panel=panel,
            figure_legend=own,
        )
        _finish_rows(ax, positions, headings, label_width, limit)
        if own:
            _suptitle(fig, title)
        elif title:
            ax.set_title(style.wrap_label(title, 95))
    return fig


def paired_diverging_bars(
    shares_a: pd.DataFrame,
    shares_b: pd.DataFrame,
    *,
    labels: tuple[str, str] = ("2012", "wave"),
    item: str = "short",
    response: str = "response",
    value: str = "share",
    side: str = "side",
    n: str | None = "denominator",
    ax: Axes | None = None,
    title: str | None = None,
    limit: float = 100,
    missing_limit: float = 25,
    label_width: int = style.LABEL_WIDTH,
    annotate_min: float = 6,
) -> Figure:
    """Two waves as paired diverging bars per item, on one shared fixed axis.

    Each item gets two bars, the first wave above the second (hatched), drawn
    exactly as :func:`diverging_bars` draws one wave, so bar lengths compare
    directly. Items asked in only one wave get one bar.

    Parameters
    ----------
    shares_a, shares_b : DataFrame
        Shares of the two waves (see :func:`lscb_survey.likert.likert_shares`),
        on the same response scale.
    labels : tuple of two str
        Names of the waves, shown beside each bar.
    item, response, value, side, n, ax, title, limit, missing_limit, label_width, annotate_min
        As for :func:`diverging_bars`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> from lscb_survey.analysis.likert import likert_shares
    >>> s = likert_shares(load_table(9))
    >>> fig = paired_diverging_bars(s, s, labels=("2012", "again"))
    >>> [float(x) for x in fig.axes[0].get_xlim()]
    [-100.0, 100.0]
    """
    for frame in (shares_a, shares_b):
        _require(frame, [item, response, value, side], "paired_diverging_bars")
    both = pd.concat([shares_a, shares_b], ignore_index=True)
    if isinstance(shares_a[response].dtype, pd.CategoricalDtype):
        cats = list(shares_a[response].cat.categories)
        other = shares_b[response]
        if isinstance(other.dtype, pd.CategoricalDtype) and list(other.cat.categories) != cats:
            raise ValueError(
                f"the two waves use different response scales: {cats} and "
                f"{list(other.cat.categories)}"
            )
        both[response] = pd.Categorical(both[response].astype(str), categories=cats, ordered=True)
    with style.figure_style():
        levels = _levels(both, response, side)
        items = [str(i) for i in _ordered_unique(both[item])]
        positions, _, span, lines = _layout_rows([(None, items)], label_width, gap=0)
        offset = 0.21
        own = ax is None
        panel = None
        if own:
            fig = _new_figure(style.WIDTH_WIDE, 1.7 + 1.45 * _ROW * span + _LINE * lines)
            ax, panel = _diverging_axes(fig, levels, limit, missing_limit)
        fig = ax.figure
        bars, hatches = [], {}
        for it, y in positions.items():
            for frame, label, dy in ((shares_a, labels[0], -offset), (shares_b, labels[1], offset)):
                rows = frame[frame[item].astype(str) == it]
                if rows.empty:
                    continue
                values = dict(
                    zip(rows[response].astype(str), rows[value].astype(float), strict=True)
                )
                right = label
                if n is not None and n in rows.columns and rows[n].notna().any():
                    right = f"{label} (n={int(rows[n].dropna().iloc[0])})"
                bars.append(_Bar(y + dy, values, right))
                if dy > 0:
                    hatches[y + dy] = "////"
        _draw_diverging(
            ax,
            bars,
            levels,
            height=0.4,
            limit=limit,
            missing_limit=missing_limit,
            annotate_min=annotate_min,
            hatch=hatches,
            panel=panel,
            figure_legend=own,
        )
        _finish_rows(ax, positions, [], label_width, limit)
        if own:
            _suptitle(fig, title)
        elif title:
            ax.set_title(style.wrap_label(title, 95))
    return fig


# ----------------------------------------------------------------------------- shifts


def _agency_order(frame: pd.DataFrame, column: str) -> list[str]:
    col = frame[column]
    if isinstance(col.dtype, pd.CategoricalDtype):
        present = set(col.astype(str))
        return [str(c) for c in col.cat.categories if str(c) in present]
    return [str(v) for v in _ordered_unique(col.astype(str))]


def _dumbbell_axes(ax: Axes, part: pd.DataFrame, agencies: list[str], measure: str) -> None:
    surveys = _agency_order(part, "survey")
    colours = {s: style.SURVEY_COLOURS.get(s, style.OKABE_ITO["black"]) for s in surveys}
    offsets = {s: (i - (len(surveys) - 1) / 2) * 0.18 for i, s in enumerate(surveys)}
    for y, agency in enumerate(agencies):
        rows = part[part["agency"].astype(str) == agency]
        points = {str(r.survey): r for r in rows.itertuples(index=False) if pd.notna(r.percent)}
        xs = [float(points[s].percent) for s in surveys if s in points]
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
            if s not in points:
                ax.text(
                    1,
                    y + offsets[s],
                    f"not rated in {PERIODS.get(s, s)}",
                    ha="left",
                    va="center",
                    fontsize=style.SMALL_SIZE,
                    color=style.RULE,
                    fontstyle="italic",
                )
                continue
            r = points[s]
            yy = y + offsets[s]
            if pd.notna(r.ci_low) and pd.notna(r.ci_high):
                ax.plot(
                    [float(r.ci_low), float(r.ci_high)],
                    [yy, yy],
                    color=colours[s],
                    linewidth=1.1,
                    zorder=2,
                )
                for end in (float(r.ci_low), float(r.ci_high)):
                    ax.plot([end, end], [yy - 0.07, yy + 0.07], color=colours[s], linewidth=1.1)
            ax.plot(
                float(r.percent),
                yy,
                "o",
                color=colours[s],
                markersize=5.5,
                markeredgecolor="white",
                markeredgewidth=0.6,
                zorder=3,
            )
    ax.set_yticks(range(len(agencies)))
    ax.set_yticklabels(agencies)
    ax.set_ylim(len(agencies) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 20))
    ax.xaxis.grid(True)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.set_title(style.wrap_label(measure, 40), fontsize=style.FONT_SIZE)


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
        :func:`lscb_survey.intervals.shift_intervals`.
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
    _require(
        intervals,
        ["measure", "agency", "survey", "rating", "percent", "ci_low", "ci_high"],
        "shift_dumbbell",
    )
    frame = intervals[intervals["rating"].astype(str) == rating]
    if frame.empty:
        raise ValueError(f"no rows rated {rating!r}")
    all_measures = [str(m) for m in _ordered_unique(frame["measure"])]
    if measure is None:
        measures = all_measures
    elif isinstance(measure, str):
        measures = [measure]
    else:
        measures = [str(m) for m in measure]
    unknown = [m for m in measures if m not in all_measures]
    if unknown:
        raise ValueError(f"unknown measure(s) {unknown}; the frame has {all_measures}")
    if ax is not None and len(measures) != 1:
        raise ValueError("ax= draws a single measure; pass measure=<one measure>")
    agencies = _agency_order(frame, "agency")
    if caption is None:
        caption = intervals.attrs.get("caveat")
    with style.figure_style():
        own = ax is None
        if own:
            k = len(measures)
            fig = _new_figure(
                min(style.WIDTH_WIDE, 3.4 + 2.2 * k) if k > 1 else style.WIDTH_NARROW,
                1.9 + 0.34 * len(agencies) + (0.35 if caption else 0),
            )
            grid = fig.add_gridspec(2, k, height_ratios=[0.28, 0.34 * len(agencies) + 0.6])
            legend_ax = fig.add_subplot(grid[0, :])
            legend_ax.set_axis_off()
            axes = [fig.add_subplot(grid[1, 0])]
            axes += [fig.add_subplot(grid[1, j], sharey=axes[0]) for j in range(1, k)]
            for a in axes[1:]:
                a.tick_params(axis="y", labelleft=False)
        else:
            fig = ax.figure
            axes = [ax]
        for a, m in zip(axes, measures, strict=True):
            _dumbbell_axes(a, frame[frame["measure"].astype(str) == m], agencies, m)
            a.set_xlabel(f"% rated {rating}")
        from matplotlib.lines import Line2D

        surveys = _agency_order(frame, "survey")
        handles = []
        for s in surveys:
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
        if own:
            legend_ax.legend(handles=handles, loc="center left", ncol=len(handles))
            _suptitle(fig, title)
            note = (
                "Lines through dots: 95% Wilson intervals, drawn where the counts behind "
                "the printed percentages could be recovered uniquely."
            )
            if caption:
                note = f"{note}\n{caption}"
            fig.supxlabel(style.wrap_label(note, 135), x=0.01, ha="left", fontsize=style.SMALL_SIZE)
        else:
            axes[0].legend(handles=handles, loc="lower right", fontsize=style.SMALL_SIZE)
            if title:
                axes[0].set_title(title)
    return fig


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
    _require(shifts, ["measure", "agency", "rating", value], "shift_heatmap")
    frame = shifts[shifts["rating"].astype(str) == rating]
    if frame.empty:
        raise ValueError(f"no rows rated {rating!r}")
    measures = [str(m) for m in _ordered_unique(frame["measure"])]
    agencies = _agency_order(frame, "agency")
    grid = [[math.nan] * len(agencies) for _ in measures]
    for r in frame.itertuples(index=False):
        v = getattr(r, value)
        i, j = measures.index(str(r.measure)), agencies.index(str(r.agency))
        grid[i][j] = math.nan if pd.isna(v) else float(v)
    finite = [abs(v) for row in grid for v in row if not math.isnan(v)]
    if limit is None:
        limit = max(10.0, 10 * math.ceil(max(finite, default=10) / 10))
    if caption is None:
        caption = shifts.attrs.get("caveat")
    with style.figure_style():
        import matplotlib as mpl
        import numpy as np
        from matplotlib.colors import Normalize
        from matplotlib.patches import Rectangle

        own = ax is None
        if own:
            fig = _new_figure(
                style.WIDTH_WIDE, 1.8 + 0.42 * len(measures) + (0.4 if caption else 0)
            )
            ax = fig.add_subplot()
        fig = ax.figure
        cmap = mpl.colormaps[style.DIVERGING_CMAP]
        norm = Normalize(vmin=-limit, vmax=limit)
        data = np.ma.masked_invalid(np.array(grid, dtype=float))
        image = ax.imshow(data, cmap=cmap, norm=norm, aspect="auto")
        n_missing = 0
        for i in range(len(measures)):
            for j in range(len(agencies)):
                v = grid[i][j]
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
                    color=_text_colour(colour),
                )
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
        if "table" in frame.columns:
            # a rule between measures of different report tables, labelled on the left
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
        ax.tick_params(which="minor", length=0)
        bar = fig.colorbar(image, ax=ax, shrink=0.85, pad=0.02)
        bar.set_label(f"Change in % rated {rating} (percentage points)")
        bar.outline.set_visible(False)
        if own:
            _suptitle(fig, title)
            notes = []
            if n_missing:
                notes.append(
                    "Hatched cells: no comparison, the agency was not rated in one survey."
                )
            if caption:
                notes.append(caption)
            if notes:
                fig.supxlabel(
                    style.wrap_label(" ".join(notes), 135),
                    x=0.01,
                    ha="left",
                    fontsize=style.SMALL_SIZE,
                )
    return fig


# ----------------------------------------------------------------------------- returns, activities


def _is_missing_label(label: str) -> bool:
    from ..data.scales import normalise_label

    return normalise_label(label) in {"not specified", "don't know", "missing", "unknown"}


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
    _require(frame, [grouping, category, returns, rate], "returns_bars")
    groups = [str(g) for g in _ordered_unique(frame[grouping])]
    sizes = [int((frame[grouping].astype(str) == g).sum()) for g in groups]
    with style.figure_style():
        fig = _new_figure(style.WIDTH_WIDE, 1.1 + 0.27 * sum(sizes) + 0.55 * len(groups))
        axes = fig.subplots(
            len(groups), 2, squeeze=False, gridspec_kw={"height_ratios": sizes}, sharex="col"
        )
        max_returns = max(int(frame[returns].max()), 1)
        for (ax_n, ax_r), g in zip(axes, groups, strict=True):
            part = frame[frame[grouping].astype(str) == g]
            cats = [str(c) for c in part[category]]
            ys = range(len(cats))
            colours = [
                style.MISSING_COLOUR if _is_missing_label(c) else style.BAR_COLOUR for c in cats
            ]
            ax_n.barh(ys, part[returns].astype(float), color=colours, height=0.7)
            for y, r in zip(ys, part.itertuples(index=False), strict=True):
                count = int(getattr(r, returns))
                text = str(count)
                if share in part.columns and pd.notna(getattr(r, share)):
                    text += f" ({int(getattr(r, share))}%)"
                ax_n.text(
                    count + max_returns * 0.015, y, text, va="center", fontsize=style.SMALL_SIZE
                )
            rates = part[rate]
            drawn = rates.astype("Float64").fillna(0).astype(float)
            ax_r.barh(
                [y for y, v in zip(ys, rates, strict=True) if pd.notna(v)],
                [float(v) for v in drawn[rates.notna()]],
                color=[c for c, v in zip(colours, rates, strict=True) if pd.notna(v)],
                height=0.7,
            )
            for y, v in zip(ys, rates, strict=True):
                if pd.isna(v):
                    ax_r.text(
                        1,
                        y,
                        "not given",
                        va="center",
                        fontsize=style.SMALL_SIZE,
                        color=style.RULE,
                        fontstyle="italic",
                    )
                else:
                    ax_r.text(float(v) + 1, y, f"{int(v)}%", va="center", fontsize=style.SMALL_SIZE)
            for a in (ax_n, ax_r):
                a.set_yticks(list(ys))
                a.set_ylim(len(cats) - 0.5, -0.5)
                a.tick_params(axis="y", length=0)
                a.xaxis.grid(True)
                a.set_axisbelow(True)
            ax_n.set_yticklabels(cats)
            ax_r.set_yticklabels([])
            ax_n.set_title(f"Returns by {g.lower()}", fontsize=style.FONT_SIZE)
            ax_r.set_title(f"Response rate by {g.lower()}", fontsize=style.FONT_SIZE)
        axes[-1][0].set_xlim(0, max_returns * 1.25)
        axes[-1][0].set_xlabel("Number of returns (share of all returns)")
        axes[-1][1].set_xlim(0, 100)
        axes[-1][1].set_xlabel("Response rate (%)")
        _suptitle(fig, title)
    return fig


def activities_bars(
    frame: pd.DataFrame,
    *,
    label: str = "activity",
    count: str = "lscbs",
    n: str = "n",
    key: str = "activity_id",
    parent: str = "parent",
    title: str | None = None,
    label_width: int = 52,
) -> Figure:
    """How many LSCBs reported each practice development.

    Each activity is a bar out of its base, drawn as a pale bar behind it: the
    responding LSCBs for a top-level activity, the parent's count for a part of
    one. Parts are listed under their parent, indented and in a lighter colour.

    Parameters
    ----------
    frame : DataFrame
        The result of :func:`lscb_survey.load_activities`.
    label, count, n, key, parent : str
        Column names.
    title : str, optional
    label_width : int
        Characters per line of the wrapped labels.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from lscb_survey import load_activities
    >>> fig = activities_bars(load_activities())
    >>> len(fig.axes[0].get_yticks())
    17
    """
    _require(frame, [label, count, n, key, parent], "activities_bars")
    ids = [str(k) for k in frame[key]]
    parents = {
        str(k): (None if pd.isna(p) else str(p))
        for k, p in zip(frame[key], frame[parent], strict=True)
    }
    unknown = sorted({p for p in parents.values() if p is not None and p not in ids})
    if unknown:
        raise ValueError(f"parent(s) {unknown} are not activities of the frame")
    rows = frame.set_index(frame[key].astype(str))
    order: list[tuple[str, int]] = []

    def visit(k: str, depth: int) -> None:
        order.append((k, depth))
        for child in ids:
            if parents[child] == k:
                visit(child, depth + 1)

    for k in ids:
        if parents[k] is None:
            visit(k, 0)
    with style.figure_style():
        labels = []
        for k, depth in order:
            text = style.wrap_label(str(rows.loc[k, label]), label_width - 4 * depth)
            indent = "    " * depth
            labels.append("\n".join(indent + line for line in text.split("\n")))
        lines = sum(t.count("\n") for t in labels)
        fig = _new_figure(style.WIDTH_WIDE, 1.0 + 0.3 * len(order) + 0.13 * lines)
        ax = fig.add_subplot()
        top_n = max(int(rows[n].max()), 1)
        for y, (k, depth) in enumerate(order):
            base = int(rows.loc[k, n])
            value = int(rows.loc[k, count])
            colour = style.BAR_COLOUR if depth == 0 else style.BAR_COLOUR_LIGHT
            ax.barh(y, base, color="#EEEEEE", height=0.72 if depth == 0 else 0.5)
            ax.barh(y, value, color=colour, height=0.72 if depth == 0 else 0.5)
            ax.text(
                base + top_n * 0.01,
                y,
                f"{value} of {base}",
                va="center",
                fontsize=style.SMALL_SIZE,
                color=style.INK,
            )
        ax.set_yticks(range(len(order)))
        ax.set_yticklabels(labels)
        for tick, (_, depth) in zip(ax.get_yticklabels(), order, strict=True):
            tick.set_horizontalalignment("left")
            if depth:
                tick.set_color(style.RULE)
                tick.set_fontsize(style.SMALL_SIZE + 0.5)
        # left-aligned labels need the pad measured from the label's left edge
        renderer = fig.canvas.get_renderer()
        widest = 0.0
        for t in labels:
            probe = ax.text(0, 0, t, fontsize=style.FONT_SIZE)
            widest = max(widest, probe.get_window_extent(renderer).width)
            probe.remove()
        ax.tick_params(axis="y", length=0, pad=widest * 72 / fig.dpi + 4)
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.set_xlim(0, top_n * 1.12)
        ticks = [t for t in range(0, top_n + 1, 10) if top_n - t >= 5]
        ax.set_xticks([*ticks, top_n])
        ax.xaxis.grid(True)
        ax.set_axisbelow(True)
        ax.set_xlabel(
            f"Number of LSCBs (of {top_n} responding; parts of an activity out of its count)"
        )
        ax.spines["left"].set_visible(False)
        _suptitle(fig, title)
    return fig


# ----------------------------------------------------------------------------- all figures


def make_figures(out_dir: str | Path | None = None) -> list[Path]:
    """Build every figure of the 2012 report and write them as PNG files.

    Parameters
    ----------
    out_dir : path, optional
        Destination folder; defaults to ``figures/`` of the checkout.

    Returns
    -------
    list of Path
        The files written, in the order of :func:`lscb_survey.figures.figure_specs`.
    """
    from .figures import make_figures as _make

    return _make(out_dir)

"""Likert items as diverging stacked bars: one wave, or several waves side by side per item.

Both functions take the tidy shares of :func:`lscb_survey.likert_shares`
and draw them with :func:`.diverging.draw_diverging` on a fixed axis, so charts of
different waves compare honestly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import pandas as pd

from .. import style
from .base import figure_of, new_figure, ordered_unique, require_columns, suptitle
from .diverging import Bar, diverging_axes, draw_diverging, levels_of

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["WAVE_HATCHES", "diverging_bars", "paired_diverging_bars"]

_ROW = 0.36  # inches per bar row
_LINE = 0.15  # inches per extra line of a wrapped label
_Groups = Sequence[tuple[str | None, list[str]]]


def _item_rows(shares: pd.DataFrame, item: str, group: str | None) -> _Groups:
    """Items in display order, grouped: [(group label or None, [item, ...]), ...]."""
    if group is not None and group in shares.columns and shares[group].nunique() > 1:
        out: list[tuple[str | None, list[str]]] = []
        for g in ordered_unique(shares[group]):
            items = ordered_unique(shares.loc[shares[group] == g, item])
            out.append((str(g), [str(i) for i in items]))
        return out
    return [(None, [str(i) for i in ordered_unique(shares[item])])]


def _net_by_item(
    shares: pd.DataFrame, item: str, sort_by_net: Literal[True] | pd.DataFrame
) -> pd.Series:
    """The net score of each item, from ``shares`` itself or from a summary frame."""
    if sort_by_net is True:
        if "net_pct" not in shares.columns:
            raise ValueError(
                "sort_by_net=True needs a 'net_pct' column; pass the likert_summary frame instead"
            )
        return shares[[item, "net_pct"]].drop_duplicates(item).set_index(item)["net_pct"]
    summary = pd.DataFrame(sort_by_net)
    require_columns(summary, ["net_pct"], "sort_by_net")
    key = next((k for k in ("item_id", item, "item") if k in summary and k in shares), None)
    if key is None:
        raise ValueError("sort_by_net frame shares no item column with the shares frame")
    by_key = summary.drop_duplicates(key).set_index(key)["net_pct"]
    return (
        shares[[item, key]]
        .drop_duplicates(item)
        .set_index(item)[key]
        .map(lambda k: by_key.get(k, float("nan")))
    )


def _sort_by_net(
    shares: pd.DataFrame, item: str, sort_by_net: bool | pd.DataFrame | None
) -> pd.DataFrame:
    if sort_by_net is False or sort_by_net is None:
        return shares
    net = _net_by_item(shares, item, sort_by_net)
    scores = {i: math.nan if pd.isna(s) else float(s) for i, s in net.items()}
    order = sorted(net.index, key=lambda i: -scores[i] if not math.isnan(scores[i]) else math.inf)
    rank = {str(i): r for r, i in enumerate(order)}
    position = shares[item].astype(str).map(rank)
    return shares.iloc[position.argsort(kind="stable")]


def _layout_rows(
    groups: _Groups, label_width: int, gap: float = 1.0
) -> tuple[dict[str, float], list[tuple[str, float]], float, int]:
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


def _finish_rows(
    ax: Axes,
    positions: dict[str, float],
    headings: list[tuple[str, float]],
    label_width: int,
    limit: float,
) -> None:
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


def _bar_values(rows: pd.DataFrame, response: str, value: str) -> dict[str, float]:
    return dict(zip(rows[response].astype(str), rows[value].astype(float), strict=True))


def _base(rows: pd.DataFrame, n: str | None) -> int | None:
    """The item base shown beside a bar, if the frame has one."""
    if n is not None and n in rows.columns and rows[n].notna().any():
        return int(rows[n].dropna().iloc[0])
    return None


def _title_axes(fig: Figure, ax: Axes, own: bool, title: str | None) -> None:
    if own:
        suptitle(fig, title)
    elif title:
        ax.set_title(style.wrap_label(title, 95))


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
        :func:`lscb_survey.likert_shares`.
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

    require_columns(shares, [item, response, value, side], "diverging_bars")
    if shares.empty:
        raise ValueError("diverging_bars needs at least one row")
    shares = _sort_by_net(shares, item, sort_by_net)
    with style.figure_style():
        levels = levels_of(shares, response, side)
        groups = _item_rows(shares, item, group)
        positions, headings, span, lines = _layout_rows(groups, label_width)
        own = ax is None
        panel = None
        if ax is None:
            fig = new_figure(style.WIDTH_WIDE, 1.7 + _ROW * span + _LINE * lines)
            ax, panel = diverging_axes(fig, levels, limit, missing_limit)
        fig = figure_of(ax)
        bars = []
        for it, y in positions.items():
            rows = shares[shares[item].astype(str) == it]
            base = _base(rows, n)
            bars.append(
                Bar(y, _bar_values(rows, response, value), "" if base is None else f"n={base}")
            )
        draw_diverging(
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
        _title_axes(fig, ax, own, title)
    return fig


#: Hatch of each wave's bars in :func:`paired_diverging_bars`, first wave plain; repeats.
WAVE_HATCHES: tuple[str, ...] = ("", "////", "....", "\\\\\\\\", "xxxx", "oo")


def _same_scale(frames: Sequence[pd.DataFrame], response: str) -> pd.DataFrame:
    """All waves in one frame, on the first wave's response scale."""
    both = pd.concat(list(frames), ignore_index=True)
    first = frames[0]
    if isinstance(first[response].dtype, pd.CategoricalDtype):
        cats = list(first[response].cat.categories)
        for frame in frames[1:]:
            other = frame[response]
            if isinstance(other.dtype, pd.CategoricalDtype) and list(other.cat.categories) != cats:
                raise ValueError(
                    f"the waves use different response scales: {cats} and "
                    f"{list(other.cat.categories)}"
                )
        both[response] = pd.Categorical(both[response].astype(str), categories=cats, ordered=True)
    return both


def _wave_frames(
    shares_a: pd.DataFrame | Sequence[pd.DataFrame],
    shares_b: pd.DataFrame | None,
    labels: Sequence[str] | None,
) -> tuple[list[pd.DataFrame], list[str]]:
    """The waves' frames and labels from either call form, checked."""
    if isinstance(shares_a, pd.DataFrame):
        if not isinstance(shares_b, pd.DataFrame):
            raise TypeError(
                "paired_diverging_bars takes two shares frames or one sequence of them; "
                f"the second argument is {type(shares_b).__name__}"
            )
        frames = [shares_a, shares_b]
    else:
        if shares_b is not None:
            raise TypeError("pass a sequence of shares frames alone, without a second frame")
        if isinstance(shares_a, str) or not isinstance(shares_a, Sequence):
            raise TypeError(
                f"expected a shares frame or a sequence of them, got {type(shares_a).__name__}"
            )
        frames = list(shares_a)
        wrong = [type(f).__name__ for f in frames if not isinstance(f, pd.DataFrame)]
        if wrong:
            raise TypeError(f"every wave must be a DataFrame of shares; got {wrong[0]}")
    if len(frames) < 2:
        raise ValueError(f"paired_diverging_bars needs at least two waves, got {len(frames)}")
    if labels is None:
        labels = (
            ("2012", "wave") if len(frames) == 2 else [f"wave {k + 1}" for k in range(len(frames))]
        )
    if isinstance(labels, str) or len(labels) != len(frames):
        raise ValueError(f"labels must name each of the {len(frames)} waves, got {labels!r}")
    return frames, [str(x) for x in labels]


def _paired_bars(
    frames: Sequence[pd.DataFrame],
    labels: Sequence[str],
    positions: dict[str, float],
    *,
    item: str,
    response: str,
    value: str,
    n: str | None,
) -> tuple[list[Bar], dict[float, str]]:
    """One bar per wave per item, in wave order from the top, each wave hatched its own way."""
    step = 0.84 / len(frames)
    bars: list[Bar] = []
    hatches: dict[float, str] = {}
    for it, y in positions.items():
        for k, (frame, label) in enumerate(zip(frames, labels, strict=True)):
            rows = frame[frame[item].astype(str) == it]
            if rows.empty:
                continue
            dy = (k - (len(frames) - 1) / 2) * step
            base = _base(rows, n)
            right = label if base is None else f"{label} (n={base})"
            bars.append(Bar(y + dy, _bar_values(rows, response, value), right))
            pattern = WAVE_HATCHES[k % len(WAVE_HATCHES)]
            if pattern:
                hatches[y + dy] = pattern
    return bars, hatches


def paired_diverging_bars(
    shares_a: pd.DataFrame | Sequence[pd.DataFrame],
    shares_b: pd.DataFrame | None = None,
    *,
    labels: Sequence[str] | None = None,
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
    """Two or more waves as grouped diverging bars per item, on one shared fixed axis.

    Each item gets one bar per wave, in wave order from the top, drawn exactly
    as :func:`diverging_bars` draws one wave, so bar lengths compare directly.
    The first wave's bars are plain and each later wave has its own hatch (see
    :data:`WAVE_HATCHES`); every bar is labelled with its wave and base. Items
    asked in only some waves get bars for those waves only.

    Parameters
    ----------
    shares_a : DataFrame or sequence of DataFrame
        Shares of the first wave (see :func:`lscb_survey.likert_shares`), with
        the second wave in ``shares_b``; or the shares of every wave, in time
        order, as one sequence (then ``shares_b`` is not given). All waves must
        be on the same response scale.
    shares_b : DataFrame, optional
        Shares of the second wave, when ``shares_a`` is a single frame.
    labels : sequence of str, optional
        Names of the waves, one per wave, shown beside each bar. By default
        ``("2012", "wave")`` for two waves and ``"wave 1"``, ``"wave 2"``, ...
        for more.
    item, response, value, side, n, ax, title, limit, missing_limit, label_width, annotate_min
        As for :func:`diverging_bars`.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If the waves are not DataFrames, or a sequence is given with ``shares_b``.
    ValueError
        If there are fewer than two waves, the labels do not name each wave, or
        the waves' response scales differ.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> from lscb_survey.analysis.likert import likert_shares
    >>> s = likert_shares(load_table(9))
    >>> fig = paired_diverging_bars(s, s, labels=("2012", "again"))
    >>> [float(x) for x in fig.axes[0].get_xlim()]
    [-100.0, 100.0]
    >>> fig = paired_diverging_bars([s, s, s], labels=("2012", "2014", "2016"))
    >>> sum(t.get_text().startswith("2016") for t in fig.axes[1].texts)  # one per item
    4
    """

    frames, names = _wave_frames(shares_a, shares_b, labels)
    for frame in frames:
        require_columns(frame, [item, response, value, side], "paired_diverging_bars")
    both = _same_scale(frames, response)
    with style.figure_style():
        # _same_scale checked the levels; the waves' codebooks may name that scale differently
        levels = levels_of(both.drop(columns="scale", errors="ignore"), response, side)
        items = [str(i) for i in ordered_unique(both[item])]
        positions, _, span, lines = _layout_rows([(None, items)], label_width, gap=0)
        own = ax is None
        panel = None
        if ax is None:
            row = 1.45 * len(frames) / 2 * _ROW
            fig = new_figure(style.WIDTH_WIDE, 1.7 + row * span + _LINE * lines)
            ax, panel = diverging_axes(fig, levels, limit, missing_limit)
        fig = figure_of(ax)
        bars, hatches = _paired_bars(
            frames, names, positions, item=item, response=response, value=value, n=n
        )
        draw_diverging(
            ax,
            bars,
            levels,
            height=0.8 / len(frames),
            limit=limit,
            missing_limit=missing_limit,
            annotate_min=annotate_min,
            hatch=hatches,
            panel=panel,
            figure_legend=own,
        )
        _finish_rows(ax, positions, [], label_width, limit)
        _title_axes(fig, ax, own, title)
    return fig

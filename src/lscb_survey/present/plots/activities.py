"""Practice developments reported by the LSCBs, as bars out of their bases.

:func:`activities_bars` draws the tidy frame of
:func:`lscb_survey.load_activities`, parts of an activity under their parent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import pandas as pd

from .. import style
from .base import new_figure, require_columns, suptitle

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

__all__ = ["activities_bars"]


def _activity_order(frame: pd.DataFrame, key: str, parent: str) -> list[tuple[str, int]]:
    """Activities depth first, each followed by its parts: [(key, depth), ...]."""
    ids = [str(k) for k in frame[key]]
    parents = {
        str(k): (None if pd.isna(p) else str(p))
        for k, p in zip(frame[key], frame[parent], strict=True)
    }
    unknown = sorted({p for p in parents.values() if p is not None and p not in ids})
    if unknown:
        raise ValueError(f"parent(s) {unknown} are not activities of the frame")
    order: list[tuple[str, int]] = []

    def visit(k: str, depth: int) -> None:
        order.append((k, depth))
        for child in ids:
            if parents[child] == k:
                visit(child, depth + 1)

    for k in ids:
        if parents[k] is None:
            visit(k, 0)
    return order


def _indented_labels(
    texts: dict[str, str], order: list[tuple[str, int]], label_width: int
) -> list[str]:
    labels = []
    for k, depth in order:
        text = style.wrap_label(texts[k], label_width - 4 * depth)
        indent = "    " * depth
        labels.append("\n".join(indent + line for line in text.split("\n")))
    return labels


def _left_aligned_labels(
    fig: Figure, ax: Axes, labels: list[str], order: list[tuple[str, int]]
) -> None:
    """Tick labels aligned on their left edge, parts in a lighter, smaller type."""
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels(labels)
    for tick, (_, depth) in zip(ax.get_yticklabels(), order, strict=True):
        tick.set_horizontalalignment("left")
        if depth:
            tick.set_color(style.RULE)
            tick.set_fontsize(style.SMALL_SIZE + 0.5)
    # left-aligned labels need the pad measured from the label's left edge
    renderer = cast("FigureCanvasAgg", fig.canvas).get_renderer()
    widest = 0.0
    for t in labels:
        probe = ax.text(0, 0, t, fontsize=style.FONT_SIZE)
        widest = max(widest, probe.get_window_extent(renderer).width)
        probe.remove()
    ax.tick_params(axis="y", length=0, pad=widest * 72 / fig.dpi + 4)


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

    require_columns(frame, [label, count, n, key, parent], "activities_bars")
    order = _activity_order(frame, key, parent)
    keys = frame[key].astype(str)
    texts = {k: str(v) for k, v in zip(keys, frame[label], strict=True)}
    bases = {k: int(v) for k, v in zip(keys, frame[n], strict=True)}
    counts = {k: int(v) for k, v in zip(keys, frame[count], strict=True)}
    with style.figure_style():
        labels = _indented_labels(texts, order, label_width)
        lines = sum(t.count("\n") for t in labels)
        fig = new_figure(style.WIDTH_WIDE, 1.0 + 0.3 * len(order) + 0.13 * lines)
        ax = fig.add_subplot()
        top_n = max(int(frame[n].max()), 1)
        for y, (k, depth) in enumerate(order):
            base, value = bases[k], counts[k]
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
        _left_aligned_labels(fig, ax, labels, order)
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
        suptitle(fig, title)
    return fig

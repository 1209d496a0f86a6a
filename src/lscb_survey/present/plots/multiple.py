"""Multi-select questions as horizontal bars: the share choosing each option.

:func:`multiple_bars` draws one question of
:attr:`Wave.multiple <lscb_survey.waves.model.Wave.multiple>` (or any frame
with one row per option and its percentage) as it is: the percentages are
computed when the wave is read, never here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .. import style
from .base import as_float, fmt_pct, new_figure, require_columns, suptitle

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["multiple_bars"]


def multiple_bars(
    data: pd.DataFrame,
    *,
    option: str = "option",
    value: str = "percent",
    count: str | None = "chosen",
    ax: Axes | None = None,
    title: str | None = None,
    xlabel: str = "% of those who answered the question",
    label_width: int = style.LABEL_WIDTH,
) -> Axes:
    """Horizontal bars of one multi-select question, one bar per option in the frame's order.

    Parameters
    ----------
    data : DataFrame
        One row per option (e.g. one question of ``wave.multiple``).
    option, value : str
        Columns of the option's label and of its percentage (0-100).
    count : str or None
        Column of the count shown beside each bar with its percentage
        (``"12 (39%)"``); ``None`` shows the percentage alone.
    ax : Axes, optional
        Axes to draw on; by default a new figure sized to the options.
    title : str, optional
        Title of the figure (of the axes when ``ax`` is given).
    xlabel : str
        Label of the percentage axis, fixed from 0 to 100.
    label_width : int
        Characters per line of the wrapped option labels.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"option": ["Email", "Phone"], "percent": [64.5, 32.3],
    ...                       "chosen": [20, 10]})
    >>> ax = multiple_bars(frame)
    >>> [round(float(p.get_width()), 1) for p in ax.patches], [t.get_text() for t in ax.texts]
    ([64.5, 32.3], ['20 (65%)', '10 (32%)'])
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    require_columns(data, [option, value] + ([count] if count else []), "multiple_bars")
    if data.empty:
        raise ValueError("multiple_bars needs at least one row")
    labels = [style.wrap_label(str(v), label_width) for v in data[option]]
    values = [as_float(v) for v in data[value]]
    with style.figure_style():
        own = ax is None
        if ax is None:
            lines = sum(label.count("\n") + 1 for label in labels)
            ax = new_figure(style.WIDTH_WIDE, 1.4 + 0.3 * lines).add_subplot()
        ys = list(range(len(labels)))
        ax.barh(ys, [0.0 if pd.isna(v) else v for v in values], color=style.BAR_COLOUR, height=0.6)
        counts = list(data[count]) if count else [None] * len(values)
        for y, v, c in zip(ys, values, counts, strict=True):
            if pd.isna(v):
                continue
            text = f"{fmt_pct(v)}%" if c is None or pd.isna(c) else f"{int(c)} ({fmt_pct(v)}%)"
            ax.text(v + 1.5, y, text, va="center", fontsize=style.SMALL_SIZE)
        ax.set_yticks(ys)
        ax.set_yticklabels(labels)
        ax.set_ylim(len(ys) - 0.5, -0.5)
        ax.set_xlim(0, 100)
        ax.set_xlabel(xlabel)
        ax.tick_params(axis="y", length=0)
        ax.xaxis.grid(True)
        ax.set_axisbelow(True)
        if own:
            suptitle(ax.figure, title)  # type: ignore[arg-type]
        elif title:
            ax.set_title(style.wrap_label(title, 95))
    return ax

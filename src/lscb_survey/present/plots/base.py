"""Helpers shared by the plotting modules: figures, titles, labels and column checks.

Nothing here draws data; each helper does one small thing the figure families
(:mod:`.likert`, :mod:`.shifts`, :mod:`.returns`, :mod:`.activities`) all need.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from .. import style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "as_float",
    "category_order",
    "figure_of",
    "fmt_pct",
    "new_figure",
    "ordered_unique",
    "require_columns",
    "suptitle",
    "text_colour",
]


def new_figure(width: float, height: float) -> Figure:
    """A new figure of ``width`` x ``height`` inches with constrained layout.

    Examples
    --------
    >>> fig = new_figure(2, 1)
    >>> [float(x) for x in fig.get_size_inches()]
    [2.0, 1.0]
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    return plt.figure(figsize=(width, height), layout="constrained")


def figure_of(ax: Axes) -> Figure:
    """The figure an axes belongs to (as the plotting functions return it)."""
    return cast("Figure", ax.figure)


def suptitle(fig: Figure, title: str | None) -> None:
    """Set a left-aligned, wrapped, bold figure title; nothing if ``title`` is empty."""
    if title:
        fig.suptitle(
            style.wrap_label(title, 105),
            x=0.01,
            ha="left",
            fontweight="bold",
            fontsize=style.TITLE_SIZE,
        )


def fmt_pct(value: float) -> str:
    """Format a percentage for a label: whole number, halves rounded up.

    Examples
    --------
    >>> fmt_pct(12.5), fmt_pct(12.49)
    ('13', '12')
    """
    return str(math.floor(float(value) + 0.5 + 1e-9))


def require_columns(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise ``ValueError`` naming ``what`` if ``frame`` lacks any of ``columns``.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "f")
    Traceback (most recent call last):
    ...
    ValueError: f needs columns ['b']; the frame has ['a']
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} needs columns {missing}; the frame has {list(frame.columns)}")


def ordered_unique(values: pd.Series) -> list[Any]:
    """Distinct values in order of first appearance.

    Examples
    --------
    >>> ordered_unique(pd.Series(["b", "a", "b"]))
    ['b', 'a']
    """
    return list(dict.fromkeys(values.tolist()))


def category_order(frame: pd.DataFrame, column: str) -> list[str]:
    """Values of ``column`` as strings: category order if Categorical, else first appearance.

    Examples
    --------
    >>> category_order(pd.DataFrame({"s": ["Munro", "Laming", "Munro"]}), "s")
    ['Munro', 'Laming']
    """
    col = frame[column]
    if isinstance(col.dtype, pd.CategoricalDtype):
        present = set(col.astype(str))
        return [str(c) for c in col.cat.categories if str(c) in present]
    return [str(v) for v in ordered_unique(col.astype(str))]


def text_colour(hex_colour: str) -> str:
    """Black or white text, whichever reads better on ``hex_colour``.

    Examples
    --------
    >>> text_colour("#000000")
    'white'
    """
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "white" if luminance < 0.45 else style.INK


def as_float(value: Any) -> float:
    """``value`` as a float, NaN where it is missing (None, NaN, ``pd.NA``).

    Examples
    --------
    >>> as_float(pd.NA), as_float("2.5")
    (nan, 2.5)
    """
    return math.nan if pd.isna(value) else float(value)

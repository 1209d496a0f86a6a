"""Drawing diverging stacked bars: response levels, bar segments, the scale axis and legend.

:func:`draw_diverging` draws prepared :class:`Bar` rows on an axes, centred on
the neutral level, with non-substantive levels in a panel to the right.
:func:`lscb_survey.present.plots.diverging_bars` and
:func:`lscb_survey.present.plots.paired_diverging_bars` build on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from .. import style
from .base import fmt_pct, ordered_unique, text_colour

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["SIDES", "Bar", "Levels", "diverging_axes", "draw_diverging", "levels_of"]

#: Sides of a response level, as :func:`lscb_survey.likert_shares` labels them.
SIDES: tuple[str, ...] = ("positive", "centre", "negative", "missing")


@dataclass(frozen=True)
class Levels:
    """Response levels in scale order with their side and colour."""

    order: list[str]
    side: dict[str, str]
    colour: dict[str, str]

    @property
    def missing(self) -> list[str]:
        """The non-substantive levels, in scale order."""
        return [lv for lv in self.order if self.side[lv] == "missing"]

    def on_side(self, side: str) -> list[str]:
        """The levels on one side (``"positive"``, ``"centre"``, ...), in scale order."""
        return [lv for lv in self.order if self.side[lv] == side]


def _level_order(shares: pd.DataFrame, response: str) -> list[str]:
    col = shares[response]
    present = set(col.astype(str))
    if isinstance(col.dtype, pd.CategoricalDtype):
        return [str(c) for c in col.cat.categories if str(c) in present]
    if "response_order" in shares.columns:
        ranked = shares.sort_values("response_order", kind="stable")[response].astype(str)
        return [str(v) for v in ordered_unique(ranked)]
    return [str(v) for v in ordered_unique(col.astype(str))]


_MAX_LEVELS = 7  # the longest diverging palette (style.scale_colours)


def _require_one_scale(shares: pd.DataFrame) -> None:
    """Refuse the shares of several scales (e.g. Tables 5-10 concatenated)."""
    if "scale" not in shares.columns:
        return
    scales = [str(s) for s in ordered_unique(shares["scale"].dropna())]
    if len(scales) > 1:
        raise ValueError(
            f"the shares hold {len(scales)} scales ({', '.join(scales)}); plot one scale at "
            f"a time, e.g. shares[shares['scale'] == {scales[0]!r}]"
        )


def levels_of(shares: pd.DataFrame, response: str, side: str) -> Levels:
    """The response levels of a shares frame, their sides and colours.

    Parameters
    ----------
    shares : DataFrame
        One row per item x response level.
    response, side : str
        Columns of the level and of its side (one of :data:`SIDES`).

    Returns
    -------
    Levels

    Examples
    --------
    >>> f = pd.DataFrame({"r": ["Yes", "No"], "s": ["positive", "negative"]})
    >>> levels_of(f, "r", "s").order
    ['Yes', 'No']
    """
    _require_one_scale(shares)
    col = shares[response]
    order = _level_order(shares, response)
    sides: dict[str, str] = {}
    for lv, sd in zip(col.astype(str), shares[side].astype(str), strict=True):
        if sd not in SIDES:
            raise ValueError(f"side of {lv!r} is {sd!r}; expected one of {SIDES}")
        if sides.setdefault(lv, sd) != sd:
            raise ValueError(f"response {lv!r} has two sides: {sides[lv]!r} and {sd!r}")
    substantive = [lv for lv in order if sides[lv] != "missing"]
    missing = [lv for lv in order if sides[lv] == "missing"]
    if len(substantive) > _MAX_LEVELS:
        raise ValueError(
            f"{len(substantive)} answer levels ({', '.join(substantive)}) do not form one "
            f"scale of at most {_MAX_LEVELS} levels; plot one scale at a time"
        )
    colours = style.scale_colours(substantive, missing)
    return Levels(order, sides, colours)


@dataclass
class Bar:
    """One bar: its y position, share per response level and a label to its right."""

    y: float
    values: dict[str, float]
    right_label: str = ""


def diverging_axes(
    fig: Figure, levels: Levels, limit: float, missing_limit: float
) -> tuple[Axes, Axes | None]:
    """Main axes and, if the scale has non-substantive levels, a panel on the same unit length."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    if not levels.missing:
        return fig.add_subplot(), None
    ax, panel = fig.subplots(
        1, 2, sharey=True, gridspec_kw={"width_ratios": [2 * limit, missing_limit]}
    )
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(wspace=0.03)
    return ax, panel


def _missing_panel(
    ax: Axes, levels: Levels, limit: float, missing_limit: float, panel: Axes | None
) -> Axes | None:
    """Set up the panel of non-substantive levels (made beside ``ax`` if not given)."""
    missing = levels.missing
    if not missing:
        return None
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
    return panel


@dataclass(frozen=True)
class _Painter:
    """Draws the segments of bars on the scale axes and the panel."""

    ax: Axes
    panel: Axes | None
    levels: Levels
    height: float
    missing_limit: float
    annotate_min: float
    hatch: dict[float, str]

    def segment(self, target: Axes, lv: str, left: float, width: float, y: float) -> None:
        if not width > 0:  # zero or missing
            return
        colour = self.levels.colour[lv]
        target.barh(
            y,
            width,
            left=left,
            height=self.height,
            color=colour,
            edgecolor="white",
            linewidth=0.6,
            hatch=self.hatch.get(y, None),
            label=lv,
        )
        if width >= self.annotate_min and target is self.ax:
            target.text(
                left + width / 2,
                y,
                fmt_pct(width),
                ha="center",
                va="center",
                fontsize=style.SMALL_SIZE,
                color=text_colour(colour),
            )

    def scale(self, bar: Bar, v: dict[str, float]) -> None:
        centre = self.levels.on_side("centre")
        # positive levels are listed most positive first; draw outwards from the centre
        positive = self.levels.on_side("positive")[::-1]
        c_total = sum(v.get(lv, 0.0) for lv in centre)
        x = -c_total / 2
        for lv in centre:
            self.segment(self.ax, lv, x, v.get(lv, 0.0), bar.y)
            x += v.get(lv, 0.0)
        x = -c_total / 2
        for lv in self.levels.on_side("negative"):
            w = v.get(lv, 0.0)
            self.segment(self.ax, lv, x - w, w, bar.y)
            x -= w
        x = c_total / 2
        for lv in positive:
            w = v.get(lv, 0.0)
            self.segment(self.ax, lv, x, w, bar.y)
            x += w

    def missing(self, panel: Axes, bar: Bar, v: dict[str, float]) -> None:
        x = 0.0
        for lv in self.levels.missing:
            w = v.get(lv, 0.0)
            self.segment(panel, lv, x, w, bar.y)
            x += w
        shown = any(not math.isnan(bar.values.get(lv, math.nan)) for lv in self.levels.missing)
        panel.text(
            x + self.missing_limit * 0.03,
            bar.y,
            fmt_pct(x) if shown else "not in base",
            ha="left",
            va="center",
            fontsize=style.SMALL_SIZE,
            color=style.INK,
        )

    def bar(self, bar: Bar) -> None:
        v = {lv: (0.0 if math.isnan(w) else w) for lv, w in bar.values.items()}
        self.scale(bar, v)
        if self.panel is not None:
            self.missing(self.panel, bar, v)
        if bar.right_label:
            target = self.panel if self.panel is not None else self.ax
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


def _scale_axis(ax: Axes, limit: float) -> None:
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


def _scale_legend(ax: Axes, levels: Levels, figure_legend: bool) -> None:
    from matplotlib.patches import Patch
    from matplotlib.transforms import offset_copy

    handles = [
        Patch(facecolor=levels.colour[lv], edgecolor="white", label=lv) for lv in levels.order
    ]
    legend_kw: dict[str, Any] = {
        "ncol": min(len(handles), 6),
        "handlelength": 1.2,
        "columnspacing": 1.0,
    }
    fig = cast("Figure", ax.figure)
    if figure_legend:
        fig.legend(handles=handles, loc="outside lower center", **legend_kw)
    else:
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 0),
            bbox_transform=offset_copy(ax.transAxes, fig=fig, y=-30, units="points"),
            **legend_kw,
        )


def draw_diverging(
    ax: Axes,
    bars: list[Bar],
    levels: Levels,
    *,
    height: float,
    limit: float,
    missing_limit: float,
    annotate_min: float,
    hatch: dict[float, str] | None = None,
    panel: Axes | None = None,
    figure_legend: bool = False,
) -> Axes | None:
    """Draw diverging bars on ``ax`` and missing levels on a panel to its right.

    Parameters
    ----------
    ax : Axes
    bars : list of Bar
        The bars, each with its share per response level.
    levels : Levels
        The scale (from :func:`levels_of`).
    height, limit, missing_limit, annotate_min : float
        Bar height, half-width of the scale axis, length of the panel's axis
        (percentage points) and the narrowest segment that gets a label.
    hatch : dict, optional
        Hatch pattern of the bars at given y positions.
    panel : Axes, optional
        Axes for the non-substantive levels; an inset beside ``ax`` by default.
    figure_legend : bool
        Put the legend under the figure rather than under ``ax``.

    Returns
    -------
    Axes or None
        The panel of non-substantive levels, if the scale has any.
    """
    panel = _missing_panel(ax, levels, limit, missing_limit, panel)
    painter = _Painter(ax, panel, levels, height, missing_limit, annotate_min, hatch or {})
    for bar in bars:
        painter.bar(bar)
    _scale_axis(ax, limit)
    _scale_legend(ax, levels, figure_legend)
    return panel

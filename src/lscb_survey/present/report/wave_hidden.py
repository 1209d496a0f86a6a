"""Figures of the items whose counts are partly hidden in a suppressed wave report.

Each such item is drawn from its published counts only: every published
answer as its share of the item's base ``n`` (a published number), and the
hidden answers together as one segment, "Hidden [c]", set apart with the
non-substantive answers. Its width is ``n`` less the published counts, which
the tables already give, so the figure publishes nothing the tables do not.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ...disclosure import MARKER

if TYPE_CHECKING:  # pragma: no cover
    from ...waves.model import Wave
    from .sections import Figure

__all__ = ["HIDDEN_LEVEL", "hidden_figures", "published_shares"]

#: The response level that stands for an item's hidden answers in its figure.
HIDDEN_LEVEL = f"Hidden {MARKER}"


def published_shares(wave: Wave, overall: pd.DataFrame, items: list[str]) -> pd.DataFrame:
    """Shares of the published answers of ``items``, the hidden ones as one level.

    Parameters
    ----------
    wave : Wave
        The wave (for the structure of its items: labels, blocks, scale sides).
    overall : DataFrame
        The wave's suppressed counts (``suppressed`` marks hidden cells).
    items : list of str
        Items to draw (each with a published cell).

    Returns
    -------
    DataFrame
        The columns of :func:`lscb_survey.likert_shares`, one row per answer
        (a hidden one with ``count`` missing and ``share`` 0, so it is drawn
        with no width) and one :data:`HIDDEN_LEVEL` row per item (side
        "missing", ``count`` missing), with ``share`` (percent of
        ``denominator``) and ``denominator`` (the item's ``n``).
    """
    from ...analysis.likert import likert_shares

    mask = wave.counts["item_id"].astype(str).isin(items).to_numpy()
    structure = likert_shares(wave.counts[mask], codebook=wave.codebook)
    key = ["item_id", "response"]
    published = overall.assign(item_id=overall["item_id"].astype(str))
    published = published.assign(response=published["response"].astype(str))
    flags = published.set_index(key)[["count", "suppressed", "n"]].rename(
        columns={"count": "count_published"}
    )
    structure = structure.assign(
        item_id=structure["item_id"].astype(str), response=structure["response"].astype(str)
    )
    joined = structure.join(flags, on=key)
    rows = []
    for _, part in joined.groupby("item_id", sort=False):
        # every level stays (the palette needs the scale), a hidden one with no width
        shown = part.copy()
        hidden_cells = shown["suppressed"].astype(bool).to_numpy()
        n = int(part["n"].iloc[0])
        shown["count"] = shown["count_published"].astype("Int64").mask(hidden_cells)
        shown["denominator"] = n
        counts = shown["count"].astype("Float64").fillna(0.0).astype(float)
        shown["share"] = counts / n * 100 if n else float("nan")
        hidden = part.iloc[[-1]].copy()
        hidden["response"] = HIDDEN_LEVEL
        hidden["side"] = "missing"
        hidden["substantive"] = False
        hidden["score"] = float("nan")
        hidden["count"] = pd.NA
        hidden["denominator"] = n
        given = int(counts.sum())
        hidden["share"] = (n - given) / n * 100 if n else float("nan")
        rows += [shown, hidden]
    out = pd.concat(rows, ignore_index=True)
    return out[list(structure.columns)]


def hidden_figures(wave: Wave, overall: pd.DataFrame) -> list[Figure]:
    """One figure per table of the items with a hidden count (not withheld), from published counts.

    Returns
    -------
    list of Figure
        Each with its stem, caption, alt text and PNG as a data URI.
    """
    import matplotlib.pyplot as plt

    from ..plots import diverging_bars
    from ..style import save_figure
    from .sections import Figure, data_uri

    hidden = overall["suppressed"].astype(bool)
    per_item = hidden.groupby(overall["item_id"].astype(str), sort=False).agg(["any", "all"])
    items = per_item.index[per_item["any"] & ~per_item["all"]].tolist()
    if not items:
        return []
    shares = published_shares(wave, overall, items)
    figures = []
    for table, part in shares.groupby(shares["table"].astype(str), sort=False):
        what = f"items of Table {table} with hidden counts"
        title = f"{wave.name}: {what} (published answers; hidden answers set apart)"
        apart = part[part["side"] == "missing"].groupby("item_id", sort=False)["share"].sum()
        limit = max(25.0, 5.0 * math.ceil(float(apart.max()) / 5.0) + 5.0)
        fig = diverging_bars(part, group="block", title=title, missing_limit=limit)
        with tempfile.TemporaryDirectory() as tmp:
            png = save_figure(fig, Path(tmp) / "figure.png").read_bytes()
        plt.close(fig)
        alt = _alt(part, what)
        figures.append(Figure(f"figure-table{table}-hidden", title, alt, data_uri(png)))
    return figures


def _alt(part: pd.DataFrame, what: str) -> str:
    """Alt text from the published shares: positive side per item, the hidden segment named."""
    from ..alt_text import describe_values

    n = f"{int(part['denominator'].max())} responding LSCBs"
    labels = {
        str(k): str(v) for k, v in part.groupby("item_id", sort=False)["short"].first().items()
    }
    shown = part["count"].notna() & (part["side"] == "positive")
    positive = part[shown].groupby("item_id", sort=False)["share"].sum()
    pairs = [(labels[str(i)], round(float(v), 1)) for i, v in positive.items()]
    none = [label for i, label in labels.items() if i not in positive.index]
    if not pairs:  # every positive answer hidden: describe the hidden shares instead
        hidden = part[part["response"] == HIDDEN_LEVEL].set_index("item_id")["share"]
        return describe_values(
            f"Diverging bar chart of the published answers per item, {what}; every positive "
            f"answer is hidden, and values are the share of answers hidden ('{HIDDEN_LEVEL}')",
            [(labels[str(i)], round(float(v), 1)) for i, v in hidden.items()],
            n=n,
            unit="%",
        )
    text = describe_values(
        f"Diverging bar chart of the published answers per item, {what}; values are the "
        f"published share on the positive side, and each item's hidden answers are drawn "
        f"together apart from the scale as '{HIDDEN_LEVEL}'",
        pairs,
        n=n,
        unit="%",
    )
    return text + (f" Positive answers all hidden: {', '.join(none)}." if none else "")

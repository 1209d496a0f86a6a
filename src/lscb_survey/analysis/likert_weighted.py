"""Weighted Likert summaries: the rows of a summary when the counts carry weights.

A frame with a ``weighted_count`` column (:func:`~lscb_survey.weighted_counts`,
or ``WeightedWave.weighted_counts``) is weighted: :func:`~lscb_survey.likert_summary`
and :func:`~lscb_survey.likert_shares` then give weighted percentages, mean,
standard deviation and median, with the unweighted counts and bases beside
them. The precision of a weighted share is that of a simple random sample of
the Kish effective size (``n_eff``, or ``n_eff_valid`` on the substantive
base), which the Wilson interval uses in place of ``n``.

Formulas, with ``w_l`` the weighted count of level ``l`` and ``W`` the weighted
base (every respondent, or the substantive answers):

* share of a set of levels ``S``: ``100 * sum(w_l for l in S) / W``;
* mean: ``sum(w_l * score_l) / sum(w_l)`` over substantive levels;
* standard deviation: the weighted variance ``sum(w_l * (score_l - mean)**2) / sum(w_l)``
  times ``n_valid / (n_valid - 1)`` (``n_valid`` unweighted), square-rooted, so it
  equals the unweighted sample standard deviation when all weights are equal;
* median: the first level, from the most negative, at which the cumulative
  weight reaches half the substantive weight (``"low"``) or passes it
  (``"high"``); ``median_split`` when the two differ.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..errors import MissingColumnError
from ..stats.intervals import wilson_bounds
from .arguments import Base
from .likert_input import ItemCounts

__all__ = [
    "WEIGHT_COLUMNS",
    "ItemWeights",
    "is_weighted",
    "item_weights",
    "weighted_record",
    "weighted_shares",
]

#: Columns a weighted frame must carry besides the likert schema.
WEIGHT_COLUMNS: tuple[str, ...] = ("weighted_count", "n_eff", "n_eff_valid")


def is_weighted(frame: pd.DataFrame) -> bool:
    """Whether a tidy likert frame carries weighted counts.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> is_weighted(load_table(7))
    False
    """
    return "weighted_count" in frame.columns


class ItemWeights:
    """Weighted counts by item and level, Kish effective sizes by item.

    Parameters
    ----------
    frame : DataFrame
        A weighted tidy likert frame (see :func:`is_weighted`).

    Attributes
    ----------
    counts : dict of (str, str) to float
        Weighted count of each (item_id, response).
    n_eff : dict of str to dict of str to float
        ``n_eff[base][item_id]``: Kish effective size on ``base``.
    column : str or None
        The weight column named in ``frame.attrs`` (or a ``weight_column`` column).
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        for column in WEIGHT_COLUMNS:
            if column not in frame.columns:
                raise MissingColumnError(
                    "a weighted frame needs the columns of weighted_counts()", column=column
                )
        if frame["weighted_count"].isna().any():
            raise MissingColumnError("weighted counts are missing", column="weighted_count")
        self.counts = {
            (str(i), str(r)): float(w)
            for i, r, w in zip(
                frame["item_id"], frame["response"], frame["weighted_count"], strict=True
            )
        }
        firsts = frame.groupby(frame["item_id"].astype(str), sort=False)[
            ["n_eff", "n_eff_valid"]
        ].first()
        self.n_eff = {
            "respondents": {str(k): float(v) for k, v in firsts["n_eff"].items()},
            "valid": {str(k): float(v) for k, v in firsts["n_eff_valid"].items()},
        }
        named = frame.attrs.get("weight_column")
        self.column = str(named) if named is not None else None

    def of(self, item: ItemCounts) -> dict[str, float]:
        """Weighted count of every category of the item's scale (0 where absent)."""
        return {lv: self.counts.get((item.item_id, lv), 0.0) for lv in item.counts}


def item_weights(frame: pd.DataFrame) -> ItemWeights:
    """The weights of a weighted frame (see :class:`ItemWeights`).

    Examples
    --------
    >>> import pandas as pd
    >>> from lscb_survey import wave_from_responses, weighted_counts
    >>> w = wave_from_responses(pd.DataFrame({"t9_sanctions": ["Agree", "Disagree"]}),
    ...                         items=["t9_sanctions"])
    >>> item_weights(weighted_counts(w, [1.0, 3.0])).counts[("t9_sanctions", "Disagree")]
    3.0
    """
    return ItemWeights(frame)


def _median(levels: list[str], w: dict[str, float], rule: str) -> tuple[str | None, bool]:
    total = sum(w[lv] for lv in levels)
    if total <= 0:
        return None, False
    running = 0.0
    low = high = None
    for level in reversed(levels):  # most negative first
        running += w[level]
        if low is None and running >= total / 2 - 1e-12 * total:
            low = level
        if high is None and running > total / 2 + 1e-12 * total:
            high = level
    assert low is not None and high is not None
    return (low if rule == "low" else high), low != high


def _moments(item: ItemCounts, w: dict[str, float]) -> tuple[float, float]:
    scores = item.scale.score_map
    total = sum(w[lv] for lv in scores)
    if total <= 0:
        return math.nan, math.nan
    mean = sum(w[lv] * s for lv, s in scores.items()) / total
    n = item.n_valid
    if n < 2:
        return mean, math.nan
    var = sum(w[lv] * (s - mean) ** 2 for lv, s in scores.items()) / total
    return mean, math.sqrt(var * n / (n - 1))


def weighted_record(
    item: ItemCounts,
    weights: ItemWeights,
    sides: dict[str, str],
    base: Base,
    level: float,
    median_rule: str,
) -> tuple[dict[str, Any], float | None]:
    """The weighted statistics of one item's summary row, and its top-two share.

    Parameters
    ----------
    item : ItemCounts
        The item's unweighted counts.
    weights : ItemWeights
        The frame's weights.
    sides : dict of str to str
        Side of each level ("positive", "centre", "negative", "missing").
    base, level, median_rule
        As for :func:`~lscb_survey.likert_summary`.

    Returns
    -------
    tuple
        ``(columns, top2)``: the weighted columns of the row (``top2_pct``,
        ``middle_pct``, ``bottom2_pct``, ``net_pct``, ``mean``, ``sd``,
        ``median``, ``median_split``, ``top2_ci_low``, ``top2_ci_high``,
        ``weighted_n``, ``n_eff``) and the top-two proportion used for ranks
        (``None`` when the item has no substantive answer).
    """
    scale = item.scale
    w = weights.of(item)
    in_base = [lv for lv in item.counts if base == "respondents" or scale.is_substantive(lv)]
    denom = sum(w[lv] for lv in in_base)
    valid = item.n_valid > 0 and denom > 0

    def pct(levels: list[str] | tuple[str, ...]) -> float:
        return 100 * sum(w[lv] for lv in levels) / denom if valid else math.nan

    middle = [lv for lv in scale.levels if sides[lv] == "centre"]
    top = sum(w[lv] for lv in scale.top) / denom if valid else math.nan
    n_eff = weights.n_eff[base][item.item_id]
    low, high = wilson_bounds(top, n_eff, level) if valid else (math.nan, math.nan)
    mean, sd = _moments(item, w)
    median, split = _median(list(scale.levels), w, median_rule)
    columns = {
        "top2_pct": pct(scale.top),
        "middle_pct": pct(middle) if middle else math.nan,
        "bottom2_pct": pct(scale.bottom),
        "net_pct": pct(scale.top) - pct(scale.bottom),
        "mean": mean,
        "sd": sd,
        "median": median,
        "median_split": split,
        "top2_ci_low": 100 * low,
        "top2_ci_high": 100 * high,
        "weighted_n": denom,
        "n_eff": n_eff,
    }
    return columns, (top if valid else None)


def weighted_shares(
    item: ItemCounts, weights: ItemWeights, base: Base
) -> dict[str, tuple[float, float, float]]:
    """Per level: weighted count, weighted base and weighted share (percent, NaN outside the base).

    Parameters
    ----------
    item : ItemCounts
    weights : ItemWeights
    base : {"respondents", "valid"}

    Returns
    -------
    dict of str to (float, float, float)
    """
    w = weights.of(item)
    scale = item.scale
    denom = sum(w[lv] for lv in w if base == "respondents" or scale.is_substantive(lv))
    out = {}
    for lv, x in w.items():
        in_base = base == "respondents" or scale.is_substantive(lv)
        defined = denom > 0 and (item.n_valid > 0 or not scale.is_substantive(lv))
        out[lv] = (x, denom, 100 * x / denom if in_base and defined else math.nan)
    return out

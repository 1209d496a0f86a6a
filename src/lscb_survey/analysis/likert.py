"""Summaries of Likert items from their response counts.

:func:`likert_summary` turns any tidy likert frame (Tables 5-10 from
:func:`~lscb_survey.load_table`, or a new wave's counts in the same
schema) into one row per item: shares of the top two, middle and bottom two
scale points, the net share, mean, standard deviation and median on the scale
scores, and a Wilson interval for the top-two share. :func:`likert_shares`
gives one row per item x response with everything a diverging bar chart needs.

Everything is computed from the counts in exact rational arithmetic and
converted to float only at the end; printed percentages are never used.

Scales
------
Each item's scale is named in the frame's ``scale`` column (or, when the frame
has none, looked up by ``item_id`` in the codebook). Names are resolved first in
the ``scales`` mapping, then in the codebook (:func:`~lscb_survey.default_codebook`
unless another is given), so a new wave with its own instrument works either by
passing its :class:`~lscb_survey.Codebook` or a ``{name: Scale}`` mapping.

* *top2* is :attr:`Scale.top <lscb_survey.Scale.top>`, the two most
  positive levels ("Strongly agree" and "Agree"; one level for scales of fewer
  than four levels); *bottom2* is :attr:`Scale.bottom`; *middle* is the
  scale's declared centre level, or the middle level of an odd scale that
  declares none (an even scale has no middle).
* Non-substantive levels ("Not specified", "Don't know") are counted: they are
  in the base when ``base="respondents"`` and out of it when ``base="valid"``.
  They never enter the mean, standard deviation or median.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal

import pandas as pd

from ..data.codebook import Codebook
from ..data.scales import Scale
from ..stats.intervals import wilson_interval
from .arguments import Base, check_base, confidence_level
from .by_group import per_group
from .likert_input import ItemCounts, is_missing, validate_counts
from .likert_weighted import ItemWeights, is_weighted, weighted_record, weighted_shares

__all__ = ["likert_shares", "likert_summary"]

_MEDIAN_RULES = ("low", "high")
_SIDES = ["positive", "centre", "negative", "missing"]


# ----------------------------------------------------------------------------- sides


def _sides(scale: Scale) -> dict[str, str]:
    """Side of each category in a diverging layout.

    Levels before the centre are "positive", after it "negative"; the centre
    level of an odd scale is "centre". For a scale whose centre lies between two
    levels, or which declares none, the first half of the levels is positive and
    the second half negative (an odd scale without a declared centre has its
    middle level as "centre"). Non-substantive levels are "missing".
    """
    levels = scale.levels
    size = len(levels)
    if isinstance(scale.centre, str):
        c = levels.index(scale.centre)
        side = {
            lv: "positive" if i < c else "centre" if i == c else "negative"
            for i, lv in enumerate(levels)
        }
    elif isinstance(scale.centre, tuple):
        c = min(levels.index(x) for x in scale.centre)
        side = {lv: "positive" if i <= c else "negative" for i, lv in enumerate(levels)}
    else:
        side = {}
        for i, lv in enumerate(levels):
            if 2 * i + 1 == size:
                side[lv] = "centre"
            else:
                side[lv] = "positive" if 2 * i + 1 < size else "negative"
    side.update(dict.fromkeys(scale.missing, "missing"))
    return side


# ----------------------------------------------------------------------------- summary


def _pct(part: int, whole: int, valid: bool = True) -> float:
    """``100 * part / whole``, missing when the base is zero or nobody answered on the scale."""
    return float(Fraction(100 * part, whole)) if whole and valid else math.nan


def _median(item: ItemCounts, rule: str) -> tuple[str | None, bool]:
    """Median category of the valid answers and whether the rule decided it."""
    n_valid = item.n_valid
    if n_valid == 0:
        return None, False
    ascending = list(reversed(item.scale.levels))  # most negative first

    def category_at(position: int) -> str:  # 1-based position in ascending order
        running = 0
        for level in ascending:
            running += item.counts[level]
            if running >= position:
                return level
        raise AssertionError("position beyond the valid answers")  # pragma: no cover

    if n_valid % 2 == 1:
        return category_at((n_valid + 1) // 2), False
    low, high = category_at(n_valid // 2), category_at(n_valid // 2 + 1)
    return (low if rule == "low" else high), low != high


def _moments(item: ItemCounts) -> tuple[float, float]:
    """Mean and sample standard deviation (ddof=1) of the scores of valid answers."""
    n_valid = item.n_valid
    if n_valid == 0:
        return math.nan, math.nan
    whole = {lv: int(s) for lv, s in item.scale.score_map.items() if float(s).is_integer()}
    if len(whole) == len(item.scale.score_map):  # whole scores: exact integer sums
        total_i = sum(item.counts[lv] * s for lv, s in whole.items())
        squares_i = sum(item.counts[lv] * s * s for lv, s in whole.items())
        mean_f = float(Fraction(total_i, n_valid))
        if n_valid < 2:
            return mean_f, math.nan
        spread = Fraction(n_valid * squares_i - total_i * total_i, n_valid * (n_valid - 1))
        return mean_f, math.sqrt(spread)
    scores = {lv: Fraction(s) for lv, s in item.scale.score_map.items()}
    total = sum(item.counts[lv] * s for lv, s in scores.items())
    mean = total / n_valid
    if n_valid < 2:
        return float(mean), math.nan
    squares = sum(item.counts[lv] * (s - mean) ** 2 for lv, s in scores.items())
    return float(mean), math.sqrt(squares / (n_valid - 1))


def _wilson(k: int, n: int, level: float) -> tuple[float, float]:
    """Wilson interval of ``k`` out of ``n`` in percent; missing when ``n`` is 0."""
    if n == 0:
        return math.nan, math.nan
    return wilson_interval(k, n, level)


def _summary_record(
    it: ItemCounts, base: Base, level: float, median_rule: str
) -> tuple[dict[str, Any], Fraction | None]:
    """One item's row of :func:`likert_summary` and its exact top-two share."""
    scale = it.scale
    denom = it.n if base == "respondents" else it.n_valid
    top = sum(it.counts[lv] for lv in scale.top)
    bottom = sum(it.counts[lv] for lv in scale.bottom)
    sides = _sides(scale)
    middle_levels = [lv for lv in scale.levels if sides[lv] == "centre"]
    middle = sum(it.counts[lv] for lv in middle_levels)
    mean, sd = _moments(it)
    median, split = _median(it, median_rule)
    valid = it.n_valid > 0  # nobody answered on the scale: every share is undefined
    low, high = _wilson(top, denom, level) if valid else (math.nan, math.nan)
    record = {
        "table": it.table,
        "section": it.section,
        "block": it.block,
        "item_id": it.item_id,
        "item": it.item,
        "short": it.short,
        "scale": scale.name,
        "base": base,
        "n": it.n,
        "n_valid": it.n_valid,
        "n_missing": it.n - it.n_valid,
        "top2_pct": _pct(top, denom, valid),
        "middle_pct": _pct(middle, denom, valid) if middle_levels else math.nan,
        "bottom2_pct": _pct(bottom, denom, valid),
        "net_pct": _pct(top - bottom, denom, valid),
        "mean": mean,
        "sd": sd,
        "median": median,
        "median_split": split,
        "top2_ci_low": low,
        "top2_ci_high": high,
    }
    return record, (Fraction(top, denom) if denom and valid else None)


def likert_summary(
    frame: pd.DataFrame,
    *,
    base: Base = "respondents",
    codebook: Codebook | None = None,
    scales: Mapping[str, Scale] | None = None,
    level: float = 0.95,
    median_rule: Literal["low", "high"] = "low",
    ci: float | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """Summarise each Likert item of a tidy likert frame.

    Parameters
    ----------
    frame : DataFrame
        Tidy likert data, one row per item x response, with columns ``table,
        item_id, item, response, count`` and usually ``scale``, ``n``,
        ``section``, ``block`` (the schema of :func:`~lscb_survey.load_table`
        for Tables 5-10 and of a wave's counts). Levels of the scale with no row
        count as zero; the counts of each item must add up to its ``n`` (when
        ``n`` is absent, ``n`` is their sum).
    base : {"respondents", "valid"}, default "respondents"
        Denominator of the percentages and of the Wilson interval.
        ``"respondents"`` divides by every respondent to the item, including
        non-substantive answers such as "Not specified" (as the report does);
        ``"valid"`` divides by the substantive answers only.
    codebook : Codebook, optional
        Where scale names (and, without a ``scale`` column, items) are looked
        up, and where short labels come from; defaults to the built-in 2012
        codebook.
    scales : mapping of str to Scale, optional
        Extra or overriding scales by name, for an instrument without a codebook.
    level : float, default 0.95
        Confidence level of the Wilson interval.
    median_rule : {"low", "high"}, default "low"
        Which central answer gives the median when the number of valid
        answers is even and the two central answers (ordered from most negative
        to most positive) fall in different categories: ``"low"`` takes the
        less positive one (the low median), ``"high"`` the more positive one.
        The ``median_split`` column flags the items where the rule mattered.
    ci : float, optional
        Former name of ``level``; still accepted, with a ``FutureWarning``.
    by : str, optional
        A group column of ``frame`` (as ``wave.counts_by(by)`` gives): one
        row per group x item, the group first, every statistic (``rank``
        included) computed within the group.

    Returns
    -------
    DataFrame
        One row per item, in the order the items first appear in ``frame``:

        - ``table``, ``section``, ``block``, ``item_id``, ``item``: as in the frame
          (``section``/``block`` missing when the frame lacks them);
        - ``short``: the codebook's short label, else the item label;
        - ``scale``: name of the item's scale; ``base``: the base used;
        - ``n``: respondents to the item; ``n_valid``: substantive answers;
          ``n_missing``: non-substantive answers (``n - n_valid``);
        - ``top2_pct``, ``middle_pct``, ``bottom2_pct``: percentages of the
          base in the top two, centre and bottom two levels (``middle_pct`` is
          missing for an even scale; an odd scale without a declared centre
          uses its middle level); ``net_pct`` =
          ``top2_pct - bottom2_pct`` (computed exactly, then rounded to float);
        - ``mean``, ``sd``: mean and sample standard deviation (``ddof=1``,
          divisor ``n_valid - 1``) of the level scores of the substantive
          answers (2012 scales: 5 = most positive ... 1 = most negative);
          ``sd`` is missing when ``n_valid < 2``;
        - ``median``: the level label of the median substantive answer (see
          ``median_rule``); ``median_split``: True when the two central answers
          of an even count are in different levels;
        - ``top2_ci_low``, ``top2_ci_high``: Wilson score interval for the
          top-two share at confidence ``level``, in percent
          (:func:`~lscb_survey.stats.intervals.wilson_interval`; the same as
          ``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")``);
        - ``rank``: rank of ``top2_pct`` within the table, 1 = highest, ties
          share the lowest rank ("min"); compared exactly.

        With ``by``, the column ``by`` comes first and each group is a block.

        Percentages, ``net_pct``, the interval and ``rank`` are missing where
        the base is zero or the item has no substantive answer (``n_valid``
        0). ``attrs`` records ``base``, ``ci`` (the confidence level),
        ``median_rule`` and ``sd_ddof``.

        A weighted frame (with the ``weighted_count``, ``n_eff`` and
        ``n_eff_valid`` columns of :func:`~lscb_survey.weighted_counts`) gives
        weighted percentages, mean, sd, median, interval (Kish effective size)
        and ranks (:mod:`~lscb_survey.analysis.likert_weighted`), ``n`` and
        ``n_valid`` staying unweighted, and three more columns:
        ``weighted_n`` (weighted base), ``n_eff`` (Kish effective size of the
        base) and ``weight_column`` (the weighting); ``attrs["weighted"]`` is True.

    Raises
    ------
    SurveyDataError
        If a required column is missing, a count is missing, fractional or
        negative, a response is not a level of the item's scale or repeats, an
        item's ``n`` varies between its rows, or its counts do not add up to it.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> s = likert_summary(load_table(7)).set_index("item_id")
    >>> round(float(s.loc["t7_innovation", "top2_pct"]), 3)  # (5 + 42) / 57
    82.456
    >>> row = s.loc["t7_innovation"]
    >>> int(row["n"]), int(row["n_valid"]), row["median"]
    (57, 55, 'Agree')
    >>> v = likert_summary(load_table(7), base="valid").set_index("item_id")
    >>> round(float(v.loc["t7_innovation", "top2_pct"]), 3)  # (5 + 42) / 55
    85.455
    """
    base = check_base(base)
    level = confidence_level(level, ci, function="likert_summary")
    if by is not None:
        return per_group(
            likert_summary, frame, by, base=base, codebook=codebook, scales=scales,
            level=level, median_rule=median_rule,
        )  # fmt: skip
    if median_rule not in _MEDIAN_RULES:
        raise ValueError(f"median_rule must be one of {_MEDIAN_RULES}, got {median_rule!r}")
    items = validate_counts(frame, codebook, scales)
    weights = ItemWeights(frame) if is_weighted(frame) else None
    records = []
    exact_top: list[Fraction | float | None] = []
    for it in items:
        record, top = _summary_record(it, base, level, median_rule)
        if weights is not None:
            weighted, top_w = weighted_record(
                it, weights, _sides(it.scale), base, level, median_rule
            )
            record.update(weighted, weight_column=weights.column)
            exact_top.append(top_w)
            records.append(record)
            continue
        records.append(record)
        exact_top.append(top)
    ranks = _ranks([r["table"] for r in records], exact_top)
    for record, rank in zip(records, ranks, strict=True):
        record["rank"] = rank
    out = pd.DataFrame.from_records(records)
    out = out.astype(
        {
            "n": "int64",
            "n_valid": "int64",
            "n_missing": "int64",
            "median_split": "bool",
            "rank": "Int64",
            "median": "string",
        }
    )
    out.attrs.update({"base": base, "ci": level, "median_rule": median_rule, "sd_ddof": 1})
    if weights is not None:
        out.attrs.update(weighted=True, weight_column=weights.column)
    return out


def _ranks(tables: list[object], values: list[Fraction | float | None]) -> list[int | None]:
    """Rank within table, highest first, ties 'min', compared exactly; None stays None."""
    by_table: dict[object, list[Fraction | float]] = {}
    for table, value in zip(tables, values, strict=True):
        if value is not None:
            by_table.setdefault(_table_key(table), []).append(value)
    ordered = {key: sorted(vals) for key, vals in by_table.items()}
    ranks: list[int | None] = []
    for table, value in zip(tables, values, strict=True):
        if value is None:
            ranks.append(None)
            continue
        vals = ordered[_table_key(table)]
        ranks.append(1 + len(vals) - bisect.bisect_right(vals, value))
    return ranks


def _table_key(table: object) -> object:
    """One key for every missing table value (NaN, None, NA), the value otherwise."""
    return None if is_missing(table) else table


# ----------------------------------------------------------------------------- shares


def likert_shares(
    frame: pd.DataFrame,
    *,
    base: Base = "respondents",
    codebook: Codebook | None = None,
    scales: Mapping[str, Scale] | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """Share of each response of each item, laid out for diverging bar charts.

    Parameters
    ----------
    frame : DataFrame
        Tidy likert data (see :func:`likert_summary`).
    base : {"respondents", "valid"}, default "respondents"
        ``"respondents"``: shares of all respondents, non-substantive levels
        included, summing to 100 over all levels of an item. ``"valid"``:
        shares of the substantive answers, summing to 100 over the substantive
        levels; non-substantive rows are kept with their count and a missing
        share.
    codebook, scales, by
        As for :func:`likert_summary` (with ``by``, one block per group and
        ``item_order`` counted within the group).

    Returns
    -------
    DataFrame
        One row per item x level of the item's scale, every level present
        (levels without a row in ``frame`` have count 0), items in frame order
        and levels in display order (most positive first, then non-substantive):

        - ``table``, ``section``, ``block``, ``item_id``, ``item``;
        - ``short``: the codebook's short label when known, else ``item``;
        - ``item_order``: 0-based position of the item in ``frame``;
        - ``scale``; ``response`` (level label); ``response_order``: 0-based
          position of the level in display order;
        - ``score``: the level's score (missing for non-substantive levels);
        - ``count``; ``denominator``: the base count; ``base``;
        - ``share``: exact percentage ``100 * count / denominator`` as float
          (missing where the level is outside the base or the base is zero,
          and for the substantive levels of an item nobody answered on the
          scale); for a weighted frame (see :func:`likert_summary`) the weighted
          percentage, with two more columns ``weighted_count`` and
          ``weighted_denominator``, ``count`` and ``denominator`` staying unweighted;
        - ``substantive``: whether the level is a point of the scale;
        - ``side``: "positive", "centre", "negative" or "missing" (see below).

        Side: levels before the scale's centre are positive, after it negative,
        the centre of an odd scale is "centre" (a diverging chart usually splits
        it across zero; an odd scale without a declared centre uses its middle
        level); for an even scale the first half is positive and the second
        negative.

    Raises
    ------
    SurveyDataError
        As :func:`likert_summary`.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> sh = likert_shares(load_table(5))
    >>> sh[["response", "count", "side"]].head(3).values.tolist()
    [['Strongly agree', 3, 'positive'], ['Agree', 38, 'positive'], ['Neither agree nor disagree', 8, 'centre']]
    >>> round(float(sh["share"].sum()), 9)
    100.0
    """
    if by is not None:
        return per_group(likert_shares, frame, by, base=base, codebook=codebook, scales=scales)
    base = check_base(base)
    items = validate_counts(frame, codebook, scales)
    weights = ItemWeights(frame) if is_weighted(frame) else None
    records = []
    for order, it in enumerate(items):
        scale = it.scale
        sides = _sides(scale)
        scores = scale.score_map
        denom = it.n if base == "respondents" else it.n_valid
        weighted = weighted_shares(it, weights, base) if weights is not None else {}
        for position, level in enumerate(scale.categories):
            substantive = scale.is_substantive(level)
            in_base = substantive or base == "respondents"
            count = it.counts[level]
            defined = in_base and (it.n_valid > 0 or not substantive)
            records.append(
                {
                    "table": it.table,
                    "section": it.section,
                    "block": it.block,
                    "item_id": it.item_id,
                    "item": it.item,
                    "short": it.short,
                    "item_order": order,
                    "scale": scale.name,
                    "response": level,
                    "response_order": position,
                    "score": float(scores[level]) if substantive else math.nan,
                    "count": count,
                    "denominator": denom,
                    "base": base,
                    "share": _pct(count, denom) if defined else math.nan,
                    "substantive": substantive,
                    "side": sides[level],
                }
            )
            if weighted:
                wc, wd, share = weighted[level]
                records[-1].update(share=share, weighted_count=wc, weighted_denominator=wd)
    out = pd.DataFrame.from_records(records)
    out.attrs["weighted"] = weights is not None
    return out.astype(
        {
            "item_order": "int64",
            "response_order": "int64",
            "count": "int64",
            "denominator": "int64",
            "substantive": "bool",
            "side": pd.CategoricalDtype(_SIDES, ordered=True),
        }
    )

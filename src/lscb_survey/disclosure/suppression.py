"""`suppress`: hide small counts of a tidy table, alone or broken down by group."""

from __future__ import annotations

from typing import Literal, overload

import numpy as np
import pandas as pd

from ..errors import SurveyDataError, TotalMismatchError, UnknownLabelError
from ..stats.rounding import percent_of
from .frames import (
    LIKERT_KEY,
    LIKERT_VALUES,
    RETURNS_KEY,
    RETURNS_VALUES,
    Protection,
    frame_kind,
    positions_by,
    whole,
    whole_counts,
)
from .linked import linked_pattern
from .rules import PRIMARY, row_pattern

__all__ = ["OVERALL", "REASON_COLUMNS", "suppress"]

#: Value of the ``by`` column in the overall rows that ``suppress(..., by=...)`` adds.
OVERALL = "All"
#: Columns of the reasons frame returned with ``return_audit=True``.
REASON_COLUMNS = ("table", "by", "group", "cell", "count", "reason")


@overload
def suppress(
    frame: pd.DataFrame,
    *,
    threshold: int = ...,
    protection: int | tuple[int, int] | None = ...,
    by: str | None = ...,
    secondary: bool = ...,
    return_audit: Literal[False] = ...,
) -> pd.DataFrame: ...
@overload
def suppress(
    frame: pd.DataFrame,
    *,
    threshold: int = ...,
    protection: int | tuple[int, int] | None = ...,
    by: str | None = ...,
    secondary: bool = ...,
    return_audit: Literal[True],
) -> tuple[pd.DataFrame, pd.DataFrame]: ...
def suppress(
    frame: pd.DataFrame,
    *,
    threshold: int = 5,
    protection: int | tuple[int, int] | None = None,
    by: str | None = None,
    secondary: bool = True,
    return_audit: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Hide small counts of a tidy table before it is published.

    Counts from 1 to ``threshold - 1`` are hidden (primary suppression;
    zeros stay published), with everything derived from them. Further cells
    are hidden (secondary suppression) so that each primary count's interval,
    as a reader works it out from everything published, reaches the count
    plus and minus the protection levels; where no set of cells does, the
    whole item (or, by group, the item's rows of the groups concerned) is
    withheld, zeros included. See ``docs/disclosure.md`` for the threat model.

    Parameters
    ----------
    frame : DataFrame
        A tidy likert frame (one row per item x response with ``table,
        item_id, response, count, n``; optional ``weighted_count``,
        ``weighted_percent`` are hidden alongside) or a returns frame (Tables
        1-2: ``table, grouping, category, returns, response_rate,
        share_of_returns``). Several tables may be stacked. With ``by``, a
        likert frame with one block of rows per group (every response level
        in every block, zeros included).
    threshold : int, default 5
        Smallest count that may be published; ``threshold=1`` hides nothing.
    protection : int or (int, int), optional
        Lower and upper protection levels (one int for both); by default the
        threshold.
    by : str, optional
        Column naming the group of each row. Each item's group rows are
        protected together with their bases and with the item's overall
        counts, which are added to the result as rows whose ``by`` value is
        ``"All"`` (publish those, not a separately suppressed overall table).
    secondary : bool, default True
        Add secondary suppression. Only turn it off for a table whose totals
        are not published.
    return_audit : bool, default False
        Also return the reasons frame (not for publication).

    Returns
    -------
    DataFrame, or (DataFrame, DataFrame) with ``return_audit=True``
        A copy of ``frame`` (same rows in the same order, then the overall
        rows with ``by``) in which the value columns of hidden cells are
        missing (likert: ``count`` (``Int64``), ``percent`` and the weighted
        columns; returns: ``returns`` (``Int64``), ``response_rate``,
        ``share_of_returns``), ``suppressed`` (bool) marks them, and returns
        frames gain ``total_returns`` (the published Total). ``attrs``
        records ``threshold``, ``protection`` (lower, upper), ``secondary``,
        ``by``, ``zeros``, ``printed_totals`` and ``withheld`` (the items,
        or (group, item) pairs, whose zeros are hidden too: published).

        The reasons frame has one row per hidden cell: ``table``, ``by`` (the
        group, missing without ``by``), ``group`` (item id, or grouping of a
        returns table), ``cell`` (response or category), ``count`` (the
        hidden value) and ``reason`` ("primary", "secondary" or "withheld").

    Raises
    ------
    SurveyDataError
        If the frame has no counts (Tables 3-4), a count is not a whole
        non-negative number, the frame is already suppressed, an item's
        counts do not add up to its ``n``, or group blocks differ in levels.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> s, why = suppress(load_table(9), threshold=5, return_audit=True)
    >>> s.loc[s.item_id == "t9_sanctions", "count"].tolist()
    [5, <NA>, 5, 16, 6, <NA>]
    >>> why.loc[why.group == "t9_sanctions", ["cell", "count", "reason"]].values.tolist()
    [['Agree', 23, 'secondary'], ['Not specified', 2, 'primary']]
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a DataFrame, got {type(frame).__name__}")
    if by is not None and not isinstance(by, str):
        raise TypeError(f"by must be a column name (str) or None, got {type(by).__name__}")
    prot = Protection.of(threshold, protection)
    if "suppressed" in frame.columns:
        raise SurveyDataError("frame is already suppressed", column="suppressed")
    kind = frame_kind(frame)
    if by is not None:
        if kind != "likert":
            raise ValueError("by= needs a likert frame (item_id, response, count, n)")
        if by not in frame.columns:
            raise ValueError(f"by={by!r} is not a column of the frame")
        frame = _with_overall(frame, by)
    count_col = "count" if kind == "likert" else "returns"
    reasons, totals = _reasons(frame, kind, by, prot, secondary)
    hidden = pd.Series([r is not None for r in reasons], index=frame.index)
    out = frame.copy()
    out[count_col] = out[count_col].astype("Int64")
    for column in LIKERT_VALUES if kind == "likert" else RETURNS_VALUES:
        if column in out.columns:
            if pd.api.types.is_integer_dtype(out[column].dtype):
                out[column] = out[column].astype("Int64")
            out[column] = out[column].mask(hidden)
    out["suppressed"] = hidden.to_numpy()
    if kind == "returns":
        out["total_returns"] = totals
    out.attrs = dict(frame.attrs)
    out.attrs.update(_attrs(frame, kind, by, prot, secondary, reasons))
    if not return_audit:
        return out
    return out, _reason_frame(frame, kind, by, reasons)


def _attrs(frame, kind, by, prot, secondary, reasons) -> dict[str, object]:
    group_col = "item_id" if kind == "likert" else "grouping"
    withheld = sorted(
        {
            (str(frame[by].iloc[i]), str(frame[group_col].iloc[i]))
            if by
            else str(frame[group_col].iloc[i])
            for i, r in enumerate(reasons)
            if r == "withheld"
        }
    )
    return {
        "threshold": prot.threshold,
        "protection": (prot.lower, prot.upper),
        "secondary": secondary,
        "by": by,
        "zeros": "zero counts are published, except in withheld items",
        "printed_totals": (
            "one total per item (the item base n)"
            + (f", per {by} and overall ({OVERALL!r} rows)" if by else "")
            if kind == "likert"
            else "one Total row per returns table (the sum of returns)"
        ),
        "withheld": withheld,
    }


def _reason_frame(frame, kind, by, reasons) -> pd.DataFrame:
    group_col, cell_col, count_col = (
        ("item_id", "response", "count")
        if kind == "likert"
        else ("grouping", "category", "returns")
    )
    rows = [
        {
            "table": frame["table"].iloc[i] if "table" in frame.columns else pd.NA,
            "by": frame[by].iloc[i] if by else pd.NA,
            "group": frame[group_col].iloc[i],
            "cell": str(frame[cell_col].iloc[i]),
            "count": int(frame[count_col].iloc[i]),
            "reason": r,
        }
        for i, r in enumerate(reasons)
        if r is not None
    ]
    return pd.DataFrame.from_records(rows, columns=list(REASON_COLUMNS))


def _reasons(
    frame: pd.DataFrame, kind: str, by: str | None, prot: Protection, secondary: bool
) -> tuple[list[str | None], list[int]]:
    """Reason and group total of every row; checks likert counts against ``n``."""
    key, count_col = (LIKERT_KEY, "count") if kind == "likert" else (RETURNS_KEY, "returns")
    counts = whole_counts(frame, count_col)
    reasons: list[str | None] = [None] * len(frame)
    totals: list[int] = [0] * len(frame)
    mismatches: list[str] = []
    labels = _labels(frame, by)
    bases = frame["n"].tolist() if kind == "likert" and "n" in frame.columns else None
    for rows in positions_by(frame, key):
        blocks = _blocks(labels, rows, by)
        for block in blocks:
            total = sum(counts[i] for i in block)
            if bases is not None:
                n_values = {whole(bases[i]) for i in block}
                if n_values != {total}:
                    item = frame["item_id"].iloc[block[0]]
                    where = f" ({by} {frame[by].iloc[block[0]]})" if by else ""
                    mismatches.append(
                        f"item {item}{where}: counts add up to {total}, n is {n_values}"
                    )
            for i in block:
                totals[i] = total
        grid = [[counts[i] for i in block] for block in blocks]
        for block, why in zip(blocks, _pattern(grid, by, prot, secondary), strict=True):
            for i, reason in zip(block, why, strict=True):
                reasons[i] = reason
    if mismatches:
        raise TotalMismatchError(
            "each item's counts must add up to its n before suppression",
            column="n",
            problems=mismatches,
        )
    return reasons, totals


def _pattern(
    grid: list[list[int]], by: str | None, prot: Protection, secondary: bool
) -> list[list[str | None]]:
    if not secondary:
        return [[PRIMARY if 0 < c < prot.threshold else None for c in row] for row in grid]
    if by is None:
        return [row_pattern(grid[0], prot)]
    return linked_pattern(grid[:-1], row_pattern(grid[-1], prot), prot)


def _labels(frame: pd.DataFrame, by: str | None) -> dict[str, list[str]]:
    """The columns that name blocks and levels, as lists of strings (empty without ``by``)."""
    if by is None:
        return {}
    return {c: frame[c].astype(str).tolist() for c in (by, "response", "item_id")}


def _blocks(labels: dict[str, list[str]], rows: list[int], by: str | None) -> list[list[int]]:
    """Row positions of each group's block of one item (the overall block last), levels checked."""
    if by is None:
        return [rows]
    blocks: dict[str, list[int]] = {}
    for i in rows:
        blocks.setdefault(labels[by][i], []).append(i)
    levels = [labels["response"][i] for i in blocks[OVERALL]]
    for name, block in blocks.items():
        mine = [labels["response"][i] for i in block]
        if mine != levels:
            raise UnknownLabelError(
                f"every {by} block of an item must list the same response levels, zeros included",
                column="response",
                problems=[f"item {labels['item_id'][rows[0]]}, {by} {name}: {mine}"],
            )
    return [b for name, b in blocks.items() if name != OVERALL] + [blocks[OVERALL]]


def _with_overall(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """The frame with each item's overall rows (column sums over the groups) appended."""
    if (frame[by].astype(str) == OVERALL).any():
        raise SurveyDataError(f"{by} already has a group named {OVERALL!r}", column=by)
    whole_counts(frame, "count")
    present = [k for k in LIKERT_KEY if k in frame.columns]
    item = np.array(
        ["\x1f".join(v) for v in zip(*(frame[k].astype(str) for k in present), strict=True)],
        dtype=object,
    )
    cell = item + "\x1e" + frame["response"].astype(str).to_numpy(dtype=object)
    keep = np.flatnonzero(~pd.Series(cell).duplicated().to_numpy())
    order = {key: i for i, key in enumerate(dict.fromkeys(item))}
    keep = keep[np.argsort([order[item[i]] for i in keep], kind="stable")]
    first = frame.iloc[keep].copy()
    sums = frame["count"].astype("int64").groupby(cell, sort=False).sum()
    first["count"] = sums.reindex(cell[keep]).to_numpy()
    items = item[keep]
    first["n"] = first["count"].groupby(items, sort=False).transform("sum").to_numpy()
    if "percent" in first.columns:
        first["percent"] = [
            percent_of(int(c), int(t)) if t else pd.NA
            for c, t in zip(first["count"], first["n"], strict=True)
        ]
    _overall_weighted(first, frame, cell, keep, items)
    out = pd.concat([frame, first], ignore_index=True)
    column = frame[by]
    if isinstance(column.dtype, pd.CategoricalDtype):
        dtype = pd.CategoricalDtype([*column.cat.categories, OVERALL], column.cat.ordered)
        out[by] = pd.Categorical(
            [*column.astype(object), *[OVERALL] * (len(out) - len(frame))], dtype=dtype
        )
    else:
        out[by] = [*column.tolist(), *[OVERALL] * (len(out) - len(frame))]
    out.attrs = dict(frame.attrs)
    return out


def _overall_weighted(
    first: pd.DataFrame, frame: pd.DataFrame, cell: np.ndarray, keep: np.ndarray, items: np.ndarray
) -> None:
    if "weighted_count" not in first.columns:
        return
    sums = frame["weighted_count"].astype(float).groupby(cell, sort=False).sum()
    first["weighted_count"] = sums.reindex(cell[keep]).to_numpy()
    if "weighted_percent" in first.columns:
        total = first["weighted_count"].groupby(items, sort=False).transform("sum")
        first["weighted_percent"] = (first["weighted_count"] / total * 100).where(total != 0)

"""Disclosure control for publishing tables of a survey wave.

A survey of LSCB chairs has one respondent per board, and in a small area a
count of 1 or 2 can point to a named person: in 2012 the South West returned a
single questionnaire (Table 2). :func:`suppress` hides small counts before a
table is published, and :func:`suppression_audit` checks, from the published
values alone, that no hidden count can be worked out again.

Rules
-----
* **Primary suppression.** A count ``c`` with ``1 <= c < threshold`` is hidden.
  Zeros are *not* hidden: a zero says that nobody gave an answer, which
  identifies no one (the exception, a category holding every respondent, is
  group disclosure that cell suppression cannot prevent; see below).
* **What is hidden.** In a hidden cell every value derived from the count is
  set to missing: ``count`` and ``percent`` (and, when present,
  ``weighted_count`` and ``weighted_percent``); for returns tables
  ``returns``, ``response_rate`` and ``share_of_returns``. The flag
  ``suppressed`` and the reason ``suppression`` ("primary" or "secondary") are
  added. The input frame is never modified.
* **Printed totals.** The printed layout (:func:`~lscb_survey.published_layout`)
  shows one linear total per item: the Total column of Tables 7-10 and the
  Total row of Tables 5-6, both equal to the item's base ``n``, which stays
  published. Returns tables (Tables 1-2) print one Total row, the sum of the
  returns of all categories. No column totals across items are printed: items
  share respondents but no printed sum links the cells of different items.
* **Secondary suppression.** With its total printed, a group (an item, or the
  categories of a returns table) with exactly one hidden cell would give that
  cell away as total minus the visible cells. When ``secondary=True`` a
  second cell of the group is hidden as well: the smallest non-zero visible
  count (first in frame order on ties), or a zero cell only when no non-zero
  cell is left. Then every group has no hidden cell or at least two, and the
  hidden cells of a group add up to at least 1, so each of them can be
  anything from 0 to that sum: none is determined by the printed totals and
  non-negativity. :func:`suppression_audit` verifies this for any frame.

Group disclosure (every respondent of an area in one category) and the
disclosure risk of statistics published beside a table (a mean or top-two
share computed from the full counts can undo a suppression) are outside what
cell suppression controls: publish such summaries from unsuppressed data only
when the groups are large.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Integral, Real

import pandas as pd

from .errors import CellFormatError, MissingColumnError, SurveyDataError, TotalMismatchError
from .stats.counts import check_count_range

__all__ = ["MARKER", "suppress", "suppress_comparison", "suppression_audit"]

#: Marker the printed layout shows for a suppressed cell.
MARKER = "*"

_LIKERT_KEY = ("table", "item_id")
_LIKERT_VALUES = ("count", "percent", "weighted_count", "weighted_percent")
_RETURNS_KEY = ("table", "grouping")
_RETURNS_VALUES = ("returns", "response_rate", "share_of_returns")


def _kind(frame: pd.DataFrame) -> str:
    columns = set(frame.columns)
    if {"item_id", "response", "count"} <= columns:
        return "likert"
    if {"category", "returns"} <= columns:
        return "returns"
    if {"measure", "agency", "percent"} <= columns:
        raise SurveyDataError("Tables 3-4 print percentages only: there are no counts to suppress")
    missing = sorted({"item_id", "response", "count"} - columns)
    raise MissingColumnError(
        "suppression needs a tidy likert frame (item_id, response, count, n) or a "
        "returns frame (category, returns)",
        column=missing[0],
    )


def _whole(value: object) -> int | None:
    """The value as a whole non-negative number, or None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Integral):
        number = int(value)
    elif isinstance(value, Real) and not math.isnan(float(value)) and float(value).is_integer():
        number = int(float(value))
    else:
        return None
    return number if number >= 0 else None


def _counts(frame: pd.DataFrame, column: str) -> list[int]:
    values, problems = [], []
    for label, value in zip(frame.index, frame[column], strict=True):
        count = None if pd.isna(value) else _whole(value)
        if count is None:
            problems.append(f"row {label}: {value!r}")
            values.append(0)
        else:
            values.append(count)
    if problems:
        raise CellFormatError(
            "counts must be whole non-negative numbers", column=column, problems=problems
        )
    check_count_range(values, column=column, labels=list(frame.index))
    return values


def _check_threshold(threshold: object) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, Integral) or threshold < 1:
        raise ValueError(f"threshold must be a whole number >= 1, got {threshold!r}")
    return int(threshold)


def _groups(frame: pd.DataFrame, key: Sequence[str]) -> list[list[int]]:
    """Row positions of each group, groups in order of first appearance."""
    present = [k for k in key if k in frame.columns]
    groups: dict[tuple, list[int]] = {}
    for pos, values in enumerate(zip(*(frame[k].astype(str) for k in present), strict=True)):
        groups.setdefault(values, []).append(pos)
    return list(groups.values())


def _pattern(counts: list[int], threshold: int, secondary: bool) -> list[str | None]:
    """Suppression reason of each cell of one group (None: published)."""
    reasons: list[str | None] = ["primary" if 0 < c < threshold else None for c in counts]
    hidden = [i for i, r in enumerate(reasons) if r]
    if secondary and len(hidden) == 1:
        visible = [i for i, r in enumerate(reasons) if r is None]
        if not visible:
            return reasons
        nonzero = [i for i in visible if counts[i] > 0]
        pool = nonzero or visible
        pick = min(pool, key=lambda i: (counts[i], i))
        reasons[pick] = "secondary"
    return reasons


def suppress(frame: pd.DataFrame, *, threshold: int = 5, secondary: bool = True) -> pd.DataFrame:
    """Hide small counts of a tidy table before it is published.

    See the module documentation for the rules: counts from 1 to
    ``threshold - 1`` are hidden (zeros are kept), with everything derived
    from them, and with ``secondary=True`` a second cell is hidden in every
    item (or returns table) that would otherwise have a single hidden cell,
    so no hidden count can be recovered from the printed Total.

    Parameters
    ----------
    frame : DataFrame
        A tidy likert frame (Tables 5-10 or a wave's counts: one row per item x
        response with ``table, item_id, response, count, n``; optional
        ``weighted_count``, ``weighted_percent`` are hidden alongside) or a
        returns frame (Tables 1-2: ``table, grouping, category, returns,
        response_rate, share_of_returns``). Several tables may be stacked.
    threshold : int, default 5
        Smallest count that may be published; ``threshold=1`` hides nothing.
    secondary : bool, default True
        Add secondary suppression. Only turn it off for a table whose totals
        are not published.

    Returns
    -------
    DataFrame
        A copy of ``frame`` with the same rows in the same order, in which:

        - the value columns of hidden cells are missing (likert: ``count``,
          ``percent``, and ``weighted_count``, ``weighted_percent`` if present;
          ``count`` becomes ``Int64``; returns: ``returns`` (``Int64``),
          ``response_rate``, ``share_of_returns``);
        - ``suppressed`` (bool) says which cells are hidden;
        - ``suppression`` (string): "primary" (a count from 1 to
          ``threshold - 1``), "secondary" (hidden to protect a primary cell
          of the same item) or missing;
        - returns frames gain ``total_returns``, the published total of their
          table, so the printed Total row can still be shown.

        ``attrs`` records ``threshold``, ``secondary``, ``zeros`` (the zero
        policy) and ``printed_totals`` (which totals the layout prints).

    Raises
    ------
    SurveyDataError
        If the frame has no counts (Tables 3-4 print percentages only), a
        count is not a whole non-negative number, the frame is already
        suppressed, or an item's counts do not add up to its ``n``.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> s = suppress(load_table(9), threshold=5)
    >>> item = s[s.item_id == "t9_sanctions"]
    >>> item[["count", "suppression"]].values.tolist()  # Not specified: 2, hidden
    [[<NA>, 'secondary'], [23, <NA>], [5, <NA>], [16, <NA>], [6, <NA>], [<NA>, 'primary']]
    >>> t2 = suppress(load_table(2))
    >>> t2.loc[t2.category == "South West", ["returns", "suppressed"]].values.tolist()
    [[<NA>, True]]
    """
    threshold = _check_threshold(threshold)
    if "suppressed" in frame.columns:
        raise SurveyDataError("frame is already suppressed", column="suppressed")
    kind = _kind(frame)
    key: tuple[str, ...]
    value_cols: tuple[str, ...]
    if kind == "likert":
        key, value_cols, count_col = _LIKERT_KEY, _LIKERT_VALUES, "count"
    else:
        key, value_cols, count_col = _RETURNS_KEY, _RETURNS_VALUES, "returns"
    reasons, totals = _reasons(frame, kind, key, count_col, threshold, secondary)
    hidden = pd.Series([r is not None for r in reasons], index=frame.index)
    out = frame.copy()
    out[count_col] = out[count_col].astype("Int64")
    for column in value_cols:
        if column in out.columns:
            if pd.api.types.is_integer_dtype(out[column].dtype):
                out[column] = out[column].astype("Int64")
            out[column] = out[column].mask(hidden)
    out["suppressed"] = hidden.to_numpy()
    out["suppression"] = pd.array(reasons, dtype="string")
    if kind == "returns":
        out["total_returns"] = totals
    out.attrs = dict(frame.attrs)
    out.attrs.update(
        {
            "threshold": threshold,
            "secondary": secondary,
            "zeros": "zero counts are published (not suppressed)",
            "printed_totals": (
                "one total per item (the item base n)"
                if kind == "likert"
                else "one Total row per returns table (the sum of returns)"
            ),
        }
    )
    return out


def _reasons(
    frame: pd.DataFrame,
    kind: str,
    key: Sequence[str],
    count_col: str,
    threshold: int,
    secondary: bool,
) -> tuple[list[str | None], list[int]]:
    """Suppression reason and group total of every row; checks likert counts against ``n``."""
    counts = _counts(frame, count_col)
    reasons: list[str | None] = [None] * len(frame)
    totals: list[int] = [0] * len(frame)
    mismatches = []
    for rows in _groups(frame, key):
        group_counts = [counts[i] for i in rows]
        total = sum(group_counts)
        if kind == "likert" and "n" in frame.columns:
            n_values = {_whole(frame["n"].iloc[i]) for i in rows}
            if n_values != {total}:
                item = frame["item_id"].iloc[rows[0]]
                mismatches.append(f"item {item}: counts add up to {total}, n is {n_values}")
        for i, reason in zip(rows, _pattern(group_counts, threshold, secondary), strict=True):
            reasons[i] = reason
            totals[i] = total
    if mismatches:
        raise TotalMismatchError(
            "each item's counts must add up to its n before suppression",
            column="n",
            problems=mismatches,
        )
    return reasons, totals


def suppression_audit(frame: pd.DataFrame) -> pd.DataFrame:
    """Check, from the published values only, whether any hidden count can be recovered.

    The reader of a suppressed table sees the visible counts and each printed
    total (a likert item's ``n``; a returns table's ``total_returns``). In each
    group the hidden cells must add up to ``hidden_sum = total - visible
    counts``; with non-negativity that pins a hidden cell down exactly when it
    is the only hidden cell of its group, or when ``hidden_sum`` is 0.

    Parameters
    ----------
    frame : DataFrame
        The result of :func:`suppress` (or any frame with its columns).

    Returns
    -------
    DataFrame
        One row per hidden cell: ``table``, ``group`` (item id, or grouping of
        a returns table), ``cell`` (response or category), ``suppression``,
        ``hidden_in_group`` (number of hidden cells sharing the total),
        ``hidden_sum``, ``low`` and ``high`` (the range of values consistent
        with the published numbers) and ``recoverable`` (``low == high``).

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> audit = suppression_audit(suppress(load_table(2)))
    >>> int(len(audit)), bool(audit["recoverable"].any())
    (4, False)
    >>> one_sided = suppression_audit(suppress(load_table(9), secondary=False))
    >>> bool(one_sided["recoverable"].any())
    True
    """
    if "suppressed" not in frame.columns:
        raise MissingColumnError("not a suppressed frame", column="suppressed")
    key: tuple[str, ...]
    if {"item_id", "response"} <= set(frame.columns):
        key, cell_col, count_col, total_col = _LIKERT_KEY, "response", "count", "n"
    else:
        key, cell_col, count_col, total_col = _RETURNS_KEY, "category", "returns", "total_returns"
    for column in (cell_col, count_col, total_col):
        if column not in frame.columns:
            raise MissingColumnError("suppressed frame lacks a column", column=column)
    rows = []
    for positions in _groups(frame, key):
        part = frame.iloc[positions]
        rows += _audit_group(part, key[1], cell_col, count_col, total_col)
    return pd.DataFrame.from_records(rows, columns=list(_AUDIT_COLUMNS))


#: Columns of :func:`suppression_audit`.
_AUDIT_COLUMNS = (
    "table",
    "group",
    "cell",
    "suppression",
    "hidden_in_group",
    "hidden_sum",
    "low",
    "high",
    "recoverable",
)


def _audit_group(
    part: pd.DataFrame, group_col: str, cell_col: str, count_col: str, total_col: str
) -> list[dict[str, object]]:
    """Audit rows of the hidden cells of one group (none if nothing is hidden)."""
    hidden = part["suppressed"].astype(bool).to_numpy()
    if not hidden.any():
        return []
    total = int(part[total_col].iloc[0])
    visible = int(part.loc[~hidden, count_col].astype("Int64").sum())
    hidden_sum = total - visible
    k = int(hidden.sum())
    low, high = (hidden_sum, hidden_sum) if k == 1 else (0, hidden_sum)
    rows: list[dict[str, object]] = []
    for (_, r), is_hidden in zip(part.iterrows(), hidden, strict=True):
        if not is_hidden:
            continue
        rows.append(
            {
                "table": r.get("table"),
                "group": r[group_col],
                "cell": str(r[cell_col]),
                "suppression": r.get("suppression"),
                "hidden_in_group": k,
                "hidden_sum": hidden_sum,
                "low": low,
                "high": high,
                "recoverable": low == high,
            }
        )
    return rows


#: Columns of a comparison row computed from both waves' counts.
_SHARED = ("change_pp", "ci_low", "ci_high", "p_value", "p_adjusted")
_ITEM = ("item_statistic", "item_p_value", "item_p_adjusted")


def suppress_comparison(
    comparison: pd.DataFrame,
    *,
    threshold: int = 5,
    sides: Sequence[str] = ("a", "b"),
    secondary: bool = True,
) -> pd.DataFrame:
    """Hide small counts of one or both waves in a comparison before publishing it.

    The rules of :func:`suppress` are applied to each listed side's counts,
    item by item (the item base ``n_a``/``n_b`` is published, so it is the
    printed total). In a hidden cell everything computed from the count is
    hidden too: the side's ``count`` and ``pct``, and the row's change,
    interval and p-values (each is a function of the count). An item with a
    hidden cell also loses its distribution test (the chi-square statistic
    with the published total would narrow the hidden counts to at most two
    values).

    Parameters
    ----------
    comparison : DataFrame
        The result of :func:`~lscb_survey.compare_waves` with
        ``base="respondents"`` (with ``base="valid"`` the non-substantive
        counts sit outside the published base and the rule would not protect
        them; refused).
    threshold : int, default 5
        Smallest count that may be published.
    sides : sequence of {"a", "b"}, default both
        Which waves to protect; leave out a wave whose counts are already
        published (the 2012 report's).
    secondary : bool, default True
        Add secondary suppression (see :func:`suppress`).

    Returns
    -------
    DataFrame
        A copy of ``comparison`` with hidden values missing and two columns
        added, ``suppressed_a`` and ``suppressed_b`` (bool; always False for a
        side not listed). ``attrs`` gains ``threshold`` and ``suppressed_sides``.

    Examples
    --------
    >>> from lscb_survey import load_table, compare_waves
    >>> c = compare_waves(load_table(9), load_table(9), labels=("2012", "again"))
    >>> s = suppress_comparison(c, sides=["b"])
    >>> int(s["suppressed_b"].sum()), int(s["suppressed_a"].sum())
    (9, 0)
    >>> bool(s.loc[s.suppressed_b, ["count_b", "pct_b", "change_pp"]].isna().all().all())
    True
    """
    threshold = _check_threshold(threshold)
    if comparison.attrs.get("base", "respondents") != "respondents":
        raise ValueError("suppress a comparison made with base='respondents'")
    unknown = set(sides) - {"a", "b"}
    if unknown:
        raise ValueError(f"sides must be 'a' and/or 'b', got {sorted(unknown)}")
    for column in ("item_id", "count_a", "count_b", "n_a", "n_b"):
        if column not in comparison.columns:
            raise MissingColumnError("not a comparison of waves", column=column)
    out = comparison.copy()
    hidden_any = pd.Series(False, index=out.index)
    for side in ("a", "b"):
        if side in sides:
            hidden = _hidden_side(out, side, threshold, secondary)
            for column in (f"count_{side}", f"pct_{side}"):
                if column in out.columns:
                    out[column] = out[column].mask(hidden)
        else:
            hidden = pd.Series(False, index=out.index)
        out[f"suppressed_{side}"] = hidden.to_numpy()
        hidden_any |= hidden
    for column in _SHARED:
        if column in out.columns:
            out[column] = out[column].mask(hidden_any)
    items = set(out.loc[hidden_any, "item_id"])
    touched = out["item_id"].isin(items)
    for column in _ITEM:
        if column in out.columns:
            out[column] = out[column].mask(touched)
    out.attrs = dict(comparison.attrs)
    out.attrs.update({"threshold": threshold, "suppressed_sides": tuple(sides)})
    return out


def _hidden_side(comparison: pd.DataFrame, side: str, threshold: int, secondary: bool) -> pd.Series:
    """Which rows hide the counts of one side ("a" or "b"), item by item."""
    hidden = pd.Series(False, index=comparison.index)
    part = comparison[comparison[f"count_{side}"].notna()]
    for rows in _groups(part, ("item_id",)):
        labels = part.index[rows]
        counts = [int(part[f"count_{side}"].iloc[i]) for i in rows]
        for label, reason in zip(labels, _pattern(counts, threshold, secondary), strict=True):
            hidden[label] = reason is not None
    return hidden

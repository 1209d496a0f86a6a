"""The release check: before a suppressed release is written, the reader's bounds are recomputed.

Everything a release publishes about an item's counts is linear in them: the
published counts, the item base ``n`` (and with a breakdown each group's base
and the overall row), percentages of a published count and its base, and any
sum or mean of published counts with its ``n``. Statistics computed from a
hidden count are not published at all (:mod:`lscb_survey.disclosure.gate`).
So the reader's exact bounds of every hidden cell follow from the published
counts and the totals: for an item alone in closed form, for an item by group
as the largest move of the cell through the hidden cells that keeps every row
total and column sum (:func:`lscb_survey.disclosure.linked.published_reach`).

:func:`check_release` fails closed: a hidden cell the reader can pin down, or
a small count whose bounds fall short of its protection, stops the release
with a :class:`DisclosureError` naming it.
"""

from __future__ import annotations

import pandas as pd

from ..errors import SurveyDataError
from .frames import LIKERT_KEY, RETURNS_KEY, Protection, positions_by
from .linked import published_reach, reach
from .suppression import OVERALL

__all__ = ["DisclosureError", "check_release", "information_lost"]


class DisclosureError(SurveyDataError):
    """A suppressed release would let a reader work out a hidden count; nothing was written."""


def check_release(published: pd.DataFrame, original: pd.DataFrame) -> int:
    """Check a suppressed frame against its original before it is published.

    Parameters
    ----------
    published : DataFrame
        The result of :func:`lscb_survey.suppress` (alone or with ``by``).
    original : DataFrame
        The frame that was suppressed.

    Returns
    -------
    int
        The number of hidden cells checked.

    Raises
    ------
    DisclosureError
        If a hidden cell is determined by what the release publishes (its
        row total is not 0), or a count from 1 to ``threshold - 1`` can be
        bounded closer than its protection levels (capped by its total and,
        in a breakdown, by what any release with the same overall pattern
        allows).

    Examples
    --------
    >>> from lscb_survey import load_table, suppress
    >>> t9 = load_table(9)
    >>> check_release(suppress(t9), t9)
    12
    >>> try:
    ...     check_release(suppress(t9, secondary=False), t9)
    ... except DisclosureError as err:
    ...     print(str(err).splitlines()[1])
      - item t9_sanctions, Not specified
    """
    attrs = published.attrs
    prot = Protection.of(attrs.get("threshold", 1), attrs.get("protection"))
    by = attrs.get("by")
    likert = "item_id" in published.columns
    key, count = (LIKERT_KEY, "count") if likert else (RETURNS_KEY, "returns")
    truth = _with_overall_counts(original, published, by) if by else original[count].astype(int)
    problems: list[str] = []
    checked = 0
    for rows in positions_by(published, key):
        part = published.iloc[rows]
        if not part["suppressed"].any():
            continue
        values = [int(v) for v in truth.iloc[rows]]
        checked += int(part["suppressed"].sum())
        if by:
            problems += _check_grid(part, values, by, prot, attrs)
        else:
            problems += _check_row(part, values, prot, attrs, likert)
    if problems:
        raise DisclosureError(
            "the release would disclose hidden counts; nothing was written", problems=problems
        )
    return checked


def _with_overall_counts(original: pd.DataFrame, published: pd.DataFrame, by: str) -> pd.Series:
    """True counts of the published rows (the overall rows summed from the groups)."""
    counts = list(original["count"].astype(int))
    extra = published.iloc[len(original) :]
    groups = original.assign(
        _k=original["item_id"].astype(str) + "\x1e" + original["response"].astype(str)
    )
    sums = groups.groupby("_k", sort=False)["count"].sum()
    for item, response in zip(extra["item_id"], extra["response"], strict=True):
        counts.append(int(sums[f"{item}\x1e{response}"]))
    return pd.Series(counts, index=range(len(counts)))


def _name(part: pd.DataFrame, position: int, by: str | None, likert: bool = True) -> str:
    row = part.iloc[position]
    what = (
        f"item {row['item_id']}, {row['response']}"
        if likert
        else f"{row['grouping']}, {row['category']}"
    )
    return f"{what} ({by} {row[by]})" if by else what


def _check_row(
    part: pd.DataFrame, values: list[int], prot: Protection, attrs: dict, likert: bool
) -> list[str]:
    group = str(part["item_id" if likert else "grouping"].iloc[0])
    floor = 0 if group in {str(w) for w in attrs.get("withheld", [])} else 1
    hidden = [bool(h) for h in part["suppressed"]]
    total = sum(values)
    rest = sum(v for v, h in zip(values, hidden, strict=True) if h)
    high = rest - floor * (sum(hidden) - 1)
    problems = []
    for j, (v, h) in enumerate(zip(values, hidden, strict=True)):
        if not h or total == 0:
            continue
        need = (max(v - prot.lower, floor), min(v + prot.upper, total))
        if floor >= high or (0 < v < prot.threshold and (floor > need[0] or high < need[1])):
            problems.append(_name(part, j, None, likert))
    return problems


def _check_grid(
    part: pd.DataFrame, values: list[int], by: str, prot: Protection, attrs: dict
) -> list[str]:
    names = [g for g in dict.fromkeys(part[by].astype(str)) if g != OVERALL] + [OVERALL]
    positions = {g: [i for i, b in enumerate(part[by].astype(str)) if b == g] for g in names}
    item = str(part["item_id"].iloc[0])
    withheld_pairs = {(str(g), str(i)) for g, i in attrs.get("withheld", [])}
    hidden = [[bool(part["suppressed"].iloc[i]) for i in positions[g]] for g in names]
    grid = [[values[i] for i in positions[g]] for g in names]
    flags = [(g, item) in withheld_pairs for g in names]
    problems = []
    for row, g in enumerate(names):
        total = sum(grid[row])
        for col, pos in enumerate(positions[g]):
            if not hidden[row][col] or total == 0:
                continue
            v = grid[row][col]
            if _pinned(grid, hidden, flags, (row, col), v, total, prot):
                problems.append(_name(part, pos, by))
    return problems


def _pinned(
    grid: list[list[int]],
    hidden: list[list[bool]],
    flags: list[bool],
    cell: tuple[int, int],
    v: int,
    total: int,
    prot: Protection,
) -> bool:
    """Whether a hidden cell of a breakdown is determined or, if small, short of its protection."""
    row = cell[0]
    if not 0 < v < prot.threshold:
        return not (
            published_reach(grid[:-1], hidden, flags, cell, 1)
            or published_reach(grid[:-1], hidden, flags, cell, -1)
        )
    floor = 0 if flags[row] else 1
    wants = (min(v + prot.upper, total) - v, -(v - max(v - prot.lower, floor)))
    got = [published_reach(grid[:-1], hidden, flags, cell, m) if m else 0 for m in wants]
    if not any(got):
        return True
    for m, g in zip(wants, got, strict=True):
        if g < abs(m) and (
            row == len(grid) - 1 or g < reach(grid[:-1], hidden[-1], row, cell[1], m)
        ):
            return True
    return False


def information_lost(published: pd.DataFrame) -> dict[str, int]:
    """How much a suppressed frame hides, from what it publishes.

    Parameters
    ----------
    published : DataFrame
        The result of :func:`lscb_survey.suppress` (likert, alone or with ``by``).

    Returns
    -------
    dict
        ``cells`` and ``cells_hidden`` (of the item rows alone: the overall
        rows of a breakdown), ``answers_hidden`` (answers in hidden cells: each
        item's base less its published counts, summed), ``items``,
        ``items_with_hidden`` and ``items_withheld``; with ``by`` also
        ``group_cells``, ``group_cells_hidden`` and ``group_rows_withheld``.

    Examples
    --------
    >>> from lscb_survey import load_table, suppress
    >>> information_lost(suppress(load_table(9)))
    {'cells': 24, 'cells_hidden': 12, 'answers_hidden': 105, 'items': 4, 'items_with_hidden': 4, 'items_withheld': 0}
    """
    by = published.attrs.get("by")
    by = by if by in published.columns else None
    is_overall = (
        published[by].astype(str) == OVERALL if by else pd.Series(True, index=published.index)
    )
    overall = published[is_overall.to_numpy()]
    hidden = overall["suppressed"].astype(bool)
    shown = overall["count"].fillna(0).astype(int).groupby(overall["item_id"], sort=False).sum()
    bases = overall.groupby("item_id", sort=False)["n"].first().astype(int)
    withheld = published.attrs.get("withheld", [])
    out = {
        "cells": len(overall),
        "cells_hidden": int(hidden.sum()),
        "answers_hidden": int((bases - shown).sum()),
        "items": int(overall["item_id"].nunique()),
        "items_with_hidden": int(overall.loc[hidden, "item_id"].nunique()),
        "items_withheld": sum(
            1 for w in withheld if not isinstance(w, tuple) or str(w[0]) == OVERALL
        ),
    }
    if by:
        groups = published[~is_overall.to_numpy()]
        out["group_cells"] = len(groups)
        out["group_cells_hidden"] = int(groups["suppressed"].sum())
        out["group_rows_withheld"] = sum(
            1 for w in withheld if isinstance(w, tuple) and str(w[0]) != OVERALL
        )
    return out

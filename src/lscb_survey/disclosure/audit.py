"""`suppression_audit`: what a reader who knows the rules can work out of a suppressed table."""

from __future__ import annotations

from math import comb
from typing import Any

import numpy as np
import pandas as pd

from ..errors import MissingColumnError
from ..stats.protection import feasible_intervals
from .frames import LIKERT_KEY, RETURNS_KEY, Protection, positions_by
from .linked import reach
from .rules import PRIMARY, WITHHELD, compositions, grid_table, row_pattern, row_table
from .suppression import OVERALL, suppress

__all__ = ["AUDIT_COLUMNS", "suppression_audit"]

#: Columns of :func:`suppression_audit`.
AUDIT_COLUMNS = (
    "table",
    "by",
    "group",
    "cell",
    "total",
    "low",
    "high",
    "fills",
    "fill_low",
    "fill_high",
    "determined",
    "count",
    "reason",
    "need_low",
    "need_high",
    "protected",
    "flagged",
)


def suppression_audit(
    frame: pd.DataFrame,
    original: pd.DataFrame | None = None,
    *,
    max_fills: int = 20_000,
) -> pd.DataFrame:
    """Play the informed reader: the interval of every hidden cell from everything published.

    The reader knows the library and the parameters in ``frame.attrs``
    (threshold, protection, ``by``, the withheld items) and sees every
    published column. For each hidden cell the audit computes

    * the LP interval over all published equations: each item's total, and
      with ``by`` each group's base, the column sums linking the groups to
      the overall rows and the grand total; hidden cells are at least 1
      (zeros are published) except in withheld items or rows;
    * for an item alone, when its hidden cells can be filled in at most
      ``max_fills`` ways, the rule-aware range: every fill is run through the
      suppression rule and only fills that give back the published pattern
      are kept.

    With ``original`` (the unsuppressed frame) it also checks each primary
    or withheld cell against its protection targets.

    Parameters
    ----------
    frame : DataFrame
        The result of :func:`~lscb_survey.suppress`.
    original : DataFrame, optional
        The frame that was suppressed (same parameters are used again).
    max_fills : int, default 20000
        Largest number of fills of an item's hidden cells to try.

    Returns
    -------
    DataFrame
        One row per hidden cell: ``table``, ``by`` (the group, missing
        without ``by``), ``group`` (item id or grouping), ``cell`` (response
        or category), ``total`` (its published row total), ``low`` and ``high`` (LP interval; ``high`` may be
        ``inf``), ``fills`` (fills that reproduce the published pattern,
        missing where not enumerated), ``fill_low`` and ``fill_high`` (their
        range), ``determined`` (the LP interval or the fills leave one
        value). With ``original``: ``count`` (the hidden value), ``reason``
        ("primary", "secondary", "withheld"), ``need_low`` and ``need_high``
        (the values the interval must reach; missing for secondary cells),
        ``protected`` (the LP interval reaches them) and ``flagged``
        (determined, or a primary or withheld cell not protected); without
        it those columns are missing and ``flagged`` is ``determined``. A cell
        of a row whose published total is 0 is determined (it is 0) but not
        flagged: it says nothing about anyone. For a likert frame,
        ``attrs["information_lost"]`` measures what suppression hid
        (:func:`lscb_survey.disclosure.release.information_lost`); in a
        breakdown, a group cell's targets are capped by what any release with
        the same overall pattern could reach
        (:func:`lscb_survey.disclosure.linked.reach`).

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> t9 = load_table(9)
    >>> audit = suppression_audit(suppress(t9), t9)
    >>> bool(audit["flagged"].any()), int(audit["fills"].min()) > 1
    (False, True)
    >>> unsafe = suppression_audit(suppress(t9, secondary=False))  # a lone small count
    >>> bool(unsafe["determined"].any())
    True
    """
    for name, value in (("frame", frame), ("original", original)):
        if not (isinstance(value, pd.DataFrame) or (name == "original" and value is None)):
            raise TypeError(
                f"suppression_audit: {name} must be a DataFrame, got {type(value).__name__}"
            )
    if "suppressed" not in frame.columns:
        raise MissingColumnError("not a suppressed frame", column="suppressed")
    likert = {"item_id", "response"} <= set(frame.columns)
    key, cell_col, count_col = (
        (LIKERT_KEY, "response", "count") if likert else (RETURNS_KEY, "category", "returns")
    )
    total_col = "n" if likert else "total_returns"
    for column in (cell_col, count_col, total_col):
        if column not in frame.columns:
            raise MissingColumnError("suppressed frame lacks a column", column=column)
    attrs = frame.attrs
    by = attrs.get("by")
    prot = Protection.of(attrs.get("threshold", 1), attrs.get("protection"))
    withheld = {
        str(w) if not isinstance(w, tuple) else tuple(map(str, w))
        for w in attrs.get("withheld", [])
    }
    rows: list[dict[str, object]] = []
    for positions in positions_by(frame, key):
        part = frame.iloc[positions]
        if not part["suppressed"].any():
            continue
        blocks = _blocks(part, by)
        rows += _audit_item(
            part,
            blocks,
            by,
            key[1],
            cell_col,
            count_col,
            total_col,
            withheld,
            prot,
            attrs,
            max_fills,
        )
    out = pd.DataFrame.from_records(rows, columns=list(AUDIT_COLUMNS))
    if likert:
        from .release import information_lost

        out.attrs["information_lost"] = information_lost(frame)
    if original is not None:
        out = _against_original(out, frame, original, prot, by)
    else:
        out["flagged"] = out["determined"] & (out["total"] > 0)
    return out


def _blocks(part: pd.DataFrame, by: str | None) -> list[pd.DataFrame]:
    if by is None:
        return [part]
    names = list(dict.fromkeys(part[by].astype(str)))
    names = [n for n in names if n != OVERALL] + [OVERALL]
    return [part[part[by].astype(str) == n] for n in names]


def _audit_item(  # noqa: PLR0913
    part: pd.DataFrame,
    blocks: list[pd.DataFrame],
    by: str | None,
    group_col: str,
    cell_col: str,
    count_col: str,
    total_col: str,
    withheld: set[str | tuple[str, ...]],
    prot: Protection,
    attrs: dict[Any, Any],
    max_fills: int,
) -> list[dict[str, object]]:
    """Audit rows of one item's hidden cells."""
    item = str(part[group_col].iloc[0])
    flags = [(str(b[by].iloc[0]), item) in withheld if by else item in withheld for b in blocks]
    placeholders = [
        [0 if h else int(c) for c, h in zip(b[count_col], b["suppressed"], strict=True)]
        for b in blocks
    ]
    bases = [int(b[total_col].iloc[0]) for b in blocks]
    hidden = np.array([bool(h) for b in blocks for h in b["suppressed"]])
    if by is None:
        table = row_table(placeholders[0], flags[0], bases[0])
    else:
        table = grid_table(placeholders[:-1], flags, "reader", bases, placeholders[-1])
    low, high = feasible_intervals(table, hidden)
    fills = None
    if by is None and attrs.get("threshold") is not None:
        fills = _fill_ranges(
            placeholders[0],
            list(hidden),
            bases[0],
            flags[0],
            prot,
            bool(attrs.get("secondary", True)),
            max_fills,
        )
    rows = []
    cells = [r for b in blocks for _, r in b.iterrows()]
    blocks_of = [g for g, b in enumerate(blocks) for _ in range(len(b))]
    for j, r in enumerate(cells):
        if not hidden[j]:
            continue
        n_fills, f_low, f_high = fills[j] if fills else (pd.NA, pd.NA, pd.NA)
        determined = bool(low[j] == high[j]) or (fills is not None and f_low == f_high)
        rows.append(
            {
                "table": r.get("table"),
                "by": r[by] if by else pd.NA,
                "group": item,
                "cell": str(r[cell_col]),
                "total": bases[blocks_of[j]],
                "low": low[j],
                "high": high[j],
                "fills": n_fills,
                "fill_low": f_low,
                "fill_high": f_high,
                "determined": determined,
            }
        )
    return rows


def _fill_ranges(  # noqa: PLR0913
    placeholders: list[int],
    hidden: list[bool],
    total: int,
    withheld: bool,
    prot: Protection,
    secondary: bool,
    max_fills: int,
) -> list[tuple[object, object, object]] | None:
    """Per cell: (fills reproducing the pattern, smallest, largest value); None if too many."""
    idx = [i for i, h in enumerate(hidden) if h]
    floor = 0 if withheld else 1
    free = total - sum(placeholders) - len(idx) * floor
    if free < 0 or comb(free + len(idx) - 1, len(idx) - 1) > max_fills:
        return None
    kept: list[tuple[int, ...]] = []
    for fill in compositions(total - sum(placeholders), len(idx), floor):
        counts = list(placeholders)
        for i, v in zip(idx, fill, strict=True):
            counts[i] = v
        if secondary:
            why = row_pattern(counts, prot)
        else:
            why = [PRIMARY if 0 < c < prot.threshold else None for c in counts]
        if [w is not None for w in why] == list(hidden) and (why[0] == WITHHELD) == withheld:
            kept.append(fill)
    out: list[tuple[object, object, object]] = [(0, pd.NA, pd.NA)] * len(hidden)
    for pos, i in enumerate(idx):
        values = [f[pos] for f in kept]
        out[i] = (len(kept), min(values), max(values)) if values else (0, pd.NA, pd.NA)
    return out


def _against_original(
    out: pd.DataFrame,
    frame: pd.DataFrame,
    original: pd.DataFrame,
    prot: Protection,
    by: str | None,
) -> pd.DataFrame:
    """Add the true counts, reasons and protection targets (suppressing ``original`` again)."""
    attrs = frame.attrs
    again, reasons = suppress(
        original,
        threshold=prot.threshold,
        protection=(prot.lower, prot.upper),
        by=by,
        secondary=bool(attrs.get("secondary", True)),
        return_audit=True,
    )
    if again["suppressed"].tolist() != frame["suppressed"].tolist():
        raise ValueError("frame is not the suppression of original with its recorded parameters")
    known = {
        (str(b) if by else "", str(g), str(c)): (int(n), str(w))
        for b, g, c, n, w in zip(
            reasons["by"],
            reasons["group"],
            reasons["cell"],
            reasons["count"],
            reasons["reason"],
            strict=True,
        )
    }
    found = [
        known[(str(b) if by else "", str(g), str(c))]
        for b, g, c in zip(out["by"], out["group"], out["cell"], strict=True)
    ]
    out["count"] = [c for c, _ in found]
    out["reason"] = [w for _, w in found]
    need_low: list[int | None] = []
    need_high: list[int | None] = []
    protected: list[bool] = []
    caps = _caps(out, frame, original, by)
    for (count, reason), total, low, high, cap in zip(
        found,
        out["total"].tolist(),
        out["low"].tolist(),
        out["high"].tolist(),
        caps,
        strict=True,
    ):
        small = 0 < count < prot.threshold
        if reason == "secondary" or (cap is not None and reason == WITHHELD and not small):
            need_low.append(None)
            need_high.append(None)
            protected.append(True)
            continue
        floor = 0 if reason == WITHHELD else 1
        lo, hi = max(count - prot.lower, floor), min(count + prot.upper, int(total))
        if cap is not None and cap[2] < len(cap[0]):  # a group cell (never an overall one)
            grid, hidden, i, r = cap
            if hi > count:
                hi = count + reach(grid, hidden, i, r, hi - count)
            if lo < count:
                lo = count - reach(grid, hidden, i, r, lo - count)
        need_low.append(lo)
        need_high.append(hi)
        protected.append(bool(float(low) <= lo and float(high) >= hi))
    out["need_low"] = pd.array(need_low, dtype="Int64")
    out["need_high"] = pd.array(need_high, dtype="Int64")
    out["protected"] = protected
    out["flagged"] = (out["determined"] & (out["total"] > 0)) | ~out["protected"]
    return out


def _caps(
    out: pd.DataFrame, frame: pd.DataFrame, original: pd.DataFrame, by: str | None
) -> list[tuple[list[list[int]], list[bool], int, int] | None]:
    """Per audit row of a release by group: (grid, overall pattern, row, answer) for `reach`."""
    if by is None:
        return [None] * len(out)
    grids: dict[str, tuple[list[str], list[str], list[list[int]], list[bool]]] = {}
    for positions in positions_by(original, LIKERT_KEY):
        part = original.iloc[positions]
        item = str(part["item_id"].iloc[0])
        groups = list(dict.fromkeys(part[by].astype(str)))
        cells = list(dict.fromkeys(part["response"].astype(str)))
        grid = [[int(c) for c in part.loc[part[by].astype(str) == g, "count"]] for g in groups]
        mine = frame[(frame["item_id"].astype(str) == item) & (frame[by].astype(str) == OVERALL)]
        grids[item] = (groups, cells, grid, [bool(h) for h in mine["suppressed"]])
    caps: list[tuple[list[list[int]], list[bool], int, int] | None] = []
    for b, item, cell in zip(out["by"], out["group"], out["cell"], strict=True):
        groups, cells, grid, hidden = grids[str(item)]
        row = len(groups) if str(b) == OVERALL else groups.index(str(b))
        caps.append((grid, hidden, row, cells.index(str(cell))))
    return caps

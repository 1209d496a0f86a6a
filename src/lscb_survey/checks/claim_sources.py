"""What a claim refers to: the shares it names, and every count that could lie behind them.

A claim of ``claims.csv`` names items of Tables 5-10, columns of Tables 3-4 or
activities, and some of their response categories. :func:`claim_quantities`
turns it into :class:`Quantity` records (one share each); :class:`Sources`
holds, for every item, column or cell they use, the alternative count vectors
(one for a printed count, every reconstruction for a percent-only column).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pandas as pd

from ..data.claims import split_list
from ..stats.reconstruct import Reconstruction, reconstruct_counts
from .causes import bracket
from .findings import as_int, pct, records
from .tables import PrintedColumn, comparison_columns

__all__ = [
    "Claim",
    "Quantity",
    "Roles",
    "SourceKey",
    "Sources",
    "claim_quantities",
    "count_detail",
]

#: A row of the claims frame (:func:`~lscb_survey.data.claims.load_claims`), as a named tuple.
Claim = Any

#: Names one item, column, cell or activity whose counts a claim uses.
SourceKey = tuple[str | int, ...]


@dataclass
class Quantity:
    """One share a claim refers to: some categories of one item or column.

    ``parts`` are ``(source key, category)``; ``printed_sum`` is the sum of the
    printed percentages of those categories (Tables 3-10), ``printed_count``
    their printed count; ``untestable`` says why the share cannot be tested,
    ``detail`` describes its possible exact values.
    """

    label: str
    parts: list[tuple[SourceKey, str]]
    n: int | None
    printed_sum: int | None
    printed_count: int | None = None
    untestable: str = ""
    detail: str = ""


#: The quantities of a claim by role ("subject", "versus"), one list per context.
Roles = dict[str, list[list[Quantity]]]


def count_detail(counts: Iterable[int], n: int) -> str:
    """``"30/57 = 52.63%"`` for one possible count, a range for several.

    Examples
    --------
    >>> count_detail([30], 57), count_detail([30, 31], 57)
    ('30/57 = 52.63%', '30-31 of 57 (52.63%-54.39%)')
    """
    values = sorted(set(counts))
    if len(values) == 1:
        return f"{values[0]}/{n} = {pct(Fraction(values[0], n))}"
    lo, hi = values[0], values[-1]
    return f"{lo}-{hi} of {n} ({pct(Fraction(lo, n))}-{pct(Fraction(hi, n))})"


_Item = tuple[dict[str, int], dict[str, int | None], int]


class Sources:
    """Alternatives (count reconstructions) of every item, column or cell a claim uses.

    ``alternatives`` maps each source key a quantity uses to its possible
    count vectors (``{category: count}``), filled as quantities are asked for.
    """

    def __init__(
        self, tables: Mapping[int, pd.DataFrame], activities: pd.DataFrame | None, rule: str
    ) -> None:
        self.tables = tables
        self.activities = activities
        self.rule = rule
        self.alternatives: dict[SourceKey, list[dict[str, int]]] = {}
        self._columns: dict[int, dict[tuple[int, str, str, str], PrintedColumn]] = {}
        self._recs: dict[tuple[int, str, str, str], Reconstruction] = {}
        self._items: dict[int, dict[str, _Item]] = {}

    def likert(self, table: int, item_id: str, categories: list[str]) -> Quantity:
        """The share of ``categories`` of a Tables 5-10 item (its counts are printed)."""
        frame = self.tables.get(table)
        label = f"{item_id}"
        if frame is None:
            return Quantity(label, [], None, None, untestable=f"Table {table} not given")
        if table not in self._items:
            self._items[table] = {}
            for r in records(frame[["item_id", "response", "count", "percent", "n"]]):
                entry = self._items[table].setdefault(str(r.item_id), ({}, {}, int(r.n)))
                entry[0][str(r.response)] = int(r.count)
                entry[1][str(r.response)] = as_int(r.percent)
        if item_id not in self._items[table]:
            return Quantity(label, [], None, None, untestable=f"{item_id} not in Table {table}")
        counts, percents, n = self._items[table][item_id]
        key: SourceKey = ("likert", table, item_id)
        self.alternatives[key] = [counts]
        missing = [c for c in categories if c not in counts]
        if missing:
            return Quantity(label, [], None, None, untestable=f"{item_id} has no {missing}")
        printed = [percents[c] for c in categories]
        return Quantity(
            label,
            [(key, c) for c in categories],
            n,
            None if any(p is None for p in printed) else sum(p for p in printed if p is not None),
            sum(counts[c] for c in categories),
        )

    def column(
        self, table: int, measure: str, agency: str, survey: str, categories: list[str]
    ) -> Quantity:
        """The share of ``categories`` of a Tables 3-4 column, over its reconstructions."""
        label = f"{agency} ({survey}, {measure})"
        frame = self.tables.get(table)
        if frame is None:
            return Quantity(label, [], None, None, untestable=f"Table {table} not given")
        key = (table, measure, agency, survey)
        if table not in self._columns:
            self._columns[table] = {
                (c.table, c.measure, c.agency, c.survey): c for c in comparison_columns(frame)
            }
        col = self._columns[table].get(key)
        if col is None:
            return Quantity(label, [], None, None, untestable="no such column")
        n, printed = col.n, dict(col.rows)
        shown = [printed.get(c) for c in categories]
        if any(p is None for p in shown):
            return Quantity(label, [], n, None, untestable="not printed (not asked)")
        psum = sum(p for p in shown if p is not None)
        values = [p for p in col.printed if p is not None]
        if len(values) < len(col.rows):
            return Quantity(label, [], n, psum, untestable="column incomplete")
        if key not in self._recs:
            self._recs[key] = reconstruct_counts(values, n, self.rule)
        rec = self._recs[key]
        if rec.status != "infeasible":
            ckey: SourceKey = ("column", *key)
            self.alternatives[ckey] = [dict(zip(col.labels, s, strict=True)) for s in rec.solutions]
            sums = [sum(a[c] for c in categories) for a in self.alternatives[ckey]]
            return Quantity(
                label, [(ckey, c) for c in categories], n, psum, detail=count_detail(sums, n)
            )
        return self._cells(label, key, col, rec, categories, psum)

    def _cells(
        self,
        label: str,
        key: tuple[int, str, str, str],
        col: PrintedColumn,
        rec: Reconstruction,
        categories: list[str],
        psum: int,
    ) -> Quantity:
        """An infeasible column: each cell's own counts, judged alone."""
        parts: list[tuple[SourceKey, str]] = []
        lo, hi, n = 0, 0, col.n
        note = "column infeasible: cells judged alone"
        for c in categories:
            iv = rec.intervals[col.labels.index(c)]
            note = "column infeasible: cells judged alone"
            if iv is None:
                # an impossible percentage: try the counts either side of it
                p = rec.percents[col.labels.index(c)]
                ks = [k for k in bracket(p, n) if k is not None]
                note = f"{p}% is impossible for N={n}: the counts either side are tried"
            else:
                ks = list(range(iv[0], iv[1] + 1))
            ckey: SourceKey = ("cell", *key, c)
            self.alternatives[ckey] = [{c: k} for k in ks]
            parts.append((ckey, c))
            lo, hi = lo + min(ks), hi + max(ks)
        detail = count_detail(range(lo, hi + 1), n) + f" ({note})"
        return Quantity(label, parts, n, psum, detail=detail)

    def activity(self, activity_id: str) -> Quantity:
        """The count of LSCBs reporting an activity, out of the activities' base."""
        frame = self.activities
        if frame is None:
            return Quantity(activity_id, [], None, None, untestable="activities not given")
        rows = frame[frame["activity_id"].astype(str) == activity_id]
        if rows.empty:
            return Quantity(activity_id, [], None, None, untestable="unknown activity")
        count, n = int(rows["lscbs"].iloc[0]), int(rows["n"].iloc[0])
        key: SourceKey = ("activity", activity_id)
        self.alternatives[key] = [{"lscbs": count}]
        return Quantity(activity_id, [(key, "lscbs")], n, None, count)


def claim_quantities(claim: Claim, sources: Sources) -> tuple[Roles, list[str]]:
    """Subject and versus quantities per context, keyed by role, and the contexts' names."""
    table = claim.table
    cats = split_list(claim.categories)
    if table == "activities":
        subj = [sources.activity(a) for a in split_list(claim.item_id)]
        vers = [sources.activity(a) for a in split_list(claim.versus)]
        return {"subject": [subj], "versus": [vers]}, []
    table = int(table)
    if table in (3, 4):
        return _column_quantities(claim, table, cats, sources)
    subj = [sources.likert(table, i, cats) for i in split_list(claim.item_id)]
    if claim.kind == "comparison":
        vers = [sources.likert(table, i, cats) for i in split_list(claim.versus)]
        return {"subject": [subj], "versus": [vers]}, []
    return {"subject": [subj]}, []


def _column_quantities(
    claim: Claim, table: int, cats: list[str], sources: Sources
) -> tuple[Roles, list[str]]:
    """Quantities of a Tables 3-4 claim: compared along ``compare_on`` in every other context."""
    dims = {
        "measure": split_list(claim.measure),
        "agency": split_list(claim.agency),
        "survey": split_list(claim.survey),
    }
    on = claim.compare_on if claim.kind == "comparison" else None
    if not on:
        quantities = [
            sources.column(table, m, a, s, cats)
            for m in dims["measure"]
            for a in dims["agency"]
            for s in dims["survey"]
        ]
        return {"subject": [quantities]}, []
    others = [d for d in ("measure", "agency", "survey") if d != on]
    contexts = list(itertools.product(*(dims[d] for d in others)))
    subj, vers = [], []
    for ctx in contexts:
        base = dict(zip(others, ctx, strict=True))

        def column(value: str, base: dict[str, str] = base) -> Quantity:
            at = {**base, on: value}
            return sources.column(table, at["measure"], at["agency"], at["survey"], cats)

        subj.append([column(s) for s in dims[on]])
        vers.append([column(v) for v in split_list(claim.versus)])
    return {"subject": subj, "versus": vers}, [" / ".join(c) for c in contexts]

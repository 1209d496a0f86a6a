"""Check 2: counts add up to the printed totals, and percentages to a sum rounding can give."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..stats.rounding import is_consistent, percent_sum_range, possible_sum_range
from .findings import (
    COMPARISON_COLUMNS,
    LIKERT_COLUMNS,
    RETURNS_COLUMNS,
    Finding,
    as_int,
    check_rounding,
    findings_frame,
    fmt_options,
    frame_kind,
    percent_options,
    records,
    require,
)
from .repairs import repair_text
from .tables import (
    by_table,
    cell_location,
    column_location,
    comparison_columns,
    fmt_column,
    likert_items,
)

__all__ = ["PrintedTotal", "check_totals", "range_finding", "sum_findings"]

CHECK = "totals"


@dataclass
class PrintedTotal:
    """Where a total is printed, and what it is checked under (rule, sort order)."""

    table: int
    where: str
    rule: str
    order: tuple[int, ...]

    def finding(
        self,
        severity: str,
        verdict: str,
        *,
        location: str | None = None,
        published: str = "",
        expected: str = "",
        fit_range: str = "",
        nearest: str = "",
        likely_cause: str = "",
        message: str = "",
    ) -> Finding:
        """A finding of check 2 on this total (at ``location`` when given, else ``where``)."""
        return Finding(
            CHECK,
            severity,
            verdict,
            self.table,
            self.where if location is None else location,
            published,
            expected,
            self.rule,
            fit_range,
            nearest,
            likely_cause,
            message,
            order=self.order,
        )


def check_totals(
    data: pd.DataFrame,
    *,
    rounding: str = "either",
    totals: pd.DataFrame | None = None,
    include_consistent: bool = False,
) -> pd.DataFrame:
    """Check that counts add up to their totals and percentages to a possible sum.

    * Tables 5-10 (likert frames): each item's counts must add up to its
      printed total ``n``; the printed percentages must add up to a value in
      :func:`~lscb_survey.stats.rounding.percent_sum_range` of those counts (the
      least and greatest sum rounding those exact counts can give). A sum in
      that range that differs from the printed 100% is an expected rounding
      artefact (info).
    * Tables 1-2 (returns frames): the returns must add up to the printed Total
      row when ``totals`` gives it; the shares of returns must add up to a
      value in the range their counts allow.
    * Tables 3-4 (comparison frames): with no counts, each column's printed
      percentages must add up to a value in
      :func:`~lscb_survey.stats.rounding.possible_sum_range` for its base and number
      of ratings (the least and greatest sum over every split of ``n``).

    Parameters
    ----------
    data : DataFrame
        A likert, returns or comparison frame (tables may be stacked).
    rounding : str, default "either"
    totals : DataFrame, optional
        Printed Total rows of returns tables: columns ``table``, ``returns``
        (the printed total count) and ``share_of_returns`` (the printed total
        percentage). Without it the printed total percentage is taken as 100.
    include_consistent : bool, default False

    Returns
    -------
    DataFrame
        Findings (:data:`FINDING_COLUMNS`); ``published`` is the printed or
        summed total, ``expected`` and ``fit_range`` the range of sums that
        rounding allows, ``nearest`` the nearest possible sum.

    Examples
    --------
    >>> from lscb_survey.data.loaders import load_table
    >>> f = check_totals(load_table(2))
    >>> f[["severity", "published", "fit_range"]].values.tolist()
    [['error', '97', '100']]
    """
    rule = check_rounding(rounding)
    kind = frame_kind(data)
    if kind == "likert":
        require(data, LIKERT_COLUMNS, "likert")
        findings = _likert_totals(data, rule)
    elif kind == "returns":
        require(data, RETURNS_COLUMNS, "returns")
        findings = _returns_totals(data, rule, totals)
    else:
        require(data, COMPARISON_COLUMNS, "comparison")
        findings = _column_totals(data, rule)
    return findings_frame(findings, include_consistent)


def _likert_totals(data: pd.DataFrame, rule: str) -> list[Finding]:
    findings = []
    for i, (table, item_id, group) in enumerate(likert_items(data)):
        counts = [int(c) for c in group["count"]]
        printed = [as_int(p) for p in group["percent"]]
        n = int(group["n"].iloc[0])
        label = str(group["item"].iloc[0])
        block = group["block"].iloc[0] if "block" in group.columns else ""
        total = PrintedTotal(
            table, cell_location(table, item_id, label, block, "Total"), rule, (i, 99)
        )
        labels = [str(r) for r in group["response"]]
        findings += sum_findings(total, counts, printed, n, 100, labels=labels)
    return findings


def _returns_totals(data: pd.DataFrame, rule: str, totals: pd.DataFrame | None) -> list[Finding]:
    printed_totals = {}
    if totals is not None:
        require(totals, ("table", "returns", "share_of_returns"), "totals")
        printed_totals = {
            int(r.table): (int(r.returns), int(r.share_of_returns)) for r in records(totals)
        }
    findings = []
    for table, group in by_table(data):
        counts = [int(c) for c in group["returns"]]
        printed = [as_int(p) for p in group["share_of_returns"]]
        total_n, total_pct = printed_totals.get(table, (sum(counts), 100))
        if total_n != sum(counts):
            column = f'Table {table}, row "Total", column "number of survey returns"'
            findings.append(
                PrintedTotal(table, column, rule, (998,)).finding(
                    "error",
                    "inconsistent",
                    published=str(total_n),
                    expected=str(sum(counts)),
                    nearest=str(sum(counts)),
                    message=f"the returns add up to {sum(counts)}, the printed total is {total_n}",
                )
            )
        where = f'Table {table}, row "Total", column "share of total returns (%)"'
        labels = [str(c) for c in group["category"]]
        total = PrintedTotal(table, where, rule, (999,))
        findings += sum_findings(total, counts, printed, sum(counts), total_pct, labels=labels)
    return findings


def _column_totals(data: pd.DataFrame, rule: str) -> list[Finding]:
    findings = []
    for order, col in enumerate(comparison_columns(data)):
        printed = col.printed
        if all(p is None for p in printed):
            continue
        where = column_location(col.table, col.measure, col.agency, col.survey)
        total = PrintedTotal(col.table, where, rule, (order,))
        values = [p for p in printed if p is not None]
        if len(values) < len(printed):
            findings.append(
                total.finding(
                    "info",
                    "untestable",
                    published=fmt_column(col.rows),
                    message="some percentages of the column are missing",
                )
            )
            continue
        lo, hi = possible_sum_range(col.n, len(values), rule)
        cause = ""
        if not lo <= sum(values) <= hi:
            cause = repair_text(col.labels, values, col.n, rule)
        findings.append(
            range_finding(
                total,
                sum(values),
                (lo, hi),
                100,
                f"{len(values)} percentages of a base of {col.n}",
                published=f"{fmt_column(col.rows)} (sum {sum(values)})",
                cause=cause,
            )
        )
    return findings


def sum_findings(
    total: PrintedTotal,
    counts: Sequence[int],
    printed: Sequence[int | None],
    n: int,
    total_pct: int,
    labels: Sequence[str] | None = None,
) -> list[Finding]:
    """Findings on counts that must add up to ``n`` and their percentages to ``total_pct``."""
    if sum(counts) != n:
        return [
            total.finding(
                "error",
                "inconsistent",
                location=total.where + " (counts)",
                published=str(n),
                expected=str(sum(counts)),
                nearest=str(sum(counts)),
                message=f"the counts add up to {sum(counts)}, the printed total is {n}",
            )
        ]
    values = [p for p in printed if p is not None]
    if len(values) < len(printed) or any(c > n for c in counts):
        message = "a percentage is missing or a count exceeds the total"
        return [total.finding("info", "untestable", message=message)]
    labels = labels or [f"#{k + 1}" for k in range(len(counts))]
    wrong = [
        f"{lab} {p}% (the count gives {fmt_options(percent_options(c, n, total.rule))}%)"
        for lab, c, p in zip(labels, counts, values, strict=True)
        if not is_consistent(p, c, n, total.rule)
    ]
    span = percent_sum_range(counts, n, total.rule)
    cause = ("follows from the inconsistent cell(s): " + "; ".join(wrong)) if wrong else ""
    what = f"these counts out of {n}"
    return [
        range_finding(
            total, sum(values), span, total_pct, what, published=str(sum(values)), cause=cause
        )
    ]


def range_finding(
    total: PrintedTotal,
    value: int,
    span: tuple[int, int],
    total_pct: int,
    what: str,
    *,
    published: str,
    cause: str = "",
) -> Finding:
    """The verdict on a sum of printed percentages ``value`` that rounding allows in ``span``.

    In the span and equal to the printed ``total_pct``: consistent; in the span
    but different: an expected rounding artefact (info); outside: an error.
    """
    lo, hi = span
    fit = str(lo) if lo == hi else f"{lo}-{hi}"
    if lo <= value <= hi and value == total_pct:
        message = f"the printed percentages add up to {value}"
        return total.finding(
            "ok", "consistent", published=published, expected=fit, fit_range=fit, message=message
        )
    if lo <= value <= hi:
        return total.finding(
            "info",
            "consistent",
            published=published,
            expected=fit,
            fit_range=fit,
            nearest=str(value),
            likely_cause="rounding",
            message=f"the printed percentages add up to {value}, not {total_pct}: an expected "
            f"rounding artefact (rounding {what} gives sums {fit})",
        )
    return total.finding(
        "error",
        "inconsistent",
        published=published,
        expected=fit,
        fit_range=fit,
        nearest=str(lo if value < lo else hi),
        likely_cause=cause,
        message=f"the printed percentages add up to {value}; rounding {what} can only give {fit}",
    )

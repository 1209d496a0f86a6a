"""Check 3: each percent-only column of Tables 3-4 can come from whole counts out of its base."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from ..stats.reconstruct import Reconstruction, implied_bases, reconstruct_counts
from ..stats.rounding import possible_sum_range
from .causes import bracket, value_cause
from .findings import (
    COMPARISON_COLUMNS,
    Finding,
    check_rounding,
    findings_frame,
    fmt_options,
    pct,
    percent_options,
    require,
)
from .repairs import repairs
from .tables import PrintedColumn, column_location, comparison_columns, fmt_column, order_of

__all__ = ["DEFAULT_BASES", "Neighbourhood", "check_percent_only_columns", "fmt_bases"]

CHECK = "percent_only_columns"

#: Default range of bases searched for a percent-only column that does not fit its own.
DEFAULT_BASES = range(20, 201)


def check_percent_only_columns(
    data: pd.DataFrame,
    *,
    rounding: str = "either",
    bases: range = DEFAULT_BASES,
    include_consistent: bool = False,
) -> pd.DataFrame:
    """Check that each percent-only column can come from whole counts out of its base.

    For each column of a comparison frame (Tables 3-4: measure x agency x
    survey, one percentage per rating) the check runs
    :func:`~lscb_survey.stats.reconstruct.reconstruct_counts` with the column's
    base ``n``:

    * **unique**: one count vector fits (consistent);
    * **ambiguous**: several fit (info, with their number);
    * **infeasible**: none fits (error). Each percentage that no count out of
      ``n`` gives is reported on its own row; a column whose percentages are
      each possible but cannot add up to ``n`` is reported as a whole. Both
      list the bases in ``bases`` for which the column would be possible
      (:func:`~lscb_survey.stats.reconstruct.implied_bases`) and the single-cell
      changes that would make it possible.

    A column with some percentages missing is untestable (info); a column
    entirely missing ("not asked") is skipped. A column printing both "-" and
    blank for missing cells is noted (info).

    Parameters
    ----------
    data : DataFrame
        A comparison frame (``table, measure, agency, survey, rating, percent,
        n``; ``missing_mark`` optional).
    rounding : str, default "either"
    bases : range, default range(20, 201)
        Candidate bases searched for an infeasible column.
    include_consistent : bool, default False

    Returns
    -------
    DataFrame
        Findings (:data:`FINDING_COLUMNS`); ``fit_range`` lists the bases
        that would fit, ``nearest`` the single-cell changes that would make the
        column possible, ``likely_cause`` a digit slip or a value copied from a
        neighbouring column where one explains the change.

    Examples
    --------
    >>> from lscb_survey.data.loaders import load_table
    >>> f = check_percent_only_columns(load_table(3))
    >>> f.loc[f["severity"] == "error", "published"].tolist()
    ['32', "Good 25, Reasonable 60, Poor 9, Don't know 16", '27', '83']
    """
    rule = check_rounding(rounding)
    require(data, COMPARISON_COLUMNS, "comparison")
    columns = comparison_columns(data)
    neighbourhood = Neighbourhood.of(data, columns)
    findings: list[Finding] = []
    for order, col in enumerate(columns):
        marks = _marks_finding(col, order, rule)
        if marks is not None:
            findings.append(marks)
        if all(p is None for p in col.printed):
            continue
        findings += _column_findings(col, order, rule, bases, neighbourhood)
    return findings_frame(findings, include_consistent)


@dataclass
class Neighbourhood:
    """The printed columns of comparison tables, to find a cell's neighbours in print.

    ``printed`` maps ``(table, measure, agency position, survey)`` to the
    column's printed percentages; ``measures`` lists each table's measures in
    printed order, ``agencies`` the agencies in column order.
    """

    printed: dict[tuple[int, str, int, str], list[int | None]]
    measures: dict[int, list[str]]
    agencies: list[str]

    @classmethod
    def of(cls, data: pd.DataFrame, columns: list[PrintedColumn]) -> Neighbourhood:
        """The neighbourhood of the columns of ``data``."""
        measures = {
            t: list(dict.fromkeys(data.loc[data["table"] == t, "measure"].astype(str)))
            for t in {c.table for c in columns}
        }
        agencies = order_of(data["agency"])
        printed = {
            (c.table, c.measure, agencies.index(c.agency), c.survey): c.printed for c in columns
        }
        return cls(printed, measures, agencies)

    def values(self, col: PrintedColumn, position: int) -> dict[str, int]:
        """Printed values of the same rating in neighbouring columns and blocks."""
        measures = self.measures[col.table]
        m_idx, a_idx = measures.index(col.measure), self.agencies.index(col.agency)
        out = {}
        for da in (-1, 1):
            value = self._value((col.table, col.measure, a_idx + da, col.survey), position)
            if value is not None:
                out[f'"{self.agencies[a_idx + da]}" ({col.survey})'] = value
        for dm in (-1, 1):
            if 0 <= m_idx + dm < len(measures):
                key = (col.table, measures[m_idx + dm], a_idx, col.survey)
                value = self._value(key, position)
                if value is not None:
                    out[f'"{measures[m_idx + dm]}" ({col.survey})'] = value
        return out

    def _value(self, key: tuple[int, str, int, str], position: int) -> int | None:
        return self.printed[key][position] if key in self.printed else None


def fmt_bases(bases: list[int], span: range, n: int) -> str:
    """The bases in ``span`` for which a column would be possible, in words.

    Examples
    --------
    >>> fmt_bases([25, 40, 50], range(20, 201), 46)
    'bases 25, 40, 50 (3 of 181 in 20-200; not 46)'
    """
    where = f"{span.start}-{span.stop - 1}"
    if not bases:
        return f"no base in {where}"
    shown = ", ".join(str(b) for b in bases[:8]) + (" ..." if len(bases) > 8 else "")
    return f"bases {shown} ({len(bases)} of {len(span)} in {where}{'; not ' + str(n) if n not in bases else ''})"


def _finding(col: PrintedColumn, order: tuple[int, ...], severity: str, verdict: str) -> Finding:
    where = column_location(col.table, col.measure, col.agency, col.survey)
    return Finding(CHECK, severity, verdict, col.table, where, fmt_column(col.rows), order=order)


def _marks_finding(col: PrintedColumn, order: int, rule: str) -> Finding | None:
    """A note when the column's missing cells are printed both blank and "-"."""
    if col.marks is None:
        return None
    missing = [
        (lab, m) for lab, m, p in zip(col.labels, col.marks, col.printed, strict=True) if p is None
    ]
    if len({m for _, m in missing if m != "<NA>"}) <= 1:
        return None
    blanks = [lab for lab, m in missing if m == ""]
    found = _finding(col, (order, 0), "info", "consistent")
    found.rounding, found.likely_cause = rule, "typesetting"
    found.message = (
        "missing cells are printed inconsistently: blank in "
        f"{', '.join(blanks)}, '-' elsewhere in the column"
    )
    return found


def _column_findings(
    col: PrintedColumn, order: int, rule: str, bases: range, neighbourhood: Neighbourhood
) -> list[Finding]:
    """The verdict on one column with something printed: untestable, unique, ambiguous or not."""
    printed = [p for p in col.printed if p is not None]
    found = _finding(col, (order, 1), "info", "untestable")
    found.rounding = rule
    if len(printed) < len(col.printed):
        found.message = "some percentages of the column are missing"
        return [found]
    rec = reconstruct_counts(printed, col.n, rule)
    if rec.status == "unique":
        found.severity, found.verdict = "ok", "consistent"
        found.expected = ", ".join(map(str, rec.solutions[0]))
        found.fit_range = f"counts {rec.counts} of {col.n}"
        found.message = f"one count vector fits: {rec.counts}"
        return [found]
    if rec.status == "ambiguous":
        shown = "; ".join(map(str, rec.solutions[:5])) + (" ..." if rec.n_solutions > 5 else "")
        found.verdict, found.fit_range = "ambiguous", shown
        found.message = f"{rec.n_solutions} count vectors out of {col.n} fit the column"
        return [found]
    fit_bases = fmt_bases(implied_bases(printed, bases, rule), bases, col.n)
    if rec.impossible_positions:
        return _impossible_cells(col, order, rule, rec, fit_bases, neighbourhood)
    return [_infeasible_column(col, order, rule, fit_bases, neighbourhood)]


def _impossible_cells(
    col: PrintedColumn,
    order: int,
    rule: str,
    rec: Reconstruction,
    fit_bases: str,
    neighbourhood: Neighbourhood,
) -> list[Finding]:
    """One error per percentage that no count out of the base gives."""
    n, printed = col.n, list(rec.percents)
    changes = repairs(printed, n, rule)
    findings = []
    for pos in rec.impossible_positions:
        p = printed[pos]
        ks = [k for k in bracket(p, n) if k is not None]
        near = sorted({v for k in ks for v in percent_options(k, n, rule)})
        fixes = sorted({v for i, v in changes if i == pos}, key=lambda v: (abs(v - p), v))
        gap = ", ".join(f"{k}/{n} = {pct(Fraction(k, n))}" for k in ks if 0 <= k <= n)
        found = _finding(col, (order, 2 + pos), "error", "inconsistent")
        found.location = column_location(
            col.table, col.measure, col.agency, col.survey, col.labels[pos]
        )
        found.published, found.expected = str(p), f"one of {fmt_options(near)}"
        found.rounding, found.fit_range = rule, fit_bases
        found.nearest = fmt_options(fixes[:2]) if fixes else fmt_options(near)
        found.likely_cause = value_cause(p, fixes[:2] or near, None, neighbourhood.values(col, pos))
        found.message = (
            f"no count out of {n} prints as {p}% ({gap}); the column "
            f"({fmt_column(col.rows)}) cannot be reproduced with N={n}; it would fit {fit_bases}"
        )
        findings.append(found)
    return findings


def _infeasible_column(
    col: PrintedColumn, order: int, rule: str, fit_bases: str, neighbourhood: Neighbourhood
) -> Finding:
    """One error for a column whose percentages are each possible but not together."""
    n, labels = col.n, col.labels
    printed = [p for p in col.printed if p is not None]
    changes = repairs(printed, n, rule)
    best = min((abs(v - printed[i]) for i, v in changes), default=None)
    nearest = [(i, v) for i, v in changes if abs(v - printed[i]) == best]
    causes = []
    if best == 1:
        causes = [
            f"rounding slip: e.g. {labels[i]} {v} printed as {printed[i]}" for i, v in nearest
        ]
    else:
        for i, v in changes:
            c = value_cause(printed[i], [v], None, neighbourhood.values(col, i))
            if c and not c.startswith("rounding"):
                causes.append(f"{labels[i]}: {c}")
    total = sum(printed)
    lo, hi = possible_sum_range(n, len(printed), rule)
    reason = (
        f"the percentages add up to {total}, outside the {lo}-{hi} that {len(printed)} "
        f"rounded shares of {n} can give"
        if not lo <= total <= hi
        else f"each percentage is possible alone but no counts adding up to {n} give them all"
    )
    found = _finding(col, (order, 1), "error", "inconsistent")
    found.expected, found.rounding, found.fit_range = f"a column of {n} counts", rule, fit_bases
    found.nearest = "; ".join(f"{labels[i]} {v} (for {printed[i]})" for i, v in nearest[:4])
    found.likely_cause = "; ".join(list(dict.fromkeys(causes))[:4])
    found.message = (
        f"no count vector out of {n} reproduces the column: {reason}; it would fit {fit_bases}"
    )
    return found

"""Check 1: each printed percentage is its count's rounded share of the base (GRIM for percentages)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import pandas as pd

from ..errors import MissingColumnError
from ..stats.rounding import count_interval, is_consistent
from .causes import value_cause
from .findings import (
    LIKERT_COLUMNS,
    RETURNS_COLUMNS,
    Finding,
    as_int,
    check_rounding,
    findings_frame,
    fmt_interval,
    fmt_options,
    frame_kind,
    pct,
    percent_options,
    records,
    require,
)
from .tables import by_table, cell_location, likert_items

__all__ = ["PrintedCell", "cell_finding", "check_percent_from_count"]

CHECK = "percent_from_count"


@dataclass
class PrintedCell:
    """A printed count with its percentage: where it is, its base, and its neighbours' values.

    ``valid_base`` is the base without non-substantive answers ("Not
    specified"...), tried as an explanation when the percentage does not fit ``n``.
    """

    table: int
    location: str
    count: int
    printed: int | None
    n: int
    published: str
    order: tuple[int, ...]
    neighbours: Mapping[str, int] = field(default_factory=dict)
    valid_base: int | None = None

    def finding(
        self,
        severity: str,
        verdict: str,
        rule: str,
        *,
        expected: str = "",
        fit_range: str = "",
        nearest: str = "",
        likely_cause: str = "",
        message: str = "",
    ) -> Finding:
        """A finding of check 1 on this cell."""
        return Finding(
            CHECK,
            severity,
            verdict,
            self.table,
            self.location,
            self.published,
            expected,
            rule,
            fit_range,
            nearest,
            likely_cause,
            message,
            order=self.order,
        )


def check_percent_from_count(
    data: pd.DataFrame, *, rounding: str = "either", include_consistent: bool = False
) -> pd.DataFrame:
    """Check that each printed percentage is its count's rounded share of the base.

    For every cell printed as a count with a percentage (Tables 5-10, ``n (p%)``)
    and every share of returns (Tables 1-2), the check asks whether
    ``100 * count / n`` rounds to the printed percentage under ``rounding``,
    with integer arithmetic. ``n`` is the item's printed total (Tables 5-10) or
    the table's total returns (Tables 1-2). A percentage that no rounding of
    that count gives is an error; nothing else is reported.

    Parameters
    ----------
    data : DataFrame
        A likert frame (``table, item_id, item, response, count, percent, n``)
        or a returns frame (``table, category, returns, response_rate,
        share_of_returns``); several tables may be stacked.
    rounding : str, default "either"
        A rule of :data:`lscb_survey.stats.rounding.ROUNDING_RULES`.
    include_consistent : bool, default False
        Also return a row (severity "ok") for every consistent cell.

    Returns
    -------
    DataFrame
        Findings with the columns of :data:`FINDING_COLUMNS`: ``check``
        ("percent_from_count"), ``severity``, ``verdict``, ``table``,
        ``location`` (row and column labels), ``published`` (the printed cell),
        ``expected`` (the percentage(s) the count gives), ``rounding``,
        ``fit_range`` (the counts that would print the published percentage,
        "none" if no count does), ``nearest`` (the nearest percentage that
        would pass), ``likely_cause``, ``message`` and ``chance`` (missing).

    Examples
    --------
    >>> from lscb_survey.data.loaders import load_table
    >>> f = check_percent_from_count(load_table(7))
    >>> f[["table", "published", "expected", "fit_range"]].values.tolist()
    [[7, '43 (76%)', '75', 'none']]
    """
    rule = check_rounding(rounding)
    kind = frame_kind(data)
    if kind == "likert":
        require(data, LIKERT_COLUMNS, "likert")
        cells = _likert_cells(data)
    elif kind == "returns":
        require(data, RETURNS_COLUMNS, "returns")
        cells = _returns_cells(data)
    else:
        raise MissingColumnError(
            "percent-from-count needs counts: Tables 3-4 print percentages only "
            "(use check_percent_only_columns)",
            column="count",
        )
    return findings_frame((cell_finding(c, rule) for c in cells), include_consistent)


def _missing_labels() -> set[str]:
    """Response labels that are not substantive answers, in any scale of the codebook."""
    from ..data.codebook import default_codebook

    labels = set()
    for scale in default_codebook().scales.values():
        labels |= set(scale.missing)
    return labels


def _likert_cells(data: pd.DataFrame) -> list[PrintedCell]:
    cells = []
    missing_labels = _missing_labels()
    for i, (table, item_id, group) in enumerate(likert_items(data)):
        rows = list(records(group))
        printed = [as_int(r.percent) for r in rows]
        non_substantive = sum(int(r.count) for r in rows if str(r.response) in missing_labels)
        for j, r in enumerate(rows):
            neighbours = {}
            for k in (j - 1, j + 1):
                value = printed[k] if 0 <= k < len(rows) else None
                if value is not None:
                    neighbours[f'"{rows[k].response}"'] = value
            block = getattr(r, "block", "")
            cells.append(
                PrintedCell(
                    table,
                    cell_location(table, item_id, r.item, block, str(r.response)),
                    int(r.count),
                    printed[j],
                    int(r.n),
                    f"{int(r.count)} ({'' if printed[j] is None else printed[j]}%)",
                    (i, j),
                    neighbours,
                    valid_base=int(r.n) - non_substantive if non_substantive else None,
                )
            )
    return cells


def _returns_cells(data: pd.DataFrame) -> list[PrintedCell]:
    cells = []
    column = "share of total returns (%)"
    for table, group in by_table(data):
        rows = list(records(group))
        n = sum(int(r.returns) for r in rows)
        for j, r in enumerate(rows):
            neighbours = {
                f'"{rows[k].category}"': int(rows[k].share_of_returns)
                for k in (j - 1, j + 1)
                if 0 <= k < len(rows)
            }
            printed = as_int(r.share_of_returns)
            cells.append(
                PrintedCell(
                    table,
                    f'Table {table}, row "{r.category}", column "{column}"',
                    int(r.returns),
                    printed,
                    n,
                    f"{int(r.returns)} returns, {printed}% of {n}",
                    (j, 3),
                    neighbours,
                )
            )
    return cells


def cell_finding(cell: PrintedCell, rule: str) -> Finding:
    """The verdict on one printed cell: consistent, untestable or inconsistent (with a cause).

    Examples
    --------
    >>> cell = PrintedCell(7, "Table 7 ...", 43, 76, 57, "43 (76%)", (0, 1))
    >>> f = cell_finding(cell, "either")
    >>> f.verdict, f.expected, f.likely_cause
    ('inconsistent', '75', 'rounding slip: 75 (75.44%) printed as 76')
    """
    count, n, printed = cell.count, cell.n, cell.printed
    if n <= 0 or count > n:
        message = f"count {count} is not between 0 and the base {n}"
        return cell.finding("error", "inconsistent", rule, message=message)
    if printed is None:
        return cell.finding("info", "untestable", rule, message="no percentage printed")
    options = fmt_options(percent_options(count, n, rule))
    exact = Fraction(count, n)
    interval = count_interval(printed, n, rule)
    if is_consistent(printed, count, n, rule):
        return cell.finding(
            "ok",
            "consistent",
            rule,
            expected=options,
            fit_range=fmt_interval(interval),
            message=f"{count}/{n} = {pct(exact)}",
        )
    if interval is None:
        fits = f"no count out of {n} prints as {printed}%"
    else:
        fits = f"counts {fmt_interval(interval)} out of {n} print as {printed}%"
    return cell.finding(
        "error",
        "inconsistent",
        rule,
        expected=options,
        fit_range=fmt_interval(interval),
        nearest=str(_nearest(printed, percent_options(count, n, rule))),
        likely_cause=_cell_cause(cell, rule),
        message=f"{count}/{n} = {pct(exact)}, which prints as {options}%, not {printed}%; {fits}",
    )


def _nearest(printed: int, options: list[int]) -> int:
    return min(options, key=lambda e: (abs(e - printed), e))


def _cell_cause(cell: PrintedCell, rule: str) -> str:
    """Why a cell is wrong: a slip (:func:`value_cause`), or a base without non-responses."""
    count, n, valid_base = cell.count, cell.n, cell.valid_base
    assert cell.printed is not None
    options = percent_options(count, n, rule)
    cause = value_cause(cell.printed, options, Fraction(count, n), cell.neighbours)
    if valid_base and count <= valid_base != n:
        if is_consistent(cell.printed, count, valid_base, rule):
            different = f"different base: {count}/{valid_base} without non-responses"
            cause = "; ".join(filter(None, [different, cause]))
    return cause

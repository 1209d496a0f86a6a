"""Audit the report's printed numbers for internal consistency.

:func:`audit` runs six checks over the report's tables and its in-text claims
and returns one tidy frame of findings. Each check is a public function that
takes tidy frames (the schemas of :mod:`lscb_survey.data.loaders`), so it runs as
well on a corrected copy of a table, a new wave or a synthetic table with a
planted fault:

1. :func:`check_percent_from_count` -- each printed percentage is the rounded
   ``100 * count / n`` (the GRIM idea, for percentages).
2. :func:`check_totals` -- counts add up to the printed totals, and the printed
   percentages add up to a sum rounding can actually produce.
3. :func:`check_percent_only_columns` -- each percent-only column of Tables 3-4
   can come from whole counts out of its base.
4. :func:`check_duplicate_rows` -- no two items of a table print identical
   distributions (a warning, with a chance estimate).
5. :func:`check_response_rates` -- the response rates of Tables 1-2 imply
   populations that add up to the number of LSCBs surveyed.
6. :func:`check_claims` -- each numeric statement of the text agrees with the
   tables.

Every verdict uses exact integer or :class:`fractions.Fraction` arithmetic. The
rounding rule is a parameter (see :mod:`lscb_survey.stats.rounding`); the default,
``"either"``, accepts a tie rounded up or down. Verdicts are "consistent",
"inconsistent", "ambiguous" (several reconstructions fit, and they disagree),
"untestable" (not enough information) and, for claims, "consistent only with
summed rounded percentages" (the claim holds for the printed, rounded figures
but not for the exact counts). Only an inconsistent finding can be an error.

The module is called ``checks`` rather than ``audit`` so that ``lscb_survey.audit``
is always the function: importing a submodule binds its name on the package, and
would otherwise hide a function of the same name.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..data.claims import COMPARATORS, split_list
from ..errors import MissingColumnError, SurveyDataError
from ..stats.reconstruct import implied_bases, reconstruct_counts
from ..stats.rounding import (
    _check_rule,
    count_interval,
    is_consistent,
    percent_sum_range,
    possible_sum_range,
)
from ..survey import LSCBS_IN_ENGLAND

__all__ = [
    "CHECKS",
    "FINDING_COLUMNS",
    "ONLY_ROUNDED",
    "audit",
    "audit_by_rule",
    "check_claims",
    "check_duplicate_rows",
    "check_percent_from_count",
    "check_percent_only_columns",
    "check_response_rates",
    "check_totals",
    "population_ranges",
    "render_text",
]

#: Columns of every findings frame, in order.
FINDING_COLUMNS: tuple[str, ...] = (
    "check",
    "severity",
    "verdict",
    "table",
    "location",
    "published",
    "expected",
    "rounding",
    "fit_range",
    "nearest",
    "likely_cause",
    "message",
    "chance",
)

#: Verdict of a claim that holds for the rounded percentages but not the exact counts.
ONLY_ROUNDED = "consistent only with summed rounded percentages"

#: The six checks, in the order :func:`audit` runs them (name -> function name).
CHECKS: dict[str, str] = {
    "percent_from_count": "check_percent_from_count",
    "totals": "check_totals",
    "percent_only_columns": "check_percent_only_columns",
    "duplicate_rows": "check_duplicate_rows",
    "response_rates": "check_response_rates",
    "claims": "check_claims",
}
_CHECK_ORDER = {name: k for k, name in enumerate(CHECKS)}
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2, "ok": 3}

#: Default range of bases searched for a percent-only column that does not fit its own.
DEFAULT_BASES = range(20, 201)

#: Categories of two groupings that cover the same LSCBs (used by check 5):
#: London boroughs are the inner and the outer London boroughs.
EQUIVALENT_CATEGORIES: dict[tuple[int, str], tuple[tuple[int, str], ...]] = {
    (1, "London Boroughs"): ((2, "Inner London"), (2, "Outer London")),
}

_LIKERT = ("table", "item_id", "item", "response", "count", "percent", "n")
_RETURNS = ("table", "category", "returns", "response_rate", "share_of_returns")
_COMPARISON = ("table", "measure", "agency", "survey", "rating", "percent", "n")
_MAX_COMBINATIONS = 200_000


# ----------------------------------------------------------------------------- helpers


@dataclass
class _Finding:
    check: str
    severity: str
    verdict: str
    table: int | None
    location: str
    published: str = ""
    expected: str = ""
    rounding: str = ""
    fit_range: str = ""
    nearest: str = ""
    likely_cause: str = ""
    message: str = ""
    chance: float | None = None
    order: tuple = field(default_factory=tuple)


def _frame(findings: Iterable[_Finding], include_consistent: bool = False) -> pd.DataFrame:
    rows = [
        f
        for f in findings
        if include_consistent or not (f.verdict == "consistent" and f.severity == "ok")
    ]
    rows.sort(
        key=lambda f: (
            f.table if f.table is not None else 10**6,
            f.order,
            _CHECK_ORDER.get(f.check, 99),
            f.location,
        )
    )
    frame = pd.DataFrame(
        [{c: getattr(f, c) for c in FINDING_COLUMNS} for f in rows], columns=list(FINDING_COLUMNS)
    )
    return frame.astype(
        {
            **{c: "string" for c in FINDING_COLUMNS if c not in ("table", "chance")},
            "table": "Int64",
            "chance": "Float64",
        }
    ).reset_index(drop=True)


def _require(data: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"expected a DataFrame, got {type(data).__name__}")
    for column in columns:
        if column not in data.columns:
            raise MissingColumnError(f"{what} frame lacks a required column", column=column)


def _kind(data: pd.DataFrame) -> str:
    if {"count", "percent", "item_id"} <= set(data.columns):
        return "likert"
    if {"returns", "share_of_returns"} <= set(data.columns):
        return "returns"
    if {"measure", "agency", "survey", "rating"} <= set(data.columns):
        return "comparison"
    raise MissingColumnError(
        "not a likert, returns or comparison frame (see lscb_survey.data.loaders for the schemas)",
        column="count / returns / rating",
    )


def _int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _pct(x: Fraction) -> str:
    """An exact share as a percentage with two decimals (display only)."""
    value = 100 * x
    if value.denominator == 1:
        return f"{value.numerator}%"
    return f"{float(value):.2f}%"


def _short(label: str, width: int = 60) -> str:
    label = str(label)
    return label if len(label) <= width else label[: width - 1].rstrip() + "\u2026"


def _options(count: int, n: int, rule: str) -> list[int]:
    """Whole percentages ``count`` out of ``n`` can print as under ``rule``."""
    from ..stats.rounding import percent_of

    rules = ("half_up", "half_down") if rule == "either" else (rule,)
    return sorted({percent_of(count, n, r) for r in rules})


def _fmt_options(values: Sequence[int]) -> str:
    return " or ".join(str(v) for v in values)


def _fmt_interval(interval: tuple[int, int] | None) -> str:
    if interval is None:
        return "none"
    lo, hi = interval
    return str(lo) if lo == hi else f"{lo}-{hi}"


#: Single digits easily misread or mistyped for one another (rotated or similar shapes).
CONFUSABLE_DIGITS: frozenset[frozenset[int]] = frozenset(
    {frozenset({6, 9}), frozenset({1, 7}), frozenset({3, 8})}
)


def _one_digit_apart(a: int, b: int) -> bool:
    """Same number of digits and exactly one differs (single digits: a confusable pair)."""
    sa, sb = str(a), str(b)
    if len(sa) != len(sb) or sum(x != y for x, y in zip(sa, sb, strict=True)) != 1:
        return False
    return len(sa) > 1 or frozenset({a, b}) in CONFUSABLE_DIGITS


def _bracket(p: int, n: int) -> tuple[int | None, int | None]:
    """The counts out of ``n`` whose exact shares lie just below and just above ``p``%."""
    below = (p * n - 1) // 100 if p * n > 0 else None  # largest k with 100k < pn
    above = p * n // 100 + 1  # smallest k with 100k > pn
    return (below if below is not None and below >= 0 else None), (above if above <= n else None)


def _transposed(a: int, b: int) -> bool:
    sa, sb = str(a), str(b)
    return a != b and len(sa) == len(sb) == 2 and sa == sb[::-1]


def _value_cause(
    printed: int,
    expected: Sequence[int],
    exact: Fraction | None = None,
    neighbours: Mapping[str, int] | None = None,
) -> str:
    """A plain likely cause for a printed value that should have been one of ``expected``."""
    if not expected:
        return ""
    best = min(expected, key=lambda e: (abs(e - printed), e))
    causes = []
    if neighbours:
        for label, value in neighbours.items():
            if value == printed and abs(printed - best) > 1:
                causes.append(f"copied from neighbouring cell {label} ({value})")
    if abs(printed - best) == 1:
        shown = f" ({_pct(exact)})" if exact is not None else ""
        causes.append(f"rounding slip: {best}{shown} printed as {printed}")
    elif _transposed(printed, best):
        causes.append(f"digit slip: {printed} for {best} (transposed)")
    elif _one_digit_apart(printed, best):
        causes.append(f"digit slip: {printed} for {best}")
    return "; ".join(causes)


# ----------------------------------------------------------------------------- check 1


def _likert_items(frame: pd.DataFrame) -> list[tuple[int, str, pd.DataFrame]]:
    """(table, item_id, rows in response order) in printed order."""
    out = []
    frame = frame.reset_index(drop=True).assign(_pos=lambda d: range(len(d)))
    for (table, item_id), group in frame.groupby(["table", "item_id"], sort=False):
        group = group.sort_values(["response", "_pos"]) if _is_categorical(group) else group
        out.append((int(table), str(item_id), group))
    return out


def _cell_location(table: int, item_id: str, item: str, block: object, column: str) -> str:
    """Where a likert cell is printed: frequency tables (5-6) list responses as rows."""
    if str(block) == "Response":
        if column == "Total":
            return f'Table {table}, row "Total", column "Percentage" ({item_id})'
        return f'Table {table}, row "{column}", column "Percentage" ({item_id})'
    return f'Table {table}, row "{_short(item)}" ({item_id}), column "{column}"'


def _is_categorical(frame: pd.DataFrame) -> bool:
    return isinstance(frame["response"].dtype, pd.CategoricalDtype)


def _missing_labels() -> set[str]:
    from ..data.codebook import default_codebook

    labels = set()
    for scale in default_codebook().scales.values():
        labels |= set(scale.missing)
    return labels


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
        A rule of :data:`lscb_survey.rounding.ROUNDING_RULES`.
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
    rule = _check_rule(rounding)
    findings: list[_Finding] = []
    kind = _kind(data)
    if kind == "likert":
        _require(data, _LIKERT, "likert")
        missing_labels = _missing_labels()
        for i, (table, item_id, group) in enumerate(_likert_items(data)):
            rows = list(group.itertuples(index=False))
            printed = [_int(r.percent) for r in rows]
            non_substantive = sum(int(r.count) for r in rows if str(r.response) in missing_labels)
            for j, r in enumerate(rows):
                neighbours = {}
                for k in (j - 1, j + 1):
                    if 0 <= k < len(rows) and printed[k] is not None:
                        neighbours[f'"{rows[k].response}"'] = printed[k]
                findings.append(
                    _cell_finding(
                        table,
                        _cell_location(
                            table, item_id, r.item, getattr(r, "block", ""), str(r.response)
                        ),
                        int(r.count),
                        printed[j],
                        int(r.n),
                        rule,
                        f"{int(r.count)} ({'' if printed[j] is None else printed[j]}%)",
                        (i, j),
                        neighbours,
                        valid_base=int(r.n) - non_substantive if non_substantive else None,
                    )
                )
    elif kind == "returns":
        _require(data, _RETURNS, "returns")
        for table, group in data.groupby("table", sort=False):
            rows = list(group.itertuples(index=False))
            n = sum(int(r.returns) for r in rows)
            for j, r in enumerate(rows):
                neighbours = {}
                for k in (j - 1, j + 1):
                    if 0 <= k < len(rows):
                        neighbours[f'"{rows[k].category}"'] = int(rows[k].share_of_returns)
                printed = _int(r.share_of_returns)
                findings.append(
                    _cell_finding(
                        int(table),
                        f'Table {int(table)}, row "{r.category}", column "share of total returns (%)"',
                        int(r.returns),
                        printed,
                        n,
                        rule,
                        f"{int(r.returns)} returns, {printed}% of {n}",
                        (j, 3),
                        neighbours,
                    )
                )
    else:
        raise MissingColumnError(
            "percent-from-count needs counts: Tables 3-4 print percentages only "
            "(use check_percent_only_columns)",
            column="count",
        )
    return _frame(findings, include_consistent)


def _cell_finding(
    table: int,
    location: str,
    count: int,
    printed: int | None,
    n: int,
    rule: str,
    published: str,
    order: tuple,
    neighbours: Mapping[str, int],
    valid_base: int | None = None,
) -> _Finding:
    check = "percent_from_count"
    if n <= 0 or count > n:
        return _Finding(
            check,
            "error",
            "inconsistent",
            table,
            location,
            published,
            "",
            rule,
            message=f"count {count} is not between 0 and the base {n}",
            order=order,
        )
    if printed is None:
        return _Finding(
            check,
            "info",
            "untestable",
            table,
            location,
            published,
            "",
            rule,
            message="no percentage printed",
            order=order,
        )
    options = _options(count, n, rule)
    exact = Fraction(count, n)
    if is_consistent(printed, count, n, rule):
        return _Finding(
            check,
            "ok",
            "consistent",
            table,
            location,
            published,
            _fmt_options(options),
            rule,
            _fmt_interval(count_interval(printed, n, rule)),
            "",
            "",
            f"{count}/{n} = {_pct(exact)}",
            order=order,
        )
    interval = count_interval(printed, n, rule)
    nearest = min(options, key=lambda e: (abs(e - printed), e))
    cause = _value_cause(printed, options, exact, neighbours)
    if valid_base and count <= valid_base != n:
        if is_consistent(printed, count, valid_base, rule):
            cause = "; ".join(
                filter(None, [f"different base: {count}/{valid_base} without non-responses", cause])
            )
    if interval is None:
        fits = f"no count out of {n} prints as {printed}%"
    else:
        fits = f"counts {_fmt_interval(interval)} out of {n} print as {printed}%"
    return _Finding(
        check,
        "error",
        "inconsistent",
        table,
        location,
        published,
        _fmt_options(options),
        rule,
        _fmt_interval(interval),
        str(nearest),
        cause,
        f"{count}/{n} = {_pct(exact)}, which prints as {_fmt_options(options)}%, not {printed}%; "
        f"{fits}",
        order=order,
    )


# ----------------------------------------------------------------------------- check 2


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
      :func:`~lscb_survey.rounding.percent_sum_range` of those counts (the
      least and greatest sum rounding those exact counts can give). A sum in
      that range that differs from the printed 100% is an expected rounding
      artefact (info).
    * Tables 1-2 (returns frames): the returns must add up to the printed Total
      row when ``totals`` gives it; the shares of returns must add up to a
      value in the range their counts allow.
    * Tables 3-4 (comparison frames): with no counts, each column's printed
      percentages must add up to a value in
      :func:`~lscb_survey.rounding.possible_sum_range` for its base and number
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
    rule = _check_rule(rounding)
    kind = _kind(data)
    findings: list[_Finding] = []
    if kind == "likert":
        _require(data, _LIKERT, "likert")
        for i, (table, item_id, group) in enumerate(_likert_items(data)):
            counts = [int(c) for c in group["count"]]
            printed = [_int(p) for p in group["percent"]]
            n = int(group["n"].iloc[0])
            label = str(group["item"].iloc[0])
            block = group["block"].iloc[0] if "block" in group.columns else ""
            where = _cell_location(table, item_id, label, block, "Total")
            labels = [str(r) for r in group["response"]]
            findings += _sum_findings(
                table, where, counts, printed, n, 100, rule, (i, 99), labels=labels
            )
    elif kind == "returns":
        _require(data, _RETURNS, "returns")
        printed_totals = {}
        if totals is not None:
            _require(totals, ("table", "returns", "share_of_returns"), "totals")
            printed_totals = {
                int(r.table): (int(r.returns), int(r.share_of_returns))
                for r in totals.itertuples(index=False)
            }
        for table, group in data.groupby("table", sort=False):
            table = int(table)
            counts = [int(c) for c in group["returns"]]
            printed = [_int(p) for p in group["share_of_returns"]]
            total_n, total_pct = printed_totals.get(table, (sum(counts), 100))
            where = f'Table {table}, row "Total", column "share of total returns (%)"'
            if total_n != sum(counts):
                findings.append(
                    _Finding(
                        "totals",
                        "error",
                        "inconsistent",
                        table,
                        f'Table {table}, row "Total", column "number of survey returns"',
                        str(total_n),
                        str(sum(counts)),
                        rule,
                        "",
                        str(sum(counts)),
                        "",
                        f"the returns add up to {sum(counts)}, the printed total is {total_n}",
                        order=(998,),
                    )
                )
            findings += _sum_findings(
                table,
                where,
                counts,
                printed,
                sum(counts),
                total_pct,
                rule,
                (999,),
                labels=[str(c) for c in group["category"]],
            )
    else:
        _require(data, _COMPARISON, "comparison")
        for order, (table, measure, agency, survey, rows) in enumerate(_comparison_columns(data)):
            printed = [p for _, p in rows]
            if all(p is None for p in printed):
                continue
            n = int(survey[1])
            where = _column_location(table, measure, agency, survey[0])
            if any(p is None for p in printed):
                findings.append(
                    _Finding(
                        "totals",
                        "info",
                        "untestable",
                        table,
                        where,
                        _fmt_column(rows),
                        "",
                        rule,
                        message="some percentages of the column are missing",
                        order=(order,),
                    )
                )
                continue
            total = sum(printed)
            lo, hi = possible_sum_range(n, len(printed), rule)
            cause = ""
            if not lo <= total <= hi:
                cause = _repair_text([r for r, _ in rows], printed, n, rule)
            findings.append(
                _range_finding(
                    table,
                    where,
                    total,
                    (lo, hi),
                    100,
                    rule,
                    (order,),
                    f"{len(printed)} percentages of a base of {n}",
                    published=f"{_fmt_column(rows)} (sum {total})",
                    cause=cause,
                )
            )
    return _frame(findings, include_consistent)


def _sum_findings(
    table, where, counts, printed, n, total_pct, rule, order, labels=None
) -> list[_Finding]:
    out = []
    if sum(counts) != n:
        out.append(
            _Finding(
                "totals",
                "error",
                "inconsistent",
                table,
                where + " (counts)",
                str(n),
                str(sum(counts)),
                rule,
                "",
                str(sum(counts)),
                "",
                f"the counts add up to {sum(counts)}, the printed total is {n}",
                order=order,
            )
        )
        return out
    if any(p is None for p in printed) or any(c > n for c in counts):
        out.append(
            _Finding(
                "totals",
                "info",
                "untestable",
                table,
                where,
                "",
                "",
                rule,
                message="a percentage is missing or a count exceeds the total",
                order=order,
            )
        )
        return out
    lo, hi = percent_sum_range(counts, n, rule)
    labels = labels or [f"#{k + 1}" for k in range(len(counts))]
    wrong = [
        f"{lab} {p}% (the count gives {_fmt_options(_options(c, n, rule))}%)"
        for lab, c, p in zip(labels, counts, printed, strict=True)
        if not is_consistent(p, c, n, rule)
    ]
    out.append(
        _range_finding(
            table,
            where,
            sum(printed),
            (lo, hi),
            total_pct,
            rule,
            order,
            f"these counts out of {n}",
            published=str(sum(printed)),
            cause=("follows from the inconsistent cell(s): " + "; ".join(wrong)) if wrong else "",
        )
    )
    return out


def _range_finding(
    table, where, total, span, total_pct, rule, order, what, *, published, cause=""
) -> _Finding:
    lo, hi = span
    fit = str(lo) if lo == hi else f"{lo}-{hi}"
    if lo <= total <= hi:
        if total == total_pct:
            return _Finding(
                "totals",
                "ok",
                "consistent",
                table,
                where,
                published,
                fit,
                rule,
                fit,
                message=f"the printed percentages add up to {total}",
                order=order,
            )
        return _Finding(
            "totals",
            "info",
            "consistent",
            table,
            where,
            published,
            fit,
            rule,
            fit,
            str(total),
            "rounding",
            f"the printed percentages add up to {total}, not {total_pct}: an expected rounding "
            f"artefact (rounding {what} gives sums {fit})",
            order=order,
        )
    nearest = lo if total < lo else hi
    return _Finding(
        "totals",
        "error",
        "inconsistent",
        table,
        where,
        published,
        fit,
        rule,
        fit,
        str(nearest),
        cause,
        f"the printed percentages add up to {total}; rounding {what} can only give {fit}",
        order=order,
    )


# ----------------------------------------------------------------------------- Tables 3-4


def _comparison_columns(data: pd.DataFrame) -> list[tuple]:
    """Columns of a comparison frame in printed order.

    Each is ``(table, measure, agency, (survey, n, marks), [(rating, printed or None)])``;
    ``marks`` holds the printed missing marks (or is ``None`` without ``missing_mark``).
    """
    ratings = _order_of(data["rating"])
    agencies = _order_of(data["agency"])
    surveys = _order_of(data["survey"])
    has_marks = "missing_mark" in data.columns
    columns: dict[tuple, dict] = {}
    measures: dict[int, list[str]] = {}
    marks_of = data["missing_mark"].tolist() if has_marks else [None] * len(data)
    for rec, mark in zip(
        data[["table", "measure", "agency", "survey", "rating", "percent", "n"]].itertuples(
            index=False
        ),
        marks_of,
        strict=True,
    ):
        table, measure = int(rec.table), str(rec.measure)
        key = (table, measure, str(rec.agency), str(rec.survey))
        measures.setdefault(table, [])
        if measure not in measures[table]:
            measures[table].append(measure)
        col = columns.setdefault(key, {"n": int(rec.n), "cells": {}})
        col["cells"][str(rec.rating)] = (_int(rec.percent), "<NA>" if pd.isna(mark) else str(mark))
    out = []
    for key in sorted(
        columns,
        key=lambda k: (k[0], measures[k[0]].index(k[1]), agencies.index(k[2]), surveys.index(k[3])),
    ):
        table, measure, agency, survey = key
        cells = columns[key]["cells"]
        rows = [(rt, cells[rt][0]) for rt in ratings if rt in cells]
        marks = [cells[rt][1] for rt in ratings if rt in cells] if has_marks else None
        out.append((table, measure, agency, (survey, columns[key]["n"], marks), rows))
    return out


def _order_of(series: pd.Series) -> list[str]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [str(c) for c in series.cat.categories]
    return list(dict.fromkeys(series.astype(str)))


def _column_location(table: int, measure: str, agency: str, survey: str, rating: str = "") -> str:
    where = f'Table {table}, "{measure}", column "{agency}" ({survey})'
    return where + (f', row "{rating}"' if rating else "")


def _fmt_column(rows) -> str:
    return ", ".join(f"{r} {'-' if p is None else p}" for r, p in rows)


@lru_cache(maxsize=65536)
def _interval(p: int, n: int, rule: str):
    return count_interval(p, n, rule)


def _feasible(percents: Sequence[int], n: int, rule: str) -> bool:
    low = high = 0
    for p in percents:
        iv = _interval(p, n, rule)
        if iv is None:
            return False
        low += iv[0]
        high += iv[1]
    return low <= n <= high


def _repairs(percents: Sequence[int], n: int, rule: str) -> list[tuple[int, int]]:
    """Every single-cell change ``(position, new value)`` that makes the column feasible."""
    out = []
    for i, p in enumerate(percents):
        for v in range(0, 101):
            if v != p and _feasible([*percents[:i], v, *percents[i + 1 :]], n, rule):
                out.append((i, v))
    return out


def _repair_text(labels: Sequence[str], printed: Sequence[int], n: int, rule: str) -> str:
    """The smallest single-cell changes that would make a column possible, in words."""
    repairs = _repairs(printed, n, rule)
    if not repairs:
        return "no single-cell change makes the column possible"
    best = min(abs(v - printed[i]) for i, v in repairs)
    shown = [f"{labels[i]} {v} for {printed[i]}" for i, v in repairs if abs(v - printed[i]) == best]
    return "a wrong cell: e.g. " + " or ".join(shown[:4])


def _fmt_bases(bases: Sequence[int], span: range, n: int) -> str:
    where = f"{span.start}-{span.stop - 1}"
    if not bases:
        return f"no base in {where}"
    shown = ", ".join(str(b) for b in bases[:8]) + (" ..." if len(bases) > 8 else "")
    return f"bases {shown} ({len(bases)} of {len(span)} in {where}{'; not ' + str(n) if n not in bases else ''})"


def _column_neighbours(columns: dict, key: tuple, position: int) -> dict[str, int]:
    """Printed values of the same rating in neighbouring columns and blocks."""
    table, m_idx, a_idx, survey, measures, agencies = key
    out = {}
    for da in (-1, 1):
        k = (table, measures[m_idx], a_idx + da, survey)
        if k in columns:
            value = columns[k][position]
            if value is not None:
                out[f'"{agencies[a_idx + da]}" ({survey})'] = value
    for dm in (-1, 1):
        if 0 <= m_idx + dm < len(measures):
            k = (table, measures[m_idx + dm], a_idx, survey)
            if k in columns:
                value = columns[k][position]
                if value is not None:
                    out[f'"{measures[m_idx + dm]}" ({survey})'] = value
    return out


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
    :func:`~lscb_survey.reconstruct.reconstruct_counts` with the column's
    base ``n``:

    * **unique**: one count vector fits (consistent);
    * **ambiguous**: several fit (info, with their number);
    * **infeasible**: none fits (error). Each percentage that no count out of
      ``n`` gives is reported on its own row; a column whose percentages are
      each possible but cannot add up to ``n`` is reported as a whole. Both
      list the bases in ``bases`` for which the column would be possible
      (:func:`~lscb_survey.reconstruct.implied_bases`) and the single-cell
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
    rule = _check_rule(rounding)
    _require(data, _COMPARISON, "comparison")
    findings: list[_Finding] = []
    cols = list(_comparison_columns(data))
    measures = {
        t: list(dict.fromkeys(data.loc[data["table"] == t, "measure"].astype(str)))
        for t in {c[0] for c in cols}
    }
    agencies = _order_of(data["agency"])
    printed_by_key = {
        (t, m, agencies.index(a), s[0]): [p for _, p in rows] for t, m, a, s, rows in cols
    }
    for order, (table, measure, agency, (survey, n, marks), rows) in enumerate(cols):
        printed = [p for _, p in rows]
        labels = [r for r, _ in rows]
        where = _column_location(table, measure, agency, survey)
        published = _fmt_column(rows)
        if marks is not None:
            used = {m for m, p in zip(marks, printed, strict=True) if p is None and m != "<NA>"}
            if len(used) > 1:
                blanks = [
                    lab
                    for lab, m, p in zip(labels, marks, printed, strict=True)
                    if p is None and m == ""
                ]
                findings.append(
                    _Finding(
                        "percent_only_columns",
                        "info",
                        "consistent",
                        table,
                        where,
                        published,
                        "",
                        rule,
                        likely_cause="typesetting",
                        message="missing cells are printed inconsistently: blank in "
                        f"{', '.join(blanks)}, '-' elsewhere in the column",
                        order=(order, 0),
                    )
                )
        if all(p is None for p in printed):
            continue
        if any(p is None for p in printed):
            findings.append(
                _Finding(
                    "percent_only_columns",
                    "info",
                    "untestable",
                    table,
                    where,
                    published,
                    "",
                    rule,
                    message="some percentages of the column are missing",
                    order=(order, 1),
                )
            )
            continue
        rec = reconstruct_counts(printed, n, rule)
        if rec.status == "unique":
            findings.append(
                _Finding(
                    "percent_only_columns",
                    "ok",
                    "consistent",
                    table,
                    where,
                    published,
                    ", ".join(map(str, rec.counts)),
                    rule,
                    f"counts {rec.counts} of {n}",
                    message=f"one count vector fits: {rec.counts}",
                    order=(order, 1),
                )
            )
            continue
        if rec.status == "ambiguous":
            shown = "; ".join(map(str, rec.solutions[:5])) + (" ..." if rec.n_solutions > 5 else "")
            findings.append(
                _Finding(
                    "percent_only_columns",
                    "info",
                    "ambiguous",
                    table,
                    where,
                    published,
                    "",
                    rule,
                    shown,
                    message=f"{rec.n_solutions} count vectors out of {n} fit the column",
                    order=(order, 1),
                )
            )
            continue
        fitting = implied_bases(printed, bases, rule)
        fit_bases = _fmt_bases(fitting, bases, n)
        repairs = _repairs(printed, n, rule)
        key = (
            table,
            measures[table].index(measure),
            agencies.index(agency),
            survey,
            measures[table],
            agencies,
        )
        if rec.impossible_positions:
            for pos in rec.impossible_positions:
                p = printed[pos]
                lo_k, hi_k = _bracket(p, n)
                near = sorted(
                    {v for k in (lo_k, hi_k) if k is not None for v in _options(k, n, rule)}
                )
                fixes = sorted({v for i, v in repairs if i == pos}, key=lambda v: (abs(v - p), v))
                neighbours = _column_neighbours(printed_by_key, key, pos)
                cause = _value_cause(p, fixes[:2] or near, None, neighbours)
                gap = ", ".join(
                    f"{k}/{n} = {_pct(Fraction(k, n))}"
                    for k in (lo_k, hi_k)
                    if k is not None and 0 <= k <= n
                )
                findings.append(
                    _Finding(
                        "percent_only_columns",
                        "error",
                        "inconsistent",
                        table,
                        _column_location(table, measure, agency, survey, labels[pos]),
                        str(p),
                        f"one of {_fmt_options(near)}",
                        rule,
                        fit_bases,
                        _fmt_options(fixes[:2]) if fixes else _fmt_options(near),
                        cause,
                        f"no count out of {n} prints as {p}% ({gap}); the column "
                        f"({published}) cannot be reproduced with N={n}; it would fit "
                        f"{fit_bases}",
                        order=(order, 2 + pos),
                    )
                )
            continue
        best = min((abs(v - printed[i]) for i, v in repairs), default=None)
        nearest = [(i, v) for i, v in repairs if abs(v - printed[i]) == best]
        causes = []
        if best == 1:
            causes = [
                f"rounding slip: e.g. {labels[i]} {v} printed as {printed[i]}" for i, v in nearest
            ]
        else:
            for i, v in repairs:
                neighbours = _column_neighbours(printed_by_key, key, i)
                c = _value_cause(printed[i], [v], None, neighbours)
                if c and not c.startswith("rounding"):
                    causes.append(f"{labels[i]}: {c}")
        causes = list(dict.fromkeys(causes))
        total = sum(printed)
        lo, hi = possible_sum_range(n, len(printed), rule)
        reason = (
            f"the percentages add up to {total}, outside the {lo}-{hi} that {len(printed)} "
            f"rounded shares of {n} can give"
            if not lo <= total <= hi
            else f"each percentage is possible alone but no counts adding up to {n} give them all"
        )
        findings.append(
            _Finding(
                "percent_only_columns",
                "error",
                "inconsistent",
                table,
                where,
                published,
                f"a column of {n} counts",
                rule,
                fit_bases,
                "; ".join(f"{labels[i]} {v} (for {printed[i]})" for i, v in nearest[:4]),
                "; ".join(causes[:4]),
                f"no count vector out of {n} reproduces the column: {reason}; it would fit "
                f"{fit_bases}",
                order=(order, 1),
            )
        )
    return _frame(findings, include_consistent)


# ----------------------------------------------------------------------------- check 4


def _match_probability(n: int, probabilities: Sequence[Fraction]) -> float:
    """P(two independent Multinomial(n, p) vectors are equal) = sum_x P(x)^2.

    A dynamic programme over categories and running total ``t``:
    ``ways[t]`` is the sum, over the ways the categories seen so far can add
    up to ``t``, of the squared multinomial probability of that partial
    vector; adding ``x`` more in the next category multiplies by
    ``(C(t + x, x) * p**x)**2``. Floating point is enough here (this is an
    estimate reported beside a verdict, not a verdict); past the float range
    the same recursion runs on logarithms.
    """
    try:
        ways = [1.0] + [0.0] * n
        for p in probabilities:
            q2 = float(p) ** 2
            new = [0.0] * (n + 1)
            for t in range(n + 1):
                if ways[t]:
                    for x in range(n + 1 - t):
                        new[t + x] += ways[t] * float(math.comb(t + x, x)) ** 2 * q2**x
            ways = new
        return ways[n]
    except OverflowError:
        return _match_probability_log(n, probabilities)


def _match_probability_log(n: int, probabilities: Sequence[Fraction]) -> float:
    """:func:`_match_probability` on logarithms, for large bases."""
    minus_inf = float("-inf")
    ways = [0.0] + [minus_inf] * n
    for p in probabilities:
        log_q2 = 2 * math.log(p) if p > 0 else None
        new = [minus_inf] * (n + 1)
        for t in range(n + 1):
            if ways[t] == minus_inf:
                continue
            for x in range(n + 1 - t):
                if x and log_q2 is None:
                    break
                log_comb = math.lgamma(t + x + 1) - math.lgamma(t + 1) - math.lgamma(x + 1)
                term = ways[t] + 2 * log_comb + (x * log_q2 if x else 0.0)
                a, b = max(new[t + x], term), min(new[t + x], term)
                new[t + x] = a if b == minus_inf else a + math.log1p(math.exp(b - a))
        ways = new
    return math.exp(ways[n])


def check_duplicate_rows(data: pd.DataFrame, *, include_consistent: bool = False) -> pd.DataFrame:
    """Flag rows (or columns) of one table that print identical distributions.

    Two items of a likert table with the same count in every response, or two
    columns of a comparison table (same base) with the same percentage in
    every rating, are possible but unlikely; a copy-paste slip is the usual
    cause. Each group of identical rows is a warning.

    Chance estimate: the probability that two items drawn independently from
    the table's pooled response distribution ``p`` (all items' counts added
    up) give exactly the same vector, ``sum_x P(x)^2`` for ``x`` multinomial
    ``(n, p)``, computed exactly by a dynamic programme (``chance``). With ``m``
    rows in the table there are ``m(m-1)/2`` pairs; the message gives
    ``min(1, pairs * chance)``, a bound on the chance of at least one such
    match anywhere in the table. Percent-only columns are compared through
    their printed percentages, which for one base are a function of the
    counts; ``p`` is the mean of the columns' printed shares.

    Parameters
    ----------
    data : DataFrame
        A likert frame or a comparison frame.
    include_consistent : bool, default False
        Unused rows are never reported; present for a uniform signature.

    Returns
    -------
    DataFrame
        Findings (:data:`FINDING_COLUMNS`); ``published`` is the repeated
        distribution, ``chance`` the per-pair match probability,
        ``likely_cause`` "row copied from its neighbour" when the rows are
        adjacent in print.

    Examples
    --------
    >>> from lscb_survey.data.loaders import load_table
    >>> f = check_duplicate_rows(load_table(8))
    >>> f["severity"].tolist(), f["likely_cause"].tolist()
    (['warning'], ['row copied from its neighbour'])
    """
    kind = _kind(data)
    findings: list[_Finding] = []
    if kind == "likert":
        _require(data, _LIKERT, "likert")
        items = _likert_items(data)
        by_table: dict[int, list] = {}
        for pos, (table, _item_id, group) in enumerate(items):
            vec = tuple(int(c) for c in group["count"])
            labels = tuple(str(r) for r in group["response"])
            by_table.setdefault(table, []).append(
                (pos, pos, str(group["item"].iloc[0]), labels, vec, int(group["n"].iloc[0]))
            )
        for table, rows in by_table.items():
            findings += _duplicates(
                table,
                rows,
                "row",
                lambda ms, t=table: (
                    f"Table {t}, rows " + " and ".join(f'"{_short(m[2], 45)}"' for m in ms)
                ),
            )
    elif kind == "comparison":
        _require(data, _COMPARISON, "comparison")
        by_table = {}
        agencies = _order_of(data["agency"])
        measures: dict[int, list[str]] = {}
        for pos, (table, measure, agency, (survey, n, _), rows) in enumerate(
            _comparison_columns(data)
        ):
            printed = tuple(p for _, p in rows)
            if any(p is None for p in printed):
                continue
            order = measures.setdefault(table, [])
            if measure not in order:
                order.append(measure)
            # neighbours in print: the same measure, next agency
            adjacency = 100 * order.index(measure) + agencies.index(agency)
            labels = tuple(r for r, _ in rows)
            by_table.setdefault((table, survey), []).append(
                (pos, adjacency, (measure, agency), labels, printed, n)
            )

        def locate(members, table, survey):
            measures_in = list(dict.fromkeys(m[2][0] for m in members))
            if len(measures_in) == 1:
                cols = " and ".join(f'"{m[2][1]}"' for m in members)
                return f'Table {table}, "{measures_in[0]}", columns {cols} ({survey})'
            cols = " and ".join(f'"{m[2][0]}" "{m[2][1]}"' for m in members)
            return f"Table {table}, columns {cols} ({survey})"

        for (table, survey), rows in by_table.items():
            findings += _duplicates(
                table,
                rows,
                "column",
                lambda ms, t=table, s=survey: locate(ms, t, s),
                percent=True,
            )
    else:
        raise MissingColumnError(
            "duplicate rows are checked in likert or comparison frames", column="count / rating"
        )
    return _frame(findings, include_consistent)


def _duplicates(table: int, rows: list, what: str, locate, *, percent: bool = False) -> list:
    """Findings for groups of identical vectors among ``rows``.

    Each row is ``(position, adjacency, name, labels, vector, n)``; rows whose
    adjacency keys differ by one are neighbours in print. ``locate`` turns the
    members of a group into a location string.
    """
    groups: dict[tuple, list] = {}
    for row in rows:
        groups.setdefault((row[3], row[4], row[5]), []).append(row)
    findings = []
    pairs = len(rows) * (len(rows) - 1) // 2
    for (labels, vec, n), members in groups.items():
        if len(members) < 2:
            continue
        # six significant digits: an estimate, and stable across platforms' floating point
        chance = float(f"{_match_probability(n, _pooled(rows)):.6g}")
        adjacent = any(b[1] - a[1] == 1 for a, b in itertools.pairwise(members))
        values = ", ".join(
            f"{lab} {v}{'%' if percent else ''}" for lab, v in zip(labels, vec, strict=True)
        )
        bound = min(1.0, pairs * chance)
        findings.append(
            _Finding(
                "duplicate_rows",
                "warning",
                "consistent",
                table,
                locate(members),
                values,
                "distinct distributions",
                "",
                f"{len(members)} identical {what}s of {len(rows)}",
                "",
                f"{what} copied from its neighbour"
                if adjacent
                else f"possible copy of another {what}",
                f"{len(members)} {what}s of Table {table} print the same distribution "
                f"({values}). Two independent {what}s from the table's pooled distribution "
                f"(n={n}) agree exactly with probability {float(chance):.2g}; over its {pairs} "
                f"pairs of {what}s, at most {float(bound):.2g}",
                chance,
                order=(members[-1][0], 98),
            )
        )
    return findings


def _pooled(rows: list) -> list[Fraction]:
    k = len(rows[0][4])
    sums = [sum(Fraction(r[4][i]) for r in rows) for i in range(k)]
    total = sum(sums)
    if total == 0:
        return [Fraction(1, k)] * k
    return [s / total for s in sums]


# ----------------------------------------------------------------------------- check 5


_HUGE_POPULATION = 10**12


def _population_interval(returns: int, rate: int, rule: str) -> tuple[int, int | None] | None:
    """Populations ``P >= returns`` for which ``100 * returns / P`` prints as ``rate``.

    Returns ``(lo, hi)``, ``(lo, None)`` when unbounded above, or ``None`` when
    no population fits. The rounded rate never increases as ``P`` grows, so the
    fitting populations form an interval, found by binary search on exact
    integer rounding; "either" is the union of the half-up and half-down
    intervals (which overlap or touch).
    """
    if rule == "either":
        found = [_population_interval(returns, rate, r) for r in ("half_up", "half_down")]
        found = [f for f in found if f is not None]
        if not found:
            return None
        lo = min(f[0] for f in found)
        hi = None if any(f[1] is None for f in found) else max(f[1] for f in found)
        return lo, hi
    from ..stats.rounding import percent_of

    first = max(returns, 1)

    def rounded(population: int) -> int:
        return percent_of(returns, population, rule)

    if rounded(first) < rate or rounded(_HUGE_POPULATION) > rate:
        return None
    # smallest population printing at most ``rate``
    a, b = first, _HUGE_POPULATION
    while a < b:
        mid = (a + b) // 2
        if rounded(mid) <= rate:
            b = mid
        else:
            a = mid + 1
    lo = a
    if rounded(lo) != rate:
        return None
    if rounded(_HUGE_POPULATION) == rate:
        return lo, None
    # largest population printing at least ``rate``
    a, b = lo, _HUGE_POPULATION
    while a < b:
        mid = (a + b + 1) // 2
        if rounded(mid) >= rate:
            a = mid
        else:
            b = mid - 1
    return lo, a


def _fmt_pop(interval) -> str:
    if interval is None:
        return "none"
    lo, hi = interval
    if hi is None:
        return f"{lo} or more"
    return str(lo) if lo == hi else f"{lo}-{hi}"


def population_ranges(data: pd.DataFrame, *, rounding: str = "either") -> pd.DataFrame:
    """The population each printed response rate of Tables 1-2 implies.

    Parameters
    ----------
    data : DataFrame
        A returns frame.
    rounding : str, default "either"

    Returns
    -------
    DataFrame
        One row per category with a printed rate: ``table``, ``category``,
        ``returns``, ``response_rate``, ``population_min`` and
        ``population_max`` (the whole numbers ``P`` for which
        ``100 * returns / P`` prints as the rate; ``population_max`` missing
        when unbounded; both missing when no ``P`` fits).

    Examples
    --------
    >>> from lscb_survey.data.loaders import load_table
    >>> p = population_ranges(load_table(1)).set_index("category")
    >>> int(p.loc["London Boroughs", "population_min"]), int(p.loc["Unitary", "population_max"])
    (31, 55)
    """
    rule = _check_rule(rounding)
    _require(data, _RETURNS, "returns")
    rows = []
    for r in data.itertuples(index=False):
        rate = _int(r.response_rate)
        if rate is None:
            continue
        interval = _population_interval(int(r.returns), rate, rule)
        rows.append(
            {
                "table": int(r.table),
                "category": str(r.category),
                "returns": int(r.returns),
                "response_rate": rate,
                "population_min": None if interval is None else interval[0],
                "population_max": None if interval is None else interval[1],
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "table",
            "category",
            "returns",
            "response_rate",
            "population_min",
            "population_max",
        ],
    )
    return frame.astype({"population_min": "Int64", "population_max": "Int64"})


def _table_population(pops: pd.DataFrame) -> tuple[int, int | None, list[str]]:
    lo, hi, unbounded = 0, 0, []
    for r in pops.itertuples(index=False):
        lo += int(r.population_min)
        if pd.isna(r.population_max):
            unbounded.append(str(r.category))
            hi = None
        elif hi is not None:
            hi += int(r.population_max)
    return lo, hi, unbounded


def check_response_rates(
    data: pd.DataFrame,
    *,
    rounding: str = "either",
    population: int = LSCBS_IN_ENGLAND,
    groups: Mapping[tuple[int, str], Sequence[tuple[int, str]]] | None = None,
    include_consistent: bool = False,
) -> pd.DataFrame:
    """Check the response rates of Tables 1-2 against the number of LSCBs surveyed.

    Each printed response rate ``r`` with returns ``k`` implies that the
    category holds a whole number ``P`` of LSCBs with ``100 * k / P`` printing
    as ``r``: an interval of populations (unbounded for a rate of 0). The check
    reports:

    * a rate no population gives (error);
    * per table, the sum of the categories' intervals compared with
      ``population`` (the 148 LSCBs in England): a sum that cannot equal it is
      an error; when it can only through a category with no returns
      (unbounded), the size that category would need is noted (info). Returns
      with no printed rate ("Not specified") belong to unknown categories and
      do not change the populations;
    * for categories of two tables that cover the same LSCBs (``groups``,
      default :data:`EQUIVALENT_CATEGORIES`), equal returns and overlapping
      populations (an error otherwise).

    Parameters
    ----------
    data : DataFrame
        A returns frame (Tables 1 and 2 stacked).
    rounding : str, default "either"
    population : int, default 148
        Number of LSCBs the survey was sent to.
    groups : mapping, optional
        ``{(table, category): ((table, category), ...)}``.
    include_consistent : bool, default False

    Returns
    -------
    DataFrame
        Findings (:data:`FINDING_COLUMNS`); ``fit_range`` is the range of
        populations the printed rates imply, ``expected`` the population
        stated.

    Examples
    --------
    >>> from lscb_survey.data.loaders import load_table
    >>> f = check_response_rates(load_table(1))
    >>> f[["severity", "fit_range", "expected"]].values.tolist()
    [['error', '154-155', '148']]
    """
    rule = _check_rule(rounding)
    _require(data, _RETURNS, "returns")
    groups = EQUIVALENT_CATEGORIES if groups is None else groups
    pops = population_ranges(data, rounding=rule)
    findings: list[_Finding] = []
    col = "response rate (%)"
    for table, tp in pops.groupby("table", sort=False):
        table = int(table)
        order_of = {c: i for i, c in enumerate(data.loc[data["table"] == table, "category"])}
        bad = tp[tp["population_min"].isna()]
        for r in bad.itertuples(index=False):
            findings.append(
                _Finding(
                    "response_rates",
                    "error",
                    "inconsistent",
                    table,
                    f'Table {table}, row "{r.category}", column "{col}"',
                    f"{r.response_rate}% of {r.returns} returns",
                    "",
                    rule,
                    "none",
                    "",
                    "",
                    f"no whole number of LSCBs gives {r.returns} returns a response rate of "
                    f"{r.response_rate}%",
                    order=(order_of.get(r.category, 0), 2),
                )
            )
        good = tp[tp["population_min"].notna()]
        if good.empty:
            continue
        lo, hi, unbounded = _table_population(good)
        parts = "; ".join(
            f"{r.category} {r.returns}/{_fmt_pop((r.population_min, _int(r.population_max)))}"
            for r in good.itertuples(index=False)
        )
        span = _fmt_pop((lo, hi))
        where = f'Table {table}, column "{col}", all categories'
        unrated = data.loc[(data["table"] == table) & data["response_rate"].isna(), "returns"]
        note = (
            f"; {int(unrated.sum())} returns with no rate are not counted" if len(unrated) else ""
        )
        if len(bad):
            note += f"; left out, no population fits their rate: {', '.join(bad['category'])}"
        if hi is not None and not lo <= population <= hi or population < lo:
            findings.append(
                _Finding(
                    "response_rates",
                    "error",
                    "inconsistent",
                    table,
                    where,
                    str(population),
                    str(population),
                    rule,
                    span,
                    "",
                    "different base",
                    f"the printed rates imply {span} LSCBs in all ({parts}){note}; the report "
                    f"surveyed {population}",
                    order=(999,),
                )
            )
        elif unbounded:
            fixed = good[good["population_max"].notna()]
            f_lo = int(fixed["population_min"].sum())
            f_hi = int(fixed["population_max"].sum())
            need = (max(population - f_hi, 1), population - f_lo)
            findings.append(
                _Finding(
                    "response_rates",
                    "info",
                    "consistent",
                    table,
                    where,
                    str(population),
                    str(population),
                    rule,
                    span,
                    "",
                    "",
                    f"the printed rates imply {span} LSCBs ({parts}){note}; {population} is "
                    f"possible only if {' and '.join(unbounded)} "
                    f"{'together hold' if len(unbounded) > 1 else 'holds'} {_fmt_pop(need)}",
                    order=(999,),
                )
            )
        else:
            findings.append(
                _Finding(
                    "response_rates",
                    "ok",
                    "consistent",
                    table,
                    where,
                    str(population),
                    str(population),
                    rule,
                    span,
                    message=f"the printed rates imply {span} LSCBs ({parts}){note}",
                    order=(999,),
                )
            )
    by_key = {(int(r.table), str(r.category)): r for r in pops.itertuples(index=False)}
    returns_by_key = {
        (int(r.table), str(r.category)): int(r.returns) for r in data.itertuples(index=False)
    }
    for whole, parts_keys in groups.items():
        keys = [tuple(whole), *map(tuple, parts_keys)]
        if not all(k in returns_by_key for k in keys):
            continue
        table = int(whole[0])
        names = " + ".join(f"Table {t} {c}" for t, c in parts_keys)
        where = f'Table {table}, row "{whole[1]}" vs {names}'
        whole_returns = returns_by_key[keys[0]]
        part_returns = sum(returns_by_key[k] for k in keys[1:])
        if whole_returns != part_returns:
            findings.append(
                _Finding(
                    "response_rates",
                    "error",
                    "inconsistent",
                    table,
                    where,
                    str(whole_returns),
                    str(part_returns),
                    rule,
                    "",
                    "",
                    "",
                    f"{whole[1]} has {whole_returns} returns, its parts {part_returns}",
                    order=(1000,),
                )
            )
            continue
        if not all(k in by_key and not pd.isna(by_key[k].population_min) for k in keys):
            continue
        w = by_key[keys[0]]
        w_lo, w_hi = int(w.population_min), _int(w.population_max)
        p_lo = sum(int(by_key[k].population_min) for k in keys[1:])
        his = [_int(by_key[k].population_max) for k in keys[1:]]
        p_hi = None if any(h is None for h in his) else sum(his)
        overlap = (w_hi is None or p_lo <= w_hi) and (p_hi is None or w_lo <= p_hi)
        text = (
            f"{whole[1]} ({whole_returns} returns at {w.response_rate}%) implies "
            f"{_fmt_pop((w_lo, w_hi))} LSCBs; {names} imply {_fmt_pop((p_lo, p_hi))}"
        )
        findings.append(
            _Finding(
                "response_rates",
                "ok" if overlap else "error",
                "consistent" if overlap else "inconsistent",
                table,
                where,
                f"{w.response_rate}%",
                _fmt_pop((p_lo, p_hi)),
                rule,
                _fmt_pop((w_lo, w_hi)),
                "",
                "" if overlap else "different base",
                text,
                order=(1000,),
            )
        )
    return _frame(findings, include_consistent)


# ----------------------------------------------------------------------------- check 6


@dataclass
class _Quantity:
    """One share a claim refers to: some categories of one item or column."""

    label: str
    parts: list[tuple[tuple, str]]  # (source key, category)
    n: int | None
    printed_sum: int | None  # sum of printed percentages (Tables 3-10) or printed count
    printed_count: int | None = None
    untestable: str = ""
    detail: str = ""


def _count_detail(counts: Iterable[int], n: int) -> str:
    """``"30/57 = 52.63%"`` for one possible count, a range for several."""
    values = sorted(set(counts))
    if len(values) == 1:
        return f"{values[0]}/{n} = {_pct(Fraction(values[0], n))}"
    lo, hi = values[0], values[-1]
    return f"{lo}-{hi} of {n} ({_pct(Fraction(lo, n))}-{_pct(Fraction(hi, n))})"


@dataclass
class _Value:
    count: int | None
    n: int | None
    share: Fraction
    exact: bool
    printed_sum: int | None
    rule: str

    def stated(self, value: Fraction) -> bool:
        if self.exact:
            if value.denominator == 1:
                return is_consistent(int(value), self.count, self.n, self.rule)
            return 100 * self.share == value
        return self.printed_sum is not None and Fraction(self.printed_sum) == value


class _Sources:
    """Alternatives (count reconstructions) of every item, column or cell a claim uses."""

    def __init__(self, tables: Mapping, activities: pd.DataFrame | None, rule: str) -> None:
        self.tables = tables
        self.activities = activities
        self.rule = rule
        self.alternatives: dict[tuple, list[dict[str, int]]] = {}
        self._columns: dict = {}
        self._recs: dict = {}
        self._items: dict = {}

    def likert(self, table: int, item_id: str, categories: list[str]) -> _Quantity:
        frame = self.tables.get(table)
        label = f"{item_id}"
        if frame is None:
            return _Quantity(label, [], None, None, untestable=f"Table {table} not given")
        if table not in self._items:
            self._items[table] = {}
            for r in frame[["item_id", "response", "count", "percent", "n"]].itertuples(
                index=False
            ):
                entry = self._items[table].setdefault(str(r.item_id), ({}, {}, int(r.n)))
                entry[0][str(r.response)] = int(r.count)
                entry[1][str(r.response)] = _int(r.percent)
        if item_id not in self._items[table]:
            return _Quantity(label, [], None, None, untestable=f"{item_id} not in Table {table}")
        counts, percents, n = self._items[table][item_id]
        key = ("likert", table, item_id)
        self.alternatives[key] = [counts]
        missing = [c for c in categories if c not in counts]
        if missing:
            return _Quantity(label, [], None, None, untestable=f"{item_id} has no {missing}")
        printed = [percents[c] for c in categories]
        return _Quantity(
            label,
            [(key, c) for c in categories],
            n,
            None if any(p is None for p in printed) else sum(printed),
            sum(counts[c] for c in categories),
        )

    def column(
        self, table: int, measure: str, agency: str, survey: str, categories: list[str]
    ) -> _Quantity:
        label = f"{agency} ({survey}, {measure})"
        frame = self.tables.get(table)
        if frame is None:
            return _Quantity(label, [], None, None, untestable=f"Table {table} not given")
        key = (table, measure, agency, survey)
        if table not in self._columns:
            self._columns[table] = {
                (c[0], c[1], c[2], c[3][0]): c for c in _comparison_columns(frame)
            }
        col = self._columns[table].get(key)
        if col is None:
            return _Quantity(label, [], None, None, untestable="no such column")
        _, _, _, (_, n, _), rows = col
        printed = dict(rows)
        if any(printed.get(c) is None for c in categories):
            return _Quantity(label, [], n, None, untestable="not printed (not asked)")
        psum = sum(printed[c] for c in categories)
        values = [p for _, p in rows]
        if any(v is None for v in values):
            return _Quantity(label, [], n, psum, untestable="column incomplete")
        if key not in self._recs:
            self._recs[key] = reconstruct_counts(values, n, self.rule)
        rec = self._recs[key]
        names = [r for r, _ in rows]
        if rec.status != "infeasible":
            ckey = ("column", *key)
            self.alternatives[ckey] = [dict(zip(names, s, strict=True)) for s in rec.solutions]
            sums = [sum(a[c] for c in categories) for a in self.alternatives[ckey]]
            return _Quantity(
                label, [(ckey, c) for c in categories], n, psum, detail=_count_detail(sums, n)
            )
        parts, lo, hi = [], 0, 0
        for c in categories:
            iv = rec.intervals[names.index(c)]
            note = "column infeasible: cells judged alone"
            if iv is None:
                # an impossible percentage: try the counts either side of it
                below, above = _bracket(printed[c], n)
                ks = [k for k in (below, above) if k is not None]
                note = f"{printed[c]}% is impossible for N={n}: the counts either side are tried"
            else:
                ks = list(range(iv[0], iv[1] + 1))
            ckey = ("cell", *key, c)
            self.alternatives[ckey] = [{c: k} for k in ks]
            parts.append((ckey, c))
            lo, hi = lo + min(ks), hi + max(ks)
        detail = _count_detail(range(lo, hi + 1), n) + f" ({note})"
        return _Quantity(label, parts, n, psum, detail=detail)

    def activity(self, activity_id: str) -> _Quantity:
        frame = self.activities
        if frame is None:
            return _Quantity(activity_id, [], None, None, untestable="activities not given")
        rows = frame[frame["activity_id"].astype(str) == activity_id]
        if rows.empty:
            return _Quantity(activity_id, [], None, None, untestable="unknown activity")
        count, n = int(rows["lscbs"].iloc[0]), int(rows["n"].iloc[0])
        key = ("activity", activity_id)
        self.alternatives[key] = [{"lscbs": count}]
        return _Quantity(activity_id, [(key, "lscbs")], n, None, count)


def _claim_quantities(claim, sources: _Sources) -> tuple[dict[str, list], list[str]]:
    """Subject and versus quantities per context, keyed by role."""
    table = claim.table
    cats = split_list(claim.categories)
    if table == "activities":
        subj = [sources.activity(a) for a in split_list(claim.item_id)]
        vers = [sources.activity(a) for a in split_list(claim.versus)]
        return {"subject": [subj], "versus": [vers]}, []
    table = int(table)
    if table in (3, 4):
        dims = {
            "measure": split_list(claim.measure),
            "agency": split_list(claim.agency),
            "survey": split_list(claim.survey),
        }
        on = claim.compare_on if claim.kind == "comparison" else None
        if on:
            others = [d for d in ("measure", "agency", "survey") if d != on]
            contexts = list(itertools.product(*(dims[d] for d in others)))
            subj, vers = [], []
            for ctx in contexts:
                base = dict(zip(others, ctx, strict=True))
                subj.append(
                    [sources.column(table, **{**base, on: s}, categories=cats) for s in dims[on]]
                )
                vers.append(
                    [
                        sources.column(table, **{**base, on: v}, categories=cats)
                        for v in split_list(claim.versus)
                    ]
                )
            return {"subject": subj, "versus": vers}, [" / ".join(c) for c in contexts]
        quantities = [
            sources.column(table, m, a, s, cats)
            for m in dims["measure"]
            for a in dims["agency"]
            for s in dims["survey"]
        ]
        return {"subject": [quantities]}, []
    subj = [sources.likert(table, i, cats) for i in split_list(claim.item_id)]
    if claim.kind == "comparison":
        vers = [sources.likert(table, i, cats) for i in split_list(claim.versus)]
        return {"subject": [subj], "versus": [vers]}, []
    return {"subject": [subj]}, []


_RELATIONS = {
    ">": lambda a, b: a.share > b.share,
    "majority>": lambda a, b: a.share > b.share,
    "<": lambda a, b: a.share < b.share,
    "~": lambda a, b: abs(a.share - b.share) < Fraction(1, 100),
    "=": lambda a, b: a.share == b.share,
}


def _atoms(claim, roles) -> list[tuple[list[_Quantity], object]]:
    """The elementary statements a claim is made of.

    Each atom is ``(quantities, test)`` where ``test(values)`` returns
    ``(stated_ok, words_ok)`` for the values of its quantities. A share claim
    has one atom per item or column; a comparison one per pair compared (or,
    for "parts of", one for the whole).
    """
    comparator = COMPARATORS[claim.comparator]
    if claim.kind == "share":
        stated = None if pd.isna(claim.claimed_value) else Fraction(str(claim.claimed_value))

        def share_test(values):
            v = values[0]
            return (stated is None or v.stated(stated)), comparator.holds(v.share)

        return [([q], share_test) for q in roles["subject"][0]]
    relation = comparator.relation
    atoms = []
    for subjects, versus in zip(roles["subject"], roles["versus"], strict=True):
        if relation == "parts":
            size = len(subjects)

            def parts_test(values, k=size):
                if any(v.count is None for v in values):
                    raise ValueError("'parts of' needs counts")
                total = sum(v.count for v in values[:k])
                return True, all(total <= v.count for v in values[k:])

            atoms.append(([*subjects, *versus], parts_test))
            continue
        pairs = []
        if relation == "order":
            pairs += list(itertools.pairwise(subjects))
            pairs += [(subjects[-1], v) for v in versus]
            test = _RELATIONS[">"]
        else:
            pairs += [(a, b) for a in subjects for b in versus]
            test = _RELATIONS[relation]
        for a, b in pairs:
            atoms.append(([a, b], lambda values, t=test: (True, t(values[0], values[1]))))
    return atoms


def _components(atoms) -> list[list[int]]:
    """Groups of atoms connected through shared sources (union-find)."""
    parent = list(range(len(atoms)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict = {}
    for i, (quantities, _) in enumerate(atoms):
        for q in quantities:
            for key, _cat in q.parts:
                if key in owner:
                    parent[find(i)] = find(owner[key])
                else:
                    owner[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(atoms)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _status(passed: bool, failed: bool) -> str:
    return "some" if passed and failed else "all" if passed else "none"


def _evaluate(claim, roles, sources: _Sources, rule: str, *, exact: bool):
    """Evaluate a claim on every joint reconstruction (exact) or on the printed figures.

    Exact evaluation returns ``(status, parts)``: status "all", "none", "some"
    (the claim holds under every, no, or only some reconstructions of the
    counts) or "untestable", and the same status for the stated value alone
    (``parts["stated"]``) and the words alone (``parts["words"]``). Atoms that
    share no cell are independent, so each connected group is enumerated on its
    own and the results combined exactly. Printed evaluation returns
    ``((stated_ok, words_ok), {})`` or ``(None, {})``.
    """
    comparator = COMPARATORS[claim.comparator]
    quantities = [q for contexts in roles.values() for ctx in contexts for q in ctx]
    if any(q.untestable for q in quantities):
        if exact or any(q.printed_sum is None and q.printed_count is None for q in quantities):
            return ("untestable" if exact else None), {}
    majority = comparator.relation == "majority>"
    atoms = _atoms(claim, roles)

    def value(q: _Quantity, assignment) -> _Value:
        if exact:
            count = sum(assignment[k][c] for k, c in q.parts)
            return _Value(count, q.n, Fraction(count, q.n), True, q.printed_sum, rule)
        if q.printed_sum is not None:
            share = Fraction(q.printed_sum, 100)
            return _Value(q.printed_count, q.n, share, False, q.printed_sum, rule)
        return _Value(q.printed_count, q.n, Fraction(q.printed_count, q.n), False, None, rule)

    if not exact:
        results = [test([value(q, {}) for q in qs]) for qs, test in atoms]
        stated_ok = all(r[0] for r in results)
        words = [r[1] for r in results]
        words_ok = 2 * sum(words) > len(words) if majority else all(words)
        return (stated_ok, words_ok), {}

    flags = {name: [False, False] for name in ("stated", "words", "both")}  # [passed, failed]
    low = high = 0  # least and greatest number of true atoms (majority)
    comp_status = {"stated": [], "words": [], "both": []}
    for component in _components(atoms):
        keys = sorted({k for i in component for q in atoms[i][0] for k, _ in q.parts}, key=repr)
        if math.prod(len(sources.alternatives[k]) for k in keys) > _MAX_COMBINATIONS:
            return "untestable", {"reason": "too many reconstructions to enumerate"}
        seen = {name: [False, False] for name in flags}
        trues = set()
        for combo in itertools.product(*(sources.alternatives[k] for k in keys)):
            assignment = dict(zip(keys, combo, strict=True))
            results = [atoms[i][1]([value(q, assignment) for q in atoms[i][0]]) for i in component]
            stated_ok = all(r[0] for r in results)
            words_ok = all(r[1] for r in results)
            trues.add(sum(r[1] for r in results))
            for name, ok in (
                ("stated", stated_ok),
                ("words", words_ok),
                ("both", stated_ok and words_ok),
            ):
                seen[name][0 if ok else 1] = True
        for name in flags:
            comp_status[name].append(_status(*seen[name]))
        low += min(trues)
        high += max(trues)

    def combine(statuses):
        if all(x == "all" for x in statuses):
            return "all"
        return "none" if any(x == "none" for x in statuses) else "some"

    parts = {name: combine(comp_status[name]) for name in flags}
    if majority:
        half = len(atoms)
        words = "all" if 2 * low > half else "none" if 2 * high <= half else "some"
        parts["words"] = words
        parts["both"] = combine([parts["stated"], words])
    return parts["both"], parts


def _describe_quantities(roles, rule: str, claim) -> tuple[str, str]:
    """(exact description, printed description) of every quantity of a claim."""
    exact, printed = [], []
    cats = split_list(claim.categories)
    seen = set()
    for contexts in roles.values():
        for ctx in contexts:
            for q in ctx:
                if q.label in seen:
                    continue
                seen.add(q.label)
                if q.untestable:
                    exact.append(f"{q.label}: {q.untestable}")
                    continue
                if q.detail:
                    exact.append(f"{q.label}: {q.detail}")
                elif q.printed_count is not None and q.n:
                    x = Fraction(q.printed_count, q.n)
                    exact.append(f"{q.label}: {q.printed_count}/{q.n} = {_pct(x)}")
                elif q.n:
                    exact.append(f"{q.label}: reconstructed from the column (N={q.n})")
                if q.printed_sum is not None:
                    printed.append(
                        f"{q.label}: {q.printed_sum}%"
                        + (f" ({' + '.join(cats)})" if len(cats) > 1 else "")
                    )
    return "; ".join(exact), "; ".join(printed)


def _share_fit(claim, roles, rule: str) -> tuple[str, str]:
    """Counts that would satisfy a share claim, and the nearest stated value that passes."""
    comparator = COMPARATORS[claim.comparator]
    stated = None if pd.isna(claim.claimed_value) else Fraction(str(claim.claimed_value))
    fits, nearest = [], []
    for q in roles["subject"][0]:
        if not q.n or q.untestable:
            continue
        ok = [
            k
            for k in range(q.n + 1)
            if comparator.holds(Fraction(k, q.n))
            and (
                stated is None
                or stated.denominator != 1
                or is_consistent(int(stated), k, q.n, rule)
            )
        ]
        if ok:
            fits.append(f"{ok[0]}-{ok[-1]} of {q.n}" if ok[0] != ok[-1] else f"{ok[0]} of {q.n}")
        else:
            fits.append(f"no count of {q.n}")
        if stated is not None and q.printed_count is not None:
            nearest.append(_fmt_options(_options(q.printed_count, q.n, rule)) + "%")
    return "; ".join(dict.fromkeys(fits)), "; ".join(dict.fromkeys(nearest))


def check_claims(
    claims: pd.DataFrame,
    tables: Mapping[int, pd.DataFrame],
    *,
    activities: pd.DataFrame | None = None,
    rounding: str = "either",
    include_consistent: bool = False,
) -> pd.DataFrame:
    """Check each numeric claim of the text against the tables.

    A claim (see :func:`lscb_survey.claims.load_claims` and the comparator
    definitions in :mod:`lscb_survey.data.claims`) is tested twice:

    * against the **exact counts**: the counts of Tables 5-10 and of the
      activities; for the percent-only Tables 3-4, every count vector that
      reproduces the printed column (:func:`reconstruct_counts`; where a
      column is infeasible, each cell's own count interval). A stated
      percentage must be the rounded exact share; a verbal comparator must
      hold for the exact share; a comparison must hold for every joint
      reconstruction of the columns it involves.
    * against the **printed rounded percentages**: the sum of the printed
      percentages of the claim's categories (what a reader adding up the
      table would get).

    Verdicts: "consistent" (holds for the exact counts), "ambiguous" (holds
    for some reconstructions only), :data:`ONLY_ROUNDED` (fails for the exact
    counts but holds for the printed figures: info when only a stated value
    is off, a warning when a threshold or ordering fails exactly),
    "inconsistent" (fails both ways: an error, or a warning for a vague
    comparator) and "untestable" (no table holds the figure, or the cells are
    not printed). Returns claims are checked against the total returns,
    population claims against :func:`population_ranges`, response-rate claims
    against total returns out of the stated base.

    Parameters
    ----------
    claims : DataFrame
        As returned by :func:`~lscb_survey.claims.load_claims`.
    tables : mapping of int to DataFrame
        Tidy frames of the report tables the claims refer to.
    activities : DataFrame, optional
        :func:`~lscb_survey.loaders.load_activities` frame, for activity claims.
    rounding : str, default "either"
    include_consistent : bool, default False

    Returns
    -------
    DataFrame
        Findings (:data:`FINDING_COLUMNS`), one per claim that is not plainly
        consistent: ``location`` names the claim id, section and place;
        ``published`` is the quotation; ``expected`` the exact shares;
        ``fit_range`` the counts that would satisfy the claim; ``nearest`` the
        percentage the exact count prints as.

    Examples
    --------
    >>> from lscb_survey.data.claims import load_claims
    >>> from lscb_survey.data.loaders import load_table
    >>> claims = load_claims()
    >>> f = check_claims(claims[claims.claim_id == "pe-01"], {8: load_table(8)})
    >>> f[["verdict", "nearest"]].values.tolist()
    [['inconsistent', '77%']]
    """
    rule = _check_rule(rounding)
    _require(claims, ("claim_id", "kind", "table", "comparator", "claimed_value"), "claims")
    findings = []
    sources = _Sources(tables, activities, rule)
    for order, claim in enumerate(claims.itertuples(index=False)):
        location = f"claim {claim.claim_id} ({claim.section}, {claim.location})"
        first = split_list(claim.table)
        table = int(first[0]) if first and first[0].isdigit() else None
        base = dict(
            check="claims",
            table=table,
            location=location,
            published=f'"{claim.quote}"',
            rounding=rule,
            order=(1000 + order,),
        )
        if claim.kind in ("returns", "population", "response_rate", "count"):
            findings.append(_Finding(**base, **_count_claim(claim, tables, rule)))
            continue
        roles, contexts = _claim_quantities(claim, sources)
        status, parts = _evaluate(claim, roles, sources, rule, exact=True)
        printed = _evaluate(claim, roles, sources, rule, exact=False)[0]
        printed_ok = None if printed is None else all(printed)
        exact_text, printed_text = _describe_quantities(roles, rule, claim)
        comparator = COMPARATORS[claim.comparator]
        what = f'"{claim.comparator}"' + (
            f" with {float(claim.claimed_value):g}%" if not pd.isna(claim.claimed_value) else ""
        )
        fit, nearest = ("", "")
        if claim.kind == "share":
            fit, nearest = _share_fit(claim, roles, rule)
        if status == "all":
            severity, verdict, cause = "ok", "consistent", ""
            text = f"{what} holds for the exact counts ({exact_text})"
        elif status == "some":
            severity, verdict, cause = "info", "ambiguous", ""
            text = f"{what} holds for some count reconstructions only ({exact_text})"
        elif status == "untestable":
            severity, verdict, cause = "info", "untestable", ""
            text = f"cannot be tested on exact counts ({exact_text or parts.get('reason', '')})"
            if printed_ok is not None:
                text += f"; the printed figures {'support' if printed_ok else 'contradict'} it"
        elif printed_ok:
            verdict, cause = ONLY_ROUNDED, "rounding"
            words_exact = parts.get("words") == "all"
            severity = "info" if words_exact else "warning"
            text = (
                f"{what} fails for the exact counts ({exact_text}) but holds for the printed "
                f"percentages ({printed_text})"
            )
        else:
            verdict = "inconsistent"
            severity = "warning" if comparator.vague else "error"
            cause = _claim_cause(claim, roles, rule, parts)
            text = f"{what} fails for the exact counts ({exact_text})" + (
                f" and for the printed percentages ({printed_text})" if printed_text else ""
            )
        if contexts:
            text += f" [compared within: {'; '.join(contexts)}]"
        findings.append(
            _Finding(
                **base,
                severity=severity,
                verdict=verdict,
                expected=exact_text,
                fit_range=fit,
                nearest=nearest,
                likely_cause=cause,
                message=text,
            )
        )
    return _frame(findings, include_consistent)


def _claim_cause(claim, roles, rule, parts) -> str:
    if pd.isna(claim.claimed_value) or parts.get("stated") != "none":
        return "wording: the figures do not bear out the description"
    stated = Fraction(str(claim.claimed_value))
    causes = []
    for q in roles["subject"][0]:
        if q.printed_count is None or not q.n or stated.denominator != 1:
            continue
        options = _options(q.printed_count, q.n, rule)
        cause = _value_cause(int(stated), options, Fraction(q.printed_count, q.n))
        if cause.startswith("rounding slip"):
            cause = f"arithmetic or rounding slip: {int(stated)} stated, {_fmt_options(options)} computed"
        if cause:
            causes.append(cause)
    return "; ".join(dict.fromkeys(causes))


def _count_claim(claim, tables: Mapping, rule: str) -> dict:
    value = None if pd.isna(claim.claimed_value) else Fraction(str(claim.claimed_value))
    frames = [tables.get(int(t)) for t in split_list(claim.table) if t.isdigit()]
    if claim.kind == "count" or not frames or any(f is None for f in frames) or value is None:
        return dict(
            severity="info",
            verdict="untestable",
            expected="",
            message="no table holds this number",
        )
    names = [f"Table {t}" for t in split_list(claim.table)]
    totals = [int(f["returns"].sum()) for f in frames]
    if claim.kind == "returns":
        ok = all(t == value for t in totals)
        text = ", ".join(f"{n}: {t}" for n, t in zip(names, totals, strict=True))
        return dict(
            severity="ok" if ok else "error",
            verdict="consistent" if ok else "inconsistent",
            expected=text,
            nearest="" if ok else str(totals[0]),
            message=f"total returns {text}; stated {value}",
        )
    if claim.kind == "response_rate":
        base = _int(claim.base)
        if len(set(totals)) != 1 or base is None or totals[0] > base:
            return dict(
                severity="error",
                verdict="inconsistent",
                expected=str(totals),
                message=f"total returns {totals} do not fit a base of {base}",
            )
        returns = totals[0]
        options = _options(returns, base, rule)
        ok = value.denominator == 1 and is_consistent(int(value), returns, base, rule)
        return dict(
            severity="ok" if ok else "error",
            verdict="consistent" if ok else "inconsistent",
            expected=f"{returns}/{base} = {_pct(Fraction(returns, base))}",
            fit_range=_fmt_interval(count_interval(int(value), base, rule))
            if value.denominator == 1
            else "",
            nearest=f"{_fmt_options(options)}%",
            likely_cause="" if ok else _value_cause(int(value), options, Fraction(returns, base)),
            message=f"{returns} returns out of {base} = {_pct(Fraction(returns, base))}, which "
            f"prints as {_fmt_options(options)}%; stated {value}%",
        )
    # population
    results = []
    ok = True
    for name, frame in zip(names, frames, strict=True):
        pops = population_ranges(frame, rounding=rule)
        pops = pops[pops["population_min"].notna()]
        lo, hi, _ = _table_population(pops)
        inside = lo <= value and (hi is None or value <= hi)
        ok &= inside
        results.append(f"{name}: {_fmt_pop((lo, hi))}")
    text = "; ".join(results)
    return dict(
        severity="ok" if ok else "error",
        verdict="consistent" if ok else "inconsistent",
        expected=text,
        fit_range=text,
        likely_cause="" if ok else "different base",
        message=f"the response rates imply populations {text}; stated {value}",
    )


# ----------------------------------------------------------------------------- audit


def _printed_return_totals(raw: str | Path | None) -> pd.DataFrame:
    from ..data.loaders import raw_grid

    rows = []
    for table in (1, 2):
        for cells in raw_grid(table, raw=raw)[1:]:
            if cells and cells[0].strip() == "Total":
                rows.append(
                    {
                        "table": table,
                        "returns": int(cells[1]),
                        "share_of_returns": int(cells[3]),
                    }
                )
    return pd.DataFrame(rows, columns=["table", "returns", "share_of_returns"])


def audit(
    *,
    rounding: str = "either",
    include_consistent: bool = False,
    raw: str | Path | None = None,
) -> pd.DataFrame:
    """Audit the report's tables and claims for internal consistency.

    Runs the six checks of this module (see :data:`CHECKS`) over Tables 1-10,
    the in-text activity counts and the claims of ``claims.csv``.

    Parameters
    ----------
    rounding : str, default "either"
        Rounding rule assumed for every printed percentage: one of
        :data:`lscb_survey.rounding.ROUNDING_RULES`. "either" accepts a tie
        rounded up or down; "floor" tests truncation.
    include_consistent : bool, default False
        Also list what passed (severity "ok", verdict "consistent").
    raw : path, optional
        Raw data folder to audit instead of the packaged one.

    Returns
    -------
    DataFrame
        One row per finding, sorted by table (claims on no single table last)
        and position in the printed table, with columns ``check``,
        ``severity`` ("error", "warning", "info"), ``verdict``
        ("consistent", "inconsistent", "ambiguous", "untestable" or
        :data:`ONLY_ROUNDED`), ``table``, ``location`` (printed row and column
        labels, or the claim id and place), ``published`` (the printed value or
        quotation), ``expected`` (what the data imply), ``rounding`` (the
        rule), ``fit_range`` (counts, sums, bases or populations that would
        fit), ``nearest`` (the nearest value that would pass), ``likely_cause``
        (digit slip, row copied from a neighbour, different base, rounding,
        wording; empty when none is plain), ``message`` and ``chance`` (for
        duplicated rows, the probability of an exact match by chance).

    Examples
    --------
    >>> findings = audit()
    >>> int((findings["severity"] == "error").sum()) > 0
    True
    >>> findings.loc[findings["check"] == "duplicate_rows", "table"].tolist()
    [3, 8]
    """
    from ..data.claims import load_claims
    from ..data.loaders import load_activities, load_table

    rule = _check_rule(rounding)
    tables = {t: load_table(t, raw=raw) for t in range(1, 11)}
    returns = pd.concat([tables[1], tables[2]], ignore_index=True)
    likert = pd.concat([tables[t] for t in range(5, 11)], ignore_index=True)
    comparison = pd.concat([tables[3], tables[4]], ignore_index=True)
    kw = {"include_consistent": include_consistent}
    parts = [
        check_percent_from_count(returns, rounding=rule, **kw),
        check_percent_from_count(likert, rounding=rule, **kw),
        check_totals(returns, rounding=rule, totals=_printed_return_totals(raw), **kw),
        check_totals(likert, rounding=rule, **kw),
        check_totals(comparison, rounding=rule, **kw),
        check_percent_only_columns(comparison, rounding=rule, **kw),
        check_duplicate_rows(likert, **kw),
        check_duplicate_rows(comparison, **kw),
        check_response_rates(returns, rounding=rule, **kw),
        check_claims(
            load_claims(raw=raw), tables, activities=load_activities(raw=raw), rounding=rule, **kw
        ),
    ]
    frame = pd.concat([p for p in parts if len(p)], ignore_index=True)
    frame = _sort(frame)
    if frame.duplicated(["check", "location"]).any():  # pragma: no cover - guarded by tests
        dup = frame.loc[frame.duplicated(["check", "location"]), "location"].tolist()
        raise SurveyDataError("audit locations are not unique", problems=dup)
    return frame


def _sort(frame: pd.DataFrame) -> pd.DataFrame:
    """Stable sort by table (missing last), keeping each check's printed-position order."""
    if frame.empty:
        return frame.reset_index(drop=True)
    key = frame["table"].fillna(10**6).astype("int64")
    return (
        frame.assign(_t=key)
        .sort_values("_t", kind="stable")
        .drop(columns="_t")
        .reset_index(drop=True)
    )


#: Rules compared by :func:`audit_by_rule` (and ``lscb-survey audit --rounding all``).
RULES_SIDE_BY_SIDE: tuple[str, ...] = (
    "either",
    "half_up",
    "half_down",
    "half_even",
    "floor",
    "ceil",
)


def audit_by_rule(
    rules: Sequence[str] = RULES_SIDE_BY_SIDE, *, raw: str | Path | None = None
) -> pd.DataFrame:
    """Compare the audit's verdicts under several rounding rules side by side.

    Parameters
    ----------
    rules : sequence of str, default :data:`RULES_SIDE_BY_SIDE`
        Rules of :data:`lscb_survey.rounding.ROUNDING_RULES`.
    raw : path, optional
        Raw data folder to audit instead of the packaged one.

    Returns
    -------
    DataFrame
        One row per (check, table, location) that is not consistent under at
        least one rule, in table and printed order: ``check``, ``table``,
        ``location``, ``published``, then one column per rule holding
        ``"<verdict> (<severity>)"`` ("consistent (ok)" where the rule finds
        nothing to report), and ``errors`` (how many rules make it an error).

    Examples
    --------
    >>> by_rule = audit_by_rule(["either", "floor"])
    >>> int((by_rule["errors"] == 2).sum()) > 0
    True
    """
    keys = ["check", "table", "location"]
    frames = []
    for rule in rules:
        f = audit(rounding=rule, include_consistent=True, raw=raw)
        frames.append(f.assign(_rule=rule, _cell=f["verdict"] + " (" + f["severity"] + ")"))
    long = pd.concat(frames, ignore_index=True)
    first = long.drop_duplicates(keys)[[*keys, "published"]].reset_index(drop=True)
    out = first.copy()
    for rule in rules:
        part = long.loc[long["_rule"] == rule, [*keys, "_cell"]].rename(columns={"_cell": rule})
        out = out.merge(part, on=keys, how="left")
        out[rule] = out[rule].fillna("consistent (ok)").astype("string")
    flagged = pd.concat([~out[r].str.endswith("(ok)") for r in rules], axis=1).any(axis=1)
    out = out[flagged].copy()
    out["errors"] = sum(out[r].str.endswith("(error)").astype("int64") for r in rules)
    return _sort(out[[*keys, "published", *rules, "errors"]])


def render_text(findings: pd.DataFrame) -> str:
    """A readable plain-text report of a findings frame (two lines per finding).

    Examples
    --------
    >>> print(render_text(audit()).splitlines()[0])  # doctest: +ELLIPSIS
    lscb-survey audit: ... findings (... errors, ... warnings, ... info; rounding ...)
    """
    if findings.empty:
        return "lscb-survey audit: no findings\n"
    counts = findings["severity"].value_counts()
    rules = ", ".join(sorted(set(findings["rounding"].dropna()) - {""})) or "n/a"
    lines = [
        f"lscb-survey audit: {len(findings)} findings ({counts.get('error', 0)} errors, "
        f"{counts.get('warning', 0)} warnings, {counts.get('info', 0)} info; rounding {rules})"
    ]
    for r in findings.itertuples(index=False):
        cause = f" [{r.likely_cause}]" if r.likely_cause else ""
        lines.append(f"{r.severity.upper():7} {r.check}: {r.location}")
        lines.append(f"        {r.verdict}: {r.message}{cause}")
    return "\n".join(lines) + "\n"

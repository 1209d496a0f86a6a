"""Check 4: no two items (or columns) of one table print identical distributions."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from ..errors import MissingColumnError
from .findings import (
    COMPARISON_COLUMNS,
    LIKERT_COLUMNS,
    Finding,
    findings_frame,
    frame_kind,
    require,
)
from .tables import comparison_columns, likert_items, order_of

__all__ = [
    "PrintedRow",
    "check_duplicate_rows",
    "duplicate_findings",
    "match_probability",
    "match_probability_log",
]

CHECK = "duplicate_rows"


@dataclass(frozen=True)
class PrintedRow:
    """One printed distribution of a table: an item's counts or a column's percentages.

    ``position`` orders rows within the table; rows whose ``adjacency`` keys
    differ by one are neighbours in print; ``name`` is what a location names
    (the item's text, or ``(measure, agency)``).
    """

    position: int
    adjacency: int
    name: tuple[str, ...]
    labels: tuple[str, ...]
    vector: tuple[int, ...]
    n: int


def match_probability(n: int, probabilities: Sequence[Fraction]) -> float:
    """P(two independent Multinomial(n, p) vectors are equal) = sum_x P(x)^2.

    A dynamic programme over categories and running total ``t``:
    ``ways[t]`` is the sum, over the ways the categories seen so far can add
    up to ``t``, of the squared multinomial probability of that partial
    vector; adding ``x`` more in the next category multiplies by
    ``(C(t + x, x) * p**x)**2``. Floating point is enough here (this is an
    estimate reported beside a verdict, not a verdict); past the float range
    the same recursion runs on logarithms (:func:`match_probability_log`).

    Examples
    --------
    >>> match_probability(1, [Fraction(1, 2), Fraction(1, 2)])
    0.5
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
        return match_probability_log(n, probabilities)


def match_probability_log(n: int, probabilities: Sequence[Fraction]) -> float:
    """:func:`match_probability` on logarithms, for large bases."""
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
                term = ways[t] + 2 * log_comb + (x * log_q2 if x and log_q2 is not None else 0.0)
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
    kind = frame_kind(data)
    if kind == "likert":
        require(data, LIKERT_COLUMNS, "likert")
        findings = _likert_duplicates(data)
    elif kind == "comparison":
        require(data, COMPARISON_COLUMNS, "comparison")
        findings = _column_duplicates(data)
    else:
        raise MissingColumnError(
            "duplicate rows are checked in likert or comparison frames", column="count / rating"
        )
    return findings_frame(findings, include_consistent)


def _likert_duplicates(data: pd.DataFrame) -> list[Finding]:
    by_table: dict[int, list[PrintedRow]] = {}
    for pos, (table, _item_id, group) in enumerate(likert_items(data)):
        vec = tuple(int(c) for c in group["count"])
        labels = tuple(str(r) for r in group["response"])
        name = (str(group["item"].iloc[0]),)
        n = int(group["n"].iloc[0])
        by_table.setdefault(table, []).append(PrintedRow(pos, pos, name, labels, vec, n))
    findings = []
    for table, rows in by_table.items():

        def locate(members: list[PrintedRow], t: int = table) -> str:
            return f"Table {t}, rows " + " and ".join(f'"{m.name[0]}"' for m in members)

        findings += duplicate_findings(table, rows, "row", locate)
    return findings


def _column_duplicates(data: pd.DataFrame) -> list[Finding]:
    by_table: dict[tuple[int, str], list[PrintedRow]] = {}
    agencies = order_of(data["agency"])
    measures: dict[int, list[str]] = {}
    for pos, col in enumerate(comparison_columns(data)):
        printed = tuple(p for p in col.printed if p is not None)
        if len(printed) < len(col.rows):
            continue
        order = measures.setdefault(col.table, [])
        if col.measure not in order:
            order.append(col.measure)
        # neighbours in print: the same measure, next agency
        adjacency = 100 * order.index(col.measure) + agencies.index(col.agency)
        row = PrintedRow(
            pos, adjacency, (col.measure, col.agency), tuple(col.labels), printed, col.n
        )
        by_table.setdefault((col.table, col.survey), []).append(row)
    findings = []
    for (table, survey), rows in by_table.items():

        def locate(members: list[PrintedRow], t: int = table, s: str = survey) -> str:
            measures_in = list(dict.fromkeys(m.name[0] for m in members))
            if len(measures_in) == 1:
                cols = " and ".join(f'"{m.name[1]}"' for m in members)
                return f'Table {t}, "{measures_in[0]}", columns {cols} ({s})'
            cols = " and ".join(f'"{m.name[0]}" "{m.name[1]}"' for m in members)
            return f"Table {t}, columns {cols} ({s})"

        findings += duplicate_findings(table, rows, "column", locate, percent=True)
    return findings


def duplicate_findings(
    table: int,
    rows: list[PrintedRow],
    what: str,
    locate: Callable[[list[PrintedRow]], str],
    *,
    percent: bool = False,
) -> list[Finding]:
    """One warning per group of identical distributions among ``rows`` of one table.

    ``what`` names a row ("row" or "column"); ``locate`` turns the members of
    a group into a location; ``percent`` marks the values as percentages.
    """
    groups: dict[tuple[tuple[str, ...], tuple[int, ...], int], list[PrintedRow]] = {}
    for row in rows:
        groups.setdefault((row.labels, row.vector, row.n), []).append(row)
    findings = []
    pairs = len(rows) * (len(rows) - 1) // 2
    for (labels, vec, n), members in groups.items():
        if len(members) < 2:
            continue
        # six significant digits: an estimate, and stable across platforms' floating point
        chance = float(f"{match_probability(n, _pooled(rows)):.6g}")
        adjacent = any(b.adjacency - a.adjacency == 1 for a, b in itertools.pairwise(members))
        values = ", ".join(
            f"{lab} {v}{'%' if percent else ''}" for lab, v in zip(labels, vec, strict=True)
        )
        bound = min(1.0, pairs * chance)
        cause = (
            f"{what} copied from its neighbour" if adjacent else f"possible copy of another {what}"
        )
        message = (
            f"{len(members)} {what}s of Table {table} print the same distribution "
            f"({values}). Two independent {what}s from the table's pooled distribution "
            f"(n={n}) agree exactly with probability {float(chance):.2g}; over its {pairs} "
            f"pairs of {what}s, at most {float(bound):.2g}"
        )
        findings.append(
            Finding(
                CHECK,
                "warning",
                "consistent",
                table,
                locate(members),
                values,
                "distinct distributions",
                "",
                f"{len(members)} identical {what}s of {len(rows)}",
                "",
                cause,
                message,
                chance,
                order=(members[-1].position, 98),
            )
        )
    return findings


def _pooled(rows: list[PrintedRow]) -> list[Fraction]:
    """The table's pooled distribution: every row's values added up, as shares."""
    k = len(rows[0].vector)
    sums = [sum(Fraction(r.vector[i]) for r in rows) for i in range(k)]
    total = sum(sums)
    if total == 0:
        return [Fraction(1, k)] * k
    return [s / total for s in sums]

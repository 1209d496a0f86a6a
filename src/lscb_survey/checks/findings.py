"""The findings frame every check returns, and the helpers the checks share to build it.

A check collects :class:`Finding` records and turns them into a frame with
:func:`findings_frame`, whose columns are :data:`FINDING_COLUMNS`. The other
helpers check a check's input (:func:`require`, :func:`frame_kind`,
:func:`check_rounding`) and format the numbers findings print.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pandas as pd

from ..errors import MissingColumnError
from ..stats.rounding import check_rule, percent_of

__all__ = [
    "CHECKS",
    "COMPARISON_COLUMNS",
    "FINDING_COLUMNS",
    "LIKERT_COLUMNS",
    "ONLY_ROUNDED",
    "RETURNS_COLUMNS",
    "Finding",
    "as_int",
    "check_rounding",
    "findings_frame",
    "fmt_interval",
    "fmt_options",
    "frame_kind",
    "pct",
    "percent_options",
    "records",
    "require",
    "short",
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

#: The six checks, in the order :func:`~lscb_survey.checks.runner.audit` runs them
#: (name -> function name).
CHECKS: dict[str, str] = {
    "percent_from_count": "check_percent_from_count",
    "totals": "check_totals",
    "percent_only_columns": "check_percent_only_columns",
    "duplicate_rows": "check_duplicate_rows",
    "response_rates": "check_response_rates",
    "claims": "check_claims",
}
_CHECK_ORDER = {name: k for k, name in enumerate(CHECKS)}

#: Required columns of the three tidy frames (see :mod:`lscb_survey.data.loaders`).
LIKERT_COLUMNS: tuple[str, ...] = ("table", "item_id", "item", "response", "count", "percent", "n")
RETURNS_COLUMNS: tuple[str, ...] = (
    "table",
    "category",
    "returns",
    "response_rate",
    "share_of_returns",
)
COMPARISON_COLUMNS: tuple[str, ...] = (
    "table",
    "measure",
    "agency",
    "survey",
    "rating",
    "percent",
    "n",
)


@dataclass
class Finding:
    """One row of a findings frame (:data:`FINDING_COLUMNS`), plus its sort key ``order``.

    ``order`` is the finding's position within its table (printed order);
    :func:`findings_frame` sorts by table, then ``order``.
    """

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
    order: tuple[int, ...] = field(default_factory=tuple)


def findings_frame(findings: Iterable[Finding], include_consistent: bool = False) -> pd.DataFrame:
    """The findings as a frame in table and printed order (plain passes left out by default).

    Parameters
    ----------
    findings : iterable of Finding
    include_consistent : bool, default False
        Keep findings with severity "ok" and verdict "consistent".

    Returns
    -------
    DataFrame
        Columns :data:`FINDING_COLUMNS`; ``table`` is ``Int64``, ``chance``
        ``Float64``, every other column ``string``.
    """
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
    types: dict[str, str] = {c: "string" for c in FINDING_COLUMNS if c not in ("table", "chance")}
    types.update(table="Int64", chance="Float64")
    return frame.astype(types).reset_index(drop=True)


def records(frame: pd.DataFrame) -> Iterator[Any]:
    """The rows of a tidy frame as named tuples (fields are the frame's columns, cells untyped)."""
    return frame.itertuples(index=False)


def check_rounding(rounding: object) -> str:
    """Return ``rounding`` after checking it names a rule of ``stats.rounding.ROUNDING_RULES``.

    Raises
    ------
    TypeError, ValueError
        When ``rounding`` is not a string or names no rule.
    """
    return check_rule(rounding)


def require(data: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise unless ``data`` is a frame with every one of ``columns``.

    Raises
    ------
    TypeError
        When ``data`` is not a DataFrame.
    MissingColumnError
        Naming the first missing column and the kind of frame (``what``).
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"expected a DataFrame, got {type(data).__name__}")
    for column in columns:
        if column not in data.columns:
            raise MissingColumnError(f"{what} frame lacks a required column", column=column)


def frame_kind(data: pd.DataFrame) -> str:
    """Which tidy frame ``data`` is: "likert", "returns" or "comparison" (raises otherwise)."""
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


def as_int(value: Any) -> int | None:
    """A cell as an ``int``, ``None`` when missing."""
    return None if value is None or pd.isna(value) else int(value)


def pct(x: Fraction) -> str:
    """An exact share as a percentage with two decimals (display only).

    Examples
    --------
    >>> pct(Fraction(43, 57)), pct(Fraction(1, 4))
    ('75.44%', '25%')
    """
    value = 100 * x
    if value.denominator == 1:
        return f"{value.numerator}%"
    return f"{float(value):.2f}%"


def short(label: str, width: int = 60) -> str:
    """``label`` cut to ``width`` characters with an ellipsis."""
    label = str(label)
    return label if len(label) <= width else label[: width - 1].rstrip() + "\u2026"


def percent_options(count: int, n: int, rule: str) -> list[int]:
    """Whole percentages ``count`` out of ``n`` can print as under ``rule``.

    Examples
    --------
    >>> percent_options(1, 8, "either")
    [12, 13]
    """
    rules = ("half_up", "half_down") if rule == "either" else (rule,)
    return sorted({percent_of(count, n, r) for r in rules})


def fmt_options(values: Sequence[int]) -> str:
    """Values joined by "or"."""
    return " or ".join(str(v) for v in values)


def fmt_interval(interval: tuple[int, int] | None) -> str:
    """An interval of counts as ``"lo-hi"`` (one value alone, "none" when empty)."""
    if interval is None:
        return "none"
    lo, hi = interval
    return str(lo) if lo == hi else f"{lo}-{hi}"

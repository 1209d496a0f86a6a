"""Reading the frames that disclosure control works on: kinds, counts, parameters, groups."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Integral, Real

import pandas as pd

from ..errors import CellFormatError, MissingColumnError, SurveyDataError
from ..stats.counts import check_count_range

__all__ = [
    "LIKERT_KEY",
    "LIKERT_VALUES",
    "RETURNS_KEY",
    "RETURNS_VALUES",
    "Protection",
    "check_threshold",
    "frame_kind",
    "positions_by",
    "whole",
    "whole_counts",
]

LIKERT_KEY = ("table", "item_id")
LIKERT_VALUES = ("count", "percent", "weighted_count", "weighted_percent")
RETURNS_KEY = ("table", "grouping")
RETURNS_VALUES = ("returns", "response_rate", "share_of_returns")


def frame_kind(frame: pd.DataFrame) -> str:
    """``"likert"`` or ``"returns"``; anything else is refused."""
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


def whole(value: object) -> int | None:
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


def whole_counts(frame: pd.DataFrame, column: str) -> list[int]:
    """The column as whole non-negative numbers; any other value is a `CellFormatError`."""
    values, problems = [], []
    for label, value in zip(frame.index, frame[column], strict=True):
        count = None if pd.isna(value) else whole(value)
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


def check_threshold(threshold: object) -> int:
    """The threshold as an int >= 1 (ValueError otherwise)."""
    if isinstance(threshold, bool) or not isinstance(threshold, Integral) or threshold < 1:
        raise ValueError(f"threshold must be a whole number >= 1, got {threshold!r}")
    return int(threshold)


@dataclass(frozen=True)
class Protection:
    """The suppression threshold and the protection levels of a hidden cell.

    A cell hidden because its count ``c`` is below ``threshold`` is protected
    when a reader cannot exclude ``c + upper`` (capped at its total) nor
    ``c - lower`` (floored at the smallest value the published rules allow).
    """

    threshold: int
    lower: int
    upper: int

    @classmethod
    def of(cls, threshold: object, protection: object = None) -> Protection:
        """Parameters checked: ``protection`` is None (the threshold), an int or (lower, upper)."""
        t = check_threshold(threshold)
        if protection is None:
            return cls(t, t, t)
        pair = protection if isinstance(protection, tuple) else (protection, protection)
        if len(pair) != 2 or any(
            isinstance(p, bool) or not isinstance(p, Integral) or p < 0 for p in pair
        ):
            raise ValueError(
                f"protection must be a whole number >= 0 or (lower, upper), got {protection!r}"
            )
        return cls(t, int(pair[0]), int(pair[1]))


def positions_by(frame: pd.DataFrame, key: Sequence[str]) -> list[list[int]]:
    """Row positions of each group of ``key`` columns, groups in order of first appearance."""
    present = [k for k in key if k in frame.columns]
    groups: dict[tuple, list[int]] = {}
    for pos, values in enumerate(zip(*(frame[k].astype(str) for k in present), strict=True)):
        groups.setdefault(values, []).append(pos)
    return list(groups.values())

"""Problems in respondent data: recorded one by one, raised together.

Validation never stops at the first problem. Each one is recorded as a
:class:`Problem` naming the rows (1-based data rows, with respondent ids when
known, see :class:`RowNames`), the column and the value;
:func:`validation_error` turns them all into one
:class:`~lscb_survey.waves.model.WaveValidationError`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cells import plain
from .model import WaveValidationError

__all__ = [
    "MAX_ROWS_SHOWN",
    "Problem",
    "RowNames",
    "rows_word",
    "same_problem_once",
    "validation_error",
]

#: Rows listed per problem.
MAX_ROWS_SHOWN = 5

#: Kinds of problem listed first (the file's shape before its answers).
_FIRST_KINDS = ("missing_column", "duplicate_column", "blank_id", "duplicate_id")


@dataclass
class Problem:
    """One problem in respondent data (a row of ``WaveValidationError.details``)."""

    kind: str
    column: str | None
    value: object
    rows: tuple[int, ...]
    respondents: tuple[object, ...]
    count: int
    message: str


class RowNames:
    """Names rows in messages: 1-based data rows, plus respondent ids when known.

    Examples
    --------
    >>> import numpy as np
    >>> RowNames(10, None).describe(np.arange(7))[2]
    'row 1, row 2, row 3, row 4, row 5 and 2 more'
    """

    def __init__(self, n: int, ids: np.ndarray | None) -> None:
        self.n = n
        self.ids = ids

    def describe(self, positions: np.ndarray) -> tuple[tuple[int, ...], tuple[object, ...], str]:
        """Rows (1-based), respondent ids and the text naming them (first five shown)."""
        shown = positions[:MAX_ROWS_SHOWN]
        rows = tuple(int(p) + 1 for p in shown)
        ids: tuple[object, ...] = ()
        if self.ids is not None:
            ids = tuple(plain(self.ids[p]) for p in shown)
            text = ", ".join(f"row {r} (respondent {i!r})" for r, i in zip(rows, ids, strict=True))
        else:
            text = ", ".join(f"row {r}" for r in rows)
        if len(positions) > len(shown):
            text += f" and {len(positions) - len(shown)} more"
        return rows, ids, text


def rows_word(n: int) -> str:
    """``"1 row"`` or ``"n rows"``.

    Examples
    --------
    >>> rows_word(1), rows_word(3)
    ('1 row', '3 rows')
    """
    return f"{n} row" if n == 1 else f"{n} rows"


def validation_error(problems: Sequence[Problem], source: str | None) -> WaveValidationError:
    """One error holding every problem, those about the file's shape listed first.

    Parameters
    ----------
    problems : sequence of Problem
        The problems found (at least one).
    source : str or None
        The file, for the message.

    Returns
    -------
    WaveValidationError
        Its ``details`` has one row per problem (columns as :class:`Problem`).

    Examples
    --------
    >>> err = validation_error([Problem("blank_id", "id", "", (2,), (), 1, "blank id")], None)
    >>> str(err.details["kind"].tolist())
    "['blank_id']"
    """
    first = _FIRST_KINDS
    ordered = sorted(problems, key=lambda p: first.index(p.kind) if p.kind in first else len(first))
    details = pd.DataFrame(
        [vars(p) for p in ordered],
        columns=["kind", "column", "value", "rows", "respondents", "count", "message"],
    )
    return WaveValidationError(
        f"respondent data has {len(ordered)} problem{'s' if len(ordered) != 1 else ''}",
        file=source,
        details=details,
        listed=same_problem_once(ordered),
    )


_PREFIX = re.compile(
    r"^column (?P<col>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"): (?P<rest>.*)$", re.S
)
_ROWS = re.compile(r"^(?P<what>.*?) in (?P<n>\d+ rows?): (?P<rows>.*)$", re.S)


def _names(columns: Sequence[str]) -> str:
    return columns[0] if len(columns) == 1 else f"{', '.join(columns[:-1])} and {columns[-1]}"


def same_problem_once(problems: Sequence[Problem]) -> list[str]:
    """The problems' messages, one line for the columns that share the same problem.

    A wrong label in fifteen columns of one scale would otherwise repeat the
    scale's levels fifteen times; here the levels are listed once and the
    columns named, every one of them.

    Examples
    --------
    >>> ps = [Problem("unknown_label", c, "Yes", (1,), (), 1,
    ...       f"column {c!r}: unknown label 'Yes' (scale 'a' has 'No') in 1 row: row 1")
    ...       for c in ("q1", "q2")]
    >>> same_problem_once(ps)
    ["columns 'q1' and 'q2': unknown label 'Yes' (scale 'a' has 'No') in 1 row each: row 1"]
    """
    groups: dict[str, tuple[str, list[tuple[str, str, str]]]] = {}
    for i, p in enumerate(problems):
        head = _PREFIX.match(p.message)
        rows = _ROWS.match(head.group("rest")) if head else None
        if head is None or rows is None:
            groups[f"\0{i}"] = (p.message, [])  # listed as it is
            continue
        entry = (head.group("col"), rows.group("n"), rows.group("rows"))
        groups.setdefault(rows.group("what"), (rows.group("what"), []))[1].append(entry)
    out = []
    for what, entries in groups.values():
        if not entries:
            out.append(what)
        elif len(entries) == 1:
            col, n, rows_text = entries[0]
            out.append(f"column {col}: {what} in {n}: {rows_text}")
        elif len({(n, r) for _, n, r in entries}) == 1:
            _, n, rows_text = entries[0]
            cols = _names([c for c, _, _ in entries])
            out.append(f"columns {cols}: {what} in {n} each: {rows_text}")
        else:
            cols = _names([c for c, _, _ in entries])
            where = "; ".join(f"column {c} {n}: {r}" for c, n, r in entries)
            out.append(f"columns {cols}: {what}, in {where}")
    return out

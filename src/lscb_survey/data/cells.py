"""Cells of the raw transcriptions: the printed forms a loader accepts.

Every parser names the file, line and column of a cell that is not in its
printed form, so a loader's error points at the cell to correct.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import CellFormatError, TotalMismatchError

__all__ = [
    "NOT_ASKED",
    "TOTAL",
    "check_total",
    "parse_count_pct",
    "parse_int",
    "parse_optional_int",
]

#: Label of a printed Total row or column.
TOTAL = "Total"
#: Mark the report prints where a question was not asked.
NOT_ASKED = "-"

_INT = re.compile(r"^\d+$")
#: ``n (p%)``; the report twice prints this form with a slip ("57(100%)", "57 (100%").
_COUNT_PCT = re.compile(r"^(\d+)\s*\((\d+)%\)?$")


def parse_int(cell: str, path: Path, line: int, column: str) -> int:
    """Parse a whole number printed as digits.

    Parameters
    ----------
    cell : str
        The cell as transcribed (surrounding white space is ignored).
    path, line, column
        Where the cell is, for the error message.

    Returns
    -------
    int

    Raises
    ------
    CellFormatError
        If the cell is not a whole number.

    Examples
    --------
    >>> from pathlib import Path
    >>> parse_int(" 43 ", Path("table07.csv"), 3, "Agree")
    43
    """
    text = cell.strip()
    if not _INT.match(text):
        raise CellFormatError(
            "expected a whole number", file=path, line=line, column=column, value=cell
        )
    return int(text)


def parse_optional_int(
    cell: str, path: Path, line: int, column: str
) -> tuple[int | None, str | None]:
    """Parse a whole number, or '-' / blank (returned as the mark).

    Returns
    -------
    tuple
        ``(number, None)`` for a number, ``(None, mark)`` for "-" or "".

    Examples
    --------
    >>> from pathlib import Path
    >>> parse_optional_int("-", Path("table01.csv"), 2, "rate")
    (None, '-')
    >>> parse_optional_int("35", Path("table01.csv"), 2, "rate")
    (35, None)
    """
    text = cell.strip()
    if text in (NOT_ASKED, ""):
        return None, text
    return parse_int(cell, path, line, column), None


def parse_count_pct(cell: str, path: Path, line: int, column: str) -> tuple[int, int]:
    """Parse a count with its percentage, printed as ``43 (76%)``.

    Returns
    -------
    tuple of int
        ``(count, percent)``.

    Raises
    ------
    CellFormatError
        If the cell is not in that form.

    Examples
    --------
    >>> from pathlib import Path
    >>> parse_count_pct("43 (76%)", Path("table07.csv"), 3, "Agree")
    (43, 76)
    """
    match = _COUNT_PCT.match(cell.strip())
    if not match:
        raise CellFormatError(
            "expected a count and percentage such as '43 (76%)'",
            file=path,
            line=line,
            column=column,
            value=cell,
        )
    return int(match.group(1)), int(match.group(2))


def check_total(expected: int, found: int, path: Path, line: int, column: str, what: str) -> None:
    """Raise :class:`~lscb_survey.errors.TotalMismatchError` unless ``found == expected``.

    Parameters
    ----------
    expected : int
        The printed total.
    found : int
        The sum of the cells it totals.
    path, line, column
        Where the printed total is.
    what : str
        What was added up, for the message (e.g. "returns").
    """
    if expected != found:
        raise TotalMismatchError(
            f"{what} add up to {found}, the printed total is {expected}",
            file=path,
            line=line,
            column=column,
            value=expected,
        )

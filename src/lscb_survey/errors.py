"""Errors raised for bad data.

Every data error the library raises is a :class:`SurveyDataError`; subclasses say
what kind of problem was found. Messages name the file, the line (or respondent),
the column and the offending value, so a person can find the cell.

Messages stay short whatever the data: a long value is shown by its start and
end with the number of characters left out (:func:`elide`, :func:`shown`), a
listing names its first items and counts the rest (:func:`listing`), and a
whole message never exceeds :data:`MAX_MESSAGE` characters. Warnings use the
same helpers (:func:`capped`). ``docs/errors.md`` describes the contract.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "MAX_LISTED",
    "MAX_MESSAGE",
    "MAX_VALUE",
    "CellFormatError",
    "ChecksumError",
    "CodebookError",
    "MissingColumnError",
    "SurveyDataError",
    "TotalMismatchError",
    "UnknownLabelError",
    "WaveFormatError",
    "capped",
    "elide",
    "escape_controls",
    "listing",
    "shown",
]

#: Characters of one value shown in a message (longer values are elided in the middle).
MAX_VALUE = 120

#: Items of a listing shown in a message before the rest are counted.
MAX_LISTED = 20

#: Characters of one whole message (error or warning), at most.
MAX_MESSAGE = 6000

#: Characters of one listed problem line.
_MAX_PROBLEM = 800


# C0 and C1 control characters (line feed excepted), and the bidirectional overrides
# that would make a terminal show text other than what is there
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    r"""``text`` with every control character shown as its escape (line feeds kept).

    A message quotes file names, column names and values from the data; a raw
    escape sequence in one of them would otherwise reach the user's terminal.

    Examples
    --------
    >>> escape_controls("bad\x1b[31m name\tand\nmore")
    'bad\\x1b[31m name\\tand\nmore'
    """
    return _CONTROLS.sub(lambda m: ascii(m.group())[1:-1], text)


def elide(text: str, limit: int = MAX_VALUE) -> str:
    """``text`` cut to about ``limit`` characters by leaving out its middle.

    Examples
    --------
    >>> elide("A" * 1000, 30)
    'AAAAAAAAAAAAAAA...[975 characters left out]...AAAAAAAAAA'
    >>> elide("short")
    'short'
    """
    if len(text) <= limit:
        return text
    head = max(1, limit // 2)
    tail = max(1, limit // 3)
    return f"{text[:head]}...[{len(text) - head - tail} characters left out]...{text[-tail:]}"


def shown(value: object, limit: int = MAX_VALUE) -> str:
    """The ``repr`` of a value for a message, elided in the middle when long.

    Examples
    --------
    >>> shown("Agree")
    "'Agree'"
    >>> len(shown("x" * 5_000_000)) < 200
    True
    """
    if isinstance(value, str) and len(value) > 4 * limit:
        # never build the repr of a huge text: show its two ends
        return elide(repr(value[:limit]) + repr(value[-limit:]), limit)
    return elide(repr(value), limit)


def listing(values: Iterable[object], limit: int = MAX_LISTED, *, quote: bool = True) -> str:
    """The first ``limit`` values joined by commas, the rest counted.

    Examples
    --------
    >>> listing(["a", "b", "c"], 2)
    "'a', 'b' and 1 more"
    >>> listing([1, 2], quote=False)
    '1, 2'
    """
    items = list(values)
    parts = [shown(v) if quote else elide(str(v)) for v in items[:limit]]
    text = ", ".join(parts)
    if len(items) > limit:
        text += f" and {len(items) - limit} more"
    return text


def capped(text: str, limit: int = MAX_MESSAGE) -> str:
    """A whole message (or warning) cut to ``limit`` characters in the middle.

    Examples
    --------
    >>> len(capped("x" * 100_000)) <= 6100
    True
    """
    return elide(escape_controls(text), limit)


class SurveyDataError(ValueError):
    """Base class of every data error raised by lscb_survey.

    Parameters
    ----------
    message : str
        What is wrong.
    file, line, column, value : optional
        Where the problem is; included in the message when given.
    problems : iterable of str, optional
        Further problems found in the same pass (all are listed, up to a cap).
    """

    #: How many problems are listed in one message before the rest are counted.
    MAX_LISTED = MAX_LISTED

    def __init__(
        self,
        message: str,
        *,
        file: object | None = None,
        line: int | None = None,
        column: object | None = None,
        value: object | None = None,
        problems: Iterable[str] | None = None,
    ) -> None:
        self.file = None if file is None else str(file)
        self.line = line
        self.column = column
        self.value = value
        self.problems = list(problems or [])
        where = []
        if self.file is not None:
            where.append(f"file {elide(self.file, 2 * MAX_VALUE)}")
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {shown(column)}")
        if value is not None:
            where.append(f"value {shown(value)}")
        text = elide(message, MAX_MESSAGE // 3)
        if where:
            text += f" ({', '.join(where)})"
        if self.problems:
            listed = self.problems[: self.MAX_LISTED]
            text += "".join(f"\n  - {elide(p, _MAX_PROBLEM)}" for p in listed)
            if len(self.problems) > len(listed):
                text += f"\n  ... and {len(self.problems) - len(listed)} more"
        super().__init__(capped(text))


class CellFormatError(SurveyDataError):
    """A cell does not have the printed form expected for its column."""


class TotalMismatchError(SurveyDataError):
    """Counts do not add up to the printed total."""


class UnknownLabelError(SurveyDataError):
    """A row, column or response label is not one the table or codebook knows."""


class MissingColumnError(SurveyDataError):
    """A column the table or codebook requires is absent."""


class ChecksumError(SurveyDataError):
    """A raw file differs from the checksum manifest."""


class CodebookError(SurveyDataError):
    """A codebook is malformed (unknown scale, duplicate label, missing key)."""


class WaveFormatError(SurveyDataError):
    """A respondent-level file cannot be read (empty, corrupt, wrong type, bad bytes)."""

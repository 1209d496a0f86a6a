"""Errors raised for bad data.

Every data error the library raises is a :class:`SurveyDataError`; subclasses say
what kind of problem was found. Messages name the file, the line (or respondent),
the column and the offending value, so a person can find the cell.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "CellFormatError",
    "ChecksumError",
    "CodebookError",
    "MissingColumnError",
    "SurveyDataError",
    "TotalMismatchError",
    "UnknownLabelError",
    "WaveFormatError",
]


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
    MAX_LISTED = 20

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
            where.append(f"file {self.file}")
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        if value is not None:
            where.append(f"value {value!r}")
        text = message if not where else f"{message} ({', '.join(where)})"
        if self.problems:
            listed = self.problems[: self.MAX_LISTED]
            text += "".join(f"\n  - {p}" for p in listed)
            if len(self.problems) > len(listed):
                text += f"\n  ... and {len(self.problems) - len(listed)} more"
        super().__init__(text)


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

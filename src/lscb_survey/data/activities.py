"""Counts of practice developments reported in the text of the report.

Schema, one row per activity:
``activity_id, activity, parent, lscbs, n, subsection, lscbs_as_printed``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import (
    CellFormatError,
    MissingColumnError,
    SurveyDataError,
    TotalMismatchError,
    UnknownLabelError,
)
from ..survey import SURVEY_BASES
from .rawfiles import Row, check_width, raw_path, read_rows

__all__ = ["ACTIVITY_COLUMNS", "load_activities", "words_to_int"]

#: Columns of the activities schema.
ACTIVITY_COLUMNS: tuple[str, ...] = (
    "activity_id",
    "activity",
    "parent",
    "lscbs",
    "n",
    "subsection",
    "lscbs_as_printed",
)
#: Columns the raw file must have.
_RAW_COLUMNS = ("activity_id", "parent_id", "activity", "lscbs_as_printed", "subsection")

_INT = re.compile(r"^\d+$")
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

_Record = tuple[str, str, str | None, int, int, str, str]


def words_to_int(text: str) -> int | None:
    """Read a count written in words or figures.

    Parameters
    ----------
    text : str
        For example "Thirty four", "thirty-four" or "18".

    Returns
    -------
    int or None
        The number, or None if the text is not a number below 100.

    Examples
    --------
    >>> words_to_int("Thirty four"), words_to_int("18"), words_to_int("many")
    (34, 18, None)
    """
    t = text.strip().lower().replace("-", " ")
    if _INT.match(t):
        return int(t)
    parts = t.split()
    if len(parts) == 1 and parts[0] in _NUMBER_WORDS:
        return _NUMBER_WORDS[parts[0]]
    if parts and parts[0] in _TENS and len(parts) <= 2:
        unit = _NUMBER_WORDS.get(parts[1], -1) if len(parts) == 2 else 0
        if 0 <= unit <= 9:
            return _TENS[parts[0]] + unit
    return None


def load_activities(*, raw: str | Path | None = None) -> pd.DataFrame:
    """Load the counts of practice developments reported in the text.

    These come from the report's section "Developing social work expertise and
    supporting effective social work practice", where counts are written in words
    ("Thirty four LSCBs ...") or figures ("(18 LSCBs)").

    Returns
    -------
    DataFrame
        One row per activity: ``activity_id``, ``activity`` (short description),
        ``parent`` (``activity_id`` of the activity this one is part of, missing
        for top-level activities), ``lscbs`` (number of LSCBs reporting it),
        ``n`` (the base: 57 responding LSCBs for top-level activities, the
        parent's count for sub-activities), ``subsection`` (the report's
        sub-heading) and ``lscbs_as_printed`` (the count as written).

    Examples
    --------
    >>> a = load_activities().set_index("activity_id")
    >>> int(a.loc["reflective_supervision", "lscbs"]), int(a.loc["reflective_supervision", "n"])
    (18, 34)
    """
    path = raw_path(config.ACTIVITIES_FILE, raw)
    rows = read_rows(path)
    header = rows[0].cells
    for col in _RAW_COLUMNS:
        if col not in header:
            raise MissingColumnError("activities column missing", file=path, line=1, column=col)
    idx = {c: header.index(c) for c in _RAW_COLUMNS}
    records: list[_Record] = []
    counts: dict[str, int] = {}
    for row in rows[1:]:
        check_width(row, len(header), header, path)
        cells = {c: row.cells[idx[c]].strip() for c in _RAW_COLUMNS}
        record = _activity_record(cells, counts, row, path)
        counts[record[0]] = record[3]
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=list(ACTIVITY_COLUMNS))
    return frame.astype({"parent": "string", "lscbs": "int64", "n": "int64"})


def _activity_record(
    cells: dict[str, str], counts: dict[str, int], row: Row, path: Path
) -> _Record:
    """Check one row against the activities read so far (``counts``); its record."""
    count = words_to_int(cells["lscbs_as_printed"])
    if count is None:
        raise CellFormatError(
            "expected a number in words or figures",
            file=path,
            line=row.line,
            column="lscbs_as_printed",
            value=cells["lscbs_as_printed"],
        )
    if cells["activity_id"] in counts:
        raise SurveyDataError(
            "duplicate activity_id",
            file=path,
            line=row.line,
            column="activity_id",
            value=cells["activity_id"],
        )
    parent = cells["parent_id"] or None
    if parent is not None and parent not in counts:
        raise UnknownLabelError(
            "parent must be listed before its parts",
            file=path,
            line=row.line,
            column="parent_id",
            value=parent,
        )
    base = counts[parent] if parent else SURVEY_BASES["Munro"]
    if count > base:
        raise TotalMismatchError(
            f"count exceeds its base of {base}",
            file=path,
            line=row.line,
            column="lscbs_as_printed",
            value=count,
        )
    return (
        cells["activity_id"],
        cells["activity"],
        parent,
        count,
        base,
        cells["subsection"],
        cells["lscbs_as_printed"],
    )

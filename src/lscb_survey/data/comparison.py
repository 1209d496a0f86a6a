"""Tables 3-4: ratings of agencies in the 2009-10 (Laming) and 2012 (Munro) surveys.

Schema, one row per measure x agency x survey x rating:
``table, measure, agency, survey, rating, percent, n, missing_mark``.

A raw file holds one block per measure: a header row naming the agencies, a
row naming the two surveys under each agency, then one row per rating.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import SurveyDataError, UnknownLabelError
from ..survey import AGENCIES, SURVEY_BASES, SURVEYS
from .cells import parse_optional_int
from .codebook import Codebook
from .rawfiles import Row, check_width, read_rows

__all__ = ["AGENCY_DTYPE", "COMPARISON_COLUMNS", "SURVEY_DTYPE", "load_comparison"]

#: Ordered dtype of the ``agency`` column.
AGENCY_DTYPE = pd.CategoricalDtype(list(AGENCIES), ordered=True)
#: Ordered dtype of the ``survey`` column (earlier survey first).
SURVEY_DTYPE = pd.CategoricalDtype(list(SURVEYS), ordered=True)
#: Columns of the comparison schema.
COMPARISON_COLUMNS: tuple[str, ...] = (
    "table",
    "measure",
    "agency",
    "survey",
    "rating",
    "percent",
    "n",
    "missing_mark",
)

#: Width of a row: the label, then one column per agency x survey.
_WIDTH = 1 + 2 * len(AGENCIES)

_Record = tuple[int, str, str, str, str, int | None, int, str | None]
#: (agency, survey, column name for messages) of each value column of a block.
_Column = tuple[str, str, str]


def load_comparison(table: int, path: Path, codebook: Codebook) -> pd.DataFrame:
    """Read a comparison table (Tables 3-4).

    Parameters
    ----------
    table : int
        Report table number, stored in the ``table`` column.
    path : Path
        The raw CSV file.
    codebook : Codebook
        Supplies the ``rating4`` scale (the ratings and their order).

    Returns
    -------
    DataFrame
        The comparison schema (see :func:`~lscb_survey.data.loaders.load_table`).

    Raises
    ------
    SurveyDataError
        If a header row is missing or names an unknown agency or survey, a
        rating is missing or repeated, or a cell is malformed.

    Examples
    --------
    >>> from lscb_survey import config
    >>> from lscb_survey.data.codebook import default_codebook
    >>> t3 = load_comparison(3, config.raw_dir() / "table03.csv", default_codebook())
    >>> sorted(t3["n"].unique().tolist())
    [46, 57]
    """
    rows = read_rows(path)
    rating_scale = codebook.scales["rating4"]
    ratings = set(rating_scale.categories)
    records: list[_Record] = []
    i = 0
    while i < len(rows):
        measure, columns = _measure_header(rows, i, ratings, path)
        header = rows[i].cells
        i += 2
        seen: set[str] = set()
        while i < len(rows) and rows[i].cells and rows[i].cells[0].strip() in ratings:
            block = (table, measure, header, columns)
            records += _rating_records(block, rows[i], seen, path)
            i += 1
        missing = [r for r in rating_scale.categories if r not in seen]
        if missing:
            where = rows[i] if i < len(rows) else rows[-1]
            raise UnknownLabelError(
                f"measure {measure!r} lacks ratings {missing}",
                file=path,
                line=where.line,
                column="#1",
                value=where.cells[0] if where.cells else "",
            )
    frame = pd.DataFrame.from_records(records, columns=list(COMPARISON_COLUMNS))
    return frame.astype(
        {
            "agency": AGENCY_DTYPE,
            "survey": SURVEY_DTYPE,
            "rating": rating_scale.dtype,
            "percent": "Int64",
            "n": "int64",
            "missing_mark": "string",
        }
    )


def _measure_header(
    rows: list[Row], i: int, ratings: set[str], path: Path
) -> tuple[str, list[_Column]]:
    """Check the two header rows of the block starting at ``rows[i]``; its measure and columns."""
    head = rows[i]
    if i + 1 >= len(rows):
        raise SurveyDataError(
            "measure header is not followed by the survey header row", file=path, line=head.line
        )
    sub = rows[i + 1]
    measure = head.cells[0].strip()
    if not measure or measure in ratings:
        raise UnknownLabelError(
            "expected a measure header row",
            file=path,
            line=head.line,
            column="#1",
            value=head.cells[0],
        )
    check_width(head, _WIDTH, head.cells, path)
    check_width(sub, _WIDTH, head.cells, path)
    columns: list[_Column] = []
    for k in range(len(AGENCIES)):
        label = head.cells[1 + 2 * k].strip()
        agency = re.sub(r"\s*\(%\)$", "", label)
        if agency not in AGENCIES:
            raise UnknownLabelError(
                "unknown agency", file=path, line=head.line, column=f"#{2 + 2 * k}", value=label
            )
        for j, survey_cell in enumerate(sub.cells[1 + 2 * k : 3 + 2 * k]):
            if survey_cell.strip() != SURVEYS[j]:
                raise UnknownLabelError(
                    f"expected survey {SURVEYS[j]!r}",
                    file=path,
                    line=sub.line,
                    column=f"{label} #{j + 1}",
                    value=survey_cell,
                )
            columns.append((agency, SURVEYS[j], f"{label} {SURVEYS[j]}"))
    return measure, columns


def _rating_records(
    block: tuple[int, str, list[str], list[_Column]], row: Row, seen: set[str], path: Path
) -> list[_Record]:
    """Records of one rating row of a block; adds its rating to ``seen`` (a repeat is an error).

    ``block`` is (table, measure, the measure's header cells, its value columns).
    """
    table, measure, header, columns = block
    check_width(row, _WIDTH, header, path)
    rating = row.cells[0].strip()
    if rating in seen:
        raise SurveyDataError(
            "rating appears twice in one measure",
            file=path,
            line=row.line,
            column="#1",
            value=rating,
        )
    seen.add(rating)
    records: list[_Record] = []
    for cell, (agency, survey, colname) in zip(row.cells[1:_WIDTH], columns, strict=True):
        value, mark = parse_optional_int(cell, path, row.line, colname)
        records.append((table, measure, agency, survey, rating, value, SURVEY_BASES[survey], mark))
    return records

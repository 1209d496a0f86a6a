"""Read the raw transcriptions of the report into tidy DataFrames.

Each loader validates its raw file and raises a :class:`~lscb_survey.errors.SurveyDataError`
subclass naming the file, line, column and value of the first problem found:
a cell that is not in its printed form, counts that do not add up to the printed
total, a label the table does not know, or a missing column. Printed Total rows and
columns are checked and then dropped: they are not rows of the tidy data.

Schemas (one row per ...):

* returns (Tables 1-2), per category:
  ``table, grouping, category, returns, response_rate, share_of_returns``
* comparison (Tables 3-4), per measure x agency x survey x rating:
  ``table, measure, agency, survey, rating, percent, n, missing_mark``
* likert (Tables 5-10), per item x response:
  ``table, section, block, item_id, item, scale, response, count, percent, n``
* activities (in-text counts), per activity:
  ``activity_id, activity, parent, lscbs, n, subsection, lscbs_as_printed``

This module holds the catalogue of tables and :func:`load_table`, which hands
each table to the reader of its kind (:mod:`.returns`, :mod:`.comparison`,
:mod:`.likert_tables`); :func:`load_activities` lives in :mod:`.activities`.
The schema constants and :func:`load_activities` are importable from here too.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import MissingColumnError, UnknownLabelError
from .activities import load_activities
from .cells import parse_int
from .codebook import Codebook, default_codebook
from .comparison import AGENCY_DTYPE, SURVEY_DTYPE, load_comparison
from .likert_tables import LIKERT_COLUMNS, load_likert
from .rawfiles import check_width, raw_path, read_rows
from .returns import load_returns

__all__ = [
    "AGENCY_DTYPE",
    "CATALOGUE_COLUMNS",
    "LIKERT_COLUMNS",
    "SURVEY_DTYPE",
    "catalogue",
    "load_activities",
    "load_table",
    "raw_grid",
]

#: Columns of :func:`catalogue`.
CATALOGUE_COLUMNS: tuple[str, ...] = (
    "table",
    "title",
    "kind",
    "base_n",
    "section",
    "section_page",
)


def raw_grid(table: int, *, raw: str | Path | None = None) -> list[list[str]]:
    """Return a report table exactly as transcribed: a list of rows of strings.

    Parameters
    ----------
    table : int
        Report table number, 1-10.
    raw : path, optional
        Folder to read instead of the packaged raw data.

    Returns
    -------
    list of list of str
        Every row of the raw file, header rows and printed totals included.

    Examples
    --------
    >>> raw_grid(5)[1]
    ['Strongly agree', '3', '5']
    """
    return [r.cells for r in read_rows(raw_path(_table_file(table), raw))]


def _table_file(table: int) -> str:
    """Name of the raw file of a report table (ValueError for a table not in 1-10)."""
    try:
        return config.RAW_TABLE_FILES[int(table)]
    except (KeyError, ValueError, TypeError, OverflowError):
        raise ValueError(f"the report has tables 1-10; got {table!r}") from None


@lru_cache(maxsize=8)
def _catalogue(raw: str | None) -> pd.DataFrame:
    path = raw_path(config.CATALOGUE_FILE, raw)
    rows = read_rows(path)
    header = rows[0].cells
    required = list(CATALOGUE_COLUMNS)
    for col in required:
        if col not in header:
            raise MissingColumnError("catalogue column missing", file=path, line=1, column=col)
    records = []
    for row in rows[1:]:
        check_width(row, len(header), header, path)
        cells = dict(zip(header, row.cells, strict=False))
        rec: dict[str, str | int] = {
            **cells,
            "table": parse_int(cells["table"], path, row.line, "table"),
            "section_page": parse_int(cells["section_page"], path, row.line, "section_page"),
        }
        if rec["kind"] not in {"returns", "comparison", "likert"}:
            raise UnknownLabelError(
                "unknown table kind", file=path, line=row.line, column="kind", value=rec["kind"]
            )
        records.append(rec)
    return pd.DataFrame.from_records(records, columns=required)


def catalogue(*, raw: str | Path | None = None) -> pd.DataFrame:
    """List the report's tables.

    Returns
    -------
    DataFrame
        One row per table with columns ``table`` (1-10), ``title`` (as printed),
        ``kind`` ("returns", "comparison" or "likert"), ``base_n`` (the stated
        base; "46; 57" for the two surveys of Tables 3-4), ``section`` (the report
        section holding the table) and ``section_page`` (the page that section of
        the report's Tables appendix starts on).

    Examples
    --------
    >>> catalogue().set_index("table").loc[7, "kind"]
    'likert'
    """
    return _catalogue(None if raw is None else str(raw)).copy()


def load_table(
    table: int, *, raw: str | Path | None = None, codebook: Codebook | None = None
) -> pd.DataFrame:
    """Load a report table as a tidy DataFrame.

    Parameters
    ----------
    table : int
        Report table number, 1-10.
    raw : path, optional
        Folder to read instead of the packaged raw data (for example a copy
        with corrections of one's own).
    codebook : Codebook, optional
        Instrument used to recognise the items and scales of Tables 5-10;
        defaults to the built-in 2012 codebook.

    Returns
    -------
    DataFrame
        Tables 1-2 (returns), one row per category: ``table``, ``grouping`` (the
        printed first column header), ``category``, ``returns``,
        ``response_rate`` (printed %, missing where printed "-") and
        ``share_of_returns`` (printed %).

        Tables 3-4 (comparison), one row per measure x agency x survey x rating:
        ``table``, ``measure``, ``agency`` and ``survey`` (ordered
        Categoricals), ``rating`` (ordered Categorical: Good, Reasonable, Poor,
        Don't know), ``percent`` (printed %, missing where nothing was printed),
        ``n`` (survey base: 46 Laming, 57 Munro) and ``missing_mark`` (what the
        report printed for a missing cell: "-" or "" for blank; missing otherwise).

        Tables 5-10 (likert), one row per item x printed response:
        ``table``, ``section`` (report section), ``block`` (the printed first
        column header, e.g. "Positive implications"), ``item_id``, ``item``
        (printed label), ``scale``, ``response`` (ordered Categorical of the
        scale's levels, most positive first, then "Not specified"), ``count``,
        ``percent`` (printed %) and ``n`` (the item's printed total).

    Raises
    ------
    SurveyDataError
        If the raw file is malformed; the message names file, line, column and value.

    Examples
    --------
    >>> t7 = load_table(7)
    >>> int(t7.query("item_id == 't7_relationships' and response == 'Agree'")["count"].iloc[0])
    43
    """
    kind = catalogue(raw=raw).set_index("table").loc[_check_table(table), "kind"]
    path = raw_path(_table_file(table), raw)
    if kind == "returns":
        return load_returns(table, path)
    if kind == "comparison":
        return load_comparison(table, path, codebook or default_codebook())
    return load_likert(table, path, codebook or default_codebook())


def _check_table(table: int) -> int:
    _table_file(table)
    return int(table)

"""Tables 1-2: survey returns by type of authority and by region.

Schema, one row per category:
``table, grouping, category, returns, response_rate, share_of_returns``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import MissingColumnError, SurveyDataError
from .cells import TOTAL, check_total, parse_int, parse_optional_int
from .rawfiles import check_width, read_rows

__all__ = ["RETURNS_COLUMNS", "load_returns"]

#: Value columns of a returns table.
RETURNS_COLUMNS: tuple[str, ...] = ("returns", "response_rate", "share_of_returns")


def load_returns(table: int, path: Path) -> pd.DataFrame:
    """Read a returns table (Tables 1-2) and check its printed Total row.

    Parameters
    ----------
    table : int
        Report table number, stored in the ``table`` column.
    path : Path
        The raw CSV file.

    Returns
    -------
    DataFrame
        The returns schema (see :func:`~lscb_survey.data.loaders.load_table`);
        the Total row is checked and dropped.

    Raises
    ------
    SurveyDataError
        If a column or the Total row is missing, a cell is malformed or the
        returns do not add up to the printed total.

    Examples
    --------
    >>> from lscb_survey import config
    >>> int(load_returns(1, config.raw_dir() / "table01.csv")["returns"].sum())
    57
    """
    rows = read_rows(path)
    header = rows[0].cells
    if len(header) < 4:
        raise MissingColumnError(
            "expected 4 columns: category, returns, response rate, share of returns",
            file=path,
            line=1,
            column=f"#{len(header) + 1}",
        )
    grouping = header[0]
    records, total = [], None
    for row in rows[1:]:
        check_width(row, 4, header, path)
        label = row.cells[0].strip()
        returns = parse_int(row.cells[1], path, row.line, header[1])
        rate, _ = parse_optional_int(row.cells[2], path, row.line, header[2])
        share = parse_int(row.cells[3], path, row.line, header[3])
        if label == TOTAL:
            total = (row.line, returns)
            continue
        records.append((table, grouping, label, returns, rate, share))
    if total is None:
        raise SurveyDataError("printed Total row is missing", file=path, column=header[0])
    check_total(total[1], sum(r[3] for r in records), path, total[0], header[1], "returns")
    frame = pd.DataFrame.from_records(
        records, columns=["table", "grouping", "category", *RETURNS_COLUMNS]
    )
    return frame.astype({"returns": "int64", "response_rate": "Int64", "share_of_returns": "int64"})

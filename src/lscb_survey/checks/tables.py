"""The report's tables in printed order, and the words that locate a printed cell.

Checks walk a likert frame item by item (:func:`likert_items`) and a comparison
frame column by column (:func:`comparison_columns`), in the order the report
prints them, and name what they find the way a reader would look it up
(:func:`cell_location`, :func:`column_location`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple, cast

import pandas as pd

from .findings import as_int, records, short

__all__ = [
    "PrintedColumn",
    "by_table",
    "cell_location",
    "column_location",
    "comparison_columns",
    "fmt_column",
    "likert_items",
    "order_of",
]


class PrintedColumn(NamedTuple):
    """One printed column of a percent-only table (Tables 3-4): a measure x agency x survey.

    ``rows`` are ``(rating, printed percentage or None)`` in printed order;
    ``marks`` the printed missing marks of the same cells ("<NA>" where none
    is recorded), or ``None`` when the frame has no ``missing_mark`` column.
    """

    table: int
    measure: str
    agency: str
    survey: str
    n: int
    marks: list[str] | None
    rows: list[tuple[str, int | None]]

    @property
    def printed(self) -> list[int | None]:
        """The printed percentages, in rating order."""
        return [p for _, p in self.rows]

    @property
    def labels(self) -> list[str]:
        """The ratings, in printed order."""
        return [r for r, _ in self.rows]


def by_table(data: pd.DataFrame) -> Iterator[tuple[int, pd.DataFrame]]:
    """``(table, its rows)`` of a frame of stacked tables, in the order they come."""
    for table, group in data.groupby("table", sort=False):
        yield int(cast(int, table)), group


def likert_items(frame: pd.DataFrame) -> list[tuple[int, str, pd.DataFrame]]:
    """(table, item_id, rows in response order) of a likert frame, in printed order."""
    out = []
    frame = frame.reset_index(drop=True).assign(_pos=lambda d: range(len(d)))
    for (table, item_id), group in frame.groupby(["table", "item_id"], sort=False):
        if isinstance(group["response"].dtype, pd.CategoricalDtype):
            group = group.sort_values(["response", "_pos"])
        out.append((int(cast(int, table)), str(item_id), group))
    return out


def cell_location(table: int, item_id: str, item: str, block: object, column: str) -> str:
    """Where a likert cell is printed: frequency tables (5-6) list responses as rows."""
    if str(block) == "Response":
        if column == "Total":
            return f'Table {table}, row "Total", column "Percentage" ({item_id})'
        return f'Table {table}, row "{column}", column "Percentage" ({item_id})'
    return f'Table {table}, row "{short(item)}" ({item_id}), column "{column}"'


def order_of(series: pd.Series) -> list[str]:
    """The labels of ``series`` in order: its categories, or first appearance."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [str(c) for c in series.cat.categories]
    return list(dict.fromkeys(series.astype(str)))


_Key = tuple[int, str, str, str]
_Cells = dict[str, tuple[int | None, str]]


def comparison_columns(data: pd.DataFrame) -> list[PrintedColumn]:
    """The columns of a comparison frame in printed order (table, measure, agency, survey)."""
    ratings = order_of(data["rating"])
    agencies = order_of(data["agency"])
    surveys = order_of(data["survey"])
    has_marks = "missing_mark" in data.columns
    bases: dict[_Key, int] = {}
    cells: dict[_Key, _Cells] = {}
    measures: dict[int, list[str]] = {}
    marks_of = data["missing_mark"].tolist() if has_marks else [None] * len(data)
    frame = data[["table", "measure", "agency", "survey", "rating", "percent", "n"]]
    for rec, mark in zip(records(frame), marks_of, strict=True):
        table, measure = int(rec.table), str(rec.measure)
        key = (table, measure, str(rec.agency), str(rec.survey))
        measures.setdefault(table, [])
        if measure not in measures[table]:
            measures[table].append(measure)
        bases.setdefault(key, int(rec.n))
        shown = "<NA>" if pd.isna(mark) else str(mark)
        cells.setdefault(key, {})[str(rec.rating)] = (as_int(rec.percent), shown)
    out = []
    for key in sorted(
        cells,
        key=lambda k: (k[0], measures[k[0]].index(k[1]), agencies.index(k[2]), surveys.index(k[3])),
    ):
        column = cells[key]
        rows = [(rt, column[rt][0]) for rt in ratings if rt in column]
        marks = [column[rt][1] for rt in ratings if rt in column] if has_marks else None
        out.append(PrintedColumn(*key, bases[key], marks, rows))
    return out


def column_location(table: int, measure: str, agency: str, survey: str, rating: str = "") -> str:
    """Where a column (or, with ``rating``, a cell) of Tables 3-4 is printed."""
    where = f'Table {table}, "{measure}", column "{agency}" ({survey})'
    return where + (f', row "{rating}"' if rating else "")


def fmt_column(rows: list[tuple[str, int | None]]) -> str:
    """A printed column as ``"Good 25, Reasonable 60, ..."`` ("-" for a missing cell)."""
    return ", ".join(f"{r} {'-' if p is None else p}" for r, p in rows)

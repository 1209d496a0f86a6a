"""The report's tables as grids of cells, with audit findings attached to the cells they concern.

:func:`table_grid` turns a printed layout (:func:`lscb_survey.published_layout`)
into header rows, group rows and body rows that a template renders as an HTML
table; :func:`attach_findings` marks the cells each audit finding names (see
:mod:`lscb_survey.present.report.locate`) and keeps the findings that name no
cell as notes on the whole table. :func:`full_location` writes a finding's
location with every cut row label restored in full.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd

from .locate import finding_cells

__all__ = [
    "Cell",
    "Head",
    "Mark",
    "Row",
    "TableGrid",
    "attach_findings",
    "full_location",
    "table_grid",
]


def _records(frame: pd.DataFrame) -> Iterator[Any]:
    """Rows of ``frame`` as named tuples (typed loosely: columns vary by frame)."""
    return iter(frame.itertuples())


_SEVERITY_ORDER = ("error", "warning", "info")


@dataclass(frozen=True)
class Head:
    """A header cell: its text, span and scope."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    scope: str = "col"


@dataclass(frozen=True)
class Mark:
    """An audit finding shown on a cell: its number, severity, check and explanation."""

    number: int
    severity: str
    check: str
    explanation: str


@dataclass
class Cell:
    """A body cell: printed text, column key and the findings that concern it."""

    text: str
    column: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def severity(self) -> str:
        """The most serious severity among the cell's findings (``""`` when none)."""
        for level in _SEVERITY_ORDER:
            if any(m.severity == level for m in self.marks):
                return level
        return ""

    @property
    def title(self) -> str:
        """The findings' explanations, one per line, for a hover tooltip."""
        return "\n".join(f"Finding {m.number} ({m.severity}): {m.explanation}" for m in self.marks)


@dataclass
class Row:
    """A body row: a group heading (``cells`` empty) or a labelled row of cells."""

    label: str
    key: tuple[str, str, str]
    cells: list[Cell] = field(default_factory=list)
    is_group: bool = False


@dataclass
class TableGrid:
    """One table ready to render."""

    number: int
    title: str
    kind: str
    head: list[list[Head]]
    rows: list[Row]
    columns: list[str]
    notes: list[Mark] = field(default_factory=list)
    #: A sentence under the table (e.g. how many respondents were not asked an item).
    note: str = ""

    @property
    def anchor(self) -> str:
        """The HTML id of the table's section, e.g. ``"table-7"``."""
        return f"table-{self.number}"

    @property
    def n_data_cells(self) -> int:
        """Number of body cells holding values (not row labels or group headings)."""
        return sum(len(r.cells) for r in self.rows)

    @property
    def n_columns(self) -> int:
        """Columns including the row label."""
        return len(self.columns) + 1


def _body(label: str, key: tuple[str, str, str], values: list[object], columns: list[str]) -> Row:
    return Row(label, key, [Cell(str(v), c) for v, c in zip(values, columns, strict=True)])


def table_grid(
    number: int, title: str, kind: str, layout: pd.DataFrame, item_ids: list[str]
) -> TableGrid:
    """Header and body rows of a printed layout.

    Parameters
    ----------
    number, title, kind : int, str, str
        Table number, title and kind (``returns``, ``comparison``, ``likert``).
    layout : DataFrame
        The result of :func:`lscb_survey.published_layout`.
    item_ids : list of str
        Item ids of a likert table in printed order (empty for other kinds).

    Returns
    -------
    TableGrid

    Examples
    --------
    >>> import lscb_survey as ls
    >>> g = table_grid(7, "Table 7", "likert", ls.published_layout(7),
    ...                list(dict.fromkeys(ls.load_table(7)["item_id"])))
    >>> g.n_data_cells, g.rows[1].key[2], g.rows[1].cells[1].text
    (63, 't7_relationships', '43 (76%)')
    """
    if isinstance(layout.columns, pd.MultiIndex):  # Tables 3-4
        pairs = [(str(a), str(s)) for a, s in layout.columns.to_list()]
        columns = [f"{a} | {s}" for a, s in pairs]
        top = [Head("Measure and rating", rowspan=2)]
        top += [Head(a, colspan=2, scope="colgroup") for a in dict.fromkeys(a for a, _ in pairs)]
        head = [top, [Head(s) for _, s in pairs]]
        rows: list[Row] = []
        for measure, part in layout.groupby(level=0, sort=False):
            rows.append(Row(str(measure), (str(measure), "", ""), is_group=True))
            for key_, values in part.iterrows():
                rating = cast("tuple[Any, Any]", key_)[1]
                key = (str(measure), str(rating), "")
                rows.append(_body(str(rating), key, values.tolist(), columns))
        return TableGrid(number, title, kind, head, rows, columns)
    columns = [str(c) for c in layout.columns]
    if isinstance(layout.index, pd.MultiIndex):  # Tables 7-10
        head = [[Head("Item"), *(Head(c) for c in columns)]]
        rows = []
        ids = iter(item_ids)
        for block, part in layout.groupby(level=0, sort=False):
            rows.append(Row(str(block), (str(block), "", ""), is_group=True))
            for key_, values in part.iterrows():
                item = cast("tuple[Any, Any]", key_)[1]
                rows.append(
                    _body(str(item), (str(block), str(item), next(ids)), values.tolist(), columns)
                )
        return TableGrid(number, title, kind, head, rows, columns)
    head = [[Head(str(layout.index.name)), *(Head(c) for c in columns)]]
    item = item_ids[0] if item_ids else ""
    rows = [
        _body(str(label), ("", str(label), item), values.tolist(), columns)
        for label, values in layout.iterrows()
    ]
    return TableGrid(number, title, kind, head, rows, columns)


def attach_findings(grid: TableGrid, findings: pd.DataFrame) -> TableGrid:
    """Mark each cell named by a finding of this table; keep the rest as table notes.

    Parameters
    ----------
    grid : TableGrid
    findings : DataFrame
        Audit findings (:func:`lscb_survey.audit`) with a ``number`` column; only
        those whose ``table`` is the grid's are used.

    Returns
    -------
    TableGrid
        The same grid, marked.
    """
    keys: list[tuple[str, ...]] = [r.key for r in grid.rows if not r.is_group]
    cells: dict[tuple[tuple[str, ...], str], Cell] = {
        (r.key, c.column): c for r in grid.rows for c in r.cells
    }
    own = findings[findings["table"].astype("Int64") == grid.number]
    for f in _records(own):
        mark = Mark(int(f.number), str(f.severity), str(f.check), _explanation(f))
        targets = finding_cells(str(f.location), keys, grid.columns, grid.kind)
        if not targets:
            grid.notes.append(mark)
        for target in targets:
            cells[target].marks.append(mark)
    return grid


def _explanation(f) -> str:
    parts = [str(f.message)]
    if not pd.isna(f.likely_cause) and str(f.likely_cause):
        parts.append(f"Likely cause: {f.likely_cause}.")
    return " ".join(parts)


def full_location(location: str, labels: list[str]) -> str:
    """``location`` with every label cut with an ellipsis replaced by the printed label.

    Examples
    --------
    >>> full_location('row "Is likely to cre\\u2026" (t7_x)', ["Is likely to create change"])
    'row "Is likely to create change" (t7_x)'
    """
    import re

    def restore(match: re.Match[str]) -> str:
        cut = match.group(1)[:-1].rstrip()
        full = [label for label in labels if label.startswith(cut)]
        return f'"{full[0]}"' if len(full) == 1 else match.group(0)

    return re.sub(r'"([^"]*\u2026)"', restore, location)

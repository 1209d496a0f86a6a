"""Which printed cells an audit finding concerns, read from its ``location``.

The audit names places as a reader of the printed table would
(``Table 7, row "Is likely to…" (t7_relationships), column "Agree"``;
``Table 3, "Trust", column "Police" (Munro), row "Good"``). :func:`finding_cells`
turns such a location into the (row key, column key) pairs of a table grid built
by :mod:`lscb_survey.present.report.tables`, so the report can mark the very
cells a finding is about. A location that names no cell (a claim in the text)
gives no cells: the finding then concerns the table as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["RETURNS_COLUMN_ALIASES", "finding_cells", "quoted_after"]

#: Names the audit gives to the printed columns of Tables 1-2 -> position of the column.
RETURNS_COLUMN_ALIASES: dict[str, int] = {
    "number of survey returns": 0,
    "response rate (%)": 1,
    "share of total returns (%)": 2,
}

_ELLIPSIS = "\u2026"


def quoted_after(location: str, word: str) -> list[str]:
    """The quoted names that follow ``word`` (``row``, ``rows``, ``column``, ``columns``).

    Examples
    --------
    >>> quoted_after('Table 3, "Trust", columns "Police" and "Probation" (Munro)', "columns")
    ['Police', 'Probation']
    >>> quoted_after('Table 1, row "Unitary", column "x"', "row")
    ['Unitary']
    """
    match = re.search(rf'\b{word} ((?:"[^"]*"(?: and |, )?)+)', location)
    if match is None:
        return []
    return re.findall(r'"([^"]*)"', match.group(1))


def _label_matches(printed: str, named: str) -> bool:
    if named.endswith(_ELLIPSIS):
        return printed.startswith(named[:-1].rstrip())
    return printed == named


def _columns(location: str, columns: Sequence[str], table_kind: str) -> list[str]:
    named = quoted_after(location, "columns") or quoted_after(location, "column")
    if not named:
        return list(columns)
    survey = re.search(r'column[s]? (?:"[^"]*"(?: and )?)+ \((\w+)\)', location)
    out = []
    for name in named:
        if table_kind == "returns" and name.lower() in RETURNS_COLUMN_ALIASES:
            out.append(columns[RETURNS_COLUMN_ALIASES[name.lower()]])
            continue
        for col in columns:
            head = col.split(" | ")
            if table_kind == "comparison" and survey is not None:
                if head[0] == f"{name} (%)" and head[1] == survey.group(1):
                    out.append(col)
            elif col == name:
                out.append(col)
    return out


def finding_cells(
    location: str,
    rows: Sequence[tuple[str, ...]],
    columns: Sequence[str],
    table_kind: str,
) -> list[tuple[tuple[str, ...], str]]:
    """The cells of a table grid that an audit location names.

    Parameters
    ----------
    location : str
        The ``location`` of an audit finding.
    rows : sequence of (group, label, item id)
        Keys of the table's body rows: the block or measure (or ``""``), the
        printed row label and, for Tables 5-10, the item id.
    columns : sequence of str
        Keys of the table's data columns (two-level headers joined by ``" | "``).
    table_kind : str
        ``"returns"``, ``"comparison"`` or ``"likert"``.

    Returns
    -------
    list of (row key, column key)
        Empty when the location names no cell of the table (a claim in the text).

    Examples
    --------
    >>> rows = [("", "Agree", "t5_x"), ("", "Total", "t5_x")]
    >>> finding_cells('Table 5, row "Agree", column "Percentage" (t5_x)', rows,
    ...               ["Frequency", "Percentage"], "likert")
    [(('', 'Agree', 't5_x'), 'Percentage')]
    """
    if not location.startswith("Table "):
        return []
    named_rows = quoted_after(location, "rows") or quoted_after(location, "row")
    items = re.findall(r"\((t\d+_\w+)\)", location)
    measure = re.match(r'Table \d+, "([^"]+)"', location)
    chosen = []
    for key in rows:
        group, label, item_id = key
        if measure is not None and group != measure.group(1):
            continue
        if named_rows:
            if not any(_label_matches(label, n) for n in named_rows):
                continue
            if items and item_id not in items:
                continue
        elif items and item_id not in items:
            continue
        chosen.append(key)
    cols = _columns(location, columns, table_kind)
    return [(r, c) for r in chosen for c in cols]

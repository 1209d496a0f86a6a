"""The survey's tables as an accessible spreadsheet, with reproducible bytes.

:func:`write_workbook` follows the UK Government Analysis Function's guidance on
releasing statistics in spreadsheets: a cover sheet, a contents sheet and a
notes sheet, then one table per sheet, each with its title in cell A1, a single
header row, no merged cells and no blank rows inside the table. Numbers are
stored as numbers; a cell with no number holds a standard symbol explained in
the notes (:data:`SYMBOLS`): ``[c]`` confidential (hidden by disclosure
control), ``[x]`` not available (children's social care was not rated in
2009-10) and ``[z]`` not applicable. Text cells that a spreadsheet would read as
a formula are escaped as in :func:`lscb_survey.write_csv`.

The file carries fixed document properties and fixed dates inside the archive,
so writing the same tables twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pandas as pd

from ..disclosure import MARKER
from .export import escape_cell

__all__ = ["SYMBOLS", "SheetTable", "layout_sheet", "tables_2012", "write_workbook"]

#: The standard symbols for cells without a number, and what each means.
SYMBOLS: dict[str, str] = {
    "[c]": "Confidential: the count is hidden by disclosure control because it is small "
    "or could be worked out from other cells.",
    "[x]": "Not available: the figure was not collected (children's social care was not "
    "rated in the 2009-10 survey).",
    "[z]": "Not applicable: no figure can exist for this cell (for example a response "
    "rate for returns whose area was not specified, or an answer not offered for an item).",
}

#: Date written into the document properties (the month the report was published).
FIXED_DATE = dt.datetime(2012, 5, 1)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_COUNT_PCT = re.compile(r"^(\d+) \((\d+)%\)$")
_SUPPRESSED = MARKER  # how every hidden cell is published
# characters XML 1.0 cannot hold (those openpyxl refuses), and unpaired surrogates
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class SheetTable:
    """One table for a sheet: sheet name, title, and a frame with one header row."""

    sheet: str
    title: str
    frame: pd.DataFrame


def _value(text: str, missing: str) -> Any:
    """A printed cell as a number, or a symbol: ``*`` -> [c], ``-`` -> ``missing``, blank -> [z].

    In Tables 3-4 (``missing`` is ``[x]``) a blank cell is a rating not printed for a
    survey, so it is not available rather than not applicable.
    """
    text = str(text).strip()
    if text == _SUPPRESSED:
        return "[c]"
    if text == "-":
        return missing
    if text == "":
        return missing if missing == "[x]" else "[z]"
    return int(text) if text.lstrip("-").isdigit() else text


def layout_sheet(sheet: str, title: str, layout: pd.DataFrame, kind: str) -> SheetTable:
    """Turn a printed layout into a table with one header row and numbers as numbers.

    Cells printed as "43 (76%)" become two columns, the count and the percentage.

    Parameters
    ----------
    sheet, title : str
        Sheet name and table title.
    layout : DataFrame
        The result of :func:`lscb_survey.published_layout`.
    kind : str
        ``returns``, ``comparison`` or ``likert``: a "-" is ``[x]`` (not available)
        in comparison tables (as is a blank) and ``[z]`` (not applicable) elsewhere.

    Returns
    -------
    SheetTable

    Examples
    --------
    >>> import lscb_survey as ls
    >>> t = layout_sheet("Table_7", "Table 7", ls.published_layout(7), "likert")
    >>> t.frame.columns[:4].tolist(), int(t.frame.iloc[0, 2])
    (['Block', 'Item', 'Strongly agree (count)', 'Strongly agree (%)'], 4)
    """
    missing = "[x]" if kind == "comparison" else "[z]"
    flat = layout.reset_index()
    if isinstance(layout.columns, pd.MultiIndex):
        names = [
            " ".join(str(p) for p in col if str(p)).strip() or str(col[0])
            for col in cast("list[tuple[Any, ...]]", flat.columns.to_list())
        ]
        flat.columns = pd.Index(
            [n.capitalize() if n in ("measure", "rating") else n for n in names]
        )
    else:
        flat.columns = pd.Index(
            [str(c).capitalize() if str(c) in ("block", "item") else str(c) for c in flat.columns]
        )
    labels = list(flat.columns[: layout.index.nlevels])
    out: dict[str, list[Any]] = {c: flat[c].astype(str).tolist() for c in labels}
    data = flat.columns[layout.index.nlevels :]
    paired = any(_COUNT_PCT.match(c) for col in data for c in flat[col].astype(str))
    for col in data:
        cells = flat[col].astype(str).tolist()
        # A column whose every cell is hidden still has its count and its (%) column,
        # as in the same table without suppression.
        hidden = paired and all(c == _SUPPRESSED for c in cells)
        if hidden or any(_COUNT_PCT.match(c) for c in cells):
            pairs = [_COUNT_PCT.match(c) for c in cells]
            out[f"{col} (count)"] = [
                int(m.group(1)) if m else _value(c, missing)
                for m, c in zip(pairs, cells, strict=True)
            ]
            out[f"{col} (%)"] = [
                int(m.group(2)) if m else _value(c, missing)
                for m, c in zip(pairs, cells, strict=True)
            ]
        else:
            out[str(col)] = [_value(c, missing) for c in cells]
    return SheetTable(sheet, title, pd.DataFrame(out))


def tables_2012(suppress: int | None = None) -> list[SheetTable]:
    """The ten tables of the 2012 report as sheet tables.

    ``suppress`` hides small counts (Tables 1-2 and 5-10; Tables 3-4 print no counts).

    Examples
    --------
    >>> [t.sheet for t in tables_2012()][:3]
    ['Table_1', 'Table_2', 'Table_3']
    """
    from ..data.loaders import catalogue
    from .layout import published_layout

    cat = catalogue().set_index("table")
    return [
        layout_sheet(
            f"Table_{int(n)}",
            f"Table {int(n)}: {cat.loc[n, 'title']}",
            published_layout(
                int(n), suppress=None if cat.loc[n, "kind"] == "comparison" else suppress
            ),
            str(cat.loc[n, "kind"]),
        )
        for n in cat.index
    ]


def _clean(value: Any) -> Any:
    r"""A cell value safe for a workbook: formula-like text escaped, control characters shown.

    XML 1.0 cannot hold most control characters (openpyxl refuses them), so each
    is written as its escape (``Agree\x07`` becomes ``Agree\\x07``) rather than
    dropped unseen.

    Examples
    --------
    >>> _clean("Agree\x07"), _clean("=1+1"), _clean(3)
    ('Agree\\x07', "'=1+1", 3)
    """
    value = escape_cell(value)
    if isinstance(value, str):
        return _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return value


def _write_rows(ws, rows: Iterable[Sequence[Any]]) -> None:
    for row in rows:
        ws.append([_clean(v) for v in row])


def _table_sheet(wb, table: SheetTable, k: int) -> None:
    from openpyxl.styles import Font
    from openpyxl.worksheet.table import Table, TableStyleInfo

    ws = wb.create_sheet(_ILLEGAL.sub("_", table.sheet))  # a sheet name cannot hold "\\"
    ws.append([_clean(table.title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [
            "This worksheet contains one table. Symbols for cells without a number are explained on the Notes sheet."
        ]
    )
    header = [str(_clean(str(c))) for c in table.frame.columns]
    ws.append(header)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    _write_rows(ws, table.frame.itertuples(index=False))
    for i, name in enumerate(header, start=1):
        width = max([len(name), *(len(str(v)) for v in table.frame.iloc[:, i - 1])])
        ws.column_dimensions[ws.cell(row=3, column=i).column_letter].width = min(60, width + 2)
    ref = f"A3:{ws.cell(row=3 + len(table.frame), column=len(header)).coordinate}"
    excel_table = Table(displayName=f"table_{k}", ref=ref)
    excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    ws.add_table(excel_table)


def _front_sheets(
    wb, title: str, tables: Sequence[SheetTable], source: str, notes: Sequence[str]
) -> None:
    from openpyxl.styles import Font

    used = {
        v for t in tables for v in t.frame.to_numpy().ravel() if isinstance(v, str) and v in SYMBOLS
    }
    symbols = {s: meaning for s, meaning in SYMBOLS.items() if s in used}
    cover = wb.active
    cover.title = "Cover"
    _write_rows(
        cover,
        [
            [title],
            [
                "This workbook holds the tables of the survey, one table per sheet, with a contents sheet and notes."
            ],
            ["Source"],
            [source],
            *([["Symbols"]] if symbols else []),
            *([f"{s} {meaning}"] for s, meaning in symbols.items()),
        ],
    )
    cover["A1"].font = Font(bold=True, size=14)
    contents = wb.create_sheet("Contents")
    _write_rows(
        contents,
        [["Contents"], ["This worksheet contains one table."], ["Sheet name", "Table title"]],
    )
    _write_rows(contents, [[t.sheet, t.title] for t in tables])
    contents["A1"].font = Font(bold=True, size=14)
    sheet = wb.create_sheet("Notes")
    _write_rows(
        sheet, [["Notes"], ["This worksheet contains one table."], ["Note number", "Note text"]]
    )
    all_notes = [f"{s} means: {meaning}" for s, meaning in symbols.items()] + list(notes)
    _write_rows(sheet, [[f"Note {k}", text] for k, text in enumerate(all_notes, start=1)])
    sheet["A1"].font = Font(bold=True, size=14)
    for ws in (cover, contents, sheet):
        ws.column_dimensions["A"].width = 24
        ws.column_dimensions["B"].width = 100


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite an archive with a fixed date on every entry, keeping order and content."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def write_workbook(
    path: str | Path,
    tables: Sequence[SheetTable] | None = None,
    *,
    title: str = "LSCB chairs' perspectives on the Munro Review: tables of the 2012 survey",
    notes: Sequence[str] = (),
    suppress: int | None = None,
    source: str | None = None,
) -> Path:
    """Write tables as an accessible XLSX workbook with reproducible bytes.

    Parameters
    ----------
    path : path
        The ``.xlsx`` file to write (its folder is created when absent).
    tables : sequence of SheetTable, optional
        The tables, one per sheet; by default the ten tables of 2012 (:func:`tables_2012`).
    title : str
        Title on the cover sheet and in the document properties.
    notes : sequence of str
        Further notes after those explaining the symbols. Only the symbols that
        occur in the tables are explained.
    suppress : int, optional
        With the default tables: hide counts below this threshold as ``[c]``.
    source : str, optional
        Where the figures come from, on the cover sheet (default: the 2012 report).

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = write_workbook(pathlib.Path(tempfile.mkdtemp()) / "t.xlsx")
    >>> from openpyxl import load_workbook
    >>> load_workbook(p).sheetnames[:4]
    ['Cover', 'Contents', 'Notes', 'Table_1']
    """
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    from ..survey import CITATION

    if not isinstance(path, str | Path) or not str(path) or Path(path).is_dir():
        raise ValueError(f"path must name a file, not a folder: {str(path)!r}")
    if isinstance(tables, str | bytes | pd.DataFrame | SheetTable):
        raise TypeError(f"tables must be a sequence of SheetTable, got {type(tables).__name__}")
    chosen = list(tables) if tables is not None else tables_2012(suppress)
    odd = next((t for t in chosen if not isinstance(t, SheetTable)), None)
    if odd is not None:
        raise TypeError(f"tables must hold SheetTable objects, got a {type(odd).__name__}")
    if not isinstance(title, str) or isinstance(notes, str):
        raise TypeError("title must be a str and notes a sequence of str")
    title = _clean(title)
    wb = Workbook()
    _front_sheets(wb, title, chosen, CITATION if source is None else source, notes)
    for k, table in enumerate(chosen, start=1):
        _table_sheet(wb, table, k)
    props = wb.properties
    props.title, props.creator, props.lastModifiedBy = title, "lscb-survey", "lscb-survey"
    props.created = props.modified = FIXED_DATE
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_fixed_zip(buffer.getvalue()))
    return path

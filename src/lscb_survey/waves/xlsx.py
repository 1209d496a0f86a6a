"""Excel workbooks (``.xlsx``) read within declared bounds, cells checked before they are used.

A workbook is a ZIP archive of XML parts, and a few kilobytes of it can
describe a sheet of 17 billion cells (one value at ``XFD1048576``) or a merged
range as large; a reader that lays the sheet out as a grid then needs
gigabytes. :func:`read_xlsx` therefore reads in two passes:

1. :func:`scan_sheet` streams the sheet's XML once, keeping nothing but
   counts and positions: where the non-empty cells lie, error cells
   (``#N/A``, ``#DIV/0!``...), formulas without a saved value, hidden rows and
   columns, merged ranges (never expanded). Every limit (:data:`LIMITS`) is
   checked as the scan goes, and the archive's parts are checked against
   :data:`MAX_PART_BYTES` before any is decompressed.
2. openpyxl (read-only) then reads the values of the rectangle from ``A1`` to
   the last non-empty row and column only, whatever the sheet declares.

Which sheet is read is explicit: by default the first sheet, which must not be
hidden (a workbook whose first sheet is hidden is an error that names the
visible sheets); ``sheet=`` names a sheet or gives its position.
"""

from __future__ import annotations

import posixpath
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from ..errors import WaveFormatError, capped, listing
from .model import WaveWarning

__all__ = ["LIMITS", "MAX_PART_BYTES", "SheetScan", "read_grid", "scan_sheet", "sheet_part"]

#: Bounds of what is read from a worksheet, checked before anything is laid out.
LIMITS: dict[str, int] = {
    "rows": 1_048_576,  # Excel's own limits
    "columns": 16_384,
    "cells": 5_000_000,  # cells with a value
    "grid": 10_000_000,  # rows x columns of the rectangle read (A1 to the last value)
}

#: Largest uncompressed size of one part of the archive (a sheet, the shared strings).
MAX_PART_BYTES = 512 * 2**20

_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,10})")
_CHUNK = 1 << 20
_KEPT = 1000  # positions kept of each kind of finding (the rest are counted)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class SheetScan:
    """What :func:`scan_sheet` found in one worksheet."""

    rows: int = 0  # last row with a value
    columns: int = 0  # last column with a value
    cells: int = 0
    farthest: str = ""  # the cell that set the last row or column
    errors: list[str] = field(default_factory=list)  # "B4 (#N/A)"
    unsaved: list[str] = field(default_factory=list)  # formula cells without a value
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # of each list, when capped

    def note(self, kind: str, value: Any) -> None:
        """Add ``value`` to the list ``kind``, keeping at most :data:`_KEPT` of them."""
        self.counts[kind] = self.counts.get(kind, 0) + 1
        kept = getattr(self, kind)
        if len(kept) < _KEPT:
            kept.append(value)

    def count(self, kind: str) -> int:
        return self.counts.get(kind, 0)


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class _Scanner:
    """The expat handlers of :func:`scan_sheet` (state of the cell being read)."""

    def __init__(self) -> None:
        self.scan = SheetScan()
        self.row = 0
        self.column = 0
        self.cell: dict[str, Any] | None = None
        self.text_of: str | None = None  # "v" or "t" while inside one

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rsplit(" ", 1)[-1]
        if tag == "c":
            self._start_cell(attrs)
        elif tag == "row":
            self.row = int(attrs["r"]) if "r" in attrs else self.row + 1
            self.column = 0
            if self.row > LIMITS["rows"]:
                raise _Refused(f"row {self.row} is beyond the last row Excel allows")
            if attrs.get("hidden") in ("1", "true"):
                self.scan.note("hidden_rows", self.row)
        elif self.cell is not None and tag in ("v", "t", "f"):
            self.text_of = tag
            if tag == "f":
                self.cell["formula"] = True
        elif tag == "col" and attrs.get("hidden") in ("1", "true"):
            low = int(attrs.get("min", "0"))
            self.scan.note("hidden_columns", (low, int(attrs.get("max", low))))
        elif tag == "mergeCell":
            self.scan.note("merged", attrs.get("ref", "?"))

    def _start_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        if ref:
            match = _REF.fullmatch(ref)
            if match is None:
                raise _Refused(f"cell reference {ref!r} is malformed")
            self.column = _column_number(match.group(1))
            row = int(match.group(2))
            if row > LIMITS["rows"]:
                raise _Refused(f"cell {ref} is beyond the last row Excel allows")
            self.row = row
        else:
            self.column += 1
        if self.column > LIMITS["columns"]:
            raise _Refused(f"a cell of row {self.row} is beyond the last column Excel allows")
        self.cell = {"type": attrs.get("t", "n"), "value": "", "formula": False}

    def data(self, text: str) -> None:
        if self.cell is not None and self.text_of in ("v", "t") and len(self.cell["value"]) < 64:
            self.cell["value"] += text

    def end(self, name: str) -> None:
        tag = name.rsplit(" ", 1)[-1]
        if tag in ("v", "t", "f"):
            self.text_of = None
        elif tag == "c" and self.cell is not None:
            self._end_cell(self.cell)
            self.cell = None

    def _end_cell(self, cell: dict[str, Any]) -> None:
        scan = self.scan
        ref = f"{_column_letters(self.column)}{self.row}"
        value = cell["value"]
        if cell["formula"] and not value.strip():
            scan.note("unsaved", ref)
        if not value or (cell["type"] in ("str", "inlineStr") and not value.strip()):
            return
        if cell["type"] == "e":
            scan.note("errors", f"{ref} ({value.strip()})")
        scan.cells += 1
        if scan.cells > LIMITS["cells"]:
            raise _Refused(f"the sheet has more than {LIMITS['cells']:,} cells with a value")
        if self.row > scan.rows or self.column > scan.columns:
            scan.farthest = ref
        scan.rows = max(scan.rows, self.row)
        scan.columns = max(scan.columns, self.column)


class _Refused(Exception):
    """A limit or rule of :func:`scan_sheet` was broken (the message says which)."""


def _no_doctype(*_: object) -> None:
    raise _Refused("the XML declares a document type or entities, which a workbook never does")


def _parser(handlers: _Scanner | None = None) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    if handlers is not None:
        parser.StartElementHandler = handlers.start
        parser.EndElementHandler = handlers.end
        parser.CharacterDataHandler = handlers.data
    return parser


def _open_part(archive: zipfile.ZipFile, name: str) -> Any:
    """A part of the archive opened for reading, after checking its declared size."""
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise _Refused(
            f"part {name} would be {info.file_size:,} bytes uncompressed "
            f"(more than {MAX_PART_BYTES // 2**20} MiB)"
        )
    return archive.open(info)


def scan_sheet(archive: zipfile.ZipFile, part: str) -> SheetScan:
    """Stream one worksheet part and return where its values lie and what is odd about them.

    Raises
    ------
    WaveFormatError
        Not raised here directly: the private ``_Refused`` and expat errors are
        turned into one by :func:`read_grid`.
    """
    for info in archive.infolist():
        if info.file_size > MAX_PART_BYTES:
            raise _Refused(
                f"part {info.filename} would be {info.file_size:,} bytes uncompressed "
                f"(more than {MAX_PART_BYTES // 2**20} MiB)"
            )
    scanner = _Scanner()
    parser = _parser(scanner)
    with _open_part(archive, part) as fh:
        while chunk := fh.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    scan = scanner.scan
    if scan.rows * scan.columns > LIMITS["grid"]:
        raise _Refused(
            f"the values span A1:{scan.farthest or '?'} ({scan.rows:,} rows by "
            f"{scan.columns:,} columns, more than {LIMITS['grid']:,} cells); "
            f"is cell {scan.farthest} a stray value far from the data?"
        )
    return scan


def sheet_part(archive: zipfile.ZipFile, sheet: str | int | None) -> tuple[str, str, str]:
    """``(name, state, part)`` of the chosen sheet: ``visible``, ``hidden`` or ``veryHidden``.

    ``None`` chooses the first sheet and refuses it when it is hidden.
    """
    name, state, part = _chosen(_sheets(archive), sheet)
    if not part:
        raise _Refused(f"sheet {name!r} is not a worksheet (a chart sheet?); pass sheet=")
    return name, state, part


def _chosen(sheets: list[tuple[str, str, str]], sheet: str | int | None) -> tuple[str, str, str]:
    if not sheets:
        raise _Refused("the workbook has no sheets")
    if sheet is None:
        name, state, part = sheets[0]
        if state != "visible":
            visible = [n for n, s, _ in sheets if s == "visible"]
            raise _Refused(
                f"the first sheet {name!r} is {state}; pass sheet= (sheet name or position) "
                f"to choose the sheet to read (visible sheets: {listing(visible) or 'none'})"
            )
        return sheets[0]
    if isinstance(sheet, int):
        if sheet >= len(sheets):
            raise _Refused(f"the workbook has {len(sheets)} sheets; there is no sheet {sheet}")
        return sheets[sheet]
    for entry in sheets:
        if entry[0] == sheet:
            return entry
    raise _Refused(f"no sheet named {sheet!r} (sheets: {listing(n for n, _, _ in sheets)})")


def _sheets(archive: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """Every sheet of the workbook in order: name, state and the path of its part."""
    targets: dict[str, tuple[str, str]] = {}

    def relation(name: str, attrs: dict[str, str]) -> None:
        if name.endswith("Relationship") and "Id" in attrs:
            targets[attrs["Id"]] = (attrs.get("Target", ""), attrs.get("Type", ""))

    sheets: list[tuple[str, str, str]] = []

    def sheet(name: str, attrs: dict[str, str]) -> None:
        if name.rsplit(" ", 1)[-1] == "sheet":
            rid = attrs.get(f"{_REL} id", "")
            sheets.append((attrs.get("name", ""), attrs.get("state", "visible"), rid))

    for part, handler in (("xl/_rels/workbook.xml.rels", relation), ("xl/workbook.xml", sheet)):
        parser = _parser()
        parser.StartElementHandler = handler
        with _open_part(archive, part) as fh:
            parser.ParseFile(fh)
    out = []
    for name, state, rid in sheets:
        target, kind = targets.get(rid, ("", ""))
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        # a chart sheet has no cells: its part is "" and choosing it is an error
        out.append((name, state, posixpath.normpath(part) if kind.endswith("/worksheet") else ""))
    return out


def read_grid(path: Path, sheet: str | int | None) -> tuple[list[tuple[Any, ...]], str]:
    """The values of the chosen sheet from A1 to its last value, one tuple per row, and its name.

    Parameters
    ----------
    path : Path
        An ``.xlsx`` or ``.xlsm`` workbook.
    sheet : str, int or None
        A sheet's name, or its position among all sheets (hidden ones
        included); ``None`` for the first sheet, which must then be visible.

    Returns
    -------
    rows : list of tuple
        Rows 1 to the last with a value, each as wide as the widest (missing cells ``None``).
    name : str
        The sheet read.

    Raises
    ------
    WaveFormatError
        For a corrupt workbook, a sheet beyond :data:`LIMITS` or parts beyond
        :data:`MAX_PART_BYTES`, error cells (naming each), formula cells
        without a saved value, an unknown sheet or a hidden first sheet.

    Warns
    -----
    WaveWarning
        Naming merged ranges, hidden rows and hidden columns, and a hidden
        sheet read because its position was given.
    """
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            name, state, part = sheet_part(archive, sheet)
            scan = scan_sheet(archive, part)
        _check_cells(path, name, scan)
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
        try:
            ws = book[name]
            rows = list(
                ws.iter_rows(
                    min_row=1, max_row=scan.rows, max_col=scan.columns, values_only=True
                )
            ) if scan.rows and scan.columns else []  # fmt: skip
        finally:
            book.close()
    except WaveFormatError:
        raise
    except _Refused as exc:
        raise WaveFormatError(f"cannot read the workbook: {exc}", file=path) from None
    except Exception as exc:  # zipfile, expat and openpyxl raise their own types
        raise WaveFormatError(
            f"corrupt XLSX workbook ({type(exc).__name__}: {exc})", file=path
        ) from None
    _warn_layout(path, name, state, sheet, scan)
    return rows, name


def _check_cells(path: Path, name: str, scan: SheetScan) -> None:
    """Raise for error cells and for formulas without a saved value."""
    if scan.errors:
        n = scan.count("errors")
        raise WaveFormatError(
            f"{n} cell{'s hold' if n != 1 else ' holds'} an "
            "error value instead of an answer (a formula that failed, e.g. #N/A); correct "
            "or clear them",
            file=path,
            column=f"{name}!{scan.errors[0].split(' ')[0]}",
            problems=[f"cell {name}!{e}" for e in scan.errors],
        )
    if scan.unsaved:
        unsaved = [f"cell {name}!{c}" for c in scan.unsaved]
        n = scan.count("unsaved")
        raise WaveFormatError(
            f"{n} formula cell{'s have' if n != 1 else ' has'} "
            "no saved value (the workbook was written by a program that does not "
            "compute formulas); open and save it in a spreadsheet, or paste values",
            file=path,
            column=unsaved[0],
            problems=unsaved,
        )


def _warn_layout(path: Path, name: str, state: str, sheet: object, scan: SheetScan) -> None:
    notes = []
    if state != "visible":
        notes.append(f"the sheet is {state} in the workbook (read because sheet={sheet!r})")
    if scan.merged:
        notes.append(
            f"merged cells {listing(scan.merged, quote=False)} (only the first cell of a "
            "merged range holds its value; the others are read as blank)"
        )
    hidden_rows = [r for r in scan.hidden_rows if r <= scan.rows]
    if hidden_rows:
        notes.append(f"hidden rows {listing(hidden_rows, quote=False)} (read like any other)")
    hidden_cols = [
        _column_letters(k)
        for k in sorted(
            {
                k
                for low, high in scan.hidden_columns
                for k in range(max(low, 1), min(high, scan.columns) + 1)
            }
        )
    ]
    if hidden_cols:
        notes.append(f"hidden columns {listing(hidden_cols, quote=False)} (read like any other)")
    for note in notes:
        warnings.warn(capped(f"{path} sheet {name!r}: {note}"), WaveWarning, stacklevel=6)

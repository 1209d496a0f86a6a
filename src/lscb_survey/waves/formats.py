"""Reading respondent files: CSV, XLSX, SPSS ``.sav`` and Stata ``.dta`` into one raw frame.

:func:`read_file` picks the format by the file's suffix, checks that the
content is of that type (by its first bytes), and returns the rows as they are
in the file plus the value labels an SPSS or Stata file stores. No answer is
interpreted here; :mod:`lscb_survey.waves.encoding` does that. SPSS and Stata
files need the optional ``waves`` extra (pyreadstat); XLSX files are read with
openpyxl, which the library installs.

Every input is checked before it is parsed: the path must name a regular file
(:func:`~lscb_survey.data.inputs.regular_file`), a workbook is scanned within
bounds (:mod:`lscb_survey.waves.xlsx`), a Stata file's structure is checked to
its end (:mod:`lscb_survey.waves.stata`), and SPSS and Stata files are parsed in
a child process (:mod:`lscb_survey.waves.isolated`). The limits are in
``docs/errors.md``.
"""

from __future__ import annotations

import codecs
import importlib
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..data.inputs import regular_file
from ..errors import WaveFormatError
from .cells import blank_cells, text_of
from .delimited import check_header, read_delimited
from .isolated import ParserCrash, call_isolated
from .stata import check_dta
from .xlsx import read_grid

__all__ = ["SUPPORTED_SUFFIXES", "RawFile", "ValueLabels", "read_file"]

#: File suffixes :func:`~lscb_survey.waves.constructors.read_wave` understands, by format.
SUPPORTED_SUFFIXES: dict[str, tuple[str, ...]] = {
    "csv": (".csv", ".tsv", ".txt"),
    "xlsx": (".xlsx", ".xlsm"),
    "sav": (".sav", ".zsav"),
    "dta": (".dta",),
}

#: Value labels of a statistics file: ``{column: {stored value: label}}``.
ValueLabels = dict[str, dict[object, str]]

_EXTRA = "waves"  # name of the optional dependency group for spreadsheet/statistics files

_MAGIC = {
    "zip": (b"PK\x03\x04",),
    "ole": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "sav": (b"$FL2", b"$FL3"),
    "dta": (b"<stata_dta>",),
}
_KIND_NAMES = {
    "zip": "a ZIP archive (an XLSX workbook?)",
    "ole": "a legacy Excel .xls workbook or other OLE file",
    "sav": "an SPSS .sav file",
    "dta": "a Stata .dta file",
    "binary": "a binary file",
    "text": "text",
}
_EXPECTED_KIND = {"csv": "text", "xlsx": "zip", "sav": "sav", "dta": "dta"}


class RawFile(NamedTuple):
    """A respondent file as read: the rows, and value labels (SPSS, Stata only)."""

    frame: pd.DataFrame
    value_labels: ValueLabels | None


def read_file(
    path: Path, *, encoding: str | None = None, sheet: str | int | None = None
) -> RawFile:
    """Read a respondent file into a raw frame, one row per data row.

    Parameters
    ----------
    path : Path
        A CSV (``.csv``, ``.tsv``, ``.txt``), Excel workbook (``.xlsx``,
        ``.xlsm``), SPSS (``.sav``, ``.zsav``) or Stata (``.dta``) file.
    encoding : str, optional
        Text encoding of a CSV file (see
        :func:`~lscb_survey.waves.delimited.read_delimited`); detected when ``None``.
    sheet : str or int, optional
        Worksheet of an Excel workbook, by name or position (hidden sheets
        counted); by default the first sheet, which must not be hidden.

    Returns
    -------
    RawFile
        ``(frame, value_labels)``: the columns as named in the file's header
        with cells as stored (text for CSV, objects for XLSX, numbers or text
        for SPSS and Stata), and ``{column: {value: label}}`` for SPSS and
        Stata files (``None`` for the others).

    Raises
    ------
    WaveFormatError
        If the suffix is not supported, the file is missing, empty, of another
        type than its suffix says, corrupt, or has no rows (and the CSV
        problems of :func:`~lscb_survey.waves.delimited.read_delimited`).
    ImportError
        If an XLSX, SPSS or Stata file needs the ``waves`` extra and it is not installed.

    Examples
    --------
    >>> from lscb_survey import config
    >>> frame, labels = read_file(config.examples_dir() / "wave-example-codes.csv")
    >>> len(frame), labels is None
    (120, True)
    """
    regular_file(path, WaveFormatError)
    fmt = _format_of(path)
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head:
        raise WaveFormatError("file is empty", file=path)
    kind = _sniff(head)
    if fmt == "csv" and kind == "binary" and encoding is not None:
        kind = "text"  # UTF-16 or UTF-32 without a byte order mark, as the caller says
    if fmt == "csv" and kind == "binary" and _looks_utf16(head):
        raise WaveFormatError(
            "file looks like UTF-16 text without a byte order mark; "
            "pass encoding='utf-16-le' (or 'utf-16-be')",
            file=path,
        )
    if kind != _EXPECTED_KIND[fmt]:
        raise WaveFormatError(
            f"file has suffix {path.suffix.lower()!r} but its content looks like "
            f"{_KIND_NAMES[kind]}, "
            f"not {'CSV text' if fmt == 'csv' else 'a ' + fmt.upper() + ' file'}",
            file=path,
        )
    if fmt == "csv":
        return RawFile(read_delimited(path, encoding), None)
    if fmt == "xlsx":
        return RawFile(_read_xlsx(path, sheet), None)
    return _read_stat(path, fmt)


def _format_of(path: Path) -> str:
    """The format (key of :data:`SUPPORTED_SUFFIXES`) the suffix names."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise WaveFormatError(
            "legacy Excel .xls workbooks are not supported; save the sheet as .xlsx or CSV",
            file=path,
        )
    fmt = next((f for f, sfx in SUPPORTED_SUFFIXES.items() if suffix in sfx), None)
    if fmt is None:
        known = ", ".join(s for sfx in SUPPORTED_SUFFIXES.values() for s in sfx)
        raise WaveFormatError(
            f"unsupported file type {suffix or '(none)'!r}; use {known}", file=path
        )
    return fmt


def _sniff(head: bytes) -> str:
    """What the first bytes of a file look like (a key of ``_KIND_NAMES``)."""
    for kind, magics in _MAGIC.items():
        if any(head.startswith(m) for m in magics):
            return kind
    # Stata formats 102-115 start with the version byte then the byte order (1 or 2).
    if len(head) >= 2 and 102 <= head[0] <= 115 and head[1] in (1, 2):
        return "dta"
    if head.startswith(
        (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        return "text"
    if b"\x00" in head:
        return "binary"
    return "text"


def _looks_utf16(head: bytes) -> bool:
    """Whether every other byte is NUL, as in ASCII text stored as UTF-16."""
    even, odd = head[0::2], head[1::2]
    return len(head) >= 4 and (even.count(0) == len(even) or odd.count(0) == len(odd))


def _need(module: str, what: str) -> ModuleType:
    """Import an optional dependency, or say which extra provides it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"reading {what} files needs {module}, part of the optional '{_EXTRA}' extra: "
            f"pip install 'lscb-survey[{_EXTRA}]'"
        ) from exc


def _read_xlsx(path: Path, sheet: str | int | None) -> pd.DataFrame:
    """The worksheet's first row as header, the rest as respondent rows (see :mod:`.xlsx`)."""
    _need("openpyxl", "XLSX")
    rows, name = read_grid(path, sheet)
    if not rows:
        raise WaveFormatError(f"worksheet {name!r} is empty", file=path)
    grid = pd.DataFrame(rows, dtype=object)
    header = [(text_of(h) or "").strip() for h in grid.iloc[0]]
    body = grid.iloc[1:]
    # Columns with neither header nor any value are formatting, not data.
    keep = [bool(h) or not blank_cells(body.iloc[:, k]).all() for k, h in enumerate(header)]
    header = [h or f"(unnamed column {k + 1})" for k, h in enumerate(header)]
    names = [h for h, k in zip(header, keep, strict=True) if k]
    check_header(names, path)
    body = body.loc[:, keep]
    body.columns = pd.Index(names)
    if body.empty:
        raise WaveFormatError("worksheet has a header but no respondent rows", file=path)
    return body.reset_index(drop=True)


def _read_stat(path: Path, fmt: str) -> RawFile:
    """An SPSS or Stata file and its value labels (user-missing values as missing).

    The C reader runs in a child process (:func:`~lscb_survey.waves.isolated.call_isolated`),
    so a file that crashes it gives a :class:`WaveFormatError`; a Stata file's
    structure is first checked to its last byte (:func:`~lscb_survey.waves.stata.check_dta`).
    SPSS user-missing declarations are kept in ``frame.attrs["user_missing"]``
    (``{column: [(low, high), ...]}``) for the check against the codebook's codes.
    """
    what = "SPSS" if fmt == "sav" else "Stata"
    _need("pyreadstat", what)
    if fmt == "dta":
        check_dta(path)
    try:
        frame, labels, missing = call_isolated(_stat_contents, str(path), fmt)
    except ParserCrash as exc:
        raise WaveFormatError(f"corrupt {what} file: {exc}", file=path) from None
    except Exception as exc:  # pyreadstat raises ReadstatError/PyreadstatError
        raise WaveFormatError(
            f"corrupt or unreadable {what} file ({type(exc).__name__}: {exc})", file=path
        ) from None
    if frame.shape[1] == 0:
        raise WaveFormatError("file is empty", file=path)
    if frame.empty:
        raise WaveFormatError("file has variables but no respondent rows", file=path)
    frame.attrs["user_missing"] = missing
    return RawFile(frame, labels)


def _stat_contents(
    path: str, fmt: str
) -> tuple[pd.DataFrame, ValueLabels, dict[str, list[tuple[object, object]]]]:
    """The frame, value labels and user-missing declarations of a statistics file (run isolated)."""
    import pyreadstat

    if fmt == "dta":
        frame, meta = pyreadstat.read_dta(path, user_missing=False)
    else:  # user-missing values read as stored, then set missing here, declarations kept
        frame, meta = pyreadstat.read_sav(path, user_missing=True)
    frame.attrs["column_labels"] = {
        str(k): str(v) for k, v in (meta.column_names_to_labels or {}).items() if v
    }
    labels: ValueLabels = {
        str(col): {k: str(v) for k, v in mapping.items()}
        for col, mapping in (meta.variable_value_labels or {}).items()
    }
    missing: dict[str, list[tuple[object, object]]] = {}
    for col, ranges in (getattr(meta, "missing_ranges", None) or {}).items():
        if col not in frame.columns:
            continue
        declared = [(r.get("lo"), r.get("hi")) for r in ranges]
        missing[str(col)] = declared
        values = frame[col]
        hidden = np.zeros(len(values), dtype=bool)
        for lo, hi in declared:
            try:
                inside = values == lo if lo == hi else (values >= lo) & (values <= hi)
                hidden |= inside.to_numpy(dtype=bool, na_value=False)
            except TypeError:  # a declaration of another type than the column's values
                continue
        if hidden.any():
            frame[col] = values.mask(hidden)
    return frame, labels, missing

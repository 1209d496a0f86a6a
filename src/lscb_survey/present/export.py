"""CSV files for spreadsheet users, safe against formula injection.

A spreadsheet program opening a CSV file treats a cell that starts with ``=``,
``+``, ``-`` or ``@`` as a formula, also after leading spaces, and some
programs do the same for a cell starting with a tab, carriage return or line
feed. Labels and ids in survey data come from respondents and survey tools, so
:func:`write_csv` follows OWASP's CSV-injection guidance: such text cells are
prefixed with a single quote, which spreadsheets show as text; a line inside a
multi-line cell that would read as a formula is prefixed the same way; and
every cell holding a line break (CR or LF) is quoted, so that no program reads
the text after the break as a new row. Numbers are written as numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

__all__ = ["FORMULA_PREFIXES", "LINE_BREAKS", "escape_cell", "is_formula_like", "write_csv"]

#: Characters that make a spreadsheet read a cell (or a line) as a formula when
#: they come first, after any leading spaces.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\n")

#: The line breaks a spreadsheet program may split a cell on.
LINE_BREAKS = "\r\n"

_FORMULA_START = "=+-@\uff1d\uff0b\uff0d\uff20"  # and their full-width forms
# A line break followed (after spaces or tabs) by a formula character.
_INNER_FORMULA = re.compile(r"([\r\n])(?=[^\S\r\n]*[" + re.escape(_FORMULA_START) + "])")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read the cell ``text`` as a formula.

    True when ``text`` starts with a tab, carriage return or line feed, or
    when its first character other than white space is ``=``, ``+``, ``-`` or
    ``@`` (or their full-width forms).

    Examples
    --------
    >>> is_formula_like("=1+2"), is_formula_like("  @cmd"), is_formula_like("\\tx")
    (True, True, True)
    >>> is_formula_like("Agree"), is_formula_like("a-b"), is_formula_like("")
    (False, False, False)
    """
    if text[:1] in ("\t", "\r", "\n"):
        return True
    return text.lstrip()[:1] in tuple(_FORMULA_START)


def escape_cell(value: object) -> object:
    """Neutralise a text cell that a spreadsheet would read as a formula.

    A cell that :func:`is_formula_like` gets a leading ``'``; so does every
    line inside the cell that starts (after spaces) with a formula character.
    Other values, numbers included, are returned unchanged.

    Examples
    --------
    >>> escape_cell("=1+2"), escape_cell(" =1"), escape_cell("Agree"), escape_cell(-3)
    ("'=1+2", "' =1", 'Agree', -3)
    >>> escape_cell("label\\r=HYPERLINK(1)")
    "label\\r'=HYPERLINK(1)"
    """
    if not isinstance(value, str):
        return value
    if any(c in value for c in LINE_BREAKS):
        value = _INNER_FORMULA.sub(r"\1'", value)
    return "'" + value if is_formula_like(value) else value


def _escape_column(column: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
        return column
    if isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype(object)
    return column.map(escape_cell, na_action="ignore")


def write_csv(
    frame: pd.DataFrame, path: str | Path, *, index: bool = False, encoding: str = "utf-8-sig"
) -> Path:
    """Write a DataFrame as CSV for spreadsheet users, escaping formula-like cells.

    Parameters
    ----------
    frame : DataFrame
        The table to write. A MultiIndex on the columns is flattened by joining
        the levels with a space.
    path : str or Path
        Output file; its folder is created when absent.
    index : bool, default False
        Write the index as leading columns (use for printed layouts, whose
        index holds the row labels).
    encoding : str, default "utf-8-sig"
        UTF-8 with a byte order mark, which spreadsheet programs need to show
        non-ASCII characters correctly.

    Notes
    -----
    Rows end with CR LF, as RFC 4180 specifies; a cell holding a CR or LF is
    therefore always quoted.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = write_csv(pd.DataFrame({"label": ["=HYPERLINK(1)", "Agree"], "n": [-1, 2]}), out)
    >>> out.read_bytes().decode("utf-8-sig").splitlines()
    ['label,n', "'=HYPERLINK(1),-1", 'Agree,2']
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a DataFrame, got {type(frame).__name__}")
    if not isinstance(path, str | Path):
        raise TypeError(f"path must be a str or Path, got {type(path).__name__}")
    if not str(path) or Path(path).is_dir():
        raise ValueError(f"path must name a file, not a folder: {str(path)!r}")
    out = frame.reset_index() if index else frame.copy()
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = [" ".join(str(p) for p in c if str(p)) for c in out.columns]
    out.columns = [escape_cell(str(c)) for c in out.columns]
    out = out.apply(_escape_column)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False, encoding=encoding, lineterminator="\r\n")
    return path

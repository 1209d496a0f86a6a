"""CSV files for spreadsheet users, safe against formula injection.

A spreadsheet program opening a CSV file treats a cell that starts with ``=``,
``+``, ``-`` or ``@`` (and, in some programs, a tab or carriage return) as a
formula. Labels and ids in survey data come from respondents and survey tools,
so :func:`write_csv` prefixes such text cells with a single quote, which
spreadsheets show as text. Numbers are written as numbers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["FORMULA_PREFIXES", "escape_cell", "write_csv"]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    """Prefix a text cell that a spreadsheet would read as a formula with ``'``.

    Examples
    --------
    >>> escape_cell("=1+2"), escape_cell("Agree"), escape_cell(-3)
    ("'=1+2", 'Agree', -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


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

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = write_csv(pd.DataFrame({"label": ["=HYPERLINK(1)", "Agree"], "n": [-1, 2]}), out)
    >>> out.read_text(encoding="utf-8-sig").splitlines()
    ['label,n', "'=HYPERLINK(1),-1", 'Agree,2']
    """
    out = frame.reset_index() if index else frame.copy()
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = [" ".join(str(p) for p in c if str(p)) for c in out.columns]
    out.columns = [escape_cell(str(c)) for c in out.columns]
    out = out.apply(_escape_column)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False, encoding=encoding, lineterminator="\n")
    return path

"""Frames printed to a terminal or a pipe (``lscb-survey table`` and ``audit``)."""

from __future__ import annotations

import sys
from typing import TextIO

import pandas as pd

__all__ = ["FORMATS", "markdown_table", "write_frame"]

#: The output formats of :func:`write_frame`.
FORMATS: tuple[str, ...] = ("text", "csv", "json", "markdown")


def _flat_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Two header rows (Tables 3-4) joined into one name per column."""
    if not isinstance(frame.columns, pd.MultiIndex):
        return frame
    return frame.set_axis([" ".join(str(p) for p in c if str(p)) for c in frame.columns], axis=1)


def markdown_table(frame: pd.DataFrame, *, index: bool = False) -> str:
    """A GitHub-flavoured Markdown table (no optional dependency needed).

    Examples
    --------
    >>> print(markdown_table(pd.DataFrame({"a": ["x|y"], "b": [1]})))
    | a | b |
    |---|---|
    | x\\|y | 1 |
    """
    if index:
        frame = frame.reset_index()
    frame = _flat_columns(frame)

    def esc(v) -> str:
        return "" if v is None else str(v).replace("|", "\\|").replace("\n", " ")

    cols = [esc(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += [
        "| " + " | ".join(esc(v) for v in row) + " |" for row in frame.itertuples(index=False)
    ]
    return "\n".join(lines)


def write_frame(
    frame: pd.DataFrame, fmt: str, *, index: bool = False, stream: TextIO | None = None
) -> None:
    """Write ``frame`` as text, CSV, JSON records or Markdown.

    Parameters
    ----------
    frame : DataFrame
    fmt : {"text", "csv", "json", "markdown"}
    index : bool
        Include the index (the row labels of a printed layout). In JSON the
        index levels become fields of each record, so no row label is lost.
    stream : file, optional
        Where to write; standard output by default.

    Examples
    --------
    >>> f = pd.DataFrame({"n": [1]}, index=pd.Index(["row"], name="label"))
    >>> write_frame(f, "json", index=True)
    [
      {
        "label":"row",
        "n":1
      }
    ]
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, not {fmt!r}")
    out = stream if stream is not None else sys.stdout
    if fmt == "csv":
        out.write(frame.to_csv(index=index, lineterminator="\n"))
    elif fmt == "json":
        records = _flat_columns(frame.reset_index() if index else frame)
        out.write(records.to_json(orient="records", indent=2, force_ascii=False) + "\n")
    elif fmt == "markdown":
        out.write(markdown_table(frame, index=index) + "\n")
    else:
        with pd.option_context(
            "display.max_rows", None, "display.max_columns", None,
            "display.width", 200, "display.max_colwidth", 60,
        ):  # fmt: skip
            out.write(frame.to_string(index=index) + "\n")

"""A respondent file read for a codebook: its layout, value labels on attributes, a header check.

:func:`read_laid_out` is what :func:`~lscb_survey.read_wave` reads a file
with: the layout named by the caller, else the codebook's ``[layout]`` table,
else the one recognised (:func:`~lscb_survey.waves.layouts.read_layout`). It
says in one :class:`~lscb_survey.waves.layouts.LayoutInfo` line which layout
was read, applies an SPSS or Stata file's value labels to the codebook's
attribute columns (groups are named by their labels, not ``1.0``), and when
no item of the codebook is in the header, raises an error that shows the
header line found.
"""

from __future__ import annotations

import contextlib
import contextvars
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from numbers import Integral
from pathlib import Path
from types import MappingProxyType
from typing import cast

import pandas as pd

from ..data.codebook import Codebook
from ..errors import WaveFormatError, capped, listing
from .build import select_items
from .cells import is_hashable, text_of
from .layouts import LAYOUTS, LaidOut, LayoutInfo, read_layout
from .questions import multiple_columns

__all__ = ["check_layout_options", "file_options", "read_laid_out"]

_DEFAULTS: contextvars.ContextVar[Mapping[str, object]] = contextvars.ContextVar(
    "lscb_survey_file_options", default=MappingProxyType({})
)


@contextlib.contextmanager
def file_options(
    *, layout: str = "auto", header_row: int | None = None, complete_only: bool | None = None
) -> Iterator[None]:
    """Defaults of ``layout``, ``header_row`` and ``complete_only`` for every file read inside.

    The command line uses it so that ``--layout``, ``--header-row`` and
    ``--complete-only`` reach every file a ``wave`` command reads; an option
    given to :func:`~lscb_survey.read_wave` itself still wins.

    Examples
    --------
    >>> with file_options(header_row=3):
    ...     _DEFAULTS.get()["header_row"]
    3
    """
    check_layout_options(layout, header_row)
    token = _DEFAULTS.set(
        {"layout": layout, "header_row": header_row, "complete_only": complete_only}
    )
    try:
        yield
    finally:
        _DEFAULTS.reset(token)


def check_layout_options(layout: object, header_row: object) -> None:
    """Raise TypeError/ValueError for a ``layout`` or ``header_row`` of the wrong kind.

    Examples
    --------
    >>> check_layout_options("qualtrics", 2)  # both fine: nothing happens
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}; got {layout!r}")
    if header_row is not None and (
        isinstance(header_row, bool) or not isinstance(header_row, Integral)
    ):
        raise TypeError(
            f"header_row must be a whole number or None, got {type(header_row).__name__}"
        )
    if header_row is not None and int(header_row) < 1:
        raise ValueError(f"header_row counts rows from 1, got {header_row}")


def read_laid_out(
    path: Path,
    book: Codebook,
    items: Sequence[str] | None,
    *,
    layout: str = "auto",
    header_row: int | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    complete_only: bool | None = None,
) -> LaidOut:
    """Read ``path`` in its layout for ``book`` (see the module's description).

    Returns
    -------
    LaidOut
        The frame with attribute value labels applied.
    """
    check_layout_options(layout, header_row)
    defaults = _DEFAULTS.get()
    if layout == "auto":
        layout = str(defaults.get("layout", "auto"))
    if header_row is None:
        header_row = cast("int | None", defaults.get("header_row"))
    if complete_only is None:
        complete_only = cast("bool | None", defaults.get("complete_only"))
    declared = book.layout
    if layout == "auto" and declared.get("platform"):
        layout = str(declared["platform"])
        if layout in ("spss", "stata"):
            layout = "auto"
    if header_row is None and declared.get("header_row") is not None:
        header_row = int(cast(int, declared["header_row"]))
    if encoding is None and declared.get("encoding") is not None:
        encoding = str(declared["encoding"])
    if sheet is None and declared.get("sheet") is not None:
        sheet = cast("str | int", declared["sheet"])
    if complete_only is None:
        complete_only = bool(declared.get("complete_only", False))
    laid = read_layout(
        path,
        layout=layout,
        header_row=header_row,
        encoding=encoding,
        sheet=sheet,
        complete_only=complete_only,
    )
    if laid.layout not in ("plain", "spss", "stata") or laid.header_row != 1 or laid.notes:
        line = "; ".join([laid.describe(path), *laid.notes])
        warnings.warn(capped(line), LayoutInfo, stacklevel=3)
    _check_header(laid, book, items, path)
    _label_attributes(laid, book)
    return laid


def _check_header(laid: LaidOut, book: Codebook, items: Sequence[str] | None, path: Path) -> None:
    """Raise when no column of the codebook is in the header and the header looks misplaced:
    the item columns' names are in a row read as data, or the header was not on row 1."""
    names = [str(c) for c in laid.frame.columns]
    wanted = [it.source_column for it in select_items(book, items)]
    if items is None:
        wanted += sorted(multiple_columns(book))
    if not wanted or set(wanted) & set(names):
        return
    later = None
    for k, row in enumerate(laid.frame.head(20).itertuples(index=False, name=None)):
        if set(wanted) & {(text_of(c) or "").strip() for c in row}:
            later = k + 1
            break
    if later is None and laid.header_row == 1:
        return
    where = f"; the item columns are named in data row {later}" if later else ""
    raise WaveFormatError(
        f"none of the {len(wanted)} item columns of the codebook ({listing(wanted, 5)}) is in "
        f"the header found on row {laid.header_row}, which reads: {listing(names, 10)}{where}. "
        "Name the header's row with header_row= (--header-row on the command line)",
        file=path,
        line=laid.header_row,
    )


def _labeller(mapping: Mapping[object, str]) -> Callable[[object], object]:
    """A cell's value label, else its text (``1``, not ``1.0``)."""

    def label(value: object) -> object:
        if is_hashable(value) and value in mapping:
            return mapping[value]
        return text_of(value)

    return label


def _label_attributes(laid: LaidOut, book: Codebook) -> None:
    """Value labels applied to attribute columns; other values as text (``1``, not ``1.0``)."""
    labels = laid.value_labels or {}
    frame = laid.frame
    for attr in book.attributes:
        column = attr.source_column
        if column not in frame.columns:
            continue
        if not labels.get(column) and pd.api.types.is_string_dtype(frame[column].dtype):
            continue  # text without value labels: nothing to do
        frame[column] = frame[column].astype(object).map(_labeller(labels.get(column, {})))

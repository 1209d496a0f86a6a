"""Rows of a delimited file that do not fit its header: too short, too long, or never closed.

``pandas.read_csv`` pads a row with fewer fields than the header with empty
cells, which would read as blank answers. :func:`check_short_rows` finds such
rows cheaply: a short row always ends in an empty cell, so the file is looked
at again only when the last column has empty cells. A file without a quote
character is then cleared by counting its delimiters (one pass in C); only when
that count falls short, or the file has quotes, is every line counted (by
splitting lines when the file has no quote character, by the ``csv`` module
otherwise) to name the short rows. :func:`shape_error` turns a parser failure into an
error naming the lines.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import WaveFormatError

__all__ = ["check_short_rows", "line_ends", "records", "shape_error"]

_EOF_IN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")


def line_ends(raw: bytes) -> np.ndarray:
    """Byte offsets where lines end (LF, the LF of CR LF, or a lone CR), sorted.

    ``numpy.searchsorted(line_ends(raw), offset) + 1`` is the line of a byte offset.

    Examples
    --------
    >>> line_ends(b"a\\r\\nb\\rc\\n").tolist()
    [2, 4, 6]
    """
    data = np.frombuffer(raw, dtype=np.uint8)
    if b"\r" not in raw:
        return np.flatnonzero(data == 10)
    lf = data == 10
    cr = data == 13
    lone_cr = cr & ~np.append(lf[1:], False)
    return np.flatnonzero(lf | lone_cr)


@contextlib.contextmanager
def _no_field_limit() -> Iterator[None]:
    """Let the ``csv`` module read fields of any size while inside."""
    old = csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def records(text: str, delim: str) -> Iterator[tuple[int, list[str]]]:
    """Each record of the text as ``(line where it starts, fields)``, blank lines included.

    Examples
    --------
    >>> list(records('a,b\\r1,"x\\ny"\\r\\r2', ","))
    [(1, ['a', 'b']), (2, ['1', 'x\\ny']), (4, []), (5, ['2'])]
    """
    with _no_field_limit():
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
        start = 1
        for fields in reader:
            yield start, fields
            start = reader.line_num + 1


def _is_blank(fields: list[str]) -> bool:
    """A record pandas skips as a blank line."""
    return len(fields) <= 1 and not "".join(fields).strip()


def _nonblank_lines(raw: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Start and stop offsets and 1-based numbers of the lines that are not blank.

    Examples
    --------
    >>> [a.tolist() for a in _nonblank_lines(b"a,b\r\n\r\n  \n1,2")]
    [[0, 10], [4, 13], [1, 4]]
    """
    ends = line_ends(raw)
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(raw)]))
    if starts[-1] >= len(raw):  # nothing after the last line end
        starts, stops = starts[:-1], stops[:-1]
    numbers = np.arange(1, len(starts) + 1)
    data = np.frombuffer(raw, dtype=np.uint8)
    first = data[np.minimum(starts, len(raw) - 1)]
    keep = np.ones(len(starts), dtype=bool)
    maybe = (stops - starts <= 1) | (first <= 32)  # empty, or starting with white space
    for k in np.flatnonzero(maybe).tolist():
        keep[k] = bool(raw[starts[k] : stops[k]].strip())
    return starts[keep], stops[keep], numbers[keep]


def _short_lines(
    raw: bytes, encoding: str, delim: str, width: int, candidates: np.ndarray, n_rows: int
) -> list[tuple[int, int]]:
    """``(line, fields)`` of every data row with fewer than ``width`` fields.

    ``candidates`` are the data rows (0-based, of ``n_rows``) that may be short.
    Without a quote character, data row ``k`` is the ``k``-th non-blank line
    after the header and only the candidates' lines are counted; otherwise (or
    when the lines do not match the rows) every record is.
    """
    if _ascii_compatible(encoding) and b'"' not in raw:
        starts, stops, numbers = _nonblank_lines(raw)
        if len(starts) - 1 == n_rows:
            sep = delim.encode("ascii")
            counted = (
                (int(numbers[k + 1]), raw.count(sep, int(starts[k + 1]), int(stops[k + 1])) + 1)
                for k in candidates.tolist()
            )
            return [(line, n) for line, n in counted if n < width]
    text = raw.decode(encoding, errors="replace")
    found = [(line, len(f)) for line, f in records(text, delim) if not _is_blank(f)]
    return [(line, n) for line, n in found[1:] if n < width]


def _ascii_compatible(encoding: str) -> bool:
    """Whether delimiters, quotes and line ends are single ASCII bytes in ``encoding``."""
    try:
        return ',;\t"\r\n'.encode(encoding) == b',;\t"\r\n'
    except (LookupError, UnicodeError):
        return False


def _every_row_full(path: Path, encoding: str, delim: str, width: int, n_rows: int) -> bool:
    """Whether counting the delimiters proves that no data row is short.

    In a file without a quote character (and in an encoding where the delimiter
    is one ASCII byte), every delimiter byte separates two fields. After
    ``pandas.read_csv`` succeeded no row has more fields than the header, so the
    header and the ``n_rows`` rows hold ``(n_rows + 1) * (width - 1)`` delimiters
    exactly when no row has fewer fields; blank lines hold none. The file is read
    in blocks of 1 MiB, each counted with numpy: about a fifth of the time of
    finding every line. ``False`` means "look line by line", not "a row is short".
    """
    if not _ascii_compatible(encoding):
        return False
    sep = delim.encode("ascii")[0]
    total = 0
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):  # a block stays in the CPU's cache
            if b'"' in block:
                return False
            total += int(np.count_nonzero(np.frombuffer(block, dtype=np.uint8) == sep))
    return total == (n_rows + 1) * (width - 1)


def check_short_rows(path: Path, frame: pd.DataFrame, encoding: str, delim: str) -> None:
    """Raise a :class:`~lscb_survey.errors.WaveFormatError` listing rows shorter than the header.

    Parameters
    ----------
    path : Path
        The file the frame was read from.
    frame : DataFrame
        As ``pandas.read_csv`` returned it (short rows padded with ``""``).
    encoding, delim :
        How the file was read.
    """
    width = frame.shape[1]
    if width < 2:
        return
    candidates = np.flatnonzero(frame.iloc[:, -1].to_numpy() == "")
    if not len(candidates) or _every_row_full(path, encoding, delim, width, len(frame)):
        return
    short = _short_lines(path.read_bytes(), encoding, delim, width, candidates, len(frame))
    if not short:
        return
    problems = [f"line {line}: {n} fields, the header has {width}" for line, n in short]
    raise WaveFormatError(
        f"{len(short)} row{'s have' if len(short) != 1 else ' has'} fewer fields than the "
        "header (a missing delimiter, or a line broken in two?)",
        file=path,
        line=short[0][0],
        problems=problems,
    )


def shape_error(
    path: Path, encoding: str, delim: str, width: int, parser_message: str
) -> WaveFormatError:
    """The error for a file ``pandas.read_csv`` could not split into rows.

    Names the line of a quote that is never closed, or every line with more
    fields than the header.
    """
    text = path.read_bytes().decode(encoding, errors="replace")
    unclosed = _EOF_IN_QUOTE.search(parser_message)
    if unclosed is not None:
        row = int(unclosed.group(1))
        line = next((ln for k, (ln, _) in enumerate(records(text, delim)) if k == row), None)
        return WaveFormatError(
            "a quote opened on this line is never closed, so the rest of the file would be "
            "one cell (a stray double quote?)",
            file=path,
            line=line,
        )
    found = list(records(text, delim))
    long = [(ln, len(f)) for ln, f in found[1:] if len(f) > width]
    return WaveFormatError(
        "rows have more fields than the header (a stray delimiter or unquoted text?)"
        if long
        else f"the file cannot be split into rows ({parser_message})",
        file=path,
        line=long[0][0] if long else None,
        problems=[f"line {ln}: {n} fields, the header has {width}" for ln, n in long],
    )

"""Delimited text files (CSV, TSV): encodings, delimiter, header and ragged rows.

:func:`read_delimited` lets ``pandas.read_csv`` parse the file itself (no copy
in Python). The encoding is UTF-8 unless given or announced by a byte order
mark; when pandas meets bytes that are not UTF-8, the whole file is checked and
read as Windows-1252 (cp1252, Excel's "CSV" on Windows) if that decodes it, or
every undecodable byte is reported with its offset and line.
"""

from __future__ import annotations

import codecs
import re
import threading
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import SurveyDataError, WaveFormatError, listing
from .rows import check_short_rows, line_ends, shape_error

__all__ = ["check_header", "read_delimited"]

#: Bytes read to find the header line and the delimiter.
_HEAD_BYTES = 1 << 20

# Valid multi-byte UTF-8 sequences (2-4 bytes).
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

_bad_bytes = threading.local()


def _record_bad_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: note the undecodable bytes and go on."""
    assert isinstance(exc, UnicodeDecodeError)
    found = _bad_bytes.found
    if len(found) < 1000:
        found.append((exc.start, exc.object[exc.start : exc.end]))
    _bad_bytes.total += 1
    return "\ufffd", exc.end


codecs.register_error("lscb_survey_record", _record_bad_bytes)


def read_delimited(path: Path, encoding: str | None) -> pd.DataFrame:
    """Read a delimited text file of respondent rows, every cell as text.

    Parameters
    ----------
    path : Path
        The file; a ``.tsv`` file is tab-delimited, any other takes whichever
        of comma, semicolon and tab occurs most often in its header line.
    encoding : str or None
        Text encoding; ``None`` to detect it (UTF-8 with or without a byte
        order mark, UTF-16 or UTF-32 with their byte order marks, else cp1252).
        An explicit encoding is always used (UTF-16 without a byte order mark
        needs ``"utf-16-le"`` or ``"utf-16-be"``).

    Returns
    -------
    DataFrame
        One column per header name (stripped of surrounding white space), one
        row per non-empty line, cells as ``object`` strings (blanks are ``""``).

    Raises
    ------
    WaveFormatError
        If the file is empty, has a header but no rows, a first line without
        column names, rows longer or shorter than the header, a quote that is
        never closed, duplicate column names, an unknown encoding or
        undecodable bytes. Lines end with LF, CR LF or CR (all three are read).
    """
    with path.open("rb") as fh:
        head = fh.read(_HEAD_BYTES)
    if encoding is not None:
        try:
            encoding = _explicit(encoding, head)
        except LookupError:
            raise WaveFormatError(
                f"unknown encoding {encoding!r} (not a text encoding Python knows)", file=path
            ) from None
    guess = encoding or _bom_encoding(head) or "utf-8"
    try:
        return _parse_csv(path, head, guess)
    except UnicodeError:
        pass
    chosen = _choose_encoding(path, path.read_bytes(), encoding)
    if chosen == guess:  # pragma: no cover - pandas and Python disagree on the bytes
        raise WaveFormatError(f"file could not be decoded as {chosen}", file=path)
    return _parse_csv(path, head, chosen)


def check_header(header: list[str], path: Path) -> None:
    """Raise a :class:`~lscb_survey.errors.WaveFormatError` listing duplicate column names.

    Examples
    --------
    >>> from pathlib import Path
    >>> check_header(["id", "q1"], Path("wave.csv"))  # no duplicates: nothing happens
    """
    seen: dict[str, int] = {}
    problems = []
    for k, h in enumerate(header, start=1):
        if h in seen:
            problems.append(f"column {h!r} at positions {seen[h]} and {k}")
        seen.setdefault(h, k)
    if problems:
        raise WaveFormatError("duplicate column names in the header", file=path, problems=problems)


def _undecodable(raw: bytes, encoding: str) -> tuple[list[tuple[int, bytes]], int]:
    """Offsets and bytes that ``encoding`` cannot decode (first 1000) and their number."""
    _bad_bytes.found, _bad_bytes.total = [], 0
    try:
        raw.decode(encoding, errors="lscb_survey_record")
        return list(_bad_bytes.found), _bad_bytes.total
    finally:
        _bad_bytes.found, _bad_bytes.total = [], 0


def _bad_bytes_error(path: Path, raw: bytes, encoding: str, message: str) -> WaveFormatError:
    """The error listing every byte ``encoding`` cannot decode, with offsets and lines."""
    found, total = _undecodable(raw, encoding)
    newlines = line_ends(raw)
    problems = []
    for offset, chunk in found[: SurveyDataError.MAX_LISTED]:
        line = int(np.searchsorted(newlines, offset)) + 1
        context = raw[max(0, offset - 12) : offset + len(chunk) + 12]
        problems.append(f"byte offset {offset} (line {line}): {chunk.hex(' ')} in {context!r}")
    if total > len(problems):
        problems.append(f"... {total} undecodable bytes in all")
    first = found[0][0] if found else None
    first_line = int(np.searchsorted(newlines, first)) + 1 if first is not None else None
    return WaveFormatError(
        f"{message}: {total} undecodable byte sequence{'s' if total != 1 else ''} "
        f"(first at byte offset {first}); pass encoding= if you know the file's encoding",
        file=path,
        line=first_line,
        problems=problems,
    )


def _choose_encoding(path: Path, raw: bytes, encoding: str | None) -> str:
    """The encoding to read ``raw`` with, after checking every byte decodes.

    Raises a :class:`WaveFormatError` listing the undecodable bytes otherwise.
    """
    if encoding is not None:
        try:
            raw.decode(encoding)
        except LookupError:
            raise WaveFormatError(f"unknown encoding {encoding!r}", file=path) from None
        except UnicodeDecodeError:
            raise _bad_bytes_error(path, raw, encoding, f"file is not valid {encoding}") from None
        return encoding
    if raw.startswith(codecs.BOM_UTF8):
        try:
            raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _bad_bytes_error(
                path, raw, "utf-8", "file starts with a UTF-8 byte order mark but is not UTF-8"
            ) from None
        return "utf-8-sig"
    bom = _bom_encoding(raw)
    if bom is not None and bom != "utf-8-sig":
        try:
            raw.decode(bom)
        except UnicodeDecodeError:
            raise _bad_bytes_error(path, raw, bom, f"file is not valid {bom.upper()}") from None
        return bom
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTI.search(raw):
        # Valid UTF-8 characters next to invalid bytes: a file edited in two encodings.
        raise _bad_bytes_error(
            path, raw, "utf-8", "file mixes UTF-8 text with bytes that are not UTF-8"
        )
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        raise _bad_bytes_error(
            path, raw, "cp1252", "file is neither UTF-8 nor Windows-1252 (cp1252)"
        ) from None
    return "cp1252"


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: both start with FF FE
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _bom_encoding(head: bytes) -> str | None:
    """The encoding a byte order mark announces, if any."""
    return next((enc for bom, enc in _BOMS if head.startswith(bom)), None)


def _explicit(encoding: str, head: bytes) -> str:
    """The codec for an explicit ``encoding``: UTF-8 named for a file with a BOM drops it.

    Raises ``LookupError`` for an unknown codec and for a codec that is not a
    text encoding (``rot13``, ``base64``, ``zlib``).
    """
    try:
        b"x".decode(encoding)
    except UnicodeError:
        pass  # a text encoding that cannot decode this one byte (UTF-16, UTF-32)
    if codecs.lookup(encoding).name == "utf-8" and head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return encoding


def _delimiter(header_line: str) -> str:
    """Whichever of comma, semicolon and tab occurs most often (comma if none)."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_options(delim: str, encoding: str) -> dict[str, object]:
    """Keyword arguments of ``pandas.read_csv`` for every read of the file."""
    return {
        "sep": delim,
        "dtype": object,
        "keep_default_na": False,
        "na_filter": False,
        "index_col": False,
        "skip_blank_lines": True,
        "encoding": encoding,
        "encoding_errors": "strict",
    }


def _parse_csv(path: Path, head: bytes, encoding: str) -> pd.DataFrame:
    """Parse the file in ``encoding``; the header is read on its own first."""
    text = head.decode(encoding, errors="strict" if len(head) < _HEAD_BYTES else "replace")
    if not text.strip("\r\n\t \ufeff"):
        raise WaveFormatError("file is empty", file=path)
    first_line = re.split(r"\r\n|\r|\n", text.lstrip("\r\n\ufeff"), maxsplit=1)[0]
    delim = "\t" if path.suffix.lower() == ".tsv" else _delimiter(first_line)
    options = _read_options(delim, encoding)
    header = _header(path, options)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(path, **options)  # type: ignore[call-overload]
    except (pd.errors.ParserError, pd.errors.ParserWarning) as exc:
        raise shape_error(path, encoding, delim, len(header), str(exc)) from None
    except pd.errors.EmptyDataError:
        raise WaveFormatError("file is empty", file=path) from None
    frame.columns = pd.Index(header)
    if frame.empty:
        raise WaveFormatError("file has a header but no respondent rows", file=path)
    check_short_rows(path, frame, encoding, delim)
    return frame


def _header(path: Path, options: dict[str, object]) -> list[str]:
    """The header's names as written (stripped), checked for blanks and duplicates."""
    try:
        first = pd.read_csv(path, header=None, nrows=2, **options)  # type: ignore[call-overload]
    except pd.errors.EmptyDataError:
        raise WaveFormatError("file is empty", file=path) from None
    except pd.errors.ParserError:
        try:
            first = pd.read_csv(path, header=None, nrows=1, **options)  # type: ignore[call-overload]
        except pd.errors.ParserError as exc:
            enc, delim = str(options["encoding"]), str(options["sep"])
            raise shape_error(path, enc, delim, 0, str(exc)) from None
    header = [str(h).strip() for h in first.iloc[0]]
    if not any(header):
        found = [str(h).strip() for h in first.iloc[1]] if len(first) > 1 else []
        raise WaveFormatError(
            "the first line has no column names (a blank or title line above the header?); "
            f"the next line reads: {listing(h for h in found if h) or '(nothing)'}",
            file=path,
            line=1,
        )
    check_header(header, path)
    return header

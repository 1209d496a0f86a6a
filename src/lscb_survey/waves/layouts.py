"""Layouts of respondent files: where the header is, how many rows it has, which platform wrote it.

A plain file has its column names on the first line. Exports of survey
platforms do not: Qualtrics writes three header rows (column ids, question
text, import ids), SurveyMonkey two (question; sub-question, option or
"Response"), and a file saved by hand may have a title or blank rows above its
header. :func:`read_layout` finds the header (or takes ``header_row``),
recognises the platform (:mod:`lscb_survey.waves.platforms`) and returns the
respondent rows under unique column names, with each column's question text
and the platform's metadata columns. Plain files take the fast path of
:func:`~lscb_survey.waves.formats.read_file` unchanged.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..data.inputs import regular_file
from ..errors import WaveFormatError
from .cells import blank_cells, text_of
from .formats import RawFile, ValueLabels, read_file
from .model import WaveWarning
from .platforms import HEADER_ROWS, PLATFORM_TITLES, detect_platform, metadata_columns
from .xlsx import read_grid

__all__ = ["LAYOUTS", "LaidOut", "LayoutInfo", "read_layout"]

#: Values of ``layout=``: ``"auto"`` or a key of :data:`~lscb_survey.waves.platforms.PLATFORM_TITLES`.
LAYOUTS = ("auto", *PLATFORM_TITLES)

_PEEK_ROWS = 30
_UNNAMED = re.compile(r"^\(unnamed column \d+\)$")
_SUB_RESPONSES = {"", "response", "open-ended response"}


_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


class LayoutInfo(WaveWarning):
    """Which layout a file was read in (one line; shown as a note, not a problem)."""


@dataclass
class LaidOut:
    """A respondent file read in its layout.

    Attributes
    ----------
    frame : DataFrame
        Respondent rows, one column per file column, under unique names.
    value_labels : dict or None
        SPSS or Stata value labels, ``{column: {value: label}}``.
    layout : str
        A key of :data:`~lscb_survey.waves.platforms.PLATFORM_TITLES`.
    header_row, header_rows : int
        The 1-based row of the (first) header row, and how many rows the header has.
    questions : dict of str to str
        Each column's question text (its name when the file gives none).
    subs : dict of str to str
        The second header row's text of each column (SurveyMonkey, Qualtrics).
    metadata : list of str
        Columns the platform writes about the response (never items).
    encoding : str or None
        The text encoding a CSV file was read in.
    notes : list of str
        What was left out (incomplete responses).
    user_missing : dict or None
        SPSS user-missing declarations, ``{column: [(low, high), ...]}``.
    """

    frame: pd.DataFrame
    value_labels: ValueLabels | None
    layout: str
    header_row: int = 1
    header_rows: int = 1
    questions: dict[str, str] = field(default_factory=dict)
    subs: dict[str, str] = field(default_factory=dict)
    metadata: list[str] = field(default_factory=list)
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    user_missing: dict[str, list[tuple[object, object]]] | None = None

    def describe(self, path: Path) -> str:
        """One line naming the layout read."""
        rows = f"{self.header_rows} header rows" if self.header_rows > 1 else "header"
        meta = f", {len(self.metadata)} metadata columns" if self.metadata else ""
        return (
            f"{path}: read as {PLATFORM_TITLES[self.layout]} ({rows} from row "
            f"{self.header_row}{meta}; {len(self.frame)} respondent rows)"
        )


def _suffix_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".sav", ".zsav"):
        return "sav"
    if suffix == ".dta":
        return "dta"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    return "csv"


def _decode(raw: bytes, encoding: str | None) -> tuple[str, str]:
    """The text of ``raw`` and its encoding (as given, by byte order mark, UTF-8 or cp1252)."""
    boms: list[tuple[bytes, str]] = [
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
    ]
    boms += [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")]
    boms += [(codecs.BOM_UTF16_BE, "utf-16")]
    if encoding is None:
        encoding = next((enc for bom, enc in boms if raw.startswith(bom)), None)
    for candidate in [encoding] if encoding else ["utf-8", "cp1252"]:
        try:
            return raw.decode(candidate), candidate
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnicodeDecodeError(encoding or "utf-8", raw, 0, 1, "cannot be decoded")


def _delimiter(line: str, path: Path) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(text: str, delim: str, limit: int | None = None) -> list[list[str]]:
    """Records of the text (blank lines as ``[]``), at most ``limit``."""
    old = csv.field_size_limit(sys.maxsize)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
        out = []
        for fields in reader:
            out.append(fields)
            if limit is not None and len(out) >= limit:
                break
        return out
    finally:
        csv.field_size_limit(old)


def _filled(row: Sequence[str]) -> int:
    return sum(1 for c in row if c.strip())


def _find_header(rows: Sequence[Sequence[str]]) -> int:
    """0-based index of the header: the first row with at least two cells and a quarter
    as many as the fullest (a title has one cell; SurveyMonkey's first header row names
    only the first column of each question)."""
    widest = max((_filled(r) for r in rows[:_PEEK_ROWS]), default=0)
    for k, row in enumerate(rows[:_PEEK_ROWS]):
        if _filled(row) >= max(2, (widest + 3) // 4) or (widest == 1 and _filled(row)):
            return k
    return 0


def _texts(row: Sequence[object]) -> list[str]:
    cells = [(text_of(c) or "").strip() for c in row]
    return ["" if _UNNAMED.match(c) else c for c in cells]


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for k, name in enumerate(names):
        name = name or f"(unnamed column {k + 1})"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _names(
    rows: Sequence[Sequence[str]], h: int, layout: str, n_header: int, width: int
) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """Column names, question texts and second-row texts from the header rows."""

    def row(k: int) -> list[str]:
        cells = list(rows[k]) if k < len(rows) else []
        return (cells + [""] * width)[:width]

    top = row(h)
    second = row(h + 1) if n_header > 1 else [""] * width
    if layout == "surveymonkey":
        filled, last = [], ""
        for cell in top:
            last = cell or last
            filled.append(last)
        names = [
            (q if s.casefold() in _SUB_RESPONSES else (f"{q} - {s}" if q else s)) or q
            for q, s in zip(filled, second, strict=True)
        ]
        names = _unique(names)
        questions = dict(
            zip(names, [q or s for q, s in zip(filled, second, strict=True)], strict=True)
        )
        subs = dict(zip(names, second, strict=True))
        return names, questions, subs
    names = _unique(top)
    texts = second if layout in ("qualtrics", "qualtrics-legacy") and n_header > 1 else top
    questions = {n: (t or n) for n, t in zip(names, texts, strict=True)}
    return names, questions, dict(zip(names, second, strict=True))


def _frame_from_rows(
    rows: Sequence[Sequence[object]], start: int, names: list[str], path: Path, header: int
) -> pd.DataFrame:
    """The data rows from ``start`` on (blank rows skipped) as a frame of ``names``.

    ``header`` is how many cells the header rows have: a data row with more
    cells that are not blank is an error naming the header found.
    """
    width = len(names)
    body = []
    for k in range(start, len(rows)):
        cells = list(rows[k])
        if not any((text_of(c) or "").strip() for c in cells):
            continue
        if any((text_of(c) or "").strip() for c in cells[header:]):
            raise WaveFormatError(
                f"row {k + 1} has more fields than the header found on row {start} "
                f"({len(cells)} against {header}: "
                f"{', '.join(repr(n) for n in names[:header][:10])}; a "
                "stray delimiter, or a title row above the header? name the header's row "
                "with header_row=, --header-row on the command line)",
                file=path,
                line=k + 1,
            )
        body.append((cells + [""] * width)[:width])
    if not body:
        raise WaveFormatError("file has a header but no respondent rows", file=path)
    return pd.DataFrame(body, columns=pd.Index(names), dtype=object)


def _complete_only(laid: LaidOut) -> None:
    """Keep complete responses only (Finished, Progress, submitdate, *_complete)."""
    frame = laid.frame
    lower = {c.casefold(): c for c in frame.columns}
    keep = None
    if "finished" in lower:
        keep = frame[lower["finished"]].map(lambda v: str(v).strip().casefold() in ("1", "true"))
    elif "progress" in lower:
        keep = frame[lower["progress"]].map(lambda v: str(v).strip() in ("100", "100.0"))
    elif "submitdate" in lower:
        keep = frame[lower["submitdate"]].map(lambda v: bool(str(v).strip()))
    else:
        done = [c for c in frame.columns if c.casefold().endswith(("_complete", "complete?"))]
        if done:
            keep = frame[done].map(lambda v: str(v).strip() in ("2", "Complete")).all(axis=1)
    if keep is None:
        raise WaveFormatError(
            "complete_only: the file has no Finished, Progress, submitdate or *_complete column"
        )
    left = int((~keep.astype(bool)).sum())
    laid.frame = frame[keep.astype(bool).to_numpy()].reset_index(drop=True)
    laid.notes.append(f"{left} incomplete responses left out ({len(laid.frame)} kept)")


def read_layout(
    path: Path,
    *,
    layout: str = "auto",
    header_row: int | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    complete_only: bool = False,
) -> LaidOut:
    """Read a respondent file in its layout (see the module's description).

    Parameters
    ----------
    path : Path
        A file :func:`~lscb_survey.waves.formats.read_file` reads.
    layout : str, default "auto"
        ``"auto"`` to recognise it, or one of :data:`LAYOUTS`.
    header_row : int, optional
        The 1-based row of the header (the first header row); found when ``None``.
    encoding, sheet :
        As for :func:`~lscb_survey.waves.formats.read_file`.
    complete_only : bool, default False
        Keep only complete responses (Qualtrics ``Finished`` or ``Progress``,
        LimeSurvey ``submitdate``, REDCap ``*_complete``); the number left out
        is in :attr:`LaidOut.notes`.

    Returns
    -------
    LaidOut

    Raises
    ------
    WaveFormatError
        As :func:`~lscb_survey.waves.formats.read_file`, and for a data row longer
        than the header or a ``complete_only`` file without a completion column.

    Examples
    --------
    >>> from lscb_survey import config
    >>> laid = read_layout(config.examples_dir() / "wave-example-codes.csv")
    >>> laid.layout, laid.header_row, len(laid.frame)
    ('plain', 1, 120)
    """
    regular_file(path, WaveFormatError)  # a folder, FIFO, device or over-long name refused
    fmt = _suffix_format(path)
    text_suffix = path.suffix.lower() in (".csv", ".tsv", ".txt")
    if fmt == "csv" and not text_suffix:
        read_file(path, encoding=encoding, sheet=sheet)  # raises the reader's error
    if fmt in ("sav", "dta"):
        laid = _statistics_file(path, fmt)
    elif fmt == "xlsx":
        try:
            raw: RawFile | None = read_file(path, encoding=encoding, sheet=sheet)
        except WaveFormatError as exc:
            if "duplicate column names" not in str(exc):
                raise
            raw = None  # a first row that repeats a name: a header of several rows
        if raw is not None:
            names = _texts(list(raw.frame.columns))
            grid = [names, *raw.frame.itertuples(index=False, name=None)]
        else:
            grid = [*read_grid(path, sheet)[0]]  # bounded, error cells refused (see .xlsx)
        laid = _laid_grid(path, grid, layout, header_row, None, raw)
    else:
        laid = _delimited(path, layout, header_row, encoding)
    if complete_only:
        _complete_only(laid)
    return laid


def _delimited(path: Path, layout: str, header_row: int | None, encoding: str | None) -> LaidOut:
    """A CSV or TSV file: the fast reader for a plain file, else the rows parsed here."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    if not head.strip(b" \t\r\n\xef\xbb\xbf") or (
        b"\x00" in head and encoding is None and not head.startswith(_WIDE_BOMS)
    ):
        raw = read_file(path, encoding=encoding)  # empty, binary or UTF-16/32: the reader decides
        return _plain(raw.frame, None, "plain", encoding)
    try:
        text, used = _decode(head, encoding)
    except UnicodeDecodeError:  # cut in a character, or not text: let the reader say
        text, used = head.decode("utf-8", errors="replace"), encoding or "utf-8"
    first = next((ln for ln in re.split(r"\r\n|\r|\n", text.lstrip("\ufeff")) if ln), "")
    peek = _csv_rows(text.lstrip("\ufeff"), _delimiter(first, path), _PEEK_ROWS)
    h = header_row - 1 if header_row else _find_header(peek)
    found = layout
    if layout == "auto":
        header = _texts(peek[h]) if h < len(peek) else []
        found = detect_platform(header, peek[h + 1 : h + 3])[0]
    blank_names = h < len(peek) and sum(not c.strip() for c in peek[h]) > 1
    narrow = h < len(peek) and 2 * len(peek[h]) <= max(len(r) for r in peek)
    if found == "plain" and h == 0 and not blank_names and not narrow:
        raw = read_file(path, encoding=encoding)
        return _plain(raw.frame, None, "plain", used)
    raw_bytes = path.read_bytes()
    try:
        text, used = _decode(raw_bytes, encoding)
    except UnicodeDecodeError:
        raw = read_file(path, encoding=encoding)  # raises the reader's error naming the bytes
        return _plain(raw.frame, None, "plain", encoding)
    text = text.lstrip("\ufeff")
    first = next((ln for ln in re.split(r"\r\n|\r|\n", text) if ln), "")
    rows = _csv_rows(text, _delimiter(first, path))
    return _laid_grid(path, rows, layout, header_row, used, None)


def _plain(
    frame: pd.DataFrame, labels: ValueLabels | None, layout: str, encoding: str | None
) -> LaidOut:
    names = [str(c).strip() or f"(unnamed column {k + 1})" for k, c in enumerate(frame.columns)]
    if names != [str(c) for c in frame.columns] and len(set(names)) == len(names):
        frame = frame.set_axis(pd.Index(names), axis=1)
    return LaidOut(frame, labels, layout, questions={n: n for n in names}, encoding=encoding)


def _laid_grid(
    path: Path,
    rows: Sequence[Sequence[object]],
    layout: str,
    header_row: int | None,
    encoding: str | None,
    raw: RawFile | None,
) -> LaidOut:
    """Any grid of cells (CSV records, worksheet rows) in its layout."""
    texts = [_texts(r) for r in rows[: _PEEK_ROWS + 3]]
    if header_row is not None and header_row > len(rows):
        raise WaveFormatError(f"header_row {header_row} is past the file's {len(rows)} rows")
    h = header_row - 1 if header_row else _find_header(texts)
    platform, n_header = detect_platform(texts[h], texts[h + 1 : h + 3])
    if layout != "auto":
        n_header = n_header if platform == layout else HEADER_ROWS[layout]
        platform = layout
    if platform == "plain" and h == 0 and raw is not None:
        frame = raw.frame  # a worksheet as read_file read it
        return _plain(frame, None, "plain", encoding)
    width = max(len(r) for r in rows[h:])
    names, questions, subs = _names(texts, h, platform, n_header, width)
    header = max(len(r) for r in rows[h : h + n_header])
    frame = _frame_from_rows(rows, h + n_header, names, path, header)
    unnamed = [
        n for n, k in zip(names, range(width), strict=True)
        if not any(_texts(texts[j][k : k + 1] or [""])[0] for j in range(h, h + n_header) if j < len(texts))
        and blank_cells(frame[n]).all()
    ]  # fmt: skip
    frame = frame.drop(columns=unnamed)
    names = [n for n in names if n not in unnamed]
    labels = [questions[n] for n in names]
    return LaidOut(
        frame,
        None,
        platform,
        header_row=h + 1,
        header_rows=n_header,
        questions=questions,
        subs=subs,
        metadata=metadata_columns(platform, names, labels),
        encoding=encoding,
    )


def _statistics_file(path: Path, fmt: str) -> LaidOut:
    """An SPSS or Stata file, with its variable labels as question texts."""
    raw = read_file(path)  # parsed in a child process (see .isolated)
    laid = _plain(raw.frame, raw.value_labels, "spss" if fmt == "sav" else "stata", None)
    laid.user_missing = raw.frame.attrs.get("user_missing")
    labels: Mapping[str, object] = raw.frame.attrs.get("column_labels") or {}
    laid.questions = {n: str(labels.get(n) or n) for n in laid.frame.columns}
    laid.metadata = metadata_columns("qualtrics", list(laid.frame.columns))
    return laid

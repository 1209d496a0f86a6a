"""New survey waves: respondent-level data in, tidy likert counts out.

A *wave* is one run of the survey: one row per respondent, one column per
item. :func:`read_wave` reads a file (CSV, XLSX, SPSS ``.sav`` or Stata
``.dta``), :func:`wave_from_responses` takes a DataFrame, and both return a
:class:`Wave` whose :attr:`Wave.counts` has the tidy likert schema of
:func:`~lscb_survey.loaders.load_table` (Tables 5-10). Everything downstream
(:func:`~lscb_survey.likert.likert_summary`,
:func:`~lscb_survey.layout.published_layout` with ``wave=``, the plots) works
unchanged on a wave. :func:`published_wave` gives the 2012 report's own counts
as a wave.

How answers are matched
-----------------------
Each answer is compared with the levels of its item's scale after
:func:`~lscb_survey.scales.normalise_label` (Unicode NFKC, curly quotes made
straight, runs of white space collapsed, surrounding white space removed, case
folded). There is no fuzzy matching: "Agreee" is an error, not "Agree".

* A blank answer (empty cell, only white space, a missing value in a
  spreadsheet or statistics file) becomes the scale's first non-substantive
  level ("Not specified" in the 2012 scales) and is counted.
* A non-substantive label written out ("Not specified", "Don't know") keeps its
  own level.
* A whole number that is not a label is a numeric code: it takes the label the
  scale's ``codes`` give it, or the first non-substantive level when it is one
  of the scale's ``missing_codes``. A code the scale does not declare is an
  error, and so is a column that mixes labels with codes.
* In SPSS and Stata files, value labels stored in the file are applied first;
  values without a file label are then treated as codes.

Every problem in a file is collected and reported in one
:class:`WaveValidationError` naming the file, the rows (1-based data rows, and
respondent ids when the codebook names an id column), the column and the value.

Performance
-----------
No Python loop runs over rows. Each text column is first looked up in one
hash table holding the scale's canonical labels and the missing value
(``Index.get_indexer``); only the cells that do not match exactly (label
variants, blanks, codes, errors) are factorised, and their *distinct* values are
normalised and classified one by one. A column that is already Categorical is
classified through its categories. Counting is one ``numpy.bincount`` per item.
CSV files are parsed by ``pandas.read_csv`` straight from the file.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import math
import re
import threading
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from pathlib import Path

import numpy as np
import pandas as pd

from ..data.codebook import Codebook, Item, default_codebook, read_codebook
from ..data.loaders import LIKERT_COLUMNS
from ..data.scales import Scale, normalise_label
from ..errors import CodebookError, SurveyDataError, TotalMismatchError, WaveFormatError
from ..survey import LSCBS_IN_ENGLAND, SURVEY_BASES

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Wave",
    "WaveValidationError",
    "WaveWarning",
    "published_wave",
    "read_wave",
    "wave_from_responses",
]

#: File suffixes :func:`read_wave` understands, by format.
SUPPORTED_SUFFIXES: dict[str, tuple[str, ...]] = {
    "csv": (".csv", ".tsv", ".txt"),
    "xlsx": (".xlsx", ".xlsm"),
    "sav": (".sav", ".zsav"),
    "dta": (".dta",),
}

#: Columns of :attr:`Wave.counts` (the likert schema of ``load_table``).
COUNT_COLUMNS: tuple[str, ...] = LIKERT_COLUMNS

_EXTRA = "waves"  # name of the optional dependency group for spreadsheet/statistics files
_MAX_ROWS_SHOWN = 5  # rows listed per problem
_MAX_VALUES_PER_COLUMN = 20  # distinct bad values detailed per column
_CODE = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_FROM_CODEBOOK = object()


class WaveWarning(UserWarning):
    """Something in a wave was ignored or dropped; the message says what."""


class WaveValidationError(SurveyDataError):
    """Problems found in respondent-level data, all of them in one error.

    Attributes
    ----------
    details : DataFrame
        One row per problem: ``kind`` (``missing_column``, ``duplicate_column``,
        ``blank_id``, ``duplicate_id``, ``unknown_label``, ``code_out_of_range``,
        ``codes_not_declared``, ``mixed_labels_and_codes``, ``no_missing_level``),
        ``column``, ``value``, ``rows`` (1-based data rows, up to five),
        ``respondents`` (their ids, when known), ``count`` (rows affected) and
        ``message``.
    kinds : set of str
        The kinds present.
    """

    def __init__(self, message: str, *, file: object | None, details: pd.DataFrame) -> None:
        super().__init__(message, file=file, problems=list(details["message"]))
        self.details = details
        self.kinds = set(details["kind"])


# ----------------------------------------------------------------------------- the Wave


@dataclass(frozen=True, eq=False, kw_only=True)
class Wave:
    """One wave of the survey: metadata, respondent-level answers and tidy counts.

    Build a wave with :func:`read_wave`, :func:`wave_from_responses` or
    :func:`published_wave` rather than directly.

    Attributes
    ----------
    name : str
        Short name used in tables and figures (e.g. ``"2012"``).
    date : str or datetime.date or None
        When the wave was fielded, if known.
    respondents : int
        Number of respondents (rows); every item's counts add up to it.
    population : int or None
        Number of units the survey was sent to (e.g. 148 LSCBs), if known.
    codebook : Codebook
        The instrument: items and their scales.
    responses : DataFrame or None
        One row per respondent (index: respondent ids, or 1-based row numbers
        named ``"row"`` when there is no id column) and one column per item id,
        holding canonical labels as an ordered Categorical of the item's scale.
        ``None`` for :func:`published_wave`, where only counts exist.
    counts : DataFrame
        Tidy likert counts, one row per item x response level, every level of
        the scale present (zero counts and non-substantive levels included):
        ``table``, ``section``, ``block``, ``item_id``, ``item``, ``scale``,
        ``response`` (ordered Categorical over the levels of every scale used:
        substantive levels first, then non-substantive ones, so that within an
        item the order is its scale's),
        ``count``, ``percent`` (whole-number percentage of ``count / n``,
        rounded half up; as printed for :func:`published_wave`) and ``n``
        (respondents).
    source : str or None
        The file the wave was read from, or a description.
    """

    name: str
    date: str | datetime.date | None = None
    respondents: int
    population: int | None = None
    codebook: Codebook
    responses: pd.DataFrame | None = None
    counts: pd.DataFrame
    source: str | None = None

    def __post_init__(self) -> None:
        missing = [c for c in COUNT_COLUMNS if c not in self.counts.columns]
        if missing:
            raise SurveyDataError(f"wave counts lack columns {missing}", file=self.source)
        if self.respondents < 1:
            raise SurveyDataError("a wave needs at least one respondent", file=self.source)
        totals = self.counts.groupby("item_id", sort=False)["count"].sum()
        wrong = totals[totals != self.respondents]
        bad_n = self.counts.loc[self.counts["n"] != self.respondents, "item_id"].unique()
        if len(wrong) or len(bad_n):
            problems = [f"item {i!r}: counts add up to {int(t)}" for i, t in wrong.items()] + [
                f"item {i!r}: n differs from the respondents" for i in bad_n
            ]
            raise TotalMismatchError(
                f"every item's counts must add up to the {self.respondents} respondents",
                file=self.source,
                problems=problems,
            )

    def __repr__(self) -> str:
        return (
            f"Wave(name={self.name!r}, date={self.date!r}, respondents={self.respondents}, "
            f"population={self.population!r}, items={len(self.items)}, "
            f"responses={'yes' if self.responses is not None else 'None'}, "
            f"source={self.source!r})"
        )

    @property
    def items(self) -> list[str]:
        """Item ids of the wave, in codebook order."""
        return list(dict.fromkeys(self.counts["item_id"]))

    @property
    def tables(self) -> list[int]:
        """Report tables (of the 2012 layout) the wave has items for."""
        return sorted({int(t) for t in self.counts["table"].dropna()})

    def table(self, table: int) -> pd.DataFrame:
        """The counts of one table (columns as :attr:`counts`; ``response``
        ordered over the levels of that table's scales only)."""
        part = self.counts[self.counts["table"] == table]
        if part.empty:
            raise ValueError(f"wave {self.name!r} has no items of table {table}")
        scales = [self.codebook.scales[name] for name in dict.fromkeys(part["scale"])]
        dtype = _response_dtype(scales)
        return part.astype({"response": dtype}).reset_index(drop=True)


# ----------------------------------------------------------------------------- public API


def wave_from_responses(
    responses: pd.DataFrame,
    codebook: Codebook | str | Path | None = None,
    *,
    name: str = "wave",
    date: str | datetime.date | None = None,
    population: int | None = None,
    columns: Mapping[str, str] | None = None,
    items: Sequence[str] | None = None,
    id_column: str | None = _FROM_CODEBOOK,  # type: ignore[assignment]
) -> Wave:
    """Build a wave from respondent-level answers in a DataFrame.

    Parameters
    ----------
    responses : DataFrame
        One row per respondent and one column per item (named by the item's
        ``column`` in the codebook, by default its id). Cells hold labels
        (matched after normalisation), numeric codes the scale declares, or
        blanks. Every row is a respondent.
    codebook : Codebook or path, optional
        The instrument; defaults to the built-in 2012 codebook
        (:func:`~lscb_survey.codebook.default_codebook`).
    name, date, population :
        Metadata stored on the wave.
    columns : mapping of str to str, optional
        ``{item_id: column}`` for data whose columns have other names.
    items : sequence of str, optional
        Item ids the data holds; defaults to every item of the codebook.
    id_column : str or None, optional
        Column of respondent ids; defaults to the codebook's ``id_column``.
        The column is optional in the data; when present, ids must be unique
        and not blank. ``None`` means no id column.

    Returns
    -------
    Wave
        With :attr:`Wave.responses` (ordered Categoricals of canonical labels)
        and :attr:`Wave.counts` (tidy likert counts; see :class:`Wave`).

    Raises
    ------
    WaveValidationError
        Listing every problem: item columns missing, unknown labels, codes out
        of range or undeclared, labels mixed with codes, blank or duplicate
        respondent ids.
    WaveFormatError
        If there are no respondents.
    CodebookError
        If the codebook or the column mapping is malformed.

    Warns
    -----
    WaveWarning
        Naming the columns that are not mapped to any item (they are ignored).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"t9_sanctions": ["Agree", " strongly AGREE", "", "Disagree"]})
    >>> w = wave_from_responses(df, items=["t9_sanctions"], name="demo")
    >>> w.counts.set_index("response")["count"].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'Strongly agree': 1, 'Agree': 1, 'Neither agree nor disagree': 0, 'Disagree': 1,
     'Strongly disagree': 0, 'Not specified': 1}
    >>> w.responses["t9_sanctions"].tolist()
    ['Agree', 'Strongly agree', 'Not specified', 'Disagree']
    """
    if not isinstance(responses, pd.DataFrame):
        raise TypeError(f"responses must be a DataFrame, got {type(responses).__name__}")
    book = _resolve_codebook(codebook, columns)
    wave, notes = _build(
        responses,
        book,
        name=name,
        date=date,
        population=population,
        source=None,
        items=items,
        id_column=id_column,
    )
    for note in notes:
        warnings.warn(note, WaveWarning, stacklevel=2)
    return wave


def read_wave(
    path: str | Path,
    codebook: Codebook | str | Path | None = None,
    *,
    name: str | None = None,
    date: str | datetime.date | None = None,
    population: int | None = None,
    columns: Mapping[str, str] | None = None,
    items: Sequence[str] | None = None,
    id_column: str | None = _FROM_CODEBOOK,  # type: ignore[assignment]
    encoding: str | None = None,
    sheet: str | int = 0,
) -> Wave:
    """Read a wave of respondent-level data from a file.

    Parameters
    ----------
    path : str or Path
        A CSV (``.csv``, ``.tsv``, ``.txt``), Excel workbook (``.xlsx``,
        ``.xlsm``), SPSS (``.sav``, ``.zsav``) or Stata (``.dta``) file with one
        row per respondent. The suffix decides the format and the content is
        checked against it.
    codebook : Codebook or path, optional
        The instrument (a :class:`~lscb_survey.codebook.Codebook` or a TOML
        file, see ``docs/codebook.md``); defaults to the built-in 2012 codebook.
    name : str, optional
        Name of the wave; defaults to the file name without suffix.
    date, population :
        Metadata stored on the wave.
    columns : mapping of str to str, optional
        ``{item_id: column}`` for a file that reuses the instrument under other
        column names.
    items : sequence of str, optional
        Item ids the file holds; defaults to every item of the codebook.
    id_column : str or None, optional
        Column of respondent ids; defaults to the codebook's ``id_column``.
    encoding : str, optional
        Text encoding of a CSV file. By default: UTF-8 (with or without a byte
        order mark), UTF-16 when the file starts with its byte order mark, and
        Windows-1252 (cp1252, Excel's "CSV" on Windows) when the bytes are not
        UTF-8. The delimiter is a tab for ``.tsv`` files; otherwise whichever
        of comma, semicolon and tab occurs most often in the header line.
        Empty lines are skipped and not counted as data rows.
    sheet : str or int, default 0
        Worksheet of an Excel workbook.

    Returns
    -------
    Wave
        See :func:`wave_from_responses`. Rows whose every cell is blank (for
        instance formatted but empty spreadsheet rows) are not respondents:
        they are dropped with a :class:`WaveWarning` naming them.

    Raises
    ------
    WaveFormatError
        If the file is missing, empty, has a header but no rows, is not of the
        type its suffix says, is corrupt, has rows longer than its header, has
        duplicate column names, or has bytes that cannot be decoded (their byte
        offsets and lines are listed).
    WaveValidationError
        Listing every problem in the answers (see :func:`wave_from_responses`).
    ImportError
        If reading XLSX, SPSS or Stata files needs the optional ``waves`` extra
        (``pip install 'lscb-survey[waves]'``) and it is not installed.

    Warns
    -----
    WaveWarning
        Naming columns not mapped to any item (ignored) and blank rows dropped.

    Examples
    --------
    >>> from lscb_survey import config
    >>> w = read_wave(config.examples_dir() / "wave-example.csv")
    >>> w.respondents, len(w.items)
    (240, 31)
    """
    path = Path(path)
    book = _resolve_codebook(codebook, columns)
    frame, value_labels = _read_file(path, encoding=encoding, sheet=sheet)
    wave, notes = _build(
        frame,
        book,
        name=path.stem if name is None else name,
        date=date,
        population=population,
        source=str(path),
        items=items,
        id_column=id_column,
        value_labels=value_labels,
        drop_blank_rows=True,
    )
    for note in notes:
        warnings.warn(note, WaveWarning, stacklevel=2)
    return wave


def published_wave() -> Wave:
    """The 2012 report's counts (Tables 5-10) as a wave.

    Only counts were published, so :attr:`Wave.responses` is ``None``. The
    counts and percentages are those of :func:`~lscb_survey.loaders.load_table`
    (percentages as printed). Tables 5 and 6 print no "Not specified" row; a
    level the report does not print is added with the count that makes the
    item's counts add up to the respondents (zero for every 2012 item), so
    every item has every level of its scale like any other wave.

    Returns
    -------
    Wave
        ``name="2012"``, ``date="2012-02"`` (the month the survey was sent
        out), ``respondents=57`` (the LSCBs that returned it),
        ``population=148`` (LSCBs in England), the built-in codebook and the
        counts of Tables 5-10.

    Examples
    --------
    >>> w = published_wave()
    >>> w.respondents, w.population, w.tables
    (57, 148, [5, 6, 7, 8, 9, 10])
    >>> w.responses is None
    True
    """
    from ..data.loaders import load_table
    from ..stats.rounding import percent_of

    book = default_codebook()
    respondents = SURVEY_BASES["Munro"]
    parts = []
    for table in range(5, 11):
        frame = load_table(table)
        for item_id, part in frame.groupby("item_id", sort=False):
            scale = book.scale_of(item_id)
            printed = dict(zip(part["response"].astype(str), part.itertuples(), strict=True))
            first = part.iloc[0]
            remainder = respondents - int(part["count"].sum())
            records = []
            for level in scale.categories:
                if level in printed:
                    r = printed[level]
                    count, pct = int(r.count), r.percent
                else:
                    count = remainder if level == _first_missing(scale, printed) else 0
                    remainder -= count
                    pct = percent_of(count, respondents)
                records.append(
                    (
                        table,
                        first["section"],
                        first["block"],
                        item_id,
                        first["item"],
                        scale.name,
                        level,
                        count,
                        pct,
                        int(first["n"]),
                    )
                )
            parts.extend(records)
    counts = _counts_frame(parts, [book.scale_of(i.id) for i in book.items])
    return Wave(
        name="2012",
        date="2012-02",
        respondents=respondents,
        population=LSCBS_IN_ENGLAND,
        codebook=book,
        responses=None,
        counts=counts,
        source="published report (Tables 5-10)",
    )


def _first_missing(scale: Scale, printed: Mapping[str, object]) -> str | None:
    """The first non-substantive level the report did not print."""
    for level in scale.missing:
        if level not in printed:
            return level
    return None


# ----------------------------------------------------------------------------- building


def _resolve_codebook(
    codebook: Codebook | str | Path | None, columns: Mapping[str, str] | None
) -> Codebook:
    if codebook is None:
        book = default_codebook()
    elif isinstance(codebook, Codebook):
        book = codebook
    elif isinstance(codebook, (str, Path)):
        book = read_codebook(codebook)
    else:
        raise TypeError(f"codebook must be a Codebook or a path, got {type(codebook).__name__}")
    if columns:
        bad = {k: v for k, v in columns.items() if not isinstance(v, str) or not v.strip()}
        if bad:
            raise CodebookError(f"column mapping must give a column name per item; got {bad}")
        book = book.with_columns(dict(columns))
    return book


@dataclass
class _Problem:
    kind: str
    column: str | None
    value: object
    rows: tuple[int, ...]
    respondents: tuple[object, ...]
    count: int
    message: str


class _Rows:
    """Names rows in messages: 1-based data rows, plus respondent ids when known."""

    def __init__(self, n: int, ids: np.ndarray | None) -> None:
        self.n = n
        self.ids = ids

    def describe(self, positions: np.ndarray) -> tuple[tuple[int, ...], tuple[object, ...], str]:
        shown = positions[:_MAX_ROWS_SHOWN]
        rows = tuple(int(p) + 1 for p in shown)
        if self.ids is not None:
            ids = tuple(_plain(self.ids[p]) for p in shown)
            text = ", ".join(f"row {r} (respondent {i!r})" for r, i in zip(rows, ids, strict=True))
        else:
            ids = ()
            text = ", ".join(f"row {r}" for r in rows)
        if len(positions) > len(shown):
            text += f" and {len(positions) - len(shown)} more"
        return rows, ids, text


def _plain(value: object) -> object:
    """A numpy scalar as a plain Python value (for messages)."""
    return value.item() if isinstance(value, np.generic) else value


def _text_of(value: object) -> str | None:
    """Text form of a cell value for label matching; ``None`` for a missing value."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return str(value)
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Real):
        f = float(value)
        if math.isnan(f):
            return None
        if f.is_integer():
            return str(int(f))
        return repr(f)
    return str(value)


def _as_code(text: str) -> int | None:
    t = text.strip()
    return int(t.split(".", 1)[0]) if _CODE.match(t) else None


@dataclass
class _Column:
    """One item column, encoded."""

    codes: np.ndarray | None  # category index per row (int8/int16), None when invalid
    blank: np.ndarray | None  # per row: the cell was blank (only when needed)


def _encode(
    values: pd.Series,
    item: Item,
    scale: Scale,
    rows: _Rows,
    problems: list[_Problem],
    *,
    value_labels: Mapping[object, str] | None,
    want_blank: bool,
) -> _Column:
    """Map one column to category codes of its scale, recording every problem.

    Text cells that are already canonical labels are matched in one hash-table
    lookup (``Index.get_indexer``); only the rest (variants, blanks, codes,
    errors) are factorised, and their distinct values classified one by one.
    """
    column = item.source_column
    categories = scale.categories
    n = len(values)
    final = np.empty(n, dtype=np.int16)
    rest: np.ndarray | None = None  # rows left to classify (None: every row)
    exact_match = False  # some rows hold a canonical label
    exact_label = ""
    missing_rows: np.ndarray | None = None  # rows holding a missing value (found directly)
    if isinstance(values.dtype, pd.CategoricalDtype):
        sub_codes = values.cat.codes.to_numpy()
        uniques = list(values.cat.categories)
        present = np.bincount(sub_codes[sub_codes >= 0], minlength=len(uniques)) > 0
    else:
        present = None
        sub = values
        if value_labels is None and (
            values.dtype == object or isinstance(values.dtype, pd.StringDtype)
        ):
            # Canonical labels, and missing values when the scale has a level for
            # them, in one hash-table lookup; everything else is classified below.
            k = len(categories)
            keys = [*categories, np.nan] if scale.missing else categories
            direct = pd.Index(keys, dtype=object).get_indexer(values)
            hits = (direct >= 0) & (direct < k)
            first_hit = int(hits.argmax())
            exact_match = bool(hits[first_hit])
            if exact_match:
                exact_label = categories[int(direct[first_hit])]
            if scale.missing:
                missing_rows = direct == k
                direct[missing_rows] = len(scale.levels)
            rest = np.flatnonzero(direct < 0)
            final[:] = direct
            sub = values.iloc[rest]
        sub_codes, uniq = pd.factorize(sub, use_na_sentinel=True)
        uniques = list(uniq)

    def where(slot_mask: np.ndarray) -> np.ndarray:
        """Rows (0-based, of the whole column) whose value falls in the masked slots."""
        hits = np.flatnonzero(slot_mask)
        return hits if rest is None else rest[hits]

    lookup = {normalise_label(c): k for k, c in enumerate(categories)}
    blank_code = len(scale.levels) if scale.missing else -1
    # One slot per distinct value plus a last slot for missing values (code -1).
    mapping = np.full(len(uniques) + 1, -1, dtype=np.int16)
    mapping[-1] = blank_code
    blank_u = np.zeros(len(uniques) + 1, dtype=bool)
    blank_u[-1] = True
    labels_seen: list[str] = []
    if exact_match:
        labels_seen.append(exact_label)
    code_slots: list[int] = []
    bad: list[tuple[int, str, str, object]] = []  # (slot, kind, message, value)
    has_blank = bool((sub_codes < 0).any())
    for k, raw in enumerate(uniques):
        if present is not None and not present[k]:
            continue
        value = raw
        if value_labels is not None and _hashable(raw) and raw in value_labels:
            value = value_labels[raw]
        text = _text_of(value)
        if text is None or not normalise_label(text):
            mapping[k] = blank_code
            blank_u[k] = True
            has_blank = True
            continue
        idx = lookup.get(normalise_label(text))
        if idx is not None:
            mapping[k] = idx
            if value is raw:
                labels_seen.append(text)
            continue
        code = _as_code(text)
        if code is None:
            what = "file value label" if value is not raw else "label"
            bad.append(
                (
                    k,
                    "unknown_label",
                    f"unknown {what} {text!r} (scale {scale.name!r} has "
                    f"{', '.join(map(repr, categories))})",
                    _plain(raw),
                )
            )
            continue
        code_slots.append(k)
        if code in scale.codes:
            mapping[k] = categories.index(scale.codes[code])
        elif code in scale.missing_codes:
            if scale.missing:
                mapping[k] = blank_code
            else:
                bad.append(
                    (
                        k,
                        "no_missing_level",
                        f"missing code {code} but scale {scale.name!r} has no "
                        "non-substantive level",
                        code,
                    )
                )
        elif scale.codes or scale.missing_codes:
            declared = ", ".join(map(str, sorted(scale.codes)))
            extra = (
                f"; missing codes {', '.join(map(str, scale.missing_codes))}"
                if scale.missing_codes
                else ""
            )
            bad.append(
                (
                    k,
                    "code_out_of_range",
                    f"code {code} out of range (scale {scale.name!r} has codes {declared}{extra})",
                    code,
                )
            )
        else:
            bad.append(
                (
                    k,
                    "codes_not_declared",
                    f"numeric code {code} but scale {scale.name!r} declares no codes "
                    "(use labels, or give the scale codes in a codebook)",
                    code,
                )
            )
    ok = True
    if has_blank and blank_code < 0:
        ok = False
        positions = where(blank_u[sub_codes])
        r, ids, rows_text = rows.describe(positions)
        problems.append(
            _Problem(
                "no_missing_level",
                column,
                "",
                r,
                ids,
                len(positions),
                f"column {column!r}: blank answers in {_rows_word(len(positions))} but scale "
                f"{scale.name!r} has no non-substantive level: {rows_text}",
            )
        )
    if labels_seen and code_slots and value_labels is None:
        ok = False
        positions = where(np.isin(sub_codes, code_slots))
        r, ids, rows_text = rows.describe(positions)
        codes_shown = sorted({_as_code(_text_of(uniques[k]) or "") for k in code_slots})
        problems.append(
            _Problem(
                "mixed_labels_and_codes",
                column,
                codes_shown[:10],
                r,
                ids,
                len(positions),
                f"column {column!r} mixes labels (e.g. {labels_seen[0]!r}) with numeric codes "
                f"{codes_shown[:10]} in {_rows_word(len(positions))}: {rows_text}",
            )
        )
        bad = [b for b in bad if b[0] not in set(code_slots)]
    if bad:
        ok = False
        for slot, kind, message, value in bad[:_MAX_VALUES_PER_COLUMN]:
            positions = where(sub_codes == slot)
            r, ids, rows_text = rows.describe(positions)
            problems.append(
                _Problem(
                    kind,
                    column,
                    value,
                    r,
                    ids,
                    len(positions),
                    f"column {column!r}: {message} in {_rows_word(len(positions))}: {rows_text}",
                )
            )
        if len(bad) > _MAX_VALUES_PER_COLUMN:
            rest_bad = len(bad) - _MAX_VALUES_PER_COLUMN
            problems.append(
                _Problem(
                    bad[-1][1],
                    column,
                    None,
                    (),
                    (),
                    rest_bad,
                    f"column {column!r}: {rest_bad} further distinct values not recognised",
                )
            )
    blank = None
    if want_blank:
        blank = np.zeros(n, dtype=bool)
        if rest is None:
            blank = blank_u[sub_codes]
        else:
            blank[rest] = blank_u[sub_codes]
            if missing_rows is not None:
                blank |= missing_rows
    if not ok:
        return _Column(None, blank)
    if rest is None:
        final = mapping[sub_codes]
    elif len(rest):
        final[rest] = mapping[sub_codes]
    dtype = np.int8 if len(categories) < 127 else np.int16
    return _Column(final.astype(dtype, copy=False), blank)


def _rows_word(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _blank_cells(values: pd.Series) -> np.ndarray:
    """Per row: whether the cell is blank (missing, empty or only white space)."""
    missing = values.isna().to_numpy()
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        # pandas' string methods give missing for non-strings (numbers are not blank)
        try:
            stripped = values.astype(object).str.strip()
        except AttributeError:  # no strings at all
            return missing
        return missing | stripped.eq("").fillna(False).to_numpy(dtype=bool)
    if isinstance(values.dtype, pd.CategoricalDtype):
        return (
            missing
            | _blank_cells(pd.Series(values.cat.categories.astype(object)))[
                values.cat.codes.to_numpy()
            ]
        )
    return missing


def _build(
    frame: pd.DataFrame,
    book: Codebook,
    *,
    name: str,
    date: str | datetime.date | None,
    population: int | None,
    source: str | None,
    items: Sequence[str] | None,
    id_column: str | None,
    value_labels: Mapping[str, Mapping[object, str]] | None = None,
    drop_blank_rows: bool = False,
) -> tuple[Wave, list[str]]:
    """Validate and encode respondent rows; return the wave and warnings to give."""
    notes: list[str] = []
    problems: list[_Problem] = []
    if id_column is _FROM_CODEBOOK:
        id_column = book.id_column
    if items is None:
        wanted = list(book.items)
    else:
        if isinstance(items, str):
            items = [items]
        unknown = [i for i in items if i not in {it.id for it in book.items}]
        if unknown:
            raise CodebookError(f"codebook {book.source} has no items {unknown}")
        wanted = [book.item(i) for i in dict.fromkeys(items)]
    names = [str(c) for c in frame.columns]
    dupes = sorted({c for c in names if names.count(c) > 1}) if len(set(names)) < len(names) else []
    for c in dupes:
        problems.append(
            _Problem(
                "duplicate_column", c, c, (), (), names.count(c), f"column {c!r} appears twice"
            )
        )
    by_name = {str(c): c for c in frame.columns}
    n_rows = len(frame)
    if n_rows == 0:
        raise WaveFormatError("no respondent rows", file=source)

    # respondent ids
    ids_values: np.ndarray | None = None
    if id_column is not None and id_column in by_name and id_column not in dupes:
        ids_series = _tidy_ids(frame[by_name[id_column]])
        ids_values = ids_series.to_numpy()
    rows = _Rows(n_rows, ids_values)

    # item columns
    mapped = {it.source_column for it in wanted}
    missing_cols = [it for it in wanted if it.source_column not in by_name]
    lowered = {c.casefold(): c for c in names}
    for it in missing_cols:
        hint = lowered.get(it.source_column.casefold())
        problems.append(
            _Problem(
                "missing_column",
                it.source_column,
                None,
                (),
                (),
                0,
                f"column {it.source_column!r} (item {it.id!r}) is missing"
                + (
                    f"; found {hint!r} (column names match exactly; map it with columns=)"
                    if hint
                    else ""
                ),
            )
        )
    present_items = [it for it in wanted if it.source_column in by_name]
    if not present_items and not problems:
        raise WaveFormatError("no item columns", file=source)
    encoded: dict[str, _Column] = {}
    all_blank = np.ones(n_rows, dtype=bool) if drop_blank_rows else None
    for it in present_items:
        if it.source_column in dupes:
            continue
        col = _encode(
            frame[by_name[it.source_column]],
            it,
            book.scale_of(it.id),
            rows,
            problems,
            value_labels=(value_labels or {}).get(it.source_column),
            want_blank=drop_blank_rows,
        )
        encoded[it.id] = col
        if all_blank is not None:
            all_blank &= col.blank
    ignored_ok = {c for c in (id_column, book.weight_column) if c}
    extras = [c for c in names if c not in mapped and c not in ignored_ok]
    if all_blank is not None:
        for c in [*extras, *(c for c in ignored_ok if c in by_name)]:
            if c in dupes:
                continue
            all_blank &= _blank_cells(frame[by_name[c]])

    keep = None if all_blank is None or not all_blank.any() else ~all_blank
    kept_positions = np.arange(n_rows) if keep is None else np.flatnonzero(keep)
    if keep is not None:
        dropped = np.flatnonzero(all_blank) + 1
        shown = ", ".join(map(str, dropped[:10])) + (" ..." if len(dropped) > 10 else "")
        notes.append(
            f"{source}: {len(dropped)} rows with every cell blank are not respondents and "
            f"were dropped (data rows {shown})"
        )
    if len(kept_positions) == 0:
        raise WaveFormatError(f"no respondent rows (all {n_rows} rows are blank)", file=source)

    if ids_values is not None:
        _check_ids(ids_values, kept_positions, id_column, rows, problems)

    if problems:
        first = ("missing_column", "duplicate_column", "blank_id", "duplicate_id")
        problems.sort(key=lambda p: first.index(p.kind) if p.kind in first else len(first))
        details = pd.DataFrame(
            [p.__dict__ for p in problems],
            columns=["kind", "column", "value", "rows", "respondents", "count", "message"],
        )
        raise WaveValidationError(
            f"respondent data has {len(problems)} problem{'s' if len(problems) != 1 else ''}",
            file=source,
            details=details,
        )
    if extras:
        notes.insert(
            0,
            f"{source or 'responses'}: ignored {len(extras)} column"
            f"{'s' if len(extras) != 1 else ''} not mapped to any item: "
            + ", ".join(map(repr, extras)),
        )

    n = len(kept_positions)
    if ids_values is not None:
        index = pd.Index(ids_values[kept_positions], name=id_column)
    else:
        index = pd.RangeIndex(1, n_rows + 1, name="row")[kept_positions]
    data = {}
    count_records = []
    from ..stats.rounding import percent_of

    for it in present_items:
        scale = book.scale_of(it.id)
        codes = encoded[it.id].codes
        if keep is not None:
            codes = codes[keep]
        data[it.id] = pd.Categorical.from_codes(codes, dtype=scale.dtype)
        tally = np.bincount(codes, minlength=len(scale.categories))
        for level, count in zip(scale.categories, tally.tolist(), strict=True):
            count_records.append(
                (
                    it.table,
                    it.section,
                    it.block,
                    it.id,
                    it.label,
                    scale.name,
                    level,
                    count,
                    percent_of(count, n),
                    n,
                )
            )
    responses = pd.DataFrame(data, index=index)
    counts = _counts_frame(count_records, [book.scale_of(it.id) for it in present_items])
    wave = Wave(
        name=name,
        date=date,
        respondents=n,
        population=population,
        codebook=book,
        responses=responses,
        counts=counts,
        source=source,
    )
    return wave, notes


def _tidy_ids(ids: pd.Series) -> pd.Series:
    """Respondent ids: whole-number floats (SPSS, Stata) become integers."""
    if pd.api.types.is_float_dtype(ids.dtype):
        arr = ids.to_numpy(dtype=float, na_value=np.nan)
        finite = np.isfinite(arr)
        if finite.all() and (arr == np.round(arr)).all():
            return pd.Series(arr.astype(np.int64), index=ids.index)
    return ids


def _check_ids(
    ids: np.ndarray, kept: np.ndarray, id_column: str, rows: _Rows, problems: list[_Problem]
) -> None:
    series = pd.Series(ids[kept])
    blank = _blank_cells(series)
    if blank.any():
        positions = kept[np.flatnonzero(blank)]
        r, _, where = _Rows(rows.n, None).describe(positions)
        problems.append(
            _Problem(
                "blank_id",
                id_column,
                "",
                r,
                (),
                len(positions),
                f"column {id_column!r}: blank respondent id in {_rows_word(len(positions))}: {where}",
            )
        )
    key = series.astype(object).where(~blank, None)
    dup = key.duplicated(keep=False).to_numpy() & ~blank
    if dup.any():
        groups = pd.Series(np.flatnonzero(dup)).groupby(key[dup].to_numpy(), sort=False)
        for k, (value, group) in enumerate(groups):
            if k >= SurveyDataError.MAX_LISTED:
                break
            positions = kept[group.to_numpy()]
            listed = ", ".join(str(int(p) + 1) for p in positions[:_MAX_ROWS_SHOWN])
            more = f" and {len(positions) - _MAX_ROWS_SHOWN} more" if len(positions) > 5 else ""
            problems.append(
                _Problem(
                    "duplicate_id",
                    id_column,
                    value,
                    tuple(int(p) + 1 for p in positions[:_MAX_ROWS_SHOWN]),
                    (value,) * min(len(positions), _MAX_ROWS_SHOWN),
                    len(positions),
                    f"column {id_column!r}: respondent id {value!r} appears {len(positions)} "
                    f"times: rows {listed}{more}",
                )
            )


def _response_dtype(scales: Sequence[Scale]) -> pd.CategoricalDtype:
    """Ordered dtype over several scales: every substantive level, then every
    non-substantive one, so each scale keeps its own order within the union."""
    substantive = dict.fromkeys(c for s in scales for c in s.levels)
    missing = dict.fromkeys(c for s in scales for c in s.missing if c not in substantive)
    return pd.CategoricalDtype([*substantive, *missing], ordered=True)


def _counts_frame(records: list[tuple], scales: Sequence[Scale]) -> pd.DataFrame:
    """The tidy counts frame; ``response`` ordered over the union of the scales' levels."""
    frame = pd.DataFrame.from_records(records, columns=list(COUNT_COLUMNS))
    table_dtype = "int64" if frame["table"].notna().all() else "Int64"
    return frame.astype(
        {
            "table": table_dtype,
            "response": _response_dtype(scales),
            "count": "int64",
            "percent": "Int64",
            "n": "int64",
        }
    )


# ----------------------------------------------------------------------------- reading files

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


def _sniff(head: bytes) -> str:
    for kind, magics in _MAGIC.items():
        if any(head.startswith(m) for m in magics):
            return kind
    # Stata formats 102-115 start with the version byte then the byte order (1 or 2).
    if len(head) >= 2 and 102 <= head[0] <= 115 and head[1] in (1, 2):
        return "dta"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    if b"\x00" in head:
        return "binary"
    return "text"


def _read_file(
    path: Path, *, encoding: str | None, sheet: str | int
) -> tuple[pd.DataFrame, dict[str, dict[object, str]] | None]:
    suffix = path.suffix.lower()
    fmt = next((f for f, sfx in SUPPORTED_SUFFIXES.items() if suffix in sfx), None)
    if suffix == ".xls":
        raise WaveFormatError(
            "legacy Excel .xls workbooks are not supported; save the sheet as .xlsx or CSV",
            file=path,
        )
    if fmt is None:
        known = ", ".join(s for sfx in SUPPORTED_SUFFIXES.values() for s in sfx)
        raise WaveFormatError(
            f"unsupported file type {suffix or '(none)'!r}; use {known}", file=path
        )
    if not path.is_file():
        raise WaveFormatError("file not found", file=path)
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head:
        raise WaveFormatError("file is empty", file=path)
    kind = _sniff(head)
    expected = {"csv": "text", "xlsx": "zip", "sav": "sav", "dta": "dta"}[fmt]
    if kind != expected:
        raise WaveFormatError(
            f"file has suffix {suffix!r} but its content looks like {_KIND_NAMES[kind]}, "
            f"not {'CSV text' if fmt == 'csv' else 'a ' + fmt.upper() + ' file'}",
            file=path,
        )
    if fmt == "csv":
        return _read_csv(path, encoding), None
    if fmt == "xlsx":
        return _read_xlsx(path, sheet), None
    return _read_stat(path, fmt)


# --- text


_bad_bytes = threading.local()


def _record_bad_bytes(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    found = _bad_bytes.found
    if len(found) < 1000:
        found.append((exc.start, exc.object[exc.start : exc.end]))
    _bad_bytes.total += 1
    return "\ufffd", exc.end


codecs.register_error("lscb_survey_record", _record_bad_bytes)


def _undecodable(raw: bytes, encoding: str) -> tuple[list[tuple[int, bytes]], int]:
    """Offsets and bytes that ``encoding`` cannot decode (first 1000) and their number."""
    _bad_bytes.found, _bad_bytes.total = [], 0
    try:
        raw.decode(encoding, errors="lscb_survey_record")
        return list(_bad_bytes.found), _bad_bytes.total
    finally:
        _bad_bytes.found, _bad_bytes.total = [], 0


def _bad_bytes_error(path: Path, raw: bytes, encoding: str, message: str) -> WaveFormatError:
    found, total = _undecodable(raw, encoding)
    newlines = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == 10)
    problems = []
    for offset, chunk in found[: SurveyDataError.MAX_LISTED]:
        line = int(np.searchsorted(newlines, offset)) + 1
        context = raw[max(0, offset - 12) : offset + len(chunk) + 12]
        problems.append(f"byte offset {offset} (line {line}): {chunk.hex(' ')} in {context!r}")
    if total > len(problems):
        problems.append(f"... {total} undecodable bytes in all")
    first = found[0][0] if found else None
    line = int(np.searchsorted(newlines, first)) + 1 if first is not None else None
    return WaveFormatError(
        f"{message}: {total} undecodable byte sequence{'s' if total != 1 else ''} "
        f"(first at byte offset {first}); pass encoding= if you know the file's encoding",
        file=path,
        line=line,
        problems=problems,
    )


# Valid multi-byte UTF-8 sequences (2-4 bytes).
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
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
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _bad_bytes_error(path, raw, "utf-16", "file is not valid UTF-16") from None
        return "utf-16"
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


def _bom_encoding(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


#: Bytes read to find the header line and the delimiter.
_HEAD_BYTES = 1 << 20


def _read_csv(path: Path, encoding: str | None) -> pd.DataFrame:
    """Read a delimited text file; pandas parses the file itself (no copy in Python).

    The encoding is UTF-8 unless given or announced by a byte order mark; when
    pandas meets bytes that are not UTF-8, the whole file is checked and read
    as cp1252 if that decodes it, or the undecodable bytes are reported.
    """
    with path.open("rb") as fh:
        head = fh.read(_HEAD_BYTES)
    guess = encoding or _bom_encoding(head) or "utf-8"
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise WaveFormatError(f"unknown encoding {encoding!r}", file=path) from None
    try:
        return _parse_csv(path, head, guess)
    except UnicodeError:
        pass
    chosen = _choose_encoding(path, path.read_bytes(), encoding)
    if chosen == guess:  # pragma: no cover - pandas and Python disagree on the bytes
        raise WaveFormatError(f"file could not be decoded as {chosen}", file=path)
    return _parse_csv(path, head, chosen)


def _parse_csv(path: Path, head: bytes, encoding: str) -> pd.DataFrame:
    text = head.decode(encoding, errors="strict" if len(head) < _HEAD_BYTES else "replace")
    if not text.strip():
        raise WaveFormatError("file is empty", file=path)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delim = "\t" if path.suffix.lower() == ".tsv" else _delimiter(first_line)
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    header = next((row for row in reader if row), [])
    header = [h.strip() for h in header]
    _check_header(header, path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                path,
                sep=delim,
                dtype=object,
                keep_default_na=False,
                na_filter=False,
                index_col=False,
                skip_blank_lines=True,
                encoding=encoding,
                encoding_errors="strict",
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        text = path.read_bytes().decode(encoding, errors="replace")
        raise _ragged_error(path, text, delim, len(header)) from None
    except pd.errors.EmptyDataError:
        raise WaveFormatError("file is empty", file=path) from None
    frame.columns = header
    if frame.empty:
        raise WaveFormatError("file has a header but no respondent rows", file=path)
    return frame


def _ragged_error(path: Path, text: str, delim: str, width: int) -> WaveFormatError:
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    problems, first = [], None
    next(reader, None)
    for cells in reader:
        if len(cells) > width:
            first = first or reader.line_num
            problems.append(f"line {reader.line_num}: {len(cells)} fields, the header has {width}")
    return WaveFormatError(
        "rows have more fields than the header (a stray delimiter or unquoted text?)",
        file=path,
        line=first,
        problems=problems,
    )


def _check_header(header: list[str], path: Path) -> None:
    seen: dict[str, int] = {}
    problems = []
    for k, h in enumerate(header, start=1):
        if h in seen:
            problems.append(f"column {h!r} at positions {seen[h]} and {k}")
        seen.setdefault(h, k)
    if problems:
        raise WaveFormatError("duplicate column names in the header", file=path, problems=problems)


# --- spreadsheets and statistics files


def _need(module: str, what: str):
    try:
        return __import__(module)
    except ImportError as exc:
        raise ImportError(
            f"reading {what} files needs {module}, part of the optional '{_EXTRA}' extra: "
            f"pip install 'lscb-survey[{_EXTRA}]'"
        ) from exc


def _read_xlsx(path: Path, sheet: str | int) -> pd.DataFrame:
    _need("openpyxl", "XLSX")
    try:
        grid = pd.read_excel(
            path, sheet_name=sheet, header=None, dtype=object, keep_default_na=False,
            engine="openpyxl",
        )  # fmt: skip
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise WaveFormatError(f"corrupt or unreadable XLSX workbook ({exc})", file=path) from None
    except ValueError as exc:
        raise WaveFormatError(f"cannot read the workbook: {exc}", file=path) from None
    except Exception as exc:  # openpyxl raises its own types for malformed parts
        raise WaveFormatError(
            f"corrupt XLSX workbook ({type(exc).__name__}: {exc})", file=path
        ) from None
    grid = grid.dropna(how="all", axis=1)
    if grid.empty:
        raise WaveFormatError(f"worksheet {sheet!r} is empty", file=path)
    header = [(_text_of(h) or "").strip() for h in grid.iloc[0]]
    body = grid.iloc[1:]
    # Columns with neither header nor any value are formatting, not data.
    keep = [bool(h) or not _blank_cells(body.iloc[:, k]).all() for k, h in enumerate(header)]
    header = [h or f"(unnamed column {k + 1})" for k, h in enumerate(header)]
    _check_header([h for h, k in zip(header, keep, strict=True) if k], path)
    body = body.loc[:, keep]
    body.columns = [h for h, k in zip(header, keep, strict=True) if k]
    if body.empty:
        raise WaveFormatError("worksheet has a header but no respondent rows", file=path)
    return body.reset_index(drop=True)


def _read_stat(path: Path, fmt: str) -> tuple[pd.DataFrame, dict[str, dict[object, str]]]:
    what = "SPSS" if fmt == "sav" else "Stata"
    pyreadstat = _need("pyreadstat", what)
    reader = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    try:
        frame, meta = reader(str(path), user_missing=False)
    except Exception as exc:  # pyreadstat raises ReadstatError/PyreadstatError
        raise WaveFormatError(
            f"corrupt or unreadable {what} file ({type(exc).__name__}: {exc})", file=path
        ) from None
    if frame.shape[1] == 0:
        raise WaveFormatError("file is empty", file=path)
    if frame.empty:
        raise WaveFormatError("file has variables but no respondent rows", file=path)
    labels = {
        str(col): {k: str(v) for k, v in mapping.items()}
        for col, mapping in (meta.variable_value_labels or {}).items()
    }
    return frame, labels

"""Making a wave: from a file (:func:`read_wave`), a DataFrame (:func:`wave_from_responses`)
or the 2012 report's printed counts (:func:`published_wave`).

Every constructor returns a :class:`~lscb_survey.waves.model.Wave` whose
counts have the tidy likert schema of :func:`~lscb_survey.load_table`.
How answers are matched is described in :mod:`lscb_survey.waves.encoding`.
CSV files are parsed by ``pandas.read_csv`` straight from the file.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import warnings
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import pandas as pd

from ..data.codebook import Codebook, default_codebook, read_codebook
from ..data.loaders import load_table
from ..data.scales import Scale
from ..errors import CodebookError, capped
from ..stats.rounding import percent_of
from ..survey import LSCBS_IN_ENGLAND, SURVEY_BASES, SURVEY_INFORMANT
from .build import build_wave
from .labels import LABEL_CHOICES, check_user_missing
from .model import CountRecord, Wave, WaveWarning, check_metadata, counts_frame
from .reading import read_laid_out

__all__ = ["published_wave", "read_wave", "wave_from_responses"]


class _FromCodebook(enum.Enum):
    """Default of ``id_column``: the codebook's ``id_column``."""

    ID_COLUMN = "id_column"

    def __repr__(self) -> str:
        return "<the codebook's id_column>"


_FROM_CODEBOOK = _FromCodebook.ID_COLUMN


def wave_from_responses(
    responses: pd.DataFrame,
    codebook: Codebook | str | Path | None = None,
    *,
    name: str = "wave",
    date: str | datetime.date | None = None,
    population: int | None = None,
    columns: Mapping[str, str] | None = None,
    items: Sequence[str] | None = None,
    id_column: str | None | _FromCodebook = _FROM_CODEBOOK,
    informant: str | None = None,
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
        (:func:`~lscb_survey.default_codebook`).
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
    informant : str, optional
        Who answered for each unit (e.g. ``"LSCB chair"``), stored on the wave.

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
    check_metadata(name, date, population, informant)
    _check_selection(columns, items, id_column)
    book = _resolve_codebook(codebook, columns)
    wave, notes = build_wave(
        responses,
        book,
        name=name,
        date=date,
        population=population,
        source=None,
        items=items,
        id_column=book.id_column if isinstance(id_column, _FromCodebook) else id_column,
        informant=informant,
    )
    for note in notes:
        warnings.warn(capped(note), WaveWarning, stacklevel=2)
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
    id_column: str | None | _FromCodebook = _FROM_CODEBOOK,
    encoding: str | None = None,
    sheet: str | int | None = None,
    informant: str | None = None,
    labels: str | None = None,
    layout: str = "auto",
    header_row: int | None = None,
    complete_only: bool | None = None,
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
        The instrument (a :class:`~lscb_survey.Codebook` or a TOML
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
    sheet : str or int, optional
        Worksheet of an Excel workbook, by name or by position (hidden sheets
        counted). By default the first sheet, which must not be hidden: a
        workbook whose first sheet is hidden is an error naming the visible
        sheets, so that the sheet read is always a deliberate choice.
    informant : str, optional
        Who answered for each unit, stored on the wave.
    labels : {None, "codebook", "file"}, optional
        For SPSS and Stata files whose value labels contradict the codebook's
        codes (the file says 1 is "Disagree", the codebook says 1 is "Agree"):
        by default that is an error listing the contradictions;
        ``"codebook"`` ignores the contradicting file labels, ``"file"``
        applies the file's labels.
    layout : str, default "auto"
        How the file is laid out: ``"auto"`` recognises exports of Qualtrics
        (current and legacy), SurveyMonkey, Google Forms, Microsoft Forms,
        REDCap and LimeSurvey and a title or blank rows above the header (a
        codebook's ``[layout]`` table, as a drafted codebook has, is used
        instead); or name it: ``"plain"``, ``"qualtrics"``,
        ``"qualtrics-legacy"``, ``"surveymonkey"``, ``"google-forms"``,
        ``"microsoft-forms"``, ``"redcap"``, ``"limesurvey"``. A
        :class:`~lscb_survey.waves.layouts.LayoutInfo` warning says which
        layout was read when it is not a plain table.
    header_row : int, optional
        The 1-based row of the header (its first row); found when not given.
    complete_only : bool, optional
        Keep complete responses only (Qualtrics ``Finished``/``Progress``,
        LimeSurvey ``submitdate``, REDCap ``*_complete``), saying how many
        were left out; default: the codebook's ``[layout]`` ``complete_only``, else False.

    Returns
    -------
    Wave
        See :func:`wave_from_responses`; ``layout`` names the layout read. Rows whose every cell is blank (for
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
        If reading SPSS or Stata files needs the optional ``waves`` extra
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
    _check_file_options(encoding, sheet, labels)
    if not isinstance(path, str | Path):
        raise TypeError(f"path must be a str or Path, got {type(path).__name__}")
    path = Path(path)
    check_metadata(path.stem if name is None else name, date, population, informant)
    _check_selection(columns, items, id_column)
    book = _resolve_codebook(codebook, columns)
    laid = read_laid_out(
        path, book, items, layout=layout, header_row=header_row, encoding=encoding,
        sheet=sheet, complete_only=complete_only,
    )  # fmt: skip
    check_user_missing(laid.user_missing, laid.value_labels, book, items, path)
    wave, notes = build_wave(
        laid.frame,
        book,
        name=path.stem if name is None else name,
        date=date,
        population=population,
        source=str(path),
        items=items,
        id_column=book.id_column if isinstance(id_column, _FromCodebook) else id_column,
        value_labels=laid.value_labels,
        drop_blank_rows=True,
        informant=informant,
        labels=labels,
    )
    for note in notes:
        warnings.warn(capped(note), WaveWarning, stacklevel=2)
    return dataclasses.replace(wave, layout=laid.layout)


def _check_selection(columns: object, items: object, id_column: object) -> None:
    """Raise TypeError for ``columns``, ``items`` or ``id_column`` of the wrong kind.

    Examples
    --------
    >>> _check_selection(None, ["t9_sanctions"], None)
    >>> _check_selection(None, [["t9_sanctions"]], None)
    Traceback (most recent call last):
    ...
    TypeError: items must be a sequence of item ids (str), got an element of type list
    """
    if columns is not None:
        if not isinstance(columns, Mapping):
            raise TypeError(
                f"columns must be a mapping {{item_id: column name}}, got {type(columns).__name__}"
            )
        bad = next((k for k in columns if not isinstance(k, str)), None)
        if bad is not None:
            raise TypeError(f"columns must map item ids (str), got a key {bad!r}")
    if items is not None:
        if isinstance(items, str | bytes | Mapping) or not isinstance(items, Collection):
            raise TypeError(
                f"items must be a sequence of item ids (str), got {type(items).__name__}"
            )
        odd = next((i for i in items if not isinstance(i, str)), None)
        if odd is not None:
            raise TypeError(
                "items must be a sequence of item ids (str), "
                f"got an element of type {type(odd).__name__}"
            )
    if not (id_column is None or isinstance(id_column, str | _FromCodebook)):
        raise TypeError(
            f"id_column must be a column name (str) or None, got {type(id_column).__name__}"
        )


def _check_file_options(encoding: object, sheet: object, labels: object) -> None:
    """Raise TypeError/ValueError for an ``encoding``, ``sheet`` or ``labels`` of the wrong kind."""
    if labels not in LABEL_CHOICES:
        raise ValueError(f"labels must be None, 'codebook' or 'file', got {labels!r}")
    if encoding is not None and not isinstance(encoding, str):
        raise TypeError(f"encoding must be a str or None, got {type(encoding).__name__}")
    if sheet is None:
        return
    if isinstance(sheet, bool) or not isinstance(sheet, (str, int)):
        raise TypeError(
            f"sheet must be one worksheet's name (str) or position (int), "
            f"got {type(sheet).__name__}"
        )
    if isinstance(sheet, int) and sheet < 0:
        raise ValueError(f"sheet position must be 0 or more, got {sheet}")


def published_wave() -> Wave:
    """The 2012 report's counts (Tables 5-10) as a wave.

    Only counts were published, so :attr:`Wave.responses` is ``None``. The
    counts and percentages are those of :func:`~lscb_survey.load_table`
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
    book = default_codebook()
    respondents = SURVEY_BASES["Munro"]
    records: list[CountRecord] = []
    for table in range(5, 11):
        frame = load_table(table)
        for item_id, part in frame.groupby("item_id", sort=False):
            records.extend(_published_records(table, str(item_id), part, book, respondents))
    counts = counts_frame(records, [book.scale_of(i.id) for i in book.items])
    return Wave(
        name="2012",
        date="2012-02",
        respondents=respondents,
        population=LSCBS_IN_ENGLAND,
        codebook=book,
        responses=None,
        counts=counts,
        source="published report (Tables 5-10)",
        informant=SURVEY_INFORMANT,
    )


def _published_records(
    table: int, item_id: str, part: pd.DataFrame, book: Codebook, respondents: int
) -> list[CountRecord]:
    """One item's printed counts, every level of its scale present (see :func:`published_wave`)."""
    scale = book.scale_of(item_id)
    printed = dict(
        zip(
            part["response"].astype(str),
            zip(part["count"], part["percent"], strict=True),
            strict=True,
        )
    )
    first = part.iloc[0]
    remainder = respondents - int(part["count"].sum())
    records: list[CountRecord] = []
    for level in scale.categories:
        if level in printed:
            count_value, pct = printed[level]
            count = int(count_value)
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
    return records


def _first_missing(scale: Scale, printed: Mapping[str, object]) -> str | None:
    """The first non-substantive level the report did not print."""
    for level in scale.missing:
        if level not in printed:
            return level
    return None


def _resolve_codebook(
    codebook: Codebook | str | Path | None, columns: Mapping[str, str] | None
) -> Codebook:
    """The codebook to use: the built-in one, a given one or one read from TOML, with
    ``columns`` (``{item_id: column}``) applied.

    Examples
    --------
    >>> _resolve_codebook(None, {"t9_sanctions": "Q9a"}).item("t9_sanctions").source_column
    'Q9a'
    """
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

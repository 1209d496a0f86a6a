"""Respondent rows to a :class:`~lscb_survey.waves.model.Wave`: the frame checked as a whole.

:func:`build_wave` is the one path from a raw frame (read from a file or given
as a DataFrame) to a wave: it picks the codebook's item columns, encodes each
one (:func:`~lscb_survey.waves.encoding.encode_column`), drops rows whose every
cell is blank (for files), checks respondent ids, raises every problem found
in one :class:`~lscb_survey.waves.model.WaveValidationError`, and counts each
item's answers with one ``numpy.bincount``.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..data.codebook import Codebook, Item
from ..data.scales import normalise_label
from ..errors import CodebookError, SurveyDataError, WaveFormatError, listing, shown
from ..stats.rounding import percent_of
from .attributes import encode_attributes
from .cells import blank_cells, plain, text_of, tidy_ids, unhashable_rows
from .encoding import EncodedColumn, encode_column
from .labels import reconcile_labels
from .model import CountRecord, Wave, counts_frame
from .problems import MAX_ROWS_SHOWN, Problem, RowNames, rows_word, validation_error
from .questions import multiple_columns, not_asked_rows, tally_multiple

__all__ = ["build_wave", "check_ids", "select_items"]


def build_wave(
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
    informant: str | None = None,
    labels: str | None = None,
) -> tuple[Wave, list[str]]:
    """Validate and encode respondent rows; return the wave and the warnings to give.

    Parameters
    ----------
    frame : DataFrame
        One row per data row, columns as named in the file or DataFrame.
    book : Codebook
        The instrument (column mapping already applied).
    name, date, population, source :
        Metadata stored on the wave; ``source`` also names the file in errors.
    items : sequence of str or None
        Item ids the data holds; ``None`` for every item of the codebook.
    id_column : str or None
        Column of respondent ids (optional in the data), ``None`` for none.
    value_labels : mapping, optional
        ``{column: {value: label}}`` stored in an SPSS or Stata file.
    drop_blank_rows : bool, default False
        Drop rows whose every cell is blank (and say so in a warning).
    informant : str, optional
        Who answered for each unit, stored on the wave.
    labels : {None, "codebook", "file"}
        Which side wins when the file's value labels contradict the codebook's
        codes (see :func:`~lscb_survey.waves.labels.reconcile_labels`).

    Returns
    -------
    wave : Wave
    notes : list of str
        Messages for :class:`~lscb_survey.waves.model.WaveWarning`: columns
        ignored, blank rows dropped.

    Raises
    ------
    WaveValidationError
        Listing every problem in the data.
    WaveFormatError
        If there are no respondent rows or no item columns.
    CodebookError
        If ``items`` names items the codebook lacks.
    """
    wanted = select_items(book, items)
    problems: list[Problem] = []
    names = [str(c) for c in frame.columns]
    dupes = _duplicate_columns(names, problems)
    by_name: dict[str, Hashable] = {str(c): c for c in frame.columns}
    n_rows = len(frame)
    if n_rows == 0:
        raise WaveFormatError("no respondent rows", file=source)
    ids: np.ndarray | None = None
    if id_column is not None and id_column in by_name and id_column not in dupes:
        ids = tidy_ids(frame[by_name[id_column]]).to_numpy()
    rows = RowNames(n_rows, ids)
    _missing_columns(wanted, names, problems)
    present = [it for it in wanted if it.source_column in by_name]
    if not present and not problems and not book.multiple:
        raise WaveFormatError("no item columns", file=source)
    value_labels = reconcile_labels(value_labels, book, present, labels, problems)
    skipped = {it.id: not_asked_rows(frame, by_name, it) for it in present}
    encoded = {
        it.id: encode_column(
            _asked(frame[by_name[it.source_column]], skipped[it.id]),
            it,
            book.scale_of(it.id),
            rows,
            problems,
            value_labels=(value_labels or {}).get(it.source_column),
            want_blank=drop_blank_rows,
        )
        for it in present
        if it.source_column not in dupes
    }
    groups = encode_attributes(frame, by_name, dupes, book, rows, problems)
    mapped = {it.source_column for it in wanted}
    ignored_ok = _read_elsewhere(book, id_column)
    extras = [c for c in names if c not in mapped and c not in ignored_ok]
    keep: np.ndarray | None = None
    notes: list[str] = []
    if drop_blank_rows:
        others = [*extras, *(c for c in ignored_ok if c in by_name)]
        all_blank = _all_blank(frame, by_name, encoded.values(), others, dupes)
        keep, notes = _blank_rows_dropped(all_blank, source)
    kept = np.arange(n_rows) if keep is None else np.flatnonzero(keep)
    if len(kept) == 0:
        raise WaveFormatError(f"no respondent rows (all {n_rows} rows are blank)", file=source)
    if ids is not None and id_column is not None:
        check_ids(ids, kept, id_column, rows, problems)
    multiple = tally_multiple(frame, by_name, book.multiple, kept, rows, problems)
    if problems:
        raise validation_error(problems, source)
    if extras:
        notes.insert(0, _ignored_note(extras, source))
    if ids is not None:
        index = pd.Index(ids[kept], name=id_column)
    else:
        index = pd.RangeIndex(1, n_rows + 1, name="row")[kept]
    responses, counts = _tally(book, present, encoded, keep, index, skipped)
    attributes = pd.DataFrame({k: v[kept] for k, v in groups.items()}, index=index)
    wave = Wave(
        name=name, date=date, respondents=len(kept), population=population, codebook=book,
        responses=responses, counts=counts, source=source, attributes=attributes,
        informant=informant, not_asked=_not_asked(skipped, kept),
        multiple=multiple if book.multiple else None,
    )  # fmt: skip
    return wave, notes


def _not_asked(skipped: Mapping[str, np.ndarray | None], kept: np.ndarray) -> pd.Series:
    """Respondents not asked each item that has a ``not_asked`` rule, by item id."""
    found = {i: int(m[kept].sum()) for i, m in skipped.items() if m is not None}
    return pd.Series(found, dtype="int64").rename_axis("item_id").rename("not_asked")


def _asked(values: pd.Series, skipped: np.ndarray | None) -> pd.Series:
    """The column with the cells of respondents not asked made blank."""
    if skipped is None or not skipped.any():
        return values
    return values.astype(object).where(~skipped, None)


def _read_elsewhere(book: Codebook, id_column: str | None) -> set[str]:
    """Columns read but not as items: ids, weights, attributes, multi-select options."""
    attr_columns = (a.source_column for a in book.attributes)
    found = {c for c in (id_column, book.weight_column, *attr_columns) if c}
    return found | multiple_columns(book)


def select_items(book: Codebook, items: Sequence[str] | None) -> list[Item]:
    """The codebook's items named by ``items`` (each once, in the order given), or all.

    Examples
    --------
    >>> from lscb_survey.data.codebook import default_codebook
    >>> [it.id for it in select_items(default_codebook(), "t9_sanctions")]
    ['t9_sanctions']
    """
    if items is None:
        return list(book.items)
    if isinstance(items, str):
        items = [items]
    unknown = [i for i in items if i not in {it.id for it in book.items}]
    if unknown:
        raise CodebookError(f"codebook {book.source} has no items {unknown}")
    return [book.item(i) for i in dict.fromkeys(items)]


def _duplicate_columns(names: list[str], problems: list[Problem]) -> list[str]:
    """Column names given more than once, each recorded as a problem."""
    if len(set(names)) == len(names):
        return []
    dupes = sorted({c for c in names if names.count(c) > 1})
    for c in dupes:
        message = f"column {c!r} appears twice"
        problems.append(Problem("duplicate_column", c, c, (), (), names.count(c), message))
    return dupes


def _missing_columns(wanted: list[Item], names: list[str], problems: list[Problem]) -> None:
    """Record the item columns the data lacks: one problem per column when only a few
    are missing (with a hint when only the case differs), else one problem listing them
    with the columns found and how to name the items the data holds."""
    lowered = {c.casefold(): c for c in names}
    missing = [it for it in wanted if it.source_column not in names]
    if len(missing) > 3 and len(missing) > len(wanted) // 2:
        columns = [it.source_column for it in missing]
        message = (
            f"{len(missing)} item columns are missing: {listing(columns, 10)}; the data has "
            f"columns {listing(names, 10)}. If the data holds only some items, name them "
            "with items= (--items on the command line) or describe the data with a codebook"
        )
        problems.append(Problem("missing_column", columns[0], None, (), (), len(columns), message))
        return
    for it in missing:
        column = it.source_column
        hint = lowered.get(column.casefold())
        message = f"column {shown(column)} (item {shown(it.id)}) is missing" + (
            f"; found {shown(hint)} (column names match exactly; map it with columns=)"
            if hint
            else f"; the data has columns {listing(names, 10)}"
        )
        problems.append(Problem("missing_column", column, None, (), (), 0, message))


def _all_blank(
    frame: pd.DataFrame,
    by_name: Mapping[str, Hashable],
    encoded: Iterable[EncodedColumn],
    others: Sequence[str],
    dupes: Sequence[str],
) -> np.ndarray:
    """Per row: whether every cell (items, ids, weights, other columns) is blank."""
    all_blank = np.ones(len(frame), dtype=bool)
    for col in encoded:
        if col.blank is not None:
            all_blank &= col.blank
    for c in others:
        if not all_blank.any():
            break  # no row left to drop: the other columns need no look
        if c not in dupes:
            all_blank &= blank_cells(frame[by_name[c]])
    return all_blank


def _blank_rows_dropped(
    all_blank: np.ndarray, source: str | None
) -> tuple[np.ndarray | None, list[str]]:
    """Rows to keep (``None``: all) and the note naming the blank rows dropped."""
    if not all_blank.any():
        return None, []
    dropped = np.flatnonzero(all_blank) + 1
    shown = ", ".join(map(str, dropped[:10])) + (" ..." if len(dropped) > 10 else "")
    note = (
        f"{source}: {len(dropped)} rows with every cell blank are not respondents and "
        f"were dropped (data rows {shown})"
    )
    return ~all_blank, [note]


def _ignored_note(extras: list[str], source: str | None) -> str:
    """The note naming the columns not mapped to any item (the first 20)."""
    return (
        f"{source or 'responses'}: ignored {len(extras)} column"
        f"{'s' if len(extras) != 1 else ''} not mapped to any item: {listing(extras)}"
    )


def _tally(
    book: Codebook,
    present: list[Item],
    encoded: Mapping[str, EncodedColumn],
    keep: np.ndarray | None,
    index: pd.Index,
    skipped: Mapping[str, np.ndarray | None],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The responses (ordered Categoricals) and the tidy counts of the kept rows.

    Respondents not asked an item are missing in its column and leave its base ``n``.
    """
    data = {}
    records: list[CountRecord] = []
    for it in present:
        scale = book.scale_of(it.id)
        codes = encoded[it.id].codes
        assert codes is not None  # a column without codes has a problem, raised before
        mask = skipped.get(it.id)
        if mask is not None:
            codes = np.where(mask, -1, codes).astype(codes.dtype)
        if keep is not None:
            codes = codes[keep]
        data[it.id] = pd.Categorical.from_codes(codes, dtype=scale.dtype)
        tally = np.bincount(codes[codes >= 0], minlength=len(scale.categories))
        n = int(tally.sum())
        for level, count in zip(scale.categories, tally.tolist(), strict=True):
            pct = percent_of(count, n) if n else None
            records.append(
                (it.table, it.section, it.block, it.id, it.label, scale.name, level, count, pct, n)
            )
    responses = pd.DataFrame(data, index=index)
    return responses, counts_frame(records, [book.scale_of(it.id) for it in present])


def check_ids(
    ids: np.ndarray,
    kept: np.ndarray,
    id_column: str,
    rows: RowNames,
    problems: list[Problem],
) -> None:
    """Append a problem for blank respondent ids and one per duplicated id.

    Parameters
    ----------
    ids : ndarray
        Respondent ids of every data row.
    kept : ndarray
        Positions of the rows that are respondents (blank rows dropped).
    id_column : str
        Name of the id column (for messages).
    rows : RowNames
        Names rows in messages.
    problems : list of Problem
        Problems found are appended here.

    Notes
    -----
    Ids are compared after the normalisation of labels
    (:func:`~lscb_survey.data.scales.normalise_label`): ids that differ only by
    surrounding or repeated white space, case or Unicode form are duplicates.
    """
    series = pd.Series(ids[kept])
    odd = unhashable_rows(series)
    if len(odd):
        positions = kept[odd]
        r, _, where = RowNames(rows.n, None).describe(positions)
        first = series.iloc[int(odd[0])]
        message = (
            f"column {shown(id_column)}: a {type(first).__name__} ({shown(first)}) is not a "
            f"respondent id, in {rows_word(len(positions))}: {where}"
        )
        problems.append(
            Problem("unhashable_value", id_column, first, r, (), len(positions), message)
        )
        return
    blank = blank_cells(series)
    if blank.any():
        positions = kept[np.flatnonzero(blank)]
        r, _, where = RowNames(rows.n, None).describe(positions)
        message = (
            f"column {id_column!r}: blank respondent id in {rows_word(len(positions))}: {where}"
        )
        problems.append(Problem("blank_id", id_column, "", r, (), len(positions), message))
    # ids are compared as labels are: "a", " a" and "A" are one respondent
    key = pd.Series(
        [
            None if b else normalise_label(text_of(v) or "")
            for v, b in zip(series, blank, strict=True)
        ],
        dtype=object,
    )
    dup = key.duplicated(keep=False).to_numpy() & ~blank
    if not dup.any():
        return
    groups = pd.Series(np.flatnonzero(dup)).groupby(key[dup].to_numpy(), sort=False)
    for k, (_, group) in enumerate(groups):
        if k >= SurveyDataError.MAX_LISTED:
            break
        positions = kept[group.to_numpy()]
        value = plain(series.iloc[int(group.iloc[0])])
        spellings = list(dict.fromkeys(plain(series.iloc[int(g)]) for g in group))
        written = f" (written {listing(spellings, 5)})" if len(spellings) > 1 else ""
        listed = ", ".join(str(int(p) + 1) for p in positions[:MAX_ROWS_SHOWN])
        more = f" and {len(positions) - MAX_ROWS_SHOWN} more" if len(positions) > 5 else ""
        problems.append(
            Problem(
                "duplicate_id",
                id_column,
                value,
                tuple(int(p) + 1 for p in positions[:MAX_ROWS_SHOWN]),
                (value,) * min(len(positions), MAX_ROWS_SHOWN),
                len(positions),
                f"column {shown(id_column)}: respondent id {shown(value)} appears "
                f"{len(positions)} times{written}: rows {listed}{more}",
            )
        )

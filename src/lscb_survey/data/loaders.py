"""Read the raw transcriptions of the report into tidy DataFrames.

Each loader validates its raw file and raises a :class:`~lscb_survey.errors.SurveyDataError`
subclass naming the file, line, column and value of the first problem found:
a cell that is not in its printed form, counts that do not add up to the printed
total, a label the table does not know, or a missing column. Printed Total rows and
columns are checked and then dropped: they are not rows of the tidy data.

Schemas (one row per ...):

* returns (Tables 1-2), per category:
  ``table, grouping, category, returns, response_rate, share_of_returns``
* comparison (Tables 3-4), per measure x agency x survey x rating:
  ``table, measure, agency, survey, rating, percent, n, missing_mark``
* likert (Tables 5-10), per item x response:
  ``table, section, block, item_id, item, scale, response, count, percent, n``
* activities (in-text counts), per activity:
  ``activity_id, activity, parent, lscbs, n, subsection, lscbs_as_printed``
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import (
    CellFormatError,
    MissingColumnError,
    SurveyDataError,
    TotalMismatchError,
    UnknownLabelError,
)
from ..survey import AGENCIES, SURVEY_BASES, SURVEYS
from .codebook import Codebook, default_codebook
from .rawfiles import Row, check_width, raw_path, read_rows

AGENCY_DTYPE = pd.CategoricalDtype(AGENCIES, ordered=True)
SURVEY_DTYPE = pd.CategoricalDtype(SURVEYS, ordered=True)

_TOTAL = "Total"
_INT = re.compile(r"^\d+$")
#: ``n (p%)``; the report twice prints this form with a slip ("57(100%)", "57 (100%").
_COUNT_PCT = re.compile(r"^(\d+)\s*\((\d+)%\)?$")
_NOT_ASKED = "-"
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}


# ----------------------------------------------------------------------------- raw files


def raw_grid(table: int, *, raw: str | Path | None = None) -> list[list[str]]:
    """Return a report table exactly as transcribed: a list of rows of strings.

    Parameters
    ----------
    table : int
        Report table number, 1-10.
    raw : path, optional
        Folder to read instead of the packaged raw data.

    Returns
    -------
    list of list of str
        Every row of the raw file, header rows and printed totals included.

    Examples
    --------
    >>> raw_grid(5)[1]
    ['Strongly agree', '3', '5']
    """
    return [r.cells for r in read_rows(raw_path(_table_file(table), raw))]


def _table_file(table: int) -> str:
    try:
        return config.RAW_TABLE_FILES[int(table)]
    except (KeyError, ValueError, TypeError):
        raise ValueError(f"the report has tables 1-10; got {table!r}") from None


def _int(cell: str, path: Path, line: int, column: str) -> int:
    text = cell.strip()
    if not _INT.match(text):
        raise CellFormatError(
            "expected a whole number", file=path, line=line, column=column, value=cell
        )
    return int(text)


def _optional_int(cell: str, path: Path, line: int, column: str) -> tuple[int | None, str | None]:
    """Parse a whole number, or '-' / blank (returned as the mark)."""
    text = cell.strip()
    if text in (_NOT_ASKED, ""):
        return None, text
    return _int(cell, path, line, column), None


def _count_pct(cell: str, path: Path, line: int, column: str) -> tuple[int, int]:
    match = _COUNT_PCT.match(cell.strip())
    if not match:
        raise CellFormatError(
            "expected a count and percentage such as '43 (76%)'",
            file=path,
            line=line,
            column=column,
            value=cell,
        )
    return int(match.group(1)), int(match.group(2))


def _check_total(expected: int, found: int, path: Path, line: int, column: str, what: str) -> None:
    if expected != found:
        raise TotalMismatchError(
            f"{what} add up to {found}, the printed total is {expected}",
            file=path,
            line=line,
            column=column,
            value=expected,
        )


# ----------------------------------------------------------------------------- catalogue


@lru_cache(maxsize=8)
def _catalogue(raw: str | None) -> pd.DataFrame:
    path = raw_path(config.CATALOGUE_FILE, raw)
    rows = read_rows(path)
    header = rows[0].cells
    required = ["table", "title", "kind", "base_n", "section", "section_page"]
    for col in required:
        if col not in header:
            raise MissingColumnError("catalogue column missing", file=path, line=1, column=col)
    records = []
    for row in rows[1:]:
        check_width(row, len(header), header, path)
        rec = dict(zip(header, row.cells, strict=False))
        rec["table"] = _int(rec["table"], path, row.line, "table")
        rec["section_page"] = _int(rec["section_page"], path, row.line, "section_page")
        if rec["kind"] not in {"returns", "comparison", "likert"}:
            raise UnknownLabelError(
                "unknown table kind", file=path, line=row.line, column="kind", value=rec["kind"]
            )
        records.append(rec)
    return pd.DataFrame.from_records(records, columns=required)


def catalogue(*, raw: str | Path | None = None) -> pd.DataFrame:
    """List the report's tables.

    Returns
    -------
    DataFrame
        One row per table with columns ``table`` (1-10), ``title`` (as printed),
        ``kind`` ("returns", "comparison" or "likert"), ``base_n`` (the stated
        base; "46; 57" for the two surveys of Tables 3-4), ``section`` (the report
        section holding the table) and ``section_page`` (the page that section of
        the report's Tables appendix starts on).

    Examples
    --------
    >>> catalogue().set_index("table").loc[7, "kind"]
    'likert'
    """
    return _catalogue(None if raw is None else str(raw)).copy()


# ----------------------------------------------------------------------------- tables


def load_table(
    table: int, *, raw: str | Path | None = None, codebook: Codebook | None = None
) -> pd.DataFrame:
    """Load a report table as a tidy DataFrame.

    Parameters
    ----------
    table : int
        Report table number, 1-10.
    raw : path, optional
        Folder to read instead of the packaged raw data (for example a copy
        with corrections of one's own).
    codebook : Codebook, optional
        Instrument used to recognise the items and scales of Tables 5-10;
        defaults to the built-in 2012 codebook.

    Returns
    -------
    DataFrame
        Tables 1-2 (returns), one row per category: ``table``, ``grouping`` (the
        printed first column header), ``category``, ``returns``,
        ``response_rate`` (printed %, missing where printed "-") and
        ``share_of_returns`` (printed %).

        Tables 3-4 (comparison), one row per measure x agency x survey x rating:
        ``table``, ``measure``, ``agency`` and ``survey`` (ordered
        Categoricals), ``rating`` (ordered Categorical: Good, Reasonable, Poor,
        Don't know), ``percent`` (printed %, missing where nothing was printed),
        ``n`` (survey base: 46 Laming, 57 Munro) and ``missing_mark`` (what the
        report printed for a missing cell: "-" or "" for blank; missing otherwise).

        Tables 5-10 (likert), one row per item x printed response:
        ``table``, ``section`` (report section), ``block`` (the printed first
        column header, e.g. "Positive implications"), ``item_id``, ``item``
        (printed label), ``scale``, ``response`` (ordered Categorical of the
        scale's levels, most positive first, then "Not specified"), ``count``,
        ``percent`` (printed %) and ``n`` (the item's printed total).

    Raises
    ------
    SurveyDataError
        If the raw file is malformed; the message names file, line, column and value.

    Examples
    --------
    >>> t7 = load_table(7)
    >>> int(t7.query("item_id == 't7_relationships' and response == 'Agree'")["count"].iloc[0])
    43
    """
    kind = catalogue(raw=raw).set_index("table").loc[_check_table(table), "kind"]
    path = raw_path(_table_file(table), raw)
    if kind == "returns":
        return _load_returns(table, path)
    if kind == "comparison":
        return _load_comparison(table, path, codebook or default_codebook())
    return _load_likert(table, path, codebook or default_codebook())


def _check_table(table: int) -> int:
    _table_file(table)
    return int(table)


_RETURNS_COLUMNS = ("returns", "response_rate", "share_of_returns")


def _load_returns(table: int, path: Path) -> pd.DataFrame:
    rows = read_rows(path)
    header = rows[0].cells
    if len(header) < 4:
        raise MissingColumnError(
            "expected 4 columns: category, returns, response rate, share of returns",
            file=path,
            line=1,
            column=f"#{len(header) + 1}",
        )
    grouping = header[0]
    records, total = [], None
    for row in rows[1:]:
        check_width(row, 4, header, path)
        label = row.cells[0].strip()
        returns = _int(row.cells[1], path, row.line, header[1])
        rate, _ = _optional_int(row.cells[2], path, row.line, header[2])
        share = _int(row.cells[3], path, row.line, header[3])
        if label == _TOTAL:
            total = (row.line, returns)
            continue
        records.append((table, grouping, label, returns, rate, share))
    if total is None:
        raise SurveyDataError("printed Total row is missing", file=path, column=header[0])
    _check_total(total[1], sum(r[3] for r in records), path, total[0], header[1], "returns")
    frame = pd.DataFrame.from_records(
        records, columns=["table", "grouping", "category", *_RETURNS_COLUMNS]
    )
    return frame.astype({"returns": "int64", "response_rate": "Int64", "share_of_returns": "int64"})


def _blocks(rows: list[Row], is_header) -> Iterator[tuple[Row, list[Row]]]:
    header, body = None, []
    for row in rows:
        if is_header(row):
            if header is not None:
                yield header, body
            header, body = row, []
        else:
            body.append(row)
    if header is not None:
        yield header, body


def _load_comparison(table: int, path: Path, codebook: Codebook) -> pd.DataFrame:
    rows = read_rows(path)
    rating_scale = codebook.scales["rating4"]
    ratings = set(rating_scale.categories)
    width = 1 + 2 * len(AGENCIES)
    records = []
    i = 0
    while i < len(rows):
        head = rows[i]
        if i + 1 >= len(rows):
            raise SurveyDataError(
                "measure header is not followed by the survey header row", file=path, line=head.line
            )
        sub = rows[i + 1]
        measure = head.cells[0].strip()
        if not measure or measure in ratings:
            raise UnknownLabelError(
                "expected a measure header row",
                file=path,
                line=head.line,
                column="#1",
                value=head.cells[0],
            )
        check_width(head, width, head.cells, path)
        check_width(sub, width, head.cells, path)
        columns = []
        for k in range(len(AGENCIES)):
            label = head.cells[1 + 2 * k].strip()
            agency = re.sub(r"\s*\(%\)$", "", label)
            if agency not in AGENCIES:
                raise UnknownLabelError(
                    "unknown agency", file=path, line=head.line, column=f"#{2 + 2 * k}", value=label
                )
            for j, survey_cell in enumerate(sub.cells[1 + 2 * k : 3 + 2 * k]):
                if survey_cell.strip() != SURVEYS[j]:
                    raise UnknownLabelError(
                        f"expected survey {SURVEYS[j]!r}",
                        file=path,
                        line=sub.line,
                        column=f"{label} #{j + 1}",
                        value=survey_cell,
                    )
                columns.append((agency, SURVEYS[j], f"{label} {SURVEYS[j]}"))
        i += 2
        seen = set()
        while i < len(rows) and rows[i].cells and rows[i].cells[0].strip() in ratings:
            row = rows[i]
            check_width(row, width, head.cells, path)
            rating = row.cells[0].strip()
            if rating in seen:
                raise SurveyDataError(
                    "rating appears twice in one measure",
                    file=path,
                    line=row.line,
                    column="#1",
                    value=rating,
                )
            seen.add(rating)
            for cell, (agency, survey, colname) in zip(row.cells[1:width], columns, strict=True):
                value, mark = _optional_int(cell, path, row.line, colname)
                records.append(
                    (
                        table,
                        measure,
                        agency,
                        survey,
                        rating,
                        value,
                        SURVEY_BASES[survey],
                        mark,
                    )
                )
            i += 1
        missing = [r for r in rating_scale.categories if r not in seen]
        if missing:
            where = rows[i] if i < len(rows) else rows[-1]
            raise UnknownLabelError(
                f"measure {measure!r} lacks ratings {missing}",
                file=path,
                line=where.line,
                column="#1",
                value=where.cells[0] if where.cells else "",
            )
    frame = pd.DataFrame.from_records(
        records,
        columns=["table", "measure", "agency", "survey", "rating", "percent", "n", "missing_mark"],
    )
    return frame.astype(
        {
            "agency": AGENCY_DTYPE,
            "survey": SURVEY_DTYPE,
            "rating": rating_scale.dtype,
            "percent": "Int64",
            "n": "int64",
            "missing_mark": "string",
        }
    )


#: Columns of the likert schema (Tables 5-10, and the counts of a new wave).
LIKERT_COLUMNS: tuple[str, ...] = (
    "table",
    "section",
    "block",
    "item_id",
    "item",
    "scale",
    "response",
    "count",
    "percent",
    "n",
)


def _likert_frame(records: list[tuple], dtype: pd.CategoricalDtype) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=list(LIKERT_COLUMNS))
    return frame.astype(
        {"response": dtype, "count": "int64", "percent": "Int64", "n": "int64", "table": "int64"}
    )


def _load_likert(table: int, path: Path, codebook: Codebook) -> pd.DataFrame:
    items = codebook.items_for_table(table)
    if not items:
        raise UnknownLabelError(
            f"codebook {codebook.source} has no items for table {table}", file=path
        )
    scale = codebook.scales[items[0].scale]
    rows = read_rows(path)
    header = rows[0].cells
    if header[:3] == ["Response", "Frequency", "Percentage"] or header[0] == "Response":
        return _load_frequency(table, path, rows, items, scale)
    by_label = {i.label: i for i in items}
    response_labels = header[1:]
    if not response_labels or response_labels[-1].strip() != _TOTAL:
        raise MissingColumnError(
            "the printed Total column is missing", file=path, line=1, column=_TOTAL
        )
    for k, lab in enumerate(response_labels[:-1], start=2):
        if lab.strip() not in scale.categories:
            raise UnknownLabelError(
                f"not a level of scale {scale.name!r}", file=path, line=1, column=f"#{k}", value=lab
            )
    responses = [lab.strip() for lab in response_labels[:-1]]
    for k, lab in enumerate(responses):
        if lab in responses[:k]:
            raise UnknownLabelError(
                "response label repeated in the header",
                file=path,
                line=1,
                column=f"#{k + 2}",
                value=lab,
            )
    records, found = [], []
    for head, body in _blocks(rows, lambda r: r.cells[1:] == header[1:]):
        block = head.cells[0].strip()
        for row in body:
            check_width(row, len(header), header, path)
            label = row.cells[0]
            item = by_label.get(label)
            if item is None:
                raise UnknownLabelError(
                    f"item not in codebook for table {table}",
                    file=path,
                    line=row.line,
                    column=header[0],
                    value=label,
                )
            if item.block is not None and item.block != block:
                raise UnknownLabelError(
                    f"item belongs under {item.block!r}, found under {block!r}",
                    file=path,
                    line=row.line,
                    column=header[0],
                    value=label,
                )
            cells = [
                _count_pct(c, path, row.line, responses[j] if j < len(responses) else _TOTAL)
                for j, c in enumerate(row.cells[1 : len(header)])
            ]
            total_n, _ = cells[-1]
            _check_total(
                total_n, sum(c for c, _ in cells[:-1]), path, row.line, _TOTAL, "response counts"
            )
            for resp, (count, pct) in zip(responses, cells[:-1], strict=True):
                records.append(
                    (
                        table,
                        item.section,
                        block,
                        item.id,
                        item.label,
                        scale.name,
                        resp,
                        count,
                        pct,
                        total_n,
                    )
                )
            found.append(item.id)
    _check_items(items, found, path)
    return _likert_frame(records, scale.dtype)


def _check_items(items, found: list[str], path: Path) -> None:
    missing = [i.id for i in items if i.id not in found]
    duplicated = sorted({f for f in found if found.count(f) > 1})
    if missing or duplicated:
        raise SurveyDataError(
            "items missing or repeated: "
            + ", ".join(
                [*(f"missing {m}" for m in missing), *(f"repeated {d}" for d in duplicated)]
            ),
            file=path,
        )


def _load_frequency(table, path, rows, items, scale) -> pd.DataFrame:
    header = rows[0].cells
    for k, name in enumerate(["Response", "Frequency", "Percentage"]):
        if k >= len(header) or header[k].strip() != name:
            raise MissingColumnError(
                "expected columns Response, Frequency, Percentage", file=path, line=1, column=name
            )
    item = items[0]
    records, total = [], None
    for row in rows[1:]:
        check_width(row, 3, header, path)
        label = row.cells[0].strip()
        count = _int(row.cells[1], path, row.line, "Frequency")
        pct = _int(row.cells[2], path, row.line, "Percentage")
        if label == _TOTAL:
            total = (row.line, count)
            continue
        if label not in scale.categories:
            raise UnknownLabelError(
                f"not a level of scale {scale.name!r}",
                file=path,
                line=row.line,
                column="Response",
                value=label,
            )
        records.append(
            [
                table,
                item.section,
                "Response",
                item.id,
                item.label,
                scale.name,
                label,
                count,
                pct,
                None,
            ]
        )
    if total is None:
        raise SurveyDataError("printed Total row is missing", file=path, column="Response")
    _check_total(total[1], sum(r[7] for r in records), path, total[0], "Frequency", "frequencies")
    for r in records:
        r[9] = total[1]
    return _likert_frame([tuple(r) for r in records], scale.dtype)


# ----------------------------------------------------------------------------- activities


def _words_to_int(text: str) -> int | None:
    """'Thirty four' -> 34; '18' -> 18; None if not a number."""
    t = text.strip().lower().replace("-", " ")
    if _INT.match(t):
        return int(t)
    parts = t.split()
    if len(parts) == 1 and parts[0] in _NUMBER_WORDS:
        return _NUMBER_WORDS[parts[0]]
    if parts and parts[0] in _TENS and len(parts) <= 2:
        unit = _NUMBER_WORDS.get(parts[1], -1) if len(parts) == 2 else 0
        if 0 <= unit <= 9:
            return _TENS[parts[0]] + unit
    return None


def load_activities(*, raw: str | Path | None = None) -> pd.DataFrame:
    """Load the counts of practice developments reported in the text.

    These come from the report's section "Developing social work expertise and
    supporting effective social work practice", where counts are written in words
    ("Thirty four LSCBs ...") or figures ("(18 LSCBs)").

    Returns
    -------
    DataFrame
        One row per activity: ``activity_id``, ``activity`` (short description),
        ``parent`` (``activity_id`` of the activity this one is part of, missing
        for top-level activities), ``lscbs`` (number of LSCBs reporting it),
        ``n`` (the base: 57 responding LSCBs for top-level activities, the
        parent's count for sub-activities), ``subsection`` (the report's
        sub-heading) and ``lscbs_as_printed`` (the count as written).

    Examples
    --------
    >>> a = load_activities().set_index("activity_id")
    >>> int(a.loc["reflective_supervision", "lscbs"]), int(a.loc["reflective_supervision", "n"])
    (18, 34)
    """
    path = raw_path(config.ACTIVITIES_FILE, raw)
    rows = read_rows(path)
    header = rows[0].cells
    need = ["activity_id", "parent_id", "activity", "lscbs_as_printed", "subsection"]
    for col in need:
        if col not in header:
            raise MissingColumnError("activities column missing", file=path, line=1, column=col)
    idx = {c: header.index(c) for c in need}
    records, counts = [], {}
    for row in rows[1:]:
        check_width(row, len(header), header, path)
        get = {c: row.cells[idx[c]].strip() for c in need}
        count = _words_to_int(get["lscbs_as_printed"])
        if count is None:
            raise CellFormatError(
                "expected a number in words or figures",
                file=path,
                line=row.line,
                column="lscbs_as_printed",
                value=get["lscbs_as_printed"],
            )
        if get["activity_id"] in counts:
            raise SurveyDataError(
                "duplicate activity_id",
                file=path,
                line=row.line,
                column="activity_id",
                value=get["activity_id"],
            )
        parent = get["parent_id"] or None
        if parent is not None and parent not in counts:
            raise UnknownLabelError(
                "parent must be listed before its parts",
                file=path,
                line=row.line,
                column="parent_id",
                value=parent,
            )
        base = counts[parent] if parent else SURVEY_BASES["Munro"]
        if count > base:
            raise TotalMismatchError(
                f"count exceeds its base of {base}",
                file=path,
                line=row.line,
                column="lscbs_as_printed",
                value=count,
            )
        counts[get["activity_id"]] = count
        records.append(
            (
                get["activity_id"],
                get["activity"],
                parent,
                count,
                base,
                get["subsection"],
                get["lscbs_as_printed"],
            )
        )
    frame = pd.DataFrame.from_records(
        records,
        columns=[
            "activity_id",
            "activity",
            "parent",
            "lscbs",
            "n",
            "subsection",
            "lscbs_as_printed",
        ],
    )
    return frame.astype({"parent": "string", "lscbs": "int64", "n": "int64"})

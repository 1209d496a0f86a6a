"""Tables 5-10: counts of responses to the questionnaire's statements.

Schema, one row per item x printed response:
``table, section, block, item_id, item, scale, response, count, percent, n``.

Most tables print one row per item with a ``count (percent%)`` cell per
response and a Total column; a table of a single question prints one row per
response (``Response, Frequency, Percentage``) and a Total row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pandas as pd

from ..errors import MissingColumnError, SurveyDataError, UnknownLabelError
from .cells import TOTAL, check_total, parse_count_pct, parse_int
from .codebook import Codebook, Item
from .rawfiles import Row, check_width, read_rows
from .scales import Scale

__all__ = ["LIKERT_COLUMNS", "likert_frame", "load_likert"]

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

_Record = tuple[int, str | None, str, str, str, str, str, int, int, int]


def likert_frame(records: Sequence[tuple], dtype: pd.CategoricalDtype) -> pd.DataFrame:
    """Build a likert-schema frame from records in the order of :data:`LIKERT_COLUMNS`.

    Parameters
    ----------
    records : sequence of tuple
        One tuple per item x response.
    dtype : CategoricalDtype
        Dtype of the ``response`` column (the scale's).

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> dtype = pd.CategoricalDtype(["Yes", "No"], ordered=True)
    >>> likert_frame([(9, "s", "b", "q", "Q?", "yes2", "Yes", 3, 60, 5)], dtype)["count"].dtype
    dtype('int64')
    """
    frame = pd.DataFrame.from_records(list(records), columns=list(LIKERT_COLUMNS))
    return frame.astype(
        {"response": dtype, "count": "int64", "percent": "Int64", "n": "int64", "table": "int64"}
    )


def load_likert(table: int, path: Path, codebook: Codebook) -> pd.DataFrame:
    """Read a likert table (Tables 5-10), checking every item's printed total.

    Parameters
    ----------
    table : int
        Report table number; the codebook's items of this table are expected.
    path : Path
        The raw CSV file.
    codebook : Codebook
        Supplies the items (labels, blocks) and their scale.

    Returns
    -------
    DataFrame
        The likert schema (see :func:`~lscb_survey.data.loaders.load_table`).

    Raises
    ------
    SurveyDataError
        If the codebook has no items for the table, a label is unknown, an
        item is missing or repeated, a cell is malformed or counts do not add
        up to the printed total.

    Examples
    --------
    >>> from lscb_survey import config
    >>> from lscb_survey.data.codebook import default_codebook
    >>> t9 = load_likert(9, config.raw_dir() / "table09.csv", default_codebook())
    >>> t9["item_id"].nunique()
    4
    """
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
    responses = _response_labels(header, scale, path)
    records: list[_Record] = []
    found: list[str] = []
    for head, body in _blocks(rows, lambda r: r.cells[1:] == header[1:]):
        block = head.cells[0].strip()
        for row in body:
            check_width(row, len(header), header, path)
            item = _row_item(by_label, block, row, header, table, path)
            records += _item_records(table, item, block, scale, responses, row, header, path)
            found.append(item.id)
    _check_items(items, found, path)
    return likert_frame(records, scale.dtype)


def _response_labels(header: list[str], scale: Scale, path: Path) -> list[str]:
    """The response labels of the header row, checked against the scale."""
    response_labels = header[1:]
    if not response_labels or response_labels[-1].strip() != TOTAL:
        raise MissingColumnError(
            "the printed Total column is missing", file=path, line=1, column=TOTAL
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
    return responses


def _row_item(
    by_label: dict[str, Item], block: str, row: Row, header: list[str], table: int, path: Path
) -> Item:
    """The item a row is labelled with; raise unless it is printed under its own block."""
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
    return item


def _item_records(
    table: int,
    item: Item,
    block: str,
    scale: Scale,
    responses: list[str],
    row: Row,
    header: list[str],
    path: Path,
) -> list[_Record]:
    """Records of one item row, after checking its counts against its printed Total."""
    cells = [
        parse_count_pct(c, path, row.line, responses[j] if j < len(responses) else TOTAL)
        for j, c in enumerate(row.cells[1 : len(header)])
    ]
    total_n, _ = cells[-1]
    check_total(total_n, sum(c for c, _ in cells[:-1]), path, row.line, TOTAL, "response counts")
    return [
        (table, item.section, block, item.id, item.label, scale.name, resp, count, pct, total_n)
        for resp, (count, pct) in zip(responses, cells[:-1], strict=True)
    ]


def _blocks(rows: list[Row], is_header: Callable[[Row], bool]) -> Iterator[tuple[Row, list[Row]]]:
    """Split rows into (header row, body rows) blocks."""
    header: Row | None = None
    body: list[Row] = []
    for row in rows:
        if is_header(row):
            if header is not None:
                yield header, body
            header, body = row, []
        else:
            body.append(row)
    if header is not None:
        yield header, body


def _check_items(items: list[Item], found: list[str], path: Path) -> None:
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


def _load_frequency(
    table: int, path: Path, rows: list[Row], items: list[Item], scale: Scale
) -> pd.DataFrame:
    """Read a one-question table printed as Response, Frequency, Percentage rows."""
    header = rows[0].cells
    for k, name in enumerate(["Response", "Frequency", "Percentage"]):
        if k >= len(header) or header[k].strip() != name:
            raise MissingColumnError(
                "expected columns Response, Frequency, Percentage", file=path, line=1, column=name
            )
    item = items[0]
    counts: list[tuple[str, int, int]] = []
    total = None
    for row in rows[1:]:
        check_width(row, 3, header, path)
        label = row.cells[0].strip()
        count = parse_int(row.cells[1], path, row.line, "Frequency")
        pct = parse_int(row.cells[2], path, row.line, "Percentage")
        if label == TOTAL:
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
        counts.append((label, count, pct))
    if total is None:
        raise SurveyDataError("printed Total row is missing", file=path, column="Response")
    check_total(total[1], sum(c for _, c, _ in counts), path, total[0], "Frequency", "frequencies")
    block = "Response"
    records = [
        (table, item.section, block, item.id, item.label, scale.name, lab, c, p, total[1])
        for lab, c, p in counts
    ]
    return likert_frame(records, scale.dtype)

"""A codebook drafted from a respondent file: :func:`draft_codebook`.

The file is read in its layout (:mod:`lscb_survey.waves.layouts`) and every
column is placed: the platform's metadata columns, the respondent id and a
weight column are named as such; checkbox questions become multi-select
questions; columns with at most 20 distinct answers become items (on a known
scale when one holds every answer, else on a new scale flagged for checking)
or, for demographic and area columns and single-answer columns, attributes;
free text, timestamps and numbers are listed in a comment. The result is TOML
that :func:`~lscb_survey.read_codebook` reads and with which
:func:`~lscb_survey.read_wave` reads the file unchanged.
"""

from __future__ import annotations

import re
import tomllib
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..data.codebook import Codebook
from ..data.names import slugify
from ..data.scales import normalise_label
from ..errors import WaveFormatError, listing
from .draft_columns import Facts, column_facts, delimited_options, option_groups
from .draft_scales import DraftScale, ScaleBook, known_scales, read_scales_file
from .draft_toml import Entry, Plan, render
from .layouts import LaidOut, LayoutInfo, read_layout
from .reading import check_layout_options
from .redcap import Field, find_dictionary, read_dictionary

__all__ = ["MAX_LEVELS", "draft_codebook"]

#: Most distinct answers a column may have to be drafted as an item or attribute.
MAX_LEVELS = 20

_IDS = {
    normalise_label(t)
    for t in (
        "ResponseId", "ResponseID", "Response ID", "Respondent ID", "respondent_id", "record_id",
        "Record ID", "id", "ID", "case", "caseid", "case_id", "uuid",
    )
}  # fmt: skip
_WEIGHT = re.compile(r"(?:^|[^a-z])(?:weight|weights|wgt|wt)(?:$|[^a-z])", re.IGNORECASE)
_DEMOGRAPHIC = re.compile(
    r"\b(?:region|area|location|county|country|borough|district|authority|gender|sex|age|"
    r"age group|ethnic\w*|role|job|occupation|department|sector|organi[sz]ation|agency|site|"
    r"team|school|language|nationality|religion|disability|income|education|qualification|"
    r"marital|tenure|type|size)\b",
    re.IGNORECASE,
)
_ONE_COLUMN_CHECKBOXES = ("google-forms", "microsoft-forms", "plain", "qualtrics", "limesurvey")
_TIMESTAMP = re.compile(
    r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?.*)?$"
)


def draft_codebook(
    path: str | Path,
    *,
    scales: str | Path | None = None,
    layout: str = "auto",
    header_row: int | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    dictionary: str | Path | None = None,
    name: str | None = None,
) -> str:
    """Draft a codebook for a respondent file.

    Parameters
    ----------
    path : str or Path
        A file :func:`~lscb_survey.read_wave` reads (a platform's export or a plain table).
    scales : path, optional
        A TOML file whose ``[scales.NAME]`` tables (a codebook, or scales only)
        are matched before the built-in ones.
    layout, header_row, encoding, sheet :
        As for :func:`~lscb_survey.read_wave`; the draft records them.
    dictionary : path, optional
        A REDCap data dictionary (default: one found beside a REDCap export).
    name : str, optional
        The instrument's name (default: the file name without suffix).

    Returns
    -------
    str
        TOML text: the same bytes for the same file and options. Scales made
        from the file's answers carry a ``# check:`` comment; columns not read
        are listed in comments.

    Raises
    ------
    WaveFormatError
        If the file cannot be read.
    CodebookError
        If ``scales`` is not a file of valid scales.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> text = draft_codebook(ls.config.examples_dir() / "wave-example-codes.csv")
    >>> book = ls.Codebook.from_dict(__import__("tomllib").loads(text))
    >>> book.id_column, [i.column for i in book.items][:2]
    ('case', ['Q1', 'Q2'])
    """
    check_layout_options(layout, header_row)
    path = Path(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LayoutInfo)
        laid = read_layout(
            path, layout=layout, header_row=header_row, encoding=encoding, sheet=sheet
        )
    known = [*(read_scales_file(scales) if scales is not None else []), *known_scales()]
    fields: dict[str, Field] = {}
    if laid.layout == "redcap" or dictionary is not None:
        found = Path(dictionary) if dictionary is not None else None
        found = found or find_dictionary(path, list(laid.frame.columns))
        fields = read_dictionary(found) if found is not None else {}
    plan = _plan(path, laid, ScaleBook(known), fields, name, encoding, sheet)
    text = render(plan)
    Codebook.from_dict(tomllib.loads(text), source=f"draft of {path.name}")  # a draft always reads
    return text


class _Ids:
    """Safe, distinct ids for items, questions and attributes."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def peek(self, text: str) -> str:
        """The id ``text`` would get (not taken yet)."""
        base = slugify(text, fallback="column", max_length=56)
        name, k = base, 1
        while name.casefold() in self.used:
            k += 1
            name = f"{base}-{k}"
        return name

    def __call__(self, text: str) -> str:
        name = self.peek(text)
        self.used.add(name.casefold())
        return name


def _take(ids: _Ids, attribute: tuple[str, str, str, list[str]]) -> tuple[str, str, str, list[str]]:
    """The attribute with its id taken."""
    ids.used.add(attribute[0].casefold())
    return attribute


def _layout_table(
    laid: LaidOut, encoding: str | None, sheet: str | int | None
) -> dict[str, object]:
    table: dict[str, object] = {"platform": laid.layout, "header_row": laid.header_row}
    table["header_rows"] = laid.header_rows
    if encoding is not None:
        table["encoding"] = encoding
    if sheet is not None:
        table["sheet"] = sheet
    if laid.metadata:
        table["metadata"] = list(laid.metadata)
    return table


def _plan(
    path: Path,
    laid: LaidOut,
    book: ScaleBook,
    fields: Mapping[str, Field],
    name: str | None,
    encoding: str | None,
    sheet: str | int | None,
) -> Plan:
    frame = laid.frame
    columns = [str(c) for c in frame.columns]
    facts = {c: column_facts(frame[c]) for c in columns}
    read_in = f", read in {laid.encoding}" if laid.encoding else ""
    plan = Plan(
        name=name or path.stem,
        header=[
            f"Codebook drafted by lscb-survey from {path.name}: {laid.layout} layout, "
            f"header on row {laid.header_row} ({laid.header_rows} row"
            f"{'s' if laid.header_rows > 1 else ''}){read_in}.",
            "Scales marked 'check' were made from the file's answers: put their levels in",
            "order (most positive first) and add a centre where there is one.",
        ],
        layout=_layout_table(laid, encoding, sheet),
        unread={
            key: []
            for key in (
                "metadata",
                "free text or numbers",
                "timestamps",
                "empty",
                "timestamps, kept as attributes",
                "free text, kept as attributes",
            )
        },
    )
    ids = _Ids()
    placed: set[str] = set()
    plan.id_column = _id_column(columns, laid, facts)
    plan.weight_column = _weight_column(columns, facts, plan.id_column)
    for column in (plan.id_column, plan.weight_column):
        if column is not None and 2 <= facts[column].distinct <= MAX_LEVELS:
            plan.attributes.append(_take(ids, (ids.peek(column), column, column, [])))
    placed |= {c for c in (plan.id_column, plan.weight_column) if c}
    groups = {run[0][0]: (q, run) for q, run in option_groups(laid, facts, fields)}
    for column in columns:
        if column in placed:
            continue
        if column in groups:
            question, run = groups[column]
            plan.items.append(_multiple_entry(ids(question), question, run))
            placed |= {c for c, _ in run}
            continue
        placed.add(column)
        _place(plan, column, laid, facts[column], fields, book, ids)
    plan.scales = list(book.scales.values())
    if not plan.items:
        raise WaveFormatError(
            "no column could be drafted as a question (one with between 2 and "
            f"{MAX_LEVELS} different answers); the file has columns {listing(columns, 10)}",
            file=path,
        )
    if not plan.scales:  # only multi-select questions: a codebook still needs one scale
        plan.scales.append(DraftScale("yes_no", ["Yes", "No"], ["Not specified"]))
    return plan


def _label(laid: LaidOut, column: str, fields: Mapping[str, Field]) -> str:
    if column in fields:
        return fields[column].label
    if laid.layout == "surveymonkey":
        return column
    return laid.questions.get(column, column).strip() or column


def _place(
    plan: Plan,
    column: str,
    laid: LaidOut,
    facts: Facts,
    fields: Mapping[str, Field],
    book: ScaleBook,
    ids: _Ids,
) -> None:
    """Make one column an item, an attribute, a one-column multi-select, or a comment."""
    label = _label(laid, column, fields)
    labels = _value_labels(laid, column, fields)
    attribute = (ids.peek(column), label, column, facts.na_tokens)
    few = 1 <= facts.distinct <= MAX_LEVELS
    if facts.answers and all(_TIMESTAMP.match(a) for a in facts.answers[:50]):
        plan.unread["timestamps, kept as attributes" if few else "timestamps"].append(column)
        if few:
            plan.attributes.append(_take(ids, attribute))
        return
    if column in laid.metadata:
        if few:
            plan.attributes.append(_take(ids, attribute))
        else:
            plan.unread["metadata"].append(column)
        return
    if facts.distinct == 0:
        plan.unread["empty"].append(column)
        return
    if laid.layout in _ONE_COLUMN_CHECKBOXES and facts.distinct > 1 and not labels:
        found = delimited_options(facts)
        if found is not None:
            entry = _multiple_entry(ids(column), label, [], found[1], column, found[0])
            plan.items.append(entry)
            return
    if facts.distinct > MAX_LEVELS:
        plan.unread["free text or numbers"].append(column)
        return
    lengths = [len(c) for c in facts.cells]
    free = facts.distinct == len(facts.cells) > 4 and sum(lengths) > 20 * len(lengths)
    free = free or _open_ended(laid, column, fields)
    if free or _DEMOGRAPHIC.search(label) or _DEMOGRAPHIC.search(column.replace("_", " ")):
        plan.attributes.append(_take(ids, attribute))
        if free:
            plan.unread["free text, kept as attributes"].append(column)
        return
    base = f"answers-{column}"
    if labels:
        scale = book.labelled(labels, facts.raw, base)
        if scale is not None:
            for token in facts.na_tokens:
                if normalise_label(token) not in scale.keys():
                    scale.missing_values.append(token)
    else:
        scale = book.match(facts.answers, facts.na_tokens, base)
    if scale is None:
        plan.attributes.append(_take(ids, attribute))
        return
    item = ids(column)
    keys: dict[str, object] = {"id": item, "label": label, "scale": scale.name, "column": column}
    plan.items.append(Entry(keys))


def _open_ended(laid: LaidOut, column: str, fields: Mapping[str, Field]) -> bool:
    """Whether the platform says the column is a text box."""
    if normalise_label(laid.subs.get(column, "")) in (
        "open-ended response",
        "other (please specify)",
    ):
        return True
    if column in fields:
        return fields[column].type in ("text", "notes")
    return laid.layout.startswith("qualtrics") and column.upper().endswith("_TEXT")


def _value_labels(
    laid: LaidOut, column: str, fields: Mapping[str, Field]
) -> dict[object, str] | None:
    if laid.value_labels and laid.value_labels.get(column):
        return dict(laid.value_labels[column])
    if column in fields and fields[column].choices and fields[column].type != "checkbox":
        return {code: label for code, label in fields[column].choices.items()}
    return None


def _multiple_entry(
    item_id: str,
    label: str,
    run: Sequence[tuple[str, str]],
    options: Sequence[str] = (),
    column: str | None = None,
    delimiter: str | None = None,
) -> Entry:
    keys: dict[str, object] = {"id": item_id, "label": label or item_id, "kind": "multiple"}
    if run:
        keys["options"] = [o for _, o in run]
        keys["columns"] = [c for c, _ in run]
    else:
        keys["options"] = list(options)
        keys["column"] = column
        keys["delimiter"] = delimiter
    return Entry(keys, "a multi-select question: check its options")


def _id_column(columns: Sequence[str], laid: LaidOut, facts: Mapping[str, Facts]) -> str | None:
    """The first id-like column whose values are all present and distinct."""
    for column in columns:
        names = {normalise_label(column), normalise_label(laid.questions.get(column, ""))}
        f = facts[column]
        if names & _IDS and not f.blanks and not f.na_tokens:
            if len(f.cells) == len(laid.frame) and f.distinct == len(f.cells):
                return column
    return None


def _weight_column(
    columns: Sequence[str], facts: Mapping[str, Facts], id_column: str | None
) -> str | None:
    for column in columns:
        if column == id_column or not _WEIGHT.search(column):
            continue
        try:
            values = [float(c) for c in facts[column].cells]
        except ValueError:
            continue
        if values and min(values) >= 0:
            return column
    return None

"""The multi-select questions and the not-asked counts of a wave's report.

:func:`multiple_section` lays out :attr:`Wave.multiple
<lscb_survey.waves.model.Wave.multiple>`: one table and one bar chart per
question, and one table of every question for the workbook.
:func:`protect_multiple` puts the counts through disclosure control: each
option is a row of two cells, chosen and not chosen, whose published total is
the question's base (the respondents who answered it), suppressed by
:func:`lscb_survey.suppress` and checked by
:func:`lscb_survey.disclosure.release.check_release` like the likert counts.
:func:`not_asked_note` says under a printed table how many respondents each
item was not put to (skip logic).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ...disclosure import MARKER
from .sections import Figure, SimpleTable, data_uri

if TYPE_CHECKING:  # pragma: no cover
    from ...waves.model import Wave

__all__ = [
    "CHOSEN",
    "NOT_CHOSEN",
    "MultipleQuestion",
    "MultipleSection",
    "multiple_counts",
    "multiple_section",
    "not_asked_note",
    "people",
    "protect_multiple",
]

#: The two cells of an option in :func:`multiple_counts`.
CHOSEN, NOT_CHOSEN = "Chosen", "Not chosen"


def people(count: int, threshold: int | None, what: str = "respondents") -> str:
    """A count of respondents that is the difference of two published totals, as printed.

    Such a count (respondents not asked an item, or not answering a
    multi-select question) cannot be hidden: the respondents and the base
    are both published, so a marker would hide nothing. With a threshold, a
    count from 1 to ``threshold - 1`` therefore stops the release.

    Raises
    ------
    DisclosureError
        If ``0 < count < threshold``; the message names ``what``.

    Examples
    --------
    >>> people(3, None), people(0, 5), people(12, 5)
    ('3', '0', '12')
    """
    if threshold is not None and 0 < count < threshold:
        from ...disclosure.release import DisclosureError

        raise DisclosureError(
            f"{what}: a count below the threshold of {threshold} is the difference of two "
            "published totals (the respondents and the base), so it cannot be hidden; leave "
            "the item out (--items) or publish without --suppress; nothing was written"
        )
    return str(int(count))


def multiple_counts(multiple: pd.DataFrame) -> pd.DataFrame:
    """``wave.multiple`` as tidy likert counts: one item per option, answers chosen / not chosen.

    Parameters
    ----------
    multiple : DataFrame
        ``wave.multiple`` (``question_id, question, option, chosen, answered, ...``).

    Returns
    -------
    DataFrame
        Two rows per option, in the order of ``multiple``: ``table`` (0),
        ``section`` and ``block`` (the question id), ``item_id``
        (``<question id>#<k>``, ``k`` the option's row in ``multiple``),
        ``item`` (the option), ``scale`` (``"multiple"``), ``response``
        (:data:`CHOSEN`, :data:`NOT_CHOSEN`), ``count`` (``chosen`` and
        ``answered - chosen``), ``percent`` (missing) and ``n`` (``answered``).

    Examples
    --------
    >>> m = pd.DataFrame({"question_id": "q", "question": "Q?", "option": ["A", "B"],
    ...                   "chosen": [3, 0], "answered": 5})
    >>> multiple_counts(m)[["item_id", "response", "count", "n"]].values.tolist()
    [['q#0', 'Chosen', 3, 5], ['q#0', 'Not chosen', 2, 5], ['q#1', 'Chosen', 0, 5], ['q#1', 'Not chosen', 5, 5]]
    """
    records = []
    for k, r in enumerate(multiple.itertuples(index=False)):
        row: Any = r
        question, chosen, answered = str(row.question_id), int(row.chosen), int(row.answered)
        for response, count in ((CHOSEN, chosen), (NOT_CHOSEN, answered - chosen)):
            item = (0, question, question, f"{question}#{k}", str(row.option), "multiple")
            records.append((*item, response, count, pd.NA, answered))
    columns = ["table", "section", "block", "item_id", "item", "scale", "response", "count"]
    frame = pd.DataFrame.from_records(records, columns=[*columns, "percent", "n"])
    return frame.astype({"table": "int64", "count": "int64", "percent": "Int64", "n": "int64"})


def protect_multiple(multiple: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """``wave.multiple`` with small counts, and the cells they follow from, hidden.

    The counts of :func:`multiple_counts` are suppressed with
    :func:`lscb_survey.suppress` (each option a row of two cells whose total,
    the question's base, is published) and checked with
    :func:`lscb_survey.disclosure.release.check_release` before anything is
    returned; an option is hidden when either of its cells is.

    Returns
    -------
    DataFrame
        The rows and columns of ``multiple`` with ``chosen`` (``Int64``) and
        ``percent`` missing for hidden options, and ``suppressed`` (bool).
        ``attrs``: ``cells`` and ``cells_hidden`` (of :func:`multiple_counts`),
        ``withheld`` (options withheld, zeros included: no pattern protects them).

    Examples
    --------
    >>> m = pd.DataFrame({"question_id": "q", "question": "Q?", "option": ["A", "B"],
    ...                   "chosen": [2, 20], "answered": 40, "percent": [5.0, 50.0]})
    >>> protect_multiple(m, 5)[["option", "chosen", "suppressed"]].values.tolist()
    [['A', <NA>, True], ['B', 20, False]]
    """
    from ...disclosure import suppress
    from ...disclosure.release import check_release

    counts = multiple_counts(multiple)
    published = suppress(counts, threshold=threshold)
    check_release(published, counts)
    pairs = published["suppressed"].to_numpy(dtype=bool).reshape(-1, 2)
    hidden = pd.Series(pairs.any(axis=1), index=multiple.index)
    out = multiple.copy()
    out["chosen"] = out["chosen"].astype("Int64").mask(hidden)
    out["percent"] = out["percent"].astype("Float64").mask(hidden)
    out["suppressed"] = hidden.to_numpy()
    withheld = {str(w) for w in published.attrs.get("withheld", [])}
    ids = counts["item_id"].to_numpy()[::2]
    out.attrs = {
        "cells": len(published),
        "cells_hidden": int(published["suppressed"].sum()),
        "withheld": [str(o) for o, i in zip(multiple["option"], ids, strict=True) if i in withheld],
    }
    return out


@dataclass(frozen=True)
class MultipleQuestion:
    """One multi-select question of the report: its table, its figure and what the figure omits."""

    table: SimpleTable
    figure: Figure | None
    note: str


@dataclass(frozen=True)
class MultipleSection:
    """The multi-select questions of a wave, ready to render and to write as one sheet."""

    questions: list[MultipleQuestion]
    notes: list[str]
    sheet: SimpleTable


def _pct(value: Any, hidden: bool) -> str:
    if hidden:
        return MARKER
    return "" if pd.isna(value) else f"{float(value):.1f}"


def _figure(part: pd.DataFrame, wave: str, k: int) -> tuple[Figure | None, str]:
    """The question's bars as an embedded figure (None when no option can be drawn)."""
    from ..pipelines.wave_reports import multiple_figures

    with tempfile.TemporaryDirectory() as tmp:
        drawn = multiple_figures(part, tmp, wave=wave)
        if not drawn:
            return None, "No figure: no option has a published count."
        path, alt = drawn[0]
        src = data_uri(path.read_bytes())
    left_out = int(part["suppressed"].sum()) if "suppressed" in part else 0
    note = f"The figure leaves out {left_out} option(s) whose count is hidden." if left_out else ""
    caption = f"{wave}: {part['question'].iloc[0]}"
    return Figure(f"multiple-figure-{k}", caption, alt, src), note


def _question_table(part: pd.DataFrame, k: int, threshold: int | None) -> SimpleTable:
    """One question: each option's count and share of those who answered, and the base."""
    first = part.iloc[0]
    answered, respondents = int(first["answered"]), int(first["respondents"])
    what = f"respondents not answering {str(first['question_id'])!r}"
    silent = people(respondents - answered, threshold, what)
    hidden = part["suppressed"] if "suppressed" in part else pd.Series(False, index=part.index)
    records: list[Any] = list(part.itertuples(index=False))
    rows = [
        [
            str(r.option),
            MARKER if h else str(int(r.chosen)),
            _pct(r.percent, bool(h)),
            str(answered),
            silent,
        ]
        for r, h in zip(records, hidden, strict=True)
    ]
    caption = (
        f'Respondents choosing each option of "{first["question"]}", of the {answered} who '
        f"answered it ({silent} of {respondents} respondents did not)"
    )
    columns = ["Option", "Chosen", "Chosen (% of those answering)", "Answered (base)"]
    return SimpleTable(f"multiple-{k}", caption, [*columns, "Did not answer"], rows)


def _label(wave: Wave, by: str) -> str:
    """An attribute's label with its id (the id alone when the codebook has no label)."""
    try:
        label = str(wave.codebook.attribute(by).label)
    except KeyError:
        return by
    return f"{label} ({by})" if label and label != by else by


def _sheet(tables: list[SimpleTable], questions: list[str]) -> SimpleTable:
    """Every question's table in one, the question in the first column."""
    rows = [[q, *row] for q, t in zip(questions, tables, strict=True) for row in t.rows]
    columns = ["Question", "Option", "Chosen", "Chosen (%)", "Answered", "Did not answer"]
    return SimpleTable(
        "multiple-select", "Multi-select questions", columns, rows, text_columns=(1,)
    )


def multiple_section(
    wave: Wave, *, threshold: int | None = None, by: str | None = None
) -> MultipleSection | None:
    """The multi-select questions of a wave as tables, figures and one sheet.

    Parameters
    ----------
    wave : Wave
        A wave; ``None`` is returned when it has no multi-select question.
    threshold : int, optional
        Protect the counts (:func:`protect_multiple`): hidden options show the
        marker, and figures leave them out. A count of respondents not
        answering from 1 to ``threshold - 1`` stops the release
        (:func:`people`).
    by : str, optional
        The report's breakdown: the questions are not broken down, and a note says so.

    Returns
    -------
    MultipleSection or None
        One :class:`MultipleQuestion` per question (table: option, chosen,
        percentage of those answering, the base and the respondents not
        answering; figure with alt text), notes for the section, and one table
        of every question for the workbook.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> multiple_section(ls.read_wave(ls.config.examples_dir() / "wave-example.csv")) is None
    True
    """
    from ..pipelines.wave_reports import describe_weighting

    multiple = wave.multiple
    if multiple is None or multiple.empty:
        return None
    notes = []
    if threshold is not None:
        multiple = protect_multiple(multiple, threshold)
        withheld = multiple.attrs["withheld"]
        notes.append(
            f"Disclosure control: {multiple.attrs['cells_hidden']} of "
            f"{multiple.attrs['cells']} counts hidden (chosen and not chosen per option)"
            + (f"; options withheld entirely: {', '.join(withheld)}." if withheld else ".")
        )
    if describe_weighting(wave):
        notes.append("These counts and percentages are unweighted: weights do not reach "
                     "multi-select questions yet.")  # fmt: skip
    if by is not None:
        notes.append(f"Multi-select questions are not broken down by {_label(wave, by)}.")
    questions, tables, names = [], [], []
    for k, (_, part) in enumerate(multiple.groupby("question_id", sort=False), start=1):
        table = _question_table(part, k, threshold)
        figure, note = _figure(part, wave.name, k)
        questions.append(MultipleQuestion(table, figure, note))
        tables.append(table)
        names.append(str(part["question"].iloc[0]))
    return MultipleSection(questions, notes, _sheet(tables, names))


def not_asked_note(wave: Wave, item_ids: list[str], threshold: int | None = None) -> str:
    """A sentence under a table: how many respondents each of its items was not asked.

    Empty when no item of the table has a ``not_asked`` rule. The count is
    the difference of the respondents and the item's base (the table's
    Total), both published, so a count from 1 to ``threshold - 1`` stops the
    release (:func:`people`).

    Examples
    --------
    >>> import lscb_survey as ls
    >>> not_asked_note(ls.published_wave(), ["t9_sanctions"])
    ''
    """
    skipped = wave.not_asked
    if skipped is None or skipped.empty:
        return ""
    index = skipped.rename(index=str)
    shown = [i for i in item_ids if i in index.index]
    if not shown:
        return ""
    labels = dict(
        zip(wave.counts["item_id"].astype(str), wave.counts["item"].astype(str), strict=False)
    )
    parts = [
        f"{labels.get(i, i)}: {people(int(index[i]), threshold, f'respondents not asked {i!r}')}"
        for i in shown
    ]
    return (
        "Respondents not asked (skip logic; left out of the item's base, the Total): "
        + "; ".join(parts)
        + "."
    )

"""Item columns to category codes of their scales, with every problem recorded.

How answers are matched
-----------------------
Each answer is compared with the levels of its item's scale after
:func:`~lscb_survey.data.scales.normalise_label` (Unicode NFKC, curly quotes made
straight, runs of white space collapsed, surrounding white space removed, case
folded). There is no fuzzy matching: "Agreee" is an error, not "Agree".

* A blank answer (empty cell, only white space, a missing value in a
  spreadsheet or statistics file) becomes the scale's first non-substantive
  level ("Not specified" in the 2012 scales) and is counted.
* A non-substantive label written out ("Not specified", "Don't know") keeps its
  own level. Other spellings a scale declares (``aliases``) take the level they
  spell; its ``missing_values`` ("NA", "-99") count as the first non-substantive
  level.
* A whole number that is not a label is a numeric code: it takes the label the
  scale's ``codes`` give it, or the first non-substantive level when it is one
  of the scale's ``missing_codes``. A code the scale does not declare is an
  error, and so is a column that mixes labels with codes.
* In SPSS and Stata files, value labels stored in the file are applied first;
  values without a file label are then treated as codes.

Every problem is recorded as a :class:`Problem` naming the rows (1-based data
rows, and respondent ids when known), the column and the value; the caller
raises them together in one
:class:`~lscb_survey.waves.model.WaveValidationError`.

Performance
-----------
No Python loop runs over rows. Each text column is first looked up in one
hash table holding the scale's canonical labels and the missing value
(``Index.get_indexer``); only the cells that do not match exactly (label
variants, blanks, codes, errors) are factorised, and their *distinct* values are
normalised and classified one by one. A column that is already Categorical is
classified through its categories.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..data.codebook import Item
from ..data.scales import Scale, normalise_label
from ..errors import listing, shown
from .cells import as_code, is_hashable, plain, text_of, unhashable_rows
from .problems import Problem, RowNames, rows_word

__all__ = ["EncodedColumn", "encode_column"]

_MAX_VALUES_PER_COLUMN = 20  # distinct bad values detailed per column

#: A value that cannot be encoded: (slot of the distinct value, kind, message, value shown).
_Bad = tuple[int, str, str, object]


@dataclass
class EncodedColumn:
    """One item column, encoded."""

    codes: np.ndarray | None  # category index per row (int8/int16), None when invalid
    blank: np.ndarray | None  # per row: the cell was blank (only when asked for)


@dataclass
class _Distinct:
    """A column as distinct values: which rows are still to classify, and their slots."""

    final: np.ndarray  # category index per row, filled for exact matches
    rest: np.ndarray | None  # rows left to classify (None: every row)
    slots: np.ndarray  # per row left: slot of its distinct value (-1: missing value)
    uniques: list[object]  # the distinct values
    present: np.ndarray | None = None  # per slot: used by a row (Categorical input only)
    exact_label: str | None = None  # a canonical label some row holds exactly
    missing_rows: np.ndarray | None = None  # rows holding a missing value (found directly)

    def rows_of(self, slot_mask: np.ndarray) -> np.ndarray:
        """Rows (0-based, of the whole column) whose value falls in the masked slots."""
        hits = np.flatnonzero(slot_mask)
        return hits if self.rest is None else self.rest[hits]


@dataclass
class _Classes:
    """What each distinct value of a column is."""

    mapping: np.ndarray  # per slot (a last one for missing values): category index, -1 invalid
    blank: np.ndarray  # per slot: the value is blank
    has_blank: bool
    labels_seen: list[str] = field(default_factory=list)  # labels written in the data
    code_slots: list[int] = field(default_factory=list)  # slots holding numeric codes
    bad: list[_Bad] = field(default_factory=list)


def encode_column(
    values: pd.Series,
    item: Item,
    scale: Scale,
    rows: RowNames,
    problems: list[Problem],
    *,
    value_labels: Mapping[object, str] | None,
    want_blank: bool,
) -> EncodedColumn:
    """Map one column to category codes of its scale, recording every problem.

    Parameters
    ----------
    values : Series
        The item's column, one cell per respondent row.
    item, scale :
        The item and its scale.
    rows : RowNames
        Names rows in messages.
    problems : list of Problem
        Problems found are appended here.
    value_labels : mapping, optional
        The file's value labels for this column (SPSS, Stata), applied first.
    want_blank : bool
        Also return which cells were blank.

    Returns
    -------
    EncodedColumn
        ``codes``: per row the index in ``scale.categories`` (int8, or int16
        for very long scales), ``None`` when the column has a problem;
        ``blank``: per row whether the cell was blank, when ``want_blank``.

    Examples
    --------
    >>> import pandas as pd
    >>> from lscb_survey.data.codebook import default_codebook
    >>> book = default_codebook()
    >>> item, scale = book.item("t9_sanctions"), book.scale_of("t9_sanctions")
    >>> col = encode_column(pd.Series(["Agree", " agree", ""], dtype=object), item, scale,
    ...                     RowNames(3, None), [], value_labels=None, want_blank=False)
    >>> [scale.categories[c] for c in col.codes]
    ['Agree', 'Agree', 'Not specified']
    """
    try:
        distinct = _distinct_values(values, scale, value_labels)
    except TypeError:  # a list, dict or set in a cell
        problems.append(_unhashable_problem(item.source_column, values, rows))
        return EncodedColumn(None, None)
    classes = _classify(distinct, scale, value_labels)
    ok = _report(item.source_column, scale, distinct, classes, rows, problems, value_labels)
    blank = _blank_rows(distinct, classes) if want_blank else None
    if not ok:
        return EncodedColumn(None, blank)
    if distinct.rest is None:
        final = classes.mapping[distinct.slots]
    else:
        final = distinct.final
        if len(distinct.rest):
            final[distinct.rest] = classes.mapping[distinct.slots]
    dtype = np.int8 if len(scale.categories) < 127 else np.int16
    return EncodedColumn(final.astype(dtype, copy=False), blank)


def _unhashable_problem(column: str, values: pd.Series, rows: RowNames) -> Problem:
    """The problem of cells holding lists, dicts or sets (not answers)."""
    positions = unhashable_rows(values)
    r, ids, rows_text = rows.describe(positions)
    first = plain(values.iloc[int(positions[0])]) if len(positions) else None
    return Problem(
        "unhashable_value",
        column,
        first,
        r,
        ids,
        len(positions),
        f"column {shown(column)}: a {type(first).__name__} ({shown(first)}) is not an "
        f"answer, in {rows_word(len(positions))}: {rows_text}",
    )


def _distinct_values(
    values: pd.Series, scale: Scale, value_labels: Mapping[object, str] | None
) -> _Distinct:
    """Exact canonical labels found in one lookup; every other cell as a slot of its value."""
    final = np.empty(len(values), dtype=np.int16)
    if isinstance(values.dtype, pd.CategoricalDtype):
        slots = values.cat.codes.to_numpy()
        uniques = list(values.cat.categories)
        present = np.bincount(slots[slots >= 0], minlength=len(uniques)) > 0
        return _Distinct(final, None, slots, uniques, present=present)
    if value_labels is None and (
        values.dtype == object or isinstance(values.dtype, pd.StringDtype)
    ):
        direct, exact_label, missing_rows = _direct_lookup(values, scale)
        rest = np.flatnonzero(direct < 0)
        final[:] = direct
        slots, uniq = pd.factorize(values.iloc[rest], use_na_sentinel=True)
        return _Distinct(
            final, rest, slots, list(uniq), exact_label=exact_label, missing_rows=missing_rows
        )
    slots, uniq = pd.factorize(values, use_na_sentinel=True)
    return _Distinct(final, None, slots, list(uniq))


def _direct_lookup(
    values: pd.Series, scale: Scale
) -> tuple[np.ndarray, str | None, np.ndarray | None]:
    """Canonical labels, and missing values when the scale has a level for them, in one
    hash-table lookup: per row the category index (-1: not found), a label found, and
    the rows holding a missing value."""
    categories = scale.categories
    k = len(categories)
    keys = [*categories, np.nan] if scale.missing else categories
    direct = pd.Index(keys, dtype=object).get_indexer(pd.Index(values))
    hits = (direct >= 0) & (direct < k)
    first_hit = int(hits.argmax())
    exact_label = categories[int(direct[first_hit])] if hits[first_hit] else None
    missing_rows = None
    if scale.missing:
        missing_rows = direct == k
        direct[missing_rows] = len(scale.levels)
    return direct, exact_label, missing_rows


def _blank_code(scale: Scale) -> int:
    """Category index of blank answers: the first non-substantive level (-1: none)."""
    return len(scale.levels) if scale.missing else -1


def _classify(
    distinct: _Distinct, scale: Scale, value_labels: Mapping[object, str] | None
) -> _Classes:
    """Classify each distinct value: blank, label, code, or a problem."""
    position = {c: k for k, c in enumerate(scale.categories)}
    lookup = {key: position[label] for key, label in scale.lookup().items()}
    blank_code = _blank_code(scale)
    # One slot per distinct value plus a last slot for missing values (code -1).
    mapping = np.full(len(distinct.uniques) + 1, -1, dtype=np.int16)
    mapping[-1] = blank_code
    blank = np.zeros(len(distinct.uniques) + 1, dtype=bool)
    blank[-1] = True
    out = _Classes(mapping, blank, has_blank=bool((distinct.slots < 0).any()))
    if distinct.exact_label is not None:
        out.labels_seen.append(distinct.exact_label)
    for k, raw in enumerate(distinct.uniques):
        if distinct.present is not None and not distinct.present[k]:
            continue
        value = raw
        if value_labels is not None and is_hashable(raw) and raw in value_labels:
            value = value_labels[raw]
        text = text_of(value)
        if text is None or not normalise_label(text):
            mapping[k] = blank_code
            blank[k] = True
            out.has_blank = True
            continue
        idx = lookup.get(normalise_label(text))
        if idx is not None:
            mapping[k] = idx
            if value is raw and as_code(text) is None:  # "-99" as a missing value is no label
                out.labels_seen.append(text)
            continue
        code = as_code(text)
        if code is None:
            what = "file value label" if value is not raw else "label"
            message = (
                f"unknown {what} {shown(text)} (scale {shown(scale.name)} has "
                f"{listing(scale.categories)})"
            )
            out.bad.append((k, "unknown_label", message, plain(raw)))
            continue
        out.code_slots.append(k)
        index, problem = _code_index(code, scale)
        if problem is None:
            mapping[k] = index
        else:
            out.bad.append((k, *problem))
    return out


def _code_index(code: int, scale: Scale) -> tuple[int, tuple[str, str, object] | None]:
    """Category index of a numeric code, or -1 and the problem (kind, message, value)."""
    if code in scale.codes:
        return scale.categories.index(scale.codes[code]), None
    if code in scale.missing_codes:
        if scale.missing:
            return _blank_code(scale), None
        message = f"missing code {code} but scale {scale.name!r} has no non-substantive level"
        return -1, ("no_missing_level", message, code)
    if scale.codes or scale.missing_codes:
        declared = ", ".join(map(str, sorted(scale.codes)))
        extra = (
            f"; missing codes {', '.join(map(str, scale.missing_codes))}"
            if scale.missing_codes
            else ""
        )
        message = f"code {code} out of range (scale {scale.name!r} has codes {declared}{extra})"
        return -1, ("code_out_of_range", message, code)
    message = (
        f"numeric code {code} but scale {scale.name!r} declares no codes "
        "(use labels, or give the scale codes in a codebook)"
    )
    return -1, ("codes_not_declared", message, code)


def _report(
    column: str,
    scale: Scale,
    distinct: _Distinct,
    classes: _Classes,
    rows: RowNames,
    problems: list[Problem],
    value_labels: Mapping[object, str] | None,
) -> bool:
    """Append the column's problems; whether it has none."""
    ok = True
    slots = distinct.slots
    if classes.has_blank and _blank_code(scale) < 0:
        ok = False
        positions = distinct.rows_of(classes.blank[slots])
        r, ids, rows_text = rows.describe(positions)
        message = (
            f"column {column!r}: blank answers in {rows_word(len(positions))} but scale "
            f"{scale.name!r} has no non-substantive level: {rows_text}"
        )
        problems.append(Problem("no_missing_level", column, "", r, ids, len(positions), message))
    bad = classes.bad
    if classes.labels_seen and classes.code_slots and value_labels is None:
        ok = False
        problems.append(_mixed_problem(column, distinct, classes, rows))
        bad = [b for b in bad if b[0] not in set(classes.code_slots)]
    if bad:
        ok = False
        problems.extend(_value_problems(column, distinct, bad, rows))
    return ok


def _mixed_problem(column: str, distinct: _Distinct, classes: _Classes, rows: RowNames) -> Problem:
    """The problem of a column mixing labels with numeric codes."""
    positions = distinct.rows_of(np.isin(distinct.slots, classes.code_slots))
    r, ids, rows_text = rows.describe(positions)
    codes = {as_code(text_of(distinct.uniques[k]) or "") for k in classes.code_slots}
    codes_shown = sorted(c for c in codes if c is not None)  # every code slot holds a code
    return Problem(
        "mixed_labels_and_codes",
        column,
        codes_shown[:10],
        r,
        ids,
        len(positions),
        f"column {column!r} mixes labels (e.g. {classes.labels_seen[0]!r}) with numeric codes "
        f"{codes_shown[:10]} in {rows_word(len(positions))}: {rows_text}",
    )


def _value_problems(
    column: str, distinct: _Distinct, bad: list[_Bad], rows: RowNames
) -> list[Problem]:
    """One problem per bad distinct value (the first 20), and a count of the rest."""
    found = []
    for slot, kind, message, value in bad[:_MAX_VALUES_PER_COLUMN]:
        positions = distinct.rows_of(distinct.slots == slot)
        r, ids, rows_text = rows.describe(positions)
        text = f"column {column!r}: {message} in {rows_word(len(positions))}: {rows_text}"
        found.append(Problem(kind, column, value, r, ids, len(positions), text))
    if len(bad) > _MAX_VALUES_PER_COLUMN:
        rest_bad = len(bad) - _MAX_VALUES_PER_COLUMN
        found.append(
            Problem(
                bad[-1][1],
                column,
                None,
                (),
                (),
                rest_bad,
                f"column {column!r}: {rest_bad} further distinct values not recognised",
            )
        )
    return found


def _blank_rows(distinct: _Distinct, classes: _Classes) -> np.ndarray:
    """Per row of the whole column: whether the cell was blank."""
    if distinct.rest is None:
        return classes.blank[distinct.slots]
    blank = np.zeros(len(distinct.final), dtype=bool)
    blank[distinct.rest] = classes.blank[distinct.slots]
    if distinct.missing_rows is not None:
        blank |= distinct.missing_rows
    return blank

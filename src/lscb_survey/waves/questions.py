"""Skip logic and multi-select questions of a wave.

:func:`not_asked_rows` finds the respondents an item was not put to (its
codebook ``not_asked``): they leave the item's base and are counted apart
(:attr:`~lscb_survey.waves.model.Wave.not_asked`). :func:`tally_multiple`
counts multi-select questions into the tidy frame of
:attr:`~lscb_survey.waves.model.Wave.multiple` (schema in :data:`MULTIPLE_COLUMNS`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..data.codebook import Codebook, Item
from ..data.questions import UNCHOSEN, MultipleChoice
from ..data.scales import normalise_label
from ..errors import listing, shown
from .cells import blank_cells, text_of
from .problems import Problem, RowNames, rows_word

__all__ = ["MULTIPLE_COLUMNS", "multiple_columns", "not_asked_rows", "tally_multiple"]

#: Columns of :attr:`Wave.multiple`: one row per multi-select question x option.
MULTIPLE_COLUMNS = (
    "question_id",
    "question",
    "option",
    "chosen",
    "answered",
    "respondents",
    "percent",
)


def _texts(values: pd.Series) -> list[str]:
    """Normalised text of every cell (blank: ``""``)."""
    return [normalise_label(text_of(v) or "") for v in values.tolist()]


def not_asked_rows(
    frame: pd.DataFrame, by_name: Mapping[str, Hashable], item: Item
) -> np.ndarray | None:
    """Per row: whether ``item`` was not asked (``None`` when the codebook has no rule).

    A value rule matches the item's own cell; a column rule matches rows whose
    other column holds one of the values and whose own cell is blank. A rule on
    a column the data lacks matches nothing.
    """
    rule = item.not_asked
    if rule is None or item.source_column not in by_name:
        return None
    values = {normalise_label(v) for v in rule.values}
    own = frame[by_name[item.source_column]]
    if rule.column is None:
        return np.array([t in values for t in _texts(own)], dtype=bool)
    if rule.column not in by_name:
        return np.zeros(len(frame), dtype=bool)
    other = frame[by_name[rule.column]]
    return np.array([t in values for t in _texts(other)], dtype=bool) & blank_cells(own)


def multiple_columns(book: Codebook) -> set[str]:
    """Every column a multi-select question of ``book`` reads."""
    return {c for q in book.multiple for c in q.source_columns}


def _split(text: str, question: MultipleChoice) -> tuple[list[int], list[str]]:
    """Options found in one cell (by position in ``options``) and the unknown pieces.

    Options are matched longest first at the start of what is left, so an option
    that contains the delimiter ("Yes, often") is still one option.
    """
    keys = sorted(
        ((normalise_label(o), k) for k, o in enumerate(question.options)), key=lambda p: -len(p[0])
    )
    sep = normalise_label(question.joiner) or question.joiner.strip() or question.joiner
    rest = normalise_label(text)
    found: list[int] = []
    unknown: list[str] = []
    while rest:
        for key, k in keys:
            if rest == key or rest.startswith(key + sep) or rest.startswith(key + " " + sep):
                found.append(k)
                rest = rest[len(key) :].strip()
                break
        else:
            piece, _, rest = rest.partition(sep)
            if piece.strip():
                unknown.append(piece.strip())
            rest = rest.strip()
            continue
        rest = rest.removeprefix(sep).strip()
    return found, unknown


def _chosen_matrix(
    frame: pd.DataFrame,
    by_name: Mapping[str, Hashable],
    question: MultipleChoice,
    rows: RowNames,
    problems: list[Problem],
) -> tuple[np.ndarray, np.ndarray] | None:
    """Per row and option: chosen; per row: answered (``None`` if a column is missing)."""
    missing = [c for c in question.source_columns if c not in by_name]
    if missing:
        message = f"multi-select question {shown(question.id)}: columns {listing(missing)} missing"
        problems.append(Problem("missing_column", missing[0], None, (), (), len(missing), message))
        return None
    n = len(frame)
    chosen = np.zeros((n, len(question.options)), dtype=bool)
    if question.columns is not None:
        for k, column in enumerate(question.columns):
            texts = _texts(frame[by_name[column]])
            chosen[:, k] = [bool(t) and t not in UNCHOSEN for t in texts]
        return chosen, np.asarray(chosen.any(axis=1), dtype=bool)
    texts = _texts(frame[by_name[question.source_columns[0]]])
    bad: dict[str, list[int]] = {}
    for r, text in enumerate(texts):
        found, unknown = _split(text, question)
        chosen[r, found] = True
        for piece in unknown:
            bad.setdefault(piece, []).append(r)
    for piece, where in list(bad.items())[:20]:
        r_, ids, text = rows.describe(np.array(where))
        message = (
            f"column {shown(question.source_columns[0])}: unknown option {shown(piece)} of "
            f"multi-select question {shown(question.id)} (options {listing(question.options)}) "
            f"in {rows_word(len(where))}: {text}"
        )
        column = question.source_columns[0]
        problems.append(Problem("unknown_label", column, piece, r_, ids, len(where), message))
    return chosen, np.array([bool(t) for t in texts], dtype=bool)


def tally_multiple(
    frame: pd.DataFrame,
    by_name: Mapping[str, Hashable],
    questions: Sequence[MultipleChoice],
    kept: np.ndarray,
    rows: RowNames,
    problems: list[Problem],
) -> pd.DataFrame:
    """Counts of each option of each multi-select question, over the kept rows.

    Returns
    -------
    DataFrame
        Columns :data:`MULTIPLE_COLUMNS`: ``question_id`` and ``question`` (id
        and label), ``option``, ``chosen`` (respondents who chose it),
        ``answered`` (respondents who chose at least one option, or wrote
        anything in a one-column question: the base), ``respondents`` (all
        respondents) and ``percent`` (``100 * chosen / answered``, a float,
        missing when nobody answered).
    """
    records = []
    for q in questions:
        found = _chosen_matrix(frame, by_name, q, rows, problems)
        if found is None:
            continue
        chosen, answered = found[0][kept], found[1][kept]
        base = int(answered.sum())
        for k, option in enumerate(q.options):
            count = int(chosen[:, k].sum())
            pct = 100.0 * count / base if base else float("nan")
            records.append((q.id, q.label, option, count, base, len(kept), pct))
    out = pd.DataFrame.from_records(records, columns=list(MULTIPLE_COLUMNS))
    return out.astype({"chosen": "int64", "answered": "int64", "respondents": "int64"})

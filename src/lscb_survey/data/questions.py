"""Questions beyond one answer on a scale: multi-select questions and skip logic.

A codebook's ``[[items]]`` entry with ``kind = "multiple"`` is a multi-select
question (:class:`MultipleChoice`): the respondent may choose any number of
``options``, written either in one column joined by a ``delimiter`` (Google
Forms' ``", "``, Microsoft Forms' ``";"``) or in one column per option
(``columns``, as SurveyMonkey, Qualtrics and REDCap export checkboxes).

An item's ``not_asked`` (:class:`NotAsked`) says which respondents were not
asked the question (skip logic): a value written in the cell (``"Not asked"``,
``"-77"``), or a rule on another column (``{ column = "Q3", values = ["No"] }``:
respondents whose ``Q3`` is "No" and who left this question blank were not
asked it). Format in ``docs/codebook.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import CodebookError
from .scales import normalise_label

__all__ = ["UNCHOSEN", "MultipleChoice", "NotAsked", "parse_not_asked"]

#: Cell values of an option column that mean "not chosen" (after normalisation), besides blanks.
UNCHOSEN = frozenset({"0", "unchecked", "not selected", "not checked", "false"})


@dataclass(frozen=True)
class NotAsked:
    """Which respondents were not asked a question.

    Attributes
    ----------
    values : tuple of str
        Values (matched after normalisation) meaning "not asked": in the item's
        own cell when ``column`` is None, else in ``column``.
    column : str or None
        Another column the rule looks at; then a respondent whose ``column``
        holds one of ``values`` and whose own cell is blank was not asked.

    Examples
    --------
    >>> NotAsked(("Not asked",)).matches("  not ASKED")
    True
    """

    values: tuple[str, ...]
    column: str | None = None

    def matches(self, text: str) -> bool:
        """Whether a cell's text is one of :attr:`values` (after normalisation)."""
        return normalise_label(text) in {normalise_label(v) for v in self.values}


def parse_not_asked(spec: object, where: str, source: str) -> NotAsked | None:
    """The ``not_asked`` key of an item: a string, a list of strings or ``{column, values}``.

    Examples
    --------
    >>> parse_not_asked({"column": "Q3", "values": ["No"]}, "items[0]", "demo").column
    'Q3'
    """
    if spec is None:
        return None
    if isinstance(spec, str):
        return NotAsked((spec,))
    if isinstance(spec, list) and spec and all(isinstance(v, str) for v in spec):
        return NotAsked(tuple(spec))
    if isinstance(spec, Mapping) and isinstance(spec.get("column"), str):
        values = spec.get("values")
        if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
            return NotAsked(tuple(values), str(spec["column"]))
    raise CodebookError(
        f"{where}.not_asked must be a value, a list of values or a table "
        "{ column = ..., values = [...] }",
        file=source,
        column=f"{where}.not_asked",
    )


@dataclass(frozen=True)
class MultipleChoice:
    """A multi-select question: any number of ``options`` may be chosen.

    Attributes
    ----------
    id, label : str
        As for an item.
    options : tuple of str
        The options, in questionnaire order.
    column : str or None
        The one column holding the chosen options joined by ``delimiter``
        (default: ``id``), when ``columns`` is not given.
    delimiter : str or None
        What joins the chosen options in ``column`` (default ``", "``).
    columns : tuple of str or None
        One column per option (same order as ``options``): a cell holding the
        option's text, ``1``, ``Checked`` or anything not blank means chosen;
        blank, ``0``, ``Unchecked``, ``Not selected`` and ``False`` mean not.
    section, short : str or None
        As for an item.

    Examples
    --------
    >>> q = MultipleChoice("media", "Media used", ("Radio", "TV"), delimiter=";")
    >>> q.source_columns
    ('media',)
    """

    id: str
    label: str
    options: tuple[str, ...]
    column: str | None = None
    delimiter: str | None = None
    columns: tuple[str, ...] | None = None
    section: str | None = None
    short: str | None = None

    def __post_init__(self) -> None:
        seen: dict[str, str] = {}
        for option in self.options:
            key = normalise_label(option)
            if not key or key in seen:
                raise CodebookError(
                    f"multi-select question {self.id!r}: option {option!r} is blank or the "
                    "same as another after normalisation",
                    column=f"items.{self.id}.options",
                )
            seen[key] = option
        if self.columns is not None and len(self.columns) != len(self.options):
            raise CodebookError(
                f"multi-select question {self.id!r}: {len(self.columns)} columns for "
                f"{len(self.options)} options",
                column=f"items.{self.id}.columns",
            )
        if self.columns is not None and (self.column is not None or self.delimiter is not None):
            raise CodebookError(
                f"multi-select question {self.id!r}: give either columns or column/delimiter",
                column=f"items.{self.id}.columns",
            )

    @property
    def source_columns(self) -> tuple[str, ...]:
        """The columns this question is read from."""
        if self.columns is not None:
            return self.columns
        return (self.column or self.id,)

    @property
    def joiner(self) -> str:
        """The delimiter of a one-column question (``", "`` unless declared)."""
        return self.delimiter if self.delimiter is not None else ", "

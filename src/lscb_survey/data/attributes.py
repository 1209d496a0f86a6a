"""Respondent attributes of a codebook: who answered (region, kind of board, ...).

An attribute is a column of respondent-level data that is not a question of the
instrument but describes the respondent, so that answers can be broken down by
group. A codebook declares each one in an ``[attributes.<id>]`` table
(format in ``docs/codebook.md``); :class:`Attribute` is its parsed form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from ..errors import CodebookError
from .scales import normalise_label

__all__ = ["NOT_SPECIFIED", "Attribute", "parse_attributes"]

#: The group of respondents whose attribute cell is blank.
NOT_SPECIFIED = "Not specified"

_ATTRIBUTE_KEYS = {"column", "label", "levels", "ordered", "missing_values"}


@dataclass(frozen=True)
class Attribute:
    """One respondent attribute of an instrument.

    Attributes
    ----------
    id : str
        Identifier, the column name of :attr:`~lscb_survey.Wave.attributes`.
    label : str
        Description for tables and figures.
    column : str or None
        Column in respondent-level files (default: ``id``).
    levels : tuple of str or None
        The values allowed, in display order; ``None`` takes the values found
        in the data (in order of first appearance). Values are matched after
        :func:`~lscb_survey.data.scales.normalise_label`.
    ordered : bool
        Whether ``levels`` are in a meaningful order (e.g. size bands), which
        allows trend tests across groups.
    missing_values : tuple of str
        Values meaning no answer (``"NA"``), put in the "Not specified" group like blanks.

    Examples
    --------
    >>> a = Attribute("size", "Size of board", levels=("Small", "Large"), ordered=True)
    >>> a.categories
    ('Small', 'Large', 'Not specified')
    """

    id: str
    label: str
    column: str | None = None
    levels: tuple[str, ...] | None = None
    ordered: bool = False
    missing_values: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.levels is None:
            return
        seen: dict[str, str] = {}
        for level in self.levels:
            key = normalise_label(level)
            if key in seen:
                raise CodebookError(
                    f"attribute {self.id!r}: levels {seen[key]!r} and {level!r} are the same "
                    "after normalisation"
                )
            seen[key] = level

    @property
    def source_column(self) -> str:
        """Column name of this attribute in respondent-level files."""
        return self.column or self.id

    @property
    def categories(self) -> tuple[str, ...] | None:
        """``levels`` followed by ``"Not specified"`` (for blanks) unless listed."""
        if self.levels is None:
            return None
        keys = {normalise_label(level) for level in self.levels}
        extra = () if normalise_label(NOT_SPECIFIED) in keys else (NOT_SPECIFIED,)
        return (*self.levels, *extra)


def parse_attributes(spec: object, source: str) -> tuple[Attribute, ...]:
    """The ``[attributes.<id>]`` tables of a parsed codebook.

    Parameters
    ----------
    spec : object
        The value of the ``attributes`` key (absent: ``{}``).
    source : str
        The codebook, for messages.

    Returns
    -------
    tuple of Attribute

    Raises
    ------
    CodebookError
        For unknown keys, a missing label, levels that are not a list of
        distinct strings, or ``ordered`` that is not a boolean.

    Examples
    --------
    >>> parse_attributes({"region": {"label": "Region"}}, "demo")[0].source_column
    'region'
    """
    if not isinstance(spec, Mapping):
        raise CodebookError(
            "[attributes] must hold [attributes.ID] tables", file=source, column="attributes"
        )
    out = []
    for attr_id, entry in spec.items():
        where = f"attribute {attr_id!r}"
        error = partial(CodebookError, file=source, column=f"attributes.{attr_id}")
        if not isinstance(entry, Mapping):
            raise error(f"{where} must be a table")
        extra = set(entry) - _ATTRIBUTE_KEYS
        if extra:
            raise error(f"{where} has unknown keys {sorted(extra)}")
        if not isinstance(entry.get("label"), str):
            raise error(f"{where} lacks a label")
        levels = entry.get("levels")
        if levels is not None and (
            not isinstance(levels, list)
            or not levels
            or not all(isinstance(x, str) for x in levels)
        ):
            raise error(f"{where}: levels must be a non-empty list of strings")
        ordered = entry.get("ordered", False)
        if not isinstance(ordered, bool):
            raise error(f"{where}: ordered must be true or false")
        column = entry.get("column")
        if column is not None and (not isinstance(column, str) or not column.strip()):
            raise error(f"{where}: column must be a column name")
        tokens = entry.get("missing_values", [])
        if not isinstance(tokens, list) or not all(isinstance(x, str) for x in tokens):
            raise error(f"{where}: missing_values must be a list of strings")
        try:
            out.append(
                Attribute(
                    str(attr_id),
                    entry["label"],
                    column,
                    None if levels is None else tuple(levels),
                    ordered,
                    tuple(tokens),
                )
            )
        except CodebookError as exc:
            raise error(str(exc)) from None
    return tuple(out)

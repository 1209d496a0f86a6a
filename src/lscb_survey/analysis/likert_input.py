"""Validation of tidy likert frames: the counts of each item, checked against its scale.

:func:`validate_counts` reads a frame in the schema of
:func:`~lscb_survey.data.loaders.load_table` (Tables 5-10) or of a wave's
counts and returns one :class:`ItemCounts` per item, every level of the item's
scale present. Problems are collected and raised together, by kind.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from ..data.codebook import Codebook, default_codebook
from ..data.scales import Scale, normalise_label
from ..errors import CellFormatError, MissingColumnError, TotalMismatchError, UnknownLabelError

if TYPE_CHECKING:
    from pandas._typing import Scalar

__all__ = ["REQUIRED", "ItemCounts", "as_count", "is_missing", "short_label", "validate_counts"]

#: Columns every tidy likert frame must have.
REQUIRED: tuple[str, ...] = ("table", "item_id", "item", "response", "count")

_Row = dict[Any, Any]


@dataclass(frozen=True)
class ItemCounts:
    """The validated counts of one item, every category of its scale present.

    Attributes
    ----------
    table, section, block : object
        As in the frame (``section``/``block`` are ``None`` when it lacks them).
    item_id, item, short : str
        Identifier, label and short label (the codebook's, else the label).
    scale : Scale
        The item's scale.
    counts : dict of str to int
        Count of every category of the scale, in display order.
    n : int
        Respondents to the item.
    """

    table: object
    item_id: str
    item: str
    section: object
    block: object
    short: str
    scale: Scale
    counts: dict[str, int]
    n: int

    @property
    def n_valid(self) -> int:
        """Number of substantive answers (the scale's levels, not its missing categories)."""
        return sum(self.counts[level] for level in self.scale.levels)


def as_count(value: object) -> int | None:
    """A whole non-negative count as ``int``, or ``None`` if the value is not one.

    Parameters
    ----------
    value : object
        A cell of a count column.

    Returns
    -------
    int or None

    Examples
    --------
    >>> as_count(3.0), as_count(2.5), as_count(-1), as_count(True)
    (3, None, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, Integral):
        number = int(value)
        return number if number >= 0 else None
    if isinstance(value, Real):
        number_f = float(value)
        if not math.isnan(number_f) and number_f.is_integer():
            return int(number_f) if number_f >= 0 else None
    return None


def is_missing(value: object) -> bool:
    """Whether ``value`` is ``None`` or a missing scalar (NaN, ``pandas.NA``, ``NaT``).

    Parameters
    ----------
    value : object

    Returns
    -------
    bool

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing("x")
    (True, True, False)
    """
    return value is None or bool(pd.api.types.is_scalar(value) and pd.isna(cast("Scalar", value)))


@dataclass
class _Problems:
    """Problems found so far, by kind, in the order they are raised."""

    count: list[str] = field(default_factory=list)
    label: list[str] = field(default_factory=list)
    total: list[str] = field(default_factory=list)

    def raise_first(self) -> None:
        if self.count:
            raise CellFormatError(
                f"{len(self.count)} unusable count(s) in the likert frame",
                column="count",
                problems=self.count,
            )
        if self.label:
            raise UnknownLabelError(
                f"{len(self.label)} label problem(s) in the likert frame", problems=self.label
            )
        if self.total:
            raise TotalMismatchError(
                f"{len(self.total)} item total(s) do not agree", column="n", problems=self.total
            )


@dataclass(frozen=True)
class _Context:
    """What every item of one frame is checked against."""

    codebook: Codebook
    scales: Mapping[str, Scale]
    has_scale: bool
    has_n: bool


def _resolve_scale(name: object, item_id: str, ctx: _Context) -> Scale | None:
    if is_missing(name):
        try:
            return ctx.codebook.scale_of(item_id)
        except KeyError:
            return None
    key = str(name)
    if key in ctx.scales:
        return ctx.scales[key]
    return ctx.codebook.scales.get(key)


def short_label(item_id: str, item: str, codebook: Codebook) -> str:
    """The item's short label in the codebook, else its label ``item``."""
    try:
        short = codebook.item(item_id).short
    except KeyError:
        short = None
    return short if short else item


def _check_frame(frame: pd.DataFrame) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a DataFrame, got {type(frame).__name__}")
    for column in REQUIRED:
        if column not in frame.columns:
            raise MissingColumnError("likert frame lacks a required column", column=column)
    if frame.empty:
        raise CellFormatError("likert frame has no rows")


def _rows_by_item(frame: pd.DataFrame, problems: _Problems) -> dict[str, list[_Row]]:
    """The frame's rows as dicts (with ``_index``), grouped by item in frame order."""
    columns: list[Any] = ["_index", *frame.columns]
    by_item: dict[str, list[_Row]] = {}
    for rec in frame.itertuples(index=True, name=None):
        row = dict(zip(columns, rec, strict=True))
        if is_missing(row["item_id"]):
            problems.label.append(f"row {row['_index']!r}: item_id is missing")
            continue
        by_item.setdefault(str(row["item_id"]), []).append(row)
    return by_item


def _item_scale(item_id: str, rows: list[_Row], ctx: _Context, problems: _Problems) -> Scale | None:
    """The item's scale, after checking its labels do not vary between rows."""
    first = rows[0]
    for column in ("table", "item", *(["scale"] if ctx.has_scale else [])):
        values = {str(r[column]) for r in rows}
        if len(values) > 1:
            problems.label.append(
                f"item {item_id!r}: column {column!r} varies within the item: {sorted(values)}"
            )
    scale = _resolve_scale(first["scale"] if ctx.has_scale else None, item_id, ctx)
    if scale is None:
        what = first["scale"] if ctx.has_scale and not is_missing(first["scale"]) else None
        problems.label.append(
            f"item {item_id!r}: unknown scale {what!r}"
            if what is not None
            else f"item {item_id!r}: no scale column and not in codebook {ctx.codebook.source}"
        )
    return scale


def _response_counts(
    item_id: str, rows: list[_Row], scale: Scale, problems: _Problems
) -> tuple[dict[str, int], bool]:
    """Count of each category of ``scale`` and whether every row was usable."""
    lookup = scale.lookup()
    counts = dict.fromkeys(scale.categories, 0)
    seen: set[str] = set()
    ok = True
    for r in rows:
        count = as_count(r["count"])
        where = f"row {r['_index']!r} (item {item_id!r}"
        if count is None:
            kind = "missing" if is_missing(r["count"]) else "not a whole non-negative number"
            problems.count.append(
                f"{where}, response {r['response']!r}): count {r['count']!r} is {kind}"
            )
            ok = False
            continue
        label = None if is_missing(r["response"]) else lookup.get(normalise_label(r["response"]))
        if label is None:
            problems.label.append(
                f"{where}): response {r['response']!r} is not a level of scale {scale.name!r}"
            )
            ok = False
            continue
        if label in seen:
            problems.label.append(f"{where}): response {label!r} appears twice")
            ok = False
            continue
        seen.add(label)
        counts[label] = count
    return counts, ok


def _item_n(item_id: str, rows: list[_Row], problems: _Problems) -> int | None:
    """The item's one ``n``, or None (with a problem noted) if it is unusable or varies."""
    raw = {r["n"] for r in rows}
    bad = [v for v in raw if as_count(v) is None]
    if bad:
        problems.count.append(f"item {item_id!r}: n {bad[0]!r} is not a whole number")
        return None
    ns = {cast(int, as_count(v)) for v in raw}
    if len(ns) > 1:
        problems.total.append(f"item {item_id!r}: mixed n within the item: {sorted(ns)}")
        return None
    (n,) = ns
    return n


def _item_counts(
    item_id: str, rows: list[_Row], ctx: _Context, problems: _Problems
) -> ItemCounts | None:
    """One item's validated counts, or None (with problems noted)."""
    scale = _item_scale(item_id, rows, ctx, problems)
    if scale is None:
        return None
    counts, ok = _response_counts(item_id, rows, scale, problems)
    if ctx.has_n:
        item_n = _item_n(item_id, rows, problems)
        if item_n is None:
            return None
        n = item_n
    else:
        n = sum(counts.values())
    if not ok:
        return None
    total = sum(counts.values())
    if total != n:
        problems.total.append(f"item {item_id!r}: counts add up to {total}, but n is {n}")
        return None
    first = rows[0]
    return ItemCounts(
        table=first["table"],
        item_id=item_id,
        item=str(first["item"]),
        section=first.get("section"),
        block=first.get("block"),
        short=short_label(item_id, str(first["item"]), ctx.codebook),
        scale=scale,
        counts=counts,
        n=n,
    )


def validate_counts(
    frame: pd.DataFrame, codebook: Codebook | None, scales: Mapping[str, Scale] | None
) -> list[ItemCounts]:
    """Check a tidy likert frame and return the counts of each item, in frame order.

    Problems are collected by kind and the first kind found is raised with every
    problem of that kind listed: missing columns, then unusable counts, then
    unknown labels, then totals that do not agree.

    Parameters
    ----------
    frame : DataFrame
        Tidy likert data (see :func:`~lscb_survey.analysis.likert.likert_summary`).
    codebook : Codebook or None
        Where scales and short labels are looked up; default the 2012 codebook.
    scales : mapping of str to Scale, optional
        Extra or overriding scales by name.

    Returns
    -------
    list of ItemCounts

    Raises
    ------
    SurveyDataError
        As :func:`~lscb_survey.analysis.likert.likert_summary`.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> items = validate_counts(load_table(5), None, None)
    >>> items[0].n, items[0].n_valid
    (57, 57)
    """
    _check_frame(frame)
    if codebook is not None and not isinstance(codebook, Codebook):
        raise TypeError(f"codebook must be a Codebook or None, got {type(codebook).__name__}")
    if scales is not None and not isinstance(scales, Mapping):
        raise TypeError(f"scales must be a mapping of name to Scale, got {type(scales).__name__}")
    book = codebook if codebook is not None else default_codebook()
    named = dict(scales or {})
    for name, scale in named.items():
        if not isinstance(scale, Scale):
            raise TypeError(f"scales[{name!r}] must be a Scale, got {type(scale).__name__}")
    ctx = _Context(book, named, "scale" in frame.columns, "n" in frame.columns)
    problems = _Problems()
    items = []
    for item_id, rows in _rows_by_item(frame, problems).items():
        item = _item_counts(item_id, rows, ctx, problems)
        if item is not None:
            items.append(item)
    problems.raise_first()
    return items

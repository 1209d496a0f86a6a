"""Respondent attributes of a wave (region, kind of board, ...) and counts by group.

:func:`encode_attributes` reads the codebook's attribute columns that the data
holds (they are optional) into one ordered Categorical per attribute, recording
every unknown value as a problem; :func:`counts_by` tallies each item's answers
within each group of one attribute, with one ``numpy.bincount`` per item.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..data.attributes import NOT_SPECIFIED, Attribute
from ..data.codebook import Codebook
from ..data.scales import normalise_label
from ..stats.rounding import percent_of
from .cells import blank_cells, plain
from .model import COUNT_COLUMNS, CountRecord, counts_frame
from .problems import Problem, RowNames, rows_word

__all__ = ["attribute_dtype", "counts_by", "encode_attributes"]


def attribute_dtype(attr: Attribute, found: list[str] | None = None) -> pd.CategoricalDtype:
    """The dtype of an attribute's column: its levels (or those ``found``), then
    ``"Not specified"``; ordered when the attribute is.

    Examples
    --------
    >>> from lscb_survey.data.codebook import default_codebook
    >>> list(attribute_dtype(default_codebook().attribute("lscb_type")).categories)
    ['London Boroughs', 'Metropolitan', 'Unitary', 'County', 'Not specified']
    """
    categories = attr.categories
    if categories is None:
        levels = [v for v in (found or []) if v != NOT_SPECIFIED]
        categories = (*levels, NOT_SPECIFIED)
    return pd.CategoricalDtype(list(categories), ordered=attr.ordered)


def _encode_one(
    values: pd.Series, attr: Attribute, rows: RowNames, problems: list[Problem]
) -> pd.Categorical | None:
    """One attribute column as a Categorical (``None`` when a value is unknown)."""
    blank = blank_cells(values)
    if attr.missing_values:
        tokens = {normalise_label(t) for t in attr.missing_values}
        said = values.astype(object).map(lambda v: normalise_label(str(plain(v))))
        blank |= said.isin(tokens).to_numpy(dtype=bool)
    text = values.astype(object).where(~blank, None)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    keys = [normalise_label(str(plain(u))) for u in uniques]
    if attr.categories is None:
        first: dict[str, str] = {}
        for u, key in zip(uniques, keys, strict=True):
            first.setdefault(key, " ".join(str(plain(u)).split()))
        dtype = attribute_dtype(attr, list(first.values()))
    else:
        dtype = attribute_dtype(attr)
    lookup = {normalise_label(c): k for k, c in enumerate(dtype.categories)}
    mapping = np.array(
        [lookup.get(key, -1) for key in keys] + [lookup[normalise_label(NOT_SPECIFIED)]]
    )
    bad = [k for k, m in enumerate(mapping[:-1]) if m < 0]
    for slot in bad:
        positions = np.flatnonzero(codes == slot)
        r, ids, where = rows.describe(positions)
        value = plain(uniques[slot])
        problems.append(
            Problem(
                "unknown_label",
                attr.source_column,
                value,
                r,
                ids,
                len(positions),
                f"column {attr.source_column!r} (attribute {attr.id!r}): value {value!r} is not "
                f"one of {list(dtype.categories)} in {rows_word(len(positions))}: {where}",
            )
        )
    if bad:
        return None
    return pd.Categorical.from_codes(mapping[codes], dtype=dtype)


def encode_attributes(
    frame: pd.DataFrame,
    by_name: Mapping[str, Hashable],
    dupes: Sequence[str],
    book: Codebook,
    rows: RowNames,
    problems: list[Problem],
) -> dict[str, pd.Categorical]:
    """The codebook's attributes whose columns the data holds, one Categorical each.

    Parameters
    ----------
    frame : DataFrame
        The raw respondent rows.
    by_name : mapping
        Column name (as text) -> column label of ``frame``.
    dupes : sequence of str
        Column names given more than once (a problem already recorded; skipped).
    book : Codebook
        Declares the attributes.
    rows : RowNames
        Names rows in messages.
    problems : list of Problem
        Each unknown value is appended here (kind ``unknown_label``), naming
        the column, value and rows.

    Returns
    -------
    dict of str to Categorical
        Attribute id -> values of every data row (blanks as ``"Not specified"``);
        attributes with a problem are left out (the problems are raised).
    """
    out = {}
    for attr in book.attributes:
        column = by_name.get(attr.source_column)
        if column is None or attr.source_column in dupes:
            continue
        encoded = _encode_one(frame[column], attr, rows, problems)
        if encoded is not None:
            out[attr.id] = encoded
    return out


def counts_by(
    responses: pd.DataFrame, attributes: pd.DataFrame, attr: str, book: Codebook
) -> pd.DataFrame:
    """Each item's answer counts within each group of one attribute.

    Parameters
    ----------
    responses : DataFrame
        ``Wave.responses`` (ordered Categoricals of each item's scale).
    attributes : DataFrame
        ``Wave.attributes``, same index as ``responses``.
    attr : str
        Column of ``attributes`` to group by.
    book : Codebook
        The items' metadata and scales.

    Returns
    -------
    DataFrame
        The columns of ``Wave.counts`` plus ``attr``: one block
        per group (in the order of the attribute's categories, every category
        kept, zero counts included), items in codebook order within a block.
        ``n`` is the group's size; ``percent`` is missing for an empty group.
    """
    groups = attributes[attr]
    dtype = groups.dtype
    assert isinstance(dtype, pd.CategoricalDtype)
    n_groups = len(dtype.categories)
    widest = max((len(book.scale_of(i).categories) for i in responses.columns), default=1)
    # int16 sums are as fast to count as the plain codes; wider only when needed
    small = n_groups * widest < np.iinfo(np.int16).max
    kind = np.int16 if small else np.int64
    g = groups.cat.codes.to_numpy().astype(kind)
    tallies = {}
    offsets: dict[int, np.ndarray] = {}  # group offsets per scale width, computed once
    for item_id in responses.columns:
        width = len(book.scale_of(item_id).categories)
        if width not in offsets:
            offsets[width] = (g * width).astype(kind, copy=False)
        codes = responses[item_id].cat.codes.to_numpy()
        combined = offsets[width] + codes
        if (codes < 0).any():  # respondents not asked the item leave its base
            combined = combined[codes >= 0]
        tallies[item_id] = np.bincount(combined, minlength=n_groups * width).reshape(
            n_groups, width
        )
    records: list[tuple[object, ...]] = []
    for k, group in enumerate(dtype.categories):
        for item_id in responses.columns:
            n = int(tallies[item_id][k].sum())  # the group's size, less those not asked
            it = book.item(item_id)
            scale = book.scale_of(item_id)
            for level, count in zip(scale.categories, tallies[item_id][k].tolist(), strict=True):
                pct = percent_of(count, n) if n else None
                record: CountRecord = (
                    it.table, it.section, it.block, it.id, it.label, scale.name, level, count,
                    pct, n,
                )  # fmt: skip
                records.append((*record, group))
    scales = [book.scale_of(i) for i in responses.columns]
    frame = counts_frame([r[: len(COUNT_COLUMNS)] for r in records], scales)
    frame[attr] = pd.Categorical([r[-1] for r in records], dtype=dtype)
    return frame

"""Checks of counts before they are stored in integer columns.

pandas and numpy keep counts in 64-bit integers; a larger count (a typing
slip, an overflowed export) would otherwise fail deep inside a conversion.
:func:`check_count_range` finds such counts first and names them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..errors import CellFormatError

__all__ = ["MAX_COUNT", "check_count_range"]

#: Largest count that fits the 64-bit integer columns (``Int64``) counts are kept in.
MAX_COUNT = 2**63 - 1


def check_count_range(
    counts: Sequence[int],
    *,
    column: str,
    labels: Sequence[object] | None = None,
    file: object | None = None,
) -> None:
    """Raise if a count is larger than :data:`MAX_COUNT`.

    Parameters
    ----------
    counts : sequence of int
        Whole non-negative counts (already checked to be whole numbers).
    column : str
        The column they come from, for the message.
    labels : sequence, optional
        Row labels of the counts (default: positions from 0), for the message.
    file : optional
        The file they come from, for the message.

    Raises
    ------
    CellFormatError
        Naming the column, the first row and value that are too large, and
        listing every such row.

    Examples
    --------
    >>> check_count_range([3, 5], column="count")
    >>> check_count_range([3, 10**30], column="count")
    Traceback (most recent call last):
    ...
    lscb_survey.errors.CellFormatError: count too large: at most 9223372036854775807 (2**63 - 1) is supported (column 'count', value 1000000000000000000000000000000)
      - row 1: 1000000000000000000000000000000
    """
    names = list(range(len(counts))) if labels is None else list(labels)
    if len(names) != len(counts):
        raise ValueError(f"{len(names)} labels for {len(counts)} counts")
    large = [(name, c) for name, c in zip(names, counts, strict=True) if c > MAX_COUNT]
    if not large:
        return
    shown = [(name, _short(c)) for name, c in large]
    raise CellFormatError(
        f"count too large: at most {MAX_COUNT} (2**63 - 1) is supported",
        file=file,
        column=column,
        value=shown[0][1],
        problems=[f"row {name}: {value}" for name, value in shown],
    )


def _short(count: int) -> int | str:
    """The count itself, or its size when it is very long (no huge text is made)."""
    bits = int(count).bit_length()
    return count if bits <= 128 else f"a number of about {int(bits * math.log10(2))} digits"

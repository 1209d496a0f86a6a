"""Reconstruct the counts behind a column of printed percentages.

A column of whole-number percentages out of a known base ``n`` pins down each
count to a short interval (:func:`lscb_survey.stats.rounding.count_interval`); the
counts must also add up to ``n``. :func:`reconstruct_counts` lists every count
vector meeting both conditions, exactly. :func:`implied_bases` goes the other
way and lists the bases a percent-only column is compatible with.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from pandas._typing import Scalar

from .rounding import check_int, check_rule, count_interval

__all__ = [
    "STATUSES",
    "Reconstruction",
    "count_solutions",
    "implied_bases",
    "reconstruct_counts",
]

#: Possible values of :attr:`Reconstruction.status`.
STATUSES: tuple[str, ...] = ("unique", "ambiguous", "infeasible")


@dataclass(frozen=True)
class Reconstruction:
    """Every count vector consistent with a column of printed percentages.

    Attributes
    ----------
    percents : tuple of int
        The printed percentages, in column order.
    n : int
        The base.
    rounding : str
        The rounding rule assumed.
    status : str
        ``"unique"`` (exactly one solution), ``"ambiguous"`` (more than one) or
        ``"infeasible"`` (none).
    solutions : tuple of tuple of int
        Every vector of non-negative counts summing to ``n`` whose rounded
        percentages are ``percents``, in lexicographic order.
    intervals : tuple of (tuple of (int, int) or None)
        For each category, the range of counts its percentage allows on its
        own, or ``None`` when no count out of ``n`` rounds to it.
    impossible_positions : tuple of int
        Positions (0-based) whose percentage no count out of ``n`` gives. A
        column can be infeasible with this empty: every percentage is possible
        on its own but no combination adds up to ``n``.
    """

    percents: tuple[int, ...]
    n: int
    rounding: str
    status: str
    solutions: tuple[tuple[int, ...], ...]
    intervals: tuple[tuple[int, int] | None, ...]
    impossible_positions: tuple[int, ...]

    @property
    def counts(self) -> tuple[int, ...] | None:
        """The solution when it is unique, else ``None``."""
        return self.solutions[0] if self.status == "unique" else None

    @property
    def n_solutions(self) -> int:
        """The number of solutions."""
        return len(self.solutions)


def _is_missing(value: object) -> bool:
    """Whether ``value`` is a missing marker: ``None``, a float NaN or a pandas missing scalar."""
    if value is None:
        return True
    if isinstance(value, Real) and not isinstance(value, Integral):
        return math.isnan(value)
    if isinstance(value, Integral | str | bytes):
        return False
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        return False
    return bool(pd.api.types.is_scalar(value) and pd.isna(cast("Scalar", value)))


def _check_percents(percents: Iterable[object]) -> tuple[int, ...]:
    """Return the printed percentages as ints, refusing missing or fractional entries."""
    if isinstance(percents, str | bytes):
        raise TypeError("percents must be a sequence of whole numbers, not a string")
    try:
        values = list(percents)
    except TypeError:
        raise TypeError(
            f"percents must be a sequence of whole numbers, got {type(percents).__name__}"
        ) from None
    if not values:
        raise ValueError("percents is empty; at least one category is needed")
    checked = []
    for position, value in enumerate(values):
        if _is_missing(value):
            raise ValueError(
                f"percents[{position}] is missing ({value!r}); every category needs a printed "
                "percentage"
            )
        if isinstance(value, bool):
            raise TypeError(f"percents[{position}] must be a whole number, got bool {value!r}")
        if isinstance(value, Integral):
            checked.append(int(value))
        elif isinstance(value, Real):
            if not float(value).is_integer():
                raise ValueError(f"percents[{position}] must be a whole number, got {value!r}")
            checked.append(int(float(value)))
        else:
            raise TypeError(
                f"percents[{position}] must be a whole number, got {type(value).__name__}: "
                f"{value!r}"
            )
    return tuple(checked)


def count_solutions(intervals: Sequence[tuple[int, int]], n: int) -> int:
    """Count the integer vectors with entries in ``intervals`` that sum to ``n``.

    A dynamic programme over the running total; nothing is enumerated.

    Parameters
    ----------
    intervals : sequence of (int, int)
        Inclusive ``(lo, hi)`` bounds of each entry, ``0 <= lo <= hi``.
    n : int
        The required sum, at least 0.

    Returns
    -------
    int
        The number of vectors.

    Examples
    --------
    >>> count_solutions([(0, 2), (0, 2)], 2)  # (0, 2), (1, 1), (2, 0)
    3
    """
    # ways[t]: number of ways the categories seen so far add up to t
    ways = [1] + [0] * n
    for lo, hi in intervals:
        prefix = [0]
        for w in ways:
            prefix.append(prefix[-1] + w)
        ways = [prefix[max(t - lo + 1, 0)] - prefix[max(t - hi, 0)] for t in range(n + 1)]
    return ways[n]


def _enumerate(intervals: Sequence[tuple[int, int]], n: int) -> list[tuple[int, ...]]:
    """Every vector with entries in ``intervals`` summing to ``n``, in lexicographic order.

    A depth-first search over categories with the remainder still to place. The
    categories after position ``i`` can absorb any remainder between the sums of
    their lower and upper bounds (the intervals hold every integer between their
    ends), so each count tried is chosen from the range that keeps the rest
    completable: no branch dead-ends and the work is proportional to the output.
    """
    size = len(intervals)
    rest_lo = [0] * (size + 1)
    rest_hi = [0] * (size + 1)
    for i in range(size - 1, -1, -1):
        rest_lo[i] = rest_lo[i + 1] + intervals[i][0]
        rest_hi[i] = rest_hi[i + 1] + intervals[i][1]
    if not rest_lo[0] <= n <= rest_hi[0]:
        return []
    if size == 1:
        return [(n,)]
    solutions: list[tuple[int, ...]] = []
    last_pair = size - 2

    def visit(i: int, prefix: tuple[int, ...], remainder: int) -> None:
        lo, hi = intervals[i]
        first = max(lo, remainder - rest_hi[i + 1])
        last = min(hi, remainder - rest_lo[i + 1])
        if i == last_pair:
            # the final count is whatever remains
            solutions.extend([(*prefix, c, remainder - c) for c in range(first, last + 1)])
            return
        for count in range(first, last + 1):
            visit(i + 1, (*prefix, count), remainder - count)

    visit(0, (), n)
    return solutions


def reconstruct_counts(
    percents: Sequence[int],
    n: int,
    rounding: str = "half_up",
    *,
    max_solutions: int | None = None,
) -> Reconstruction:
    """Find every count vector that prints as a column of whole-number percentages.

    The search is exact: each category's percentage limits its count to an
    interval, and a depth-first search over the categories keeps only the
    combinations that sum to ``n``, pruning with the least and greatest total
    the remaining categories can reach. Nothing is rounded in floating point.

    Parameters
    ----------
    percents : sequence of int
        The printed percentages of mutually exclusive, exhaustive categories,
        in column order. Whole-valued floats (``59.0``) are accepted; missing
        entries (``None``, NaN, ``pandas.NA``) are not.
    n : int
        The base the percentages are of, at least 1.
    rounding : str, default "half_up"
        One of :data:`lscb_survey.stats.rounding.ROUNDING_RULES`. ``"either"`` lets
        each tie have been rounded up or down.
    max_solutions : int, optional
        Refuse (``ValueError``) a column with more solutions than this, before
        listing them. ``None`` (the default) lists all of them.

    Returns
    -------
    Reconstruction
        The solutions, per-category intervals and a status: ``"unique"``,
        ``"ambiguous"`` or ``"infeasible"``.

    Raises
    ------
    ValueError
        If a percentage is missing or fractional, ``percents`` is empty, ``n``
        is less than 1, the rule is unknown, or there are more than
        ``max_solutions`` solutions.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> r = reconstruct_counts([59, 28, 2, 11], n=46)
    >>> r.status, r.counts
    ('unique', (27, 13, 1, 5))
    >>> r.intervals
    ((27, 27), (13, 13), (1, 1), (5, 5))

    Several count vectors can print the same:

    >>> r = reconstruct_counts([37, 10, 53], n=150)
    >>> r.status, r.solutions, r.counts
    ('ambiguous', ((55, 15, 80), (56, 15, 79)), None)

    A percentage no count gives makes the column infeasible, and so does a
    column whose counts cannot add up to ``n``:

    >>> r = reconstruct_counts([50, 30, 20], n=11)
    >>> r.status, r.impossible_positions
    ('infeasible', (0, 1, 2))
    >>> r = reconstruct_counts([3, 48, 48], n=40)  # 1 + 19 + 19 = 39
    >>> r.status, r.intervals, r.impossible_positions
    ('infeasible', ((1, 1), (19, 19), (19, 19)), ())

    Ties matter: 1/8 is 12.5%.

    >>> reconstruct_counts([13, 88], n=8).counts
    (1, 7)
    >>> reconstruct_counts([13, 88], n=8, rounding="half_even").status
    'infeasible'
    >>> reconstruct_counts([12, 88], n=8, rounding="either").counts
    (1, 7)
    """
    values = _check_percents(percents)
    n = check_int("n", n, minimum=1)
    rounding = check_rule(rounding)
    if max_solutions is not None:
        max_solutions = check_int("max_solutions", max_solutions, minimum=0)

    intervals = tuple(count_interval(p, n, rounding) for p in values)
    impossible = tuple(i for i, interval in enumerate(intervals) if interval is None)
    solutions: tuple[tuple[int, ...], ...] = ()
    if not impossible:
        bounds = [interval for interval in intervals if interval is not None]
        if max_solutions is not None:
            total = count_solutions(bounds, n)
            if total > max_solutions:
                raise ValueError(
                    f"percents {list(values)} with n={n} ({rounding}) have {total} solutions, "
                    f"more than max_solutions={max_solutions}"
                )
        solutions = tuple(_enumerate(bounds, n))
    if not solutions:
        status = "infeasible"
    elif len(solutions) == 1:
        status = "unique"
    else:
        status = "ambiguous"
    return Reconstruction(
        percents=values,
        n=n,
        rounding=rounding,
        status=status,
        solutions=solutions,
        intervals=intervals,
        impossible_positions=impossible,
    )


def implied_bases(
    percents: Sequence[int],
    n_range: Iterable[int] = range(1, 201),
    rounding: str = "half_up",
) -> list[int]:
    """List the bases for which a column of printed percentages is possible.

    A base ``n`` is kept when some vector of non-negative counts summing to
    ``n`` rounds to ``percents`` (the status of :func:`reconstruct_counts`
    would not be ``"infeasible"``). The test is cheap: every percentage must
    have a count interval and ``n`` must lie between the sums of their ends.

    Parameters
    ----------
    percents : sequence of int
        The printed percentages, as for :func:`reconstruct_counts`.
    n_range : iterable of int, default range(1, 201)
        The candidate bases, each at least 1.
    rounding : str, default "half_up"
        One of :data:`lscb_survey.stats.rounding.ROUNDING_RULES`.

    Returns
    -------
    list of int
        The feasible bases, in the order of ``n_range``.

    Examples
    --------
    >>> implied_bases([59, 28, 2, 11], n_range=range(40, 60))
    [46, 54]
    >>> implied_bases([50, 50], n_range=range(1, 9))
    [2, 4, 6, 8]
    """
    values = _check_percents(percents)
    rounding = check_rule(rounding)
    feasible = []
    for n in n_range:
        n = check_int("n in n_range", n, minimum=1)
        low = high = 0
        for p in values:
            interval = count_interval(p, n, rounding)
            if interval is None:
                break
            low += interval[0]
            high += interval[1]
        else:
            if low <= n <= high:
                feasible.append(n)
    return feasible

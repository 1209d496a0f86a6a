"""Exact rounding of percentages of a count out of a base.

The report prints whole-number percentages ``100 * count / n``. This module
computes them with integer arithmetic only (never floats), and answers the
inverse questions: which counts can give a printed percentage, and which sums a
column of rounded percentages can have.

Rounding rules are named by strings (see :data:`ROUNDING_RULES`):

``"half_up"``
    Nearest whole number, ties away from zero (12.5 -> 13). The default.
``"half_down"``
    Nearest whole number, ties toward zero (12.5 -> 12).
``"half_even"``
    Nearest whole number, ties to the even neighbour (12.5 -> 12, 13.5 -> 14).
``"floor"``
    Truncation (12.9 -> 12).
``"ceil"``
    Round up (12.1 -> 13).
``"either"``
    Not a function but a tolerance: a printed value is consistent with a count
    when ``"half_up"`` *or* ``"half_down"`` gives it, i.e. whoever produced the
    table may have broken ties either way.

Counts are non-negative and at most the base, so "away from zero" and "up"
coincide.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from numbers import Integral

import numpy as np

__all__ = [
    "ROUNDING_RULES",
    "check_int",
    "check_rule",
    "count_interval",
    "is_consistent",
    "percent_of",
    "percent_sum_range",
    "possible_sum_range",
]

#: Names of the rounding rules understood by this module.
ROUNDING_RULES: tuple[str, ...] = ("half_up", "half_down", "half_even", "floor", "ceil", "either")

#: Rules that map a count to exactly one printed value.
_DETERMINISTIC_RULES: tuple[str, ...] = ROUNDING_RULES[:-1]


# ---------------------------------------------------------------------------
# argument checking
# ---------------------------------------------------------------------------


def check_rule(rule: object, *, allow_either: bool = True) -> str:
    """Return ``rule`` after checking it names a rounding rule.

    Parameters
    ----------
    rule : object
        The value to check.
    allow_either : bool, default True
        Whether the tolerance ``"either"`` is accepted.

    Returns
    -------
    str
        ``rule`` unchanged.

    Raises
    ------
    TypeError
        If ``rule`` is not a string.
    ValueError
        If ``rule`` is not one of :data:`ROUNDING_RULES` (or is ``"either"``
        when ``allow_either`` is false).

    Examples
    --------
    >>> check_rule("half_even")
    'half_even'
    """
    if not isinstance(rule, str):
        raise TypeError(f"rounding rule must be a string, got {type(rule).__name__}: {rule!r}")
    allowed = ROUNDING_RULES if allow_either else _DETERMINISTIC_RULES
    if rule not in allowed:
        if rule == "either":
            raise ValueError(
                "rounding rule 'either' does not give a single value here; "
                f"use one of {', '.join(map(repr, _DETERMINISTIC_RULES))}"
            )
        raise ValueError(
            f"unknown rounding rule {rule!r}; expected one of {', '.join(map(repr, allowed))}"
        )
    return rule


def check_int(name: str, value: object, *, minimum: int | None = None) -> int:
    """Return ``value`` as an ``int`` after checking it is a whole number >= ``minimum``.

    Parameters
    ----------
    name : str
        Name of the argument, for error messages.
    value : object
        The value to check; an integral number (``bool`` is refused).
    minimum : int, optional
        The least value allowed.

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If ``value`` is not an integer.
    ValueError
        If ``value`` is below ``minimum``.

    Examples
    --------
    >>> check_int("n", 46, minimum=1)
    46
    """
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}: {value!r}")
    number = int(value)
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {number}")
    return number


def _check_count(count: object, n: int, name: str = "count") -> int:
    """Return ``count`` as an ``int`` after checking ``0 <= count <= n``."""
    number = check_int(name, count, minimum=0)
    if number > n:
        raise ValueError(f"{name} must be at most the base n={n}, got {number}")
    return number


# ---------------------------------------------------------------------------
# forward rounding
# ---------------------------------------------------------------------------


def _round(count: int, n: int, rule: str) -> int:
    """Rounded ``100 * count / n`` under a deterministic rule (arguments already checked)."""
    num = 100 * count
    if rule == "half_up":
        return (2 * num + n) // (2 * n)
    if rule == "half_down":
        return -((n - 2 * num) // (2 * n))
    if rule == "half_even":
        quotient, remainder = divmod(2 * num + n, 2 * n)
        if remainder == 0 and quotient % 2 == 1:
            quotient -= 1
        return quotient
    if rule == "floor":
        return num // n
    # ceil
    return -(-num // n)


def percent_of(count: int, n: int, rule: str = "half_up") -> int:
    """Return the printed whole-number percentage of ``count`` out of ``n``.

    The exact value ``100 * count / n`` is rounded with integer arithmetic, so
    ties such as 12.5 are recognised exactly.

    Parameters
    ----------
    count : int
        The count, ``0 <= count <= n``.
    n : int
        The base, at least 1.
    rule : str, default "half_up"
        A deterministic rounding rule: ``"half_up"``, ``"half_down"``,
        ``"half_even"``, ``"floor"`` or ``"ceil"``. ``"either"`` is refused
        because it does not name a single value.

    Returns
    -------
    int
        The rounded percentage.

    Raises
    ------
    TypeError
        If ``count`` or ``n`` is not an integer, or ``rule`` is not a string.
    ValueError
        If ``n < 1``, ``count`` is outside ``[0, n]`` or ``rule`` is unknown.

    Examples
    --------
    >>> percent_of(43, 57)  # 75.438...
    75
    >>> percent_of(2, 46)  # 4.347...
    4
    >>> [percent_of(1, 8, rule) for rule in ("half_up", "half_down", "half_even", "floor")]
    [13, 12, 12, 12]
    >>> percent_of(3, 8, "half_even")  # 37.5 -> even neighbour
    38
    >>> percent_of(1, 3, "ceil")
    34
    """
    rule = check_rule(rule, allow_either=False)
    n = check_int("n", n, minimum=1)
    count = _check_count(count, n)
    return _round(count, n, rule)


def _matches(printed: int, count: int, n: int, rule: str) -> bool:
    """Whether ``count`` out of ``n`` prints as ``printed`` under ``rule`` (``"either"`` allowed)."""
    if rule == "either":
        return printed in (_round(count, n, "half_up"), _round(count, n, "half_down"))
    return _round(count, n, rule) == printed


# ---------------------------------------------------------------------------
# inverse rounding
# ---------------------------------------------------------------------------


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _min_reaching(p: int, n: int, rule: str) -> int:
    """Smallest integer ``k`` (of any sign) whose rounded percentage is at least ``p``.

    The rounding formulas of :func:`_round` extend to every integer ``k`` and are
    non-decreasing in ``k``, so this threshold splits the integers in two.
    """
    if rule == "half_up":
        # floor((200k + n) / 2n) >= p  <=>  200k >= 2np - n
        return _ceil_div(2 * n * p - n, 200)
    if rule == "half_down":
        # ceil((200k - n) / 2n) >= p  <=>  200k > 2np - n
        return (2 * n * p - n) // 200 + 1
    if rule == "half_even":
        k = _ceil_div(2 * n * p - n, 200)
        if 200 * k == 2 * n * p - n and p % 2 == 1:
            # exactly p - 1/2: the tie goes to the even neighbour p - 1
            k += 1
        return k
    if rule == "floor":
        # floor(100k / n) >= p  <=>  100k >= np
        return _ceil_div(n * p, 100)
    # ceil(100k / n) >= p  <=>  100k > n(p - 1)
    return (n * (p - 1)) // 100 + 1


def count_interval(printed: int, n: int, rule: str = "half_up") -> tuple[int, int] | None:
    """Return the range of counts out of ``n`` that print as ``printed``.

    Rounded percentages never decrease as the count grows, so the counts giving
    one printed value form an interval. Its ends are found in constant time
    from the rounding thresholds, then checked with :func:`percent_of`.

    Parameters
    ----------
    printed : int
        The printed whole-number percentage.
    n : int
        The base, at least 1.
    rule : str, default "half_up"
        A rule from :data:`ROUNDING_RULES`. For ``"either"`` the result is the
        union of the ``"half_up"`` and ``"half_down"`` intervals, which is again
        an interval.

    Returns
    -------
    tuple of (int, int) or None
        ``(lo, hi)``: every count ``k`` with ``lo <= k <= hi``, and no other
        count in ``[0, n]``, prints as ``printed``. ``None`` when no count does
        (for example a negative value, one above 100, or a value that falls in a
        gap between two neighbouring counts).

    Examples
    --------
    >>> count_interval(75, 57)  # 42/57 = 73.7%, 43/57 = 75.4%, 44/57 = 77.2%
    (43, 43)
    >>> count_interval(76, 57) is None  # no count falls between 75.4% and 77.2%
    True
    >>> count_interval(0, 1000)  # 4/1000 = 0.4%, 5/1000 = 0.5%
    (0, 4)
    >>> count_interval(13, 8), count_interval(13, 8, "half_down")
    ((1, 1), None)
    >>> count_interval(12, 8, "either")
    (1, 1)
    """
    rule = check_rule(rule)
    n = check_int("n", n, minimum=1)
    printed = check_int("printed", printed)
    if rule == "either":
        lo = _min_reaching(printed, n, "half_up")
        hi = _min_reaching(printed + 1, n, "half_down") - 1
    else:
        lo = _min_reaching(printed, n, rule)
        hi = _min_reaching(printed + 1, n, rule) - 1
    lo, hi = max(lo, 0), min(hi, n)
    if lo > hi:
        return None
    if not (_matches(printed, lo, n, rule) and _matches(printed, hi, n, rule)):
        raise AssertionError(  # pragma: no cover - the thresholds above are exact
            f"count_interval({printed}, {n}, {rule!r}) derived ({lo}, {hi}), "
            "which does not round back"
        )
    return lo, hi


def is_consistent(printed: int, count: int, n: int, rule: str = "either") -> bool:
    """Return whether ``count`` out of ``n`` can be printed as ``printed``.

    Parameters
    ----------
    printed : int
        The printed whole-number percentage.
    count : int
        The count, ``0 <= count <= n``.
    n : int
        The base, at least 1.
    rule : str, default "either"
        A rule from :data:`ROUNDING_RULES`. The default accepts a tie rounded
        either up or down.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_consistent(13, 1, 8), is_consistent(12, 1, 8)
    (True, True)
    >>> is_consistent(12, 1, 8, "half_up")
    False
    >>> is_consistent(75, 43, 57, "half_up")
    True
    """
    rule = check_rule(rule)
    n = check_int("n", n, minimum=1)
    count = _check_count(count, n)
    printed = check_int("printed", printed)
    return _matches(printed, count, n, rule)


def percent_sum_range(counts: Sequence[int], n: int, rule: str = "half_up") -> tuple[int, int]:
    """Return the least and greatest possible sum of the rounded percentages of ``counts``.

    Parameters
    ----------
    counts : sequence of int
        Counts out of the same base, each in ``[0, n]``. They need not sum to
        ``n`` (a multiple-response question, or a column with a category left
        out).
    n : int
        The base, at least 1.
    rule : str, default "half_up"
        A rule from :data:`ROUNDING_RULES`. For a deterministic rule both ends
        equal the sum of :func:`percent_of`; for ``"either"`` each tie may be
        rounded either way, so the range runs from all ties down to all ties up.

    Returns
    -------
    tuple of (int, int)
        ``(min_sum, max_sum)``.

    Examples
    --------
    >>> percent_sum_range([1, 1, 1], 3)  # 33.3% three times
    (99, 99)
    >>> percent_sum_range([1, 1, 6], 8, "either")  # 12.5%, 12.5%, 75%
    (99, 101)
    >>> percent_sum_range([1, 1, 6], 8, "half_even")
    (99, 99)
    """
    rule = check_rule(rule)
    n = check_int("n", n, minimum=1)
    checked = [_check_count(c, n, f"counts[{i}]") for i, c in enumerate(counts)]
    if rule == "either":
        low = sum(_round(c, n, "half_down") for c in checked)
        high = sum(_round(c, n, "half_up") for c in checked)
        return low, high
    total = sum(_round(c, n, rule) for c in checked)
    return total, total


def _maxplus(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Max-plus convolution ``c[t] = max_{i <= t} a[i] + b[t - i]`` truncated to ``len(a)``."""
    size = len(a)
    out = np.full(size, np.iinfo(np.int64).min // 4, dtype=np.int64)
    for i in range(size):
        np.maximum(out[i:], a[i] + b[: size - i], out=out[i:])
    return out


def _maxplus_at(a: np.ndarray, b: np.ndarray, t: int) -> int:
    """``max_{i <= t} a[i] + b[t - i]``."""
    return int((a[: t + 1] + b[t::-1]).max())


@lru_cache(maxsize=256)
def _max_sum(n: int, k: int, rule: str, sign: int) -> int:
    """Greatest value of ``sign * sum(percent_of(c, n, rule) for c in parts)``.

    The maximum is over all ``k`` non-negative parts summing to ``n``, computed by
    max-plus convolution powers (square and multiply) of the one-part table.
    """
    single = np.array([sign * _round(c, n, rule) for c in range(n + 1)], dtype=np.int64)
    result: np.ndarray | None = None
    power = single
    remaining = k
    while True:
        if remaining & 1:
            if result is None:
                result = power
            elif remaining == 1:
                return _maxplus_at(result, power, n)
            else:
                result = _maxplus(result, power)
        remaining >>= 1
        if not remaining:
            break
        power = _maxplus(power, power)
    assert result is not None
    return int(result[n])


def possible_sum_range(n: int, k: int, rule: str = "half_up") -> tuple[int, int]:
    """Return the range of sums that ``k`` rounded percentages out of ``n`` can have.

    Over every way of splitting ``n`` into ``k`` non-negative counts, the sum of
    the rounded percentages ranges between the two returned values. A printed
    column whose percentages sum outside this range cannot come from complete,
    mutually exclusive categories with base ``n``.

    Parameters
    ----------
    n : int
        The base, at least 1.
    k : int
        The number of categories, at least 1.
    rule : str, default "half_up"
        A rule from :data:`ROUNDING_RULES`; for ``"either"`` every tie may also
        be rounded either way.

    Returns
    -------
    tuple of (int, int)
        ``(min_sum, max_sum)``, both exact and both attained by some split
        of ``n``; sums strictly between them are not promised to occur.

    Notes
    -----
    The search is a dynamic programme over the running total: the best sum
    for one category is tabulated for every count, and tables are combined by
    max-plus convolution using repeated squaring, so ``O(n**2 log k)`` integer
    operations (vectorised), some tens of milliseconds for ``n`` around 1000. Results
    are cached.

    Examples
    --------
    >>> possible_sum_range(3, 3)  # 1+1+1 gives 99; 3+0+0 gives 100
    (99, 100)
    >>> possible_sum_range(8, 4)  # 1+1+1+5 gives 13+13+13+63 = 102
    (100, 102)
    >>> possible_sum_range(46, 4, "floor")
    (97, 100)
    >>> possible_sum_range(100, 7)  # every percentage is exact
    (100, 100)
    """
    rule = check_rule(rule)
    n = check_int("n", n, minimum=1)
    k = check_int("k", k, minimum=1)
    low_rule, high_rule = ("half_down", "half_up") if rule == "either" else (rule, rule)
    return -_max_sum(n, k, low_rule, -1), _max_sum(n, k, high_rule, 1)

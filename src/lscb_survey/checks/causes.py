"""Plain likely causes of a wrong printed value: rounding slip, digit slip, copied cell.

Shared by the checks that compare a printed number with the values it should
have been (:mod:`~lscb_survey.checks.percent_from_count`,
:mod:`~lscb_survey.checks.percent_only`, :mod:`~lscb_survey.checks.claims`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from .findings import pct

__all__ = [
    "CONFUSABLE_DIGITS",
    "bracket",
    "one_digit_apart",
    "transposed",
    "value_cause",
]

#: Single digits easily misread or mistyped for one another (rotated or similar shapes).
CONFUSABLE_DIGITS: frozenset[frozenset[int]] = frozenset(
    {frozenset({6, 9}), frozenset({1, 7}), frozenset({3, 8})}
)


def one_digit_apart(a: int, b: int) -> bool:
    """Same number of digits and exactly one differs (single digits: a confusable pair).

    Examples
    --------
    >>> one_digit_apart(27, 22), one_digit_apart(6, 9), one_digit_apart(5, 9)
    (True, True, False)
    """
    sa, sb = str(a), str(b)
    if len(sa) != len(sb) or sum(x != y for x, y in zip(sa, sb, strict=True)) != 1:
        return False
    return len(sa) > 1 or frozenset({a, b}) in CONFUSABLE_DIGITS


def bracket(p: int, n: int) -> tuple[int | None, int | None]:
    """The counts out of ``n`` whose exact shares lie just below and just above ``p``%.

    Examples
    --------
    >>> bracket(32, 46)  # 14/46 = 30.43%, 15/46 = 32.61%
    (14, 15)
    """
    below = (p * n - 1) // 100 if p * n > 0 else None  # largest k with 100k < pn
    above = p * n // 100 + 1  # smallest k with 100k > pn
    return (below if below is not None and below >= 0 else None), (above if above <= n else None)


def transposed(a: int, b: int) -> bool:
    """Two different two-digit numbers with the digits swapped (e.g. 36 and 63)."""
    sa, sb = str(a), str(b)
    return a != b and len(sa) == len(sb) == 2 and sa == sb[::-1]


def value_cause(
    printed: int,
    expected: Sequence[int],
    exact: Fraction | None = None,
    neighbours: Mapping[str, int] | None = None,
) -> str:
    """A plain likely cause for a printed value that should have been one of ``expected``.

    Parameters
    ----------
    printed : int
        The value printed.
    expected : sequence of int
        Values that would have passed; the nearest is taken as the intended one.
    exact : Fraction, optional
        The exact share behind ``expected``, shown with a rounding slip.
    neighbours : mapping of str to int, optional
        Values printed in neighbouring cells, by label: a printed value equal to
        one of them (and not a rounding slip) is reported as copied.

    Returns
    -------
    str
        Causes joined by "; " (empty when none is plain).

    Examples
    --------
    >>> value_cause(76, [75], Fraction(43, 57))
    'rounding slip: 75 (75.44%) printed as 76'
    >>> value_cause(6, [9])
    'digit slip: 6 for 9'
    """
    if not expected:
        return ""
    best = min(expected, key=lambda e: (abs(e - printed), e))
    causes = []
    if neighbours:
        for label, value in neighbours.items():
            if value == printed and abs(printed - best) > 1:
                causes.append(f"copied from neighbouring cell {label} ({value})")
    if abs(printed - best) == 1:
        shown = f" ({pct(exact)})" if exact is not None else ""
        causes.append(f"rounding slip: {best}{shown} printed as {printed}")
    elif transposed(printed, best):
        causes.append(f"digit slip: {printed} for {best} (transposed)")
    elif one_digit_apart(printed, best):
        causes.append(f"digit slip: {printed} for {best}")
    return "; ".join(causes)

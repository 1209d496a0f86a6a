"""Single-cell repairs of a column of rounded percentages that no counts can give.

Used by the percent-only check (:mod:`~lscb_survey.checks.percent_only`) and by
the totals check on Tables 3-4 (:mod:`~lscb_survey.checks.totals`) to say which
one change would make an impossible column possible.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..stats.rounding import count_interval

__all__ = ["feasible", "repair_text", "repairs"]


@lru_cache(maxsize=65536)
def _interval(p: int, n: int, rule: str) -> tuple[int, int] | None:
    return count_interval(p, n, rule)


def feasible(percents: Sequence[int], n: int, rule: str) -> bool:
    """Whether counts out of ``n``, one per cell and adding up to ``n``, can print as ``percents``.

    Examples
    --------
    >>> feasible([46, 33, 4, 18], 57, "either"), feasible([56, 33, 4, 18], 57, "either")
    (True, False)
    """
    low = high = 0
    for p in percents:
        iv = _interval(p, n, rule)
        if iv is None:
            return False
        low += iv[0]
        high += iv[1]
    return low <= n <= high


def repairs(percents: Sequence[int], n: int, rule: str) -> list[tuple[int, int]]:
    """Every single-cell change ``(position, new value)`` that makes the column feasible."""
    out = []
    for i, p in enumerate(percents):
        for v in range(0, 101):
            if v != p and feasible([*percents[:i], v, *percents[i + 1 :]], n, rule):
                out.append((i, v))
    return out


def repair_text(labels: Sequence[str], printed: Sequence[int], n: int, rule: str) -> str:
    """The smallest single-cell changes that would make a column possible, in words.

    Examples
    --------
    >>> repair_text(["Good", "Reasonable", "Poor", "Don't know"], [56, 33, 4, 18], 57, "either")
    'a wrong cell: e.g. Good 46 for 56 or Reasonable 23 for 33'
    """
    found = repairs(printed, n, rule)
    if not found:
        return "no single-cell change makes the column possible"
    best = min(abs(v - printed[i]) for i, v in found)
    shown = [f"{labels[i]} {v} for {printed[i]}" for i, v in found if abs(v - printed[i]) == best]
    return "a wrong cell: e.g. " + " or ".join(shown[:4])

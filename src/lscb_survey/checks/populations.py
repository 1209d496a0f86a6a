"""The populations a printed response rate implies (Tables 1-2).

A rate ``r`` printed for ``k`` returns means the category holds a whole number
``P`` of LSCBs with ``100 * k / P`` printing as ``r``. Used by the response-rates
check (:mod:`~lscb_survey.checks.response_rates`) and by population claims
(:mod:`~lscb_survey.checks.claims`).
"""

from __future__ import annotations

import pandas as pd

from ..stats.rounding import percent_of
from .findings import RETURNS_COLUMNS, as_int, check_rounding, records, require

__all__ = [
    "Populations",
    "fmt_population",
    "population_interval",
    "population_ranges",
    "table_population",
]

_HUGE_POPULATION = 10**12

#: Populations that fit a printed rate: ``(lo, hi)``, ``hi`` None when unbounded.
Populations = tuple[int, int | None]


def population_interval(returns: int, rate: int, rule: str) -> Populations | None:
    """Populations ``P >= returns`` for which ``100 * returns / P`` prints as ``rate``.

    Returns ``(lo, hi)``, ``(lo, None)`` when unbounded above, or ``None`` when
    no population fits. The rounded rate never increases as ``P`` grows, so the
    fitting populations form an interval, found by binary search on exact
    integer rounding; "either" is the union of the half-up and half-down
    intervals (which overlap or touch).

    Examples
    --------
    >>> population_interval(12, 39, "either"), population_interval(0, 0, "half_up")
    ((31, 31), (1, None))
    """
    if rule == "either":
        found = [population_interval(returns, rate, r) for r in ("half_up", "half_down")]
        fits = [f for f in found if f is not None]
        if not fits:
            return None
        highs = [f[1] for f in fits if f[1] is not None]
        lo = min(f[0] for f in fits)
        return lo, (max(highs) if len(highs) == len(fits) else None)

    def rounded(population: int) -> int:
        return percent_of(returns, population, rule)

    if rounded(max(returns, 1)) < rate or rounded(_HUGE_POPULATION) > rate:
        return None
    # smallest population printing at most ``rate``
    a, b = max(returns, 1), _HUGE_POPULATION
    while a < b:
        mid = (a + b) // 2
        if rounded(mid) <= rate:
            b = mid
        else:
            a = mid + 1
    lo = a
    if rounded(lo) != rate:
        return None
    if rounded(_HUGE_POPULATION) == rate:
        return lo, None
    # largest population printing at least ``rate``
    a, b = lo, _HUGE_POPULATION
    while a < b:
        mid = (a + b + 1) // 2
        if rounded(mid) >= rate:
            a = mid
        else:
            b = mid - 1
    return lo, a


def fmt_population(interval: Populations | None) -> str:
    """Populations in words: ``"31"``, ``"54-55"``, ``"3 or more"`` or ``"none"``."""
    if interval is None:
        return "none"
    lo, hi = interval
    if hi is None:
        return f"{lo} or more"
    return str(lo) if lo == hi else f"{lo}-{hi}"


def population_ranges(data: pd.DataFrame, *, rounding: str = "either") -> pd.DataFrame:
    """The population each printed response rate of Tables 1-2 implies.

    Parameters
    ----------
    data : DataFrame
        A returns frame.
    rounding : str, default "either"

    Returns
    -------
    DataFrame
        One row per category with a printed rate: ``table``, ``category``,
        ``returns``, ``response_rate``, ``population_min`` and
        ``population_max`` (the whole numbers ``P`` for which
        ``100 * returns / P`` prints as the rate; ``population_max`` missing
        when unbounded; both missing when no ``P`` fits).

    Examples
    --------
    >>> from lscb_survey.data.loaders import load_table
    >>> p = population_ranges(load_table(1)).set_index("category")
    >>> int(p.loc["London Boroughs", "population_min"]), int(p.loc["Unitary", "population_max"])
    (31, 55)
    """
    rule = check_rounding(rounding)
    require(data, RETURNS_COLUMNS, "returns")
    rows = []
    for r in records(data):
        rate = as_int(r.response_rate)
        if rate is None:
            continue
        interval = population_interval(int(r.returns), rate, rule)
        rows.append(
            {
                "table": int(r.table),
                "category": str(r.category),
                "returns": int(r.returns),
                "response_rate": rate,
                "population_min": None if interval is None else interval[0],
                "population_max": None if interval is None else interval[1],
            }
        )
    columns = ["table", "category", "returns", "response_rate", "population_min", "population_max"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"population_min": "Int64", "population_max": "Int64"})


def table_population(pops: pd.DataFrame) -> tuple[int, int | None, list[str]]:
    """Sum of the fitting populations of a table's categories: ``(lo, hi, unbounded categories)``.

    ``hi`` is ``None`` when some category's populations are unbounded.
    """
    lo: int = 0
    hi: int | None = 0
    unbounded: list[str] = []
    for r in records(pops):
        lo += int(r.population_min)
        if pd.isna(r.population_max):
            unbounded.append(str(r.category))
            hi = None
        elif hi is not None:
            hi += int(r.population_max)
    return lo, hi, unbounded

"""Which cells of one item are hidden: alone, or broken down by group beside its overall counts.

An item alone is one row of counts with its total (the base ``n``) published.
An item broken down by group is a grid: one row per group (each with its
published base) and the overall row, whose cells are the column sums of the
group rows. The published equations are the row totals, the column sums and
the grand total; every hidden cell is at least 1 (zeros are published) except
in a withheld row, where zeros are hidden as well and cells are at least 0.

Secondary cells are chosen value-blind: the fewest cells, then the earliest
positions. A cost based on the counts (say, the smallest cell) tells a reader
who knows the rule that the secondary cell is the smallest one that works,
and that narrows it down.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import combinations
from math import comb

import numpy as np

from ..stats.protection import LinkedTable, protect_cells
from .frames import Protection

__all__ = [
    "FILL_LIMIT",
    "PRIMARY",
    "SECONDARY",
    "WITHHELD",
    "base_pattern",
    "compositions",
    "consistent_fills",
    "grid_pattern",
    "grid_table",
    "row_pattern",
    "row_table",
]

PRIMARY = "primary"
SECONDARY = "secondary"
WITHHELD = "withheld"


#: Most fills of an item's hidden cells that the rule-aware check tries (part of the rule).
FILL_LIMIT = 5000


def row_pattern(counts: Sequence[int], prot: Protection) -> list[str | None]:
    """Why each cell of one item is hidden (None: published), checked against a rule-aware reader.

    The protecting patterns of :func:`base_pattern` are tried in its order
    of preference; the first is kept for which a reader who re-runs
    :func:`base_pattern` on every fill of the hidden cells (when there are
    at most :data:`FILL_LIMIT`) is left with two values or more for every
    hidden cell. The check depends only on what is published, so every such
    fill gives the same pattern under this rule too, and the reader of this
    rule is left with at least as many values. When no pattern passes, the
    item is withheld.

    Examples
    --------
    >>> base_pattern([4, 4, 1], Protection(3, 3, 3))  # only (4, 1) would give this back
    ['secondary', None, 'primary']
    >>> row_pattern([4, 4, 1], Protection(3, 3, 3))
    ['secondary', 'secondary', 'primary']
    """
    total = sum(counts)
    for why in _patterns(counts, prot):
        hidden = tuple(w is not None for w in why)
        if not any(hidden):
            return why
        published = tuple(0 if h else c for c, h in zip(counts, hidden, strict=True))
        if _ambiguous(published, hidden, total, prot):
            return why
    return [WITHHELD] * len(counts)


def compositions(total: int, parts: int, floor: int) -> Iterator[tuple[int, ...]]:
    """Every way to write ``total`` as ``parts`` whole numbers each at least ``floor``."""
    free = total - parts * floor
    if free < 0 or parts == 0:
        return
    for bars in combinations(range(free + parts - 1), parts - 1):
        edges = (-1, *bars, free + parts - 1)
        yield tuple(edges[i + 1] - edges[i] - 1 + floor for i in range(parts))


def consistent_fills(
    published: Sequence[int],
    hidden: Sequence[bool],
    total: int,
    prot: Protection,
    limit: int = FILL_LIMIT,
) -> list[tuple[int, ...]] | None:
    """Fills of the hidden cells (each >= 1) for which :func:`base_pattern` hides exactly them.

    None when there are more than ``limit`` fills to try.
    """
    idx = [i for i, h in enumerate(hidden) if h]
    rest = total - sum(c for c, h in zip(published, hidden, strict=True) if not h)
    if rest < len(idx) or comb(rest - 1, len(idx) - 1) > limit:
        return None if rest >= len(idx) else []
    kept = []
    counts = list(published)
    for fill in compositions(rest, len(idx), 1):
        for i, v in zip(idx, fill, strict=True):
            counts[i] = v
        why = base_pattern(counts, prot)
        if why[0] != WITHHELD and [w is not None for w in why] == list(hidden):
            kept.append(fill)
    return kept


def base_pattern(counts: Sequence[int], prot: Protection) -> list[str | None]:
    """Why each cell of one item is hidden before the rule-aware check (None: published).

    Counts from 1 to ``threshold - 1`` are primary. With the hidden cells
    ``H`` each at least 1 and their sum published through the total, a hidden
    cell ranges from 1 to ``sum(H) - (len(H) - 1)``; the secondary cells are
    the fewest (then earliest) cells of ``threshold`` or more that lift that
    upper end to every primary count plus the upper protection (capped at the
    total), with at least two cells hidden. The lower end is 1, the least
    the rules allow. When no choice works the whole item is withheld: every
    cell hidden, zeros included.

    Examples
    --------
    >>> base_pattern([0, 12, 7, 7, 9, 4], Protection(5, 5, 5))
    [None, 'secondary', None, None, None, 'primary']
    >>> base_pattern([1, 1, 1], Protection(5, 5, 5))
    ['withheld', 'withheld', 'withheld']
    """
    for why in _patterns(counts, prot):
        return why
    return [WITHHELD] * len(counts)


def _patterns(counts: Sequence[int], prot: Protection) -> Iterator[list[str | None]]:
    """Every protecting pattern of one item, in the order of preference."""
    n = sum(counts)
    primary = [i for i, c in enumerate(counts) if 0 < c < prot.threshold]
    if not primary:
        yield [None] * len(counts)
        return
    need = max(min(counts[p] + prot.upper, n) for p in primary)
    have = sum(counts[p] - 1 for p in primary) + 1
    cand = [i for i, c in enumerate(counts) if c >= prot.threshold]
    for size in range(len(cand) + 1):
        if len(primary) + size < 2:
            continue
        found = [
            (sum(combo), combo)
            for combo in combinations(cand, size)
            if have + sum(counts[q] - 1 for q in combo) >= need
        ]
        for _, combo in sorted(found):
            reasons: list[str | None] = [None] * len(counts)
            for p in primary:
                reasons[p] = PRIMARY
            for q in combo:
                reasons[q] = SECONDARY
            yield reasons


@lru_cache(maxsize=4096)
def _ambiguous(
    published: tuple[int, ...], hidden: tuple[bool, ...], total: int, prot: Protection
) -> bool:
    """Whether the fills that give back ``hidden`` leave every hidden cell two values or more."""
    fills = consistent_fills(published, hidden, total, prot)
    if fills is None:
        return True
    return bool(fills) and all(len({f[j] for f in fills}) > 1 for j in range(sum(hidden)))


def row_table(
    counts: Sequence[int], withheld: bool = False, total: int | None = None
) -> LinkedTable:
    """One item as a linked table for a reader: its total, hidden cells >= 1 (0 if withheld).

    ``total`` is the published total when ``counts`` holds placeholders for hidden cells.
    """
    k = len(counts)
    low = 0.0 if withheld else 1.0
    totals = None if total is None else [float(total)]
    return LinkedTable.build(
        counts, [[(i, 1.0) for i in range(k)]], [low] * k, [np.inf] * k, totals
    )


def grid_table(
    grid: Sequence[Sequence[int]],
    withheld: Sequence[bool],
    upper: str = "reader",
    bases: Sequence[int] | None = None,
    overall: Sequence[int] | None = None,
) -> LinkedTable:
    """An item by group with its overall row as a linked table.

    ``grid`` has one row per group; the overall row (column sums) is added
    as the last row. ``withheld[g]`` (one per row, overall last) says whose
    hidden cells may be 0. ``upper="reader"`` leaves cells unbounded above
    (what a reader assumes); ``"totals"`` bounds each by its row total.
    ``bases`` (one per group, then the overall) are the published row totals
    when ``grid`` holds placeholders for hidden cells, and ``overall`` the
    published overall row (placeholders too).
    """
    groups, k = len(grid), len(grid[0])
    if overall is None:
        overall = [sum(row[r] for row in grid) for r in range(k)]
    values = [c for row in grid for c in row] + list(overall)
    equations: list[list[tuple[int, float]]] = []
    for g in range(groups + 1):
        equations.append([(g * k + r, 1.0) for r in range(k)])
    for r in range(k):
        equations.append([(g * k + r, 1.0) for g in range(groups)] + [(groups * k + r, -1.0)])
    lower = [0.0 if withheld[g] else 1.0 for g in range(groups + 1) for _ in range(k)]
    if upper == "reader":
        caps = [np.inf] * len(values)
    else:
        caps = [
            float(sum(values[g * k : (g + 1) * k])) for g in range(groups + 1) for _ in range(k)
        ]
    totals = None if bases is None else [*map(float, bases), *[0.0] * k]
    return LinkedTable.build(values, equations, lower, caps, totals)


def grid_pattern(grid: Sequence[Sequence[int]], prot: Protection) -> list[list[str | None]]:
    """Why each cell of an item by group (and of its overall row, last) is hidden.

    Primary cells are counts from 1 to ``threshold - 1``, in group rows and
    in the overall row. Secondary cells are chosen by a mixed-integer
    programme (:func:`lscb_survey.stats.protection.protect_cells`) so that
    each primary cell's interval, from all the published totals, reaches its
    count plus the upper protection (capped at its row total) and its count
    minus the lower protection (floored at 1). When that is impossible the
    rows holding primary cells are withheld (zeros hidden too, every cell of
    them protected in the same way), and failing that the whole item.

    Examples
    --------
    >>> grid_pattern([[3, 10, 9], [9, 8, 20]], Protection(5, 5, 5))
    [['primary', 'secondary', None], ['secondary', 'secondary', None], [None, None, None]]
    """
    groups, k = len(grid), len(grid[0])
    values = np.array(
        [c for row in grid for c in row] + [sum(col) for col in zip(*grid, strict=True)]
    )
    primary = (values >= 1) & (values < prot.threshold)
    if not primary.any():
        return [[None] * k for _ in range(groups + 1)]
    rows_with = {int(i) // k for i in np.flatnonzero(primary)}
    for withheld_rows in (set(), rows_with):
        withheld = [g in withheld_rows for g in range(groups + 1)]
        table = grid_table(grid, withheld, upper="totals")
        in_withheld = np.repeat(withheld, k)
        sensitive = primary | in_withheld
        up = np.minimum(values + prot.upper, table.upper)
        down = np.maximum(values - prot.lower, table.lower)
        stuck = sensitive & (up <= values) & (down >= values) & (table.upper > 0)
        if stuck.any():  # nothing may move: a primary count that is its whole row
            continue
        candidates = (values >= 1) & ~sensitive
        cost = len(values) ** 2 + np.arange(len(values))
        hidden = protect_cells(table, sensitive, candidates, up, down, cost)
        if hidden is not None:
            reasons: list[str | None] = [
                WITHHELD if in_withheld[i] else PRIMARY if primary[i] else SECONDARY if h else None
                for i, h in enumerate(hidden)
            ]
            return [reasons[g * k : (g + 1) * k] for g in range(groups + 1)]
    return [[WITHHELD] * k for _ in range(groups + 1)]

"""Group breakdowns published on a recoded scale: positive answers against all others.

Broken down by group, most answers of a small population are small counts:
in the 240-respondent example wave by type of board, 336 of the 930 group
cells of the six-level scale are from 1 to 4, so any suppression of the full
scale hides more than a third of them before a single secondary cell. Global
recoding before suppression, the first step of the statistical offices'
practice (tau-ARGUS, sdcTable), keeps a breakdown useful: each group's
answers to an item become two cells, the positive answers (the scale's
:attr:`~lscb_survey.Scale.top` levels) and the rest (every other answer,
"Not specified" included), with the group's base. The same wave by type of
board then has 10 small cells in 310.

The recoded release is linked to the wave published alone, whose overall
cells it must not narrow: the recoded overall cells are sums of the wave's
cells. They are published when the wave alone determines them (no hidden
cell of the item, or hidden cells in one class only) and hidden otherwise,
and the group cells then absorb the protection. One model per item holds
the wave's cells, the group cells and the recoded overall cells, with every
published equation (the item base, each group's base, the column sums of the
groups, the recoded overall cells as sums of the wave's cells):

* **primary**: a group cell from 1 to ``threshold - 1``;
* **protection**: each primary group cell must reach its protection targets
  (capped by its group's base), and each hidden cell of the wave alone must
  keep the targets the wave alone gives it; further group cells are chosen
  by :func:`lscb_survey.stats.protection.protect_cells` at a value-blind cost
  (the fewest cells, then the earliest groups);
* **withholding**: where no choice works, the item's breakdown is withheld
  (every group cell hidden, zeros too);
* **audit**: the reader's exact LP intervals of every hidden cell are
  computed from the finished release (:func:`check_positive_release`); a
  cell short of its targets stops the release (it fails closed).

A full-scale breakdown of the same wave (:func:`lscb_survey.suppress` with
``by=``) is a different release family: publish one or the other
(``docs/disclosure.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .frames import Protection
from .release import DisclosureError
from .suppression import OVERALL

__all__ = ["OTHER", "POSITIVE", "check_positive_release", "positive_counts", "suppress_positive"]

POSITIVE = "Positive"
OTHER = "Other"
_CLASSES = (POSITIVE, OTHER)
_IDS = ("table", "section", "block", "item_id", "item", "scale")


def positive_counts(
    counts_by: pd.DataFrame, *, by: str, top: Mapping[str, tuple[str, ...]]
) -> pd.DataFrame:
    """Counts by group recoded to two cells per item: positive answers and all others.

    Parameters
    ----------
    counts_by : DataFrame
        Counts by group (``Wave.counts_by``): ``item_id, response, count, n``
        and ``by``, one block of rows per group and item.
    by : str
        The group column.
    top : mapping of str to tuple of str
        Each item's positive levels (``codebook.scale_of(item).top``).

    Returns
    -------
    DataFrame
        One row per group, item and class, in the order of the input:
        ``table, section, block, item_id, item, scale`` (those present in
        the input), ``by``, ``response`` ("Positive" or "Other"), ``count``
        and ``n`` (the group's base of the item).

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"item_id": "q", "response": ["Yes", "No"] * 2,
    ...     "count": [3, 5, 4, 0], "n": [8, 8, 4, 4], "g": ["a", "a", "b", "b"]})
    >>> positive_counts(counts, by="g", top={"q": ("Yes",)})["count"].tolist()
    [3, 5, 4, 0]
    """
    if not isinstance(counts_by, pd.DataFrame):
        raise TypeError(f"counts_by must be a DataFrame, got {type(counts_by).__name__}")
    if by not in counts_by.columns:
        raise ValueError(f"by={by!r} is not a column of the counts")
    ids = [c for c in _IDS if c in counts_by.columns]
    items = counts_by["item_id"].astype(str)
    top_sets = {item: set(levels) for item, levels in top.items()}
    positive = np.array(
        [r in top_sets[i] for i, r in zip(items, counts_by["response"].astype(str), strict=True)],
        dtype=bool,
    )
    keys = [counts_by[by].astype(str), items]
    grouped = counts_by.assign(_pos=counts_by["count"].where(positive, 0)).groupby(keys, sort=False)
    first = grouped.head(1).reset_index(drop=True)
    pos = grouped["_pos"].sum().to_numpy(dtype=int)
    n = first["n"].to_numpy(dtype=int)
    base = first[[*ids, by]]
    halves = [
        base.assign(response=cls, count=value, n=n, _k=k)
        for k, (cls, value) in enumerate(zip(_CLASSES, (pos, n - pos), strict=True))
    ]
    out = pd.concat(halves).reset_index(names="_row").sort_values(["_row", "_k"], kind="stable")
    return out[[*ids, by, "response", "count", "n"]].reset_index(drop=True)


@dataclass
class _Model:
    """One item: the wave's overall cells, the group cells and the recoded overall cells."""

    full: list[int]  # the wave's overall counts of the item
    full_hidden: list[bool]
    full_floor: int  # 0 if the wave alone withholds the item, else 1
    positive: list[bool]  # which overall cells are positive answers
    groups: list[tuple[int, int]]  # (positive, other) per group
    prot: Protection
    hidden: np.ndarray = field(init=False)
    withheld: bool = False
    rows_withheld: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        k, g = len(self.full), len(self.groups)
        self.hidden = np.zeros(k + 2 * g + 2, dtype=bool)
        self.hidden[:k] = self.full_hidden
        classes = {p for p, h in zip(self.positive, self.full_hidden, strict=True) if h}
        self.hidden[k + 2 * g :] = len(classes) == 2  # the recoded overall row is not determined
        for i, (a, b) in enumerate(self.groups):  # a small count the group's base cannot protect
            if any(0 < v < self.prot.threshold and v + self.prot.upper > a + b - 1 for v in (a, b)):
                self.rows_withheld.add(i)
                self.hidden[k + 2 * i : k + 2 * i + 2] = True

    @property
    def sizes(self) -> tuple[int, int]:
        return len(self.full), len(self.groups)

    def values(self) -> np.ndarray:
        grid = [v for row in self.groups for v in row]
        pos = sum(v for v, p in zip(self.full, self.positive, strict=True) if p)
        return np.array([*self.full, *grid, pos, sum(self.full) - pos], dtype=float)

    def table(self):  # -> LinkedTable (imported lazily: scipy)
        from ..stats.protection import LinkedTable

        k, g = self.sizes
        n = sum(self.full)
        equations = [[(j, 1.0) for j in range(k)]]
        equations += [[(k + 2 * i, 1.0), (k + 2 * i + 1, 1.0)] for i in range(g)]
        for c in range(2):
            equations.append([(k + 2 * i + c, 1.0) for i in range(g)] + [(k + 2 * g + c, -1.0)])
            members = [j for j in range(k) if self.positive[j] == (c == 0)]
            equations.append([(k + 2 * g + c, 1.0)] + [(j, -1.0) for j in members])
        values = self.values()
        floors = [0 if self.withheld or i in self.rows_withheld else 1 for i in range(g)]
        lower = [self.full_floor] * k + [f for f in floors for _ in range(2)] + [0, 0]
        upper = [n] * k + [sum(row) for row in self.groups for _ in range(2)] + [n, n]
        lower = [min(lo, v) for lo, v in zip(lower, values, strict=True)]
        return LinkedTable.build(values.astype(int).tolist(), equations, lower, upper)

    def targets(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sensitive cells and the targets each must reach (its value: nothing asked)."""
        values = self.values()
        k, g = self.sizes
        n = sum(self.full)
        up, down = values.copy(), values.copy()
        sensitive = self.hidden.copy()
        h = [j for j in range(k) if self.full_hidden[j]]
        alone_high = sum(self.full[j] for j in h) - self.full_floor * (len(h) - 1)
        for j in h:  # keep what the wave alone gives each of its hidden cells
            v = self.full[j]
            small = 0 < v < self.prot.threshold
            up[j] = min(v + (self.prot.upper if small else 1), n, alone_high)
            down[j] = max(v - (self.prot.lower if small else 1), self.full_floor)
        for i, row in enumerate(self.groups):
            for c, v in enumerate(row):
                if 0 < v < self.prot.threshold:
                    j = k + 2 * i + c
                    sensitive[j] = True
                    column = int(values[k + 2 * g + c])
                    up[j] = min(v + self.prot.upper, sum(row), column)
                    down[j] = max(v - self.prot.lower, 1)
        return sensitive, up, down


def _protect(model: _Model) -> None:
    """Hide group cells until every sensitive cell reaches its targets, else withhold."""
    from ..stats.protection import protect_cells

    sensitive, up, down = model.targets()
    k, g = model.sizes
    if not sensitive.any():
        return
    values = model.values()
    candidates = np.zeros_like(sensitive)
    candidates[k : k + 2 * g] = values[k : k + 2 * g] > 0
    cost = np.array([10_000 + j for j in range(len(values))], dtype=float)  # value-blind
    chosen = protect_cells(model.table(), sensitive, candidates & ~sensitive, up, down, cost)
    if chosen is None:
        _withhold(model)
        return
    model.hidden = chosen


def _withhold(model: _Model) -> None:
    k, g = model.sizes
    model.withheld = True
    model.hidden[k : k + 2 * g] = True


def _short(model: _Model, hidden: np.ndarray, up: np.ndarray, down: np.ndarray) -> list[int]:
    """Hidden cells whose exact LP interval falls short of their targets (or is one value)."""
    from ..stats.protection import feasible_intervals

    low, high = feasible_intervals(model.table(), hidden)
    values = model.values()
    bad = []
    for j in np.flatnonzero(hidden):
        if high[j] - low[j] < 0.5 and not (model.withheld and j >= model.sizes[0]):
            bad.append(int(j))
        elif low[j] > down[j] + 1e-6 or high[j] < up[j] - 1e-6:
            bad.append(int(j))
        elif values[j] < 0:  # pragma: no cover - counts are non-negative
            bad.append(int(j))
    return bad


def _models(
    counts_by: pd.DataFrame,
    alone: pd.DataFrame,
    by: str,
    top: Mapping[str, tuple[str, ...]],
    prot: Protection,
) -> list[tuple[str, _Model, pd.DataFrame]]:
    """One model per item of the wave alone's release, with the item's recoded group rows."""
    if "suppressed" not in alone.columns:
        raise ValueError("alone must be the wave's suppressed counts (lscb_survey.suppress)")
    recoded = positive_counts(counts_by, by=by, top=top)
    truth = counts_by.groupby(
        [counts_by["item_id"].astype(str), counts_by["response"].astype(str)], sort=False
    )["count"].sum()
    withheld = {str(w) for w in alone.attrs.get("withheld", []) if not isinstance(w, tuple)}
    out = []
    for item, rows in alone.groupby(alone["item_id"].astype(str), sort=False):
        responses = rows["response"].astype(str).tolist()
        part = recoded[recoded["item_id"].astype(str) == item]
        groups = [tuple(int(v) for v in g["count"]) for _, g in part.groupby(by, sort=False)]
        model = _Model(
            full=[int(truth.get((item, r), 0)) for r in responses],
            full_hidden=rows["suppressed"].astype(bool).tolist(),
            full_floor=0 if item in withheld else 1,
            positive=[r in set(top[item]) for r in responses],
            groups=[(a, b) for a, b in groups],
            prot=prot,
        )
        out.append((item, model, part))
    return out


def suppress_positive(
    counts_by: pd.DataFrame,
    alone: pd.DataFrame,
    *,
    by: str,
    top: Mapping[str, tuple[str, ...]],
    threshold: int = 5,
    protection: int | tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Suppress a recoded breakdown (positive answers, all others) linked to the wave alone.

    Parameters
    ----------
    counts_by : DataFrame
        The wave's counts by group (``Wave.counts_by(by)``), full scale.
    alone : DataFrame
        The wave's counts as published alone (``suppress(wave.counts,
        threshold=threshold)``): its hidden cells stay hidden and keep their
        protection.
    by : str
        The group column.
    top : mapping of str to tuple of str
        Each item's positive levels.
    threshold, protection
        As :func:`lscb_survey.suppress`.

    Returns
    -------
    DataFrame
        :func:`positive_counts` then two overall rows per item (``by`` is
        "All"), with ``count`` (``Int64``) and ``percent`` (of ``n``) missing
        in hidden cells and ``suppressed`` (bool). ``attrs`` records
        ``threshold``, ``protection``, ``by``, ``recoded`` ("positive") and
        ``withheld`` (items whose breakdown is withheld, and (group, item)
        pairs of group rows withheld: their zeros are hidden too; published).

    Raises
    ------
    DisclosureError
        If the finished release would let a reader bound a hidden cell closer
        than its protection (nothing should be published). Every item is
        audited as :func:`check_positive_release` does before it is returned.

    Examples
    --------
    >>> import pandas as pd
    >>> from lscb_survey.disclosure import suppress
    >>> levels = ["Yes", "No", "Not specified"]
    >>> counts = pd.DataFrame({"table": 1, "item_id": "q", "response": levels * 2,
    ...     "count": [3, 9, 0, 12, 8, 4], "n": [12] * 3 + [24] * 3, "g": ["a"] * 3 + ["b"] * 3})
    >>> alone = suppress(counts.groupby(["table", "item_id", "response"], sort=False,
    ...     as_index=False)[["count"]].sum().assign(n=36), threshold=5)
    >>> out = suppress_positive(counts, alone, by="g", top={"q": ("Yes",)}, threshold=5)
    >>> out[["g", "response", "count"]].values.tolist()[:4]
    [['a', 'Positive', <NA>], ['a', 'Other', <NA>], ['b', 'Positive', <NA>], ['b', 'Other', <NA>]]
    """
    if not isinstance(alone, pd.DataFrame):
        raise TypeError(f"alone must be a DataFrame, got {type(alone).__name__}")
    prot = Protection.of(threshold, protection)
    frames: list[pd.DataFrame] = []
    withheld: list[str | tuple[str, str]] = []
    for item, model, part in _models(counts_by, alone, by, top, prot):
        _protect(model)
        if not _audit(item, model, raise_error=model.withheld):
            _withhold(model)  # the programme's certificates fell short of the exact bounds
            _audit(item, model)  # fails closed
        if model.withheld:
            withheld.append(item)
        names = list(dict.fromkeys(part[by].astype(str)))
        withheld += [(names[i], item) for i in sorted(model.rows_withheld) if not model.withheld]
        frames.append(_published(model, part, by))
    out = (
        pd.concat(frames, ignore_index=True)
        if frames
        else positive_counts(counts_by, by=by, top=top).assign(percent=np.nan, suppressed=False)
    )
    order = out[by].astype(str) == OVERALL
    out = pd.concat([out[~order], out[order]], ignore_index=True)
    out.attrs = {
        "threshold": prot.threshold,
        "protection": (prot.lower, prot.upper),
        "by": by,
        "recoded": "positive",
        "withheld": withheld,
    }
    return out


def _published(model: _Model, part: pd.DataFrame, by: str) -> pd.DataFrame:
    k, g = model.sizes
    values = model.values()
    overall = part.iloc[:2].copy()
    overall[by] = OVERALL
    overall["count"] = values[k + 2 * g :].astype(int)
    overall["n"] = sum(model.full)
    rows = pd.concat([part, overall], ignore_index=True)
    hidden = pd.Series(model.hidden[k:], index=rows.index)
    rows["count"] = rows["count"].astype("Int64").mask(hidden)
    share = rows["count"].astype("Float64") / rows["n"].where(rows["n"] > 0) * 100
    rows["percent"] = share.astype(float)
    rows["suppressed"] = hidden.to_numpy()
    return rows


def _audit(item: str, model: _Model, *, raise_error: bool = True) -> bool:
    """Whether every hidden cell of the item meets its targets (else raise, or False)."""
    _, up, down = model.targets()
    bad = _short(model, model.hidden, up, down)
    if bad and not raise_error:
        return False
    if bad:
        raise DisclosureError(
            "the recoded breakdown would disclose hidden counts; nothing was written",
            problems=[f"item {item}, cell {j}" for j in bad[:10]],
        )
    return True


def check_positive_release(
    published: pd.DataFrame,
    counts_by: pd.DataFrame,
    alone: pd.DataFrame,
    *,
    top: Mapping[str, tuple[str, ...]],
) -> int:
    """Recompute a reader's bounds of every hidden cell of a recoded breakdown and the wave alone.

    Parameters
    ----------
    published : DataFrame
        The result of :func:`suppress_positive`.
    counts_by, alone, top
        As given to :func:`suppress_positive`.

    Returns
    -------
    int
        The number of hidden cells checked (group, recoded overall and the
        wave alone's cells of the items).

    Raises
    ------
    DisclosureError
        If a hidden cell is determined or a small count falls short of its
        protection.
    """
    attrs = published.attrs
    by = attrs.get("by")
    if not by or attrs.get("recoded") != "positive":
        raise ValueError("published must be the result of suppress_positive")
    prot = Protection.of(attrs["threshold"], attrs.get("protection"))
    withheld = {str(w) for w in attrs.get("withheld", []) if not isinstance(w, tuple)}
    pairs = {(str(w[0]), str(w[1])) for w in attrs.get("withheld", []) if isinstance(w, tuple)}
    checked = 0
    for item, model, _ in _models(counts_by, alone, by, top, prot):
        rows = published[published["item_id"].astype(str) == item]
        groups = rows[rows[by].astype(str) != OVERALL]
        overall = rows[rows[by].astype(str) == OVERALL]
        k = model.sizes[0]
        model.withheld = item in withheld
        names = list(dict.fromkeys(groups[by].astype(str)))
        model.rows_withheld = {i for i, name in enumerate(names) if (name, item) in pairs}
        model.hidden[k:] = np.concatenate(
            [groups["suppressed"].to_numpy(bool), overall["suppressed"].to_numpy(bool)]
        )
        _audit(item, model)
        checked += int(model.hidden.sum())
    return checked

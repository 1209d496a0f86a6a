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

import numpy as np
import pandas as pd

from .frames import Protection
from .recoded_model import FullScale, RecodedItem, protect_item, shortfalls, withhold_item
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


def _models(
    counts_by: pd.DataFrame,
    alone: pd.DataFrame,
    by: str,
    top: Mapping[str, tuple[str, ...]],
    prot: Protection,
    full: pd.DataFrame | None = None,
) -> list[tuple[str, RecodedItem, pd.DataFrame]]:
    """One model per item of the wave alone's release, with the item's recoded group rows."""
    if "suppressed" not in alone.columns:
        raise ValueError("alone must be the wave's suppressed counts (lscb_survey.suppress)")
    if full is not None and ("suppressed" not in full.columns or full.attrs.get("by") != by):
        raise ValueError(f"full must be the wave's counts suppressed with by={by!r}")
    recoded = positive_counts(counts_by, by=by, top=top)
    truth = counts_by.groupby(
        [counts_by["item_id"].astype(str), counts_by["response"].astype(str)], sort=False
    )["count"].sum()
    withheld = {str(w) for w in alone.attrs.get("withheld", []) if not isinstance(w, tuple)}
    parts = dict(iter(recoded.groupby(recoded["item_id"].astype(str), sort=False)))
    out = []
    for item, rows in alone.groupby(alone["item_id"].astype(str), sort=False):
        responses = rows["response"].astype(str).tolist()
        part = parts[str(item)]
        counts = part["count"].to_numpy(dtype=int)
        groups = list(zip(counts[0::2].tolist(), counts[1::2].tolist(), strict=True))
        model = RecodedItem(
            full=[int(truth.get((item, r), 0)) for r in responses],
            full_hidden=rows["suppressed"].astype(bool).tolist(),
            full_floor=0 if item in withheld else 1,
            positive=[r in set(top[item]) for r in responses],
            groups=groups,
            prot=prot,
            detail=None if full is None else _full_scale(full, counts_by, item, responses, by),
        )
        out.append((item, model, part))
    return out


def _full_scale(
    full: pd.DataFrame, counts_by: pd.DataFrame, item: str, responses: list[str], by: str
) -> FullScale:
    """The item's rows of the full-scale breakdown: true counts, hidden flags, row floors."""
    mine = counts_by[counts_by["item_id"].astype(str) == item]
    rows = full[(full["item_id"].astype(str) == item) & (full[by].astype(str) != OVERALL)]
    groups = list(dict.fromkeys(mine[by].astype(str)))
    values = mine.set_index([mine[by].astype(str), mine["response"].astype(str)])["count"]
    flags = rows.set_index([rows[by].astype(str), rows["response"].astype(str)])["suppressed"]
    pairs = {(str(w[0]), str(w[1])) for w in full.attrs.get("withheld", []) if isinstance(w, tuple)}
    whole = item in {str(w) for w in full.attrs.get("withheld", []) if not isinstance(w, tuple)}
    return FullScale(
        grid=[[int(values.get((g, r), 0)) for r in responses] for g in groups],
        hidden=[[bool(flags.get((g, r), False)) for r in responses] for g in groups],
        floors=[0 if whole or (g, item) in pairs else 1 for g in groups],
    )


def suppress_positive(
    counts_by: pd.DataFrame,
    alone: pd.DataFrame,
    *,
    by: str,
    top: Mapping[str, tuple[str, ...]],
    threshold: int = 5,
    protection: int | tuple[int, int] | None = None,
    full: pd.DataFrame | None = None,
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
    full : DataFrame, optional
        The full-scale breakdown of the same wave as published
        (``suppress(counts_by, threshold=threshold, by=by)``). Given, the
        recoded cells are chosen so that the two releases together keep every
        hidden cell of both protected (a recoded cell is a sum of full-scale
        cells), and the audit covers them together.

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
    parts: list[pd.DataFrame] = []
    flags: list[np.ndarray] = []
    overall: list[dict] = []
    withheld: list[str | tuple[str, str]] = []
    for item, model, part in _models(counts_by, alone, by, top, prot, full):
        if not protect_item(model):  # no pattern passed the exact check: withhold, check again
            withhold_item(model)
            _audit(item, model)  # fails closed
        if model.withheld:
            withheld.append(item)
        names = list(dict.fromkeys(part[by].astype(str)))
        withheld += [(names[i], item) for i in sorted(model.rows_withheld) if not model.withheld]
        k, g = model.sizes
        parts.append(part)
        flags.append(model.hidden[k : k + 2 * g])
        overall += _overall_rows(model, part, by)
    out = _published(parts, flags, overall, by) if parts else _published_empty(counts_by, by, top)
    out.attrs = {
        "threshold": prot.threshold,
        "protection": (prot.lower, prot.upper),
        "by": by,
        "recoded": "positive",
        "withheld": withheld,
    }
    return out


def _overall_rows(model: RecodedItem, part: pd.DataFrame, by: str) -> list[dict]:
    """The item's two recoded overall rows, with their hidden flags."""
    k, g = model.sizes
    values = model.values()[k + 2 * g : model.detail_start].astype(int)
    flags = model.hidden[k + 2 * g : model.detail_start]
    rows = part.iloc[:2].to_dict("records")
    n = sum(model.full)
    return [
        {**row, by: OVERALL, "count": int(v), "n": n, "suppressed": bool(h)}
        for row, v, h in zip(rows, values, flags, strict=True)
    ]


def _published(
    parts: list[pd.DataFrame], flags: list[np.ndarray], overall: list[dict], by: str
) -> pd.DataFrame:
    """The group rows of every item, then the overall rows, with hidden values blanked."""
    groups = pd.concat(parts, ignore_index=True).assign(suppressed=np.concatenate(flags))
    rows = pd.concat([groups, pd.DataFrame(overall, columns=groups.columns)], ignore_index=True)
    hidden = rows["suppressed"].astype(bool)
    rows["suppressed"] = hidden.to_numpy()
    rows["count"] = rows["count"].astype("Int64").mask(hidden)
    share = rows["count"].astype("Float64") / rows["n"].where(rows["n"] > 0) * 100
    rows["percent"] = share.astype(float)
    columns = [c for c in rows.columns if c not in ("percent", "suppressed")]
    return rows[[*columns, "percent", "suppressed"]]


def _published_empty(counts_by: pd.DataFrame, by: str, top: Mapping) -> pd.DataFrame:
    return positive_counts(counts_by, by=by, top=top).assign(percent=np.nan, suppressed=False)


def _audit(item: str, model: RecodedItem, *, raise_error: bool = True) -> bool:
    """Whether every hidden cell of the item meets its targets (else raise, or False)."""
    _, up, down = model.targets()
    bad = shortfalls(model, model.hidden, up, down)
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
    full: pd.DataFrame | None = None,
) -> int:
    """Recompute a reader's bounds of every hidden cell of a recoded breakdown and the wave alone.

    Parameters
    ----------
    published : DataFrame
        The result of :func:`suppress_positive`.
    counts_by, alone, top, full
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
    for item, model, _ in _models(counts_by, alone, by, top, prot, full):
        rows = published[published["item_id"].astype(str) == item]
        groups = rows[rows[by].astype(str) != OVERALL]
        overall = rows[rows[by].astype(str) == OVERALL]
        k = model.sizes[0]
        model.withheld = item in withheld
        names = list(dict.fromkeys(groups[by].astype(str)))
        model.rows_withheld = {i for i, name in enumerate(names) if (name, item) in pairs}
        model.hidden[k : model.detail_start] = np.concatenate(
            [groups["suppressed"].to_numpy(bool), overall["suppressed"].to_numpy(bool)]
        )
        _audit(item, model)
        checked += int(model.hidden.sum())
    return checked

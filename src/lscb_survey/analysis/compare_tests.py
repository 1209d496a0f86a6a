"""Item-by-item tests of whole answer distributions between two waves.

:func:`compare_distributions` tests, for each item asked in both waves on the
same scale, whether the two waves share one answer distribution, with the
generic :func:`~lscb_survey.stats.tests.distribution_test` on the unweighted
counts; :func:`~lscb_survey.analysis.compare.compare_waves` repeats its result
on each answer row.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial

import pandas as pd

from ..data.codebook import Codebook
from ..stats.tests import SEED, bh_adjust, distribution_test, untested
from .arguments import Base, check_base
from .compare_input import CAVEAT, ItemShares, WaveSide, base_note, item_order, side_labels

__all__ = ["MAX_TABLES", "N_RESAMPLES", "compare_distributions"]

#: Monte Carlo resamples of the per-item distribution test when exact enumeration is too big.
N_RESAMPLES = 20_000
#: Largest exact reference set enumerated by the per-item test under ``method="auto"``.
MAX_TABLES = 20_000


def _distribution_row(
    item_id: str,
    status: str,
    ia: ItemShares | None,
    ib: ItemShares | None,
    labels: tuple[str, str],
    test: Callable[[Sequence[int], Sequence[int]], dict[str, object]],
    base: str,
) -> dict[str, object]:
    """The row of :func:`compare_distributions` for one item."""
    meta = ia or ib
    assert meta is not None
    row: dict[str, object] = {
        "table": meta.table,
        "item_id": item_id,
        "item": meta.item,
        "short": meta.short,
        "status": status,
        "base": base,
        "wave_a": labels[0],
        "wave_b": labels[1],
        "n_a": ia.n if ia else pd.NA,
        "n_b": ib.n if ib else pd.NA,
    } | untested()
    if status == "both" and ia and ib and ia.n > 0 and ib.n > 0:
        ca, cb = [], []
        for level, count, keep in zip(ia.levels, ia.counts, ia.in_base, strict=True):
            j = ib.position(level)
            if keep and j is not None:
                ca.append(count)
                cb.append(ib.counts[j])
        res = test(ca, cb)
        row.update({k: v for k, v in res.items() if k in row})
        if res["method"] == "none":
            row["p_value"] = math.nan  # nothing to test: one answer only
    return row


def compare_distributions(
    a: object,
    b: object,
    *,
    labels: tuple[str, str] | None = None,
    base: Base = "respondents",
    codebook: Codebook | None = None,
    method: str = "auto",
    n_resamples: int = N_RESAMPLES,
    seed: int = SEED,
    max_tables: int = MAX_TABLES,
) -> pd.DataFrame:
    """Test, item by item, whether two waves share one answer distribution.

    For each item in both waves on the same scale, the 2 x K table of
    unweighted counts (wave x answer; answers outside the base left out, and
    answers no one gave in either wave dropped by the test) is tested with
    :func:`~lscb_survey.stats.tests.distribution_test`: Pearson's chi-square with
    its permutation p-value, exact when at most ``max_tables`` tables share
    the observed margins, else from ``n_resamples`` Monte Carlo draws with
    ``seed``.

    Parameters
    ----------
    a, b : Wave or DataFrame
        The two waves: :class:`~lscb_survey.waves.model.Wave` objects (weighted or
        not) or tidy likert frames (``load_table(7)``, ``wave.counts``, or
        :func:`~lscb_survey.weighted_counts`).
    labels : tuple of two str, optional
        Names of the waves; default the waves' names (``"a"``, ``"b"`` for
        frames).
    base : {"respondents", "valid"}, default "respondents"
        Whether non-substantive answers ("Not specified", "Don't know") are
        categories of the test.
    codebook : Codebook, optional
        Where scales of a frame are looked up (default: the 2012 codebook).
    method, n_resamples, seed, max_tables
        See :func:`~lscb_survey.stats.tests.distribution_test`.

    Returns
    -------
    DataFrame
        One row per item (a's order, then items only in b): ``table``,
        ``item_id``, ``item``, ``short``, ``status`` ("both", "only in a",
        "only in b", "different scales"), ``base`` (as in
        :func:`~lscb_survey.analysis.compare.compare_waves`: ``"valid"`` for an
        item whose waves offer different non-substantive levels), ``wave_a``, ``wave_b``, ``n_a``,
        ``n_b`` (unweighted bases, missing where the item is absent), ``test``,
        ``method``, ``statistic``, ``df``, ``p_value``, ``p_adjusted``
        (Benjamini-Hochberg over the items tested), ``p_ffh``,
        ``p_asymptotic``, ``min_expected``, ``n_tables``, ``n_resamples``,
        ``seed``; the test columns are missing for items not tested.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> d = compare_distributions(load_table(9), load_table(9), labels=("x", "y"))
    >>> d["p_value"].round(6).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    base = check_base(base)
    side_a = WaveSide(a, base, codebook, None if labels is None else labels[0])
    side_b = WaveSide(b, base, codebook, None if labels is None else labels[1])
    la, lb = side_labels(side_a, side_b, labels)
    test = partial(
        distribution_test,
        method=method,
        n_resamples=n_resamples,
        seed=seed,
        max_tables=max_tables,
    )
    order = item_order(side_a, side_b, base)
    rows = [
        _distribution_row(
            item_id,
            status,
            side_a.item(item_id, item_base),
            side_b.item(item_id, item_base),
            (la, lb),
            test,
            item_base,
        )
        for item_id, status, item_base in order
    ]
    out = pd.DataFrame.from_records(rows)
    out.insert(list(out.columns).index("p_value") + 1, "p_adjusted", bh_adjust(out["p_value"]))
    out = out.astype(
        {
            "table": "Int64",
            "n_a": "Int64",
            "n_b": "Int64",
            "base": "string",
            "test": "string",
            "method": "string",
            "df": "Int64",
            "n_tables": "Int64",
            "n_resamples": "Int64",
            "seed": "Int64",
        }
    )
    out.attrs.update(
        {
            "labels": (la, lb),
            "base": base,
            "test": "Pearson chi-square with permutation p-value, on unweighted counts",
            "adjustment": "Benjamini-Hochberg over the items tested",
            "caveat": " ".join(x for x in (CAVEAT, base_note(order, base)) if x),
        }
    )
    return out

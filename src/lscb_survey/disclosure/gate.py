"""The publication gate: a number is published only if no count it is computed from is hidden.

Every output that publishes numbers computed from suppressed counts goes
through one of these functions, which know which counts each number depends
on:

* a comparison row (:func:`gate_comparison`): the change, its interval and
  its p-value depend on both waves' counts of the row; the item's
  distribution test (its method, statistic and p-value) on every count of the
  item in both waves;
* an item's distribution test (:func:`gate_distributions`): the method, the
  statistic, the degrees of freedom (the number of answers given), the
  smallest expected count (which gives the smallest column total), the
  number of tables enumerated and the p-values depend on every count of the
  item;
* an adjusted p-value depends on every p-value of its family, so
  Benjamini-Hochberg is run again over the published p-values only;
* a summary of an item (shares, net, median, mean; :func:`gate_summary`)
  depends on every count of its row.

The gate hides; it never recomputes a published number from anything but
published inputs.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..stats.tests import bh_adjust

__all__ = [
    "COMPARISON_ITEM",
    "COMPARISON_ROW",
    "DISTRIBUTION_TEST",
    "gate_comparison",
    "gate_distributions",
    "gate_summary",
]

#: Columns of a comparison row computed from both waves' counts of that row.
COMPARISON_ROW = ("change_pp", "ci_low", "ci_high", "p_value", "p_adjusted")
#: Columns of a comparison row holding the item's distribution test (every count of the item).
COMPARISON_ITEM = ("item_method", "item_statistic", "item_p_value", "item_p_adjusted")
#: Columns of a distribution test computed from every count of the item.
DISTRIBUTION_TEST = (
    "test",
    "method",
    "statistic",
    "df",
    "p_value",
    "p_adjusted",
    "p_ffh",
    "p_asymptotic",
    "min_expected",
    "n_tables",
    "n_resamples",
    "seed",
)


def _mask(frame: pd.DataFrame, columns: Iterable[str], rows: pd.Series) -> None:
    for column in columns:
        if column in frame.columns:
            frame[column] = frame[column].mask(rows)


def gate_comparison(comparison: pd.DataFrame) -> pd.DataFrame:
    """A comparison with every value computed from a hidden count removed.

    Parameters
    ----------
    comparison : DataFrame
        A comparison of waves (:func:`lscb_survey.compare_waves`) with the
        flags ``suppressed_a`` and ``suppressed_b`` set and the hidden counts
        already removed.

    Returns
    -------
    DataFrame
        A copy in which a row with a hidden count on either side loses its
        change, interval and p-values; an item with a hidden count anywhere
        loses its distribution test (method, statistic, p-values); and the
        adjusted p-values (``p_adjusted``, ``item_p_adjusted``) are
        Benjamini-Hochberg over the published p-values only.

    Examples
    --------
    >>> from lscb_survey import compare_waves, load_table
    >>> c = compare_waves(load_table(9), load_table(9), labels=("a", "b"))
    >>> c = c.assign(suppressed_a=False, suppressed_b=c["count_b"] < 5)
    >>> g = gate_comparison(c)
    >>> bool(g.loc[g.suppressed_b, "p_adjusted"].isna().all())
    True
    """
    out = comparison.copy()
    hidden = out["suppressed_a"].astype(bool) | out["suppressed_b"].astype(bool)
    _mask(out, COMPARISON_ROW, hidden)
    touched = out["item_id"].isin(set(out.loc[hidden, "item_id"]))
    _mask(out, COMPARISON_ITEM, touched)
    if "p_adjusted" in out.columns and "p_value" in out.columns:
        out["p_adjusted"] = bh_adjust(out["p_value"].astype(float))
    if "item_p_adjusted" in out.columns and "item_p_value" in out.columns:
        first = ~out["item_id"].duplicated()
        items = out.loc[first, "item_id"].tolist()
        adjusted = bh_adjust(out.loc[first, "item_p_value"].astype(float))
        out["item_p_adjusted"] = out["item_id"].map(dict(zip(items, adjusted, strict=True)))
    return out


def gate_distributions(distributions: pd.DataFrame, hidden_items: Iterable[str]) -> pd.DataFrame:
    """Item distribution tests with every test of an item with a hidden count removed.

    Parameters
    ----------
    distributions : DataFrame
        The result of :func:`lscb_survey.compare_distributions`.
    hidden_items : iterable of str
        Items with a hidden count in either wave.

    Returns
    -------
    DataFrame
        A copy in which the test columns (``test``, ``method``, ``statistic``,
        ``df``, ``p_value``, ``p_adjusted``, ``p_ffh``, ``p_asymptotic``,
        ``min_expected``, ``n_tables``, ``n_resamples``, ``seed``) of those
        items are missing and ``p_adjusted`` is Benjamini-Hochberg over the
        published p-values only.

    Examples
    --------
    >>> from lscb_survey import compare_distributions, load_table
    >>> d = compare_distributions(load_table(9), load_table(9), labels=("a", "b"))
    >>> g = gate_distributions(d, ["t9_sanctions"])
    >>> g.loc[g.item_id == "t9_sanctions", ["df", "min_expected"]].isna().all(axis=None)
    np.True_
    """
    out = distributions.copy()
    touched = out["item_id"].astype(str).isin({str(i) for i in hidden_items})
    _mask(out, DISTRIBUTION_TEST, touched)
    if "p_adjusted" in out.columns:
        out["p_adjusted"] = bh_adjust(out["p_value"].astype(float))
    return out


def gate_summary(
    summary: pd.DataFrame, hidden: Iterable[tuple[str, ...]], key: Iterable[str]
) -> pd.DataFrame:
    """Summaries of items with every statistic of a row with a hidden count removed.

    Parameters
    ----------
    summary : DataFrame
        One row per item (or item and group), e.g. :func:`lscb_survey.likert_summary`.
    hidden : iterable of tuples of str
        The ``key`` values (as strings) of the rows computed from a hidden count.
    key : iterable of str
        Columns naming a row (``("item_id",)`` or ``(by, "item_id")``).

    Returns
    -------
    DataFrame
        A copy in which every numeric column other than ``n`` and ``table``
        is missing in those rows.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"item_id": ["a", "b"], "n": [9, 9], "top2_pct": [50.0, 20.0]})
    >>> gate_summary(s, {("b",)}, ["item_id"])["top2_pct"].tolist()
    [50.0, nan]
    """
    out = summary.copy()
    key = list(key)
    hidden = {tuple(str(v) for v in h) for h in hidden}
    rows = pd.Series(
        [tuple(map(str, r)) in hidden for r in out[key].itertuples(index=False)],
        index=out.index,
    )
    numeric = [
        c
        for c in out.columns
        if c not in {"n", "table", *key}
        and (pd.api.types.is_numeric_dtype(out[c].dtype) or c in {"median", "mode"})
    ]
    _mask(out, numeric, rows)
    return out

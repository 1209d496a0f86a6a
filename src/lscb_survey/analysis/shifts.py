"""Shifts in partner-agency ratings between the 2009-10 and 2012 surveys (Tables 3-4).

Tables 3 and 4 print, for six measures of inter-agency working and seven
agencies, the percentage of respondents rating each agency Good, Reasonable,
Poor or Don't know, in two surveys: the 2009-10 "Laming" survey (N=46) and the
2012 "Munro" survey (N=57). Only percentages are printed. This module

* recovers the counts behind each printed column with
  :func:`~lscb_survey.stats.reconstruct.reconstruct_counts` (exact search, via
  :mod:`lscb_survey.analysis.shift_columns`); a column whose counts are not
  pinned down uniquely gets no counts, and nothing is tested on it;
* compares the two surveys rating by rating (:func:`survey_shifts`: change in
  percentage points, two-sided Fisher exact test on the 2x2 table "this rating
  vs the rest", Benjamini-Hochberg adjustment, Cohen's h);
* compares whole rating distributions (:func:`distribution_tests`: Pearson
  chi-square statistic with an exact conditional (permutation) p-value, the
  Fisher-Freeman-Halton exact p-value, and the asymptotic chi-square p-value
  for reference).

The tests themselves are the generic ones of :mod:`lscb_survey.stats.tests`
(:func:`~lscb_survey.stats.tests.category_tests`,
:func:`~lscb_survey.stats.tests.distribution_test`,
:func:`~lscb_survey.stats.tests.bh_adjust`), which work on any two count
vectors.

Caveat
------
The two surveys asked different people: Assistant Directors of children's social
care (or Heads of Safeguarding) in 2009-10 and LSCB chairs in 2012. A difference
between the columns mixes any change over time with differences in what the two
groups know and think of partner agencies, and the report itself advises caution
in comparing them. The tests treat the columns as two independent samples; a
small p-value says the two groups' answers differ, not why. This caveat travels
with every output in ``DataFrame.attrs["caveat"]``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import pandas as pd

from ..stats.tests import (
    N_RESAMPLES,
    SEED,
    bh_adjust,
    cohens_h,
    distribution_test,
    fisher_2x2,
    untested,
)
from .shift_columns import (
    SurveyColumn,
    comparison_data,
    counts_status,
    reconstruct_columns,
    restore_dtypes,
)

__all__ = ["CAVEAT", "distribution_tests", "survey_shifts"]

#: Why shifts between the two surveys must be read with care (also in ``attrs``).
CAVEAT = (
    "The 2009-10 (Laming) and 2012 (Munro) columns come from different respondents: "
    "Assistant Directors of children's social care or Heads of Safeguarding (N=46) in "
    "2009-10, LSCB chairs (N=57) in 2012. Differences mix change over time with "
    "differences between the two groups' knowledge and views of partner agencies, and "
    "the report advises caution in comparing them directly. Tests treat the columns as "
    "independent samples; they show whether the two groups' answers differ, not why."
)

_SHIFT_INTS = (
    "pct_laming",
    "pct_munro",
    "change_pp",
    "n_laming",
    "n_munro",
    "count_laming",
    "count_munro",
)


def _insert_adjusted(out: pd.DataFrame) -> pd.DataFrame:
    """Insert ``p_adjusted`` (Benjamini-Hochberg of ``p_value``) after ``p_value``."""
    out.insert(list(out.columns).index("p_value") + 1, "p_adjusted", bh_adjust(out["p_value"]))
    return out


def _shift_rows(
    key: tuple[object, object, object], cols: dict[str, SurveyColumn], ratings: list[str]
) -> list[dict[str, Any]]:
    """The rows of :func:`survey_shifts` for one measure x agency."""
    lam, mun = cols.get("Laming"), cols.get("Munro")
    status = counts_status(cols)
    both = lam is not None and lam.status == "unique" and mun is not None and mun.status == "unique"
    rows = []
    for j, rating in enumerate(ratings):
        pl = lam.printed[j] if lam else None
        pm = mun.printed[j] if mun else None
        cl = lam.counts[j] if lam and lam.counts else None
        cm = mun.counts[j] if mun and mun.counts else None
        p_value = exact_change = math.nan
        if both and lam and mun and cl is not None and cm is not None:
            p_value = fisher_2x2(cl, lam.n, cm, mun.n)
            exact_change = float(100 * (Fraction(cm, mun.n) - Fraction(cl, lam.n)))
        h = math.nan
        if pl is not None and pm is not None:
            h = cohens_h(pl / 100, pm / 100)
        rows.append(
            {
                "table": key[0],
                "measure": key[1],
                "agency": key[2],
                "rating": rating,
                "pct_laming": pl,
                "pct_munro": pm,
                "change_pp": None if pl is None or pm is None else pm - pl,
                "n_laming": lam.n if lam else None,
                "n_munro": mun.n if mun else None,
                "count_laming": cl,
                "count_munro": cm,
                "status_laming": lam.status if lam else "absent",
                "status_munro": mun.status if mun else "absent",
                "counts_status": status,
                "exact_change_pp": exact_change,
                "p_value": p_value,
                "cohens_h": h,
            }
        )
    return rows


def survey_shifts(data: pd.DataFrame | None = None, *, rounding: str = "half_up") -> pd.DataFrame:
    """Change in each rating of each agency from the 2009-10 to the 2012 survey.

    .. caution::
       The two surveys asked different respondents (Assistant Directors of
       children's social care in 2009-10, LSCB chairs in 2012); see
       :data:`CAVEAT`, which is also in ``attrs["caveat"]`` of the result.

    Counts are reconstructed from each printed column (measure x agency x
    survey) with :func:`~lscb_survey.stats.reconstruct.reconstruct_counts`. Where both
    columns reconstruct uniquely, the rating is tested with a two-sided Fisher
    exact test on the 2x2 table (this rating vs the other three) x (survey);
    otherwise the counts and test are missing and ``counts_status`` says why.
    Nothing is tested on invented counts.

    Parameters
    ----------
    data : DataFrame, optional
        A comparison frame (schema of :func:`~lscb_survey.load_table`
        for Tables 3-4); defaults to Tables 3 and 4 together.
    rounding : str, default "half_up"
        Rounding rule assumed for the printed percentages (see
        :mod:`lscb_survey.stats.rounding`).

    Returns
    -------
    DataFrame
        One row per table x measure x agency x rating, in printed order:

        - ``table``, ``measure``, ``agency``, ``rating``;
        - ``pct_laming``, ``pct_munro``: printed percentages (missing where
          nothing was printed); ``change_pp``: ``pct_munro - pct_laming``;
        - ``n_laming``, ``n_munro``: survey bases (46 and 57);
        - ``count_laming``, ``count_munro``: reconstructed counts, only for
          a column whose counts are unique;
        - ``status_laming``, ``status_munro``: "unique", "ambiguous",
          "infeasible", "not rated", "incomplete" (some but not all of the
          column's percentages missing) or "absent" (no rows for that survey);
        - ``counts_status``: "both unique", or what is wrong, e.g. "Laming
          ambiguous (2 solutions)", "Munro infeasible", "not rated in 2009-10";
        - ``exact_change_pp``: change computed from the reconstructed counts
          (both unique only);
        - ``p_value``: two-sided Fisher exact test (``scipy.stats.fisher_exact``)
          on the 2x2 table, both unique only;
        - ``p_adjusted``: Benjamini-Hochberg adjustment over every row that has
          a ``p_value`` (both tables together);
        - ``cohens_h``: Cohen's h from the *printed* proportions,
          ``2 asin sqrt(pct_munro/100) - 2 asin sqrt(pct_laming/100)`` (positive:
          the rating is more frequent in 2012); defined wherever both
          percentages are printed, so also for columns whose counts are not
          unique.

        ``attrs``: ``caveat`` (:data:`CAVEAT`), ``rounding``, ``test``,
        ``adjustment``, ``effect_size``.

    Raises
    ------
    SurveyDataError
        If a required column is missing, a survey is not "Laming" or "Munro",
        a rating is unknown, repeated or absent in a column, a column's ``n``
        is not one whole number of at least 1, or a printed percentage is not
        a whole number.

    Examples
    --------
    >>> s = survey_shifts()
    >>> row = s[(s.measure == "Understanding of thresholds") & (s.agency == "Youth Services")
    ...         & (s.rating == "Poor")].iloc[0]
    >>> int(row.pct_laming), int(row.pct_munro), int(row.change_pp)
    (30, 4, -26)
    >>> row.counts_status, int(row.count_laming), int(row.count_munro)
    ('both unique', 14, 2)
    >>> csc = s[s.agency == "Children's social care"]
    >>> bool(csc["counts_status"].str.startswith("not rated in 2009-10").all())
    True
    >>> bool(csc["pct_laming"].isna().all() and csc["p_value"].isna().all())
    True
    >>> "different respondents" in s.attrs["caveat"]
    True
    """
    data = comparison_data(data)
    shift = reconstruct_columns(data, rounding)
    rows = []
    for key in shift.order:
        rows.extend(_shift_rows(key, shift.columns[key], shift.ratings))
    out = _insert_adjusted(pd.DataFrame.from_records(rows))
    out = out.astype(dict.fromkeys(_SHIFT_INTS, "Int64"))
    out = restore_dtypes(out, data, ["agency", "rating"])
    out.attrs.update(
        {
            "caveat": CAVEAT,
            "rounding": rounding,
            "test": "two-sided Fisher exact test, this rating vs the rest (scipy.stats.fisher_exact)",
            "adjustment": "Benjamini-Hochberg over all rows with a p_value",
            "effect_size": "Cohen's h from the printed percentages, Munro minus Laming",
        }
    )
    return out


def _joined(column: SurveyColumn | None) -> str | None:
    """The counts of a column as a "g;r;p;d" string, or None."""
    return ";".join(map(str, column.counts)) if column and column.counts else None


def _distribution_row(
    key: tuple[object, object, object],
    cols: dict[str, SurveyColumn],
    method: str,
    n_resamples: int,
    seed: int,
) -> dict[str, object]:
    """The row of :func:`distribution_tests` for one measure x agency."""
    lam, mun = cols.get("Laming"), cols.get("Munro")
    row: dict[str, object] = {
        "table": key[0],
        "measure": key[1],
        "agency": key[2],
        "counts_status": counts_status(cols),
        "counts_laming": _joined(lam),
        "counts_munro": _joined(mun),
    } | untested()
    if row["counts_status"] == "both unique" and lam and mun and lam.counts and mun.counts:
        res = distribution_test(
            lam.counts, mun.counts, method=method, n_resamples=n_resamples, seed=seed
        )
        row.update({k: v for k, v in res.items() if k in row})
    return row


def distribution_tests(
    data: pd.DataFrame | None = None,
    *,
    rounding: str = "half_up",
    method: str = "auto",
    n_resamples: int = N_RESAMPLES,
    seed: int = SEED,
) -> pd.DataFrame:
    """Compare whole rating distributions of the two surveys, per measure and agency.

    .. caution::
       Different respondents in the two surveys; see :data:`CAVEAT` (also in
       ``attrs["caveat"]``).

    For each measure x agency whose two columns reconstruct uniquely, the 2 x 4
    table (survey x Good/Reasonable/Poor/Don't know) is tested with
    :func:`~lscb_survey.stats.tests.distribution_test`: Pearson's chi-square statistic with its exact
    permutation p-value (every table with the observed margins enumerated;
    with the 2012 bases this is always feasible, so no random numbers are
    used), the Fisher-Freeman-Halton exact p-value, and the asymptotic
    chi-square p-value for reference only (expected counts are small).
    ``method="monte_carlo"`` (or ``"auto"`` on very large tables) uses
    ``n_resamples`` multivariate hypergeometric draws with ``seed``.

    Parameters
    ----------
    data : DataFrame, optional
        A comparison frame; defaults to Tables 3 and 4 together.
    rounding : str, default "half_up"
        Rounding rule assumed for the printed percentages.
    method, n_resamples, seed
        Passed to :func:`~lscb_survey.stats.tests.distribution_test` (defaults: "auto", 100000, 20120501).

    Returns
    -------
    DataFrame
        One row per table x measure x agency: ``table``, ``measure``,
        ``agency``, ``counts_status`` (as in :func:`survey_shifts`),
        ``counts_laming``, ``counts_munro`` (the reconstructed counts as
        "g;r;p;d" strings, in rating order, or missing), ``test`` (which test
        was run, missing if none), ``method``, ``statistic`` (Pearson
        chi-square), ``df``, ``p_value`` (permutation p of the chi-square),
        ``p_adjusted`` (Benjamini-Hochberg over the rows with a p_value),
        ``p_ffh`` (Fisher-Freeman-Halton), ``p_asymptotic``, ``min_expected``,
        ``n_tables``, ``n_resamples``, ``seed``. ``attrs`` holds ``caveat``,
        ``rounding``, ``method`` and ``rating_order`` (the order of the counts
        in ``counts_laming`` / ``counts_munro``).

    Raises
    ------
    SurveyDataError
        As :func:`survey_shifts`.

    Examples
    --------
    >>> d = distribution_tests()
    >>> row = d[(d.measure == "Understanding of thresholds") & (d.agency == "Youth Services")].iloc[0]
    >>> row.method, int(row.df), round(float(row.p_value), 5)
    ('exact', 3, 0.00087)
    """
    data = comparison_data(data)
    shift = reconstruct_columns(data, rounding)
    rows = [
        _distribution_row(key, shift.columns[key], method, n_resamples, seed) for key in shift.order
    ]
    out = _insert_adjusted(pd.DataFrame.from_records(rows))
    out = out.astype(
        {
            "counts_laming": "string",
            "counts_munro": "string",
            "test": "string",
            "method": "string",
            "df": "Int64",
            "n_tables": "Int64",
            "n_resamples": "Int64",
            "seed": "Int64",
        }
    )
    out = restore_dtypes(out, data, ["agency"])
    out.attrs.update(
        {"caveat": CAVEAT, "rounding": rounding, "method": method, "rating_order": shift.ratings}
    )
    return out

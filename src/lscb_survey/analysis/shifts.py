"""Shifts in partner-agency ratings between the 2009-10 and 2012 surveys (Tables 3-4).

Tables 3 and 4 print, for six measures of inter-agency working and seven
agencies, the percentage of respondents rating each agency Good, Reasonable,
Poor or Don't know, in two surveys: the 2009-10 "Laming" survey (N=46) and the
2012 "Munro" survey (N=57). Only percentages are printed. This module

* recovers the counts behind each printed column with
  :func:`~lscb_survey.reconstruct.reconstruct_counts` (exact search); a column
  whose counts are not pinned down uniquely gets no counts, and nothing is
  tested on it;
* compares the two surveys rating by rating (:func:`survey_shifts`: change in
  percentage points, two-sided Fisher exact test on the 2x2 table "this rating
  vs the rest", Benjamini-Hochberg adjustment, Cohen's h);
* compares whole rating distributions (:func:`distribution_tests`: Pearson
  chi-square statistic with an exact conditional (permutation) p-value, the
  Fisher-Freeman-Halton exact p-value, and the asymptotic chi-square p-value
  for reference).

The two lower-level functions :func:`category_tests` and
:func:`distribution_test` work on any two count vectors, so comparisons of
survey waves can reuse them.

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
from collections.abc import Sequence
from fractions import Fraction
from math import comb, lcm

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import gammaln

from ..errors import CellFormatError, MissingColumnError, TotalMismatchError, UnknownLabelError
from ..stats.reconstruct import _count_solutions, reconstruct_counts
from ..stats.rounding import ROUNDING_RULES
from ..survey import PERIODS, SURVEYS

__all__ = [
    "CAVEAT",
    "bh_adjust",
    "category_tests",
    "distribution_test",
    "distribution_tests",
    "survey_shifts",
]

#: Why shifts between the two surveys must be read with care (also in ``attrs``).
CAVEAT = (
    "The 2009-10 (Laming) and 2012 (Munro) columns come from different respondents: "
    "Assistant Directors of children's social care or Heads of Safeguarding (N=46) in "
    "2009-10, LSCB chairs (N=57) in 2012. Differences mix change over time with "
    "differences between the two groups' knowledge and views of partner agencies, and "
    "the report advises caution in comparing them directly. Tests treat the columns as "
    "independent samples; they show whether the two groups' answers differ, not why."
)

#: Period each survey of Tables 3-4 refers to.

#: Default number of Monte Carlo resamples when an exact test is too large.
N_RESAMPLES = 100_000
#: Default seed of the Monte Carlo fallback.
SEED = 20120501
#: Largest number of tables enumerated by the exact test under ``method="auto"``.
MAX_TABLES = 2_000_000

_REQUIRED = ("table", "measure", "agency", "survey", "rating", "percent", "n")
_KEY = ("table", "measure", "agency")


# ----------------------------------------------------------------------------- helpers


def _as_counts(name: str, counts: Sequence[int]) -> list[int]:
    values = []
    for i, c in enumerate(counts):
        if isinstance(c, bool) or not float(c).is_integer() or c < 0:
            raise ValueError(f"{name}[{i}] must be a whole non-negative number, got {c!r}")
        values.append(int(c))
    if not values:
        raise ValueError(f"{name} is empty")
    if sum(values) == 0:
        raise ValueError(f"{name} has no observations")
    return values


def _whole(value: object) -> int | None:
    """``value`` as an int when it is a whole number (not bool, not missing), else None."""
    if isinstance(value, bool) or value is None or pd.isna(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def _pair(counts_a: Sequence[int], counts_b: Sequence[int]) -> tuple[list[int], list[int]]:
    a, b = _as_counts("counts_a", counts_a), _as_counts("counts_b", counts_b)
    if len(a) != len(b):
        raise ValueError(f"counts_a has {len(a)} categories, counts_b has {len(b)}")
    return a, b


def _cohens_h(p1: float, p2: float) -> float:
    """Cohen's h from proportion p1 to p2 (``2 asin sqrt p2 - 2 asin sqrt p1``)."""
    return 2 * math.asin(math.sqrt(p2)) - 2 * math.asin(math.sqrt(p1))


def bh_adjust(p_values: Sequence[float]) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values; missing values stay missing.

    The adjustment runs over the non-missing values only (step-up: sort,
    multiply the i-th smallest by m/i, take running minima from the top, cap
    at 1). It agrees with ``scipy.stats.false_discovery_control(p, method="bh")``.

    Parameters
    ----------
    p_values : sequence of float
        p-values in [0, 1]; NaN marks a row without a test.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values in the input order, NaN where the input is NaN;
        ``m`` is the number of non-missing values.

    Raises
    ------
    ValueError
        If a non-missing value lies outside [0, 1].

    Examples
    --------
    >>> bh_adjust([0.01, 0.04, float("nan"), 0.03]).round(3).tolist()
    [0.03, 0.04, nan, 0.04]
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return out
    values = p[ok]
    if ((values < 0) | (values > 1)).any():
        raise ValueError("p-values must lie in [0, 1]")
    order = np.argsort(values, kind="stable")
    ranked = values[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(ranked, 1.0)
    out[ok] = adjusted
    return out


# ----------------------------------------------------------------------------- two count vectors


def category_tests(
    counts_a: Sequence[int], counts_b: Sequence[int], *, labels: Sequence[str] | None = None
) -> pd.DataFrame:
    """Compare two samples category by category.

    For each category, the 2x2 table (this category vs the rest) x (sample a vs
    sample b) is tested with a two-sided Fisher exact test.

    Parameters
    ----------
    counts_a, counts_b : sequence of int
        Counts of the same categories in two independent samples.
    labels : sequence of str, optional
        Category labels; default ``"0", "1", ...``.

    Returns
    -------
    DataFrame
        One row per category: ``category``, ``count_a``, ``count_b``, ``n_a``,
        ``n_b``, ``pct_a``, ``pct_b`` (exact percentages as float),
        ``change_pp`` (``pct_b - pct_a``), ``p_value`` (two-sided Fisher exact,
        ``scipy.stats.fisher_exact``), ``odds_ratio`` (sample b vs a, from
        scipy; may be 0 or inf) and ``cohens_h`` (from the exact proportions,
        a to b).

    Examples
    --------
    >>> t = category_tests([27, 13, 1, 5], [42, 8, 0, 7], labels=["Good", "Reasonable", "Poor", "DK"])
    >>> round(float(t.loc[0, "change_pp"]), 3)  # 42/57 - 27/46, in points
    14.989
    """
    a, b = _pair(counts_a, counts_b)
    n_a, n_b = sum(a), sum(b)
    labels = [str(i) for i in range(len(a))] if labels is None else [str(x) for x in labels]
    if len(labels) != len(a):
        raise ValueError(f"{len(labels)} labels for {len(a)} categories")
    rows = []
    for label, x, y in zip(labels, a, b, strict=True):
        res = stats.fisher_exact([[y, n_b - y], [x, n_a - x]], alternative="two-sided")
        pa, pb = Fraction(x, n_a), Fraction(y, n_b)
        rows.append(
            {
                "category": label,
                "count_a": x,
                "count_b": y,
                "n_a": n_a,
                "n_b": n_b,
                "pct_a": float(100 * pa),
                "pct_b": float(100 * pb),
                "change_pp": float(100 * (pb - pa)),
                "p_value": float(res.pvalue),
                "odds_ratio": float(res.statistic),
                "cohens_h": _cohens_h(float(pa), float(pb)),
            }
        )
    return pd.DataFrame.from_records(rows)


def _count_tables(totals: Sequence[int], n1: int) -> int:
    """Number of vectors x with 0 <= x_j <= totals_j summing to n1."""
    return _count_solutions([(0, c) for c in totals], n1)


def _tables(totals: Sequence[int], n1: int):
    """Yield every vector x with 0 <= x_j <= totals_j and sum n1."""
    size = len(totals)
    rest = [0] * (size + 1)
    for i in range(size - 1, -1, -1):
        rest[i] = rest[i + 1] + totals[i]
    x = [0] * size

    def visit(i: int, remainder: int):
        if i == size - 1:
            x[i] = remainder
            yield tuple(x)
            return
        for v in range(max(0, remainder - rest[i + 1]), min(totals[i], remainder) + 1):
            x[i] = v
            yield from visit(i + 1, remainder - v)

    yield from visit(0, n1)


def distribution_test(
    counts_a: Sequence[int],
    counts_b: Sequence[int],
    *,
    method: str = "auto",
    n_resamples: int = N_RESAMPLES,
    seed: int = SEED,
    max_tables: int = MAX_TABLES,
) -> dict[str, object]:
    """Test whether two samples share one distribution over the same categories.

    The statistic is Pearson's chi-square of the 2 x K table (no continuity
    correction). Its p-value is taken from the permutation distribution: with
    both samples' sizes and each category's total fixed, every way of
    splitting the category totals between the samples has the multivariate
    hypergeometric probability, and the p-value is the probability of a
    chi-square at least as large as the one observed. The same reference set
    gives the Fisher-Freeman-Halton p-value (probability of a table no more
    likely than the observed one). Categories empty in both samples are left
    out.

    Parameters
    ----------
    counts_a, counts_b : sequence of int
        Counts of the same categories in two independent samples.
    method : {"auto", "exact", "monte_carlo"}, default "auto"
        ``"exact"`` enumerates every table with the observed margins and
        computes both p-values in exact integer arithmetic. ``"monte_carlo"``
        draws ``n_resamples`` tables from the multivariate hypergeometric
        distribution (``numpy.random.default_rng(seed)``) and reports
        ``(1 + hits) / (1 + n_resamples)``. ``"auto"`` is exact when there are
        at most ``max_tables`` tables, else Monte Carlo.
    n_resamples : int, default 100_000
        Monte Carlo resamples.
    seed : int, default 20120501
        Seed of the Monte Carlo resamples.
    max_tables : int, default 2_000_000
        Largest reference set enumerated under ``method="auto"``.

    Returns
    -------
    dict
        ``test`` (description), ``method`` ("exact", "monte_carlo" or "none"
        when fewer than two categories are used), ``statistic`` (Pearson
        chi-square), ``df``, ``p_value`` (permutation p of the chi-square),
        ``p_ffh`` (Fisher-Freeman-Halton p), ``p_asymptotic`` (chi-square
        distribution with ``df`` degrees of freedom), ``min_expected``
        (smallest expected count), ``n_tables`` (size of the exact reference
        set, or missing), ``n_resamples`` and ``seed`` (Monte Carlo only, else
        missing), ``categories_used``.

    Examples
    --------
    >>> r = distribution_test([27, 13, 1, 5], [42, 8, 0, 7])
    >>> r["method"], r["df"], round(r["statistic"], 3), r["n_tables"]
    ('exact', 3, 4.663, 572)
    >>> round(r["p_value"], 4), round(r["p_asymptotic"], 4)
    (0.1619, 0.1982)
    """
    a, b = _pair(counts_a, counts_b)
    if method not in ("auto", "exact", "monte_carlo"):
        raise ValueError(f"method must be 'auto', 'exact' or 'monte_carlo', got {method!r}")
    used = [j for j in range(len(a)) if a[j] + b[j] > 0]
    x_obs = [a[j] for j in used]
    totals = [a[j] + b[j] for j in used]
    n1, n2 = sum(a), sum(b)
    total = n1 + n2
    k = len(used)
    result: dict[str, object] = {
        "test": "",
        "method": "none",
        "statistic": 0.0,
        "df": max(k - 1, 0),
        "p_value": 1.0,
        "p_ffh": 1.0,
        "p_asymptotic": 1.0,
        "min_expected": min(min(n1, n2) * c / total for c in totals),
        "n_tables": pd.NA,
        "n_resamples": pd.NA,
        "seed": pd.NA,
        "categories_used": k,
    }
    if k < 2:
        result["test"] = "none: fewer than two categories observed"
        return result
    scale = lcm(*totals)

    def key(x: Sequence[int]) -> int:  # n1 * n2 * lcm * chi-square, an exact integer
        return sum(
            (xj * total - n1 * c) ** 2 * (scale // c) for xj, c in zip(x, totals, strict=True)
        )

    def weight(x: Sequence[int]) -> int:  # multivariate hypergeometric numerator
        w = 1
        for xj, c in zip(x, totals, strict=True):
            w *= comb(c, xj)
        return w

    key_obs, w_obs = key(x_obs), weight(x_obs)
    statistic = key_obs / (scale * n1 * n2)
    result["statistic"] = float(Fraction(key_obs, scale * n1 * n2))
    result["p_asymptotic"] = float(stats.chi2.sf(statistic, k - 1))
    n_tables = _count_tables(totals, n1)
    if method == "exact" or (method == "auto" and n_tables <= max_tables):
        denominator = comb(total, n1)
        tail_chi = tail_ffh = 0
        for x in _tables(totals, n1):
            w = weight(x)
            if key(x) >= key_obs:
                tail_chi += w
            if w <= w_obs:
                tail_ffh += w
        result.update(
            test="Pearson chi-square, exact permutation p (all tables with the observed margins)",
            method="exact",
            p_value=float(Fraction(tail_chi, denominator)),
            p_ffh=float(Fraction(tail_ffh, denominator)),
            n_tables=n_tables,
        )
        return result
    rng = np.random.default_rng(seed)
    sims = rng.multivariate_hypergeometric(np.array(totals), n1, size=int(n_resamples))
    c = np.array(totals, dtype=float)
    expected = n1 * c / total
    # chi-square = sum (x N - n1 c)^2 / (c n1 n2), with x - E = (x N - n1 c) / N
    chi_sim = ((sims - expected) ** 2 / c).sum(axis=1) * total**2 / (n1 * n2)
    tol = 1e-7 * max(1.0, statistic)

    def log_weight(x: np.ndarray) -> np.ndarray:
        return (gammaln(c + 1) - gammaln(x + 1) - gammaln(c - x + 1)).sum(axis=-1)

    lw_sim = log_weight(sims.astype(float))
    lw_obs = float(log_weight(np.array(x_obs, dtype=float)))
    hits_chi = int((chi_sim >= statistic - tol).sum())
    hits_ffh = int((lw_sim <= lw_obs + 1e-7 * max(1.0, abs(lw_obs))).sum())
    result.update(
        test=(
            "Pearson chi-square, Monte Carlo permutation p "
            f"({int(n_resamples)} resamples, seed {seed})"
        ),
        method="monte_carlo",
        p_value=(1 + hits_chi) / (1 + int(n_resamples)),
        p_ffh=(1 + hits_ffh) / (1 + int(n_resamples)),
        n_resamples=int(n_resamples),
        seed=seed,
    )
    return result


# ----------------------------------------------------------------------------- Tables 3-4


def _comparison_data(data: pd.DataFrame | None) -> pd.DataFrame:
    if data is None:
        from ..data.loaders import load_table

        return pd.concat([load_table(3), load_table(4)], ignore_index=True)
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"expected a DataFrame, got {type(data).__name__}")
    for column in _REQUIRED:
        if column not in data.columns:
            raise MissingColumnError("comparison frame lacks a required column", column=column)
    return data


def _rating_order(data: pd.DataFrame) -> list[str]:
    if isinstance(data["rating"].dtype, pd.CategoricalDtype):
        return [str(c) for c in data["rating"].cat.categories]
    from ..data.codebook import default_codebook

    order = default_codebook().scales["rating4"].categories
    unknown = sorted(set(data["rating"].astype(str)) - set(order))
    if unknown:
        raise UnknownLabelError(
            "rating is not one of the Tables 3-4 ratings", column="rating", value=unknown[0]
        )
    return order


def _columns(data: pd.DataFrame, rounding: str) -> tuple[list[str], dict, list]:
    """Reconstruct every survey column; return rating order, columns by key, and key order."""
    if rounding not in ROUNDING_RULES:
        raise ValueError(f"unknown rounding rule {rounding!r}; expected one of {ROUNDING_RULES}")
    ratings = _rating_order(data)
    surveys = set(data["survey"].astype(str))
    if not surveys <= set(SURVEYS):
        raise UnknownLabelError(
            "survey must be 'Laming' or 'Munro'",
            column="survey",
            value=sorted(surveys - set(SURVEYS))[0],
        )
    columns: dict[tuple, dict] = {}
    order: list[tuple] = []
    problems: list[str] = []
    cell_problems: list[str] = []
    frame = data.assign(
        _survey=data["survey"].astype(str), _rating=data["rating"].astype(str)
    ).reset_index(drop=True)
    for (table, measure, agency, survey), group in frame.groupby(
        ["table", "measure", "agency", "_survey"], sort=False, observed=True
    ):
        key = (table, measure, agency)
        if key not in columns:
            columns[key] = {}
            order.append(key)
        where = f"table {table}, {measure!r}, {agency!r}, {survey}"
        if group["_rating"].duplicated().any():
            problems.append(f"{where}: a rating appears twice")
            continue
        missing_rows = [r for r in ratings if r not in set(group["_rating"])]
        if missing_rows:
            problems.append(f"{where}: no row for ratings {missing_rows}")
            continue
        ns = set(group["n"].tolist())
        n = _whole(next(iter(ns))) if len(ns) == 1 else None
        if n is None or n < 1:
            problems.append(f"{where}: n is not one whole number: {sorted(map(str, ns))}")
            continue
        by_rating = dict(zip(group["_rating"], group["percent"], strict=True))
        percents = [by_rating[r] for r in ratings]
        printed = [None if pd.isna(p) else _whole(p) for p in percents]
        fractional = [
            f"{r}={p!r}"
            for r, p, v in zip(ratings, percents, printed, strict=True)
            if v is None and not pd.isna(p)
        ]
        if fractional:
            cell_problems.append(f"{where}: percent is not a whole number: {fractional}")
            continue
        n_missing = sum(p is None for p in printed)
        if n_missing == len(printed):
            info = {"status": "not rated", "n": n, "printed": printed, "counts": None, "k": 0}
        elif n_missing:
            info = {"status": "incomplete", "n": n, "printed": printed, "counts": None, "k": 0}
            info["n_missing"] = n_missing
        else:
            rec = reconstruct_counts(printed, n, rounding)
            info = {
                "status": rec.status,
                "n": n,
                "printed": printed,
                "counts": rec.counts,
                "k": rec.n_solutions,
            }
        columns[key][survey] = info
    if cell_problems:
        raise CellFormatError(
            f"{len(cell_problems)} column(s) of the comparison frame have unusable percentages",
            column="percent",
            problems=cell_problems,
        )
    if problems:
        raise TotalMismatchError(
            f"{len(problems)} column(s) of the comparison frame are malformed", problems=problems
        )
    return ratings, columns, order


def _describe(survey: str, info: dict | None) -> str | None:
    if info is None:
        return f"no {survey} column"
    status = info["status"]
    if status == "unique":
        return None
    if status == "not rated":
        return f"not rated in {PERIODS[survey]}"
    if status == "ambiguous":
        return f"{survey} ambiguous ({info['k']} solutions)"
    if status == "infeasible":
        return f"{survey} infeasible"
    return (
        f"{survey} incomplete ({info['n_missing']} of {len(info['printed'])} percentages missing)"
    )


def _status(cols: dict) -> str:
    notes = [d for s in SURVEYS if (d := _describe(s, cols.get(s))) is not None]
    return "both unique" if not notes else "; ".join(notes)


def _restore_dtypes(out: pd.DataFrame, data: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    for column in columns:
        if isinstance(data[column].dtype, pd.CategoricalDtype):
            out[column] = pd.Categorical(out[column], dtype=data[column].dtype)
    return out


def survey_shifts(data: pd.DataFrame | None = None, *, rounding: str = "half_up") -> pd.DataFrame:
    """Change in each rating of each agency from the 2009-10 to the 2012 survey.

    .. caution::
       The two surveys asked different respondents (Assistant Directors of
       children's social care in 2009-10, LSCB chairs in 2012); see
       :data:`CAVEAT`, which is also in ``attrs["caveat"]`` of the result.

    Counts are reconstructed from each printed column (measure x agency x
    survey) with :func:`~lscb_survey.reconstruct.reconstruct_counts`. Where both
    columns reconstruct uniquely, the rating is tested with a two-sided Fisher
    exact test on the 2x2 table (this rating vs the other three) x (survey);
    otherwise the counts and test are missing and ``counts_status`` says why.
    Nothing is tested on invented counts.

    Parameters
    ----------
    data : DataFrame, optional
        A comparison frame (schema of :func:`~lscb_survey.loaders.load_table`
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
    data = _comparison_data(data)
    ratings, columns, order = _columns(data, rounding)
    rows = []
    for key in order:
        cols = columns[key]
        lam, mun = cols.get("Laming"), cols.get("Munro")
        status = _status(cols)
        both = lam is not None and mun is not None
        both = both and lam["status"] == "unique" and mun["status"] == "unique"
        for j, rating in enumerate(ratings):
            pl = lam["printed"][j] if lam else None
            pm = mun["printed"][j] if mun else None
            cl = lam["counts"][j] if lam and lam["counts"] else None
            cm = mun["counts"][j] if mun and mun["counts"] else None
            p_value = exact_change = math.nan
            if both:
                nl, nm = lam["n"], mun["n"]
                res = stats.fisher_exact([[cm, nm - cm], [cl, nl - cl]], alternative="two-sided")
                p_value = float(res.pvalue)
                exact_change = float(100 * (Fraction(cm, nm) - Fraction(cl, nl)))
            h = math.nan
            if pl is not None and pm is not None:
                h = _cohens_h(pl / 100, pm / 100)
            rows.append(
                {
                    "table": key[0],
                    "measure": key[1],
                    "agency": key[2],
                    "rating": rating,
                    "pct_laming": pl,
                    "pct_munro": pm,
                    "change_pp": None if pl is None or pm is None else pm - pl,
                    "n_laming": lam["n"] if lam else None,
                    "n_munro": mun["n"] if mun else None,
                    "count_laming": cl,
                    "count_munro": cm,
                    "status_laming": lam["status"] if lam else "absent",
                    "status_munro": mun["status"] if mun else "absent",
                    "counts_status": status,
                    "exact_change_pp": exact_change,
                    "p_value": p_value,
                    "cohens_h": h,
                }
            )
    out = pd.DataFrame.from_records(rows)
    out.insert(out.columns.get_loc("p_value") + 1, "p_adjusted", bh_adjust(out["p_value"]))
    out = out.astype(
        {
            c: "Int64"
            for c in (
                "pct_laming",
                "pct_munro",
                "change_pp",
                "n_laming",
                "n_munro",
                "count_laming",
                "count_munro",
            )
        }
    )
    out = _restore_dtypes(out, data, ["agency", "rating"])
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
    :func:`distribution_test`: Pearson's chi-square statistic with its exact
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
        Passed to :func:`distribution_test` (defaults: "auto", 100000, 20120501).

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
    data = _comparison_data(data)
    ratings, columns, order = _columns(data, rounding)
    rows = []
    for key in order:
        cols = columns[key]
        lam, mun = cols.get("Laming"), cols.get("Munro")
        row: dict[str, object] = {
            "table": key[0],
            "measure": key[1],
            "agency": key[2],
            "counts_status": _status(cols),
            "counts_laming": ";".join(map(str, lam["counts"])) if lam and lam["counts"] else None,
            "counts_munro": ";".join(map(str, mun["counts"])) if mun and mun["counts"] else None,
            "test": None,
            "method": None,
            "statistic": math.nan,
            "df": pd.NA,
            "p_value": math.nan,
            "p_ffh": math.nan,
            "p_asymptotic": math.nan,
            "min_expected": math.nan,
            "n_tables": pd.NA,
            "n_resamples": pd.NA,
            "seed": pd.NA,
        }
        if row["counts_status"] == "both unique":
            res = distribution_test(
                lam["counts"], mun["counts"], method=method, n_resamples=n_resamples, seed=seed
            )
            row.update({k: v for k, v in res.items() if k in row})
        rows.append(row)
    out = pd.DataFrame.from_records(rows)
    out.insert(out.columns.get_loc("p_value") + 1, "p_adjusted", bh_adjust(out["p_value"]))
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
    out = _restore_dtypes(out, data, ["agency"])
    out.attrs.update(
        {"caveat": CAVEAT, "rounding": rounding, "method": method, "rating_order": ratings}
    )
    return out

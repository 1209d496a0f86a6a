"""Compare two survey waves item by item (for example a new wave with 2012).

:func:`compare_waves` generalises :func:`~lscb_survey.shifts.survey_shifts`
from the printed percentages of Tables 3-4 to any two waves with counts: for
every item and answer it gives the percentage in each wave, the change in
percentage points with a Newcombe interval, a Fisher exact test and its
Benjamini-Hochberg adjustment, and, per item, a test of the whole answer
distribution (:func:`compare_distributions`). Items asked in only one wave, or
on different scales, are listed with a ``status`` and no statistics; nothing is
dropped.

Methods
-------
* **Percentages** are of all respondents to the item (``base="respondents"``,
  as the report prints them, "Not specified" included) or of the substantive
  answers (``base="valid"``). For a weighted wave
  (:class:`~lscb_survey.weights.WeightedWave`, or a frame with a
  ``weighted_count`` column) they are weighted; ``n_a``/``n_b`` always give the
  unweighted base.
* **Interval** for the change ``pct_b - pct_a``: Newcombe's hybrid score
  interval (his method 10) built from the two Wilson score intervals, computed
  in closed form with ``z = scipy.stats.norm.ppf((1 + ci) / 2)``. For a
  weighted wave the Wilson interval uses the weighted proportion and the Kish
  effective sample size ``n_eff`` in place of ``n``.
* **Tests** need whole counts, so they always run on the *unweighted* counts:
  a two-sided Fisher exact test per answer (this answer vs the rest x wave a vs
  wave b, ``scipy.stats.fisher_exact``), Benjamini-Hochberg adjusted over every
  row tested; per item, Pearson's chi-square with its permutation p-value
  (:func:`~lscb_survey.shifts.distribution_test`: exact enumeration when the
  reference set is small, Monte Carlo otherwise), adjusted over items.

Caveat
------
The tests treat the two waves as independent samples. A board that answered
both waves is in both samples, so with overlapping respondents the p-values
are approximate. A wave compared with 2012 also compares whoever chaired the
boards at the two times. The caveat travels in ``attrs["caveat"]``.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from ..data.codebook import Codebook, default_codebook
from ..errors import MissingColumnError
from ..stats.intervals import wilson_bounds
from .likert import likert_shares
from .shifts import SEED, bh_adjust, distribution_test

__all__ = [
    "CAVEAT",
    "compare_distributions",
    "compare_waves",
    "largest_changes",
    "newcombe_interval",
    "wave_shares",
    "wilson_bounds",
]

CAVEAT = (
    "The two waves are treated as independent samples. Boards that answered both waves "
    "appear in both, so p-values are approximate when respondents overlap; a change "
    "between waves may also reflect who answered (for example a new chair) rather than "
    "a change in practice. Tests use unweighted counts; percentages and intervals use "
    "weights where a wave has them."
)

#: Monte Carlo resamples of the per-item distribution test when exact enumeration is too big.
N_RESAMPLES = 20_000
#: Largest exact reference set enumerated by the per-item test under ``method="auto"``.
MAX_TABLES = 20_000

Base = Literal["respondents", "valid"]

_STATUS = ("both", "only in a", "only in b", "different scales")


# ----------------------------------------------------------------------------- intervals


def _z(ci: float) -> float:
    if not 0 < ci < 1:
        raise ValueError(f"ci must lie strictly between 0 and 1, got {ci!r}")
    return float(stats.norm.ppf(0.5 + ci / 2))


def newcombe_interval(
    p_a: float, n_a: float, p_b: float, n_b: float, ci: float = 0.95
) -> tuple[float, float]:
    """Newcombe hybrid score interval for the difference ``p_b - p_a``.

    Newcombe (1998), method 10: with Wilson intervals ``(l_a, u_a)`` and
    ``(l_b, u_b)`` of the two proportions,
    ``low = d - sqrt((p_b - l_b)^2 + (u_a - p_a)^2)`` and
    ``high = d + sqrt((u_b - p_b)^2 + (p_a - l_a)^2)`` where ``d = p_b - p_a``.

    Parameters
    ----------
    p_a, p_b : float
        The two proportions (0-1).
    n_a, n_b : float
        Their sample sizes (Kish effective sizes for weighted proportions).
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    tuple of float
        ``(low, high)`` of the difference, as proportions; ``(nan, nan)`` if a
        sample size is not positive.

    Examples
    --------
    >>> low, high = newcombe_interval(27 / 46, 46, 42 / 57, 57)
    >>> round(low, 4), round(high, 4)
    (-0.0317, 0.323)
    """
    la, ua = wilson_bounds(p_a, n_a, ci)
    lb, ub = wilson_bounds(p_b, n_b, ci)
    if math.isnan(la) or math.isnan(lb):
        return math.nan, math.nan
    d = p_b - p_a
    low = d - math.sqrt((p_b - lb) ** 2 + (ua - p_a) ** 2)
    high = d + math.sqrt((ub - p_b) ** 2 + (p_a - la) ** 2)
    return low, high


# ----------------------------------------------------------------------------- inputs


class _Side:
    """One wave's items: shares per item x level, unweighted and (maybe) weighted."""

    def __init__(self, data, base: str, codebook: Codebook | None, label: str | None) -> None:
        from ..waves.model import Wave

        if isinstance(data, Wave):
            weights = getattr(data, "weights", None)
            if weights is not None:
                from ..waves.weights import weighted_counts

                frame = weighted_counts(data, weights)
            else:
                frame = data.counts
            book = data.codebook
            self.label = label if label is not None else str(data.name)
        elif isinstance(data, pd.DataFrame):
            frame = data
            book = codebook if codebook is not None else default_codebook()
            self.label = label
        else:
            raise TypeError(
                f"expected a Wave or a tidy likert DataFrame, got {type(data).__name__}"
            )
        self.weighted = "weighted_count" in frame.columns
        shares = likert_shares(frame, base="respondents", codebook=book)
        self.items: dict[str, dict] = {}
        weighted = {}
        if self.weighted:
            for column in ("n_eff", "n_eff_valid"):
                if column not in frame.columns:
                    raise MissingColumnError(
                        "a weighted frame needs the Kish effective sizes of weighted_counts()",
                        column=column,
                    )
            if frame["weighted_count"].isna().any():
                raise MissingColumnError("weighted counts are missing", column="weighted_count")
            weighted = {
                (str(i), str(r)): float(w)
                for i, r, w in zip(
                    frame["item_id"], frame["response"], frame["weighted_count"], strict=True
                )
            }
            n_eff = frame.groupby(frame["item_id"].astype(str), sort=False)[
                ["n_eff", "n_eff_valid"]
            ].first()
        for item_id, part in shares.groupby("item_id", sort=False):
            item_id = str(item_id)
            levels = part["response"].astype(str).tolist()
            counts = part["count"].astype(int).tolist()
            substantive = part["substantive"].astype(bool).tolist()
            first = part.iloc[0]
            n_all = sum(counts)
            n_valid = sum(c for c, s in zip(counts, substantive, strict=True) if s)
            info = {
                "table": first["table"],
                "section": first["section"],
                "block": first["block"],
                "item": first["item"],
                "short": first["short"],
                "scale": first["scale"],
                "levels": levels,
                "substantive": substantive,
                "counts": counts,
                "n": n_all if base == "respondents" else n_valid,
            }
            in_base = [s or base == "respondents" for s in substantive]
            if self.weighted:
                w = [weighted.get((item_id, lv), 0.0) for lv in levels]
                info["wcounts"] = w
                info["wn"] = sum(x for x, ok in zip(w, in_base, strict=True) if ok)
                column = "n_eff" if base == "respondents" else "n_eff_valid"
                info["n_eff"] = float(n_eff.loc[item_id, column])
            else:
                info["wcounts"] = [float(c) for c in counts]
                info["wn"] = float(info["n"])
                info["n_eff"] = float(info["n"])
            info["in_base"] = in_base
            self.items[item_id] = info


def _labels(a: _Side, b: _Side, labels) -> tuple[str, str]:
    if labels is not None:
        la, lb = (str(x) for x in labels)
    else:
        la, lb = a.label or "a", b.label or "b"
    if la == lb:
        la, lb = f"{la} (a)", f"{lb} (b)"
    return la, lb


def _order(a: _Side, b: _Side) -> list[tuple[str, str]]:
    """(item_id, status), a's items first then items only in b."""
    out = []
    for item_id, info in a.items.items():
        if item_id not in b.items:
            out.append((item_id, "only in a"))
        elif info["levels"] != b.items[item_id]["levels"]:
            out.append((item_id, "different scales"))
        else:
            out.append((item_id, "both"))
    out += [(i, "only in b") for i in b.items if i not in a.items]
    return out


# ----------------------------------------------------------------------------- distributions


def compare_distributions(
    a,
    b,
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
    :func:`~lscb_survey.shifts.distribution_test`: Pearson's chi-square with
    its permutation p-value, exact when at most ``max_tables`` tables share
    the observed margins, else from ``n_resamples`` Monte Carlo draws with
    ``seed``.

    Parameters
    ----------
    a, b : Wave or DataFrame
        The two waves: :class:`~lscb_survey.waves.model.Wave` objects (weighted or
        not) or tidy likert frames (``load_table(7)``, ``wave.counts``, or
        :func:`~lscb_survey.weights.weighted_counts`).
    labels : tuple of two str, optional
        Names of the waves; default the waves' names (``"a"``, ``"b"`` for
        frames).
    base : {"respondents", "valid"}, default "respondents"
        Whether non-substantive answers ("Not specified", "Don't know") are
        categories of the test.
    codebook : Codebook, optional
        Where scales of a frame are looked up (default: the 2012 codebook).
    method, n_resamples, seed, max_tables
        See :func:`~lscb_survey.shifts.distribution_test`.

    Returns
    -------
    DataFrame
        One row per item (a's order, then items only in b): ``table``,
        ``item_id``, ``item``, ``short``, ``status`` ("both", "only in a",
        "only in b", "different scales"), ``wave_a``, ``wave_b``, ``n_a``,
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
    base = _check_base(base)
    side_a = _Side(a, base, codebook, None if labels is None else labels[0])
    side_b = _Side(b, base, codebook, None if labels is None else labels[1])
    la, lb = _labels(side_a, side_b, labels)
    rows = []
    for item_id, status in _order(side_a, side_b):
        ia, ib = side_a.items.get(item_id), side_b.items.get(item_id)
        meta = ia or ib
        row = {
            "table": meta["table"],
            "item_id": item_id,
            "item": meta["item"],
            "short": meta["short"],
            "status": status,
            "wave_a": la,
            "wave_b": lb,
            "n_a": ia["n"] if ia else pd.NA,
            "n_b": ib["n"] if ib else pd.NA,
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
        if status == "both" and ia["n"] > 0 and ib["n"] > 0:
            keep = ia["in_base"]
            ca = [c for c, k in zip(ia["counts"], keep, strict=True) if k]
            cb = [c for c, k in zip(ib["counts"], keep, strict=True) if k]
            res = distribution_test(
                ca, cb, method=method, n_resamples=n_resamples, seed=seed, max_tables=max_tables
            )
            row.update({k: v for k, v in res.items() if k in row})
            if res["method"] == "none":
                row["p_value"] = math.nan  # nothing to test: one answer only
        rows.append(row)
    out = pd.DataFrame.from_records(rows)
    out.insert(out.columns.get_loc("p_value") + 1, "p_adjusted", bh_adjust(out["p_value"]))
    out = out.astype(
        {
            "table": "Int64",
            "n_a": "Int64",
            "n_b": "Int64",
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
            "caveat": CAVEAT,
        }
    )
    return out


def _check_base(base: str) -> str:
    if base not in ("respondents", "valid"):
        raise ValueError(f"base must be 'respondents' or 'valid', got {base!r}")
    return base


# ----------------------------------------------------------------------------- answers


def compare_waves(
    a,
    b,
    *,
    labels: tuple[str, str] | None = None,
    ci: float = 0.95,
    base: Base = "respondents",
    codebook: Codebook | None = None,
    method: str = "auto",
    n_resamples: int = N_RESAMPLES,
    seed: int = SEED,
    max_tables: int = MAX_TABLES,
) -> pd.DataFrame:
    """Compare two waves answer by answer, with intervals and tests.

    See the module documentation for the methods and the caveat.

    Parameters
    ----------
    a, b : Wave or DataFrame
        The earlier (``a``) and later (``b``) wave: :class:`~lscb_survey.waves.model.Wave`
        objects (a :class:`~lscb_survey.weights.WeightedWave` is weighted) or
        tidy likert frames (``load_table(n)``, ``wave.counts``, or the output
        of :func:`~lscb_survey.weights.weighted_counts`, which is weighted).
    labels : tuple of two str, optional
        Names of the waves; default the waves' names (``"a"``, ``"b"`` for
        frames).
    ci : float, default 0.95
        Confidence level of the intervals.
    base : {"respondents", "valid"}, default "respondents"
        Denominator of the percentages: every respondent to the item, or the
        substantive answers only (non-substantive rows are then kept with
        their counts and missing percentages).
    codebook : Codebook, optional
        Where scales of a frame are looked up (default: the 2012 codebook).
    method, n_resamples, seed, max_tables
        Of the per-item distribution test (:func:`compare_distributions`).

    Returns
    -------
    DataFrame
        One row per item x answer (every level of the item's scale; items in
        a's order, then items only in b), with:

        - ``table``, ``section``, ``block``, ``item_id``, ``item``, ``short``,
          ``scale``, ``response`` (level label), ``response_order`` (0-based
          position in the scale), ``substantive``;
        - ``status``: "both", "only in a", "only in b" or "different scales"
          (only "both" rows get statistics); ``wave_a``, ``wave_b``: labels;
        - ``count_a``, ``count_b``: unweighted counts; ``n_a``, ``n_b``:
          unweighted bases (per ``base``);
        - ``pct_a``, ``pct_b``: percentages of the base, weighted for a
          weighted wave; ``n_eff_a``, ``n_eff_b``: the sample sizes used in the
          intervals (Kish effective size when weighted, else the base);
        - ``change_pp``: ``pct_b - pct_a``; ``ci_low``, ``ci_high``: Newcombe
          interval of the change, in points;
        - ``p_value``: two-sided Fisher exact test on the unweighted counts;
          ``p_adjusted``: Benjamini-Hochberg over every row with a p-value;
        - ``item_method``, ``item_statistic``, ``item_p_value``,
          ``item_p_adjusted``: the item's distribution test
          (:func:`compare_distributions`), repeated on each of its rows.

        Statistics are missing outside ``status == "both"`` and for answers
        outside the base. ``attrs`` records ``labels``, ``ci``, ``base``,
        ``weighted`` (per wave), ``interval``, ``test``, ``adjustment``,
        ``item_test`` and ``caveat``.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> t = load_table(9)
    >>> later = t.assign(count=t["count"].where(t.response != "Agree", t["count"] + 10),
    ...                  n=t["n"] + 10)
    >>> c = compare_waves(t, later, labels=("2012", "later"))
    >>> row = c[(c.item_id == "t9_sanctions") & (c.response == "Agree")].iloc[0]
    >>> [round(float(row[c]), 2) for c in ("pct_a", "pct_b", "change_pp")]  # 23/57, 33/67
    [40.35, 49.25, 8.9]
    >>> bool(row.ci_low < row.change_pp < row.ci_high)
    True
    """
    base = _check_base(base)
    _z(ci)
    side_a = _Side(a, base, codebook, None if labels is None else labels[0])
    side_b = _Side(b, base, codebook, None if labels is None else labels[1])
    la, lb = _labels(side_a, side_b, labels)
    rows = []
    for item_id, status in _order(side_a, side_b):
        ia, ib = side_a.items.get(item_id), side_b.items.get(item_id)
        meta = ia or ib
        levels = list(ia["levels"] if ia else ib["levels"])
        if ia and ib and status == "different scales":
            levels += [lv for lv in ib["levels"] if lv not in levels]
        for position, level in enumerate(levels):
            row = {
                "table": meta["table"],
                "section": meta["section"],
                "block": meta["block"],
                "item_id": item_id,
                "item": meta["item"],
                "short": meta["short"],
                "scale": meta["scale"],
                "response": level,
                "response_order": position,
                "substantive": math.nan,
                "status": status,
                "wave_a": la,
                "wave_b": lb,
            }
            values = {}
            for suffix, info in (("a", ia), ("b", ib)):
                if info is None or level not in info["levels"]:
                    values[suffix] = None
                    row.update(
                        {
                            f"count_{suffix}": pd.NA,
                            f"n_{suffix}": pd.NA,
                            f"pct_{suffix}": math.nan,
                            f"n_eff_{suffix}": math.nan,
                        }
                    )
                    continue
                j = info["levels"].index(level)
                in_base = info["in_base"][j]
                row["substantive"] = info["substantive"][j]
                p = info["wcounts"][j] / info["wn"] if in_base and info["wn"] > 0 else math.nan
                values[suffix] = (info["counts"][j], info["n"], p, info["n_eff"], in_base)
                row.update(
                    {
                        f"count_{suffix}": info["counts"][j],
                        f"n_{suffix}": info["n"],
                        f"pct_{suffix}": 100 * p,
                        f"n_eff_{suffix}": info["n_eff"] if in_base else math.nan,
                    }
                )
            change = low = high = p_value = math.nan
            if status == "both" and values["a"] and values["b"]:
                ca, na, pa, ea, ok_a = values["a"]
                cb, nb, pb, eb, ok_b = values["b"]
                if ok_a and ok_b and na > 0 and nb > 0:
                    change = 100 * (pb - pa)
                    lo, hi = newcombe_interval(pa, ea, pb, eb, ci)
                    low, high = 100 * lo, 100 * hi
                    res = stats.fisher_exact(
                        [[cb, nb - cb], [ca, na - ca]], alternative="two-sided"
                    )
                    p_value = float(res.pvalue)
            row.update({"change_pp": change, "ci_low": low, "ci_high": high, "p_value": p_value})
            rows.append(row)
    out = pd.DataFrame.from_records(rows)
    out["p_adjusted"] = bh_adjust(out["p_value"])
    dist = compare_distributions(
        a,
        b,
        labels=(la, lb),
        base=base,
        codebook=codebook,
        method=method,
        n_resamples=n_resamples,
        seed=seed,
        max_tables=max_tables,
    ).set_index("item_id")
    out["item_method"] = out["item_id"].map(dist["method"])
    out["item_statistic"] = out["item_id"].map(dist["statistic"])
    out["item_p_value"] = out["item_id"].map(dist["p_value"])
    out["item_p_adjusted"] = out["item_id"].map(dist["p_adjusted"])
    columns = [
        "table",
        "section",
        "block",
        "item_id",
        "item",
        "short",
        "scale",
        "response",
        "response_order",
        "substantive",
        "status",
        "wave_a",
        "wave_b",
        "count_a",
        "count_b",
        "n_a",
        "n_b",
        "pct_a",
        "pct_b",
        "n_eff_a",
        "n_eff_b",
        "change_pp",
        "ci_low",
        "ci_high",
        "p_value",
        "p_adjusted",
        "item_method",
        "item_statistic",
        "item_p_value",
        "item_p_adjusted",
    ]
    out = out[columns].astype(
        {
            "table": "Int64",
            "response": "string",
            "response_order": "int64",
            "substantive": "boolean",
            "status": pd.CategoricalDtype(_STATUS),
            "count_a": "Int64",
            "count_b": "Int64",
            "n_a": "Int64",
            "n_b": "Int64",
            "item_method": "string",
        }
    )
    for column in ("pct_a", "pct_b", "n_eff_a", "n_eff_b", "item_statistic"):
        out[column] = out[column].astype(float)
    out.attrs.update(
        {
            "labels": (la, lb),
            "ci": ci,
            "base": base,
            "weighted": {"a": side_a.weighted, "b": side_b.weighted},
            "interval": (
                "Newcombe hybrid score interval (method 10) from Wilson intervals; "
                "Kish effective sample size for weighted waves"
            ),
            "test": "two-sided Fisher exact test on unweighted counts, this answer vs the rest",
            "adjustment": "Benjamini-Hochberg over all rows with a p_value",
            "item_test": dist.attrs["test"],
            "caveat": CAVEAT,
        }
    )
    return out


def largest_changes(comparison: pd.DataFrame, k: int = 10) -> pd.DataFrame:
    """The ``k`` answers whose percentage changed most (by absolute change).

    Parameters
    ----------
    comparison : DataFrame
        The result of :func:`compare_waves`.
    k : int, default 10
        How many rows to keep.

    Returns
    -------
    DataFrame
        The ``k`` rows with the largest ``|change_pp|`` (rows without a change
        are skipped), largest first, with the columns of ``comparison``.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> from lscb_survey import published_wave
    >>> c = compare_waves(load_table(5), published_wave())  # the same counts twice
    >>> largest_changes(c, 3)["change_pp"].tolist()
    [0.0, 0.0, 0.0]
    """
    if "change_pp" not in comparison.columns:
        raise MissingColumnError("not a comparison of waves", column="change_pp")
    ranked = comparison.dropna(subset=["change_pp"])
    order = np.argsort(-ranked["change_pp"].abs().to_numpy(), kind="stable")
    return ranked.iloc[order[:k]]


def wave_shares(
    wave, *, base: Base = "respondents", codebook: Codebook | None = None
) -> pd.DataFrame:
    """Answer shares of a wave for diverging bar charts, weighted when the wave is.

    Parameters
    ----------
    wave : Wave or DataFrame
        A wave (weighted or not) or a tidy likert frame (with
        ``weighted_count`` when weighted).
    base : {"respondents", "valid"}, default "respondents"
        As for :func:`~lscb_survey.likert.likert_shares`.
    codebook : Codebook, optional
        Where scales of a frame are looked up (default: a wave's own codebook,
        else the 2012 codebook).

    Returns
    -------
    DataFrame
        The columns of :func:`~lscb_survey.likert.likert_shares` (``count`` and
        ``denominator`` unweighted), with ``share`` the weighted percentage for
        a weighted wave, and ``weighted`` (bool) saying which it is.

    Examples
    --------
    >>> from lscb_survey import published_wave
    >>> s = wave_shares(published_wave())
    >>> bool(s["weighted"].any()), round(float(s.groupby("item_id")["share"].sum().max()), 9)
    (False, 100.0)
    """
    base = _check_base(base)
    from ..waves.model import Wave

    if isinstance(wave, Wave):
        book = wave.codebook
        weights = getattr(wave, "weights", None)
        if weights is not None:
            from ..waves.weights import weighted_counts

            frame = weighted_counts(wave, weights)
        else:
            frame = wave.counts
    elif isinstance(wave, pd.DataFrame):
        book, frame = codebook if codebook is not None else default_codebook(), wave
    else:
        raise TypeError(f"expected a Wave or a tidy likert DataFrame, got {type(wave).__name__}")
    shares = likert_shares(frame, base=base, codebook=book)
    weighted = "weighted_count" in frame.columns
    shares["weighted"] = weighted
    if weighted:
        lookup = {
            (str(i), str(r)): float(w)
            for i, r, w in zip(
                frame["item_id"], frame["response"], frame["weighted_count"], strict=True
            )
        }
        w = np.array(
            [
                lookup.get((str(i), str(r)), 0.0)
                for i, r in zip(shares["item_id"], shares["response"], strict=True)
            ]
        )
        in_base = shares["share"].notna().to_numpy()
        totals = (
            pd.Series(np.where(in_base, w, 0.0))
            .groupby(shares["item_id"].astype(str).to_numpy())
            .transform("sum")
            .to_numpy()
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            shares["share"] = np.where(in_base & (totals > 0), 100 * w / totals, np.nan)
    return shares

"""Compare two survey waves item by item (for example a new wave with 2012).

:func:`compare_waves` generalises :func:`~lscb_survey.analysis.shifts.survey_shifts`
from the printed percentages of Tables 3-4 to any two waves with counts: for
every item and answer it gives the percentage in each wave, the change in
percentage points with a Newcombe interval, a Fisher exact test and its
Benjamini-Hochberg adjustment, and, per item, a test of the whole answer
distribution (:func:`~lscb_survey.analysis.compare_tests.compare_distributions`). Items asked in only one wave, or
on different scales, are listed with a ``status`` and no statistics; nothing is
dropped. An item whose scales differ only in their non-substantive levels (a
"Don't know" offered in one wave) is compared on the substantive base, and the
``base`` column says so (:mod:`~lscb_survey.analysis.comparability`).

Methods
-------
* **Percentages** are of all respondents to the item (``base="respondents"``,
  as the report prints them, "Not specified" included) or of the substantive
  answers (``base="valid"``). For a weighted wave
  (:class:`~lscb_survey.waves.weights.WeightedWave`, or a frame with a
  ``weighted_count`` column) they are weighted; ``n_a``/``n_b`` always give the
  unweighted base.
* **Interval** for the change ``pct_b - pct_a``: Newcombe's hybrid score
  interval (his method 10) built from the two Wilson score intervals, computed
  in closed form (:func:`~lscb_survey.stats.intervals.newcombe_interval`) with
  ``z`` the normal quantile of ``(1 + level) / 2``. For a
  weighted wave the Wilson interval uses the weighted proportion and the Kish
  effective sample size ``n_eff`` in place of ``n``.
* **Tests** need whole counts, so they always run on the *unweighted* counts:
  a two-sided Fisher exact test per answer (this answer vs the rest x wave a vs
  wave b, ``scipy.stats.fisher_exact``), Benjamini-Hochberg adjusted over every
  row tested; per item, Pearson's chi-square with its permutation p-value
  (:func:`~lscb_survey.analysis.compare_tests.compare_distributions` with
  :func:`~lscb_survey.stats.tests.distribution_test`: exact enumeration when the
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
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..data.codebook import Codebook
from ..errors import MissingColumnError
from ..stats.intervals import newcombe_interval
from ..stats.tests import SEED, bh_adjust, fisher_2x2
from .arguments import Base, check_base, confidence_level
from .compare_input import (
    CAVEAT,
    STATUSES,
    ItemShares,
    WaveSide,
    base_note,
    item_order,
    side_labels,
    wave_frame,
)
from .compare_tests import MAX_TABLES, N_RESAMPLES, compare_distributions
from .likert import likert_shares

__all__ = [
    "CAVEAT",
    "compare_distributions",
    "compare_waves",
    "largest_changes",
    "wave_shares",
]

_COLUMNS = [
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
    "base",
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
    "weighted_n_a",
    "weighted_n_b",
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


class _Cell(NamedTuple):
    """One wave's numbers for one answer: count ``k`` of base ``n``, proportion, n_eff."""

    k: int
    n: int
    p: float
    n_eff: float
    in_base: bool


def _levels(ia: ItemShares | None, ib: ItemShares | None, status: str) -> list[str]:
    """The answers of an item: a's levels, then b's that a lacks (matched after normalisation)."""
    levels = list(ia.levels if ia else ib.levels if ib else [])
    if ia and ib:
        levels += [lv for lv in ib.levels if ia.position(lv) is None]
    return levels


def _cell(info: ItemShares | None, level: str, suffix: str, row: dict[str, Any]) -> _Cell | None:
    """Fill one wave's columns of ``row`` for ``level``; return its numbers, if any."""
    j = None if info is None else info.position(level)
    if info is None or j is None:
        row.update(
            {
                f"count_{suffix}": pd.NA,
                f"n_{suffix}": pd.NA,
                f"pct_{suffix}": math.nan,
                f"n_eff_{suffix}": math.nan,
                f"weighted_n_{suffix}": math.nan,
            }
        )
        return None
    in_base = info.in_base[j]
    row["substantive"] = info.substantive[j]
    p = info.wcounts[j] / info.wn if in_base and info.wn > 0 else math.nan
    row.update(
        {
            f"count_{suffix}": info.counts[j],
            f"n_{suffix}": info.n,
            f"pct_{suffix}": 100 * p,
            f"n_eff_{suffix}": info.n_eff if in_base else math.nan,
            f"weighted_n_{suffix}": info.wn,
        }
    )
    return _Cell(info.counts[j], info.n, p, info.n_eff, in_base)


def _change(a: _Cell | None, b: _Cell | None, level: float) -> dict[str, float]:
    """Change in points, its Newcombe interval and the Fisher p-value (else missing)."""
    change = low = high = p_value = math.nan
    if a and b and a.in_base and b.in_base and a.n > 0 and b.n > 0:
        change = 100 * (b.p - a.p)
        lo, hi = newcombe_interval(a.p, a.n_eff, b.p, b.n_eff, level)
        low, high = 100 * lo, 100 * hi
        p_value = fisher_2x2(a.k, a.n, b.k, b.n)
    return {"change_pp": change, "ci_low": low, "ci_high": high, "p_value": p_value}


def _answer_rows(
    item_id: str,
    status: str,
    ia: ItemShares | None,
    ib: ItemShares | None,
    labels: tuple[str, str],
    level: float,
    base: str,
) -> list[dict[str, Any]]:
    """The rows of :func:`compare_waves` for one item."""
    meta = ia or ib
    assert meta is not None
    rows = []
    for position, answer in enumerate(_levels(ia, ib, status)):
        row: dict[str, Any] = {
            "table": meta.table,
            "section": meta.section,
            "block": meta.block,
            "item_id": item_id,
            "item": meta.item,
            "short": meta.short,
            "scale": meta.scale,
            "response": answer,
            "response_order": position,
            "substantive": math.nan,
            "status": status,
            "base": base,
            "wave_a": labels[0],
            "wave_b": labels[1],
        }
        a = _cell(ia, answer, "a", row)
        b = _cell(ib, answer, "b", row)
        if status != "both":
            a = b = None  # no statistics for an item not comparable
        row.update(_change(a, b, level))
        rows.append(row)
    return rows


def _typed(out: pd.DataFrame) -> pd.DataFrame:
    """The columns of :func:`compare_waves` in order, with their dtypes."""
    out = out[_COLUMNS].astype(
        {
            "table": "Int64",
            "response": "string",
            "response_order": "int64",
            "substantive": "boolean",
            "status": pd.CategoricalDtype(STATUSES),
            "base": "string",
            "count_a": "Int64",
            "count_b": "Int64",
            "n_a": "Int64",
            "n_b": "Int64",
            "item_method": "string",
        }
    )
    floats = ("pct_a", "pct_b", "n_eff_a", "n_eff_b", "weighted_n_a", "weighted_n_b")
    for column in (*floats, "item_statistic"):
        out[column] = out[column].astype(float)
    return out


def compare_waves(
    a: object,
    b: object,
    *,
    labels: tuple[str, str] | None = None,
    level: float = 0.95,
    base: Base = "respondents",
    codebook: Codebook | None = None,
    method: str = "auto",
    n_resamples: int = N_RESAMPLES,
    seed: int = SEED,
    max_tables: int = MAX_TABLES,
    ci: float | None = None,
) -> pd.DataFrame:
    """Compare two waves answer by answer, with intervals and tests.

    See the module documentation for the methods and the caveat.

    Parameters
    ----------
    a, b : Wave or DataFrame
        The earlier (``a``) and later (``b``) wave: :class:`~lscb_survey.waves.model.Wave`
        objects (a :class:`~lscb_survey.waves.weights.WeightedWave` is weighted) or
        tidy likert frames (``load_table(n)``, ``wave.counts``, or the output
        of :func:`~lscb_survey.weighted_counts`, which is weighted).
    labels : tuple of two str, optional
        Names of the waves; default the waves' names (``"a"``, ``"b"`` for
        frames).
    level : float, default 0.95
        Confidence level of the intervals.
    base : {"respondents", "valid"}, default "respondents"
        Denominator of the percentages: every respondent to the item, or the
        substantive answers only (non-substantive rows are then kept with
        their counts and missing percentages).
    codebook : Codebook, optional
        Where scales of a frame are looked up (default: the 2012 codebook).
    method, n_resamples, seed, max_tables
        Of the per-item distribution test
        (:func:`~lscb_survey.analysis.compare_tests.compare_distributions`).
    ci : float, optional
        Former name of ``level``; still accepted, with a ``FutureWarning``.

    Returns
    -------
    DataFrame
        One row per item x answer (every level of the item's scale; items in
        a's order, then items only in b), with:

        - ``table``, ``section``, ``block``, ``item_id``, ``item``, ``short``,
          ``scale``, ``response`` (level label), ``response_order`` (0-based
          position in the scale), ``substantive``;
        - ``status``: "both", "only in a", "only in b" or "different scales"
          (only "both" rows get statistics); ``base``: the base of the
          item's percentages, ``base`` unless the waves offer different
          non-substantive levels for it, when it is ``"valid"`` (see
          :mod:`~lscb_survey.analysis.comparability`); ``wave_a``, ``wave_b``: labels;
        - ``count_a``, ``count_b``: unweighted counts; ``n_a``, ``n_b``:
          unweighted bases (per ``base``);
        - ``pct_a``, ``pct_b``: percentages of the base, weighted for a
          weighted wave; ``n_eff_a``, ``n_eff_b``: the sample sizes used in the
          intervals (Kish effective size when weighted, else the base);
          ``weighted_n_a``, ``weighted_n_b``: the weighted bases (the
          unweighted base for a wave without weights);
        - ``change_pp``: ``pct_b - pct_a``; ``ci_low``, ``ci_high``: Newcombe
          interval of the change, in points;
        - ``p_value``: two-sided Fisher exact test on the unweighted counts;
          ``p_adjusted``: Benjamini-Hochberg over every row with a p-value;
        - ``item_method``, ``item_statistic``, ``item_p_value``,
          ``item_p_adjusted``: the item's distribution test
          (:func:`~lscb_survey.analysis.compare_tests.compare_distributions`),
          repeated on each of its rows.

        Statistics are missing outside ``status == "both"`` and for answers
        outside the base. ``attrs`` records ``labels``, ``ci`` (the level), ``base``,
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
    base = check_base(base)
    level = confidence_level(level, ci, function="compare_waves")
    side_a = WaveSide(a, base, codebook, None if labels is None else labels[0])
    side_b = WaveSide(b, base, codebook, None if labels is None else labels[1])
    la, lb = side_labels(side_a, side_b, labels)
    rows = []
    order = item_order(side_a, side_b, base)
    for item_id, status, item_base in order:
        ia, ib = side_a.item(item_id, item_base), side_b.item(item_id, item_base)
        rows.extend(_answer_rows(item_id, status, ia, ib, (la, lb), level, item_base))
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
    for column in ("method", "statistic", "p_value", "p_adjusted"):
        out[f"item_{column}"] = out["item_id"].map(dist[column])
    out = _typed(out)
    out.attrs.update(
        {
            "labels": (la, lb),
            "ci": level,
            "base": base,
            "weighted": {"a": side_a.weighted, "b": side_b.weighted},
            "interval": (
                "Newcombe hybrid score interval (method 10) from Wilson intervals; "
                "Kish effective sample size for weighted waves"
            ),
            "test": "two-sided Fisher exact test on unweighted counts, this answer vs the rest",
            "adjustment": "Benjamini-Hochberg over all rows with a p_value",
            "item_test": dist.attrs["test"],
            "caveat": " ".join(x for x in (CAVEAT, base_note(order, base)) if x),
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
    wave: object, *, base: Base = "respondents", codebook: Codebook | None = None
) -> pd.DataFrame:
    """Answer shares of a wave for diverging bar charts, weighted when the wave is.

    Parameters
    ----------
    wave : Wave or DataFrame
        A wave (weighted or not) or a tidy likert frame (with
        ``weighted_count`` when weighted).
    base : {"respondents", "valid"}, default "respondents"
        As for :func:`~lscb_survey.analysis.likert.likert_shares`.
    codebook : Codebook, optional
        Where scales of a frame are looked up (default: a wave's own codebook,
        else the 2012 codebook).

    Returns
    -------
    DataFrame
        The columns of :func:`~lscb_survey.analysis.likert.likert_shares` (``count`` and
        ``denominator`` unweighted), with ``share`` the weighted percentage for
        a weighted wave, and ``weighted`` (bool) saying which it is.

    Examples
    --------
    >>> from lscb_survey import published_wave
    >>> s = wave_shares(published_wave())
    >>> bool(s["weighted"].any()), round(float(s.groupby("item_id")["share"].sum().max()), 9)
    (False, 100.0)
    """
    base = check_base(base)
    frame, book, _ = wave_frame(wave, codebook)
    shares = likert_shares(frame, base=base, codebook=book)
    shares["weighted"] = "weighted_count" in frame.columns  # likert_shares used the weights
    return shares

"""Trends across any number of waves: shares per wave, top-two series and trend tests.

:func:`compare_series` lays out each item's answers wave by wave with Wilson
intervals; :func:`series_summary` gives each wave's
:func:`~lscb_survey.likert_summary` stacked (the top-two share over time);
:func:`trend_tests` asks, per item, whether answers move steadily with time:
Agresti's linear-by-linear association test between the wave's position in
the series (scores 0, 1, ..., k - 1) and the scale's scores of the substantive
answers (:func:`~lscb_survey.stats.association.linear_by_linear_test`).

Waves are independent samples here. When they declare different informants
(``Wave.informant``, e.g. Assistant Directors one year and LSCB chairs the
next), a change may reflect who answered: the caveat says so in
``attrs["caveat"]``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..stats.association import linear_by_linear_test
from ..stats.intervals import wilson_bounds
from ..stats.tests import bh_adjust
from ..waves.model import Wave
from ..waves.weights import WeightedWave
from .arguments import confidence_level
from .comparability import scale_match
from .likert import likert_shares, likert_summary

__all__ = [
    "SERIES_CAVEAT",
    "compare_series",
    "item_matches",
    "series_caveat",
    "series_summary",
    "trend_tests",
]

#: Why a series of waves must be read with care (in ``attrs["caveat"]``).
SERIES_CAVEAT = (
    "Waves are treated as independent samples. Boards that answered several waves appear "
    "in each, so p-values are approximate when respondents overlap, and a change may "
    "reflect who answered rather than a change in practice."
)

#: How the weights enter a series (appended to the caveat).
_WEIGHTS_NOTE = {
    False: "Counts are unweighted.",
    True: (
        "Percentages and intervals of a weighted wave are weighted (Kish effective sample "
        "size); the trend tests use unweighted counts, having no weighted form yet."
    ),
}


def _check_waves(waves: Sequence[Wave]) -> list[Wave]:
    """2+ waves with distinct names, in time order where their dates say."""
    if isinstance(waves, Wave) or not isinstance(waves, Sequence):
        raise TypeError("waves must be a sequence of Wave objects, in time order")
    out = list(waves)
    bad = [type(w).__name__ for w in out if not isinstance(w, Wave)]
    if bad:
        raise TypeError(f"waves must be Wave objects, got {bad}")
    if len(out) < 2:
        raise ValueError(f"a series needs at least two waves, got {len(out)}")
    names = [w.name for w in out]
    if len(set(names)) != len(names):
        raise ValueError(f"wave names must be distinct, got {names}")
    dates = [str(w.date) for w in out if w.date is not None]
    if len(dates) == len(out) and dates != sorted(dates):
        raise ValueError(f"waves must be in time order; their dates are {dates}")
    return out


def series_caveat(waves: Sequence[Wave]) -> str:
    """:data:`SERIES_CAVEAT`, preceded by a warning when the waves declare different
    informants.

    Examples
    --------
    >>> import dataclasses
    >>> from lscb_survey import published_wave
    >>> a = published_wave()
    >>> b = dataclasses.replace(a, name="later", informant="Assistant Director")
    >>> series_caveat([a, b]).split(".")[0]
    'The waves asked different informants (2012: LSCB chair; later: Assistant Director)'
    """
    declared = {w.name: w.informant for w in waves if w.informant}
    if len(set(declared.values())) > 1:
        who = "; ".join(f"{name}: {informant}" for name, informant in declared.items())
        return (
            f"The waves asked different informants ({who}). Differences mix change over "
            "time with differences between informants. " + SERIES_CAVEAT
        )
    return SERIES_CAVEAT


def _caveat(waves: Sequence[Wave]) -> str:
    """:func:`series_caveat`, then how weights and the substantive base enter."""
    parts = [
        series_caveat(waves),
        _WEIGHTS_NOTE[any(isinstance(w, WeightedWave) for w in waves)],
    ]
    moved = [i for i, match in item_matches(waves).items() if match == "substantive"]
    if moved:
        shown = ", ".join(moved[:5]) + (", ..." if len(moved) > 5 else "")
        parts.append(
            f"{len(moved)} item(s) ({shown}) offer different non-substantive answers across "
            'the waves (for example "Don\'t know" in some only), so every wave is on the '
            "substantive base for them: percentages of the answers on the scale (base = "
            '"valid").'
        )
    return " ".join(parts)


def item_matches(waves: Sequence[Wave]) -> dict[str, str]:
    """How each item's scales relate across the waves that ask it.

    Each wave's scale is matched with the first wave's
    (:func:`~lscb_survey.analysis.comparability.scale_match`): ``"different"``
    if any differs in its substantive levels, else ``"substantive"`` if any
    differs in its non-substantive levels, else ``"same"``.

    Parameters
    ----------
    waves : sequence of Wave

    Returns
    -------
    dict of str to str
        Item id to ``"same"``, ``"substantive"`` or ``"different"``, in order
        of first appearance.

    Examples
    --------
    >>> from lscb_survey import published_wave
    >>> set(item_matches([published_wave(), published_wave()]).values())
    {'same'}
    """
    scales: dict[str, list[Any]] = {}
    for w in waves:
        for item in w.items:
            scales.setdefault(item, []).append(w.codebook.scale_of(item))
    out = {}
    for item, found in scales.items():
        matches = {scale_match(found[0], other) for other in found[1:]}
        out[item] = next((m for m in ("different", "substantive") if m in matches), "same")
    return out


def _item_presence(waves: list[Wave]) -> dict[str, int]:
    present: dict[str, int] = {}
    for w in waves:
        for item in w.items:
            present[item] = present.get(item, 0) + 1
    return present


_SERIES_COLUMNS = [
    "item_id", "item", "scale", "response", "wave", "wave_order", "count", "n", "pct",
    "ci_low", "ci_high",
]  # fmt: skip
_SERIES_EXTRA = ["substantive", "base", "weighted"]


def _item_bases(waves: Sequence[Wave]) -> dict[str, str]:
    """The base of each item in a series: substantive when non-substantive levels differ."""
    return {
        item: "valid" if match == "substantive" else "respondents"
        for item, match in item_matches(waves).items()
    }


def _wave_shares(wave: Wave, order: int, bases: dict[str, str], level: float) -> pd.DataFrame:
    """One wave's rows of :func:`compare_series`, each item on its base."""
    weighted = isinstance(wave, WeightedWave)
    frame = wave.weighted_counts if isinstance(wave, WeightedWave) else wave.counts
    parts = []
    for base in ("respondents", "valid"):
        shares = likert_shares(frame, base=base, codebook=wave.codebook)
        parts.append(shares[shares["item_id"].map(bases).eq(base)])
    part = pd.concat(parts).sort_values(["item_order", "response_order"], kind="stable")
    if weighted:
        firsts = frame.groupby("item_id", sort=False)[["n_eff", "n_eff_valid"]].first()
        n_eff = [
            firsts.loc[i, "n_eff" if b == "respondents" else "n_eff_valid"]
            for i, b in zip(part["item_id"], part["base"], strict=True)
        ]
    else:
        n_eff = part["denominator"].tolist()
    bounds = [
        wilson_bounds(p / 100, float(n), level) for p, n in zip(part["share"], n_eff, strict=True)
    ]
    return pd.DataFrame(
        {
            "item_id": part["item_id"].to_numpy(),
            "item": part["item"].to_numpy(),
            "scale": part["scale"].to_numpy(),
            "response": part["response"].astype(str).to_numpy(),
            "wave": wave.name,
            "wave_order": order,
            "count": part["count"].to_numpy(),
            "n": part["denominator"].to_numpy(),
            "pct": part["share"].to_numpy(dtype=float),
            "ci_low": [100 * b[0] for b in bounds],
            "ci_high": [100 * b[1] for b in bounds],
            "substantive": part["substantive"].to_numpy(),
            "base": part["base"].to_numpy(),
            "weighted": weighted,
        }
    )


def compare_series(waves: Sequence[Wave], *, level: float = 0.95) -> pd.DataFrame:
    """Each item's answers wave by wave, with Wilson intervals.

    Parameters
    ----------
    waves : sequence of Wave
        Two or more waves in time order (dates, where every wave has one, must
        not decrease; names must be distinct).
    level : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    DataFrame
        One row per item x response x wave that has the item (items in order
        of first appearance, responses in scale order, waves in series order):
        ``item_id``, ``item``, ``scale``, ``response``, ``wave`` (name),
        ``wave_order`` (0-based), ``count``, ``n`` (unweighted base),
        ``pct`` (``100 * count / n``; weighted for a
        :class:`~lscb_survey.waves.weights.WeightedWave`), ``ci_low``,
        ``ci_high`` (Wilson, percent; Kish effective size when weighted),
        ``waves_with_item`` and ``in_all_waves`` (False marks items asked in
        only some waves), ``substantive`` (whether the answer is a point of the
        scale), ``base`` (``"respondents"``, or ``"valid"`` for an item whose
        waves offer different non-substantive answers: percentages of the
        substantive answers, missing for the others; see
        :mod:`~lscb_survey.analysis.comparability`) and ``weighted``.
        ``attrs["caveat"]`` is :func:`series_caveat`, followed by how weights
        and the substantive base enter.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> waves = [ls.published_wave(), ls.read_wave(ls.config.examples_dir() / "wave-example-2014.csv", name="2014")]
    >>> s = ls.compare_series(waves)
    >>> s[(s.item_id == "t9_sanctions") & (s.response == "Agree")][["wave", "count", "n"]].values.tolist()
    [['2012', 23, 57], ['2014', 78, 200]]
    """
    out = _check_waves(waves)
    level = confidence_level(level, None, function="compare_series")
    present = _item_presence(out)
    bases = _item_bases(out)
    frames = [_wave_shares(wave, order, bases, level) for order, wave in enumerate(out)]
    series = pd.concat(frames, ignore_index=True)
    first_seen = {item: k for k, item in enumerate(present)}
    series["_item"] = series["item_id"].map(first_seen)
    series["_pos"] = series.groupby(["wave_order", "item_id"], sort=False).cumcount()
    series = series.sort_values(["_item", "_pos", "wave_order"], kind="stable")
    series["waves_with_item"] = series["item_id"].map(present).astype("int64")
    series["in_all_waves"] = series["waves_with_item"] == len(out)
    series = series.drop(columns=["_item", "_pos"]).reset_index(drop=True)
    series = series[[*_SERIES_COLUMNS, "waves_with_item", "in_all_waves", *_SERIES_EXTRA]]
    series.attrs.update({"caveat": _caveat(out), "ci": level})
    return series


def series_summary(waves: Sequence[Wave], **kwargs: Any) -> pd.DataFrame:
    """:func:`~lscb_survey.likert_summary` of each wave, stacked: the top-two share over time.

    Parameters
    ----------
    waves : sequence of Wave
        As :func:`compare_series`.
    **kwargs
        Passed to :func:`~lscb_survey.likert_summary` (``base``, ``level``, ...).

    Returns
    -------
    DataFrame
        ``wave``, ``wave_order`` and the columns of
        :func:`~lscb_survey.likert_summary`, one block per wave; a weighted
        wave is summarised with its weights. An item whose waves offer
        different non-substantive answers is summarised on the substantive
        base in every wave (its ``base`` column says ``"valid"``).

    Examples
    --------
    >>> import lscb_survey as ls
    >>> ex = ls.config.examples_dir()
    >>> waves = [ls.read_wave(ex / f"wave-example-{y}.csv", name=y) for y in ("2014", "2016")]
    >>> s = series_summary(waves)
    >>> s.groupby("wave").size().tolist()
    [31, 31]
    """
    out = _check_waves(waves)
    bases = _item_bases(out)
    frames = []
    for order, wave in enumerate(out):
        frame = wave.weighted_counts if isinstance(wave, WeightedWave) else wave.counts
        summary = likert_summary(frame, codebook=wave.codebook, **kwargs)
        moved = summary["item_id"].map(bases).eq("valid").to_numpy()
        if moved.any():
            valid = likert_summary(frame, codebook=wave.codebook, **{**kwargs, "base": "valid"})
            summary = pd.concat([summary[~moved], valid[moved]]).sort_index()  # same rows
        summary.insert(0, "wave", wave.name)
        summary.insert(1, "wave_order", order)
        frames.append(summary)
    result = pd.concat(frames, ignore_index=True)
    result.attrs = {**frames[0].attrs, "caveat": _caveat(out)}
    return result


def _trend_row(item_id: str, out: list[Wave], options: dict[str, Any]) -> dict[str, Any]:
    """One item's trend test (or why it was not tested)."""
    having = [(k, w) for k, w in enumerate(out) if item_id in set(w.items)]
    scales = [w.codebook.scale_of(item_id) for _, w in having]
    row: dict[str, Any] = {
        "item_id": item_id, "method": "not tested", "statistic": math.nan,
        "p_value": math.nan, "waves": ", ".join(w.name for _, w in having),
        "resamples": pd.NA, "note": "",
    }  # fmt: skip
    if len(having) < 2:
        row["note"] = "asked in fewer than two waves"
        return row
    matches = {scale_match(scales[0], s) for s in scales[1:]}
    if "different" in matches:
        row["note"] = "asked on different scales"
        return row
    scale = scales[0]
    notes = []
    if "substantive" in matches:
        notes.append("substantive base: non-substantive answers differ between waves")
    scores = np.asarray(scale.scores, dtype=float)
    if len({s.scores for s in scales}) > 1:
        scores = np.arange(len(scale.levels), 0, -1, dtype=float)
        notes.append("scores differ between waves: equally spaced scores used")
    row["note"] = "; ".join(notes)
    table = np.array(
        [
            w.counts[w.counts["item_id"] == item_id]
            .set_index("response")["count"]
            .reindex(list(s.levels), fill_value=0)
            .to_numpy()
            for (_, w), s in zip(having, scales, strict=True)
        ]
    )
    small = int(table.sum()) < options["asymptotic_from"]
    result = linear_by_linear_test(
        table, [k for k, _ in having], scores,
        method="auto" if small else "asymptotic", min_expected=math.inf,
        max_tables=options["max_tables"], resamples=options["resamples"], seed=options["seed"],
    )  # fmt: skip
    row.update(method=result.method, statistic=result.statistic, p_value=result.p_value)
    row["resamples"] = result.resamples if result.resamples else pd.NA
    return row


def trend_tests(
    waves: Sequence[Wave],
    *,
    asymptotic_from: int = 100,
    max_tables: int = 2_000,
    resamples: int = 10_000,
    seed: int = 0,
) -> pd.DataFrame:
    """Per item: do the answers move steadily across the waves?

    Parameters
    ----------
    waves : sequence of Wave
        Two or more waves in time order (see :func:`compare_series`).
    asymptotic_from : int, default 100
        The asymptotic test (M^2 against chi-square with 1 df) is used when the
        waves x answers table holds at least this many substantive answers;
        below it, the exact test when at most ``max_tables`` tables share the
        margins, else a Monte Carlo test with ``resamples`` tables drawn from
        ``seed``.
    max_tables, resamples, seed :
        See ``asymptotic_from``.

    Returns
    -------
    DataFrame
        One row per item (in order of first appearance): ``item_id``,
        ``method`` (``"exact"``, ``"monte_carlo"``, ``"asymptotic"`` or
        ``"not tested"``), ``statistic`` (M^2 of the linear-by-linear test:
        wave position 0..k-1 against the scale's scores, substantive answers
        only), ``p_value``, ``p_adjusted`` (Benjamini-Hochberg over the items),
        ``waves`` (names of the waves that asked the item), ``resamples``
        (Monte Carlo only) and ``note``. ``attrs["caveat"]`` is
        :func:`series_caveat`.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> ex = ls.config.examples_dir()
    >>> waves = [ls.read_wave(ex / f"wave-example{s}.csv", name=y)
    ...          for s, y in (("", "2012"), ("-2014", "2014"), ("-2016", "2016"))]
    >>> t = ls.trend_tests(waves).set_index("item_id")
    >>> t.loc["t8_willingness", "method"], bool(t.loc["t8_willingness", "p_adjusted"] < 0.05)
    ('asymptotic', True)
    """
    out = _check_waves(waves)
    options = {
        "asymptotic_from": asymptotic_from, "max_tables": max_tables,
        "resamples": resamples, "seed": seed,
    }  # fmt: skip
    rows = [_trend_row(item, out, options) for item in _item_presence(out)]
    result = pd.DataFrame(rows)
    result.insert(4, "p_adjusted", bh_adjust(result["p_value"].to_numpy(dtype=float)))
    result = result.astype({"resamples": "Int64"})
    result.attrs["caveat"] = _caveat(out)
    return result

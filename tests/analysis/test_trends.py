"""Series of waves: shares per wave, trend tests, the informant caveat."""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.contingency_tables import Table

import lscb_survey as ls
from lscb_survey import config
from lscb_survey.stats.association import linear_by_linear_test


@pytest.fixture(scope="module")
def waves() -> list[ls.Wave]:
    ex = config.examples_dir()
    return [
        ls.read_wave(ex / name, name=label, informant="LSCB chair")
        for name, label in (
            ("wave-example.csv", "2012"),
            ("wave-example-2014.csv", "2014"),
            ("wave-example-2016.csv", "2016"),
        )
    ]


def _table(waves: list[ls.Wave], item: str) -> tuple[np.ndarray, np.ndarray]:
    scale = waves[0].codebook.scale_of(item)
    rows = []
    for w in waves:
        column = w.responses[item]  # type: ignore[index]
        rows.append([int((column == level).sum()) for level in scale.levels])
    return np.array(rows), np.asarray(scale.scores, dtype=float)


def test_asymptotic_p_equals_statsmodels_for_every_item(waves):
    tests = ls.trend_tests(waves).set_index("item_id")
    for item in waves[0].items:
        table, scores = _table(waves, item)
        assert tests.loc[item, "method"] == "asymptotic"
        ref = Table(table, shift_zeros=False).test_ordinal_association(np.arange(3), scores)
        assert abs(tests.loc[item, "p_value"] - ref.pvalue) < 1e-9


def test_exact_p_for_small_waves_equals_enumeration():
    frames = [
        pd.DataFrame({"t9_sanctions": ["Agree", "Disagree", "Agree", "Strongly agree"]}),
        pd.DataFrame({"t9_sanctions": ["Disagree", "Strongly disagree", "Agree"]}),
        pd.DataFrame({"t9_sanctions": ["Disagree", "Strongly disagree", ""]}),
    ]
    waves = [
        ls.wave_from_responses(f, items=["t9_sanctions"], name=str(2020 + k))
        for k, f in enumerate(frames)
    ]
    row = ls.trend_tests(waves).iloc[0]
    assert row["method"] == "exact"
    table, scores = _table(waves, "t9_sanctions")
    expected = linear_by_linear_test(table, np.arange(3), scores, method="exact")
    assert row["p_value"] == pytest.approx(expected.p_value, rel=1e-12)
    assert row["p_value"] == pytest.approx(_brute_p(table, np.arange(3), scores), rel=1e-9)


def _brute_p(table: np.ndarray, u: np.ndarray, v: np.ndarray) -> float:
    """Two-sided exact p of the linear-by-linear test by trying every cell value."""
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    r, c = table.shape
    log_const = sum(math.lgamma(x + 1) for x in [*rows, *cols]) - math.lgamma(table.sum() + 1)
    found = []
    for cells in itertools.product(*[range(int(rows.max()) + 1)] * ((r - 1) * (c - 1))):
        t = np.zeros((r, c), dtype=int)
        t[:-1, :-1] = np.array(cells).reshape(r - 1, c - 1)
        t[:-1, -1] = rows[:-1] - t[:-1, :-1].sum(axis=1)
        t[-1, :] = cols - t[:-1, :].sum(axis=0)
        if (t >= 0).all() and t[-1].sum() == rows[-1]:
            prob = math.exp(log_const - sum(math.lgamma(x + 1) for x in t.ravel()))
            found.append((prob, float(u @ t @ v)))
    mean = sum(p * s for p, s in found)
    observed = abs(float(u @ table @ v) - mean)
    return sum(p for p, s in found if abs(s - mean) >= observed - 1e-9)


def test_planted_trend_is_found_and_none_elsewhere(waves):
    tests = ls.trend_tests(waves)
    t8 = tests["item_id"].str.startswith("t8_")
    assert (tests.loc[t8, "p_adjusted"] < 0.05).mean() >= 0.8
    assert (tests.loc[~t8, "p_adjusted"] < 0.05).mean() <= 0.2
    assert math.isclose(tests["p_adjusted"].min(), ls.trend_tests(waves)["p_adjusted"].min())


def test_compare_series_counts_and_intervals(waves):
    series = ls.compare_series(waves)
    for w in waves:
        part = series[series["wave"] == w.name]
        merged = part.merge(w.counts.astype({"response": str}), on=["item_id", "response"])
        assert (merged["count_x"] == merged["count_y"]).all()
        assert np.allclose(part["pct"], 100 * part["count"] / part["n"])
    assert (series["ci_low"] <= series["pct"]).all() and (series["pct"] <= series["ci_high"]).all()
    assert series["in_all_waves"].all()
    assert list(series["wave_order"].iloc[:3]) == [0, 1, 2]


def test_items_in_some_waves_are_kept_and_marked(waves):
    short = ls.wave_from_responses(
        pd.DataFrame({"t9_sanctions": ["Agree", "Disagree"]}), items=["t9_sanctions"], name="x"
    )
    series = ls.compare_series([waves[0], short])
    marked = series.groupby("item_id")["in_all_waves"].first()
    assert marked["t9_sanctions"] and not marked["t8_willingness"]
    assert set(series.loc[series["item_id"] == "t8_willingness", "wave"]) == {"2012"}
    tests = ls.trend_tests([waves[0], short]).set_index("item_id")
    assert tests.loc["t8_willingness", "method"] == "not tested"
    assert "fewer than two" in tests.loc["t8_willingness", "note"]


def test_informant_caveat(waves):
    assert "different informants" not in ls.trend_tests(waves[:2]).attrs["caveat"]
    other = dataclasses.replace(waves[1], informant="Assistant Director")
    caveat = ls.compare_series([waves[0], other]).attrs["caveat"]
    assert "different informants" in caveat and "Assistant Director" in caveat


def test_series_arguments(waves):
    with pytest.raises(ValueError, match="at least two"):
        ls.trend_tests(waves[:1])
    with pytest.raises(ValueError, match="distinct"):
        ls.compare_series([waves[0], waves[0]])
    with pytest.raises(TypeError):
        ls.compare_series(waves[0])
    dated = [
        dataclasses.replace(w, date=d)
        for w, d in zip(waves[:2], ["2014-05", "2012-02"], strict=True)
    ]
    with pytest.raises(ValueError, match="time order"):
        ls.trend_tests(dated)


def test_a_wave_with_a_population_gets_design_based_intervals():
    import dataclasses

    import lscb_survey as ls

    later = ls.read_wave(ls.config.examples_dir() / "wave-example-2014.csv", name="2014")
    with_fpc = ls.compare_series([ls.published_wave(), later])
    plain = ls.compare_series([dataclasses.replace(ls.published_wave(), population=None), later])
    first = with_fpc["wave"] == "2012"
    assert (with_fpc.loc[first, "pct"] - plain.loc[first, "pct"]).abs().max() < 1e-9
    inside = first & with_fpc["pct"].between(0, 100, inclusive="neither")
    narrower = with_fpc["ci_high"] - with_fpc["ci_low"] < plain["ci_high"] - plain["ci_low"]
    assert narrower[inside].all()
    same = ~first
    assert (with_fpc.loc[same, "ci_low"] == plain.loc[same, "ci_low"]).all()
    assert "finite population correction for 148" in with_fpc.attrs["design"]["2012"]

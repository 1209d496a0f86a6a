"""Likert summaries and shares of weighted counts use the weights."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import lscb_survey as ls
from lscb_survey.analysis.likert import likert_shares, likert_summary
from lscb_survey.config import examples_dir
from lscb_survey.stats.intervals import wilson_bounds
from lscb_survey.stats.weights import kish_n_eff


@pytest.fixture(scope="module")
def weighted():
    return ls.read_weighted_wave(
        examples_dir() / "wave-example-codes.csv", examples_dir() / "wave-example-codebook.toml"
    )


def _by_hand(wave, item_id):
    """Weighted top-two, mean and valid n_eff of one item, from the respondents' answers."""
    scale = wave.codebook.scale_of(item_id)
    answers = wave.responses[item_id].astype(str)
    w = wave.weights
    top = float(w[answers.isin(scale.top)].sum()) / float(w.sum())
    valid = answers.isin(scale.levels)
    scores = answers[valid].map(scale.score_map).astype(float)
    mean = float(np.average(scores, weights=w[valid]))
    return 100 * top, mean, kish_n_eff(w.to_numpy())


def test_weighted_summary_uses_the_weights(weighted):
    summary = likert_summary(weighted.weighted_counts, codebook=weighted.codebook)
    plain = likert_summary(weighted.counts, codebook=weighted.codebook)
    assert summary.attrs["weighted"] and summary["weight_column"].eq("weight").all()
    for item_id in weighted.items:
        row = summary.set_index("item_id").loc[item_id]
        top, mean, n_eff = _by_hand(weighted, item_id)
        assert row["top2_pct"] == pytest.approx(top)
        assert row["mean"] == pytest.approx(mean)
        assert row["n_eff"] == pytest.approx(n_eff)
        assert row["weighted_n"] == pytest.approx(float(weighted.weights.sum()))
        low, high = wilson_bounds(top / 100, n_eff)
        assert (row["top2_ci_low"], row["top2_ci_high"]) == pytest.approx((100 * low, 100 * high))
        assert row["n"] == weighted.respondents  # the unweighted base stays
    # the example's weights move every top-two share: a summary ignoring them is wrong
    assert not np.allclose(summary["top2_pct"], plain["top2_pct"])


def test_equal_weights_give_the_unweighted_summary(weighted):
    same = ls.with_weights(weighted, [2.5] * weighted.respondents)
    for base in ("respondents", "valid"):
        w = likert_summary(same.weighted_counts, codebook=same.codebook, base=base)
        u = likert_summary(same.counts, codebook=same.codebook, base=base)
        for column in ("top2_pct", "middle_pct", "bottom2_pct", "net_pct", "mean", "sd"):
            np.testing.assert_allclose(w[column], u[column], err_msg=column)
        for column in ("top2_ci_low", "top2_ci_high"):
            np.testing.assert_allclose(w[column], u[column], err_msg=column)
        assert w["median"].tolist() == u["median"].tolist()
        assert w["rank"].tolist() == u["rank"].tolist()


def test_weighted_median_follows_the_weights():
    df = pd.DataFrame({"t9_sanctions": ["Strongly agree", "Disagree", "Disagree"]})
    wave = ls.wave_from_responses(df, items=["t9_sanctions"])
    heavy_top = ls.weighted_counts(wave, [10.0, 1.0, 1.0])
    row = likert_summary(heavy_top).iloc[0]
    assert row["median"] == "Strongly agree" and row["mean"] == pytest.approx((50 + 4) / 12)
    assert row["top2_pct"] == pytest.approx(100 * 10 / 12)


def test_weighted_shares_use_the_weights(weighted):
    frame = weighted.weighted_counts
    shares = likert_shares(frame, codebook=weighted.codebook)
    assert shares.attrs["weighted"]
    np.testing.assert_allclose(shares.groupby("item_id")["share"].sum(), 100)
    merged = shares.merge(frame, on=["item_id", "response"], suffixes=("", "_f"))
    np.testing.assert_allclose(merged["share"], merged["weighted_percent"])
    assert (merged["count"] == merged["count_f"]).all()  # counts stay unweighted
    valid = likert_shares(frame, codebook=weighted.codebook, base="valid")
    assert valid.loc[~valid.substantive, "share"].isna().all()
    np.testing.assert_allclose(valid.groupby("item_id")["share"].sum(), 100)


def test_weighted_item_with_no_substantive_answer_is_undefined():
    df = pd.DataFrame({"t9_sanctions": ["", ""], "t9_chair_funding": ["Agree", ""]})
    wave = ls.wave_from_responses(df, items=["t9_sanctions", "t9_chair_funding"])
    summary = likert_summary(ls.weighted_counts(wave, [1.0, 3.0])).set_index("item_id")
    row = summary.loc["t9_sanctions"]
    assert math.isnan(row["top2_pct"]) and math.isnan(row["net_pct"]) and pd.isna(row["rank"])
    assert summary.loc["t9_chair_funding", "top2_pct"] == pytest.approx(25.0)


def test_comparison_shows_weighted_and_unweighted_bases(weighted):
    from lscb_survey.analysis.compare import compare_waves

    c = compare_waves(weighted.counts, weighted, codebook=weighted.codebook, n_resamples=200)
    assert (c["n_b"] == weighted.respondents).all() and (c["n_a"] == weighted.respondents).all()
    np.testing.assert_allclose(c["weighted_n_b"], float(weighted.weights.sum()))
    np.testing.assert_allclose(c["weighted_n_a"], weighted.respondents)  # unweighted side
    assert c.attrs["weighted"] == {"a": False, "b": True}

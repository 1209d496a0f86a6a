"""Design-based estimates: bases, intervals, groups, arguments (agreement with R is in
test_estimates_r.py)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import lscb_survey as ls
from lscb_survey.analysis.estimates import ESTIMATE_COLUMNS, MEAN_COLUMNS


@pytest.fixture(scope="module")
def wave():
    return ls.read_wave(ls.config.examples_dir() / "wave-example-2016.csv", population=360)


def test_table8_2012_with_the_finite_population_correction():
    est = ls.estimate(ls.published_wave())
    assert list(est.columns) == list(ESTIMATE_COLUMNS)
    row = est[(est.item_id == "t8_willingness") & (est.response == "Agree")].iloc[0]
    p = 35 / 57
    # unweighted: the variance of a proportion under sampling without replacement
    assert row.share == pytest.approx(p, abs=1e-15)
    assert row.se == pytest.approx(np.sqrt((1 - 57 / 148) * p * (1 - p) / 56), rel=1e-12)
    assert row.deff == pytest.approx(1.0, rel=1e-12)
    no_fpc = ls.estimate(dataclasses.replace(ls.published_wave(), population=None))
    ratio = est["se"] / no_fpc["se"]
    assert np.allclose(ratio[est["se"] > 0], np.sqrt(1 - 57 / 148))
    assert no_fpc["deff"].isna().all()  # R: weights of 1 add up to n, deff undefined


def test_shares_add_up_and_valid_base_leaves_missing_out(wave):
    est = ls.estimate(wave)
    np.testing.assert_allclose(est.groupby("item_id")["share"].sum(), 1.0)
    valid = ls.estimate(wave, base="valid")
    assert "Not specified" not in set(valid["response"])
    np.testing.assert_allclose(valid.groupby("item_id")["share"].sum(), 1.0)
    assert (valid["n"] <= wave.respondents).all()


@pytest.mark.parametrize("ci", ["logit", "beta", "wilson"])
def test_intervals_contain_the_share(wave, ci):
    est = ls.estimate(wave, ci=ci, level=0.9)
    ok = est["se"] > 0
    assert (est.loc[ok, "ci_low"] <= est.loc[ok, "share"]).all()
    assert (est.loc[ok, "share"] <= est.loc[ok, "ci_high"]).all()
    wider = ls.estimate(wave, ci=ci, level=0.99)
    assert (
        wider.loc[ok, "ci_high"] - wider.loc[ok, "ci_low"]
        > est.loc[ok, "ci_high"] - est.loc[ok, "ci_low"]
    ).all()


def test_groups_are_domains_of_the_whole_design(wave):
    by = ls.estimate(wave, by="lscb_type")
    assert list(by.columns) == ["lscb_type", *ESTIMATE_COLUMNS]
    county = by[(by.lscb_type == "County") & (by.item_id == "t8_willingness")]
    assert county["n"].iloc[0] == (wave.attributes["lscb_type"] == "County").sum()
    # the overall share is the weighted average of the group shares
    overall = ls.estimate(wave).set_index(["item_id", "response"])["share"]
    sizes = wave.attributes["lscb_type"].value_counts()
    mix = by.assign(w=by["lscb_type"].map(sizes).astype(float))
    avg = (mix["share"] * mix["w"]).groupby([mix["item_id"], mix["response"]]).sum() / len(
        wave.attributes
    )
    np.testing.assert_allclose(avg.reindex(overall.index), overall, atol=1e-12)


def test_means_are_domain_means_of_scores(wave):
    m = ls.estimate_means(wave, by="region")
    assert list(m.columns) == ["region", *MEAN_COLUMNS]
    item = wave.responses["t8_willingness"].astype(str)
    scores = wave.codebook.scale_of("t8_willingness").score_map
    values = item.map(scores).dropna()
    overall = ls.estimate_means(wave).set_index("item_id")
    assert overall.loc["t8_willingness", "mean"] == pytest.approx(values.mean())
    assert overall.loc["t8_willingness", "n"] == len(values)


def test_bad_arguments(wave):
    with pytest.raises(ValueError, match="ci"):
        ls.estimate(wave, ci="wald")
    with pytest.raises(ValueError, match="base"):
        ls.estimate(wave, base="all")
    with pytest.raises(ValueError, match="level"):
        ls.estimate(wave, level=1.5)
    with pytest.raises(ValueError, match="no attribute"):
        ls.estimate(wave, by="colour")
    with pytest.raises(ValueError, match="respondent-level"):
        ls.estimate(ls.published_wave(), by="region")
    assert "finite population correction for 360" in ls.estimate(wave).attrs["design"]
    assert isinstance(ls.estimate_means(wave), pd.DataFrame)

"""A wave offering "Don't know" compared with 2012: the substantive base, never a blank item."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from lscb_survey import published_wave, wave_from_responses
from lscb_survey.analysis.comparability import level_match, scale_match
from lscb_survey.analysis.compare import compare_waves
from lscb_survey.analysis.compare_tests import compare_distributions
from lscb_survey.analysis.trends import compare_series, series_summary, trend_tests
from lscb_survey.data.codebook import Codebook, default_codebook

FAST = {"n_resamples": 2000, "max_tables": 2000}
ANSWERS = [
    "Strongly agree", "Agree", "Agree", "Neither agree nor disagree", "Disagree",
    "Don't know", "", "Agree", "Strongly disagree", "Don't know", "Agree",
]  # fmt: skip


def dont_know_book(missing=("Not specified", "Don't know"), name="agree5") -> Codebook:
    """The Table 8 items on the 2012 agree scale with extra non-substantive levels."""
    book = default_codebook()
    agree = replace(book.scales["agree5"], name=name, missing=tuple(missing))
    items = tuple(replace(i, scale=name) for i in book.items if i.table == 8)
    return Codebook("dont-know", {name: agree}, items)


def dont_know_wave(n: int = 66, name: str = "later", **kwargs) -> object:
    book = dont_know_book(**kwargs)
    ids = [i.id for i in book.items]
    cycle = itertools.cycle(ANSWERS)
    data = {item: [next(cycle) for _ in range(n)] for item in ids}
    return wave_from_responses(pd.DataFrame(data), book, name=name)


@pytest.fixture(scope="module")
def later():
    return dont_know_wave()


@pytest.fixture(scope="module")
def comparison(later):
    return compare_waves(published_wave(), later, **FAST)


def test_scales_differing_only_in_non_substantive_levels_are_comparable():
    agree5 = default_codebook().scales["agree5"]
    assert scale_match(agree5, agree5) == "same"
    assert scale_match(agree5, replace(agree5, missing=("Not specified", "Don't know"))) == (
        "substantive"
    )
    assert scale_match(agree5, replace(agree5, missing=("No answer",))) == "substantive"
    shouted = replace(
        agree5, levels=tuple(x.upper() for x in agree5.levels), centre=agree5.centre.upper()
    )
    assert scale_match(agree5, shouted) == "same"  # labels compared after normalisation
    assert scale_match(agree5, replace(agree5, levels=agree5.levels[::-1])) == "different"
    assert level_match(["Yes", "No"], [], ["Yes", "No", "Maybe"], []) == "different"


def test_every_shared_item_gets_change_interval_and_p(comparison, later):
    shared = comparison[comparison.item_id.isin(later.items)]
    assert set(shared["status"]) == {"both"} and set(shared["base"]) == {"valid"}
    for item_id, rows in shared.groupby("item_id"):
        on_scale = rows[rows.substantive.astype(bool)]
        assert len(on_scale) == 5, item_id
        for column in ("change_pp", "ci_low", "ci_high", "p_value", "item_p_value"):
            assert on_scale[column].notna().all(), (item_id, column)
        np.testing.assert_allclose(on_scale["pct_a"].sum(), 100)
        np.testing.assert_allclose(on_scale["pct_b"].sum(), 100)
        off = rows[~rows.substantive.astype(bool)]
        assert set(off.response) == {"Not specified", "Don't know"}
        assert off[["pct_a", "pct_b", "change_pp", "p_value"]].isna().all().all()
    # items of the other tables are unchanged: only in 2012, on the respondents base
    other = comparison[~comparison.item_id.isin(later.items)]
    assert set(other["status"]) == {"only in a"} and set(other["base"]) == {"respondents"}


def test_substantive_base_percentages_and_counts(comparison, later):
    row = comparison[(comparison.item_id == "t8_willingness") & (comparison.response == "Agree")]
    row = row.iloc[0]
    answers = later.responses["t8_willingness"].astype(str)
    on_scale = answers.isin(default_codebook().scales["agree5"].levels)
    assert row["n_b"] == on_scale.sum()
    assert row["pct_b"] == pytest.approx(100 * (answers == "Agree").sum() / on_scale.sum())
    t8 = published_wave().counts.query("item_id == 't8_willingness'")
    valid_a = t8.loc[t8.response != "Not specified", "count"].sum()
    assert row["n_a"] == valid_a


def test_the_caveat_says_which_items_are_on_the_substantive_base(comparison):
    caveat = comparison.attrs["caveat"]
    assert "substantive base" in caveat and "10 items" in caveat
    plain = compare_waves(published_wave(), published_wave(), **FAST)
    assert "substantive base" not in plain.attrs["caveat"]
    assert set(plain["base"]) == {"respondents"}


def test_distributions_are_tested_on_the_substantive_answers(later):
    d = compare_distributions(published_wave(), later, **FAST).set_index("item_id")
    tested = d.loc[list(later.items)]
    assert tested["p_value"].notna().all() and set(tested["base"]) == {"valid"}
    assert "substantive base" in d.attrs["caveat"]


def test_series_and_trend_agree_with_the_comparison(later):
    waves = [published_wave(), later]
    series = compare_series(waves)
    item = series[series.item_id == "t8_willingness"]
    assert set(item["base"]) == {"valid"}
    sums = item[item.substantive].groupby("wave")["pct"].sum()
    np.testing.assert_allclose(sums, 100)
    assert item.loc[~item.substantive, "pct"].isna().all()
    assert "substantive base" in series.attrs["caveat"]
    summary = series_summary(waves)
    rows = summary[summary.item_id.isin(later.items)]
    assert set(rows["base"]) == {"valid"} and rows["top2_pct"].notna().all()
    other = summary[~summary.item_id.isin(later.items)]
    assert set(other["base"]) == {"respondents"}
    tests = trend_tests(waves).set_index("item_id").loc[list(later.items)]
    assert tests["p_value"].notna().all()
    assert tests["note"].str.contains("substantive base").all()

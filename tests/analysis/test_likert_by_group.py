"""Likert summaries and shares by respondent group."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import lscb_survey as ls
from lscb_survey import config
from lscb_survey.errors import MissingColumnError


@pytest.fixture(scope="module")
def wave() -> ls.Wave:
    return ls.read_wave(config.examples_dir() / "wave-example.csv")


def _joined(wave: ls.Wave) -> pd.DataFrame:
    assert wave.responses is not None and wave.attributes is not None
    return wave.responses.join(wave.attributes)


@pytest.mark.parametrize("attr", ["region", "lscb_type"])
def test_grouped_summary_equals_a_pandas_groupby(wave, attr):
    summary = ls.likert_summary(wave.counts_by(attr), by=attr)
    book = wave.codebook
    joined = _joined(wave)
    assert list(summary.columns[:2]) == [attr, "table"]
    for item in wave.items:
        scale = book.scale_of(item)
        scores = joined[item].astype(str).map(scale.score_map)
        top = joined[item].isin(scale.top)
        bottom = joined[item].isin(scale.bottom)
        grouped = pd.DataFrame({"g": joined[attr], "s": scores, "top": top, "bottom": bottom})
        expected = grouped.groupby("g", observed=False).agg(
            n=("s", "size"),
            n_valid=("s", "count"),
            mean=("s", "mean"),
            sd=("s", "std"),
            top=("top", "sum"),
            bottom=("bottom", "sum"),
        )
        got = summary[summary["item_id"] == item].set_index(attr)
        got = got.reindex(expected.index)
        assert got["n"].tolist() == expected["n"].tolist()
        assert got["n_valid"].tolist() == expected["n_valid"].tolist()
        np.testing.assert_allclose(got["mean"], expected["mean"], rtol=1e-12)
        np.testing.assert_allclose(got["sd"], expected["sd"], rtol=1e-12)
        with np.errstate(invalid="ignore", divide="ignore"):
            top_pct = 100 * expected["top"] / expected["n"]
            net = 100 * (expected["top"] - expected["bottom"]) / expected["n"]
        np.testing.assert_allclose(got["top2_pct"], top_pct, rtol=1e-12)
        np.testing.assert_allclose(got["net_pct"], net, rtol=1e-12)


@pytest.mark.parametrize("attr", ["region", "lscb_type"])
def test_grouped_shares_equal_a_crosstab(wave, attr):
    shares = ls.likert_shares(wave.counts_by(attr), by=attr)
    joined = _joined(wave)
    for item in wave.items:
        table = pd.crosstab(joined[attr], joined[item], dropna=False)
        pct = table.div(table.sum(axis=1), axis=0) * 100
        got = shares[shares["item_id"] == item].pivot_table(
            index=attr, columns="response", values="share", observed=True, dropna=False
        )
        got = got.reindex(index=pct.index, columns=pct.columns)
        np.testing.assert_allclose(got.to_numpy(), pct.to_numpy(), rtol=1e-12)
        assert (shares.loc[shares["item_id"] == item, "item_order"].nunique()) == 1


def test_empty_group_gives_missing_percentages():
    df = pd.DataFrame({"t9_sanctions": ["Agree", "Disagree"], "lscb_type": ["County", "County"]})
    wave = ls.wave_from_responses(df, items=["t9_sanctions"])
    summary = ls.likert_summary(wave.counts_by("lscb_type"), by="lscb_type").set_index("lscb_type")
    assert summary.loc["County", "top2_pct"] == 50
    assert math.isnan(summary.loc["Unitary", "top2_pct"]) and summary.loc["Unitary", "n"] == 0
    assert summary.attrs["by"] == "lscb_type"


def test_ungrouped_results_are_unchanged_for_one_group(wave):
    counts = wave.counts.assign(all="everyone")
    grouped = ls.likert_summary(counts, by="all").drop(columns="all")
    pd.testing.assert_frame_equal(grouped, ls.likert_summary(wave.counts), check_dtype=False)


def test_missing_group_column_is_an_error(wave):
    with pytest.raises(MissingColumnError, match="region"):
        ls.likert_summary(wave.counts, by="region")
    with pytest.raises(TypeError):
        ls.likert_shares(wave.counts, by=3)  # type: ignore[arg-type]

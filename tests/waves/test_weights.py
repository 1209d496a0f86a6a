"""Respondent weights: weighted counts, reading and checking weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lscb_survey import published_wave, read_wave, wave_from_responses
from lscb_survey.config import examples_dir
from lscb_survey.data.codebook import read_codebook
from lscb_survey.errors import CellFormatError, MissingColumnError, SurveyDataError
from lscb_survey.stats.weights import kish_n_eff
from lscb_survey.waves.weights import (
    WeightedWave,
    read_weighted_wave,
    weighted_counts,
    with_weights,
)

CODES = examples_dir() / "wave-example-codes.csv"
CODEBOOK = examples_dir() / "wave-example-codebook.toml"


def _small_wave():
    df = pd.DataFrame(
        {
            "id": ["r1", "r2", "r3", "r4", "r5"],
            "t9_sanctions": ["Agree", "Agree", "Disagree", "", "Strongly agree"],
            "t9_chair_funding": ["Agree", "Disagree", "Disagree", "Agree", ""],
        }
    )
    return wave_from_responses(df, items=["t9_sanctions", "t9_chair_funding"], id_column="id")


def test_weighted_counts_by_hand():
    wave = _small_wave()
    w = [1.0, 2.0, 3.0, 4.0, 0.5]
    c = weighted_counts(wave, w)
    pd.testing.assert_frame_equal(c[list(wave.counts.columns)], wave.counts)  # unweighted kept
    item = c[c.item_id == "t9_sanctions"].set_index(
        c.loc[c.item_id == "t9_sanctions", "response"].astype(str)
    )
    assert item.loc["Agree", "weighted_count"] == 3.0
    assert item.loc["Disagree", "weighted_count"] == 3.0
    assert item.loc["Not specified", "weighted_count"] == 4.0
    assert item.loc["Neither agree nor disagree", "weighted_count"] == 0.0
    assert item["weighted_n"].iloc[0] == 10.5
    assert item.loc["Agree", "weighted_percent"] == pytest.approx(100 * 3 / 10.5)
    assert item["weighted_count"].sum() == pytest.approx(10.5)
    assert item["n_eff"].iloc[0] == pytest.approx(10.5**2 / (1 + 4 + 9 + 16 + 0.25))
    # respondents with a substantive answer: r1, r2, r3, r5
    assert item["n_eff_valid"].iloc[0] == pytest.approx(6.5**2 / (1 + 4 + 9 + 0.25))


def test_series_weights_match_by_respondent_id():
    wave = _small_wave()
    w = pd.Series([1.0, 2.0, 3.0, 4.0, 0.5], index=["r1", "r2", "r3", "r4", "r5"])
    shuffled = w.iloc[[4, 2, 0, 3, 1]]
    a, b = with_weights(wave, w), with_weights(wave, shuffled)
    pd.testing.assert_series_equal(a.weights, b.weights)
    assert isinstance(a, WeightedWave) and a.counts.equals(wave.counts)
    pd.testing.assert_frame_equal(a.weighted_counts, weighted_counts(wave, w))


def test_bad_weights_are_listed_by_respondent():
    wave = _small_wave()
    with pytest.raises(CellFormatError) as err:
        with_weights(wave, [1.0, -2.0, "heavy", None, float("inf")])
    text = str(err.value)
    for who in ("'r2'", "'r3'", "'r4'", "'r5'"):
        assert who in text
    assert "'r1'" not in text
    with pytest.raises(SurveyDataError, match="4 weights for 5 respondents"):
        with_weights(wave, [1.0] * 4)
    with pytest.raises(CellFormatError, match="add up to zero"):
        with_weights(wave, [0.0] * 5)
    with pytest.raises(SurveyDataError, match="respondent-level"):
        with_weights(published_wave(), [1.0] * 57)
    with pytest.raises(SurveyDataError, match="no weights"):
        weighted_counts(wave)


def test_read_weighted_wave_takes_the_codebook_weight_column():
    wave = read_weighted_wave(CODES, CODEBOOK)
    raw = pd.read_csv(CODES, dtype={"case": str})
    expected = raw.set_index("case")["weight"].astype(float)
    got = wave.weights.copy()
    got.index = got.index.map(str)
    pd.testing.assert_series_equal(got, expected.reindex(got.index), check_names=False)
    assert wave.weights.name == "weight"
    assert wave.n_eff == pytest.approx(kish_n_eff(raw["weight"]))
    plain = read_wave(CODES, CODEBOOK)
    pd.testing.assert_frame_equal(wave.counts, plain.counts)


def test_read_weighted_wave_without_ids_aligns_rows(tmp_path):
    raw = pd.read_csv(CODES, dtype=str)
    path = tmp_path / "no-ids.csv"
    raw.drop(columns="case").to_csv(path, index=False)
    wave = read_weighted_wave(path, CODEBOOK, id_column=None)
    np.testing.assert_allclose(wave.weights.to_numpy(), raw["weight"].astype(float).to_numpy())


def test_weight_column_must_exist(tmp_path):
    with pytest.raises(MissingColumnError, match="no weight column"):
        read_weighted_wave(examples_dir() / "wave-example.csv")
    raw = pd.read_csv(CODES, dtype=str).drop(columns="weight")
    path = tmp_path / "unweighted.csv"
    raw.to_csv(path, index=False)
    with pytest.raises(MissingColumnError, match="weight"):
        read_weighted_wave(path, read_codebook(CODEBOOK))

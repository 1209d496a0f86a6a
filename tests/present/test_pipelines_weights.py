"""Weights reach every output of the wave pipelines, or the pipeline says it cannot use them."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

import lscb_survey as ls
from lscb_survey.config import examples_dir
from lscb_survey.errors import SurveyDataError
from lscb_survey.present.layout import published_layout
from lscb_survey.present.pipelines import group_report, load_wave, wave_summary, wave_trend
from lscb_survey.present.report import wave_report
from lscb_survey.waves.weights import WeightedWave

CODES = examples_dir() / "wave-example-codes.csv"
BOOK = examples_dir() / "wave-example-codebook.toml"


@pytest.fixture(scope="module")
def weighted():
    return load_wave(CODES, BOOK)


def _weighted_top2(wave, item_id: str) -> float:
    """The weighted top-two share of an item, straight from the answers and weights."""
    scale = wave.codebook.scale_of(item_id)
    top = wave.responses[item_id].astype(str).isin(scale.top)
    return 100 * float(wave.weights[top].sum()) / float(wave.weights.sum())


def _synthetic_weights(wave) -> np.ndarray:
    return np.linspace(0.2, 3.0, wave.respondents)


def test_load_wave_is_weighted_when_the_codebook_names_weights(weighted):
    assert isinstance(weighted, WeightedWave)
    assert not isinstance(load_wave(CODES, BOOK, unweighted=True), WeightedWave)


def test_wave_summary_is_weighted(tmp_path, weighted):
    result = wave_summary(CODES, tmp_path / "w", codebook=BOOK, figures=False)
    summary = pd.read_csv(tmp_path / "w" / "summary.csv").set_index("item_id")
    for item_id in weighted.items:
        assert summary.loc[item_id, "top2_pct"] == pytest.approx(_weighted_top2(weighted, item_id))
    assert (summary["n"] == 120).all() and (summary["weighted_n"] > 120).all()
    assert summary["weight_column"].eq("weight").all()
    counts = pd.read_csv(tmp_path / "w" / "counts.csv")
    assert {"weighted_count", "n_eff"} <= set(counts.columns)
    assert any(line.startswith("weighted by 'weight'") for line in result.report_lines())

    plain = wave_summary(CODES, tmp_path / "u", codebook=BOOK, figures=False, unweighted=True)
    unweighted = pd.read_csv(tmp_path / "u" / "summary.csv").set_index("item_id")
    assert "weighted_n" not in unweighted.columns
    assert not any("weighted by" in line for line in plain.report_lines())
    assert unweighted.loc["early_help", "top2_pct"] != pytest.approx(
        summary.loc["early_help", "top2_pct"]
    )


def test_printed_tables_show_weighted_percentages():
    wave = ls.read_wave(examples_dir() / "wave-example.csv")
    weighted = ls.with_weights(wave, _synthetic_weights(wave))
    frame = weighted.weighted_counts
    row = frame[(frame.item_id == "t5_shared_understanding") & (frame.response == "Agree")].iloc[0]
    layout = published_layout(5, wave=weighted)
    expected = int(np.floor(row["weighted_percent"] + 0.5))
    assert layout.loc["Agree", "Percentage"] == str(expected)
    assert layout.loc["Agree", "Frequency"] == str(int(row["count"]))  # counts stay unweighted
    assert (
        layout.loc["Agree", "Percentage"]
        != published_layout(5, wave=wave).loc["Agree", "Percentage"]
    )


def test_outputs_without_a_weighted_form_refuse_a_weighted_wave(tmp_path):
    wave = ls.read_wave(examples_dir() / "wave-example.csv")
    weighted = ls.with_weights(wave, _synthetic_weights(wave))
    with pytest.raises(SurveyDataError, match="no weighted form yet"):
        wave_summary(weighted, tmp_path / "s", by="region", figures=False)
    with pytest.raises(SurveyDataError, match="no weighted form yet"):
        group_report(weighted, "region", tmp_path / "g", figures=False)
    with pytest.raises(SurveyDataError, match="no weighted form yet"):
        wave_report(weighted, tmp_path / "r", by="region")
    with pytest.raises(SurveyDataError, match="no weighted form yet"):
        wave_report(weighted, tmp_path / "r", suppress=5)


def test_wave_report_names_the_weighting(tmp_path):
    wave = ls.read_wave(examples_dir() / "wave-example.csv")
    weighted = ls.with_weights(wave, _synthetic_weights(wave))
    text = wave_report(weighted, tmp_path, workbook=tmp_path / "t.xlsx").read_text(encoding="utf-8")
    notes = openpyxl.load_workbook(tmp_path / "t.xlsx")["Notes"]
    assert any("weighted by" in str(c.value) for row in notes.iter_rows() for c in row)
    assert "weighted by" in text and "Kish effective n" in text and "Weighted n" in text
    summary = ls.likert_summary(weighted.weighted_counts)
    top = summary.set_index("item_id").loc["t7_innovation", "top2_pct"]
    assert f"{top:.1f}" in text  # the weighted top-two share is what the page prints


def test_wave_trend_uses_weights_and_items(tmp_path):
    run = wave_trend(
        ["2012", CODES, CODES], tmp_path, codebook=BOOK, names=["2012", "x", "y"],
        figures=False, items=["early_help", "learning"],
    )  # fmt: skip
    series = pd.read_csv(tmp_path / "series.csv")
    assert set(series.loc[series.wave == "x", "item_id"]) == {"early_help", "learning"}
    assert series.loc[series.wave == "x", "weighted"].all()
    x = series[(series.wave == "x") & (series.item_id == "early_help")]
    weighted = load_wave(CODES, BOOK)
    agree = x[x.response == "Agree"]["pct"].iloc[0]
    answers = weighted.responses["early_help"].astype(str)
    by_hand = 100 * weighted.weights[answers == "Agree"].sum() / weighted.weights.sum()
    assert agree == pytest.approx(by_hand)
    assert "trend tests use unweighted counts" in run.caveat
    assert any("weighted by 'weight'" in line for line in run.report_lines())

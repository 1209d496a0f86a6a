"""``population`` and ``rake_to`` of the wave pipelines: design-based intervals and estimates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lscb_survey as ls
from lscb_survey.errors import SurveyDataError
from lscb_survey.present.pipelines import wave_comparison, wave_summary, wave_trend
from lscb_survey.present.pipelines.estimates import design_wave, read_margins
from lscb_survey.present.report import wave_report
from lscb_survey.waves.weights import WeightedWave

EXAMPLE = ls.config.examples_dir() / "wave-example.csv"
MARGINS = Path(__file__).parents[1] / "stats" / "r" / "cases" / "margins-240.csv"


def _se(path: Path) -> pd.Series:
    return pd.read_csv(path, encoding="utf-8-sig")["se"]


def test_summary_with_margins_writes_the_raked_estimates(tmp_path):
    run = wave_summary(EXAMPLE, tmp_path, figures=False, population=400, rake_to=MARGINS)
    names = [p.name for p in run.files]
    assert names[:2] == ["counts.csv", "summary.csv"] and "estimate-means.csv" in names
    raked = ls.rake(ls.read_wave(EXAMPLE, population=400), read_margins(MARGINS))
    expected = ls.estimate(raked)["se"]
    pd.testing.assert_series_equal(_se(tmp_path / "estimates.csv"), expected, rtol=1e-12)
    assert isinstance(run.wave, WeightedWave) and run.wave.population == 400


def test_without_design_options_no_estimates_are_written(tmp_path):
    run = wave_comparison("2012", EXAMPLE, tmp_path, figures=False)
    assert [p.name for p in run.files] == ["comparison.csv", "distributions.csv"]
    assert not (tmp_path / "estimates.csv").exists()


def test_comparison_design_applies_to_the_later_wave(tmp_path):
    run = wave_comparison("2012", EXAMPLE, tmp_path, figures=False, population=300)
    expected = ls.compare_waves(ls.published_wave(), ls.read_wave(EXAMPLE, population=300))
    np.testing.assert_allclose(run.comparison["ci_high"], expected["ci_high"], equal_nan=True)
    plain = ls.compare_waves(ls.published_wave(), ls.read_wave(EXAMPLE))
    assert not np.allclose(run.comparison["ci_high"], plain["ci_high"], equal_nan=True)
    assert "estimates.csv" in [p.name for p in run.files]


def test_trend_design_applies_to_the_latest_wave_only(tmp_path):
    run = wave_trend(["2012", EXAMPLE], tmp_path, figures=False, population=300)
    assert run.waves[0].population == ls.published_wave().population
    assert run.waves[-1].population == 300
    expected = ls.estimate(ls.read_wave(EXAMPLE, population=300))["se"]
    pd.testing.assert_series_equal(_se(tmp_path / "estimates.csv"), expected, rtol=1e-12)


def test_report_writes_estimates_beside_the_page(tmp_path):
    page = wave_report(EXAMPLE, tmp_path, population=300, by="lscb_type")
    assert page.exists()
    expected = ls.estimate(ls.read_wave(EXAMPLE, population=300))["se"]
    pd.testing.assert_series_equal(_se(tmp_path / "estimates.csv"), expected, rtol=1e-12)
    assert (tmp_path / "estimates-by-lscb_type.csv").exists()


@pytest.mark.parametrize("run", [wave_comparison, wave_report])
def test_design_estimates_are_refused_with_suppression(tmp_path, run):
    args = ("2012", EXAMPLE) if run is wave_comparison else (EXAMPLE,)
    with pytest.raises(SurveyDataError, match="no suppressed form"):
        run(*args, tmp_path, suppress=5, population=300)
    assert not (tmp_path / "estimates.csv").exists()


def test_design_wave_keeps_the_name_and_can_ignore_weights():
    ex = ls.config.examples_dir()
    wave = design_wave(
        ex / "wave-example-codes.csv", ex / "wave-example-codebook.toml", unweighted=True,
        name="w", population=500,
    )  # fmt: skip
    assert not isinstance(wave, WeightedWave)
    assert (wave.name, wave.population) == ("w", 500)


def test_report_methods_state_the_design(tmp_path):
    page = wave_report(EXAMPLE, tmp_path / "raked", population=400, rake_to=MARGINS)
    text = page.read_text(encoding="utf-8")
    design = text[text.index("<strong>Design.</strong>") :].split("</p>")[0]
    assert "raked to population totals of lscb_type, region" in design
    assert "Unweighted n 240, weighted n 400.0" in design
    assert "1 - n/N = 1 - 240/400 = 0.400" in design
    plain = wave_report(EXAMPLE, tmp_path / "plain").read_text(encoding="utf-8")
    assert "<strong>Design.</strong>" not in plain

"""Raking and post-stratification of waves: margins met, errors naming attribute and level."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import lscb_survey as ls
from lscb_survey.waves.calibration import MarginError, design_of


@pytest.fixture(scope="module")
def wave():
    return ls.read_wave(ls.config.examples_dir() / "wave-example-2016.csv", population=360)


def _margin(wave, attr, factor=2.0):
    return {str(k): factor * v for k, v in wave.attributes[attr].value_counts().items()}


def test_raking_meets_every_margin(wave):
    types = _margin(wave, "lscb_type")
    regions = {k: v for k, v in _margin(wave, "region").items()}
    # move weight between two regions so that raking has work to do
    regions["North West"] += 20
    regions["North East"] -= 20
    raked = ls.rake(wave, {"lscb_type": types, "region": regions})
    for attr, totals in (("lscb_type", types), ("region", regions)):
        sums = raked.weights.groupby(wave.attributes[attr].astype(str)).sum()
        for level, total in totals.items():
            assert sums[level] == pytest.approx(total, rel=1e-9)
    assert raked.calibration.kind == "rake" and raked.calibration.sweeps > 1
    assert raked.population == 360 and raked.counts.equals(wave.counts)
    assert design_of(raked).calibration is not None


def test_poststratification_scales_within_levels(wave):
    totals = _margin(wave, "lscb_type", 1.5)
    ps = ls.poststratify(wave, "lscb_type", totals)
    sums = ps.weights.groupby(wave.attributes["lscb_type"].astype(str)).sum()
    assert sums.to_dict() == pytest.approx(totals)
    # starting weights are kept within a level
    w = ls.with_weights(wave, np.linspace(1, 2, wave.respondents))
    ps2 = ls.poststratify(w, "lscb_type", totals)
    ratio = ps2.weights / w.weights
    spread = ratio.groupby(wave.attributes["lscb_type"].astype(str)).agg(
        lambda r: r.max() - r.min()
    )
    assert spread.max() < 1e-12


def test_impossible_margins_name_attribute_and_level(wave):
    totals = _margin(wave, "lscb_type")
    missing = dict(totals)
    del missing["County"]
    with pytest.raises(MarginError, match="'lscb_type'.*'County'.*no total"):
        ls.rake(wave, {"lscb_type": missing})
    with pytest.raises(MarginError, match="'Shire'"):
        ls.rake(wave, {"lscb_type": {**totals, "Shire": 3}})
    zero = {**totals, "County": 0}
    with pytest.raises(MarginError, match="'County'"):
        ls.poststratify(wave, "lscb_type", zero)
    with pytest.raises(MarginError, match="'County'.*finite"):
        ls.rake(wave, {"lscb_type": {**totals, "County": -1}})
    with pytest.raises(MarginError, match="no attribute 'colour'"):
        ls.rake(wave, {"colour": {"red": 1}})


def test_an_empty_level_with_a_positive_total_is_an_error():
    df = pd.DataFrame({"t9_sanctions": ["Agree", "Disagree"], "lscb_type": ["County", "Unitary"]})
    small = ls.wave_from_responses(df, items=["t9_sanctions"])
    with pytest.raises(MarginError, match="'Metropolitan'.*no unit"):
        ls.rake(small, {"lscb_type": {"County": 1, "Unitary": 1, "Metropolitan": 2}})


def test_contradictory_margins_do_not_converge(wave):
    types = _margin(wave, "lscb_type")
    regions = _margin(wave, "region", 3.0)  # adds up to 1.5 times the type totals
    with pytest.raises(MarginError, match="did not converge"):
        ls.rake(wave, {"lscb_type": types, "region": regions}, max_iter=20)


def test_a_calibrated_wave_is_not_calibrated_again(wave):
    raked = ls.rake(wave, {"lscb_type": _margin(wave, "lscb_type")})
    with pytest.raises(ValueError, match="already calibrated"):
        ls.poststratify(raked, "lscb_type", _margin(wave, "lscb_type"))
    with pytest.raises(ls.SurveyDataError, match="no respondent-level data"):
        ls.rake(ls.published_wave(), {"lscb_type": {"County": 1}})


@pytest.mark.parametrize(
    "call",
    [
        lambda: ls.rake(None, None),
        lambda: ls.poststratify("wave", "lscb_type", {}),
    ],
)
def test_calibration_refuses_what_is_not_a_wave(call):
    with pytest.raises(TypeError, match="takes a Wave"):
        call()


@pytest.mark.parametrize("options", [{"max_iter": 0}, {"max_iter": 2.5}, {"tol": 0}, {"tol": "x"}])
def test_rake_refuses_bad_iteration_options(options):
    wave = ls.read_wave(ls.config.examples_dir() / "wave-example.csv")
    margin = {str(k): 2.0 * v for k, v in wave.attributes["lscb_type"].value_counts().items()}
    with pytest.raises(ValueError, match="max_iter|tol"):
        ls.rake(wave, {"lscb_type": margin}, **options)

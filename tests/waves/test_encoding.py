"""Answers to levels: labels, codes, blanks, and every kind of bad answer."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from waves.cases import SMALL_SPEC, T9, counts_of, write_file

import lscb_survey as ls
from lscb_survey.data.codebook import Codebook
from lscb_survey.data.scales import normalise_label
from lscb_survey.waves.constructors import read_wave, wave_from_responses
from lscb_survey.waves.model import WaveValidationError


def test_responses_are_ordered_categoricals_of_canonical_labels():
    df = pd.DataFrame(
        {
            "t9_sanctions": ["  AGREE", "strongly   agree", "Strongly agree", ""],
            "t9_funding_guidance": ["Disagree", None, "not SPECIFIED", "Agree"],
        }
    )
    wave = wave_from_responses(df, items=T9)
    col = wave.responses["t9_sanctions"]
    assert col.dtype == ls.default_codebook().scale_of("t9_sanctions").dtype
    assert col.cat.ordered
    assert col.tolist() == ["Agree", "Strongly agree", "Strongly agree", "Not specified"]
    assert wave.responses["t9_funding_guidance"].tolist() == [
        "Disagree",
        "Not specified",
        "Not specified",
        "Agree",
    ]
    assert wave.responses.index.tolist() == [1, 2, 3, 4]
    assert wave.respondents == 4


def test_curly_quotes_and_codes_with_a_codebook(small):
    df = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e", "f"],
            "Q1": ["1", "2", "9", "8", "", "-99"],
            "Q2": ["Don\u2019t know", "don't   know", "Agree", " neutral", "", "Disagree"],
            "Q3": ["Yes", "no", "NO", "", "yes", "Yes"],
            "w": [1, 1, 2, 1, 1, 1],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the weight column is known: no warning
        wave = wave_from_responses(df, small)
    assert counts_of(wave, "q1") == {
        "Agree": 1,
        "Neutral": 1,
        "Disagree": 0,
        "Not specified": 3,  # code 9, blank, code -99
        "Don't know": 1,  # code 8 keeps its own level
    }
    assert counts_of(wave, "q2") == {
        "Agree": 1,
        "Neutral": 1,
        "Disagree": 1,
        "Not specified": 1,
        "Don't know": 2,
    }
    assert counts_of(wave, "q3") == {"Yes": 3, "No": 2, "Not specified": 1}
    assert wave.responses.index.tolist() == list("abcdef")
    assert wave.counts["table"].isna().all()


def test_categorical_input_counts_only_used_categories():
    values = pd.Categorical(["Agree", "agree", None], categories=["Agree", "agree", "Nonsense"])
    wave = wave_from_responses(pd.DataFrame({"t9_sanctions": values}), items=["t9_sanctions"])
    assert counts_of(wave, "t9_sanctions")["Agree"] == 2
    assert counts_of(wave, "t9_sanctions")["Not specified"] == 1


def test_unknown_label_names_file_row_column_value(tmp_path):
    path = write_file(
        tmp_path / "w.csv",
        "respondent_id,t9_sanctions,t9_funding_guidance\n"
        "r1,Agree,Agree\nr2,Agreee,Agree\nr3,Agreee,Strongly agre\n",
    )
    with pytest.raises(WaveValidationError) as info:
        read_wave(path, items=T9)
    err = info.value
    text = str(err)
    assert str(path) in text
    assert "column 't9_sanctions': unknown label 'Agreee'" in text
    assert "in 2 rows: row 2 (respondent 'r2'), row 3 (respondent 'r3')" in text
    assert "column 't9_funding_guidance': unknown label 'Strongly agre'" in text
    assert err.details["count"].tolist() == [2, 1]
    assert err.details["rows"].tolist() == [(2, 3), (3,)]
    assert err.details["respondents"].tolist() == [("r2", "r3"), ("r3",)]


def test_code_out_of_range(small):
    df = pd.DataFrame({"Q1": [1, 4, 4, 9], "Q2": ["1", "2", "0", "3"], "Q3": "Yes"})
    with pytest.raises(WaveValidationError) as info:
        wave_from_responses(df, small)
    err = info.value
    assert err.kinds == {"code_out_of_range"}
    assert err.details["value"].tolist() == [4, 0]
    assert "code 4 out of range (scale 'agree3' has codes 1, 2, 3, 8; missing codes 9, -99)" in str(
        err
    )
    assert "rows: row 2, row 3" in str(err)


def test_codes_without_declared_codes():
    df = pd.DataFrame({"t9_sanctions": ["2", "4", "2"]})
    with pytest.raises(WaveValidationError, match="declares no codes") as info:
        wave_from_responses(df, items=["t9_sanctions"])
    assert info.value.kinds == {"codes_not_declared"}


def test_mixed_labels_and_codes(small):
    df = pd.DataFrame({"Q1": ["Agree", "2", "Neutral", "3", ""], "Q2": "1", "Q3": "Yes"})
    with pytest.raises(WaveValidationError) as info:
        wave_from_responses(df, small)
    err = info.value
    assert err.kinds == {"mixed_labels_and_codes"}
    assert "column 'Q1' mixes labels (e.g. 'Agree') with numeric codes [2, 3] in 2 rows" in str(err)
    assert err.details["rows"].tolist() == [(2, 4)]


def test_blank_without_a_missing_level():
    spec = {
        "scales": {"yn": {"levels": ["Yes", "No"], "missing": []}},
        "items": [{"id": "q", "label": "Q", "scale": "yn"}],
    }
    book = Codebook.from_dict(spec)
    with pytest.raises(WaveValidationError, match="no non-substantive level"):
        wave_from_responses(pd.DataFrame({"q": ["Yes", ""]}), book)
    assert wave_from_responses(pd.DataFrame({"q": ["Yes", "no"]}), book).respondents == 2


_SMALL = Codebook.from_dict(SMALL_SPEC, source="small.toml")


def _pool(scale, codes: bool) -> list[object]:
    """Every kind of cell an export may hold for one scale (labels or codes, not both)."""
    blanks: list[object] = ["", "  ", None, np.nan]
    if codes:
        numbers = [*scale.codes, *scale.missing_codes]
        return [*numbers, *map(str, numbers), *(float(c) for c in numbers), *blanks]
    labels = []
    for label in scale.categories:
        labels += [label, label.upper(), label.lower(), f"  {label} ", label.replace("'", "\u2019")]
    return [*labels, *blanks]


@st.composite
def _frames(draw):
    n = draw(st.integers(1, 30))
    data = {}
    for item in _SMALL.items:
        scale = _SMALL.scale_of(item.id)
        pool = _pool(scale, bool(scale.codes) and draw(st.booleans()))
        picks = draw(st.lists(st.integers(0, len(pool) - 1), min_size=n, max_size=n))
        data[item.source_column] = [pool[k] for k in picks]
    return pd.DataFrame(data, dtype=object)


def _reference_count(cell, scale) -> str:
    """Plain per-cell Python mapping, independent of the vectorised code."""
    if cell is None or (isinstance(cell, float) and np.isnan(cell)) or not str(cell).strip():
        return scale.missing[0]
    text = str(cell)
    if isinstance(cell, float):
        text = str(int(cell))
    for level in scale.categories:
        if normalise_label(level) == normalise_label(text):
            return level
    code = int(text)
    return scale.codes.get(code, scale.missing[0])  # otherwise a missing code


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_frames())
def test_counts_sum_to_respondents_for_every_input(frame):
    wave = wave_from_responses(frame, _SMALL)
    assert wave.respondents == len(frame)
    for item in _SMALL.items:
        part = wave.counts[wave.counts["item_id"] == item.id]
        assert int(part["count"].sum()) == len(frame)
        scale = _SMALL.scale_of(item.id)
        expected = pd.Series(
            [_reference_count(c, scale) for c in frame[item.source_column]]
        ).value_counts()
        got = counts_of(wave, item.id)
        assert {k: v for k, v in got.items() if v} == expected.to_dict()
        assert (
            wave.responses[item.id].value_counts().sort_index().tolist() == part["count"].tolist()
        )


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=6),
            st.integers(-3, 12),
            st.sampled_from(["Yes", "no", " YES ", "", "Not specified"]),
            st.none(),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_any_column_is_either_counted_whole_or_rejected(values):
    frame = pd.DataFrame({"Q1": "1", "Q2": "2", "Q3": pd.Series(values, dtype=object)})
    try:
        wave = wave_from_responses(frame, _SMALL)
    except WaveValidationError as err:
        assert err.details["column"].eq("Q3").all()
        assert (err.details["count"] > 0).all()
        return
    for item_id in ("q1", "q2", "q3"):
        assert sum(counts_of(wave, item_id).values()) == len(values)

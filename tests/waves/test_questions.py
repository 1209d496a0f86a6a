"""Aliases, missing values, skip logic and multi-select questions, from codebook to counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lscb_survey.data.codebook import Codebook
from lscb_survey.errors import CodebookError
from lscb_survey.waves.constructors import wave_from_responses
from lscb_survey.waves.model import WaveValidationError

RUDE = ["Yes, very rude", "Yes, somewhat rude", "No, not at all rude"]


def _book(**extra_items) -> Codebook:
    spec = {
        "scales": {
            "rude": {
                "levels": RUDE,
                "aliases": {"No, not rude at all": "No, not at all rude"},
                "missing_values": ["NA", "-99"],
            }
        },
        "items": [
            {"id": "q1", "label": "Was it rude?", "scale": "rude"},
            {
                "id": "q2",
                "label": "Was it rude again?",
                "scale": "rude",
                "not_asked": {"column": "seen", "values": ["No"]},
            },
            {"id": "q3", "label": "And now?", "scale": "rude", "not_asked": "Not asked"},
            {
                "id": "media",
                "label": "Media used",
                "kind": "multiple",
                "options": ["Radio", "TV, cable", "Web"],
                "delimiter": ", ",
            },
            {
                "id": "tools",
                "label": "Tools",
                "kind": "multiple",
                "options": ["Hammer", "Saw"],
                "columns": ["tool_1", "tool_2"],
            },
        ],
    }
    return Codebook.from_dict(spec, source="demo.toml")


FRAME = pd.DataFrame(
    {
        "q1": ["Yes, very rude", "No, not rude at all", "NA", "-99", "no, NOT at all rude"],
        "seen": ["Yes", "No", "No", "Yes", "Yes"],
        "q2": ["Yes, somewhat rude", "", "Yes, very rude", "", "No, not at all rude"],
        "q3": ["Not asked", "Yes, very rude", "not asked", "", "Yes, very rude"],
        "media": ["Radio, TV, cable", "Web", "", "TV, cable", "Radio, Web"],
        "tool_1": ["Hammer", "", "", "1", ""],
        "tool_2": ["Saw", "Saw", "0", "", ""],
    }
)


def _counts(wave, item):
    part = wave.counts[wave.counts["item_id"] == item]
    return dict(zip(part["response"].astype(str), part["count"], strict=True)), set(part["n"])


def test_aliases_and_missing_values_are_counted_where_they_belong():
    wave = wave_from_responses(FRAME, _book())
    counts, n = _counts(wave, "q1")
    assert counts == {
        "Yes, very rude": 1,
        "Yes, somewhat rude": 0,
        "No, not at all rude": 2,
        "Not specified": 2,
    }
    assert n == {5}


def test_not_asked_leaves_the_base_and_is_counted_apart():
    wave = wave_from_responses(FRAME, _book())
    counts, n = _counts(wave, "q2")
    # row 2 was not asked (seen = No, blank); row 3 answered although seen = No
    assert n == {4}
    assert sum(counts.values()) == 4
    assert counts["Not specified"] == 1
    counts3, n3 = _counts(wave, "q3")
    assert n3 == {3} and counts3["Yes, very rude"] == 2 and counts3["Not specified"] == 1
    assert wave.not_asked.to_dict() == {"q2": 1, "q3": 2}
    assert wave.responses["q3"].isna().sum() == 2


def test_multiple_choice_counts_respondents_choosing_each_option():
    wave = wave_from_responses(FRAME, _book())
    m = wave.multiple.set_index(["question_id", "option"])
    assert m.loc[("media", "Radio"), "chosen"] == 2
    assert m.loc[("media", "TV, cable"), "chosen"] == 2  # an option holding the delimiter
    assert m.loc[("media", "Web"), "chosen"] == 2
    assert set(m.loc["media", "answered"]) == {4}
    assert m.loc[("tools", "Hammer"), "chosen"] == 2
    assert m.loc[("tools", "Saw"), "chosen"] == 2  # "0" is not chosen
    assert set(m.loc["tools", "answered"]) == {3}
    assert np.isclose(m.loc[("tools", "Saw"), "percent"], 200 / 3)
    assert list(wave.multiple.columns) == [
        "question_id",
        "question",
        "option",
        "chosen",
        "answered",
        "respondents",
        "percent",
    ]


def test_unknown_option_is_a_problem_naming_it():
    frame = FRAME.assign(media=["Radio, Telegraph", "", "", "", ""])
    with pytest.raises(WaveValidationError, match="unknown option 'telegraph'"):
        wave_from_responses(frame, _book())


@pytest.mark.parametrize(
    ("scale", "column"),
    [
        ({"levels": ["A", "B"], "aliases": {"a2": "C"}}, "scales.s.aliases"),
        ({"levels": ["A", "B"], "aliases": {"b": "A"}}, "scales.s.aliases"),
        (
            {"levels": ["A", "B"], "missing": [], "missing_values": ["NA"]},
            "scales.s.missing_values",
        ),
        ({"levels": ["A", "B"], "missing_values": "NA"}, "scales.s.missing_values"),
        ({"levels": ["A", "B"], "aliases": ["x"]}, "scales.s.aliases"),
    ],
)
def test_bad_aliases_and_missing_values_name_the_key(scale, column):
    spec = {"scales": {"s": scale}, "items": [{"id": "q", "label": "Q", "scale": "s"}]}
    with pytest.raises(CodebookError) as info:
        Codebook.from_dict(spec, source="bad.toml")
    assert info.value.column == column
    assert "bad.toml" in str(info.value)


@pytest.mark.parametrize(
    ("item", "column"),
    [
        ({"kind": "multiple"}, "items[0]"),
        ({"kind": "several", "scale": "s"}, "items[0].kind"),
        ({"scale": "s", "not_asked": 3}, "items[0].not_asked"),
        ({"scale": "s", "not_asked": {"column": "x"}}, "items[0].not_asked"),
        ({"kind": "multiple", "options": ["A"], "columns": ["a", "b"]}, "items[0]"),
    ],
)
def test_bad_item_keys_name_the_key(item, column):
    spec = {
        "scales": {"s": {"levels": ["A", "B"]}},
        "items": [{"id": "q", "label": "Q", **item}],
    }
    with pytest.raises(CodebookError) as info:
        Codebook.from_dict(spec, source="bad.toml")
    assert info.value.column == column

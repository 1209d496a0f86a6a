"""Scales: validation of levels, scores and centre; label normalisation."""

from __future__ import annotations

import pytest

from lscb_survey.data.codebook import default_codebook
from lscb_survey.data.scales import Scale, normalise_label
from lscb_survey.errors import CodebookError


def test_builtin_scales():
    agree = default_codebook().scales["agree5"]
    assert agree.top == ("Strongly agree", "Agree")
    assert agree.bottom == ("Disagree", "Strongly disagree")
    assert agree.middle == ("Neither agree nor disagree",)
    assert agree.categories[-1] == "Not specified"
    assert agree.score_map["Strongly agree"] == 5 and agree.score_map["Strongly disagree"] == 1
    assert list(agree.dtype.categories) == agree.categories and agree.dtype.ordered


def test_even_scale_with_centre_between_two_levels():
    s = Scale("conf4", ["Very", "Fairly", "Not very", "Not at all"], centre=("Fairly", "Not very"))
    assert s.middle == () and s.top == ("Very", "Fairly") and s.bottom == ("Not very", "Not at all")


@pytest.mark.parametrize(
    ("levels", "centre", "message"),
    [
        (["A", "B", "C", "D"], "B", "middle level of an odd scale"),
        (["A", "B", "C", "D", "E"], "B", "middle level of an odd scale"),
        (["A", "B", "C", "D"], ("A", "B"), "two middle levels"),
        (["A", "B", "C"], ("A", "B"), "two middle levels"),
        (["A", "B", "C"], "Z", "not one of its levels"),
    ],
)
def test_centre_must_sit_in_the_middle(levels, centre, message):
    with pytest.raises(CodebookError, match=message):
        Scale("x", levels, centre=centre)


def test_scores_must_decrease_with_level_order():
    with pytest.raises(CodebookError, match="decrease strictly"):
        Scale("x", ["Agree", "Neutral", "Disagree"], scores=[1, 2, 3], centre="Neutral")
    with pytest.raises(CodebookError, match="decrease strictly"):
        Scale("x", ["Agree", "Neutral", "Disagree"], scores=[3, 3, 1])


def test_duplicate_labels_after_normalisation():
    with pytest.raises(CodebookError, match="duplicate label"):
        Scale("x", ["Agree", "Disagree"], missing=["  agree "])


def test_normalise_label():
    assert normalise_label("  Don\u2019t   Know\t") == "don't know"
    assert normalise_label("AGREE") == normalise_label("agree")
    assert normalise_label("Agree.") != normalise_label("Agree")  # no fuzzy matching

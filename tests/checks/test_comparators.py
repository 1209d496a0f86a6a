"""The verbal comparators evaluated on exact shares."""

from __future__ import annotations

from fractions import Fraction

import pytest

from lscb_survey.checks.comparators import share_holds
from lscb_survey.data.comparators import COMPARATORS


def _pct(p) -> Fraction:
    return Fraction(p) / 100


@pytest.mark.parametrize(
    ("name", "inside", "outside"),
    [
        ("over half", [Fraction(29, 57)], [Fraction(1, 2), Fraction(28, 57)]),
        ("the majority", [_pct("50.1")], [_pct(50)]),
        ("at least 60%", [_pct(60), _pct(61)], [Fraction(34, 57)]),
        ("nearly a quarter", [_pct(20), Fraction(14, 57)], [_pct(25), _pct("19.9")]),
        ("just under two thirds", [Fraction(36, 57)], [Fraction(2, 3), _pct(61)]),
        ("just under one in five", [Fraction(11, 57)], [_pct(20), _pct(14)]),
        ("just over four fifths", [Fraction(46, 57), _pct(85)], [_pct(80), _pct("85.1")]),
        ("over three quarters", [Fraction(43, 57)], [_pct(75)]),
        ("around two fifths", [_pct(35), _pct(45), Fraction(24, 57)], [_pct("45.1")]),
        ("a quarter", [Fraction(14, 57), _pct("27.5")], [_pct("27.6"), _pct(22)]),
        ("few", [_pct(9)], [_pct(25), _pct(39)]),
        ("none", [Fraction(0)], [Fraction(1, 57)]),
        ("vast majority", [_pct(80), Fraction(49, 57)], [_pct(79)]),
    ],
)
def test_share_comparators_follow_their_definitions(name, inside, outside):
    comparator = COMPARATORS[name]
    assert all(share_holds(comparator, x) for x in inside)
    assert not any(share_holds(comparator, x) for x in outside)


def test_comparison_comparators_refuse_a_single_share():
    with pytest.raises(ValueError, match="compares shares"):
        share_holds(COMPARATORS["increased"], Fraction(1, 2))

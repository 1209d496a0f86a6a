"""The verbal comparators' definitions: one tolerance, every one listed and documented."""

from __future__ import annotations

from fractions import Fraction

from lscb_survey.data.comparators import APPROX_TOLERANCE, COMPARATORS, comparators


def test_tolerance_is_five_points_and_documented():
    assert APPROX_TOLERANCE == Fraction(5, 100)
    table = comparators().set_index("comparator")
    assert table.loc["just under two thirds", "condition"] == "[61.67, 66.67)"
    assert table.loc["over four fifths", "condition"] == "(80, 100]"
    assert table.loc["most frequently cited", "condition"] == ">"
    assert bool(table.loc["few", "vague"]) and not bool(table.loc["over half", "vague"])
    # every comparator is described, and the module docstring names each of them
    import lscb_survey.data.comparators as module

    for name in COMPARATORS:
        assert table.loc[name, "meaning"]
        assert name in " ".join(module.__doc__.split()), name

"""Bars of a multi-select question: one bar per option, lengths from the frame, no statistics."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from lscb_survey.present.plots import multiple_bars

FRAME = pd.DataFrame(
    {"choice": ["Email", "Phone", "Post"], "pct": [64.5, 32.3, 0.0], "n": [20, 10, 0]}
)


def test_bars_are_the_frame_percentages_in_order():
    ax = multiple_bars(FRAME, option="choice", value="pct", count="n", title="Contact")
    try:
        assert [float(p.get_width()) for p in ax.patches] == FRAME["pct"].tolist()
        assert [t.get_text() for t in ax.get_yticklabels()] == FRAME["choice"].tolist()
        assert [t.get_text() for t in ax.texts] == ["20 (65%)", "10 (32%)", "0 (0%)"]
        assert tuple(ax.get_xlim()) == (0.0, 100.0)
    finally:
        plt.close(ax.figure)


def test_draws_on_given_axes_and_checks_columns():
    fig, given = plt.subplots()
    try:
        assert multiple_bars(FRAME, option="choice", value="pct", count=None, ax=given) is given
        assert [t.get_text() for t in given.texts] == ["65%", "32%", "0%"]
        with pytest.raises(ValueError, match="needs columns"):
            multiple_bars(FRAME, ax=given)
        with pytest.raises(ValueError, match="at least one row"):
            multiple_bars(FRAME.iloc[:0], option="choice", value="pct", count="n", ax=given)
    finally:
        plt.close(fig)

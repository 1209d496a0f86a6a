"""A codebook where only some items belong to a report table, and tables outside the report."""

from __future__ import annotations

import pandas as pd
import pytest

import lscb_survey as ls
from lscb_survey.data.codebook import Codebook, Item
from lscb_survey.data.scales import Scale
from lscb_survey.errors import CodebookError
from lscb_survey.present.layout import published_layout

AGREE = Scale("agree3", ["Agree", "Neutral", "Disagree"], centre="Neutral")


def _wave() -> ls.Wave:
    book = Codebook(
        "partial",
        {"agree3": AGREE},
        (
            Item(id="a", label="A", scale="agree3", table=7),
            Item(id="b", label="B", scale="agree3"),
            Item(id="c", label="C", scale="agree3"),
        ),
    )
    frame = pd.DataFrame(
        {"a": ["Agree", "Agree", "Neutral"], "b": ["Disagree", "Agree", ""], "c": ["Agree"] * 3}
    )
    return ls.wave_from_responses(frame, book, name="partial")


def test_summary_ranks_within_table_and_among_items_in_no_table():
    wave = _wave()
    summary = ls.likert_summary(wave.counts, codebook=wave.codebook).set_index("item_id")
    assert summary.loc["a", "rank"] == 1  # alone in Table 7
    # b (1 of 3 agree) ranks below c (3 of 3) among the items in no table
    assert (summary.loc["c", "rank"], summary.loc["b", "rank"]) == (1, 2)


@pytest.mark.parametrize("table", [0, 4, 11, -1, 7.0, "7", True])
def test_item_table_must_be_a_likert_table_of_the_report(table):
    with pytest.raises(CodebookError, match="table must be one of"):
        Item(id="q", label="Q", scale="agree3", table=table)


@pytest.mark.parametrize("table", [11, 0, "7", None])
def test_published_layout_rejects_unknown_tables(table):
    with pytest.raises(ValueError, match="table must be one of"):
        published_layout(table, wave=_wave())


def test_wave_summary_with_partial_tables(tmp_path):
    from lscb_survey.present.pipelines.wave_reports import wave_summary

    made = wave_summary(_wave(), tmp_path)
    names = sorted(p.name for p in made.files)
    assert {"table07.csv", "summary.csv", "figure-table07.png", "figure-agree3.png"} <= set(names)

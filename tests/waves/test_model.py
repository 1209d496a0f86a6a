"""The Wave model: its counts schema and invariant, the published 2012 wave."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from waves.cases import EXAMPLE

import lscb_survey as ls
from lscb_survey.errors import TotalMismatchError
from lscb_survey.present.layout import published_layout
from lscb_survey.stats.rounding import percent_of
from lscb_survey.waves.constructors import published_wave, read_wave, wave_from_responses
from lscb_survey.waves.model import COUNT_COLUMNS, Wave


def test_counts_schema_matches_load_table():
    wave = read_wave(EXAMPLE)
    assert list(wave.counts.columns) == list(COUNT_COLUMNS)
    t7 = ls.load_table(7)
    assert (
        wave.table(7)[list(COUNT_COLUMNS)].dtypes.astype(str).tolist()
        == t7.dtypes.astype(str).tolist()
    )
    # every level of every item's scale, zero counts and "Not specified" included
    for item_id, part in wave.counts.groupby("item_id"):
        scale = wave.codebook.scale_of(item_id)
        assert part["response"].astype(str).tolist() == scale.categories
        assert int(part["count"].sum()) == wave.respondents == 240
        assert (part["n"] == 240).all()
        assert part["percent"].tolist() == [percent_of(int(c), 240) for c in part["count"]]


def test_wave_invariant_is_enforced():
    good = published_wave()
    bad = good.counts.copy()
    bad.loc[0, "count"] += 1
    with pytest.raises(TotalMismatchError, match="add up to"):
        Wave(name="x", respondents=57, codebook=good.codebook, counts=bad)


def _expand(table: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Respondent rows whose marginals are the table's counts (columns shuffled apart)."""
    rng = np.random.default_rng(seed)
    columns = {}
    for item_id, part in table.groupby("item_id", sort=False):
        labels = np.repeat(part["response"].astype(str).to_numpy(), part["count"].to_numpy())
        columns[item_id] = rng.permutation(labels)
    return pd.DataFrame(columns)


def test_round_trip_of_table_7_counts():
    t7 = ls.load_table(7)
    responses = _expand(t7, seed=7)
    assert len(responses) == 57  # Table 7: every item totals 57
    wave = wave_from_responses(responses, items=list(responses.columns))
    got = wave.counts.drop(columns="percent")
    pd.testing.assert_frame_equal(got, t7.drop(columns="percent"))
    # Percentages are recomputed from the counts; they differ from the printed
    # ones in one cell only: Table 7 prints 43/57 ("Stronger relationships",
    # Agree) as 76%, but 43/57 = 75.4%.
    differs = t7[wave.counts["percent"].to_numpy() != t7["percent"].to_numpy()]
    assert differs[["item_id", "response", "count", "percent"]].astype(str).values.tolist() == [
        ["t7_relationships", "Agree", "43", "76"]
    ]
    assert published_layout(7, wave=wave).iloc[0, 1] == "43 (75%)"


def test_published_wave():
    wave = published_wave()
    assert (wave.respondents, wave.population) == (57, 148)  # Introduction: 57 of 148 LSCBs
    assert wave.responses is None
    assert wave.tables == [5, 6, 7, 8, 9, 10]
    for table in range(7, 11):
        pd.testing.assert_frame_equal(wave.table(table), ls.load_table(table))
        assert published_layout(table, wave=wave).equals(published_layout(table))
    # Tables 5-6 print no "Not specified" row: the wave adds it with count 0
    t5 = wave.table(5).set_index(wave.table(5)["response"].astype(str))
    assert int(t5.loc["Not specified", "count"]) == 0
    assert int(t5.loc["Agree", "count"]) == 38  # Table 5
    assert ls.likert_summary(wave.counts)["n"].eq(57).all()


def test_published_layout_of_a_new_wave():
    wave = read_wave(EXAMPLE)
    for table in wave.tables:
        layout = published_layout(table, wave=wave)
        if table >= 7:
            assert (layout["Total"] == "240 (100%)").all()
            assert "Not specified" in layout.columns
        else:
            assert layout.loc["Total", "Frequency"] == "240"

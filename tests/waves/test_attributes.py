"""Respondent attributes of a wave and counts by group."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import lscb_survey as ls
from lscb_survey import config
from lscb_survey.waves.model import WaveWarning

ITEMS = ["t9_sanctions", "t9_funding_guidance"]


def _frame(**extra: list[object]) -> pd.DataFrame:
    base = {
        "t9_sanctions": ["Agree", "Disagree", "Agree", "", "Strongly agree"],
        "t9_funding_guidance": ["Agree", "Agree", "", "Disagree", "Agree"],
    }
    return pd.DataFrame({**base, **extra})


def test_attribute_columns_are_optional():
    wave = ls.wave_from_responses(_frame(), items=ITEMS)
    assert wave.attributes is not None and list(wave.attributes.columns) == []
    with pytest.raises(ValueError, match="no attribute 'region'"):
        wave.counts_by("region")


def test_attributes_are_read_and_normalised():
    regions = ["North East", " north  EAST", "", None, "South West"]
    wave = ls.wave_from_responses(_frame(region=regions), items=ITEMS)
    attrs = wave.attributes
    assert attrs is not None
    assert attrs["region"].tolist() == [
        "North East", "North East", "Not specified", "Not specified", "South West",
    ]  # fmt: skip
    assert list(attrs.index) == list(wave.responses.index)  # type: ignore[union-attr]
    assert attrs["region"].cat.categories[-1] == "Not specified"


def test_unknown_attribute_value_names_row_and_value():
    frame = _frame(region=["North East", "Narnia", "", "Narnia", "South West"])
    with pytest.raises(ls.WaveValidationError) as info:
        ls.wave_from_responses(frame, items=ITEMS)
    details = info.value.details
    row = details[details["column"] == "region"].iloc[0]
    assert row["value"] == "Narnia" and row["rows"] == (2, 4) and row["count"] == 2
    assert "Narnia" in row["message"] and "row 2" in row["message"]


def test_unknown_value_in_a_file_names_the_file(tmp_path):
    path = tmp_path / "w.csv"
    _frame(lscb_type=["County", "Shire", "", "County", "Unitary"]).to_csv(path, index=False)
    with pytest.raises(ls.WaveValidationError, match="w.csv") as info:
        ls.read_wave(path, items=ITEMS)
    assert "'Shire'" in str(info.value.details["message"].tolist())


def test_counts_by_keeps_every_level_and_adds_up():
    wave = ls.wave_from_responses(
        _frame(region=["North East", "", "North East", "", ""]), items=ITEMS
    )
    counts = wave.counts_by("region")
    groups = ls.default_codebook().attribute("region").categories
    assert list(dict.fromkeys(counts["region"].astype(str))) == list(groups or ())
    width = {i: len(ls.default_codebook().scale_of(i).categories) for i in ITEMS}
    assert len(counts) == len(groups or ()) * sum(width.values())
    sizes = counts.groupby(["region", "item_id"], observed=True)["count"].sum()
    assert sizes.loc[("North East", "t9_sanctions")] == 2
    assert sizes.loc[("Not specified", "t9_sanctions")] == 3
    assert sizes.loc[("South West", "t9_sanctions")] == 0
    assert (
        counts.groupby("region", observed=True)["n"].first() == [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]
    ).all()
    # Summed over groups, the counts are the wave's counts.
    total = counts.groupby(["item_id", "response"], observed=True, sort=False)["count"].sum()
    plain = wave.counts.set_index(["item_id", "response"])["count"]
    assert total.reindex(plain.index).tolist() == plain.tolist()


def test_counts_by_equals_a_pandas_groupby_on_the_example():
    wave = ls.read_wave(config.examples_dir() / "wave-example.csv")
    assert wave.attributes is not None
    for attr in wave.attributes.columns:
        counts = wave.counts_by(attr)
        joined = wave.responses.join(wave.attributes)  # type: ignore[union-attr]
        for item in wave.items:
            expected = pd.crosstab(joined[attr], joined[item], dropna=False)
            got = counts[counts["item_id"] == item].pivot_table(
                index=attr, columns="response", values="count", observed=True, aggfunc="sum"
            )
            got = got.reindex(index=expected.index, columns=expected.columns)
            np.testing.assert_array_equal(got.to_numpy(), expected.to_numpy())


def test_blank_rows_are_dropped_from_attributes_too(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("t9_sanctions,region\nAgree,North East\n,\nDisagree,\n", encoding="utf-8")
    with pytest.warns(WaveWarning):
        wave = ls.read_wave(path, items=["t9_sanctions"])
    assert wave.attributes is not None
    assert wave.attributes["region"].tolist() == ["North East", "Not specified"]


def test_published_wave_declares_its_informant():
    assert ls.published_wave().informant == "LSCB chair"
    assert ls.wave_from_responses(_frame(), items=ITEMS, informant="Chair").informant == "Chair"

"""Figures of partly hidden items in a suppressed wave report, drawn from published counts only."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import lscb_survey as ls
from lscb_survey import config
from lscb_survey.disclosure import suppress
from lscb_survey.present.report.wave_hidden import HIDDEN_LEVEL, hidden_figures, published_shares

pytestmark = pytest.mark.filterwarnings("ignore::lscb_survey.waves.model.WaveWarning")


@pytest.fixture(scope="module")
def example():
    wave = ls.read_wave(config.examples_dir() / "wave-example.csv")
    overall = suppress(wave.counts, threshold=5)
    per_item = overall.groupby("item_id", sort=False)["suppressed"].agg(["any", "all"])
    items = per_item.index[per_item["any"] & ~per_item["all"]].astype(str).tolist()
    return wave, overall, items


def test_shares_are_published_counts_over_the_base_and_one_hidden_level(example):
    wave, overall, items = example
    shares = published_shares(wave, overall, items)
    assert items and set(shares["item_id"]) == set(items)
    for item, part in shares.groupby("item_id"):
        rows = overall[overall["item_id"] == item]
        n = int(rows["n"].iloc[0])
        shown = rows[~rows["suppressed"]]
        drawn = part[part["response"] != HIDDEN_LEVEL]
        assert drawn["response"].tolist() == rows["response"].astype(str).tolist()
        expected = (rows["count"].astype("Float64").fillna(0) / n * 100).astype(float)
        assert drawn["share"].round(9).tolist() == expected.round(9).tolist()
        assert drawn["count"].isna().tolist() == rows["suppressed"].tolist()
        hidden = part[part["response"] == HIDDEN_LEVEL]
        assert hidden["side"].tolist() == ["missing"]
        assert hidden["share"].item() == pytest.approx((n - shown["count"].sum()) / n * 100)


def test_shares_do_not_depend_on_hidden_values(example):
    """Moving answers between two hidden cells of an item changes nothing drawn."""
    wave, overall, items = example
    item = next(i for i in items if (overall.loc[overall.item_id == i, "suppressed"]).sum() >= 2)
    hidden = overall.index[(overall["item_id"] == item) & overall["suppressed"]]
    counts = wave.counts.copy()
    a, b = hidden[:2]
    step = 1 if counts.loc[b, "count"] > 1 else -1
    counts.loc[a, "count"] += step
    counts.loc[b, "count"] -= step
    other = dataclasses.replace(wave, counts=counts)
    columns = ["item_id", "response", "share", "denominator", "side"]
    before = published_shares(wave, overall, items)[columns]
    after = published_shares(other, overall, items)[columns]
    assert before.equals(after)


def test_one_figure_per_table_of_partly_hidden_items(example):
    wave, overall, items = example
    figures = hidden_figures(wave, overall)
    tables = {str(t) for t in wave.counts.loc[wave.counts.item_id.isin(items), "table"]}
    assert len(figures) == len(tables)
    assert all(f.src.startswith("data:image/png;base64,") for f in figures)
    assert all(HIDDEN_LEVEL in f.alt for f in figures)


def test_alt_text_names_items_whose_positive_answers_are_all_hidden(example):
    wave, overall, items = example
    item = items[0]
    top = set(wave.codebook.scale_of(item).top)
    planted = overall.copy()
    planted.attrs = dict(overall.attrs)
    rows = (planted["item_id"] == item) & planted["response"].astype(str).isin(top)
    planted.loc[rows, "suppressed"] = True
    planted.loc[rows, "count"] = pd.NA
    alts = [f.alt for f in hidden_figures(wave, planted)]
    label = wave.codebook.item(item).short or wave.codebook.item(item).label
    assert any(label in a and "all hidden" in a for a in alts) or any(
        "every positive answer is hidden" in a for a in alts
    )

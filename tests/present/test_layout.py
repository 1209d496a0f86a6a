"""Round trip raw -> tidy -> printed layout, cell for cell, for all ten tables."""

from __future__ import annotations

import re

import pytest

from lscb_survey.data.loaders import load_table, raw_grid
from lscb_survey.present.layout import layout_grid, published_layout

#: Cells the report prints with a typographic slip (data/raw/README.md, Table 7):
#: (table, row index in the grid, column index) -> printed text.
PRINTED_SLIPS = {(7, 1, 7): "57(100%)", (7, 3, 7): "57 (100%"}


def _value(cell: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", cell))


@pytest.mark.parametrize("table", range(1, 11))
def test_round_trip_cell_for_cell(table):
    rendered = layout_grid(published_layout(table))
    raw = raw_grid(table)
    assert len(rendered) == len(raw)
    for i, (got, want) in enumerate(zip(rendered, raw, strict=True)):
        assert len(got) == len(want), (table, i)
        for j, (g, w) in enumerate(zip(got, want, strict=True)):
            if (table, i, j) in PRINTED_SLIPS:
                assert w == PRINTED_SLIPS[(table, i, j)]
                assert _value(g) == _value(w) and g != w
            else:
                assert g == w, (table, i, j, g, w)


def test_totals_are_derived_not_copied():
    frame = load_table(9)
    frame.loc[(frame.item_id == "t9_sanctions") & (frame.response == "Agree"), "count"] = 24
    layout = published_layout(9, frame)
    assert layout.iloc[0]["Total"] == "58 (102%)"
    t1 = load_table(1)
    t1.loc[t1.category == "County", "returns"] = 10
    assert published_layout(1, t1).loc["Total", "Number of survey returns"] == "58"


def test_layout_shapes():
    t3 = published_layout(3)
    assert t3.shape == (12, 14)
    assert (
        t3.loc[
            ("Quality of referral information", "Poor"), ("Children's social care (%)", "Laming")
        ]
        == ""
    )
    assert published_layout(7).index.names == ["block", "item"]
    assert published_layout(5).loc["Total"].tolist() == ["57", "100"]

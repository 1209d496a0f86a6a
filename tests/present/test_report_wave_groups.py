"""The group section of a suppressed wave report: positive answers by group and their tests."""

from __future__ import annotations

import pytest

import lscb_survey as ls
from lscb_survey import config
from lscb_survey.disclosure import MARKER, OVERALL
from lscb_survey.present.report.wave_groups import positive_breakdown, positive_section
from lscb_survey.stats.association import independence_test
from lscb_survey.stats.tests import bh_adjust

pytestmark = pytest.mark.filterwarnings("ignore::lscb_survey.waves.model.WaveWarning")
BY = "lscb_type"


@pytest.fixture(scope="module")
def section():
    wave = ls.read_wave(config.examples_dir() / "wave-example.csv")
    alone, recoded, lost = positive_breakdown(wave, BY, 5)
    return (
        wave,
        alone,
        recoded,
        lost,
        positive_section(wave, BY, recoded, label="Type", resamples=50),
    )


def test_group_tables_show_published_positive_counts(section):
    _, _, recoded, lost, groups = section
    cells = recoded[(recoded[BY].astype(str) != OVERALL) & (recoded["response"] == "Positive")]
    for table in groups.summaries:
        group = table.caption.split(": ", 1)[1]
        part = cells[cells[BY].astype(str) == group]
        assert [r[2] for r in table.rows] == [
            MARKER if h else str(int(c))
            for c, h in zip(part["count"], part["suppressed"], strict=True)
        ]
    assert lost["group_cells_hidden"] == int(
        recoded.loc[recoded[BY] != OVERALL, "suppressed"].sum()
    )


def test_tests_on_published_grids_only_and_groups_tested_always_shown(section):
    _, _, recoded, _, groups = section
    grid = recoded[recoded[BY].astype(str) != OVERALL]
    shown, p_values = [], []
    for item, cells in grid.groupby("item_id", sort=False):
        if cells["suppressed"].any():
            continue
        tested = cells[(cells[BY].astype(str) != "Not specified") & (cells["n"] >= 5)]
        table = tested.pivot_table(index=BY, columns="response", values="count", observed=True)
        shown.append(item)
        p_values.append(independence_test(table.to_numpy(int), resamples=50).p_value)
    adjusted = dict(zip(shown, bh_adjust(p_values), strict=True))
    rows = groups.tests.rows
    assert len(rows) == grid["item_id"].nunique()
    assert all(r[-1].isdigit() for r in rows)  # groups tested follows from published bases
    hidden_rows = [r for r in rows if r[3] == MARKER]
    assert len(hidden_rows) == grid.groupby("item_id")["suppressed"].any().sum()
    assert all(r[2] == MARKER and r[4] == MARKER for r in hidden_rows)
    published = [float(r[4]) for r in rows if r[4] != MARKER]
    assert published == pytest.approx([round(adjusted[i], 3) for i in shown], abs=5e-4)

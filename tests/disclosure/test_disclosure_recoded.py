"""Group breakdowns on a recoded scale (positive answers, all others), linked to the wave alone."""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest

import lscb_survey as ls
from lscb_survey import config
from lscb_survey.disclosure import OVERALL, suppress
from lscb_survey.disclosure.recoded import (
    check_positive_release,
    positive_counts,
    suppress_positive,
)
from lscb_survey.disclosure.release import DisclosureError

BY = "lscb_type"


@pytest.fixture(scope="module")
def example():
    wave = ls.read_wave(config.examples_dir() / "wave-example.csv")
    counts_by = wave.counts_by(BY)
    alone = suppress(wave.counts, threshold=5)
    top = {i: wave.codebook.scale_of(i).top for i in counts_by["item_id"].astype(str).unique()}
    published = suppress_positive(counts_by, alone, by=BY, top=top, threshold=5)
    return wave, counts_by, alone, top, published


def test_positive_counts_are_the_sums_of_the_top_levels(example):
    wave, counts_by, _, top, _ = example
    recoded = positive_counts(counts_by, by=BY, top=top)
    raw = pd.read_csv(config.examples_dir() / "wave-example.csv", dtype=str)
    item = "t7_innovation"
    levels = set(top[item])
    for group, part in raw.groupby(BY):
        expected = int(part[item].str.strip().str.lower().isin({v.lower() for v in levels}).sum())
        row = recoded[(recoded[BY] == group) & (recoded["item_id"] == item)]
        assert row.loc[row["response"] == "Positive", "count"].item() == expected
        assert row["count"].sum() == len(part)  # every respondent counted once


def _truth(counts_by, top, rows):
    """The true recoded counts of ``rows`` (published rows), matched by group, item and class."""
    truth = positive_counts(counts_by, by=BY, top=top).set_index([BY, "item_id", "response"])
    keys = pd.MultiIndex.from_frame(rows[[BY, "item_id", "response"]])
    return truth.loc[keys, "count"].to_numpy()


def test_every_small_group_count_is_hidden_and_few_others(example):
    _, counts_by, _, top, published = example
    groups = published[published[BY].astype(str) != OVERALL]
    truth = _truth(counts_by, top, groups)
    small = (truth > 0) & (truth < 5)
    assert groups["suppressed"].to_numpy()[small].all()
    # the 5 x 31 x 2 grid hides few cells: measured 44 of 310 (the full scale hides 567 of 930)
    assert groups["suppressed"].sum() <= len(groups) // 3
    assert groups["count"].isna().equals(groups["suppressed"])
    assert groups["percent"].isna().equals(groups["suppressed"] | (groups["n"] == 0))


def test_overall_cells_hidden_exactly_when_the_wave_alone_leaves_them_open(example):
    _, _, alone, top, published = example
    overall = published[published[BY].astype(str) == OVERALL]
    for item, rows in alone.groupby("item_id", sort=False):
        hidden = rows.loc[rows["suppressed"], "response"].astype(str)
        classes = {r in set(top[str(item)]) for r in hidden}
        flags = overall.loc[overall["item_id"] == item, "suppressed"].tolist()
        assert flags == [len(classes) == 2] * 2, item


def test_release_audit_passes_and_fails_closed_on_a_planted_leak(example):
    _, counts_by, alone, top, published = example
    assert check_positive_release(published, counts_by, alone, top=top) > 0
    leaked = published.copy()
    leaked.attrs = dict(published.attrs)
    groups = leaked[leaked[BY].astype(str) != OVERALL]
    truth = _truth(counts_by, top, groups)
    primary = groups.index[(truth > 0) & (truth < 5)][0]
    leaked.loc[primary, "suppressed"] = False  # publish one small count
    with pytest.raises(DisclosureError, match="disclose"):
        check_positive_release(leaked, counts_by, alone, top=top)


def _fills(published, counts_by, alone, top, levels):
    """Every integer table agreeing with what both releases publish (a brute-force reader)."""
    n_groups = counts_by[BY].nunique()
    hidden_full = alone["suppressed"].tolist()
    full_pub = alone["count"].tolist()
    n = int(alone["n"].iloc[0])
    groups = published[published[BY].astype(str) != OVERALL]
    overall = published[published[BY].astype(str) == OVERALL]
    bases = groups["n"].to_numpy()[::2]
    for full in itertools.product(range(n + 1), repeat=len(levels)):
        if sum(full) != n or any(
            (h and f < 1) or (not h and f != p)
            for f, h, p in zip(full, hidden_full, full_pub, strict=True)
        ):
            continue
        pos_all = sum(f for f, lv in zip(full, levels, strict=True) if lv in top["q"])
        if not overall["suppressed"].iloc[0] and overall["count"].iloc[0] != pos_all:
            continue
        for pos in itertools.product(*(range(b + 1) for b in bases)):
            if sum(pos) != pos_all:
                continue
            cells = [v for p, b in zip(pos, bases, strict=True) for v in (p, b - p)]
            ok = all(
                (h and v >= 1) or (not h and v == pub)
                for v, h, pub in zip(cells, groups["suppressed"], groups["count"], strict=True)
            )
            if ok:
                yield full, cells
    assert n_groups == len(bases)


def test_a_brute_force_reader_cannot_narrow_a_small_count():
    levels = ["Yes", "No", "Not specified"]
    counts_by = pd.DataFrame(
        {
            "table": 1,
            "item_id": "q",
            "response": levels * 3,
            "count": [3, 6, 1, 7, 2, 0, 6, 5, 2],
            "n": [10] * 3 + [9] * 3 + [13] * 3,
            BY: ["a"] * 3 + ["b"] * 3 + ["c"] * 3,
        }
    )
    top = {"q": ("Yes",)}
    overall = counts_by.groupby(["table", "item_id", "response"], sort=False, as_index=False)[
        ["count"]
    ].sum()
    overall["n"] = int(overall["count"].sum())
    alone = suppress(overall, threshold=3)
    published = suppress_positive(counts_by, alone, by=BY, top=top, threshold=3)
    groups = published[published[BY].astype(str) != OVERALL]
    truth = _truth(counts_by, top, groups).tolist()
    seen: dict[int, set[int]] = {j: set() for j in range(len(truth))}
    for _, cells in _fills(published, counts_by, alone, top, levels):
        for j, v in enumerate(cells):
            seen[j].add(v)
    for j, (v, h) in enumerate(zip(truth, groups["suppressed"], strict=True)):
        if h:
            assert len(seen[j]) > 1, j  # no hidden cell is pinned down
        if 0 < v < 3:
            assert h
            assert max(seen[j]) >= min(v + 3, groups["n"].iloc[j] - 1) and min(seen[j]) <= 1


@pytest.mark.filterwarnings("ignore::lscb_survey.waves.model.WaveWarning")
def test_suppressed_report_by_type_of_board_hides_at_most_a_third(tmp_path):
    from lscb_survey.present.report import wave_report

    wave = ls.read_wave(config.examples_dir() / "wave-example.csv")
    page = wave_report(wave, tmp_path, by=BY, suppress=5).read_text(encoding="utf-8")
    cells = [
        c
        for t in re.findall(r"<table.*?</table>", page, re.S)
        for c in re.findall(r"<td[^>]*>(.*?)</td>", t, re.S)
    ]
    hidden = sum("[c]" in c for c in cells)
    assert 0 < hidden <= len(cells) / 3, (hidden, len(cells))
    docs = " ".join(
        (config.examples_dir().parents[1] / "docs" / "disclosure.md").read_text().split()
    )
    assert f"{hidden} of the report's {len(cells)} table cells are `[c]`" in docs
    assert page.count("<img") >= 1
    assert "Positive answers by" in page


def test_with_the_full_scale_breakdown_both_releases_are_checked_together(example):
    """A recoded cell is a sum of full-scale cells: published beside them it can give one away."""
    wave, counts_by, alone, top, _ = example
    items = ["t5_shared_understanding", "t7_innovation", "t7_judgement", "t8_willingness"]
    part = counts_by[counts_by["item_id"].isin(items)].reset_index(drop=True)
    mine = alone[alone["item_id"].isin(items)].reset_index(drop=True)
    mine.attrs = dict(alone.attrs)
    full = suppress(part, threshold=5, by=BY)
    separate = suppress_positive(part, mine, by=BY, top=top, threshold=5)
    with pytest.raises(DisclosureError):  # the two families together: not protected
        check_positive_release(separate, part, mine, top=top, full=full)
    joint = suppress_positive(part, mine, by=BY, top=top, threshold=5, full=full)
    assert check_positive_release(joint, part, mine, top=top, full=full) > 0
    hidden = joint.loc[joint[BY] != OVERALL, "suppressed"]
    assert hidden.sum() > separate.loc[separate[BY] != OVERALL, "suppressed"].sum()


def test_numbers_quoted_in_the_docs_are_the_computed_ones(example):
    """README.md and docs/disclosure.md quote the example's hidden cells: keep them true."""
    _, counts_by, _, _, published = example
    groups = published[published[BY].astype(str) != OVERALL]
    full = suppress(counts_by, threshold=5, by=BY)
    full_groups = full[full[BY].astype(str) != OVERALL]
    recoded = f"{int(groups['suppressed'].sum())} of {len(groups)}"
    scale = f"{int(full_groups['suppressed'].sum())} of {len(full_groups)}"
    root = config.examples_dir().parents[1]
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    docs = " ".join((root / "docs" / "disclosure.md").read_text(encoding="utf-8").split())
    assert f"{recoded} group cells hidden, against {scale} on the full scale" in readme
    hidden, total = int(groups["suppressed"].sum()), len(groups)
    assert f"this hides {hidden} of the {total} recoded group cells" in docs

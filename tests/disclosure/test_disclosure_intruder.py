"""The informed reader: with the library, its parameters and everything published, nothing is learnt.

Items alone are attacked by trying every fill of the hidden cells and keeping the fills for
which the suppression rule gives back the published pattern (with ``suppress`` itself as
the oracle where the fills are few, with the audit's enumeration of the same rule
otherwise); larger and grouped tables by the linear-programming bounds of every hidden cell.
"""

from __future__ import annotations

import pandas as pd
from disclosure.frames import by_frame, likert_frame
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_survey import load_table
from lscb_survey.disclosure import suppress, suppress_comparison, suppression_audit
from lscb_survey.disclosure.rules import compositions

#: Fills tried through ``suppress`` itself (each call builds and suppresses a frame).
ORACLE_FILLS = 60

items = st.integers(2, 6).flatmap(
    lambda k: st.lists(
        st.one_of(st.integers(0, 4), st.integers(0, 20)), min_size=k, max_size=k
    ).filter(lambda c: 0 < sum(c) <= 40)
)


def _fills(published: pd.DataFrame) -> tuple[list[int], list[tuple[int, ...]]]:
    """Hidden positions and every fill a reader must consider (zeros are published)."""
    hidden = [i for i, h in enumerate(published["suppressed"]) if h]
    floor = 0 if published.attrs["withheld"] else 1
    rest = int(published["n"].iloc[0]) - int(published["count"].fillna(0).sum())
    return hidden, list(compositions(rest, len(hidden), floor))


@settings(max_examples=30, deadline=None)
@given(counts=items, threshold=st.integers(3, 7))
def test_rule_aware_reader_cannot_pin_down_a_hidden_count(counts, threshold):
    frame = likert_frame([counts])
    published = suppress(frame, threshold=threshold)
    hidden, fills = _fills(published)
    if not hidden:
        return
    audit = suppression_audit(published, frame)
    assert not audit["flagged"].any()
    truth = tuple(counts[i] for i in hidden)
    if len(fills) <= ORACLE_FILLS:
        kept = []
        for fill in fills:
            trial = frame.copy()
            values = list(counts)
            for i, v in zip(hidden, fill, strict=True):
                values[i] = v
            trial["count"] = values
            again = suppress(trial, threshold=threshold)
            same = again["suppressed"].tolist() == published["suppressed"].tolist()
            if same and again.attrs["withheld"] == published.attrs["withheld"]:
                kept.append(fill)
        assert truth in kept
        assert audit["fills"].tolist() == [len(kept)] * len(hidden)  # the audit agrees
        for j in range(len(hidden)):
            assert len({f[j] for f in kept}) > 1, (counts, threshold, kept)
    elif audit["fills"].notna().all():
        assert (audit["fill_low"] < audit["fill_high"]).all()


@settings(max_examples=15, deadline=None)
@given(
    tables=st.lists(
        st.lists(st.one_of(st.integers(0, 6), st.integers(0, 300)), min_size=5, max_size=5).filter(
            lambda c: sum(c) > 0
        ),
        min_size=1,
        max_size=4,
    ),
    threshold=st.sampled_from([3, 5, 10]),
)
def test_linear_bounds_of_larger_tables_meet_the_protection(tables, threshold):
    frame = likert_frame(tables)
    published = suppress(frame, threshold=threshold)
    audit = suppression_audit(published, frame, max_fills=0)
    assert not audit["flagged"].any()
    primary = audit[audit.reason == "primary"]
    capped = (primary["count"] + threshold).clip(upper=primary["total"])
    assert (primary["high"] >= capped).all()


@settings(max_examples=8, deadline=None)
@given(
    st.tuples(st.integers(2, 4), st.integers(2, 4)).flatmap(
        lambda gk: st.lists(
            st.lists(st.integers(0, 15), min_size=gk[1], max_size=gk[1]),
            min_size=gk[0],
            max_size=gk[0],
        )
    ),
    st.sampled_from([3, 5]),
)
def test_group_breakdowns_are_protected_through_every_margin(grid, threshold):
    frame = by_frame([grid])
    published = suppress(frame, threshold=threshold, by="region")
    audit = suppression_audit(published, frame)
    assert not audit["flagged"].any()
    assert not audit["determined"].any()
    # every count below the threshold, in a group or overall, is hidden
    small = published.assign(truth=list(frame["count"]) + _overall(grid))
    small = small[(small.truth > 0) & (small.truth < threshold)]
    assert small["suppressed"].all()


def _overall(grid: list[list[int]]) -> list[int]:
    return [sum(col) for col in zip(*grid, strict=True)]


def test_2012_tables_disclose_nothing_at_thresholds_3_5_and_10():
    for threshold in (3, 5, 10):
        for table in (1, 2, 5, 6, 7, 8, 9, 10):
            original = load_table(table)
            published = suppress(original, threshold=threshold)
            audit = suppression_audit(published, original, max_fills=0)
            assert not audit["flagged"].any(), (table, threshold)
    # the rule-aware reader on the table with the most small counts
    t9 = load_table(9)
    audit = suppression_audit(suppress(t9, threshold=3), t9)
    assert audit["fills"].notna().all() and (audit["fill_low"] < audit["fill_high"]).all()


def test_suppressed_comparison_hides_every_value_derived_from_a_hidden_count():
    from lscb_survey import compare_waves

    t = load_table(9)
    c = compare_waves(t, t, labels=("2012", "again"), n_resamples=500)
    s = suppress_comparison(c, sides=["b"])
    expected = suppress(t)["suppressed"].to_numpy()
    assert (s["suppressed_b"].to_numpy() == expected).all()
    assert not s["suppressed_a"].any()
    hidden = s[s.suppressed_b]
    derived = ["count_b", "pct_b", "change_pp", "ci_low", "ci_high", "p_value"]
    assert hidden[derived].isna().all().all()
    assert hidden["count_a"].notna().all()  # the 2012 side stays as published
    touched = s.item_id.isin(hidden.item_id)
    assert s.loc[touched, "item_p_value"].isna().all()

"""Likert summaries and shares: values from the printed counts, invariants and bad input."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import lscb_survey as ls
from lscb_survey import errors
from lscb_survey.analysis.likert import likert_shares, likert_summary
from lscb_survey.data.codebook import Codebook
from lscb_survey.data.scales import Scale

AGREE5 = ls.default_codebook().scales["agree5"]


def _pct(num: int, den: int) -> float:
    return float(Fraction(100 * num, den))


@pytest.fixture(scope="module")
def summaries() -> dict[str, pd.DataFrame]:
    frames = [ls.load_table(t) for t in range(5, 11)]
    tidy = pd.concat(frames, ignore_index=True)
    return {
        "respondents": likert_summary(tidy).set_index("item_id"),
        "valid": likert_summary(tidy, base="valid").set_index("item_id"),
    }


def _frame(counts: list[int], *, scale: str = "agree5", item_id: str = "x1", table: int = 99):
    """A one-item tidy likert frame over the categories of a default-codebook scale."""
    levels = ls.default_codebook().scales[scale].categories
    n = sum(counts)
    return pd.DataFrame(
        {
            "table": table,
            "item_id": item_id,
            "item": f"item {item_id}",
            "scale": scale,
            "response": levels[: len(counts)],
            "count": counts,
            "n": n,
        }
    )


# ----------------------------------------------------------------------------- report values


def test_table7_innovation_by_hand(summaries):
    # Table 7 "innovation": 5 SA, 42 A, 6 N, 2 D, 0 SD, 2 Not specified; total 57.
    row = summaries["respondents"].loc["t7_innovation"]
    assert (row["n"], row["n_valid"], row["n_missing"]) == (57, 55, 2)
    assert row["top2_pct"] == pytest.approx(100 * 47 / 57, abs=1e-12)  # 82.456...%
    assert row["middle_pct"] == pytest.approx(100 * 6 / 57, abs=1e-12)
    assert row["bottom2_pct"] == pytest.approx(100 * 2 / 57, abs=1e-12)
    assert row["net_pct"] == pytest.approx(100 * 45 / 57, abs=1e-12)
    # mean of scores 5,4,3,2,1 over the 55 substantive answers: 215/55
    assert row["mean"] == pytest.approx(215 / 55, abs=1e-12)
    # sample variance: (sum of squares 859 - 215^2/55) / 54
    assert row["sd"] == pytest.approx(math.sqrt((859 - 215**2 / 55) / 54), abs=1e-12)
    assert row["median"] == "Agree"
    valid = summaries["valid"].loc["t7_innovation"]
    assert valid["top2_pct"] == pytest.approx(100 * 47 / 55, abs=1e-12)  # 85.45...%
    assert valid["net_pct"] == pytest.approx(100 * 45 / 55, abs=1e-12)


def test_table5_shared_understanding_by_hand(summaries):
    # Table 5: 3 SA, 38 A, 8 N, 8 D, 0 SD of 57 (no Not specified row printed).
    row = summaries["respondents"].loc["t5_shared_understanding"]
    assert (row["n"], row["n_valid"], row["n_missing"]) == (57, 57, 0)
    assert row["top2_pct"] == pytest.approx(_pct(41, 57))  # 71.9%; the text says 72%
    assert row["bottom2_pct"] == pytest.approx(_pct(8, 57))
    assert row["mean"] == pytest.approx((3 * 5 + 38 * 4 + 8 * 3 + 8 * 2) / 57)
    # no non-substantive answers: both bases agree
    assert summaries["valid"].loc["t5_shared_understanding", "top2_pct"] == row["top2_pct"]


def test_table9_sanctions_and_table10_research_by_hand(summaries):
    # Table 9 "sanctions": 5 SA, 23 A, 5 N, 16 D, 6 SD, 2 Not specified.
    row = summaries["respondents"].loc["t9_sanctions"]
    assert row["top2_pct"] == pytest.approx(_pct(28, 57))  # the text: 40% + 9%
    assert row["bottom2_pct"] == pytest.approx(_pct(22, 57))
    assert row["mean"] == pytest.approx(Fraction(5 * 5 + 23 * 4 + 5 * 3 + 16 * 2 + 6, 55))
    # 55 valid answers, the 28th from the bottom: SD 6, D 16 (22), N 5 (27), A -> Agree
    assert row["median"] == "Agree"
    # Table 10 "research": 25 VI, 27 I, 3 MI, 0, 0, 2 Not specified.
    row = summaries["respondents"].loc["t10_research"]
    assert row["top2_pct"] == pytest.approx(_pct(52, 57))  # the text: 44% + 47% = 91%
    assert row["bottom2_pct"] == 0
    assert row["median"] == "Important"  # 28th from the bottom: 3 MI, then Important
    assert row["scale"] == "importance5"


def test_wilson_interval_matches_scipy(summaries):
    for item_id in ["t7_innovation", "t8_holding_cases", "t10_research", "t6_child_centred"]:
        row = summaries["respondents"].loc[item_id]
        k = round(row["top2_pct"] * row["n"] / 100)
        ci = stats.binomtest(k, int(row["n"])).proportion_ci(0.95, method="wilson")
        assert row["top2_ci_low"] == pytest.approx(100 * ci.low)
        assert row["top2_ci_high"] == pytest.approx(100 * ci.high)
        assert row["top2_ci_low"] < row["top2_pct"] < row["top2_ci_high"]
    # Table 7 "innovation", valid base: 47 of 55
    ci = stats.binomtest(47, 55).proportion_ci(0.95, method="wilson")
    assert summaries["valid"].loc["t7_innovation", "top2_ci_low"] == pytest.approx(100 * ci.low)


def test_wilson_level_is_a_parameter():
    frame = ls.load_table(7)
    narrow = likert_summary(frame, level=0.80).set_index("item_id")
    wide = likert_summary(frame, level=0.99).set_index("item_id")
    assert (narrow["top2_ci_low"] > wide["top2_ci_low"]).all()
    ci = stats.binomtest(47, 57).proportion_ci(0.80, method="wilson")
    assert narrow.loc["t7_innovation", "top2_ci_high"] == pytest.approx(100 * ci.high)
    with pytest.warns(FutureWarning), pytest.raises(ValueError, match="ci"):
        likert_summary(frame, ci=95)
    with pytest.raises(ValueError, match="level"):
        likert_summary(frame, level=95)


def test_former_ci_keyword_still_works_with_a_warning():
    frame = ls.load_table(7)
    with pytest.warns(FutureWarning, match=r"likert_summary\(ci=...\) is deprecated.*level="):
        old = likert_summary(frame, ci=0.80)
    new = likert_summary(frame, level=0.80)
    pd.testing.assert_frame_equal(old, new)
    assert new.attrs["ci"] == 0.80
    with pytest.raises(TypeError, match="level= only"):
        likert_summary(frame, level=0.9, ci=0.9)


def test_rank_within_table_ties_min(summaries):
    s = summaries["respondents"]
    t7 = s[s["table"] == 7]
    # Table 7: "judgement" 50/57 is highest; "relationships" and "innovation" tie on 47/57.
    assert t7.loc["t7_judgement", "rank"] == 1
    assert t7.loc["t7_relationships", "rank"] == t7.loc["t7_innovation", "rank"] == 2
    assert t7.loc["t7_risk_sensible", "rank"] == 4
    # docs/likert.md: no item of Tables 5-10 has a median decided by the even-count rule
    assert not s["median_split"].any() and (s["n_valid"] % 2 == 0).any()
    for _, group in s.groupby("table"):
        expected = group["top2_pct"].rank(ascending=False, method="min").astype(int)
        assert group["rank"].astype(int).tolist() == expected.tolist()


def test_columns_and_order(summaries):
    s = likert_summary(ls.load_table(8))
    needed = [
        "table",
        "item_id",
        "item",
        "n",
        "n_valid",
        "n_missing",
        "top2_pct",
        "middle_pct",
        "bottom2_pct",
        "net_pct",
        "mean",
        "sd",
        "median",
        "top2_ci_low",
        "top2_ci_high",
        "rank",
    ]
    assert set(needed) <= set(s.columns)
    codebook_order = [i.id for i in ls.default_codebook().items_for_table(8)]
    assert s["item_id"].tolist() == codebook_order
    assert s.attrs["sd_ddof"] == 1 and s.attrs["base"] == "respondents"
    assert s.loc[0, "short"] == "Can secure early help"


# ----------------------------------------------------------------------------- invariants

counts_strategy = st.lists(st.integers(0, 40), min_size=6, max_size=6).filter(lambda c: sum(c) > 0)


def _items(many: list[list[int]]) -> pd.DataFrame:
    return pd.concat([_frame(c, item_id=f"x{i}") for i, c in enumerate(many)], ignore_index=True)


@settings(max_examples=40, deadline=None)
@given(many=st.lists(counts_strategy, min_size=1, max_size=8))
def test_summary_shares_add_up_and_agree_with_numpy(many):
    frame = _items(many)
    resp_all = likert_summary(frame)
    valid_all = likert_summary(frame, base="valid")
    high_all = likert_summary(frame, median_rule="high")
    labels = dict(zip([5, 4, 3, 2, 1], AGREE5.levels, strict=True))
    for i, counts in enumerate(many):
        resp, v = resp_all.iloc[i], valid_all.iloc[i]
        n, valid = sum(counts), sum(counts[:5])
        missing_pct = 100 * counts[5] / n
        total = resp["top2_pct"] + resp["middle_pct"] + resp["bottom2_pct"] + missing_pct
        assert total == pytest.approx(100, abs=1e-9)
        assert resp["n_valid"] == valid and resp["n_missing"] == counts[5]
        ci = stats.binomtest(counts[0] + counts[1], n).proportion_ci(0.95, method="wilson")
        assert resp["top2_ci_low"] == pytest.approx(100 * ci.low)
        assert resp["top2_ci_high"] == pytest.approx(100 * ci.high)
        if valid == 0:
            assert math.isnan(resp["mean"]) and pd.isna(resp["median"])
            assert math.isnan(v["top2_pct"]) and pd.isna(v["rank"])
            continue
        assert v["top2_pct"] + v["middle_pct"] + v["bottom2_pct"] == pytest.approx(100, abs=1e-9)
        scores = np.repeat([5, 4, 3, 2, 1], counts[:5])
        assert resp["mean"] == pytest.approx(scores.mean(), abs=1e-12)
        if valid >= 2:
            assert resp["sd"] == pytest.approx(scores.std(ddof=1), abs=1e-9)
        else:
            assert math.isnan(resp["sd"])
        ordered = np.sort(scores)  # most negative first
        low, high = ordered[(valid - 1) // 2], ordered[valid // 2]
        assert resp["median"] == labels[low]
        assert high_all.iloc[i]["median"] == labels[high]
        assert bool(resp["median_split"]) == (low != high)
    # ranks: 1 + number of items with a strictly larger top-two share
    tops = [Fraction(c[0] + c[1], sum(c)) for c in many]
    expected = [1 + sum(t > x for t in tops) for x in tops]
    assert resp_all["rank"].astype(int).tolist() == expected


@settings(max_examples=60, deadline=None)
@given(
    many=st.lists(counts_strategy, min_size=1, max_size=8),
    base=st.sampled_from(["respondents", "valid"]),
)
def test_shares_sum_to_100_per_item(many, base):
    shares = likert_shares(_items(many), base=base)
    assert len(shares) == len(many) * len(AGREE5.categories)
    for i, item in shares.groupby("item_order"):
        assert item["count"].tolist() == many[i]
        in_base = item if base == "respondents" else item[item["substantive"]]
        if in_base["denominator"].iloc[0] == 0:
            assert in_base["share"].isna().all()
            continue
        assert in_base["share"].sum() == pytest.approx(100, abs=1e-9)
        if base == "valid":
            assert item.loc[~item["substantive"], "share"].isna().all()


def test_even_count_median_rule():
    # 2 valid answers, one Agree and one Disagree: the two central answers differ.
    frame = _frame([0, 1, 0, 1, 0, 3])
    low = likert_summary(frame).iloc[0]
    assert low["median"] == "Disagree" and bool(low["median_split"])
    assert likert_summary(frame, median_rule="high").iloc[0]["median"] == "Agree"
    with pytest.raises(ValueError, match="median_rule"):
        likert_summary(frame, median_rule="middle")


def test_all_not_specified_and_single_answer_items():
    frame = pd.concat(
        [
            _frame([0, 0, 0, 0, 0, 4], item_id="none_valid"),  # everyone "Not specified"
            _frame([0, 1, 0, 0, 0, 2], item_id="one_valid"),  # one Agree, two Not specified
            _frame([1], item_id="n1"),  # a single respondent, Strongly agree
        ],
        ignore_index=True,
    )
    resp = likert_summary(frame).set_index("item_id")
    valid = likert_summary(frame, base="valid").set_index("item_id")

    none = resp.loc["none_valid"]
    assert (none["n"], none["n_valid"], none["n_missing"]) == (4, 0, 4)
    # nobody answered on the scale: on either base the shares, net, interval, mean
    # and rank are undefined (missing), never 0 % ranked among the answered items
    for v in (none, valid.loc["none_valid"]):
        for column in (
            "top2_pct", "middle_pct", "bottom2_pct", "net_pct", "top2_ci_low", "top2_ci_high",
            "mean", "sd",
        ):  # fmt: skip
            assert math.isnan(v[column]), column
        assert pd.isna(v["rank"]) and pd.isna(v["median"]) and not v["median_split"]

    one = resp.loc["one_valid"]
    assert one["top2_pct"] == pytest.approx(_pct(1, 3)) and one["mean"] == 4
    assert math.isnan(one["sd"]) and one["median"] == "Agree" and not one["median_split"]
    assert valid.loc["one_valid", "top2_pct"] == 100

    single = resp.loc["n1"]
    assert (single["n"], single["top2_pct"], single["mean"]) == (1, 100, 5)
    assert math.isnan(single["sd"]) and single["median"] == "Strongly agree"
    ci = stats.binomtest(1, 1).proportion_ci(0.95, method="wilson")
    assert single["top2_ci_low"] == pytest.approx(100 * ci.low)
    assert single["top2_ci_high"] == pytest.approx(100)
    # ranks on the respondents base: 1/1 > 1/3; the unanswered item has none
    assert pd.isna(resp.loc["none_valid", "rank"])
    assert resp["rank"].drop("none_valid").to_dict() == {"one_valid": 2, "n1": 1}
    shares = likert_shares(frame).set_index(["item_id", "response"])["share"]
    assert shares.loc["none_valid"].drop("Not specified").isna().all()
    assert shares.loc[("none_valid", "Not specified")] == 100


def test_even_scale_has_no_middle():
    agree4 = Scale("agree4", ["SA", "A", "D", "SD"], centre=("A", "D"))
    frame = pd.DataFrame(
        {
            "table": 1,
            "item_id": "q4",
            "item": "Question 4",
            "scale": "agree4",
            "response": ["SA", "A", "D", "SD", "Not specified"],
            "count": [2, 3, 4, 1, 2],
            "n": 12,
        }
    )
    row = likert_summary(frame, scales={"agree4": agree4}).iloc[0]
    assert math.isnan(row["middle_pct"])
    assert row["top2_pct"] == pytest.approx(_pct(5, 12))
    assert row["bottom2_pct"] == pytest.approx(_pct(5, 12)) and row["net_pct"] == 0
    # 10 valid answers ordered SD, D x4, A x3, SA x2: the 5th and 6th are D and A
    assert row["median"] == "D" and bool(row["median_split"])
    sides = likert_shares(frame, scales={"agree4": agree4})["side"].astype(str).tolist()
    assert sides == ["positive", "positive", "negative", "negative", "missing"]


def test_odd_scale_without_declared_centre_uses_its_middle_level():
    yes3 = Scale("yes3", ["Yes", "Partly", "No"])  # no centre declared
    frame = pd.DataFrame(
        {
            "table": 1,
            "item_id": "q3",
            "item": "Question 3",
            "scale": "yes3",
            "response": ["Yes", "Partly", "No", "Not specified"],
            "count": [5, 3, 1, 1],
        }
    )
    row = likert_summary(frame, scales={"yes3": yes3}).iloc[0]
    assert row["middle_pct"] == 30 and row["top2_pct"] == 50 and row["bottom2_pct"] == 10
    sides = likert_shares(frame, scales={"yes3": yes3})["side"].astype(str).tolist()
    assert sides == ["positive", "centre", "negative", "missing"]


def test_zero_count_levels_and_absent_levels_are_fine():
    frame = _frame([0, 0, 7, 0, 0, 0])
    row = likert_summary(frame).iloc[0]
    assert row["middle_pct"] == 100 and row["top2_pct"] == 0 and row["sd"] == 0
    # Tables 5-6 have no "Not specified" row: it counts as zero.
    shares = likert_shares(ls.load_table(6))
    ns = shares[shares["response"] == "Not specified"].iloc[0]
    assert ns["count"] == 0 and ns["share"] == 0 and ns["side"] == "missing"


# ----------------------------------------------------------------------------- shares layout


def test_shares_have_what_a_diverging_plot_needs():
    frame = ls.load_table(7)
    shares = likert_shares(frame)
    needed = {"item_id", "short", "item_order", "response", "response_order", "share"}
    assert needed | {"substantive", "side"} <= set(shares.columns)
    row = shares[(shares.item_id == "t7_innovation") & (shares.response == "Agree")].iloc[0]
    assert row["share"] == pytest.approx(100 * 42 / 57)  # Table 7 "innovation": 42 of 57
    assert row["side"] == "positive" and bool(row["substantive"])
    sides = shares[shares.item_id == "t7_innovation"].set_index("response")["side"].astype(str)
    assert sides.to_dict() == {
        "Strongly agree": "positive",
        "Agree": "positive",
        "Neither agree nor disagree": "centre",
        "Disagree": "negative",
        "Strongly disagree": "negative",
        "Not specified": "missing",
    }
    assert shares.drop_duplicates("item_id")["item_id"].tolist() == list(
        dict.fromkeys(frame["item_id"])
    )
    assert shares.drop_duplicates("item_id")["item_order"].tolist() == list(range(9))
    assert row["short"] == "Encourages innovation"
    # a label the codebook does not know falls back to the item text
    custom = _frame([1, 2, 3, 4, 5, 0], item_id="unknown_item")
    assert likert_shares(custom)["short"].iloc[0] == "item unknown_item"


# ----------------------------------------------------------------------------- other instruments


def test_custom_scale_by_mapping_and_by_codebook():
    yes3 = Scale("yes3", ["Yes", "Partly", "No"], centre="Partly", missing=["Don't know"])
    frame = pd.DataFrame(
        {
            "table": 1,
            "item_id": "q1",
            "item": "Question 1",
            "scale": "yes3",
            "response": ["Yes", "Partly", "No", "Don't know"],
            "count": [6, 2, 1, 1],
            "n": 10,
        }
    )
    row = likert_summary(frame, scales={"yes3": yes3}).iloc[0]
    # three-level scale: "top2" is the single top level
    assert row["top2_pct"] == 60 and row["bottom2_pct"] == 10 and row["middle_pct"] == 20
    assert row["mean"] == pytest.approx((6 * 3 + 2 * 2 + 1) / 9)
    spec = {
        "scales": {"yes3": {"levels": ["Yes", "Partly", "No"], "centre": "Partly"}},
        "items": [{"id": "q1", "label": "Question 1", "scale": "yes3", "short": "Q1"}],
    }
    cb = Codebook.from_dict(spec)
    with_cb = likert_summary(
        frame.drop(columns="scale").replace("Don't know", "Not specified"), codebook=cb
    )
    assert with_cb.loc[0, "top2_pct"] == 60 and with_cb.loc[0, "short"] == "Q1"
    with pytest.raises(errors.UnknownLabelError, match="unknown scale"):
        likert_summary(frame)


def test_frame_without_n_uses_the_sum():
    frame = _frame([1, 2, 3, 4, 5, 6]).drop(columns="n")
    assert likert_summary(frame).loc[0, "n"] == 21


# ----------------------------------------------------------------------------- planted faults


def test_mixed_n_within_an_item_raises():
    frame = ls.load_table(7)
    frame.loc[frame.index[3], "n"] = 56
    with pytest.raises(ls.SurveyDataError, match="mixed n"):
        likert_summary(frame)
    with pytest.raises(errors.TotalMismatchError):
        likert_shares(frame)


def test_missing_count_raises():
    frame = ls.load_table(8).astype({"count": "float64"})
    frame.loc[frame.index[10], "count"] = np.nan
    with pytest.raises(ls.SurveyDataError, match="missing"):
        likert_summary(frame)


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (
            lambda f: f.assign(count=f["count"].where(f.index != 0, -1)),
            errors.CellFormatError,
            "count",
        ),
        (
            lambda f: f.assign(count=f["count"].astype(float).where(f.index != 0, 2.5)),
            errors.CellFormatError,
            "whole",
        ),
        (lambda f: f.assign(n=f["n"] + 1), errors.TotalMismatchError, "add up"),
        (lambda f: f.drop(columns="count"), errors.MissingColumnError, "count"),
        (
            lambda f: f.assign(response=f["response"].astype(str).replace("Agree", "Agreed")),
            errors.UnknownLabelError,
            "Agreed",
        ),
        (
            lambda f: pd.concat([f, f.iloc[[0]]], ignore_index=True),
            errors.UnknownLabelError,
            "twice",
        ),
        (lambda f: f.assign(scale="nosuch"), errors.UnknownLabelError, "nosuch"),
    ],
)
def test_planted_faults_raise(change, error, match):
    with pytest.raises(error, match=match):
        likert_summary(change(ls.load_table(9)))


def test_bad_base_is_refused():
    with pytest.raises(ValueError, match="base"):
        likert_summary(ls.load_table(5), base="all")
    with pytest.raises(ValueError, match="base"):
        likert_shares(ls.load_table(5), base="all")


def test_docstring_examples_run():
    # the Examples sections are part of the documentation: they must run and be right
    import doctest

    from lscb_survey.analysis import likert

    result = doctest.testmod(likert, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0

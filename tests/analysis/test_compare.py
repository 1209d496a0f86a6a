"""Comparison of two waves: intervals, tests, adjustment, items in one wave only, weights."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep

from lscb_survey import load_table, published_wave, read_wave, wave_from_responses
from lscb_survey.analysis.compare import compare_waves, largest_changes, wave_shares
from lscb_survey.analysis.compare_tests import compare_distributions
from lscb_survey.analysis.estimates import estimate as ls_estimate
from lscb_survey.cli import main
from lscb_survey.config import examples_dir
from lscb_survey.data.codebook import Codebook, Item, default_codebook
from lscb_survey.errors import MissingColumnError
from lscb_survey.stats.intervals import newcombe_interval
from lscb_survey.stats.tests import distribution_test
from lscb_survey.stats.weights import kish_n_eff
from lscb_survey.waves.weights import weighted_counts as ls_weighted_counts
from lscb_survey.waves.weights import with_weights

FAST = {"n_resamples": 2000, "max_tables": 2000}


@pytest.fixture(scope="module")
def example():
    return read_wave(examples_dir() / "wave-example.csv")


@pytest.fixture(scope="module")
def comparison(example):
    """2012 without its population size: simple-random-sample intervals on both sides."""
    unweighted = dataclasses.replace(published_wave(), population=None)
    return compare_waves(unweighted, example, **FAST)


def test_a_wave_with_a_population_uses_design_based_effective_sizes(example, comparison):
    from lscb_survey.analysis.estimates import estimate

    design = compare_waves(published_wave(), example, **FAST)
    assert design.attrs["design_based"] == {"a": True, "b": False}
    est = estimate(published_wave()).set_index(["item_id", "response"])
    row = design[(design.item_id == "t8_willingness") & (design.response == "Agree")].iloc[0]
    n_eff = float(est.loc[("t8_willingness", "Agree"), "n_eff"])
    assert row.n_eff_a == pytest.approx(n_eff, rel=1e-12)
    assert n_eff == pytest.approx(56 / (1 - 57 / 148), rel=1e-12)  # (n - 1) / fpc
    plain = comparison[comparison.item_id.eq("t8_willingness") & comparison.response.eq("Agree")]
    narrower = row.ci_high - row.ci_low < float(plain.ci_high.iloc[0] - plain.ci_low.iloc[0])
    assert narrower
    lo, hi = newcombe_interval(row.pct_a / 100, n_eff, row.pct_b / 100, row.n_eff_b, 0.95)
    assert (row.ci_low, row.ci_high) == pytest.approx((100 * lo, 100 * hi), abs=1e-9)


# ----------------------------------------------------------------------------- intervals


# ----------------------------------------------------------------------------- 2012 vs the example


def test_every_row_against_reference_implementations(comparison):
    both = comparison[comparison.status == "both"]
    assert len(both) == len(comparison)  # the example asks every 2012 item
    for r in both.itertuples():
        ref = confint_proportions_2indep(
            r.count_b, r.n_b, r.count_a, r.n_a, method="newcomb", compare="diff"
        )
        assert r.ci_low == pytest.approx(100 * float(ref[0]), abs=1e-8)
        assert r.ci_high == pytest.approx(100 * float(ref[1]), abs=1e-8)
        fisher = stats.fisher_exact(
            [[r.count_a, r.n_a - r.count_a], [r.count_b, r.n_b - r.count_b]]
        )
        assert r.p_value == pytest.approx(float(fisher.pvalue), rel=1e-12)
        assert r.change_pp == pytest.approx(100 * (r.count_b / r.n_b - r.count_a / r.n_a))
    bh = stats.false_discovery_control(both["p_value"].to_numpy(), method="bh")
    np.testing.assert_allclose(both["p_adjusted"].to_numpy(), bh, rtol=1e-12)


def test_2012_percentages_come_from_the_report(comparison):
    row = comparison[(comparison.item_id == "t7_innovation") & (comparison.response == "Agree")]
    # Table 7: 42 of the 57 chairs agreed that the changes encourage innovation.
    assert int(row.count_a.iloc[0]) == 42 and int(row.n_a.iloc[0]) == 57
    assert float(row.pct_a.iloc[0]) == pytest.approx(100 * 42 / 57)
    assert comparison.attrs["labels"] == ("2012", "wave-example")
    assert (comparison.wave_a == "2012").all()


def test_item_test_is_the_distribution_test_of_the_counts(comparison, example):
    dist = compare_distributions(published_wave(), example, **FAST).set_index("item_id")
    item = "t8_willingness"
    a = published_wave().counts.query("item_id == @item")["count"].tolist()
    b = example.counts.query("item_id == @item")["count"].tolist()
    ref = distribution_test(a, b, **FAST)
    assert dist.loc[item, "statistic"] == pytest.approx(ref["statistic"])
    assert dist.loc[item, "p_value"] == pytest.approx(ref["p_value"])
    rows = comparison[comparison.item_id == item]
    assert (rows["item_p_value"] == dist.loc[item, "p_value"]).all()
    tested = dist["p_value"].dropna().to_numpy()
    np.testing.assert_allclose(
        dist["p_adjusted"].dropna().to_numpy(), stats.false_discovery_control(tested)
    )


def test_largest_changes_are_ranked_by_absolute_change(comparison):
    top = largest_changes(comparison, 5)
    assert len(top) == 5
    magnitudes = top["change_pp"].abs().tolist()
    assert magnitudes == sorted(magnitudes, reverse=True)
    assert magnitudes[0] == comparison["change_pp"].abs().max()


def test_a_wave_compared_with_itself_shows_no_change(example):
    c = compare_waves(example, example, labels=("x", "x"), **FAST)
    assert (c["change_pp"] == 0).all()
    assert (c["p_value"] == 1).all() and np.allclose(c["item_p_value"].dropna(), 1)
    assert c.attrs["labels"] == ("x (a)", "x (b)")


# ----------------------------------------------------------------------------- nothing dropped


def test_items_in_one_wave_only_are_listed_not_dropped():
    full = published_wave()
    part = load_table(9)[lambda t: t.item_id != "t9_sanctions"]
    c = compare_waves(full.counts[full.counts.table.isin([8, 9])], part, **FAST)
    only_a = c[c.status == "only in a"]
    assert set(only_a.item_id) == {*load_table(8).item_id.unique(), "t9_sanctions"}
    assert only_a[["pct_b", "change_pp", "ci_low", "p_value"]].isna().all().all()
    assert only_a["count_a"].notna().all() and only_a["count_b"].isna().all()
    assert set(c.item_id) == set(load_table(8).item_id) | set(load_table(9).item_id)
    d = compare_waves(part, full.counts[full.counts.table == 9], **FAST)
    assert set(d.loc[d.status == "only in b", "item_id"]) == {"t9_sanctions"}
    assert d.loc[d.status == "only in b", "item_p_value"].isna().all()


def test_items_on_different_scales_are_not_compared():
    book = default_codebook()
    scales = {"yesno": book.scales["agree5"].__class__("yesno", ["Yes", "No"])}
    other = Codebook("other", scales, (Item(id="t9_sanctions", label="Sanctions?", scale="yesno"),))
    b = wave_from_responses(
        pd.DataFrame({"t9_sanctions": ["Yes", "No", "Yes"]}), other, name="other"
    )
    c = compare_waves(load_table(9), b, **FAST)
    rows = c[c.item_id == "t9_sanctions"]
    assert (rows.status == "different scales").all()
    assert {"Yes", "No", "Agree"} <= set(rows.response)
    assert rows[["change_pp", "p_value", "item_p_value"]].isna().all().all()


def test_valid_base_leaves_non_substantive_answers_out(example):
    c = compare_waves(published_wave(), example, base="valid", **FAST)
    missing = c[c.response == "Not specified"]
    assert missing[["pct_a", "pct_b", "change_pp", "p_value"]].isna().all().all()
    sums = c[c.substantive].groupby("item_id")["pct_b"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 100)
    with pytest.raises(ValueError, match="base"):
        compare_waves(example, example, base="all")
    with pytest.raises(TypeError):
        compare_waves([1, 2], example)


# ----------------------------------------------------------------------------- weights


def _unweighted_2012():
    return dataclasses.replace(published_wave(), population=None)


def test_equal_weights_change_the_shares_not(example, comparison):
    plain = comparison
    weighted = compare_waves(
        _unweighted_2012(), with_weights(example, np.full(example.respondents, 2.5)), **FAST
    )
    assert weighted.attrs["weighted"] == {"a": False, "b": True}
    for column in ("pct_b", "p_value"):
        np.testing.assert_allclose(weighted[column], plain[column], rtol=1e-12)
    # design-based: the linearised variance of equal weights is p (1 - p) / (n - 1)
    inside = weighted["pct_b"].between(0, 100, inclusive="neither")
    np.testing.assert_allclose(weighted.loc[inside, "n_eff_b"], example.respondents - 1)


def test_unequal_weights_weight_the_percentages_and_shrink_the_sample(example, comparison):
    rng = np.random.default_rng(7)
    w = rng.uniform(0.3, 3.0, example.respondents)
    weighted = with_weights(example, w)
    c = compare_waves(_unweighted_2012(), weighted, **FAST)
    plain = comparison
    assert kish_n_eff(w) < example.respondents and (c["n_b"] == example.respondents).all()
    est = ls_estimate(weighted).set_index(["item_id", "response"])
    n_eff = float(est.loc[("t7_innovation", "Agree"), "n_eff"])
    assert n_eff < example.respondents
    answers = example.responses["t7_innovation"].astype(str)
    share = 100 * w[answers.to_numpy() == "Agree"].sum() / w.sum()
    row = c[(c.item_id == "t7_innovation") & (c.response == "Agree")].iloc[0]
    assert row.pct_b == pytest.approx(share)
    low, high = newcombe_interval(row.pct_a / 100, 57, share / 100, n_eff)
    assert (row.ci_low, row.ci_high) == pytest.approx((100 * low, 100 * high))
    # Fisher needs whole counts: it runs on the unweighted counts, as documented.
    np.testing.assert_allclose(c["p_value"], plain["p_value"])
    assert "unweighted" in c.attrs["test"]


# ----------------------------------------------------------------------------- shares and CLI


def test_wave_shares_are_weighted_for_a_weighted_wave(example):
    w = np.where(example.responses["t9_sanctions"].astype(str) == "Agree", 3.0, 1.0)
    shares = wave_shares(with_weights(example, w))
    plain = wave_shares(example)
    assert shares["weighted"].all() and not plain["weighted"].any()
    agree = (shares.item_id == "t9_sanctions") & (shares.response == "Agree")
    k = int(plain.loc[agree, "count"].iloc[0])
    n = example.respondents
    assert float(shares.loc[agree, "share"].iloc[0]) == pytest.approx(100 * 3 * k / (3 * k + n - k))
    np.testing.assert_allclose(shares.groupby("item_id")["share"].sum(), 100)
    assert (shares["denominator"] == plain["denominator"]).all()  # unweighted base kept


def test_cli_wave_compare_writes_table_and_figures(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        [
            "wave",
            "compare",
            "2012",
            str(examples_dir() / "wave-example.csv"),
            "--out",
            str(out),
            "--no-figures",
        ]
    )
    assert code == 0
    written = pd.read_csv(out / "comparison.csv", encoding="utf-8-sig")
    direct = compare_waves(published_wave(), read_wave(examples_dir() / "wave-example.csv"))
    np.testing.assert_allclose(written["change_pp"], direct["change_pp"])
    assert set(written["wave_a"].astype(str)) == {"2012"}
    assert set(written["wave_b"]) == {"wave-example"}
    assert (out / "distributions.csv").exists()
    assert "31 items both" in capsys.readouterr().out
    codes, book = (
        examples_dir() / "wave-example-codes.csv",
        examples_dir() / "wave-example-codebook.toml",
    )
    figs = tmp_path / "figs"
    assert (
        main(
            ["wave", "compare", str(codes), str(codes), "--codebook", str(book), "--out", str(figs)]
        )
        == 0
    )
    pngs = sorted(p.name for p in figs.glob("*.png"))
    assert pngs == ["comparison-items-agree5.png", "comparison-items-confidence4.png"]


def test_cli_wave_compare_suppresses_the_new_wave_only(tmp_path, capsys):
    out = tmp_path / "out"
    path = str(examples_dir() / "wave-example.csv")
    assert main(["wave", "compare", "2012", path, "--out", str(out), "--suppress", "5"]) == 0
    written = pd.read_csv(out / "comparison.csv", encoding="utf-8-sig")
    assert written["suppressed_b"].any() and not written["suppressed_a"].any()
    hidden = written[written["suppressed_b"]]
    assert (hidden[["count_b", "pct_b", "change_pp", "ci_low", "p_value"]] == "[c]").all().all()
    visible = pd.to_numeric(written.loc[~written["suppressed_b"], "count_b"])
    assert (visible == 0).any() and (visible[visible > 0] >= 5).all()
    assert not list(out.glob("*.png"))
    assert "figures not drawn" in capsys.readouterr().out


def test_a_weighted_frame_needs_its_effective_sizes(example):
    frame = ls_weighted_counts(with_weights(example, np.ones(example.respondents)))
    with pytest.raises(MissingColumnError, match="n_eff"):
        compare_waves(frame.drop(columns=["n_eff", "n_eff_valid"]), example, **FAST)
    same = compare_waves(frame, example, **FAST)
    assert same.attrs["weighted"] == {"a": True, "b": False}
    assert np.allclose(same["change_pp"], 0)


# ----------------------------------------------------------------------------- confidence level


def test_level_sets_the_interval_and_ci_still_works_with_a_warning():
    t = load_table(9)
    later = t.assign(count=t["count"].where(t.response != "Agree", t["count"] + 10), n=t["n"] + 10)
    default = compare_waves(t, later, **FAST)
    narrow = compare_waves(t, later, level=0.8, **FAST)
    ok = default["ci_low"].notna()
    assert (narrow.loc[ok, "ci_low"] > default.loc[ok, "ci_low"]).all()
    assert narrow.attrs["ci"] == 0.8
    with pytest.warns(FutureWarning, match="use level="):
        old = compare_waves(t, later, ci=0.8, **FAST)
    pd.testing.assert_frame_equal(old, narrow)
    with pytest.warns(FutureWarning), pytest.raises(ValueError, match="ci"):
        compare_waves(t, later, ci=95, **FAST)
    with pytest.raises(ValueError, match="level"):
        compare_waves(t, later, level=95, **FAST)
    with pytest.raises(TypeError, match="level= only"):
        compare_waves(t, later, level=0.9, ci=0.9, **FAST)

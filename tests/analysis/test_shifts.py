"""Laming -> Munro shifts (Tables 3-4): counts, tests, adjustment, missing columns, caveat."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import lscb_survey as ls
from lscb_survey import errors
from lscb_survey.analysis.shifts import CAVEAT, distribution_tests, survey_shifts
from lscb_survey.stats.reconstruct import reconstruct_counts
from lscb_survey.stats.rounding import percent_of
from lscb_survey.stats.tests import category_tests

RATINGS = ["Good", "Reasonable", "Poor", "Don't know"]
CSC = "Children's social care"


@pytest.fixture(scope="module")
def shifts() -> pd.DataFrame:
    return survey_shifts()


@pytest.fixture(scope="module")
def dist() -> pd.DataFrame:
    return distribution_tests()


def _row(frame, measure, agency, rating=None):
    mask = (frame["measure"] == measure) & (frame["agency"] == agency)
    if rating is not None:
        mask &= frame["rating"] == rating
    (index,) = np.flatnonzero(mask.to_numpy())
    return frame.iloc[index]


def _comparison(columns: dict[tuple[str, str], tuple[list, int]]) -> pd.DataFrame:
    """A synthetic comparison frame: {(agency, survey): (percents, n)} for one measure."""
    rows = []
    for (agency, survey), (percents, n) in columns.items():
        for rating, pct in zip(RATINGS, percents, strict=True):
            rows.append(("T", "Measure", agency, survey, rating, pct, n))
    frame = pd.DataFrame(
        rows, columns=["table", "measure", "agency", "survey", "rating", "percent", "n"]
    )
    return frame.astype({"percent": "Int64"})


# ----------------------------------------------------------------------------- survey_shifts


def test_shape_and_columns(shifts):
    needed = [
        "table",
        "measure",
        "agency",
        "rating",
        "pct_laming",
        "pct_munro",
        "change_pp",
        "count_laming",
        "count_munro",
        "counts_status",
        "p_value",
        "p_adjusted",
        "cohens_h",
    ]
    assert set(needed) <= set(shifts.columns)
    # 2 tables x 3 measures x 7 agencies x 4 ratings
    assert len(shifts) == 168
    assert not shifts.duplicated(["table", "measure", "agency", "rating"]).any()
    assert list(shifts["rating"].cat.categories) == RATINGS


def test_health_referral_by_hand(shifts):
    # Table 3, "Understanding of referral process", Health: Laming 59/28/2/11 of 46,
    # Munro 74/14/0/12 of 57. Only 27/13/1/5 and 42/8/0/7 print as those columns.
    good = _row(shifts, "Understanding of referral process", "Health", "Good")
    assert (good["pct_laming"], good["pct_munro"], good["change_pp"]) == (59, 74, 15)
    assert (good["count_laming"], good["count_munro"]) == (27, 42)
    assert good["counts_status"] == "both unique"
    expected = stats.fisher_exact([[42, 15], [27, 19]]).pvalue
    assert good["p_value"] == pytest.approx(expected, rel=1e-12)
    assert good["exact_change_pp"] == pytest.approx(100 * (42 / 57 - 27 / 46))
    # Cohen's h from the printed percentages
    h = 2 * math.asin(math.sqrt(0.74)) - 2 * math.asin(math.sqrt(0.59))
    assert good["cohens_h"] == pytest.approx(h)
    poor = _row(shifts, "Understanding of referral process", "Health", "Poor")
    assert (poor["count_laming"], poor["count_munro"]) == (1, 0)


def test_childrens_social_care_not_rated_in_2009_10(shifts):
    csc = shifts[shifts["agency"] == CSC]
    assert len(csc) == 24
    # Tables 3-4 print "-" (once blank) for the Laming column of children's social care.
    assert csc["pct_laming"].isna().all() and csc["count_laming"].isna().all()
    assert (csc["status_laming"] == "not rated").all()
    assert csc["counts_status"].str.startswith("not rated in 2009-10").all()
    assert csc["change_pp"].isna().all() and csc["cohens_h"].isna().all()
    assert csc["p_value"].isna().all() and csc["p_adjusted"].isna().all()
    assert csc["pct_munro"].notna().all()
    # Table 3, "Understanding of referral process", children's social care, Munro: 81% good
    assert _row(shifts, "Understanding of referral process", CSC, "Good")["pct_munro"] == 81


def test_caveat_travels_with_the_output(shifts, dist):
    for frame in (shifts, dist):
        assert frame.attrs["caveat"] == CAVEAT
    assert "Assistant Directors" in CAVEAT and "LSCB chairs" in CAVEAT
    assert "different respondents" in survey_shifts.__doc__
    assert "Different respondents" in distribution_tests.__doc__


def test_p_values_only_on_unique_counts(shifts):
    tested = shifts[shifts["p_value"].notna()]
    assert len(tested) > 0
    assert tested["count_laming"].notna().all() and tested["count_munro"].notna().all()
    assert (tested["counts_status"] == "both unique").all()
    untested = shifts[shifts["p_value"].isna()]
    assert (untested["counts_status"] != "both unique").all()
    # the reconstructed counts print as the printed percentages (half up)
    for row in tested.itertuples():
        assert percent_of(int(row.count_laming), 46) == row.pct_laming
        assert percent_of(int(row.count_munro), 57) == row.pct_munro
        expected = stats.fisher_exact(
            [[row.count_munro, 57 - row.count_munro], [row.count_laming, 46 - row.count_laming]]
        ).pvalue
        assert row.p_value == pytest.approx(expected, rel=1e-12)


def test_benjamini_hochberg(shifts):
    p, adj = shifts["p_value"], shifts["p_adjusted"]
    assert (p.isna() == adj.isna()).all()
    ok = p.notna()
    assert (adj[ok] >= p[ok] - 1e-15).all() and (adj[ok] <= 1).all()
    expected = stats.false_discovery_control(p[ok].to_numpy(), method="bh")
    np.testing.assert_allclose(adj[ok].to_numpy(), expected, rtol=1e-12)


def test_statuses_agree_with_reconstruct(shifts):
    for _, col in shifts.groupby(["table", "measure", "agency"], observed=True, sort=False):
        for survey, n in (("laming", 46), ("munro", 57)):
            printed = col[f"pct_{survey}"]
            status = col[f"status_{survey}"].iloc[0]
            if printed.isna().all():
                assert status == "not rated"
                continue
            rec = reconstruct_counts([int(x) for x in printed], n)
            assert status == rec.status
            counts = col[f"count_{survey}"]
            if rec.status == "unique":
                assert tuple(int(c) for c in counts) == rec.counts
            else:
                assert counts.isna().all()
                assert f"{survey.capitalize()} {rec.status}" in col["counts_status"].iloc[0]
        both = (col["status_laming"] == "unique") & (col["status_munro"] == "unique")
        assert (col["counts_status"] == "both unique").eq(both).all()


def test_counts_status_texts_on_a_synthetic_frame():
    frame = _comparison(
        {
            ("Health", "Laming"): ([37, 10, 53, 0], 150),  # two solutions
            ("Health", "Munro"): ([74, 14, 0, 12], 57),
            ("Police", "Laming"): ([50, 30, 20, 0], 11),  # no count of 11 gives 50%
            ("Police", "Munro"): ([67, 19, 2, 12], 57),
            ("Probation", "Laming"): ([30, None, 11, 13], 46),
            ("Probation", "Munro"): ([51, 33, 2, 14], 57),
            ("Education", "Munro"): ([49, 33, 5, 12], 57),  # no Laming rows at all
        }
    )
    out = survey_shifts(frame).drop_duplicates("agency").set_index("agency")["counts_status"]
    assert out["Education"] == "no Laming column"
    education = survey_shifts(frame).query("agency == 'Education'")
    assert (education["status_laming"] == "absent").all() and education["p_value"].isna().all()
    assert out["Health"] == "Laming ambiguous (2 solutions)"
    assert out["Police"] == "Laming infeasible"
    assert out["Probation"] == "Laming incomplete (1 of 4 percentages missing)"
    assert reconstruct_counts([37, 10, 53, 0], 150).n_solutions == 2
    tested = survey_shifts(frame)
    assert tested["p_value"].isna().all() and tested["count_laming"].isna().all()
    assert tested["count_munro"].notna().all()
    assert tested.query("agency == 'Education'")["count_munro"].tolist() == [28, 19, 3, 7]


def test_rounding_rule_is_a_parameter(shifts):
    floor = survey_shifts(rounding="floor")
    assert floor["p_value"].notna().sum() < shifts["p_value"].notna().sum()
    assert floor.attrs["rounding"] == "floor"
    with pytest.raises(ValueError, match="rounding"):
        survey_shifts(rounding="nearest")


def test_bad_comparison_frames():
    good = _comparison({("Health", "Laming"): ([59, 28, 2, 11], 46)})
    with pytest.raises(errors.MissingColumnError):
        survey_shifts(good.drop(columns="percent"))
    with pytest.raises(errors.UnknownLabelError, match="survey"):
        survey_shifts(good.assign(survey="Other"))
    with pytest.raises(ls.SurveyDataError, match="twice"):
        survey_shifts(pd.concat([good, good.iloc[[0]]], ignore_index=True))
    with pytest.raises(ls.SurveyDataError, match="n is not one"):
        survey_shifts(good.assign(n=[46, 46, 45, 46]))
    with pytest.raises(ls.SurveyDataError, match="no row for ratings"):
        survey_shifts(good.iloc[:3])


def test_fractional_percent_or_base_is_refused_not_truncated():
    good = _comparison(
        {("Health", "Laming"): ([59, 28, 2, 11], 46), ("Health", "Munro"): ([74, 14, 0, 12], 57)}
    ).astype({"percent": "float64", "n": "float64"})
    # whole values stored as floats are fine
    assert survey_shifts(good)["counts_status"].eq("both unique").all()
    bad_pct = good.copy()
    bad_pct.loc[1, "percent"] = 28.6  # Laming, Reasonable
    with pytest.raises(errors.CellFormatError, match=r"Reasonable=28\.6"):
        survey_shifts(bad_pct)
    with pytest.raises(errors.CellFormatError):
        distribution_tests(bad_pct)
    bad_n = good.assign(n=good["n"].where(good["survey"] != "Laming", 46.7))
    with pytest.raises(ls.SurveyDataError, match="n is not one whole number"):
        survey_shifts(bad_n)
    with pytest.raises(ls.SurveyDataError, match="n is not one whole number"):
        survey_shifts(good.assign(n=0))


# ----------------------------------------------------------------------------- distributions


def test_distribution_tests_rows(dist):
    # 2 tables x 3 measures x 7 agencies
    assert len(dist) == 42
    tested = dist[dist["p_value"].notna()]
    assert (tested["counts_status"] == "both unique").all()
    assert tested["counts_laming"].notna().all() and tested["counts_munro"].notna().all()
    assert (dist.loc[dist["p_value"].isna(), "counts_status"] != "both unique").all()
    assert (tested["method"] == "exact").all() and (tested["df"] == 3).all()
    assert (tested["p_adjusted"] >= tested["p_value"] - 1e-15).all()
    expected = stats.false_discovery_control(tested["p_value"].to_numpy(), method="bh")
    np.testing.assert_allclose(tested["p_adjusted"].to_numpy(), expected, rtol=1e-12)
    assert dist.loc[dist["agency"] == CSC, "p_value"].isna().all()


def test_distribution_statistic_matches_scipy(dist):
    for row in dist[dist["p_value"].notna()].itertuples():
        a = [int(x) for x in row.counts_laming.split(";")]
        b = [int(x) for x in row.counts_munro.split(";")]
        keep = [j for j in range(4) if a[j] + b[j] > 0]
        table = np.array([[a[j] for j in keep], [b[j] for j in keep]])
        res = stats.chi2_contingency(table, correction=False)
        assert row.statistic == pytest.approx(res.statistic, rel=1e-9)
        assert row.p_asymptotic == pytest.approx(res.pvalue, rel=1e-9)
        assert row.min_expected == pytest.approx(res.expected_freq.min(), rel=1e-9)
        assert row.df == len(keep) - 1


def test_health_thresholds_distribution_by_hand(dist):
    # Table 3, "Understanding of thresholds", Health: Laming 33/52/4/11 of 46 -> 15/24/2/5;
    # Munro 68/21/0/11 of 57 -> 39/12/0/6.
    row = _row(dist, "Understanding of thresholds", "Health")
    assert (row["counts_laming"], row["counts_munro"]) == ("15;24;2;5", "39;12;0;6")
    assert row["p_value"] < 0.001 and row["p_asymptotic"] < 0.01


def test_category_tests_match_scipy():
    a, b = [27, 13, 1, 5], [42, 8, 0, 7]
    out = category_tests(a, b, labels=RATINGS)
    assert out["category"].tolist() == RATINGS
    for row in out.itertuples():
        x, y = a[row.Index], b[row.Index]
        res = stats.fisher_exact([[y, 57 - y], [x, 46 - x]])
        assert row.p_value == pytest.approx(res.pvalue, rel=1e-12)
        assert row.odds_ratio == pytest.approx(res.statistic)
        assert row.change_pp == pytest.approx(100 * (y / 57 - x / 46))
        h = 2 * math.asin(math.sqrt(y / 57)) - 2 * math.asin(math.sqrt(x / 46))
        assert row.cohens_h == pytest.approx(h)
    # the rows of survey_shifts for the same column carry the same p-values
    s = survey_shifts()
    col = s[(s["measure"] == "Understanding of referral process") & (s["agency"] == "Health")]
    np.testing.assert_allclose(col["p_value"].to_numpy(), out["p_value"].to_numpy())


def test_docs_state_the_computed_column_verdicts(shifts):
    from lscb_survey import config

    if config.PROJECT_ROOT is None:  # pragma: no cover - installed wheel without docs
        pytest.skip("docs are in the checkout only")
    text = (config.PROJECT_ROOT / "docs" / "shifts.md").read_text(encoding="utf-8")
    columns = shifts.drop_duplicates(["table", "measure", "agency"])
    statuses = pd.concat([columns["status_laming"], columns["status_munro"]]).value_counts()
    both = int((columns["counts_status"] == "both unique").sum())
    claim = (
        f"Of the {int(statuses.sum())} columns of\nTables 3-4, {statuses['unique']} "
        f"reconstruct uniquely, {statuses.get('infeasible', 0)} are infeasible"
    )
    assert claim in text
    assert f"and {statuses['not rated']} are the unrated children's social care" in text
    assert f"{both} of the {len(columns)} measure x agency pairs" in text
    assert "ambiguous" not in set(statuses.index)  # bases below 100: unique or infeasible


def test_docstring_examples_run():
    # the Examples sections are part of the documentation: they must run and be right
    import doctest

    from lscb_survey.analysis import shifts

    result = doctest.testmod(shifts, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0

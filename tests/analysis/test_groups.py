"""Tests of differences between groups of respondents."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import lscb_survey as ls
from lscb_survey.analysis.groups import GROUP_TEST_COLUMNS
from lscb_survey.data.codebook import Codebook
from lscb_survey.stats.association import independence_test

SPEC = {
    "scales": {
        "agree3": {
            "levels": ["Agree", "Neutral", "Disagree"],
            "scores": [3, 2, 1],
            "centre": "Neutral",
        }
    },
    "items": [
        {"id": "q1", "label": "Question 1", "scale": "agree3"},
        {"id": "q2", "label": "Question 2", "scale": "agree3"},
    ],
    "attributes": {
        "size": {"label": "Size", "levels": ["Small", "Medium", "Large"], "ordered": True},
        "area": {"label": "Area", "levels": ["North", "South", "Island"]},
    },
}
BOOK = Codebook.from_dict(SPEC, source="groups.toml")


def _wave(n_per: int = 30, seed: int = 1) -> ls.Wave:
    rng = np.random.default_rng(seed)
    sizes = np.repeat(["Small", "Medium", "Large"], n_per)
    # q1 rises with size; q2 does not depend on it.
    p_agree = {"Small": 0.1, "Medium": 0.5, "Large": 0.9}
    q1 = ["Agree" if rng.random() < p_agree[s] else "Disagree" for s in sizes]
    q2 = rng.choice(["Agree", "Neutral", "Disagree"], size=len(sizes)).tolist()
    area = ["North", "South"] * (len(sizes) // 2) + ["North"] * (len(sizes) % 2)
    area[:3] = ["Island"] * 3  # a small group
    frame = pd.DataFrame({"q1": q1, "q2": q2, "size": sizes, "area": area})
    return ls.wave_from_responses(frame, BOOK)


def test_columns_and_a_planted_difference():
    out = ls.group_tests(_wave(), by="size", resamples=2000)
    assert tuple(out.columns) == GROUP_TEST_COLUMNS
    assert out["test"].tolist() == ["independence", "linear_by_linear"] * 2
    by = out.set_index(["item_id", "test"])
    assert by.loc[("q1", "independence"), "p_value"] < 0.001
    assert by.loc[("q1", "linear_by_linear"), "p_value"] < 0.001
    assert by.loc[("q1", "linear_by_linear"), "effect"] > 0.5  # larger boards agree more
    assert by.loc[("q2", "independence"), "p_value"] > 0.01
    assert by.loc[("q1", "independence"), "effect_name"] == "cramers_v"
    assert by.loc[("q1", "linear_by_linear"), "effect_name"] == "spearman_rho"


def test_p_value_is_the_test_of_the_crosstab():
    wave = _wave(n_per=4, seed=3)
    out = ls.group_tests(wave, by="size", min_group_size=1).set_index(["item_id", "test"])
    joined = wave.responses.join(wave.attributes)
    for item in ("q1", "q2"):
        table = pd.crosstab(joined["size"], joined[item]).reindex(
            columns=["Agree", "Neutral", "Disagree"], fill_value=0
        )
        expected = independence_test(table.to_numpy(), max_tables=2000)
        row = out.loc[(item, "independence")]
        assert row["method"] == expected.method
        assert row["p_value"] == pytest.approx(expected.p_value, rel=1e-12)


def test_benjamini_hochberg_across_items_per_test():
    out = ls.group_tests(_wave(), by="size", resamples=500)
    for _, part in out.groupby("test"):
        expected = stats.false_discovery_control(part["p_value"], method="bh")
        np.testing.assert_allclose(part["p_adjusted"], expected)


def test_small_groups_are_flagged_and_left_out():
    wave = _wave()
    out = ls.group_tests(wave, by="area", resamples=200)
    assert set(out["test"]) == {"independence"}  # unordered attribute
    assert (out["groups_too_small"] == "Island").all()
    assert (out["groups_tested"] == 2).all()
    assert out["note"].str.contains("left out").all()
    kept = ls.group_tests(wave, by="area", resamples=200, include_small=True)
    assert (kept["groups_tested"] == 3).all() and (kept["groups_too_small"] == "Island").all()


def test_too_few_groups_is_not_tested():
    frame = pd.DataFrame({"q1": ["Agree"] * 6, "q2": ["Neutral"] * 6, "size": ["Small"] * 6})
    out = ls.group_tests(ls.wave_from_responses(frame, BOOK), by="size")
    assert (out["method"] == "not tested").all() and out["p_value"].isna().all()


def test_argument_errors():
    wave = _wave()
    with pytest.raises(ValueError, match="no attribute"):
        ls.group_tests(wave, by="colour")
    with pytest.raises(ValueError, match="min_group_size"):
        ls.group_tests(wave, by="size", min_group_size=0)
    with pytest.raises(TypeError):
        ls.group_tests([1, 2], by="size")  # type: ignore[arg-type]


# Four ordered groups; "S" has 2 answers, under min_group_size, and is left out.
_POSITIONS = {"XS": [2, 3, 5], "S": [1, 1, 0], "M": [4, 3, 3], "L": [7, 2, 1]}


def _positions_wave() -> ls.Wave:
    spec = {
        **SPEC,
        "items": SPEC["items"][:1],
        "attributes": {"size": {"label": "Size", "levels": list(_POSITIONS), "ordered": True}},
    }
    book = Codebook.from_dict(spec, source="positions.toml")
    rows = [
        {"q1": answer, "size": group}
        for group, counts in _POSITIONS.items()
        for answer, count in zip(["Agree", "Neutral", "Disagree"], counts, strict=True)
        for _ in range(count)
    ]
    return ls.wave_from_responses(pd.DataFrame(rows), book)


def _m2(row_scores: list[float]) -> float:
    """Agresti's M^2 = (N - 1) r^2 of the groups kept (XS, M, L), by hand."""
    table = np.array([_POSITIONS[g] for g in ("XS", "M", "L")], dtype=float)
    r, c = np.meshgrid(row_scores, [3.0, 2.0, 1.0], indexing="ij")
    w = table / table.sum()
    cov = (w * r * c).sum() - (w * r).sum() * (w * c).sum()
    var_r = (w * r * r).sum() - (w * r).sum() ** 2
    var_c = (w * c * c).sum() - (w * c).sum() ** 2
    return (table.sum() - 1) * cov**2 / (var_r * var_c)


def test_a_group_left_out_keeps_the_positions_of_the_others():
    out = ls.group_tests(_positions_wave(), by="size").set_index("test")
    row = out.loc["linear_by_linear"]
    assert row["groups_too_small"] == "S" and row["groups_tested"] == 3
    assert row["statistic"] == pytest.approx(_m2([0, 2, 3]), rel=1e-9)
    assert row["statistic"] != pytest.approx(_m2([0, 1, 2]), rel=1e-3)  # renumbered: wrong
    # R's coin package agrees (chi-squared = Z^2 of lbl_test on the groups kept):
    #   lbl_test(answer ~ size, data = rows,
    #            scores = list(size = c(0, 2, 3), answer = c(1, 2, 3)))  ->  5.146406
    #   ... with size = c(0, 1, 2)                                      ->  5.471273
    assert row["statistic"] == pytest.approx(5.146406, abs=1e-6)


def test_no_note_about_an_empty_not_specified_group():
    out = ls.group_tests(_positions_wave(), by="size")
    assert not out["note"].str.contains("Not specified").any()
    assert not out["note"].str.contains("0 answers").any()

"""The files of ``wave compare --suppress``: hidden values written as [c], nothing else changed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lscb_survey import config
from lscb_survey.cli import main
from lscb_survey.disclosure import MARKER
from lscb_survey.present.export import is_formula_like
from lscb_survey.present.pipelines import wave_comparison
from lscb_survey.stats.tests import bh_adjust

EXAMPLE = config.examples_dir() / "wave-example.csv"
EARLIER = config.examples_dir() / "wave-example-2014.csv"
#: Values of a row computed from one side's count, and from both.
SIDE = {"a": ("count_a", "pct_a"), "b": ("count_b", "pct_b")}
SHARED = ("change_pp", "ci_low", "ci_high", "p_value", "p_adjusted")
ITEM = ("item_method", "item_statistic", "item_p_value", "item_p_adjusted")
TESTS = (
    "test", "method", "statistic", "df", "p_value", "p_adjusted", "p_ffh", "p_asymptotic",
    "min_expected", "n_tables", "n_resamples", "seed",
)  # fmt: skip
#: Adjusted p-values: recomputed over the published p-values, so they may change.
ADJUSTED = ("p_adjusted", "item_p_adjusted")


def _read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.fixture(
    scope="module", params=[("2012", EXAMPLE), (EARLIER, EXAMPLE)], ids=["2012", "files"]
)
def written(request, tmp_path_factory):
    """Files of the same comparison written without and with suppression (threshold 5)."""
    a, b = request.param
    plain, hidden = tmp_path_factory.mktemp("plain"), tmp_path_factory.mktemp("hidden")
    wave_comparison(a, b, plain, figures=False)
    result = wave_comparison(a, b, hidden, suppress=5)
    return plain, hidden, result, str(a) != "2012"


def test_only_the_two_tables_are_written(written):
    _, hidden, result, _ = written
    assert sorted(p.name for p in hidden.iterdir()) == ["comparison.csv", "distributions.csv"]
    assert [p.parent for p in result.files] == [hidden, hidden]


def test_every_hidden_value_is_c_and_every_other_value_unchanged(written):
    plain, hidden, _, both_sides = written
    before, after = _read(plain / "comparison.csv"), _read(hidden / "comparison.csv")
    assert list(after.columns) == [*before.columns, "suppressed_a", "suppressed_b"]
    flags = {s: after[f"suppressed_{s}"] == "True" for s in "ab"}
    assert flags["b"].any() and flags["a"].any() == both_sides
    either = flags["a"] | flags["b"]
    touched = after["item_id"].isin(set(after.loc[either, "item_id"]))
    expected = pd.DataFrame(False, index=after.index, columns=before.columns)
    for side, columns in SIDE.items():
        for column in columns:
            expected[column] = flags[side]
    for column in SHARED:
        expected[column] = either
    for column in ITEM:
        expected[column] = touched
    expected &= before != ""  # a value that was never there is not hidden
    for column in before.columns:
        shown = after[column]
        assert (shown[expected[column]] == MARKER).all(), column
        if column not in ADJUSTED:
            kept = ~expected[column]
            assert (shown[kept] == before.loc[kept, column]).all(), column
    assert int(expected.to_numpy().sum()) > 0


def test_hidden_counts_appear_nowhere_in_their_rows(written):
    """No hidden count, nor a value derived from it, is left in the row that held it."""
    plain, hidden, _, _ = written
    before, after = _read(plain / "comparison.csv"), _read(hidden / "comparison.csv")
    for side, (count, pct) in SIDE.items():
        rows = after.index[after[f"suppressed_{side}"] == "True"]
        for i in rows:
            values = {before.at[i, c] for c in (count, pct, *SHARED) if before.at[i, c]}
            cells = {after.at[i, c] for c in (count, pct, *SHARED)}
            assert cells <= {MARKER, ""} and not values & cells


def test_tests_of_items_with_hidden_cells_are_c(written):
    plain, hidden, _, _ = written
    comparison = _read(hidden / "comparison.csv")
    items = set(
        comparison.loc[
            (comparison["suppressed_a"] == "True") | (comparison["suppressed_b"] == "True"),
            "item_id",
        ]
    )
    before, after = _read(plain / "distributions.csv"), _read(hidden / "distributions.csv")
    mine = after["item_id"].isin(items)
    assert mine.any() and (~mine).any()
    for column in TESTS:
        had = before[column] != ""
        assert (after.loc[mine & had, column] == MARKER).all(), column
        if column not in ADJUSTED:
            assert (after.loc[~mine, column] == before.loc[~mine, column]).all(), column


def test_adjusted_p_values_use_published_p_values_only(written):
    """Benjamini-Hochberg over the published p-values: hidden items take no part."""
    _, hidden, _, _ = written
    for name, p, adjusted in (
        ("comparison.csv", "p_value", "p_adjusted"),
        ("distributions.csv", "p_value", "p_adjusted"),
    ):
        frame = _read(hidden / name)
        shown = frame[(frame[p] != MARKER) & (frame[p] != "")]
        expect = bh_adjust(shown[p].astype(float))
        assert np.allclose(shown[adjusted].astype(float), expect), name


def test_readme_example_gives_no_test_detail_of_an_item_with_hidden_cells(tmp_path):
    """The README command once published df and min_expected of t5_shared_understanding.

    With n = 240 published and the hidden cells "Not specified" (2) and
    "Strongly agree" (10), min_expected gave the smallest column total and so
    both counts; nothing of that item's test may be published.
    """
    args = ["wave", "compare", "2012", str(EXAMPLE), "--out", str(tmp_path), "--suppress", "5"]
    assert main(args) == 0
    comparison = _read(tmp_path / "comparison.csv")
    item = comparison[comparison["item_id"] == "t5_shared_understanding"]
    assert (item["suppressed_b"] == "True").sum() == 2
    assert (item[list(ITEM)] == MARKER).all().all()
    tests = _read(tmp_path / "distributions.csv")
    row = tests[tests["item_id"] == "t5_shared_understanding"].iloc[0]
    assert {row[c] for c in TESTS} <= {MARKER, ""}
    assert row["n_b"] == "240"


def test_files_stay_spreadsheet_safe(written):
    _, hidden, _, _ = written
    for name in ("comparison.csv", "distributions.csv"):
        frame = _read(hidden / name)
        for column in frame.columns:
            for cell in frame[column]:
                if cell == MARKER or not is_formula_like(cell):
                    continue
                float(cell)  # a formula-like cell may only be a (negative) number


def test_command_writes_c(tmp_path):
    args = ["wave", "compare", "2012", str(EXAMPLE), "--out", str(tmp_path), "--suppress", "5"]
    assert main(args) == 0
    written = _read(tmp_path / "comparison.csv")
    hidden = written[written["suppressed_b"] == "True"]
    assert (hidden[["count_b", "pct_b", "change_pp", "ci_low", "p_value"]] == MARKER).all().all()


def test_readme_command_passes_the_release_check(tmp_path, monkeypatch):
    from lscb_survey.disclosure import release

    checked = []
    check = release.check_release

    def spy(published, original):
        checked.append(check(published, original))
        return checked[-1]

    monkeypatch.setattr(release, "check_release", spy)
    argv = ["wave", "compare", "2012", str(EXAMPLE), "--suppress", "5", "--out", str(tmp_path)]
    assert main(argv) == 0
    assert checked and checked[0] > 0  # the wave's release was checked, hidden cells and all
    assert (tmp_path / "comparison.csv").is_file()


def test_a_release_the_check_rejects_stops_the_comparison(tmp_path, monkeypatch, capsys):
    """A planted suppression without secondary cells gives cells away: nothing is written."""
    import functools

    import lscb_survey.disclosure as disclosure
    from lscb_survey.disclosure.release import DisclosureError

    primary_only = functools.partial(disclosure.suppress, secondary=False)
    monkeypatch.setattr(disclosure, "suppress", primary_only)
    with pytest.raises(DisclosureError, match="disclose"):
        wave_comparison("2012", EXAMPLE, tmp_path / "api", suppress=5, figures=False)
    assert not (tmp_path / "api").exists() or not any((tmp_path / "api").iterdir())
    argv = ["wave", "compare", "2012", str(EXAMPLE), "--suppress", "5", "--out", str(tmp_path)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("lscb-survey: error: "), err
    assert "Traceback" not in err and not (tmp_path / "comparison.csv").exists()


def test_the_new_wave_hides_what_it_hides_published_alone(tmp_path, monkeypatch):
    import lscb_survey.disclosure as disclosure

    real = disclosure.suppress
    extra = []

    def hides_one_more(counts, **kwargs):
        out = real(counts, **kwargs)
        item = out.loc[out["suppressed"], "item_id"].iloc[0]
        row = out.index[(out["item_id"] == item) & ~out["suppressed"]][0]
        out.loc[row, "suppressed"] = True
        extra.append((str(item), str(out.loc[row, "response"])))
        return out

    monkeypatch.setattr(disclosure, "suppress", hides_one_more)
    result = wave_comparison("2012", EXAMPLE, tmp_path, suppress=5, figures=False)
    frame = _read(tmp_path / "comparison.csv").set_index(["item_id", "response"])
    assert frame.loc[extra[0], ["count_b", "pct_b", "change_pp"]].tolist() == [MARKER] * 3
    comparison = result.comparison.set_index(["item_id", "response"])
    assert bool(comparison.loc[extra[0], "suppressed_b"])

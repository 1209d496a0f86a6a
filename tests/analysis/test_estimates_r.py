"""Design-based estimates agree with R's survey package (reference numbers committed).

The cases and the R script are in tests/stats/r/ (``make r-reference`` regenerates
the reference CSVs where R is installed); these tests need no R.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lscb_survey as ls

R_DIR = Path(__file__).parents[1] / "stats" / "r"
REFERENCE = R_DIR / "reference"


def _make_cases():
    spec = importlib.util.spec_from_file_location("make_cases", R_DIR / "make_cases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES = _make_cases()


def margins(name: str) -> dict[str, dict[str, float]]:
    frame = pd.read_csv(R_DIR / "cases" / f"{name}.csv")
    out: dict[str, dict[str, float]] = {}
    for row in frame.itertuples():
        out.setdefault(row.attribute, {})[row.level] = float(row.total)
    return out


@cache
def case_wave(case: str) -> ls.Wave:
    spec = CASES.SPEC[case]
    if spec["file"] is None:
        return ls.published_wave()
    wave = ls.read_wave(ls.config.examples_dir() / spec["file"], population=spec["population"])
    if spec["weights"]:
        wave = ls.with_weights(wave, CASES.synthetic_weights(wave.respondents))
    if spec["calibration"] == "rake":
        wave = ls.rake(wave, margins(spec["margins"]))
    elif spec["calibration"] == "poststratify":
        ((attr, totals),) = margins(spec["margins"]).items()
        wave = ls.poststratify(wave, attr, totals)
    return wave


def reference(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name, keep_default_na=True)


def _ours(case: str, group_by: str, base: str, ci: str, level: float) -> pd.DataFrame:
    wave = case_wave(case)
    parts = [ls.estimate(wave, base=base, ci=ci, level=level).assign(group="(all)")]
    if group_by:
        est = ls.estimate(wave, by=group_by, base=base, ci=ci, level=level)
        est = est.rename(columns={group_by: "group"})
        parts.append(est.assign(group=est["group"].astype(str)))
    return pd.concat(parts, ignore_index=True)


def _check(merged: pd.DataFrame, ours: str, theirs: str, tol: float) -> None:
    a = merged[ours].to_numpy(dtype=float)
    b = merged[theirs].to_numpy(dtype=float)
    both = np.isfinite(b) & (np.abs(b) < 1e8)
    assert both.any()
    err = np.abs(a[both] - b[both]) / np.maximum(1.0, np.abs(b[both]))
    worst = int(np.argmax(err))
    assert err[worst] <= tol, merged.loc[both].iloc[worst].to_dict()


SHARE_GROUPS = reference("shares.csv").groupby(["case", "by", "base", "level"], dropna=False)


@pytest.mark.parametrize("key", sorted(SHARE_GROUPS.groups, key=str), ids=str)
def test_shares_errors_deff_and_intervals_agree_with_r(key):
    case, group_by, base, level = key
    ref = SHARE_GROUPS.get_group(key)
    group_by = "" if pd.isna(group_by) else group_by
    lv = 0.95 if pd.isna(level) else float(level)
    keys = ["group", "item_id", "response"]
    logit = _ours(case, group_by, base, "logit", lv)
    merged = ref.merge(logit, on=keys, how="left", validate="one_to_one")
    assert merged["share_y"].notna().all()
    _check(merged, "share_y", "share_x", 1e-8)
    _check(merged, "se_y", "se_x", 1e-8)
    _check(merged, "deff_y", "deff_x", 1e-6)
    # where R's design effect is undefined (NA) or infinite, ours is NaN
    assert merged.loc[~np.isfinite(merged["deff_x"]), "deff_y"].isna().all()
    if pd.isna(level):
        return
    # R's logistic fit breaks down in some small domains (one or two respondents, or a
    # few in a calibrated design): its logit limits there are 0 and NA, and are not
    # compared; every other limit is
    inside = (merged["share_x"].between(0, 1, inclusive="neither") & (merged["se_x"] > 0)).sum()
    merged = merged[(merged["n"] >= 3) & merged["logit_high"].notna()]
    assert len(merged) >= 0.9 * inside
    _check(merged, "ci_low", "logit_low", 1e-6)
    _check(merged, "ci_high", "logit_high", 1e-6)
    beta = ref.merge(_ours(case, group_by, base, "beta", lv), on=keys, how="left")
    beta = beta[beta["n"] >= 3]
    _check(beta, "ci_low", "beta_low", 1e-6)
    _check(beta, "ci_high", "beta_high", 1e-6)


@pytest.mark.parametrize("case", sorted(CASES.SPEC))
def test_means_agree_with_r(case):
    ref = reference("means.csv")
    ref = ref[ref["case"] == case]
    wave = case_wave(case)
    group_by = ref["by"].dropna().iloc[0] if ref["by"].notna().any() else ""
    overall = ls.estimate_means(wave).assign(group="(all)")
    parts = [overall]
    if group_by:
        by = ls.estimate_means(wave, by=group_by).rename(columns={group_by: "group"})
        parts.append(by.assign(group=by["group"].astype(str)))
    ours = pd.concat(parts, ignore_index=True)
    merged = ref.merge(ours, on=["group", "item_id"], how="left", validate="one_to_one")
    assert (merged["n_x"] == merged["n_y"]).all()
    for column in ("mean", "se", "ci_low", "ci_high", "deff"):
        _check(merged, f"{column}_y", f"{column}_x", 1e-6)


@pytest.mark.parametrize("case", sorted(c for c, s in CASES.SPEC.items() if s["by"]))
def test_rao_scott_agrees_with_r(case):
    ref = reference("raoscott.csv")
    ref = ref[ref["case"] == case]
    spec = CASES.SPEC[case]
    tests = ls.group_tests(case_wave(case), by=spec["by"], include_small=True)
    tests = tests[tests["test"] == "independence"]
    assert set(tests["method"]) <= {"rao-scott", "not tested"}
    merged = ref.merge(tests, on="item_id", how="left", validate="one_to_one")
    ok = merged["p_value_x"].notna()
    # where R cannot compute the test (a singular design-effect matrix), neither do we
    assert (merged["p_value_y"].notna() == ok).all()
    assert ok.any()
    _check(merged[ok], "p_value_y", "p_value_x", 1e-4)
    _check(merged[ok], "statistic_y", "statistic_x", 1e-4)

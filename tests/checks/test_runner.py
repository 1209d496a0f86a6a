"""The whole audit: its frame, rules side by side, the text report and the command line."""

from __future__ import annotations

import pandas as pd

from lscb_survey.checks.findings import FINDING_COLUMNS
from lscb_survey.checks.runner import audit, audit_by_rule, render_text


def test_audit_frame_shape_and_rules(report_audit):
    assert list(report_audit.columns) == list(FINDING_COLUMNS)
    assert set(report_audit["severity"]) <= {"error", "warning", "info"}
    assert (
        report_audit.loc[report_audit["severity"] == "error", "verdict"] == "inconsistent"
    ).all()
    assert not report_audit.duplicated(["check", "location"]).any()
    tables = report_audit["table"].dropna().astype(int).tolist()
    assert tables == sorted(tables)
    assert report_audit["table"].isna().sum() == 1  # the chairs' count, on no table
    # the duplicate-rows check does not depend on rounding
    assert set(report_audit["rounding"]) == {"either", ""}
    assert (report_audit.loc[report_audit["rounding"] == "", "check"] == "duplicate_rows").all()


def test_audit_counts_by_check_and_severity(report_audit):
    counts = report_audit.groupby(["check", "severity"]).size().to_dict()
    assert counts == {
        ("claims", "error"): 3,
        ("claims", "info"): 4,
        ("claims", "warning"): 2,
        ("duplicate_rows", "warning"): 2,
        ("percent_from_count", "error"): 2,
        ("percent_only_columns", "error"): 8,
        ("percent_only_columns", "info"): 1,
        ("response_rates", "error"): 2,
        ("response_rates", "info"): 1,
        ("totals", "error"): 7,
        ("totals", "info"): 50,
    }


def test_audit_by_rule_and_text():
    by_rule = audit_by_rule(["either", "floor"])
    assert list(by_rule.columns) == ["check", "table", "location", "published", "either",
                                     "floor", "errors"]  # fmt: skip
    t7 = by_rule[by_rule["published"] == "43 (76%)"].iloc[0]
    assert t7["either"] == "inconsistent (error)" and t7["errors"] == 2
    # under truncation 38/57 = 66.67% would print as 66, not 67 (Table 5, Agree)
    t5 = by_rule[(by_rule["table"] == 5) & by_rule["location"].str.contains('"Agree"')]
    assert t5[["either", "floor"]].values.tolist() == [["consistent (ok)", "inconsistent (error)"]]
    text = render_text(audit())
    assert text.startswith("lscb-survey audit: 82 findings (22 errors, 4 warnings, 56 info")


# ----------------------------------------------------------------------------- command line


def test_cli_audit_formats_and_strict(capsys):
    import io

    from lscb_survey.cli import main

    assert main(["audit", "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(frame.columns) == list(FINDING_COLUMNS)
    assert (frame["severity"] == "error").sum() == 22
    assert main(["audit", "--strict"]) == 1
    assert capsys.readouterr().out.startswith("lscb-survey audit: 82 findings")
    assert main(["audit", "--format", "markdown", "--rounding", "half_up"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("| check | severity |") and "<NA>" not in text
    assert "| half_up |" in text


def test_cli_audit_all_rules(capsys):
    import io

    from lscb_survey.cli import main

    assert main(["audit", "--rounding", "all", "--format", "json"]) == 0
    frame = pd.read_json(io.StringIO(capsys.readouterr().out))
    assert list(frame.columns)[4:] == ["either", "half_up", "half_down", "half_even", "floor",
                                       "ceil", "errors"]  # fmt: skip
    # truncation breaks far more cells than any rounding to nearest
    floor_errors = frame["floor"].str.endswith("(error)").sum()
    assert floor_errors > 5 * frame["either"].str.endswith("(error)").sum()


def test_package_audit_stays_a_function_after_submodules_are_imported():
    import importlib
    import pkgutil

    import lscb_survey

    for info in pkgutil.iter_modules(lscb_survey.__path__):
        importlib.import_module(f"lscb_survey.{info.name}")
        # no public name may be shadowed by a submodule of the same name
        assert info.name not in lscb_survey._API, info.name
    assert (
        callable(lscb_survey.audit) and lscb_survey.audit.__module__ == "lscb_survey.checks.runner"
    )

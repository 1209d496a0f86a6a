"""Property test of every public function's arguments: misuse is a TypeError or ValueError.

Each example calls one public function of ``lscb_survey`` with some of its
arguments replaced by values of the wrong type or out of range (None, lists of
lists, Series, control characters, huge numbers...). The call may succeed or
raise ``TypeError``/``ValueError`` (``SurveyDataError`` is one); any other
exception from inside the library (``AttributeError``, ``KeyError``,
``IndexError``...) is a failure. Calls run in a temporary working folder under a
memory limit. The suite runs a few examples; ``make fuzz`` many.
"""

from __future__ import annotations

import inspect
import math
import os
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from waves.test_fuzz_files import memory_limit

import lscb_survey as ls

#: Functions left out: they take minutes per call (the whole report and its figures).
SLOW = {"report_2012", "wave_report", "audit", "survey_shifts", "distribution_tests"}
#: Functions whose argument checks are not complete yet (none at present).
KNOWN: set[str] = set()
FUNCTIONS = sorted(
    name for name in ls._API if name not in SLOW | KNOWN and inspect.isfunction(getattr(ls, name))
)
HOSTILE = [
    None,
    True,
    0,
    -1,
    10**30,
    1.5,
    math.nan,
    math.inf,
    "",
    "x",
    "\x00\x1b[31m",
    "../../outside",
    b"bytes",
    [],
    [[1]],
    ["t9_sanctions"],
    {},
    {"a": 1},
    (1, 2),
    pd.Series([1, 2]),
    pd.DataFrame(),
    pd.DataFrame({"a": [1]}),
    object(),
]
SUITE = (
    settings()
    if os.environ.get("HYPOTHESIS_PROFILE")
    else settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
)


@st.composite
def calls(draw):
    """A public function and arguments, some of them hostile."""
    name = draw(st.sampled_from(FUNCTIONS))
    params = inspect.signature(getattr(ls, name)).parameters.values()
    args, kwargs = [], {}
    for p in params:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        required = p.default is p.empty
        if not required and not draw(st.integers(0, 2)) == 0:
            continue
        value = draw(st.sampled_from(HOSTILE + ([_frame()] if required else [])))
        if p.kind == p.POSITIONAL_ONLY or (required and p.kind == p.POSITIONAL_OR_KEYWORD):
            args.append(value)
        else:
            kwargs[p.name] = value
    return name, args, kwargs


def _frame() -> pd.DataFrame:
    return ls.load_table(9)


@SUITE
@given(call=calls())
def test_public_functions_refuse_misuse_with_type_or_value_errors(call, tmp_path_factory):
    name, args, kwargs = call
    folder = tmp_path_factory.mktemp("cwd")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        with warnings.catch_warnings(), memory_limit():
            warnings.simplefilter("ignore")
            getattr(ls, name)(*args, **kwargs)
    except (TypeError, ValueError, ImportError):
        pass
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("suppress", [[1, 2]], {}),
        ("suppress", [None], {}),
        ("wave_from_responses", [pd.DataFrame({"t9_sanctions": ["Agree"]})], {"columns": ["a"]}),
        ("write_workbook", ["w.xlsx", "x"], {}),
        ("compare_waves", [_frame(), _frame()], {"labels": ""}),
        ("compare_waves", [_frame(), _frame()], {"labels": {}}),
        ("compare_distributions", [_frame(), _frame()], {"labels": ""}),
        ("load_claims", [], {"codebook": True}),
        ("load_claims", [], {"path": ""}),
        ("compare_distributions", [_frame(), _frame()], {"codebook": True}),
        ("likert_summary", [_frame()], {"codebook": "x"}),
        ("raw_grid", [math.inf], {}),
        ("with_weights", [None, None], {}),
        ("weighted_counts", [None], {}),
        ("write_csv", [None, "x.csv"], {}),
        ("write_csv", [_frame(), ""], {}),
        ("write_workbook", ["."], {}),
    ],
)
def test_found_by_fuzzing(name, args, kwargs, tmp_path, monkeypatch):
    """Calls that once failed inside the library."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises((TypeError, ValueError)):
        getattr(ls, name)(*args, **kwargs)

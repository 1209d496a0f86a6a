"""Synthetic tables for the checks' tests: tidy frames built from counts, with planted faults.

Importable as ``checks.synthetic`` (``tests/`` is on the path).
"""

from __future__ import annotations

import pandas as pd
from hypothesis import settings
from hypothesis import strategies as st

from lscb_survey.stats.rounding import percent_of
from lscb_survey.survey import SURVEY_BASES

FAST = settings(max_examples=80, deadline=None, database=None)
AGREE = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Not specified"]
RATINGS = ["Good", "Reasonable", "Poor", "Don't know"]


def likert(items: dict[str, list[int]], *, table: int = 9, rule: str = "half_up", edits=None):
    """A likert frame from counts, percentages rounded by ``rule``; ``edits`` overrides cells."""
    edits = edits or {}
    dtype = pd.CategoricalDtype(AGREE, ordered=True)
    rows = []
    for item_id, counts in items.items():
        n = sum(counts)
        for response, count in zip(AGREE, counts, strict=True):
            pct = edits.get((item_id, response), percent_of(count, n, rule))
            rows.append(
                (table, "s", "Statement", item_id, f"Item {item_id}", "agree5", response, count,
                 pct, n)
            )  # fmt: skip
    frame = pd.DataFrame(
        rows,
        columns=["table", "section", "block", "item_id", "item", "scale", "response", "count",
                 "percent", "n"],
    )  # fmt: skip
    return frame.astype({"response": dtype, "percent": "Int64"})


def returns(categories, counts, populations, *, table=1, rule="half_up", shares=None, rates=None):
    """A returns frame; rates are rounded 100*returns/population unless given."""
    total = sum(counts)
    rows = []
    for k, (cat, count, pop) in enumerate(zip(categories, counts, populations, strict=True)):
        rate = None if pop is None else percent_of(count, pop, rule)
        if rates and cat in rates:
            rate = rates[cat]
        share = percent_of(count, total, rule) if not shares or cat not in shares else shares[cat]
        rows.append((table, "Group", cat, count, rate, share))
        del k
    frame = pd.DataFrame(
        rows,
        columns=["table", "grouping", "category", "returns", "response_rate", "share_of_returns"],
    )
    return frame.astype({"response_rate": "Int64"})


def comparison(columns: dict[tuple[str, str, str], list[int | None]], *, table: int = 3, n=None):
    """A comparison frame from printed columns {(measure, agency, survey): percents}."""
    n = n or SURVEY_BASES
    rows = []
    for (measure, agency, survey), percents in columns.items():
        for rating, pct in zip(RATINGS, percents, strict=True):
            rows.append(
                (
                    table,
                    measure,
                    agency,
                    survey,
                    rating,
                    pct,
                    n[survey],
                    "-" if pct is None else None,
                )
            )
    frame = pd.DataFrame(
        rows,
        columns=["table", "measure", "agency", "survey", "rating", "percent", "n", "missing_mark"],
    )
    return frame.astype(
        {
            "rating": pd.CategoricalDtype(RATINGS, ordered=True),
            "percent": "Int64",
            "missing_mark": "string",
        }
    )


def printed(counts, n, rule="half_up"):
    return [percent_of(c, n, rule) for c in counts]


@st.composite
def count_vectors(draw, k: int = 5, min_n: int = 1, max_n: int = 120):
    n = draw(st.integers(min_n, max_n))
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=k - 1, max_size=k - 1)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True)]


RULE_NAMES = ["half_up", "half_down", "half_even", "floor", "ceil"]
RULES = st.sampled_from(RULE_NAMES)

"""The comparison and group-breakdown sections of a wave's report, with disclosure control.

:func:`comparison_section` lays out :func:`lscb_survey.compare_waves` of an
earlier wave and the report's wave; :func:`group_section` lays out
:func:`lscb_survey.likert_summary` by group and :func:`lscb_survey.group_tests`
(a suppressed report's breakdown is :mod:`lscb_survey.present.report.wave_groups`).
With a threshold, every number of the comparison computed from a hidden count is
shown as the marker (:data:`lscb_survey.disclosure.MARKER`), never as a value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ...disclosure import MARKER
from ...disclosure.gate import gate_comparison
from .sections import SimpleTable

if TYPE_CHECKING:  # pragma: no cover
    from ...waves.model import Wave

__all__ = [
    "ComparisonSection",
    "GroupSection",
    "attribute_label",
    "comparison_section",
    "group_section",
    "hidden_keys",
]


def _records(frame: pd.DataFrame) -> Iterator[Any]:
    """Rows of ``frame`` as named tuples (typed loosely: columns vary by frame)."""
    return iter(frame.itertuples())


def _show(value: Any, hidden: bool, fmt: Callable[[Any], str]) -> str:
    """The marker when hidden, blank when missing, else the formatted value."""
    if hidden:
        return MARKER
    return "" if pd.isna(value) else fmt(value)


def _pct(value: Any) -> str:
    return f"{float(value):.1f}"


def _signed(value: Any) -> str:
    return f"{float(value):+.1f}"


def _p(value: Any) -> str:
    return f"{float(value):.3f}"


def _interval(low: Any, high: Any, hidden: bool) -> str:
    if hidden:
        return MARKER
    return "" if pd.isna(low) or pd.isna(high) else f"{_signed(low)} to {_signed(high)}"


def hidden_keys(frame: pd.DataFrame, *columns: str) -> set[tuple[str, ...]]:
    """The ``columns`` values (as strings) of the rows a suppressed frame hides."""
    part = frame.loc[frame["suppressed"].astype(bool), list(columns)]
    return {tuple(str(v) for v in row) for row in part.itertuples(index=False)}


@dataclass(frozen=True)
class ComparisonSection:
    """The comparison of an earlier wave with the report's wave, ready to render."""

    labels: tuple[str, str]
    caveat: str
    tables: list[SimpleTable]
    tests: SimpleTable


def _hide_b(comparison: pd.DataFrame, keys: set[tuple[str, ...]]) -> pd.DataFrame:
    """Also hide the later wave's cells in ``keys`` (item id, response) and what derives from them."""
    out = comparison.copy()
    extra = pd.Series(
        [(str(i), str(r)) in keys for i, r in zip(out["item_id"], out["response"], strict=True)],
        index=out.index,
    )
    out["suppressed_b"] = out["suppressed_b"] | extra
    for column in ("count_b", "pct_b"):
        out[column] = out[column].mask(extra)
    return gate_comparison(out)


def _caveat(earlier: Wave, wave: Wave, comparison: pd.DataFrame) -> str:
    from ...analysis.trends import SERIES_CAVEAT, series_caveat

    informants = series_caveat([earlier, wave])
    lead = informants.removesuffix(SERIES_CAVEAT).strip()
    return " ".join(p for p in (lead, str(comparison.attrs.get("caveat", ""))) if p)


def comparison_section(
    earlier: Wave,
    wave: Wave,
    *,
    threshold: int | None = None,
    sides: tuple[str, ...] = ("a", "b"),
    hidden_b: set[tuple[str, ...]] | None = None,
) -> ComparisonSection:
    """Percentages of two waves side by side, the change with its interval, and item tests.

    Parameters
    ----------
    earlier, wave : Wave
        The wave compared with (``a``) and the report's wave (``b``).
    threshold : int, optional
        Hide counts below it (:func:`lscb_survey.disclosure.suppress_comparison`)
        in the waves listed in ``sides``.
    sides : tuple of str
        Which waves to protect (leave out ``"a"`` for the published 2012 counts).
    hidden_b : set of (item id, response), optional
        Cells of the report's wave hidden elsewhere in the report (by a linked
        suppression); they are hidden here too.

    Returns
    -------
    ComparisonSection
        One table per report table of the report's wave's items (rows: item and answer; each wave's
        percentage, the change, its interval and the adjusted p-value) and one
        table of the items' distribution tests; hidden values show the marker.
    """
    from ...analysis.compare import compare_waves
    from ...disclosure import suppress_comparison

    comparison = compare_waves(earlier, wave)
    la, lb = comparison.attrs["labels"]
    caveat = _caveat(earlier, wave, comparison)
    if threshold is not None and sides:
        comparison = suppress_comparison(comparison, threshold=threshold, sides=list(sides))
        if hidden_b:
            comparison = _hide_b(comparison, hidden_b)
    else:
        comparison = comparison.assign(suppressed_a=False, suppressed_b=False)
    comparison = comparison[comparison["status"] != "only in a"]
    tables = []
    for table, part in comparison.groupby(comparison["table"].fillna(0), sort=False):
        rows = [
            [
                f"{r.short}: {r.response}",
                _show(r.pct_a, r.suppressed_a, _pct),
                _show(r.pct_b, r.suppressed_b, _pct),
                _show(r.change_pp, r.suppressed_a or r.suppressed_b, _signed),
                _interval(r.ci_low, r.ci_high, r.suppressed_a or r.suppressed_b),
                _show(r.p_adjusted, r.suppressed_a or r.suppressed_b, _p),
            ]
            for r in _records(part)
        ]
        number = int(table)
        where = f"items of Table {number}" if number else "items in no report table"
        columns = ["Item: answer", f"{la} (%)", f"{lb} (%)", "Change (points)", "Interval"]
        tables.append(
            SimpleTable(
                f"comparison-table-{number}",
                f"{la} and {lb}: {where}",
                [*columns, "Adjusted p"],
                rows,
            )
        )
    return ComparisonSection((la, lb), caveat, tables, _item_tests(comparison, (la, lb)))


def _item_tests(comparison: pd.DataFrame, labels: tuple[str, str]) -> SimpleTable:
    """One row per item: bases, status and its distribution test."""
    rows = []
    for _, part in comparison.groupby("item_id", sort=False):
        r = next(_records(part.head(1)))
        touched = bool((part["suppressed_a"] | part["suppressed_b"]).any())
        rows.append(
            [
                str(r.short),
                "" if pd.isna(r.n_a) else str(int(r.n_a)),
                "" if pd.isna(r.n_b) else str(int(r.n_b)),
                str(r.status),
                _show(r.item_statistic, touched, lambda v: f"{float(v):.2f}"),
                _show(r.item_p_adjusted, touched, _p),
            ]
        )
    columns = ["Item", f"n {labels[0]}", f"n {labels[1]}", "Status", "Chi-square", "Adjusted p"]
    caption = f"Did the distribution of answers change between {labels[0]} and {labels[1]}?"
    return SimpleTable("comparison-tests", caption, columns, rows)


@dataclass(frozen=True)
class GroupSection:
    """The breakdown of a wave by one attribute, ready to render."""

    by: str
    summaries: list[SimpleTable]
    tests: SimpleTable
    label: str = ""  # the attribute's label in the codebook (``by`` when it has none)


def group_section(wave: Wave, by: str, *, resamples: int = 10_000) -> GroupSection:
    """Likert summaries of each group and one test per item of whether groups differ.

    Without disclosure control; a suppressed report publishes its breakdown
    on a recoded scale instead (:mod:`lscb_survey.present.report.wave_groups`).

    Parameters
    ----------
    wave : Wave
        A wave with respondent-level data.
    by : str
        An attribute of the wave.
    resamples : int
        Monte Carlo tables of :func:`lscb_survey.group_tests`.

    Returns
    -------
    GroupSection
        One summary table per group (item, n, positive, middle and negative
        shares, net, median) and one table of tests (item, test, method,
        statistic, adjusted p, effect, groups tested).
    """
    from ...analysis.groups import group_tests
    from ...analysis.likert import likert_summary

    summary = likert_summary(wave.counts_by(by), by=by, codebook=wave.codebook)
    label = attribute_label(wave, by)
    tables = []
    groups = summary.groupby(by, sort=False, observed=True)
    # A group nobody is in (n = 0 for every item, e.g. "Not specified") gets no table.
    groups_shown = [(g, part) for g, part in groups if (part["n"] > 0).any()]
    for k, (group, part) in enumerate(groups_shown, start=1):
        rows = []
        for r in _records(part):
            stats = [r.top2_pct, r.middle_pct, r.bottom2_pct]
            rows.append(
                [str(r.short), str(int(r.n))]
                + [_show(v, False, _pct) for v in stats]
                + [_show(r.net_pct, False, _signed), _show(r.median, False, str)]
            )
        columns = ["Item", "n", "Positive (%)", "Middle (%)", "Negative (%)", "Net (points)"]
        tables.append(
            SimpleTable(
                f"group-summary-{k}", f"Summary by {label}: {group}", [*columns, "Median"], rows
            )
        )
    tests = group_tests(wave, by, resamples=resamples)  # adjusted over every item
    shorts = dict(zip(summary["item_id"].astype(str), summary["short"].astype(str), strict=False))
    rows = [
        [
            shorts.get(str(r.item_id), str(r.item_id)),
            str(r.test).replace("_", "-"),
            _show(r.method, False, str),
            _show(r.statistic, False, lambda v: f"{float(v):.2f}"),
            _show(r.p_adjusted, False, _p),
            _show(r.effect, False, lambda v: f"{float(v):.2f}"),
            _show(r.groups_tested, False, lambda v: str(int(v))),
        ]
        for r in _records(tests)
    ]
    columns = ["Item", "Test", "Method", "Statistic", "Adjusted p", "Effect", "Groups tested"]
    caption = f"Do answers differ between groups of {label}?"
    return GroupSection(by, tables, SimpleTable("group-tests", caption, columns, rows), label)


def attribute_label(wave: Wave, by: str) -> str:
    """The attribute's label in the wave's codebook, else its id."""
    try:
        return str(wave.codebook.attribute(by).label) or by
    except KeyError:
        return by

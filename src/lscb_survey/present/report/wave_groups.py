"""The group section of a suppressed wave report: positive answers by group.

With disclosure control, a wave's breakdown by group is published on a
recoded scale (:mod:`lscb_survey.disclosure.recoded`): per group and item,
the number of positive answers and its share of the group's base. The test
of whether groups differ is made on the published grid of positive and other
answers, so it is shown exactly when every cell of that grid is published.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ...disclosure import MARKER, OVERALL
from .sections import SimpleTable
from .wave_sections import GroupSection

if TYPE_CHECKING:  # pragma: no cover
    from ...waves.model import Wave

__all__ = ["positive_breakdown", "positive_section"]


def positive_breakdown(
    wave: Wave, by: str, threshold: int
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    """The wave alone and its positive answers by group, suppressed together and audited.

    Parameters
    ----------
    wave : Wave
        A wave with respondent-level data.
    by : str
        An attribute of the wave.
    threshold : int
        Smallest count that may be published.

    Returns
    -------
    (DataFrame, DataFrame, dict)
        The wave's counts as published alone (:func:`lscb_survey.suppress`),
        the recoded breakdown (:func:`lscb_survey.disclosure.recoded.suppress_positive`:
        ``by``, ``item_id``, ``response`` "Positive"/"Other", ``count``,
        ``percent``, ``n``, ``suppressed``), and the information lost by
        group: ``group_cells``, ``group_cells_hidden``, ``group_rows_withheld``,
        ``items_withheld``.
    """
    from ...disclosure import suppress
    from ...disclosure.recoded import suppress_positive
    from ...disclosure.release import check_release

    alone = suppress(wave.counts, threshold=threshold)
    check_release(alone, wave.counts)
    counts_by = wave.counts_by(by)
    top = {item: wave.codebook.scale_of(item).top for item in _items(counts_by)}
    recoded = suppress_positive(counts_by, alone, by=by, top=top, threshold=threshold)
    groups = recoded[recoded[by].astype(str) != OVERALL]
    withheld = recoded.attrs["withheld"]
    lost = {
        "group_cells": len(groups),
        "group_cells_hidden": int(groups["suppressed"].sum()),
        "group_rows_withheld": sum(1 for w in withheld if isinstance(w, tuple)),
        "items_withheld": sum(1 for w in withheld if not isinstance(w, tuple)),
    }
    return alone, recoded, lost


def _items(frame: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(frame["item_id"].astype(str)))


def positive_section(
    wave: Wave, by: str, recoded: pd.DataFrame, *, label: str, resamples: int = 10_000
) -> GroupSection:
    """Tables of positive answers per group and the tests of the published grid.

    Parameters
    ----------
    wave : Wave
        The wave (for its items' short labels).
    by : str
        The group column.
    recoded : DataFrame
        The second result of :func:`positive_breakdown`.
    label : str
        The attribute's label.
    resamples : int
        Monte Carlo tables of :func:`lscb_survey.stats.association.independence_test`.

    Returns
    -------
    GroupSection
        One table per group (item, n, positive answers, positive share of
        n) and one table of tests (item, test, method, statistic, adjusted p,
        groups tested).
    """
    shorts = _shorts(wave, recoded)
    groups = recoded[recoded[by].astype(str) != OVERALL]
    tables = []
    names = [g for g in dict.fromkeys(groups[by].astype(str))]
    for k, group in enumerate(names, start=1):
        part = groups[groups[by].astype(str) == group]
        rows = []
        for item, cells in part.groupby(part["item_id"].astype(str), sort=False):
            pos = cells[cells["response"] == "Positive"].iloc[0]
            n = int(pos["n"])
            hidden = bool(pos["suppressed"])
            rows.append(
                [
                    shorts.get(item, item),
                    str(n),
                    MARKER if hidden else str(int(pos["count"])),
                    MARKER if hidden else ("" if n == 0 else f"{float(pos['percent']):.1f}"),
                ]
            )
        if all(r[1] == "0" for r in rows):
            continue  # nobody in this group
        columns = ["Item", "n", "Positive", "Positive (% of n)"]
        tables.append(
            SimpleTable(
                f"group-summary-{k}", f"Positive answers by {label}: {group}", columns, rows
            )
        )
    return GroupSection(by, tables, _tests(groups, by, shorts, label, resamples), label)


def _shorts(wave: Wave, recoded: pd.DataFrame) -> dict[str, str]:
    """Each item's short label, as the likert summaries give it."""
    from ...analysis.likert_input import short_label

    pairs = zip(recoded["item_id"].astype(str), recoded["item"].astype(str), strict=True)
    return {i: short_label(i, label, wave.codebook) for i, label in dict(pairs).items()}


def _tests(
    groups: pd.DataFrame, by: str, shorts: dict[str, str], label: str, resamples: int
) -> SimpleTable:
    """Per item, a test of independence of group and positive answer, where all is published."""
    from ...data.attributes import NOT_SPECIFIED
    from ...stats.association import AssociationResult, independence_test
    from ...stats.tests import bh_adjust

    results: dict[str, tuple[AssociationResult, int] | None] = {}
    tested_groups: dict[str, int] = {}
    for item, cells in groups.groupby(groups["item_id"].astype(str), sort=False):
        tested = cells[(cells[by].astype(str) != NOT_SPECIFIED) & (cells["n"] >= 5)]
        tested_groups[item] = tested[by].nunique()  # from the published bases only
        if cells["suppressed"].any():
            results[item] = None
            continue
        grid = tested.pivot_table(index=by, columns="response", values="count", observed=True)
        results[item] = (independence_test(grid.to_numpy(int), resamples=resamples), len(grid))
    shown = {item: r[0].p_value for item, r in results.items() if r is not None}
    adjusted = dict(zip(shown, bh_adjust(pd.Series(list(shown.values()))), strict=True))
    rows = []
    for item, r in results.items():
        if r is None:
            hidden = [MARKER, MARKER, MARKER]
            rows.append([shorts.get(item, item), "independence", *hidden, str(tested_groups[item])])
            continue
        test, n_tested = r
        rows.append(
            [
                shorts.get(item, item),
                "independence",
                str(test.method).replace("_", "-"),
                f"{float(test.statistic):.2f}",
                f"{float(adjusted[item]):.3f}",
                str(n_tested),
            ]
        )
    columns = ["Item", "Test", "Method", "Statistic", "Adjusted p", "Groups tested"]
    caption = f"Does the share of positive answers differ between groups of {label}?"
    return SimpleTable("group-tests", caption, columns, rows)

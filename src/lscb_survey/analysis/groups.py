"""Do answers differ between groups of respondents? One test per item.

:func:`group_tests` takes a wave (or counts by group, as ``Wave.counts_by``
gives) and, for each item, tests whether the distribution of substantive
answers differs between the groups of one attribute: an exact test of
independence where the tables can be enumerated, else a seeded Monte Carlo
test (:func:`~lscb_survey.stats.association.independence_test`), and, when the
attribute is ordered, Agresti's linear-by-linear association test between the
group order and the answer scores
(:func:`~lscb_survey.stats.association.linear_by_linear_test`). p-values are
adjusted across items with Benjamini-Hochberg, one family per test. A
weighted wave is tested with the design-based Rao-Scott F test instead
(:mod:`~lscb_survey.analysis.group_design`). Groups
with fewer substantive answers than ``min_group_size`` are flagged and, by
default, left out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..data.attributes import NOT_SPECIFIED
from ..data.codebook import Codebook, default_codebook
from ..stats.association import (
    AssociationResult,
    cramers_v,
    independence_test,
    linear_by_linear_test,
    rank_correlation,
)
from ..stats.tests import bh_adjust
from ..waves.calibration import design_of
from ..waves.model import Wave
from ..waves.weights import WeightedWave
from .group_design import rao_scott_row

__all__ = ["GROUP_TEST_COLUMNS", "group_tests"]

#: Columns of :func:`group_tests`.
GROUP_TEST_COLUMNS: tuple[str, ...] = (
    "item_id", "test", "method", "statistic", "df", "p_value", "p_adjusted", "effect",
    "effect_name", "groups_tested", "groups_too_small", "resamples", "note",
)  # fmt: skip


def _counts(data: Wave | pd.DataFrame, by: str) -> tuple[pd.DataFrame, Codebook]:
    if isinstance(data, Wave):
        return data.counts_by(by), data.codebook
    if isinstance(data, pd.DataFrame):
        if by not in data.columns:
            raise ValueError(f"the counts have no group column {by!r}")
        return data, default_codebook()
    raise TypeError(f"expected a Wave or a counts frame, got {type(data).__name__}")


def _item_table(part: pd.DataFrame, by: str, levels: tuple[str, ...]) -> pd.DataFrame:
    """Groups x substantive levels of one item (groups in their order)."""
    table = part.pivot_table(
        index=by, columns="response", values="count", aggfunc="sum", observed=False
    )
    return table.reindex(columns=list(levels)).fillna(0).astype("int64")


def _row(
    item_id: str, test: str, result: AssociationResult | None, effect: float, effect_name: str,
    tested: list[str], small: list[str], note: str,
) -> dict[str, Any]:  # fmt: skip
    return {
        "item_id": item_id,
        "test": test,
        "method": result.method if result else "not tested",
        "statistic": result.statistic if result else math.nan,
        "df": result.df if result else pd.NA,
        "p_value": result.p_value if result else math.nan,
        "effect": effect,
        "effect_name": effect_name,
        "groups_tested": len(tested),
        "groups_too_small": ", ".join(small),
        "resamples": result.resamples if result and result.resamples else pd.NA,
        "note": note,
    }


def _design_row(
    item_id: str, tested: list[str], small: list[str], note: str, options: dict[str, Any]
) -> dict[str, Any]:
    """The Rao-Scott row of one item of a weighted wave."""
    wave = options["wave"]
    levels = tuple(wave.codebook.scale_of(item_id).levels)
    found = rao_scott_row(wave, options["design"], options["by"], item_id, levels, tested)
    row = _row(item_id, "independence", None, found["effect"], "cramers_v", tested, small, note)
    row.update(method=found["method"], statistic=found["statistic"], p_value=found["p_value"])
    row["note"] = "; ".join(x for x in (found["note"], note) if x)
    return row


def _item_rows(
    item_id: str,
    table: pd.DataFrame,
    scores: Mapping[str, float],
    ordered: bool,
    options: dict[str, Any],
) -> list[dict[str, Any]]:
    """The test rows of one item."""
    sizes = table.sum(axis=1)
    groups = [str(g) for g in table.index]
    dropped = [g for g in groups if g == NOT_SPECIFIED and not options["include_not_specified"]]
    small = [g for g in groups if g not in dropped and sizes[g] < options["min_group_size"]]
    tested = [
        g for g in groups if g not in dropped and (options["include_small"] or g not in small)
    ]
    notes = []
    if small:
        verb = "kept" if options["include_small"] else "left out"
        notes.append(f"groups under {options['min_group_size']} answers {verb}: {', '.join(small)}")
    if dropped and sizes[NOT_SPECIFIED] > 0:
        notes.append(f"{sizes[NOT_SPECIFIED]} answers of group {NOT_SPECIFIED!r} left out")
    note = "; ".join(notes)
    if options.get("design") is not None:
        return [_design_row(item_id, tested, small, note, options)]
    sub = table.loc[[g for g in table.index if str(g) in tested]].to_numpy()
    enough = (sub.sum(axis=1) > 0).sum() >= 2
    seed, resamples, max_tables = options["seed"], options["resamples"], options["max_tables"]
    result = (
        independence_test(sub, max_tables=max_tables, resamples=resamples, seed=seed)
        if enough
        else None
    )
    effect = cramers_v(sub) if enough else math.nan
    rows = [_row(item_id, "independence", result, effect, "cramers_v", tested, small, note)]
    if ordered:
        col_scores = np.array([scores[c] for c in table.columns], dtype=float)
        lbl = (
            linear_by_linear_test(
                sub,
                np.array([groups.index(g) for g in tested], dtype=float),
                col_scores,
                max_tables=max_tables,
                resamples=resamples,
                seed=seed,
            )  # fmt: skip
            if enough
            else None
        )
        rho = rank_correlation(sub[:, np.argsort(col_scores)]) if enough else math.nan
        rows.append(
            _row(item_id, "linear_by_linear", lbl, rho, "spearman_rho", tested, small, note)
        )
    return rows


def group_tests(
    data: Wave | pd.DataFrame,
    by: str,
    *,
    min_group_size: int = 5,
    include_small: bool = False,
    include_not_specified: bool = False,
    max_tables: int = 2_000,
    resamples: int = 10_000,
    seed: int = 0,
) -> pd.DataFrame:
    """Per item: do the answers differ between the groups of an attribute?

    Parameters
    ----------
    data : Wave or DataFrame
        A wave with respondent-level data, or counts by group (the frame
        ``wave.counts_by(by)`` returns; items looked up in the built-in codebook).
    by : str
        The attribute (e.g. ``"region"``).
    min_group_size : int, default 5
        Groups with fewer substantive answers to an item are too small: flagged
        in ``groups_too_small`` and left out of that item's tests.
    include_small : bool, default False
        Keep small groups in the tests (they are still flagged).
    include_not_specified : bool, default False
        Treat respondents whose attribute is blank ("Not specified") as a group.
    max_tables, resamples, seed :
        Exact test up to ``max_tables`` tables, else a Monte Carlo test with
        ``resamples`` tables drawn from seed ``seed``
        (:func:`~lscb_survey.stats.association.independence_test`).

    Returns
    -------
    DataFrame
        One row per item and test, items in wave order:

        - ``item_id``; ``test``: ``"independence"`` (every attribute) or
          ``"linear_by_linear"`` (ordered attributes: the group's position in
          the attribute's order, 0, 1, 2, ..., against the answer scores; a
          group left out keeps the others' positions, so with the second of
          four left out the scores are 0, 2, 3);
        - ``method``: ``"exact"``, ``"monte_carlo"``, ``"asymptotic"`` or
          ``"not tested"`` (fewer than two groups with answers); for a
          weighted or calibrated wave (:class:`~lscb_survey.waves.weights.WeightedWave`)
          ``"rao-scott"``: the Rao-Scott F test of the weighted table with the
          wave's design (R's ``svychisq(statistic="F")``; statistic F, ``df``
          missing and the F test's degrees of freedom in ``note``, effect
          Cramér's V of the weighted table), and no linear-by-linear row;
        - ``statistic``: Pearson's X^2 or M^2; ``df``; ``p_value``;
        - ``p_adjusted``: Benjamini-Hochberg over the items, per test;
        - ``effect``, ``effect_name``: Cramér's V (``"cramers_v"``) or
          Spearman's rank correlation of group order and answer
          (``"spearman_rho"``);
        - ``groups_tested``: number of groups in the test;
          ``groups_too_small``: the small groups, comma-separated;
        - ``resamples``: tables drawn (Monte Carlo only); ``note``: what was
          left out.

        Only substantive answers are tested; "Not specified" answers are not.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> wave = ls.read_wave(ls.config.examples_dir() / "wave-example-2016.csv")
    >>> t = ls.group_tests(wave, by="lscb_type", resamples=500).set_index("item_id")
    >>> row = t.loc["t8_willingness"]
    >>> row["method"], int(row["groups_tested"]), row["effect_name"]
    ('monte_carlo', 4, 'cramers_v')
    """
    if not isinstance(by, str):
        raise TypeError(f"by must be an attribute name, got {type(by).__name__}")
    if not isinstance(min_group_size, int) or min_group_size < 1:
        raise ValueError(f"min_group_size must be a positive whole number, got {min_group_size!r}")
    counts, book = _counts(data, by)
    dtype = counts[by].dtype
    ordered = isinstance(dtype, pd.CategoricalDtype) and bool(dtype.ordered)
    options = {
        "min_group_size": min_group_size, "include_small": include_small,
        "include_not_specified": include_not_specified, "max_tables": max_tables,
        "resamples": resamples, "seed": seed, "by": by, "wave": data,
        "design": design_of(data) if isinstance(data, WeightedWave) else None,
    }  # fmt: skip
    rows: list[dict[str, Any]] = []
    for item_id, part in counts.groupby("item_id", sort=False):
        scale = book.scale_of(str(item_id))
        table = _item_table(part, by, scale.levels)
        rows.extend(_item_rows(str(item_id), table, scale.score_map, ordered, options))
    out = pd.DataFrame(rows)
    out["p_adjusted"] = math.nan
    for _, idx in out.groupby("test", sort=False).groups.items():
        out.loc[idx, "p_adjusted"] = bh_adjust(out.loc[idx, "p_value"].to_numpy(dtype=float))
    out = out.astype({"df": "Int64", "resamples": "Int64", "groups_tested": "int64"})
    return out[list(GROUP_TEST_COLUMNS)]

"""`suppress_comparison`: the rules of `suppress` applied to one or both waves of a comparison."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..errors import MissingColumnError
from .frames import Protection, positions_by
from .gate import gate_comparison
from .rules import PRIMARY, row_pattern

__all__ = ["suppress_comparison"]


def suppress_comparison(
    comparison: pd.DataFrame,
    *,
    threshold: int = 5,
    sides: Sequence[str] = ("a", "b"),
    secondary: bool = True,
    protection: int | tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Hide small counts of one or both waves in a comparison before publishing it.

    The rules of :func:`suppress` are applied to each listed side's counts,
    item by item (the item base ``n_a``/``n_b`` is published, so it is the
    printed total). In a hidden cell everything computed from the count is
    hidden too: the side's ``count`` and ``pct``, and the row's change,
    interval and p-values (each is a function of the count). An item with a
    hidden cell also loses its distribution test, its method included (the
    chi-square statistic with the published total would narrow the hidden
    counts to at most two values), and adjusted p-values are
    Benjamini-Hochberg over the published p-values only
    (:func:`lscb_survey.disclosure.gate.gate_comparison`).

    Parameters
    ----------
    comparison : DataFrame
        The result of :func:`~lscb_survey.compare_waves` with
        ``base="respondents"`` (with ``base="valid"`` the non-substantive
        counts sit outside the published base and the rule would not protect
        them; refused).
    threshold : int, default 5
        Smallest count that may be published.
    sides : sequence of {"a", "b"}, default both
        Which waves to protect; leave out a wave whose counts are already
        published (the 2012 report's).
    secondary : bool, default True
        Add secondary suppression (see :func:`suppress`).
    protection : int or (int, int), optional
        Protection levels (see :func:`suppress`); by default the threshold.

    Returns
    -------
    DataFrame
        A copy of ``comparison`` with hidden values missing and two columns
        added, ``suppressed_a`` and ``suppressed_b`` (bool; always False for a
        side not listed). ``attrs`` gains ``threshold`` and ``suppressed_sides``.

    Examples
    --------
    >>> from lscb_survey import load_table, compare_waves
    >>> c = compare_waves(load_table(9), load_table(9), labels=("2012", "again"))
    >>> s = suppress_comparison(c, sides=["b"])
    >>> int(s["suppressed_b"].sum()), int(s["suppressed_a"].sum())
    (12, 0)
    >>> bool(s.loc[s.suppressed_b, ["count_b", "pct_b", "change_pp"]].isna().all().all())
    True
    """
    prot = Protection.of(threshold, protection)
    if comparison.attrs.get("base", "respondents") != "respondents":
        raise ValueError("suppress a comparison made with base='respondents'")
    unknown = set(sides) - {"a", "b"}
    if unknown:
        raise ValueError(f"sides must be 'a' and/or 'b', got {sorted(unknown)}")
    for column in ("item_id", "count_a", "count_b", "n_a", "n_b"):
        if column not in comparison.columns:
            raise MissingColumnError("not a comparison of waves", column=column)
    out = comparison.copy()
    for side in ("a", "b"):
        if side in sides:
            hidden = _hidden_side(out, side, prot, secondary)
            for column in (f"count_{side}", f"pct_{side}"):
                if column in out.columns:
                    out[column] = out[column].mask(hidden)
        else:
            hidden = pd.Series(False, index=out.index)
        out[f"suppressed_{side}"] = hidden.to_numpy()
    out = gate_comparison(out)
    out.attrs = dict(comparison.attrs)
    out.attrs.update(
        {
            "threshold": prot.threshold,
            "protection": (prot.lower, prot.upper),
            "suppressed_sides": tuple(sides),
        }
    )
    return out


def _hidden_side(
    comparison: pd.DataFrame, side: str, prot: Protection, secondary: bool
) -> pd.Series:
    """Which rows hide the counts of one side ("a" or "b"), item by item."""
    hidden = pd.Series(False, index=comparison.index)
    part = comparison[comparison[f"count_{side}"].notna()]
    for rows in positions_by(part, ("item_id",)):
        labels = part.index[rows]
        counts = [int(part[f"count_{side}"].iloc[i]) for i in rows]
        if secondary:
            why = row_pattern(counts, prot)
        else:
            why = [PRIMARY if 0 < c < prot.threshold else None for c in counts]
        for label, reason in zip(labels, why, strict=True):
            hidden[label] = reason is not None
    return hidden

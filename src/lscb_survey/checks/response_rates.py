"""Check 5: the response rates of Tables 1-2 imply populations that add up to the LSCBs surveyed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from ..survey import LSCBS_IN_ENGLAND
from .findings import (
    RETURNS_COLUMNS,
    Finding,
    as_int,
    check_rounding,
    findings_frame,
    records,
    require,
)
from .populations import fmt_population, population_ranges, table_population
from .tables import by_table

__all__ = ["EQUIVALENT_CATEGORIES", "check_response_rates"]

CHECK = "response_rates"
_COLUMN = "response rate (%)"

#: Categories of two groupings that cover the same LSCBs (used by check 5):
#: London boroughs are the inner and the outer London boroughs.
EQUIVALENT_CATEGORIES: dict[tuple[int, str], tuple[tuple[int, str], ...]] = {
    (1, "London Boroughs"): ((2, "Inner London"), (2, "Outer London")),
}


def _finding(
    severity: str,
    verdict: str,
    table: int,
    location: str,
    rule: str,
    order: tuple[int, ...],
    *,
    published: str,
    expected: str = "",
    fit_range: str = "",
    likely_cause: str = "",
    message: str = "",
) -> Finding:
    return Finding(
        CHECK,
        severity,
        verdict,
        table,
        location,
        published,
        expected,
        rule,
        fit_range,
        "",
        likely_cause,
        message,
        order=order,
    )


def check_response_rates(
    data: pd.DataFrame,
    *,
    rounding: str = "either",
    population: int = LSCBS_IN_ENGLAND,
    groups: Mapping[tuple[int, str], Sequence[tuple[int, str]]] | None = None,
    include_consistent: bool = False,
) -> pd.DataFrame:
    """Check the response rates of Tables 1-2 against the number of LSCBs surveyed.

    Each printed response rate ``r`` with returns ``k`` implies that the
    category holds a whole number ``P`` of LSCBs with ``100 * k / P`` printing
    as ``r``: an interval of populations (unbounded for a rate of 0). The check
    reports:

    * a rate no population gives (error);
    * per table, the sum of the categories' intervals compared with
      ``population`` (the 148 LSCBs in England): a sum that cannot equal it is
      an error; when it can only through a category with no returns
      (unbounded), the size that category would need is noted (info). Returns
      with no printed rate ("Not specified") belong to unknown categories and
      do not change the populations;
    * for categories of two tables that cover the same LSCBs (``groups``,
      default :data:`EQUIVALENT_CATEGORIES`), equal returns and overlapping
      populations (an error otherwise).

    Parameters
    ----------
    data : DataFrame
        A returns frame (Tables 1 and 2 stacked).
    rounding : str, default "either"
    population : int, default 148
        Number of LSCBs the survey was sent to.
    groups : mapping, optional
        ``{(table, category): ((table, category), ...)}``.
    include_consistent : bool, default False

    Returns
    -------
    DataFrame
        Findings (:data:`FINDING_COLUMNS`); ``fit_range`` is the range of
        populations the printed rates imply, ``expected`` the population
        stated.

    Examples
    --------
    >>> from lscb_survey.data.loaders import load_table
    >>> f = check_response_rates(load_table(1))
    >>> f[["severity", "fit_range", "expected"]].values.tolist()
    [['error', '154-155', '148']]
    """
    rule = check_rounding(rounding)
    require(data, RETURNS_COLUMNS, "returns")
    groups = EQUIVALENT_CATEGORIES if groups is None else groups
    pops = population_ranges(data, rounding=rule)
    findings: list[Finding] = []
    for table, tp in by_table(pops):
        order_of = {c: i for i, c in enumerate(data.loc[data["table"] == table, "category"])}
        bad = tp[tp["population_min"].isna()]
        for r in records(bad):
            findings.append(
                _finding(
                    "error",
                    "inconsistent",
                    table,
                    f'Table {table}, row "{r.category}", column "{_COLUMN}"',
                    rule,
                    (order_of.get(r.category, 0), 2),
                    published=f"{r.response_rate}% of {r.returns} returns",
                    fit_range="none",
                    message=f"no whole number of LSCBs gives {r.returns} returns a response "
                    f"rate of {r.response_rate}%",
                )
            )
        good = tp[tp["population_min"].notna()]
        if not good.empty:
            findings.append(_table_finding(data, table, good, bad, population, rule))
    findings += _group_findings(data, pops, groups, rule)
    return findings_frame(findings, include_consistent)


def _table_finding(
    data: pd.DataFrame,
    table: int,
    good: pd.DataFrame,
    bad: pd.DataFrame,
    population: int,
    rule: str,
) -> Finding:
    """The sum of a table's fitting populations against the population surveyed."""
    lo, hi, unbounded = table_population(good)
    parts = "; ".join(
        f"{r.category} {r.returns}/{fmt_population((r.population_min, as_int(r.population_max)))}"
        for r in records(good)
    )
    span = fmt_population((lo, hi))
    where = f'Table {table}, column "{_COLUMN}", all categories'
    unrated = data.loc[(data["table"] == table) & data["response_rate"].isna(), "returns"]
    note = f"; {int(unrated.sum())} returns with no rate are not counted" if len(unrated) else ""
    if len(bad):
        note += f"; left out, no population fits their rate: {', '.join(bad['category'])}"
    stated = str(population)
    if hi is not None and not lo <= population <= hi or population < lo:
        message = (
            f"the printed rates imply {span} LSCBs in all ({parts}){note}; the report "
            f"surveyed {population}"
        )
        return _finding(
            "error",
            "inconsistent",
            table,
            where,
            rule,
            (999,),
            published=stated,
            expected=stated,
            fit_range=span,
            likely_cause="different base",
            message=message,
        )
    severity, message = "ok", f"the printed rates imply {span} LSCBs ({parts}){note}"
    if unbounded:
        fixed = good[good["population_max"].notna()]
        f_lo = int(fixed["population_min"].sum())
        f_hi = int(fixed["population_max"].sum())
        need = (max(population - f_hi, 1), population - f_lo)
        holds = "together hold" if len(unbounded) > 1 else "holds"
        severity = "info"
        message += (
            f"; {population} is "
            f"possible only if {' and '.join(unbounded)} {holds} {fmt_population(need)}"
        )
    return _finding(
        severity,
        "consistent",
        table,
        where,
        rule,
        (999,),
        published=stated,
        expected=stated,
        fit_range=span,
        message=message,
    )


def _group_findings(
    data: pd.DataFrame,
    pops: pd.DataFrame,
    groups: Mapping[tuple[int, str], Sequence[tuple[int, str]]],
    rule: str,
) -> list[Finding]:
    """Categories of two tables that cover the same LSCBs: same returns, overlapping populations."""
    by_key = {(int(r.table), str(r.category)): r for r in records(pops)}
    returns_by_key = {(int(r.table), str(r.category)): int(r.returns) for r in records(data)}
    findings = []
    for whole, parts_keys in groups.items():
        keys = [(int(t), str(c)) for t, c in (whole, *parts_keys)]
        if not all(k in returns_by_key for k in keys):
            continue
        table = int(whole[0])
        names = " + ".join(f"Table {t} {c}" for t, c in parts_keys)
        where = f'Table {table}, row "{whole[1]}" vs {names}'
        whole_returns = returns_by_key[keys[0]]
        part_returns = sum(returns_by_key[k] for k in keys[1:])
        if whole_returns != part_returns:
            findings.append(
                _finding(
                    "error",
                    "inconsistent",
                    table,
                    where,
                    rule,
                    (1000,),
                    published=str(whole_returns),
                    expected=str(part_returns),
                    message=f"{whole[1]} has {whole_returns} returns, its parts {part_returns}",
                )
            )
            continue
        if not all(k in by_key and not pd.isna(by_key[k].population_min) for k in keys):
            continue
        w = by_key[keys[0]]
        wholes = (int(w.population_min), as_int(w.population_max))
        his = [as_int(by_key[k].population_max) for k in keys[1:]]
        p_lo = sum(int(by_key[k].population_min) for k in keys[1:])
        p_hi = None if any(h is None for h in his) else sum(h for h in his if h is not None)
        overlap = (wholes[1] is None or p_lo <= wholes[1]) and (p_hi is None or wholes[0] <= p_hi)
        text = (
            f"{whole[1]} ({whole_returns} returns at {w.response_rate}%) implies "
            f"{fmt_population(wholes)} LSCBs; {names} imply {fmt_population((p_lo, p_hi))}"
        )
        findings.append(
            _finding(
                "ok" if overlap else "error",
                "consistent" if overlap else "inconsistent",
                table,
                where,
                rule,
                (1000,),
                published=f"{w.response_rate}%",
                expected=fmt_population((p_lo, p_hi)),
                fit_range=fmt_population(wholes),
                likely_cause="" if overlap else "different base",
                message=text,
            )
        )
    return findings

"""Check 6: each numeric statement of the text agrees with the tables.

The claims are loaded and validated by :func:`lscb_survey.data.claims.load_claims`;
what their verbal comparators mean is defined in :mod:`lscb_survey.data.comparators`.
Here a claim's shares are gathered (:mod:`~lscb_survey.checks.claim_sources`), its
comparator evaluated (:mod:`~lscb_survey.checks.comparators`), and the result
turned into a finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction

import pandas as pd

from ..data.claims import split_list
from ..data.comparators import COMPARATORS
from ..stats.rounding import count_interval, is_consistent
from .causes import value_cause
from .claim_sources import Claim, Roles, Sources, claim_quantities
from .comparators import evaluate_exact, evaluate_printed, share_holds
from .findings import (
    ONLY_ROUNDED,
    Finding,
    as_int,
    check_rounding,
    findings_frame,
    fmt_interval,
    fmt_options,
    pct,
    percent_options,
    records,
    require,
)
from .populations import fmt_population, population_ranges, table_population

__all__ = ["check_claims", "count_claim_finding", "describe_quantities", "share_fit"]

CHECK = "claims"


def check_claims(
    claims: pd.DataFrame,
    tables: Mapping[int, pd.DataFrame],
    *,
    activities: pd.DataFrame | None = None,
    rounding: str = "either",
    include_consistent: bool = False,
) -> pd.DataFrame:
    """Check each numeric claim of the text against the tables.

    A claim (see :func:`lscb_survey.data.claims.load_claims` and the comparator
    definitions in :mod:`lscb_survey.data.comparators`) is tested twice:

    * against the **exact counts**: the counts of Tables 5-10 and of the
      activities; for the percent-only Tables 3-4, every count vector that
      reproduces the printed column (:func:`reconstruct_counts`; where a
      column is infeasible, each cell's own count interval). A stated
      percentage must be the rounded exact share; a verbal comparator must
      hold for the exact share; a comparison must hold for every joint
      reconstruction of the columns it involves.
    * against the **printed rounded percentages**: the sum of the printed
      percentages of the claim's categories (what a reader adding up the
      table would get).

    Verdicts: "consistent" (holds for the exact counts), "ambiguous" (holds
    for some reconstructions only), :data:`ONLY_ROUNDED` (fails for the exact
    counts but holds for the printed figures: info when only a stated value
    is off, a warning when a threshold or ordering fails exactly),
    "inconsistent" (fails both ways: an error, or a warning for a vague
    comparator) and "untestable" (no table holds the figure, or the cells are
    not printed). Returns claims are checked against the total returns,
    population claims against
    :func:`~lscb_survey.checks.populations.population_ranges`, response-rate claims
    against total returns out of the stated base.

    Parameters
    ----------
    claims : DataFrame
        As returned by :func:`~lscb_survey.data.claims.load_claims`.
    tables : mapping of int to DataFrame
        Tidy frames of the report tables the claims refer to.
    activities : DataFrame, optional
        :func:`~lscb_survey.data.loaders.load_activities` frame, for activity claims.
    rounding : str, default "either"
    include_consistent : bool, default False

    Returns
    -------
    DataFrame
        Findings (:data:`FINDING_COLUMNS`), one per claim that is not plainly
        consistent: ``location`` names the claim id, section and place;
        ``published`` is the quotation; ``expected`` the exact shares;
        ``fit_range`` the counts that would satisfy the claim; ``nearest`` the
        percentage the exact count prints as.

    Examples
    --------
    >>> from lscb_survey.data.claims import load_claims
    >>> from lscb_survey.data.loaders import load_table
    >>> claims = load_claims()
    >>> f = check_claims(claims[claims.claim_id == "pe-01"], {8: load_table(8)})
    >>> f[["verdict", "nearest"]].values.tolist()
    [['inconsistent', '77%']]
    """
    rule = check_rounding(rounding)
    require(claims, ("claim_id", "kind", "table", "comparator", "claimed_value"), "claims")
    findings = []
    sources = Sources(tables, activities, rule)
    for order, claim in enumerate(records(claims)):
        first = split_list(claim.table)
        base = Finding(
            CHECK,
            "",
            "",
            int(first[0]) if first and first[0].isdigit() else None,
            f"claim {claim.claim_id} ({claim.section}, {claim.location})",
            f'"{claim.quote}"',
            rounding=rule,
            order=(1000 + order,),
        )
        if claim.kind in ("returns", "population", "response_rate", "count"):
            findings.append(count_claim_finding(claim, tables, rule, base))
        else:
            findings.append(_share_claim_finding(claim, sources, rule, base))
    return findings_frame(findings, include_consistent)


def _share_claim_finding(claim: Claim, sources: Sources, rule: str, base: Finding) -> Finding:
    """The verdict on a share or comparison claim, exact counts first, then printed figures."""
    roles, contexts = claim_quantities(claim, sources)
    status, parts = evaluate_exact(claim, roles, sources, rule)
    printed = evaluate_printed(claim, roles, rule)
    printed_ok = None if printed is None else all(printed)
    exact_text, printed_text = describe_quantities(roles, claim)
    what = f'"{claim.comparator}"' + (
        f" with {float(claim.claimed_value):g}%" if not pd.isna(claim.claimed_value) else ""
    )
    fit, nearest = share_fit(claim, roles, rule) if claim.kind == "share" else ("", "")
    cause = ""
    if status == "all":
        severity, verdict = "ok", "consistent"
        text = f"{what} holds for the exact counts ({exact_text})"
    elif status == "some":
        severity, verdict = "info", "ambiguous"
        text = f"{what} holds for some count reconstructions only ({exact_text})"
    elif status == "untestable":
        severity, verdict = "info", "untestable"
        text = f"cannot be tested on exact counts ({exact_text or parts.get('reason', '')})"
        if printed_ok is not None:
            text += f"; the printed figures {'support' if printed_ok else 'contradict'} it"
    elif printed_ok:
        verdict, cause = ONLY_ROUNDED, "rounding"
        severity = "info" if parts.get("words") == "all" else "warning"
        text = (
            f"{what} fails for the exact counts ({exact_text}) but holds for the printed "
            f"percentages ({printed_text})"
        )
    else:
        verdict = "inconsistent"
        severity = "warning" if COMPARATORS[claim.comparator].vague else "error"
        cause = _claim_cause(claim, roles, rule, parts)
        text = f"{what} fails for the exact counts ({exact_text})" + (
            f" and for the printed percentages ({printed_text})" if printed_text else ""
        )
    if contexts:
        text += f" [compared within: {'; '.join(contexts)}]"
    return replace(
        base,
        severity=severity,
        verdict=verdict,
        expected=exact_text,
        fit_range=fit,
        nearest=nearest,
        likely_cause=cause,
        message=text,
    )


def describe_quantities(roles: Roles, claim: Claim) -> tuple[str, str]:
    """(exact description, printed description) of every quantity of a claim."""
    exact, printed = [], []
    cats = split_list(claim.categories)
    seen = set()
    for contexts in roles.values():
        for ctx in contexts:
            for q in ctx:
                if q.label in seen:
                    continue
                seen.add(q.label)
                if q.untestable:
                    exact.append(f"{q.label}: {q.untestable}")
                    continue
                if q.detail:
                    exact.append(f"{q.label}: {q.detail}")
                elif q.printed_count is not None and q.n:
                    x = Fraction(q.printed_count, q.n)
                    exact.append(f"{q.label}: {q.printed_count}/{q.n} = {pct(x)}")
                elif q.n:
                    exact.append(f"{q.label}: reconstructed from the column (N={q.n})")
                if q.printed_sum is not None:
                    printed.append(
                        f"{q.label}: {q.printed_sum}%"
                        + (f" ({' + '.join(cats)})" if len(cats) > 1 else "")
                    )
    return "; ".join(exact), "; ".join(printed)


def share_fit(claim: Claim, roles: Roles, rule: str) -> tuple[str, str]:
    """Counts that would satisfy a share claim, and the nearest stated value that passes."""
    comparator = COMPARATORS[claim.comparator]
    stated = None if pd.isna(claim.claimed_value) else Fraction(str(claim.claimed_value))
    fits, nearest = [], []
    for q in roles["subject"][0]:
        if not q.n or q.untestable:
            continue
        ok = [
            k
            for k in range(q.n + 1)
            if share_holds(comparator, Fraction(k, q.n))
            and (
                stated is None
                or stated.denominator != 1
                or is_consistent(int(stated), k, q.n, rule)
            )
        ]
        if ok:
            fits.append(f"{ok[0]}-{ok[-1]} of {q.n}" if ok[0] != ok[-1] else f"{ok[0]} of {q.n}")
        else:
            fits.append(f"no count of {q.n}")
        if stated is not None and q.printed_count is not None:
            nearest.append(fmt_options(percent_options(q.printed_count, q.n, rule)) + "%")
    return "; ".join(dict.fromkeys(fits)), "; ".join(dict.fromkeys(nearest))


def _claim_cause(claim: Claim, roles: Roles, rule: str, parts: dict[str, str]) -> str:
    """A stated value off by a slip, or wording the figures do not bear out."""
    if pd.isna(claim.claimed_value) or parts.get("stated") != "none":
        return "wording: the figures do not bear out the description"
    stated = Fraction(str(claim.claimed_value))
    causes = []
    for q in roles["subject"][0]:
        if q.printed_count is None or not q.n or stated.denominator != 1:
            continue
        options = percent_options(q.printed_count, q.n, rule)
        cause = value_cause(int(stated), options, Fraction(q.printed_count, q.n))
        if cause.startswith("rounding slip"):
            cause = f"arithmetic or rounding slip: {int(stated)} stated, {fmt_options(options)} computed"
        if cause:
            causes.append(cause)
    return "; ".join(dict.fromkeys(causes))


def count_claim_finding(
    claim: Claim, tables: Mapping[int, pd.DataFrame], rule: str, base: Finding
) -> Finding:
    """The verdict on a returns, population, response-rate or count claim (Tables 1-2)."""
    value = None if pd.isna(claim.claimed_value) else Fraction(str(claim.claimed_value))
    frames = [tables.get(int(t)) for t in split_list(claim.table) if t.isdigit()]
    given = [f for f in frames if f is not None]
    if claim.kind == "count" or not frames or len(given) < len(frames) or value is None:
        return replace(
            base, severity="info", verdict="untestable", message="no table holds this number"
        )
    names = [f"Table {t}" for t in split_list(claim.table)]
    totals = [int(f["returns"].sum()) for f in given]
    if claim.kind == "returns":
        ok = all(t == value for t in totals)
        text = ", ".join(f"{n}: {t}" for n, t in zip(names, totals, strict=True))
        return replace(
            base,
            severity="ok" if ok else "error",
            verdict="consistent" if ok else "inconsistent",
            expected=text,
            nearest="" if ok else str(totals[0]),
            message=f"total returns {text}; stated {value}",
        )
    if claim.kind == "response_rate":
        return _response_rate_claim(claim, totals, value, rule, base)
    results = []
    ok = True
    for name, frame in zip(names, given, strict=True):
        pops = population_ranges(frame, rounding=rule)
        lo, hi, _ = table_population(pops[pops["population_min"].notna()])
        ok &= lo <= value and (hi is None or value <= hi)
        results.append(f"{name}: {fmt_population((lo, hi))}")
    text = "; ".join(results)
    return replace(
        base,
        severity="ok" if ok else "error",
        verdict="consistent" if ok else "inconsistent",
        expected=text,
        fit_range=text,
        likely_cause="" if ok else "different base",
        message=f"the response rates imply populations {text}; stated {value}",
    )


def _response_rate_claim(
    claim: Claim, totals: list[int], value: Fraction, rule: str, base: Finding
) -> Finding:
    """Overall returns out of the stated base, against the stated rate."""
    stated_base = as_int(claim.base)
    if len(set(totals)) != 1 or stated_base is None or totals[0] > stated_base:
        return replace(
            base,
            severity="error",
            verdict="inconsistent",
            expected=str(totals),
            message=f"total returns {totals} do not fit a base of {stated_base}",
        )
    returns = totals[0]
    exact = Fraction(returns, stated_base)
    options = percent_options(returns, stated_base, rule)
    whole = value.denominator == 1
    ok = whole and is_consistent(int(value), returns, stated_base, rule)
    return replace(
        base,
        severity="ok" if ok else "error",
        verdict="consistent" if ok else "inconsistent",
        expected=f"{returns}/{stated_base} = {pct(exact)}",
        fit_range=fmt_interval(count_interval(int(value), stated_base, rule)) if whole else "",
        nearest=f"{fmt_options(options)}%",
        likely_cause="" if ok else value_cause(int(value), options, exact),
        message=f"{returns} returns out of {stated_base} = {pct(exact)}, which "
        f"prints as {fmt_options(options)}%; stated {value}%",
    )

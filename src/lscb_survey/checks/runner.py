"""Run every check over the report (:func:`audit`), compare rounding rules, render the result.

:func:`audit` runs the six checks over the report's tables and its in-text claims
and returns one tidy frame of findings. Each check is a public function of its
own module that takes tidy frames (the schemas of :mod:`lscb_survey.data.loaders`),
so it runs as well on a corrected copy of a table, a new wave or a synthetic
table with a planted fault:

1. :func:`~lscb_survey.checks.percent_from_count.check_percent_from_count` -- each
   printed percentage is the rounded ``100 * count / n`` (the GRIM idea, for
   percentages).
2. :func:`~lscb_survey.checks.totals.check_totals` -- counts add up to the printed
   totals, and the printed percentages add up to a sum rounding can actually produce.
3. :func:`~lscb_survey.checks.percent_only.check_percent_only_columns` -- each
   percent-only column of Tables 3-4 can come from whole counts out of its base.
4. :func:`~lscb_survey.checks.duplicates.check_duplicate_rows` -- no two items of a
   table print identical distributions (a warning, with a chance estimate).
5. :func:`~lscb_survey.checks.response_rates.check_response_rates` -- the response
   rates of Tables 1-2 imply populations that add up to the number of LSCBs surveyed.
6. :func:`~lscb_survey.checks.claims.check_claims` -- each numeric statement of the
   text agrees with the tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..errors import SurveyDataError
from .claims import check_claims
from .duplicates import check_duplicate_rows
from .findings import check_rounding, records
from .percent_from_count import check_percent_from_count
from .percent_only import check_percent_only_columns
from .response_rates import check_response_rates
from .totals import check_totals

__all__ = ["RULES_SIDE_BY_SIDE", "audit", "audit_by_rule", "render_text"]


def _printed_return_totals(raw: str | Path | None) -> pd.DataFrame:
    """The printed Total rows of Tables 1-2 (returns and share of returns)."""
    from ..data.loaders import raw_grid

    rows = []
    for table in (1, 2):
        for cells in raw_grid(table, raw=raw)[1:]:
            if cells and cells[0].strip() == "Total":
                rows.append(
                    {
                        "table": table,
                        "returns": int(cells[1]),
                        "share_of_returns": int(cells[3]),
                    }
                )
    return pd.DataFrame(rows, columns=["table", "returns", "share_of_returns"])


def audit(
    *,
    rounding: str = "either",
    include_consistent: bool = False,
    raw: str | Path | None = None,
) -> pd.DataFrame:
    """Audit the report's tables and claims for internal consistency.

    Runs the six checks (see :data:`~lscb_survey.checks.findings.CHECKS`) over Tables 1-10,
    the in-text activity counts and the claims of ``claims.csv``.

    Parameters
    ----------
    rounding : str, default "either"
        Rounding rule assumed for every printed percentage: one of
        :data:`lscb_survey.stats.rounding.ROUNDING_RULES`. "either" accepts a tie
        rounded up or down; "floor" tests truncation.
    include_consistent : bool, default False
        Also list what passed (severity "ok", verdict "consistent").
    raw : path, optional
        Raw data folder to audit instead of the packaged one.

    Returns
    -------
    DataFrame
        One row per finding, sorted by table (claims on no single table last)
        and position in the printed table, with columns ``check``,
        ``severity`` ("error", "warning", "info"), ``verdict``
        ("consistent", "inconsistent", "ambiguous", "untestable" or
        :data:`~lscb_survey.checks.findings.ONLY_ROUNDED`), ``table``, ``location`` (printed row and column
        labels, or the claim id and place), ``published`` (the printed value or
        quotation), ``expected`` (what the data imply), ``rounding`` (the
        rule), ``fit_range`` (counts, sums, bases or populations that would
        fit), ``nearest`` (the nearest value that would pass), ``likely_cause``
        (digit slip, row copied from a neighbour, different base, rounding,
        wording; empty when none is plain), ``message`` and ``chance`` (for
        duplicated rows, the probability of an exact match by chance).

    Examples
    --------
    >>> findings = audit()
    >>> int((findings["severity"] == "error").sum()) > 0
    True
    >>> findings.loc[findings["check"] == "duplicate_rows", "table"].tolist()
    [3, 8]
    """
    from ..data.claims import load_claims
    from ..data.loaders import load_activities, load_table

    rule = check_rounding(rounding)
    tables = {t: load_table(t, raw=raw) for t in range(1, 11)}
    returns = pd.concat([tables[1], tables[2]], ignore_index=True)
    likert = pd.concat([tables[t] for t in range(5, 11)], ignore_index=True)
    comparison = pd.concat([tables[3], tables[4]], ignore_index=True)
    keep = include_consistent
    printed_totals = _printed_return_totals(raw)
    parts = [
        check_percent_from_count(returns, rounding=rule, include_consistent=keep),
        check_percent_from_count(likert, rounding=rule, include_consistent=keep),
        check_totals(returns, rounding=rule, totals=printed_totals, include_consistent=keep),
        check_totals(likert, rounding=rule, include_consistent=keep),
        check_totals(comparison, rounding=rule, include_consistent=keep),
        check_percent_only_columns(comparison, rounding=rule, include_consistent=keep),
        check_duplicate_rows(likert, include_consistent=keep),
        check_duplicate_rows(comparison, include_consistent=keep),
        check_response_rates(returns, rounding=rule, include_consistent=keep),
        check_claims(
            load_claims(raw=raw),
            tables,
            activities=load_activities(raw=raw),
            rounding=rule,
            include_consistent=keep,
        ),
    ]
    frame = pd.concat([p for p in parts if len(p)], ignore_index=True)
    frame = _sort(frame)
    if frame.duplicated(["check", "location"]).any():  # pragma: no cover - guarded by tests
        dup = frame.loc[frame.duplicated(["check", "location"]), "location"].tolist()
        raise SurveyDataError("audit locations are not unique", problems=dup)
    return frame


def _sort(frame: pd.DataFrame) -> pd.DataFrame:
    """Stable sort by table (missing last), keeping each check's printed-position order."""
    if frame.empty:
        return frame.reset_index(drop=True)
    key = frame["table"].fillna(10**6).astype("int64")
    return (
        frame.assign(_t=key)
        .sort_values("_t", kind="stable")
        .drop(columns="_t")
        .reset_index(drop=True)
    )


#: Rules compared by :func:`audit_by_rule` (and ``lscb-survey audit --rounding all``).
RULES_SIDE_BY_SIDE: tuple[str, ...] = (
    "either",
    "half_up",
    "half_down",
    "half_even",
    "floor",
    "ceil",
)


def audit_by_rule(
    rules: Sequence[str] = RULES_SIDE_BY_SIDE, *, raw: str | Path | None = None
) -> pd.DataFrame:
    """Compare the audit's verdicts under several rounding rules side by side.

    Parameters
    ----------
    rules : sequence of str, default :data:`RULES_SIDE_BY_SIDE`
        Rules of :data:`lscb_survey.stats.rounding.ROUNDING_RULES`.
    raw : path, optional
        Raw data folder to audit instead of the packaged one.

    Returns
    -------
    DataFrame
        One row per (check, table, location) that is not consistent under at
        least one rule, in table and printed order: ``check``, ``table``,
        ``location``, ``published``, then one column per rule holding
        ``"<verdict> (<severity>)"`` ("consistent (ok)" where the rule finds
        nothing to report), and ``errors`` (how many rules make it an error).

    Examples
    --------
    >>> by_rule = audit_by_rule(["either", "floor"])
    >>> int((by_rule["errors"] == 2).sum()) > 0
    True
    """
    keys = ["check", "table", "location"]
    frames = []
    for rule in rules:
        f = audit(rounding=rule, include_consistent=True, raw=raw)
        frames.append(f.assign(_rule=rule, _cell=f["verdict"] + " (" + f["severity"] + ")"))
    long = pd.concat(frames, ignore_index=True)
    first = long.drop_duplicates(keys)[[*keys, "published"]].reset_index(drop=True)
    out = first.copy()
    for rule in rules:
        part = long.loc[long["_rule"] == rule, [*keys, "_cell"]].rename(columns={"_cell": rule})
        out = out.merge(part, on=keys, how="left")
        out[rule] = out[rule].fillna("consistent (ok)").astype("string")
    flagged = pd.concat([~out[r].str.endswith("(ok)") for r in rules], axis=1).any(axis=1)
    out = out[flagged].copy()
    out["errors"] = sum(out[r].str.endswith("(error)").astype("int64") for r in rules)
    return _sort(out[[*keys, "published", *rules, "errors"]])


def render_text(findings: pd.DataFrame) -> str:
    """A readable plain-text report of a findings frame (two lines per finding).

    Examples
    --------
    >>> print(render_text(audit()).splitlines()[0])  # doctest: +ELLIPSIS
    lscb-survey audit: ... findings (... errors, ... warnings, ... info; rounding ...)
    """
    if findings.empty:
        return "lscb-survey audit: no findings\n"
    counts = findings["severity"].value_counts()
    rules = ", ".join(sorted(set(findings["rounding"].dropna()) - {""})) or "n/a"
    lines = [
        f"lscb-survey audit: {len(findings)} findings ({counts.get('error', 0)} errors, "
        f"{counts.get('warning', 0)} warnings, {counts.get('info', 0)} info; rounding {rules})"
    ]
    for r in records(findings):
        cause = f" [{r.likely_cause}]" if r.likely_cause else ""
        lines.append(f"{r.severity.upper():7} {r.check}: {r.location}")
        lines.append(f"        {r.verdict}: {r.message}{cause}")
    return "\n".join(lines) + "\n"

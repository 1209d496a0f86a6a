"""Design-based estimates of a wave: shares and means with linearised errors.

:func:`estimate` gives the share of every answer to every item (optionally
within the groups of an attribute), :func:`estimate_means` the mean score of
each item over its substantive answers. Both treat the wave as a single-stage
sample of a finite population: weights (given, raked or post-stratified; see
:func:`~lscb_survey.waves.calibration.rake`), the finite population
correction when ``wave.population`` is known, Taylor-linearised standard
errors with calibration residuals and design effects, as R's survey package
computes them for ``svydesign(ids=~1, weights=~w, fpc=~N)`` (see
``docs/design-based.md``). A group is a domain: its errors are those of the
whole design restricted to it (``svyby`` or ``svymean`` on a subset), not of
a separate sample.

The 2012 published wave has counts only; each item is then a sample of its
respondents, unweighted, with the population of 148 boards.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ..stats.design_intervals import (
    beta_interval,
    design_wilson_interval,
    logit_interval,
    wald_interval,
)
from ..stats.intervals import z_critical
from ..stats.linearisation import Design, domain_estimates
from ..waves.calibration import design_of
from ..waves.model import Wave
from ..waves.weights import WeightedWave
from .arguments import check_base

__all__ = [
    "CI_METHODS",
    "ESTIMATE_COLUMNS",
    "MEAN_COLUMNS",
    "design_note",
    "estimate",
    "estimate_means",
]

#: Interval methods of :func:`estimate`.
CI_METHODS: tuple[str, ...] = ("logit", "beta", "wilson")
#: Columns of :func:`estimate` (after the ``by`` column, if any).
ESTIMATE_COLUMNS: tuple[str, ...] = (
    "item_id",
    "response",
    "share",
    "se",
    "ci_low",
    "ci_high",
    "deff",
    "n",
    "n_eff",
)
#: Columns of :func:`estimate_means` (after the ``by`` column, if any).
MEAN_COLUMNS: tuple[str, ...] = ("item_id", "mean", "se", "ci_low", "ci_high", "deff", "n")


def design_note(wave: Wave) -> str:
    """One sentence saying how a wave's estimates are made.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> design_note(ls.published_wave())
    'unweighted; finite population correction for 148 units (57 respondents)'
    """
    parts = []
    if isinstance(wave, WeightedWave):
        cal = wave.calibration
        if cal is None:
            parts.append(f"weighted by {wave.weights.name!r}")
        else:
            how = "raked" if cal.kind == "rake" else "post-stratified"
            parts.append(f"weights {how} to population totals of {', '.join(cal.margins)}")
    else:
        parts.append("unweighted")
    if wave.population is not None:
        parts.append(
            f"finite population correction for {wave.population} units "
            f"({wave.respondents} respondents)"
        )
    else:
        parts.append("no population size, so no finite population correction")
    return "; ".join(parts)


def _check_wave(wave: object, function: str) -> None:
    """Raise TypeError unless ``wave`` is a :class:`~lscb_survey.waves.model.Wave`."""
    if not isinstance(wave, Wave):
        raise TypeError(f"{function}() takes a Wave, got {type(wave).__name__}")


def _items(wave: Wave) -> list[tuple[str, list[str], np.ndarray, list[str]]]:
    """Per item: id, its categories, each respondent's category code, substantive levels."""
    out = []
    if wave.responses is not None:
        for item_id in wave.items:
            answers = wave.responses[item_id]
            cats = [str(c) for c in answers.cat.categories]
            codes = answers.cat.codes.to_numpy().astype(np.int64)
            out.append((item_id, cats, codes, list(wave.codebook.scale_of(item_id).levels)))
        return out
    for key, part in wave.counts.groupby("item_id", sort=False):
        item_id = str(key)
        cats = [str(r) for r in part["response"]]
        codes = np.repeat(np.arange(len(cats)), part["count"].to_numpy(dtype=np.int64))
        scale = wave.codebook.scale_of(item_id)
        out.append((item_id, cats, codes, list(scale.levels)))
    return out


def _design(wave: Wave, n: int, cached: list[Design]) -> Design:
    if wave.responses is not None:
        if not cached:
            cached.append(design_of(wave))
        return cached[0]
    population = None if wave.population is None else float(wave.population)
    scale = 1.0 if population is None else population / n
    return Design(np.full(n, scale), population)


def _groups(wave: Wave, by: str | None) -> tuple[list[str], np.ndarray | None]:
    if by is None:
        return [], None
    if not isinstance(by, str):
        raise TypeError("by must be the name of one attribute")
    if wave.attributes is None:
        raise ValueError(f"wave {wave.name!r} has no respondent-level data to break down")
    if by not in wave.attributes.columns:
        raise ValueError(
            f"wave {wave.name!r} has no attribute {by!r}; it has {list(wave.attributes.columns)}"
        )
    column = wave.attributes[by]
    return [str(c) for c in column.cat.categories], column.cat.codes.to_numpy().astype(np.int64)


def _domains(groups: np.ndarray | None, codes: np.ndarray, valid: np.ndarray | None) -> np.ndarray:
    domains = np.zeros(len(codes), dtype=np.int64) if groups is None else groups.copy()
    if valid is not None:
        domains[~valid[codes]] = -1
    return domains


def _frame(rows: dict[str, list], by: str | None, labels: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    if by is not None:
        out.insert(0, by, pd.Series(pd.Categorical(out.pop("_group"), categories=labels)))
    elif "_group" in out:
        out = out.drop(columns="_group")
    return out


def estimate(
    wave: Wave,
    *,
    by: str | None = None,
    base: str = "respondents",
    level: float = 0.95,
    ci: Literal["logit", "beta", "wilson"] = "logit",
) -> pd.DataFrame:
    """Design-based share of every answer to every item, with errors and intervals.

    Parameters
    ----------
    wave : Wave
        Any wave: weighted or calibrated waves use their weights, and
        ``wave.population`` (when known) gives the finite population correction.
    by : str, optional
        An attribute: estimates within each of its groups (domains), every
        level including ``"Not specified"``.
    base : {"respondents", "valid"}
        ``"respondents"``: shares of everyone who was asked, non-substantive
        answers included (R's ``svymean`` of each answer's indicator);
        ``"valid"``: shares of the substantive answers only (a domain), one row
        per substantive level.
    level : float, default 0.95
        Confidence level.
    ci : {"logit", "beta", "wilson"}
        ``"logit"`` as R's ``svyciprop(method="logit")``, ``"beta"`` Korn and
        Graubard's as ``svyciprop(method="beta")``, ``"wilson"`` Wilson's score
        interval at the effective sample size ``n_eff``.

    Returns
    -------
    DataFrame
        One row per item x response (x group), items in wave order, levels in
        scale order: ``by`` (when given) then

        - ``item_id``, ``response``;
        - ``share``: the weighted proportion, in [0, 1];
        - ``se``: its Taylor-linearised standard error (with the finite
          population correction and calibration residuals when they apply);
        - ``ci_low``, ``ci_high``: the interval (NaN for logit and beta where
          ``se`` is 0);
        - ``deff``: design effect as R's ``svymean(..., deff=TRUE)`` (NaN when
          the base's weights add up to no more than its respondents, where R's
          is undefined);
        - ``n``: respondents in the base (unweighted);
        - ``n_eff``: effective sample size ``share (1 - share) / se^2`` (NaN
          where ``se`` is 0).

        ``attrs["design"]`` says how the estimates were made
        (:func:`design_note`).

    Raises
    ------
    ValueError
        For an unknown ``base``, ``ci`` or attribute, a level outside (0, 1),
        or ``by`` on a wave without respondent-level data.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> est = ls.estimate(ls.published_wave())
    >>> row = est[(est["item_id"] == "t8_willingness") & (est["response"] == "Agree")].iloc[0]
    >>> round(float(row["share"]), 4), round(float(row["se"]), 4), int(row["n"])
    (0.614, 0.051, 57)
    """
    _check_wave(wave, "estimate")
    base = check_base(base)
    if ci not in CI_METHODS:
        raise ValueError(f"ci must be one of {list(CI_METHODS)}; got {ci!r}")
    z_critical(level)
    labels, groups = _groups(wave, by)
    n_groups = max(len(labels), 1)
    rows: dict[str, list] = {c: [] for c in ESTIMATE_COLUMNS}
    cached: list[Design] = []
    for item_id, cats, codes, levels in _items(wave):
        design = _design(wave, len(codes), cached)
        valid = np.array([c in levels for c in cats]) if base == "valid" else None
        domains = _domains(groups, codes, valid)
        est = domain_estimates(design, codes, np.eye(len(cats)), domains, n_groups)
        keep = [k for k, c in enumerate(cats) if valid is None or valid[k]]
        rows_design = np.full(n_groups, design.n) if design.calibration is not None else est.units
        shape = (n_groups, len(keep))
        p = est.estimate[:, keep].ravel()
        var = est.variance[:, keep].ravel()
        se = np.sqrt(var)
        per_group = {
            "df": np.broadcast_to((est.positive - 1)[:, None], shape).ravel(),
            "rows": np.broadcast_to(rows_design[:, None], shape).ravel(),
            "units": np.broadcast_to(est.units[:, None], shape).ravel(),
        }
        low, high = _interval(ci, p, se, var, per_group, level)
        with np.errstate(invalid="ignore", divide="ignore"):
            n_eff = np.where(var > 0, p * (1 - p) / var, np.nan)
        _extend(rows, item_id, [cats[k] for k in keep] * n_groups, p, se, low, high)
        rows["deff"].extend(est.deff[:, keep].ravel().tolist())
        rows["n"].extend(per_group["units"].tolist())
        rows["n_eff"].extend(n_eff.tolist())
        rows.setdefault("_group", []).extend(np.repeat(labels or [""], len(keep)).tolist())
    out = _frame(rows, by, labels)
    out.attrs["design"] = design_note(wave)
    out.attrs["ci"] = ci
    return out


def _extend(
    rows: dict[str, list], item_id: str, responses: list[str], *columns: np.ndarray
) -> None:
    rows["item_id"].extend([item_id] * len(responses))
    rows["response"].extend(responses)
    for name, values in zip(("share", "se", "ci_low", "ci_high"), columns, strict=True):
        rows[name].extend(np.asarray(values, dtype=float).tolist())


def _interval(
    ci: str,
    p: np.ndarray,
    se: np.ndarray,
    var: np.ndarray,
    per_group: dict[str, np.ndarray],
    level: float,
) -> tuple[np.ndarray, np.ndarray]:
    if ci == "logit":
        return logit_interval(p, se, per_group["df"], level)
    if ci == "beta":
        return beta_interval(p, var, per_group["df"], per_group["rows"], level)
    return design_wilson_interval(p, var, per_group["units"], level)


def estimate_means(wave: Wave, *, by: str | None = None, level: float = 0.95) -> pd.DataFrame:
    """Design-based mean score of every item over its substantive answers.

    Parameters
    ----------
    wave : Wave
        As for :func:`estimate`.
    by : str, optional
        An attribute: means within each of its groups.
    level : float, default 0.95
        Confidence level of the normal (Wald) interval, as ``confint`` of
        R's ``svymean``.

    Returns
    -------
    DataFrame
        One row per item (x group): ``by`` (when given) then ``item_id``;
        ``mean`` (weighted mean of the scale's scores over substantive
        answers, a domain); ``se`` (linearised); ``ci_low``, ``ci_high``;
        ``deff`` (as in :func:`estimate`); ``n`` (substantive answers,
        unweighted). ``attrs["design"]`` as in :func:`estimate`.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> m = ls.estimate_means(ls.published_wave()).set_index("item_id")
    >>> round(float(m.loc["t8_willingness", "mean"]), 4), int(m.loc["t8_willingness", "n"])
    (3.9273, 55)
    """
    _check_wave(wave, "estimate_means")
    z_critical(level)
    labels, groups = _groups(wave, by)
    n_groups = max(len(labels), 1)
    rows: dict[str, list] = {c: [] for c in MEAN_COLUMNS}
    cached: list[Design] = []
    for item_id, cats, codes, levels in _items(wave):
        design = _design(wave, len(codes), cached)
        scores = wave.codebook.scale_of(item_id).score_map
        valid = np.array([c in levels for c in cats])
        values = np.array([[scores.get(c, 0.0)] for c in cats])
        est = domain_estimates(design, codes, values, _domains(groups, codes, valid), n_groups)
        mean = est.estimate[:, 0]
        se = np.sqrt(est.variance[:, 0])
        low, high = wald_interval(mean, se, level)
        rows["item_id"].extend([item_id] * n_groups)
        for name, column in zip(
            ("mean", "se", "ci_low", "ci_high", "deff"),
            (mean, se, low, high, est.deff[:, 0]),
            strict=True,
        ):
            rows[name].extend(np.asarray(column, dtype=float).tolist())
        rows["n"].extend(est.units.tolist())
        rows.setdefault("_group", []).extend(labels or [""])
    out = _frame(rows, by, labels)
    out.attrs["design"] = design_note(wave)
    return out

"""Derived data written to ``data/processed/`` by ``lscb-survey reproduce``.

Every output is a tidy CSV built by library code from the raw files, plus a
``datapackage.json`` describing each file with a Frictionless Table Schema
(field types, ordered category lists, primary keys) and the source citation.
Output is deterministic: the same code and raw data give byte-identical files,
which the test suite checks against the committed copies.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pandas as pd

from .. import config
from ..survey import CITATION

__all__ = ["Output", "outputs", "schema_of", "write_csv", "write_processed"]


@dataclass(frozen=True)
class Output:
    """One processed file: how to build it and how to describe it."""

    name: str
    title: str
    build: Callable[[], pd.DataFrame]
    primary_key: tuple[str, ...]
    description: str = ""


def _table(n: int) -> Callable[[], pd.DataFrame]:
    from ..data.loaders import load_table

    return lambda: load_table(n)


_KEYS = {
    "returns": ("table", "category"),
    "comparison": ("table", "measure", "agency", "survey", "rating"),
    "likert": ("table", "item_id", "response"),
}


def outputs() -> list[Output]:
    """Every processed output, in the order they are written.

    Returns
    -------
    list of Output
    """
    from ..data.loaders import catalogue, load_activities

    cat = catalogue()
    result = [
        Output(
            f"table{r.table:02d}",
            f"Table {r.table}: {r.title}",
            _table(r.table),
            _KEYS[r.kind],
            f"Report Table {r.table} in tidy form ({r.kind} schema).",
        )
        for r in cast("Iterable[Any]", cat.itertuples())
    ]
    result.append(
        Output("catalogue", "The report's tables", catalogue, ("table",), "One row per table.")
    )
    result.append(
        Output(
            "activities",
            "Practice developments reported in the text",
            load_activities,
            ("activity_id",),
            "Counts of LSCBs reporting each practice development (section on social work expertise).",
        )
    )
    result.extend(_analysis_outputs())
    return result


def _analysis_outputs() -> list[Output]:
    """Outputs of the analysis modules (summaries, shifts, audit ...)."""
    from ..analysis.likert import likert_summary
    from ..analysis.shifts import CAVEAT, distribution_tests, survey_shifts
    from ..checks.runner import audit
    from ..data.claims import load_claims
    from ..data.loaders import load_table
    from ..data.recommendations import load_recommendations

    return [
        Output(
            "likert_summary",
            "Likert summaries of Tables 5-10",
            lambda: likert_summary(pd.concat([load_table(t) for t in range(5, 11)])),
            ("table", "item_id"),
            "One row per item of Tables 5-10: exact top-two, middle, bottom-two and net "
            "shares of all respondents (Not specified included), mean and sample sd of the "
            "1-5 scores, median level, Wilson 95% interval and rank of the top-two share.",
        ),
        Output(
            "survey_shifts",
            "Laming (2009-10) to Munro (2012) shifts, Tables 3-4",
            survey_shifts,
            ("table", "measure", "agency", "rating"),
            "One row per measure x agency x rating: printed percentages, counts reconstructed "
            "under half-up rounding, two-sided Fisher exact p, Benjamini-Hochberg adjusted p, "
            "Cohen's h. Caveat: " + CAVEAT,
        ),
        Output(
            "distribution_tests",
            "Laming vs Munro rating distributions, Tables 3-4",
            distribution_tests,
            ("table", "measure", "agency"),
            "One row per measure x agency: Pearson chi-square with exact permutation p, "
            "Fisher-Freeman-Halton p and asymptotic p, where both columns' counts are "
            "unique. Caveat: " + CAVEAT,
        ),
        Output(
            "recommendations",
            "The Munro Review's recommendations and the Government's responses",
            load_recommendations,
            ("number",),
            "One row per recommendation: theme, short title, Government response and the "
            "report tables linked to it (this project's judgement, see link_note).",
        ),
        Output(
            "claims",
            "Numeric statements of the report's text",
            load_claims,
            ("claim_id",),
            "One row per numeric statement of the findings sections: location, short quote, "
            "the table, items or columns and categories it refers to, the value stated and "
            "its comparator (defined in lscb_survey.data.comparators).",
        ),
        Output(
            "audit",
            "Audit of the report's numbers (rounding: either tie-breaking rule)",
            audit,
            ("check", "location"),
            "One row per finding of the six consistency checks (percent from count, totals, "
            "percent-only columns, duplicated rows, response rates, in-text claims): "
            "severity, verdict, printed value, what the data imply, the range that would fit, "
            "the nearest passing value and a likely cause.",
        ),
    ]


def _format_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_float_dtype(s):
            out[col] = s.map(lambda v: "" if pd.isna(v) else format(float(v), ".10g"))
        elif pd.api.types.is_bool_dtype(s):
            out[col] = s.map(lambda v: "" if pd.isna(v) else ("true" if v else "false"))
    return out


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a frame as deterministic UTF-8 CSV (LF line ends, 10 significant digits)."""
    path = Path(path)
    _format_frame(frame).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def _field(name: str, series: pd.Series) -> dict:
    field: dict = {"name": name}
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = [str(c) for c in series.cat.categories]
        field["type"] = "string"
        field["constraints"] = {"enum": cats}
        field["categories"] = cats
        field["categoriesOrdered"] = bool(series.cat.ordered)
    elif pd.api.types.is_bool_dtype(series):
        field["type"] = "boolean"
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    elif pd.api.types.is_integer_dtype(series):
        field["type"] = "integer"
    elif pd.api.types.is_float_dtype(series):
        field["type"] = "number"
    else:
        field["type"] = "string"
    return field


def schema_of(frame: pd.DataFrame, primary_key: tuple[str, ...]) -> dict:
    """Frictionless Table Schema of a tidy frame.

    Returns
    -------
    dict
        ``fields`` (name, type, and for ordered Categoricals the category list as
        ``constraints.enum`` and ``categories`` with ``categoriesOrdered``),
        ``primaryKey`` and ``missingValues``.
    """
    return {
        "fields": [_field(str(c), frame[c]) for c in frame.columns],
        "primaryKey": list(primary_key),
        "missingValues": [""],
    }


def write_processed(
    out_dir: str | Path | None = None, *, log: Callable[[str], None] | None = None
) -> list[Path]:
    """Build every output and write it, with ``datapackage.json``, to ``out_dir``.

    Parameters
    ----------
    out_dir : path, optional
        Destination; defaults to ``data/processed`` of the checkout.
    log : callable, optional
        Called with one line per file written.

    Returns
    -------
    list of Path
        The files written, ``datapackage.json`` last.
    """
    out = Path(out_dir) if out_dir is not None else config.processed_dir()
    out.mkdir(parents=True, exist_ok=True)
    written, resources = [], []
    for spec in outputs():
        frame = spec.build()
        dup = frame.duplicated(list(spec.primary_key))
        if dup.any():
            raise ValueError(f"{spec.name}: primary key {spec.primary_key} is not unique")
        path = write_csv(frame, out / f"{spec.name}.csv")
        written.append(path)
        resources.append(
            {
                "name": spec.name.replace("_", "-"),
                "path": path.name,
                "title": spec.title,
                "description": spec.description,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema_of(frame, spec.primary_key),
            }
        )
        if log:
            log(f"wrote {path.name} ({len(frame)} rows)")
    package = {
        "profile": "tabular-data-package",
        "name": "lscb-chairs-survey-2012",
        "title": "LSCB chairs' survey on the Munro Review (2012): tidy tables and derived data",
        "description": (
            "Tidy data transcribed from the tables and in-text counts of the 2012 national "
            "survey of LSCB chairs, with derived summaries; built by the lscb-survey library."
        ),
        "sources": [{"title": CITATION}],
        "resources": resources,
    }
    dp = out / "datapackage.json"
    dp.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(dp)
    return written

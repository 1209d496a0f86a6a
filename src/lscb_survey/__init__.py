"""lscb-survey: the 2012 national survey of LSCB chairs on the Munro Review, as tidy data.

Load the report's tables (:func:`load_table`), summarise them
(:func:`likert_summary`), compare the 2009-10 and 2012 surveys
(:func:`survey_shifts`), audit the printed numbers (:func:`audit`) and bring in a
new wave of respondent-level data (:func:`read_wave`). Plotting lives in
:mod:`lscb_survey.plots` (an alias of :mod:`lscb_survey.present.plots`); the command line is ``lscb-survey``.

Submodules are imported on first use, so ``import lscb_survey`` stays light.
"""

from __future__ import annotations

from importlib import import_module

from .errors import SurveyDataError

__version__ = "0.1.0"

#: Public name -> submodule that defines it.
_API: dict[str, str] = {
    "catalogue": "data.loaders",
    "load_table": "data.loaders",
    "load_activities": "data.activities",
    "raw_grid": "data.loaders",
    "verify_checksums": "data.rawfiles",
    "load_claims": "data.claims",
    "load_recommendations": "data.recommendations",
    "published_layout": "present.layout",
    "Scale": "data.scales",
    "Codebook": "data.codebook",
    "read_codebook": "data.codebook",
    "default_codebook": "data.codebook",
    "likert_summary": "analysis.likert",
    "likert_shares": "analysis.likert",
    "group_tests": "analysis.groups",
    "compare_series": "analysis.trends",
    "series_summary": "analysis.trends",
    "trend_tests": "analysis.trends",
    "reconstruct_counts": "stats.reconstruct",
    "survey_shifts": "analysis.shifts",
    "distribution_tests": "analysis.shifts",
    "audit": "checks.runner",
    "Wave": "waves.model",
    "read_wave": "waves.constructors",
    "wave_from_responses": "waves.constructors",
    "published_wave": "waves.constructors",
    "WaveValidationError": "waves.model",
    "write_csv": "present.export",
    "compare_waves": "analysis.compare",
    "compare_distributions": "analysis.compare_tests",
    "suppress": "disclosure",
    "suppression_audit": "disclosure",
    "read_weighted_wave": "waves.weights",
    "with_weights": "waves.weights",
    "weighted_counts": "waves.weights",
    "report_2012": "present.report",
    "wave_report": "present.report",
    "write_workbook": "present.workbook",
    "rake": "waves.calibration",
    "poststratify": "waves.calibration",
    "estimate": "analysis.estimates",
    "estimate_means": "analysis.estimates",
    "draft_codebook": "waves.draft",
}

#: Submodules reachable as attributes, e.g. ``lscb_survey.present.plots``.
_MODULES: dict[str, str] = {"plots": "plots", "config": "config", "survey": "survey"}

__all__ = ["SurveyDataError", "__version__", *_API]


def __getattr__(name: str):
    if name in _MODULES:
        value = import_module(f".{_MODULES[name]}", __name__)
        globals()[name] = value
        return value
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'lscb_survey' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

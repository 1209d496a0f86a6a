"""lscb-survey: the 2012 national survey of LSCB chairs on the Munro Review, as tidy data.

Load the report's tables (:func:`load_table`), summarise them
(:func:`likert_summary`), compare the 2009-10 and 2012 surveys
(:func:`survey_shifts`), audit the printed numbers (:func:`audit`) and bring in a
new wave of respondent-level data (:func:`read_wave`). Plotting lives in
:mod:`lscb_survey.plots`; the command line is ``lscb-survey``.

Submodules are imported on first use, so ``import lscb_survey`` stays light.
"""

from __future__ import annotations

from importlib import import_module

from .errors import SurveyDataError

__version__ = "0.1.0"

#: Public name -> submodule that defines it.
_API: dict[str, str] = {
    "catalogue": "loaders",
    "load_table": "loaders",
    "load_activities": "loaders",
    "raw_grid": "loaders",
    "verify_checksums": "loaders",
    "load_claims": "claims",
    "load_recommendations": "recommendations",
    "published_layout": "layout",
    "Scale": "scales",
    "Codebook": "codebook",
    "read_codebook": "codebook",
    "default_codebook": "codebook",
    "likert_summary": "likert",
    "likert_shares": "likert",
    "reconstruct_counts": "reconstruct",
    "survey_shifts": "shifts",
    "distribution_tests": "shifts",
    "audit": "checks",
    "Wave": "waves",
    "read_wave": "waves",
    "wave_from_responses": "waves",
    "published_wave": "waves",
    "WaveValidationError": "waves",
    "write_csv": "export",
    "compare_waves": "compare",
    "compare_distributions": "compare",
    "suppress": "disclosure",
    "suppression_audit": "disclosure",
    "read_weighted_wave": "weights",
    "with_weights": "weights",
    "weighted_counts": "weights",
}

__all__ = ["SurveyDataError", "__version__", *_API]


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'lscb_survey' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

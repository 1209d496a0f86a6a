"""A self-contained HTML report of the survey, built with Jinja2 templates.

:func:`report_2012` (``lscb-survey report``) writes ``index.html``: the ten
tables in their printed layout with audit findings marked on their cells, the
Likert summaries, the Laming -> Munro shifts with their caveat, every figure with
alt text, the audit, the recommendations linked to the tables, and the methods
and provenance. The page needs no network and no JavaScript. :func:`wave_report`
(``lscb-survey wave report``) does the same for a new wave, with disclosure control.

Modules: ``locate`` (which cells a finding names), ``tables`` (table grids and
marks), ``sections`` (the other sections), ``build`` (assembly and writing), ``wave``
(the report of a wave), ``wave_sections`` (its comparison and group breakdown);
the templates are in ``templates/``.
"""

from __future__ import annotations

from .build import report_2012
from .wave import wave_report

__all__ = ["report_2012", "wave_report"]

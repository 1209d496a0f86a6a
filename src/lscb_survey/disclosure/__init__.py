"""Disclosure control for publishing tables of a survey wave.

A survey of LSCB chairs has one respondent per board, and in a small area a
count of 1 or 2 can point to a named person: in 2012 the South West returned a
single questionnaire (Table 2). :func:`suppress` hides small counts before a
table is published; :func:`suppression_audit` plays a reader who has this
library, its parameters and everything published, and reports what that reader
can work out about each hidden cell. ``docs/disclosure.md`` states the threat
model and the guarantee, with a worked example.

Rules, in short
---------------
* **Primary suppression.** A count ``c`` with ``1 <= c < threshold`` is hidden.
  Zeros are published (so a reader knows every hidden cell is at least 1).
* **Protection.** Secondary cells are added so that, from every published
  total, a primary count's interval reaches ``c + upper`` (capped at its
  total) and ``c - lower`` (floored at 1); both levels default to the
  threshold. They are chosen value-blind: the fewest cells, then the
  earliest. An item alone is solved exactly by search; an item broken down
  by group (``by=``), linked to its overall counts, by a mixed-integer
  programme (:mod:`lscb_survey.stats.protection`).
* **Withholding.** When no set of cells protects an item, the item (or its
  rows of the groups concerned) is withheld: every cell hidden, zeros too,
  and ``attrs["withheld"]`` says so.
* **One marker.** Every hidden cell is published the same way (:data:`MARKER`);
  why it is hidden is in the reasons frame of ``suppress(...,
  return_audit=True)``, which is not for publication.
* **What is hidden.** In a hidden cell every value derived from the count is
  missing: likert ``count``, ``percent``, ``weighted_count``,
  ``weighted_percent``; returns ``returns``, ``response_rate``,
  ``share_of_returns``; in comparisons the side's count and percentage and
  the change, interval and p-values of the row, and the item's test.

Group disclosure (every respondent of an area in one category) and statistics
published beside a table from the full counts (a mean, a top-two share) are
outside what cell suppression controls.
"""

from __future__ import annotations

from .audit import suppression_audit
from .comparison import suppress_comparison
from .suppression import OVERALL, suppress

__all__ = ["MARKER", "OVERALL", "suppress", "suppress_comparison", "suppression_audit"]

#: Marker printed for every hidden cell in tables and files.
MARKER = "[c]"

"""Constants of the 2012 survey and the report: agencies, surveys, periods, bases, tables.

Every module that needs one of these facts imports it from here, so each is written once.

Examples
--------
>>> from lscb_survey import survey
>>> survey.PERIODS["Laming"], survey.SURVEY_BASES["Munro"]
('2009-10', 57)
"""

from __future__ import annotations

__all__ = [
    "AGENCIES",
    "CITATION",
    "COMPARISON_TABLES",
    "LIKERT_TABLES",
    "LSCBS_IN_ENGLAND",
    "PERIODS",
    "RETURNS_TABLES",
    "SURVEYS",
    "SURVEY_INFORMANT",
    "SURVEY_BASES",
    "TABLES",
]

#: Agencies of Tables 3-4 in printed order.
AGENCIES: tuple[str, ...] = (
    "Health",
    "Police",
    "Probation",
    "Education",
    "Youth Services",
    "Third Sector",
    "Children's social care",
)
#: The two surveys of Tables 3-4, as printed: 2009-10 Assistant Directors, 2012 LSCB chairs.
SURVEYS: tuple[str, ...] = ("Laming", "Munro")
#: When each survey was carried out.
PERIODS: dict[str, str] = {"Laming": "2009-10", "Munro": "2012"}
#: Base of each survey in Tables 3-4, as stated in the table notes.
SURVEY_BASES: dict[str, int] = {"Laming": 46, "Munro": 57}
#: Who answered the 2012 survey for each board.
SURVEY_INFORMANT = "LSCB chair"
#: Number of LSCBs in England the 2012 survey was sent to (Introduction).
LSCBS_IN_ENGLAND = 148

#: The report's table numbers, by kind.
TABLES: tuple[int, ...] = tuple(range(1, 11))
RETURNS_TABLES: tuple[int, ...] = (1, 2)
COMPARISON_TABLES: tuple[int, ...] = (3, 4)
LIKERT_TABLES: tuple[int, ...] = (5, 6, 7, 8, 9, 10)

CITATION = (
    "Munro, E. R. and Lushey, C. (2012) LSCB Chairs' perspectives on responding to "
    "recommendations outlined in the Munro Review of Child Protection: Findings from a "
    "national survey. Childhood Wellbeing Research Centre, May 2012."
)

"""What survey platforms write: the names of their metadata columns and how to recognise them.

Each platform's export has a recognisable header (Qualtrics' ``StartDate`` and
``ResponseId``, SurveyMonkey's ``Respondent ID`` and ``Collector ID``, Google
Forms' ``Timestamp``, ...) and columns that describe the response rather than
answer a question (dates, IP addresses, progress). :func:`detect_platform`
names the platform of a header; :func:`metadata_columns` lists its metadata
columns, which are never read as items. :mod:`lscb_survey.waves.layouts`
uses both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..data.scales import normalise_label

__all__ = [
    "HEADER_ROWS",
    "PLATFORM_TITLES",
    "detect_platform",
    "is_metadata",
    "metadata_columns",
]

#: How each layout is named in messages.
PLATFORM_TITLES = {
    "plain": "plain table",
    "qualtrics": "Qualtrics export",
    "qualtrics-legacy": "Qualtrics legacy export",
    "surveymonkey": "SurveyMonkey export",
    "google-forms": "Google Forms export",
    "microsoft-forms": "Microsoft Forms export",
    "redcap": "REDCap export",
    "limesurvey": "LimeSurvey export",
    "spss": "SPSS file",
    "stata": "Stata file",
}

#: Header rows of each layout when the file does not say otherwise.
HEADER_ROWS = {
    "plain": 1,
    "qualtrics": 3,
    "qualtrics-legacy": 2,
    "surveymonkey": 2,
    "google-forms": 1,
    "microsoft-forms": 1,
    "redcap": 1,
    "limesurvey": 1,
    "spss": 1,
    "stata": 1,
}


def _keys(text: str) -> set[str]:
    return {normalise_label(t) for t in text.split("|")}


_QUALTRICS = _keys(
    "StartDate|EndDate|Status|IPAddress|Progress|Duration (in seconds)|Finished|RecordedDate|"
    "ResponseId|ResponseID|RecipientLastName|RecipientFirstName|RecipientEmail|"
    "ExternalReference|ExternalDataReference|LocationLatitude|LocationLongitude|"
    "LocationAccuracy|DistributionChannel|UserLanguage|ResponseSet|Name|EmailAddress|"
    "Start Date|End Date|Response Type|IP Address|Recorded Date|Response ID|"
    "Recipient Last Name|Recipient First Name|Recipient Email|External Data Reference|"
    "Location Latitude|Location Longitude|Distribution Channel|User Language|"
    "opp|gc|term|rid|psid|PROLIFIC_PID|SESSION_ID|STUDY_ID"
)
_QUALTRICS_PATTERN = re.compile(
    r"^q_[a-z]|_(?:first click|last click|page submit|click count)$|_do$|^fl_\d+"
)
_SURVEYMONKEY = _keys(
    "Respondent ID|Collector ID|Start Date|End Date|IP Address|Email Address|First Name|"
    "Last Name|Custom Data|Custom Data 1|Custom Data 2|Custom Data 3"
)
_GOOGLE = _keys(
    "Timestamp|Email Address|Email address|Score|Marca temporal|Horodateur|Zeitstempel|"
    "Carimbo de data/hora|Informazioni cronologiche|Tijdstempel|Tidsstempel|Sello de tiempo|"
    "Tidstämpel|Aikaleima|Sygnatura czasowa|Adresse e-mail|"
    "Dirección de correo electrónico|E-Mail-Adresse"
)
_MICROSOFT = _keys(
    "ID|Start time|Completion time|Email|Name|Last modified time|Total points|Quiz feedback"
)
_REDCAP = _keys(
    "record_id|redcap_event_name|redcap_repeat_instrument|redcap_repeat_instance|"
    "redcap_data_access_group|redcap_survey_identifier|Record ID|Event Name|"
    "Repeat Instrument|Repeat Instance|Data Access Group|Survey Identifier|Survey Timestamp"
)
_REDCAP_PATTERN = re.compile(r"(?:_timestamp|_complete|complete\?)$")
_LIMESURVEY = _keys(
    "id|submitdate|lastpage|startlanguage|seed|startdate|datestamp|ipaddr|refurl|token|"
    "interviewtime|Response ID|Date submitted|Last page|Start language|Seed|Date started|"
    "Date last action|IP address|Referrer URL|Total time"
)
_LIMESURVEY_PATTERN = re.compile(r"^(?:grouptime|group time|question time|questiontime)")

_METADATA = {
    "qualtrics": (_QUALTRICS, _QUALTRICS_PATTERN),
    "qualtrics-legacy": (_QUALTRICS, _QUALTRICS_PATTERN),
    "surveymonkey": (_SURVEYMONKEY, None),
    "google-forms": (_GOOGLE, None),
    "microsoft-forms": (_MICROSOFT, None),
    "redcap": (_REDCAP, _REDCAP_PATTERN),
    "limesurvey": (_LIMESURVEY, _LIMESURVEY_PATTERN),
}

_TIMESTAMPS = _GOOGLE - _keys("Email Address|Score|Adresse e-mail|E-Mail-Adresse")
_IMPORT_ID = re.compile(r'^\s*\{\s*"importid"', re.IGNORECASE)
_LEGACY_ID = re.compile(r"^V\d+$")


def is_metadata(platform: str, *names: str) -> bool:
    """Whether a column (by any of its header texts) is metadata of ``platform``.

    Examples
    --------
    >>> is_metadata("qualtrics", "StartDate"), is_metadata("qualtrics", "Q1")
    (True, False)
    """
    known, pattern = _METADATA.get(platform, (set(), None))
    for name in names:
        key = normalise_label(name)
        if key in known or (pattern is not None and pattern.search(key)):
            return True
    return False


def metadata_columns(
    platform: str, names: Sequence[str], texts: Sequence[str] | None = None
) -> list[str]:
    """The columns of ``names`` that are metadata of ``platform`` (``texts``: their labels)."""
    texts = texts or names
    return [n for n, t in zip(names, texts, strict=True) if is_metadata(platform, n, t)]


def _count(names: set[str], wanted: str) -> int:
    return len(names & _keys(wanted))


def detect_platform(header: Sequence[str], following: Sequence[Sequence[str]]) -> tuple[str, int]:
    """The platform that wrote a header, and its number of header rows.

    Parameters
    ----------
    header : sequence of str
        The cells of the header row.
    following : sequence of sequence of str
        The rows after it (two are enough).

    Returns
    -------
    (str, int)
        A key of :data:`PLATFORM_TITLES` (``"plain"`` when no platform is
        recognised) and the number of header rows (1 to 3).

    Examples
    --------
    >>> detect_platform(["StartDate", "EndDate", "ResponseId", "Q1"],
    ...                 [["Start Date", "End Date", "Response ID", "How?"],
    ...                  ['{"ImportId":"startDate"}', "", "", ""]])
    ('qualtrics', 3)
    >>> detect_platform(["Timestamp", "How?"], [["2024/01/02 10:00:00", "Yes"]])
    ('google-forms', 1)
    """
    names = {normalise_label(h) for h in header if h.strip()}
    second = [c for c in (following[0] if following else [])]
    third = [c for c in (following[1] if len(following) > 1 else [])]
    second_keys = {normalise_label(c) for c in second}
    if sum(bool(_IMPORT_ID.match(c)) for c in third) * 2 > len([c for c in third if c.strip()]):
        return "qualtrics", 3  # the import ids name Qualtrics even without its metadata
    if _count(names, "StartDate|EndDate|ResponseId|RecordedDate|Finished") >= 3:
        if any(_IMPORT_ID.match(c) for c in third):
            return "qualtrics", 3
        if any(_IMPORT_ID.match(c) for c in second):
            return "qualtrics", 2
        if _count(second_keys, "Start Date|End Date|Response ID|Recorded Date") >= 2:
            return "qualtrics", 2
        return "qualtrics", 1
    if sum(bool(_LEGACY_ID.match(h.strip())) for h in header) >= 3 and (
        _count(second_keys, "ResponseID|ResponseSet|StartDate|EndDate") >= 2
    ):
        return "qualtrics-legacy", 2
    responses = {"response", "open-ended response"}
    said = [normalise_label(c) for c in second if c.strip()]
    sub_header = bool(second_keys & responses) or (bool(second) and not second[0].strip())
    if (
        (_count(names, "Respondent ID|Collector ID") == 2 and sub_header)
        or (second_keys & responses and any(not h.strip() for h in header[1:]))
        or (said and sum(c in responses for c in said) * 2 >= len(said))
    ):
        return "surveymonkey", 2
    if _count(names, "Respondent ID|Collector ID") == 2:
        return "surveymonkey", 1  # the condensed export: one header row
    first = normalise_label(next((h for h in header if h.strip()), ""))
    if first in _TIMESTAMPS:
        return "google-forms", 1
    if _count(names, "ID|Start time|Completion time") == 3:
        return "microsoft-forms", 1
    complete = any(n.endswith(("_complete", "complete?")) for n in names)
    if _count(names, "record_id|redcap_event_name|redcap_survey_identifier|Record ID") or (
        complete
        and (any("___" in n for n in names) or any(n.endswith("_timestamp") for n in names))
    ):
        return "redcap", 1
    if _count(names, "submitdate|lastpage|startlanguage") == 3 or (
        _count(names, "Response ID|Date submitted|Last page|Start language") >= 3
    ):
        return "limesurvey", 1
    return "plain", 1

"""Property tests of the layout reader and the drafted codebook on generated exports.

Whatever the file (a title row or not, Qualtrics' or SurveyMonkey's header rows
or a plain header, answers drawn from labels, codes, missing-value tokens and
checkbox texts), drafting a codebook either succeeds or raises a
:class:`~lscb_survey.errors.SurveyDataError`, and a draft that succeeds reads
the file unchanged, every item's counts adding up to the respondents. The
suite runs a few examples; ``make fuzz`` runs many more (``HYPOTHESIS_PROFILE=fuzz``).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lscb_survey.data.codebook import read_codebook
from lscb_survey.errors import SurveyDataError
from lscb_survey.waves.constructors import read_wave
from lscb_survey.waves.draft import draft_codebook

SUITE = (
    settings()
    if os.environ.get("HYPOTHESIS_PROFILE")
    else settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
)
ANSWERS = ["Strongly agree", "Agree", "Disagree", "Don't know", "NA", "N/A", "-99", "", "1",
           "2", "0", "Yes", "No", "Email, Phone", "Phone;", "Other", "None", " agree ",
           "2024-03-01 09:00", "é\u2019", "a,b"]  # fmt: skip
NAMES = ["Q1", "Q2_1", "Q2_2", "Region", "id", "weight", "What next?", "Timestamp", ""]
HEADS = {
    "plain": [],
    "qualtrics": [["StartDate", "EndDate", "ResponseId", "Finished"]],
    "surveymonkey": [["Respondent ID", "Collector ID"]],
}


@st.composite
def exports(draw) -> list[list[str]]:
    kind = draw(st.sampled_from(sorted(HEADS)))
    width = draw(st.integers(1, 6))
    names = [draw(st.sampled_from(NAMES)) + str(k) for k in range(width)]
    meta = HEADS[kind][0] if HEADS[kind] else []
    header = [*meta, *names]
    rows: list[list[str]] = []
    if draw(st.booleans()):
        rows += [["Survey export"], []]
    rows.append(header)
    if kind == "qualtrics":
        rows.append([*meta, *(f"Question {n}?" for n in names)])
        rows.append(['{"ImportId":"x"}'] * len(header))
    if kind == "surveymonkey":
        rows.append(
            [""] * len(meta) + [draw(st.sampled_from(["Response", "A", "B"])) for _ in names]
        )
    n = draw(st.integers(1, 15))
    for k in range(n):
        row = [f"m{k}"] * len(meta) + [draw(st.sampled_from(ANSWERS)) for _ in names]
        rows.append(row)
    return rows


@SUITE
@given(exports())
def test_a_draft_reads_its_file_or_says_why(rows):
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_text(text.getvalue(), encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                draft = draft_codebook(path)
            except SurveyDataError:
                return
            book_path = Path(folder) / "codebook.toml"
            book_path.write_text(draft, encoding="utf-8")
            book = read_codebook(book_path)
            wave = read_wave(path, book)
    for item_id, part in wave.counts.groupby("item_id"):
        skipped = 0 if wave.not_asked is None else int(wave.not_asked.get(item_id, 0))
        assert part["count"].sum() == wave.respondents - skipped

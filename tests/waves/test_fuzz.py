"""Property tests of the CSV reader and ``wave_from_responses`` on generated and mutated input.

Whatever the input, only a :class:`~lscb_survey.errors.SurveyDataError` (or a
:class:`~lscb_survey.waves.model.WaveWarning`) comes out, and input that is
accepted keeps every respondent and every answer: each item's counts add up to
the respondents. The suite runs a few examples; ``make fuzz`` runs many more
(``HYPOTHESIS_PROFILE=fuzz``).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from waves.cases import SMALL_SPEC

from lscb_survey.data.codebook import Codebook
from lscb_survey.errors import SurveyDataError
from lscb_survey.waves.constructors import read_wave, wave_from_responses
from lscb_survey.waves.model import Wave

BOOK = Codebook.from_dict(SMALL_SPEC, source="small.toml")
AGREE = ["Agree", "Neutral", "Disagree", "Not specified", "Don't know", "1", "2", "3", "8", "9"]
YESNO = ["Yes", "No", "Not specified"]
# A few examples in the suite; the loaded profile (HYPOTHESIS_PROFILE=fuzz) decides otherwise.
SUITE = (
    settings()
    if os.environ.get("HYPOTHESIS_PROFILE")
    else settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
)


def _variant(draw, label: str) -> str:
    """The label with its case and surrounding white space changed."""
    case = draw(st.sampled_from([str, str.upper, str.lower]))
    pad = draw(st.sampled_from(["", " ", "  ", "\t"]))
    return pad + case(label) + draw(st.sampled_from(["", " "]))


@st.composite
def valid_tables(draw) -> list[list[str]]:
    """Rows of valid answers (labels or codes, never both in one column), ids unique."""
    n = draw(st.integers(1, 12))
    use_codes = draw(st.booleans())
    pool = AGREE[5:] if use_codes else AGREE[:5]
    rows = []
    for k in range(n):
        q1 = draw(st.sampled_from([*pool, ""]))
        q2 = draw(st.sampled_from([*AGREE[:5], ""]))
        q3 = draw(st.sampled_from([*YESNO, ""]))
        rows.append([f"r{k}", _variant(draw, q1), _variant(draw, q2), _variant(draw, q3)])
    return rows


def _encode(rows: list[list[str]], delim: str, ending: str, encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delim, lineterminator=ending)
    writer.writerow(["id", "Q1", "Q2", "Q3"])
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _check_kept(wave: Wave) -> None:
    """Every item's counts add up to the respondents, and every row is an answer."""
    sums = wave.counts.groupby("item_id", observed=True)["count"].sum()
    assert (sums == wave.respondents).all(), sums
    assert wave.responses is not None
    assert len(wave.responses) == wave.respondents
    assert not wave.responses.isna().any().any()


def _read(data: bytes, suffix: str = ".csv", **kwargs) -> Wave | None:
    """``read_wave`` of the bytes; ``None`` when it raised a SurveyDataError."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"wave{suffix}"
        path.write_bytes(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return read_wave(path, BOOK, **kwargs)
            except SurveyDataError as err:
                assert len(str(err)) < 10_000
                return None


@SUITE
@given(
    rows=valid_tables(),
    delim=st.sampled_from([",", ";", "\t"]),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"]),
)
def test_valid_csv_keeps_every_answer(rows, delim, ending, encoding):
    wave = _read(_encode(rows, delim, ending, encoding))
    assert wave is not None
    assert wave.respondents == len(rows)
    assert wave.responses.index.tolist() == [r[0] for r in rows]
    _check_kept(wave)
    blank_q3 = sum(1 for r in rows if not r[3].strip())
    assert (wave.responses["q3"] == "Not specified").sum() >= blank_q3


@st.composite
def mutated_files(draw) -> bytes:
    """A valid file with bytes inserted, deleted or replaced (quotes, delimiters, line ends)."""
    data = bytearray(
        _encode(
            draw(valid_tables()),
            draw(st.sampled_from([",", ";", "\t"])),
            draw(st.sampled_from(["\n", "\r", "\r\n"])),
            "utf-8",
        )
    )
    alphabet = st.one_of(
        st.sampled_from(
            [b'"', b",", b"\n", b"\r", b";", b"\t", b" ", b"\x00", b"\xff", b"1", b"\xef\xbb\xbf"]
        ),
        st.binary(min_size=1, max_size=3),
    )
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "insert":
            data[at:at] = draw(alphabet)
        elif action == "delete" and data:
            del data[min(at, len(data) - 1)]
        elif data:
            data[min(at, len(data) - 1) : min(at, len(data) - 1) + 1] = draw(alphabet)
    return bytes(data)


@SUITE
@given(data=mutated_files(), encoding=st.sampled_from([None, None, "utf-8", "cp1252", "utf-16-le"]))
def test_mutated_csv_only_raises_survey_data_errors(data, encoding):
    wave = _read(data, encoding=encoding)
    if wave is not None:
        _check_kept(wave)
        text = data.decode(encoding or "utf-8", errors="replace")
        lines = [
            ln for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if ln.strip()
        ]
        assert wave.respondents <= max(len(lines) - 1, 0)


CELLS = st.one_of(
    st.sampled_from([*AGREE, *YESNO, "", " ", "agree ", "1.0", "-99", "\u0661", "\uff11"]),
    st.none(),
    st.just(np.nan),
    st.integers(-100, 100),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.booleans(),
)


@SUITE
@given(
    cells=st.lists(st.tuples(CELLS, CELLS, CELLS, CELLS), min_size=0, max_size=8),
    with_id=st.booleans(),
)
def test_wave_from_responses_only_raises_survey_data_errors(cells, with_id):
    frame = pd.DataFrame(cells, columns=["id", "Q1", "Q2", "Q3"], dtype=object)
    if not with_id:
        frame = frame.drop(columns="id")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            wave = wave_from_responses(frame, BOOK)
        except SurveyDataError as err:
            assert len(str(err)) < 10_000
            return
    assert wave.respondents == len(frame)
    _check_kept(wave)


@pytest.mark.parametrize(
    "data",
    [
        b'id,Q1,Q2,Q3\n"r0,1,Agree,Yes\n',
        b"id,Q1,Q2,Q3\rr0,1,Agree\r",
        b"\xef\xbb\xbf\xef\xbb\xbfid,Q1,Q2,Q3\nr0,1,Agree,Yes\n",
    ],
)
def test_found_by_fuzzing(data):
    """Inputs that once broke the reader: each now gives an error or a faithful wave."""
    wave = _read(data)
    if wave is not None:
        _check_kept(wave)


def test_unclosed_quote_in_the_header(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes(b'"id,Q1,Q2,Q3\nr0,Agree,Agree,Yes\n')
    with pytest.raises(SurveyDataError, match="never closed") as info:
        read_wave(path, BOOK)
    assert info.value.line == 1

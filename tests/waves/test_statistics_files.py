"""SPSS and Stata files that crash the C reader, are cut short or declare what contradicts the codebook.

``files/segfault-*.sav`` are SPSS files written by pyreadstat with a few bytes
changed; each kills a process that parses it with a segmentation fault.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pandas as pd
import pytest

from lscb_survey.errors import WaveFormatError
from lscb_survey.waves.constructors import read_wave
from lscb_survey.waves.formats import read_file
from lscb_survey.waves.isolated import ParserCrash, call_isolated
from lscb_survey.waves.model import WaveValidationError

pyreadstat = pytest.importorskip("pyreadstat")

FILES = Path(__file__).parent / "files"
FRAME = pd.DataFrame(
    {"id": [1.0, 2.0, 3.0], "Q1": [1.0, 2.0, 9.0], "Q2": [1.0, 3.0, 2.0], "Q3": ["Yes", "No", ""]}
)


@pytest.mark.parametrize("name", ["segfault-1.sav", "segfault-2.sav"])
def test_a_file_that_crashes_the_reader_is_an_error(name):
    with pytest.raises(WaveFormatError, match=r"corrupt SPSS file: the reader crashed \(SIGSEGV\)"):
        read_file(FILES / name)


def test_a_crash_in_the_child_is_reported_and_the_parent_lives():
    with pytest.raises(ParserCrash, match="SIGKILL"):
        call_isolated(lambda: os.kill(os.getpid(), signal.SIGKILL))  # the child kills itself
    assert call_isolated(sum, [1, 2, 3]) == 6
    with pytest.raises(ZeroDivisionError):
        call_isolated(divmod, 1, 0)


def test_a_child_running_out_of_memory_is_an_error(monkeypatch):
    from lscb_survey.waves import isolated

    monkeypatch.setattr(isolated, "MEMORY_LIMIT", 64 * 2**20)
    with pytest.raises(ParserCrash, match="out of memory"):
        call_isolated(bytearray, 512 * 2**20)


def _dta(path: Path, **kwargs) -> Path:
    pyreadstat.write_dta(
        FRAME, str(path), variable_value_labels={"Q1": {1: "Agree", 2: "Neutral"}}, **kwargs
    )
    return path


@pytest.mark.parametrize("version", [13, 14, 15])
def test_dta_cut_short_in_its_value_labels_or_trailer_is_refused(tmp_path, small, version):
    path = _dta(tmp_path / "w.dta", version=version)
    data = path.read_bytes()
    assert read_wave(path, small, items=["q1", "q2", "q3"]).respondents == 3
    labels_at = data.index(b"<value_labels>")
    for cut in (labels_at + 30, len(data) - 20, len(data) - 5, len(data) - 1):
        path.write_bytes(data[:cut])
        with pytest.raises(WaveFormatError, match="corrupt Stata file"):
            read_file(path)
    path.write_bytes(data + b"\0" * 8)
    with pytest.raises(WaveFormatError, match="corrupt Stata file"):
        read_file(path)


def test_a_file_label_giving_a_missing_code_a_scale_label_is_a_conflict(tmp_path, small):
    path = tmp_path / "w.sav"
    labels = {"Q1": {1: "Agree", 2: "Neutral", 9: "Agree"}}
    pyreadstat.write_sav(FRAME, str(path), variable_value_labels=labels)
    with pytest.raises(WaveValidationError, match="code 9 is a missing code"):
        read_wave(path, small)
    wave = read_wave(path, small, labels="codebook")
    assert wave.responses["q1"].tolist() == ["Agree", "Neutral", "Not specified"]


def test_user_missing_covering_the_answer_codes_is_refused(tmp_path, small):
    path = tmp_path / "w.sav"
    pyreadstat.write_sav(FRAME, str(path), missing_ranges={"Q1": [{"lo": 1, "hi": 3}]})
    with pytest.raises(WaveFormatError, match="user-missing") as info:
        read_wave(path, small)
    assert "column 'Q1': user-missing 1.0 to 3.0 covers answer codes 1, 2, 3" in str(info.value)


def test_user_missing_of_the_missing_codes_reads_as_missing(tmp_path, small):
    path = tmp_path / "w.sav"
    pyreadstat.write_sav(FRAME, str(path), missing_ranges={"Q1": [9], "Q2": [{"lo": 8, "hi": 99}]})
    frame, _ = read_file(path)
    assert frame["Q1"].isna().tolist() == [False, False, True]
    assert frame.attrs["user_missing"]["Q1"] == [(9.0, 9.0)]
    wave = read_wave(path, small)
    assert wave.responses["q1"].tolist() == ["Agree", "Neutral", "Not specified"]


def test_whole_number_ids_beyond_64_bits_are_kept_exactly(tmp_path, small):
    path = tmp_path / "w.sav"
    frame = FRAME.assign(id=[2.0**63, 2.0**64, 1.0])
    pyreadstat.write_sav(frame, str(path))
    wave = read_wave(path, small)
    assert wave.responses.index.tolist() == [2**63, 2**64, 1]

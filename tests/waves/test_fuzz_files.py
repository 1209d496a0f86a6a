"""Property tests of the XLSX, SPSS and Stata readers on mutated files, under a memory limit.

Valid files are written by openpyxl and pyreadstat, then mutated: bytes flipped,
inserted or deleted, the file cut short, and (for workbooks) the XML of a part
edited with the structures that once broke the reader (far cells, huge merged
ranges, error cells, hidden sheets, a document type). Whatever the mutation,
reading gives a faithful wave or a :class:`~lscb_survey.errors.SurveyDataError`,
never another exception, a crash of the process or more than
:data:`MEMORY_BUDGET` bytes. The suite runs a few examples; ``make fuzz`` many.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import tempfile
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from waves.cases import SMALL_SPEC

from lscb_survey.data.codebook import Codebook
from lscb_survey.errors import SurveyDataError
from lscb_survey.waves.constructors import read_wave

pyreadstat = pytest.importorskip("pyreadstat")

BOOK = Codebook.from_dict(SMALL_SPEC, source="small.toml")
FRAME = pd.DataFrame(
    {
        "id": [1.0, 2.0, 3.0, 4.0],
        "Q1": [1.0, 2.0, 3.0, 9.0],
        "Q2": [1.0, 1.0, 2.0, 8.0],
        "Q3": ["Yes", "No", "Yes", ""],
    }
)
LABELS = {"Q1": {1: "Agree", 2: "Neutral", 3: "Disagree"}}
#: Memory a single read may add to the test process before it fails with MemoryError.
MEMORY_BUDGET = 2 * 2**30
SUITE = (
    settings()
    if os.environ.get("HYPOTHESIS_PROFILE")
    else settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
)


def _written(suffix: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"w{suffix}"
        if suffix == ".xlsx":
            wb = Workbook()
            ws = wb.active
            ws.append(list(FRAME.columns))
            for row in FRAME.itertuples(index=False):
                ws.append(list(row))
            wb.create_sheet("Other").append(["x"])
            wb.save(path)
        elif suffix == ".dta":
            pyreadstat.write_dta(FRAME, str(path), variable_value_labels=LABELS)
        else:
            pyreadstat.write_sav(
                FRAME,
                str(path),
                variable_value_labels=LABELS,
                missing_ranges={"Q2": [8]},
                compress=suffix == ".zsav",
            )
        return path.read_bytes()


BASES = {suffix: _written(suffix) for suffix in (".xlsx", ".sav", ".zsav", ".dta")}


@contextlib.contextmanager
def memory_limit(budget: int = MEMORY_BUDGET):
    """Limit this process's address space to its current size plus ``budget`` for the block."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as fh:
        current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = current + budget if hard == resource.RLIM_INFINITY else min(hard, current + budget)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _read(data: bytes, suffix: str, **kwargs):
    """``read_wave`` of the bytes under the memory limit; ``None`` for a SurveyDataError."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"wave{suffix}"
        path.write_bytes(data)
        with warnings.catch_warnings(), memory_limit():
            warnings.simplefilter("ignore")
            try:
                return read_wave(path, BOOK, **kwargs)
            except SurveyDataError as err:
                assert len(str(err)) < 10_000
                return None


def _check_kept(wave) -> None:
    sums = wave.counts.groupby("item_id", observed=True)["count"].sum()
    assert (sums == wave.respondents).all(), sums
    assert wave.respondents <= len(FRAME)


@st.composite
def byte_mutations(draw, data: bytes) -> bytes:
    """``data`` with bytes replaced, inserted or deleted, or cut short."""
    out = bytearray(data)
    if draw(st.booleans()):
        return bytes(out[: draw(st.integers(0, len(out) - 1))])
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(out) - 1))
        action = draw(st.sampled_from(["flip", "flip", "set", "insert", "delete"]))
        if action == "flip":
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "set":
            out[at] = draw(st.sampled_from([0, 0xFF, 0x7F, 0x80, 1]))
        elif action == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del out[at]
    return bytes(out)


#: Edits of a workbook part's XML: (old text, new text); "</sheetData>" edits add to a sheet.
XML_EDITS = [
    ("</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'),
    ("</sheetData>", '<row r="2000000000"><c r="A2000000000"><v>1</v></c></row></sheetData>'),
    ("</sheetData>", '</sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>'),
    ("</sheetData>", '<row r="9"><c r="B9" t="e"><v>#N/A</v></c></row></sheetData>'),
    ("</sheetData>", '<row r="9"><c r="C9"><f>1/0</f></c></row></sheetData>'),
    ("</sheetData>", '<row r="9" hidden="1"><c r="ZZ9" t="s"><v>999999</v></c></row></sheetData>'),
    ('<sheet name="Sheet"', '<sheet state="hidden" name="Sheet"'),
    ('<sheet name="Sheet"', '<sheet state="veryHidden" name="Sheet"'),
    ("<worksheet", '<!DOCTYPE x [<!ENTITY e "eeeeeeeeee">]><worksheet'),
    ('r="B2"', 'r="B0"'),
    ('r="B2"', 'r="XFE2"'),
    ('r="A2"', 'r="a2"'),
    ("<v>", "<v>-"),
    ('t="s"', 't="e"'),
    ('t="s"', 't="b"'),
    ('t="s"', 't="d"'),
    ("<row ", '<row r="0" '),
    ("</row>", ""),
    ("<sheetData>", "<sheetData><row>" + "<c><v>1</v></c>" * 20 + "</row>"),
    ('Target="', 'Target="/'),
    ('Target="worksheets/sheet1.xml"', 'Target="worksheets/none.xml"'),
]


@st.composite
def workbook_mutations(draw) -> bytes:
    """A valid workbook with parts' XML edited, then possibly its bytes mutated too."""
    with zipfile.ZipFile(io.BytesIO(BASES[".xlsx"])) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    names = sorted(parts)
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(names))
        old, new = draw(st.sampled_from(XML_EDITS))
        text = parts[name].decode("utf-8", errors="replace")
        if old in text:
            parts[name] = text.replace(old, new, draw(st.integers(1, 3))).encode()
        elif draw(st.booleans()):
            cut = draw(st.integers(0, max(len(parts[name]) - 1, 0)))
            parts[name] = parts[name][:cut]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            if draw(st.integers(0, 30)) or name == "[Content_Types].xml":
                dst.writestr(name, data)
    data = buffer.getvalue()
    return draw(byte_mutations(data)) if draw(st.integers(0, 3)) == 0 else data


@SUITE
@given(data=workbook_mutations(), sheet=st.sampled_from([None, None, 0, 1, "Sheet", "Other"]))
def test_mutated_workbooks_only_raise_survey_data_errors(data, sheet):
    wave = _read(data, ".xlsx", sheet=sheet)
    if wave is not None:
        _check_kept(wave)


@SUITE
@given(
    suffix=st.sampled_from([".sav", ".zsav", ".dta"]),
    seed=st.data(),
)
def test_mutated_statistics_files_only_raise_survey_data_errors(suffix, seed):
    data = seed.draw(byte_mutations(BASES[suffix]))
    wave = _read(data, suffix)
    if wave is not None:
        _check_kept(wave)


@pytest.mark.parametrize("suffix", [".xlsx", ".sav", ".zsav", ".dta"])
def test_the_unmutated_files_read(suffix):
    wave = _read(BASES[suffix], suffix)
    assert wave is not None and wave.respondents == 4
    assert wave.responses["q1"].tolist()[:3] == ["Agree", "Neutral", "Disagree"]

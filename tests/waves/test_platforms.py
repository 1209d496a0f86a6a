"""Exports of survey platforms: drafted, read with the draft unchanged, counted as pandas counts.

For every fixture in ``fixtures/platforms`` (documented in its README), the
codebook is drafted, written, read back with ``read_codebook`` and used by
``read_wave`` as it is; then every item, attribute and multi-select option is
compared with pandas' own count of the column (pandas reading the file with the
platform's header rows skipped).
"""

from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from lscb_survey.data.codebook import read_codebook
from lscb_survey.data.questions import UNCHOSEN
from lscb_survey.data.scales import normalise_label
from lscb_survey.waves.cells import as_code, text_of
from lscb_survey.waves.constructors import read_wave
from lscb_survey.waves.draft import draft_codebook
from lscb_survey.waves.layouts import LayoutInfo, read_layout

HERE = Path(__file__).parent / "fixtures" / "platforms"
RUDE = HERE / "rude-scales.toml"

#: fixture -> (layout recognised, how pandas reads it, draft options)
CASES = {
    "qualtrics.csv": ("qualtrics", lambda p: pd.read_csv(p, skiprows=[1, 2]), {}),
    "qualtrics-numeric.tsv": (
        "qualtrics",
        lambda p: pd.read_csv(p, sep="\t", encoding="utf-16", skiprows=[1, 2]),
        {},
    ),
    "qualtrics-legacy.csv": ("qualtrics-legacy", lambda p: pd.read_csv(p, skiprows=[1]), {}),
    "surveymonkey.csv": (
        "surveymonkey",
        lambda p: pd.read_csv(p, skiprows=[1]),
        {"scales": RUDE},
    ),
    "qualtrics-one-column.csv": (
        "qualtrics",
        lambda p: pd.read_csv(p, skiprows=[1, 2]),
        {},
    ),
    "surveymonkey.xlsx": (
        "surveymonkey",
        lambda p: pd.read_excel(p, skiprows=[1]),
        {"scales": RUDE},
    ),
    "google-forms.csv": ("google-forms", pd.read_csv, {}),
    "microsoft-forms.xlsx": ("microsoft-forms", pd.read_excel, {}),
    "title-row.csv": ("plain", lambda p: pd.read_csv(p, skiprows=2), {}),
    "title-row.xlsx": ("plain", lambda p: pd.read_excel(p, skiprows=2), {}),
    "redcap-raw.csv": ("redcap", pd.read_csv, {}),
    "redcap-labels.csv": ("redcap", pd.read_csv, {}),
    "limesurvey.csv": ("limesurvey", pd.read_csv, {}),
    "spss-labels.sav": ("spss", pd.read_spss, {}),
    "stata-labels.dta": ("stata", pd.read_stata, {}),
}


def _read(name: str, tmp_path: Path):
    layout, _, options = CASES[name]
    path = HERE / name
    text = draft_codebook(path, **options)
    assert draft_codebook(path, **options) == text  # the same bytes every time
    target = tmp_path / "codebook.toml"
    target.write_text(text, encoding="utf-8")
    book = read_codebook(target)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wave = read_wave(path, book)
    assert wave.layout == layout
    infos = [w for w in caught if issubclass(w.category, LayoutInfo)]
    assert len(infos) == (0 if layout in ("plain", "spss", "stata") and "title" not in name else 1)
    return book, wave


def _pandas(name: str) -> tuple[pd.DataFrame, list[str]]:
    """pandas' frame of the fixture, and our column names in the same order."""
    frame = CASES[name][1](HERE / name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LayoutInfo)
        names = [str(c) for c in read_layout(HERE / name).frame.columns]
    assert len(names) == frame.shape[1]
    frame.columns = pd.Index(names)
    return frame, names


def _level(value: object, scale) -> str:
    text = text_of(value)
    if text is None or not text.strip():  # SPSS stores a blank string as ""
        return scale.missing[0]
    lookup = scale.lookup()
    key = normalise_label(text)
    if key in lookup:
        return lookup[key]
    return scale.codes[as_code(text)]


def _group(text: str) -> object:
    """A group as compared: a number (pandas parses "1.0" and "1" alike), else its label."""
    try:
        return float(text)
    except ValueError:
        return normalise_label(text)


@pytest.mark.parametrize("name", sorted(CASES))
def test_counts_equal_pandas_value_counts(name, tmp_path):
    book, wave = _read(name, tmp_path)
    frame, _ = _pandas(name)
    checked = 0
    for item in book.items:
        scale = book.scale_of(item.id)
        expected = Counter(_level(v, scale) for v in frame[item.source_column])
        part = wave.counts[wave.counts["item_id"] == item.id]
        got = {str(r): int(c) for r, c in zip(part["response"], part["count"], strict=True) if c}
        assert got == dict(expected), (name, item.source_column)
        checked += 1
    for attr in book.attributes:
        values = frame[attr.source_column]
        expected = Counter(
            "not specified" if text_of(v) is None else _group(text_of(v) or "") for v in values
        )
        got = Counter(_group(str(v)) for v in wave.attributes[attr.id])
        assert got == expected, (name, attr.source_column)
        checked += 1
    for question in book.multiple:
        rows = wave.multiple[wave.multiple["question_id"] == question.id]
        chosen = dict(zip(rows["option"], rows["chosen"], strict=True))
        for k, option in enumerate(question.options):
            if question.columns is not None:
                cells = frame[question.columns[k]]
                count = sum(
                    text_of(v) is not None and normalise_label(text_of(v) or "") not in UNCHOSEN
                    for v in cells
                )
            else:
                sep = question.joiner.strip()
                cells = frame[question.source_columns[0]].dropna()
                count = sum(
                    normalise_label(option) in [normalise_label(p) for p in str(c).split(sep)]
                    for c in cells
                )
            assert chosen[option] == count, (name, question.id, option)
            checked += 1
    assert checked >= 3


def test_layouts_say_what_they_read(tmp_path):
    target = tmp_path / "codebook.toml"
    target.write_text(draft_codebook(HERE / "qualtrics.csv"), encoding="utf-8")
    with pytest.warns(LayoutInfo, match="Qualtrics export \\(3 header rows from row 1"):
        read_wave(HERE / "qualtrics.csv", read_codebook(target))


def test_qualtrics_metadata_is_never_an_item_and_incomplete_responses_can_be_left_out(tmp_path):
    book, wave = _read("qualtrics.csv", tmp_path)
    columns = {it.source_column for it in book.items}
    assert not columns & {"StartDate", "Finished", "Progress", "ResponseId", "IPAddress"}
    assert book.id_column == "ResponseId"
    assert book.item("q1").label == "The board has a shared understanding of local priorities"
    assert [q.options for q in book.multiple] == [("Email", "Phone", "Meetings")]
    with pytest.warns(LayoutInfo, match="1 incomplete responses left out \\(11 kept\\)"):
        assert read_wave(HERE / "qualtrics.csv", book, complete_only=True).respondents == 11


def test_surveymonkey_matrix_rows_are_items_and_aliases_merge_spellings(tmp_path):
    book, wave = _read("surveymonkey.csv", tmp_path)
    matrix = [it for it in book.items if it.label.startswith("How well do partners")]
    assert len(matrix) == 3
    assert book.weight_column == "weight"
    rude = wave.counts[wave.counts["item_id"] == "were-partners-ever-rude-in-meetings"]
    counts = dict(zip(rude["response"].astype(str), rude["count"], strict=True))
    assert counts["No, not at all rude"] == 5  # three spelt one way, two the other
    assert counts["Not specified"] == 3  # two "NA" and one blank


def test_redcap_codes_from_zero_take_the_dictionary_labels(tmp_path):
    book, wave = _read("redcap-raw.csv", tmp_path)
    scale = book.scale_of("shared_understanding")
    assert scale.codes[0] == "Strongly agree"
    assert book.item("shared_understanding").label.startswith("The board has")
    assert book.multiple[0].options == ("Email", "Phone", "Meetings")


def test_spss_value_labels_name_the_groups_of_attributes(tmp_path):
    book, wave = _read("spss-labels.sav", tmp_path)
    assert set(wave.attributes["region"].astype(str)) == {
        "North East",
        "London",
        "South West",
        "Not specified",
    }
    assert set(wave.attributes["board_type"].astype(str)) == {"Unitary", "County"}
    assert book.item("q1").label == "The board has a shared understanding of local priorities"


def test_title_row_above_the_header_is_found_in_csv_and_xlsx(tmp_path):
    for name in ("title-row.csv", "title-row.xlsx"):
        book, wave = _read(name, tmp_path)
        assert book.layout["header_row"] == 3
        assert wave.respondents == 12


def test_a_weight_column_of_an_export_is_read_in_its_layout(tmp_path):
    from lscb_survey.waves.weights import read_weighted_wave

    target = tmp_path / "codebook.toml"
    target.write_text(draft_codebook(HERE / "surveymonkey.csv", scales=RUDE), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wave = read_weighted_wave(HERE / "surveymonkey.csv", read_codebook(target))
    expected = pd.read_csv(HERE / "surveymonkey.csv", skiprows=[1])["weight"]
    assert wave.weights.tolist() == expected.tolist()

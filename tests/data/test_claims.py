"""The report's numeric claims: transcription and validation."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from lscb_survey import config, survey
from lscb_survey.data.claims import CLAIM_COLUMNS, load_claims, split_list
from lscb_survey.data.comparators import COMPARATORS
from lscb_survey.errors import (
    CellFormatError,
    MissingColumnError,
    SurveyDataError,
    UnknownLabelError,
)


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return load_claims()


def _rows() -> list[dict[str, str]]:
    with (config.raw_dir() / config.CLAIMS_FILE).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(tmp_path: Path, rows: list[dict[str, str]], columns=CLAIM_COLUMNS) -> Path:
    path = tmp_path / "claims.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _edited(tmp_path: Path, claim_id: str, **changes) -> tuple[Path, int]:
    rows = _rows()
    index = next(k for k, r in enumerate(rows) if r["claim_id"] == claim_id)
    rows[index].update(changes)
    return _write(tmp_path, rows), index + 2  # header is line 1


# ----------------------------------------------------------------------------- the file


def test_every_claim_loads_with_the_documented_columns(claims):
    assert list(claims.columns) == list(CLAIM_COLUMNS)
    assert len(claims) == 100
    assert claims["claim_id"].is_unique
    assert set(claims["comparator"]) <= set(COMPARATORS)
    assert claims["quote"].map(lambda q: len(q.split())).max() <= 15


def test_sections_cover_the_findings(claims):
    sections = set(claims["section"])
    for heading in (
        "Introduction",
        "Inter-agency working relationships: from Laming to Munro",
        "Overarching issues concerning implementation of the Munro recommendations",
        "Prevention and early help",
        "Strengthening accountabilities and creating a learning system",
        "Leadership from central government to facilitate change",
        "Conclusion",
    ):
        assert heading in sections
    counts = claims["kind"].value_counts()
    assert counts["share"] == 72 and counts["comparison"] == 23


def test_introduction_numbers_are_transcribed(claims):
    c = claims.set_index("claim_id")
    # Introduction: "all 148 LSCBs", "Fifty seven LSCBs responded", "a 39% response rate"
    assert float(c.loc["intro-01", "claimed_value"]) == survey.LSCBS_IN_ENGLAND
    assert float(c.loc["intro-02", "claimed_value"]) == 57
    assert float(c.loc["intro-03", "claimed_value"]) == 39
    assert int(c.loc["intro-03", "base"]) == 148


def test_share_claims_name_items_and_categories(claims):
    c = claims.set_index("claim_id")
    # Prevention and early help: "Seventy eight percent ... agreed or strongly agreed" (Table 8)
    row = c.loc["pe-01"]
    assert row["table"] == "8" and row["item_id"] == "t8_willingness"
    assert split_list(row["categories"]) == ["Strongly agree", "Agree"]
    assert float(row["claimed_value"]) == 78 and row["comparator"] == "exact"
    # "Just under two thirds viewed removal of statutory timescales" (Table 10)
    assert c.loc["lg-13", "comparator"] == "just under two thirds"
    assert pd.isna(c.loc["lg-13", "claimed_value"])


def test_comparisons_name_what_is_compared(claims):
    c = claims.set_index("claim_id")
    # "followed by health (59% and 33% respectively)" (Table 3, Laming)
    row = c.loc["ia-11"]
    assert split_list(row["agency"]) == ["Police", "Health"]
    assert row["compare_on"] == "agency" and row["survey"] == "Laming"
    assert "Health" not in split_list(row["versus"])
    # footnote 4: "Figures for the police remained constant"
    assert c.loc["ia-29", "comparator"] == "remained constant"
    assert c.loc["ia-29", "versus"] == "Laming"


def test_split_list():
    assert split_list(" a ; b;;c ") == ["a", "b", "c"]
    assert split_list(None) == [] and split_list(float("nan")) == []


# ----------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("claim_id", "column", "value", "error"),
    [
        ("pe-01", "item_id", "t8_no_such_item", UnknownLabelError),
        ("pe-01", "categories", "Strongly agree;Agreed", UnknownLabelError),
        ("pe-01", "comparator", "about", UnknownLabelError),
        ("pe-01", "claimed_value", "seventy eight", CellFormatError),
        ("pe-01", "claimed_value", "178", CellFormatError),
        ("ia-04", "agency", "Health;Fire service", UnknownLabelError),
        ("ia-04", "measure", "Trust", UnknownLabelError),  # a Table 4 measure
        ("ia-29", "versus", "2009", UnknownLabelError),
        ("sw-01", "versus", "no_such_activity", UnknownLabelError),
        ("pe-01", "table", "11", UnknownLabelError),
        ("pe-01", "kind", "percentage", UnknownLabelError),
        ("intro-03", "base", "148.5", CellFormatError),
    ],
)
def test_bad_cells_name_file_line_column_and_value(tmp_path, claim_id, column, value, error):
    path, line = _edited(tmp_path, claim_id, **{column: value})
    with pytest.raises(error) as info:
        load_claims(path)
    exc = info.value
    assert exc.file == str(path) and exc.line == line and exc.column == column
    assert str(exc.value) in value
    assert f"line {line}" in str(exc)


def test_comparator_of_the_wrong_kind_is_refused(tmp_path):
    path, line = _edited(tmp_path, "pe-01", comparator="increased")
    with pytest.raises(UnknownLabelError, match="comparison comparator") as info:
        load_claims(path)
    assert info.value.line == line


def test_exact_claim_needs_a_value(tmp_path):
    path, _ = _edited(tmp_path, "pe-01", claimed_value="")
    with pytest.raises(SurveyDataError, match="needs a claimed_value"):
        load_claims(path)


def test_long_quote_is_refused(tmp_path):
    path, _ = _edited(tmp_path, "pe-01", quote=" ".join(["word"] * 25))
    with pytest.raises(CellFormatError, match="short phrase"):
        load_claims(path)


def test_duplicate_id_and_missing_column(tmp_path):
    rows = _rows()
    rows[5]["claim_id"] = rows[4]["claim_id"]
    with pytest.raises(SurveyDataError, match="duplicate claim_id") as info:
        load_claims(_write(tmp_path, rows))
    assert info.value.line == 7
    path = _write(tmp_path, rows, [c for c in CLAIM_COLUMNS if c != "comparator"])
    with pytest.raises(MissingColumnError) as info:
        load_claims(path)
    assert info.value.column == "comparator"


def test_labels_are_matched_without_case_or_spacing(tmp_path):
    path, _ = _edited(tmp_path, "pe-01", categories="strongly  AGREE; agree")
    loaded = load_claims(path).set_index("claim_id")
    assert loaded.loc["pe-01", "categories"] == "Strongly agree;Agree"


def test_missing_empty_and_undecodable_files_are_reported(tmp_path):
    with pytest.raises(SurveyDataError, match="not found") as info:
        load_claims(tmp_path / "no_such.csv")
    assert info.value.file == str(tmp_path / "no_such.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(SurveyDataError, match="empty"):
        load_claims(empty)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("claim_id\ncaf\xe9\n".encode("latin-1"))
    with pytest.raises(CellFormatError, match="UTF-8"):
        load_claims(latin)

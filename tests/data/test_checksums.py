"""The raw data is immutable: any change must come with an updated manifest."""

from __future__ import annotations

import pytest

from lscb_survey import errors
from lscb_survey.data.rawfiles import raw_files, verify_checksums


def test_committed_raw_data_matches_manifest():
    verify_checksums()


def test_every_raw_file_is_covered(raw_copy):
    names = {p.name for p in raw_files(raw_copy)}
    assert {f"table{n:02d}.csv" for n in range(1, 11)} <= names
    assert "activities.csv" in names and "codebook-2012.toml" in names


def test_changed_file_is_detected(raw_copy):
    path = raw_copy / "table05.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("38", "39"), encoding="utf-8")
    with pytest.raises(errors.ChecksumError, match="table05.csv: changed"):
        verify_checksums(raw_copy)


def test_new_and_missing_files_are_detected(raw_copy):
    (raw_copy / "extra.csv").write_text("a\n", encoding="utf-8")
    (raw_copy / "table01.csv").unlink()
    with pytest.raises(errors.ChecksumError) as info:
        verify_checksums(raw_copy)
    assert "extra.csv: not in the manifest" in str(info.value)
    assert "table01.csv: missing" in str(info.value)

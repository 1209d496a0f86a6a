"""Codebooks: the built-in 2012 instrument and malformed codebooks."""

from __future__ import annotations

from pathlib import Path

import pytest

import lscb_survey as ls
from lscb_survey import config
from lscb_survey.data.codebook import Codebook, read_codebook
from lscb_survey.errors import CodebookError, SurveyDataError

SCALE = """
[scales.agree3]
levels = ["Agree", "Neutral", "Disagree"]
centre = "Neutral"
"""


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "codebook.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_built_in_codebook_covers_tables_5_to_10():
    book = ls.default_codebook()
    assert len(book.items) == 31
    for table in range(5, 11):
        ids = [i.id for i in book.items_for_table(table)]
        assert ids == list(dict.fromkeys(ls.load_table(table)["item_id"]))
    assert book.id_column == "respondent_id"


def test_example_codebook_reads():
    book = read_codebook(config.examples_dir() / "wave-example-codebook.toml")
    scale = book.scale_of("early_help")
    assert scale.codes[8] == "Don't know"
    assert scale.missing_codes == (9, -99)
    assert book.scale_of("confidence").centre == ("Fairly confident", "Not very confident")
    assert book.item("thresholds").source_column == "Q2"
    assert (book.id_column, book.weight_column) == ("case", "weight")


def test_item_referencing_a_missing_scale(tmp_path):
    path = _toml(tmp_path, SCALE + '[[items]]\nid = "q1"\nlabel = "Q one"\nscale = "agree5"\n')
    with pytest.raises(CodebookError, match="item 'q1' references missing scale 'agree5'"):
        read_codebook(path)


@pytest.mark.parametrize(
    "levels",
    [
        '["Agree", "Neutral", "agree "]',  # same label after normalisation
        '["Agree", "Neutral", "Not specified"]',  # a level repeated as a missing level
    ],
)
def test_scale_with_duplicate_labels(tmp_path, levels):
    path = _toml(
        tmp_path,
        f'[scales.bad]\nlevels = {levels}\n[[items]]\nid = "q"\nlabel = "Q"\nscale = "bad"\n',
    )
    with pytest.raises(CodebookError, match="duplicate label"):
        read_codebook(path)


def test_duplicate_item_ids_and_columns(tmp_path):
    item = '[[items]]\nid = "q1"\nlabel = "Q"\nscale = "agree3"\n'
    with pytest.raises(CodebookError, match="duplicate item id 'q1'"):
        read_codebook(_toml(tmp_path, SCALE + item + item))
    two = item + '[[items]]\nid = "q2"\nlabel = "Q"\nscale = "agree3"\ncolumn = "q1"\n'
    with pytest.raises(CodebookError, match="column 'q1' is mapped to both"):
        read_codebook(_toml(tmp_path, SCALE + two))


def test_code_for_an_unknown_label(tmp_path):
    text = SCALE + 'codes = { 1 = "Agree", 2 = "Agreed" }\n'
    text += '[[items]]\nid = "q"\nlabel = "Q"\nscale = "agree3"\n'
    with pytest.raises(CodebookError, match="code 2 maps to unknown label 'Agreed'"):
        read_codebook(_toml(tmp_path, text))


def test_malformed_files(tmp_path):
    with pytest.raises(CodebookError, match="not found"):
        read_codebook(tmp_path / "nothing.toml")
    with pytest.raises(CodebookError, match="not valid TOML"):
        read_codebook(_toml(tmp_path, "[scales\n"))
    with pytest.raises(CodebookError, match="no \\[\\[items\\]\\]"):
        read_codebook(_toml(tmp_path, SCALE))
    with pytest.raises(CodebookError, match="unknown keys \\['colour'\\]"):
        read_codebook(
            _toml(tmp_path, SCALE + '[[items]]\nid="q"\nlabel="Q"\nscale="agree3"\ncolour=1\n')
        )
    assert issubclass(CodebookError, SurveyDataError)


def test_read_wave_reports_codebook_errors(tmp_path):
    path = _toml(tmp_path, SCALE + '[[items]]\nid = "q1"\nlabel = "Q"\nscale = "nope"\n')
    data = tmp_path / "w.csv"
    data.write_text("q1\nAgree\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="missing scale 'nope'"):
        ls.read_wave(data, path)


def test_with_columns_keeps_everything_else():
    book = ls.default_codebook()
    renamed = book.with_columns({"t9_sanctions": "Q9a"})
    assert renamed.item("t9_sanctions").source_column == "Q9a"
    assert renamed.item("t9_sanctions").label == book.item("t9_sanctions").label
    assert isinstance(renamed, Codebook)


def test_documented_example_is_the_shipped_codebook():
    """docs/codebook.md shows the whole example codebook; keep the two in step."""
    import tomllib

    doc = (config.PROJECT_ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    block = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    documented = Codebook.from_dict(tomllib.loads(block), source="docs")
    shipped = read_codebook(config.examples_dir() / "wave-example-codebook.toml")
    assert documented.scales == shipped.scales
    assert documented.items == shipped.items
    assert (documented.name, documented.id_column, documented.weight_column) == (
        shipped.name,
        shipped.id_column,
        shipped.weight_column,
    )


# ----------------------------------------------------------------------------- validated once


def _fresh(code: str, cache: Path) -> str:
    import os
    import subprocess
    import sys

    env = {**os.environ, "LSCB_SURVEY_CACHE": str(cache)}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return proc.stdout.strip()


def test_built_in_codebook_is_checked_once_then_loads_without_jsonschema(tmp_path):
    code = (
        "import sys\nfrom lscb_survey.data.codebook import default_codebook\n"
        "print(len(default_codebook().items), 'jsonschema' in sys.modules)"
    )
    assert _fresh(code, tmp_path) == "31 True"  # checked against the schema, remembered
    assert len(list((tmp_path / "codebook-valid").iterdir())) == 1
    assert _fresh(code, tmp_path) == "31 False"  # the same bytes and schema: not again


def test_an_edited_built_in_codebook_is_checked_again(tmp_path, raw_copy, monkeypatch):
    from lscb_survey.data import codebook

    monkeypatch.setenv("LSCB_SURVEY_CACHE", str(tmp_path))
    codebook.default_codebook.cache_clear()
    codebook.default_codebook()  # the shipped file: remembered as valid
    path = raw_copy / config.CODEBOOK_FILE
    path.write_text(path.read_text(encoding="utf-8") + "\n[surprise]\n", encoding="utf-8")
    monkeypatch.setattr(config, "raw_dir", lambda: raw_copy)
    codebook.default_codebook.cache_clear()
    try:
        with pytest.raises(CodebookError, match="unknown keys"):
            codebook.default_codebook()
    finally:
        codebook.default_codebook.cache_clear()


def test_a_changed_schema_checks_the_built_in_codebook_again(tmp_path, monkeypatch):
    from lscb_survey.data import codebook, codebook_schema

    monkeypatch.setenv("LSCB_SURVEY_CACHE", str(tmp_path))
    codebook.default_codebook.cache_clear()
    codebook.default_codebook()
    schema = dict(codebook_schema.CODEBOOK_SCHEMA, title="lscb-survey codebook, new keys")
    monkeypatch.setattr(codebook_schema, "CODEBOOK_SCHEMA", schema)
    codebook_schema.schema_checksum.cache_clear()
    try:
        codebook.default_codebook.cache_clear()
        codebook.default_codebook()
        assert len(list((tmp_path / "codebook-valid").iterdir())) == 2
    finally:
        codebook_schema.schema_checksum.cache_clear()
        codebook.default_codebook.cache_clear()


def test_no_cache_folder_means_checking_every_time(monkeypatch):
    from lscb_survey.data import codebook

    monkeypatch.setenv("LSCB_SURVEY_CACHE", "")
    codebook.default_codebook.cache_clear()
    try:
        assert len(codebook.default_codebook().items) == 31
    finally:
        codebook.default_codebook.cache_clear()

"""Input files checked by their kind, and codebooks nested too deeply, before anything is parsed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import lscb_survey as ls
from lscb_survey.data.codebook import MAX_CODEBOOK_BYTES, read_codebook
from lscb_survey.data.nesting import MAX_NESTING, check_nesting
from lscb_survey.errors import CodebookError, WaveFormatError

CODEBOOK = ls.config.raw_dir() / ls.config.CODEBOOK_FILE


def _kinds(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    return {
        "folder": (tmp_path, "is a folder"),
        "fifo": (fifo, "is a FIFO"),
        "device": (Path("/dev/zero"), "is a character device"),
        "long": (tmp_path / ("x" * 5000 + ".csv"), r"cannot be opened \(File name too long\)"),
        "missing": (tmp_path / "absent.csv", "not found"),
    }


@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "long", "missing"])
def test_a_codebook_that_is_not_a_file_is_a_codebook_error(tmp_path, kind):
    path, message = _kinds(tmp_path)[kind]
    with pytest.raises(CodebookError, match=message):
        read_codebook(path)


@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "long", "missing"])
def test_a_wave_file_that_is_not_a_file_is_a_format_error(tmp_path, kind):
    path, message = _kinds(tmp_path)[kind]
    with pytest.raises(WaveFormatError, match=message):
        ls.read_wave(path)


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 5000 + "]" * 5000,
        "a = " + "{b = " * 3000 + "1" + "}" * 3000,
        "a = [" * 40 + "1" + "]" * 40,
    ],
)
def test_deeply_nested_codebook_is_refused_before_parsing(tmp_path, text):
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match=f"more than {MAX_NESTING} deep"):
        read_codebook(path)


def test_deep_dotted_keys_are_refused_before_validation(tmp_path):
    path = tmp_path / "dotted.toml"
    path.write_text("a." * 3000 + "b = 1\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=f"more than {MAX_NESTING} deep"):
        read_codebook(path)


def test_brackets_in_strings_and_comments_do_not_count():
    check_nesting(
        'a = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["  # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['
    )
    check_nesting("a = '''" + "[" * 100 + '\'\'\'\nb = """\\"' + "{" * 100 + '"""')


def test_the_real_codebook_passes():
    check_nesting(CODEBOOK.read_text(encoding="utf-8"), str(CODEBOOK))
    assert read_codebook(CODEBOOK).items


def test_a_huge_codebook_is_refused(tmp_path):
    path = tmp_path / "huge.toml"
    with path.open("wb") as fh:
        fh.truncate(MAX_CODEBOOK_BYTES + 10)
    with pytest.raises(CodebookError, match="larger than"):
        read_codebook(path)

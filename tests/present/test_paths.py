"""Output file names made from data never leave the output folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_survey.config import examples_dir
from lscb_survey.errors import SurveyDataError
from lscb_survey.present.paths import MAX_STEM, output_path, slugify
from lscb_survey.present.pipelines import wave_comparison, wave_summary

# 200 examples in the suite; `make fuzz` (HYPOTHESIS_PROFILE=fuzz) sets its own count.
SUITE_EXAMPLES = {} if os.environ.get("HYPOTHESIS_PROFILE") else {"max_examples": 200}

HOSTILE = [
    "../../escaped",
    "..",
    ".",
    "/etc/passwd",
    "C:\\Windows\\system32",
    "a\x00b",
    "~/.bashrc",
    ".hidden",
    "x" * 5000,
    "é" * 300,
    "",
    " ",
    "con/../../..",
    "\n\r\t",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_stay_inside_the_folder(tmp_path, name):
    path = output_path(tmp_path, name, ".png")
    assert path.parent == tmp_path
    assert path.resolve().parent == tmp_path.resolve()
    assert "\x00" not in str(path) and not path.name.startswith(".")
    assert len(path.name) <= MAX_STEM + 4


@settings(deadline=None, **SUITE_EXAMPLES)
@given(st.text(max_size=300))
def test_any_text_gives_one_plain_file_name(name):
    slug = slugify(name)
    assert 0 < len(slug) <= MAX_STEM
    assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789._-")
    assert slug not in {".", ".."} and not slug.startswith((".", "-"))
    assert Path(slug).name == slug
    path = output_path("out", name, ".png")
    assert path.parent == Path("out") and path.resolve().parent == Path("out").resolve()


def test_clean_names_are_kept():
    assert slugify("figure-table07-agree5") == "figure-table07-agree5"
    assert output_path("out", "counts", ".csv") == Path("out/counts.csv")


def test_long_names_sharing_a_beginning_stay_apart():
    assert slugify("a" * 200 + "1") != slugify("a" * 200 + "2")


def test_clashing_slugs_get_a_counter(tmp_path):
    taken: set[Path] = set()
    names = [output_path(tmp_path, n, ".png", taken=taken).name for n in ["a/b", "a b", "a-b"]]
    assert names == ["a-b.png", "a-b-2.png", "a-b-3.png"]


def test_a_planted_link_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(outside / "target.png", out / "figure.png")
    with pytest.raises(ValueError, match="outside"):
        output_path(out, "figure", ".png")


def test_suffix_is_a_plain_suffix(tmp_path):
    with pytest.raises(ValueError, match="suffix"):
        output_path(tmp_path, "x", "/../../y.png")


def _hostile_codebook(tmp_path: Path, scale: str) -> Path:
    text = (examples_dir() / "wave-example-codebook.toml").read_text(encoding="utf-8")
    path = tmp_path / "codebook.toml"
    text = text.replace("[scales.agree5]", f'[scales."{scale}"]')
    path.write_text(text.replace('"agree5"', f'"{scale}"'), encoding="utf-8")
    return path


def _files_under(folder: Path) -> set[Path]:
    return {p.resolve() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("scale", ["/../../../escaped", "a/b", "/tmp/abs"])
def test_pipelines_keep_hostile_scale_names_inside_out(tmp_path, scale):
    """A scale name from a codebook reaches figure names; it must not leave --out.

    A codebook layer that refuses such names is also an acceptable answer.
    """
    book = _hostile_codebook(tmp_path, scale)
    data = examples_dir() / "wave-example-codes.csv"
    out = tmp_path / "deep" / "er" / "out"
    before = _files_under(tmp_path)
    try:
        summary = wave_summary(data, out / "s", codebook=book)
        comparison = wave_comparison(data, data, out / "c", codebook=book, unweighted=True)
    except SurveyDataError:
        return
    written = set(summary.files) | set(comparison.files)
    assert any("escaped" in p.name or "a-b" in p.name or "abs" in p.name for p in written)
    assert all(p.resolve().is_relative_to(out.resolve()) for p in written)
    assert _files_under(tmp_path) - before == {p.resolve() for p in written}

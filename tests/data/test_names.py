"""Safe names and slugs: what a codebook may use in file names, and what any text becomes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_survey.data.names import MAX_NAME_LENGTH, elide, is_safe_name, slugify

HOSTILE = [
    "../../etc/passwd",
    "..",
    ".",
    "a/b",
    "a\\b",
    "/abs",
    "C:\\x",
    "name\x00.png",
    "line\nbreak",
    "-rf",
    ".hidden",
    "nul",
    "COM1.txt",
    "x" * 300,
    "",
    " ",
    "\u202etxt.exe",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_not_safe(name):
    assert not is_safe_name(name)


@pytest.mark.parametrize(
    "name", ["t8_willingness", "agree5", "Q1", "_x", "a.b-c", "x" * MAX_NAME_LENGTH]
)
def test_ordinary_names_are_safe(name):
    assert is_safe_name(name)


def test_non_strings_are_not_safe():
    assert not is_safe_name(7)
    assert not is_safe_name(["q"])
    assert not is_safe_name(None)


@pytest.mark.parametrize("name", HOSTILE)
def test_slug_of_a_hostile_name_is_safe_and_stays_in_its_folder(tmp_path, name):
    slug = slugify(name)
    assert is_safe_name(slug)
    target = (tmp_path / f"figure-{slug}.png").resolve()
    assert target.parent == tmp_path.resolve()


@settings(deadline=None)
@given(st.text())
def test_every_slug_is_a_safe_name(text):
    assert is_safe_name(slugify(text))


def test_slug_keeps_readable_text():
    assert slugify("Agree 5-point") == "agree-5-point"
    assert slugify("Région") == "region"


def test_fallback_must_be_safe():
    with pytest.raises(ValueError, match="fallback"):
        slugify("x", fallback="../")


@settings(deadline=None)
@given(st.text(), st.integers(24, 200))
def test_elide_bounds_the_length(text, limit):
    out = elide(text, limit)
    assert len(out) <= limit
    assert out == text or len(text) > limit

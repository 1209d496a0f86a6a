"""Every figure has alt text written from the numbers it plots."""

from __future__ import annotations

import pytest
from PIL import Image

from lscb_survey import load_table
from lscb_survey.present.alt_text import describe_values, returns_alt_text
from lscb_survey.present.figures import (
    figure_alt_text,
    figure_specs,
    gallery_markdown,
    make_figures,
)

SPECS = figure_specs()


@pytest.mark.parametrize("name", [s.name for s in SPECS])
def test_each_figure_has_alt_text_with_extremes_and_base(name):
    text = figure_alt_text(name)
    assert "Largest: " in text and "Smallest: " in text and "Base: " in text
    assert len(text) > 80


def test_alt_text_follows_the_numbers():
    frame = load_table(2).copy()
    frame.loc[frame.index[0], "returns"] = 99  # a planted change must show in the text
    label = str(frame["category"].iloc[0])
    assert f"Largest: {label} (99)" in returns_alt_text(frame)


def test_ties_and_missing_values():
    text = describe_values("Chart", [("a", 1), ("b", float("nan")), ("c", 1)], n="2")
    assert "Largest: a and c (1)" in text
    with pytest.raises(ValueError, match="no numbers"):
        describe_values("Chart", [("a", float("nan"))], n="0")


def test_png_carries_its_alt_text(tmp_path):
    (path,) = make_figures(tmp_path, names=["activities"])
    assert Image.open(path).text["Description"] == figure_alt_text("activities")


def test_gallery_uses_alt_text():
    text = gallery_markdown()
    for s in SPECS:
        assert figure_alt_text(s.name).replace("|", "/") in text


def test_parallel_figures_have_the_same_bytes(tmp_path):
    names = ["activities", "table05-responses"]
    one = make_figures(tmp_path / "a", names=names)
    two = make_figures(tmp_path / "b", names=names, jobs=2)
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]
    with pytest.raises(ValueError, match="jobs"):
        make_figures(tmp_path, jobs=0)

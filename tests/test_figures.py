"""Every figure is regenerated and compared to the committed file in figures/."""

from __future__ import annotations

import pytest
from matplotlib.testing.compare import compare_images

from lscb_survey import config, load_table, style
from lscb_survey.figures import build_figure, figure_specs, gallery_markdown, make_figures
from lscb_survey.plots import returns_bars

#: RMS tolerance of the image comparison (0-255 grey levels).
TOLERANCE = 2.0
SPECS = figure_specs()


@pytest.mark.parametrize("name", [s.name for s in SPECS])
def test_figure_matches_committed_file(name, tmp_path):
    expected = config.figures_dir() / f"{name}.png"
    assert expected.is_file(), f"{expected} is missing: run `lscb-survey reproduce`"
    (actual,) = make_figures(tmp_path, names=[name])
    result = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert result is None, result


def test_every_committed_figure_is_built():
    committed = {p.name for p in config.figures_dir().glob("*.png")}
    assert committed == {s.filename for s in SPECS}


def test_saved_bytes_do_not_depend_on_time_or_version(tmp_path):
    fig = returns_bars(load_table(1))
    a = style.save_figure(fig, tmp_path / "a.png")
    b = style.save_figure(fig, tmp_path / "b.png")
    svg = style.save_figure(fig, tmp_path / "c.svg")
    svg2 = style.save_figure(fig, tmp_path / "d.svg")
    assert a.read_bytes() == b.read_bytes()
    assert b"Software" not in a.read_bytes() and b"matplotlib" not in a.read_bytes().lower()
    assert svg.read_bytes() == svg2.read_bytes()
    assert b"<dc:date>" not in svg.read_bytes()


def test_gallery_lists_every_figure_with_its_notebook():
    text = gallery_markdown()
    for s in SPECS:
        assert f"figures/{s.filename}" in text
        assert (config.notebooks_dir() / f"{s.notebook}.ipynb").is_file(), s.notebook


def test_unknown_figure_is_refused():
    with pytest.raises(ValueError, match="unknown figure"):
        build_figure("table11-responses")

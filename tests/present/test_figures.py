"""Every figure is regenerated and compared to the committed file in figures/."""

from __future__ import annotations

import multiprocessing
import os

import pytest
from matplotlib.testing.compare import compare_images

from lscb_survey import config, load_table
from lscb_survey.present import style
from lscb_survey.present.figures import build_figure, figure_specs, gallery_markdown, make_figures
from lscb_survey.present.plots import returns_bars

#: RMS tolerance of the image comparison (0-255 grey levels).
TOLERANCE = 2.0
SPECS = figure_specs()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every figure, regenerated once into a temporary folder."""
    out = tmp_path_factory.mktemp("figures")
    return {p.name: p for p in make_figures(out)}


@pytest.mark.parametrize("name", [s.name for s in SPECS])
def test_figure_matches_committed_file(name, built):
    expected = config.figures_dir() / f"{name}.png"
    assert expected.is_file(), f"{expected} is missing: run `lscb-survey reproduce`"
    result = compare_images(str(expected), str(built[f"{name}.png"]), tol=TOLERANCE)
    assert result is None, result


def test_one_figure_can_be_rebuilt_alone(tmp_path, built):
    (path,) = make_figures(tmp_path, names=["activities"])
    assert path.read_bytes() == built["activities.png"].read_bytes()


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


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers are forked"
)
def test_parallel_figures_compute_the_shifts_once(tmp_path, monkeypatch, built):
    """The shifts are computed in the calling process and sent to the workers."""
    from lscb_survey.analysis import shifts

    calls = tmp_path / "calls"
    compute = shifts.survey_shifts

    def counted(*args, **kwargs):
        with calls.open("a") as f:  # appended to by whichever process computes them
            f.write(f"{os.getpid()}\n")
        return compute(*args, **kwargs)

    monkeypatch.setattr(shifts, "survey_shifts", counted)
    names = ["table03-shifts", "activities", "shifts-heatmap", "table05-responses"]
    drawn = make_figures(tmp_path / "out", names=names, jobs=2)
    assert calls.read_text().split() == [str(os.getpid())]
    assert [p.name for p in drawn] == [f"{n}.png" for n in names]
    assert [p.read_bytes() for p in drawn] == [built[p.name].read_bytes() for p in drawn]


def test_an_error_in_the_shifts_stops_the_workers(tmp_path, monkeypatch):
    from lscb_survey.analysis import shifts

    def broken(*args, **kwargs):
        raise ValueError("planted error in the shifts")

    monkeypatch.setattr(shifts, "survey_shifts", broken)
    with pytest.raises(ValueError, match="planted"):
        make_figures(tmp_path, names=["activities", "table03-shifts"], jobs=2)
    assert multiprocessing.active_children() == []

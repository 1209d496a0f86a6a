"""Figures of groups, series and several waves compared with baseline images.

Each figure is drawn from the example waves and compared with its PNG in
``tests/present/baselines`` by :func:`matplotlib.testing.compare.compare_images`.
Set ``LSCB_UPDATE_BASELINES=1`` to rewrite the baselines (then look at them).
Planted changes (one colour, one bar moved by a point or more) must be caught;
a change of a few characters of text stays under the tolerance, so text is
checked by the tests of what each figure shows (``test_plots*.py``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.testing.compare import compare_images

import lscb_survey as ls
from lscb_survey.analysis.likert import likert_shares
from lscb_survey.present import style
from lscb_survey.present.plots import group_diverging_bars, paired_diverging_bars, top2_over_waves

BASELINES = Path(__file__).resolve().parent / "baselines"
#: RMS tolerance of the comparison (0-255 grey levels), as for the committed figures.
TOLERANCE = 2.0
WAVES = (("wave-example.csv", "2012"), ("wave-example-2014.csv", "2014"), ("wave-example-2016.csv", "2016"))  # fmt: skip


def _waves() -> list[ls.Wave]:
    ex = ls.config.examples_dir()
    return [ls.read_wave(ex / f, name=y) for f, y in WAVES]


def _table(wave: ls.Wave, table: int):
    return likert_shares(wave.counts[wave.counts["table"] == table])


def _group_by_type(shift: float = 0.0) -> Figure:
    wave = _waves()[0]
    counts = wave.counts_by("lscb_type")
    shares = ls.likert_shares(counts[counts["table"] == 9], by="lscb_type")
    if shift:
        first = shares.index[(shares["response"] == "Agree")][0]
        shares.loc[first, "share"] += shift
    return group_diverging_bars(
        shares, "lscb_type", title="Table 9 items by type of LSCB (example wave)"
    )


def _top2_three_waves(shift: float = 0.0) -> Figure:
    summary = ls.series_summary(_waves())
    part = summary[summary["table"] == 8].copy()
    if shift:
        part.loc[part.index[0], "top2_pct"] += shift
    return top2_over_waves(part, title="Table 8: top-two share by wave (example waves)")


def _paired_three_waves(shift: float = 0.0) -> Figure:
    frames = [_table(w, 10) for w in _waves()]
    if shift:
        last = frames[-1]
        first = last.index[last["response"] == "Important"][0]
        last.loc[first, "share"] += shift
    return paired_diverging_bars(
        frames,
        labels=[y for _, y in WAVES],
        title="Table 10 items in three example waves",
    )


def _paired_two_waves(shift: float = 0.0) -> Figure:
    """The two-wave call as before the function took any number of waves."""
    first, _, last = _waves()
    a, b = _table(first, 7), _table(last, 7)
    if shift:
        b.loc[b.index[b["response"] == "Agree"][0], "share"] += shift
    return paired_diverging_bars(a, b, labels=("2012", "2016"), title="Table 7 items, two waves")


FIGURES: dict[str, Callable[..., Figure]] = {
    "plot-group-diverging-lscb-type.png": _group_by_type,
    "plot-top2-three-waves.png": _top2_three_waves,
    "plot-paired-three-waves.png": _paired_three_waves,
    "plot-paired-two-waves.png": _paired_two_waves,
}


def _render(name: str, out: Path, **kwargs) -> Path:
    return style.save_figure(FIGURES[name](**kwargs), out / name)


def _compare(actual: Path) -> str | None:
    baseline = BASELINES / actual.name
    if os.environ.get("LSCB_UPDATE_BASELINES") == "1":
        BASELINES.mkdir(exist_ok=True)
        baseline.write_bytes(actual.read_bytes())
    assert baseline.is_file(), f"no baseline {baseline}; run with LSCB_UPDATE_BASELINES=1"
    return compare_images(str(baseline), str(actual), tol=TOLERANCE)


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_matches_baseline(name, tmp_path):
    result = _compare(_render(name, tmp_path))
    assert result is None, result


@pytest.fixture
def planted_colour(monkeypatch):
    """Every scale's second level and the series colour drawn in another colour."""
    real = style.scale_colours

    def changed(levels, missing=()):
        colours = dict(real(levels, missing))
        colours[list(levels)[1]] = "#e69f00"
        return colours

    monkeypatch.setattr(style, "scale_colours", changed)
    monkeypatch.setattr(style, "BAR_COLOUR", "#e69f00")


@pytest.mark.parametrize("name", list(FIGURES))
def test_a_changed_colour_is_caught(name, tmp_path, planted_colour):
    result = _compare_planted(_render(name, tmp_path))
    assert result is not None and "did not match" in result


@pytest.mark.parametrize("name", list(FIGURES))
def test_a_changed_value_is_caught(name, tmp_path):
    assert _compare_planted(_render(name, tmp_path, shift=5.0)) is not None


def _compare_planted(actual: Path) -> str | None:
    """Compare a deliberately changed figure; never rewrites a baseline."""
    baseline = BASELINES / actual.name
    assert baseline.is_file(), baseline
    return compare_images(str(baseline), str(actual), tol=TOLERANCE)

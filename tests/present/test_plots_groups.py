"""Figures of groups and series: what each must show."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.container import ErrorbarContainer
from matplotlib.patches import Rectangle

import lscb_survey as ls
from lscb_survey.present import style
from lscb_survey.present.plots import group_diverging_bars, top2_over_waves


@pytest.fixture(scope="module")
def grouped():
    wave = ls.read_wave(ls.config.examples_dir() / "wave-example-2016.csv")
    counts = wave.counts_by("region")
    return ls.likert_shares(counts[counts["table"] == 9], by="region")


@pytest.fixture(scope="module")
def series():
    ex = ls.config.examples_dir()
    waves = [
        ls.read_wave(ex / f, name=y)
        for f, y in (
            ("wave-example.csv", "2012"),
            ("wave-example-2014.csv", "2014"),
            ("wave-example-2016.csv", "2016"),
        )
    ]
    return ls.series_summary(waves)


def _scale_axes(fig):
    return [ax for ax in fig.axes if ax.get_title(loc="left")]


def test_one_panel_per_group_on_one_fixed_axis(grouped):
    fig = group_diverging_bars(grouped, "region")
    axes = _scale_axes(fig)
    groups = list(grouped["region"].cat.categories)
    assert [ax.get_title(loc="left").split("  (")[0] for ax in axes] == groups
    assert {tuple(float(v) for v in ax.get_xlim()) for ax in axes} == {(-100.0, 100.0)}
    plt.close(fig)


def test_group_n_shown_and_small_groups_marked(grouped):
    fig = group_diverging_bars(grouped, "region", min_n=5)
    sizes = grouped.groupby("region", observed=True)["denominator"].max()
    for ax in _scale_axes(fig):
        name = ax.get_title(loc="left").split("  (")[0]
        assert f"(n={sizes[name]})" in ax.get_title(loc="left")
        hatched = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_hatch()]
        small = sizes[name] < 5
        assert ("small group" in ax.get_title(loc="left")) == small
        assert bool(hatched) == (small and sizes[name] > 0)
    assert len(fig.legends) == 1
    plt.close(fig)


def test_segments_equal_the_shares(grouped):
    fig = group_diverging_bars(grouped, "region", annotate_min=101)
    first = _scale_axes(fig)[0]
    widths = sorted(round(p.get_width(), 9) for p in first.patches if p.get_width() > 0)
    part = grouped[(grouped["region"] == "North East") & grouped["substantive"]]
    expected = sorted(round(v, 9) for v in part["share"] if v > 0)
    assert widths == expected
    plt.close(fig)


def test_top2_panels_draw_the_summary(series):
    part = series[series["table"] == 8]
    fig = top2_over_waves(part)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == part["item_id"].nunique()
    for ax, (_, rows) in zip(visible, part.groupby("item_id", sort=False), strict=True):
        (container,) = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
        line = container.lines[0]
        np.testing.assert_allclose(line.get_ydata(), rows["top2_pct"])
        assert [float(v) for v in ax.get_ylim()] == [0.0, 100.0]
        assert [t.get_text() for t in ax.get_xticklabels()] == ["2012", "2014", "2016"]
    plt.close(fig)


def test_figures_save_reproducibly(tmp_path, grouped, series):
    for k in range(2):
        style.save_figure(group_diverging_bars(grouped, "region"), tmp_path / f"g{k}.png")
        style.save_figure(top2_over_waves(series[series["table"] == 9]), tmp_path / f"t{k}.png")
    assert (tmp_path / "g0.png").read_bytes() == (tmp_path / "g1.png").read_bytes()
    assert (tmp_path / "t0.png").read_bytes() == (tmp_path / "t1.png").read_bytes()
    plt.close("all")


def test_missing_columns_are_refused(grouped):
    with pytest.raises(ValueError, match="region2"):
        group_diverging_bars(grouped, "region2")


def test_long_not_specified_bars_are_not_cut_and_labels_do_not_collide(grouped):
    # One group answers "Not specified" to an item 40% of the time.
    shares = grouped.copy()
    first = shares["region"].astype(str) == str(shares["region"].iloc[0])
    item = shares["short"].iloc[0]
    spec = first & (shares["short"] == item) & (shares["response"].astype(str) == "Not specified")
    shares.loc[spec, "share"] = 40.0
    fig = group_diverging_bars(shares, "region")
    panels = [ax for ax in fig.axes if not ax.get_title(loc="left")]
    assert panels and all(p.get_xlim()[1] >= 40 for p in panels)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for panel in panels:
        right = panel.get_xlim()[1]
        bars = [p for p in panel.patches if isinstance(p, Rectangle)]
        assert all(b.get_x() + b.get_width() <= right for b in bars)
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in panel.texts]
        n_boxes = [b for text, b in boxes if text.startswith("n=")]
        share_boxes = [b for text, b in boxes if not text.startswith("n=")]
        assert n_boxes and share_boxes
        assert not any(s.overlaps(n) for s in share_boxes for n in n_boxes)
    plt.close(fig)


def test_waves_are_spaced_by_their_years():
    ex = ls.config.examples_dir()
    names = (("wave-example.csv", "2012"), ("wave-example-2014.csv", "2014"),
             ("wave-example-2016.csv", "2016"), ("wave-example.csv", "2026"))  # fmt: skip
    summary = ls.series_summary([ls.read_wave(ex / f, name=y) for f, y in names])
    fig = top2_over_waves(summary[summary["table"] == 9])
    ax = next(a for a in fig.axes if a.get_visible())
    xs = sorted(ax.get_xticks())
    assert xs == [2012, 2014, 2016, 2026]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2012", "2014", "2016", "2026"]
    plt.close(fig)


def test_items_asked_once_get_no_panel():
    ex = ls.config.examples_dir()
    asked = ["t9_sanctions"]
    waves = [ls.published_wave(), ls.read_wave(ex / "wave-example-2016.csv", items=asked)]
    summary = ls.series_summary(waves)
    part = summary[summary["table"] == 9]
    assert part["item_id"].nunique() > 1  # the other Table 9 items were asked in 2012 only
    fig = top2_over_waves(part)
    shown = [a for a in fig.axes if a.get_visible()]
    assert len(shown) == 1 and all(a.lines for a in shown)
    plt.close(fig)
    only_once = summary[summary["item_id"] != "t9_sanctions"]
    with pytest.raises(ValueError, match="two or more waves"):
        top2_over_waves(only_once[only_once["table"] == 9])

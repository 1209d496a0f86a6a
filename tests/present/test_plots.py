"""Plotting functions: what each figure must show, and that drawing computes nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from lscb_survey import load_activities, load_table
from lscb_survey.analysis.likert import likert_shares, likert_summary
from lscb_survey.analysis.shift_intervals import shift_intervals
from lscb_survey.present import style
from lscb_survey.present.plots import (
    activities_bars,
    diverging_bars,
    paired_diverging_bars,
    returns_bars,
    shift_dumbbell,
    shift_heatmap,
)

# ----------------------------------------------------------------------------- helpers


def _bars(ax) -> list[Rectangle]:
    """Drawn bar segments of an axes (rectangles of positive width)."""
    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0]


def _colour_of(patch) -> tuple:
    return tuple(round(c, 3) for c in patch.get_facecolor())


def _rgba(hex_colour: str) -> tuple:
    return tuple(round(c, 3) for c in to_rgba(hex_colour))


@pytest.fixture(scope="module")
def t7():
    return likert_shares(load_table(7))


# ----------------------------------------------------------------------------- diverging bars


def test_diverging_axis_is_fixed_and_symmetric(t7):
    fig = diverging_bars(t7)
    assert fig.axes[0].get_xlim() == (-100, 100)
    # a one-item table is drawn on the same axis
    fig5 = diverging_bars(likert_shares(load_table(5)))
    assert fig5.axes[0].get_xlim() == (-100, 100)


def test_not_specified_is_drawn_apart(t7):
    fig = diverging_bars(t7)
    main, panel = fig.axes[0], fig.axes[1]
    grey = _rgba(style.MISSING_COLOUR)
    assert all(_colour_of(p) != grey for p in _bars(main))
    panel_widths = sorted(round(p.get_width(), 9) for p in _bars(panel))
    expected = t7.loc[t7["response"] == "Not specified", "share"]
    assert panel_widths == sorted(round(v, 9) for v in expected)
    assert all(_colour_of(p) == grey for p in _bars(panel))
    # the panel has the main axis' length per percentage point
    main_w = main.get_position().width / 200
    panel_w = panel.get_position().width / (panel.get_xlim()[1] - panel.get_xlim()[0])
    assert panel_w == pytest.approx(main_w, rel=0.02)


def test_number_of_bars_is_number_of_nonzero_substantive_shares(t7):
    fig = diverging_bars(t7)
    substantive = t7[t7["side"] != "missing"]
    assert len(_bars(fig.axes[0])) == int((substantive["share"] > 0).sum())


def test_segments_sit_on_their_side_and_centre_is_split(t7):
    fig = diverging_bars(t7)
    colours = style.scale_colours(
        [r for r in dict.fromkeys(t7["response"]) if r != "Not specified"], ["Not specified"]
    )
    side = dict(zip(t7["response"], t7["side"].astype(str), strict=False))
    by_colour = {_rgba(c): lv for lv, c in colours.items()}
    for p in _bars(fig.axes[0]):
        level = by_colour[_colour_of(p)]
        x0, x1 = p.get_x(), p.get_x() + p.get_width()
        if side[level] == "negative":
            assert x1 <= 1e-9
        elif side[level] == "positive":
            assert x0 >= -1e-9
        else:  # centre: half of it each side of zero
            assert x0 == pytest.approx(-x1)
    # Table 7, first item: 14% neither, 0% disagree -> the bar starts at -7.02 (8/57/2)
    ys = sorted({p.get_y() for p in _bars(fig.axes[0])})
    first = [p for p in _bars(fig.axes[0]) if p.get_y() == ys[0]]
    assert min(p.get_x() for p in first) == pytest.approx(-100 * 8 / 57 / 2)


def test_legend_is_in_scale_order(t7):
    fig = diverging_bars(t7)
    (legend,) = fig.legends
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == list(dict.fromkeys(t7.sort_values("response_order")["response"]))
    assert labels[0] == "Strongly agree" and labels[-1] == "Not specified"


def test_labels_are_wrapped_and_n_shown(t7):
    fig = diverging_bars(t7, item="item", label_width=30, group="block")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == t7["item_id"].nunique() == 9
    for label in labels:
        assert all(len(line) <= 30 for line in label.split("\n") if " " in line)
    assert any("\n" in label for label in labels)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert texts.count("n=57") == 9
    headings = {t.get_text() for t in fig.axes[0].texts}
    assert "Positive implications" in headings


def test_sort_by_net_puts_highest_net_on_top():
    shares = likert_shares(load_table(8))
    summary = likert_summary(load_table(8))
    fig = diverging_bars(shares, sort_by_net=summary)
    top = fig.axes[0].get_yticklabels()[0].get_text().replace("\n", " ")
    best = summary.sort_values("net_pct", ascending=False).iloc[0]
    short = shares.loc[shares["item_id"] == best["item_id"], "short"].iloc[0]
    assert top == short
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    net = summary.set_index("item_id")["net_pct"]
    short_to_id = dict(zip(shares["short"], shares["item_id"], strict=False))
    assert [net[short_to_id[x]] for x in labels] == sorted(net, reverse=True)


def test_diverging_on_a_given_axes_and_new_data(t7):
    # a "new wave": Table 9 with every item's counts shifted towards disagreement
    frame = load_table(9).copy()
    frame["count"] = frame.groupby("item_id")["count"].transform(lambda c: c.iloc[::-1].to_numpy())
    shares = likert_shares(frame)
    fig, ax = plt.subplots()
    out = diverging_bars(shares, ax=ax)
    assert out is fig and ax.get_xlim() == (-100, 100)
    (panel,) = ax.child_axes  # the Not specified panel is added beside the given axes
    assert len(_bars(panel)) == int((shares.loc[shares["side"] == "missing", "share"] > 0).sum())


def test_paired_bars_share_one_axis():
    a = likert_shares(load_table(9))
    frame = load_table(9).copy()
    frame["count"] = frame.groupby("item_id")["count"].transform(lambda c: c.iloc[::-1].to_numpy())
    b = likert_shares(frame)
    fig = paired_diverging_bars(a, b, labels=("2012", "later"))
    main = fig.axes[0]
    assert main.get_xlim() == (-100, 100)
    ys = {round(p.get_y() + p.get_height() / 2, 6) for p in _bars(main)}
    assert len(ys) == 2 * a["item_id"].nunique()
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert sum(t.startswith("2012") for t in texts) == sum(t.startswith("later") for t in texts)
    hatched = [p for p in _bars(main) if p.get_hatch()]
    assert 0 < len(hatched) < len(_bars(main))


def test_paired_bars_refuse_different_scales():
    a = likert_shares(load_table(9))
    b = likert_shares(load_table(10))
    a = a.assign(
        response=pd.Categorical(a["response"], categories=list(dict.fromkeys(a["response"])))
    )
    b = b.assign(
        response=pd.Categorical(b["response"], categories=list(dict.fromkeys(b["response"])))
    )
    with pytest.raises(ValueError, match="different response scales"):
        paired_diverging_bars(a, b)


@pytest.fixture(scope="module")
def three_waves():
    import lscb_survey as ls

    ex = ls.config.examples_dir()
    names = (("wave-example.csv", "2012"), ("wave-example-2014.csv", "2014"), ("wave-example-2016.csv", "2016"))  # fmt: skip
    waves = [ls.read_wave(ex / f, name=y) for f, y in names]
    return [likert_shares(w.counts[w.counts["table"] == 10]) for w in waves], [y for _, y in names]


def _bar_rows(ax) -> dict[float, list[Rectangle]]:
    """Bar segments of an axes by the centre of their row."""
    rows: dict[float, list[Rectangle]] = {}
    for p in _bars(ax):
        rows.setdefault(round(p.get_y() + p.get_height() / 2, 6), []).append(p)
    return rows


def test_three_waves_one_bar_each_in_wave_order(three_waves):
    frames, labels = three_waves
    fig = paired_diverging_bars(frames, labels=labels)
    main, panel = fig.axes[0], fig.axes[1]
    assert main.get_xlim() == (-100, 100)
    n_items = frames[0]["item_id"].nunique()
    rows = _bar_rows(main)
    assert len(rows) == 3 * n_items
    # top to bottom within each item: 2012 plain, 2014 and 2016 each with their own hatch
    hatch_of = [{p.get_hatch() or "" for p in rows[y]} for y in sorted(rows)]
    assert all(len(h) == 1 for h in hatch_of)
    expected = ["", "////", "...."] * n_items
    assert [h.pop() for h in hatch_of] == expected
    texts = [t.get_text() for t in panel.texts]
    for frame, label in zip(frames, labels, strict=True):
        assert texts.count(f"{label} (n={int(frame['denominator'].iloc[0])})") == n_items
    # each wave's segments add up to its substantive shares
    for frame, hatch in zip(frames, ("", "////", "...."), strict=True):
        drawn = sum(p.get_width() for p in _bars(main) if (p.get_hatch() or "") == hatch)
        assert drawn == pytest.approx(frame.loc[frame["side"] != "missing", "share"].sum())


def test_three_waves_keep_the_bar_thickness_of_two(three_waves):
    frames, labels = three_waves

    def inches(fig) -> float:
        ax = fig.axes[0]
        (p, *_) = _bars(ax)
        bottom, top = ax.get_ylim()
        return p.get_height() * ax.get_position().height * fig.get_figheight() / (bottom - top)

    fig2 = paired_diverging_bars(frames[:2], labels=labels[:2])
    fig3 = paired_diverging_bars(frames, labels=labels)
    fig2.canvas.draw()
    fig3.canvas.draw()
    # about the same bars (the fixed margins take a larger part of the shorter figure)
    assert inches(fig3) == pytest.approx(inches(fig2), rel=0.15)


def test_an_item_missing_from_one_wave_gets_fewer_bars(three_waves):
    frames, labels = three_waves
    dropped = frames[0]["short"].iloc[0]
    last = frames[2][frames[2]["short"] != dropped]
    fig = paired_diverging_bars([frames[0], frames[1], last], labels=labels)
    assert len(_bar_rows(fig.axes[0])) == 3 * frames[0]["item_id"].nunique() - 1
    assert (
        sum(t.get_text().startswith("2016") for t in fig.axes[1].texts) == last["item_id"].nunique()
    )


def test_a_sequence_of_two_draws_the_two_frame_figure(three_waves, tmp_path):
    frames, labels = three_waves
    a = style.save_figure(paired_diverging_bars(frames[0], frames[2]), tmp_path / "a.png")
    b = style.save_figure(paired_diverging_bars(frames[::2]), tmp_path / "b.png")
    assert a.read_bytes() == b.read_bytes()
    c = paired_diverging_bars(frames)
    assert {t.get_text().split(" (")[0] for t in c.axes[1].texts if "(n=" in t.get_text()} == {
        "wave 1",
        "wave 2",
        "wave 3",
    }


def test_waves_are_checked(three_waves):
    frames, labels = three_waves
    with pytest.raises(TypeError, match="sequence"):
        paired_diverging_bars(frames, frames[0])
    with pytest.raises(TypeError, match="DataFrame"):
        paired_diverging_bars([frames[0], "2014"])
    with pytest.raises(TypeError, match="second argument"):
        paired_diverging_bars(frames[0])
    with pytest.raises(ValueError, match="at least two waves"):
        paired_diverging_bars(frames[:1], labels=labels[:1])
    with pytest.raises(ValueError, match="each of the 3 waves"):
        paired_diverging_bars(frames, labels=labels[:2])
    other = frames[2].assign(
        response=pd.Categorical(
            frames[2]["response"], categories=list(dict.fromkeys(frames[2]["response"]))[::-1]
        )
    )
    first = frames[0].assign(
        response=pd.Categorical(
            frames[0]["response"], categories=list(dict.fromkeys(frames[0]["response"]))
        )
    )
    with pytest.raises(ValueError, match="different response scales"):
        paired_diverging_bars([first, frames[1], other], labels=labels)


def test_diverging_needs_a_side_column(t7):
    with pytest.raises(ValueError, match="side"):
        diverging_bars(t7.drop(columns="side"))


def test_diverging_of_several_scales_says_plot_one_scale_at_a_time():
    mixed = pd.concat([likert_shares(load_table(n)) for n in (5, 6, 7, 8)], ignore_index=True)
    with pytest.raises(ValueError, match=r"2 scales \(agree5, positive5\); plot one scale at a"):
        diverging_bars(mixed)
    # Without a scale column, too many levels still name the cause.
    with pytest.raises(ValueError, match="plot one scale at a time"):
        diverging_bars(mixed.drop(columns="scale"))


# ----------------------------------------------------------------------------- shifts


@pytest.fixture(scope="module")
def shifts():
    from lscb_survey import survey_shifts

    return survey_shifts()


def test_dumbbell_draws_intervals_only_where_counts_exist(shifts):
    long = shift_intervals(shifts)
    measure = "Understanding of thresholds"
    fig = shift_dumbbell(long, measure=measure)
    part = long[long["measure"] == measure]
    ax = next(a for a in fig.axes if a.get_title(loc="left") == measure)
    dots = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert len(dots) == int(part["percent"].notna().sum())
    # each interval is one horizontal line plus two caps
    ci_lines = [ln for ln in ax.lines if ln.get_marker() != "o" and ln.get_linewidth() == 1.1]
    assert len(ci_lines) == 3 * int(part["ci_low"].notna().sum())
    assert ax.get_xlim() == (0, 100)
    notes = [t.get_text() for t in ax.texts]
    assert notes.count("not rated in 2009-10") == 1  # Children's social care
    caption = fig.get_supxlabel().replace("\n", " ")
    assert "different respondents" in caption


def test_dumbbell_on_given_axes(shifts):
    fig, ax = plt.subplots()
    assert shift_dumbbell(shift_intervals(shifts), measure="Trust", ax=ax) is fig
    with pytest.raises(ValueError, match="single measure"):
        shift_dumbbell(shift_intervals(shifts), ax=ax)
    with pytest.raises(ValueError, match="unknown measure"):
        shift_dumbbell(shift_intervals(shifts), measure="Nonsense")


def test_heatmap_marks_missing_cells_not_zero(shifts):
    fig = shift_heatmap(shifts)
    ax = fig.axes[0]
    good = shifts[shifts["rating"] == "Good"]
    assert len(ax.texts) == int(good["change_pp"].notna().sum())
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == int(good["change_pp"].isna().sum()) == 6
    # the hatched cells are the Children's social care column
    col = list(good["agency"].cat.categories).index("Children's social care")
    assert {round(p.get_x() + 0.5) for p in hatched} == {col}
    image = ax.images[0]
    assert image.norm.vmin == -image.norm.vmax
    # Table 3, thresholds, Probation: 11% -> 65%, +54 points
    assert "+54" in [t.get_text() for t in ax.texts]
    assert "different respondents" in fig.get_supxlabel().replace("\n", " ")


# ----------------------------------------------------------------------------- returns, activities


def test_returns_missing_rates_are_not_drawn_as_zero():
    frame = pd.concat([load_table(1), load_table(2)], ignore_index=True)
    fig = returns_bars(frame)
    assert len(fig.axes) == 4
    rate_axes = [fig.axes[1], fig.axes[3]]
    n_rates = int(frame["response_rate"].notna().sum())
    assert sum(len(_bars(ax)) for ax in rate_axes) == int(
        (frame["response_rate"].dropna() > 0).sum()
    )
    texts = [t.get_text() for ax in rate_axes for t in ax.texts]
    assert texts.count("not given") == int(frame["response_rate"].isna().sum()) == 2
    assert sum(t.endswith("%") for t in texts) == n_rates
    # Not specified returns are drawn, in grey
    grey = _rgba(style.MISSING_COLOUR)
    count_bars = _bars(fig.axes[0]) + _bars(fig.axes[2])
    assert sorted(p.get_width() for p in count_bars if _colour_of(p) == grey) == [4, 6]


def test_activities_group_parts_under_parents():
    frame = load_activities()
    fig = activities_bars(frame)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(frame) == 17
    indented = [lab for lab in labels if lab.startswith("    ")]
    assert len(indented) == int(frame["parent"].notna().sum())
    # the parts of "reflective practice" follow it directly
    assert labels[0].startswith("Took measures to promote reflective practice")
    assert all(lab.startswith("    ") for lab in labels[1:5])
    texts = [t.get_text() for t in ax.texts]
    assert "34 of 57" in texts and "18 of 34" in texts  # report text: 34 LSCBs, 18 of them
    assert ax.get_xlim()[1] >= 57


# ----------------------------------------------------------------------------- no statistics, light import


def test_plotting_does_not_use_scipy(monkeypatch, shifts, t7):
    long = shift_intervals(shifts)
    for name in [m for m in sys.modules if m == "scipy" or m.startswith("scipy.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "scipy", None)
    diverging_bars(t7)
    paired_diverging_bars(t7, t7)
    shift_dumbbell(long)
    shift_heatmap(shifts)
    returns_bars(load_table(2))
    activities_bars(load_activities())


def test_import_does_not_load_plotting_libraries():
    code = textwrap.dedent(
        """
        import sys
        import lscb_survey, lscb_survey.present.style, lscb_survey.stats.intervals, lscb_survey.present.figures
        lscb_survey.load_table(7)
        heavy = [m for m in ("matplotlib", "seaborn", "scipy") if m in sys.modules]
        print(",".join(heavy))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_a_new_wave_is_drawn_unchanged_beside_2012():
    import lscb_survey as ls

    wave = ls.read_wave(ls.config.examples_dir() / "wave-example.csv", name="example")
    published = ls.published_wave()
    a = likert_shares(published.counts[published.counts["table"] == 10])
    b = likert_shares(wave.counts[wave.counts["table"] == 10])
    fig = paired_diverging_bars(a, b, labels=(published.name, wave.name))
    main, panel = fig.axes[0], fig.axes[1]
    assert main.get_xlim() == (-100, 100)
    texts = [t.get_text() for t in panel.texts]
    assert f"{wave.name} (n={wave.respondents})" in texts
    assert f"{published.name} (n=57)" in texts
    # one bar per wave per item, each wave's segments adding up to its substantive share
    for frame, hatched in ((a, False), (b, True)):
        drawn = sum(p.get_width() for p in _bars(main) if bool(p.get_hatch()) == hatched)
        expected = frame.loc[frame["side"] != "missing", "share"].sum()
        assert drawn == pytest.approx(expected)


def test_style_restores_only_its_own_settings():
    import matplotlib as mpl

    before_size, before_interactive = mpl.rcParams["font.size"], mpl.is_interactive()
    try:
        with style.figure_style():
            assert mpl.rcParams["font.size"] == style.FONT_SIZE
            mpl.interactive(not before_interactive)  # as IPython does on importing pyplot
        assert mpl.rcParams["font.size"] == before_size
        assert mpl.is_interactive() is (not before_interactive)
    finally:
        mpl.interactive(before_interactive)

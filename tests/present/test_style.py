"""Saving figures: the layout is run once and the bytes are those of plain ``savefig``."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pytest
from matplotlib.layout_engine import ConstrainedLayoutEngine

from lscb_survey.present import style
from lscb_survey.present.figures import build_figure

#: One figure of each family: bars, dumbbells on a grid, a heat map with a colour bar,
#: diverging bars with a panel and a figure legend.
FAMILIES = ["returns", "table03-shifts", "shifts-heatmap", "table07-responses", "activities"]


def _plain_png(fig) -> bytes:
    """The figure saved by ``savefig`` alone, as :func:`style.save_figure` asks for it."""
    buffer = io.BytesIO()
    with style.figure_style():
        fig.savefig(
            buffer,
            format="png",
            dpi=style.DPI,
            metadata={"Software": None, "Description": "alt"},
            facecolor="white",
        )
    return buffer.getvalue()


@pytest.mark.parametrize("name", FAMILIES)
def test_saved_png_is_byte_identical_to_plain_savefig(name, tmp_path):
    fig = build_figure(name)
    try:
        saved = style.save_figure(fig, tmp_path / "a.png", description="alt").read_bytes()
    finally:
        plt.close(fig)
    fresh = build_figure(name)
    try:
        assert saved == _plain_png(fresh)
    finally:
        plt.close(fresh)


class _Counting(ConstrainedLayoutEngine):
    """Constrained layout that counts how often it is run."""

    runs = 0

    def execute(self, fig):
        type(self).runs += 1
        return super().execute(fig)


def _counted_figure():
    with style.figure_style():
        fig = plt.figure(figsize=(3, 2))
        fig.set_layout_engine(_Counting())
        ax = fig.add_subplot()
        ax.set_title("A title")
        ax.set_xlabel("An axis label")
    return fig


def _draws(fig) -> list[int]:
    """A list that grows by one at every draw of ``fig``."""
    seen: list[int] = []
    fig.canvas.mpl_connect("draw_event", lambda event: seen.append(1))
    return seen


def test_png_is_drawn_once_laid_out_once_and_keeps_its_engine(tmp_path):
    fig = _counted_figure()
    engine = fig.get_layout_engine()
    draws = _draws(fig)
    _Counting.runs = 0
    try:
        style.save_figure(fig, tmp_path / "a.png")
        assert (len(draws), _Counting.runs) == (1, 1)
        assert fig.get_layout_engine() is engine
        draws.clear()
        fig.savefig(io.BytesIO(), format="png", dpi=style.DPI)
        assert len(draws) == 2  # plain savefig draws once without output to lay out
    finally:
        plt.close(fig)


def test_other_formats_and_resolutions_use_plain_savefig(tmp_path):
    fig = _counted_figure()
    try:
        a = style.save_figure(fig, tmp_path / "a.png", dpi=72)
        b = io.BytesIO()
        with style.figure_style():
            fig.savefig(b, format="png", dpi=72, metadata={"Software": None}, facecolor="white")
        assert a.read_bytes() == b.getvalue()
        svg = style.save_figure(fig, tmp_path / "a.svg")
        assert svg.read_bytes().startswith(b"<?xml")
        assert isinstance(fig.get_layout_engine(), _Counting)
    finally:
        plt.close(fig)

"""One visual style for every figure: fonts, sizes, colours and how files are saved.

Every plotting function in :mod:`lscb_survey.present.plots` draws inside
:func:`figure_style`, so all figures share the same fonts and sizes, and picks its
colours here. The palettes are colour-blind safe: response scales use the
ColorBrewer RdBu diverging scheme (blue for the positive end, red for the
negative end, a light neutral for the centre) and every non-substantive answer
("Not specified", "Don't know") is grey, so it never reads as a point on the
scale. Categorical series (the two surveys, single-series bars) use Okabe-Ito
colours.

:func:`save_figure` writes PNG (or SVG) files whose bytes depend only on the
figure: no software version or date is embedded and the resolution is fixed.

This module does not import matplotlib at import time.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "BAR_COLOUR",
    "BAR_COLOUR_LIGHT",
    "DIVERGING_CMAP",
    "DPI",
    "FONT_SIZE",
    "INK",
    "LABEL_WIDTH",
    "MISSING_COLOUR",
    "MISSING_COLOURS",
    "NO_DATA_COLOUR",
    "OKABE_ITO",
    "RULE",
    "SMALL_SIZE",
    "SURVEY_COLOURS",
    "TITLE_SIZE",
    "WIDTH_NARROW",
    "WIDTH_WIDE",
    "figure_style",
    "rc_params",
    "save_figure",
    "scale_colours",
    "wrap_label",
]

#: Resolution of every saved raster figure (dots per inch).
DPI = 150
#: Figure widths in inches: a single text column and a full page width.
WIDTH_NARROW = 6.4
WIDTH_WIDE = 9.6
#: Font sizes in points.
FONT_SIZE = 9.0
TITLE_SIZE = 10.5
SMALL_SIZE = 7.5
#: Characters per line when wrapping long item labels.
LABEL_WIDTH = 38

#: Okabe-Ito colours (colour-blind safe qualitative palette).
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
#: Colour of each survey in the Laming -> Munro figures.
SURVEY_COLOURS: dict[str, str] = {"Laming": OKABE_ITO["orange"], "Munro": OKABE_ITO["blue"]}
#: Colour of single-series bars (returns, activities).
BAR_COLOUR = OKABE_ITO["blue"]
#: Lighter colour for secondary bars (sub-activities).
BAR_COLOUR_LIGHT = OKABE_ITO["sky_blue"]
#: Grey for non-substantive answers ("Not specified", "Don't know") and missing data.
MISSING_COLOUR = "#9E9E9E"
#: Lighter greys for further non-substantive levels, if a scale has several.
MISSING_COLOURS: tuple[str, ...] = ("#9E9E9E", "#C7C7C7", "#6E6E6E")
#: Fill of a cell that has no data (heat maps): pale grey, drawn hatched.
NO_DATA_COLOUR = "#EEEEEE"
#: Colour of text and axis lines.
INK = "#222222"
#: Colour of reference lines (the zero line of a diverging chart).
RULE = "#555555"
#: Diverging colour map for changes (percentage points), centred at zero.
DIVERGING_CMAP = "RdBu"

# ColorBrewer RdBu, from the negative (red) end to the positive (blue) end.
_RDBU: dict[int, tuple[str, ...]] = {
    2: ("#EF8A62", "#67A9CF"),
    3: ("#EF8A62", "#F7F7F7", "#67A9CF"),
    4: ("#CA0020", "#F4A582", "#92C5DE", "#0571B0"),
    5: ("#CA0020", "#F4A582", "#F7F7F7", "#92C5DE", "#0571B0"),
    6: ("#B2182B", "#EF8A62", "#FDDBC7", "#D1E5F0", "#67A9CF", "#2166AC"),
    7: ("#B2182B", "#EF8A62", "#FDDBC7", "#F7F7F7", "#D1E5F0", "#67A9CF", "#2166AC"),
}
# The ColorBrewer centre (#F7F7F7) is almost white; a slightly darker neutral keeps the
# centre segment visible on a white background.
_CENTRE = "#DDDDDD"


def rc_params() -> dict[str, object]:
    """Matplotlib settings shared by every figure.

    Returns
    -------
    dict
        rcParams: DejaVu Sans (shipped with matplotlib, so text renders the same
        everywhere), font sizes, no top/right spines, light grid lines, fixed
        DPI, and deterministic SVG ids.

    Examples
    --------
    >>> rc_params()["font.family"]
    ['DejaVu Sans']
    """
    return {
        "font.family": ["DejaVu Sans"],
        "font.size": FONT_SIZE,
        "axes.titlesize": TITLE_SIZE,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": FONT_SIZE,
        "axes.edgecolor": RULE,
        "axes.labelcolor": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "grid.color": "#DDDDDD",
        "grid.linewidth": 0.6,
        "xtick.labelsize": SMALL_SIZE + 0.5,
        "ytick.labelsize": FONT_SIZE,
        "xtick.color": INK,
        "ytick.color": INK,
        "legend.fontsize": SMALL_SIZE + 0.5,
        "legend.frameon": False,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "text.color": INK,
        "hatch.color": "#7A7A7A",
        "hatch.linewidth": 0.6,
        "svg.hashsalt": "lscb-survey",
        "svg.fonttype": "none",
        "path.simplify": True,
    }


@contextmanager
def figure_style() -> Iterator[None]:
    """Apply :func:`rc_params` for the figures drawn inside the ``with`` block.

    Only the settings of :func:`rc_params` are changed, and restored on exit.

    Examples
    --------
    >>> import matplotlib
    >>> with figure_style():
    ...     matplotlib.rcParams["font.size"] == FONT_SIZE
    True
    """
    import matplotlib as mpl

    # Restore only the settings applied here. ``rc_context`` would restore every
    # setting, including ``interactive``, which IPython turns on when pyplot is first
    # imported; resetting it stops later figures from showing in a notebook.
    params = rc_params()
    rc = cast("MutableMapping[str, Any]", mpl.rcParams)  # keys are checked at run time
    saved = {key: rc[key] for key in params}
    rc.update(params)
    try:
        yield
    finally:
        rc.update(saved)


def scale_colours(levels: Sequence[str], missing: Sequence[str] = ()) -> dict[str, str]:
    """Colour of each response level of a scale.

    Parameters
    ----------
    levels : sequence of str
        Substantive levels, most positive first (as :class:`~lscb_survey.Scale`
        orders them).
    missing : sequence of str
        Non-substantive levels; these are grey.

    Returns
    -------
    dict of str to str
        Level -> hex colour: blue shades for the positive end, red for the
        negative end, a light neutral grey for the centre of an odd scale.

    Examples
    --------
    >>> c = scale_colours(["Agree", "Neutral", "Disagree"], ["Not specified"])
    >>> c["Agree"], c["Not specified"]
    ('#67A9CF', '#9E9E9E')
    """
    k = len(levels)
    if k not in _RDBU:
        raise ValueError(f"a diverging palette needs 2-7 levels; got {k}")
    colours = list(reversed(_RDBU[k]))  # most positive first, like the levels
    if k % 2 == 1:
        colours[k // 2] = _CENTRE
    out = dict(zip(levels, colours, strict=True))
    for i, label in enumerate(missing):
        out[label] = MISSING_COLOURS[i % len(MISSING_COLOURS)]
    return out


def wrap_label(text: str, width: int = LABEL_WIDTH) -> str:
    """Wrap a long label onto several lines of at most ``width`` characters.

    Line breaks already in ``text`` are kept.

    Examples
    --------
    >>> wrap_label("Is likely to encourage innovation to improve outcomes", 20)
    'Is likely to\\nencourage innovation\\nto improve outcomes'
    """
    import textwrap

    lines = []
    for paragraph in str(text).split("\n"):
        lines += textwrap.wrap(paragraph, width=width, break_on_hyphens=False) or [""]
    return "\n".join(lines)


def save_figure(
    fig: Figure, path: str | Path, *, dpi: int = DPI, description: str | None = None
) -> Path:
    """Save a figure with reproducible bytes.

    PNG files carry no ``Software`` entry and SVG files no ``Date``, and the
    SVG id salt is fixed, so the same figure gives the same file whatever the
    time or matplotlib version that wrote it. The resolution is fixed at
    :data:`DPI`. The folder is created if needed.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : path
        Destination; the suffix chooses the format (``.png`` or ``.svg``; others
        are passed to matplotlib unchanged).
    dpi : int
        Resolution of raster output.
    description : str, optional
        Text alternative of the figure, stored as the PNG or SVG ``Description``.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, tempfile, pathlib
    >>> fig, ax = plt.subplots()
    >>> p = save_figure(fig, pathlib.Path(tempfile.mkdtemp()) / "x.png")
    >>> b"Software" in p.read_bytes()
    False
    >>> plt.close(fig)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".png":
        metadata: dict[str, object] | None = {"Software": None}
    elif suffix == ".svg":
        metadata = {"Date": None, "Creator": None}
    elif suffix == ".pdf":
        metadata = {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}
    else:
        metadata = None
    if description is not None and suffix in (".png", ".svg") and metadata is not None:
        metadata["Description"] = description
    with figure_style():
        _savefig_laid_out(fig, path, dpi=dpi, metadata=metadata, facecolor="white")
    return path


def _savefig_laid_out(fig: Figure, path: Path, *, dpi: int, **kwargs: Any) -> None:
    """``fig.savefig`` with the figure's layout engine run once, not twice.

    Given a layout engine, ``savefig`` first draws the whole figure without
    output only to run the engine, then draws it again into the file. For a
    PNG drawn by Agg at the figure's own resolution, running the engine here
    and saving without it writes the same bytes (the tests compare them) and
    skips that first draw. Anything else is saved by plain ``savefig``. The
    engine is put back afterwards.
    """
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    engine = fig.get_layout_engine()
    if (
        engine is None
        or path.suffix.lower() != ".png"
        or type(fig.canvas) is not FigureCanvasAgg
        or fig.dpi != dpi
        or mpl.rcParams["savefig.bbox"] == "tight"
    ):
        fig.savefig(path, dpi=dpi, **kwargs)
        return
    fig.canvas.get_renderer()  # text sizes are measured at the resolution saved
    engine.execute(fig)
    # ``set_layout_engine(None)`` removes the engine when these settings are off
    # ('none' would leave a placeholder engine, which savefig also lays out).
    with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)
    try:
        fig.savefig(path, dpi=dpi, **kwargs)
    finally:
        fig.set_layout_engine(engine)

"""Every figure of the 2012 survey, built from the packaged data.

:func:`figure_specs` lists the figures (file name, caption, the notebook that
shows it, how to build it and how to describe it); :func:`make_figures` writes
them all as PNG files with reproducible bytes (see
:func:`lscb_survey.present.style.save_figure`), in parallel processes when asked;
:func:`build_figure` builds one. :func:`figure_alt_text` writes each figure's
text alternative from the numbers it plots; it goes into the PNG's
``Description`` entry, the HTML report and the README gallery, which
:func:`gallery_markdown` writes from the same list, so captions live in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "COMPARISON_TABLES",
    "LIKERT_TABLES",
    "FigureSpec",
    "build_figure",
    "figure_alt_text",
    "figure_specs",
    "gallery_markdown",
    "make_figures",
    "start_figures",
]

LIKERT_TABLES: tuple[int, ...] = (5, 6, 7, 8, 9, 10)
COMPARISON_TABLES: tuple[int, ...] = (3, 4)


@dataclass(frozen=True)
class FigureSpec:
    """One figure: its file stem, caption, notebook, builder and text alternative."""

    name: str
    caption: str
    notebook: str
    build: Callable[[], Figure]
    describe: Callable[[], str]

    @property
    def filename(self) -> str:
        """The PNG file name."""
        return f"{self.name}.png"


def _title(table: int) -> str:
    from ..data.loaders import catalogue

    title = str(catalogue().set_index("table").loc[table, "title"])
    return f"Table {table}: {title}"


def _returns_data():
    import pandas as pd

    from ..data.loaders import load_table

    return pd.concat([load_table(1), load_table(2)], ignore_index=True)


def _returns() -> Figure:
    from .plots import returns_bars

    return returns_bars(_returns_data(), title="Survey returns and response rates (Tables 1-2)")


def _returns_alt() -> str:
    from .alt_text import returns_alt_text

    return returns_alt_text(_returns_data())


#: The survey shifts of this run of figures, computed once or given to a worker.
_SHIFTS: list[pd.DataFrame] = []


def _shifts():
    if not _SHIFTS:
        from ..analysis.shifts import survey_shifts

        _SHIFTS.append(survey_shifts())
    return _SHIFTS[0]


def _shift_long(table: int):
    long = _shift_intervals()
    return long[long["table"] == table].copy()


@lru_cache(maxsize=1)
def _shift_intervals():
    from ..analysis.shift_intervals import shift_intervals

    return shift_intervals(_shifts().copy())


def _dumbbell(table: int) -> Callable[[], Figure]:
    def build() -> Figure:
        from .plots import shift_dumbbell

        return shift_dumbbell(
            _shift_long(table),
            title=f"Table {table}: Share of each agency rated Good, 2009-10 and 2012",
        )

    return build


def _dumbbell_alt(table: int) -> Callable[[], str]:
    def describe() -> str:
        from .alt_text import shifts_alt_text

        return shifts_alt_text(_shift_long(table))

    return describe


def _heatmap() -> Figure:
    from .plots import shift_heatmap

    return shift_heatmap(
        _shifts().copy(),
        title="Change in the share of agencies rated Good, 2009-10 to 2012 (Tables 3-4)",
    )


def _heatmap_alt() -> str:
    from .alt_text import heatmap_alt_text

    return heatmap_alt_text(_shifts().copy())


def _likert_shares(table: int):
    return _likert_shares_of(table).copy()


@lru_cache(maxsize=len(LIKERT_TABLES))
def _likert_shares_of(table: int):
    from ..analysis.likert import likert_shares
    from ..data.loaders import load_table

    return likert_shares(load_table(table))


def _clear_caches() -> None:
    """Forget the data of the figures (each run of figures computes it once)."""
    _SHIFTS.clear()
    for cached in (_shift_intervals, _likert_shares_of):
        cached.cache_clear()


def _likert(table: int) -> Callable[[], Figure]:
    def build() -> Figure:
        from .plots import diverging_bars

        return diverging_bars(_likert_shares(table), group="block", title=_title(table))

    return build


def _likert_alt(table: int) -> Callable[[], str]:
    def describe() -> str:
        from .alt_text import likert_alt_text

        return likert_alt_text(_likert_shares(table), _title(table))

    return describe


def _activities() -> Figure:
    from ..data.loaders import load_activities
    from .plots import activities_bars

    return activities_bars(
        load_activities(),
        title="Practice developments reported by the 57 responding LSCBs",
    )


def _activities_alt() -> str:
    from ..data.loaders import load_activities
    from .alt_text import activities_alt_text

    return activities_alt_text(load_activities())


_LIKERT_NOTEBOOK = {
    5: "03-implementation-and-local-autonomy",
    6: "03-implementation-and-local-autonomy",
    7: "03-implementation-and-local-autonomy",
    8: "04-early-help",
    9: "05-accountabilities-and-leadership",
    10: "05-accountabilities-and-leadership",
}
_LIKERT_CAPTION = {
    5: "Whether children's social care and partners share an understanding of what "
    "implementing Munro needs (Table 5)",
    6: "Local feeling about a child-centred system with less central prescription (Table 6)",
    7: "Expected effects of more local autonomy, positive and negative (Table 7)",
    8: "Views on the provision of early help (Table 8)",
    9: "Value of possible central-government actions to strengthen LSCBs (Table 9)",
    10: "Importance of actions for realising the Review's ambitions (Table 10)",
}


def figure_specs() -> list[FigureSpec]:
    """Every figure, in reading order of the report.

    Returns
    -------
    list of FigureSpec

    Examples
    --------
    >>> [s.name for s in figure_specs()][:2]
    ['returns', 'table03-shifts']
    """
    specs = [
        FigureSpec(
            "returns",
            "Survey returns and response rates by local-authority type and by region (Tables 1-2)",
            "01-survey-returns",
            _returns,
            _returns_alt,
        )
    ]
    for t in COMPARISON_TABLES:
        specs.append(
            FigureSpec(
                f"table{t:02d}-shifts",
                f"Share of each partner agency rated Good in 2009-10 and 2012, with 95% "
                f"intervals (Table {t})",
                "02-inter-agency-working",
                _dumbbell(t),
                _dumbbell_alt(t),
            )
        )
    specs.append(
        FigureSpec(
            "shifts-heatmap",
            "Change in percentage points of the share rated Good, measure by agency (Tables 3-4)",
            "02-inter-agency-working",
            _heatmap,
            _heatmap_alt,
        )
    )
    for t in LIKERT_TABLES:
        specs.append(
            FigureSpec(
                f"table{t:02d}-responses",
                _LIKERT_CAPTION[t],
                _LIKERT_NOTEBOOK[t],
                _likert(t),
                _likert_alt(t),
            )
        )
    specs.append(
        FigureSpec(
            "activities",
            "How many of the 57 responding LSCBs reported each practice development",
            "06-practice-developments",
            _activities,
            _activities_alt,
        )
    )
    return specs


def _spec(name: str) -> FigureSpec:
    for spec in figure_specs():
        if spec.name == name or spec.filename == name:
            return spec
    known = [s.name for s in figure_specs()]
    raise ValueError(f"unknown figure {name!r}; the figures are {known}")


def build_figure(name: str) -> Figure:
    """Build one figure by name (e.g. ``"table07-responses"``).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = build_figure("activities")
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    _clear_caches()
    return _spec(name).build()


def figure_alt_text(name: str) -> str:
    """Text alternative of one figure, written from the numbers it plots.

    Names what the figure shows, its largest and smallest values and the base
    (see :mod:`lscb_survey.present.alt_text`).

    Parameters
    ----------
    name : str
        Figure name or file name, e.g. ``"activities"``.

    Returns
    -------
    str

    Examples
    --------
    >>> figure_alt_text("activities").startswith("Bar chart of how many responding LSCBs")
    True
    """
    return _spec(name).describe()


def _render(name: str, out: Path) -> Path:
    """Build, describe and save one figure (run in a worker process by :func:`make_figures`)."""
    import matplotlib.pyplot as plt

    from .style import save_figure

    spec = _spec(name)
    fig = spec.build()
    try:
        return save_figure(fig, out / spec.filename, description=spec.describe())
    finally:
        plt.close(fig)


def make_figures(
    out_dir: str | Path | None = None,
    *,
    names: list[str] | None = None,
    jobs: int = 1,
) -> list[Path]:
    """Build figures and write them as PNG files, each with its alt text as ``Description``.

    Parameters
    ----------
    out_dir : path, optional
        Destination folder; defaults to ``figures/`` of the checkout.
    names : list of str, optional
        Only these figures; all by default.
    jobs : int
        Number of processes drawing figures (1: draw in this process). The files are
        the same whatever the number.

    Returns
    -------
    list of Path
        The files written, in the order of :func:`figure_specs`.
    """
    return start_figures(out_dir, names=names, jobs=jobs)()


def start_figures(
    out_dir: str | Path | None = None,
    *,
    names: list[str] | None = None,
    jobs: int = 1,
) -> Callable[[], list[Path]]:
    """Start :func:`make_figures` and return a function that waits for its files.

    With ``jobs`` above 1 the figures are drawn in worker processes while the
    caller goes on with other work (the processed data, the rest of a report);
    calling the returned function waits for them. With ``jobs=1`` the figures
    are drawn when it is called.

    Returns
    -------
    callable
        Takes no argument and returns the files written, as :func:`make_figures`.

    Examples
    --------
    >>> import tempfile
    >>> wait = start_figures(tempfile.mkdtemp(), names=["activities"], jobs=1)
    >>> [p.name for p in wait()]
    ['activities.png']
    """
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ValueError(f"jobs must be a whole number of at least 1; got {jobs!r}")
    out = Path(out_dir) if out_dir is not None else config.figures_dir()
    specs = figure_specs() if names is None else [_spec(n) for n in names]
    _clear_caches()  # reuse the data across the figures of this run only
    if jobs == 1 or len(specs) < 2:
        return lambda: [_render(spec.name, out) for spec in specs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        _preload()
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(specs)), mp_context=multiprocessing.get_context(method)
    )
    first, shifted, last = _batches([spec.name for spec in specs])
    # The first submission starts the workers. The survey shifts (which need scipy.stats)
    # are computed here meanwhile and sent to the workers drawing the figures made from them.
    futures = [pool.submit(_render_all, [name], out) for name in first]
    try:
        shifts = _shifts() if shifted else None
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    futures += [pool.submit(_render_all, [name], out, shifts) for name in shifted]
    futures += [pool.submit(_render_all, [name], out) for name in last]

    def wait() -> list[Path]:
        try:
            drawn = {path.name: path for f in futures for path in f.result()}
            return [drawn[spec.filename] for spec in specs]
        finally:
            pool.shutdown(cancel_futures=True)

    return wait


def _preload() -> None:
    """Import what the figures need once, before forking, so no worker imports it again.

    Not ``scipy.stats``, which only the survey shifts need (see :func:`start_figures`).
    """
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    from PIL import PngImagePlugin  # noqa: F401

    from ..analysis import likert, shift_intervals  # noqa: F401
    from ..data import loaders  # noqa: F401
    from . import alt_text, plots, style  # noqa: F401


_SHIFT_FIGURES = frozenset({f"table{t:02d}-shifts" for t in COMPARISON_TABLES} | {"shifts-heatmap"})
#: CPU seconds each figure took to draw on one machine: workers take the longest first.
_COST = {"returns": 0.9, "table03-shifts": 0.9, "table04-shifts": 0.9, "shifts-heatmap": 0.7}
_COST |= {"table07-responses": 0.85, "activities": 0.7, "table08-responses": 0.65}
_COST |= {"table10-responses": 0.5, "table09-responses": 0.4}
_FIRST = 0.35  # figures drawn before those of the shifts cost more than this (they keep the
# workers busy while the parent computes the shifts)


def _batches(names: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Figures not from the shifts costlier than ``_FIRST``, those from the shifts, the rest."""
    ranked = sorted(names, key=lambda n: -_COST.get(n, 0.3))
    shifted = [n for n in ranked if n in _SHIFT_FIGURES]
    first = [n for n in ranked if n not in _SHIFT_FIGURES and _COST.get(n, 0.3) > _FIRST]
    return first, shifted, [n for n in ranked if n not in _SHIFT_FIGURES and n not in first]


def _render_all(names: list[str], out: Path, shifts: pd.DataFrame | None = None) -> list[Path]:
    """:func:`_render` of several figures, in order (one worker task), from ``shifts`` if given."""
    if shifts is not None:
        _clear_caches()
        _SHIFTS.append(shifts)
    return [_render(name, out) for name in names]


def _alt_markdown(text: str) -> str:
    return text.replace("[", "(").replace("]", ")").replace("|", "/")


def gallery_markdown(prefix: str = "") -> str:
    """The README gallery: each figure with its caption and the notebook making it.

    Parameters
    ----------
    prefix : str
        Path from the README to the top of the checkout (usually empty).

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> gallery_markdown().splitlines()[0]
    '| Figure | What it shows | Notebook |'
    """
    lines = ["| Figure | What it shows | Notebook |", "|---|---|---|"]
    for s in figure_specs():
        lines.append(
            f"| [![{_alt_markdown(s.describe())}]({prefix}figures/{s.filename})]({prefix}figures/{s.filename}) "
            f"| {s.caption} | [{s.notebook}]({prefix}notebooks/{s.notebook}.ipynb) |"
        )
    return "\n".join(lines)

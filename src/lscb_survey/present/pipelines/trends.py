"""Breakdowns by group and trends across waves, as files: behind ``wave summarize --by``
and ``wave trend``.

:func:`group_report` writes one wave's counts, summaries and tests by a
respondent attribute (and faceted diverging bars); :func:`wave_trend` reads any
number of waves in time order and writes the series, the top-two summaries,
the trend tests and one small-multiples figure per report table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ...waves.model import Wave

__all__ = ["WaveTrend", "group_report", "wave_trend"]


def group_report(wave: Wave, by: str, out_dir: str | Path, *, figures: bool = True) -> list[Path]:
    """Write a wave's answers broken down by a respondent attribute.

    Parameters
    ----------
    wave : Wave
        A wave with respondent-level data holding the attribute.
    by : str
        The attribute (e.g. ``"region"``).
    out_dir : path
        Output folder (created).
    figures : bool
        Also draw one faceted diverging bar chart per report table.

    Returns
    -------
    list of Path
        ``counts-by-<by>.csv``, ``summary-by-<by>.csv`` (one row per group x
        item), ``group-tests-<by>.csv`` (:func:`~lscb_survey.group_tests`) and
        the figures ``figure-by-<by>-tableNN.png``.

    Raises
    ------
    SurveyDataError
        If the wave is weighted: a breakdown by group has no weighted form yet.

    Examples
    --------
    >>> import tempfile
    >>> import lscb_survey as ls
    >>> wave = ls.read_wave(ls.config.examples_dir() / "wave-example.csv")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in group_report(wave, "lscb_type", tmp, figures=False)]
    ['counts-by-lscb_type.csv', 'summary-by-lscb_type.csv', 'group-tests-lscb_type.csv']
    """
    from ...analysis.groups import group_tests
    from ...analysis.likert import likert_shares, likert_summary
    from ..export import write_csv
    from .loading import refuse_weights

    refuse_weights(wave, f"a breakdown by {by!r}")
    counts = wave.counts_by(by)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = [
        write_csv(counts, out / f"counts-by-{by}.csv"),
        write_csv(
            likert_summary(counts, by=by, codebook=wave.codebook), out / f"summary-by-{by}.csv"
        ),
        write_csv(group_tests(wave, by), out / f"group-tests-{by}.csv"),
    ]
    if figures:
        import matplotlib.pyplot as plt

        from ..plots.groups import group_diverging_bars
        from ..style import save_figure

        for table in wave.tables:
            part = counts[counts["table"] == table]
            shares = likert_shares(part, by=by, codebook=wave.codebook)
            fig = group_diverging_bars(
                shares, by, title=f"{wave.name}: items of Table {table} by {by}"
            )
            files.append(save_figure(fig, out / f"figure-by-{by}-table{table:02d}.png"))
            plt.close(fig)
    return files


@dataclass(frozen=True)
class WaveTrend:
    """What :func:`wave_trend` made: the waves, the files written and the caveat."""

    waves: list[Wave]
    files: list[Path]
    caveat: str

    def report_lines(self) -> list[str]:
        """One line per wave (and its weighting), one ``wrote <path>`` line per file, the caveat."""
        from .loading import describe_weighting

        heads = []
        for w in self.waves:
            heads.append(f"{w.name}: {w.respondents} respondents, {len(w.items)} items")
            weighting = describe_weighting(w)
            if weighting is not None:
                heads.append(f"  {weighting}")
        return [*heads, *(f"wrote {p}" for p in self.files), f"note: {self.caveat}"]


def wave_trend(
    sources: Sequence[str | Path | Wave],
    out_dir: str | Path,
    *,
    codebook: str | Path | None = None,
    names: Sequence[str] | None = None,
    figures: bool = True,
    items: Sequence[str] | None = None,
    unweighted: bool = False,
    population: int | None = None,
    rake_to: str | Path | None = None,
) -> WaveTrend:
    """Read waves in time order and write their series, summaries and trend tests.

    Parameters
    ----------
    sources : sequence of str, Path or Wave
        Two or more respondent-level files (or ``"2012"`` for the report's
        published counts, or waves already read), oldest first.
    out_dir : path
        Output folder, created once every wave has been read.
    codebook : path, optional
        Codebook TOML of the files (default: the 2012 codebook).
    names : sequence of str, optional
        Names of the waves (default: the file names; ``"2012"`` for the report).
    figures : bool
        Also draw the top-two share over the waves, one figure per report table.
    items : sequence of str, optional
        Item ids the files hold (default: every item of the codebook); see
        :func:`lscb_survey.read_wave`. Not applied to ``"2012"``.
    unweighted : bool
        Ignore a weight column the codebook names; otherwise a wave with one
        is weighted (:func:`~lscb_survey.present.pipelines.wave_reports.load_wave`):
        its percentages, intervals and summaries use the weights, the trend
        tests its unweighted counts, as the caveat says.
    population, rake_to : optional
        The latest wave's population size and a margins file to rake it to
        (:func:`~lscb_survey.present.pipelines.estimates.design_wave`): its
        percentages and intervals in ``series.csv`` are design-based, and its
        ``estimates.csv`` and ``estimate-means.csv`` are written too.

    Returns
    -------
    WaveTrend
        Files ``series.csv`` (:func:`~lscb_survey.compare_series`),
        ``series-summary.csv`` (:func:`~lscb_survey.series_summary`),
        ``trend-tests.csv`` (:func:`~lscb_survey.trend_tests`) and
        ``top2-tableNN.png``; ``caveat`` as in ``attrs["caveat"]``.

    Examples
    --------
    >>> import tempfile
    >>> import lscb_survey as ls
    >>> ex = ls.config.examples_dir()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     run = wave_trend(["2012", ex / "wave-example-2016.csv"], tmp, figures=False)
    ...     [p.name for p in run.files]
    ['series.csv', 'series-summary.csv', 'trend-tests.csv']
    """
    from ...analysis.trends import compare_series, series_summary, trend_tests
    from ..export import write_csv
    from .estimates import design_asked, design_wave, wave_estimates

    if names is not None and len(names) != len(sources):
        raise ValueError(f"{len(names)} names for {len(sources)} waves")
    waves = []
    for k, source in enumerate(sources):
        name = None if names is None else names[k]
        latest = k == len(sources) - 1  # the design options are the latest wave's
        waves.append(
            design_wave(
                source,
                codebook,
                population=population if latest else None,
                rake_to=rake_to if latest else None,
                items=items,
                unweighted=unweighted,
                name=name,
            )  # fmt: skip
        )
    series = compare_series(waves)
    summary = series_summary(waves)
    tests = trend_tests(waves)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = [
        write_csv(series, out / "series.csv"),
        write_csv(summary, out / "series-summary.csv"),
        write_csv(tests, out / "trend-tests.csv"),
    ]
    if figures:
        import matplotlib.pyplot as plt

        from ..plots.groups import items_over_waves, top2_over_waves
        from ..style import save_figure

        for table in sorted({int(t) for t in summary["table"].dropna()}):
            if not items_over_waves(summary[summary["table"] == table]):
                continue  # every item of the table asked once: no trend to draw
            fig = top2_over_waves(
                summary[summary["table"] == table], title=f"Items of Table {table}: top-two share"
            )
            files.append(save_figure(fig, out / f"top2-table{table:02d}.png"))
            plt.close(fig)
    if design_asked(population, rake_to):
        files += wave_estimates(waves[-1], out)
    return WaveTrend(waves, files, str(tests.attrs["caveat"]))

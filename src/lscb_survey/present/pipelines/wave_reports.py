"""A wave report: tidy counts, summaries, the report's tables and figures of one wave.

:func:`wave_summary` is what ``lscb-survey wave summarize`` runs; it returns a
:class:`WaveSummary` with the wave and the files written. :func:`load_wave`
reads a wave the way ``lscb-survey wave compare`` does (weighted when its
codebook names a weight column; defined in
:mod:`~lscb_survey.present.pipelines.loading`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .loading import PUBLISHED, describe_weighting, load_wave, refuse_weights

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ...waves.model import Wave

__all__ = [
    "PUBLISHED",
    "WaveSummary",
    "describe_weighting",
    "load_wave",
    "multiple_figures",
    "refuse_weights",
    "wave_figures",
    "wave_summary",
    "with_not_asked",
]


def wave_figures(wave: Wave, out_dir: str | Path, *, multiple: bool = True) -> list[Path]:
    """Diverging bars of every item of a wave, one figure per table (or per scale).

    Parameters
    ----------
    wave : Wave
    out_dir : path
        Folder of the PNG files (``figure-table07.png``, ``figure-agree5.png``, ...).
    multiple : bool
        Also draw one bar chart per multi-select question of the wave
        (:func:`multiple_figures`), after the diverging bars.

    Returns
    -------
    list of Path
        The files written.
    """
    import matplotlib.pyplot as plt
    import pandas as pd

    from ...analysis.compare_input import wave_frame
    from ...analysis.likert import likert_shares
    from ..paths import output_path
    from ..plots import diverging_bars
    from ..style import save_figure

    out = Path(out_dir)
    counts = wave_frame(wave, None)[0]  # weighted counts for a weighted wave
    weighted = "weighted_count" in counts.columns
    files: list[Path] = []
    taken: set[Path] = set()
    keys = counts[["table", "scale"]].drop_duplicates()
    for table, scale in keys.itertuples(index=False):
        if pd.isna(table):
            part = counts[counts["table"].isna() & (counts["scale"] == scale)]
            name, what = f"figure-{scale}", f"{scale} items"
        else:
            part = counts[(counts["table"] == table) & (counts["scale"] == scale)]
            name, what = f"figure-table{int(table):02d}", f"items of Table {int(table)}"
            if (keys["table"] == table).sum() > 1:
                name += f"-{scale}"
        shares = likert_shares(part, codebook=wave.codebook)
        who = f"{wave.respondents} respondents" + (
            f", weighted by {counts.attrs.get('weight_column')!r}" if weighted else ""
        )
        fig = diverging_bars(shares, group="block", title=f"{wave.name} ({who}): {what}")
        files.append(save_figure(fig, output_path(out, name, ".png", taken=taken)))
        plt.close(fig)
    if multiple and wave.multiple is not None:
        drawn = multiple_figures(wave.multiple, out, wave=wave.name, taken=taken)
        files += [path for path, _ in drawn]
    return files


def multiple_figures(
    multiple: pd.DataFrame, out_dir: str | Path, *, wave: str, taken: set[Path] | None = None
) -> list[tuple[Path, str]]:
    """Bars of each multi-select question, one PNG per question, with its alt text.

    Parameters
    ----------
    multiple : DataFrame
        ``wave.multiple`` (one row per question x option); with a ``suppressed``
        column (the report's protected counts) the hidden options are left out
        of the bars and the alt text says how many.
    out_dir : path
        Folder of the files (``figure-multiple-<question id>.png``).
    wave : str
        Name of the wave, for the titles.
    taken : set of Path, optional
        Files already written by the caller (see
        :func:`lscb_survey.present.paths.output_path`).

    Returns
    -------
    list of (Path, str)
        Each file written with its alt text (also stored in the PNG). A
        question with no option to draw (nobody answered it, or every option
        hidden) gets no figure.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> frame = pd.DataFrame({"question_id": "q", "question": "Contact?",
    ...     "option": ["Email", "Phone"], "chosen": [20, 10], "answered": 31,
    ...     "respondents": 40, "percent": [64.5, 32.3]})
    >>> [p.name for p, _ in multiple_figures(frame, tempfile.mkdtemp(), wave="w")]
    ['figure-multiple-q.png']
    """
    import matplotlib.pyplot as plt

    from ..alt_text import multiple_alt_text
    from ..paths import output_path
    from ..plots import multiple_bars
    from ..style import save_figure

    out = Path(out_dir)
    taken = set() if taken is None else taken
    files: list[tuple[Path, str]] = []
    for question_id, part in multiple.groupby("question_id", sort=False):
        hidden = part["suppressed"].astype(bool) if "suppressed" in part else part["percent"].isna()
        shown = part[~hidden.to_numpy() & part["percent"].notna().to_numpy()]
        if shown.empty:
            continue
        first = part.iloc[0]
        alt = multiple_alt_text(shown, left_out=int(hidden.sum()) if "suppressed" in part else 0)
        title = (
            f"{wave} ({int(first['answered'])} of {int(first['respondents'])} respondents "
            f"answered): {first['question']}"
        )
        ax = multiple_bars(shown, title=title)
        target = output_path(out, f"figure-multiple-{question_id}", ".png", taken=taken)
        files.append((save_figure(ax.figure, target, description=alt), alt))  # type: ignore[arg-type]
        plt.close(ax.figure)  # type: ignore[arg-type]
    return files


def with_not_asked(frame: pd.DataFrame, wave: Wave) -> pd.DataFrame:
    """A per-item frame with a ``not_asked`` column after ``n``, when the wave has skip logic.

    ``not_asked`` counts the respondents each item was not put to
    (:attr:`~lscb_survey.waves.model.Wave.not_asked`; 0 for an item without a
    ``not_asked`` rule). A wave whose codebook has no such rule gets the frame
    back unchanged.

    Parameters
    ----------
    frame : DataFrame
        One row per item with ``item_id`` and ``n`` (e.g. :func:`lscb_survey.likert_summary`).
    wave : Wave

    Returns
    -------
    DataFrame
        The columns of ``frame``, with ``not_asked`` (int) inserted after ``n``.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> wave = load_wave("2012")
    >>> with_not_asked(ls.likert_summary(wave.counts), wave).columns.tolist()[7:10]
    ['base', 'n', 'n_valid']
    """
    skipped = wave.not_asked
    if skipped is None or skipped.empty:
        return frame
    out = frame.copy()
    counts = out["item_id"].astype(str).map(skipped.rename(index=str)).fillna(0).astype("int64")
    out.insert(list(out.columns).index("n") + 1, "not_asked", counts.to_numpy())
    return out


@dataclass(frozen=True)
class WaveSummary:
    """What :func:`wave_summary` made: the wave and the files it wrote."""

    wave: Wave
    files: list[Path]

    def report_lines(self) -> list[str]:
        """The wave's size, then one ``wrote <path>`` line per file.

        Examples
        --------
        >>> WaveSummary(load_wave("2012"), [Path("counts.csv")]).report_lines()
        ['2012: 57 respondents, 31 items', 'wrote counts.csv']
        """
        wave = self.wave
        head = f"{wave.name}: {wave.respondents} respondents, {len(wave.items)} items"
        weighting = describe_weighting(wave)
        heads = [head] if weighting is None else [head, weighting]
        return [*heads, *(f"wrote {path}" for path in self.files)]


def wave_summary(
    source: str | Path | Wave,
    out_dir: str | Path,
    *,
    codebook: str | Path | None = None,
    name: str | None = None,
    figures: bool = True,
    items: Sequence[str] | None = None,
    by: str | None = None,
    value_labels: str | None = None,
    unweighted: bool = False,
    population: int | None = None,
    rake_to: str | Path | None = None,
) -> WaveSummary:
    """Write the tidy counts, summaries, printed tables and figures of one wave.

    Writes ``counts.csv``, ``summary.csv`` (with a ``not_asked`` column when
    the codebook has skip logic, see :func:`with_not_asked`), ``multiple.csv`` when the codebook
    has multi-select questions (the schema of ``Wave.multiple``), one ``tableNN.csv`` per report
    table in its printed layout, and (unless ``figures=False``) diverging bar
    charts (see :func:`wave_figures`). The folder is created only once the wave
    has been read without error. A wave whose codebook names a weight column
    is weighted (:func:`load_wave`): ``counts.csv`` gets the weighted columns
    of :func:`lscb_survey.weighted_counts`, and the summaries, the
    percentages of the printed tables and the figures are weighted. File names made from data (scale names) are
    slugified and kept inside ``out_dir`` (see
    :func:`lscb_survey.present.paths.output_path`).

    Parameters
    ----------
    source : str, Path or Wave
        A respondent-level file (CSV, XLSX, SPSS .sav or Stata .dta), ``"2012"``
        for the report's published counts, or a wave already read.
    out_dir : path
        Output folder.
    codebook : path, optional
        Codebook TOML of the file (default: the 2012 codebook).
    name : str, optional
        Name of the wave (default: the file name).
    figures : bool
        Draw the figures (default ``True``).
    items : sequence of str, optional
        Item ids the file holds (default: every item of the codebook); see
        :func:`lscb_survey.read_wave`.
    by : str, optional
        A respondent attribute: also write the breakdown by it
        (:func:`~lscb_survey.present.pipelines.trends.group_report`).
    value_labels : {None, "codebook", "file"}, optional
        Which side wins when the value labels of an SPSS or Stata file
        contradict the codebook (default: the conflict is an error); passed
        to :func:`lscb_survey.read_wave` as ``labels``.
    unweighted : bool
        Ignore a weight column the codebook names. A breakdown by group
        (``by``) has no weighted form yet: it needs ``unweighted=True`` for a
        weighted wave.
    population : int, optional
        Units in the population: the wave gets a finite population
        correction, and ``estimates.csv`` and ``estimate-means.csv`` (and
        by ``by``) are written too (:func:`~lscb_survey.present.pipelines.estimates.wave_estimates`).
    rake_to : path, optional
        A margins file (:func:`~lscb_survey.present.pipelines.estimates.read_margins`):
        the wave is raked to it first, and the estimates are written too.

    Returns
    -------
    WaveSummary
        The wave and the files written, in order.

    Examples
    --------
    >>> import tempfile
    >>> from lscb_survey import config
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     report = wave_summary(config.examples_dir() / "wave-example.csv", tmp, figures=False)
    ...     [p.name for p in report.files][:3]
    ['counts.csv', 'summary.csv', 'table05.csv']
    >>> report.report_lines()[0]
    'wave-example: 240 respondents, 31 items'
    """
    from ...analysis.compare_input import wave_frame
    from ...analysis.likert import likert_summary
    from ..export import write_csv
    from ..layout import published_layout
    from ..paths import output_path
    from .estimates import design_asked, design_wave, wave_estimates

    wave = design_wave(
        source, codebook, population=population, rake_to=rake_to, items=items,
        labels=value_labels, unweighted=unweighted, name=name,
    )  # fmt: skip
    if by is not None:
        refuse_weights(wave, f"a breakdown by {by!r}")
    counts = wave_frame(wave, None)[0]  # with the weighted columns for a weighted wave
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    taken: set[Path] = set()
    files = [
        write_csv(counts, output_path(out, "counts", ".csv", taken=taken)),
        write_csv(
            with_not_asked(likert_summary(counts, codebook=wave.codebook), wave),
            output_path(out, "summary", ".csv", taken=taken),
        ),
    ]
    if wave.multiple is not None:  # multi-select questions: one row per option
        files.append(write_csv(wave.multiple, output_path(out, "multiple", ".csv", taken=taken)))
    for table in wave.tables:
        layout = published_layout(table, wave=wave)
        target = output_path(out, f"table{table:02d}", ".csv", taken=taken)
        files.append(write_csv(layout, target, index=True))
    if figures:
        files += wave_figures(wave, out)
    if by is not None:
        from .trends import group_report

        files += group_report(wave, by, out, figures=figures)
    if design_asked(population, rake_to):
        files += wave_estimates(wave, out, by=by)
    return WaveSummary(wave, files)

"""Two waves compared answer by answer: tables, distribution tests and paired bars.

:func:`wave_comparison` is what ``lscb-survey wave compare`` runs; it returns a
:class:`WaveComparison` with the frames and the files written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .wave_reports import PUBLISHED, load_wave

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ...data.codebook import Codebook
    from ...waves.model import Wave

__all__ = ["WaveComparison", "comparison_figures", "marked", "wave_comparison"]


def _rows_of(frame: pd.DataFrame, table: Any, scale: Any) -> pd.DataFrame:
    """Rows of one report table (or of the items in no table) on one scale."""
    import pandas as pd

    same_table = frame["table"].isna() if pd.isna(table) else frame["table"] == table
    return frame[same_table & (frame["scale"] == scale)]


def comparison_figures(
    a: Wave, b: Wave, labels: tuple[str, str], out_dir: str | Path
) -> list[Path]:
    """Paired diverging bars of two waves, one figure per table (or per scale).

    An item whose waves offer different non-substantive answers is drawn on the
    substantive base, as :func:`lscb_survey.compare_waves` compares it.

    Parameters
    ----------
    a, b : Wave
        The earlier and the later wave.
    labels : tuple of two str
        Names of the waves in the figures.
    out_dir : path
        Folder of the PNG files (``comparison-table-07.png``, ...).

    Returns
    -------
    list of Path
        The files written.
    """
    import matplotlib.pyplot as plt
    import pandas as pd

    from ...analysis.compare import wave_shares
    from ...analysis.trends import item_matches
    from ..paths import output_path
    from ..plots import paired_diverging_bars
    from ..style import save_figure

    out = Path(out_dir)

    def shares_of(wave: Wave) -> pd.DataFrame:  # each item on the base of the comparison
        every, valid = wave_shares(wave), wave_shares(wave, base="valid")
        both = pd.concat(
            [every[~every["item_id"].isin(moved)], valid[valid["item_id"].isin(moved)]]
        )
        return both.sort_values(["item_order", "response_order"], kind="stable")

    matches = item_matches([a, b])
    moved = {i for i, m in matches.items() if m == "substantive"}
    shares_a, shares_b = shares_of(a), shares_of(b)
    # an item comparable in both waves is drawn in a's figure, whatever b calls its scale
    scale_a = dict(zip(shares_a["item_id"], shares_a["scale"], strict=False))
    shares_b["scale"] = [
        scale_a[i] if i in scale_a and matches.get(i) != "different" else s
        for i, s in zip(shares_b["item_id"], shares_b["scale"], strict=True)
    ]
    groups = pd.concat([shares_a, shares_b])[["table", "scale"]].drop_duplicates()
    files: list[Path] = []
    taken: set[Path] = set()
    for table, scale in groups.itertuples(index=False):
        name = f"table-{int(table):02d}" if not pd.isna(table) else "items"
        title = f"{labels[0]} and {labels[1]}: " + (
            f"items of Table {int(table)}" if not pd.isna(table) else f"{scale} items"
        )
        if groups["table"].eq(table).sum() > 1 or pd.isna(table):
            name += f"-{scale}"
        fig = paired_diverging_bars(
            _rows_of(shares_a, table, scale),
            _rows_of(shares_b, table, scale),
            labels=labels,
            title=title,
        )
        target = output_path(out, f"comparison-{name}", ".png", taken=taken)
        files.append(save_figure(fig, target))
        plt.close(fig)
    return files


@dataclass(frozen=True)
class WaveComparison:
    """What :func:`wave_comparison` made.

    Attributes
    ----------
    comparison : DataFrame
        One row per item x answer (see :func:`lscb_survey.compare_waves`);
        suppressed values are missing here (the files show them as ``[c]``).
    distributions : DataFrame
        One distribution test per item (see :func:`lscb_survey.compare_distributions`).
    labels : tuple of two str
        Names of the two waves.
    largest : DataFrame
        The largest changes (see :func:`lscb_survey.analysis.compare.largest_changes`).
    files : list of Path
        The files written, in order.
    suppressed : list of str
        Labels of the waves whose small counts were hidden (none without ``suppress``).
    threshold : int or None
        The suppression threshold.
    """

    comparison: pd.DataFrame
    distributions: pd.DataFrame
    labels: tuple[str, str]
    largest: pd.DataFrame
    files: list[Path]
    suppressed: list[str]
    threshold: int | None = None

    def report_lines(self) -> list[str]:
        """What changed, the base and weights, the largest changes and one ``wrote`` line per file."""
        lines = []
        if self.suppressed:
            lines.append(
                f"suppressed counts below {self.threshold} in "
                + ", ".join(self.suppressed)
                + "; figures not drawn (bar lengths would show the hidden counts)"
            )
        counts = self.comparison.drop_duplicates("item_id")["status"].value_counts()
        lines.append(
            f"{self.labels[0]} -> {self.labels[1]}: "
            + ", ".join(f"{int(counts[s])} items {s}" for s in counts.index if counts[s])
        )
        items = self.comparison.drop_duplicates("item_id")
        moved = items.loc[(items["status"] == "both") & (items["base"] == "valid"), "short"]
        if len(moved) and not (items["base"] == "valid").all():
            lines.append(
                f"note: {len(moved)} items offer different non-substantive answers in the two "
                "waves and are compared on the substantive base (base = valid): "
                + "; ".join(str(x) for x in moved[:5])
                + ("; ..." if len(moved) > 5 else "")
            )
        elif len(moved):
            lines.append("note: every item is compared on the substantive base (base = valid)")
        weighted = self.comparison.attrs.get("weighted", {})
        for side, label in zip("ab", self.labels, strict=True):
            if weighted.get(side):
                lines.append(
                    f"note: {label} is weighted: its percentages and intervals use the weights "
                    "(Kish effective n), the tests its unweighted counts"
                )
        top = self.largest
        for short, response, change, low, high in zip(
            top["short"],
            top["response"],
            top["change_pp"],
            top["ci_low"],
            top["ci_high"],
            strict=True,
        ):
            lines.append(
                f"  {str(short)[:50]:<50} {str(response):<27} {change:+6.1f} points "
                f"[{low:+.1f}, {high:+.1f}]"
            )
        return lines + [f"wrote {path}" for path in self.files]


def _suppress(
    comparison: pd.DataFrame,
    distributions: pd.DataFrame,
    threshold: int,
    waves: dict[str, Wave],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hide counts below ``threshold`` of the given waves, and the tests of those items.

    Each wave's side hides what the wave published alone hides
    (:func:`lscb_survey.suppress` of its counts), and that release is checked by
    :func:`lscb_survey.disclosure.release.check_release` first: a cell it would
    give away stops the comparison before any file is written.
    """
    from ...disclosure import suppress as suppress_counts
    from ...disclosure import suppress_comparison
    from ...disclosure.gate import gate_distributions
    from ...disclosure.release import check_release

    comparison = suppress_comparison(comparison, threshold=threshold, sides=list(waves))
    for side, wave in waves.items():
        alone = suppress_counts(wave.counts, threshold=threshold)
        check_release(alone, wave.counts)
        comparison = _hide_as_alone(comparison, side, alone)
    hidden = set(comparison.loc[comparison.suppressed_a | comparison.suppressed_b, "item_id"])
    return comparison, gate_distributions(distributions, hidden)


def _hide_as_alone(comparison: pd.DataFrame, side: str, alone: pd.DataFrame) -> pd.DataFrame:
    """Also hide the cells of one side that the wave alone hides (the rules agree, so
    normally none), and what derives from them."""
    import pandas as pd

    from ...disclosure.gate import gate_comparison

    cells = zip(alone["item_id"], alone["response"], alone["suppressed"], strict=True)
    keys = {(str(i), str(r)) for i, r, hidden in cells if hidden}
    pairs = zip(comparison["item_id"], comparison["response"], strict=True)
    extra = pd.Series([(str(i), str(r)) in keys for i, r in pairs], index=comparison.index)
    extra &= ~comparison[f"suppressed_{side}"].astype(bool)
    if not extra.any():
        return comparison
    out = comparison.copy()
    out[f"suppressed_{side}"] = out[f"suppressed_{side}"] | extra
    for column in (f"count_{side}", f"pct_{side}"):
        out[column] = out[column].mask(extra)
    out = gate_comparison(out)
    out.attrs = dict(comparison.attrs)
    return out


def marked(published: pd.DataFrame, original: pd.DataFrame) -> pd.DataFrame:
    """``published`` with every value that suppression removed from ``original`` as ``[c]``.

    A cell holds the marker (:data:`lscb_survey.disclosure.MARKER`) exactly
    when ``original`` has a value there and ``published`` (the same rows and
    columns, suppressed) has none; other cells keep their values, numbers as
    numbers, so a file shows hidden cells the way the printed tables do.

    Parameters
    ----------
    published : DataFrame
        The suppressed frame (it may have extra columns, such as flags).
    original : DataFrame
        The frame before suppression, on the same index.

    Returns
    -------
    DataFrame
        A copy of ``published``; columns with a marker become ``object``.

    Examples
    --------
    >>> import pandas as pd
    >>> before = pd.DataFrame({"count": [1, 7, None], "label": ["a", "b", "c"]})
    >>> after = before.assign(count=[None, 7, None])
    >>> marked(after, before)["count"].tolist()
    ['[c]', 7.0, nan]
    """
    from ...disclosure import MARKER

    out = published.copy()
    for column in original.columns.intersection(published.columns):
        hidden = published[column].isna() & original[column].notna()
        if hidden.any():
            out[column] = out[column].astype(object).where(~hidden, MARKER)
    return out


def wave_comparison(
    a: str | Path | Wave,
    b: str | Path | Wave,
    out_dir: str | Path,
    *,
    codebook: str | Path | Codebook | None = None,
    suppress: int | None = None,
    level: float = 0.95,
    unweighted: bool = False,
    figures: bool = True,
    top: int = 5,
    items: Sequence[str] | None = None,
    value_labels: str | None = None,
    population: int | None = None,
    rake_to: str | Path | None = None,
) -> WaveComparison:
    """Compare two waves answer by answer and write the tables and paired bars.

    Writes ``comparison.csv`` (percentages, change with a Newcombe interval,
    Fisher and Benjamini-Hochberg p-values), ``distributions.csv`` (a
    distribution test per item) and, unless ``figures=False`` or counts are
    suppressed, paired diverging bars (see :func:`comparison_figures`). With
    ``suppress``, every value the suppression hides (a count, a percentage, a
    change, interval or p-value derived from it, an item's test) is written as
    ``[c]`` (see :func:`marked`); ``suppressed_a`` and ``suppressed_b`` flag
    the hidden rows.

    Parameters
    ----------
    a, b : str, Path or Wave
        The earlier and the later wave: a respondent-level file, ``"2012"`` for
        the report's published counts, or a wave already read (see :func:`load_wave`).
    out_dir : path
        Output folder (created if needed).
    codebook : path or Codebook, optional
        Codebook of the files (default: the 2012 codebook).
    suppress : int, optional
        Hide counts below this in the new wave(s), never in 2012 (a wave given
        as a :class:`~lscb_survey.Wave` counts as new); no figures are drawn
        then, since bar lengths would show the hidden counts. A new wave's side
        hides what the wave published alone hides, and that release is checked
        (:func:`lscb_survey.disclosure.release.check_release`) before anything
        is written.
    level : float
        Confidence level of the intervals.
    unweighted : bool
        Ignore a weight column the codebook names.
    figures : bool
        Draw the paired bars (default ``True``).
    top : int
        How many of the largest changes to keep in :attr:`WaveComparison.largest`.
    items : sequence of str, optional
        Item ids the files hold (default: every item of the codebook); see
        :func:`lscb_survey.read_wave`. Not applied to ``"2012"``.
    value_labels : {None, "codebook", "file"}, optional
        Which side wins when the value labels of an SPSS or Stata file
        contradict the codebook (default: the conflict is an error); passed
        to :func:`lscb_survey.read_wave` as ``labels``.
    population, rake_to : optional
        The later wave ``b``'s population size and a margins file to rake it
        to (:func:`~lscb_survey.present.pipelines.estimates.design_wave`): its
        shares get design-based intervals in the comparison, and its
        ``estimates.csv`` and ``estimate-means.csv`` are written too. Not
        with ``suppress``.

    Returns
    -------
    WaveComparison

    Raises
    ------
    DisclosureError
        With ``suppress``, if the suppressed counts of a new wave would let a
        reader work out a hidden count; no file is written.

    Examples
    --------
    >>> import tempfile
    >>> from lscb_survey import config
    >>> new = config.examples_dir() / "wave-example.csv"
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     result = wave_comparison("2012", new, tmp, figures=False)
    ...     [p.name for p in result.files]
    ['comparison.csv', 'distributions.csv']
    >>> result.report_lines()[0]
    '2012 -> wave-example: 31 items both'
    """
    from ...analysis.compare import compare_waves, largest_changes
    from ...analysis.compare_tests import compare_distributions
    from ..export import write_csv
    from ..paths import output_path
    from .estimates import design_asked, design_wave, refuse_design_suppression, wave_estimates

    refuse_design_suppression(suppress, population, rake_to)
    wave_a = load_wave(a, codebook, unweighted=unweighted, items=items, labels=value_labels)
    wave_b = design_wave(
        b, codebook, population=population, rake_to=rake_to, items=items,
        labels=value_labels, unweighted=unweighted,
    )  # fmt: skip
    comparison = compare_waves(wave_a, wave_b, level=level)
    labels = comparison.attrs["labels"]
    distributions = compare_distributions(wave_a, wave_b, labels=labels)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sides = [s for s, spec in (("a", a), ("b", b)) if str(spec) != PUBLISHED]
    suppressed: list[str] = []
    files_of = {"comparison": comparison, "distributions": distributions}
    if suppress is not None and sides:
        waves = {side: wave_a if side == "a" else wave_b for side in sides}
        comparison, distributions = _suppress(comparison, distributions, suppress, waves)
        suppressed = [labels[0 if s == "a" else 1] for s in sides]
        files_of = {
            "comparison": marked(comparison, files_of["comparison"]),
            "distributions": marked(distributions, files_of["distributions"]),
        }
    files = [write_csv(frame, output_path(out, name, ".csv")) for name, frame in files_of.items()]
    if figures and not suppressed:
        files += comparison_figures(wave_a, wave_b, labels, out)
    if design_asked(population, rake_to):
        files += wave_estimates(wave_b, out)
    largest = largest_changes(comparison, top)
    return WaveComparison(comparison, distributions, labels, largest, files, suppressed, suppress)

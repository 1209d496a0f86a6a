"""The HTML report of a new wave, in the layout of the 2012 tables, with disclosure control.

:func:`wave_report` (``lscb-survey wave report``) writes ``index.html`` for a wave
of respondent-level data: each table the wave asks in the 2012 printed layout,
the Likert summaries and the diverging bar charts with alt text, optionally a
comparison with an earlier wave and a breakdown by group
(:mod:`lscb_survey.present.report.wave_sections`), and the wave's provenance.
With ``suppress=K`` small counts and the cells they could be recovered from
are shown as ``[c]`` in the tables, the workbook, the comparison and the
breakdown, with every number derived from them; summaries and figures are
drawn for the items whose counts are all published, and the page lists the
others with the reason and the information lost.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ...disclosure import MARKER, OVERALL

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ...data.codebook import Codebook
    from ...waves.model import Wave
    from .wave_sections import GroupSection

__all__ = ["SUPPRESSED_SYMBOL", "wave_report"]

#: How a suppressed cell is shown (the spreadsheet guidance's symbol for confidential).
SUPPRESSED_SYMBOL = MARKER


def _layouts(wave: Wave, overall: pd.DataFrame | None) -> dict:
    """Each table of the wave in the printed layout (from the suppressed counts if given)."""
    from ..layout import published_layout

    if overall is None:
        return {t: published_layout(t, wave=wave) for t in wave.tables}
    return {t: published_layout(t, overall[overall["table"] == t]) for t in wave.tables}


def _grids(wave: Wave, layouts: dict, threshold: int | None) -> list:
    from ...data.loaders import catalogue
    from .tables import table_grid
    from .wave_multiple import not_asked_note

    titles = catalogue().set_index("table")["title"]
    grids = []
    for table, layout in layouts.items():
        part = wave.counts[wave.counts["table"] == table]
        ids = list(dict.fromkeys(part["item_id"].astype(str)))
        grid = table_grid(table, f"Table {table}: {titles.loc[table]}", "likert", layout, ids)
        grid.note = not_asked_note(wave, ids, threshold)
        grids.append(grid)
    return grids


def _published_only(wave: Wave, hidden: set[str]) -> Wave:
    """The wave with the items that have a hidden count left out of its counts."""
    import dataclasses

    if not hidden:
        return wave
    keep = ~wave.counts["item_id"].astype(str).isin(hidden)
    return dataclasses.replace(wave, counts=wave.counts[keep.to_numpy()].reset_index(drop=True))


def _withheld_items(wave: Wave, overall: pd.DataFrame | None) -> list[str]:
    """Items with a hidden count, each with the reason its summary and figure are left out."""
    if overall is None:
        return []
    withheld = set()
    for w in overall.attrs.get("withheld", []):
        if not isinstance(w, tuple):
            withheld.add(str(w))
        elif str(w[0]) == OVERALL:
            withheld.add(str(w[1]))
    hidden = overall.loc[overall["suppressed"].astype(bool)]
    shorts = dict(
        zip(wave.counts["item_id"].astype(str), wave.counts["item"].astype(str), strict=False)
    )
    lines = []
    for item in dict.fromkeys(hidden["item_id"].astype(str)):
        if item in withheld:
            why = "every answer hidden, zeros too: no pattern of hidden cells protects its small counts"
        else:
            cells = int((hidden["item_id"].astype(str) == item).sum())
            why = (
                f"{cells} of its answer counts hidden (a count below the threshold, and the cells "
                "it could be worked out from)"
            )
        left_out = "its summary and figure are" if item in withheld else "its summary is"
        lines.append(f"{shorts.get(item, item)}: {why}; {left_out} left out.")
    return lines


def _figures(wave: Wave) -> list:
    import pandas as pd

    from ...analysis.compare_input import wave_frame
    from ...analysis.likert import likert_shares
    from ..alt_text import likert_alt_text
    from ..pipelines.wave_reports import wave_figures
    from .sections import Figure, data_uri

    counts = wave_frame(wave, None)[0]  # weighted counts for a weighted wave
    alts = []
    for table, scale in counts[["table", "scale"]].drop_duplicates().itertuples(index=False):
        mask = counts["table"].isna() if pd.isna(table) else counts["table"] == table
        part = counts[mask & (counts["scale"] == scale)]
        what = f"{scale} items" if pd.isna(table) else f"items of Table {int(table)}"
        alts.append(likert_alt_text(likert_shares(part, codebook=wave.codebook), what))
    with tempfile.TemporaryDirectory() as tmp:
        paths = wave_figures(wave, tmp, multiple=False)  # multi-select: in their own section
        data = [(p.stem, p.read_bytes()) for p in paths]
    return [
        Figure(stem, f"{wave.name}: {alt.split(', ')[1].split(';')[0]}", alt, data_uri(png))
        for (stem, png), alt in zip(data, alts, strict=True)
    ]


def _hidden_items(overall: pd.DataFrame) -> set[str]:
    return set(overall.loc[overall["suppressed"].astype(bool), "item_id"].astype(str))


def _lost(overall: pd.DataFrame, linked: pd.DataFrame | None) -> str:
    """The information lost to suppression, in words, for the methods section."""
    from ...disclosure.release import information_lost

    lost = information_lost(overall)
    text = (
        f"{lost['cells_hidden']} of {lost['cells']} table cells hidden "
        f"({lost['answers_hidden']} answers); {lost['items_with_hidden']} of {lost['items']} "
        f"items have a hidden cell, {lost['items_withheld']} withheld entirely."
    )
    if linked is not None:
        by_group = linked.attrs["information_lost"]
        text += (
            f" By group (positive answers and all others): {by_group['group_cells_hidden']} of "
            f"{by_group['group_cells']} cells hidden, {by_group['group_rows_withheld']} group "
            f"rows of an item withheld, {by_group['items_withheld']} items' breakdowns withheld."
        )
    return text


def _sections(
    wave: Wave,
    *,
    codebook: str | Path | Codebook | None,
    items: Sequence[str] | None,
    compare: str | Path | Wave | None,
    by: str | None,
    suppress: int | None,
    unweighted: bool = False,
) -> tuple[pd.DataFrame | None, object, object, pd.DataFrame | None]:
    """The suppressed overall counts (or None), the comparison section and the group section.

    With ``by`` and ``suppress`` the overall counts come from the suppression
    linked with the groups, so every section hides the same cells; the linked
    counts by group are returned last (None without ``by``).
    """
    from ..pipelines.wave_reports import PUBLISHED, load_wave
    from .wave_sections import attribute_label, comparison_section, group_section, hidden_keys

    linked = overall = None
    if by is not None and suppress is not None:
        from .wave_groups import positive_breakdown

        overall, linked, lost = positive_breakdown(wave, by, suppress)
        linked.attrs["information_lost"] = lost
    elif suppress is not None:
        from ...disclosure import suppress as suppress_counts
        from ...disclosure.release import check_release

        overall = suppress_counts(wave.counts, threshold=suppress)
        check_release(overall, wave.counts)
    comparison = None
    if compare is not None:
        published = isinstance(compare, str | Path) and str(compare) == PUBLISHED
        earlier = load_wave(
            compare, codebook, items=None if published else items, unweighted=unweighted
        )
        comparison = comparison_section(
            earlier,
            wave,
            threshold=suppress,
            sides=("b",) if published else ("a", "b"),
            hidden_b=None if overall is None else hidden_keys(overall, "item_id", "response"),
        )
    groups: GroupSection | None = None
    if by is not None and linked is not None:
        from .wave_groups import positive_section

        groups = positive_section(wave, by, linked, label=attribute_label(wave, by))
    elif by is not None:
        groups = group_section(wave, by)
    return overall, comparison, groups, linked


def _methods(
    wave: Wave,
    *,
    suppress: int | None,
    compare: str | Path | Wave | None,
    by: str | None,
    items: Sequence[str] | None,
) -> list[tuple[str, str]]:
    """What the report was made with: codebook, disclosure threshold and options."""
    book = wave.codebook
    source = str(book.source)
    shown = source if source.startswith(("built-in", "<")) else Path(source).name
    earlier = compare.name if isinstance(compare, Path) else getattr(compare, "name", compare)
    return [
        ("Codebook", f"{book.name} ({shown}), {len(book.items)} items"),
        (
            "Disclosure control",
            "none: every count is shown"
            if suppress is None
            else f"threshold {suppress}: counts below {suppress}, and the cells they could "
            f"be worked out from, shown as {SUPPRESSED_SYMBOL}",
        ),
        ("Items read", "every item of the codebook" if items is None else ", ".join(items)),
        ("Compared with", "no other wave" if compare is None else str(earlier)),
        ("Broken down by", "no attribute" if by is None else by),
    ]


def wave_report(
    source: str | Path | Wave,
    out: str | Path,
    *,
    codebook: str | Path | Codebook | None = None,
    suppress: int | None = None,
    workbook: str | Path | None = None,
    items: Sequence[str] | None = None,
    compare: str | Path | Wave | None = None,
    by: str | None = None,
    unweighted: bool = False,
    population: int | None = None,
    rake_to: str | Path | None = None,
) -> Path:
    """Write the HTML report of a wave as ``out/index.html``.

    Parameters
    ----------
    source : str, Path or Wave
        A respondent-level file, ``"2012"`` for the published counts, or a wave.
    out : path
        Output folder (created when absent).
    codebook : path or Codebook, optional
        Codebook of the file (default: the 2012 codebook).
    suppress : int, optional
        Hide counts below this threshold, and the cells they could be recovered
        from, as ``[c]``, with every number derived from them; summaries and
        figures are then drawn for the items with every count published, and
        the others are listed with the reason.
    workbook : path, optional
        Also write the tables as an accessible XLSX here.
    items : sequence of str, optional
        Item ids the file(s) hold (default: every item of the codebook); see
        :func:`lscb_survey.read_wave`.
    compare : str, Path or Wave, optional
        An earlier wave (a file, ``"2012"`` or a wave) to compare with
        (:func:`lscb_survey.compare_waves`): adds a comparison section with its
        caveat, which names different informants when the waves declare them.
        With ``suppress`` the counts of both waves are protected, except the
        published 2012 counts.
    by : str, optional
        An attribute to break the answers down by: adds the summaries of each
        group (:func:`lscb_survey.likert_summary` with ``by``) and a test per
        item (:func:`lscb_survey.group_tests`). With ``suppress`` the counts by
        group and overall are protected together
        (:func:`lscb_survey.suppress` with ``by``), and the tables, comparison
        and breakdown all hide the cells of that one suppression.
    unweighted : bool
        Ignore a weight column the codebook names. Otherwise a weighted wave's
        percentages, summaries and figures are weighted and the page names the
        weighting; ``by`` and ``suppress`` have no weighted form yet and are
        refused for a weighted wave.
    population, rake_to : optional
        The wave's population size and a margins file to rake it to
        (:func:`~lscb_survey.present.pipelines.estimates.design_wave`): the
        comparison uses design-based intervals for it, and ``estimates.csv``
        and ``estimate-means.csv`` (and by ``by``) are written beside
        ``index.html``. Not with ``suppress``.

    Returns
    -------
    Path
        The ``index.html`` written.

    Examples
    --------
    >>> import tempfile
    >>> from lscb_survey import config
    >>> page = wave_report(config.examples_dir() / "wave-example.csv", tempfile.mkdtemp(),
    ...                    suppress=5)
    >>> text = page.read_text(encoding="utf-8")
    >>> "[c]" in text, "<img" in text  # figures of the items with nothing hidden
    (True, True)
    """
    from ... import __version__
    from ..paths import output_path
    from ..pipelines import estimates as design
    from ..pipelines.wave_reports import describe_weighting, refuse_weights
    from .build import render_html
    from .wave_hidden import hidden_figures
    from .wave_multiple import multiple_section

    folder = Path(out)
    page = output_path(folder, "index", ".html")  # refuses a link planted in the folder
    design.refuse_design_suppression(suppress, population, rake_to)
    wave = design.design_wave(
        source, codebook, population=population, rake_to=rake_to, items=items,
        unweighted=unweighted,
    )  # fmt: skip
    for asked, what in ((by, f"a breakdown by {by!r}"), (suppress, "disclosure control")):
        if asked is not None:
            refuse_weights(wave, what)
    overall, comparison, groups, linked = _sections(
        wave, codebook=codebook, items=items, compare=compare, by=by, suppress=suppress,
        unweighted=unweighted,
    )  # fmt: skip
    layouts = _layouts(wave, overall)
    grids = _grids(wave, layouts, suppress)
    hidden = set() if overall is None else _hidden_items(overall)
    shown = _published_only(wave, hidden)
    summaries = _summaries(wave, shown, grids, weighted=suppress is None)
    title = f"{wave.name}: responses in the layout of the 2012 survey of LSCB chairs"
    context: dict[str, object] = {
        "title": title,
        "wave": {
            "name": wave.name,
            "respondents": wave.respondents,
            "n_items": len(wave.items),
            "source": Path(wave.source).name if wave.source else "",
            "weighting": describe_weighting(wave),
            "design": design.describe_design(wave),
        },
        "suppress": suppress,
        "tables": grids,
        "summaries": summaries,
        "multiple": multiple_section(wave, threshold=suppress, by=by),
        "comparison": comparison,
        "groups": groups,
        "figures": (_figures(shown) if not shown.counts.empty else [])
        + ([] if overall is None else hidden_figures(wave, overall)),
        "withheld_items": _withheld_items(wave, overall),
        "information_lost": None if overall is None else _lost(overall, linked),
        "version": __version__,
        "methods": _methods(wave, suppress=suppress, compare=compare, by=by, items=items),
    }
    folder.mkdir(parents=True, exist_ok=True)
    page = output_path(folder, "index", ".html")  # checked again: the folder may be new
    page.write_text(render_html(context, "wave.html.j2"), encoding="utf-8", newline="\n")
    if workbook is not None:
        _write_workbook(workbook, wave, context, layouts, grids)
    if design.design_asked(population, rake_to):
        design.wave_estimates(wave, folder, by=by)
    return page


def _summaries(wave: Wave, shown: Wave, grids: list, *, weighted: bool) -> list:
    """Summary tables of the items with every count published (all of them unsuppressed).

    A weighted wave is never suppressed (the report refuses it), so an unsuppressed
    summary uses the wave's weights where it has them.
    """
    from ...analysis.compare_input import wave_frame
    from ...analysis.likert import likert_summary
    from .sections import likert_summary_table

    if shown.counts.empty:
        return []
    frame = wave_frame(wave, None)[0] if weighted else shown.counts
    summary = likert_summary(frame, codebook=wave.codebook)
    return [
        likert_summary_table(summary[summary["table"] == g.number], g.number)
        for g in grids
        if (summary["table"] == g.number).any()
    ]


def _write_workbook(
    path: str | Path, wave: Wave, context: dict[str, object], layouts: dict, grids: list
) -> None:
    """The report's tables and sections as a workbook, with the wave's own provenance."""
    from ..pipelines.wave_reports import describe_weighting
    from ..workbook import layout_sheet, write_workbook
    from .wave_workbook import wave_sheets, wave_source

    tables = [
        layout_sheet(f"Table_{g.number}", g.title, layouts[g.number], "likert") for g in grids
    ]
    multiple = context["multiple"]
    summaries = list(context["summaries"])  # type: ignore[call-overload]
    if multiple is not None:  # the multi-select questions in one sheet, after the summaries
        summaries.append(multiple.sheet)  # type: ignore[attr-defined]
    sheets = wave_sheets(tables, summaries, context["comparison"], context["groups"])
    methods = context["methods"]
    notes = [f"{term}: {text}." for term, text in methods]  # type: ignore[attr-defined]
    notes += [f"{g.title}: {g.note}" for g in grids if g.note]
    if multiple is not None:
        notes += [f"Multi-select questions: {n}" for n in multiple.notes]  # type: ignore[attr-defined]
    weighting = describe_weighting(wave)  # named in the notes: counts unweighted, % weighted
    if weighting:
        notes.insert(0, f"This wave is {weighting}; counts are unweighted.")
    write_workbook(
        path,
        sheets,
        title=str(context["title"]),
        notes=notes,
        source=wave_source(wave, str(context["version"])),
    )

"""Reproduce the outputs of the checkout: processed data, figures and notebooks.

:func:`reproduce` is what ``lscb-survey reproduce`` runs. It checks the raw
files against their checksums, writes ``data/processed/``, builds the figures
into ``figures/`` and, if asked, executes the notebooks to HTML, reporting each
step as it finishes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ... import config

__all__ = ["Step", "reproduce"]


@dataclass(frozen=True)
class Step:
    """One finished step of :func:`reproduce`.

    Attributes
    ----------
    name : str
        What the step makes, e.g. ``"processed data"``.
    detail : str
        What it did, e.g. ``"19 files in data/processed"``.
    seconds : float
        How long it took (the figures, drawn in worker processes: from when they
        were started, which overlaps the processed data).
    files : list of Path
        The files it wrote (none for the checksum check).
    """

    name: str
    detail: str
    seconds: float
    files: list[Path] = field(default_factory=list)

    def describe(self) -> str:
        """One line: name, detail and time, e.g. ``"figures: 11 figures in figures (3.08 s)"``."""
        return f"{self.name}: {self.detail} ({self.seconds:.2f} s)"


_Run = Callable[[], tuple[str, list[Path]]]


def _check_raw() -> tuple[str, list[Path]]:
    from ...data.rawfiles import verify_checksums

    verify_checksums()
    return "raw data matches its checksum manifest", []


def _processed(out: Path | None) -> _Run:
    def run() -> tuple[str, list[Path]]:
        from ..processed import write_processed

        files = write_processed(out)
        return f"{len(files)} files in {Path(out or config.processed_dir())}", files

    return run


class _Figures:
    """The figures step: started early (:meth:`start`), drawn in workers, awaited when run."""

    def __init__(self, out: Path | None, jobs: int) -> None:
        self.out, self.jobs = out, jobs
        self.started: float | None = None
        self._wait: Callable[[], list[Path]] | None = None

    def start(self) -> None:
        from ..figures import start_figures

        self.started = time.perf_counter()
        self._wait = start_figures(self.out, jobs=self.jobs)

    def __call__(self) -> tuple[str, list[Path]]:
        if self._wait is None:
            self.start()
        assert self._wait is not None
        files = self._wait()
        return f"{len(files)} figures in {Path(self.out or config.figures_dir())}", files


def _notebooks(build: Path | None) -> _Run:
    def run() -> tuple[str, list[Path]]:
        from ..notebooks import execute_notebooks

        files = execute_notebooks(html_dir=build)
        return f"{len(files)} notebooks executed to {build or 'notebooks/_build'}", files

    return run


def reproduce(
    processed_dir: str | Path | None = None,
    figures_dir: str | Path | None = None,
    build_dir: str | Path | None = None,
    *,
    figures: bool = True,
    notebooks: bool = False,
    progress: Callable[[int, int, Step], None] | None = None,
    jobs: int | None = None,
) -> list[Step]:
    """Regenerate the processed data, the figures and (optionally) the notebooks.

    Parameters
    ----------
    processed_dir, figures_dir : path, optional
        Output folders; default ``data/processed/`` and ``figures/`` of the checkout.
    build_dir : path, optional
        Folder of the executed notebooks' HTML; defaults to ``notebooks/_build/``.
    figures : bool
        Build the figures (default ``True``).
    notebooks : bool
        Also execute the notebooks (needs the ``notebooks`` extra).
    progress : callable, optional
        Called as ``progress(k, n, step)`` after step ``k`` of ``n`` finishes.
    jobs : int, optional
        Processes drawing the figures; defaults to the number of CPUs (at most 4).

    Returns
    -------
    list of Step
        The steps in the order they ran, each with the files it wrote.

    Raises
    ------
    FileNotFoundError
        With ``notebooks=True`` when no notebooks are found (outside a checkout),
        before any step runs.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     steps = reproduce(processed_dir=tmp, figures=False)
    ...     [s.name for s in steps], any(p.name == "datapackage.json" for p in steps[1].files)
    (['verify raw data', 'processed data'], True)
    """
    if notebooks:  # before anything is written
        from ..notebooks import notebook_paths

        notebook_paths(required=True)
    out = Path(processed_dir) if processed_dir is not None else None
    plan: list[tuple[str, _Run]] = [
        ("verify raw data", _check_raw),
        ("processed data", _processed(out)),
    ]
    drawing: _Figures | None = None
    if figures:
        n_jobs = jobs if jobs is not None else min(4, os.cpu_count() or 1)
        drawing = _Figures(Path(figures_dir) if figures_dir is not None else None, n_jobs)
        plan.append(("figures", drawing))
    if notebooks:
        plan.append(("notebooks", _notebooks(Path(build_dir) if build_dir is not None else None)))
    steps: list[Step] = []
    for k, (name, run) in enumerate(plan, start=1):
        t0 = time.perf_counter()
        detail, files = run()
        if run is drawing and drawing.started is not None:
            t0 = min(t0, drawing.started)
        steps.append(Step(name, detail, time.perf_counter() - t0, files))
        if progress is not None:
            progress(k, len(plan), steps[-1])
        if name == "verify raw data" and drawing is not None and drawing.jobs > 1:
            drawing.start()  # drawn in worker processes while the data is written
    return steps

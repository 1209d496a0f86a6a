"""Execute the notebooks (for ``lscb-survey reproduce --notebooks``)."""

from __future__ import annotations

from pathlib import Path

from .. import config

__all__ = ["execute_notebooks", "notebook_paths"]


def notebook_paths(folder: str | Path | None = None) -> list[Path]:
    """The project's notebooks in reading order (``NN-*.ipynb``)."""
    folder = Path(folder) if folder is not None else config.notebooks_dir()
    return sorted(folder.glob("[0-9][0-9]-*.ipynb"))


def execute_notebooks(
    folder: str | Path | None = None, *, html_dir: str | Path | None = None, timeout: int = 300
) -> list[Path]:
    """Execute every notebook and write it as HTML to ``html_dir``.

    The committed notebooks are not modified. Requires the ``notebooks`` extra
    (nbclient, nbconvert, ipykernel).

    Returns
    -------
    list of Path
        The HTML files written.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    paths = notebook_paths(folder)
    out = Path(html_dir) if html_dir is not None else config.notebooks_dir() / "_build"
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter()
    written = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        body, _ = exporter.from_notebook_node(nb)
        target = out / (path.stem + ".html")
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written

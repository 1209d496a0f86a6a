"""Execute the notebooks (for ``lscb-survey reproduce --notebooks``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .. import config
from .paths import output_path

__all__ = [
    "OFFLINE_TEMPLATE",
    "execute_notebooks",
    "html_exporter",
    "kernel_settings",
    "notebook_paths",
]

#: The page template of the notebook HTML: JupyterLab's, less every script from the network.
OFFLINE_TEMPLATE = Path(__file__).with_name("notebook_template") / "offline.html.j2"


def notebook_paths(folder: str | Path | None = None, *, required: bool = False) -> list[Path]:
    """The project's notebooks in reading order (``NN-*.ipynb``).

    Parameters
    ----------
    folder : path, optional
        Where to look; ``notebooks/`` of the checkout by default.
    required : bool
        Raise ``FileNotFoundError`` when there are none (e.g. outside a
        checkout of the project) instead of returning an empty list.

    Returns
    -------
    list of Path
    """
    where = Path(folder) if folder is not None else config.notebooks_dir()
    paths = sorted(where.glob("[0-9][0-9]-*.ipynb"))
    if required and not paths:
        raise FileNotFoundError(
            f"no notebooks (NN-*.ipynb) in {where}; executing them needs a checkout of the project"
        )
    return paths


def kernel_settings() -> dict[str, Any]:
    """Settings of the kernel manager: an encrypted (or local) channel to the kernel.

    By default Jupyter talks to a kernel over TCP in plain text, and ipykernel
    warns about it on every start. When the kernel manager can provision
    CurveZMQ keys (jupyter_client with ``transport_encryption``, and a libzmq
    with Curve) the channel is encrypted; otherwise, on POSIX systems, the
    kernel is reached over local IPC sockets instead of TCP.

    Returns
    -------
    dict
        Traitlets configuration for ``KernelManager``.
    """
    import zmq
    from jupyter_client.manager import KernelManager

    if zmq.has("curve") and KernelManager.class_traits().get("transport_encryption"):
        return {"KernelManager": {"transport_encryption": "auto"}}
    if os.name == "posix":
        return {"KernelManager": {"transport": "ipc"}}
    return {}  # pragma: no cover - neither Curve nor IPC


def html_exporter() -> Any:
    """nbconvert's HTML exporter writing self-contained pages (:data:`OFFLINE_TEMPLATE`).

    JupyterLab's page loads require.js, MathJax and mermaid from a CDN; the project's
    notebooks need none of them (figures are PNG images embedded in the outputs), so
    the page is the same without them and opens offline with no request at all.

    Returns
    -------
    nbconvert.HTMLExporter
    """
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", template_file=str(OFFLINE_TEMPLATE))


def execute_notebooks(
    folder: str | Path | None = None, *, html_dir: str | Path | None = None, timeout: int = 300
) -> list[Path]:
    """Execute every notebook and write it as HTML to ``html_dir``.

    The committed notebooks are not modified. Requires the ``notebooks`` extra
    (nbclient, nbconvert, ipykernel). The kernels run with
    :func:`kernel_settings`.

    Returns
    -------
    list of Path
        The HTML files written.

    Raises
    ------
    FileNotFoundError
        If the folder holds no notebooks (e.g. outside a checkout of the project).
    ImportError
        If the ``notebooks`` extra is not installed.
    """
    try:
        import nbformat
        from nbclient import NotebookClient
        from traitlets.config import Config
    except ImportError as exc:
        raise ImportError(
            f"executing the notebooks needs {exc.name}, part of the optional 'notebooks' "
            "extra: pip install 'lscb-survey[notebooks]'"
        ) from exc

    paths = notebook_paths(folder, required=True)
    out = Path(html_dir) if html_dir is not None else config.notebooks_dir() / "_build"
    out.mkdir(parents=True, exist_ok=True)
    exporter = html_exporter()
    written = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            config=Config(kernel_settings()),
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        body, _ = exporter.from_notebook_node(nb)
        target = output_path(out, path.stem, ".html")
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written

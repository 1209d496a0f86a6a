"""Executing the notebooks against one near-empty notebook."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from common import ROOT, Context, Result, run_checked

__all__ = ["bench_notebooks"]


_NOTEBOOK_RUNNER = r"""
import json, sys, time
import nbclient
from lscb_survey.present.notebooks import execute_notebooks, notebook_paths

folder = sys.argv[1] if sys.argv[1] != "-" else None
per = []
original = nbclient.NotebookClient.execute

def timed(self, *args, **kwargs):
    t0 = time.perf_counter()
    try:
        return original(self, *args, **kwargs)
    finally:
        per.append(time.perf_counter() - t0)

nbclient.NotebookClient.execute = timed
names = [p.name for p in notebook_paths(folder)]
t0 = time.perf_counter()
execute_notebooks(folder, html_dir=sys.argv[2])
print(json.dumps({"total": time.perf_counter() - t0, "names": names, "per": per}))
"""

_EMPTY_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "c0",
            "metadata": {},
            "outputs": [],
            "source": ["import lscb_survey"],
        }
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def bench_notebooks(ctx: Context) -> list[Result]:
    """Time executing every notebook against one notebook holding only an import."""
    sys.path.insert(0, str(ROOT / "src"))
    from lscb_survey.present.notebooks import notebook_paths

    paths = notebook_paths()
    if not paths:
        return [
            Result(
                "notebooks",
                "execute every notebook",
                None,
                "s",
                target="< 60 s",
                note="no notebooks in notebooks/ yet",
            )
        ]
    with tempfile.TemporaryDirectory(prefix="lscb-bench-") as tmp:
        empty = Path(tmp) / "empty"
        empty.mkdir()
        (empty / "00-empty.ipynb").write_text(json.dumps(_EMPTY_NOTEBOOK), encoding="utf-8")

        def run(folder: str) -> dict:
            out = run_checked(
                [sys.executable, "-c", _NOTEBOOK_RUNNER, folder, str(Path(tmp) / "html")]
            )
            return json.loads(out.stdout.strip().splitlines()[-1])

        base = run(str(empty))
        full = run("-")
    per = ", ".join(f"{n} {s:.1f} s" for n, s in zip(full["names"], full["per"], strict=False))
    ctx.detail(
        "notebooks",
        f"{len(full['names'])} notebooks, {full['total']:.1f} s in all (one run): {per}."
        f" Baseline: one notebook holding only `import lscb_survey`, {base['total']:.2f} s"
        " (kernel start, execution and HTML export).",
    )
    return [
        Result(
            "notebooks",
            f"execute all {len(full['names'])} notebooks",
            full["total"],
            "s",
            base["total"],
            "one near-empty notebook",
            "< 60 s",
            full["total"] < 60,
            note="one run (each run starts kernels; repeats add little)",
        )
    ]

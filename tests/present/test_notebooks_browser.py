"""Notebook HTML (``reproduce --notebooks``) opens offline: no request, no console error."""

from __future__ import annotations

import json
import re

import pytest
from browser_pages import chromium, external, open_page

from lscb_survey.present.notebooks import execute_notebooks

#: A small notebook with the kinds of output the project's notebooks make.
_CELLS = [
    "import pandas as pd\npd.DataFrame({'a': [1, 2], 'b': ['x', 'y']})",
    "import io\nfrom IPython.display import Image\nfrom matplotlib.figure import Figure\n"
    "fig = Figure()\nfig.subplots().plot([1, 2, 3])\nbuf = io.BytesIO()\n"
    "fig.savefig(buf, format='png')\nImage(buf.getvalue())",
    "print('done')",
]


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nb")
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "# A notebook\n\nText with $x$."},
        *(
            {
                "cell_type": "code",
                "metadata": {},
                "source": src,
                "outputs": [],
                "execution_count": None,
            }  # fmt: skip
            for src in _CELLS
        ),
    ]
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (folder / "01-small.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (written,) = execute_notebooks(folder, html_dir=folder / "html", timeout=120)
    return written


def test_notebook_html_names_nothing_on_the_network(page_file):
    html = page_file.read_text(encoding="utf-8")
    assert "<img" in html and "data:image/png;base64," in html  # the figure is embedded
    loads = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=\"([^\"]+)\"", html)
    assert loads == []
    for name in ("require.js", "require.min.js", "MathJax", "mermaid", "cdnjs", "unpkg"):
        assert name not in html.split("</head>")[0], name


@pytest.mark.slow
def test_notebook_html_loads_nothing_and_logs_no_error_in_chromium(page_file):
    with chromium() as browser:
        log = open_page(browser, page_file)
    assert log["errors"] == [] and log["failed"] == []
    assert external(log) == []

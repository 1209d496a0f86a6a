"""The documentation site: it builds with warnings as errors, holds every public name,
every command and every page, and opens in Chromium with no request leaving the disk.

The build here renders the notebooks without running them (``LSCB_DOCS_EXECUTE=0``), the
quick check; ``make docs`` runs them too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser_pages import chromium, external, open_page

import lscb_survey as ls
from lscb_survey.present import pipelines, plots

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    pytest.importorskip("sphinx", reason="the docs extra is not installed")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "LSCB_DOCS_EXECUTE": "0"}
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    proc = subprocess.run(
        [*cmd, "-j", "2", "-d", str(out / "doctrees"), str(DOCS), str(out / "html")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    return out / "html"


def _text(page: Path) -> str:
    return re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))


def test_every_public_name_and_pipeline_has_an_entry(site):
    api = (site / "_generated" / "api.html").read_text(encoding="utf-8")
    public = [n for n in ls.__all__ if not n.startswith("__")]
    missing = [n for n in public if f'id="lscb_survey.{n}"' not in api]
    missing += [
        n for n in pipelines.__all__ if f'id="lscb_survey.present.pipelines.{n}"' not in api
    ]
    plotting = (site / "_generated" / "plots.html").read_text(encoding="utf-8")
    missing += [n for n in plots.__all__ if f'id="lscb_survey.present.plots.{n}"' not in plotting]
    assert not missing


def test_functions_link_the_notebooks_that_use_them(site):
    api = (site / "_generated" / "api.html").read_text(encoding="utf-8")
    entry = api.split('id="lscb_survey.likert_summary"')[1].split('id="lscb_survey.')[0]
    links = re.findall(
        r'href="notebooks/(0\d-[^"]+)\.html"', entry.split("Used in the notebooks")[1]
    )
    assert "04-early-help" in links  # ls.likert_summary(...) is called there


def test_every_command_is_documented_from_the_parser(site):
    from test_readme import _leaf_commands

    text = _text(site / "reference" / "command-line.html")
    missing = [c for c in _leaf_commands() if f"lscb-survey {c} [-h]" not in text]
    assert not missing


def test_every_markdown_page_and_notebook_is_a_page(site):
    pages = [p.stem for p in DOCS.glob("*.md") if p.stem != "index"]
    assert all((site / f"{p}.html").is_file() for p in pages)
    assert (site / "guide" / "getting-started.html").is_file()
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert len(notebooks) >= 9
    assert all(
        (site / "_generated" / "notebooks" / f"{nb.stem}.html").is_file() for nb in notebooks
    )


def test_no_page_names_anything_on_the_network(site):
    loads = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(https?:)?//")
    offending = [
        str(p.relative_to(site)) for p in site.rglob("*.html") if loads.search(p.read_text("utf-8"))
    ]
    assert not offending


def test_pages_load_nothing_and_log_no_error_in_chromium(site):
    pages = [
        site / "index.html",
        site / "_generated" / "api.html",
        site / "reference" / "command-line.html",
        site / "guide" / "getting-started.html",
        site / "_generated" / "notebooks" / "08-your-own-wave.html",
        site / "search.html",
    ]
    with chromium() as browser:
        for page in pages:
            log = open_page(browser, page)
            assert log["errors"] == [] and log["failed"] == [], (page.name, log)
            assert external(log) == [], (page.name, external(log))


def test_a_docstring_slip_is_listed_not_fatal():
    """Problems located in a docstring leave the warning stream; every other warning stays."""
    import logging

    sys.path.insert(0, str(DOCS))
    try:
        from _ext import DocstringProblems
    finally:
        sys.path.remove(str(DOCS))
    problems = DocstringProblems()
    slip = logging.LogRecord("sphinx", logging.WARNING, "", 0, "Inline literal", None, None)
    slip.location = "src/x.py:docstring of lscb_survey.f:2"
    page = logging.LogRecord("sphinx", logging.WARNING, "", 0, "broken link", None, None)
    page.location = "docs/codebook.md:12"
    assert problems.filter(slip) is False and problems.filter(page) is True
    assert problems.found == ["src/x.py:docstring of lscb_survey.f:2: Inline literal"]

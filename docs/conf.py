"""Sphinx configuration of the lscb-survey documentation site (``make docs``).

The site is built from the repository alone, offline:

- the Markdown pages of ``docs/`` (MyST), as they are;
- ``_generated/api.rst``: the API reference, written at build time from
  ``lscb_survey.__all__`` and the pipelines (numpydoc docstrings), so a new public
  name appears without an edit here; each entry links the notebooks that use it;
- ``reference/command-line.md``: the command line, from the parser itself;
- ``_generated/notebooks/``: the notebooks, copied here and executed during the build
  (``LSCB_DOCS_EXECUTE=0`` renders them without outputs, the quick check of the tests).

Nothing is loaded from the network: the theme's fonts and scripts are bundled, MathJax
and the notebook widget scripts are left out. Warnings are errors (``-W``), except
reStructuredText problems inside docstrings, which are listed in
``_build/html/docstring-problems.txt`` and printed, so that a new function with a small
mark-up slip does not stop the site being built.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

from _ext import write_api_page  # noqa: E402

import lscb_survey  # noqa: E402

project = "lscb-survey"
author = "lscb-survey contributors"
copyright = "lscb-survey contributors"  # noqa: A001
release = version = lscb_survey.__version__

extensions = [
    "sphinx.ext.autodoc",
    "numpydoc",
    "myst_nb",
    "sphinxarg.ext",
    "_ext",
]

exclude_patterns = ["_build", "README.md", "**/.ipynb_checkpoints"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"

# -- MyST and notebooks ------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]  # no dollarmath: no MathJax needed
myst_heading_anchors = 3
nb_execution_mode = "force" if os.environ.get("LSCB_DOCS_EXECUTE", "1") == "1" else "off"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_ipywidgets_js: dict = {}  # the widget manager would come from a CDN
nb_merge_streams = True

# -- API reference -----------------------------------------------------------------
autodoc_typehints = "none"  # the signatures and numpydoc sections say it
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- HTML: PyData theme, everything local ------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"lscb-survey {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": [],
    "icon_links": [],
}
html_static_path: list[str] = []
html_context = {"default_mode": "light"}  # the theme logs an error on a blank mode
html_show_sourcelink = False
html_copy_source = False

# Cross-references Sphinx cannot resolve to a page here (numpy, pandas, ...) are not
# warnings: the build must not need the network to look them up (no intersphinx).
nitpicky = False


def _copy_notebooks() -> list[Path]:
    """The notebooks of ``notebooks/`` copied under ``_generated/notebooks/``."""
    target = HERE / "_generated" / "notebooks"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    copied = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        shutil.copy2(path, target / path.name)
        copied.append(target / path.name)
    return copied


def _prepare() -> None:
    notebooks = _copy_notebooks()
    write_api_page(HERE / "_generated", notebooks)


_prepare()

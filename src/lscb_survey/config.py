"""Paths used by the library, in one place.

The raw data has one copy, ``data/raw/`` at the top of a checkout. A built wheel
carries the same files inside the package as ``lscb_survey/_raw``; :func:`raw_dir`
finds whichever is present, so the library reads its data the same way from a
checkout, an editable install or an installed wheel.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

__all__ = [
    "ACTIVITIES_FILE",
    "CATALOGUE_FILE",
    "CLAIMS_FILE",
    "CODEBOOK_FILE",
    "MANIFEST_FILE",
    "PACKAGE_DIR",
    "PROJECT_ROOT",
    "RAW_TABLE_FILES",
    "RECOMMENDATIONS_FILE",
    "cache_dir",
    "examples_dir",
    "figures_dir",
    "notebooks_dir",
    "processed_dir",
    "raw_dir",
]

PACKAGE_DIR = Path(__file__).resolve().parent
#: Top of the source checkout, or ``None`` when running from an installed wheel.
_CHECKOUT = PACKAGE_DIR.parents[1]
PROJECT_ROOT: Path | None = (
    _CHECKOUT
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "data" / "raw").is_dir()
    else None
)


def raw_dir() -> Path:
    """Return the folder holding the raw transcriptions of the report.

    Returns
    -------
    pathlib.Path
        ``data/raw`` of a checkout when there is one, else the copy shipped
        inside the installed package.

    Examples
    --------
    >>> (raw_dir() / "table07.csv").is_file()
    True
    """
    if PROJECT_ROOT is not None:
        return PROJECT_ROOT / "data" / "raw"
    return Path(str(resources.files("lscb_survey") / "_raw"))


def _checkout_dir(name: str) -> Path:
    root = PROJECT_ROOT if PROJECT_ROOT is not None else Path.cwd()
    return root / name


def processed_dir() -> Path:
    """Folder for derived tidy data (``data/processed`` of the checkout or the cwd)."""
    return _checkout_dir("data") / "processed"


def figures_dir() -> Path:
    """Folder for generated figures (``figures/`` of the checkout or the cwd)."""
    return _checkout_dir("figures")


def notebooks_dir() -> Path:
    """Folder holding the notebooks (``notebooks/`` of the checkout)."""
    return _checkout_dir("notebooks")


def examples_dir() -> Path:
    """Folder holding example wave files (``data/examples`` of the checkout)."""
    return _checkout_dir("data") / "examples"


def cache_dir() -> Path | None:
    """Folder where results that are slow to recompute are remembered between runs.

    ``$LSCB_SURVEY_CACHE`` when set (set to an empty string: no cache), else
    ``lscb-survey`` in ``$XDG_CACHE_HOME`` or ``~/.cache``. Every entry is keyed
    by a checksum of everything it depends on, so a stale entry is never used;
    deleting the folder only costs time. Nothing is written when it cannot be created.

    Returns
    -------
    pathlib.Path or None
        ``None`` when caching is switched off.

    Examples
    --------
    >>> cache_dir() is None or isinstance(cache_dir(), Path)
    True
    """
    chosen = os.environ.get("LSCB_SURVEY_CACHE")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lscb-survey"


RAW_TABLE_FILES: dict[int, str] = {n: f"table{n:02d}.csv" for n in range(1, 11)}
CATALOGUE_FILE = "catalogue.csv"
ACTIVITIES_FILE = "activities.csv"
CLAIMS_FILE = "claims.csv"
RECOMMENDATIONS_FILE = "recommendations.csv"
CODEBOOK_FILE = "codebook-2012.toml"
MANIFEST_FILE = "SHA256SUMS"

"""Output file names made from data, kept inside the output folder.

Scale names, table labels and item ids come from codebooks and data files that
a user brings. Used as they are in a file name, a name such as ``../../x`` or
``/etc/x`` would write outside the output folder. :func:`slugify` (the one of
:mod:`lscb_survey.data.names`, which the codebook checks use too) turns any text
into a short, safe file name stem, and :func:`output_path` joins it to the
output folder and checks that the result stays inside it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..data.names import MAX_NAME_LENGTH, slugify

__all__ = ["MAX_STEM", "UnsafeOutputPathError", "output_path", "slugify"]

#: Longest file name stem :func:`slugify` returns.
MAX_STEM = MAX_NAME_LENGTH


class UnsafeOutputPathError(ValueError):
    """An output file would be written outside its output folder."""


def output_path(
    out: str | Path, name: object, suffix: str = "", *, taken: set[Path] | None = None
) -> Path:
    """The file ``<slug of name><suffix>`` inside the folder ``out``, checked to stay inside it.

    Parameters
    ----------
    out : str or Path
        The output folder (need not exist yet).
    name : object
        The file name stem, usually built from data (a scale name, a table
        label); it is passed through :func:`slugify`.
    suffix : str
        The file suffix, e.g. ``".png"``; a fixed string of the calling code.
    taken : set of Path, optional
        Paths already used by the caller. When the slug of ``name`` clashes
        with one of them (``"a/b"`` and ``"a-b"`` both give ``a-b``), a counter
        is appended (``a-b-2``); the path returned is added to the set.

    Returns
    -------
    Path
        ``out / (slug + suffix)``.

    Raises
    ------
    ValueError
        If ``suffix`` is not a plain suffix.
    UnsafeOutputPathError
        If the path would resolve outside ``out`` (e.g. through a symbolic
        link planted in the folder).

    Examples
    --------
    >>> output_path("out", "../agree5", ".png").as_posix()
    'out/agree5.png'
    >>> taken = set()
    >>> [output_path("out", n, ".csv", taken=taken).name for n in ["a/b", "a-b"]]
    ['a-b.csv', 'a-b-2.csv']
    """
    if suffix and not re.fullmatch(r"(\.[A-Za-z0-9]+)+", suffix):
        raise ValueError(f"suffix must look like '.png', not {suffix!r}")
    folder = Path(out)
    stem = slugify(name)
    path = folder / f"{stem}{suffix}"
    counter = 2
    while taken is not None and path in taken:
        path = folder / f"{stem}-{counter}{suffix}"
        counter += 1
    root = folder.resolve()
    if not path.resolve().is_relative_to(root) or path.resolve() == root:
        raise UnsafeOutputPathError(f"output file {path} would be written outside {folder}")
    if taken is not None:
        taken.add(path)
    return path

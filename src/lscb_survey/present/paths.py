"""Output file names made from data, kept inside the output folder.

Scale names, table labels and item ids come from codebooks and data files that
a user brings. Used as they are in a file name, a name such as ``../../x`` or
``/etc/x`` would write outside the output folder. :func:`slugify` turns any
text into a short, safe file name stem, and :func:`output_path` joins it to the
output folder and checks that the result stays inside it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

__all__ = ["MAX_STEM", "UnsafeOutputPathError", "output_path", "slugify"]

#: Longest file name stem :func:`slugify` returns (well under the 255 bytes most
#: file systems allow, leaving room for a suffix and a counter).
MAX_STEM = 80


class UnsafeOutputPathError(ValueError):
    """An output file would be written outside its output folder."""


_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_REPEATS = re.compile(r"([._-])[._-]+")


def slugify(name: object, *, max_length: int = MAX_STEM) -> str:
    """A file name stem made from ``name``: lower-case ASCII letters, digits, ``.``, ``_``, ``-``.

    Accents are dropped, every other run of characters (``/``, ``\\``, spaces,
    NUL, control characters) becomes one ``-``, and leading or trailing dots
    and dashes are removed, so the stem can never be ``.``, ``..``, hidden or
    absolute. A stem longer than ``max_length`` is cut and ends with a short
    hash of the whole name, so long names that share a beginning stay apart.
    An empty result becomes ``"unnamed"``.

    Parameters
    ----------
    name : object
        Any text (other objects are converted with ``str``).
    max_length : int, default MAX_STEM
        Longest stem returned; at least 16.

    Returns
    -------
    str

    Examples
    --------
    >>> slugify("figure-agree5"), slugify("../../etc/passwd"), slugify("Très bien / OK")
    ('figure-agree5', 'etc-passwd', 'tres-bien-ok')
    >>> slugify(".."), slugify("\\x00"), len(slugify("x" * 1000))
    ('unnamed', 'unnamed', 80)
    """
    if max_length < 16:
        raise ValueError(f"max_length must be at least 16, not {max_length}")
    text = str(name)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _UNSAFE.sub("-", ascii_text.lower())
    slug = _REPEATS.sub(r"\1", slug).strip("._-")
    if len(slug) > max_length:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        slug = slug[: max_length - 9].rstrip("._-") + "-" + digest
    return slug or "unnamed"


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
